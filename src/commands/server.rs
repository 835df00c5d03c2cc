//! A server's effective settings: what it chose, else the configured defaults.

use chrono_tz::Tz;

use crate::config::Config;
use crate::domain::calendar::WorkingHours;
use crate::domain::ids::{ChannelId, RoleId};
use crate::i18n::Lang;
use crate::store::settings::StoredSettings;

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
    pub format: String,
}

pub const WEBHOOK_FORMATS: &[&str] = &["generic", "slack", "feishu", "dingtalk", "wecom"];

fn nonzero<T>(id: i64, wrap: fn(i64) -> T) -> Option<T> {
    (id != 0).then(|| wrap(id))
}

impl ServerSettings {
    pub fn resolve(config: &Config, stored: &StoredSettings) -> ServerSettings {
        let d = &config.server;
        let tz: Tz = stored
            .timezone
            .as_deref()
            .unwrap_or(&d.timezone)
            .parse()
            .unwrap_or(Tz::UTC);
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
                format: stored
                    .webhook_format
                    .clone()
                    .unwrap_or_else(|| "generic".into()),
            }),
            lang: stored
                .language
                .as_deref()
                .and_then(Lang::from_code)
                .or_else(|| Lang::from_code(&d.language))
                .unwrap_or(Lang::En),
            tz: stored
                .timezone
                .as_deref()
                .unwrap_or(&d.timezone)
                .parse()
                .unwrap_or(Tz::UTC),
            complaints_channel: stored
                .complaints_channel
                .or_else(|| nonzero(d.complaints_channel, ChannelId)),
            alerts_channel: stored
                .alerts_channel
                .or_else(|| nonzero(d.alerts_channel, ChannelId)),
            manager_role: stored
                .manager_role
                .or_else(|| nonzero(d.manager_role, RoleId)),
            second_role: stored
                .second_role
                .or_else(|| nonzero(d.second_role, RoleId)),
            approval_threshold: stored.approval_threshold.unwrap_or(d.approval_threshold),
        }
    }

    /// A time shown to users, in the server's zone.
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
