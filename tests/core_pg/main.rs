//! tests/core, on PostgreSQL: the same tests, each on a fresh database.

#[path = "../support/mod.rs"]
mod support;

#[path = "../core/bad_input.rs"]
mod bad_input;
#[path = "../core/customers.rs"]
mod customers;
#[path = "../core/five_steps.rs"]
mod five_steps;
#[path = "../core/harms.rs"]
mod harms;
#[path = "../core/leases.rs"]
mod leases;
#[path = "../core/steps_to_the_end.rs"]
mod steps_to_the_end;
#[path = "../core/tenancy_and_language.rs"]
mod tenancy_and_language;
#[path = "../core/visits_and_scores.rs"]
mod visits_and_scores;
