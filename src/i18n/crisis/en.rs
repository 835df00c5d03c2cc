//! English words of the crisis plays.

use super::CrisisText;
use crate::domain::complaint::Step;
use crate::domain::crisis::Crisis;
use crate::domain::refusal::CrisisRefusal;
use crate::i18n::en::days_word as days;

fn play(crisis: Crisis, step: Step, n: i64) -> String {
    match (crisis, step) {
        (Crisis::Product, Step::Cause) => "**Product crisis.** Seed 001: most product crises come from misuse, with training not given or not enough. Ask how the product is used and who was trained, before blaming the product.".into(),
        (Crisis::Product, _) => format!(
            "**Product crisis.** Step 4 includes a training session for the customer's users (seed 001). Give its date in `training:` (a past date says it was held then); rapport nudges you in your daily digest until it is logged as held with `/complaint training id:{n} held:…`."
        ),
        (Crisis::Team, Step::Calm) => "**Team crisis.** Friction with the customer's operating team is at heart a loss of trust through too little contact (seed 001). Go and meet their team in person; from now on rapport expects a visit that meets them every 14 days while this is open and every 60 days after (the defaults, the team's own practice), and your daily digest says when one is due.".into(),
        (Crisis::Team, _) => "**Team crisis.** Closing this does not end the contact: keep meeting the customer's team (every 60 days by default, team practice) and log each visit with `met:team` or `met:both`, so trust is rebuilt, not only the problem solved.".into(),
        (Crisis::Boss, Step::Solution) => "**Boss/KP crisis**, the most dangerous (seed 001): a manager joins the plan, so this step goes to them for approval. Plan who meets the boss/KP, and when.".into(),
        (Crisis::Boss, _) => format!(
            "**Boss/KP crisis.** It closes only after a visit that met the boss/KP: log it with `/visit log met:boss` (or `met:both`) before `/complaint followup id:{n} satisfied:yes`. A good relationship with the boss does not by itself guarantee the renewal (seed 000); it is the least you owe after a crisis at that level."
        ),
    }
}

pub fn say(text: &CrisisText) -> String {
    match text {
        CrisisText::Play {
            crisis,
            step,
            number,
        } => play(*crisis, *step, number.0),
        CrisisText::TrainingOn { at } => format!("training for the customer's users: {at}"),
        CrisisText::TrainingAsk { number } => format!(
            "No training date was given. A product crisis is fixed by training the customer's users: plan it with `/complaint training id:{} on:…` (your daily digest reminds you until it is held).",
            number.0
        ),
        CrisisText::TrainingPlanned { number, at } => format!(
            "The training for the users of complaint {number}'s customer is planned for {at}. Once it is held, log it: `/complaint training id:{} held:…`.",
            number.0
        ),
        CrisisText::TrainingHeld { number, at } => {
            format!("The training of complaint {number} is logged as held on {at}.")
        }
        CrisisText::DigestTrainingUnplanned { number, customer } => format!(
            "• **{customer}** (complaint {number}): the training for their users has no date yet: `/complaint training id:{} on:…`",
            number.0
        ),
        CrisisText::DigestTrainingNotHeld {
            number,
            customer,
            planned,
        } => format!(
            "• **{customer}** (complaint {number}): the training for their users was planned for {planned}. Was it held? `/complaint training id:{} held:…`, or a new date with `on:…`",
            number.0
        ),
        CrisisText::DigestTeamContact {
            customer,
            last_days,
            every_days,
            open,
        } => {
            let last = match last_days {
                Some(d) => format!("their team was last met {} ago", days(*d)),
                None => "their team has not been met since the crisis began".into(),
            };
            let when = if *open {
                "while the team crisis is open"
            } else {
                "after a team crisis"
            };
            format!(
                "• **{customer}**: {last}; meet them every {} {when} (`/visit log met:team`)",
                days(*every_days)
            )
        }
        CrisisText::Refresher {
            number,
            customer,
            window_days,
        } => format!(
            "Complaint {number} is not **{customer}**'s first product complaint in {}. Recurring product complaints point to users who need training: make step 4's training a refresher for all of their users, not only those who called (the team's own practice).",
            days(*window_days)
        ),
    }
}

pub fn refusal(r: &CrisisRefusal) -> String {
    match r {
        CrisisRefusal::BossNotMet { number, customer } => format!(
            "Complaint {number} is a boss/KP crisis, and no visit has met **{customer}**'s boss/KP since it was reported. Meet them, log it with `/visit log customer:\"{customer}\" met:boss` (or `met:both`), then log this follow-up again. Nothing was changed."
        ),
        CrisisRefusal::TrainingOnlyForProduct(n) => format!(
            "Complaint {n} is not a product crisis, so it has no training session to plan. Training is step 4 of product crises (seed 001)."
        ),
        CrisisRefusal::TrainingOnOrHeld => "Give one of `on:…` (when the training is planned) or `held:…` (when it was held), not both and not neither.".into(),
        CrisisRefusal::TrainingHeldLater => "`held` is in the future, so the training has not been held yet. Plan it with `on:…` and log `held:…` once it took place.".into(),
    }
}
