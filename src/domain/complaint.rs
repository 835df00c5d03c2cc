//! Complaints and the state machine of the five steps (seed 002's 五步走).

use super::harms::Harms;
use super::ids::{ChannelId, ComplaintNo, GuildId, Timestamp, UserId};
use super::refusal::{MethodRefusal, Refusal};
use crate::coded_enum;

coded_enum! {
    /// What the complaint is about. Product, team and boss are seed 001's three
    /// after-sales crises; a boss crisis is the most dangerous.
    Category {
        Product = "product",
        Service = "service",
        Team = "team",
        Boss = "boss",
        Delivery = "delivery",
        Price = "price",
        Other = "other",
    }
}

coded_enum! {
    /// How urgent: harm to body, feelings or money (seed 002) raises it.
    Severity { Low = "low", Normal = "normal", High = "high", Critical = "critical" }
}

coded_enum! {
    /// Seed 002's four reactions to a service failure; step 1 depends on it.
    Temperament {
        Resigned = "resigned",
        Reasoning = "reasoning",
        Angry = "angry",
        Grumbling = "grumbling",
    }
}

coded_enum! {
    /// Where the complaint came in (seed 002's regular and special channels).
    Source {
        Hotline = "hotline",
        Visit = "visit",
        Survey = "survey",
        Meeting = "meeting",
        FollowUp = "follow-up",
        Email = "email",
        Chat = "chat",
        Other = "other",
    }
}

coded_enum! {
    Status {
        /// Reported, not yet acknowledged by its owner.
        Open = "open",
        Active = "active",
        /// Step 3 recorded; a manager must approve before step 4.
        AwaitingApproval = "awaiting-approval",
        /// Step 5 recorded: resolved, waiting for the follow-up call or visit.
        FollowUp = "follow-up",
        Closed = "closed",
        Rejected = "rejected",
    }
}

coded_enum! {
    /// The five steps, in order.
    Step {
        Calm = "calm",
        Cause = "cause",
        Solution = "solution",
        CarryOut = "carry-out",
        Reinforce = "reinforce",
    }
}

impl Step {
    pub fn number(self) -> i64 {
        match self {
            Step::Calm => 1,
            Step::Cause => 2,
            Step::Solution => 3,
            Step::CarryOut => 4,
            Step::Reinforce => 5,
        }
    }

    pub fn from_number(n: i64) -> Option<Step> {
        Step::ALL.iter().copied().find(|s| s.number() == n)
    }

    /// Accepts "3" as well as "solution".
    pub fn parse(input: &str) -> Option<Step> {
        let input = input.trim();
        input
            .parse::<i64>()
            .ok()
            .and_then(Step::from_number)
            .or_else(|| Step::from_code(input))
    }

    pub fn next(self) -> Option<Step> {
        Step::from_number(self.number() + 1)
    }
}

impl Status {
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Closed | Status::Rejected)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Complaint {
    pub id: i64,
    pub guild: GuildId,
    pub number: ComplaintNo,
    pub customer_id: i64,
    pub customer_name: String,
    pub summary: String,
    pub details: Option<String>,
    pub category: Category,
    pub severity: Severity,
    /// The three harms behind the severity, when the rep assessed them.
    pub harms: Option<Harms>,
    /// Why the severity is below what the harms propose.
    pub severity_reason: Option<String>,
    pub temperament: Temperament,
    pub source: Source,
    pub owner: UserId,
    pub reporter: UserId,
    pub status: Status,
    pub step: Step,
    pub acknowledged_at: Option<Timestamp>,
    pub promised_by: Option<Timestamp>,
    pub escalation_level: i64,
    pub thread: Option<ChannelId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    /// When the step-5 follow-up is due, while the status is `FollowUp`.
    pub follow_up_at: Option<Timestamp>,
    /// The customer's own message the complaint was opened from.
    pub from_message: Option<crate::domain::message_link::MessageRef>,
    pub watch: Watch,
}

/// What the reminder rules have already done for a complaint, so a nudge
/// never goes out twice, and when they must look at it next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Watch {
    /// When the current step began: a step stalls from here.
    pub step_started_at: Timestamp,
    /// Acknowledgement nudges sent so far.
    pub ack_nudges: i64,
    /// How far the stall rule has gone for this step.
    pub stall_level: StallLevel,
    /// How far the promised deadline's reminders have gone.
    pub promise_stage: PromiseStage,
    /// How far the follow-up's reminders have gone.
    pub follow_up_stage: FollowUpStage,
    pub next_check_at: Option<Timestamp>,
}

/// A step with no progress: first its owner hears, then the managers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum StallLevel {
    #[default]
    Quiet,
    OwnerNudged,
    ManagersTold,
}

/// The deadline promised at step 2: a reminder before it, the managers after it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum PromiseStage {
    #[default]
    Pending,
    Reminded,
    Breached,
}

/// The step-5 follow-up: the owner reminded on the date, the managers when missed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum FollowUpStage {
    #[default]
    Pending,
    Reminded,
    Missed,
}

/// The ladders are kept as 0, 1, 2 in the database.
macro_rules! stored_ladder {
    ($name:ident { $($variant:ident = $n:literal),+ }) => {
        impl $name {
            pub fn stored(self) -> i64 {
                match self { $($name::$variant => $n),+ }
            }

            pub fn from_stored(n: i64) -> Option<$name> {
                match n { $($n => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

stored_ladder!(StallLevel { Quiet = 0, OwnerNudged = 1, ManagersTold = 2 });
stored_ladder!(PromiseStage { Pending = 0, Reminded = 1, Breached = 2 });
stored_ladder!(FollowUpStage { Pending = 0, Reminded = 1, Missed = 2 });

/// Where a complaint goes after its current step is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepAdvance {
    /// On to the next step.
    Next(Step),
    /// Step 3 needs a manager's yes before step 4.
    AwaitApproval,
    /// Step 5 done: resolved, the follow-up is due before it closes.
    FollowUp,
}

impl Complaint {
    fn refuse_if_finished(&self) -> Result<(), Refusal> {
        match self.status {
            Status::Closed => Err(Refusal::ComplaintClosed(self.number)),
            Status::Rejected => Err(Refusal::ComplaintRejected(self.number)),
            _ => Ok(()),
        }
    }

    pub fn can_acknowledge(&self) -> Result<(), Refusal> {
        self.refuse_if_finished()?;
        if self.acknowledged_at.is_some() {
            return Err(Refusal::AlreadyAcknowledged(self.number));
        }
        Ok(())
    }

    /// Checks that `step` is the one this complaint is waiting for.
    pub fn can_record(&self, step: Step) -> Result<(), Refusal> {
        self.refuse_if_finished()?;
        if self.status == Status::AwaitingApproval {
            return Err(Refusal::AwaitingApproval(self.number));
        }
        if self.status == Status::FollowUp {
            return Err(MethodRefusal::FollowUpDue(self.number).into());
        }
        if step.number() < self.step.number() {
            return Err(Refusal::StepAlreadyDone {
                number: self.number,
                step,
                current: self.step,
            });
        }
        if step != self.step {
            return Err(Refusal::StepOutOfOrder {
                number: self.number,
                step,
                current: self.step,
            });
        }
        Ok(())
    }

    /// What happens once `step` is recorded; `needs_approval` only matters at step 3.
    pub fn advance_after(step: Step, needs_approval: bool) -> StepAdvance {
        match step {
            Step::Solution if needs_approval => StepAdvance::AwaitApproval,
            Step::Reinforce => StepAdvance::FollowUp,
            other => other
                .next()
                .map_or(StepAdvance::FollowUp, StepAdvance::Next),
        }
    }

    pub fn can_decide_approval(&self) -> Result<(), Refusal> {
        self.refuse_if_finished()?;
        if self.status != Status::AwaitingApproval {
            return Err(Refusal::NothingToApprove(self.number));
        }
        Ok(())
    }

    /// Rejection as unreasonable belongs to step 3, where reasonableness is judged.
    pub fn can_reject(&self) -> Result<(), Refusal> {
        self.refuse_if_finished()?;
        if self.step != Step::Solution {
            return Err(Refusal::RejectOnlyAtSolution {
                number: self.number,
                current: self.step,
            });
        }
        Ok(())
    }

    pub fn can_reassign(&self, to: UserId) -> Result<(), Refusal> {
        self.refuse_if_finished()?;
        if self.owner == to {
            return Err(Refusal::AlreadyOwner(self.number));
        }
        Ok(())
    }

    pub fn can_escalate(&self) -> Result<(), Refusal> {
        self.refuse_if_finished()
    }

    /// Moves to `step` (or stays, for a new status at the same step); the
    /// stall clock starts again.
    pub fn enter_step(&mut self, step: Step, now: Timestamp) {
        self.step = step;
        self.watch.step_started_at = now;
        self.watch.stall_level = StallLevel::Quiet;
        self.updated_at = now;
    }

    /// The follow-up's outcome is logged while it is due.
    pub fn can_log_follow_up(&self) -> Result<(), Refusal> {
        self.refuse_if_finished()?;
        if self.status != Status::FollowUp {
            return Err(MethodRefusal::NoFollowUpDue {
                number: self.number,
                current: self.step,
            }
            .into());
        }
        Ok(())
    }

    pub fn can_reopen(&self) -> Result<(), Refusal> {
        if self.status.is_finished() {
            Ok(())
        } else {
            Err(Refusal::NotFinished(self.number))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complaint(status: Status, step: Step) -> Complaint {
        Complaint {
            id: 1,
            guild: GuildId(1),
            number: ComplaintNo(7),
            customer_id: 1,
            customer_name: "Acme".into(),
            summary: "leak".into(),
            details: None,
            category: Category::Product,
            severity: Severity::High,
            harms: None,
            severity_reason: None,
            temperament: Temperament::Angry,
            source: Source::Visit,
            owner: UserId(10),
            reporter: UserId(10),
            status,
            step,
            acknowledged_at: None,
            promised_by: None,
            escalation_level: 0,
            thread: None,
            created_at: 0,
            updated_at: 0,
            closed_at: None,
            follow_up_at: None,
            from_message: None,
            watch: Watch::default(),
        }
    }

    #[test]
    fn steps_run_in_order() {
        let c = complaint(Status::Active, Step::Cause);
        assert!(c.can_record(Step::Cause).is_ok());
        assert!(matches!(
            c.can_record(Step::Solution),
            Err(Refusal::StepOutOfOrder {
                current: Step::Cause,
                ..
            })
        ));
        assert!(matches!(
            c.can_record(Step::Calm),
            Err(Refusal::StepAlreadyDone { .. })
        ));
    }

    #[test]
    fn step_three_waits_for_approval_only_when_needed() {
        assert_eq!(
            Complaint::advance_after(Step::Solution, true),
            StepAdvance::AwaitApproval
        );
        assert_eq!(
            Complaint::advance_after(Step::Solution, false),
            StepAdvance::Next(Step::CarryOut)
        );
        assert_eq!(
            Complaint::advance_after(Step::Reinforce, false),
            StepAdvance::FollowUp
        );
        assert_eq!(
            Complaint::advance_after(Step::Calm, true),
            StepAdvance::Next(Step::Cause)
        );
    }

    #[test]
    fn nothing_moves_while_awaiting_approval_or_after_closing() {
        let waiting = complaint(Status::AwaitingApproval, Step::Solution);
        assert_eq!(
            waiting.can_record(Step::Solution),
            Err(Refusal::AwaitingApproval(ComplaintNo(7)))
        );
        assert!(waiting.can_decide_approval().is_ok());
        let closed = complaint(Status::Closed, Step::Reinforce);
        assert_eq!(
            closed.can_escalate(),
            Err(Refusal::ComplaintClosed(ComplaintNo(7)))
        );
        assert!(closed.can_reopen().is_ok());
        assert_eq!(
            complaint(Status::Active, Step::Calm).can_reopen(),
            Err(Refusal::NotFinished(ComplaintNo(7)))
        );
    }

    #[test]
    fn rejection_belongs_to_step_three() {
        assert!(
            complaint(Status::Active, Step::Solution)
                .can_reject()
                .is_ok()
        );
        assert!(
            complaint(Status::AwaitingApproval, Step::Solution)
                .can_reject()
                .is_ok()
        );
        assert!(complaint(Status::Active, Step::Cause).can_reject().is_err());
    }

    #[test]
    fn acknowledging_twice_is_refused() {
        let mut c = complaint(Status::Open, Step::Calm);
        assert!(c.can_acknowledge().is_ok());
        c.acknowledged_at = Some(5);
        assert_eq!(
            c.can_acknowledge(),
            Err(Refusal::AlreadyAcknowledged(ComplaintNo(7)))
        );
    }

    #[test]
    fn step_parses_from_number_or_code() {
        assert_eq!(Step::parse("3"), Some(Step::Solution));
        assert_eq!(Step::parse("Carry-Out"), Some(Step::CarryOut));
        assert_eq!(Step::parse("6"), None);
    }
}
