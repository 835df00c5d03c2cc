//! `/healthz`: unhealthy while the database is really gone (its file moved
//! away) and healthy again when it is back; while the gateway is enabled but
//! not connected; while the outbox does not move.

use std::time::Duration;

use rapport::discord::{self, DiscordEnv};
use rapport::domain::ids::{ChannelId, GuildId};
use rapport::message::{Message, PostBody};
use rapport::store::outbox::Destination;

use crate::kit::SqliteBench;
use crate::support::fake_discord::{APP_ID, FakeDiscord};
use crate::support::process::free_port;

async fn get(url: &str) -> Option<(u16, String)> {
    let response = reqwest::Client::new()
        .get(url)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.text().await.unwrap_or_default()))
}

/// Polls `url` until its answer satisfies `want`, for at most 15 s.
async fn until(url: &str, want: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let got = get(url).await;
        if let Some((status, body)) = &got
            && want(*status, body)
        {
            return (*status, body.clone());
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{url} never answered as wanted; last: {got:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn gateway_only(fake: &FakeDiscord, addr: &str) -> DiscordEnv {
    DiscordEnv {
        token: "test-token".into(),
        application_id: Some(APP_ID.into()),
        public_key: None,
        api_base: Some(fake.base()),
        gateway: true,
        http_addr: addr.into(),
        register_commands: false,
    }
}

#[tokio::test]
async fn without_the_endpoint_health_and_metrics_are_still_served_and_watch_the_gateway() {
    let b = SqliteBench::new().await;
    let fake = FakeDiscord::start().await;
    let addr = format!("127.0.0.1:{}", free_port());
    let bot = tokio::spawn(discord::run(b.app.clone(), gateway_only(&fake, &addr)));
    let healthz = format!("http://{addr}/healthz");
    // Up once the gateway said READY.
    until(&healthz, |s, body| s == 200 && body == "ok").await;
    let (status, metrics) = get(&format!("http://{addr}/metrics")).await.unwrap();
    assert_eq!(status, 200);
    assert!(
        metrics.contains("\nrapport_gateway_connected 1\n"),
        "{metrics}"
    );
    let interactions = reqwest::Client::new()
        .post(format!("http://{addr}/interactions"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        interactions.status().as_u16(),
        404,
        "no public key, no endpoint"
    );

    // Discord goes away: the gateway connection drops.
    fake.assert_clean();
    drop(fake);
    let (_, body) = until(&healthz, |s, _| s == 503).await;
    assert_eq!(body, "gateway disconnected");
    bot.abort();
}

#[tokio::test]
async fn healthz_follows_the_database_the_gateway_and_the_outbox() {
    let b = SqliteBench::new().await;
    let fake = FakeDiscord::start().await;
    let d = discord::discord(b.app.clone(), &gateway_only(&fake, "127.0.0.1:0")).unwrap();
    let (addr, _server) = discord::serve_ops(d.clone(), "127.0.0.1:0").await.unwrap();
    let healthz = format!("http://{addr}/healthz");
    assert_eq!(get(&healthz).await, Some((200, "ok".into())));

    // The database file is moved away (a volume unmounted, a careless `mv`):
    // every later write would be lost with it. Then it is put back.
    let moved = b.dir.path().join("moved.db");
    std::fs::rename(&b.path, &moved).unwrap();
    assert_eq!(
        get(&healthz).await,
        Some((503, "database unreachable".into()))
    );
    let (_, metrics) = get(&format!("http://{addr}/metrics")).await.unwrap();
    assert!(metrics.contains("\nrapport_database_up 0\n"), "{metrics}");
    std::fs::rename(&moved, &b.path).unwrap();
    assert_eq!(get(&healthz).await, Some((200, "ok".into())));

    // The gateway is this replica's to run, and not (yet) connected.
    d.health.set_gateway_enabled(true);
    assert_eq!(
        get(&healthz).await,
        Some((503, "gateway disconnected".into()))
    );
    d.health.set_gateway_enabled(false);

    let mut conn = b.app.db.pool.acquire().await.unwrap();
    let body = PostBody::Message(Message::text("hello"));
    let now = rapport::clock::Clock::now(&b.clock);
    rapport::store::outbox::enqueue(
        &mut conn,
        GuildId(500),
        None,
        Destination::Channel(ChannelId(7000)),
        &body,
        now,
    )
    .await
    .unwrap();
    drop(conn);
    b.clock.advance(9 * 60);
    assert_eq!(get(&healthz).await, Some((200, "ok".into())));
    b.clock.advance(2 * 60);
    assert_eq!(
        get(&healthz).await,
        Some((
            503,
            "outbox stuck: 1 message(s) waiting, the oldest for 660s".into()
        ))
    );
    let report = rapport::delivery::deliver_due(
        &b.app.db,
        &d.rest,
        rapport::clock::Clock::now(&b.clock),
        100,
    )
    .await
    .unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(get(&healthz).await, Some((200, "ok".into())));
    assert_eq!(fake.take_posts().len(), 1);
    fake.assert_clean();
}
