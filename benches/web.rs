//! The manager's web view at scale: 100,000 customers and 1,000,000
//! complaints spread over four years (about 4,800 a week, 2,000 unfinished),
//! each page fetched over real HTTP from the real router on a local socket,
//! with a signed session. Prints each page's time as the client saw it
//! (median, p90, max of 30 requests after 5 of warm-up, and the very first,
//! before the overview's past weeks are kept).
//!
//! cargo bench --bench web                  # SQLite (a temp file)
//! cargo bench --bench web -- postgres URL  # PostgreSQL (a fresh database at URL)

use std::time::{Duration, Instant};

use rapport::app::App;
use rapport::clock::ManualClock;
use rapport::config::Config;
use rapport::domain::ids::{GuildId, UserId};
use rapport::domain::weblink::{Grant, WebSecret};
use rapport::store::Db;

mod common;

use common::{CUSTOMERS, NOW, fill_customers, ms, on_fresh_database};

const COMPLAINTS: i64 = 1_000_000;
const SPAN: i64 = 4 * 365 * 86_400;
const UNFINISHED_EVERY: i64 = 500;
const SECRET: &str = "the benchmark's web secret";

async fn fill(db: &Db) -> anyhow::Result<()> {
    let pool = &db.pool;
    sqlx::query("INSERT INTO guild_settings (guild_id, updated_at) VALUES (1, 0)")
        .execute(pool)
        .await?;
    fill_customers(db).await?;
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
    .bind(NOW)
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
    .bind(NOW)
    .bind(NOW + 86_400)
    .execute(pool)
    .await?;
    // Fresh statistics, as a running server would have: the planner picks the indexes.
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

async fn run(url: &str) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    let started = Instant::now();
    fill(&db).await?;
    println!(
        "filled {CUSTOMERS} customers and {COMPLAINTS} complaints in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut config = Config::from_layers(None, |_| None)?;
    let secret = WebSecret::new(SECRET).ok_or_else(|| anyhow::anyhow!("secret"))?;
    config.web.secret = Some(secret.clone());
    let app = App::new(db, config, std::sync::Arc::new(ManualClock::at(NOW)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = rapport::web::serve_on(listener, app)?;
    let token = Grant {
        link: 1,
        guild: GuildId(1),
        user: UserId(7),
        expires_at: NOW + 86_400,
    }
    .sign(&secret);
    let client = reqwest::Client::new();
    let number = COMPLAINTS - COMPLAINTS % UNFINISHED_EVERY;
    for (name, path) in [
        ("overview", "/web".to_string()),
        ("complaints", "/web/complaints".to_string()),
        (
            "complaints, filtered",
            "/web/complaints?status=active&severity=high&customer=customer%2012".to_string(),
        ),
        ("complaints, page 40", "/web/complaints?page=40".to_string()),
        ("one complaint", format!("/web/complaints/{number}")),
        ("customers", "/web/customers".to_string()),
        ("customers, page 40", "/web/customers?page=40".to_string()),
        ("one customer", "/web/customers/4242".to_string()),
        ("monthly meeting", "/web/month".to_string()),
    ] {
        let url = format!("http://{addr}{path}");
        let mut times = Vec::new();
        let mut first = Duration::ZERO;
        for i in 0..35 {
            let started = Instant::now();
            let r = client
                .get(&url)
                .header("cookie", format!("rapport_web={token}"))
                .send()
                .await?;
            anyhow::ensure!(r.status() == 200, "{path}: {}", r.status());
            let _ = r.bytes().await?;
            if i == 0 {
                first = started.elapsed();
            }
            if i >= 5 {
                times.push(started.elapsed());
            }
        }
        times.sort();
        println!(
            "{name:<22} median {:6.2} ms, p90 {:6.2} ms, max {:6.2} ms (30 requests over HTTP; the first {:.1} ms)",
            ms(times[15]),
            ms(times[27]),
            ms(times[29]),
            ms(first)
        );
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    on_fresh_database(|url| async move { run(&url).await })
}
