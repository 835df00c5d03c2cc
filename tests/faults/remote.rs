//! A slow or vanishing Discord: responses past the client timeout and
//! dropped connections are retried, and each message still lands once.

use std::time::Duration;

use rapport::delivery::rest::DiscordRest;
use rapport::discord::{self, DiscordEnv};

use crate::support::fake_discord::{FakeDiscord, Fault};
use crate::support::{Backend, Bench, REP, on_both_databases};

on_both_databases!(slow_and_dropped_responses_are_retried_and_land_once);
async fn slow_and_dropped_responses_are_retried_and_land_once(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        crate::support::MANAGER,
        "/rapport settings complaints_channel:<#7000>",
    )
    .await;
    b.seed_complaint("angry", "high", "product").await;
    let fake = FakeDiscord::start().await;
    let env = DiscordEnv {
        token: "t".into(),
        application_id: Some("1".into()),
        public_key: None,
        api_base: Some(fake.base()),
        gateway: false,
        http_addr: "127.0.0.1:0".into(),
        register_commands: false,
    };
    let mut d = discord::discord(b.app.clone(), &env).expect("adapter");
    // A short client timeout, so "slower than the timeout" fits in a test.
    d.rest = DiscordRest::new(Some(&fake.base()), "t", Duration::from_millis(300)).expect("client");

    // The card's post is answered too late (it is created, the bot gives up);
    // then the connection drops on the retry; the third try lands.
    fake.fail_next(
        "POST",
        "/channels/7000/messages",
        vec![Fault::Delay(Duration::from_millis(800)), Fault::Drop],
    );
    let mut sent = 0;
    for round in 0..6 {
        let report = rapport::delivery::deliver_due(
            &b.app.db,
            &d.rest,
            rapport::clock::Clock::now(&b.clock),
            100,
        )
        .await
        .unwrap();
        sent += report.sent;
        if round < 2 {
            assert_eq!(report.sent, 0, "round {round}: {report:?}");
            assert_eq!(report.retried, 1, "round {round}: {report:?}");
        }
        b.advance(60);
    }
    assert_eq!(sent, 3, "card, ping and step card");
    let posts = fake.take_posts();
    assert_eq!(
        posts.len(),
        3,
        "the slow first attempt and its retries made one card, not two"
    );
    assert_eq!(fake.take_threads().len(), 1);
    assert_eq!(
        b.count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
            .await,
        3
    );
    fake.assert_clean();
}

#[tokio::test]
async fn a_locked_database_gets_a_clear_try_again_and_nothing_half_written() {
    // SQLite only: PostgreSQL has row locks, not a database lock.
    let b = Bench::on(Backend::Sqlite).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    // Another process holds the write lock longer than the bot waits for it.
    use sqlx::Connection;
    let mut holder = sqlx::SqliteConnection::connect(&b.url).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();
    let before = b.count("SELECT COUNT(*) FROM complaints").await;
    let answer = b
        .run(REP, r#"/complaint new customer:"Acme Tools" summary:"x" category:product severity:high temperament:angry channel:visit"#)
        .await;
    assert!(!answer.committed);
    let text = crate::support::reply_text(&answer);
    assert!(
        text.contains("try again") && text.contains("nothing was saved"),
        "{text}"
    );
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    assert_eq!(b.count("SELECT COUNT(*) FROM complaints").await, before);
    assert_eq!(
        b.count("SELECT COUNT(*) FROM complaint_counters").await,
        0,
        "no number was taken"
    );
    // And once the lock is gone, the same command works.
    b.ok(REP, r#"/complaint new customer:"Acme Tools" summary:"x" category:product severity:high temperament:angry channel:visit"#).await;
}
