//! What the timeline records: one kind per thing that can happen to a
//! complaint or a customer. The code is what the database keeps.

crate::coded_enum! {
    /// What happened, as the timeline records it.
    EventKind {
        Created = "created",
        Acknowledged = "acknowledged",
        Step = "step",
        ApprovalRequested = "approval-requested",
        Approved = "approved",
        ChangesRequested = "changes-requested",
        Rejected = "rejected",
        Reassigned = "reassigned",
        Escalated = "escalated",
        Reopened = "reopened",
        Closed = "closed",
        Visit = "visit",
        Score = "score",
        PollStarted = "poll-started",
        WinBack = "win-back",
        WinBackStep = "win-back-step",
        CustomerAdded = "customer-added",
        CustomerEdited = "customer-edited",
        Nudged = "nudged",
        AutoEscalated = "auto-escalated",
        StallNudged = "stall-nudged",
        StallEscalated = "stall-escalated",
        PromiseReminded = "promise-reminded",
        PromiseBreached = "promise-breached",
        /// The severity was set below what the harms propose; the detail says why.
        SeverityLowered = "severity-lowered",
        /// The owner was reminded that the step-5 follow-up is due.
        FollowUpReminded = "follow-up-reminded",
        /// The follow-up's outcome was not logged in time: managers told.
        FollowUpMissed = "follow-up-missed",
        /// The follow-up found the problem unsolved; the detail says what failed.
        FollowUpFailed = "follow-up-failed",
        /// A product crisis's training was planned; the detail is the date.
        TrainingPlanned = "training-planned",
        /// And held; the detail is the date.
        TrainingHeld = "training-held",
    }
}
