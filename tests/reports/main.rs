//! Score polls, customer views and team reports: report figures on a seeded
//! database against hand-computed values, the CSV and PNG files, poll flows,
//! score rounds, reminders and the scheduled reports.

#[path = "../support/mod.rs"]
mod support;

mod customers;
mod figures;
mod files;
mod polls;
mod schedules;
mod voice;
