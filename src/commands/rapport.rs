//! `/rapport settings|help`.

use super::args::Args;
use super::{Handled, Scope};
use crate::domain::calendar::{CalendarError, WorkingHours};
use crate::domain::refusal::{Action, Refusal};
use crate::i18n::ValueKind;
use crate::i18n::{self, Label, Lang, Msg};
use crate::message::{Message, Outcome, WebhookFormat};
use crate::store;
use crate::store::settings::ServerSettings;

fn describe_settings(lang: Lang, s: &ServerSettings) -> String {
    let not_set = i18n::label(lang, Label::NotSet);
    let channel = |c: Option<crate::domain::ids::ChannelId>| {
        c.map_or_else(|| not_set.to_string(), |c| format!("<#{}>", c.0))
    };
    let role = |r: Option<crate::domain::ids::RoleId>| {
        r.map_or_else(|| not_set.to_string(), |r| format!("<@&{}>", r.0))
    };
    [
        (
            Label::Language,
            i18n::value(lang, ValueKind::Language, s.lang.code()),
        ),
        (Label::TimeZone, s.tz.name().to_string()),
        (Label::ComplaintsChannel, channel(s.complaints_channel)),
        (Label::AlertsChannel, channel(s.alerts_channel)),
        (Label::ManagerRole, role(s.manager_role)),
        (Label::SecondLevelRole, role(s.second_role)),
        (Label::ApprovalThreshold, s.approval_threshold.to_string()),
        (Label::WorkingWeek, working_week(s)),
        (
            Label::Webhook,
            s.webhook.as_ref().map_or_else(
                || not_set.to_string(),
                |w| format!("{} ({})", w.url, w.format.code()),
            ),
        ),
    ]
    .iter()
    .map(|(label, value)| format!("**{}:** {value}", i18n::label(lang, *label)))
    .collect::<Vec<_>>()
    .join("\n")
}

/// Working days and hours are checked together, so a bad pair is never saved.
fn apply_working_week(
    stored: &mut crate::store::settings::StoredSettings,
    args: &Args,
    config: &crate::config::Config,
    tz: chrono_tz::Tz,
) -> Result<(), Refusal> {
    let days = args.text("working_days");
    let hours = args.text("working_hours");
    if days.is_none() && hours.is_none() {
        return Ok(());
    }
    let d = days
        .clone()
        .or_else(|| stored.work_days.clone())
        .unwrap_or_else(|| config.working_hours.days.clone());
    let h = hours
        .clone()
        .or_else(|| stored.work_hours.clone())
        .unwrap_or_else(|| config.working_hours.hours.clone());
    match WorkingHours::parse(&d, &h, tz) {
        Ok(_) => {
            stored.work_days = Some(d);
            stored.work_hours = Some(h);
            Ok(())
        }
        Err(CalendarError::BadDays(_)) => Err(Refusal::BadWorkingDays(d)),
        Err(_) => Err(Refusal::BadWorkingHours(h)),
    }
}

fn working_week(s: &ServerSettings) -> String {
    let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let days: Vec<&str> = (0..7)
        .filter(|d| s.hours.days & (1 << d) != 0)
        .map(|d| names[d])
        .collect();
    format!(
        "{} {:02}:{:02}–{:02}:{:02}",
        days.join(","),
        s.hours.start_min / 60,
        s.hours.start_min % 60,
        s.hours.end_min / 60,
        s.hours.end_min % 60
    )
}

pub async fn settings(s: &mut Scope<'_>, args: &Args) -> Handled {
    if args.names().is_empty() {
        return Ok(Outcome::reply(Message::private(describe_settings(
            s.reply_lang(),
            &s.server,
        ))));
    }
    s.ctx.actor.require_manager(Action::ChangeSettings)?;
    let mut stored = store::settings::load(s.conn, s.ctx.guild).await?;
    if let Some(lang) = args.text("language") {
        stored.language = Some(lang);
    }
    if let Some(tz) = args.text("timezone") {
        let parsed: chrono_tz::Tz = tz
            .parse()
            .map_err(|_| Refusal::UnknownTimeZone(tz.clone()))?;
        stored.timezone = Some(parsed.name().to_string());
    }
    stored.complaints_channel = args
        .channel("complaints_channel")
        .or(stored.complaints_channel);
    stored.alerts_channel = args.channel("alerts_channel").or(stored.alerts_channel);
    stored.manager_role = args.role("manager_role").or(stored.manager_role);
    stored.second_role = args.role("second_role").or(stored.second_role);
    stored.approval_threshold = args.int("approval_threshold").or(stored.approval_threshold);
    apply_working_week(&mut stored, args, &s.app.config, s.server.tz)?;
    if let Some(url) = args.text("webhook_url") {
        stored.webhook_url = match url.as_str() {
            "none" | "off" | "-" => None,
            u if u.starts_with("https://") || u.starts_with("http://") => Some(u.to_string()),
            _ => return Err(Refusal::BadUrl(url).into()),
        };
    }
    if let Some(format) = args.text("webhook_format") {
        stored.webhook_format = WebhookFormat::from_code(&format);
    }
    let now = s.now();
    s.app
        .db
        .settings_cache
        .save(s.conn, s.ctx.guild, &stored, now)
        .await?;
    s.saved_settings = true;
    let server = ServerSettings::resolve(&s.app.config, &stored);
    // Answer in the language just chosen, so the change is visible at once.
    let lang = s
        .ctx
        .locale
        .filter(|_| args.text("language").is_none())
        .unwrap_or(server.lang);
    let text = format!(
        "{}\n{}",
        i18n::say(lang, &Msg::SettingsChanged),
        describe_settings(lang, &server)
    );
    Ok(Outcome::reply(Message::private(text)))
}

pub fn help(s: &Scope<'_>) -> Handled {
    Ok(Outcome::reply(s.say_privately(&Msg::Help)))
}
