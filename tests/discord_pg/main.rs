//! tests/discord, on PostgreSQL: the same tests, each on a fresh database.

#[path = "../support/mod.rs"]
mod support;

#[path = "../discord/defects.rs"]
mod defects;
#[path = "../discord/endpoint_security.rs"]
mod endpoint_security;
#[path = "../discord/flows.rs"]
mod flows;
#[path = "../discord/gateway.rs"]
mod gateway;
#[path = "../discord/harness.rs"]
mod harness;
#[path = "../discord/hostile.rs"]
mod hostile;
#[path = "../discord/polls.rs"]
mod polls;
