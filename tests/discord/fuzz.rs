//! Bounded fuzzing of everything that reads untrusted input: the command
//! line parser, custom_ids, dates, and whole interaction payloads. The
//! property: no panic, and a refusal is always a refusal, never a crash.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::harness::*;
use crate::support::Backend;
use crate::support::interactions as ix;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Lines that look like commands: names, options, quotes, colons in odd places.
fn command_like() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-z_]{0,12}",
        "\\PC{0,8}",
        Just("complaint".to_string()),
        Just("step".to_string()),
        Just("客户".to_string())
    ];
    let value = prop_oneof![
        "[^\"]{0,20}",
        "\"[^\"]{0,20}\"?",
        "“[^”]{0,10}”?",
        "「\\PC{0,10}",
        "\\PC{0,30}"
    ];
    prop::collection::vec((word, prop::option::of(value)), 0..8).prop_map(|parts| {
        let mut line = String::from("/");
        for (w, v) in parts {
            line.push_str(&w);
            if let Some(v) = v {
                line.push(if v.len() % 2 == 0 { ':' } else { '：' });
                line.push_str(&v);
            }
            line.push(' ');
        }
        line
    })
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn the_command_parser_never_panics(line in command_like(), raw in "\\PC{0,200}") {
        let _ = rapport::commands::parse::parse_line(&line);
        let _ = rapport::commands::parse::parse_line(&raw);
    }

    #[test]
    fn custom_ids_never_panic(id in "rp:[a-z]{0,10}:[a-z]{0,10}:[a-z0-9=;_-]{0,60}", raw in "\\PC{0,120}") {
        let _ = rapport::commands::buttons::decode(&id);
        let _ = rapport::commands::buttons::decode(&raw);
    }

    #[test]
    fn dates_never_panic(text in "\\PC{0,60}", now in any::<i64>()) {
        let _ = rapport::domain::when::parse_moment(&text, now, chrono_tz::Tz::Asia__Shanghai);
        let _ = rapport::domain::when::parse_span(&text);
    }
}

/// A valid payload with one part removed, retyped or replaced.
fn mutate(mut v: Value, path: &[String], how: u8) -> Value {
    fn at<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
        let mut cur = v;
        for key in path {
            cur = match cur {
                Value::Object(m) => m.get_mut(key)?,
                Value::Array(a) => a.get_mut(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }
    if let Some(target) = at(&mut v, path) {
        *target = match how % 6 {
            0 => Value::Null,
            1 => json!("🙂".repeat(300)),
            2 => json!(-1),
            3 => json!([]),
            4 => json!({"type": 99}),
            _ => json!(true),
        };
    }
    v
}

fn paths(v: &Value, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, c)| paths(c, [prefix.clone(), vec![k.clone()]].concat(), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| paths(c, [prefix.clone(), vec![i.to_string()]].concat(), out)),
        _ => {}
    }
}

// On SQLite only: what is fuzzed is the reading of payloads, not the database.
#[tokio::test]
async fn mutated_interactions_are_answered_or_refused_never_crash() {
    let live = Live::start(Backend::Sqlite).await;
    let samples = [
        ix::command(
            &rep(),
            "complaint",
            "new",
            vec![
                ("customer", json!("Acme")),
                ("summary", json!("x")),
                ("severity", json!("high")),
            ],
        ),
        ix::button(&rep(), "rp:complaint:step:id=1;step=1", "5"),
        ix::modal_submit(
            &rep(),
            "rp:complaint:step:id=1;step=1",
            &[("done", "x"), ("mood", "calm")],
        ),
        ix::autocomplete(
            &rep(),
            "complaint",
            "new",
            vec![("customer", json!("ac"))],
            "customer",
        ),
        ix::user_select(&manager(), "rp:complaint:assign:id=1", &[&rep().user_id]),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(config(1));
    let mut sent = 0;
    for sample in samples {
        let mut all = Vec::new();
        paths(&sample, Vec::new(), &mut all);
        for (i, path) in all.iter().enumerate() {
            let how = proptest::strategy::Strategy::new_tree(&any::<u8>(), &mut runner)
                .map(|t| proptest::strategy::ValueTree::current(&t))
                .unwrap_or(0);
            let payload = mutate(sample.clone(), path, how.wrapping_add(i as u8));
            let (status, _) = live.post(&payload, live.now()).await;
            assert!(
                matches!(status, 200 | 400),
                "status {status} for a mutation at {path:?}"
            );
            sent += 1;
        }
    }
    assert!(sent > 100, "{sent} mutations");
    // The endpoint still works afterwards.
    assert_eq!(live.send(&ix::ping()).await["type"], 1);
    live.deliver().await;
    live.fake.take_posts();
    live.fake.take_threads();
    live.fake.assert_clean();
}
