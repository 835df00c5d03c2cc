//! Visits to customers, and whom the rep met.

use super::Conn;
use crate::domain::customer::BossCadence;
use crate::domain::customer::MetWith;
use crate::domain::ids::{GuildId, Timestamp, UserId};

#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub customer_id: i64,
    pub rep: UserId,
    pub met: MetWith,
    pub at: Timestamp,
    pub note: Option<String>,
}

pub async fn insert(
    conn: &mut Conn,
    guild: GuildId,
    v: &Visit,
    now: Timestamp,
    boss: BossCadence,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO visits (guild_id, customer_id, rep_id, met, at, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(guild.0)
        .bind(v.customer_id)
        .bind(v.rep.0)
        .bind(v.met.code())
        .bind(v.at)
        .bind(v.note.clone())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    super::customers::note_visit(conn, v.customer_id, v.at, v.met.includes_boss()).await?;
    super::digests::refresh_due(conn, v.customer_id, boss).await
}
