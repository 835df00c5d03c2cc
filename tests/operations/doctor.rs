//! The setup check: `rapport doctor` (the real binary) against the Discord
//! stand-in with a good and with a broken setup, and `/rapport setup` in
//! Discord and in the console.

use serde_json::{Value, json};

use crate::harness::{self, Live, content, is_private};
use crate::kit::{self, secret};
use crate::support::fake_discord::{APP_ID, FakeDiscord};
use crate::support::interactions::{self as ix, Signer};
use crate::support::{ADMIN, Backend, Bench, MANAGER, REP, on_both_databases};

const VIEW: u64 = 1 << 10;
const SEND: u64 = 1 << 11;
const HISTORY: u64 = 1 << 16;
const THREADS: u64 = 1 << 35;
const IN_THREADS: u64 = 1 << 38;
const EVERYTHING_NEEDED: u64 = VIEW | SEND | HISTORY | THREADS | IN_THREADS;

/// Bench's server 500 pointed at channels 7001/7002 and roles 8001/8002.
async fn configured_bench(db: Backend) -> Bench {
    let b = Bench::on(db).await;
    b.ok(
        ADMIN,
        "/rapport settings complaints_channel:<#7001> alerts_channel:<#7002> manager_role:<@&8001> second_role:<@&8002>",
    )
    .await;
    b
}

fn good_server(fake: &FakeDiscord, signer: &Signer) {
    fake.require_token("good-token");
    fake.set_verify_key(&signer.public_key_hex());
    fake.add_channel("500", "7001", "complaints", json!([]));
    fake.add_channel("500", "7002", "alerts", json!([]));
    fake.add_role("500", "500", "@everyone", EVERYTHING_NEEDED, false);
    fake.add_role("500", "8001", "Managers", 0, true);
    fake.add_role("500", "8002", "Directors", 0, true);
    fake.add_member("500", APP_ID, &[]);
}

/// A valid Ed25519 public key that is not the stand-in signer's.
fn other_public_key() -> String {
    let key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    hex::encode(key.verifying_key().to_bytes())
}

fn lines_starting(text: &str, word: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with(word))
        .map(str::to_string)
        .collect()
}

on_both_databases!(doctor_passes_a_good_setup);
async fn doctor_passes_a_good_setup(db: Backend) {
    let b = configured_bench(db).await;
    let fake = FakeDiscord::start().await;
    let signer = Signer::new();
    good_server(&fake, &signer);
    let dir = tempfile::tempdir().unwrap();
    let key = signer.public_key_hex();
    let base = fake.base();
    let run = kit::rapport(
        &["doctor"],
        &[
            ("DATABASE_URL", &b.url),
            ("DISCORD_TOKEN", "good-token"),
            ("DISCORD_APPLICATION_ID", APP_ID),
            ("DISCORD_PUBLIC_KEY", &key),
            ("DISCORD_API_BASE", &base),
        ],
        dir.path(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        lines_starting(&run.stdout, "FAIL").is_empty(),
        "{}",
        run.stdout
    );
    for expected in [
        "ok    configuration loaded",
        "ok    HTTP server address 0.0.0.0:8080",
        "ok    schedule rep_digest `0 0 9 * * Mon-Fri` is a valid cron expression",
        "ok    time zone UTC is known",
        "ok    database ",
        "ok    DISCORD_PUBLIC_KEY is a valid Ed25519 public key",
        "ok    DISCORD_TOKEN accepted: the bot is rapport (111111111111111111)",
        "ok    DISCORD_APPLICATION_ID 111111111111111111 is this bot's application",
        "ok    [500] complaints channel #complaints (7001) exists",
        "ok    [500] the bot may do all it needs in the complaints channel (7001)",
        "ok    [500] alerts channel #alerts (7002) exists",
        "ok    [500] the bot may do all it needs in the alerts channel (7002)",
        "ok    [500] manager role @Managers (8001) exists",
        "ok    [500] second escalation role @Directors (8002) exists",
    ] {
        assert!(run.stdout.contains(expected), "{expected}\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("good-token"), "the token was printed");
    let asked: Vec<String> = fake.requests().iter().map(|r| r.path.clone()).collect();
    for path in [
        "/api/v10/users/@me",
        "/api/v10/oauth2/applications/@me",
        "/api/v10/channels/7001",
        "/api/v10/guilds/500/roles",
        "/api/v10/guilds/500/members/111111111111111111",
    ] {
        assert!(
            asked.iter().any(|p| p == path),
            "{path} not asked: {asked:?}"
        );
    }
    fake.assert_clean();
}

on_both_databases!(doctor_names_each_broken_setting);
async fn doctor_names_each_broken_setting(db: Backend) {
    let b = Bench::on(db).await;
    let fake = FakeDiscord::start().await;
    fake.require_token("good-token");
    let dir = tempfile::tempdir().unwrap();
    let db = format!("postgres://rapport:{}@127.0.0.1:1/rapport", secret());
    let base = fake.base();
    let run = kit::rapport(
        &["doctor"],
        &[
            ("DATABASE_URL", &db),
            ("RAPPORT_SCHEDULES_REP_DIGEST", "every morning"),
            ("DISCORD_TOKEN", "stale-token"),
            ("DISCORD_PUBLIC_KEY", "not-a-key"),
            ("DISCORD_API_BASE", &base),
        ],
        dir.path(),
    )
    .await;
    assert_ne!(run.code, 0, "{run:?}");
    let fails = lines_starting(&run.stdout, "FAIL");
    let expected = [
        "FAIL  configuration: schedules.rep_digest \"every morning\" is not a cron expression",
        "FAIL  cannot open the database postgres://rapport:***@127.0.0.1:1/rapport",
        "FAIL  DISCORD_PUBLIC_KEY is not a valid Ed25519 public key",
        "FAIL  Discord refused DISCORD_TOKEN (401)",
    ];
    assert_eq!(fails.len(), expected.len(), "{}", run.stdout);
    for (line, want) in fails.iter().zip(expected) {
        assert!(line.starts_with(want), "{want}\n{}", run.stdout);
    }
    assert!(!run.stdout.contains(secret()) && !run.stderr.contains(secret()));
    assert_eq!(
        run.stderr.trim().lines().last(),
        Some("rapport: doctor found 4 problem(s); fix the FAIL lines above")
    );
    fake.assert_clean();
    drop(b);
}

on_both_databases!(doctor_names_each_fault_of_a_server);
async fn doctor_names_each_fault_of_a_server(db: Backend) {
    let b = configured_bench(db).await;
    sqlx::query("UPDATE guild_settings SET timezone = 'Mars/Base' WHERE guild_id = 500")
        .execute(&b.app.db.pool)
        .await
        .unwrap();
    // Server 501 has used rapport, but the bot has since been removed from it.
    let other = b
        .run_in(
            rapport::domain::ids::GuildId(501),
            ADMIN,
            "/rapport settings language:en",
        )
        .await;
    assert!(other.committed);
    let fake = FakeDiscord::start().await;
    let signer = Signer::new();
    fake.require_token("good-token");
    fake.set_verify_key(&other_public_key());
    // 7001 is gone; in 7002 @everyone may not send; 8001 is gone; 8002 cannot be pinged.
    let no_send = json!([{"id": "500", "type": 0, "allow": "0", "deny": SEND.to_string()}]);
    fake.add_channel("500", "7002", "alerts", no_send);
    fake.add_role("500", "500", "@everyone", EVERYTHING_NEEDED, false);
    fake.add_role("500", "8002", "Directors", 0, false);
    fake.add_member("500", APP_ID, &[]);
    let dir = tempfile::tempdir().unwrap();
    let key = signer.public_key_hex();
    let base = fake.base();
    let run = kit::rapport(
        &["doctor"],
        &[
            ("DATABASE_URL", &b.url),
            ("DISCORD_TOKEN", "good-token"),
            ("DISCORD_APPLICATION_ID", "999"),
            ("DISCORD_PUBLIC_KEY", &key),
            ("DISCORD_API_BASE", &base),
        ],
        dir.path(),
    )
    .await;
    assert_ne!(run.code, 0, "{run:?}");
    let fails = lines_starting(&run.stdout, "FAIL");
    let expected = [
        "FAIL  DISCORD_APPLICATION_ID is 999, but the token belongs to application 111111111111111111: set DISCORD_APPLICATION_ID=111111111111111111",
        "FAIL  DISCORD_PUBLIC_KEY is not this application's public key",
        "FAIL  [500] time zone `Mars/Base` is unknown",
        "FAIL  [500] complaints channel 7001 does not exist or the bot cannot see it (404)",
        "FAIL  [500] in the alerts channel (7002) the bot lacks Send Messages",
        "FAIL  [500] manager role 8001 does not exist in this server",
        "FAIL  [500] second escalation role 8002 is not mentionable",
        "FAIL  [501] the bot is not a member of this server",
    ];
    for want in expected {
        assert!(
            fails.iter().any(|l| l.starts_with(want)),
            "{want}\n{}",
            run.stdout
        );
    }
    assert_eq!(fails.len(), expected.len(), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("ok    [500] alerts channel #alerts (7002) exists")
    );
    // Discord's 404s were expected here.
    assert_eq!(fake.take_rejected().len(), 2, "{:?}", fake.requests());
    fake.assert_clean();
}

fn setup_server(fake: &FakeDiscord) {
    fake.add_channel(ix::GUILD_ID, harness::COMPLAINTS, "complaints", json!([]));
    fake.add_role(
        ix::GUILD_ID,
        ix::GUILD_ID,
        "@everyone",
        EVERYTHING_NEEDED,
        false,
    );
    fake.add_role(ix::GUILD_ID, harness::MANAGER_ROLE, "Managers", 0, true);
    fake.add_member(ix::GUILD_ID, APP_ID, &[]);
}

on_both_databases!(setup_in_discord_answers_in_the_servers_language);
async fn setup_in_discord_answers_in_the_servers_language(db: Backend) {
    let _serial = crate::kit::INTERACTIONS.lock().await;
    let live = Live::start(db).await;
    setup_server(&live.fake);
    let reply = live
        .send(&ix::command(
            &harness::admin(),
            "rapport",
            "settings",
            vec![("language", json!("zh-CN"))],
        ))
        .await;
    assert_eq!(reply["type"], 4, "{reply}");
    let mut admin = harness::admin();
    admin.locale = "fr".into();
    let reply: Value = live
        .send(&ix::command(&admin, "rapport", "setup", vec![]))
        .await;
    assert!(is_private(&reply), "{reply}");
    let text = content(&reply);
    assert!(
        text.starts_with("**设置自检**：发现 1 个问题、0 个提醒。"),
        "{text}"
    );
    for expected in [
        "❌ 告警频道 444444444444444444 不存在，或机器人看不到它（404）",
        "✅ 投诉频道 #complaints（333333333333333333）存在",
        "✅ 机器人在投诉频道（333333333333333333）拥有所需的全部权限",
        "✅ 主管角色 @Managers（555555555555555555）存在",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    // Problems come first.
    assert!(
        text.lines().nth(1).is_some_and(|l| l.starts_with("❌")),
        "{text}"
    );

    let reply = live
        .send(&ix::command(&harness::rep(), "rapport", "setup", vec![]))
        .await;
    assert!(
        content(&reply).contains("Only a manager may check the bot's setup"),
        "{reply}"
    );
    let rejected = live.fake.take_rejected();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(rejected[0].starts_with("GET /api/v10/channels/444444444444444444 -> 404"));
    live.fake.assert_clean();
}

on_both_databases!(setup_in_the_console_checks_what_it_can);
async fn setup_in_the_console_checks_what_it_can(db: Backend) {
    let b = Bench::on(db).await;
    let text = b.ok(MANAGER, "/rapport setup").await;
    assert!(
        text.starts_with("**Setup check**: 0 problem(s), 4 warning(s)."),
        "{text}"
    );
    for expected in [
        "⚠️ no complaints channel set",
        "⚠️ no alerts channel set",
        "⚠️ no manager role set",
        "⚠️ channels, roles and the bot's permissions are checked in Discord",
        "✅ time zone UTC is known",
        "✅ working hours Mon-Fri 09:00-18:00",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let refused = b.refused(REP, "/rapport setup").await;
    assert!(
        refused.contains("Only a manager may check the bot's setup"),
        "{refused}"
    );
}
