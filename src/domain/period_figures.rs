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

/// The ranks (1-based, smallest first) of the values a median and a
/// nearest-rank p90 of `n` values are read from (as `figures` reads them):
/// the database sorts a week's times and returns only these.
pub fn ranks(n: i64) -> [i64; 3] {
    [(n + 1) / 2, n / 2 + 1, (9 * n + 9) / 10]
}

/// The times of `n` values from the value at each rank of `ranks(n)`.
pub fn from_ranks(n: i64, at: impl Fn(i64) -> Option<i64>) -> Durations {
    let [low, high, p90] = ranks(n);
    let median = match (at(low), at(high)) {
        (Some(a), Some(b)) => Some((a as f64 + b as f64) / 2.0),
        _ => None,
    };
    Durations {
        count: usize::try_from(n).unwrap_or(0),
        median: median.filter(|_| n > 0),
        p90: at(p90).filter(|_| n > 0),
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
    fn ranks_read_what_figures_computes() {
        for n in 0..40_i64 {
            let values: Vec<i64> = (0..n).map(|i| (i * 37) % 11 + i).collect();
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let d = from_ranks(n, |rank| {
                sorted.get(usize::try_from(rank - 1).ok()?).copied()
            });
            assert_eq!(d, Durations::of(&values), "{n} values");
        }
    }

    #[test]
    fn late_acknowledgements_fall_due_within_the_week() {
        let p = Period::containing(PeriodKind::Week, 1_795_428_000, chrono_tz::Tz::UTC).unwrap();
        let s = p.start;
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
