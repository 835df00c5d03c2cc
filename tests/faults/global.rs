//! Two replicas share one token, so one global limit: each takes its share
//! (50 per second divided by the live instances in the lease table), and
//! together they stay under it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rapport::clock::{Clock, SystemClock};
use rapport::domain::ids::{ChannelId, GuildId};
use rapport::message::{Message, PostBody};
use rapport::store::outbox::{self, Destination, NewItem};

use crate::support::Backend;
use crate::support::Bench;
use crate::support::fake_discord::FakeDiscord;
use crate::support::interactions::{self as ix, Signer};
use crate::support::process::{free_port, spawn_bot, wait_ready};
use crate::support::rate_limits::{Limits, RateLimits};

/// Beats every second, so each replica soon knows of the other.
const ENV: &[(&str, &str)] = &[
    ("RAPPORT_GATEWAY", "off"),
    ("RAPPORT_REPLICAS_GATEWAY_LEASE_SECS", "3"),
];

#[tokio::test]
async fn two_replicas_together_stay_under_the_global_limit() {
    // PostgreSQL only: replicas share a server database.
    let bench = Bench::on(Backend::Postgres).await;
    let fake = FakeDiscord::start().await;
    let limits = Arc::new(RateLimits::new(Limits::default()));
    fake.emulate_rate_limits(limits.clone());
    let signer = Signer::new();
    let (port_a, port_b) = (free_port(), free_port());
    let mut a = spawn_bot(&bench.url, &fake, &signer, port_a, ENV);
    let mut b = spawn_bot(&bench.url, &fake, &signer, port_b, ENV);
    wait_ready(port_a).await;
    wait_ready(port_b).await;
    // A beat each after both are up: both count two instances.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let live = "SELECT COUNT(*) FROM leases WHERE name LIKE 'instance:%'";
    assert_eq!(bench.count(live).await, 2);

    // 200 posts, each to a channel of its own: only the global limit binds.
    let guild = GuildId(ix::GUILD_ID.parse().expect("a snowflake"));
    let items: Vec<NewItem> = (0..200)
        .map(|i| NewItem {
            guild,
            complaint_id: None,
            destination: Destination::Channel(ChannelId(7000 + i)),
            body: PostBody::Message(Message::text(format!("post {i}"))),
        })
        .collect();
    let mut conn = bench.app.db.pool.acquire().await.expect("a connection");
    outbox::enqueue_many(&mut conn, &items, SystemClock.now())
        .await
        .expect("queued");
    let started = Instant::now();
    let owed = "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'";
    while bench.count(owed).await > 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "still owed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let took = started.elapsed();
    let _ = (a.kill(), b.kill());
    let _ = (a.wait(), b.wait());

    eprintln!(
        "two replicas, 200 posts: {took:?}, {} 429s",
        limits.provoked()
    );
    assert_eq!(limits.provoked(), 0, "no global 429");
    let senders = "SELECT COUNT(DISTINCT leased_by) FROM outbox WHERE status = 'sent'";
    assert_eq!(bench.count(senders).await, 2, "both replicas sent");
    assert_eq!(fake.take_posts().len(), 200, "each post once");
    let peak = per_second_peak(&limits);
    assert!(peak <= 50, "{peak} requests in one second");
    fake.assert_clean();
}

/// The most requests the stand-in saw in any one second.
fn peak_of(at: &[Instant]) -> usize {
    let second = Duration::from_secs(1);
    (0..at.len())
        .map(|i| {
            at[i..]
                .iter()
                .take_while(|t| t.duration_since(at[i]) < second)
                .count()
        })
        .max()
        .unwrap_or(0)
}

fn per_second_peak(limits: &RateLimits) -> usize {
    let at: Vec<Instant> = limits.seen().iter().map(|s| s.at).collect();
    peak_of(&at)
}
