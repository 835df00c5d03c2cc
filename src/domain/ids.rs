//! Identifiers shared by every layer. Discord snowflakes fit in `i64`, and the
//! console hands out small positive numbers of its own.

use serde::{Deserialize, Serialize};

/// A Discord server, the unit of tenancy: nothing crosses from one to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GuildId(pub i64);

/// A person in a server (a Discord user id, or a console user's number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(pub i64);

/// The bot itself, as the actor of what it does on its own.
pub const BOT: UserId = UserId(0);

/// A Discord role (the manager role, the second escalation level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleId(pub i64);

/// A Discord channel or thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelId(pub i64);

/// The number a complaint carries within its server: #1, #2, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ComplaintNo(pub i64);

impl std::fmt::Display for ComplaintNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Unix time in seconds; every timestamp in rapport is one of these.
pub type Timestamp = i64;
