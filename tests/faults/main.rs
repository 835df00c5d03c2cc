//! Faults: a slow or vanishing Discord, a process killed mid-burst and
//! restarted, a graceful shutdown, a database that is locked, two replicas
//! on one PostgreSQL with one killed midway. Everything
//! owed is delivered once, nothing acknowledged is lost, users are told to
//! try again rather than left with half a change.

#[path = "../support/mod.rs"]
mod support;

mod global;
mod process;
mod remote;
mod replicas;
mod restart;
