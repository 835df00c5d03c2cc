//! `/metrics` parses as Prometheus text, and its counters move exactly with
//! the traffic sent: interactions by kind and outcome, their latency,
//! deliveries, Discord's REST errors, reminders and escalations.

use std::collections::BTreeMap;

use serde_json::json;

use crate::harness::{self, Live};
use crate::kit::{INTERACTIONS, parse_prometheus};
use crate::support::fake_discord::Fault;
use crate::support::interactions as ix;
use crate::support::{Backend, on_both_databases};

async fn scrape(live: &Live) -> BTreeMap<String, f64> {
    let url = live.endpoint.replace("/interactions", "/metrics");
    let response = live.http.get(&url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(kind, "text/plain; version=0.0.4; charset=utf-8");
    let text = response.text().await.unwrap();
    parse_prometheus(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn delta(before: &BTreeMap<String, f64>, after: &BTreeMap<String, f64>, series: &str) -> f64 {
    let read = |m: &BTreeMap<String, f64>| m.get(series).copied().unwrap_or(0.0);
    read(after) - read(before)
}

fn sum(m: &BTreeMap<String, f64>, prefix: &str) -> f64 {
    m.iter()
        .filter(|(k, _)| k.starts_with(prefix))
        .map(|(_, v)| v)
        .sum()
}

on_both_databases!(metrics_parse_and_move_with_the_traffic);
async fn metrics_parse_and_move_with_the_traffic(db: Backend) {
    let _serial = INTERACTIONS.lock().await;
    let live = Live::start(db).await;
    let before = scrape(&live).await;
    for family in [
        "rapport_interactions_total{kind=\"command\",outcome=\"ok\"}",
        "rapport_interaction_duration_seconds_count",
        "rapport_outbox_deliveries_total{destination=\"thread\",outcome=\"sent\"}",
        "rapport_reminders_sent_total{kind=\"ack\"}",
        "rapport_escalations_sent_total{kind=\"ack\"}",
        "rapport_outbox_pending",
        "rapport_outbox_oldest_age_seconds",
        "rapport_database_up",
        "rapport_interactions_in_flight",
    ] {
        assert!(before.contains_key(family), "{family} missing: {before:?}");
    }
    assert_eq!(before["rapport_database_up"], 1.0);

    let rep = harness::rep();
    for _ in 0..3 {
        live.send(&ix::command(&rep, "rapport", "help", vec![]))
            .await;
    }
    live.send(&ix::command(
        &rep,
        "complaint",
        "ack",
        vec![("id", json!(99))],
    ))
    .await;
    live.send(&ix::ping()).await;
    live.send(&ix::command(
        &rep,
        "customer",
        "add",
        vec![
            ("name", json!("Acme Tools")),
            ("owner", ix::user_opt(&rep.user_id)),
            ("tier", json!("key")),
        ],
    ))
    .await;
    live.send(&ix::command(
        &rep,
        "complaint",
        "new",
        vec![
            ("customer", json!("Acme Tools")),
            ("summary", json!("pump leaks")),
            ("category", json!("product")),
            ("severity", json!("high")),
            ("temperament", json!("angry")),
            ("channel", json!("visit")),
        ],
    ))
    .await;
    let queued = scrape(&live).await;
    let pending = queued["rapport_outbox_pending"];
    assert!(pending >= 2.0, "{queued:?}");

    // Discord fails the first post once; it is retried and then sent.
    live.fake
        .fail_next("POST", "/channels/", vec![Fault::Status500]);
    let first = live.deliver().await;
    assert_eq!(first.retried, 1);
    live.deliver_after(60).await;
    let delivered = scrape(&live).await;
    assert_eq!(delivered["rapport_outbox_pending"], 0.0);

    let ok = "rapport_interactions_total{kind=\"command\",outcome=\"ok\"}";
    let refused = "rapport_interactions_total{kind=\"command\",outcome=\"refused\"}";
    let ping = "rapport_interactions_total{kind=\"ping\",outcome=\"ok\"}";
    assert_eq!(delta(&before, &delivered, ok), 5.0);
    assert_eq!(delta(&before, &delivered, refused), 1.0);
    assert_eq!(delta(&before, &delivered, ping), 1.0);
    assert_eq!(
        delta(
            &before,
            &delivered,
            "rapport_interaction_duration_seconds_count"
        ),
        7.0
    );
    assert_eq!(
        delta(
            &before,
            &delivered,
            "rapport_interaction_duration_seconds_bucket{le=\"+Inf\"}"
        ),
        7.0
    );
    assert_eq!(
        delta(
            &before,
            &delivered,
            "rapport_discord_rest_errors_total{status=\"500\"}"
        ),
        1.0
    );
    let tried = sum(&delivered, "rapport_outbox_deliveries_total{")
        - sum(&before, "rapport_outbox_deliveries_total{");
    let retried: f64 = ["channel", "thread", "dm", "webhook"]
        .iter()
        .map(|d| {
            let series = format!(
                "rapport_outbox_deliveries_total{{destination=\"{d}\",outcome=\"retried\"}}"
            );
            delta(&before, &delivered, &series)
        })
        .sum();
    assert_eq!(retried, 1.0);
    assert_eq!(
        tried - retried,
        pending,
        "every queued message counted once as sent"
    );
    assert_eq!(
        live.fake.take_posts().len() as f64,
        pending,
        "each queued message posted once, the failed try not among them"
    );
    assert_eq!(live.fake.take_threads().len(), 1, "the complaint's thread");

    // An hour and a bit later the unacknowledged high complaint nudges its
    // owner; a while after that the managers hear of it.
    let start = live.now();
    let nudged = live.bench.sweep_at(start + 3_700).await;
    let escalated = live.bench.sweep_at(start + 2 * 3_600 + 100).await;
    let after = scrape(&live).await;
    let reminders = sum(&after, "rapport_reminders_sent_total{")
        - sum(&delivered, "rapport_reminders_sent_total{");
    let escalations = sum(&after, "rapport_escalations_sent_total{")
        - sum(&delivered, "rapport_escalations_sent_total{");
    assert_eq!(
        delta(
            &delivered,
            &after,
            "rapport_reminders_sent_total{kind=\"ack\"}"
        ),
        reminders
    );
    assert!(reminders >= 1.0, "{after:?}");
    assert_eq!(
        delta(
            &delivered,
            &after,
            "rapport_escalations_sent_total{kind=\"ack\"}"
        ),
        1.0
    );
    assert_eq!(
        reminders + escalations,
        (nudged.reminders + escalated.reminders) as f64
    );
    assert!(
        after["rapport_outbox_pending"] >= 1.0,
        "the reminders wait in the outbox"
    );
    // Nothing was delivered since the first sweep: its nudge, queued then,
    // has waited exactly until the second sweep's clock.
    assert_eq!(
        after["rapport_outbox_oldest_age_seconds"], 3_600.0,
        "{after:?}"
    );
    assert_eq!(queued["rapport_outbox_oldest_age_seconds"], 0.0);
    live.fake.assert_clean();
}
