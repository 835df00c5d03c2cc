//! Seed 003's customer score: three questions on a 1–5 scale, "what would
//! earn a 5?" after every score (an answer required unless all three are 5),
//! and what the answers mean for the customer's trust.
//!
//! "4分以下是不满意" is read as *below 4*: 1 to 3 is "not satisfied" (the
//! at-risk flag). The scale names only 5 ("优秀", excellent) besides, so a 4
//! is satisfied but not excellent, and that gap is what "what would we have
//! to do to earn a 5?" asks about: it is asked whenever an answer is not 5.

use super::customer::TrustStage;
use crate::coded_enum;

/// Below this an answer means "not satisfied" (seed 003: "4分以下是不满意").
pub const SATISFIED: i64 = 4;
/// At or below this, or from a lost customer, managers are pinged.
pub const ALARM: i64 = 2;
/// How recent a resolved complaint must be for good scores to suggest a stage up.
pub const PROMOTION_WINDOW: i64 = 90 * 86_400;

coded_enum! {
    /// The three questions, in the order they are asked.
    Question { Overall = "overall", Again = "again", Recommend = "recommend" }
}

/// A poll's answers so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers {
    pub overall: Option<i64>,
    pub again: Option<i64>,
    pub recommend: Option<i64>,
}

/// A full set of answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores {
    pub overall: i64,
    pub again: i64,
    pub recommend: i64,
}

impl Answers {
    pub fn get(&self, q: Question) -> Option<i64> {
        match q {
            Question::Overall => self.overall,
            Question::Again => self.again,
            Question::Recommend => self.recommend,
        }
    }

    /// Records an answer; a later press replaces an earlier one.
    pub fn set(&mut self, q: Question, value: i64) {
        let slot = match q {
            Question::Overall => &mut self.overall,
            Question::Again => &mut self.again,
            Question::Recommend => &mut self.recommend,
        };
        *slot = Some(value.clamp(1, 5));
    }

    /// The questions still unanswered, in order.
    pub fn missing(&self) -> Vec<Question> {
        Question::ALL
            .iter()
            .copied()
            .filter(|q| self.get(*q).is_none())
            .collect()
    }

    pub fn complete(&self) -> Option<Scores> {
        Some(Scores {
            overall: self.overall?,
            again: self.again?,
            recommend: self.recommend?,
        })
    }
}

impl Scores {
    pub fn lowest(&self) -> i64 {
        self.overall.min(self.again).min(self.recommend)
    }

    /// Every answer a 5: "what would earn a 5?" may go unanswered.
    pub fn all_fives(&self) -> bool {
        self.lowest() == 5
    }

    /// Any answer below 4: the customer is not satisfied and is flagged.
    pub fn is_low(&self) -> bool {
        self.lowest() < SATISFIED
    }

    /// A 2 or below, or any score from a lost customer, goes to the managers.
    pub fn pings_managers(&self, stage: TrustStage) -> bool {
        self.lowest() <= ALARM || stage == TrustStage::Lost
    }
}

/// The stage a customer may move up to once a complaint was resolved and
/// the scores that followed are all 4 or more. A lost customer who scores
/// well again is a first-time customer once more: trust starts over.
pub fn next_stage(stage: TrustStage) -> Option<TrustStage> {
    Some(match stage {
        TrustStage::Skeptic => TrustStage::Explorer,
        TrustStage::Explorer => TrustStage::FirstTime,
        TrustStage::FirstTime => TrustStage::Repeat,
        TrustStage::Repeat => TrustStage::Regular,
        TrustStage::Regular => TrustStage::Advocate,
        TrustStage::Advocate => return None,
        TrustStage::Lost => TrustStage::FirstTime,
    })
}

/// What decides whether good scores suggest moving the customer up a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    /// When the customer's latest complaint was closed (resolved).
    pub last_closed_at: Option<i64>,
    /// When the customer was scored before this score.
    pub previous_score_at: Option<i64>,
    pub open_complaints: i64,
}

/// Suggest a stage up when these are the first scores since a complaint was
/// resolved (within `PROMOTION_WINDOW`), all 4 or more, with none still open.
pub fn suggests_promotion(scores: &Scores, r: &Recovery, now: i64) -> bool {
    let Some(closed) = r.last_closed_at else {
        return false;
    };
    !scores.is_low()
        && r.open_complaints == 0
        && closed <= now
        && now - closed <= PROMOTION_WINDOW
        && r.previous_score_at.is_none_or(|p| p < closed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(o: i64, a: i64, r: i64) -> Scores {
        Scores {
            overall: o,
            again: a,
            recommend: r,
        }
    }

    #[test]
    fn answers_fill_in_and_complete() {
        let mut a = Answers::default();
        assert_eq!(a.missing().len(), 3);
        a.set(Question::Again, 4);
        a.set(Question::Overall, 9);
        assert_eq!(a.overall, Some(5), "clamped to the scale");
        assert_eq!(a.missing(), vec![Question::Recommend]);
        assert!(a.complete().is_none());
        a.set(Question::Recommend, 3);
        assert_eq!(a.complete(), Some(scores(5, 4, 3)));
    }

    #[test]
    fn what_low_scores_trigger() {
        assert!(!scores(4, 4, 5).is_low());
        assert!(scores(5, 3, 5).is_low());
        assert!(!scores(3, 3, 3).pings_managers(TrustStage::Regular));
        assert!(scores(5, 2, 5).pings_managers(TrustStage::Regular));
        assert!(scores(5, 5, 5).pings_managers(TrustStage::Lost));
    }

    #[test]
    fn promotion_after_a_resolved_complaint() {
        let day = 86_400;
        let good = scores(4, 5, 4);
        let r = Recovery {
            last_closed_at: Some(10 * day),
            previous_score_at: Some(2 * day),
            open_complaints: 0,
        };
        assert!(suggests_promotion(&good, &r, 12 * day));
        assert!(!suggests_promotion(&scores(4, 3, 5), &r, 12 * day));
        assert!(!suggests_promotion(&good, &r, 200 * day), "too long ago");
        let none = Recovery {
            last_closed_at: None,
            ..r
        };
        assert!(!suggests_promotion(&good, &none, 12 * day));
        let open = Recovery {
            open_complaints: 1,
            ..r
        };
        assert!(!suggests_promotion(&good, &open, 12 * day));
        let scored_since = Recovery {
            previous_score_at: Some(11 * day),
            ..r
        };
        assert!(
            !suggests_promotion(&good, &scored_since, 12 * day),
            "already followed up"
        );
        assert_eq!(next_stage(TrustStage::FirstTime), Some(TrustStage::Repeat));
        assert_eq!(next_stage(TrustStage::Lost), Some(TrustStage::FirstTime));
        assert_eq!(next_stage(TrustStage::Advocate), None);
    }
}
