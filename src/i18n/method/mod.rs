//! Words of the method run to its end (issue 13): the three harms behind a
//! severity, the interim guarantee, step 3's three questions, delivery
//! sign-offs and the step-5 follow-up. One catalogue per language, like the
//! core ones.

mod en;
mod zh_cn;

use super::Lang;
use crate::domain::complaint::Severity;
use crate::domain::harms::Harms;
use crate::domain::ids::{ComplaintNo, RoleId, UserId};
use crate::domain::refusal::MethodRefusal;

#[derive(Debug, Clone, PartialEq)]
pub enum MethodText {
    /// The card's line naming the three harms and the severity they propose.
    HarmsLine {
        harms: Harms,
        proposed: Severity,
    },
    /// The card's line when the severity was set below the proposal.
    LoweredBecause {
        reason: String,
    },
    /// Step 2's interim service guarantee, in a record's summary.
    Interim {
        guarantee: String,
    },
    /// After step 2: a deadline was promised with no guarantee meanwhile.
    NoInterim,
    /// Step 3's second and third questions, in a record's summary.
    Necessary {
        answer: String,
    },
    Deliverable {
        answer: String,
    },
    /// Under an approval request that a manager must judge.
    JudgeHint {
        number: crate::domain::ids::ComplaintNo,
    },
    /// The button that rejects, with the explanation the customer will get.
    RejectButton,
    /// Step 4 closed with promised compensation undelivered, signed off.
    Exception {
        reason: String,
        by: crate::domain::ids::UserId,
    },
    /// Step 5 recorded: resolved, the follow-up is due at `at`.
    Resolved {
        number: ComplaintNo,
        at: String,
    },
    FollowUpButton,
    /// To the owner, in the thread and by DM, on the follow-up date.
    FollowUpDue {
        number: ComplaintNo,
        customer: String,
        owner: UserId,
        at: String,
    },
    /// To the managers: the follow-up's outcome was not logged in time.
    FollowUpMissed {
        number: ComplaintNo,
        customer: String,
        owner: UserId,
        at: String,
        role: Option<RoleId>,
    },
    /// The follow-up found it unsolved: back to `step`.
    FollowUpReopened {
        number: ComplaintNo,
        failed: crate::domain::follow_up::Failed,
        step: crate::domain::complaint::Step,
        open: Option<String>,
        owner: UserId,
    },
}

pub fn say(lang: Lang, text: &MethodText) -> String {
    match lang {
        Lang::En => en::say(text),
        Lang::ZhCn => zh_cn::say(text),
    }
}

pub fn refusal(lang: Lang, refusal: &MethodRefusal) -> String {
    match lang {
        Lang::En => en::refusal(refusal),
        Lang::ZhCn => zh_cn::refusal(refusal),
    }
}
