//! Reminders and escalation against a real database and a moved clock:
//! each rule fires at the right moment, once, to the right people.

#[path = "../support/mod.rs"]
mod support;

mod boss;
mod crisis;
mod digests;
mod follow_up;
mod ladder;
