//! The real `rapport` binary, started against a Discord stand-in.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::fake_discord::FakeDiscord;
use super::interactions::{self as ix, Signer};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts the bot on Discord (the stand-in) with its HTTP endpoint on `port`,
/// short sweep and lease times, and `extra` environment on top.
pub fn spawn_bot(
    url: &str,
    fake: &FakeDiscord,
    signer: &Signer,
    port: u16,
    extra: &[(&str, &str)],
) -> Child {
    // RAPPORT_TEST_BIN: a binary of one's own where several checkouts share
    // a target directory (and so overwrite each other's `rapport`).
    let bin = std::env::var("RAPPORT_TEST_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_rapport").to_string());
    let mut command = Command::new(bin);
    command
        .env("DATABASE_URL", url)
        .env("DISCORD_TOKEN", "process-token")
        .env("DISCORD_APPLICATION_ID", ix::APP_ID)
        .env("DISCORD_PUBLIC_KEY", signer.public_key_hex())
        .env("DISCORD_API_BASE", fake.base())
        .env("RAPPORT_REGISTER_COMMANDS", "off")
        .env("RAPPORT_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env("RAPPORT_SWEEP_INTERVAL_SECS", "1")
        .env("RAPPORT_REPLICAS_OUTBOX_LEASE_SECS", "2")
        .env("RAPPORT_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in extra {
        command.env(k, v);
    }
    command.spawn().expect("the bot starts")
}

/// Waits until the bot on `port` answers `/healthz` with 200.
pub async fn wait_ready(port: u16) {
    let client = reqwest::Client::new();
    for _ in 0..300 {
        if client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the bot on port {port} never became ready");
}
