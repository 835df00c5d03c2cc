//! Start-up time and idle memory of the release binary on a database with
//! 100,000 customers and 1,000,000 complaints: from spawn to `/healthz`
//! answering, then the resident set size once idle.
//!
//! cargo bench --bench footprint

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rapport::store::Db;

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `GET /healthz` answered 200, over a plain socket.
fn healthy(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    if s.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut head = [0u8; 12];
    s.read_exact(&mut head).is_ok() && head.ends_with(b"200")
}

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("footprint.db").display());
    rt.block_on(async {
        let db = Db::connect(&url).await?;
        let started = Instant::now();
        common::fill(&db).await?;
        println!(
            "filled {} customers and {} complaints in {:.1} s",
            common::CUSTOMERS,
            common::COMPLAINTS,
            started.elapsed().as_secs_f64()
        );
        db.pool.close().await;
        anyhow::Ok(())
    })?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let public_key = hex::encode(
        ed25519_dalek::SigningKey::from_bytes(&[7; 32])
            .verifying_key()
            .to_bytes(),
    );
    let mut starts = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .env("DATABASE_URL", &url)
            .env("DISCORD_TOKEN", "footprint")
            .env("DISCORD_APPLICATION_ID", "1")
            .env("DISCORD_PUBLIC_KEY", &public_key)
            .env("DISCORD_API_BASE", "http://127.0.0.1:9")
            .env("RAPPORT_GATEWAY", "off")
            .env("RAPPORT_REGISTER_COMMANDS", "off")
            .env("RAPPORT_HTTP_ADDR", format!("127.0.0.1:{port}"))
            .env("RAPPORT_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let ready = loop {
            if healthy(port) {
                break started.elapsed();
            }
            if started.elapsed() > Duration::from_secs(20) {
                anyhow::bail!("the bot never became ready");
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        starts.push(ready);
        std::thread::sleep(Duration::from_secs(3));
        rss.push(rss_kib(child.id()).unwrap_or(0));
        child.kill()?;
        child.wait()?;
    }
    starts.sort();
    rss.sort();
    println!(
        "start-up to ready (/healthz 200): median {:.0} ms, best {:.0} ms, worst {:.0} ms (5 runs)",
        starts[2].as_secs_f64() * 1e3,
        starts[0].as_secs_f64() * 1e3,
        starts[4].as_secs_f64() * 1e3
    );
    println!(
        "idle RSS after 3 s: median {:.1} MB, max {:.1} MB",
        rss[2] as f64 / 1024.0,
        rss[4] as f64 / 1024.0
    );
    Ok(())
}
