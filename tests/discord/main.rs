//! The Discord adapter end to end: signed interactions posted to the real
//! HTTP endpoint, the bot's REST calls answered by a local stand-in for
//! Discord, and the gateway path through a stand-in gateway.

#[path = "../support/mod.rs"]
mod support;

mod defects;
mod endpoint_security;
mod flows;
mod fuzz;
mod gateway;
mod harness;
mod hostile;
mod lanes;
mod native;
mod polls;
mod rate_limits;
