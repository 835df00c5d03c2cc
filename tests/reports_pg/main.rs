//! tests/reports, on PostgreSQL: the same tests, each on a fresh database.

#[path = "../support/mod.rs"]
mod support;

#[path = "../reports/customers.rs"]
mod customers;
#[path = "../reports/figures.rs"]
mod figures;
#[path = "../reports/files.rs"]
mod files;
#[path = "../reports/polls.rs"]
mod polls;
#[path = "../reports/schedules.rs"]
mod schedules;
#[path = "../reports/voice.rs"]
mod voice;
