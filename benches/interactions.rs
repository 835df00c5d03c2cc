//! Interaction throughput and latency of the HTTP endpoint: signed
//! `/complaint new` and step-completion interactions at several
//! concurrencies, on SQLite (or PostgreSQL), against the floor: an endpoint in
//! this same binary that only verifies the signature and answers a fixed reply.
//!
//! cargo bench --bench interactions                   # SQLite
//! cargo bench --bench interactions -- postgres URL   # PostgreSQL

mod common;
#[path = "../tests/support/interactions.rs"]
mod interactions;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use interactions::{self as ix, Signer, Who};
use rapport::app::App;
use rapport::clock::SystemClock;
use rapport::config::Config;
use rapport::discord::{self, DiscordEnv};
use rapport::store::Db;
use serde_json::{Value, json};
use serenity::interactions_endpoint::Verifier;

type Timings = Arc<Mutex<Vec<Duration>>>;

/// Server time: from the request reaching the router to the response leaving it.
async fn timed(State(t): State<Timings>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(req).await;
    if let Ok(mut v) = t.lock() {
        v.push(started.elapsed());
    }
    response
}

async fn floor(State(v): State<Arc<Verifier>>, headers: HeaderMap, body: Bytes) -> Response {
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

async fn serve(router: Router, timings: Timings) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = router.layer(middleware::from_fn_with_state(timings, timed));
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(format!("http://{addr}/interactions"))
}

struct Signed {
    body: String,
    signature: String,
    timestamp: String,
}

fn sign(signer: &Signer, payload: &Value) -> Signed {
    let body = payload.to_string();
    let timestamp = chrono::Utc::now().timestamp().to_string();
    Signed {
        signature: signer.sign(&timestamp, &body),
        body,
        timestamp,
    }
}

struct Figures {
    rps: f64,
    p50: Duration,
    p99: Duration,
}

/// Sends every request with `concurrency` in flight; returns throughput and server-time percentiles.
async fn load(
    url: &str,
    requests: Vec<Signed>,
    concurrency: usize,
    timings: &Timings,
) -> anyhow::Result<Figures> {
    if let Ok(mut t) = timings.lock() {
        t.clear();
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let n = requests.len();
    let queue = Arc::new(Mutex::new(requests));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, queue, url) = (client.clone(), queue.clone(), url.to_string());
        workers.push(tokio::spawn(async move {
            loop {
                let next = queue.lock().ok().and_then(|mut q| q.pop());
                let Some(r) = next else { break };
                let response = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("x-signature-ed25519", r.signature)
                    .header("x-signature-timestamp", r.timestamp)
                    .body(r.body)
                    .send()
                    .await;
                match response {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                    }
                    Ok(r) => eprintln!("unexpected status {}", r.status()),
                    Err(e) => eprintln!("request failed: {e}"),
                }
            }
        }));
    }
    for w in workers {
        w.await?;
    }
    let elapsed = started.elapsed();
    let mut t = timings.lock().map(|t| t.clone()).unwrap_or_default();
    t.sort();
    let pick = |q: f64| {
        t.get(((t.len() as f64 * q) as usize).min(t.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(Figures {
        rps: n as f64 / elapsed.as_secs_f64(),
        p50: pick(0.50),
        p99: pick(0.99),
    })
}

fn complaint_new(who: &Who, i: usize) -> Value {
    ix::command(
        who,
        "complaint",
        "new",
        vec![
            ("customer", json!(format!("Customer {}", i % 20))),
            ("summary", json!(format!("pump {i} leaks after two weeks"))),
            ("category", json!("product")),
            ("severity", json!("high")),
            ("temperament", json!("angry")),
            ("channel", json!("visit")),
        ],
    )
}

fn step_one(who: &Who, number: usize) -> Value {
    ix::command(
        who,
        "complaint",
        "step",
        vec![
            ("id", json!(number)),
            ("done", json!("listened and apologised")),
            ("mood", json!("calm")),
        ],
    )
}

async fn run(url: &str) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    let config = Config::from_layers(None, |_| None)?;
    let app = App::new(db, config, Arc::new(SystemClock));
    let signer = Signer::new();
    let env = DiscordEnv {
        token: "bench".into(),
        application_id: Some(ix::APP_ID.into()),
        public_key: Some(signer.public_key_hex()),
        api_base: Some("http://127.0.0.1:9".into()),
        gateway: false,
        http_addr: "127.0.0.1:0".into(),
        register_commands: false,
    };
    let d = discord::discord(app.clone(), &env)?;
    let bot_timings: Timings = Arc::default();
    let bot = serve(
        discord::endpoint::router(d, &signer.public_key_hex())?,
        bot_timings.clone(),
    )
    .await?;
    let verifier = Verifier::try_new(hex_key(&signer.public_key_hex())?)
        .map_err(|_| anyhow::anyhow!("key"))?;
    let floor_timings: Timings = Arc::default();
    let floor_url = serve(
        Router::new()
            .route("/interactions", post(floor))
            .with_state(Arc::new(verifier)),
        floor_timings.clone(),
    )
    .await?;

    let rep = Who::new("100000000000000101", "lin");
    let mut admin = Who::new("100000000000000301", "boss");
    admin.permissions = "32".into();
    let setup = reqwest::Client::new();
    for payload in std::iter::once(ix::command(
        &admin,
        "rapport",
        "settings",
        vec![("complaints_channel", ix::channel_opt(ix::CHANNEL_ID))],
    ))
    .chain((0..20).map(|i| {
        ix::command(
            &rep,
            "customer",
            "add",
            vec![
                ("name", json!(format!("Customer {i}"))),
                ("owner", ix::user_opt(&rep.user_id)),
                ("tier", json!("key")),
            ],
        )
    })) {
        ix::post_signed(
            &setup,
            &bot,
            &signer,
            &payload,
            chrono::Utc::now().timestamp(),
        )
        .await;
    }

    println!(
        "{:<28} {:>6} {:>10} {:>10} {:>10}",
        "workload", "conc.", "req/s", "p50 ms", "p99 ms"
    );
    let row = |name: &str, c: usize, f: &Figures| {
        println!(
            "{name:<28} {c:>6} {:>10.0} {:>10.2} {:>10.2}",
            f.rps,
            f.p50.as_secs_f64() * 1e3,
            f.p99.as_secs_f64() * 1e3
        )
    };
    let per_level = 400;
    let mut made = 0;
    for concurrency in [1, 4, 16, 64] {
        let floor_reqs = (0..per_level)
            .map(|i| sign(&signer, &complaint_new(&rep, i)))
            .collect();
        let f = load(&floor_url, floor_reqs, concurrency, &floor_timings).await?;
        row("floor (verify + fixed reply)", concurrency, &f);

        let news = (0..per_level)
            .map(|i| sign(&signer, &complaint_new(&rep, made + i)))
            .collect();
        let n = load(&bot, news, concurrency, &bot_timings).await?;
        row("/complaint new", concurrency, &n);
        let steps = (0..per_level)
            .map(|i| sign(&signer, &step_one(&rep, made + i + 1)))
            .collect();
        made += per_level;
        let s = load(&bot, steps, concurrency, &bot_timings).await?;
        row("/complaint step (step 1)", concurrency, &s);
        println!(
            "{:<28} {concurrency:>6} {:>10.2}",
            "ratio new/floor throughput",
            n.rps / f.rps
        );
    }
    let mut conn = app.db.pool.acquire().await?;
    let stored: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM complaints")
            .fetch_one(&mut *conn)
            .await?,
        "n",
    )?;
    let steps: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM step_records")
            .fetch_one(&mut *conn)
            .await?,
        "n",
    )?;
    println!("stored: {stored} complaints, {steps} step records (expected {made} each)");
    Ok(())
}

fn hex_key(h: &str) -> anyhow::Result<[u8; 32]> {
    let v = hex::decode(h)?;
    v.try_into().map_err(|_| anyhow::anyhow!("key length"))
}

fn main() -> anyhow::Result<()> {
    common::on_fresh_database(|url| async move { run(&url).await })
}
