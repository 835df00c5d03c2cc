//! Per-server settings. A missing value falls back to the config file.

use sqlx::Row;

use super::{Conn, opt_i64};
use crate::domain::ids::{ChannelId, GuildId, RoleId, Timestamp};

/// What a server chose; `None` means "use the configured default".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredSettings {
    pub language: Option<String>,
    pub timezone: Option<String>,
    pub complaints_channel: Option<ChannelId>,
    pub alerts_channel: Option<ChannelId>,
    pub manager_role: Option<RoleId>,
    pub second_role: Option<RoleId>,
    pub approval_threshold: Option<i64>,
    pub work_days: Option<String>,
    pub work_hours: Option<String>,
    pub webhook_url: Option<String>,
    pub webhook_format: Option<String>,
}

pub async fn load(conn: &mut Conn, guild: GuildId) -> Result<StoredSettings, sqlx::Error> {
    let row = sqlx::query(
        "SELECT language, timezone, complaints_channel, alerts_channel, manager_role, second_role, approval_threshold,
           work_days, work_hours, webhook_url, webhook_format
         FROM guild_settings WHERE guild_id = $1",
    )
    .bind(guild.0)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(StoredSettings::default());
    };
    Ok(StoredSettings {
        language: row.try_get("language")?,
        timezone: row.try_get("timezone")?,
        complaints_channel: opt_i64(&row, "complaints_channel")?.map(ChannelId),
        alerts_channel: opt_i64(&row, "alerts_channel")?.map(ChannelId),
        manager_role: opt_i64(&row, "manager_role")?.map(RoleId),
        second_role: opt_i64(&row, "second_role")?.map(RoleId),
        approval_threshold: opt_i64(&row, "approval_threshold")?,
        work_days: row.try_get("work_days")?,
        work_hours: row.try_get("work_hours")?,
        webhook_url: row.try_get("webhook_url")?,
        webhook_format: row.try_get("webhook_format")?,
    })
}

/// Stores `s` whole; callers merge changes into what `load` returned.
pub async fn save(
    conn: &mut Conn,
    guild: GuildId,
    s: &StoredSettings,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO guild_settings (guild_id, language, timezone, complaints_channel, alerts_channel, manager_role, second_role,
           approval_threshold, updated_at, work_days, work_hours, webhook_url, webhook_format)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (guild_id) DO UPDATE SET language = excluded.language, timezone = excluded.timezone,
           complaints_channel = excluded.complaints_channel, alerts_channel = excluded.alerts_channel,
           manager_role = excluded.manager_role, second_role = excluded.second_role,
           approval_threshold = excluded.approval_threshold, updated_at = excluded.updated_at,
           work_days = excluded.work_days, work_hours = excluded.work_hours,
           webhook_url = excluded.webhook_url, webhook_format = excluded.webhook_format",
    )
    .bind(guild.0)
    .bind(s.language.clone())
    .bind(s.timezone.clone())
    .bind(s.complaints_channel.map(|c| c.0))
    .bind(s.alerts_channel.map(|c| c.0))
    .bind(s.manager_role.map(|r| r.0))
    .bind(s.second_role.map(|r| r.0))
    .bind(s.approval_threshold)
    .bind(now)
    .bind(s.work_days.clone())
    .bind(s.work_hours.clone())
    .bind(s.webhook_url.clone())
    .bind(s.webhook_format.clone())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Makes sure the server has a settings row, so scheduled digests know of it.
pub async fn touch(conn: &mut Conn, guild: GuildId, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO guild_settings (guild_id, updated_at) VALUES ($1, $2) ON CONFLICT (guild_id) DO NOTHING")
        .bind(guild.0)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn guilds(conn: &mut Conn) -> Result<Vec<GuildId>, sqlx::Error> {
    let rows = sqlx::query("SELECT guild_id FROM guild_settings ORDER BY guild_id")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| r.try_get("guild_id").map(GuildId))
        .collect()
}
