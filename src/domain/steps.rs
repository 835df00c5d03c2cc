//! What each of the five steps records, how a record is read from the fields a
//! user filled in (command options or a modal), and when step 3 needs a manager.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::complaint::{Category, Severity, Step};
use super::ids::Timestamp;
use super::refusal::{MethodRefusal, Refusal};
use super::text::{MODAL_TEXT_MAX, check_text};
use super::when::parse_moment;

/// The kind of value a step field holds; it decides how adapters ask for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text up to `max` characters; `long` asks for a paragraph.
    Text {
        max: usize,
        long: bool,
    },
    Choice(&'static [&'static str]),
    /// A date and time, in any form `when::parse_moment` reads.
    Moment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub key: &'static str,
    pub kind: FieldKind,
    pub required: bool,
}

const LONG: FieldKind = FieldKind::Text {
    max: 1000,
    long: true,
};
const SHORT: FieldKind = FieldKind::Text {
    max: 200,
    long: false,
};
pub const MOODS: &[&str] = &["calm", "upset"];
pub const REASONABLE: &[&str] = &["yes", "partly", "no"];
pub const YES_NO: &[&str] = &["yes", "no"];
pub const COMPENSATION: &[&str] = &["none", "goodwill", "material"];
pub const DELIVERED: &[&str] = &["yes", "no", "none-due"];

const fn field(key: &'static str, kind: FieldKind, required: bool) -> FieldSpec {
    FieldSpec {
        key,
        kind,
        required,
    }
}

const CALM: &[FieldSpec] = &[
    field("done", LONG, true),
    field("mood", FieldKind::Choice(MOODS), true),
];
const CAUSE: &[FieldSpec] = &[
    field("cause", LONG, true),
    field("asks", LONG, true),
    field("promise", FieldKind::Moment, false),
    // Seed 002: while the customer waits, offer a related service guarantee.
    field("interim", LONG, false),
];
/// Seed 002's three questions, each its own field: is it reasonable, is it
/// necessary to solve, can we solve it. Five fields fill a modal, so the
/// form's `compensation` carries its detail too ("material RMB 3000"); typed
/// commands may still give `detail` apart (see `extra_options`).
const SOLUTION: &[FieldSpec] = &[
    field("remedy", LONG, true),
    field("reasonable", FieldKind::Choice(REASONABLE), true),
    // Optional so that commands typed before it existed still read (as yes).
    field("necessary", FieldKind::Choice(YES_NO), false),
    field("deliverable", FieldKind::Choice(YES_NO), true),
    field("compensation", SHORT, true),
];
const SOLUTION_EXTRA: &[FieldSpec] = &[field("detail", SHORT, false)];
/// A manager's sign-off for closing step 4 with promised compensation undelivered.
const CARRY_OUT_EXTRA: &[FieldSpec] = &[field("exception", SHORT, false)];
const CARRY_OUT: &[FieldSpec] = &[
    field("done", LONG, true),
    field("told", FieldKind::Moment, true),
    field("delivered", FieldKind::Choice(DELIVERED), true),
    // Seed 001: a product crisis is fixed by training the customer's users.
    field("training", FieldKind::Moment, false),
];
const REINFORCE: &[FieldSpec] = &[
    field("guarantee", LONG, true),
    field("follow_up", FieldKind::Moment, true),
];

/// The fields a form asks for a complaint of `category`: step 4's training
/// date only for a product crisis.
pub fn form_fields(step: Step, category: Category) -> impl Iterator<Item = &'static FieldSpec> {
    fields(step)
        .iter()
        .filter(move |f| f.key != "training" || category == Category::Product)
}

/// Options a typed command may add to a step's form fields.
pub fn extra_options(step: Step) -> &'static [FieldSpec] {
    match step {
        Step::Solution => SOLUTION_EXTRA,
        Step::CarryOut => CARRY_OUT_EXTRA,
        _ => &[],
    }
}

/// The fields of each step's record, at most five so a Discord modal holds them.
pub fn fields(step: Step) -> &'static [FieldSpec] {
    match step {
        Step::Calm => CALM,
        Step::Cause => CAUSE,
        Step::Solution => SOLUTION,
        Step::CarryOut => CARRY_OUT,
        Step::Reinforce => REINFORCE,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compensation {
    pub kind: String,
    pub detail: Option<String>,
    /// The first number in the detail, for the approval threshold.
    pub amount: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum StepRecord {
    Calm {
        done: String,
        mood: String,
    },
    Cause {
        cause: String,
        asks: String,
        promise: Option<Timestamp>,
        /// The service guarantee offered while the customer waits; records
        /// made before it existed have none.
        #[serde(default)]
        interim: Option<String>,
    },
    Solution {
        remedy: String,
        reasonable: String,
        /// Is it necessary for the company to solve it? Older records: yes.
        #[serde(default = "yes")]
        necessary: String,
        deliverable: String,
        compensation: Compensation,
    },
    CarryOut {
        done: String,
        told: Timestamp,
        delivered: String,
        /// Why promised compensation is not delivered, and the manager who
        /// signed that off (seed 002: 兑现…补偿).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exception: Option<Exception>,
        /// A product crisis's training session for the customer's users:
        /// planned when in the future, held when past.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        training: Option<Timestamp>,
    },
    Reinforce {
        guarantee: String,
        follow_up: Timestamp,
    },
}

fn yes() -> String {
    "yes".into()
}

impl StepRecord {
    /// A step-3 record saying the company cannot deliver its remedy.
    pub fn cannot_deliver(&self) -> bool {
        matches!(self, StepRecord::Solution { deliverable, .. } if deliverable == "no")
    }

    /// A step-3 record with the remedy a manager approved instead: one the
    /// company can deliver. Other records are returned as they are.
    pub fn with_remedy(self, new: String) -> StepRecord {
        match self {
            StepRecord::Solution {
                reasonable,
                necessary,
                compensation,
                ..
            } => StepRecord::Solution {
                remedy: new,
                reasonable,
                necessary,
                deliverable: yes(),
                compensation,
            },
            other => other,
        }
    }
}

/// A manager's sign-off on an undelivered promise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exception {
    pub reason: String,
    pub by: i64,
}

/// Step 4 may not complete with promised compensation undelivered, unless a
/// manager signs off the exception. `promised` is the step-3 compensation;
/// `manager` is the actor when they are one.
pub fn check_delivery(
    record: StepRecord,
    promised: Option<&Compensation>,
    actor: super::ids::UserId,
    manager: bool,
    exception: Option<String>,
) -> Result<StepRecord, Refusal> {
    let StepRecord::CarryOut {
        done,
        told,
        delivered,
        training,
        ..
    } = record
    else {
        return Ok(record);
    };
    let owed = promised.filter(|c| c.kind != "none");
    let undelivered = owed.is_some() && delivered != "yes";
    let exception = match (undelivered, exception, manager) {
        (false, _, _) => None,
        (true, None, _) => {
            let what = owed.map(|c| c.detail.clone().unwrap_or_else(|| c.kind.clone()));
            return Err(MethodRefusal::CompensationUndelivered {
                promised: what.unwrap_or_default(),
            }
            .into());
        }
        (true, Some(_), false) => return Err(MethodRefusal::ExceptionManagersOnly.into()),
        (true, Some(reason), true) => Some(Exception {
            reason,
            by: actor.0,
        }),
    };
    Ok(StepRecord::CarryOut {
        done,
        told,
        delivered,
        exception,
        training,
    })
}

/// Why a step-3 solution needs a manager before it is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalReason {
    Critical,
    BossCrisis,
    CompensationOver(i64),
    MaterialWithoutAmount,
    Unreasonable,
    /// Seed 002: the company judged it not necessary to solve.
    NotNecessary,
    /// Seed 002: the company cannot deliver the remedy.
    CannotDeliver,
}

impl ApprovalReason {
    /// The judgements a manager must settle: approve a different remedy, or
    /// reject with the explanation the customer will get.
    pub fn is_judgement(self) -> bool {
        matches!(
            self,
            ApprovalReason::Unreasonable
                | ApprovalReason::NotNecessary
                | ApprovalReason::CannotDeliver
        )
    }
}

/// Reads the filled-in fields of `step`; every problem names the field to fix.
pub fn read_record(
    step: Step,
    values: &BTreeMap<String, String>,
    now: Timestamp,
    tz: Tz,
) -> Result<StepRecord, Refusal> {
    let form = Form { values, now, tz };
    let known = || fields(step).iter().chain(extra_options(step));
    for key in values.keys() {
        if !known().any(|f| f.key == key) {
            return Err(Refusal::UnknownOption {
                option: key.clone(),
                command: format!("complaint step {}", step.number()),
            });
        }
    }
    let spec = |key: &str| known().copied().find(|f| f.key == key);
    let text = |key: &str| form.text(spec(key));
    Ok(match step {
        Step::Calm => StepRecord::Calm {
            done: text("done")?.unwrap_or_default(),
            mood: text("mood")?.unwrap_or_default(),
        },
        Step::Cause => StepRecord::Cause {
            cause: text("cause")?.unwrap_or_default(),
            asks: text("asks")?.unwrap_or_default(),
            promise: form.future_moment("promise")?,
            interim: text("interim")?,
        },
        Step::Solution => {
            let (kind, detail) =
                compensation(&text("compensation")?.unwrap_or_default(), text("detail")?)?;
            if kind != "none" && detail.is_none() {
                return Err(Refusal::CompensationDetailNeeded);
            }
            StepRecord::Solution {
                remedy: text("remedy")?.unwrap_or_default(),
                reasonable: text("reasonable")?.unwrap_or_default(),
                necessary: text("necessary")?.unwrap_or_else(yes),
                deliverable: text("deliverable")?.unwrap_or_default(),
                compensation: Compensation {
                    amount: detail.as_deref().and_then(first_number),
                    kind,
                    detail,
                },
            }
        }
        Step::CarryOut => StepRecord::CarryOut {
            done: text("done")?.unwrap_or_default(),
            told: form.moment("told")?.unwrap_or(now),
            delivered: text("delivered")?.unwrap_or_default(),
            // Filled by `check_delivery`, which knows who acts.
            exception: None,
            training: form.moment("training")?,
        },
        Step::Reinforce => StepRecord::Reinforce {
            guarantee: text("guarantee")?.unwrap_or_default(),
            follow_up: form.future_moment("follow_up")?.unwrap_or(now),
        },
    })
}

struct Form<'a> {
    values: &'a BTreeMap<String, String>,
    now: Timestamp,
    tz: Tz,
}

impl Form<'_> {
    fn raw(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A text or choice field, checked against its spec.
    fn text(&self, spec: Option<FieldSpec>) -> Result<Option<String>, Refusal> {
        let Some(spec) = spec else { return Ok(None) };
        let Some(value) = self.raw(spec.key) else {
            return if spec.required {
                Err(Refusal::MissingOption(spec.key.into()))
            } else {
                Ok(None)
            };
        };
        match spec.kind {
            FieldKind::Text { max, .. } => {
                check_text(spec.key, value, max.min(MODAL_TEXT_MAX)).map(Some)
            }
            FieldKind::Choice(allowed) => allowed
                .iter()
                .find(|a| a.eq_ignore_ascii_case(value))
                .map(|a| Some((*a).to_string()))
                .ok_or_else(|| Refusal::BadChoice {
                    option: spec.key.into(),
                    given: value.into(),
                    allowed: allowed.iter().map(|a| a.to_string()).collect(),
                }),
            FieldKind::Moment => Ok(Some(value.into())),
        }
    }

    fn moment(&self, key: &str) -> Result<Option<Timestamp>, Refusal> {
        let Some(value) = self.raw(key) else {
            let required = ["told", "follow_up"].contains(&key);
            return if required {
                Err(Refusal::MissingOption(key.into()))
            } else {
                Ok(None)
            };
        };
        parse_moment(value, self.now, self.tz)
            .map(Some)
            .map_err(|why| Refusal::BadMoment {
                option: key.into(),
                given: value.into(),
                why,
            })
    }

    fn future_moment(&self, key: &str) -> Result<Option<Timestamp>, Refusal> {
        let moment = self.moment(key)?;
        match moment {
            Some(at) if at <= self.now => Err(Refusal::MomentInPast { option: key.into() }),
            other => Ok(other),
        }
    }
}

/// `material RMB 3000` → (material, RMB 3000): the kind, then its detail,
/// either in the same field (the form) or in `detail` (a typed command).
fn compensation(value: &str, detail: Option<String>) -> Result<(String, Option<String>), Refusal> {
    let value = value.trim();
    let (first, rest) = value
        .split_once(char::is_whitespace)
        .map_or((value, ""), |(f, r)| (f, r.trim()));
    let kind = COMPENSATION
        .iter()
        .find(|c| c.eq_ignore_ascii_case(first))
        .ok_or_else(|| Refusal::BadChoice {
            option: "compensation".into(),
            given: value.into(),
            allowed: COMPENSATION.iter().map(|c| c.to_string()).collect(),
        })?;
    match (rest.is_empty(), detail) {
        (true, detail) => Ok((kind.to_string(), detail)),
        (false, None) => Ok((kind.to_string(), Some(rest.to_string()))),
        (false, Some(_)) => Err(MethodRefusal::CompensationDetailTwice.into()),
    }
}

/// "RMB 1,200 refund" → 1200. Decimals are dropped: the threshold is coarse.
fn first_number(text: &str) -> Option<i64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The policy: critical complaints, boss crises, compensation over the
/// threshold and solutions to complaints judged unreasonable need a manager.
pub fn approval_reasons(
    severity: Severity,
    category: Category,
    record: &StepRecord,
    threshold: i64,
) -> Vec<ApprovalReason> {
    let mut reasons = Vec::new();
    if severity == Severity::Critical {
        reasons.push(ApprovalReason::Critical);
    }
    if category == Category::Boss {
        reasons.push(ApprovalReason::BossCrisis);
    }
    if let StepRecord::Solution {
        reasonable,
        necessary,
        deliverable,
        compensation,
        ..
    } = record
    {
        if compensation.kind == "material" {
            match compensation.amount {
                Some(amount) if amount > threshold => {
                    reasons.push(ApprovalReason::CompensationOver(threshold))
                }
                None => reasons.push(ApprovalReason::MaterialWithoutAmount),
                Some(_) => {}
            }
        }
        if reasonable == "no" {
            reasons.push(ApprovalReason::Unreasonable);
        }
        if necessary == "no" {
            reasons.push(ApprovalReason::NotNecessary);
        }
        if deliverable == "no" {
            reasons.push(ApprovalReason::CannotDeliver);
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = 1_795_400_000;

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_step_fits_a_modal() {
        for step in Step::ALL {
            assert!((1..=5).contains(&fields(*step).len()), "{step:?}");
        }
    }

    #[test]
    fn cause_keeps_the_promised_deadline() {
        let rec = read_record(
            Step::Cause,
            &form(&[("cause", "seal"), ("asks", "new pump"), ("promise", "+48h")]),
            NOW,
            Tz::UTC,
        );
        assert_eq!(
            rec,
            Ok(StepRecord::Cause {
                cause: "seal".into(),
                asks: "new pump".into(),
                promise: Some(NOW + 48 * 3600),
                interim: None,
            })
        );
    }

    #[test]
    fn cause_keeps_the_interim_guarantee_and_older_records_read_without_it() {
        let rec = read_record(
            Step::Cause,
            &form(&[
                ("cause", "seal"),
                ("asks", "new pump"),
                ("promise", "+48h"),
                ("interim", "a loan pump tonight"),
            ]),
            NOW,
            Tz::UTC,
        )
        .unwrap();
        assert!(
            matches!(&rec, StepRecord::Cause { interim: Some(i), .. } if i == "a loan pump tonight")
        );
        let old: StepRecord =
            serde_json::from_str(r#"{"step":"cause","cause":"a","asks":"b","promise":null}"#)
                .unwrap();
        assert!(matches!(old, StepRecord::Cause { interim: None, .. }));
    }

    #[test]
    fn a_past_promise_is_refused() {
        let rec = read_record(
            Step::Cause,
            &form(&[("cause", "a"), ("asks", "b"), ("promise", "2020-01-01")]),
            NOW,
            Tz::UTC,
        );
        assert_eq!(
            rec,
            Err(Refusal::MomentInPast {
                option: "promise".into()
            })
        );
    }

    #[test]
    fn missing_and_wrong_fields_are_named() {
        assert_eq!(
            read_record(Step::Calm, &form(&[("done", "listened")]), NOW, Tz::UTC),
            Err(Refusal::MissingOption("mood".into()))
        );
        assert!(matches!(
            read_record(
                Step::Calm,
                &form(&[("done", "x"), ("mood", "happy")]),
                NOW,
                Tz::UTC
            ),
            Err(Refusal::BadChoice { .. })
        ));
        assert!(matches!(
            read_record(
                Step::Calm,
                &form(&[("done", "x"), ("mood", "calm"), ("cause", "y")]),
                NOW,
                Tz::UTC
            ),
            Err(Refusal::UnknownOption { .. })
        ));
    }

    #[test]
    fn approval_policy() {
        let solution = |comp: &str, detail: Option<&str>, reasonable: &str| {
            let mut f = form(&[
                ("remedy", "r"),
                ("reasonable", reasonable),
                ("deliverable", "yes"),
                ("compensation", comp),
            ]);
            if let Some(d) = detail {
                f.insert("detail".into(), d.into());
            }
            read_record(Step::Solution, &f, NOW, Tz::UTC)
        };
        let small = solution("material", Some("RMB 500 refund"), "yes").unwrap();
        assert!(approval_reasons(Severity::High, Category::Product, &small, 1000).is_empty());
        let big = solution("material", Some("RMB 1,500 refund"), "yes").unwrap();
        assert_eq!(
            approval_reasons(Severity::High, Category::Product, &big, 1000),
            vec![ApprovalReason::CompensationOver(1000)]
        );
        let vague = solution("material", Some("a new unit"), "partly").unwrap();
        assert_eq!(
            approval_reasons(Severity::Low, Category::Service, &vague, 1000),
            vec![ApprovalReason::MaterialWithoutAmount]
        );
        let none = solution("none", None, "no").unwrap();
        assert_eq!(
            approval_reasons(Severity::Critical, Category::Boss, &none, 1000),
            vec![
                ApprovalReason::Critical,
                ApprovalReason::BossCrisis,
                ApprovalReason::Unreasonable
            ]
        );
        assert_eq!(
            solution("goodwill", None, "yes"),
            Err(Refusal::CompensationDetailNeeded)
        );
    }

    #[test]
    fn step_three_asks_three_questions_and_the_form_carries_the_detail() {
        let read = |pairs: &[(&str, &str)]| {
            let mut f = form(&[
                ("remedy", "r"),
                ("reasonable", "yes"),
                ("deliverable", "no"),
            ]);
            for (k, v) in pairs {
                f.insert(k.to_string(), v.to_string());
            }
            read_record(Step::Solution, &f, NOW, Tz::UTC)
        };
        let typed = read(&[("compensation", "material"), ("detail", "RMB 3000")]).unwrap();
        let formed = read(&[("compensation", "Material RMB 3000")]).unwrap();
        assert_eq!(typed, formed);
        assert!(
            matches!(&formed, StepRecord::Solution { necessary, compensation, .. }
            if necessary == "yes" && compensation.amount == Some(3000))
        );
        assert_eq!(
            approval_reasons(Severity::Low, Category::Service, &formed, 5000),
            vec![ApprovalReason::CannotDeliver]
        );
        let not_needed = read(&[("compensation", "none"), ("necessary", "no")]).unwrap();
        assert_eq!(
            approval_reasons(Severity::Low, Category::Service, &not_needed, 5000),
            vec![ApprovalReason::NotNecessary, ApprovalReason::CannotDeliver]
        );
        assert_eq!(
            read(&[("compensation", "material RMB 1"), ("detail", "RMB 2")]),
            Err(Refusal::Method(MethodRefusal::CompensationDetailTwice))
        );
        assert!(matches!(
            read(&[("compensation", "cash 5")]),
            Err(Refusal::BadChoice { .. })
        ));
    }
}
