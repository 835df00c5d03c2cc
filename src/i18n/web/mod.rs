//! Words of the manager's web view (issue 18): page titles, headings, chart
//! labels, the link's own pages, and what `/report dashboard` answers. One
//! catalogue per language, like the core ones; step, severity and status
//! names come from the core catalogue.

mod en;
mod zh_cn;

use super::Lang;
use crate::domain::ids::ComplaintNo;

/// Fixed words: headings, labels, buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Product,
    Overview,
    Complaints,
    LogOut,
    Board,
    OpenComplaints,
    PromisesDue,
    PromisesMissed,
    FollowUpsDue,
    ApprovalsWaiting,
    SlaBreaches,
    WeeklyTimes,
    Week,
    ToAcknowledge,
    ToResolve,
    Median,
    P90,
    Count,
    Hours,
    LateAcks,
    Total,
    Number,
    Customer,
    Summary,
    Severity,
    Status,
    Step,
    Owner,
    Reported,
    From,
    Until,
    Filter,
    Any,
    Newer,
    Older,
    NothingHere,
    StepRecords,
    NotRecorded,
    Timeline,
    BackToBoard,
    ChartAlt,
    Month,
    Meeting,
    ByCategory,
    Category,
    Crises,
    Causes,
    Cause,
    CustomersWords,
    WhatWouldEarnAFive,
    DecisionsTaken,
    LastMonthsDecisions,
    Decision,
    Due,
    Done,
    Open,
    Overdue,
    PreviousMonth,
    NextMonth,
    Customers,
    Name,
    Tier,
    TrustStage,
    LastVisit,
    LastBossMeeting,
    NextVisitDue,
    NextBossMeetingDue,
    Renewal,
    Never,
    AtRisk,
    ScoreTrend,
    Overall,
    BuyAgain,
    Recommend,
    ToFive,
    When,
}

/// Words that carry something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebText {
    /// Below a column when it holds more than it shows.
    More {
        hidden: i64,
    },
    ComplaintTitle {
        number: ComplaintNo,
        customer: String,
    },
    /// The overview's line under its title.
    AsOf {
        at: String,
    },
    /// How far a lost customer's win-back checklist has come.
    WinBack {
        done: i64,
        of: i64,
    },
    /// The monthly meeting's page title.
    MonthTitle {
        month: String,
    },
    /// Where a quote came from: a complaint's cause.
    CauseOf {
        number: ComplaintNo,
    },
    /// The last line of the weekly report in the chat.
    SeeDashboard {
        url: String,
    },
    /// `/report dashboard`'s private answer.
    Link {
        url: String,
        until: String,
    },
    /// `/report dashboard` when the operator set no secret.
    Off,
    /// The pages a link that does not open shows, with how to get a new one.
    Expired,
    Invalid,
    LoggedOut,
    NotFound,
    /// The page could not be read (the database); nothing was changed.
    Failed,
    /// `rapport doctor`.
    DoctorOn {
        hours: i64,
    },
    DoctorOff,
}

pub fn word(lang: Lang, word: Word) -> &'static str {
    match lang {
        Lang::En => en::word(word),
        Lang::ZhCn => zh_cn::word(word),
    }
}

pub fn say(lang: Lang, text: &WebText) -> String {
    match lang {
        Lang::En => en::say(text),
        Lang::ZhCn => zh_cn::say(text),
    }
}

/// The `lang` attribute of a page.
pub fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::ZhCn => "zh-CN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_pages_say_how_to_get_a_new_link_in_both_languages() {
        for lang in Lang::ALL {
            for text in [WebText::Expired, WebText::Invalid, WebText::LoggedOut] {
                assert!(
                    say(*lang, &text).contains("/report dashboard"),
                    "{lang:?} {text:?}"
                );
            }
        }
    }

    #[test]
    fn chinese_uses_the_teams_words_for_severity() {
        assert_eq!(word(Lang::ZhCn, Word::Severity), "严重程度");
    }
}
