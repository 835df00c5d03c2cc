//! Words of seed 001's crisis plays: the guidance each crisis adds at its
//! steps, the training session of a product crisis, the contact cadence of a
//! team crisis and the boss met before a boss crisis closes. One catalogue
//! per language, like the core ones.

mod en;
mod zh_cn;

use super::Lang;
use crate::domain::complaint::Step;
use crate::domain::crisis::Crisis;
use crate::domain::ids::ComplaintNo;
use crate::domain::refusal::CrisisRefusal;

#[derive(Debug, Clone, PartialEq)]
pub enum CrisisText {
    /// The crisis's own play, under the step card's guidance.
    Play {
        crisis: Crisis,
        step: Step,
        number: ComplaintNo,
    },
    /// Step 4's record summary: when the training is or was.
    TrainingOn {
        at: String,
    },
    /// After step 4 of a product crisis recorded without a training date.
    TrainingAsk {
        number: ComplaintNo,
    },
    TrainingPlanned {
        number: ComplaintNo,
        at: String,
    },
    TrainingHeld {
        number: ComplaintNo,
        at: String,
    },
    /// Daily digest lines to the owner.
    DigestTrainingUnplanned {
        number: ComplaintNo,
        customer: String,
    },
    DigestTrainingNotHeld {
        number: ComplaintNo,
        customer: String,
        planned: String,
    },
    DigestTeamContact {
        customer: String,
        last_days: Option<i64>,
        every_days: i64,
        open: bool,
    },
    /// In a new product complaint's thread: the customer had another
    /// within the window, so the trouble keeps coming back.
    Refresher {
        number: ComplaintNo,
        customer: String,
        window_days: i64,
    },
}

pub fn say(lang: Lang, text: &CrisisText) -> String {
    match lang {
        Lang::En => en::say(text),
        Lang::ZhCn => zh_cn::say(text),
    }
}

pub fn refusal(lang: Lang, refusal: &CrisisRefusal) -> String {
    match lang {
        Lang::En => en::refusal(refusal),
        Lang::ZhCn => zh_cn::refusal(refusal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_play_has_words_in_both_languages() {
        for crisis in [Crisis::Product, Crisis::Team, Crisis::Boss] {
            for step in Step::ALL.iter().copied().filter(|s| crisis.speaks_at(*s)) {
                let play = CrisisText::Play {
                    crisis,
                    step,
                    number: ComplaintNo(3),
                };
                for lang in Lang::ALL {
                    assert!(say(*lang, &play).len() > 40, "{lang:?} {crisis:?} {step:?}");
                }
            }
        }
    }
}
