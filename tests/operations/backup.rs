//! `rapport backup`: a copy of the live SQLite database taken while
//! complaints are being written opens, is whole, and holds every complaint
//! committed before it began, each with its timeline.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rapport::store::Db;

use crate::kit::{self, SqliteBench, run_line};
use crate::support::{GUILD, MANAGER, REP};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_holds_every_committed_complaint() {
    let b = SqliteBench::new().await;
    let added = b
        .run_in(
            GUILD,
            REP,
            "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
        )
        .await;
    assert!(added.committed);

    let committed = Arc::new(Mutex::new(0_usize));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (app, clock) = (b.app.clone(), b.clock.clone());
        let (committed, stop) = (committed.clone(), stop.clone());
        tokio::spawn(async move {
            for i in 0..400 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let line = format!(
                    "/complaint new customer:\"Acme Tools\" summary:\"leak {i}\" category:product severity:normal temperament:angry channel:visit"
                );
                let answer = run_line(&app, &clock, GUILD, REP, &line).await;
                assert!(answer.committed, "{:?}", answer.response);
                *committed.lock().unwrap() += 1;
            }
        })
    };
    while *committed.lock().unwrap() < 10 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before_backup = *committed.lock().unwrap();
    let copy = b.dir.path().join("backup.db");
    let size = rapport::ops::backup::sqlite_copy(&b.app.db, &copy)
        .await
        .expect("backup");
    let after_backup = *committed.lock().unwrap();
    assert!(
        !writer.is_finished(),
        "the writer was still writing when the copy was done"
    );
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    assert!(size > 0);

    let url = format!("sqlite://{}", copy.display());
    let db = Db::connect(&url).await.expect("the copy opens");
    let one = |sql: &'static str| {
        let db = db.clone();
        async move {
            let row = sqlx::query(sql).fetch_one(&db.pool).await.unwrap();
            sqlx::Row::get::<i64, _>(&row, 0)
        }
    };
    let integrity: String = sqlx::Row::get(
        &sqlx::query("PRAGMA integrity_check")
            .fetch_one(&db.pool)
            .await
            .unwrap(),
        0,
    );
    assert_eq!(integrity, "ok");
    let in_copy = one("SELECT COUNT(*) FROM complaints").await as usize;
    assert!(
        // A commit is counted just after it lands, so one may not be counted yet.
        (before_backup..=after_backup + 1).contains(&in_copy),
        "{before_backup} committed before, {after_backup} after, {in_copy} in the copy"
    );
    // One snapshot: numbers 1..n with nothing missing, each with its timeline and posts.
    assert_eq!(
        one("SELECT MAX(number) FROM complaints").await as usize,
        in_copy
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.complaint_id = c.id AND e.kind = 'created')").await,
        0
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.complaint_id = c.id)").await,
        0
    );
    assert_eq!(
        one("SELECT last_number FROM complaint_counters").await as usize,
        in_copy
    );

    // The copy is a working database.
    let config = rapport::config::Config::from_layers(None, |_| None).unwrap();
    let app = rapport::app::App::new(db, config, Arc::new(b.clock.clone()));
    let shown = run_line(&app, &b.clock, GUILD, MANAGER, "/complaint show id:1").await;
    assert!(shown.committed, "{:?}", shown.response);
}

#[tokio::test]
async fn the_backup_command_writes_a_new_file_and_never_overwrites_one() {
    let b = SqliteBench::new().await;
    let added = b
        .run_in(
            GUILD,
            REP,
            "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
        )
        .await;
    assert!(added.committed);
    let target = b.dir.path().join("nightly.db");
    let target_arg = target.display().to_string();
    let env = [("DATABASE_URL", b.url.as_str())];
    let run = kit::rapport(&["backup", &target_arg], &env, b.dir.path()).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("backup of sqlite://"), "{run:?}");
    let copy = Db::connect(&format!("sqlite://{target_arg}"))
        .await
        .unwrap();
    let row = sqlx::query("SELECT name FROM customers")
        .fetch_one(&copy.pool)
        .await
        .unwrap();
    assert_eq!(sqlx::Row::get::<String, _>(&row, 0), "Acme Tools");

    let again = kit::rapport(&["backup", &target_arg], &env, b.dir.path()).await;
    assert_ne!(again.code, 0);
    assert_eq!(
        again.stderr.trim(),
        format!(
            "rapport: {target_arg} already exists; give a new file name so no backup is overwritten"
        )
    );
}
