//! Writes that overlap: on SQLite they share a commit (group commit through
//! the one writer), on PostgreSQL each has its own transaction. Either way a
//! write that returned `Ok` from `commit` is stored and seen by every other
//! connection, and a write undone (rolled back, or dropped half-way) loses
//! nothing of the others.

use std::sync::Arc;

use rapport::store::Db;

use crate::support::*;

async fn holders(db: &Db) -> Vec<String> {
    let mut conn = db.pool.acquire().await.unwrap();
    sqlx::query_scalar::<_, String>("SELECT name FROM leases ORDER BY name")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
}

async fn insert(tx: &mut rapport::store::WriteTx, name: &str) {
    insert_on(tx, name).await;
}

/// Lets the other tasks of this (single-threaded) test runtime run until
/// `ready` holds.
async fn until(ready: impl Fn() -> bool) {
    for _ in 0..10_000 {
        if ready() {
            return;
        }
        tokio::task::yield_now().await;
    }
    panic!("the other writes never queued");
}

fn queued(db: &Db) -> usize {
    db.write_stats().map_or(1, |s| s.waiting)
}

on_both_databases!(overlapping_writes_are_all_kept_and_seen_once_committed);
async fn overlapping_writes_are_all_kept_and_seen_once_committed(db: Backend) {
    let b = Bench::on(db).await;
    let db = Arc::new(b.app.db.clone());
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let name = format!("w{i:02}");
            let mut tx = db.begin_write().await.unwrap();
            insert(&mut tx, &name).await;
            tokio::task::yield_now().await;
            tx.commit().await.unwrap();
            // Told "committed": another connection sees it at once.
            let mut conn = db.pool.acquire().await.unwrap();
            let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM leases WHERE name = $1")
                .bind(name)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            assert_eq!(seen, 1);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let names = holders(&db).await;
    assert_eq!(names.len(), 40);
    assert_eq!(names.first().map(String::as_str), Some("w00"));
    if let Some(stats) = db.write_stats() {
        assert!(
            stats.batches < 40,
            "40 overlapping writes shared commits: {} batches",
            stats.batches
        );
        assert_eq!(stats.waiting, 0);
    }
}

/// How the second of two overlapping writes ends.
#[derive(Clone, Copy)]
enum End {
    Rollback,
    Drop,
    /// The statement sent with its commit fails (a name already taken).
    FailingLast,
}

/// `a` commits while `b` waits for its turn, then `b` ends as `end` says:
/// `a` is kept, `b` is not, and `a`'s commit returns only when it is stored.
async fn one_of_two_is_undone(db: Backend, end: End) {
    let b = Bench::on(db).await;
    let db = Arc::new(b.app.db.clone());
    let mut a = db.begin_write().await.unwrap();
    insert(&mut a, "a").await;
    let second = db.clone();
    let b_task = tokio::spawn(async move {
        let mut tx = second.begin_write().await.unwrap();
        insert(&mut tx, "b").await;
        match end {
            End::Rollback => tx.rollback().await.unwrap(),
            End::Drop => drop(tx),
            End::FailingLast => {
                let failed = tx.commit_with(Some(lease_insert("a"))).await;
                assert!(failed.is_err(), "a duplicate name must fail the commit");
            }
        }
    });
    until(|| queued(&db) > 0).await;
    a.commit().await.unwrap();
    b_task.await.unwrap();
    assert_eq!(holders(&db).await, vec!["a".to_string()]);
    // The writer is free again: a third write goes through, with the
    // statement sent with its commit kept alongside the rest of it.
    let mut c = db.begin_write().await.unwrap();
    insert(&mut c, "c").await;
    c.commit_with(Some(lease_insert("d"))).await.unwrap();
    assert_eq!(
        holders(&db).await,
        vec!["a".to_string(), "c".to_string(), "d".to_string()]
    );
}

on_both_databases!(a_write_rolled_back_in_a_shared_batch_takes_only_its_own_rows);
async fn a_write_rolled_back_in_a_shared_batch_takes_only_its_own_rows(db: Backend) {
    one_of_two_is_undone(db, End::Rollback).await;
}

on_both_databases!(a_write_dropped_half_way_in_a_shared_batch_takes_only_its_own_rows);
async fn a_write_dropped_half_way_in_a_shared_batch_takes_only_its_own_rows(db: Backend) {
    one_of_two_is_undone(db, End::Drop).await;
}

on_both_databases!(a_savepoint_left_open_makes_the_write_roll_back);
async fn a_savepoint_left_open_makes_the_write_roll_back(db: Backend) {
    let b = Bench::on(db).await;
    let mut tx = b.app.db.begin_write().await.unwrap();
    insert(&mut tx, "kept-until-commit").await;
    {
        let mut inner = tx.savepoint().await.unwrap();
        insert_on(&mut inner, "inner").await;
        // Dropped without commit or rollback.
    }
    let err = tx.commit().await.unwrap_err();
    assert!(format!("{err}").contains("savepoint"), "{err}");
    assert!(holders(&b.app.db).await.is_empty());
    // A savepoint ended properly keeps or drops just its part.
    let mut tx = b.app.db.begin_write().await.unwrap();
    insert(&mut tx, "outer").await;
    let mut inner = tx.savepoint().await.unwrap();
    insert_on(&mut inner, "undone").await;
    inner.rollback().await.unwrap();
    let mut inner = tx.savepoint().await.unwrap();
    insert_on(&mut inner, "released").await;
    inner.commit().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        holders(&b.app.db).await,
        vec!["outer".to_string(), "released".to_string()]
    );
}

async fn insert_on(conn: &mut sqlx::AnyConnection, name: &str) {
    sqlx::query("INSERT INTO leases (name, holder, until) VALUES ($1, 'test', 0)")
        .bind(name.to_string())
        .execute(&mut *conn)
        .await
        .unwrap();
}

/// SQLite only: the temporary files are SQLite's. A write inside the shared
/// batch is a savepoint, and SQLite journals the original of every page it
/// changes; past 64 KiB it spilled that journal into a temporary file,
/// created, written and deleted at every commit, unless temporary files are
/// kept in memory.
#[tokio::test]
async fn a_large_write_in_the_shared_batch_opens_no_temporary_file() {
    let b = Bench::on(Backend::Sqlite).await;
    let db = &b.app.db;
    let filler = "x".repeat(200);
    let mut tx = db.begin_write().await.unwrap();
    for i in 0..2_000 {
        insert(&mut tx, &format!("{i:05}{filler}")).await;
    }
    tx.commit().await.unwrap();
    // Changes every page of the table: about 450 KB of originals to keep.
    let mut tx = db.begin_write().await.unwrap();
    sqlx::query("UPDATE leases SET holder = 'another replica'")
        .execute(&mut *tx)
        .await
        .unwrap();
    let open = sqlite_temporary_files();
    tx.commit().await.unwrap();
    assert!(open.is_empty(), "temporary files open: {open:?}");
    let mut conn = db.pool.acquire().await.unwrap();
    let moved: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM leases WHERE holder = 'another replica'")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(moved, 2_000);
}

/// The files this process holds open that SQLite made for itself (it names
/// them `etilqs_…` and unlinks them at once).
fn sqlite_temporary_files() -> Vec<String> {
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .map(|target| target.display().to_string())
        .filter(|target| target.contains("etilqs_"))
        .collect()
}

/// A statement sent with the commit (as a command's outbox rows are).
fn lease_insert(name: &str) -> sqlx::QueryBuilder<sqlx::Any> {
    let mut insert = sqlx::QueryBuilder::new("INSERT INTO leases (name, holder, until) VALUES (");
    insert.push_bind(name.to_string()).push(", 'test', 0)");
    insert
}

on_both_databases!(
    a_write_whose_last_statement_fails_at_commit_keeps_nothing_and_the_batch_goes_on
);
async fn a_write_whose_last_statement_fails_at_commit_keeps_nothing_and_the_batch_goes_on(
    db: Backend,
) {
    one_of_two_is_undone(db, End::FailingLast).await;
}
