//! The `rapport` binary: the bot (Discord, or the local console when no
//! token is set) and its maintenance commands.

use std::sync::Arc;

use anyhow::Context as _;
use rapport::app::App;
use rapport::clock::{Clock, ManualClock, SystemClock};
use rapport::config::Config;
use rapport::store::{Db, redact_url};

const USAGE: &str = "usage: rapport [console]\n\
  (no argument)  run the bot: Discord when DISCORD_TOKEN is set, else the local console\n\
  console        the local console chat on the configured database (reads a script from stdin too)";

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

async fn run(args: Vec<String>) -> anyhow::Result<()> {
    let config = Config::load().context("configuration")?;
    match args.first().map(String::as_str) {
        None if std::env::var("DISCORD_TOKEN").is_ok_and(|t| !t.is_empty()) => {
            anyhow::bail!(
                "the Discord adapter is not built yet; unset DISCORD_TOKEN to use the console"
            )
        }
        None | Some("console") => {
            init_logging("warn");
            console(config).await
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => anyhow::bail!("unknown command {other:?}\n{USAGE}"),
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rapport: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
