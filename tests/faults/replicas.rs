//! Two replicas on one PostgreSQL and one Discord stand-in: a burst of
//! complaints and due reminders, one replica killed midway. Every reminder
//! is delivered exactly once, nothing is lost, and the gateway never runs twice.
//! PostgreSQL only: replicas share a server database; SQLite is one process's file.

use std::time::{Duration, Instant};

use crate::support::fake_discord::FakeDiscord;
use crate::support::interactions::{self as ix, Signer, Who};
use crate::support::process::{free_port, spawn_bot, wait_ready};
use crate::support::{Backend, Bench, MANAGER, REP};
use rapport::clock::{Clock, SystemClock};
use rapport::domain::ids::GuildId;
use serde_json::json;

/// A short gateway lease, so a takeover fits in the test.
const LEASE: &[(&str, &str)] = &[("RAPPORT_REPLICAS_GATEWAY_LEASE_SECS", "3")];

#[tokio::test]
async fn two_replicas_deliver_every_reminder_exactly_once_even_when_one_dies() {
    // Seed three hours in the past: 30 critical complaints whose reminders are now due.
    let bench = Bench::on(Backend::Postgres).await;
    let past = SystemClock.now() - 3 * 3600;
    bench.clock.set(past);
    let guild = GuildId(ix::GUILD_ID.parse().expect("a snowflake"));
    let mut lines = vec![
        "/rapport settings complaints_channel:<#7000> alerts_channel:<#7100> manager_role:<@&900> second_role:<@&901>".to_string(),
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#.to_string(),
    ];
    lines.extend((0..30).map(|i| {
        format!("/complaint new customer:\"Acme Tools\" summary:\"burst {i}\" category:product severity:critical temperament:angry channel:visit")
    }));
    for (i, line) in lines.iter().enumerate() {
        let actor = if i == 0 { MANAGER } else { REP };
        assert!(bench.run_in(guild, actor, line).await.committed, "{line}");
    }

    let fake = FakeDiscord::start().await;
    let signer = Signer::new();
    let (port_a, port_b) = (free_port(), free_port());
    let mut a = spawn_bot(&bench.url, &fake, &signer, port_a, LEASE);
    let mut b = spawn_bot(&bench.url, &fake, &signer, port_b, LEASE);
    wait_ready(port_a).await;
    wait_ready(port_b).await;
    fake.wait_identified(Duration::from_secs(10)).await;

    // A burst of new complaints across both replicas; replica A is killed midway.
    let client = reqwest::Client::new();
    let rep = Who::new("101", "rep");
    let send = |i: usize, port: u16| {
        let payload = ix::command(
            &rep,
            "complaint",
            "new",
            vec![
                ("customer", json!("Acme Tools")),
                ("summary", json!(format!("live {i}"))),
                ("category", json!("service")),
                ("severity", json!("normal")),
                ("temperament", json!("reasoning")),
                ("channel", json!("email")),
            ],
        );
        let (client, signer) = (client.clone(), &signer);
        async move {
            let url = format!("http://127.0.0.1:{port}/interactions");
            let response =
                ix::post_signed(&client, &url, signer, &payload, SystemClock.now()).await;
            assert_eq!(response.status().as_u16(), 200);
        }
    };
    for i in 0..10 {
        send(i, if i % 2 == 0 { port_a } else { port_b }).await;
    }
    a.kill().expect("SIGKILL replica A");
    a.wait().expect("replica A reaped");
    for i in 10..20 {
        send(i, port_b).await;
    }

    // Everything owed is eventually sent, by the survivor.
    let started = Instant::now();
    loop {
        let pending = bench
            .count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'")
            .await;
        let due = bench
            .count(&format!(
                "SELECT COUNT(*) FROM complaints WHERE next_check_at <= {}",
                SystemClock.now()
            ))
            .await;
        if pending == 0
            && due == 0
            && bench
                .count("SELECT COUNT(*) FROM events WHERE kind = 'auto-escalated'")
                .await
                >= 30
        {
            break;
        }
        assert!(
            fake.gateway_clients() <= 1,
            "the gateway runs in one replica at a time"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{pending} messages still owed"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let _ = b.kill();
    let _ = b.wait();

    let posts = fake.take_posts();
    let sent = bench.count("SELECT COUNT(*) FROM outbox").await as usize;
    let mut nonces: Vec<String> = posts.iter().filter_map(|p| p.nonce.clone()).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), posts.len(), "no message posted twice");
    assert_eq!(
        posts.len() + fake.take_webhook_edits().len(),
        sent,
        "every owed message posted"
    );
    assert_eq!(
        bench.count("SELECT COUNT(*) FROM complaints").await,
        50,
        "every complaint the users were told of is stored"
    );
    assert_eq!(fake.take_threads().len(), 50, "each with its thread");
    for kind in ["nudged", "auto-escalated"] {
        let per_complaint = bench
            .count(&format!("SELECT COUNT(*) FROM (SELECT complaint_id FROM events WHERE kind = '{kind}' GROUP BY complaint_id HAVING COUNT(*) > 1) t"))
            .await;
        assert_eq!(per_complaint, 0, "a {kind} reminder repeated");
        assert_eq!(
            bench
                .count(&format!(
                    "SELECT COUNT(DISTINCT complaint_id) FROM events WHERE kind = '{kind}'"
                ))
                .await,
            30
        );
    }
    let identifies = fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/gateway") || r.path.ends_with("/gateway/bot"))
        .count();
    assert!(identifies >= 1);
    // The replica killed mid-round may have opened threads it never recorded;
    // the survivor's retry hears "already created" (a 400 Discord does not
    // count against the bot) and takes the thread that exists. Nothing else.
    let rejected = fake.take_rejected();
    assert!(
        rejected.iter().all(|r| r.contains("\"code\":160004")),
        "{rejected:?}"
    );
    fake.assert_clean();
}
