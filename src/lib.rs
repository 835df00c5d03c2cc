//! rapport: a customer-care bot for a sales team's Discord.
//!
//! Layers, from the inside out: `domain` (rules, no I/O), `i18n` (every word
//! said), `store` (SQL over a pool), `commands` (one handler per command
//! family, run in a transaction), `delivery` (the outbox), the jobs the bot
//! runs on its own (`reminders`, `digests`, `reports`, `score_round`), the
//! operator's tools (`import`, `ops`, `metrics`), and the adapters that turn
//! input into commands: `console` and `discord`.

pub mod app;
pub mod clock;
pub mod commands;
pub mod config;
pub mod console;
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
