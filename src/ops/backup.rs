//! `rapport backup FILE`: a consistent copy of a live SQLite database, taken
//! with `VACUUM INTO`, which reads one snapshot (WAL lets writers go on
//! meanwhile) and writes a compact, self-contained file. PostgreSQL has its
//! own tools for this (pg_dump), and this refuses there rather than pretend.

use std::path::Path;

use anyhow::{Context as _, bail};

use crate::store::{Backend, Db};

/// Writes the copy to `target`, which must not exist yet.
pub async fn sqlite_copy(db: &Db, target: &Path) -> anyhow::Result<u64> {
    if db.backend != Backend::Sqlite {
        bail!(
            "rapport backup copies SQLite databases; for PostgreSQL use pg_dump (e.g. pg_dump -Fc DBNAME > rapport.dump)"
        );
    }
    if target.exists() {
        bail!(
            "{} already exists; give a new file name so no backup is overwritten",
            target.display()
        );
    }
    let path = target
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", target.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(path)
        .execute(&db.pool)
        .await
        .with_context(|| format!("cannot write the backup to {}", target.display()))?;
    let size = std::fs::metadata(target)
        .with_context(|| format!("the backup {} was not written", target.display()))?
        .len();
    Ok(size)
}
