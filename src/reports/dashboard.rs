//! The team overview of the manager's web view: the board of unfinished
//! complaints, what wants attention in the next 48 hours, and the weekly
//! acknowledgement and resolution times (median and p90, as in the weekly
//! report) with the late acknowledgements, for 12 weeks.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::config::Config;
use crate::domain::complaint::{Severity, Step};
use crate::domain::figures;
use crate::domain::ids::{GuildId, Timestamp};
use crate::domain::period::{Period, PeriodKind};
use crate::domain::report::TeamReport;
use crate::store::dashboard::{Attention, Card, Timing};
use crate::store::settings::ServerSettings;
use crate::store::{self, Conn};

pub const WEEKS: usize = 12;
/// Cards shown per column; the column's count says how many there are.
pub const CARDS_PER_COLUMN: i64 = 30;
pub const HORIZON: i64 = 48 * 3600;
/// A bound on the rows the weekly times read: far above 12 weeks of any team.
const MAX_TIMINGS: i64 = 200_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub step: Step,
    /// Unfinished complaints at this step, per severity in `Severity::ALL` order.
    pub by_severity: [i64; 4],
    /// The oldest first.
    pub cards: Vec<Card>,
}

impl Column {
    pub fn total(&self) -> i64 {
        self.by_severity.iter().sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Times {
    pub count: usize,
    pub median: Option<f64>,
    pub p90: Option<i64>,
}

impl Times {
    fn of(values: &[i64]) -> Times {
        Times {
            count: values.len(),
            median: figures::median(values),
            p90: figures::p90(values),
        }
    }
}

/// One week of the trend.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub period: Period,
    /// Complaints reported this week, from report to acknowledgement.
    pub to_acknowledge: Times,
    /// Complaints closed this week, from report to close.
    pub to_resolve: Times,
    /// Complaints reported this week whose acknowledgement came after the
    /// SLA's window, or has not come and the window has passed.
    pub late_acks: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub columns: Vec<Column>,
    pub attention: Attention,
    pub weeks: Vec<Week>,
}

impl Overview {
    pub fn open(&self) -> i64 {
        self.columns.iter().map(Column::total).sum()
    }

    pub fn late_acks(&self) -> i64 {
        self.weeks.iter().map(|w| w.late_acks).sum()
    }
}

fn severity_index(s: Severity) -> usize {
    Severity::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// Figures kept a while, per server and period start: a finished week's
/// or month's figures change only when one of its complaints is worked
/// late, and re-reading months of a large team on every page view would
/// cost more than the page.
#[derive(Debug)]
pub struct Kept<V> {
    kept: Mutex<HashMap<(GuildId, Timestamp), (Timestamp, V)>>,
}

impl<V> Default for Kept<V> {
    fn default() -> Self {
        Kept {
            kept: Mutex::default(),
        }
    }
}

pub type WeekCache = Kept<Week>;
pub type MonthCache = Kept<TeamReport>;

/// How long a finished period's figures are reused.
pub const KEEP_FINISHED_SECS: i64 = 600;
/// And the month under way's, on the meeting's page.
pub const KEEP_CURRENT_SECS: i64 = 60;

impl<V: Clone> Kept<V> {
    pub fn fresh(&self, guild: GuildId, start: Timestamp, now: Timestamp, ttl: i64) -> Option<V> {
        let kept = self.kept.lock().ok()?;
        let (at, value) = kept.get(&(guild, start))?;
        (now - at < ttl && *at <= now).then(|| value.clone())
    }

    /// Keeps `value`, and forgets what is past any use.
    pub fn keep(&self, guild: GuildId, start: Timestamp, value: V, now: Timestamp) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.retain(|_, (at, _)| now - *at < KEEP_FINISHED_SECS && *at <= now);
            kept.insert((guild, start), (now, value));
        }
    }
}

pub async fn overview(
    conn: &mut Conn,
    config: &Config,
    server: &ServerSettings,
    guild: GuildId,
    now: Timestamp,
    cache: &WeekCache,
) -> anyhow::Result<Overview> {
    let counts = store::dashboard::open_counts(conn, guild).await?;
    let mut columns = Vec::new();
    for step in Step::ALL {
        let mut by_severity = [0; 4];
        for (_, sev, n) in counts.iter().filter(|(s, _, _)| s == step) {
            by_severity[severity_index(*sev)] += n;
        }
        let cards = store::dashboard::column(conn, guild, *step, CARDS_PER_COLUMN).await?;
        columns.push(Column {
            step: *step,
            by_severity,
            cards,
        });
    }
    let attention = store::dashboard::attention(conn, guild, now, HORIZON).await?;
    let periods = match Period::containing(PeriodKind::Week, now, server.tz) {
        Some(this) => this.recent(WEEKS, server.tz),
        None => Vec::new(),
    };
    // The week under way is always read afresh; finished ones may be kept.
    let mut weeks: Vec<Option<Week>> = periods
        .iter()
        .map(|p| {
            (p.end <= now)
                .then(|| cache.fresh(guild, p.start, now, KEEP_FINISHED_SECS))
                .flatten()
        })
        .collect();
    let missing: Vec<Period> = periods
        .iter()
        .zip(&weeks)
        .filter(|(_, w)| w.is_none())
        .map(|(p, _)| *p)
        .collect();
    if let (Some(first), Some(last)) = (missing.first(), missing.last()) {
        let timings =
            store::dashboard::timings(conn, guild, first.start, last.end, MAX_TIMINGS).await?;
        let ack_due = |t: &Timing| {
            config
                .sla
                .for_severity(t.severity)
                .acknowledge
                .after(t.created_at, &server.hours)
        };
        let computed: Vec<Week> = missing
            .iter()
            .map(|p| week(*p, &timings, now, ack_due))
            .collect();
        for w in computed.iter().filter(|w| w.period.end <= now) {
            cache.keep(guild, w.period.start, w.clone(), now);
        }
        for w in computed {
            if let Some(slot) = periods.iter().position(|p| *p == w.period) {
                weeks[slot] = Some(w);
            }
        }
    }
    Ok(Overview {
        columns,
        attention,
        weeks: weeks.into_iter().flatten().collect(),
    })
}

fn week(
    period: Period,
    timings: &[Timing],
    now: Timestamp,
    ack_due: impl Fn(&Timing) -> Timestamp,
) -> Week {
    let reported: Vec<&Timing> = timings
        .iter()
        .filter(|t| period.contains(t.created_at))
        .collect();
    let acks: Vec<i64> = reported
        .iter()
        .filter_map(|t| Some(t.acknowledged_at? - t.created_at))
        .collect();
    let resolves: Vec<i64> = timings
        .iter()
        .filter_map(|t| {
            let closed = t.closed_at?;
            period.contains(closed).then_some(closed - t.created_at)
        })
        .collect();
    let late_acks = reported
        .iter()
        .filter(|t| {
            let due = ack_due(t);
            match t.acknowledged_at {
                Some(at) => at > due,
                None => due <= now,
            }
        })
        .count() as i64;
    Week {
        period,
        to_acknowledge: Times::of(&acks),
        to_resolve: Times::of(&resolves),
        late_acks,
    }
}

/// The monthly meeting's figures: the monthly report's own, kept a while.
pub async fn month(
    conn: &mut Conn,
    config: &Config,
    server: &ServerSettings,
    guild: GuildId,
    period: Period,
    now: Timestamp,
    cache: &MonthCache,
) -> anyhow::Result<TeamReport> {
    let ttl = match period.end <= now {
        true => KEEP_FINISHED_SECS,
        false => KEEP_CURRENT_SECS,
    };
    if let Some(r) = cache.fresh(guild, period.start, now, ttl) {
        return Ok(r);
    }
    let r = super::build(conn, config, server, guild, period, now).await?;
    cache.keep(guild, period.start, r.clone(), now);
    Ok(r)
}
