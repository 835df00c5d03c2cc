//! Scheduled jobs per server (digests), with their next run kept here so a
//! restart neither skips nor repeats one.

use sqlx::Row;

use super::Conn;
use crate::domain::ids::{GuildId, Timestamp};
use crate::domain::schedules::ScheduleName;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub guild: GuildId,
    pub name: ScheduleName,
    pub cron: String,
    pub next_run_at: Timestamp,
}

/// `('rep_digest', …)`: the names this version runs, for SQL. They are the
/// program's own constants, never user text.
fn known_names() -> String {
    let quoted: Vec<String> = ScheduleName::CODES
        .iter()
        .map(|c| format!("'{c}'"))
        .collect();
    format!("({})", quoted.join(", "))
}

/// Removes the schedules of jobs this version no longer has (a retired
/// report), so they are neither counted nor run.
pub async fn retire_unknown(conn: &mut Conn) -> Result<u64, sqlx::Error> {
    let sql = format!("DELETE FROM schedules WHERE name NOT IN {}", known_names());
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Adds the schedule if missing, or re-times it when its cron changed.
pub async fn ensure(
    conn: &mut Conn,
    guild: GuildId,
    name: ScheduleName,
    cron: &str,
    next_run_at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO schedules (guild_id, name, cron, next_run_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (guild_id, name) DO UPDATE SET cron = excluded.cron, next_run_at = excluded.next_run_at
         WHERE schedules.cron <> excluded.cron",
    )
    .bind(guild.0)
    .bind(name.code())
    .bind(cron)
    .bind(next_run_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn due(conn: &mut Conn, now: Timestamp) -> Result<Vec<Schedule>, sqlx::Error> {
    let rows = sqlx::query("SELECT guild_id, name, cron, next_run_at FROM schedules WHERE next_run_at <= $1 ORDER BY next_run_at")
        .bind(now)
        .fetch_all(&mut *conn)
        .await?;
    let mut due = Vec::with_capacity(rows.len());
    for r in &rows {
        let name: String = r.try_get("name")?;
        // A retired job's row waits for `retire_unknown`; it has nothing to run.
        let Some(name) = ScheduleName::from_code(&name) else {
            continue;
        };
        due.push(Schedule {
            guild: GuildId(r.try_get("guild_id")?),
            name,
            cron: r.try_get("cron")?,
            next_run_at: r.try_get("next_run_at")?,
        });
    }
    Ok(due)
}

/// Moves a due schedule on; false when another sweep already did.
pub async fn claim(
    conn: &mut Conn,
    s: &Schedule,
    next: Timestamp,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE schedules SET next_run_at = $1, last_run_at = $2 WHERE guild_id = $3 AND name = $4 AND next_run_at = $5",
    )
    .bind(next)
    .bind(now)
    .bind(s.guild.0)
    .bind(s.name.code())
    .bind(s.next_run_at)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count(conn: &mut Conn) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM schedules WHERE name IN {}",
        known_names()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}
