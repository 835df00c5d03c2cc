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
        MethodText::NoInterim => "A deadline was promised, but no service guarantee for the wait. Seed 002 asks for one (a loan unit, a daily update, a technician on call): record it with `interim:…` when you record step 2 again, or tell the customer now.".into(),
    }
}

pub fn refusal(r: &MethodRefusal) -> String {
    match r {
        MethodRefusal::SeverityOrHarmsNeeded => "Say how serious it is: give `severity:…`, or the three harms `body:` `feelings:` `money:` (none / some / serious) and rapport proposes the severity.".into(),
        MethodRefusal::SeverityBelowHarms { proposed, given } => format!(
            "The harms you gave make this complaint {}; `severity:{}` is lower. Raise it, or say why it is lower in `severity_reason:…` (it is kept on the complaint).",
            severity(proposed.code()).to_lowercase(),
            given.code()
        ),
    }
}
