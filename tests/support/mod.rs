//! Shared test bench: the real command layer on a fresh real database per
//! test (a SQLite file in a temp dir, or a new PostgreSQL database), with a
//! clock the test moves.
#![allow(dead_code)]

pub mod expect;
pub mod fake_discord;
pub mod interactions;
pub mod process;
pub mod rate_limits;

use std::sync::Arc;

use rapport::app::App;
use rapport::clock::ManualClock;
use rapport::commands::{Answer, Ctx, dispatch, parse::parse_line};
use rapport::config::Config;
use rapport::domain::ids::{ChannelId, GuildId};
// Names the expectations take, so a suite needs only `use crate::support::*`.
#[allow(unused_imports)]
pub use rapport::domain::ids::{RoleId, UserId};
use rapport::domain::permissions::{Actor, Role};
use rapport::message::{Message, Response};
pub use rapport::store::Backend;
use rapport::store::Db;
#[allow(unused_imports)]
pub use rapport::store::outbox::Destination;
use sqlx::Row;

/// Turns `async fn name(db: Backend)` into two tests, `name::sqlite` and
/// `name::postgres`, so every suite runs on both databases from one binary.
/// Written above the function it registers; a function it does not register
/// is dead code, which clippy refuses, so a test cannot be left out.
macro_rules! on_both_databases {
    ($test:ident) => {
        mod $test {
            #[tokio::test]
            async fn sqlite() {
                super::$test($crate::support::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                super::$test($crate::support::Backend::Postgres).await
            }
        }
    };
}
pub(crate) use on_both_databases;

/// 2026-11-23 10:00 UTC, a Monday.
pub const T0: i64 = 1_795_428_000;
pub const GUILD: GuildId = GuildId(500);
pub const CHANNEL: ChannelId = ChannelId(7000);

pub const REP: Actor = Actor {
    user: UserId(101),
    role: Role::Rep,
};
pub const REP2: Actor = Actor {
    user: UserId(102),
    role: Role::Rep,
};
pub const MANAGER: Actor = Actor {
    user: UserId(201),
    role: Role::Manager,
};
pub const ADMIN: Actor = Actor {
    user: UserId(301),
    role: Role::Admin,
};

pub struct Bench {
    pub app: App,
    pub clock: ManualClock,
    pub url: String,
    _dir: tempfile::TempDir,
}

/// A database URL of its own for one test.
pub async fn fresh_database_url(backend: Backend, dir: &tempfile::TempDir) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("rapport.db").display()),
        Backend::Postgres => fresh_postgres_database().await,
    }
}

async fn fresh_postgres_database() -> String {
    use sqlx::Connection;
    let base = std::env::var("RAPPORT_TEST_POSTGRES")
        .ok()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".to_string());
    let name = format!("rapport_t_{}_{}", std::process::id(), rand_suffix());
    let mut admin = sqlx::PgConnection::connect(&format!("{base}/postgres"))
        .await
        .expect("PostgreSQL reachable at RAPPORT_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432); .ci/run starts it");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create database");
    format!("{base}/{name}")
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{}", nanos, N.fetch_add(1, Ordering::SeqCst))
}

impl Bench {
    pub async fn on(backend: Backend) -> Bench {
        Bench::with_config(backend, |_| {}).await
    }

    pub async fn with_config(backend: Backend, edit: impl FnOnce(&mut Config)) -> Bench {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = fresh_database_url(backend, &dir).await;
        let db = Db::connect(&url).await.expect("database opens");
        let mut config = Config::from_layers(None, |_| None).expect("default config");
        edit(&mut config);
        let clock = ManualClock::at(T0);
        let app = App::new(db, config, Arc::new(clock.clone()));
        Bench {
            app,
            clock,
            url,
            _dir: dir,
        }
    }

    pub async fn run_in(&self, guild: GuildId, actor: Actor, line: &str) -> Answer {
        let inv = match parse_line(line) {
            Ok(inv) => inv,
            Err(refusal) => {
                let text = rapport::i18n::refusal(rapport::i18n::Lang::En, &refusal);
                return Answer {
                    lang: rapport::i18n::Lang::En,
                    response: Response::Message(Message::private(text)),
                    committed: false,
                    queued: 0,
                };
            }
        };
        let ctx = Ctx {
            guild,
            actor,
            now: rapport::clock::Clock::now(&self.clock),
            channel: Some(CHANNEL),
            locale: None,
            member_roles: None,
        };
        dispatch(&self.app, &ctx, &inv).await
    }

    pub async fn run(&self, actor: Actor, line: &str) -> Answer {
        self.run_in(GUILD, actor, line).await
    }

    /// Runs a command that must succeed and returns its reply text.
    pub async fn ok(&self, actor: Actor, line: &str) -> String {
        let a = self.run(actor, line).await;
        assert!(a.committed, "{line} was refused: {:?}", a.response);
        reply_text(&a)
    }

    /// Runs a command that must be refused, checks nothing changed, returns the refusal.
    pub async fn refused(&self, actor: Actor, line: &str) -> String {
        let before = self.fingerprint().await;
        let a = self.run(actor, line).await;
        assert!(
            !a.committed,
            "{line} should have been refused, got {:?}",
            a.response
        );
        let text = reply_text(&a);
        assert!(
            matches!(
                &a.response,
                Response::Message(Message {
                    ephemeral: true,
                    ..
                })
            ),
            "refusals are private"
        );
        let after = self.fingerprint().await;
        let changed: Vec<&str> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a)
            .map(|(b, _)| b.0.as_str())
            .collect();
        assert!(
            changed.is_empty() && before.len() == after.len(),
            "{line} was refused but changed the database: {changed:?}"
        );
        text
    }

    /// Every row of every table, read from the schema so a table added later
    /// is covered too: equal before and after means nothing was written.
    pub async fn fingerprint(&self) -> Vec<(String, Vec<String>)> {
        let tables = self.tables().await;
        // A schema query that found nothing would make every fingerprint equal.
        for known in [
            "complaints",
            "outbox",
            "polls",
            "members",
            "schedules",
            "leases",
        ] {
            assert!(
                tables.iter().any(|t| t == known),
                "the schema query missed {known}: {tables:?}"
            );
        }
        let mut out = Vec::new();
        for table in tables {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}")))
                .fetch_all(&self.app.db.pool)
                .await
                .expect("a table's rows");
            // Row order is the database's business; only the contents matter here.
            let mut rows: Vec<String> = rows.iter().map(row_text).collect();
            rows.sort();
            out.push((table, rows));
        }
        out
    }

    /// The schema's tables, by name, without sqlx's own.
    pub async fn tables(&self) -> Vec<String> {
        let sql = match self.app.db.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations' ORDER BY table_name"
            }
        };
        sqlx::query(sql)
            .fetch_all(&self.app.db.pool)
            .await
            .expect("the schema's tables")
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect()
    }

    /// A table's columns, by name, as the schema declares them.
    pub async fn columns(&self, table: &str) -> Vec<String> {
        let sql = match self.app.db.backend {
            Backend::Sqlite => format!("SELECT name FROM pragma_table_info('{table}')"),
            Backend::Postgres => format!(
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'"
            ),
        };
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.app.db.pool)
            .await
            .expect("a table's columns")
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect()
    }

    /// `fingerprint` without some tables, for writes a test knows are not
    /// the command's (the Discord adapter records everyone who interacts).
    pub async fn fingerprint_except(&self, skip: &[&str]) -> Vec<(String, Vec<String>)> {
        let mut all = self.fingerprint().await;
        all.retain(|(table, _)| !skip.contains(&table.as_str()));
        all
    }

    /// Makes every insert into `table` fail inside the database itself, as
    /// a full disk or a broken constraint would; `allow_inserts` undoes it.
    pub async fn refuse_inserts(&self, table: &str) {
        let statements = match self.app.db.backend {
            Backend::Sqlite => vec![format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, '{table} refused'); END"
            )],
            Backend::Postgres => vec![
                format!(
                    "CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{table} refused'; END $$"
                ),
                format!(
                    "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_{table}()"
                ),
            ],
        };
        self.execute_all(&statements).await;
    }

    pub async fn allow_inserts(&self, table: &str) {
        let statement = match self.app.db.backend {
            Backend::Sqlite => format!("DROP TRIGGER refuse_{table}"),
            Backend::Postgres => format!("DROP TRIGGER refuse_{table} ON {table}"),
        };
        self.execute_all(&[statement]).await;
    }

    async fn execute_all(&self, statements: &[String]) {
        let mut conn = self.app.db.pool.acquire().await.expect("a connection");
        for sql in statements {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .execute(&mut *conn)
                .await
                .expect(sql);
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&self.app.db.pool)
            .await
            .expect(sql);
        row.try_get::<i64, _>(0).expect("an integer")
    }

    pub async fn text(&self, sql: &str) -> Option<String> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_optional(&self.app.db.pool)
            .await
            .expect(sql);
        row.and_then(|r| r.try_get::<Option<String>, _>(0).ok().flatten())
    }

    /// Payloads of the pending outbox, oldest first, as JSON text.
    pub async fn outbox(&self) -> Vec<(String, String)> {
        let rows =
            sqlx::query("SELECT target, payload FROM outbox WHERE status = 'pending' AND payload NOT LIKE '{\"EditCard\"%' ORDER BY id")
                .fetch_all(&self.app.db.pool)
                .await
                .expect("outbox");
        rows.iter()
            .map(|r| (r.get::<String, _>("target"), r.get::<String, _>("payload")))
            .collect()
    }

    /// The cards waiting to be redrawn in place, oldest first, as (complaint
    /// id, the card): `outbox`, `pending` and `owed` leave them out, being
    /// about new posts.
    pub async fn card_redraws(&self) -> Vec<(i64, rapport::message::Message)> {
        let rows = sqlx::query(
            "SELECT complaint_id, payload FROM outbox WHERE status = 'pending' AND payload LIKE '{\"EditCard\"%' ORDER BY id",
        )
        .fetch_all(&self.app.db.pool)
        .await
        .expect("outbox");
        rows.iter()
            .map(|r| {
                let payload: String = r.get("payload");
                match serde_json::from_str(&payload).expect("a card redraw") {
                    rapport::message::PostBody::EditCard { card, .. } => {
                        (r.get("complaint_id"), card)
                    }
                    other => panic!("not a redraw: {other:?}"),
                }
            })
            .collect()
    }

    /// Pending posts as (target, target id, payload), oldest first.
    pub async fn pending(&self) -> Vec<(String, Option<i64>, String)> {
        let rows = sqlx::query(
            "SELECT target, target_id, payload FROM outbox WHERE status = 'pending' AND payload NOT LIKE '{\"EditCard\"%' ORDER BY id",
        )
        .fetch_all(&self.app.db.pool)
        .await
        .expect("outbox");
        rows.iter()
            .map(|r| {
                (
                    r.get::<String, _>("target"),
                    r.get::<Option<i64>, _>("target_id"),
                    r.get::<String, _>("payload"),
                )
            })
            .collect()
    }

    /// `text` with its Discord timestamps written out in the default
    /// server's zone, as a reader there sees them.
    pub async fn unstamped(&self, text: &str) -> String {
        let mut conn = self.app.db.pool.acquire().await.expect("connection");
        let stored = rapport::store::settings::load(&mut conn, GUILD)
            .await
            .expect("settings");
        let server = rapport::store::settings::ServerSettings::resolve(&self.app.config, &stored);
        server.unstamp(text, rapport::clock::Clock::now(&self.clock))
    }

    /// Runs the reminder sweep at the bench's clock.
    pub async fn sweep(&self) -> rapport::reminders::SweepReport {
        rapport::reminders::sweep(&self.app, rapport::clock::Clock::now(&self.clock))
            .await
            .expect("sweep")
    }

    /// Moves the clock to `at` and sweeps.
    pub async fn sweep_at(&self, at: i64) -> rapport::reminders::SweepReport {
        self.clock.set(at);
        self.sweep().await
    }

    /// Marks the outbox delivered, so the next assertions see only new posts.
    pub async fn clear_outbox(&self) {
        sqlx::query("UPDATE outbox SET status = 'sent'")
            .execute(&self.app.db.pool)
            .await
            .expect("clear");
    }

    pub fn advance(&self, seconds: i64) {
        self.clock.advance(seconds);
    }

    /// A customer owned by REP plus one open complaint; returns nothing.
    pub async fn seed_complaint(&self, temperament: &str, severity: &str, category: &str) {
        if self
            .count("SELECT COUNT(*) FROM customers WHERE name_key = 'acme tools'")
            .await
            == 0
        {
            self.ok(
                REP,
                "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
            )
            .await;
        }
        self.ok(
            REP,
            &format!("/complaint new customer:\"Acme Tools\" summary:\"pump leaks after two weeks\" category:{category} severity:{severity} temperament:{temperament} channel:visit"),
        )
        .await;
    }
}

pub fn reply_text(a: &Answer) -> String {
    match &a.response {
        Response::Message(m) => m.plain(),
        Response::Modal(m) => format!(
            "FORM {} {:?}",
            m.title,
            m.fields.iter().map(|f| f.key.clone()).collect::<Vec<_>>()
        ),
    }
}

/// One row as text, whatever its column types, for comparing contents.
fn row_text(row: &sqlx::any::AnyRow) -> String {
    let cell = |i: usize| -> String {
        if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            return format!("{v:?}");
        }
        if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            return format!("{v:?}");
        }
        if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            return format!("{v:?}");
        }
        if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
            return format!("{v:?}");
        }
        match row.try_get::<Option<Vec<u8>>, _>(i) {
            Ok(v) => format!("{v:?}"),
            Err(e) => panic!("column {i} cannot be read for the fingerprint: {e}"),
        }
    };
    (0..row.len()).map(cell).collect::<Vec<_>>().join("|")
}
