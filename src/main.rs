//! The `rapport` binary: the bot (Discord, or the local console when no
//! token is set) and its maintenance commands.

use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser as _;
use rapport::app::App;
use rapport::clock::{Clock, ManualClock, SystemClock};
use rapport::config::Config;
use rapport::discord::DiscordEnv;
use rapport::domain::ids::GuildId;
use rapport::ops::cli::{Cli, Command};
use rapport::store::{Db, redact_url};

/// A command allocates and frees many small short-lived buffers (the
/// request, its rows, the posts' JSON); glibc's malloc spent about a tenth
/// of the CPU per command on them. See Cargo.toml for why `no_thp`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RAPPORT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // systemd's journal shows colour codes as garbage.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if std::env::var("RAPPORT_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn console(mut config: Config) -> anyhow::Result<()> {
    let url = config.database.url.clone();
    let db = Db::connect(&url).await?;
    let clock = ManualClock::at(SystemClock.now());
    // The web view on 127.0.0.1, so /report dashboard's links open locally.
    let web = match config.web.secret {
        Some(_) => Some(rapport::web::bind(&config.web.console_addr).await?),
        None => None,
    };
    if let Some(listener) = &web {
        config.web.public_url = Some(format!("http://{}", listener.local_addr()?));
    }
    let app = App::new(db, config, Arc::new(clock.clone()));
    if let Some(listener) = web {
        rapport::web::serve_on(listener, app.clone())?;
    }
    rapport::console::run_stdin(app, clock, &redact_url(&url)).await
}

fn discord_env(config: &Config) -> anyhow::Result<DiscordEnv> {
    DiscordEnv::from_env(&config.http.addr).context("DISCORD_TOKEN is not set")
}

async fn discord(config: Config) -> anyhow::Result<()> {
    let env = discord_env(&config)?;
    let db = Db::connect(&config.database.url).await?;
    let app = App::new(db, config, Arc::new(SystemClock));
    rapport::discord::run(app, env).await
}

async fn register_commands(config: Config, guild: Option<GuildId>) -> anyhow::Result<()> {
    let env = discord_env(&config)?;
    let guild = guild.map(|g| g.0);
    let app_id = env
        .application_id
        .clone()
        .context("DISCORD_APPLICATION_ID is not set")?;
    let rest = rapport::delivery::rest::DiscordRest::new(
        env.api_base.as_deref(),
        &env.token,
        std::time::Duration::from_secs(15),
    )?;
    let n = rapport::discord::registry::register(&rest, &app_id, guild)
        .await
        .map_err(|e| anyhow::anyhow!("Discord refused the commands: {e:?}"))?;
    println!(
        "registered {n} commands {}",
        guild.map_or_else(|| "globally".to_string(), |g| format!("for server {g}"))
    );
    Ok(())
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = || Config::load().context("configuration");
    let on_discord = std::env::var("DISCORD_TOKEN").is_ok_and(|t| !t.trim().is_empty());
    match cli.command {
        // These load the config themselves: `doctor` must run, and report, when it is broken.
        Some(Command::Ops(ops)) => {
            init_logging("warn");
            rapport::ops::cli::run(ops).await
        }
        Some(Command::RegisterCommands { guild }) => {
            let config = config()?;
            init_logging("info");
            register_commands(config, guild).await
        }
        None if on_discord => {
            let config = config()?;
            init_logging("info");
            discord(config).await
        }
        None | Some(Command::Console) => {
            let config = config()?;
            init_logging("warn");
            console(config).await
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // A wrong or misspelled argument stops here, before anything is done.
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line, naming the key or the (redacted) URL that stopped it.
            eprintln!("rapport: {}", rapport::ops::one_line(&e));
            std::process::ExitCode::FAILURE
        }
    }
}
