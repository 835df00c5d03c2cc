//! The monthly "voice of the customer" meeting (seed 002: each month the
//! executives hear what customers complain about and decide fixes): the
//! customers' own words it reads, and the decisions it takes — what the team
//! will change, who sees to it, by when, and whether it was done.

use super::ids::{ComplaintNo, Timestamp, UserId};

/// Where a customer's words were written down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteSource {
    /// The answer to "what would we have to do to earn a 5?" (seed 003).
    ToFive,
    /// The cause found at step 2 of this complaint.
    Cause(ComplaintNo),
}

/// A customer's words, as the rep wrote them down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub customer: String,
    pub rep: UserId,
    pub words: String,
    pub source: QuoteSource,
    pub at: Timestamp,
}

/// What the monthly report adds to the weekly one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Voice {
    /// Last month's decisions, to open the meeting with.
    pub last_month: Vec<Decision>,
    pub quotes: Vec<Quote>,
    /// The decisions taken this month.
    pub decided: Vec<Decision>,
}

/// The longest decision text accepted.
pub const MAX_DECISION: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub id: i64,
    pub what: String,
    pub owner: UserId,
    pub due_at: Timestamp,
    pub decided_by: UserId,
    pub decided_at: Timestamp,
    pub done_at: Option<Timestamp>,
    pub done_note: Option<String>,
}

/// Where a decision stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionState {
    Done,
    /// Not done, and its due date is still ahead.
    Open,
    /// Not done, and its due date has passed.
    Overdue,
}

impl Decision {
    pub fn state(&self, now: Timestamp) -> DecisionState {
        match self.done_at {
            Some(_) => DecisionState::Done,
            None if now >= self.due_at => DecisionState::Overdue,
            None => DecisionState::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(due_at: Timestamp, done_at: Option<Timestamp>) -> Decision {
        Decision {
            id: 1,
            what: "stock seals at the depot".into(),
            owner: UserId(2),
            due_at,
            decided_by: UserId(3),
            decided_at: 0,
            done_at,
            done_note: None,
        }
    }

    #[test]
    fn a_decision_is_open_until_due_then_overdue_unless_done() {
        assert_eq!(decision(100, None).state(99), DecisionState::Open);
        assert_eq!(decision(100, None).state(100), DecisionState::Overdue);
        assert_eq!(decision(100, Some(150)).state(200), DecisionState::Done);
    }
}
