//! Starting and stopping the real binary: a bad configuration or an
//! unreachable database stops start-up with one line naming the key or the
//! URL (never its password); SIGTERM lets an interaction in flight finish.

use std::time::Duration;

use crate::kit::{self, secret};
use crate::support::fake_discord::{FakeDiscord, Fault};
use crate::support::interactions::{self as ix, Signer, Who};

fn one_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "not one line: {stderr:?}");
    lines[0]
}

#[tokio::test]
async fn a_bad_configuration_is_named_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("r.db").display());
    let typo = dir.path().join("typo.toml");
    std::fs::write(&typo, "[server]\nlanguag = \"en\"\n").unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[server\nlanguage = \"en\"\n").unwrap();
    let cases = [
        (
            typo.display().to_string(),
            "rapport: configuration: unknown config key server.languag",
        ),
        (
            broken.display().to_string(),
            "rapport: configuration: the RAPPORT_CONFIG file is not valid TOML: TOML parse error at line 1",
        ),
    ];
    for (file, expected) in cases {
        let run = kit::rapport(
            &["console"],
            &[("DATABASE_URL", &db), ("RAPPORT_CONFIG", &file)],
            dir.path(),
        )
        .await;
        assert_ne!(run.code, 0);
        assert!(one_line(&run.stderr).starts_with(expected), "{run:?}");
    }
    let run = kit::rapport(
        &["console"],
        &[
            ("DATABASE_URL", &db),
            ("RAPPORT_SWEEP_INTERVAL_SECS", "often"),
        ],
        dir.path(),
    )
    .await;
    assert_eq!(
        one_line(&run.stderr),
        "rapport: configuration: RAPPORT_SWEEP_INTERVAL_SECS must be a whole number, not \"often\""
    );
    assert!(!dir.path().join("r.db").exists(), "nothing was created");
}

#[tokio::test]
async fn an_unreachable_database_is_named_without_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("postgres://rapport:{}@127.0.0.1:1/rapport", secret());
    let run = kit::rapport(&["console"], &[("DATABASE_URL", &url)], dir.path()).await;
    assert_ne!(run.code, 0);
    let line = one_line(&run.stderr);
    assert!(
        line.starts_with(
            "rapport: cannot open the database at postgres://rapport:***@127.0.0.1:1/rapport"
        ),
        "{line}"
    );
    assert!(!line.contains(secret()), "{line}");
}

/// A process of the real bot, killed if a test fails before it stops.
struct Bot(std::process::Child);

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

#[tokio::test]
async fn sigterm_lets_the_interaction_in_flight_finish() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeDiscord::start().await;
    let signer = Signer::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let db = format!("sqlite://{}", dir.path().join("r.db").display());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db)
        .env("DISCORD_TOKEN", "test-token")
        .env("DISCORD_APPLICATION_ID", ix::APP_ID)
        .env("DISCORD_PUBLIC_KEY", signer.public_key_hex())
        .env("DISCORD_API_BASE", fake.base())
        .env("RAPPORT_GATEWAY", "off")
        .env("RAPPORT_REGISTER_COMMANDS", "off")
        .env("RAPPORT_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env("RAPPORT_LOG_FORMAT", "json")
        .env("RAPPORT_LOG", "info")
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the bot starts");
    let mut bot = Bot(child);
    let http = reqwest::Client::new();
    let healthz = format!("http://127.0.0.1:{port}/healthz");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(r) = http.get(&healthz).send().await
            && r.status().as_u16() == 200
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot never became healthy"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // `/rapport setup` asks Discord, which takes its time answering. It reads
    // the server's roles and the bot's membership, so the server exists.
    fake.add_role(ix::GUILD_ID, ix::GUILD_ID, "@everyone", 0, false);
    fake.add_member(ix::GUILD_ID, ix::APP_ID, &[]);
    fake.fail_next(
        "GET",
        "/users/@me",
        vec![Fault::Delay(Duration::from_millis(1500))],
    );
    let mut admin = Who::new("100000000000000301", "boss");
    admin.permissions = "32".into();
    let payload = ix::command(&admin, "rapport", "setup", vec![]);
    let url = format!("http://127.0.0.1:{port}/interactions");
    let now = chrono::Utc::now().timestamp();
    let in_flight = {
        let (http, url) = (http.clone(), url.clone());
        tokio::spawn(
            async move { ix::post_signed(&http, &url, &Signer::new(), &payload, now).await },
        )
    };
    // SIGTERM once the request is being answered.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !fake
        .requests()
        .iter()
        .any(|r| r.path.ends_with("/users/@me"))
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the setup check never asked Discord"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let pid = bot.0.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());

    let response = in_flight.await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    let text = body["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(text.starts_with("**Setup check**"), "{body}");

    let status = tokio::task::spawn_blocking(move || {
        let status = bot.0.wait().expect("the bot exits");
        let mut stderr = String::new();
        if let Some(mut pipe) = bot.0.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
        }
        (status, stderr)
    });
    let (status, stderr) = tokio::time::timeout(Duration::from_secs(20), status)
        .await
        .expect("the bot stops after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status:?} {stderr}");
    // RAPPORT_LOG_FORMAT=json: one JSON object a line.
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let said = |message: &str| {
        lines
            .iter()
            .find(|l| l["fields"]["message"] == message)
            .cloned()
            .unwrap_or_else(|| panic!("no {message:?} line in {stderr}"))
    };
    let answered = said("interaction");
    assert_eq!(answered["level"], "INFO");
    // The interaction's span carries the guild, not each line.
    assert_eq!(answered["span"]["guild"].as_i64(), Some(222222222222222222));
    assert_eq!(answered["fields"]["outcome"], "ok");
    said("shutting down");
    assert!(
        !stderr.contains("test-token"),
        "the token was logged: {stderr}"
    );
    // A new connection is refused once it stopped.
    assert!(http.post(&url).body("{}").send().await.is_err());
    fake.assert_clean();
}
