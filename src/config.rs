//! Layered configuration: the commented defaults in `config/default.toml`,
//! then the file named by `RAPPORT_CONFIG`, then `RAPPORT_<SECTION>_<KEY>`
//! environment variables (and `DATABASE_URL`). Unknown keys are errors, so a
//! typo is named instead of silently ignored.

use anyhow::{Context as _, anyhow, bail};
use serde::Deserialize;
use toml::{Table, Value};

pub const DEFAULTS: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub database: DatabaseConfig,
    pub server: ServerDefaults,
    pub visits: VisitConfig,
    pub http: HttpConfig,
    pub console: ConsoleConfig,
    pub working_hours: WorkingHoursConfig,
    pub sla: SlaConfig,
    pub promise: PromiseConfig,
    pub schedules: ScheduleConfig,
    pub polls: PollConfig,
    pub sweep: SweepConfig,
    pub replicas: ReplicaConfig,
    pub outbox: OutboxConfig,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkingHoursConfig {
    pub days: String,
    pub hours: String,
}

/// One severity's windows, as spans such as "15m", "4wh" (working hours), "1wd".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaRule {
    pub acknowledge: String,
    pub nudge_every: String,
    pub escalate: String,
    pub second_escalate: String,
    pub stall: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaConfig {
    pub low: SlaRule,
    pub normal: SlaRule,
    pub high: SlaRule,
    pub critical: SlaRule,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseConfig {
    pub remind_before: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    pub rep_digest: String,
    pub weekly_report: String,
    pub monthly_report: String,
    pub score_round: String,
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
pub struct ServerDefaults {
    pub language: String,
    pub timezone: String,
    pub approval_threshold: i64,
    pub complaints_channel: i64,
    pub alerts_channel: i64,
    pub manager_role: i64,
    pub second_role: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitConfig {
    pub key_cadence_days: i64,
    pub normal_cadence_days: i64,
    pub boss_cadence_days: i64,
    pub manager_after_percent: i64,
    pub renewal_warning_days: i64,
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
        let config: Config = Value::Table(table)
            .try_into()
            .context("invalid configuration")?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if crate::i18n::Lang::from_code(&self.server.language).is_none() {
            bail!(
                "server.language must be \"en\" or \"zh-CN\", not {:?}",
                self.server.language
            );
        }
        if self.server.timezone.parse::<chrono_tz::Tz>().is_err() {
            bail!(
                "server.timezone {:?} is not a known IANA time zone (e.g. Asia/Shanghai)",
                self.server.timezone
            );
        }
        if self.visits.key_cadence_days < 1
            || self.visits.normal_cadence_days < 1
            || self.visits.boss_cadence_days < 1
        {
            bail!("visits cadences must be at least 1 day");
        }
        let hours = self.default_hours(chrono_tz::Tz::UTC)?;
        for (name, rule) in self.sla.rules() {
            crate::reminders::policy(rule, &self.promise, &hours)
                .with_context(|| format!("sla.{name}"))?;
        }
        crate::reminders::policy(&self.sla.low, &self.promise, &hours)
            .context("promise.remind_before")?;
        for (name, expr) in [
            ("rep_digest", &self.schedules.rep_digest),
            ("weekly_report", &self.schedules.weekly_report),
            ("monthly_report", &self.schedules.monthly_report),
            ("score_round", &self.schedules.score_round),
        ] {
            expr.parse::<cron::Schedule>()
                .map_err(|e| anyhow!("schedules.{name} {expr:?} is not a cron expression (6 or 7 fields, e.g. \"0 0 9 * * Mon-Fri\"): {e}"))?;
        }
        if self.polls.remind_after_days < 0 {
            bail!("polls.remind_after_days must be 0 (never) or more");
        }
        if self.outbox.keep_sent_days < 1 {
            bail!("outbox.keep_sent_days must be at least 1");
        }
        if self.replicas.outbox_lease_secs < 1 || self.replicas.gateway_lease_secs < 3 {
            bail!(
                "replicas.outbox_lease_secs must be at least 1 and replicas.gateway_lease_secs at least 3"
            );
        }
        if self.sweep.interval_secs < 1 {
            bail!("sweep.interval_secs must be at least 1");
        }
        Ok(())
    }

    /// The configured working week, in `tz`.
    pub fn default_hours(
        &self,
        tz: chrono_tz::Tz,
    ) -> anyhow::Result<crate::domain::calendar::WorkingHours> {
        crate::domain::calendar::WorkingHours::parse(
            &self.working_hours.days,
            &self.working_hours.hours,
            tz,
        )
        .map_err(|e| anyhow!("working_hours: {e}"))
    }
}

impl SlaConfig {
    pub fn rules(&self) -> [(&'static str, &SlaRule); 4] {
        [
            ("low", &self.low),
            ("normal", &self.normal),
            ("high", &self.high),
            ("critical", &self.critical),
        ]
    }

    pub fn for_severity(&self, severity: crate::domain::complaint::Severity) -> &SlaRule {
        use crate::domain::complaint::Severity;
        match severity {
            Severity::Low => &self.low,
            Severity::Normal => &self.normal,
            Severity::High => &self.high,
            Severity::Critical => &self.critical,
        }
    }
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
        assert_eq!(c.server.language, "zh-CN");
        assert_eq!(c.server.timezone, "Europe/Berlin");
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
    }
}
