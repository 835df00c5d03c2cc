//! What a step-5 follow-up found, and where an unsolved complaint reopens.
//! Seed 002 asks for a follow-up guarantee; which step a failed follow-up
//! returns to is the team's own rule:
//! - the remedy did not fix it → step 3, design the solution again;
//! - something promised was not fully delivered → step 4, carry it out;
//! - the cause was not the real one → step 2, find the cause again.

use super::complaint::Step;
use super::refusal::{MethodRefusal, Refusal};
use crate::coded_enum;

coded_enum! {
    /// Why a follow-up found the problem unsolved.
    Failed { Remedy = "remedy", Delivery = "delivery", Cause = "cause" }
}

impl Failed {
    pub fn reopens_at(self) -> Step {
        match self {
            Failed::Remedy => Step::Solution,
            Failed::Delivery => Step::CarryOut,
            Failed::Cause => Step::Cause,
        }
    }
}

/// Where the follow-up leaves the complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Close,
    Reopen(Failed),
}

/// Satisfied with nothing still open closes it; anything else reopens it,
/// and then what failed must be said.
pub fn outcome(
    satisfied: bool,
    failed: Option<Failed>,
    still_open: bool,
) -> Result<Outcome, Refusal> {
    match (satisfied, failed) {
        (true, None) if still_open => Err(MethodRefusal::SatisfiedButOpen.into()),
        (true, None) => Ok(Outcome::Close),
        (true, Some(_)) => Err(MethodRefusal::SatisfiedButOpen.into()),
        (false, None) => Err(MethodRefusal::FailedNeeded.into()),
        (false, Some(f)) => Ok(Outcome::Reopen(f)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes() {
        assert_eq!(outcome(true, None, false), Ok(Outcome::Close));
        assert!(outcome(true, None, true).is_err());
        assert!(outcome(false, None, false).is_err());
        assert_eq!(
            outcome(false, Some(Failed::Delivery), true),
            Ok(Outcome::Reopen(Failed::Delivery))
        );
        assert_eq!(Failed::Remedy.reopens_at(), Step::Solution);
        assert_eq!(Failed::Cause.reopens_at(), Step::Cause);
    }
}
