//! English words of the method run to its end.

use super::MethodText;
use crate::domain::refusal::MethodRefusal;
use crate::i18n::{Lang, ValueKind, value};

fn harm(code: &str) -> String {
    value(Lang::En, ValueKind::Harm, code).to_lowercase()
}

fn severity(code: &str) -> String {
    value(Lang::En, ValueKind::Severity, code)
}

pub fn say(text: &MethodText) -> String {
    match text {
        MethodText::HarmsLine { harms, proposed } => format!(
            "**Harm:** body {} · feelings {} · money {} (proposes {})",
            harm(harms.body.code()),
            harm(harms.feelings.code()),
            harm(harms.money.code()),
            severity(proposed.code()).to_lowercase()
        ),
        MethodText::LoweredBecause { reason } => {
            format!("**Severity set below the proposal because:** {reason}")
        }
        MethodText::Interim { guarantee } => format!("**Meanwhile:** {guarantee}"),
        MethodText::Necessary { answer } => format!("necessary to solve: {}", answer.to_lowercase()),
        MethodText::Deliverable { answer } => format!("we can deliver it: {}", answer.to_lowercase()),
        MethodText::JudgeHint { number } => format!(
            "Judge it with the company: approve a remedy we can deliver (`/complaint approve id:{n} remedy:…`), or reject it with the explanation the customer will get (`/complaint reject id:{n} reason:…`).",
            n = number.0
        ),
        MethodText::Exception { reason, by } => {
            format!("**Not delivered, signed off by** <@{}>: {reason}", by.0)
        }
        MethodText::Resolved { number, at } => format!(
            "Complaint {number} is resolved. Its follow-up is due {at}: call or visit the customer then, and log what you found with `/complaint followup id:{} satisfied:yes|no`. It closes, and the score poll goes out, only once the customer is satisfied.",
            number.0
        ),
        MethodText::FollowUpButton => "Log the follow-up".into(),
        MethodText::FollowUpDue { number, customer, owner, at } => format!(
            "<@{}>, the follow-up of complaint {number} ({customer}) is due ({at}). Call or visit: is the customer satisfied, is anything still open? Then log it: `/complaint followup id:{} satisfied:yes|no`.",
            owner.0, number.0
        ),
        MethodText::FollowUpMissed { number, customer, owner, at, role } => format!(
            "{}: the follow-up of complaint {number} ({customer}, <@{}>) was due {at} and nothing has been logged.",
            role.map_or_else(|| "Managers".to_string(), |r| format!("<@&{}>", r.0)),
            owner.0
        ),
        MethodText::FollowUpReopened { number, failed, step, open, owner } => {
            let why = match failed {
                crate::domain::follow_up::Failed::Remedy => "the remedy did not solve it",
                crate::domain::follow_up::Failed::Delivery => "what was promised is not fully delivered",
                crate::domain::follow_up::Failed::Cause => "the cause found was not the real one",
            };
            let open = open.as_ref().map(|o| format!(" Still open: {o}")).unwrap_or_default();
            format!(
                "The follow-up found complaint {number} unsolved: {why}. It is reopened at step {} ({}), <@{}>.{open}",
                step.number(),
                crate::i18n::step_title(Lang::En, *step),
                owner.0
            )
        }
        MethodText::RejectButton => "Reject, explaining why".into(),
        MethodText::NoInterim => "A deadline was promised, but no service guarantee for the wait. Seed 002 asks for one (a loan unit, a daily update, a technician on call): record it with `interim:…` when you record step 2 again, or tell the customer now.".into(),
    }
}

pub fn refusal(r: &MethodRefusal) -> String {
    match r {
        MethodRefusal::SeverityOrHarmsNeeded => "Say how serious it is: give `severity:…`, or the three harms `body:` `feelings:` `money:` (none / some / serious) and rapport proposes the severity.".into(),
        MethodRefusal::CompensationDetailTwice => "The compensation's detail is given twice: in `compensation` after the kind, and in `detail`. Keep one.".into(),
        MethodRefusal::RemedyNeededToApprove(n) => format!(
            "Step 3 of complaint {n} says the company cannot deliver this remedy. Approve the one it can deliver with `remedy:…`, or reject it with `/complaint reject id:{} reason:…` (the explanation the customer will get).",
            n.0
        ),
        MethodRefusal::CompensationUndelivered { promised } => format!(
            "Step 3 promised the customer compensation ({promised}) and it is not delivered. Deliver it first, then record `delivered:yes`; if it truly cannot be, a manager records this step with `exception:…` (why), and the record keeps who signed it off."
        ),
        MethodRefusal::ExceptionManagersOnly => "Only a manager may sign off promised compensation as not delivered. Ask one to record this step with `exception:…`.".into(),
        MethodRefusal::FollowUpDue(n) => format!(
            "Complaint {n} is resolved and waits for its follow-up. Log it with `/complaint followup id:{} satisfied:yes|no`.",
            n.0
        ),
        MethodRefusal::NoFollowUpDue { number, current } => format!(
            "Complaint {number} has no follow-up due: it is at step {}. The follow-up comes after step 5.",
            current.number()
        ),
        MethodRefusal::SatisfiedButOpen => "Something is still open, so the problem is not solved yet: log `satisfied:no` with `failed:remedy|delivery|cause`, or leave `open` empty if nothing is.".into(),
        MethodRefusal::FailedNeeded => "Say what failed, so the complaint reopens at the right step: `failed:remedy` (back to step 3), `failed:delivery` (step 4) or `failed:cause` (step 2).".into(),
        MethodRefusal::SeverityBelowHarms { proposed, given } => format!(
            "The harms you gave make this complaint {}; `severity:{}` is lower. Raise it, or say why it is lower in `severity_reason:…` (it is kept on the complaint).",
            severity(proposed.code()).to_lowercase(),
            given.code()
        ),
    }
}
