//! Discord's rate limits, emulated by the stand-in (`support/rate_limits.rs`):
//! a burst in one channel earns no 429, a long 429 holds its bucket and only
//! that one, a global 429 holds everything, and invalid requests are counted.
//! The stand-in's windows are real time; the bot's clock follows it here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport::domain::ids::{ChannelId, UserId};
use rapport::store::outbox::Destination;
use serde_json::json;

use crate::harness::*;
use crate::support::Backend;
use crate::support::interactions as ix;
use crate::support::rate_limits::{Limits, RateLimits};

/// The window the burst runs under: short by default so the suite stays
/// fast; `RAPPORT_TEST_BUCKET_WINDOW_MS=5000` runs it at Discord's pace.
fn window() -> Duration {
    let ms = std::env::var("RAPPORT_TEST_BUCKET_WINDOW_MS").ok();
    Duration::from_millis(ms.and_then(|v| v.parse().ok()).unwrap_or(500))
}

async fn limited(window: Duration) -> (Live, Arc<RateLimits>) {
    // Discord's buckets do not depend on the database: SQLite only.
    let live = Live::start(Backend::Sqlite).await;
    let limits = Arc::new(RateLimits::new(Limits {
        window,
        ..Limits::default()
    }));
    live.fake.emulate_rate_limits(limits.clone());
    add_customer(&live).await;
    (live, limits)
}

async fn open_complaints(live: &Live, n: usize) {
    for i in 0..n {
        let new = ix::command(
            &rep(),
            "complaint",
            "new",
            vec![
                ("customer", json!("acme tools")),
                ("summary", json!(format!("burst {i}"))),
                ("category", json!("service")),
                ("severity", json!("normal")),
                ("temperament", json!("reasoning")),
                ("channel", json!("email")),
            ],
        );
        let reply = live.send(&new).await;
        assert!(content(&reply).contains("is open"), "{reply}");
    }
}

async fn owed(live: &Live) -> i64 {
    let sql = "SELECT COUNT(*) FROM outbox WHERE status = 'pending'";
    live.bench.count(sql).await
}

/// Delivers as the delivery loop does, the bot's clock following real time,
/// until nothing is owed; returns how long it took.
async fn drain(live: &Live, within: Duration) -> Duration {
    let started = Instant::now();
    let t0 = live.now();
    loop {
        live.bench
            .clock
            .set(t0 + started.elapsed().as_secs() as i64);
        let report = live.deliver().await;
        assert_eq!(report.failed, 0, "{report:?}");
        let owed = owed(live).await;
        if owed == 0 {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "{owed} messages still owed");
        let limits = live.discord.rest.limits();
        let wake = limits
            .next_release(Instant::now())
            .unwrap_or(Duration::from_millis(50));
        tokio::time::sleep(wake.min(Duration::from_millis(500)) + Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn a_burst_of_60_complaints_in_one_channel_earns_no_429_and_lands_each_post_once() {
    let window = window();
    let (live, limits) = limited(window).await;
    open_complaints(&live, 60).await;
    let took = drain(&live, window * 40).await;
    eprintln!(
        "burst of 60 at 5 per {window:?}: drained in {took:?}, {} 429s provoked",
        limits.provoked()
    );
    assert_eq!(limits.provoked(), 0, "no 429 earned");

    let threads = live.fake.take_threads();
    assert_eq!(threads.len(), 60, "one thread per complaint");
    let posts = live.fake.take_posts();
    assert_eq!(posts.len(), 180, "card, ping and step card each");
    let mut nonces: Vec<_> = posts.iter().filter_map(|p| p.nonce.clone()).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 180, "nothing posted twice");
    for i in 0..60 {
        let card = posts
            .iter()
            .filter(|p| p.channel_id == COMPLAINTS && p.text().contains(&format!("burst {i}\n")))
            .count();
        assert!(card <= 1, "card {i} posted {card} times");
    }
    let cards = posts.iter().filter(|p| p.channel_id == COMPLAINTS).count();
    assert_eq!(cards, 60);
    for (_, _, thread, name) in &threads {
        let here: Vec<_> = posts.iter().filter(|p| &p.channel_id == thread).collect();
        assert_eq!(here.len(), 2, "ping and step card in {name}");
        assert!(here[1].text().contains("Step 1"), "in order in {name}");
    }
    // Even at 5 per window, the card bucket is never asked while empty.
    let gaps = limits.seen();
    let cards_at: Vec<_> = gaps
        .iter()
        .filter(|s| {
            s.method == "POST" && s.path == format!("/api/v10/channels/{COMPLAINTS}/messages")
        })
        .collect();
    assert_eq!(cards_at.len(), 60, "each card asked for once");
    live.fake.assert_clean();
}

#[tokio::test]
async fn a_long_429_holds_its_bucket_and_only_that_bucket() {
    let (live, limits) = limited(Duration::from_secs(5)).await;
    open_complaints(&live, 3).await;
    let cards = format!("/channels/{COMPLAINTS}/messages");
    limits.inject_429("POST", &cards, 30.0, false);
    live.queue(
        Destination::Channel(ChannelId(ALERTS.parse().unwrap())),
        "to alerts",
    )
    .await;
    live.queue(
        Destination::Dm(UserId(rep().user_id.parse().unwrap())),
        "a DM",
    )
    .await;

    let started = Instant::now();
    let mut sent = 0;
    while started.elapsed() < Duration::from_millis(800) {
        sent += live.deliver().await.sent;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sent, 2, "the other channel and the DM went on");
    let posts = live.fake.take_posts();
    assert!(posts.iter().any(|p| p.channel_id == ALERTS));
    assert!(posts.iter().any(|p| p.content == "a DM"));
    let asked = limits
        .seen()
        .iter()
        .filter(|s| s.path.ends_with(&cards))
        .count();
    assert_eq!(asked, 1, "the held channel was not asked again");
    assert_eq!(limits.provoked(), 0);
    assert_eq!(
        owed(&live).await,
        9,
        "the three complaints' posts wait, in order"
    );
    let attempts = live
        .bench
        .count("SELECT MAX(attempts) FROM outbox WHERE status = 'pending'");
    assert_eq!(attempts.await, 0, "waiting is no failed attempt");
    let held = live.discord.rest.held_for(&reqwest::Method::POST, &cards);
    assert!(
        held.is_some_and(|h| h > Duration::from_secs(28)),
        "{held:?}"
    );
    live.fake.assert_clean();
}

#[tokio::test]
async fn a_global_429_holds_all_rest_traffic_until_it_is_over() {
    let (live, limits) = limited(Duration::from_secs(5)).await;
    for i in 0..4 {
        live.queue(
            Destination::Channel(ChannelId(ALERTS.parse().unwrap())),
            &format!("alert {i}"),
        )
        .await;
        live.queue(
            Destination::Dm(UserId(rep().user_id.parse().unwrap())),
            &format!("dm {i}"),
        )
        .await;
    }
    limits.inject_429("POST", "/channels/", 1.5, true);
    let took = drain(&live, Duration::from_secs(10)).await;
    assert!(took >= Duration::from_millis(1500), "{took:?}");
    // The alerts and the DMs are two destinations, sent to side by side:
    // the other one's request may have been on its way when the 429 came,
    // but none is sent after it until the pause is over.
    assert!(
        limits.provoked() <= 1,
        "{} sent into the pause",
        limits.provoked()
    );
    let seen = limits.seen();
    let first = seen
        .iter()
        .position(|s| s.status == 429 && s.global)
        .expect("the injected 429");
    let pause_over = seen[first].at + Duration::from_millis(1500);
    let during: Vec<_> = seen[first + 1..]
        .iter()
        .filter(|s| s.at < pause_over)
        .collect();
    assert!(during.len() <= 1, "sent during the pause: {during:?}");
    assert!(
        seen.len() > first + 1 + during.len(),
        "the rest was sent after the pause"
    );
    assert_eq!(live.fake.take_posts().len(), 8);
    live.fake.assert_clean();
}

#[tokio::test]
async fn invalid_requests_are_counted_on_metrics() {
    let (live, limits) = limited(Duration::from_secs(5)).await;
    live.queue(
        Destination::Channel(ChannelId(ALERTS.parse().unwrap())),
        "limited",
    )
    .await;
    limits.inject_429("POST", "/channels/", 0.2, false);
    live.deliver().await;
    // Another token from now on: every bot request is a 401.
    live.fake.require_token("someone-else");
    for i in 0..3 {
        live.queue(Destination::Channel(ChannelId(7100 + i)), "refused")
            .await;
    }
    tokio::time::sleep(Duration::from_millis(250)).await;
    let report = live.deliver().await;
    assert_eq!(report.failed, 4, "{report:?}");
    let metrics = live.endpoint.replace("/interactions", "/metrics");
    let text = live
        .http
        .get(&metrics)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("\nrapport_discord_invalid_requests 5\n"),
        "one 429 and four 401s:\n{text}"
    );
    live.fake.take_posts();
    live.fake.assert_clean();
}
