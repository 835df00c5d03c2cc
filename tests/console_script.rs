//! The release-style console run: `rapport console < script.txt` on a fresh
//! SQLite file, as a new user would, checked on screen and in the database.

use std::io::Write;
use std::process::{Command, Stdio};

use sqlx::{Connection, Row};

const SCRIPT: &str = r#"
# A day with rapport, typed as in Discord.
/customer add name:"Acme Tools" owner:@lin tier:key decision_maker:"Mr Wang"
/customer add name:"Beta Foods" owner:@lin tier:normal
/as lin                      # act as lin, as the README's tour does
/complaint new customer:acme summary:"pump leaks after two weeks" category:product severity:high temperament:angry channel:visit
/complaint new customer:"Acme Tools" summary:"pump leaks after two weeks" category:product severity:high temperament:angry channel:visit
/complaint ack id:1
/complaint step id:1
Let him vent, apologised for the downtime
calm
/complaint step id:1
/complaint show id:1
/complaint step id:1 cause:"seal cracked" asks:"a new pump" promise:soon
/complaint step id:1 cause:"seal cracked" asks:"a new pump" promise:"tomorrow 17:00"
/complaint step id:1 remedy:"replace the pump" reasonable:yes deliverable:yes compensation:material detail:"RMB 3000 refund"
/complaint approve id:1
/as zhao manager
/complaint approve id:1
/as lin
/clock +1d   # a day later
/complaint step id:1 done:"pump replaced" told:now delivered:yes
/complaint step id:1 guarantee:"quarterly check for a year" follow_up:+30d
/complaint followup id:1 satisfied:yes
/score record customer:"Acme Tools" complaint:1 overall:4 again:5 recommend:4 to_five:faster delivery
/visit log customer:"Beta Foods" met:both
/complaint new customer:"Beta Foods" summary:"late delivery" category:delivery severity:normal temperament:resigned channel:hotline
/as zhao
/rapport settings language:zh-CN
/complaint assign id:2 to:@chen
/quit
/customer add name:"never reached" owner:@lin tier:key
"#;

#[test]
fn a_scripted_console_session_does_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let url = format!("sqlite://{}", db.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("console")
        .env("DATABASE_URL", &url)
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rapport starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SCRIPT.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let screen = String::from_utf8(out.stdout).unwrap();

    for expected in [
        "No DISCORD_TOKEN set",
        "(@lin is new here and joins as a rep.)",
        "Did you mean **Acme Tools**?",
        "── thread opened: “#1 Acme Tools · pump leaks after two weeks” ──",
        "@lin, complaint #1 is yours",
        "(pings @lin)",
        "[Acknowledge]  /complaint ack id:1",
        "What did you do to calm the customer?*:",
        "> Let him vent, apologised for the downtime",
        "Cancelled; nothing was saved.",
        "┃ **Step:** 2 · Find the cause",
        "┃ — Status: In progress",
        "I can't read `soon` as `promise`",
        "── #alerts ──",
        "(pings @managers)",
        "Only a manager may approve",
        "@zhao approved the solution for complaint #1",
        "Complaint #1 is closed",
        "Visit to **Beta Foods** logged",
        "设置已保存",
        "@zhao 把投诉 #2 从 @lin 转给了 @chen",
    ] {
        assert!(
            screen.contains(expected),
            "missing {expected:?} in:\n{screen}"
        );
    }
    assert!(!screen.contains("never reached"), "stops at /quit");

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let one = |sql: &'static str| sqlx::query(sql);
        let status: String = one("SELECT status FROM complaints WHERE number = 1").fetch_one(&mut conn).await.unwrap().get(0);
        assert_eq!(status, "closed");
        let steps: i64 = one("SELECT COUNT(*) FROM step_records WHERE superseded = 0").fetch_one(&mut conn).await.unwrap().get(0);
        assert_eq!(steps, 5);
        let customers: i64 = one("SELECT COUNT(*) FROM customers").fetch_one(&mut conn).await.unwrap().get(0);
        assert_eq!(customers, 2);
        let owner: String = one("SELECT m.name FROM complaints c JOIN members m ON m.user_id = c.owner_id WHERE c.number = 2")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(owner, "chen");
        let pending: i64 = one("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'").fetch_one(&mut conn).await.unwrap().get(0);
        assert_eq!(pending, 0, "everything owed was shown");
        let language: String = one("SELECT language FROM guild_settings").fetch_one(&mut conn).await.unwrap().get(0);
        assert_eq!(language, "zh-CN");
    });
}
