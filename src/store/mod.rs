//! Storage: query functions over one sqlx `Any` pool, so the same SQL serves
//! SQLite and PostgreSQL. Functions take a connection so callers can group
//! them in one transaction; nothing here knows Discord or the console.

pub mod closing;
pub mod complaints;
pub mod crisis;
pub mod customers;
pub mod dashboard;
pub mod decisions;
pub mod digests;
pub mod events;
pub mod exports;
pub mod figures;
pub mod leases;
pub mod members;
pub mod outbox;
pub mod polls;
pub mod reports;
pub mod schedules;
pub mod scores;
pub mod settings;
pub mod settings_cache;
pub mod steps;
pub mod visits;
pub mod web;
pub mod win_back;
mod writer;
pub use writer::WriteStats;

use std::time::Duration;

use anyhow::Context as _;
use std::fmt::Write as _;

use sqlx::any::{AnyArguments, AnyPoolOptions, AnyQueryResult, AnyRow};
use sqlx::{Any, AnyConnection, AnyPool, Execute, Executor, QueryBuilder, Row};

pub type Conn = AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// SQLite only: the one connection every write of this process goes
    /// through, in turns that commit in groups (see `writer`).
    writer: Option<std::sync::Arc<writer::Writer>>,
    /// PostgreSQL only: two connections for the complaint counter, taken
    /// outside the command's transaction. Apart from the pool, so that
    /// commands holding every pooled connection can still get a number.
    counter: Option<AnyPool>,
    /// What commands last read of each server's settings.
    pub settings_cache: std::sync::Arc<settings_cache::SettingsCache>,
}

/// A write transaction: on SQLite this process's turn at its one writer (a
/// savepoint in a transaction shared with the turns queued behind it), on
/// PostgreSQL a transaction of its own. Dereferences to the connection, so
/// query functions take `&mut tx`. Dropped without `commit`, it is undone.
pub struct WriteTx {
    inner: Inner,
    /// A savepoint inside was dropped without being ended: what it left is
    /// unknown, so this transaction may only roll back.
    poisoned: bool,
}

enum Inner {
    Own(sqlx::Transaction<'static, sqlx::Any>),
    Turn(writer::Turn),
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match &self.inner {
            Inner::Own(tx) => tx,
            Inner::Turn(turn) => turn.conn_ref(),
        }
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.inner {
            Inner::Own(tx) => tx,
            Inner::Turn(turn) => turn.conn(),
        }
    }
}

impl WriteTx {
    /// Keeps what was written; on SQLite returns once the batch committed.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.commit_with(None).await
    }

    /// Runs `last`, then commits; on SQLite both in one round trip to the
    /// writer's thread. If `last` fails, nothing of this transaction is kept.
    pub async fn commit_with(self, last: Option<QueryBuilder<Any>>) -> Result<(), sqlx::Error> {
        if self.poisoned {
            self.rollback().await?;
            return Err(sqlx::Error::Protocol(
                "a savepoint was left open inside a write; nothing was kept".into(),
            ));
        }
        match self.inner {
            Inner::Own(mut tx) => {
                if let Some(last) = last {
                    execute_built(&mut tx, last).await?;
                }
                tx.commit().await
            }
            Inner::Turn(turn) => turn.commit_with(last).await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.inner {
            Inner::Own(tx) => tx.rollback().await,
            Inner::Turn(turn) => turn.rollback().await,
        }
    }

    /// A savepoint inside this transaction.
    pub async fn savepoint(&mut self) -> Result<Savepoint<'_>, sqlx::Error> {
        self.execute("SAVEPOINT rapport_inner").await?;
        Ok(Savepoint {
            tx: self,
            finished: false,
        })
    }
}

/// Part of a write that can be undone alone (`WriteTx::savepoint`).
pub struct Savepoint<'a> {
    tx: &'a mut WriteTx,
    finished: bool,
}

impl std::ops::Deref for Savepoint<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        self.tx
    }
}

impl std::ops::DerefMut for Savepoint<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.tx
    }
}

impl Savepoint<'_> {
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        self.finished = true;
        self.tx
            .execute("RELEASE SAVEPOINT rapport_inner")
            .await
            .map(|_| ())
    }

    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        self.finished = true;
        self.tx
            .execute("ROLLBACK TO SAVEPOINT rapport_inner; RELEASE SAVEPOINT rapport_inner")
            .await
            .map(|_| ())
    }
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.tx.poisoned = true;
        }
    }
}

/// Every SQLite connection's settings. WAL lets readers and the writer
/// proceed together; the busy timeout covers other processes (this one
/// writes through one connection). Checkpoints run in the background (see
/// `checkpoint_in_background`), not inside whichever write fills the log;
/// `journal_size_limit` keeps the log's file at most 16 MB between them.
/// Pages are read through a memory map, not copied in by a system call each
/// time another connection's write made a cached page stale. Temporary
/// files stay in memory: the group commit keeps one savepoint per command
/// inside a long transaction, and SQLite spilled their sub-journal past
/// 64 KiB into a temporary file it created, wrote and deleted at every
/// commit (the file's writes, creation and deletion were near the top of
/// the profile; without them `/complaint new` costs about a third less).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 16777216; PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY;";

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The migration versions this build carries, for `rapport doctor` to compare.
pub fn known_migrations(backend: Backend) -> Vec<i64> {
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.iter().map(|m| m.version).collect()
}

/// The URL with any password replaced, for logs and error messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Opens the database (creating a SQLite file if needed) and applies migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!(
                "DATABASE_URL must start with sqlite:// or postgres://, got {}",
                redact_url(url)
            );
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        let mut options =
            pool_options().max_connections(if backend == Backend::Sqlite { 4 } else { 10 });
        if backend == Backend::Sqlite {
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(SQLITE_PRAGMAS).await?;
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(&url)
            .await
            .with_context(|| format!("cannot open the database at {}", redact_url(&url)))?;
        let counter = match backend {
            Backend::Postgres => Some(
                pool_options()
                    .max_connections(2)
                    .connect_lazy(&url)
                    .with_context(|| format!("cannot open the database at {}", redact_url(&url)))?,
            ),
            Backend::Sqlite => None,
        };
        let mut db = Db {
            pool,
            backend,
            writer: None,
            counter,
            settings_cache: std::sync::Arc::default(),
        };
        db.migrate().await?;
        if backend == Backend::Sqlite {
            let mut conn = <AnyConnection as sqlx::Connection>::connect(&url)
                .await
                .with_context(|| format!("cannot open the database at {}", redact_url(&url)))?;
            conn.execute(SQLITE_PRAGMAS).await?;
            let wal_file = db.sqlite_file().map(|f| {
                let mut name = f.into_os_string();
                name.push("-wal");
                std::path::PathBuf::from(name)
            });
            db.writer = Some(writer::Writer::new(conn, wal_file));
            checkpoint_in_background(db.clone());
        }
        Ok(db)
    }

    /// The SQLite file the pool was opened on, if the database is SQLite.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        if self.backend != Backend::Sqlite {
            return None;
        }
        let options = self.pool.connect_options();
        let url = options.database_url.as_str();
        let path = url.strip_prefix("sqlite:")?.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or(path);
        (!path.is_empty() && path != ":memory:").then(|| path.into())
    }

    /// SQLite's writer: batches committed, turns waiting (`None` on PostgreSQL).
    pub fn write_stats(&self) -> Option<WriteStats> {
        self.writer.as_ref().map(|w| w.stats())
    }

    /// The server's next complaint number, in a statement of its own on
    /// PostgreSQL (see `commands::Scope::next_complaint_number`); `None` on
    /// SQLite, where it is taken in the command's transaction.
    pub async fn next_number_apart(
        &self,
        guild: crate::domain::ids::GuildId,
    ) -> Result<Option<crate::domain::ids::ComplaintNo>, sqlx::Error> {
        let Some(counter) = &self.counter else {
            return Ok(None);
        };
        let mut conn = counter.acquire().await?;
        complaints::next_number(&mut conn, guild).await.map(Some)
    }

    /// A transaction that will write. On SQLite it takes the write lock at
    /// once (BEGIN IMMEDIATE, in `writer`): a read-then-write transaction
    /// would otherwise fail outright, not wait, when another writer got in
    /// between.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        // Closing the pool closes the database for writes too.
        if self.pool.is_closed() {
            return Err(sqlx::Error::PoolClosed);
        }
        let inner = match &self.writer {
            Some(writer) => Inner::Turn(writer.turn().await?),
            None => Inner::Own(self.pool.begin().await?),
        };
        Ok(WriteTx {
            inner,
            poisoned: false,
        })
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        // A dedicated connection: a failed run on PostgreSQL keeps its advisory
        // lock on the connection, which must not go back to the pool.
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("cannot reach the database to migrate it")?;
        let result = migrator.run(&mut *conn).await;
        if result.is_err() {
            conn.detach();
        }
        result.context("database migration failed")
    }
}

/// A connection that comes back to the pool has just passed sqlx's own
/// check on release (a ping); one idle longer than this is pinged again
/// before it is handed out, since the server may have closed it meanwhile.
/// Under load connections come back within milliseconds, and a ping on every
/// acquire was one more round trip per command (to the server, or to
/// SQLite's thread).
pub const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(5))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_IF_IDLE_FOR {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
}

/// Past this many frames (about 16 MB of 4 KiB pages) the write-ahead log is
/// restarted with the writer's turn held: under steady writes a passive
/// checkpoint alone never finds a moment to restart the log, which then
/// grows without bound. Restarted, not truncated, while writes come: the
/// next writes reuse the file's blocks instead of having the file system
/// allocate them again.
const WAL_TRUNCATE_FRAMES: i64 = 4096;

/// Copies SQLite's write-ahead log back into the database twice a second,
/// off the request path, for as long as the pool is open, and at once when
/// the writer finds the log past its bound; keeps the log bounded
/// (`WAL_TRUNCATE_FRAMES`).
fn checkpoint_in_background(db: Db) {
    tokio::spawn(async move {
        let mut frames_before = 0;
        while !db.pool.is_closed() {
            let beat = tokio::time::sleep(Duration::from_millis(500));
            match &db.writer {
                Some(writer) => {
                    tokio::select! {
                        _ = beat => {}
                        _ = writer.wal_full() => {}
                    }
                }
                None => beat.await,
            }
            match checkpoint(&db, frames_before).await {
                Ok(frames) => frames_before = frames,
                Err(e) => tracing::debug!(error = %e, "checkpoint skipped"),
            }
            // A log the checkpoint could not restart (a reader held it)
            // wakes this loop at every commit: not more often than this.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
}

/// One beat of the checkpointer; returns the frames the log held, for the
/// next beat to tell whether any write came in between.
async fn checkpoint(db: &Db, frames_before: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(&db.pool)
        .await?;
    // (busy, frames in the log, frames copied back)
    let frames: i64 = row.try_get(1)?;
    if frames < WAL_TRUNCATE_FRAMES {
        return Ok(frames);
    }
    // No write since the last beat: the file is cut to nothing now, since
    // SQLite would only trim it at the next write, which may be hours away
    // on a quiet server.
    let mode = if frames == frames_before {
        "PRAGMA wal_checkpoint(TRUNCATE)"
    } else {
        "PRAGMA wal_checkpoint(RESTART)"
    };
    if let Some(writer) = &db.writer {
        writer.between_batches(mode).await?;
    }
    Ok(frames)
}

/// Whether an error means "the database is briefly unavailable": the user is
/// told to try again, and nothing was written.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => {
            let msg = db.message().to_ascii_lowercase();
            msg.contains("database is locked")
                || msg.contains("database is busy")
                || msg.contains("unable to open")
                || matches!(
                    db.code().as_deref(),
                    Some("5" | "6" | "57P01" | "57P03" | "53300")
                )
        }
        _ => false,
    }
}

pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Rows in one multi-row insert: the sweep queues thousands of posts at a
/// time, and a statement of a hundred rows stays far below SQLite's limit on
/// bound values (32,766) and PostgreSQL's (65,535).
pub(crate) const ROWS_PER_INSERT: usize = 100;

/// Which database `conn` talks to.
pub(crate) fn backend_of(conn: &Conn) -> Backend {
    if conn.backend_name() == <sqlx::Postgres as sqlx::Database>::NAME {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// A query made with `QueryBuilder`, ready for `conn`. The `Any` driver
/// writes its placeholders as `?` whatever the database, and PostgreSQL reads
/// only `$N` (sqlx issue 3000, still open in 0.9), so there they are renumbered.
fn built_for(
    conn: &Conn,
    built: &mut QueryBuilder<Any>,
) -> Result<sqlx::query::Query<'static, Any, AnyArguments>, sqlx::Error> {
    let mut query = built.build();
    let arguments = query.take_arguments().map_err(sqlx::Error::Encode)?;
    let sql = match backend_of(conn) {
        Backend::Postgres => dollar_placeholders(query.sql().as_str()),
        Backend::Sqlite => query.sql().as_str().to_string(),
    };
    Ok(sqlx::query_with(
        sqlx::AssertSqlSafe(sql),
        arguments.unwrap_or_default(),
    ))
}

/// Runs a statement made with `QueryBuilder` (see `built_for`).
pub(crate) async fn execute_built(
    conn: &mut Conn,
    mut built: QueryBuilder<Any>,
) -> Result<AnyQueryResult, sqlx::Error> {
    built_for(conn, &mut built)?.execute(&mut *conn).await
}

/// Runs a query made with `QueryBuilder` and returns its rows (see `built_for`).
pub(crate) async fn fetch_built(
    conn: &mut Conn,
    mut built: QueryBuilder<Any>,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    built_for(conn, &mut built)?.fetch_all(&mut *conn).await
}

/// `?` placeholders as `$1`, `$2`…; a `?` inside quotes is text, left alone.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + sql.len() / 4);
    let (mut n, mut quote) = (0, None);
    for c in sql.chars() {
        match (quote, c) {
            (None, '?') => {
                n += 1;
                let _ = write!(out, "${n}");
                continue;
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// A closed set's code as stored, read back: an unknown one is a decoding
/// error naming where it was read.
pub(crate) fn decoded<T>(
    code: &str,
    col: &str,
    read: fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    read(code).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: col.into(),
        source: format!("unknown code {code}").into(),
    })
}

/// `decoded`, of the code in `row`'s column `col`.
pub(crate) fn coded<T>(
    row: &AnyRow,
    col: &str,
    read: fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    let code: String = row.try_get(col)?;
    decoded(&code, col, read)
}

/// A number from a closed set (a step, a reminder's stage), read back.
pub(crate) fn numbered<T>(
    row: &AnyRow,
    col: &str,
    read: fn(i64) -> Option<T>,
) -> Result<T, sqlx::Error> {
    let n: i64 = row.try_get(col)?;
    read(n).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: col.into(),
        source: format!("unknown {col} {n}").into(),
    })
}

/// Reads an optional i64 column.
pub(crate) fn opt_i64(row: &AnyRow, col: &str) -> Result<Option<i64>, sqlx::Error> {
    row.try_get::<Option<i64>, _>(col)
}

pub(crate) fn flag(value: bool) -> i64 {
    i64::from(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes_only() {
        let mut built = QueryBuilder::<Any>::new("INSERT INTO t (a, b) ");
        built.push_values([(1_i64, "x"), (2, "y")], |mut row, (a, b)| {
            row.push_bind(a).push_bind(b);
        });
        let sql = built.sql();
        assert_eq!(sql.as_str(), "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)");
        assert_eq!(
            dollar_placeholders(sql.as_str()),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            dollar_placeholders("SELECT '?', \"a?\", ? WHERE x = 'it''s?'"),
            "SELECT '?', \"a?\", $1 WHERE x = 'it''s?'"
        );
    }

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/rapport"),
            "postgres://app:***@db:5432/rapport"
        );
        assert_eq!(redact_url("sqlite://rapport.db"), "sqlite://rapport.db");
    }
}
