//! Words of score polls, score rounds, trust-stage suggestions and the
//! win-back checklist, one catalogue per language like the core ones.

mod en;
mod zh_cn;

use super::Lang;
use crate::domain::customer::TrustStage;
use crate::domain::ids::{ComplaintNo, UserId};
use crate::domain::scoring::Question;

#[derive(Debug, Clone, PartialEq)]
pub enum PollText {
    /// The customer card's line on where trust stands and what it calls for.
    Phase(TrustStage),
    /// A lost customer's card: how far the win-back checklist has come.
    WinBackProgress {
        done: usize,
        next: Option<i64>,
    },
    /// One step of the checklist, shortly.
    WinBackStep(i64),
    WinBackTicked {
        customer: String,
        step: i64,
        done: usize,
    },
    CardTitle {
        customer: String,
        poll: i64,
    },
    ForComplaint {
        number: ComplaintNo,
    },
    /// How to ask: the scale and what it means.
    CardIntro,
    /// The question as the rep asks it.
    Question(Question),
    /// The question on a button, shortened.
    Short(Question),
    Submit,
    /// The last line of an open card: how to do the same by typing.
    CardHint {
        poll: i64,
    },
    ToFiveTitle,
    ToFiveLabel,
    /// Shown on the card once submitted.
    Submitted,
    Promote {
        customer: String,
        stage: TrustStage,
    },
    /// The button that starts a poll after a complaint closes.
    PollButton,
    RoundAsk {
        owner: UserId,
        count: usize,
    },
    RoundMore {
        count: usize,
    },
    Reminder {
        owner: UserId,
    },
    ReminderLine {
        customer: String,
        since: String,
        poll: i64,
    },
    WinBackThread {
        customer: String,
    },
    WinBack {
        customer: String,
        owner: UserId,
    },
    AtRisk,
    VisitOverdue,
}

pub fn say(lang: Lang, text: &PollText) -> String {
    match lang {
        Lang::En => en::say(text),
        Lang::ZhCn => zh_cn::say(text),
    }
}
