//! Faults: a slow or vanishing Discord, a process killed mid-burst and
//! restarted, a graceful shutdown, a database that is locked. Everything
//! owed is delivered once, nothing acknowledged is lost, users are told to
//! try again rather than left with half a change.

#[path = "../support/mod.rs"]
mod support;

mod process;
mod remote;
mod restart;
