//! The figures of the weekly and monthly reports (seed 002's monthly "voice
//! of the customer" meeting), computed from plain facts so each one can be
//! checked by hand. What counts where:
//!
//! - opened: reported within the period; closed / rejected: finished within it.
//! - time to acknowledge: for each acknowledgement made within the period,
//!   from the report to the acknowledgement (clock time); time to resolve:
//!   for each complaint closed within the period, from the report to the
//!   close; time to tell: for each step-4 "customer told" within the
//!   period, from the solution's approval (or its step-3 record when no
//!   approval was needed) to the telling. Median and p90 as in `figures` (p90 = nearest rank).
//! - SLA breaches: complaints whose acknowledgement fell due within the
//!   period (their severity's window, in the server's working hours) and
//!   came later than that, or had not come by the report's time; plus step-2
//!   promises that passed with the solution not carried out.
//! - open by step: where unfinished complaints stand now.
//! - harms: of the complaints reported within the period and assessed,
//!   how many did some or serious harm to the body, feelings or money.
//! - repeated complaints: customers with two or more complaints reported in
//!   the 90 days up to the period's end.
//! - crises (product, team, boss): complaints reported within the period that
//!   are crises, not mere problems (seed 001): high or critical, a customer
//!   who complained before within 90 days, or the boss/KP (`is_crisis`).
//! - root causes: the step-2 causes recorded within the period, grouped when
//!   equal after case, spacing and final punctuation are set aside.
//! - scores: those recorded within the period; the trend is the average
//!   "overall" of each of the recent periods.

use std::collections::BTreeMap;

use super::complaint::{Category, Severity, Status, Step};
use super::figures;
use super::harms::{HarmTally, Harms};
use super::ids::Timestamp;
use super::period::Period;

pub const REPEAT_WINDOW: i64 = 90 * 86_400;
const TOP: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintFact {
    pub customer_id: i64,
    pub customer: String,
    pub category: Category,
    pub severity: Severity,
    pub status: Status,
    pub step: Step,
    pub created_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// When its acknowledgement was due under its severity's SLA.
    pub ack_due: Timestamp,
    /// The three harms, when assessed at `/complaint new`.
    pub harms: Option<Harms>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreFact {
    pub at: Timestamp,
    pub overall: i64,
    pub again: i64,
    pub recommend: i64,
}

/// Step 4's "customer told": when, and how long after the solution was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TellFact {
    pub told_at: Timestamp,
    pub after: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CauseFact {
    pub at: Timestamp,
    pub cause: String,
}

pub struct Input<'a> {
    pub period: Period,
    /// The recent periods for the score trend, oldest first, ending with `period`.
    pub trend: &'a [Period],
    pub now: Timestamp,
    pub complaints: &'a [ComplaintFact],
    pub causes: &'a [CauseFact],
    pub told: &'a [TellFact],
    pub promises_broken: i64,
    pub scores: &'a [ScoreFact],
    pub overdue_visits: i64,
    pub overdue_boss: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Durations {
    pub count: usize,
    pub median: Option<f64>,
    pub p90: Option<i64>,
}

impl Durations {
    pub fn of(values: &[i64]) -> Durations {
        Durations {
            count: values.len(),
            median: figures::median(values),
            p90: figures::p90(values),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreSummary {
    pub count: usize,
    pub overall: Option<f64>,
    pub again: Option<f64>,
    pub recommend: Option<f64>,
    /// How many "overall" answers were 1, 2, 3, 4, 5.
    pub distribution: [i64; 5],
    /// Scores with any answer below 4.
    pub low: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamReport {
    pub period: Period,
    pub opened: i64,
    pub closed: i64,
    pub rejected: i64,
    /// Complaints opened, per category (those with any), in catalogue order.
    pub by_category: Vec<(Category, i64)>,
    pub to_acknowledge: Durations,
    pub to_resolve: Durations,
    /// From the settled solution to telling the customer, for each told within the period.
    pub to_tell: Durations,
    pub late_acks: i64,
    pub promises_broken: i64,
    pub open_by_step: [i64; 5],
    /// The harms of the complaints opened within the period.
    pub harms: HarmTally,
    pub awaiting_approval: i64,
    pub repeated: Vec<(String, i64)>,
    /// Complaints opened in the period that are crises, per crisis category.
    pub crises: [(Category, i64); 3],
    pub causes: Vec<(String, i64)>,
    pub overdue_visits: i64,
    pub overdue_boss: i64,
    pub scores: ScoreSummary,
    pub trend: Vec<(Period, Option<f64>)>,
}

impl TeamReport {
    pub fn sla_breaches(&self) -> i64 {
        self.late_acks + self.promises_broken
    }

    /// Product, team and boss: seed 001's three after-sales crises, counting
    /// only the complaints of the period that are crises, not mere problems.
    pub fn crises(&self) -> [(Category, i64); 3] {
        self.crises
    }
}

/// The grouping key of a root cause: case, spacing and final punctuation aside.
pub fn cause_key(cause: &str) -> String {
    let spaced = cause.split_whitespace().collect::<Vec<_>>().join(" ");
    spaced
        .trim_end_matches(['.', '!', '?', ';', '。', '！', '？', '；', '…'])
        .to_lowercase()
}

fn top(mut counted: Vec<(String, i64)>, limit: usize) -> Vec<(String, i64)> {
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counted.truncate(limit);
    counted
}

/// From the report to each later moment (an acknowledgement, a close) that
/// fell within the period; `pairs` holds (reported, moment).
pub fn times_within(p: &Period, pairs: impl Iterator<Item = (Timestamp, Timestamp)>) -> Vec<i64> {
    pairs
        .filter(|(_, at)| p.contains(*at))
        .map(|(reported, at)| at - reported)
        .collect()
}

/// An acknowledgement due at `due` that counts as late in the period: due
/// within it before `horizon` (the report's time, or the period's end), and
/// come after that or not at all.
pub fn is_late(p: &Period, horizon: Timestamp, due: Timestamp, acked: Option<Timestamp>) -> bool {
    p.start <= due && due < horizon.min(p.end) && acked.is_none_or(|a| a > due)
}

pub fn causes(period: &Period, facts: &[CauseFact]) -> Vec<(String, i64)> {
    // key -> (first wording seen, count)
    let mut grouped: BTreeMap<String, (String, i64)> = BTreeMap::new();
    for f in facts.iter().filter(|f| period.contains(f.at)) {
        let key = cause_key(&f.cause);
        if key.is_empty() {
            continue;
        }
        grouped
            .entry(key)
            .or_insert_with(|| (f.cause.trim().to_string(), 0))
            .1 += 1;
    }
    top(grouped.into_values().collect(), TOP)
}

fn repeated(period: &Period, complaints: &[ComplaintFact]) -> Vec<(String, i64)> {
    let since = period.end - REPEAT_WINDOW;
    let mut per_customer: BTreeMap<i64, (String, i64)> = BTreeMap::new();
    for c in complaints
        .iter()
        .filter(|c| since <= c.created_at && c.created_at < period.end)
    {
        per_customer
            .entry(c.customer_id)
            .or_insert_with(|| (c.customer.clone(), 0))
            .1 += 1;
    }
    let twice = per_customer
        .into_values()
        .filter(|(_, n)| *n >= 2)
        .collect();
    top(twice, 10)
}

fn scores(period: &Period, facts: &[ScoreFact]) -> ScoreSummary {
    let inside: Vec<&ScoreFact> = facts.iter().filter(|s| period.contains(s.at)).collect();
    let pick = |f: fn(&ScoreFact) -> i64| inside.iter().map(|s| f(s)).collect::<Vec<i64>>();
    let overall = pick(|s| s.overall);
    ScoreSummary {
        count: inside.len(),
        overall: figures::mean(&overall),
        again: figures::mean(&pick(|s| s.again)),
        recommend: figures::mean(&pick(|s| s.recommend)),
        distribution: figures::distribution(&overall),
        low: inside
            .iter()
            .filter(|s| s.overall.min(s.again).min(s.recommend) < super::scoring::SATISFIED)
            .count(),
    }
}

/// Seed 001 tells a problem from a crisis: a crisis does harm beyond the one
/// customer. We count a complaint as one when it is serious (high or
/// critical), when its customer complained before within the repeat window
/// (it keeps coming back), or when it is with the boss/KP — the team's own
/// reading of the text.
pub fn is_crisis(c: &ComplaintFact, all: &[ComplaintFact]) -> bool {
    serious(c)
        || all.iter().any(|o| {
            o.customer_id == c.customer_id
                && o.created_at < c.created_at
                && c.created_at - o.created_at <= REPEAT_WINDOW
        })
}

fn serious(c: &ComplaintFact) -> bool {
    c.severity >= Severity::High || c.category == Category::Boss
}

/// Each customer's report times, sorted: `is_crisis` for a month of a large
/// team without comparing every complaint with every other (the web view's
/// monthly page took seconds on a million complaints).
struct Earlier(std::collections::HashMap<i64, Vec<Timestamp>>);

impl Earlier {
    fn of(all: &[ComplaintFact]) -> Earlier {
        let mut times: std::collections::HashMap<i64, Vec<Timestamp>> = Default::default();
        for c in all {
            times.entry(c.customer_id).or_default().push(c.created_at);
        }
        for list in times.values_mut() {
            list.sort_unstable();
        }
        Earlier(times)
    }

    /// `is_crisis(c, all)`, with `all` the complaints this was made of.
    fn crisis(&self, c: &ComplaintFact) -> bool {
        serious(c)
            || self.0.get(&c.customer_id).is_some_and(|times| {
                // The latest report before this one decides.
                let before = times.partition_point(|t| *t < c.created_at);
                before > 0 && c.created_at - times[before - 1] <= REPEAT_WINDOW
            })
    }
}

pub fn compute(input: &Input<'_>) -> TeamReport {
    let p = &input.period;
    let cs = input.complaints;
    let count = |f: &dyn Fn(&ComplaintFact) -> bool| cs.iter().filter(|c| f(c)).count() as i64;
    let finished_in = |c: &ComplaintFact, status: Status| {
        c.status == status && c.closed_at.is_some_and(|t| p.contains(t))
    };
    let by_category = Category::ALL
        .iter()
        .map(|k| (*k, count(&|c| c.category == *k && p.contains(c.created_at))))
        .filter(|(_, n)| *n > 0)
        .collect();
    let acked = times_within(
        p,
        cs.iter()
            .filter_map(|c| Some((c.created_at, c.acknowledged_at?))),
    );
    let resolved: Vec<i64> = cs
        .iter()
        .filter(|c| finished_in(c, Status::Closed))
        .filter_map(|c| Some(c.closed_at? - c.created_at))
        .collect();
    // Only deadlines already passed by the report's time can have been missed.
    let late_acks = count(&|c| is_late(p, input.now, c.ack_due, c.acknowledged_at));
    let mut open_by_step = [0; 5];
    for c in cs.iter().filter(|c| !c.status.is_finished()) {
        open_by_step[(c.step.number() - 1).clamp(0, 4) as usize] += 1;
    }
    TeamReport {
        period: *p,
        opened: count(&|c| p.contains(c.created_at)),
        closed: count(&|c| finished_in(c, Status::Closed)),
        rejected: count(&|c| finished_in(c, Status::Rejected)),
        by_category,
        to_acknowledge: Durations::of(&acked),
        to_resolve: Durations::of(&resolved),
        to_tell: Durations::of(
            &input
                .told
                .iter()
                .filter(|t| p.contains(t.told_at))
                .map(|t| t.after)
                .collect::<Vec<_>>(),
        ),
        late_acks,
        promises_broken: input.promises_broken,
        open_by_step,
        harms: HarmTally::of(
            cs.iter()
                .filter(|c| p.contains(c.created_at))
                .filter_map(|c| c.harms.as_ref()),
        ),
        awaiting_approval: count(&|c| c.status == Status::AwaitingApproval),
        repeated: repeated(p, cs),
        crises: {
            let earlier = Earlier::of(cs);
            [Category::Product, Category::Team, Category::Boss].map(|k| {
                let crisis = |c: &ComplaintFact| {
                    c.category == k && p.contains(c.created_at) && earlier.crisis(c)
                };
                (k, count(&crisis))
            })
        },
        causes: causes(p, input.causes),
        overdue_visits: input.overdue_visits,
        overdue_boss: input.overdue_boss,
        scores: scores(p, input.scores),
        trend: input
            .trend
            .iter()
            .map(|t| (*t, scores(t, input.scores).overall))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::PeriodKind;

    const H: i64 = 3600;

    fn period() -> Period {
        Period::containing(PeriodKind::Week, 1_795_428_000, chrono_tz::Tz::UTC).unwrap()
    }

    fn fact(customer: i64, created: i64, acked: Option<i64>, closed: Option<i64>) -> ComplaintFact {
        ComplaintFact {
            customer_id: customer,
            customer: format!("C{customer}"),
            category: Category::Product,
            severity: Severity::High,
            status: if closed.is_some() {
                Status::Closed
            } else {
                Status::Active
            },
            step: if closed.is_some() {
                Step::Reinforce
            } else {
                Step::Cause
            },
            created_at: created,
            acknowledged_at: acked,
            closed_at: closed,
            ack_due: created + H,
            harms: None,
        }
    }

    #[test]
    fn figures_of_a_small_week() {
        let p = period();
        let s = p.start;
        let complaints = [
            fact(1, s + H, Some(s + H + 600), Some(s + 5 * H)),
            fact(1, s + 2 * H, Some(s + 4 * H), None),
            fact(2, s - 86_400, Some(s + 3 * H), Some(s + 10 * H)),
            fact(3, s + 3 * H, None, None),
        ];
        let causes = [
            CauseFact {
                at: s + H,
                cause: "Seal cracked.".into(),
            },
            CauseFact {
                at: s + 2 * H,
                cause: "seal  cracked".into(),
            },
            CauseFact {
                at: s + 3 * H,
                cause: "late truck".into(),
            },
            CauseFact {
                at: s - H,
                cause: "late truck".into(),
            },
        ];
        let trend = p.recent(2, chrono_tz::Tz::UTC);
        let scores = [
            ScoreFact {
                at: s + H,
                overall: 5,
                again: 4,
                recommend: 4,
            },
            ScoreFact {
                at: s + 2 * H,
                overall: 3,
                again: 4,
                recommend: 5,
            },
            ScoreFact {
                at: s - H,
                overall: 2,
                again: 2,
                recommend: 2,
            },
        ];
        let r = compute(&Input {
            period: p,
            trend: &trend,
            now: s + 86_400,
            complaints: &complaints,
            causes: &causes,
            told: &[],
            promises_broken: 1,
            scores: &scores,
            overdue_visits: 2,
            overdue_boss: 1,
        });
        assert_eq!((r.opened, r.closed, r.rejected), (3, 2, 0));
        assert_eq!(r.by_category, vec![(Category::Product, 3)]);
        // Acknowledged within the week after 600 s, 2 h and 27 h.
        assert_eq!(r.to_acknowledge.count, 3);
        assert_eq!(r.to_acknowledge.median, Some(7200.0));
        assert_eq!(r.to_acknowledge.p90, Some(27 * H));
        // Resolved after 4 h and 34 h.
        assert_eq!(r.to_resolve.median, Some(19.0 * H as f64));
        assert_eq!(r.to_resolve.p90, Some(34 * H));
        // Late: #2 (2 h > 1 h), #4 (never, due passed); #3 fell due last week.
        assert_eq!(r.late_acks, 2);
        assert_eq!(r.sla_breaches(), 3);
        assert_eq!(r.open_by_step, [0, 2, 0, 0, 0]);
        assert_eq!(r.repeated, vec![("C1".to_string(), 2)]);
        assert_eq!(
            r.causes,
            vec![
                ("Seal cracked.".to_string(), 2),
                ("late truck".to_string(), 1)
            ]
        );
        assert_eq!(r.scores.count, 2);
        assert_eq!(r.scores.overall, Some(4.0));
        assert_eq!(r.scores.distribution, [0, 0, 1, 0, 1]);
        assert_eq!(r.scores.low, 1);
        assert_eq!(
            r.trend.iter().map(|t| t.1).collect::<Vec<_>>(),
            [Some(2.0), Some(4.0)]
        );
    }

    #[test]
    fn causes_group_by_key() {
        assert_eq!(cause_key("  Seal   Cracked。"), "seal cracked");
        assert_eq!(cause_key("密封圈 开裂！"), "密封圈 开裂");
    }

    #[test]
    fn only_crises_count_as_crises() {
        let p = period();
        let t = p.start + H;
        let with = |customer, category, severity, created| ComplaintFact {
            category,
            severity,
            ..fact(customer, created, None, None)
        };
        let plain = with(1, Category::Product, Severity::Normal, t);
        let serious = with(2, Category::Team, Severity::High, t);
        let boss = with(3, Category::Boss, Severity::Low, t);
        let earlier = with(4, Category::Service, Severity::Low, t - 30 * 86_400);
        let again = with(4, Category::Product, Severity::Low, t);
        let all = [
            plain.clone(),
            serious.clone(),
            boss.clone(),
            earlier,
            again.clone(),
        ];
        assert!(
            !is_crisis(&plain, &all),
            "a one-off normal product complaint is a problem"
        );
        assert!(is_crisis(&serious, &all));
        assert!(is_crisis(&boss, &all), "the boss is always a crisis");
        assert!(
            is_crisis(&again, &all),
            "a customer who keeps complaining is"
        );
        let index = Earlier::of(&all);
        for c in &all {
            assert_eq!(index.crisis(c), is_crisis(c, &all), "{c:?}");
        }
        // At the window's edge, at the same moment, and just past it.
        let w = REPEAT_WINDOW;
        let edge = [
            with(9, Category::Product, Severity::Low, t - w),
            with(9, Category::Product, Severity::Low, t),
            with(9, Category::Product, Severity::Low, t),
            with(9, Category::Product, Severity::Low, t + w + 1),
        ];
        let index = Earlier::of(&edge);
        for c in &edge {
            assert_eq!(index.crisis(c), is_crisis(c, &edge), "{c:?}");
        }
        let input = Input {
            period: p,
            trend: &[p],
            now: p.end,
            complaints: &all,
            causes: &[],
            told: &[],
            promises_broken: 0,
            scores: &[],
            overdue_visits: 0,
            overdue_boss: 0,
        };
        let r = compute(&input);
        assert_eq!(
            r.crises(),
            [
                (Category::Product, 1),
                (Category::Team, 1),
                (Category::Boss, 1)
            ],
            "two product complaints, one of them a crisis"
        );
    }
}
