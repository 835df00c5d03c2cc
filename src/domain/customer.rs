//! Customers: who owns them, how much they matter, how far their trust has come.

use super::ids::{GuildId, Timestamp, UserId};
use crate::coded_enum;

coded_enum! {
    /// Key customers are visited more often and their boss is watched.
    Tier { Key = "key", Normal = "normal" }
}

coded_enum! {
    /// Stages of trust (seed 003): won, kept, and when lost, won back.
    TrustStage {
        Skeptic = "skeptic",
        Explorer = "explorer",
        FirstTime = "first-time",
        Repeat = "repeat",
        Regular = "regular",
        Advocate = "advocate",
        Lost = "lost",
    }
}

/// Seed 003 groups the seven stages into three phases of one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustPhase {
    /// A skeptic or explorer: trust is still to be won.
    Winning,
    /// A customer who buys: trust is to be kept and deepened.
    Keeping,
    /// A lost customer: trust is to be won back.
    WinningBack,
}

impl TrustStage {
    pub fn phase(self) -> TrustPhase {
        match self {
            TrustStage::Skeptic | TrustStage::Explorer => TrustPhase::Winning,
            TrustStage::FirstTime
            | TrustStage::Repeat
            | TrustStage::Regular
            | TrustStage::Advocate => TrustPhase::Keeping,
            TrustStage::Lost => TrustPhase::WinningBack,
        }
    }
}

/// How often a customer's boss/KP should be met, by tier (seed 000: the
/// team alone does not renew). A normal customer is watched only once its
/// decision maker is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BossCadence {
    pub key_days: i64,
    pub normal_days: i64,
}

/// Seed 003's win-back checklist has seven steps.
pub const WIN_BACK_STEPS: i64 = 7;

coded_enum! {
    /// Whom a rep met on a visit. Seed 000: meeting only the team loses renewals.
    MetWith { Boss = "boss", Team = "team", Both = "both" }
}

impl MetWith {
    pub fn includes_boss(self) -> bool {
        matches!(self, MetWith::Boss | MetWith::Both)
    }
}

impl Tier {
    /// Days between visits when the customer has no cadence of its own.
    pub fn default_cadence_days(self, key_days: i64, normal_days: i64) -> i64 {
        match self {
            Tier::Key => key_days,
            Tier::Normal => normal_days,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub id: i64,
    pub guild: GuildId,
    pub name: String,
    pub owner: UserId,
    pub tier: Tier,
    pub cadence_days: i64,
    pub stage: TrustStage,
    pub renewal_on: Option<Timestamp>,
    pub decision_maker: Option<String>,
    pub created_at: Timestamp,
}

/// The longest customer name we accept: it must fit a thread title with room to spare.
pub const MAX_CUSTOMER_NAME: usize = 60;
pub const MAX_CADENCE_DAYS: i64 = 366;
