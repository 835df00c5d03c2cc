//! `/complaint new` as an operator sees it. The release binary runs as its
//! own process pinned to core 1, on a fresh SQLite file and a fresh
//! PostgreSQL database in turn, its outbox delivering to a Discord stand-in
//! in this process; this process, pinned to core 0, is a closed-loop load
//! generator sending the same signed interaction on every request. Beside it,
//! in the same run and on the same core, the floor: this binary started again
//! as a server that only verifies the signature and answers a fixed reply.
//!
//! Printed per concurrency: throughput and client-side p50/p99 of both, their
//! ratio, the bot's CPU per request (from `/proc`, over the measured window,
//! and again including the delivery of everything the requests queued), the
//! outbox backlog when the load stops and how long it takes to drain, and the
//! largest size the SQLite write-ahead log reached.
//!
//! cargo bench --bench interactions                          # both databases
//! cargo bench --bench interactions -- sqlite                # one
//! cargo bench --bench interactions -- postgres postgres://postgres@127.0.0.1:5432
//! RAPPORT_BENCH_SECS=10 sets the measured seconds per run (default 5);
//! RAPPORT_BENCH_LEVELS=8 runs only the concurrencies listed; RAPPORT_BENCH_BIN=path
//! measures another build of rapport (an earlier commit's) the same way.

mod common;
#[path = "../tests/support/fake_discord.rs"]
mod fake_discord;
#[path = "../tests/support/interactions.rs"]
mod interactions;
#[path = "../tests/support/rate_limits.rs"]
mod rate_limits;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::load::{Figures, Signed, closed_loop};
use common::outside::{self, Server};
use common::{drop_pg_database, pg_database};
use fake_discord::FakeDiscord;
use interactions::{self as ix, Signer, Who};
use serde_json::{Value, json};

const LEVELS: [usize; 3] = [1, 8, 32];

/// `RAPPORT_BENCH_LEVELS=8` runs only the concurrencies listed (for profiling).
fn levels() -> Vec<usize> {
    std::env::var("RAPPORT_BENCH_LEVELS")
        .ok()
        .map(|v| v.split(',').filter_map(|l| l.trim().parse().ok()).collect())
        .filter(|l: &Vec<usize>| !l.is_empty())
        .unwrap_or_else(|| LEVELS.to_vec())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [flag, port, key] = args.as_slice()
        && flag == "--serve-floor"
    {
        return floor::serve(port.parse()?, key);
    }
    let rt = outside::pinned_runtime()?;
    rt.block_on(async {
        let backends = common::chosen_backends(&args);
        for pg in backends {
            match pg {
                None => {
                    let dir = tempfile::tempdir()?;
                    let file = dir.path().join("bench.db");
                    let url = format!("sqlite://{}", file.display());
                    println!("\n## SQLite ({url})");
                    run(&url, Some(&file), dir.path()).await?;
                }
                Some(base) => {
                    let dir = tempfile::tempdir()?;
                    let url = pg_database(&base).await?;
                    println!("\n## PostgreSQL ({url})");
                    let result = run(&url, None, dir.path()).await;
                    drop_pg_database(&base, &url).await?;
                    result?;
                }
            }
        }
        Ok(())
    })
}

fn measured_secs() -> u64 {
    std::env::var("RAPPORT_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
}

fn start_bot(url: &str, fake: &FakeDiscord, signer: &Signer, dir: &Path) -> anyhow::Result<Server> {
    let port = outside::free_port()?;
    // RAPPORT_BENCH_BIN: another build to compare with (an earlier commit's).
    let bin = std::env::var("RAPPORT_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_rapport")));
    // As an operator runs it (default log level and sweep, the gateway on),
    // but allowed more than Discord's 50 requests a second: the stand-in
    // takes them all, so the drain measures what delivery costs the bot,
    // not Discord's global limit (which caps a real bot at 50).
    let env = [
        (
            "RAPPORT_DISCORD_GLOBAL_REQUESTS_PER_SECOND",
            "100000".to_string(),
        ),
        ("DATABASE_URL", url.to_string()),
        ("DISCORD_TOKEN", "bench-token".to_string()),
        ("DISCORD_APPLICATION_ID", ix::APP_ID.to_string()),
        ("DISCORD_PUBLIC_KEY", signer.public_key_hex()),
        ("DISCORD_API_BASE", fake.base()),
        ("RAPPORT_REGISTER_COMMANDS", "off".to_string()),
        ("RAPPORT_HTTP_ADDR", format!("127.0.0.1:{port}")),
    ];
    outside::spawn_pinned(1, &bin, &[], &env, port, dir.join("bot.log"))
}

fn start_floor(signer: &Signer, dir: &Path) -> anyhow::Result<Server> {
    let port = outside::free_port()?;
    let me = std::env::current_exe()?;
    let (port_arg, key) = (port.to_string(), signer.public_key_hex());
    let args = ["--serve-floor", port_arg.as_str(), key.as_str()];
    outside::spawn_pinned(1, &me, &args, &[], port, dir.join("floor.log"))
}

/// The interaction every request sends: a rep opens a complaint for a known
/// customer, with the details a rep would type.
fn complaint_new(rep: &Who) -> Value {
    let details = "The pump installed at the second site leaks at the seal after two weeks of \
        use; the customer's maintenance team has stopped the line twice and asks for someone on \
        site before Friday. ";
    ix::command(
        rep,
        "complaint",
        "new",
        vec![
            ("customer", json!("Acme Tools")),
            ("summary", json!("pump leaks after two weeks")),
            ("category", json!("service")),
            ("severity", json!("high")),
            ("temperament", json!("angry")),
            ("channel", json!("visit")),
            ("details", json!(details.repeat(3))),
        ],
    )
}

fn signed(signer: &Signer, payload: &Value) -> Signed {
    let body = payload.to_string();
    let timestamp = chrono::Utc::now().timestamp().to_string();
    Signed {
        signature: signer.sign(&timestamp, &body),
        body: Arc::new(body),
        timestamp,
    }
}

async fn count(pool: &sqlx::AnyPool, sql: &'static str) -> i64 {
    match sqlx::query(sql).fetch_one(pool).await {
        Ok(row) => sqlx::Row::try_get(&row, 0).unwrap_or(-1),
        Err(_) => -1,
    }
}

/// Samples the write-ahead log's size until told to stop; returns the largest.
fn watch_wal(
    db_file: Option<&Path>,
) -> (
    tokio::task::JoinHandle<u64>,
    Arc<std::sync::atomic::AtomicBool>,
) {
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let wal = db_file.map(|f| PathBuf::from(format!("{}-wal", f.display())));
    let flag = stop.clone();
    let handle = tokio::spawn(async move {
        let mut largest = 0;
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            if let Some(w) = &wal {
                largest = largest.max(outside::file_size(w));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        largest
    });
    (handle, stop)
}

struct Drained {
    backlog: i64,
    seconds: f64,
    cpu: Duration,
}

/// Waits for the outbox to empty, reading it from outside the bot.
async fn drain(pool: &sqlx::AnyPool, bot: &Server) -> Drained {
    let started = Instant::now();
    let cpu_before = outside::cpu_ns(bot.pid());
    let backlog = count(pool, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'").await;
    let mut left = backlog;
    while left > 0 && started.elapsed() < Duration::from_secs(300) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        left = count(pool, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'").await;
    }
    Drained {
        backlog,
        seconds: if backlog > 0 {
            started.elapsed().as_secs_f64()
        } else {
            0.0
        },
        cpu: Duration::from_nanos(outside::cpu_ns(bot.pid()).saturating_sub(cpu_before)),
    }
}

fn per_request_us(cpu: Duration, requests: usize) -> f64 {
    cpu.as_secs_f64() * 1e6 / requests.max(1) as f64
}

async fn run(url: &str, db_file: Option<&Path>, dir: &Path) -> anyhow::Result<()> {
    let signer = Signer::new();
    let fake = FakeDiscord::start().await;
    let bot = start_bot(url, &fake, &signer, dir)?;
    let floor = start_floor(&signer, dir)?;
    let bot_url = format!("http://127.0.0.1:{}/interactions", bot.port);
    let floor_url = format!("http://127.0.0.1:{}/interactions", floor.port);
    outside::wait_listening(&format!("http://127.0.0.1:{}/healthz", bot.port)).await?;
    outside::wait_listening(&floor_url).await?;

    let rep = Who::new("100000000000000101", "lin");
    let mut admin = Who::new("100000000000000301", "boss");
    admin.permissions = "32".into();
    let setup = reqwest::Client::new();
    for payload in [
        ix::command(
            &admin,
            "rapport",
            "settings",
            vec![("complaints_channel", ix::channel_opt(ix::CHANNEL_ID))],
        ),
        ix::command(
            &rep,
            "customer",
            "add",
            vec![
                ("name", json!("Acme Tools")),
                ("owner", ix::user_opt(&rep.user_id)),
                ("tier", json!("key")),
            ],
        ),
    ] {
        ix::post_signed(
            &setup,
            &bot_url,
            &signer,
            &payload,
            chrono::Utc::now().timestamp(),
        )
        .await;
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    let request = signed(&signer, &complaint_new(&rep));
    println!(
        "body {} bytes; {} s measured per run after 1 s of warm-up; bot (pid {}) and floor on core 1, load and stand-in on core 0",
        request.body.len(),
        measured_secs(),
        bot.pid()
    );
    println!(
        "{:>5} | {:>8} {:>7} {:>7} {:>6} | {:>8} {:>7} {:>7} {:>6} | {:>6} | {:>8} {:>9} | {:>7} {:>7} | {:>7}",
        "conc",
        "floor/s",
        "p50 ms",
        "p99 ms",
        "µs/req",
        "bot/s",
        "p50 ms",
        "p99 ms",
        "µs/req",
        "ratio",
        "µs+deliv",
        "backlog",
        "drain s",
        "items/s",
        "WAL MB"
    );
    let (warmup, measure) = (Duration::from_secs(1), Duration::from_secs(measured_secs()));
    let mut answered = 0;
    for concurrency in levels() {
        let request = signed(&signer, &complaint_new(&rep));
        let f = closed_loop(
            &floor_url,
            &request,
            concurrency,
            warmup,
            measure,
            Some(floor.pid()),
        )
        .await?;
        // Everything queued before the measured window is delivered first.
        drain(&pool, &bot).await;
        let stored_before = count(&pool, "SELECT COUNT(*) FROM complaints").await;
        let (wal, stop_wal) = watch_wal(db_file);
        let b = closed_loop(
            &bot_url,
            &request,
            concurrency,
            warmup,
            measure,
            Some(bot.pid()),
        )
        .await?;
        let d = drain(&pool, &bot).await;
        stop_wal.store(true, std::sync::atomic::Ordering::Relaxed);
        let wal_max = wal.await.unwrap_or(0);
        let made = count(&pool, "SELECT COUNT(*) FROM complaints").await - stored_before;
        answered += made;
        print_row(concurrency, &f, &b, &d, made, wal_max);
        if b.errors > 0 || f.errors > 0 {
            println!("      errors: floor {}, bot {}", f.errors, b.errors);
        }
    }
    let stored = count(&pool, "SELECT COUNT(*) FROM complaints").await;
    let failed = count(&pool, "SELECT COUNT(*) FROM outbox WHERE status = 'failed'").await;
    println!(
        "stored {stored} complaints (warm-ups included; {answered} during the matrix); outbox items failed: {failed}; \
         'slow statement' warnings in the bot's log: {}; bot RSS {} MiB",
        bot.log_lines_containing("slow statement"),
        outside::rss_kib(bot.pid()) / 1024
    );
    for line in bot.log_lines_with("slow statement").iter().take(3) {
        println!("  {}", line.chars().take(600).collect::<String>());
    }
    let posts = fake.take_posts().len();
    let threads = fake.take_threads().len();
    println!("the stand-in received {posts} messages and opened {threads} threads");
    let rejected = fake.take_rejected();
    if !rejected.is_empty() {
        println!(
            "the stand-in refused {} requests, e.g. {:?}",
            rejected.len(),
            rejected.first()
        );
    }
    let _ = fake.take_unknown_routes();
    fake.assert_clean();
    Ok(())
}

fn print_row(c: usize, f: &Figures, b: &Figures, d: &Drained, made: i64, wal: u64) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    // Every complaint made from the warm-up on, and all the CPU from then
    // until the last of their posts was delivered.
    let with_delivery = per_request_us(b.server_cpu_all + d.cpu, made.max(0) as usize);
    let drain_rate = if d.seconds > 0.0 {
        d.backlog as f64 / d.seconds
    } else {
        0.0
    };
    println!(
        "{c:>5} | {:>8.0} {:>7.2} {:>7.2} {:>6.0} | {:>8.0} {:>7.2} {:>7.2} {:>6.0} | {:>6.3} | {:>8.0} {:>9} | {:>7.1} {:>7.0} | {:>7.1}",
        f.rps,
        ms(f.p50),
        ms(f.p99),
        per_request_us(f.server_cpu, f.ok),
        b.rps,
        ms(b.p50),
        ms(b.p99),
        per_request_us(b.server_cpu, b.ok),
        b.rps / f.rps,
        with_delivery,
        d.backlog,
        d.seconds,
        drain_rate,
        wal as f64 / (1024.0 * 1024.0)
    );
}

/// The floor: verify the signature, answer a fixed private reply. The same
/// crates the bot answers with (axum, serenity's verifier, serde_json), on
/// the runtime the bot uses.
mod floor {
    use axum::body::Bytes;
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Response};
    use axum::routing::post;
    use axum::{Json, Router};
    use serde_json::json;
    use serenity::interactions_endpoint::Verifier;
    use std::sync::Arc;

    async fn answer(State(v): State<Arc<Verifier>>, headers: HeaderMap, body: Bytes) -> Response {
        let h = |n: &str| {
            headers
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        if v.verify(
            &h("x-signature-ed25519"),
            &h("x-signature-timestamp"),
            &body,
        )
        .is_err()
        {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        Json(json!({"type": 4, "data": {"content": "ok", "flags": 64}})).into_response()
    }

    pub fn serve(port: u16, key_hex: &str) -> anyhow::Result<()> {
        let key: [u8; 32] = hex::decode(key_hex)?
            .try_into()
            .map_err(|_| anyhow::anyhow!("key length"))?;
        let verifier = Verifier::try_new(key).map_err(|_| anyhow::anyhow!("key"))?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        rt.block_on(async move {
            let app = Router::new()
                .route("/interactions", post(answer))
                .with_state(Arc::new(verifier));
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
            axum::serve(listener, app).await?;
            Ok(())
        })
    }
}
