//! Operating rapport: onboarding customers from a spreadsheet, the setup
//! check, health and metrics on the HTTP server, backups, moving a server's
//! data between databases, and how the binary starts and stops.

#[path = "../support/mod.rs"]
mod support;

// Shared with tests/discord; not every helper is used here.
#[allow(dead_code)]
#[path = "../discord/harness.rs"]
mod harness;

mod backup;
mod cli;
mod doctor;
mod health;
mod import;
mod kit;
mod logs;
mod metrics;
mod startup;
mod transfer;
mod wal;
