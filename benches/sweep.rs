//! The reminder sweep at scale: 100,000 customers and 1,000,000 complaints,
//! of which a few hundred are due. Prints the time of one sweep that finds
//! and enqueues 500 due complaints, and of sweeps that find nothing due.
//!
//! cargo bench --bench sweep                  # SQLite (a temp file)
//! cargo bench --bench sweep -- postgres URL  # PostgreSQL (a fresh database at URL)

use std::time::Instant;

use rapport::app::App;
use rapport::clock::ManualClock;
use rapport::config::Config;
use rapport::store::Db;

const CUSTOMERS: i64 = 100_000;
const COMPLAINTS: i64 = 1_000_000;
const DUE: i64 = 500;
/// Monday 2026-11-23 10:00 UTC: inside working hours.
const NOW: i64 = 1_795_428_000;

async fn fill(db: &Db) -> anyhow::Result<()> {
    let pool = &db.pool;
    sqlx::query("INSERT INTO guild_settings (guild_id, updated_at, alerts_channel, manager_role) VALUES (1, 0, 10, 20)")
        .execute(pool)
        .await?;
    // One statement each, generated in the database: portable recursive CTEs.
    sqlx::query(
        "INSERT INTO customers (guild_id, name, name_key, owner_id, tier, cadence_days, stage, created_at, updated_at, visit_due_at)
         WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $1)
         SELECT 1, 'Customer ' || n, 'customer ' || n, 1000 + (n % 50), CASE WHEN n % 10 = 0 THEN 'key' ELSE 'normal' END,
                90, 'regular', $2 - 86400, $2 - 86400, $2 + 86400 * 30
         FROM seq",
    )
    .bind(CUSTOMERS)
    .bind(NOW)
    .execute(pool)
    .await?;
    sqlx::query(
        "INSERT INTO complaints (guild_id, number, customer_id, summary, category, severity, temperament, source, owner_id,
           reporter_id, status, step, created_at, updated_at, step_started_at, acknowledged_at, closed_at, next_check_at)
         WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $1)
         SELECT 1, n, 1 + (n % $2), 'complaint ' || n, 'product', 'high', 'angry', 'visit', 1000 + (n % 50),
                1000 + (n % 50),
                CASE WHEN n <= $3 THEN 'open' WHEN n % 100 = 0 THEN 'active' ELSE 'closed' END,
                CASE WHEN n <= $3 THEN 1 ELSE 5 END,
                $4 - 7200, $4 - 7200, $4 - 7200,
                CASE WHEN n <= $3 THEN NULL ELSE $4 - 7000 END,
                CASE WHEN n <= $3 OR n % 100 = 0 THEN NULL ELSE $4 - 3600 END,
                CASE WHEN n <= $3 THEN $4 - 60 WHEN n % 100 = 0 THEN $4 + 86400 ELSE NULL END
         FROM seq",
    )
    .bind(COMPLAINTS)
    .bind(CUSTOMERS)
    .bind(DUE)
    .bind(NOW)
    .execute(pool)
    .await?;
    sqlx::query("INSERT INTO complaint_counters (guild_id, last_number) VALUES (1, $1)")
        .bind(COMPLAINTS)
        .execute(pool)
        .await?;
    Ok(())
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run(url: &str) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    let started = Instant::now();
    fill(&db).await?;
    println!(
        "filled {CUSTOMERS} customers and {COMPLAINTS} complaints in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let config = Config::from_layers(None, |_| None)?;
    let clock = ManualClock::at(NOW);
    let app = App::new(db, config, std::sync::Arc::new(clock));
    // Schedules are created on the first sweep; make that happen before measuring.
    rapport::digests::ensure_all(&app, NOW - 3600).await?;

    let started = Instant::now();
    let report = rapport::reminders::sweep(&app, NOW).await?;
    let due_time = started.elapsed();
    println!(
        "sweep with {} due complaints: {:.1} ms ({} reminders enqueued)",
        report.complaints,
        ms(due_time),
        report.reminders
    );
    let mut idle = Vec::new();
    for i in 0..50 {
        let started = Instant::now();
        let report = rapport::reminders::sweep(&app, NOW + 1 + i).await?;
        idle.push(started.elapsed());
        assert_eq!(report.complaints, 0, "nothing should be due");
    }
    idle.sort();
    println!(
        "sweep with nothing due: median {:.2} ms, p90 {:.2} ms, max {:.2} ms (50 runs)",
        ms(idle[25]),
        ms(idle[45]),
        ms(idle[49])
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        match args.as_slice() {
            [backend, url] if backend == "postgres" => {
                use sqlx::Connection;
                let name = format!("rapport_bench_{}", std::process::id());
                let mut admin = sqlx::PgConnection::connect(&format!("{url}/postgres")).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut admin)
                    .await?;
                println!("PostgreSQL ({url}/{name})");
                let result = run(&format!("{url}/{name}")).await;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await?;
                result
            }
            _ => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite://{}", dir.path().join("bench.db").display());
                println!("SQLite ({url})");
                run(&url).await
            }
        }
    })
}
