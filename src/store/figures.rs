//! The web view's figures of a period: the rows they are made of, read by
//! time range through an index each (never the whole table), and the
//! finished periods' figures kept in `period_figures` once computed.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{Conn, coded, decoded, opt_i64};
use crate::domain::complaint::{Category, Severity};
use crate::domain::ids::{GuildId, Timestamp};
use crate::domain::period::{Period, PeriodKind};
use crate::domain::period_figures::{CRISIS_CATEGORIES, MonthFigures, Pair, WeekFigures};
use crate::domain::report::Durations;

fn kind_code(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Week => "week",
        PeriodKind::Month => "month",
    }
}

/// The kept figures of `kind` whose periods start in `[from, until)`, of
/// this `version`: (period start, figures as JSON).
pub async fn kept(
    conn: &mut Conn,
    guild: GuildId,
    kind: PeriodKind,
    from: Timestamp,
    until: Timestamp,
    version: i64,
) -> Result<Vec<(Timestamp, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT period_start, figures FROM period_figures
         WHERE guild_id = $1 AND kind = $2 AND period_start >= $3 AND period_start < $4 AND version = $5",
    )
    .bind(guild.0)
    .bind(kind_code(kind))
    .bind(from)
    .bind(until)
    .bind(version)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("period_start")?, r.try_get("figures")?)))
        .collect()
}

/// Keeps a finished period's figures. They are only counted again when none
/// readable of this version are kept, so this replaces an older version's,
/// an unreadable row, or the same figures kept by another instance a moment
/// before.
pub async fn keep(
    conn: &mut Conn,
    guild: GuildId,
    period: &Period,
    version: i64,
    figures: &str,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO period_figures (guild_id, kind, period_start, period_end, version, figures, computed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (guild_id, kind, period_start) DO UPDATE
           SET period_end = excluded.period_end, version = excluded.version,
               figures = excluded.figures, computed_at = excluded.computed_at",
    )
    .bind(guild.0)
    .bind(kind_code(period.kind))
    .bind(period.start)
    .bind(period.end)
    .bind(version)
    .bind(figures)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct KeptWeek {
    ack: Durations,
    resolve: Durations,
    late_acks: i64,
}

pub fn week_json(w: &WeekFigures) -> anyhow::Result<String> {
    Ok(serde_json::to_string(&KeptWeek {
        ack: w.to_acknowledge,
        resolve: w.to_resolve,
        late_acks: w.late_acks,
    })?)
}

pub fn week_from_json(period: Period, json: &str) -> anyhow::Result<WeekFigures> {
    let k: KeptWeek = serde_json::from_str(json).context("kept weekly figures")?;
    Ok(WeekFigures {
        period,
        to_acknowledge: k.ack,
        to_resolve: k.resolve,
        late_acks: k.late_acks,
    })
}

/// Categories by code, so the kept text reads the same in both databases.
#[derive(Serialize, Deserialize)]
struct KeptMonth {
    opened: i64,
    by_category: Vec<(String, i64)>,
    crises: Vec<(String, i64)>,
    causes: Vec<(String, i64)>,
}

pub fn month_json(m: &MonthFigures) -> anyhow::Result<String> {
    let codes = |list: &[(Category, i64)]| {
        list.iter()
            .map(|(c, n)| (c.code().to_string(), *n))
            .collect()
    };
    Ok(serde_json::to_string(&KeptMonth {
        opened: m.opened,
        by_category: codes(&m.by_category),
        crises: codes(&m.crises),
        causes: m.causes.clone(),
    })?)
}

pub fn month_from_json(period: Period, json: &str) -> anyhow::Result<MonthFigures> {
    let k: KeptMonth = serde_json::from_str(json).context("kept monthly figures")?;
    let categories = |list: Vec<(String, i64)>| -> anyhow::Result<Vec<(Category, i64)>> {
        list.into_iter()
            .map(|(c, n)| Ok((decoded(&c, "figures", Category::from_code)?, n)))
            .collect()
    };
    let crises = categories(k.crises)?;
    let count = |k: Category| crises.iter().find(|(c, _)| *c == k).map_or(0, |(_, n)| *n);
    Ok(MonthFigures {
        period,
        opened: k.opened,
        by_category: categories(k.by_category)?,
        crises: CRISIS_CATEGORIES.map(|c| (c, count(c))),
        causes: k.causes,
    })
}

/// The moment after the report that a week's times run to.
#[derive(Clone, Copy)]
pub enum Moment {
    /// Acknowledged: from the `complaints_acknowledged` index alone.
    Acknowledged,
    /// Closed (not rejected).
    Closed,
}

/// (reported, moment) of the complaints whose `moment` fell in `[from, until)`.
pub async fn reported_and(
    conn: &mut Conn,
    moment: Moment,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<Pair>, sqlx::Error> {
    let (col, only) = match moment {
        Moment::Acknowledged => ("acknowledged_at", ""),
        Moment::Closed => ("closed_at", " AND status = 'closed'"),
    };
    let sql = format!(
        "SELECT created_at, {col} FROM complaints
         WHERE guild_id = $1 AND {col} >= $2 AND {col} < $3{only}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(from)
        .bind(until)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("created_at")?, r.try_get(col)?)))
        .collect()
}

/// Complaints reported in `[from, until)` that could have been acknowledged
/// late: not acknowledged, or later than `shortest(severity)` after the
/// report (no window of that severity is shorter in clock time), so the
/// many on time are counted out in the database.
pub async fn late_candidates(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
    shortest: impl Fn(Severity) -> i64,
) -> Result<Vec<(Severity, Timestamp, Option<Timestamp>)>, sqlx::Error> {
    let cases: String = Severity::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!(" WHEN '{}' THEN ${}", s.code(), i + 4))
        .collect();
    let sql = format!(
        "SELECT severity, created_at, acknowledged_at FROM complaints
         WHERE guild_id = $1 AND created_at >= $2 AND created_at < $3
           AND (acknowledged_at IS NULL
                OR acknowledged_at - created_at > CASE severity{cases} ELSE 0 END)"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(from)
        .bind(until);
    for s in Severity::ALL {
        q = q.bind(shortest(*s));
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok((
                coded(r, "severity", Severity::from_code)?,
                r.try_get("created_at")?,
                opt_i64(r, "acknowledged_at")?,
            ))
        })
        .collect()
}

fn counted(rows: &[sqlx::any::AnyRow]) -> Result<Vec<(Category, i64)>, sqlx::Error> {
    rows.iter()
        .map(|r| Ok((coded(r, "category", Category::from_code)?, r.try_get("n")?)))
        .collect()
}

/// Complaints reported in `[from, until)`, per category.
pub async fn opened(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<(Category, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT category, COUNT(*) AS n FROM complaints
         WHERE guild_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY category",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    counted(&rows)
}

/// Complaints reported in `[from, until)` that are crises (`report::is_crisis`:
/// high or critical, with the boss/KP, or their customer complained before
/// within `window` seconds), per crisis category; the earlier complaint is
/// looked up through `complaints_by_customer`.
pub async fn crises(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
    window: i64,
) -> Result<Vec<(Category, i64)>, sqlx::Error> {
    let list = |codes: Vec<&str>| {
        codes
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let categories = list(CRISIS_CATEGORIES.iter().map(|c| c.code()).collect());
    let serious = list(
        Severity::ALL
            .iter()
            .filter(|s| **s >= Severity::High)
            .map(|s| s.code())
            .collect(),
    );
    let sql = format!(
        "SELECT c.category, COUNT(*) AS n FROM complaints c
         WHERE c.guild_id = $1 AND c.created_at >= $2 AND c.created_at < $3
           AND c.category IN ({categories})
           AND (c.severity IN ({serious}) OR c.category = '{boss}'
                OR EXISTS (SELECT 1 FROM complaints o WHERE o.customer_id = c.customer_id
                             AND o.created_at < c.created_at AND o.created_at >= c.created_at - $4))
         GROUP BY c.category",
        boss = Category::Boss.code()
    );
    // PostgreSQL prices a probe per complaint high enough, on a large month,
    // to compile the query (JIT) first: that costs more than the query.
    let postgres = super::backend_of(conn) == super::Backend::Postgres;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    if postgres {
        sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await?;
    }
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(from)
        .bind(until)
        .bind(window)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    counted(&rows)
}
