//! The `rapport` binary: the bot (Discord, or the local console when no
//! token is set) and its maintenance commands.

use std::sync::Arc;

use anyhow::Context as _;
use rapport::app::App;
use rapport::clock::{Clock, ManualClock, SystemClock};
use rapport::config::Config;
use rapport::discord::DiscordEnv;
use rapport::store::{Db, redact_url};

const USAGE: &str = "usage: rapport [console | register-commands [--guild ID]]\n\
  (no argument)      run the bot: Discord when DISCORD_TOKEN is set, else the local console\n\
  console            the local console chat on the configured database (reads a script from stdin too)\n\
  register-commands  (re)register the slash commands with Discord, globally or for one server";

fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RAPPORT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("RAPPORT_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn console(config: Config) -> anyhow::Result<()> {
    let url = config.database.url.clone();
    let db = Db::connect(&url).await?;
    let clock = ManualClock::at(SystemClock.now());
    let app = App::new(db, config, Arc::new(clock.clone()));
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

async fn register_commands(config: Config, args: &[String]) -> anyhow::Result<()> {
    let env = discord_env(&config)?;
    let guild = match args {
        [] => None,
        [flag, id] if flag == "--guild" => Some(
            id.parse::<i64>()
                .with_context(|| format!("--guild needs a server id, not {id:?}"))?,
        ),
        _ => anyhow::bail!("usage: rapport register-commands [--guild ID]"),
    };
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

async fn run(args: Vec<String>) -> anyhow::Result<()> {
    // The operator's commands; `doctor` must run even when the config is broken.
    if let Some(command) = rapport::ops::cli::command(&args) {
        init_logging("warn");
        return rapport::ops::cli::run(command, &args[1..]).await;
    }
    let config = Config::load().context("configuration")?;
    match args.first().map(String::as_str) {
        None if std::env::var("DISCORD_TOKEN").is_ok_and(|t| !t.trim().is_empty()) => {
            init_logging("info");
            discord(config).await
        }
        Some("register-commands") => {
            init_logging("info");
            register_commands(config, &args[1..]).await
        }
        None | Some("console") => {
            init_logging("warn");
            console(config).await
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}\n{}", rapport::ops::cli::USAGE);
            Ok(())
        }
        Some(other) => {
            eprintln!("{USAGE}\n{}", rapport::ops::cli::USAGE);
            anyhow::bail!("unknown command {other:?} (usage above)")
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line, naming the key or the (redacted) URL that stopped it.
            eprintln!("rapport: {}", rapport::ops::one_line(&e));
            std::process::ExitCode::FAILURE
        }
    }
}
