//! Named leases: one holder at a time, until the lease runs out. A replica
//! that dies simply stops renewing, and another takes over.

use super::Conn;
use crate::domain::ids::Timestamp;

/// Takes or renews `name` for `holder` until `until`; false if someone else holds it.
pub async fn acquire(
    conn: &mut Conn,
    name: &str,
    holder: &str,
    now: Timestamp,
    until: Timestamp,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
         WHERE leases.until < $4 OR leases.holder = excluded.holder",
    )
    .bind(name)
    .bind(holder)
    .bind(until)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn release(conn: &mut Conn, name: &str, holder: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
        .bind(name)
        .bind(holder)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Holders and ends of the leases whose names start with `prefix`.
pub async fn with_prefix(
    conn: &mut Conn,
    prefix: &str,
) -> Result<Vec<(String, String, Timestamp)>, sqlx::Error> {
    use sqlx::Row;
    // A prefix of our own making, with no LIKE wildcards in it; compared
    // with substr so none could ever act as one.
    let rows = sqlx::query(
        "SELECT name, holder, until FROM leases WHERE substr(name, 1, $1) = $2 ORDER BY name",
    )
    .bind(i32::try_from(prefix.chars().count()).unwrap_or(i32::MAX))
    .bind(prefix)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("name")?,
                r.try_get("holder")?,
                r.try_get("until")?,
            ))
        })
        .collect()
}

/// Drops `name` whoever holds it: for the lease of an instance known to be gone.
pub async fn remove(conn: &mut Conn, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM leases WHERE name = $1")
        .bind(name)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Who holds `name` now, if anyone (expired or not).
pub async fn holder(conn: &mut Conn, name: &str) -> Result<Option<String>, sqlx::Error> {
    use sqlx::Row;
    let row = sqlx::query("SELECT holder FROM leases WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| r.try_get("holder")).transpose()
}
