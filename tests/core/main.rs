//! The command layer end to end on a real database: what users are told,
//! what is stored, what is posted where and who is pinged.

#[path = "../support/mod.rs"]
mod support;

mod bad_input;
mod chinese_answers;
mod closing_write;
mod customers;
mod dropped_connections;
mod five_steps;
mod group_commit;
mod harms;
mod leases;
mod numbers;
mod pages;
mod steps_to_the_end;
mod tenancy_and_language;
mod trust;
mod visits_and_scores;
