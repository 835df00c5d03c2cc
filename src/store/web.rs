//! Links to the manager's web view: issued by `/report dashboard`, ended by
//! a logout. The signature proves who a link is for; this table says
//! whether it still stands.

use sqlx::Row;

use super::{Conn, opt_i64};
use crate::domain::ids::{GuildId, Timestamp, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredLink {
    pub guild: GuildId,
    pub user: UserId,
    pub expires_at: Timestamp,
    pub ended_at: Option<Timestamp>,
}

pub async fn issue(
    conn: &mut Conn,
    guild: GuildId,
    user: UserId,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO web_links (guild_id, user_id, issued_at, expires_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(guild.0)
    .bind(user.0)
    .bind(now)
    .bind(expires_at)
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<StoredLink>, sqlx::Error> {
    let row =
        sqlx::query("SELECT guild_id, user_id, expires_at, ended_at FROM web_links WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|r| {
        Ok(StoredLink {
            guild: GuildId(r.try_get("guild_id")?),
            user: UserId(r.try_get("user_id")?),
            expires_at: r.try_get("expires_at")?,
            ended_at: opt_i64(&r, "ended_at")?,
        })
    })
    .transpose()
}

/// The first opening is kept, for an operator asking who used a link.
pub async fn opened(conn: &mut Conn, id: i64, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE web_links SET opened_at = $2 WHERE id = $1 AND opened_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Logout: the link and every session opened with it end now.
pub async fn end(conn: &mut Conn, id: i64, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE web_links SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
