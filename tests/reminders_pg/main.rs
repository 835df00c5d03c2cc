//! tests/reminders, on PostgreSQL: the same tests, each on a fresh database.

#[path = "../support/mod.rs"]
mod support;

#[path = "../reminders/digests.rs"]
mod digests;
#[path = "../reminders/follow_up.rs"]
mod follow_up;
#[path = "../reminders/ladder.rs"]
mod ladder;
