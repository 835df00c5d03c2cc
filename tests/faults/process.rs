//! The real binary: killed with SIGKILL in the middle of a burst and
//! restarted, and stopped with SIGTERM while answering.

use std::process::Command;
use std::time::{Duration, Instant};

use rapport::clock::{Clock, SystemClock};
use rapport::domain::ids::GuildId;
use serde_json::json;

use crate::support::fake_discord::FakeDiscord;
use crate::support::interactions::{self as ix, Signer, Who};
use crate::support::process::{free_port, spawn_bot, wait_ready};
use crate::support::{Backend, Bench, MANAGER, REP};

fn complaint(i: usize) -> serde_json::Value {
    ix::command(
        &Who::new("101", "rep"),
        "complaint",
        "new",
        vec![
            ("customer", json!("Acme Tools")),
            ("summary", json!(format!("burst {i}"))),
            ("category", json!("service")),
            ("severity", json!("normal")),
            ("temperament", json!("reasoning")),
            ("channel", json!("email")),
        ],
    )
}

/// A server with channels and a customer, in the interactions' guild; plus
/// `due` critical complaints three hours old whose reminders are due.
async fn seeded(due: usize) -> Bench {
    let bench = Bench::on(Backend::Sqlite).await;
    bench.clock.set(SystemClock.now() - 3 * 3600);
    let guild = GuildId(ix::GUILD_ID.parse().expect("a snowflake"));
    let mut lines = vec![
        "/rapport settings complaints_channel:<#7000> alerts_channel:<#7100> manager_role:<@&900>"
            .to_string(),
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#.to_string(),
    ];
    lines.extend((0..due).map(|i| {
        format!("/complaint new customer:\"Acme Tools\" summary:\"old {i}\" category:product severity:critical temperament:angry channel:visit")
    }));
    for (i, line) in lines.iter().enumerate() {
        let actor = if i == 0 { MANAGER } else { REP };
        assert!(bench.run_in(guild, actor, line).await.committed, "{line}");
    }
    bench
}

async fn drained(bench: &Bench) {
    let started = Instant::now();
    loop {
        let owed = bench
            .count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'")
            .await;
        let due = bench
            .count(&format!(
                "SELECT COUNT(*) FROM complaints WHERE next_check_at <= {}",
                SystemClock.now()
            ))
            .await;
        if owed == 0 && due == 0 {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{owed} posts still owed, {due} complaints due"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The stand-in, a signer, and the bot on a free port, ready.
async fn started(bench: &Bench) -> (FakeDiscord, Signer, u16, std::process::Child) {
    let fake = FakeDiscord::start().await;
    let signer = Signer::new();
    let port = free_port();
    let child = spawn_bot(
        &bench.url,
        &fake,
        &signer,
        port,
        &[("RAPPORT_GATEWAY", "off")],
    );
    wait_ready(port).await;
    (fake, signer, port, child)
}

#[tokio::test]
async fn killed_mid_burst_then_restarted_loses_nothing_and_repeats_nothing() {
    let bench = seeded(10).await;
    let (fake, signer, port, mut first) = started(&bench).await;
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/interactions");
    let mut told = 0;
    for i in 0..10 {
        let r = ix::post_signed(&client, &url, &signer, &complaint(i), SystemClock.now()).await;
        if r.status().is_success() && r.text().await.unwrap_or_default().contains("is open") {
            told += 1;
        }
    }
    first.kill().expect("SIGKILL");
    first.wait().expect("reaped");

    let mut second = spawn_bot(
        &bench.url,
        &fake,
        &signer,
        port,
        &[("RAPPORT_GATEWAY", "off")],
    );
    wait_ready(port).await;
    drained(&bench).await;
    second.kill().expect("stopped");
    second.wait().expect("reaped");

    assert_eq!(told, 10);
    assert_eq!(
        bench.count("SELECT COUNT(*) FROM complaints").await,
        20,
        "every complaint the users were told of"
    );
    assert_eq!(
        bench
            .count("SELECT COUNT(*) FROM complaints WHERE thread_id IS NULL")
            .await,
        0,
        "each with its thread"
    );
    let posts = fake.take_posts();
    let mut nonces: Vec<_> = posts.iter().filter_map(|p| p.nonce.clone()).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(
        nonces.len(),
        posts.len(),
        "nothing posted twice across the restart"
    );
    assert_eq!(fake.take_threads().len(), 20);
    let repeated = bench
        .count("SELECT COUNT(*) FROM (SELECT complaint_id, kind FROM events WHERE kind IN ('nudged', 'auto-escalated') GROUP BY complaint_id, kind HAVING COUNT(*) > 1) t")
        .await;
    assert_eq!(repeated, 0, "no reminder repeated");
    assert_eq!(
        bench
            .count("SELECT COUNT(DISTINCT complaint_id) FROM events WHERE kind = 'auto-escalated'")
            .await,
        10,
        "none lost"
    );
    fake.assert_clean();
}

#[tokio::test]
async fn sigterm_lets_answers_in_flight_finish_and_leaves_nothing_owed_behind() {
    let bench = seeded(0).await;
    let (fake, signer, port, mut child) = started(&bench).await;
    // Hold SQLite's write lock so that the requests below are really in
    // flight, waiting inside the bot, when SIGTERM arrives.
    use sqlx::Connection;
    let mut lock = sqlx::SqliteConnection::connect(&bench.url)
        .await
        .expect("sqlite");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut lock)
        .await
        .expect("lock");
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/interactions");
    let mut in_flight = Vec::new();
    for i in 0..12 {
        let (client, url, body) = (client.clone(), url.clone(), complaint(i));
        let signer = Signer::new();
        in_flight.push(tokio::spawn(async move {
            ix::post_signed(&client, &url, &signer, &body, SystemClock.now())
                .await
                .status()
                .as_u16()
        }));
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(term.success());
    tokio::time::sleep(Duration::from_millis(300)).await;
    sqlx::query("ROLLBACK")
        .execute(&mut lock)
        .await
        .expect("unlock");
    let answered = in_flight.len();
    for r in in_flight {
        assert_eq!(
            r.await.unwrap(),
            200,
            "an interaction in flight at SIGTERM is answered"
        );
    }
    let since = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("status") {
            break s;
        }
        assert!(
            since.elapsed() < Duration::from_secs(15),
            "did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "a clean exit: {status:?}");
    assert_eq!(
        bench.count("SELECT COUNT(*) FROM complaints").await as usize,
        answered,
        "every answered complaint, and only those"
    );
    // Whatever the last flush did not send is still owed, and goes out at the next start.
    let mut again = spawn_bot(
        &bench.url,
        &fake,
        &signer,
        port,
        &[("RAPPORT_GATEWAY", "off")],
    );
    wait_ready(port).await;
    drained(&bench).await;
    again.kill().expect("stopped");
    again.wait().expect("reaped");
    assert_eq!(fake.take_threads().len(), answered);
    assert_eq!(fake.take_posts().len(), answered * 3);
    fake.assert_clean();
}
