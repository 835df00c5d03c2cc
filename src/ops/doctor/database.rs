//! Is the database reachable, and migrated to what this build expects? The
//! check opens its own connection and changes nothing: no file is created,
//! no migration applied (start-up does both).

use std::time::Duration;

use sqlx::Row;
use sqlx::any::AnyPoolOptions;

use crate::domain::findings::{Check, Finding};
use crate::store::{Backend, known_migrations, redact_url};

/// The outcome, and a pool on the database when it can be read further.
pub async fn check(url: &str) -> (Check, Option<sqlx::AnyPool>) {
    sqlx::any::install_default_drivers();
    let shown = redact_url(url);
    let unreachable = |error: String| Finding::DatabaseUnreachable {
        url: shown.clone(),
        error,
    };
    let (backend, open_url) = if url.starts_with("postgres") {
        (Backend::Postgres, url.to_string())
    } else if let Some(path) = url.strip_prefix("sqlite:") {
        let file = path.trim_start_matches("//");
        let file = file.split('?').next().unwrap_or(file);
        if !file.is_empty() && file != ":memory:" && !std::path::Path::new(file).exists() {
            return (Check::warn(Finding::DatabaseNew { url: shown }), None);
        }
        // Read and write, but never create: a typo must not make a new empty database.
        let url = if url.contains("mode=") {
            url.to_string()
        } else {
            format!("{url}{}mode=rw", if url.contains('?') { '&' } else { '?' })
        };
        (Backend::Sqlite, url)
    } else {
        let error = "DATABASE_URL must start with sqlite:// or postgres://".to_string();
        return (Check::fail(unreachable(error)), None);
    };
    let pool = match AnyPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(5))
        .connect(&open_url)
        .await
    {
        Ok(pool) => pool,
        Err(e) => return (Check::fail(unreachable(first_line(&e.to_string()))), None),
    };
    let applied: Vec<i64> = match sqlx::query("SELECT version FROM _sqlx_migrations")
        .fetch_all(&pool)
        .await
    {
        Ok(rows) => rows
            .iter()
            .filter_map(|r| r.try_get("version").ok())
            .collect(),
        // No migrations table: a database rapport never started on.
        Err(_) => Vec::new(),
    };
    let known = known_migrations(backend);
    let newer: Vec<i64> = applied
        .iter()
        .copied()
        .filter(|v| !known.contains(v))
        .collect();
    let pending = known.iter().filter(|v| !applied.contains(v)).count();
    let check = if !newer.is_empty() {
        Check::fail(Finding::DatabaseTooNew {
            url: shown,
            versions: newer,
        })
    } else if pending > 0 {
        Check::warn(Finding::DatabasePending {
            url: shown,
            pending,
        })
    } else {
        Check::ok(Finding::DatabaseReady {
            url: shown,
            migrations: known.len(),
        })
    };
    // Server settings can be read only once the tables exist.
    let readable = pending == 0;
    (check, readable.then_some(pool))
}

pub fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_string()
}
