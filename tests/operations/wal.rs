//! SQLite's write-ahead log stays bounded under sustained writes: without a
//! checkpoint that restarts it, a log with readers always about grows for as
//! long as writes come (1.2 GB in the run), filling a small disk.

use crate::support::*;

#[tokio::test]
async fn the_write_ahead_log_is_restarted_once_it_passes_its_bound() {
    // SQLite only: PostgreSQL keeps its own log.
    let b = Bench::on(Backend::Sqlite).await;
    let file = b.url.trim_start_matches("sqlite://").to_string();
    let wal = format!("{file}-wal");
    let detail = "x".repeat(4000);
    let reader = b.app.db.pool.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reading = {
        let stop = stop.clone();
        tokio::spawn(async move {
            // A reader always at work, as requests are under load.
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = sqlx::query("SELECT COUNT(*) FROM events")
                    .fetch_one(&reader)
                    .await;
            }
        })
    };
    let mut largest = 0;
    for i in 0..6000 {
        let mut tx = b.app.db.begin_write().await.expect("write");
        sqlx::query("INSERT INTO events (guild_id, actor_id, kind, detail, at) VALUES (1, 1, 'created', $1, $2)")
            .bind(&detail)
            .bind(i as i64)
            .execute(&mut *tx)
            .await
            .expect("insert");
        tx.commit().await.expect("commit");
        if i % 100 == 0 {
            largest = largest.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
            tokio::task::yield_now().await;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    reading.await.expect("reader");
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events").await,
        6000,
        "nothing lost"
    );
    // 24 MB of rows (and their index pages) were written, many times faster
    // than the checkpoint's half-second beat (63-120 MB of log between two
    // beats here, before the writer woke the checkpointer itself): the log
    // stays under the 64 MB, and once the writes stop the
    // checkpointer cuts its file down.
    assert!(largest < 64 << 20, "the log reached {largest} bytes");
    let mut size = u64::MAX;
    for _ in 0..50 {
        size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if size <= 16 << 20 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(size <= 16 << 20, "the log stayed at {size} bytes");
}
