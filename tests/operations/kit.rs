//! What the operations tests share: a stand-in for Discord's file CDN, the
//! real binary run with a chosen environment, a SQLite-only bench, and a
//! strict reader of the Prometheus text format.

use std::collections::BTreeMap;
use std::sync::Arc;

use rapport::app::App;
use rapport::clock::ManualClock;
use rapport::config::Config;
use rapport::store::Db;

use crate::support::T0;

/// Serves `bytes` over HTTP, as Discord's CDN serves an attachment; returns its URL.
pub async fn serve_file(name: &str, bytes: Vec<u8>) -> String {
    let route = format!("/attachments/1/2/{name}");
    let app = axum::Router::new().route(
        &route,
        axum::routing::get(move || {
            let bytes = bytes.clone();
            async move { bytes }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}{route}")
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real binary with `args` and only the `env` given (plus PATH and
/// HOME), off the async runtime so stand-ins in this process keep answering.
pub async fn rapport(args: &[&str], env: &[(&str, &str)], dir: &std::path::Path) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"));
        cmd.args(&args).current_dir(&dir).env_clear();
        for keep in ["PATH", "HOME"] {
            if let Ok(v) = std::env::var(keep) {
                cmd.env(keep, v);
            }
        }
        cmd.envs(env);
        let out = cmd.output().expect("the binary runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .expect("the binary finished")
}

/// An app on a SQLite file of its own, whatever RAPPORT_TEST_POSTGRES says:
/// for what only SQLite has (a file to move away, `VACUUM INTO`).
pub struct SqliteBench {
    pub app: App,
    pub clock: ManualClock,
    pub url: String,
    pub path: std::path::PathBuf,
    pub dir: tempfile::TempDir,
}

impl SqliteBench {
    pub async fn new() -> SqliteBench {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("rapport.db");
        let url = format!("sqlite://{}", path.display());
        let db = Db::connect(&url).await.expect("database opens");
        let config = Config::from_layers(None, |_| None).expect("default config");
        let clock = ManualClock::at(T0);
        let app = App::new(db, config, Arc::new(clock.clone()));
        SqliteBench {
            app,
            clock,
            url,
            path,
            dir,
        }
    }
}

impl SqliteBench {
    /// Runs a command line in `guild` as `actor`, as the console would.
    pub async fn run_in(
        &self,
        guild: rapport::domain::ids::GuildId,
        actor: rapport::domain::permissions::Actor,
        line: &str,
    ) -> rapport::commands::Answer {
        run_line(&self.app, &self.clock, guild, actor, line).await
    }
}

/// A command line run against any app, as the console would.
pub async fn run_line(
    app: &App,
    clock: &ManualClock,
    guild: rapport::domain::ids::GuildId,
    actor: rapport::domain::permissions::Actor,
    line: &str,
) -> rapport::commands::Answer {
    let inv = rapport::commands::parse::parse_line(line).expect("a command line");
    let ctx = rapport::commands::Ctx {
        guild,
        actor,
        now: rapport::clock::Clock::now(clock),
        channel: Some(crate::support::CHANNEL),
        locale: None,
        member_roles: None,
    };
    rapport::commands::dispatch(app, &ctx, &inv).await
}

/// Serialises the tests that send interactions, so the process-wide
/// counters they read move only with their own traffic.
pub static INTERACTIONS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn valid_name(name: &str, colons: bool) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || (colons && c == ':'));
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || (colons && c == ':'))
}

/// `{a="x",b="y"}` → [(a, x), (b, y)], checking names, quotes and escapes.
fn labels(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (name, after) = rest.split_once("=\"").ok_or(format!("bad labels {text}"))?;
        if !valid_name(name, false) {
            return Err(format!("bad label name {name:?}"));
        }
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, c @ ('\\' | '"'))) => value.push(c),
                    _ => return Err(format!("bad escape in {text}")),
                },
                Some((i, '"')) => break i,
                Some((_, c)) => value.push(c),
                None => return Err(format!("unclosed label value in {text}")),
            }
        };
        out.push((name.to_string(), value));
        rest = &after[end + 1..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
    Ok(out)
}

/// Reads Prometheus text exposition format strictly: every sample belongs to
/// a family declared by `# TYPE` before it, names and labels are well formed,
/// values are numbers, counters end in `_total`, histogram buckets are
/// cumulative and end with `+Inf` equal to `_count`. Returns each sample by
/// its name and labels as written (`name{a="x"}`).
pub fn parse_prometheus(text: &str) -> Result<BTreeMap<String, f64>, String> {
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = BTreeMap::new();
    let mut buckets: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("HELP"), Some(name), Some(_)) if valid_name(name, true) => {}
                (Some("TYPE"), Some(name), Some(kind)) if valid_name(name, true) => {
                    if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind) {
                        return Err(format!("unknown type {kind}"));
                    }
                    if kind == "counter" && !name.ends_with("_total") {
                        return Err(format!("counter {name} does not end in _total"));
                    }
                    if types.insert(name.to_string(), kind.to_string()).is_some() {
                        return Err(format!("{name} declared twice"));
                    }
                }
                _ => return Err(format!("bad comment line {line:?}")),
            }
            continue;
        }
        let (series, value) = line.rsplit_once(' ').ok_or(format!("no value: {line:?}"))?;
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            v => v.parse().map_err(|_| format!("bad value in {line:?}"))?,
        };
        let (name, label_text) = match series.split_once('{') {
            Some((n, l)) => (
                n,
                l.strip_suffix('}').ok_or(format!("bad labels {line:?}"))?,
            ),
            None => (series, ""),
        };
        if !valid_name(name, true) {
            return Err(format!("bad metric name {name:?}"));
        }
        let labels = labels(label_text)?;
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| {
                name.strip_suffix(s)
                    .filter(|f| types.get(*f).is_some_and(|t| t == "histogram"))
            })
            .unwrap_or(name);
        if !types.contains_key(family) {
            return Err(format!("{name} has no # TYPE before it"));
        }
        if name.ends_with("_bucket") && family != name {
            let le = labels
                .iter()
                .find(|(k, _)| k == "le")
                .ok_or(format!("bucket without le: {line:?}"))?;
            let bound = if le.1 == "+Inf" {
                f64::INFINITY
            } else {
                le.1.parse().map_err(|_| format!("bad le {line:?}"))?
            };
            buckets
                .entry(family.to_string())
                .or_default()
                .push((bound, value));
        }
        if samples.insert(series.to_string(), value).is_some() {
            return Err(format!("{series} appears twice"));
        }
    }
    for (family, list) in &buckets {
        let rising = list.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1);
        let last = list.last().ok_or("no buckets")?;
        let count = samples.get(&format!("{family}_count")).copied();
        if !rising || last.0 != f64::INFINITY || count != Some(last.1) {
            return Err(format!(
                "histogram {family} buckets are not cumulative up to +Inf = _count"
            ));
        }
    }
    Ok(samples)
}

#[test]
fn the_prometheus_reader_is_strict() {
    let good = "# HELP a_total A.\n# TYPE a_total counter\na_total{k=\"v\\\"x\"} 3\n\
                # TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3.5\nh_count 2\n";
    let parsed = parse_prometheus(good).unwrap();
    assert_eq!(parsed["a_total{k=\"v\\\"x\"}"], 3.0);
    for bad in [
        "a_total 1\n",
        "# TYPE a counter\na 1\n",
        "# TYPE a_total counter\na_total one\n",
        "# TYPE a_total counter\na_total{k=v} 1\n",
        "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n",
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n",
    ] {
        assert!(parse_prometheus(bad).is_err(), "{bad}");
    }
}

/// A unique-enough marker for things that must not leak.
pub fn secret() -> &'static str {
    "s3cr3t-pa55word"
}
