//! A lost customer's win-back checklist: which of seed 003's seven steps are done, and when.

use sqlx::Row;

use super::Conn;
use crate::domain::ids::{GuildId, Timestamp, UserId};

/// Ticks `step` as done at `at`; ticking it again moves the date.
pub async fn tick(
    conn: &mut Conn,
    guild: GuildId,
    customer_id: i64,
    step: i64,
    at: Timestamp,
    by: UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO win_back_steps (guild_id, customer_id, step, done_at, done_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (customer_id, step) DO UPDATE SET done_at = excluded.done_at, done_by = excluded.done_by",
    )
    .bind(guild.0)
    .bind(customer_id)
    .bind(step)
    .bind(at)
    .bind(by.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The steps done so far, as (step, when), in step order.
pub async fn done(conn: &mut Conn, customer_id: i64) -> Result<Vec<(i64, Timestamp)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT step, done_at FROM win_back_steps WHERE customer_id = $1 ORDER BY step",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("step")?, r.try_get("done_at")?)))
        .collect()
}

/// A customer lost again starts the checklist over.
pub async fn clear(conn: &mut Conn, customer_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM win_back_steps WHERE customer_id = $1")
        .bind(customer_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
