//! `/rapport setup` where Discord cannot be asked (the console): the
//! server's time zone, working hours, channels and roles as set. In Discord
//! the adapter answers it instead, with Discord's own view added
//! (`discord::setup`).

use super::{Handled, Scope};
use crate::config::Config;
use crate::domain::calendar::WorkingHours;
use crate::domain::findings::{ChannelUse, Check, Finding, Level, RoleUse};
use crate::domain::refusal::Action;
use crate::i18n::{self, Lang, Msg};
use crate::message::{Message, Outcome};
use crate::store;
use crate::store::settings::{ServerSettings, StoredSettings};

pub async fn setup(s: &mut Scope<'_>) -> Handled {
    s.ctx.actor.require_manager(Action::CheckSetup)?;
    let stored = store::settings::load(s.conn, s.ctx.guild).await?;
    let mut checks = settings_checks(&s.app.config, &stored, true);
    checks.push(Check::warn(Finding::DiscordNotChecked));
    let text = render_discord(s.reply_lang(), &checks);
    Ok(Outcome::reply(Message::private(text)))
}

/// What can be checked without Discord: the time zone and working hours a
/// server uses, and (with `per_server`) which channels and roles it lacks.
pub fn settings_checks(config: &Config, stored: &StoredSettings, per_server: bool) -> Vec<Check> {
    let mut out = Vec::new();
    let tz_name = stored
        .timezone
        .clone()
        .unwrap_or_else(|| config.server.timezone.name().to_string());
    let tz = tz_name.parse::<chrono_tz::Tz>();
    out.push(match &tz {
        Ok(_) => Check::ok(Finding::TimeZoneKnown {
            tz: tz_name.clone(),
        }),
        Err(_) => Check::fail(Finding::TimeZoneUnknown {
            tz: tz_name.clone(),
        }),
    });
    let days = stored
        .work_days
        .clone()
        .unwrap_or_else(|| config.working_hours.days.clone());
    let hours = stored
        .work_hours
        .clone()
        .unwrap_or_else(|| config.working_hours.hours.clone());
    let valid = WorkingHours::parse(&days, &hours, tz.unwrap_or(chrono_tz::Tz::UTC)).is_ok();
    out.push(if valid {
        Check::ok(Finding::WorkingHoursValid { days, hours })
    } else {
        Check::fail(Finding::WorkingHoursInvalid { days, hours })
    });
    if per_server {
        let server = ServerSettings::resolve(config, stored);
        for (which, set) in [
            (ChannelUse::Complaints, server.complaints_channel.is_some()),
            (ChannelUse::Alerts, server.alerts_channel.is_some()),
        ] {
            if !set {
                out.push(Check::warn(Finding::ChannelNotSet { which }));
            }
        }
        if server.manager_role.is_none() {
            out.push(Check::warn(Finding::RoleNotSet {
                which: RoleUse::Manager,
            }));
        }
    }
    out
}

pub fn failures(checks: &[Check]) -> usize {
    checks.iter().filter(|c| c.level == Level::Fail).count()
}

/// For a private reply in Discord: a summary line, then problems first.
pub fn render_discord(lang: Lang, checks: &[Check]) -> String {
    let fails = failures(checks);
    let warns = checks.iter().filter(|c| c.level == Level::Warn).count();
    let mut sorted: Vec<&Check> = checks.iter().collect();
    sorted.sort_by_key(|c| std::cmp::Reverse(c.level));
    let mut text = i18n::say(lang, &Msg::SetupHeader { fails, warns });
    for c in sorted {
        text.push_str(&format!(
            "\n{} {}",
            c.level.mark(),
            i18n::finding(lang, &c.finding)
        ));
    }
    crate::domain::text::cut(&text, crate::domain::text::MESSAGE_MAX)
}
