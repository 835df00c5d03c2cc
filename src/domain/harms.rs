//! Severity from the three harms of a service failure (seed 002: 身体伤害程度、
//! 精神伤害程度和经济损失程度 — harm to the body, to feelings, to money).
//!
//! The text names the three harms but gives no scale. The rule below is the
//! issue's plus the team's own practice, and the guidance says so:
//! - any serious harm → critical;
//! - any harm to the body → at least high;
//! - harm to both feelings and money → high;
//! - harm to one of them → normal;
//! - no harm at all → low.
//!
//! The rep may raise the proposal; lowering it needs a reason, which is kept.

use super::complaint::Severity;
use super::refusal::{MethodRefusal, Refusal};
use crate::coded_enum;

coded_enum! {
    /// How badly one kind of harm was done.
    Harm { None = "none", Some = "some", Serious = "serious" }
}

/// The three harms, as the rep judged them when reporting the complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Harms {
    pub body: Harm,
    pub feelings: Harm,
    pub money: Harm,
}

impl Harms {
    /// The severity the harms call for.
    pub fn proposed(&self) -> Severity {
        let all = [self.body, self.feelings, self.money];
        if all.contains(&Harm::Serious) {
            return Severity::Critical;
        }
        if self.body != Harm::None {
            return Severity::High;
        }
        match (self.feelings, self.money) {
            (Harm::None, Harm::None) => Severity::Low,
            (Harm::None, _) | (_, Harm::None) => Severity::Normal,
            _ => Severity::High,
        }
    }
}

/// What `/complaint new` settles: the severity, and the harms behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub severity: Severity,
    /// `None` when the rep did not assess the harms (today's scripts).
    pub harms: Option<Harms>,
    /// Why the severity is below what the harms propose.
    pub lowered_because: Option<String>,
}

/// Settles the severity. Without any harm given, the severity must be given
/// and is taken as it is; a harm left out counts as none once any is given.
pub fn assess(
    body: Option<Harm>,
    feelings: Option<Harm>,
    money: Option<Harm>,
    given: Option<Severity>,
    reason: Option<String>,
) -> Result<Assessment, Refusal> {
    if body.is_none() && feelings.is_none() && money.is_none() {
        let severity = given.ok_or(Refusal::Method(MethodRefusal::SeverityOrHarmsNeeded))?;
        return Ok(Assessment {
            severity,
            harms: None,
            lowered_because: None,
        });
    }
    let harms = Harms {
        body: body.unwrap_or(Harm::None),
        feelings: feelings.unwrap_or(Harm::None),
        money: money.unwrap_or(Harm::None),
    };
    let proposed = harms.proposed();
    let severity = given.unwrap_or(proposed);
    let lowered = severity < proposed;
    if lowered && reason.is_none() {
        return Err(MethodRefusal::SeverityBelowHarms {
            proposed,
            given: severity,
        }
        .into());
    }
    Ok(Assessment {
        severity,
        harms: Some(harms),
        lowered_because: reason.filter(|_| lowered),
    })
}

/// How often each harm was done, over the complaints a report counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HarmTally {
    /// Complaints whose harms were assessed at all.
    pub assessed: i64,
    /// For body, feelings and money: (some, serious).
    pub body: (i64, i64),
    pub feelings: (i64, i64),
    pub money: (i64, i64),
}

impl HarmTally {
    pub fn of<'a>(all: impl IntoIterator<Item = &'a Harms>) -> HarmTally {
        let mut t = HarmTally::default();
        let add = |slot: &mut (i64, i64), h: Harm| match h {
            Harm::None => {}
            Harm::Some => slot.0 += 1,
            Harm::Serious => slot.1 += 1,
        };
        for h in all {
            t.assessed += 1;
            add(&mut t.body, h.body);
            add(&mut t.feelings, h.feelings);
            add(&mut t.money, h.money);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Harm::{None as N, Serious as X, Some as S};

    fn h(body: Harm, feelings: Harm, money: Harm) -> Harms {
        Harms {
            body,
            feelings,
            money,
        }
    }

    #[test]
    fn the_rule() {
        assert_eq!(h(N, N, N).proposed(), Severity::Low);
        assert_eq!(h(N, S, N).proposed(), Severity::Normal);
        assert_eq!(h(N, N, S).proposed(), Severity::Normal);
        assert_eq!(h(N, S, S).proposed(), Severity::High);
        assert_eq!(
            h(S, N, N).proposed(),
            Severity::High,
            "body: never below high"
        );
        for serious in [h(X, N, N), h(N, X, N), h(N, N, X)] {
            assert_eq!(serious.proposed(), Severity::Critical);
        }
    }

    #[test]
    fn raising_is_free_lowering_needs_a_reason() {
        let raised = assess(None, Some(S), None, Some(Severity::High), None).unwrap();
        assert_eq!(raised.severity, Severity::High);
        assert_eq!(raised.lowered_because, None);
        assert_eq!(
            assess(Some(S), None, None, Some(Severity::Normal), None),
            Err(Refusal::Method(MethodRefusal::SeverityBelowHarms {
                proposed: Severity::High,
                given: Severity::Normal
            }))
        );
        let lowered = assess(
            Some(S),
            None,
            None,
            Some(Severity::Normal),
            Some("a scratch".into()),
        )
        .unwrap();
        assert_eq!(lowered.severity, Severity::Normal);
        assert_eq!(lowered.lowered_because.as_deref(), Some("a scratch"));
        let proposed = assess(None, None, Some(X), None, None).unwrap();
        assert_eq!(proposed.severity, Severity::Critical);
    }

    #[test]
    fn a_tally_counts_each_harm() {
        let t = HarmTally::of(&[h(S, N, X), h(N, N, S)]);
        assert_eq!(t.assessed, 2);
        assert_eq!((t.body, t.feelings, t.money), ((1, 0), (0, 0), (1, 1)));
    }

    #[test]
    fn without_harms_the_severity_is_taken_as_given() {
        let a = assess(None, None, None, Some(Severity::Low), None).unwrap();
        assert_eq!((a.severity, a.harms), (Severity::Low, None));
        assert_eq!(
            assess(None, None, None, None, None),
            Err(Refusal::Method(MethodRefusal::SeverityOrHarmsNeeded))
        );
    }
}
