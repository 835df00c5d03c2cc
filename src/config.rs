//! Layered configuration: the commented defaults in `config/default.toml`,
//! then the file named by `RAPPORT_CONFIG`, then `RAPPORT_<SECTION>_<KEY>`
//! environment variables (and `DATABASE_URL`). Unknown keys are errors, so a
//! typo is named instead of silently ignored.

use anyhow::{Context as _, anyhow, bail};
use chrono_tz::Tz;
use serde::Deserialize;
use toml::{Table, Value};

use crate::domain::calendar::{Span, WorkingHours};
use crate::domain::complaint::Severity;
use crate::domain::ids::{ChannelId, RoleId};
use crate::domain::reminders::Policy;
use crate::domain::schedules::ScheduleName;
use crate::i18n::Lang;

pub const DEFAULTS: &str = include_str!("../config/default.toml");

/// The configuration, read and checked once at start-up: every language,
/// time zone, span and schedule is a typed value from here on.
#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseConfig,
    pub server: ServerDefaults,
    pub visits: VisitConfig,
    pub crisis: CrisisConfig,
    pub discord: DiscordConfig,
    pub http: HttpConfig,
    pub console: ConsoleConfig,
    pub working_hours: WorkingHoursConfig,
    /// Each severity's timing, with the promise reminder's lead.
    pub sla: SlaPolicies,
    pub schedules: Schedules,
    pub polls: PollConfig,
    pub sweep: SweepConfig,
    pub replicas: ReplicaConfig,
    pub outbox: OutboxConfig,
    pub web: WebConfig,
}

/// The layout of `config/default.toml`, as written (strings not yet read).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    database: DatabaseConfig,
    server: ServerDefaultsFile,
    visits: VisitConfig,
    crisis: CrisisConfig,
    discord: DiscordConfig,
    http: HttpConfig,
    console: ConsoleConfig,
    working_hours: WorkingHoursConfig,
    sla: SlaFile,
    promise: PromiseFile,
    schedules: SchedulesFile,
    polls: PollConfig,
    sweep: SweepConfig,
    replicas: ReplicaConfig,
    outbox: OutboxConfig,
    web: WebFile,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxConfig {
    pub keep_sent_days: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicaConfig {
    pub outbox_lease_secs: i64,
    pub gateway_lease_secs: i64,
}

/// Kept as written: a server's own week is stored in the same words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkingHoursConfig {
    pub days: String,
    pub hours: String,
}

/// One severity's windows, as spans such as "15m", "4wh" (working hours), "1wd".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlaRuleFile {
    acknowledge: String,
    nudge_every: String,
    escalate: String,
    second_escalate: String,
    stall: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SlaFile {
    low: SlaRuleFile,
    normal: SlaRuleFile,
    high: SlaRuleFile,
    critical: SlaRuleFile,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PromiseFile {
    remind_before: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchedulesFile {
    rep_digest: String,
    weekly_report: String,
    monthly_report: String,
    score_round: String,
    outbox_prune: String,
}

/// The timing rules of each severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaPolicies {
    pub low: Policy,
    pub normal: Policy,
    pub high: Policy,
    pub critical: Policy,
}

impl SlaPolicies {
    pub fn for_severity(&self, severity: Severity) -> &Policy {
        match severity {
            Severity::Low => &self.low,
            Severity::Normal => &self.normal,
            Severity::High => &self.high,
            Severity::Critical => &self.critical,
        }
    }
}

/// A cron expression and what it says, read in each server's zone.
#[derive(Debug, Clone)]
pub struct Cron {
    /// As written: stored with each server's schedule so a change re-times it.
    pub text: String,
    pub schedule: cron::Schedule,
}

impl Cron {
    fn parse(name: ScheduleName, text: &str) -> anyhow::Result<Cron> {
        let schedule = text.parse::<cron::Schedule>().map_err(|e| {
            anyhow!(
                "schedules.{} {text:?} is not a cron expression (6 or 7 fields, e.g. \"0 0 9 * * Mon-Fri\"): {e}",
                name.code()
            )
        })?;
        Ok(Cron {
            text: text.to_string(),
            schedule,
        })
    }
}

/// When each scheduled job runs.
#[derive(Debug, Clone)]
pub struct Schedules {
    pub rep_digest: Cron,
    pub weekly_report: Cron,
    pub monthly_report: Cron,
    pub score_round: Cron,
    pub outbox_prune: Cron,
}

impl Schedules {
    pub fn get(&self, name: ScheduleName) -> &Cron {
        match name {
            ScheduleName::RepDigest => &self.rep_digest,
            ScheduleName::WeeklyReport => &self.weekly_report,
            ScheduleName::MonthlyReport => &self.monthly_report,
            ScheduleName::ScoreRound => &self.score_round,
            ScheduleName::OutboxPrune => &self.outbox_prune,
        }
    }

    /// Replaces one schedule, as a test or an operator's override would.
    pub fn set(&mut self, name: ScheduleName, text: &str) -> anyhow::Result<()> {
        let cron = Cron::parse(name, text)?;
        match name {
            ScheduleName::RepDigest => self.rep_digest = cron,
            ScheduleName::WeeklyReport => self.weekly_report = cron,
            ScheduleName::MonthlyReport => self.monthly_report = cron,
            ScheduleName::ScoreRound => self.score_round = cron,
            ScheduleName::OutboxPrune => self.outbox_prune = cron,
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollConfig {
    pub remind_after_days: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepConfig {
    pub interval_secs: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerDefaultsFile {
    language: String,
    timezone: String,
    approval_threshold: i64,
    complaints_channel: i64,
    alerts_channel: i64,
    manager_role: i64,
    second_role: i64,
}

/// What every server starts with until an admin changes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerDefaults {
    pub language: Lang,
    pub timezone: Tz,
    pub approval_threshold: i64,
    pub complaints_channel: Option<ChannelId>,
    pub alerts_channel: Option<ChannelId>,
    pub manager_role: Option<RoleId>,
    pub second_role: Option<RoleId>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitConfig {
    pub key_cadence_days: i64,
    pub normal_cadence_days: i64,
    pub boss_cadence_days: i64,
    pub normal_boss_cadence_days: i64,
    pub manager_after_percent: i64,
    pub renewal_warning_days: i64,
}

impl VisitConfig {
    pub fn boss_cadence(&self) -> crate::domain::customer::BossCadence {
        crate::domain::customer::BossCadence {
            key_days: self.boss_cadence_days,
            normal_days: self.normal_boss_cadence_days,
        }
    }
}

/// Seed 001's crisis plays: the cadence of contact with a team crisis's
/// customer, and the window in which product complaints count as recurring.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisConfig {
    pub team_contact_open_days: i64,
    pub team_contact_after_days: i64,
    pub team_contact_watch_days: i64,
    pub refresher_window_days: i64,
}

impl CrisisConfig {
    pub fn team_contact(&self) -> crate::domain::crisis::TeamContactCadence {
        crate::domain::crisis::TeamContactCadence {
            open_days: self.team_contact_open_days,
            after_days: self.team_contact_after_days,
            watch_days: self.team_contact_watch_days,
        }
    }
}

/// How fast rapport may call Discord's REST API with its token.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    pub global_requests_per_second: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    pub addr: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleConfig {
    pub guild_id: i64,
}

impl Config {
    /// Defaults, then `RAPPORT_CONFIG`'s file, then the environment.
    pub fn load() -> anyhow::Result<Config> {
        let file = std::env::var("RAPPORT_CONFIG").ok();
        let overlay = match &file {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read RAPPORT_CONFIG file {path}"))?,
            ),
            None => None,
        };
        Config::from_layers(overlay.as_deref(), |name| std::env::var(name).ok())
    }

    pub fn from_layers(
        overlay: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Config> {
        let mut table: Table = DEFAULTS
            .parse()
            .context("config/default.toml is not valid TOML")?;
        if let Some(text) = overlay {
            let over: Table = text
                .parse()
                .context("the RAPPORT_CONFIG file is not valid TOML")?;
            merge(&mut table, over)?;
        }
        apply_env(&mut table, &env)?;
        let file: ConfigFile = Value::Table(table)
            .try_into()
            .context("invalid configuration")?;
        let mut config = Config::read(file)?;
        config.web.secret = web_secret(env("RAPPORT_WEB_SECRET"))?;
        Ok(config)
    }

    /// Turns the file's words into typed values, naming the key of the first that is wrong.
    fn read(file: ConfigFile) -> anyhow::Result<Config> {
        let server = read_server(&file.server)?;
        if file.visits.key_cadence_days < 1
            || file.visits.normal_cadence_days < 1
            || file.visits.boss_cadence_days < 1
            || file.visits.normal_boss_cadence_days < 1
        {
            bail!("visits cadences must be at least 1 day");
        }
        let c = &file.crisis;
        for (key, days) in [
            ("team_contact_open_days", c.team_contact_open_days),
            ("team_contact_after_days", c.team_contact_after_days),
            ("team_contact_watch_days", c.team_contact_watch_days),
            ("refresher_window_days", c.refresher_window_days),
        ] {
            if days < 1 {
                bail!("crisis.{key} must be at least 1 day, not {days}");
            }
        }
        if file.discord.global_requests_per_second < 1 {
            bail!(
                "discord.global_requests_per_second must be at least 1 (Discord's default is 50)"
            );
        }
        WorkingHours::parse(&file.working_hours.days, &file.working_hours.hours, Tz::UTC)
            .map_err(|e| anyhow!("working_hours: {e}"))?;
        let promise_lead = span("promise.remind_before", &file.promise.remind_before)?
            .context("promise.remind_before must be set (e.g. \"2h\")")?;
        let sla = SlaPolicies {
            low: read_policy("low", &file.sla.low, promise_lead)?,
            normal: read_policy("normal", &file.sla.normal, promise_lead)?,
            high: read_policy("high", &file.sla.high, promise_lead)?,
            critical: read_policy("critical", &file.sla.critical, promise_lead)?,
        };
        let s = &file.schedules;
        let schedules = Schedules {
            rep_digest: Cron::parse(ScheduleName::RepDigest, &s.rep_digest)?,
            weekly_report: Cron::parse(ScheduleName::WeeklyReport, &s.weekly_report)?,
            monthly_report: Cron::parse(ScheduleName::MonthlyReport, &s.monthly_report)?,
            score_round: Cron::parse(ScheduleName::ScoreRound, &s.score_round)?,
            outbox_prune: Cron::parse(ScheduleName::OutboxPrune, &s.outbox_prune)?,
        };
        if file.polls.remind_after_days < 0 {
            bail!("polls.remind_after_days must be 0 (never) or more");
        }
        if file.outbox.keep_sent_days < 1 {
            bail!("outbox.keep_sent_days must be at least 1");
        }
        if file.replicas.outbox_lease_secs < 1 || file.replicas.gateway_lease_secs < 3 {
            bail!(
                "replicas.outbox_lease_secs must be at least 1 and replicas.gateway_lease_secs at least 3"
            );
        }
        if file.sweep.interval_secs < 1 {
            bail!("sweep.interval_secs must be at least 1");
        }
        Ok(Config {
            database: file.database,
            server,
            visits: file.visits,
            crisis: file.crisis,
            discord: file.discord,
            http: file.http,
            console: file.console,
            working_hours: file.working_hours,
            sla,
            schedules,
            polls: file.polls,
            sweep: file.sweep,
            replicas: file.replicas,
            outbox: file.outbox,
            web: read_web(&file.web)?,
        })
    }

    /// The configured working week, in `tz`.
    pub fn default_hours(&self, tz: Tz) -> anyhow::Result<WorkingHours> {
        WorkingHours::parse(&self.working_hours.days, &self.working_hours.hours, tz)
            .map_err(|e| anyhow!("working_hours: {e}"))
    }
}

/// The manager's web view (issue 18). Its secret comes only from the
/// environment; without one the view is off.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Where links point, e.g. `https://rapport.example.com`; `None` = the
    /// HTTP server's own address, over plain http.
    pub public_url: Option<String>,
    pub link_hours: i64,
    /// Where the console serves the view (port 0 = any free one).
    pub console_addr: String,
    pub secret: Option<crate::domain::weblink::WebSecret>,
}

impl WebConfig {
    /// The base of every link, without a trailing slash.
    pub fn base_url(&self, http_addr: &str) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", http_addr.replace("0.0.0.0", "127.0.0.1")),
        }
    }

    /// Cookies are marked Secure only when links are served over https.
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct WebFile {
    public_url: String,
    link_hours: i64,
    console_addr: String,
}

fn read_web(file: &WebFile) -> anyhow::Result<WebConfig> {
    if !(1..=24 * 30).contains(&file.link_hours) {
        bail!(
            "web.link_hours must be between 1 and 720, not {}",
            file.link_hours
        );
    }
    let url = file.public_url.trim();
    if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
        bail!("web.public_url must start with http:// or https://, not {url:?}");
    }
    Ok(WebConfig {
        public_url: (!url.is_empty()).then(|| url.to_string()),
        link_hours: file.link_hours,
        console_addr: file.console_addr.clone(),
        secret: None,
    })
}

fn web_secret(given: Option<String>) -> anyhow::Result<Option<crate::domain::weblink::WebSecret>> {
    match given.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => crate::domain::weblink::WebSecret::new(text)
            .map(Some)
            .with_context(|| {
                format!(
                    "RAPPORT_WEB_SECRET must be at least {} characters",
                    crate::domain::weblink::MIN_SECRET_LEN
                )
            }),
    }
}

fn read_server(file: &ServerDefaultsFile) -> anyhow::Result<ServerDefaults> {
    let language = Lang::from_code(&file.language).with_context(|| {
        format!(
            "server.language must be \"en\" or \"zh-CN\", not {:?}",
            file.language
        )
    })?;
    let timezone: Tz = file.timezone.parse().map_err(|_| {
        anyhow!(
            "server.timezone {:?} is not a known IANA time zone (e.g. Asia/Shanghai)",
            file.timezone
        )
    })?;
    Ok(ServerDefaults {
        language,
        timezone,
        approval_threshold: file.approval_threshold,
        complaints_channel: (file.complaints_channel != 0)
            .then_some(ChannelId(file.complaints_channel)),
        alerts_channel: (file.alerts_channel != 0).then_some(ChannelId(file.alerts_channel)),
        manager_role: (file.manager_role != 0).then_some(RoleId(file.manager_role)),
        second_role: (file.second_role != 0).then_some(RoleId(file.second_role)),
    })
}

fn span(key: &str, text: &str) -> anyhow::Result<Option<Span>> {
    Span::parse(text).map_err(|e| anyhow!("{key}: {e}"))
}

fn read_policy(severity: &str, rule: &SlaRuleFile, promise_lead: Span) -> anyhow::Result<Policy> {
    let required = |name: &str, text: &str| -> anyhow::Result<Span> {
        let key = format!("sla.{severity}.{name}");
        span(&key, text)?.with_context(|| format!("{key} must be set (e.g. \"1h\" or \"4wh\")"))
    };
    Ok(Policy {
        acknowledge: required("acknowledge", &rule.acknowledge)?,
        nudge_every: required("nudge_every", &rule.nudge_every)?,
        escalate: required("escalate", &rule.escalate)?,
        second_escalate: span(
            &format!("sla.{severity}.second_escalate"),
            &rule.second_escalate,
        )?,
        stall: required("stall", &rule.stall)?,
        promise_lead,
    })
}

/// Lays `over` onto `base`; every key must already exist there, with the same type.
fn merge(base: &mut Table, over: Table) -> anyhow::Result<()> {
    merge_at(base, over, "")
}

fn merge_at(base: &mut Table, over: Table, path: &str) -> anyhow::Result<()> {
    for (key, value) in over {
        let name = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let Some(old) = base.get_mut(&key) else {
            bail!("unknown config key {name}")
        };
        match (old, value) {
            (Value::Table(old), Value::Table(new)) => merge_at(old, new, &name)?,
            (old, value) if old.type_str() == value.type_str() => *old = value,
            (old, value) => bail!(
                "config key {name} must be a {}, not a {}",
                old.type_str(),
                value.type_str()
            ),
        }
    }
    Ok(())
}

/// `RAPPORT_<PATH>` for every key, e.g. RAPPORT_SLA_HIGH_ACKNOWLEDGE.
fn apply_env(table: &mut Table, env: &impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
    apply_env_at(table, env, "RAPPORT")
}

fn apply_env_at(
    table: &mut Table,
    env: &impl Fn(&str) -> Option<String>,
    prefix: &str,
) -> anyhow::Result<()> {
    for (key, value) in table.iter_mut() {
        let name = format!("{prefix}_{}", key.to_uppercase());
        if let Value::Table(inner) = value {
            apply_env_at(inner, env, &name)?;
            continue;
        }
        let given = if name == "RAPPORT_DATABASE_URL" {
            env("DATABASE_URL").or_else(|| env(&name))
        } else {
            env(&name)
        };
        let Some(given) = given else { continue };
        *value = match value {
            Value::Integer(_) => Value::Integer(
                given
                    .trim()
                    .parse()
                    .map_err(|_| anyhow!("{name} must be a whole number, not {given:?}"))?,
            ),
            Value::Boolean(_) => Value::Boolean(
                given
                    .trim()
                    .parse()
                    .map_err(|_| anyhow!("{name} must be true or false, not {given:?}"))?,
            ),
            _ => Value::String(given),
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load() {
        let c = Config::from_layers(None, |_| None).unwrap();
        assert_eq!(c.database.url, "sqlite://rapport.db");
        assert_eq!(c.visits.key_cadence_days, 30);
    }

    #[test]
    fn file_then_environment_override() {
        let file = "[server]\nlanguage = \"zh-CN\"\ntimezone = \"Asia/Shanghai\"\n";
        let env = |name: &str| match name {
            "DATABASE_URL" => Some("sqlite://x.db".to_string()),
            "RAPPORT_SERVER_APPROVAL_THRESHOLD" => Some("500".to_string()),
            "RAPPORT_SERVER_TIMEZONE" => Some("Europe/Berlin".to_string()),
            _ => None,
        };
        let c = Config::from_layers(Some(file), env).unwrap();
        assert_eq!(c.server.language, Lang::ZhCn);
        assert_eq!(c.server.timezone, Tz::Europe__Berlin);
        assert_eq!(c.server.approval_threshold, 500);
        assert_eq!(c.database.url, "sqlite://x.db");
    }

    #[test]
    fn mistakes_are_named() {
        let err = Config::from_layers(Some("[server]\nlanguag = \"en\"\n"), |_| None).unwrap_err();
        assert!(format!("{err:#}").contains("server.languag"));
        let err = Config::from_layers(None, |n| {
            (n == "RAPPORT_VISITS_KEY_CADENCE_DAYS").then(|| "thirty".into())
        })
        .unwrap_err();
        assert!(format!("{err:#}").contains("RAPPORT_VISITS_KEY_CADENCE_DAYS"));
        let err = Config::from_layers(None, |n| {
            (n == "RAPPORT_SERVER_TIMEZONE").then(|| "Mars/Base".into())
        })
        .unwrap_err();
        assert!(format!("{err:#}").contains("Mars/Base"));
        let err = Config::from_layers(None, |n| {
            (n == "RAPPORT_SLA_HIGH_ESCALATE").then(|| "soon".into())
        })
        .unwrap_err();
        assert!(format!("{err:#}").contains("sla.high.escalate"), "{err:#}");
    }

    #[test]
    fn crisis_cadences_and_the_discord_limit_must_be_positive() {
        let c = Config::from_layers(None, |n| {
            (n == "RAPPORT_DISCORD_GLOBAL_REQUESTS_PER_SECOND").then(|| "200".into())
        })
        .unwrap();
        assert_eq!(c.discord.global_requests_per_second, 200);
        assert_eq!(c.crisis.team_contact().open_days, 14);
        let err = Config::from_layers(Some("[discord]\nglobal_requests_per_second = 0\n"), |_| {
            None
        })
        .unwrap_err();
        assert!(
            format!("{err:#}").contains("discord.global_requests_per_second"),
            "{err:#}"
        );
        let err = Config::from_layers(None, |n| {
            (n == "RAPPORT_CRISIS_TEAM_CONTACT_OPEN_DAYS").then(|| "0".into())
        })
        .unwrap_err();
        assert!(
            format!("{err:#}").contains("crisis.team_contact_open_days"),
            "{err:#}"
        );
    }

    #[test]
    fn spans_and_schedules_are_read_once() {
        let c = Config::from_layers(None, |_| None).unwrap();
        assert_eq!(c.sla.high.acknowledge, Span::Clock(3600));
        assert_eq!(c.sla.low.acknowledge, Span::WorkingDays(1));
        assert_eq!(c.sla.low.second_escalate, None);
        assert_eq!(c.sla.critical.promise_lead, Span::Clock(2 * 3600));
        assert_eq!(
            c.schedules.get(ScheduleName::RepDigest).text,
            "0 0 9 * * Mon-Fri"
        );
        assert_eq!(c.server.manager_role, None);
    }
}
