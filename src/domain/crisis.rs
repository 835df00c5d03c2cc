//! The play for each kind of crisis (seed 001): a product crisis is fixed by
//! training the customer's users, a team crisis by steady contact with their
//! operating team, a boss/KP crisis only once the boss has been met.

use super::complaint::{Category, Step};
use super::ids::Timestamp;

const DAY: i64 = 86_400;

/// The three crises seed 001 names; other categories have no play of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crisis {
    Product,
    Team,
    Boss,
}

impl Crisis {
    pub fn of(category: Category) -> Option<Crisis> {
        match category {
            Category::Product => Some(Crisis::Product),
            Category::Team => Some(Crisis::Team),
            Category::Boss => Some(Crisis::Boss),
            _ => None,
        }
    }

    /// The steps at which the play adds its own guidance to the step card.
    pub fn speaks_at(self, step: Step) -> bool {
        match self {
            Crisis::Product => matches!(step, Step::Cause | Step::CarryOut),
            Crisis::Team => matches!(step, Step::Calm | Step::Reinforce),
            Crisis::Boss => matches!(step, Step::Solution | Step::Reinforce),
        }
    }
}

/// How often the customer's operating team should be met during and after a
/// team crisis (the 14 and 60 days are the team's own practice, not the text's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamContactCadence {
    pub open_days: i64,
    pub after_days: i64,
    /// How long after the last team crisis closed the after-cadence holds.
    pub watch_days: i64,
}

/// A customer's team crises, as the digest sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamCrises {
    /// The earliest open team crisis's start, when one is open.
    pub open_since: Option<Timestamp>,
    /// When the last closed team crisis closed.
    pub last_closed_at: Option<Timestamp>,
    /// The last visit that met the customer's team.
    pub last_contact_at: Option<Timestamp>,
}

/// When the customer's team should next be met, and at which cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamContactDue {
    pub due_at: Timestamp,
    pub every_days: i64,
    pub open: bool,
}

impl TeamContactCadence {
    /// `None` when no team crisis is open or recently closed.
    pub fn due(self, crises: TeamCrises, now: Timestamp) -> Option<TeamContactDue> {
        let (since, every_days, open) = match (crises.open_since, crises.last_closed_at) {
            (Some(opened), _) => (opened, self.open_days, true),
            (None, Some(closed)) if now - closed <= self.watch_days * DAY => {
                (closed, self.after_days, false)
            }
            _ => return None,
        };
        let from = crises.last_contact_at.map_or(since, |c| c.max(since));
        Some(TeamContactDue {
            due_at: from + every_days * DAY,
            every_days,
            open,
        })
    }
}

/// A product crisis's training session for the customer's users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Training {
    /// No date given yet: rapport keeps asking for one.
    Unplanned,
    Planned(Timestamp),
    Held(Timestamp),
}

impl Training {
    /// Step 4's `training` field gives one date: a future one is the plan, a
    /// past one (or now) says it was held then.
    pub fn from_step_four(date: Option<Timestamp>, now: Timestamp) -> Training {
        match date {
            None => Training::Unplanned,
            Some(at) if at > now => Training::Planned(at),
            Some(at) => Training::Held(at),
        }
    }

    /// Whether the owner should be nudged about it at `now`: a missing date,
    /// or a date gone by with the session not logged as held.
    pub fn needs_nudge(self, now: Timestamp) -> bool {
        match self {
            Training::Unplanned => true,
            Training::Planned(at) => at <= now,
            Training::Held(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = 1_800_000_000;
    const CADENCE: TeamContactCadence = TeamContactCadence {
        open_days: 14,
        after_days: 60,
        watch_days: 365,
    };

    #[test]
    fn an_open_team_crisis_wants_the_team_met_every_fortnight_then_every_two_months() {
        let open = TeamCrises {
            open_since: Some(NOW - 20 * DAY),
            last_closed_at: None,
            last_contact_at: Some(NOW - 30 * DAY),
        };
        let due = CADENCE.due(open, NOW).unwrap();
        assert_eq!(
            (due.due_at, due.every_days, due.open),
            (NOW - 6 * DAY, 14, true)
        );

        let met = TeamCrises {
            last_contact_at: Some(NOW - 2 * DAY),
            ..open
        };
        assert_eq!(CADENCE.due(met, NOW).unwrap().due_at, NOW + 12 * DAY);

        let closed = TeamCrises {
            open_since: None,
            last_closed_at: Some(NOW - 10 * DAY),
            last_contact_at: Some(NOW - 12 * DAY),
        };
        let due = CADENCE.due(closed, NOW).unwrap();
        assert_eq!(
            (due.due_at, due.every_days, due.open),
            (NOW + 50 * DAY, 60, false)
        );

        let long_ago = TeamCrises {
            last_closed_at: Some(NOW - 400 * DAY),
            ..closed
        };
        assert_eq!(CADENCE.due(long_ago, NOW), None);
    }

    #[test]
    fn training_is_nudged_until_held() {
        assert!(Training::from_step_four(None, NOW).needs_nudge(NOW));
        let planned = Training::from_step_four(Some(NOW + DAY), NOW);
        assert_eq!(planned, Training::Planned(NOW + DAY));
        assert!(!planned.needs_nudge(NOW));
        assert!(planned.needs_nudge(NOW + DAY));
        assert_eq!(
            Training::from_step_four(Some(NOW - DAY), NOW),
            Training::Held(NOW - DAY)
        );
        assert!(!Training::Held(NOW).needs_nudge(NOW + 99 * DAY));
    }

    #[test]
    fn each_crisis_speaks_at_its_own_steps() {
        assert_eq!(Crisis::of(Category::Service), None);
        assert!(Crisis::Product.speaks_at(Step::CarryOut));
        assert!(Crisis::Boss.speaks_at(Step::Reinforce));
        assert!(!Crisis::Team.speaks_at(Step::Solution));
    }
}
