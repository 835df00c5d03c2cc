#![allow(dead_code)]
//! Shared by the benchmarks: a database of realistic size, generated in the
//! database itself (portable recursive CTEs) so filling it takes seconds.

use rapport::store::Db;

pub const CUSTOMERS: i64 = 100_000;
pub const COMPLAINTS: i64 = 1_000_000;
/// Complaints whose reminders are due at `NOW`.
pub const DUE: i64 = 500;
/// Monday 2026-11-23 10:00 UTC: inside working hours.
pub const NOW: i64 = 1_795_428_000;

pub async fn fill(db: &Db) -> anyhow::Result<()> {
    let pool = &db.pool;
    sqlx::query("INSERT INTO guild_settings (guild_id, updated_at, alerts_channel, manager_role) VALUES (1, 0, 10, 20)")
        .execute(pool)
        .await?;
    fill_customers(db).await?;
    // One statement each, generated in the database: portable recursive CTEs.
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

/// `CUSTOMERS` customers of server 1, 50 owners, one in ten key.
pub async fn fill_customers(db: &Db) -> anyhow::Result<()> {
    fill_customers_at(&db.pool, NOW).await
}

/// The same, made a day before `now`, their visits due 30 days after.
pub async fn fill_customers_at(pool: &sqlx::AnyPool, now: i64) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO customers (guild_id, name, name_key, owner_id, tier, cadence_days, stage, created_at, updated_at, visit_due_at)
         WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $1)
         SELECT 1, 'Customer ' || n, 'customer ' || n, 1000 + (n % 50), CASE WHEN n % 10 = 0 THEN 'key' ELSE 'normal' END,
                90, 'regular', $2 - 86400, $2 - 86400, $2 + 86400 * 30
         FROM seq",
    )
    .bind(CUSTOMERS)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `run` on a fresh database: a temp SQLite file, or with the arguments
/// `postgres URL` a new PostgreSQL database at URL, dropped afterwards.
pub fn on_fresh_database<F, Fut>(run: F) -> anyhow::Result<()>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        match args.as_slice() {
            [backend, base] if backend == "postgres" => {
                let url = pg_database(base).await?;
                println!("PostgreSQL ({url})");
                let result = run(url.clone()).await;
                drop_pg_database(base, &url).await?;
                result
            }
            _ => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite://{}", dir.path().join("bench.db").display());
                println!("SQLite ({url})");
                run(url).await
            }
        }
    })
}

/// The PostgreSQL server a benchmark uses unless told another.
pub const PG_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432";

/// The databases the arguments ask for (`sqlite`, `postgres [URL]`, or
/// both): `None` for SQLite, `Some(server)` for a fresh PostgreSQL database.
pub fn chosen_backends(args: &[String]) -> Vec<Option<String>> {
    match args {
        [b] if b == "sqlite" => vec![None],
        [b] if b == "postgres" => vec![Some(PG_DEFAULT.into())],
        [b, url] if b == "postgres" => vec![Some(url.clone())],
        _ => vec![None, Some(PG_DEFAULT.into())],
    }
}

/// A new PostgreSQL database on the server at `base` (named after this
/// process); its URL.
pub async fn pg_database(base: &str) -> anyhow::Result<String> {
    use sqlx::Connection;
    let name = format!("rapport_bench_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&format!("{base}/postgres")).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    Ok(format!("{base}/{name}"))
}

/// Drops the database `pg_database` made, even with connections still open.
pub async fn drop_pg_database(base: &str, url: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let name = url.rsplit('/').next().unwrap_or_default();
    let mut admin = sqlx::PgConnection::connect(&format!("{base}/postgres")).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    Ok(())
}

pub mod load;
pub mod outside;
