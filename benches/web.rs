//! The manager's web view at scale, as an operator runs it: the release
//! binary as its own process, on 100,000 customers and 1,000,000
//! complaints spread over the four years up to now (about 4,800 a week,
//! 2,000 unfinished), each page fetched over HTTP from this process with a
//! signed session. The binary makes its schema, is stopped while this
//! process fills the database, and started again; each page's very first
//! load is printed, then median, p90 and max of 30 requests after 5 of
//! warm-up; then the binary is restarted and each page's first load after
//! the restart is printed (what a deploy costs the next visitor).
//!
//! cargo bench --bench web                                       # both databases
//! cargo bench --bench web -- sqlite                             # one
//! cargo bench --bench web -- postgres postgres://postgres@127.0.0.1:5432
//! RAPPORT_BENCH_BIN=path measures another build of rapport (an earlier
//! commit's) the same way.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::outside::{self, Server};
use common::{CUSTOMERS, drop_pg_database, fill_customers_at, ms, pg_database};
use rapport::domain::ids::{GuildId, UserId};
use rapport::domain::period::{Period, PeriodKind};
use rapport::domain::weblink::{Grant, WebSecret};

const COMPLAINTS: i64 = 1_000_000;
const SPAN: i64 = 4 * 365 * 86_400;
const UNFINISHED_EVERY: i64 = 500;
const SECRET: &str = "the benchmark's web secret";

async fn fill(pool: &sqlx::AnyPool, now: i64) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO guild_settings (guild_id, updated_at) VALUES (1, 0)")
        .execute(pool)
        .await?;
    fill_customers_at(pool, now).await?;
    // Complaint n is reported SPAN·n/COMPLAINTS before now is reached; one in
    // UNFINISHED_EVERY is still being worked, at a step and severity by n.
    sqlx::query(
        "INSERT INTO complaints (guild_id, number, customer_id, summary, category, severity, temperament, source, owner_id,
           reporter_id, status, step, created_at, updated_at, step_started_at, acknowledged_at, closed_at, promised_by)
         WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $1)
         SELECT 1, n, 1 + (n % $2), 'complaint ' || n, 'product',
                CASE n % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'normal' WHEN 2 THEN 'high' ELSE 'critical' END,
                'angry', 'visit', 1000 + (n % 50), 1000 + (n % 50),
                CASE WHEN n % $3 = 0 THEN 'active' ELSE 'closed' END,
                CASE WHEN n % $3 = 0 THEN 1 + (n / $3) % 5 ELSE 5 END,
                $4 - $5 + ($5 / $1) * n, $4 - $5 + ($5 / $1) * n, $4 - $5 + ($5 / $1) * n,
                $4 - $5 + ($5 / $1) * n + 600 + (n % 7) * 900,
                CASE WHEN n % $3 = 0 THEN NULL ELSE $4 - $5 + ($5 / $1) * n + 86400 + (n % 11) * 3600 END,
                CASE WHEN n % $3 = 0 THEN $4 + (n % 5 - 2) * 86400 ELSE NULL END
         FROM seq",
    )
    .bind(COMPLAINTS)
    .bind(CUSTOMERS)
    .bind(UNFINISHED_EVERY)
    .bind(now)
    .bind(SPAN)
    .execute(pool)
    .await?;
    sqlx::query("INSERT INTO complaint_counters (guild_id, last_number) VALUES (1, $1)")
        .bind(COMPLAINTS)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO web_links (guild_id, user_id, issued_at, expires_at) VALUES (1, 7, $1, $2)",
    )
    .bind(now)
    .bind(now + 86_400)
    .execute(pool)
    .await?;
    // Fresh statistics, as a running server would have: the planner picks the indexes.
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

fn start_bot(url: &str, dir: &Path, name: &str) -> anyhow::Result<Server> {
    let port = outside::free_port()?;
    // RAPPORT_BENCH_BIN: another build to compare with (an earlier commit's).
    let bin = std::env::var("RAPPORT_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_rapport")));
    // The bot as deployed behind a load balancer, without a Discord to talk
    // to: its HTTP endpoint (a key no one signs with), no gateway, no
    // commands to register, REST calls (there should be none) to a closed port.
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
    let env = [
        ("DATABASE_URL", url.to_string()),
        ("DISCORD_TOKEN", "bench-token".to_string()),
        ("DISCORD_PUBLIC_KEY", hex::encode(key.as_bytes())),
        ("DISCORD_API_BASE", "http://127.0.0.1:9".to_string()),
        ("RAPPORT_GATEWAY", "off".to_string()),
        ("RAPPORT_REGISTER_COMMANDS", "off".to_string()),
        ("RAPPORT_HTTP_ADDR", format!("127.0.0.1:{port}")),
        ("RAPPORT_WEB_SECRET", SECRET.to_string()),
    ];
    outside::spawn_pinned(1, &bin, &[], &env, port, dir.join(format!("{name}.log")))
}

async fn started(url: &str, dir: &Path, name: &str) -> anyhow::Result<Server> {
    let bot = start_bot(url, dir, name)?;
    outside::wait_listening(&format!("http://127.0.0.1:{}/healthz", bot.port)).await?;
    Ok(bot)
}

struct Fetcher {
    client: reqwest::Client,
    cookie: String,
}

impl Fetcher {
    async fn get(&self, bot: &Server, path: &str) -> anyhow::Result<Duration> {
        let started = Instant::now();
        let r = self
            .client
            .get(format!("http://127.0.0.1:{}{path}", bot.port))
            .header("cookie", &self.cookie)
            .send()
            .await?;
        let status = r.status();
        let body = r.bytes().await?;
        anyhow::ensure!(
            status == 200,
            "{path}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        Ok(started.elapsed())
    }
}

fn pages(now: i64) -> Vec<(&'static str, String)> {
    let number = COMPLAINTS - COMPLAINTS % UNFINISHED_EVERY;
    let last_month = Period::containing(PeriodKind::Month, now, chrono_tz::Tz::UTC)
        .and_then(|p| p.previous(chrono_tz::Tz::UTC))
        .map(|p| p.tag())
        .unwrap_or_default();
    vec![
        ("overview", "/web".to_string()),
        ("complaints", "/web/complaints".to_string()),
        (
            "complaints, filtered",
            "/web/complaints?status=active&severity=high&customer=customer%2012".to_string(),
        ),
        (
            "complaints, by owner",
            "/web/complaints?owner=1007".to_string(),
        ),
        ("complaints, page 40", "/web/complaints?page=40".to_string()),
        ("one complaint", format!("/web/complaints/{number}")),
        ("customers", "/web/customers".to_string()),
        ("customers, page 40", "/web/customers?page=40".to_string()),
        ("one customer", "/web/customers/4242".to_string()),
        ("monthly meeting", "/web/month".to_string()),
        ("last month", format!("/web/month?period={last_month}")),
    ]
}

async fn run(url: &str, dir: &Path) -> anyhow::Result<()> {
    let now = chrono::Utc::now().timestamp();
    // The binary makes the schema it expects (its own migrations), then stops.
    drop(started(url, dir, "schema").await?);
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    let filling = Instant::now();
    fill(&pool, now).await?;
    pool.close().await;
    println!(
        "filled {CUSTOMERS} customers and {COMPLAINTS} complaints in {:.1} s",
        filling.elapsed().as_secs_f64()
    );
    let secret = WebSecret::new(SECRET).ok_or_else(|| anyhow::anyhow!("secret"))?;
    let token = Grant {
        link: 1,
        guild: GuildId(1),
        user: UserId(7),
        expires_at: now + 86_400,
    }
    .sign(&secret);
    let fetch = Fetcher {
        client: reqwest::Client::new(),
        cookie: format!("rapport_web={token}"),
    };
    let pages = pages(now);
    let bot = started(url, dir, "bot").await?;
    for (name, path) in &pages {
        let first = fetch.get(&bot, path).await?;
        let mut times = Vec::new();
        for i in 0..35 {
            let t = fetch.get(&bot, path).await?;
            if i >= 5 {
                times.push(t);
            }
        }
        times.sort();
        println!(
            "{name:<22} median {:6.2} ms, p90 {:6.2} ms, max {:6.2} ms (30 requests); the first {:6.1} ms",
            ms(times[15]),
            ms(times[27]),
            ms(times[29]),
            ms(first)
        );
    }
    drop(bot);
    let bot = started(url, dir, "restarted").await?;
    println!("restarted:");
    for (name, path) in &pages {
        let first = fetch.get(&bot, path).await?;
        println!(
            "{name:<22} first load after the restart {:6.1} ms",
            ms(first)
        );
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let rt = outside::pinned_runtime()?;
    rt.block_on(async {
        let backends = common::chosen_backends(&args);
        for pg in backends {
            let dir = tempfile::tempdir()?;
            match pg {
                None => {
                    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
                    println!("\n## SQLite ({url})");
                    run(&url, dir.path()).await?;
                }
                Some(base) => {
                    let url = pg_database(&base).await?;
                    println!("\n## PostgreSQL ({url})");
                    let result = run(&url, dir.path()).await;
                    drop_pg_database(&base, &url).await?;
                    result?;
                }
            }
        }
        Ok(())
    })
}
