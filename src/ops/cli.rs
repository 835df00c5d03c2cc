//! The operator's command line (clap): the whole `rapport` grammar, and the
//! operations commands `doctor`, `import customers`, `import server`,
//! `export`, `backup`. Running the bot itself stays in `main`, above the
//! adapters. Reports go to stdout, problems to stderr; an error returned
//! here is printed by `main` as one line and exits non-zero.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};

use super::{backup, doctor, transfer};
use crate::clock::{Clock, SystemClock};
use crate::commands::Failure;
use crate::commands::import_rows::{ImportBy, apply};
use crate::config::Config;
use crate::domain::ids::GuildId;
use crate::i18n::{self, Lang, Msg};
use crate::store::settings::ServerSettings;
use crate::store::{self, Db};

/// A customer-care bot for a sales team's Discord.
#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    after_help = "With no command, runs the bot: on Discord when DISCORD_TOKEN is set, \
                  else the local console."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The local console chat on the configured database (reads a script from stdin too)
    Console,
    /// (Re)register the slash commands with Discord, globally or for one server
    RegisterCommands {
        /// Register for this server only (shows at once) instead of globally
        #[arg(long, value_name = "ID", value_parser = server_id)]
        guild: Option<GuildId>,
    },
    #[command(flatten)]
    Ops(Ops),
}

/// The commands that maintain the data; they never connect to Discord's gateway.
#[derive(Debug, Subcommand)]
pub enum Ops {
    /// Check the configuration, the database and the Discord setup, line by line
    Doctor,
    /// Bring data in: a customer spreadsheet, or a server's export
    #[command(subcommand)]
    Import(Import),
    /// One server's whole data as JSON (to stdout without FILE)
    Export {
        /// The Discord server whose data to export
        #[arg(long, value_name = "ID", value_parser = server_id)]
        guild: GuildId,
        /// Where to write the JSON; stdout when left out
        #[arg(value_name = "FILE.json")]
        file: Option<PathBuf>,
    },
    /// A consistent copy of the live SQLite database (never overwrites a file)
    Backup {
        /// The new file to write the copy to
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum Import {
    /// Create or update a server's customers from a spreadsheet (CSV)
    Customers {
        /// The spreadsheet, saved as CSV (commas or semicolons, any Excel encoding)
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
        /// The Discord server the customers belong to
        #[arg(long, value_name = "ID", value_parser = server_id)]
        guild: GuildId,
        /// Check the file and say what would change, writing nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Write an export into this database (a server with no data yet)
    Server {
        /// A file written by `rapport export`
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
    },
}

/// A Discord server id as the operator types it.
fn server_id(text: &str) -> Result<GuildId, String> {
    match text.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(GuildId(id)),
        _ => Err("a server id is a positive whole number \
                  (in Discord: right-click the server, Copy Server ID)"
            .into()),
    }
}

pub async fn run(command: Ops) -> anyhow::Result<()> {
    match command {
        Ops::Doctor => run_doctor().await,
        Ops::Import(Import::Customers {
            file,
            guild,
            dry_run,
        }) => import_customers(&file, guild, dry_run).await,
        Ops::Import(Import::Server { file }) => import_server(&file).await,
        Ops::Export { guild, file } => export(guild, file.as_deref()).await,
        Ops::Backup { file } => run_backup(&file).await,
    }
}

fn config() -> anyhow::Result<Config> {
    Config::load().context("configuration")
}

async fn run_doctor() -> anyhow::Result<()> {
    let env = doctor::DoctorEnv::from_env();
    let lang = env
        .config
        .as_ref()
        .ok()
        .map(|c| c.server.language)
        .unwrap_or(Lang::En);
    let checks = doctor::run(&env).await;
    println!("{}", doctor::render_terminal(lang, &checks));
    match doctor::failures(&checks) {
        0 => Ok(()),
        n => bail!("doctor found {n} problem(s); fix the FAIL lines above"),
    }
}

async fn import_customers(file: &Path, guild: GuildId, dry_run: bool) -> anyhow::Result<()> {
    let config = config()?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let db = Db::connect(&config.database.url).await?;
    let now = SystemClock.now();
    let mut tx = db.begin_write().await?;
    let stored = store::settings::load(&mut tx, guild).await?;
    let server = ServerSettings::resolve(&config, &stored);
    let lang = server.lang;
    let by = ImportBy {
        guild,
        actor: crate::domain::ids::BOT,
        now,
        dry_run,
    };
    let outcome = match crate::import::decode(&bytes)
        .and_then(|text| crate::import::parse(&text, now, server.tz))
    {
        Ok(parsed) => apply(&mut tx, &config, parsed, by).await,
        Err(problem) => Err(Failure::Refused(problem.into())),
    };
    match outcome {
        Ok(summary) => {
            if dry_run {
                tx.rollback().await?;
            } else {
                tx.commit().await?;
            }
            println!("{}", i18n::say(lang, &Msg::ImportDone(summary)));
            Ok(())
        }
        Err(Failure::Refused(refusal)) => {
            eprintln!("{}", i18n::refusal(lang, &refusal));
            bail!("nothing was imported from {}", file.display())
        }
        Err(Failure::Store(e)) => {
            Err(e).context("the database refused the import; nothing was imported")
        }
        Err(Failure::Internal(e)) => Err(e.context("nothing was imported")),
    }
}

async fn import_server(file: &Path) -> anyhow::Result<()> {
    let config = config()?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let data: transfer::ServerExport = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a rapport export", file.display()))?;
    let db = Db::connect(&config.database.url).await?;
    let written = transfer::import(&db, &data)
        .await
        .context("nothing was imported")?;
    let counts: Vec<String> = written.iter().map(|(t, n)| format!("{t} {n}")).collect();
    println!(
        "imported server {} into {}: {}",
        data.guild_id,
        store::redact_url(&config.database.url),
        counts.join(", ")
    );
    Ok(())
}

async fn export(guild: GuildId, file: Option<&Path>) -> anyhow::Result<()> {
    let config = config()?;
    let db = Db::connect(&config.database.url).await?;
    let data = transfer::export(&db, guild, SystemClock.now()).await?;
    let json = serde_json::to_string_pretty(&data)?;
    match file {
        Some(path) => {
            std::fs::write(path, json)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("exported server {} to {}", guild.0, path.display());
        }
        None => println!("{json}"),
    }
    Ok(())
}

async fn run_backup(file: &Path) -> anyhow::Result<()> {
    let config = config()?;
    let db = Db::connect(&config.database.url).await?;
    let size = backup::sqlite_copy(&db, file).await?;
    println!(
        "backup of {} written to {} ({size} bytes)",
        store::redact_url(&config.database.url),
        file.display()
    );
    Ok(())
}
