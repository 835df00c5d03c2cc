//! tests/operations, on PostgreSQL: onboarding, the setup check, metrics and
//! moving a server (from PostgreSQL to SQLite), each test on a fresh database.
//! Backups, health and start-up are about SQLite files and the binary, and
//! run in tests/operations only.

#[path = "../support/mod.rs"]
mod support;

// Shared with tests/discord; not every helper is used here.
#[allow(dead_code)]
#[path = "../discord/harness.rs"]
mod harness;

#[path = "../operations/doctor.rs"]
mod doctor;
#[path = "../operations/import.rs"]
mod import;
#[allow(dead_code)]
#[path = "../operations/kit.rs"]
mod kit;
#[path = "../operations/metrics.rs"]
mod metrics;
#[path = "../operations/transfer.rs"]
mod transfer;
