//! The figures the web view shows of one week or one month, made from rows
//! the store reads by time range, and counted as the chat's reports count
//! them (`report`): a week's acknowledgement times are those made within
//! it, its resolution times those of the complaints closed within it, its
//! late acknowledgements those that fell due within it. A finished period's
//! figures are kept (`store::figures`) as they were first computed after it
//! ended: what the meeting saw, like the report sent then.

use super::complaint::Category;
use super::ids::Timestamp;
use super::period::Period;
use super::report::{self, Durations};

/// Counted the way this version says; kept figures of another are made again.
pub const VERSION: i64 = 1;

/// Time after a period's end before its figures are kept: writes stamped
/// just before the end, on an instance whose clock is behind, have landed.
pub const SETTLE_SECS: i64 = 300;

/// The categories of seed 001's three after-sales crises.
pub const CRISIS_CATEGORIES: [Category; 3] = [Category::Product, Category::Team, Category::Boss];

#[derive(Debug, Clone, PartialEq)]
pub struct WeekFigures {
    pub period: Period,
    pub to_acknowledge: Durations,
    pub to_resolve: Durations,
    pub late_acks: i64,
}

/// (reported, later moment) pairs: an acknowledgement, or a close.
pub type Pair = (Timestamp, Timestamp);

impl WeekFigures {
    /// `acks` and `closes` may hold rows of other weeks: only this one's count.
    pub fn of(period: Period, acks: &[Pair], closes: &[Pair], late_acks: i64) -> WeekFigures {
        let resolved = report::times_within(&period, closes.iter().copied());
        WeekFigures {
            period,
            to_acknowledge: Durations::of(&report::times_within(&period, acks.iter().copied())),
            to_resolve: Durations::of(&resolved),
            late_acks,
        }
    }
}

/// Late acknowledgements of `period` at `now`, of complaints given as
/// (when due, when acknowledged).
pub fn late_acks(
    period: &Period,
    now: Timestamp,
    due: impl Iterator<Item = (Timestamp, Option<Timestamp>)>,
) -> i64 {
    due.filter(|(due, acked)| report::is_late(period, now, *due, *acked))
        .count() as i64
}

/// The monthly meeting's figures: the monthly report's own.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthFigures {
    pub period: Period,
    pub opened: i64,
    /// Complaints opened, per category (those with any), in catalogue order.
    pub by_category: Vec<(Category, i64)>,
    /// Complaints opened that are crises, per crisis category.
    pub crises: [(Category, i64); 3],
    /// The step-2 causes recorded within the month, the most frequent first.
    pub causes: Vec<(String, i64)>,
}

impl MonthFigures {
    pub fn of(
        period: Period,
        opened: &[(Category, i64)],
        crises: &[(Category, i64)],
        causes: &[report::CauseFact],
    ) -> MonthFigures {
        let count = |list: &[(Category, i64)], k: Category| {
            list.iter()
                .filter(|(c, _)| *c == k)
                .map(|(_, n)| n)
                .sum::<i64>()
        };
        MonthFigures {
            period,
            opened: opened.iter().map(|(_, n)| n).sum(),
            by_category: Category::ALL
                .iter()
                .map(|k| (*k, count(opened, *k)))
                .filter(|(_, n)| *n > 0)
                .collect(),
            crises: CRISIS_CATEGORIES.map(|k| (k, count(crises, k))),
            causes: report::causes(&period, causes),
        }
    }
}

/// Whether a period's figures can be kept at `now`: it has ended, and settled.
pub fn can_keep(period: &Period, now: Timestamp) -> bool {
    period.end + SETTLE_SECS <= now
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::PeriodKind;

    #[test]
    fn a_week_counts_its_own_acknowledgements_and_closes() {
        let p = Period::containing(PeriodKind::Week, 1_795_428_000, chrono_tz::Tz::UTC).unwrap();
        let s = p.start;
        // Reported the week before, acknowledged in this one: it counts here.
        let acks = [(s - 100, s + 100), (s + 10, s + 40), (s + 10, p.end + 5)];
        let closes = [(s - 1000, s + 1000), (s, p.end)];
        let w = WeekFigures::of(p, &acks, &closes, 0);
        assert_eq!(w.to_acknowledge.count, 2);
        assert_eq!(w.to_acknowledge.median, Some(115.0));
        assert_eq!(w.to_resolve.count, 1);
        assert_eq!(w.to_resolve.p90, Some(2000));
        let due = [
            (s + 5, None),
            (s + 5, Some(s + 6)),
            (s + 5, Some(s + 5)),
            (s - 5, None),
        ];
        assert_eq!(late_acks(&p, s + 10, due.into_iter()), 2);
        assert_eq!(
            late_acks(&p, s + 5, due.into_iter()),
            0,
            "not yet due at now"
        );
        assert!(!can_keep(&p, p.end) && can_keep(&p, p.end + SETTLE_SECS));
    }
}
