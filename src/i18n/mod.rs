//! Every word rapport says, one catalogue per language. Layout that is the same
//! in every language (cards, lists) lives in `commands::cards`; the words come
//! from here.

pub mod crisis;
mod en;
pub mod method;
pub mod polls;
pub mod reports;
pub mod web;
mod zh_cn;

use crate::coded_enum;
use crate::domain::complaint::{Step, Temperament};
use crate::domain::ids::{ComplaintNo, RoleId, UserId};
use crate::domain::refusal::Refusal;
use crate::domain::steps::ApprovalReason;
use crate::domain::timeline::EventKind;

coded_enum! {
    Lang { En = "en", ZhCn = "zh-CN" }
}

impl Lang {
    /// Reads a Discord locale or a setting: "zh-CN", "zh", "en-US", "en-GB" …
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let lower = locale.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::ZhCn)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// Words used in cards and buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Customer,
    Owner,
    Reporter,
    Category,
    Severity,
    Temperament,
    Source,
    Status,
    Step,
    Details,
    Tier,
    Stage,
    Cadence,
    Renewal,
    DecisionMaker,
    LastVisit,
    LastBossMeeting,
    OpenComplaints,
    Scores,
    Timeline,
    PromisedBy,
    Opened,
    FollowUpDue,
    FromMessage,
    Page,
    Records,
    Never,
    NotSet,
    Days,
    Language,
    TimeZone,
    ComplaintsChannel,
    AlertsChannel,
    ManagerRole,
    SecondLevelRole,
    ApprovalThreshold,
    Acknowledge,
    CompleteStep,
    Reassign,
    Escalate,
    Approve,
    RequestChanges,
    TakeOver,
    Guidance,
    Actions,
    Pings,
    ConsoleHint,
    WorkingWeek,
    Webhook,
}

/// A sentence with its facts; each catalogue words it.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    CustomerAdded {
        name: String,
        owner: UserId,
    },
    CustomerUpdated {
        name: String,
        fields: Vec<String>,
    },
    NoCustomers,
    ComplaintOpened {
        number: ComplaintNo,
        customer: String,
        thread: String,
    },
    OwnerPing {
        number: ComplaintNo,
        owner: UserId,
    },
    Acknowledged {
        number: ComplaintNo,
        by: UserId,
    },
    StepRecorded {
        number: ComplaintNo,
        step: Step,
        by: UserId,
    },
    StepDoneReply {
        number: ComplaintNo,
        step: Step,
    },
    ApprovalRequested {
        number: ComplaintNo,
        reasons: Vec<ApprovalReason>,
        role: Option<RoleId>,
    },
    ApprovalSentReply {
        number: ComplaintNo,
    },
    Approved {
        number: ComplaintNo,
        by: UserId,
        owner: UserId,
    },
    ChangesRequested {
        number: ComplaintNo,
        by: UserId,
        owner: UserId,
        note: String,
    },
    Rejected {
        number: ComplaintNo,
        by: UserId,
        explanation: String,
    },
    Reassigned {
        number: ComplaintNo,
        from: UserId,
        to: UserId,
        by: UserId,
    },
    Escalated {
        number: ComplaintNo,
        by: UserId,
        reason: String,
        role: Option<RoleId>,
    },
    Reopened {
        number: ComplaintNo,
        by: UserId,
        reason: String,
        owner: UserId,
    },
    Closed {
        number: ComplaintNo,
        customer: String,
    },
    Done {
        number: ComplaintNo,
    },
    NoComplaints,
    DecisionRecorded {
        id: i64,
        owner: UserId,
        due: String,
    },
    /// To the decision's owner.
    DecisionAssigned {
        id: i64,
        what: String,
        due: String,
        by: UserId,
    },
    DecisionCarriedOut {
        id: i64,
    },
    NoDecisions,
    DecisionsHeader {
        open: usize,
    },
    DecisionLine {
        id: i64,
        what: String,
        owner: UserId,
        due: String,
        overdue: bool,
    },
    /// To the owner, shortly before it is due.
    DecisionDue {
        id: i64,
        what: String,
        due: String,
    },
    VisitLogged {
        customer: String,
        met: String,
        days_since_boss: Option<i64>,
    },
    ScoreRecorded {
        customer: String,
        overall: i64,
        again: i64,
        recommend: i64,
        low: bool,
    },
    ScoreAlert {
        customer: String,
        owner: UserId,
        lowest: i64,
        role: Option<RoleId>,
    },
    SettingsChanged,
    Help,
    Unavailable,
    Internal {
        reference: String,
    },
    ActingAs {
        user: UserId,
        role: String,
    },
    ClockMoved {
        to: String,
    },
    ConsoleWelcome {
        db: String,
    },
    ModalPrompt {
        title: String,
    },
    ModalCancelled,
    NewConsoleMember {
        user: UserId,
    },
    AckNudge {
        number: ComplaintNo,
        owner: UserId,
        waited: String,
    },
    AckEscalation {
        number: ComplaintNo,
        customer: String,
        owner: UserId,
        waited: String,
        level: i64,
        role: Option<RoleId>,
    },
    StallNudge {
        number: ComplaintNo,
        owner: UserId,
        step: Step,
        waited: String,
    },
    StallEscalation {
        number: ComplaintNo,
        customer: String,
        owner: UserId,
        step: Step,
        waited: String,
        role: Option<RoleId>,
    },
    PromiseReminder {
        number: ComplaintNo,
        customer: String,
        owner: UserId,
        at: String,
        left: String,
    },
    PromiseBreached {
        number: ComplaintNo,
        customer: String,
        owner: UserId,
        at: String,
        role: Option<RoleId>,
    },
    RepDigest {
        owner: UserId,
    },
    VisitOverdue {
        customer: String,
        days: i64,
        cadence: i64,
    },
    VisitNever {
        customer: String,
    },
    BossOverdue {
        customer: String,
        days: Option<i64>,
    },
    DigestComplaints {
        count: usize,
    },
    ManagerVisits {
        role: Option<RoleId>,
    },
    VisitLongOverdue {
        customer: String,
        owner: UserId,
        days: i64,
    },
    RenewalAtRisk {
        customer: String,
        owner: UserId,
        renewal: String,
        open: i64,
        lowest: Option<i64>,
        role: Option<RoleId>,
    },
    /// What a customer import did, or would do (dry run).
    ImportDone(crate::domain::import::ImportSummary),
    /// The first line of `/rapport setup`'s report.
    SetupHeader {
        fails: usize,
        warns: usize,
    },
}

/// A timeline event, worded for the complaint's history.
#[derive(Debug, Clone, PartialEq)]
pub struct EventText<'a> {
    pub kind: EventKind,
    pub actor: UserId,
    pub detail: &'a str,
}

pub fn say(lang: Lang, msg: &Msg) -> String {
    match lang {
        Lang::En => en::say(msg),
        Lang::ZhCn => zh_cn::say(msg),
    }
}

pub fn refusal(lang: Lang, refusal: &Refusal) -> String {
    match lang {
        Lang::En => en::refusal(refusal),
        Lang::ZhCn => zh_cn::refusal(refusal),
    }
}

pub fn label(lang: Lang, label: Label) -> &'static str {
    match lang {
        Lang::En => en::label(label),
        Lang::ZhCn => zh_cn::label(label),
    }
}

crate::coded_enum! {
    /// Which list a coded value comes from, for its name in the catalogues.
    ValueKind {
        Category = "category",
        Severity = "severity",
        Temperament = "temperament",
        Source = "source",
        Status = "status",
        Tier = "tier",
        Stage = "stage",
        Met = "met",
        Role = "role",
        Mood = "mood",
        Reasonable = "reasonable",
        YesNo = "yes-no",
        Deliverable = "deliverable",
        Compensation = "compensation",
        Delivered = "delivered",
        Webhook = "webhook",
        Language = "language",
        DryRun = "dry-run",
        Step = "step",
        Harm = "harm",
        FollowUpFailed = "follow-up-failed",
    }
}

/// The name of a coded value, e.g. `(Severity, "high")` → "High" / "高".
/// A unit test holds every code the program uses to a name in each
/// catalogue, so the code itself is never what users see.
pub fn value(lang: Lang, kind: ValueKind, code: &str) -> String {
    let found = match lang {
        Lang::En => en::value(kind, code),
        Lang::ZhCn => zh_cn::value(kind, code),
    };
    found.map_or_else(|| code.to_string(), str::to_string)
}

/// The code a typed answer stands for: the code itself, or its name in
/// either catalogue ("部分合理", "Partly reasonable"), or a short Chinese
/// answer ("是", "部分", "物质"), so forms can be filled in either language.
pub fn code_for_answer(
    kind: ValueKind,
    codes: &[&'static str],
    given: &str,
) -> Option<&'static str> {
    let given = given.trim();
    codes
        .iter()
        .copied()
        .find(|c| c.eq_ignore_ascii_case(given))
        .or_else(|| {
            codes.iter().copied().find(|c| {
                Lang::ALL.iter().any(|l| {
                    names_value(*l, kind, c) && value(*l, kind, c).eq_ignore_ascii_case(given)
                })
            })
        })
        .or_else(|| zh_cn::answer(kind, given).filter(|c| codes.contains(c)))
}

/// Whether a catalogue names this code (no fallback to the code itself).
pub fn names_value(lang: Lang, kind: ValueKind, code: &str) -> bool {
    match lang {
        Lang::En => en::value(kind, code).is_some(),
        Lang::ZhCn => zh_cn::value(kind, code).is_some(),
    }
}

pub fn step_title(lang: Lang, step: Step) -> &'static str {
    match lang {
        Lang::En => en::step_title(step),
        Lang::ZhCn => zh_cn::step_title(step),
    }
}

/// What the rep should do now; step 1 depends on how the customer reacts.
pub fn guidance(lang: Lang, step: Step, temperament: Temperament) -> &'static str {
    match lang {
        Lang::En => en::guidance(step, temperament),
        Lang::ZhCn => zh_cn::guidance(step, temperament),
    }
}

/// The question a step field asks, in a modal or a console prompt.
pub fn field_label(lang: Lang, step: Step, key: &str) -> &'static str {
    match lang {
        Lang::En => en::field_label(step, key),
        Lang::ZhCn => zh_cn::field_label(step, key),
    }
}

pub fn event(lang: Lang, event: &EventText<'_>) -> String {
    match lang {
        Lang::En => en::event(event),
        Lang::ZhCn => zh_cn::event(event),
    }
}

/// A duration as people say it: "2h 15m", "3 天 4 小时".
pub fn duration(lang: Lang, secs: i64) -> String {
    let secs = secs.max(0);
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    let parts: Vec<(i64, &str, &str)> = vec![(d, "d", " 天"), (h, "h", " 小时"), (m, "m", " 分钟")];
    let shown: Vec<String> = parts
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .take(2)
        .map(|(n, en, zh)| match lang {
            Lang::En => format!("{n}{en}"),
            Lang::ZhCn => format!("{n}{zh}"),
        })
        .collect();
    if shown.is_empty() {
        return match lang {
            Lang::En => "under a minute".into(),
            Lang::ZhCn => "不到 1 分钟".into(),
        };
    }
    shown.join(" ")
}

/// Descriptions of commands (`"complaint new"`) and options (`"complaint new/summary"`).
pub fn describe(lang: Lang, key: &str) -> Option<&'static str> {
    match lang {
        Lang::En => en::describe(key),
        Lang::ZhCn => zh_cn::describe(key),
    }
}

/// Localized command and option names (Discord `name_localizations`).
pub fn local_name(lang: Lang, name: &str) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::ZhCn => zh_cn::local_name(name),
    }
}

/// One line of a setup check (`rapport doctor`, `/rapport setup`), without its mark.
pub fn finding(lang: Lang, finding: &crate::domain::findings::Finding) -> String {
    match lang {
        Lang::En => en::finding(finding),
        Lang::ZhCn => zh_cn::finding(finding),
    }
}

#[cfg(test)]
mod seed_points {
    use super::*;

    #[test]
    fn step_five_quotes_all_four_repurchase_rates_in_both_languages() {
        for lang in Lang::ALL {
            let text = guidance(*lang, Step::Reinforce, Temperament::Angry);
            for rate in ["9%", "19%", "54%", "82%"] {
                assert!(text.contains(rate), "{lang:?} lacks {rate}: {text}");
            }
        }
    }

    #[test]
    fn step_one_apologises_first_and_step_two_sets_an_expectation_the_team_can_keep() {
        for t in Temperament::ALL {
            assert!(guidance(Lang::En, Step::Calm, *t).contains("Apologise first"));
            assert!(guidance(Lang::ZhCn, Step::Calm, *t).contains("先道歉"));
        }
        assert!(
            guidance(Lang::En, Step::Cause, Temperament::Angry)
                .contains("management of expectations")
        );
        assert!(guidance(Lang::ZhCn, Step::Cause, Temperament::Angry).contains("管理客户的期望"));
        assert!(
            guidance(Lang::En, Step::CarryOut, Temperament::Angry)
                .contains("speed and communication")
        );
    }
}

#[cfg(test)]
mod help_text {
    use super::*;

    #[test]
    fn help_names_take_winback_and_the_meeting_in_both_languages() {
        for lang in Lang::ALL {
            let help = say(*lang, &Msg::Help);
            for command in ["/complaint take", "/customer winback", "/voc decide"] {
                assert!(help.contains(command), "{lang:?} help lacks {command}");
            }
        }
    }
}
