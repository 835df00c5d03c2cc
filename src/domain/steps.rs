//! What each of the five steps records, how a record is read from the fields a
//! user filled in (command options or a modal), and when step 3 needs a manager.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::complaint::{Category, Severity, Step};
use super::ids::Timestamp;
use super::refusal::Refusal;
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
const SOLUTION: &[FieldSpec] = &[
    field("remedy", LONG, true),
    field("reasonable", FieldKind::Choice(REASONABLE), true),
    field("deliverable", FieldKind::Choice(YES_NO), true),
    field("compensation", FieldKind::Choice(COMPENSATION), true),
    field("detail", SHORT, false),
];
const CARRY_OUT: &[FieldSpec] = &[
    field("done", LONG, true),
    field("told", FieldKind::Moment, true),
    field("delivered", FieldKind::Choice(DELIVERED), true),
];
const REINFORCE: &[FieldSpec] = &[
    field("guarantee", LONG, true),
    field("follow_up", FieldKind::Moment, true),
];

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
        deliverable: String,
        compensation: Compensation,
    },
    CarryOut {
        done: String,
        told: Timestamp,
        delivered: String,
    },
    Reinforce {
        guarantee: String,
        follow_up: Timestamp,
    },
}

/// Why a step-3 solution needs a manager before it is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalReason {
    Critical,
    BossCrisis,
    CompensationOver(i64),
    MaterialWithoutAmount,
    Unreasonable,
}

/// Reads the filled-in fields of `step`; every problem names the field to fix.
pub fn read_record(
    step: Step,
    values: &BTreeMap<String, String>,
    now: Timestamp,
    tz: Tz,
) -> Result<StepRecord, Refusal> {
    let form = Form { values, now, tz };
    for key in values.keys() {
        if !fields(step).iter().any(|f| f.key == key) {
            return Err(Refusal::UnknownOption {
                option: key.clone(),
                command: format!("complaint step {}", step.number()),
            });
        }
    }
    let spec = |key: &str| fields(step).iter().copied().find(|f| f.key == key);
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
            let kind = text("compensation")?.unwrap_or_default();
            let detail = text("detail")?;
            if kind != "none" && detail.is_none() {
                return Err(Refusal::CompensationDetailNeeded);
            }
            StepRecord::Solution {
                remedy: text("remedy")?.unwrap_or_default(),
                reasonable: text("reasonable")?.unwrap_or_default(),
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
}
