//! Per-server settings: what a server chose (`StoredSettings`) and what
//! holds for it (`ServerSettings`: its choice, else the configured default).

use sqlx::Row;

use chrono_tz::Tz;

use super::{Conn, opt_i64};
use crate::config::Config;
use crate::domain::calendar::WorkingHours;
use crate::domain::ids::{ChannelId, GuildId, RoleId, Timestamp};
use crate::domain::text::{self, StampStyle};
use crate::i18n::Lang;
use crate::message::WebhookFormat;

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
    pub webhook_format: Option<WebhookFormat>,
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
        webhook_format: match row.try_get::<Option<String>, _>("webhook_format")? {
            // Only the choices of `/rapport settings` are ever stored.
            Some(code) => {
                Some(
                    WebhookFormat::from_code(&code).ok_or_else(|| sqlx::Error::ColumnDecode {
                        index: "webhook_format".into(),
                        source: format!("unknown webhook format {code:?}").into(),
                    })?,
                )
            }
            None => None,
        },
    })
}

/// Stores `s` whole; callers merge changes into what `load` returned. Only
/// through `SettingsCache::save`, so that no command goes on with the old.
pub(super) async fn save(
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
    .bind(s.webhook_format.map(WebhookFormat::code))
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

/// A server's effective settings: what it chose, else the configured defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerSettings {
    pub lang: Lang,
    pub tz: Tz,
    pub complaints_channel: Option<ChannelId>,
    pub alerts_channel: Option<ChannelId>,
    pub manager_role: Option<RoleId>,
    pub second_role: Option<RoleId>,
    pub approval_threshold: i64,
    pub hours: WorkingHours,
    pub webhook: Option<Webhook>,
}

/// An incoming-webhook URL for managers who do not live in Discord.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub url: String,
    pub format: WebhookFormat,
}

impl ServerSettings {
    pub fn resolve(config: &Config, stored: &StoredSettings) -> ServerSettings {
        let d = &config.server;
        let tz: Tz = stored
            .timezone
            .as_deref()
            .and_then(|t| t.parse().ok())
            .unwrap_or(d.timezone);
        let days = stored
            .work_days
            .as_deref()
            .unwrap_or(&config.working_hours.days);
        let span = stored
            .work_hours
            .as_deref()
            .unwrap_or(&config.working_hours.hours);
        let hours =
            WorkingHours::parse(days, span, tz).unwrap_or_else(|_| WorkingHours::standard(tz));
        ServerSettings {
            hours,
            webhook: stored.webhook_url.clone().map(|url| Webhook {
                url,
                format: stored.webhook_format.unwrap_or(WebhookFormat::Generic),
            }),
            lang: stored
                .language
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or(d.language),
            tz,
            complaints_channel: stored.complaints_channel.or(d.complaints_channel),
            alerts_channel: stored.alerts_channel.or(d.alerts_channel),
            manager_role: stored.manager_role.or(d.manager_role),
            second_role: stored.second_role.or(d.second_role),
            approval_threshold: stored.approval_threshold.unwrap_or(d.approval_threshold),
        }
    }

    /// A moment in a Discord message: each reader sees it in their own zone.
    pub fn stamp(&self, at: i64) -> String {
        text::stamp(at, StampStyle::DateTime)
    }

    /// A deadline in a Discord message: when, and how far off.
    pub fn stamp_due(&self, at: i64) -> String {
        text::stamp_due(at)
    }

    /// A moment the actor typed, read back: in the server's zone, as it was
    /// read, and as a Discord timestamp in the actor's own zone.
    pub fn understood(&self, at: i64) -> String {
        format!(
            "{} {} · {}",
            self.show_time(at),
            self.tz.name(),
            text::stamp(at, StampStyle::DateTime)
        )
    }

    /// Discord timestamps as text in the server's zone, for screens that
    /// draw none.
    pub fn unstamp(&self, text: &str, now: i64) -> String {
        text::replace_stamps(text, |at, style| match style {
            StampStyle::Relative => text::compact_span(at - now),
            StampStyle::Date => self.show_time(at).chars().take(10).collect(),
            StampStyle::DateTime => self.show_time(at),
        })
    }

    /// A time shown to users, in the server's zone, as plain text (stored
    /// timeline details, files, the web view).
    pub fn show_time(&self, at: i64) -> String {
        match chrono::DateTime::from_timestamp(at, 0) {
            Some(t) => t
                .with_timezone(&self.tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            None => at.to_string(),
        }
    }
}
