//! rapport: a customer-care bot for a sales team's Discord.
//!
//! The code is layered; a module uses its own layer and the layers below it,
//! never one above, and no two modules need each other. [`LAYERS`] lists
//! them from the inside out, and a test (`layering`) holds `src/` to it.

pub mod app;
pub mod clock;
pub mod commands;
pub mod config;
pub mod console;
pub mod decision_reminders;
pub mod delivery;
pub mod digests;
pub mod discord;
pub mod domain;
pub mod i18n;
pub mod import;
pub mod message;
pub mod metrics;
pub mod ops;
pub mod reminders;
pub mod reports;
pub mod score_round;
pub mod store;
pub mod web;

#[cfg(test)]
mod layering;

/// The layers, lowest first, each with its top-level modules:
/// - `domain`: the rules and the types they speak of, with no I/O (time, what a message says);
/// - `i18n`: every word said to users, one catalogue per language;
/// - `input`: what is read from files, typed once: the configuration, a customer spreadsheet;
/// - `store`: SQL over one pool, the shared `App`, the metrics registry;
/// - `reports`: the figures managers read, computed from the store;
/// - `commands`: one handler per command family, each run in one transaction;
/// - `delivery`: the outbox, sending what the commands owe, and Discord's REST client;
/// - `jobs`: what the bot does on its own: reminders, digests, the score round, decisions coming due;
/// - `ops`: the operator's tools: doctor, import, export, backup;
/// - `adapters`: what turns input into commands: the console and Discord;
///   and the manager's read-only web view.
pub const LAYERS: &[(&str, &[&str])] = &[
    ("domain", &["domain", "clock", "message"]),
    ("i18n", &["i18n"]),
    ("input", &["config", "import"]),
    ("store", &["store", "app", "metrics"]),
    ("reports", &["reports"]),
    ("commands", &["commands"]),
    ("delivery", &["delivery"]),
    (
        "jobs",
        &["reminders", "digests", "score_round", "decision_reminders"],
    ),
    ("ops", &["ops"]),
    ("adapters", &["console", "discord", "web"]),
];
