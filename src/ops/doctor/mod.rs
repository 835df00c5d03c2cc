//! The setup check: `rapport doctor` reads the configuration and the
//! environment and says, line by line, what is fine and what is wrong (and
//! how to fix it); `/rapport setup` runs the per-server part in Discord.
//! Nothing here changes anything.

pub mod database;
pub mod discord;
pub mod permissions;

use std::time::Duration;

pub use crate::commands::setup::{failures, render_discord, settings_checks};
pub use crate::domain::findings;
use findings::{Check, Finding};

use crate::config::Config;
use crate::delivery::rest::DiscordRest;
use crate::domain::schedules::ScheduleName;
use crate::i18n::{self, Lang};
use crate::store::settings::ServerSettings;
use crate::store::{self, settings::StoredSettings};

/// What the doctor reads from the environment, gathered once.
#[derive(Debug, Clone)]
pub struct DoctorEnv {
    /// The configuration, or the one-line error that names the key.
    pub config: Result<Config, String>,
    pub config_file: Option<String>,
    pub token: Option<String>,
    pub application_id: Option<String>,
    pub public_key: Option<String>,
    pub api_base: Option<String>,
    pub gateway: bool,
}

impl DoctorEnv {
    pub fn from_env() -> DoctorEnv {
        let var = |n: &str| {
            std::env::var(n)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        DoctorEnv {
            config: Config::load().map_err(|e| crate::ops::one_line(&e)),
            config_file: var("RAPPORT_CONFIG"),
            token: var("DISCORD_TOKEN"),
            application_id: var("DISCORD_APPLICATION_ID"),
            public_key: var("DISCORD_PUBLIC_KEY"),
            api_base: var("DISCORD_API_BASE"),
            gateway: var("RAPPORT_GATEWAY").is_none_or(|v| {
                !matches!(
                    v.to_ascii_lowercase().as_str(),
                    "off" | "0" | "false" | "no"
                )
            }),
        }
    }

    /// The database to check: the configured one, else what the environment says.
    fn database_url(&self) -> String {
        match &self.config {
            Ok(c) => c.database.url.clone(),
            Err(_) => std::env::var("DATABASE_URL")
                .or_else(|_| std::env::var("RAPPORT_DATABASE_URL"))
                .unwrap_or_else(|_| "sqlite://rapport.db".into()),
        }
    }
}

/// Every check, in the order a person fixes things.
pub async fn run(env: &DoctorEnv) -> Vec<Check> {
    let mut out = Vec::new();
    match &env.config {
        Ok(config) => {
            out.push(Check::ok(Finding::ConfigLoaded {
                file: env.config_file.clone(),
            }));
            out.extend(config_checks(config));
        }
        Err(error) => out.push(Check::fail(Finding::ConfigBroken {
            error: error.clone(),
        })),
    }
    let url = env.database_url();
    let (db, pool) = database::check(&url).await;
    out.push(db);
    out.extend(public_key_checks(env));
    let Some(token) = &env.token else {
        out.push(Check::fail(Finding::TokenMissing));
        return out;
    };
    let rest = match DiscordRest::new(env.api_base.as_deref(), token, Duration::from_secs(10)) {
        Ok(rest) => rest,
        Err(e) => {
            out.push(Check::fail(Finding::DiscordUnreachable {
                base: env.api_base.clone().unwrap_or_default(),
                error: e.to_string(),
            }));
            return out;
        }
    };
    let bot = match discord::bot(&rest).await {
        Ok(bot) => bot,
        Err(check) => {
            out.push(check);
            return out;
        }
    };
    out.push(Check::ok(Finding::TokenAccepted {
        bot: bot.name.clone(),
        id: bot.id.to_string(),
    }));
    let key = env.public_key.as_deref().filter(|k| valid_public_key(k));
    out.extend(discord::application(&rest, env.application_id.as_deref(), key).await);
    if let (Ok(config), Some(pool)) = (&env.config, pool) {
        out.extend(servers(config, &url, &pool, &rest, &bot).await);
    }
    out
}

fn config_checks(config: &Config) -> Vec<Check> {
    let mut out = Vec::new();
    let addr = &config.http.addr;
    out.push(
        match std::net::ToSocketAddrs::to_socket_addrs(addr.as_str()) {
            Ok(_) => Check::ok(Finding::HttpAddrValid { addr: addr.clone() }),
            Err(_) => Check::fail(Finding::HttpAddrInvalid { addr: addr.clone() }),
        },
    );
    out.push(Check::ok(Finding::WebView {
        on: config.web.secret.is_some(),
        link_hours: config.web.link_hours,
    }));
    // The configuration read them already (a bad one stops it with the key named).
    for name in ScheduleName::ALL.iter().copied() {
        out.push(Check::ok(Finding::CronValid {
            name: name.code().into(),
            expr: config.schedules.get(name).text.clone(),
        }));
    }
    out.extend(settings_checks(config, &StoredSettings::default(), false));
    out
}

fn valid_public_key(key: &str) -> bool {
    let Ok(bytes) = hex::decode(key.trim()) else {
        return false;
    };
    let Ok(bytes) = <[u8; 32]>::try_from(bytes) else {
        return false;
    };
    serenity::interactions_endpoint::Verifier::try_new(bytes).is_ok()
}

fn public_key_checks(env: &DoctorEnv) -> Vec<Check> {
    match (&env.public_key, env.gateway) {
        (Some(key), _) if valid_public_key(key) => vec![Check::ok(Finding::PublicKeyValid)],
        (Some(_), _) => vec![Check::fail(Finding::PublicKeyMalformed)],
        (None, true) => vec![Check::warn(Finding::PublicKeyMissing)],
        (None, false) => vec![Check::fail(Finding::NothingToServe)],
    }
}

/// Every server that has used rapport: its settings, then what Discord says.
async fn servers(
    config: &Config,
    url: &str,
    pool: &sqlx::AnyPool,
    rest: &DiscordRest,
    bot: &discord::Bot,
) -> Vec<Check> {
    let loaded = async {
        let mut conn = pool.acquire().await?;
        let mut out = Vec::new();
        for guild in store::settings::guilds(&mut conn).await? {
            out.push((guild, store::settings::load(&mut conn, guild).await?));
        }
        Ok::<_, sqlx::Error>(out)
    }
    .await;
    let servers = match loaded {
        Ok(s) => s,
        Err(e) => {
            return vec![Check::fail(Finding::DatabaseUnreachable {
                url: store::redact_url(url),
                error: database::first_line(&e.to_string()),
            })];
        }
    };
    if servers.is_empty() {
        return vec![Check::warn(Finding::NoServers)];
    }
    let mut out = Vec::new();
    for (guild, stored) in servers {
        out.extend(
            server_offline(config, &stored)
                .into_iter()
                .map(|c| c.in_guild(guild)),
        );
        let server = ServerSettings::resolve(config, &stored);
        out.extend(discord::server_checks(rest, guild, &server, bot).await);
    }
    out
}

/// A server's own time zone and working hours, when it chose them.
fn server_offline(config: &Config, stored: &StoredSettings) -> Vec<Check> {
    let chose =
        stored.timezone.is_some() || stored.work_days.is_some() || stored.work_hours.is_some();
    if chose {
        settings_checks(config, stored, false)
    } else {
        Vec::new()
    }
}

/// For a terminal: `ok    …`, `warn  …`, `FAIL  …`, one check a line.
pub fn render_terminal(lang: Lang, checks: &[Check]) -> String {
    checks
        .iter()
        .map(|c| {
            let guild = c.guild.map_or_else(String::new, |g| format!("[{}] ", g.0));
            format!(
                "{:<5} {guild}{}",
                c.level.word(),
                i18n::finding(lang, &c.finding)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `/rapport setup` in Discord: this server's settings, then Discord's answers.
pub async fn setup_in_discord(
    config: &Config,
    stored: &StoredSettings,
    rest: &DiscordRest,
    guild: crate::domain::ids::GuildId,
) -> Vec<Check> {
    let mut out = settings_checks(config, stored, false);
    let bot = match discord::bot(rest).await {
        Ok(bot) => bot,
        Err(check) => {
            out.push(check);
            return out;
        }
    };
    let server = ServerSettings::resolve(config, stored);
    out.extend(discord::server_checks(rest, guild, &server, &bot).await);
    out
}
