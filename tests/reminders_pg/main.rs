//! tests/reminders, on PostgreSQL: the same tests, each on a fresh database.

#[path = "../support/mod.rs"]
mod support;

#[path = "../reminders/boss.rs"]
mod boss;
#[path = "../reminders/digests.rs"]
mod digests;
#[path = "../reminders/ladder.rs"]
mod ladder;
