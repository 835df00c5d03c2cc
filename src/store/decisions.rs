//! The monthly meeting's decisions, with their owners' reminders.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, opt_i64};
use crate::domain::ids::ComplaintNo;
use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::steps::StepRecord;
use crate::domain::voice::{Decision, Quote, QuoteSource};

const COLUMNS: &str = "id, what, owner_id, due_at, decided_by, decided_at, done_at, done_note";

fn decision(r: &AnyRow) -> Result<Decision, sqlx::Error> {
    Ok(Decision {
        id: r.try_get("id")?,
        what: r.try_get("what")?,
        owner: UserId(r.try_get("owner_id")?),
        due_at: r.try_get("due_at")?,
        decided_by: UserId(r.try_get("decided_by")?),
        decided_at: r.try_get("decided_at")?,
        done_at: opt_i64(r, "done_at")?,
        done_note: r.try_get("done_note")?,
    })
}

/// Records a decision; its owner is reminded at `remind_at`.
pub async fn insert(
    conn: &mut Conn,
    guild: GuildId,
    d: &Decision,
    remind_at: Timestamp,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO decisions (guild_id, what, owner_id, due_at, decided_by, decided_at, remind_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(guild.0)
    .bind(d.what.clone())
    .bind(d.owner.0)
    .bind(d.due_at)
    .bind(d.decided_by.0)
    .bind(d.decided_at)
    .bind(remind_at)
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

pub async fn get(
    conn: &mut Conn,
    guild: GuildId,
    id: i64,
) -> Result<Option<Decision>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM decisions WHERE guild_id = $1 AND id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| decision(&r)).transpose()
}

/// Marks it carried out; a done decision is not reminded.
pub async fn mark_done(
    conn: &mut Conn,
    id: i64,
    by: UserId,
    note: Option<&str>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE decisions SET done_at = $1, done_by = $2, done_note = $3, remind_at = NULL WHERE id = $4",
    )
    .bind(now)
    .bind(by.0)
    .bind(note.map(str::to_string))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The decisions taken in `[from, until)`, oldest first.
pub async fn decided_between(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<Decision>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM decisions WHERE guild_id = $1 AND decided_at >= $2 AND decided_at < $3 ORDER BY decided_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(from)
        .bind(until)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(decision).collect()
}

/// The decisions not yet done, by due date.
pub async fn open(
    conn: &mut Conn,
    guild: GuildId,
    limit: i64,
) -> Result<Vec<Decision>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM decisions WHERE guild_id = $1 AND done_at IS NULL ORDER BY due_at, id LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(decision).collect()
}

/// A decision whose owner is due a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDecision {
    pub guild: GuildId,
    pub decision: Decision,
}

pub async fn reminders_due(
    conn: &mut Conn,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<DueDecision>, sqlx::Error> {
    let sql = format!(
        "SELECT guild_id, {COLUMNS} FROM decisions WHERE remind_at IS NOT NULL AND remind_at <= $1 AND done_at IS NULL ORDER BY remind_at, id LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(DueDecision {
                guild: GuildId(r.try_get("guild_id")?),
                decision: decision(r)?,
            })
        })
        .collect()
}

/// Takes a due reminder for this transaction: false when another sweep did.
pub async fn claim_reminder(conn: &mut Conn, id: i64, now: Timestamp) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE decisions SET remind_at = NULL WHERE id = $1 AND remind_at IS NOT NULL AND remind_at <= $2",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The customers' own words written down in `[from, until)`: the "what would
/// earn a 5?" answers and the causes found at step 2, oldest first.
pub async fn quotes(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
    limit: i64,
) -> anyhow::Result<Vec<Quote>> {
    let mut out = Vec::new();
    let rows = sqlx::query(
        "SELECT cu.name, s.recorded_by, s.to_five, s.at FROM scores s JOIN customers cu ON cu.id = s.customer_id
         WHERE s.guild_id = $1 AND s.at >= $2 AND s.at < $3 AND s.to_five IS NOT NULL AND s.to_five <> ''
         ORDER BY s.at, s.id LIMIT $4",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        out.push(Quote {
            customer: r.try_get("name")?,
            rep: UserId(r.try_get("recorded_by")?),
            words: r.try_get("to_five")?,
            source: QuoteSource::ToFive,
            at: r.try_get("at")?,
        });
    }
    let rows = sqlx::query(
        "SELECT cu.name, c.number, sr.recorded_by, sr.data, sr.recorded_at FROM step_records sr
           JOIN complaints c ON c.id = sr.complaint_id JOIN customers cu ON cu.id = c.customer_id
         WHERE c.guild_id = $1 AND sr.step = 2 AND sr.superseded = 0
           AND sr.recorded_at >= $2 AND sr.recorded_at < $3
         ORDER BY sr.recorded_at, sr.id LIMIT $4",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let data: String = r.try_get("data")?;
        if let StepRecord::Cause { cause, .. } = serde_json::from_str(&data)? {
            out.push(Quote {
                customer: r.try_get("name")?,
                rep: UserId(r.try_get("recorded_by")?),
                words: cause,
                source: QuoteSource::Cause(ComplaintNo(r.try_get("number")?)),
                at: r.try_get("recorded_at")?,
            });
        }
    }
    out.sort_by_key(|q| q.at);
    Ok(out)
}
