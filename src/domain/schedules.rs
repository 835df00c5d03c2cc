//! The jobs each server runs on a schedule (`[schedules]` in the config).

crate::coded_enum! {
    /// A scheduled job; its code names it in the config and the database.
    ScheduleName {
        RepDigest = "rep_digest",
        WeeklyReport = "weekly_report",
        MonthlyReport = "monthly_report",
        ScoreRound = "score_round",
        OutboxPrune = "outbox_prune",
    }
}
