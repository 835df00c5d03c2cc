//! People the bot has seen in a server, so it can show names and so the
//! console (and CSV imports) can find someone by `@name`.

use sqlx::Row;

use super::Conn;
use crate::domain::ids::{GuildId, Timestamp, UserId};

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub user: UserId,
    pub name: String,
    /// Only the console keeps a role here; Discord's roles come from Discord.
    pub role: Option<String>,
}

pub async fn upsert(
    conn: &mut Conn,
    guild: GuildId,
    user: UserId,
    name: &str,
    role: Option<&str>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO members (guild_id, user_id, name, name_key, role, seen_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key,
           role = COALESCE(excluded.role, members.role), seen_at = excluded.seen_at",
    )
    .bind(guild.0)
    .bind(user.0)
    .bind(name)
    .bind(name.to_lowercase())
    .bind(role)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find_by_name(
    conn: &mut Conn,
    guild: GuildId,
    name: &str,
) -> Result<Option<Member>, sqlx::Error> {
    let row = sqlx::query("SELECT user_id, name, role FROM members WHERE guild_id = $1 AND name_key = $2 ORDER BY seen_at DESC LIMIT 1")
        .bind(guild.0)
        .bind(name.trim().to_lowercase())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| member(&r)).transpose()
}

pub async fn get(
    conn: &mut Conn,
    guild: GuildId,
    user: UserId,
) -> Result<Option<Member>, sqlx::Error> {
    let row =
        sqlx::query("SELECT user_id, name, role FROM members WHERE guild_id = $1 AND user_id = $2")
            .bind(guild.0)
            .bind(user.0)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|r| member(&r)).transpose()
}

pub async fn all(conn: &mut Conn, guild: GuildId) -> Result<Vec<Member>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT user_id, name, role FROM members WHERE guild_id = $1 ORDER BY user_id")
            .bind(guild.0)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter().map(member).collect()
}

pub async fn max_user_id(conn: &mut Conn, guild: GuildId) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COALESCE(MAX(user_id), 0) AS m FROM members WHERE guild_id = $1")
        .bind(guild.0)
        .fetch_one(&mut *conn)
        .await?;
    row.try_get("m")
}

fn member(row: &sqlx::any::AnyRow) -> Result<Member, sqlx::Error> {
    Ok(Member {
        user: UserId(row.try_get("user_id")?),
        name: row.try_get("name")?,
        role: row.try_get("role")?,
    })
}
