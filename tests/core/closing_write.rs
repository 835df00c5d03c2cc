//! A command's last write, its timeline and its posts sent with the commit
//! (`store::closing`): when it fails the command keeps nothing, and when it
//! carries more than one statement's worth of rows every row is kept, in
//! order.

use rapport::domain::ids::{GuildId, UserId};
use rapport::domain::timeline::EventKind;
use rapport::message::{Message, PostBody};
use rapport::store::events::Event;
use rapport::store::outbox::{Destination, NewItem};

use crate::support::*;

on_both_databases!(a_command_whose_posts_cannot_be_queued_keeps_nothing);
async fn a_command_whose_posts_cannot_be_queued_keeps_nothing(db: Backend) {
    let bench = Bench::on(db).await;
    bench
        .ok(REP, r#"/customer add name:Acme owner:<@101> tier:key"#)
        .await;
    bench.refuse_inserts("outbox").await;
    // The number is taken apart on PostgreSQL: a failed command leaves a gap.
    let before = bench.fingerprint_except(&["complaint_counters"]).await;
    let line = r#"/complaint new customer:Acme summary:"late delivery" category:service temperament:angry channel:hotline severity:high"#;
    let answer = bench.run(REP, line).await;
    assert!(!answer.committed, "{:?}", answer.response);
    let told = reply_text(&answer);
    assert!(
        told.contains("nothing was saved"),
        "the rep is told nothing was kept: {told}"
    );
    assert_eq!(
        bench.fingerprint_except(&["complaint_counters"]).await,
        before,
        "neither the complaint nor its timeline entry was kept"
    );

    bench.allow_inserts("outbox").await;
    bench.ok(REP, line).await;
    assert_eq!(bench.count("SELECT COUNT(*) FROM complaints").await, 1);
    assert_eq!(
        bench
            .count("SELECT COUNT(*) FROM events WHERE kind = 'created'")
            .await,
        1
    );
    assert_eq!(
        bench.outbox().await.len(),
        3,
        "card, ping and step card queued"
    );
}

fn event(n: i64) -> (GuildId, Event) {
    let e = Event {
        complaint_id: None,
        customer_id: Some(n),
        actor: UserId(7),
        kind: EventKind::Created,
        detail: format!("event {n}"),
        at: T0,
    };
    (GUILD, e)
}

fn post(n: i64) -> NewItem {
    NewItem {
        guild: GUILD,
        complaint_id: None,
        destination: Destination::Channel(CHANNEL),
        body: PostBody::Message(Message::text(format!("post {n}"))),
    }
}

on_both_databases!(a_closing_write_past_a_hundred_rows_keeps_every_row_in_order);
async fn a_closing_write_past_a_hundred_rows_keeps_every_row_in_order(db: Backend) {
    let bench = Bench::on(db).await;
    let logged: Vec<_> = (0..150).map(event).collect();
    let owed: Vec<_> = (0..250).map(post).collect();
    let tx = bench.app.db.begin_write().await.unwrap();
    rapport::store::closing::log_queue_and_commit(tx, &logged, &owed, T0)
        .await
        .unwrap();
    let mut conn = bench.app.db.pool.acquire().await.unwrap();
    let details: Vec<String> = sqlx::query_scalar("SELECT detail FROM events ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let expected: Vec<String> = (0..150).map(|n| format!("event {n}")).collect();
    assert_eq!(details, expected);
    let payloads: Vec<String> = sqlx::query_scalar("SELECT payload FROM outbox ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let posted: Vec<String> = payloads
        .iter()
        .map(|p| match serde_json::from_str::<PostBody>(p).unwrap() {
            PostBody::Message(m) => m.text,
            other => panic!("a plain message was queued, not {other:?}"),
        })
        .collect();
    let expected: Vec<String> = (0..250).map(|n| format!("post {n}")).collect();
    assert_eq!(posted, expected);
}
