//! English words of polls, score rounds and win-back.

use super::PollText;
use crate::domain::customer::TrustStage;
use crate::domain::scoring::Question;
use crate::i18n::ValueKind;

fn stage(s: TrustStage) -> String {
    crate::i18n::value(crate::i18n::Lang::En, ValueKind::Stage, s.code())
}

pub fn say(text: &PollText) -> String {
    match text {
        PollText::Phase(s) => match s {
            TrustStage::Skeptic | TrustStage::Explorer => "**Winning trust.** Listen more than you talk, and prove it: bring the people who will serve them (seed 003 sends a whole team, boss to logistics).".into(),
            TrustStage::FirstTime | TrustStage::Repeat => "**Keeping trust.** Listen, and ask at every handover: \"what could we do better?\" Score them regularly and act on what they say.".into(),
            TrustStage::Regular => "**Keeping trust.** Stay in touch even with nothing to sell, and do the right thing when it costs us (seed 003's lost order that came back as a referral).".into(),
            TrustStage::Advocate => "**Keeping trust.** They speak for us: keep every promise, and (our own practice, not the text's) ask them for a referral.".into(),
            TrustStage::Lost => "**Winning trust back.** Work through the win-back checklist, with patience: a wound takes time to heal.".into(),
        },
        PollText::WinBackProgress { done, next: Some(next) } => format!(
            "**Win-back**: {done} of 7 steps done; next: {next}. {}",
            say(&PollText::WinBackStep(*next))
        ),
        PollText::WinBackProgress { done, next: None } => format!("**Win-back**: all {done} steps done."),
        PollText::WinBackStep(n) => match n {
            1 => "Ask what we must do to serve them again",
            2 => "Hear the whole answer",
            3 => "Do it, tell them, ask for their business again",
            4 => "Give it time",
            5 => "Stay in touch",
            6 => "Be gracious when they return",
            _ => "Treasure every order once they are back",
        }
        .into(),
        PollText::WinBackTicked { customer, step, done } => format!(
            "Win-back step {step} for **{customer}** ticked ({done} of 7 done)."
        ),
        PollText::CardTitle { customer, poll } => format!("**Score poll · {customer}** (poll {poll})"),
        PollText::ForComplaint { number } => format!("After complaint {number}."),
        PollText::CardIntro => "Ask the customer each question and press their answer: 5 is excellent, anything below 4 means not satisfied.".into(),
        PollText::Question(q) => match q {
            Question::Overall => "How would you rate our work overall?",
            Question::Again => "Would you buy from us again?",
            Question::Recommend => "Would you recommend us to a friend?",
        }
        .into(),
        PollText::Short(q) => match q {
            Question::Overall => "Overall",
            Question::Again => "Buy again",
            Question::Recommend => "Recommend",
        }
        .into(),
        PollText::Submit => "Submit".into(),
        PollText::CardHint { poll } => format!(
            "Typing instead? `/score answer poll:{poll} overall:… again:… recommend:…`, then `/score submit poll:{poll}`."
        ),
        PollText::ToFiveTitle => "What would earn a 5?".into(),
        PollText::ToFiveLabel => "What would earn a 5? (the customer's words)".into(),
        PollText::Submitted => "Submitted.".into(),
        PollText::Promote { customer, stage: next } => format!(
            "Their complaint was resolved and the scores are good: trust is growing. Consider moving **{customer}** up to {}: `/customer edit name:\"{customer}\" stage:{}`",
            stage(*next),
            next.code()
        ),
        PollText::PollButton => "Score poll".into(),
        PollText::RoundAsk { owner, count } => format!(
            "<@{}>, it is time for the score round: poll each of your {count} key customer(s) (on a call or a visit) and press their name to open the questions.",
            owner.0
        ),
        PollText::RoundMore { count } => format!("…and {count} more: `/customer list tier:key` shows them all."),
        PollText::Reminder { owner } => format!(
            "<@{}>, these score polls are still waiting for the customer's answers:",
            owner.0
        ),
        PollText::ReminderLine { customer, since, poll } => {
            format!("• **{customer}** (since {since}): `/score answer poll:{poll}`")
        }
        PollText::WinBackThread { customer } => format!("Win back · {customer}"),
        PollText::WinBack { customer, owner } => format!(
            "**{customer}** is now a lost customer. If they are worth winning back, <@{}>, work through this, keeping your own feelings in check and looking for the reasons behind their leaving (seed 004). Tick each step with `/customer winback`:\n\
1. Ask them straight out what we would have to do to serve them again.\n\
2. Hear the whole answer. Don't explain or defend; write down what they say.\n\
3. Do what they asked for. When it is done, tell them, and ask for their business again.\n\
4. Give it time: a hurt relationship heals slowly, so don't push for an order at every contact.\n\
5. Stay in touch: regular calls and visits, even with nothing to sell.\n\
6. Be gracious when they return. Never \"I knew you'd be back\".\n\
7. Once they are back, look after every order as if it were the first: watch their scores and visits closely.",
            owner.0
        ),
        PollText::AtRisk => "at risk".into(),
        PollText::VisitOverdue => "visit overdue".into(),
    }
}
