//! Hostile input at the Discord edge: crafted custom_ids, skipped steps and
//! approvals, other servers' complaints, SQL-looking and control-character
//! text, 4,000 characters of Chinese. Each gets the right refusal and
//! nothing changes or leaks.

use serde_json::json;

use crate::harness::*;
use crate::support::interactions::{self as ix, Who};
use crate::support::{Backend, on_both_databases};

async fn with_complaint(live: &Live, summary: &str) {
    add_customer(live).await;
    let new = ix::command(
        &rep(),
        "complaint",
        "new",
        vec![
            ("customer", json!("Acme Tools")),
            ("summary", json!(summary)),
            ("category", json!("product")),
            ("severity", json!("critical")),
            ("temperament", json!("angry")),
            ("channel", json!("visit")),
        ],
    );
    let reply = live.send(&new).await;
    assert!(content(&reply).contains("#1"), "{reply}");
}

/// The same person, in another server.
fn elsewhere(who: &Who) -> serde_json::Value {
    let mut p = ix::button(who, "rp:complaint:ack:id=1", "1");
    p["guild_id"] = json!("999999999999999999");
    p
}

on_both_databases!(crafted_ids_cannot_reach_another_server_skip_a_step_or_an_approval);
async fn crafted_ids_cannot_reach_another_server_skip_a_step_or_an_approval(db: Backend) {
    let live = Live::start(db).await;
    with_complaint(&live, "pump leaks").await;
    // Members are left out: the adapter records everyone who interacts, in
    // whichever server, refused or not.
    let before = live.bench.fingerprint_except(&["members"]).await;

    let other_server = live.send(&elsewhere(&manager())).await;
    assert!(
        content(&other_server).contains("no complaint #1"),
        "{other_server}"
    );

    let skip = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:step:id=1;step=3",
            &[
                ("remedy", "x"),
                ("reasonable", "yes"),
                ("deliverable", "yes"),
                ("compensation", "none"),
            ],
        ))
        .await;
    assert!(content(&skip).contains("step 3 comes later"), "{skip}");

    let smuggled = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:step:id=1;step=1",
            &[("done", "x"), ("mood", "calm"), ("cause", "extra field")],
        ))
        .await;
    assert!(
        content(&smuggled).contains("has no option `cause`"),
        "{smuggled}"
    );

    let approve_early = live
        .send(&ix::button(&manager(), "rp:complaint:approve:id=1", "1"))
        .await;
    assert!(
        content(&approve_early).contains("no solution waiting for approval"),
        "{approve_early}"
    );
    assert_eq!(
        before,
        live.bench.fingerprint_except(&["members"]).await,
        "nothing changed"
    );

    // Walk to step 3 (critical: approval needed), then try to skip the approval.
    let step = |fields: &[(&str, &str)]| ix::modal_submit(&rep(), "rp:complaint:step:id=1", fields);
    live.send(&step(&[("done", "listened"), ("mood", "calm")]))
        .await;
    live.send(&step(&[("cause", "seal"), ("asks", "pump")]))
        .await;
    live.send(&step(&[
        ("remedy", "replace"),
        ("reasonable", "yes"),
        ("deliverable", "yes"),
        ("compensation", "none"),
    ]))
    .await;
    assert_eq!(
        live.bench
            .text("SELECT status FROM complaints")
            .await
            .as_deref(),
        Some("awaiting-approval")
    );
    let before = live.bench.fingerprint().await;
    let skip_approval = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:step:id=1;step=4",
            &[("done", "x"), ("told", "now"), ("delivered", "yes")],
        ))
        .await;
    assert!(
        content(&skip_approval).contains("waiting for a manager"),
        "{skip_approval}"
    );
    let rep_approves = live
        .send(&ix::button(&rep(), "rp:complaint:approve:id=1", "1"))
        .await;
    assert!(
        content(&rep_approves).contains("Only a manager"),
        "{rep_approves}"
    );
    assert_eq!(before, live.bench.fingerprint().await, "nothing changed");
    live.deliver().await;
    live.fake.take_posts();
    live.fake.take_threads();
    take_card_edits(&live.fake);
    live.fake.assert_clean();
}

on_both_databases!(sql_looking_and_control_character_text_is_stored_as_text);
async fn sql_looking_and_control_character_text_is_stored_as_text(db: Backend) {
    let live = Live::start(db).await;
    let evil = "Robert'); DROP TABLE complaints; -- \u{0}\u{7}\u{1b}[31m";
    with_complaint(&live, evil).await;
    assert_eq!(
        live.bench.count("SELECT COUNT(*) FROM complaints").await,
        1,
        "the table is still there"
    );
    let stored = live
        .bench
        .text("SELECT summary FROM complaints")
        .await
        .unwrap();
    assert_eq!(
        stored, "Robert'); DROP TABLE complaints; -- [31m",
        "stored as typed, control characters dropped"
    );
    live.deliver().await;
    for post in live.fake.take_posts() {
        assert!(
            !post.text().chars().any(|c| c.is_control() && c != '\n'),
            "{:?}",
            post.content
        );
    }
    live.fake.take_threads();
    take_card_edits(&live.fake);
    live.fake.assert_clean();
}

on_both_databases!(four_thousand_chinese_characters_get_the_limit_not_a_crash);
async fn four_thousand_chinese_characters_get_the_limit_not_a_crash(db: Backend) {
    let live = Live::start(db).await;
    with_complaint(&live, "pump leaks").await;
    let long = "泵".repeat(4000);
    let before = live.bench.fingerprint().await;
    let reply = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:step:id=1;step=1",
            &[("done", &long), ("mood", "calm")],
        ))
        .await;
    assert!(
        content(&reply).contains("4000 characters") && content(&reply).contains("limit is 1000"),
        "{reply}"
    );
    let escalate = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:escalate:id=1",
            &[("reason", &long)],
        ))
        .await;
    assert!(content(&escalate).contains("limit is 500"), "{escalate}");
    assert_eq!(before, live.bench.fingerprint().await);
    // Within the limits, long Chinese text goes through and every post still fits Discord.
    let ok = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:step:id=1;step=1",
            &[("done", &"听".repeat(1000)), ("mood", "calm")],
        ))
        .await;
    assert!(content(&ok).contains("recorded"), "{ok}");
    live.deliver().await;
    for post in live.fake.take_posts() {
        assert!(post.content.chars().count() <= 2000);
    }
    live.fake.take_threads();
    take_card_edits(&live.fake);
    live.fake.assert_clean();
}
