//! Killed while sending, restarted: the new process takes back what the old
//! one had leased, instead of waiting out the lease (60 s here, the default).

use std::time::{Duration, Instant};

use rapport::clock::{Clock, SystemClock};
use rapport::domain::ids::GuildId;
use serde_json::json;

use crate::support::Backend;
use crate::support::fake_discord::{FakeDiscord, Fault};
use crate::support::interactions::{self as ix, Signer, Who};
use crate::support::process::{free_port, spawn_bot, wait_ready};
use crate::support::{Bench, MANAGER, REP};

const ENV: &[(&str, &str)] = &[
    ("RAPPORT_GATEWAY", "off"),
    ("RAPPORT_REPLICAS_OUTBOX_LEASE_SECS", "60"),
];

#[tokio::test]
async fn a_restart_sends_what_the_killed_process_was_sending_within_5_seconds() {
    // The restart path reads the same leases on both; one process on SQLite.
    let bench = Bench::on(Backend::Sqlite).await;
    bench.clock.set(SystemClock.now());
    let guild = GuildId(ix::GUILD_ID.parse().expect("a snowflake"));
    let setup = "/rapport settings complaints_channel:<#7000> manager_role:<@&900>";
    assert!(bench.run_in(guild, MANAGER, setup).await.committed);
    let customer = r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#;
    assert!(bench.run_in(guild, REP, customer).await.committed);

    let fake = FakeDiscord::start().await;
    let signer = Signer::new();
    let port = free_port();
    // The card's post hangs, so the process dies holding its lease.
    fake.fail_next(
        "POST",
        "/channels/7000/messages",
        vec![Fault::Delay(Duration::from_secs(20))],
    );
    let mut first = spawn_bot(&bench.url, &fake, &signer, port, ENV);
    wait_ready(port).await;
    let new = ix::command(
        &Who::new("101", "rep"),
        "complaint",
        "new",
        vec![
            ("customer", json!("Acme Tools")),
            ("summary", json!("leaks")),
            ("category", json!("service")),
            ("severity", json!("normal")),
            ("temperament", json!("reasoning")),
            ("channel", json!("email")),
        ],
    );
    let url = format!("http://127.0.0.1:{port}/interactions");
    let client = reqwest::Client::new();
    let answer = ix::post_signed(&client, &url, &signer, &new, SystemClock.now()).await;
    assert!(answer.status().is_success());
    let leased = "SELECT COUNT(*) FROM outbox WHERE lease_until IS NOT NULL";
    let since = Instant::now();
    // Leased, and the card's post has reached Discord (it hangs there).
    while bench.count(leased).await == 0 || fake.faults_pending() > 0 {
        assert!(
            since.elapsed() < Duration::from_secs(10),
            "never leased and sent"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill().expect("SIGKILL");
    first.wait().expect("reaped");

    let restarted = Instant::now();
    let mut second = spawn_bot(&bench.url, &fake, &signer, port, ENV);
    let first_post = loop {
        if fake
            .requests()
            .iter()
            .any(|r| r.status == 200 && r.path.ends_with("/messages"))
        {
            break restarted.elapsed();
        }
        assert!(
            restarted.elapsed() < Duration::from_secs(15),
            "nothing delivered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    eprintln!("restart to first delivery: {first_post:?}");
    assert!(first_post < Duration::from_secs(5), "{first_post:?}");
    let owed = "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'";
    while bench.count(owed).await > 0 {
        assert!(restarted.elapsed() < Duration::from_secs(15), "still owed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    second.kill().expect("stopped");
    second.wait().expect("reaped");
    let posts = fake.take_posts();
    assert_eq!(posts.len(), 3, "card, ping, step card: {posts:?}");
    assert_eq!(fake.take_threads().len(), 1);
    fake.assert_clean();
}
