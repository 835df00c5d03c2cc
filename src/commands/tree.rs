//! The command tree, defined once. Discord registration, the console parser
//! and help all read it; descriptions and localized names come from the
//! catalogues under the key `"group name"` and `"group name/option"`.

use crate::domain::complaint::{Category, Severity, Source, Temperament};
use crate::domain::customer::{MetWith, Tier, TrustStage};
use crate::domain::steps::{DELIVERED, MOODS, REASONABLE, YES_NO};
use crate::domain::text::{DETAILS_MAX, REASON_MAX, SUMMARY_MAX};
use crate::i18n::ValueKind;

/// What an option holds; adapters map this to Discord option types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptKind {
    Text {
        max: usize,
    },
    Integer {
        min: i64,
        max: i64,
    },
    /// Fixed codes; `kind` names them for the catalogue's `value()`.
    Choice {
        kind: ValueKind,
        codes: &'static [&'static str],
    },
    User,
    Role,
    Channel,
    /// A customer name, autocompleted.
    Customer,
    /// A complaint number, autocompleted.
    Complaint,
    /// A date and time in any form `when::parse_moment` reads.
    Moment,
    /// A file attached to the command; adapters pass its URL.
    Attachment,
}

#[derive(Debug, Clone, Copy)]
pub struct OptSpec {
    pub name: &'static str,
    pub kind: OptKind,
    pub required: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub group: &'static str,
    pub name: &'static str,
    pub options: &'static [OptSpec],
}

impl CommandSpec {
    pub fn key(&self) -> String {
        format!("{} {}", self.group, self.name)
    }

    pub fn option(&self, name: &str) -> Option<&'static OptSpec> {
        self.options.iter().find(|o| o.name == name)
    }
}

const fn req(name: &'static str, kind: OptKind) -> OptSpec {
    OptSpec {
        name,
        kind,
        required: true,
    }
}

const fn opt(name: &'static str, kind: OptKind) -> OptSpec {
    OptSpec {
        name,
        kind,
        required: false,
    }
}

const fn choice(kind: ValueKind, codes: &'static [&'static str]) -> OptKind {
    OptKind::Choice { kind, codes }
}

const NAME: OptKind = OptKind::Text {
    max: crate::domain::customer::MAX_CUSTOMER_NAME,
};
const LONG: OptKind = OptKind::Text { max: 1000 };
const SHORT: OptKind = OptKind::Text { max: 200 };
const REASON: OptKind = OptKind::Text { max: REASON_MAX };
const SCORE: OptKind = OptKind::Integer { min: 1, max: 5 };
/// A page of a long list or timeline; the buttons under it turn the pages.
const PAGE: OptKind = OptKind::Integer { min: 1, max: 1000 };
const TIER: OptKind = choice(ValueKind::Tier, Tier::CODES);
const STAGE: OptKind = choice(ValueKind::Stage, TrustStage::CODES);
const CADENCE: OptKind = OptKind::Integer {
    min: 1,
    max: crate::domain::customer::MAX_CADENCE_DAYS,
};
const ID: OptKind = OptKind::Complaint;
const DECISION: OptKind = OptKind::Integer {
    min: 1,
    max: 1_000_000_000,
};
const HARM: OptKind = choice(ValueKind::Harm, crate::domain::harms::Harm::CODES);
const POLL: OptKind = OptKind::Integer {
    min: 1,
    max: 1_000_000_000,
};
/// A week or month as `domain::period::read` takes it: `last`, `2026-11`, a date.
const PERIOD: OptKind = OptKind::Text { max: 40 };

const STEPS: &[&str] = &["1", "2", "3", "4", "5"];

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        group: "customer",
        name: "add",
        options: &[
            req("name", NAME),
            req("owner", OptKind::User),
            req("tier", TIER),
            opt("cadence", CADENCE),
            opt("stage", STAGE),
            opt("renewal", OptKind::Moment),
            opt("decision_maker", SHORT),
        ],
    },
    CommandSpec {
        group: "customer",
        name: "edit",
        options: &[
            req("name", OptKind::Customer),
            opt("new_name", NAME),
            opt("owner", OptKind::User),
            opt("tier", TIER),
            opt("cadence", CADENCE),
            opt("stage", STAGE),
            opt("renewal", OptKind::Moment),
            opt("decision_maker", SHORT),
        ],
    },
    CommandSpec {
        group: "customer",
        name: "show",
        options: &[req("name", OptKind::Customer)],
    },
    CommandSpec {
        group: "customer",
        name: "list",
        options: &[
            opt("owner", OptKind::User),
            opt("tier", TIER),
            opt("stage", STAGE),
            opt("overdue", choice(ValueKind::YesNo, YES_NO)),
            opt("at_risk", choice(ValueKind::YesNo, YES_NO)),
            opt("page", PAGE),
        ],
    },
    CommandSpec {
        group: "customer",
        name: "import",
        options: &[
            req("file", OptKind::Attachment),
            opt("dry_run", choice(ValueKind::DryRun, YES_NO)),
        ],
    },
    CommandSpec {
        group: "complaint",
        name: "new",
        options: &[
            req("customer", OptKind::Customer),
            req("summary", OptKind::Text { max: SUMMARY_MAX }),
            req("category", choice(ValueKind::Category, Category::CODES)),
            req(
                "temperament",
                choice(ValueKind::Temperament, Temperament::CODES),
            ),
            req("channel", choice(ValueKind::Source, Source::CODES)),
            // Optional since the harms can propose it (`domain::harms`);
            // without any harm it must be given, as before.
            opt("severity", choice(ValueKind::Severity, Severity::CODES)),
            opt("body", HARM),
            opt("feelings", HARM),
            opt("money", HARM),
            opt("severity_reason", REASON),
            opt("details", OptKind::Text { max: DETAILS_MAX }),
            opt("owner", OptKind::User),
            opt("message", OptKind::Text { max: 200 }),
        ],
    },
    // Apps → Open complaint on a message (a message command in Discord);
    // typed in the console, it does the same.
    CommandSpec {
        group: "complaint",
        name: "from_message",
        options: &[
            req("message", OptKind::Text { max: 200 }),
            req("text", OptKind::Text { max: 4000 }),
            opt("author", OptKind::User),
        ],
    },
    CommandSpec {
        group: "complaint",
        name: "ack",
        options: &[req("id", ID)],
    },
    CommandSpec {
        group: "complaint",
        name: "step",
        options: &[
            req("id", ID),
            opt("step", choice(ValueKind::Step, STEPS)),
            opt("done", LONG),
            opt("mood", choice(ValueKind::Mood, MOODS)),
            opt("cause", LONG),
            opt("asks", LONG),
            opt("promise", OptKind::Moment),
            opt("interim", LONG),
            opt("remedy", LONG),
            opt("reasonable", choice(ValueKind::Reasonable, REASONABLE)),
            opt("necessary", choice(ValueKind::YesNo, YES_NO)),
            opt("deliverable", choice(ValueKind::Deliverable, YES_NO)),
            // Text, so the form's "material RMB 3000" reads too (`domain::steps`).
            opt("compensation", SHORT),
            opt("detail", SHORT),
            opt("told", OptKind::Moment),
            opt("delivered", choice(ValueKind::Delivered, DELIVERED)),
            opt("exception", SHORT),
            opt("training", OptKind::Moment),
            opt("guarantee", LONG),
            opt("follow_up", OptKind::Moment),
        ],
    },
    CommandSpec {
        group: "complaint",
        name: "show",
        options: &[req("id", ID), opt("page", PAGE)],
    },
    CommandSpec {
        group: "complaint",
        name: "list",
        options: &[
            opt(
                "status",
                choice(ValueKind::Status, crate::domain::complaint::Status::CODES),
            ),
            opt("owner", OptKind::User),
            opt("customer", OptKind::Customer),
            opt("page", PAGE),
        ],
    },
    CommandSpec {
        group: "complaint",
        name: "assign",
        options: &[req("id", ID), req("to", OptKind::User)],
    },
    CommandSpec {
        group: "complaint",
        name: "take",
        options: &[req("id", ID)],
    },
    CommandSpec {
        group: "complaint",
        name: "escalate",
        options: &[req("id", ID), req("reason", REASON)],
    },
    CommandSpec {
        group: "complaint",
        name: "followup",
        options: &[
            req("id", ID),
            req("satisfied", choice(ValueKind::YesNo, YES_NO)),
            opt(
                "failed",
                choice(
                    ValueKind::FollowUpFailed,
                    crate::domain::follow_up::Failed::CODES,
                ),
            ),
            opt("open", REASON),
        ],
    },
    CommandSpec {
        group: "complaint",
        name: "training",
        options: &[
            req("id", ID),
            opt("on", OptKind::Moment),
            opt("held", OptKind::Moment),
        ],
    },
    CommandSpec {
        group: "complaint",
        name: "approve",
        options: &[req("id", ID), opt("note", REASON), opt("remedy", LONG)],
    },
    CommandSpec {
        group: "complaint",
        name: "changes",
        options: &[req("id", ID), req("note", REASON)],
    },
    CommandSpec {
        group: "complaint",
        name: "reject",
        options: &[req("id", ID), req("reason", REASON)],
    },
    CommandSpec {
        group: "complaint",
        name: "reopen",
        options: &[req("id", ID), req("reason", REASON)],
    },
    CommandSpec {
        group: "visit",
        name: "log",
        options: &[
            req("customer", OptKind::Customer),
            req("met", choice(ValueKind::Met, MetWith::CODES)),
            opt("when", OptKind::Moment),
            opt("note", REASON),
        ],
    },
    CommandSpec {
        group: "score",
        name: "record",
        options: &[
            req("customer", OptKind::Customer),
            req("overall", SCORE),
            req("again", SCORE),
            req("recommend", SCORE),
            opt("to_five", LONG),
            opt("complaint", ID),
        ],
    },
    CommandSpec {
        group: "score",
        name: "poll",
        options: &[opt("customer", OptKind::Customer), opt("complaint", ID)],
    },
    CommandSpec {
        group: "score",
        name: "answer",
        options: &[
            req("poll", POLL),
            opt("overall", SCORE),
            opt("again", SCORE),
            opt("recommend", SCORE),
        ],
    },
    CommandSpec {
        group: "score",
        name: "submit",
        options: &[req("poll", POLL), opt("to_five", LONG)],
    },
    CommandSpec {
        group: "report",
        name: "week",
        options: &[opt("period", PERIOD)],
    },
    CommandSpec {
        group: "report",
        name: "month",
        options: &[opt("period", PERIOD)],
    },
    CommandSpec {
        group: "report",
        name: "export",
        options: &[opt("from", OptKind::Moment), opt("until", OptKind::Moment)],
    },
    CommandSpec {
        group: "report",
        name: "dashboard",
        options: &[],
    },
    CommandSpec {
        group: "customer",
        name: "winback",
        options: &[
            req("name", OptKind::Customer),
            req(
                "step",
                OptKind::Integer {
                    min: 1,
                    max: crate::domain::customer::WIN_BACK_STEPS,
                },
            ),
            opt("when", OptKind::Moment),
        ],
    },
    CommandSpec {
        group: "voc",
        name: "decide",
        options: &[
            req(
                "what",
                OptKind::Text {
                    max: crate::domain::voice::MAX_DECISION,
                },
            ),
            req("owner", OptKind::User),
            req("due", OptKind::Moment),
        ],
    },
    CommandSpec {
        group: "voc",
        name: "close",
        options: &[req("id", DECISION), opt("note", SHORT)],
    },
    CommandSpec {
        group: "voc",
        name: "list",
        options: &[],
    },
    CommandSpec {
        group: "rapport",
        name: "settings",
        options: &[
            opt(
                "language",
                choice(ValueKind::Language, crate::i18n::Lang::CODES),
            ),
            opt("timezone", OptKind::Text { max: 64 }),
            opt("complaints_channel", OptKind::Channel),
            opt("alerts_channel", OptKind::Channel),
            opt("manager_role", OptKind::Role),
            opt("second_role", OptKind::Role),
            opt(
                "approval_threshold",
                OptKind::Integer {
                    min: 0,
                    max: 100_000_000,
                },
            ),
            opt("working_days", OptKind::Text { max: 60 }),
            opt("working_hours", OptKind::Text { max: 20 }),
            opt("webhook_url", OptKind::Text { max: 500 }),
            opt(
                "webhook_format",
                choice(ValueKind::Webhook, crate::message::WebhookFormat::CODES),
            ),
        ],
    },
    CommandSpec {
        group: "rapport",
        name: "help",
        options: &[],
    },
    CommandSpec {
        group: "rapport",
        name: "setup",
        options: &[],
    },
];

/// The top-level commands, in the order Discord shows them.
pub fn groups() -> Vec<&'static str> {
    let mut seen: Vec<&'static str> = Vec::new();
    for c in COMMANDS {
        if !seen.contains(&c.group) {
            seen.push(c.group);
        }
    }
    seen
}

/// Commands Discord shows in a message's Apps menu, not among the slash
/// commands: (group, name, the menu entry in English, in Chinese).
pub const MESSAGE_MENU: &[(&str, &str, &str, &str)] =
    &[("complaint", "from_message", "Open complaint", "登记投诉")];

pub fn in_message_menu(spec: &CommandSpec) -> bool {
    MESSAGE_MENU
        .iter()
        .any(|(g, n, _, _)| *g == spec.group && *n == spec.name)
}

pub fn find(group: &str, name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|c| c.group == group && c.name == name)
}

/// Finds a command by English or localized names.
pub fn find_localized(group: &str, name: &str) -> Option<&'static CommandSpec> {
    let matches = |canonical: &str, given: &str| {
        canonical.eq_ignore_ascii_case(given)
            || crate::i18n::Lang::ALL
                .iter()
                .any(|l| crate::i18n::local_name(*l, canonical) == Some(given))
    };
    COMMANDS
        .iter()
        .find(|c| matches(c.group, group) && matches(c.name, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, describe, local_name};

    #[test]
    fn every_code_users_can_meet_has_a_name_in_each_catalogue() {
        use crate::domain::complaint::Status;
        use crate::domain::permissions::Role;
        use crate::domain::steps::{COMPENSATION, DELIVERED, MOODS, REASONABLE};
        use crate::i18n::{ValueKind, names_value};
        let mut lists: Vec<(ValueKind, &[&str])> = vec![
            (ValueKind::Status, Status::CODES),
            (ValueKind::Role, Role::CODES),
            (ValueKind::Mood, MOODS),
            (ValueKind::Reasonable, REASONABLE),
            (ValueKind::Compensation, COMPENSATION),
            (ValueKind::Delivered, DELIVERED),
        ];
        for c in COMMANDS {
            for o in c.options {
                if let OptKind::Choice { kind, codes } = o.kind {
                    lists.push((kind, codes));
                }
            }
        }
        let mut missing = Vec::new();
        for lang in Lang::ALL {
            for (kind, codes) in &lists {
                for code in *codes {
                    if !names_value(*lang, *kind, code) {
                        missing.push(format!("{lang:?} {}/{code}", kind.code()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no name for: {missing:?}");
    }

    #[test]
    fn names_follow_discord_rules() {
        for c in COMMANDS {
            assert!(c.options.len() <= 25, "{}", c.key());
            let mut required_done = false;
            for o in c.options {
                assert!(
                    o.name.len() <= 32 && o.name == o.name.to_lowercase(),
                    "{}",
                    o.name
                );
                // Discord wants required options first.
                if !o.required {
                    required_done = true;
                }
                assert!(!(required_done && o.required), "{} {}", c.key(), o.name);
                if let OptKind::Choice { codes, .. } = o.kind {
                    assert!(codes.len() <= 25);
                }
            }
        }
    }

    #[test]
    fn everything_is_described_in_every_language() {
        for lang in Lang::ALL {
            for group in groups() {
                let d = describe(*lang, group).unwrap_or_else(|| panic!("{lang:?} {group}"));
                assert!(!d.is_empty() && d.chars().count() <= 100);
            }
            for c in COMMANDS {
                let d = describe(*lang, &c.key()).unwrap_or_else(|| panic!("{lang:?} {}", c.key()));
                assert!(d.chars().count() <= 100);
                for o in c.options {
                    let key = format!("{}/{}", c.key(), o.name);
                    let d = describe(*lang, &key).unwrap_or_else(|| panic!("{lang:?} {key}"));
                    assert!(d.chars().count() <= 100, "{key}");
                }
            }
        }
    }

    #[test]
    fn chinese_names_exist_and_are_unique_per_level() {
        for group in groups() {
            assert!(local_name(Lang::ZhCn, group).is_some(), "{group}");
        }
        for c in COMMANDS {
            assert!(local_name(Lang::ZhCn, c.name).is_some(), "{}", c.name);
            let mut names: Vec<&str> = c
                .options
                .iter()
                .map(|o| local_name(Lang::ZhCn, o.name).unwrap_or_else(|| panic!("{}", o.name)))
                .collect();
            names.sort();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{}", c.key());
        }
        assert_eq!(
            find_localized("投诉", "新建").map(|c| c.key()),
            Some("complaint new".into())
        );
    }
}
