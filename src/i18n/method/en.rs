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
        MethodRefusal::SeverityBelowHarms { proposed, given } => format!(
            "The harms you gave make this complaint {}; `severity:{}` is lower. Raise it, or say why it is lower in `severity_reason:…` (it is kept on the complaint).",
            severity(proposed.code()).to_lowercase(),
            given.code()
        ),
    }
}
