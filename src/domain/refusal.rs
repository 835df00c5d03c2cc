//! Every reason rapport can say no to a user. The catalogue turns each into a
//! sentence that says what happened and how to fix it.

use super::complaint::{Severity, Step};
use super::ids::{ComplaintNo, UserId};
use super::when::WhenError;

/// What a refused action was, for "only managers may …" messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    WorkComplaint,
    Approve,
    Reject,
    ReassignOthers,
    ChangeSettings,
    EditCustomer,
    ChangeCustomerOwner,
    AddCustomerForOthers,
    LogVisit,
    RecordScore,
    ReadReports,
    ExportData,
    ImportCustomers,
    CheckSetup,
    RecordDecision,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    // Input.
    MissingOption(String),
    UnknownOption {
        option: String,
        command: String,
    },
    BadChoice {
        option: String,
        given: String,
        allowed: Vec<String>,
    },
    TooLong {
        field: String,
        max: usize,
        actual: usize,
    },
    EmptyText(String),
    BadNumber {
        option: String,
        given: String,
    },
    OutOfRange {
        option: String,
        min: i64,
        max: i64,
    },
    BadMoment {
        option: String,
        given: String,
        why: WhenError,
    },
    MomentInPast {
        option: String,
    },
    MomentInFuture {
        option: String,
    },
    UnknownTimeZone(String),
    BadUser(String),
    /// Not a link to a message of this server, nor `channel-message` ids.
    BadMessageLink(String),
    UnknownCommand(String),
    UnparsableLine(String),
    // Lookups.
    UnknownCustomer {
        name: String,
        suggestions: Vec<String>,
    },
    DuplicateCustomer(String),
    UnknownComplaint(ComplaintNo),
    NothingToChange,
    // Rights.
    NotOwner {
        number: ComplaintNo,
        owner: UserId,
    },
    NotCustomerOwner {
        customer: String,
        owner: UserId,
    },
    ManagersOnly(Action),
    // The five steps.
    ComplaintClosed(ComplaintNo),
    ComplaintRejected(ComplaintNo),
    AlreadyAcknowledged(ComplaintNo),
    AwaitingApproval(ComplaintNo),
    StepAlreadyDone {
        number: ComplaintNo,
        step: Step,
        current: Step,
    },
    StepOutOfOrder {
        number: ComplaintNo,
        step: Step,
        current: Step,
    },
    NothingToApprove(ComplaintNo),
    RejectOnlyAtSolution {
        number: ComplaintNo,
        current: Step,
    },
    AlreadyOwner(ComplaintNo),
    NotFinished(ComplaintNo),
    CompensationDetailNeeded,
    WhatWouldEarnFiveNeeded,
    StaleButton,
    ConsoleOnly,
    ServerOnly,
    BadWorkingDays(String),
    BadWorkingHours(String),
    BadUrl(String),
    // Polls and reports.
    UnknownPoll(i64),
    PollSubmitted(i64),
    /// The questions still unanswered, by code.
    PollIncomplete(Vec<String>),
    ComplaintOfOtherCustomer {
        number: ComplaintNo,
        customer: String,
    },
    RangeBackwards,
    UnknownDecision(i64),
    /// The win-back checklist is for lost customers only.
    NotLost(String),
    DecisionDone(i64),
    /// A customer spreadsheet that cannot be read at all.
    ImportFile(crate::domain::import::FileProblem),
    /// Lines of a customer spreadsheet with problems; nothing was imported.
    ImportRows(Vec<crate::domain::import::RowProblem>),
    /// The method run to its end (issue 13): harms, delivery, follow-up.
    Method(MethodRefusal),
    /// Seed 001's crisis plays.
    Crisis(CrisisRefusal),
}

/// What the crisis plays refuse (seed 001).
#[derive(Debug, Clone, PartialEq)]
pub enum CrisisRefusal {
    /// A boss/KP crisis closes only after a visit that met the boss.
    BossNotMet {
        number: ComplaintNo,
        customer: String,
    },
    /// `/complaint training` on a complaint that is not a product crisis.
    TrainingOnlyForProduct(ComplaintNo),
    /// `/complaint training` needs exactly one of `on` and `held`.
    TrainingOnOrHeld,
    /// `held` in the future: it has not been held yet.
    TrainingHeldLater,
}

impl From<CrisisRefusal> for Refusal {
    fn from(c: CrisisRefusal) -> Self {
        Refusal::Crisis(c)
    }
}

/// Refusals of the rules that carry the method to its end; worded in
/// `i18n::method`.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodRefusal {
    /// `/complaint new` without a severity and without any harm.
    SeverityOrHarmsNeeded,
    /// The severity given is below what the harms propose, with no reason.
    SeverityBelowHarms { proposed: Severity, given: Severity },
    /// The form's compensation carried a detail and `detail` gave another.
    CompensationDetailTwice,
    /// Approving a remedy the company said it cannot deliver: say which
    /// remedy it can.
    RemedyNeededToApprove(ComplaintNo),
    /// Step 4 with the step-3 compensation not delivered and no sign-off.
    CompensationUndelivered { promised: String },
    /// Only a manager may sign off an undelivered promise.
    ExceptionManagersOnly,
    /// Resolved: nothing more is recorded until the follow-up is logged.
    FollowUpDue(ComplaintNo),
    /// `/complaint followup` on a complaint not waiting for one.
    NoFollowUpDue { number: ComplaintNo, current: Step },
    /// Satisfied, yet something is still open: not solved.
    SatisfiedButOpen,
    /// Not satisfied: say what failed, so it reopens at the right step.
    FailedNeeded,
}

impl From<MethodRefusal> for Refusal {
    fn from(m: MethodRefusal) -> Self {
        Refusal::Method(m)
    }
}
