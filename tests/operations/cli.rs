//! The operator's command line: a misspelled flag does nothing, help is
//! help and writes nothing, ids are typed, and the README's command list
//! says what clap knows, no more and no less.

use clap::CommandFactory as _;
use rapport::ops::cli::Cli;

use crate::kit::{self, SqliteBench};

/// Every command a person can run, by its words after `rapport`: the bare
/// `rapport` (the bot) and each subcommand that needs no further one.
fn runnable() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(path: Vec<String>, cmd: &clap::Command, out: &mut Vec<(Vec<String>, clap::Command)>) {
        if !cmd.is_subcommand_required_set() {
            out.push((path.clone(), cmd.clone()));
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut deeper = path.clone();
            deeper.push(sub.get_name().to_string());
            walk(deeper, sub, out);
        }
    }
    let mut root = Cli::command();
    root.build();
    let mut out = Vec::new();
    walk(Vec::new(), &root, &mut out);
    out
}

/// The words a command's usage is written with: `--flag`s and the names of
/// their values and of its positional arguments; clap's own help and
/// version flags aside.
fn words(cmd: &clap::Command) -> Vec<String> {
    let mut words = Vec::new();
    for arg in cmd
        .get_arguments()
        .filter(|a| !["help", "version"].contains(&a.get_id().as_str()))
    {
        if let Some(long) = arg.get_long() {
            words.push(format!("--{long}"));
        }
        if arg.get_action().takes_values() {
            for name in arg.get_value_names().unwrap_or_default() {
                words.push(name.to_string());
            }
        }
    }
    words
}

/// The README's command list: the words of each `rapport …` line of the
/// shell block under "Operating it", before its comment, brackets dropped.
fn readme_list() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let section = readme
        .split("## Operating it")
        .nth(1)
        .expect("an \"Operating it\" section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a sh block in \"Operating it\"");
    block
        .lines()
        .map(|line| {
            let usage = line.split(" #").next().unwrap_or_default();
            usage
                .split_whitespace()
                .map(|w| w.trim_matches(['[', ']', '<', '>']).to_string())
                .collect::<Vec<_>>()
        })
        .filter(|words| words.first().is_some_and(|w| w == "rapport"))
        .collect()
}

/// A subcommand's name is a lowercase word; flags and value names are not.
fn is_name(word: &str) -> bool {
    !word.starts_with('-') && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

#[test]
fn the_readme_lists_exactly_the_commands_and_flags_clap_knows() {
    let commands = runnable();
    let listed = readme_list();
    for line in &listed {
        let path: Vec<String> = line[1..]
            .iter()
            .take_while(|w| is_name(w))
            .cloned()
            .collect();
        let shown = format!("rapport {}", path.join(" "));
        let (_, cmd) = commands
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("the README lists `{shown}`, which clap does not know"));
        let mut written = line[1 + path.len()..].to_vec();
        let mut known = words(cmd);
        let help = cmd.clone().render_help().to_string();
        for word in &known {
            assert!(
                help.contains(word.as_str()),
                "{word} is not in the help of `{shown}`:\n{help}"
            );
        }
        written.sort();
        known.sort();
        assert_eq!(written, known, "the README's `{shown}` against clap's");
    }
    for (path, _) in &commands {
        let lines = listed
            .iter()
            .filter(|l| l[1..].iter().take_while(|w| is_name(w)).eq(path.iter()))
            .count();
        assert_eq!(
            lines,
            1,
            "the README lists `rapport {}` {lines} times",
            path.join(" ")
        );
    }
}

#[test]
fn the_command_line_is_well_formed() {
    Cli::command().debug_assert();
}

/// A spreadsheet that imports cleanly for any server.
const SHEET: &str = "name,owner,tier\nAcme Tools,101,key\nNorth Works,102,normal\n";

async fn customers(b: &SqliteBench) -> i64 {
    let row = sqlx::query("SELECT COUNT(*) FROM customers")
        .fetch_one(&b.app.db.pool)
        .await
        .unwrap();
    sqlx::Row::get(&row, 0)
}

#[tokio::test]
async fn a_misspelled_flag_is_refused_with_a_suggestion_and_imports_nothing() {
    let b = SqliteBench::new().await;
    let sheet = b.dir.path().join("team.csv");
    std::fs::write(&sheet, SHEET).unwrap();
    let sheet = sheet.display().to_string();
    let env = [("DATABASE_URL", b.url.as_str())];
    let typo = ["import", "customers", &sheet, "--guild", "1", "--dryrun"];
    let run = kit::rapport(&typo, &env, b.dir.path()).await;
    assert_ne!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("'--dryrun'"), "{run:?}");
    assert!(
        run.stderr
            .contains("a similar argument exists: '--dry-run'"),
        "{run:?}"
    );
    assert_eq!(run.stdout, "", "{run:?}");
    assert_eq!(customers(&b).await, 0);

    // The same file, spelled right, does import: the refusal was the typo's.
    let right = ["import", "customers", &sheet, "--guild", "1"];
    let run = kit::rapport(&right, &env, b.dir.path()).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(customers(&b).await, 2);
}

#[tokio::test]
async fn backup_help_prints_help_and_writes_no_file() {
    let cwd = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", data.path().join("r.db").display());
    let run = kit::rapport(&["backup", "--help"], &[("DATABASE_URL", &url)], cwd.path()).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("Usage: rapport backup <FILE>"),
        "{run:?}"
    );
    let left: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert!(left.is_empty(), "files written: {left:?}");
    assert!(
        !data.path().join("r.db").exists(),
        "the database was opened"
    );
}

#[tokio::test]
async fn version_prints_the_crate_version() {
    let dir = tempfile::tempdir().unwrap();
    let run = kit::rapport(&["--version"], &[], dir.path()).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout.trim(),
        format!("rapport {}", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test]
async fn every_command_has_its_own_help_naming_its_flags() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths: Vec<(Vec<String>, Vec<String>)> = runnable()
        .into_iter()
        .map(|(path, cmd)| (path, words(&cmd)))
        .collect();
    // `import` needs one of its two, and still explains itself.
    paths.push((
        vec!["import".into()],
        vec!["customers".into(), "server".into()],
    ));
    for (path, words) in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let run = kit::rapport(&args, &[], dir.path()).await;
        assert_eq!(run.code, 0, "{args:?}: {run:?}");
        let usage = format!("Usage: rapport {}", path.join(" "));
        assert!(run.stdout.contains(&usage), "{args:?}: {run:?}");
        for word in words {
            assert!(
                run.stdout.contains(&word),
                "{args:?} does not mention {word}: {run:?}"
            );
        }
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "help wrote a file"
    );
}

#[tokio::test]
async fn a_server_id_must_be_a_positive_number() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["abc", "0"] {
        let run = kit::rapport(&["register-commands", "--guild", bad], &[], dir.path()).await;
        assert_ne!(run.code, 0, "{run:?}");
        assert!(
            run.stderr.contains(&format!(
                "invalid value '{bad}' for '--guild <ID>': a server id is a positive whole number"
            )),
            "{run:?}"
        );
    }
}
