//! Logs a person can follow: one span per interaction and per delivery,
//! naming the server and the complaint, and no colour codes in a pipe.

use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::harness::{self, Live, content};
use crate::kit;
use crate::support::Backend;
use crate::support::interactions::{self as ix};

#[tokio::test]
async fn logs_to_a_pipe_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("r.db").display());
    // The console with an empty script: it opens and migrates the database, and stops.
    let env = [("DATABASE_URL", url.as_str()), ("RAPPORT_LOG", "debug")];
    let run = kit::rapport(&["console"], &env, dir.path()).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("DEBUG"), "no log lines: {run:?}");
    assert!(
        !run.stderr.contains("\x1b["),
        "colour codes: {:?}",
        run.stderr
    );
}

/// What a test's own subscriber wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

// One thread: the endpoint's tasks log under this test's subscriber only.
#[tokio::test(flavor = "current_thread")]
async fn an_interaction_span_names_the_complaint_it_made() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // What is logged does not depend on the database: SQLite only.
    let live = Live::start(Backend::Sqlite).await;
    let rep = harness::rep();
    let add = ix::command(
        &rep,
        "customer",
        "add",
        vec![
            ("name", json!("Acme Tools")),
            ("owner", ix::user_opt(&rep.user_id)),
            ("tier", json!("key")),
        ],
    );
    live.send(&add).await;
    let new = ix::command(
        &rep,
        "complaint",
        "new",
        vec![
            ("customer", json!("acme tools")),
            ("summary", json!("pump leaks")),
            ("category", json!("product")),
            ("severity", json!("high")),
            ("temperament", json!("angry")),
            ("channel", json!("visit")),
        ],
    );
    let reply = live.send(&new).await;
    assert!(content(&reply).contains("Complaint #1"), "{reply}");
    let show = ix::command(&rep, "complaint", "show", vec![("id", json!(1))]);
    live.send(&show).await;
    let sent = live.deliver().await;
    assert_eq!(sent.sent, 3, "{sent:?}");
    live.fake.take_threads();
    live.fake.take_posts();
    live.fake.assert_clean();

    let text = logs.text();
    let line = text
        .lines()
        .find(|l| l.contains("command=complaint new"))
        .unwrap_or_else(|| panic!("no interaction line for /complaint new in:\n{text}"));
    let guild = format!("guild={}", ix::GUILD_ID);
    assert!(line.contains("interaction{id="), "{line}");
    assert!(line.contains(&guild), "{line}");
    assert!(line.contains("complaint=1}"), "{line}");
    assert!(
        line.contains("outcome=\"ok\"") || line.contains("outcome=ok"),
        "{line}"
    );
    // The fields are said once, by the span, not again on the line.
    assert_eq!(line.matches("guild=").count(), 1, "{line}");

    // A command on an existing complaint names it too.
    let shown = text
        .lines()
        .find(|l| l.contains("command=complaint show"))
        .unwrap_or_else(|| panic!("no interaction line for /complaint show in:\n{text}"));
    assert!(shown.contains("complaint=1}"), "{shown}");

    let delivered: Vec<&str> = text.lines().filter(|l| l.contains(" message ")).collect();
    assert_eq!(delivered.len(), 3, "{text}");
    for line in delivered {
        assert!(
            line.contains("delivery{") && line.contains(&guild),
            "{line}"
        );
        assert!(line.contains("item="), "{line}");
    }
}
