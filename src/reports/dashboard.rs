//! The team overview of the manager's web view: the board of unfinished
//! complaints, what wants attention in the next 48 hours, and the weekly
//! acknowledgement and resolution times (median and p90, as in the weekly
//! report) with the late acknowledgements, for 12 weeks.

use crate::config::Config;
use crate::domain::calendar::Span;
use crate::domain::complaint::{Severity, Step};
use crate::domain::ids::{GuildId, Timestamp};
use crate::domain::period::{Period, PeriodKind};
use crate::domain::period_figures::{self, VERSION, can_keep};
use crate::domain::report::REPEAT_WINDOW;
use crate::store::dashboard::{Attention, Card};
use crate::store::settings::ServerSettings;
use crate::store::{self, Backend, Conn, Db};

pub use crate::domain::period_figures::{MonthFigures, WeekFigures as Week};

pub const WEEKS: usize = 12;
/// Cards shown per column; the column's count says how many there are.
pub const CARDS_PER_COLUMN: i64 = 30;
pub const HORIZON: i64 = 48 * 3600;
/// How far before a week the complaints whose acknowledgement fell due in
/// it are looked for, at most: a window longer than this in clock time
/// (a year of closed days) would not be counted.
const LONGEST_WINDOW: i64 = 366 * 86_400;

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

pub async fn overview(
    conn: &mut Conn,
    db: &Db,
    config: &Config,
    server: &ServerSettings,
    guild: GuildId,
    now: Timestamp,
) -> anyhow::Result<Overview> {
    let (counts, attention) = store::dashboard::open(conn, guild, now, HORIZON).await?;
    let cards = store::dashboard::columns(conn, guild, CARDS_PER_COLUMN).await?;
    let mut columns = Vec::new();
    for step in Step::ALL {
        let mut by_severity = [0; 4];
        for (_, sev, n) in counts.iter().filter(|(s, _, _)| s == step) {
            by_severity[severity_index(*sev)] += n;
        }
        columns.push(Column {
            step: *step,
            by_severity,
            cards: cards.iter().filter(|c| c.step == *step).cloned().collect(),
        });
    }
    let periods = match Period::containing(PeriodKind::Week, now, server.tz) {
        Some(this) => this.recent(WEEKS, server.tz),
        None => Vec::new(),
    };
    let weeks = weeks(conn, db, config, server, guild, &periods, now).await?;
    Ok(Overview {
        columns,
        attention,
        weeks,
    })
}

/// The weeks' figures: those kept of finished weeks as they are, the rest
/// (the week under way, and finished ones not yet kept) counted from range
/// reads over just those weeks, and kept when finished.
async fn weeks(
    conn: &mut Conn,
    db: &Db,
    config: &Config,
    server: &ServerSettings,
    guild: GuildId,
    periods: &[Period],
    now: Timestamp,
) -> anyhow::Result<Vec<Week>> {
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Ok(Vec::new());
    };
    let kept = store::figures::kept(
        conn,
        guild,
        PeriodKind::Week,
        first.start,
        last.end,
        VERSION,
    )
    .await?;
    let mut weeks: Vec<Option<Week>> = periods
        .iter()
        .map(|p| {
            let (_, json) = kept.iter().find(|(start, _)| *start == p.start)?;
            let week = store::figures::week_from_json(*p, json);
            // Unreadable kept figures are counted again, as if never kept.
            week.inspect_err(|e| tracing::warn!(error = %e, "kept weekly figures unreadable"))
                .ok()
                .filter(|_| can_keep(p, now))
        })
        .collect();
    let missing: Vec<Period> = periods
        .iter()
        .zip(&weeks)
        .filter(|(_, w)| w.is_none())
        .map(|(p, _)| *p)
        .collect();
    let (Some(from), Some(until)) = (missing.first(), missing.last()) else {
        return Ok(weeks.into_iter().flatten().collect());
    };
    let (from, until) = (from.start, until.end);
    use store::figures::{Moment, reported_and};
    let acks = reported_and(conn, Moment::Acknowledged, guild, from, until).await?;
    let closes = reported_and(conn, Moment::Closed, guild, from, until).await?;
    let sla = |sev: Severity| config.sla.for_severity(sev).acknowledge;
    let due = |sev: Severity, reported: Timestamp| sla(sev).after(reported, &server.hours);
    let reported_from = Severity::ALL
        .iter()
        .map(|sev| earliest_due_from(from, |t| due(*sev, t)))
        .min()
        .unwrap_or(from);
    let candidates = store::figures::late_candidates(conn, guild, reported_from, until, |sev| {
        shortest(sla(sev), server)
    })
    .await?;
    let dues: Vec<(Timestamp, Option<Timestamp>)> = candidates
        .iter()
        .map(|(sev, reported, acked)| (due(*sev, *reported), *acked))
        .collect();
    let mut finished = Vec::new();
    for p in &missing {
        let late = period_figures::late_acks(p, now, dues.iter().copied());
        let week = Week::of(*p, &acks, &closes, late);
        if can_keep(p, now) {
            finished.push(week.clone());
        }
        if let Some(slot) = periods.iter().position(|x| x == p) {
            weeks[slot] = Some(week);
        }
    }
    keep(
        conn,
        db,
        guild,
        now,
        finished
            .iter()
            .map(|w| (w.period, store::figures::week_json(w))),
    )
    .await;
    Ok(weeks.into_iter().flatten().collect())
}

/// The earliest report time whose acknowledgement, due by `due` (which never
/// runs backwards), falls at or after `from`; at most `LONGEST_WINDOW` before.
fn earliest_due_from(from: Timestamp, due: impl Fn(Timestamp) -> Timestamp) -> Timestamp {
    let (mut before, mut at) = (from - LONGEST_WINDOW, from);
    if due(before) >= from {
        return before;
    }
    while at - before > 1 {
        let mid = before + (at - before) / 2;
        if due(mid) >= from {
            at = mid;
        } else {
            before = mid;
        }
    }
    at
}

/// The least clock time a window can take: working time never passes faster.
fn shortest(window: Span, server: &ServerSettings) -> i64 {
    match window {
        Span::Clock(secs) | Span::Working(secs) => secs.max(0),
        Span::WorkingDays(days) => days.saturating_mul(server.hours.day_secs()).max(0),
    }
}

/// Keeps finished periods' figures. A page still shows them when this fails
/// (the next view counts them again), so a failure is only logged.
async fn keep(
    conn: &mut Conn,
    db: &Db,
    guild: GuildId,
    now: Timestamp,
    figures: impl Iterator<Item = (Period, anyhow::Result<String>)>,
) {
    let figures: Vec<(Period, anyhow::Result<String>)> = figures.collect();
    if figures.is_empty() {
        return;
    }
    let result = async {
        match db.backend {
            // SQLite's writes all go through its one writer.
            Backend::Sqlite => {
                let mut tx = db.begin_write().await?;
                keep_all(&mut tx, guild, now, figures).await?;
                tx.commit().await?;
            }
            // The page's own connection: a second one from the pool, taken
            // while holding this, could wait on pages doing the same.
            Backend::Postgres => {
                let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                keep_all(&mut tx, guild, now, figures).await?;
                tx.commit().await?;
            }
        }
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = %e, guild = guild.0, "could not keep a finished period's figures");
    }
}

async fn keep_all(
    tx: &mut Conn,
    guild: GuildId,
    now: Timestamp,
    figures: Vec<(Period, anyhow::Result<String>)>,
) -> anyhow::Result<()> {
    for (period, json) in figures {
        store::figures::keep(tx, guild, &period, VERSION, &json?, now).await?;
    }
    Ok(())
}

/// Counts and keeps the finished weeks the overview shows and last month's
/// meeting figures, so that the page a manager opens next reads them kept:
/// the first view of a server otherwise counts eleven weeks (about 190 ms
/// with a million complaints). Run in the background when a link is issued.
pub async fn warm(
    db: Db,
    config: std::sync::Arc<Config>,
    server: ServerSettings,
    guild: GuildId,
    now: Timestamp,
) {
    let result = async {
        let mut conn = db.pool.acquire().await?;
        overview(&mut conn, &db, &config, &server, guild, now).await?;
        let last = Period::containing(PeriodKind::Month, now, server.tz)
            .and_then(|this| this.previous(server.tz));
        if let Some(last) = last {
            month(&mut conn, &db, guild, last, now).await?;
        }
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = %format!("{e:#}"), guild = guild.0, "could not count the web view's figures ahead");
    }
}

/// The monthly meeting's figures: kept ones for a finished month, else
/// counted from range reads (and kept, when the month is over).
pub async fn month(
    conn: &mut Conn,
    db: &Db,
    guild: GuildId,
    period: Period,
    now: Timestamp,
) -> anyhow::Result<MonthFigures> {
    if can_keep(&period, now) {
        let kept = store::figures::kept(
            conn,
            guild,
            PeriodKind::Month,
            period.start,
            period.start + 1,
            VERSION,
        )
        .await?;
        if let Some((_, json)) = kept.first() {
            match store::figures::month_from_json(period, json) {
                Ok(m) => return Ok(m),
                Err(e) => tracing::warn!(error = %e, "kept monthly figures unreadable"),
            }
        }
    }
    let (from, until) = (period.start, period.end);
    let opened = store::figures::opened(conn, guild, from, until).await?;
    let crises = store::figures::crises(conn, guild, from, until, REPEAT_WINDOW).await?;
    let causes = store::reports::causes(conn, guild, from, until).await?;
    let m = MonthFigures::of(period, &opened, &crises, &causes);
    if can_keep(&period, now) {
        keep(
            conn,
            db,
            guild,
            now,
            std::iter::once((period, store::figures::month_json(&m))),
        )
        .await;
    }
    Ok(m)
}
