//! The operator's commands: `doctor`, `import customers`, `import server`,
//! `export`, `backup`. Reports go to stdout, problems to stderr; an error
//! returned here is printed by `main` as one line and exits non-zero.

use std::path::Path;

use anyhow::{Context as _, anyhow, bail};

use super::{backup, doctor, transfer};
use crate::clock::{Clock, SystemClock};
use crate::commands::Failure;
use crate::commands::import_rows::{ImportBy, apply};
use crate::config::Config;
use crate::domain::ids::GuildId;
use crate::i18n::{self, Lang, Msg};
use crate::store::settings::ServerSettings;
use crate::store::{self, Db};

pub const USAGE: &str = "  doctor             check the configuration, the database and the Discord setup, line by line\n\
  import customers FILE.csv --guild ID [--dry-run]\n\
                     create or update a server's customers from a spreadsheet (CSV)\n\
  export --guild ID [FILE.json]\n\
                     one server's whole data as JSON (to stdout without FILE)\n\
  import server FILE.json\n\
                     write an export into this database (a server with no data yet)\n\
  backup FILE        a consistent copy of the live SQLite database";

/// The operations command `args` starts with, if any.
pub fn command(args: &[String]) -> Option<&'static str> {
    match args.first().map(String::as_str) {
        Some("doctor") => Some("doctor"),
        Some("import") => Some("import"),
        Some("export") => Some("export"),
        Some("backup") => Some("backup"),
        _ => None,
    }
}

pub async fn run(command: &str, args: &[String]) -> anyhow::Result<()> {
    match (command, args) {
        ("doctor", []) => run_doctor().await,
        ("import", [what, rest @ ..]) if what == "customers" => import_customers(rest).await,
        ("import", [what, file]) if what == "server" => import_server(Path::new(file)).await,
        ("export", rest) => export(rest).await,
        ("backup", [file]) => run_backup(Path::new(file)).await,
        _ => {
            eprintln!("usage:\n{USAGE}");
            bail!("{command}: missing or unknown arguments (usage above)")
        }
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

fn guild_flag(args: &[String]) -> anyhow::Result<GuildId> {
    let at = args
        .iter()
        .position(|a| a == "--guild")
        .context("--guild ID is required: the Discord server the data belongs to")?;
    let id = args.get(at + 1).context("--guild needs a server id")?;
    id.parse::<i64>()
        .map(GuildId)
        .map_err(|_| anyhow!("--guild needs a server id, not {id:?}"))
}

async fn import_customers(args: &[String]) -> anyhow::Result<()> {
    let guild = guild_flag(args)?;
    let dry_run = args.iter().any(|a| a == "--dry-run");
    let file = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--guild"))
        .map(|(_, a)| a.clone())
        .context("which file? usage: rapport import customers FILE.csv --guild ID [--dry-run]")?;
    let config = config()?;
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {file}"))?;
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
            bail!("nothing was imported from {file}")
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

async fn export(args: &[String]) -> anyhow::Result<()> {
    let guild = guild_flag(args)?;
    let file = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--guild"))
        .map(|(_, a)| a.clone());
    let config = config()?;
    let db = Db::connect(&config.database.url).await?;
    let data = transfer::export(&db, guild, SystemClock.now()).await?;
    let json = serde_json::to_string_pretty(&data)?;
    match file {
        Some(path) => {
            std::fs::write(&path, json).with_context(|| format!("cannot write {path}"))?;
            eprintln!("exported server {} to {path}", guild.0);
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
