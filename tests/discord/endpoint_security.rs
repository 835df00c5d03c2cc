//! Forged, stale, oversized and malformed requests are turned away; nothing is written.

use serde_json::json;

use crate::harness::*;
use crate::support::interactions::{self as ix};
use crate::support::{Backend, on_both_databases};

on_both_databases!(ping_gets_pong);
async fn ping_gets_pong(db: Backend) {
    let live = Live::start(db).await;
    let reply = live.send(&ix::ping()).await;
    assert_eq!(reply["type"], 1);
    live.fake.assert_clean();
}

on_both_databases!(forged_stale_oversized_and_malformed_requests_are_refused);
async fn forged_stale_oversized_and_malformed_requests_are_refused(db: Backend) {
    let live = Live::start(db).await;
    let before = live.bench.fingerprint().await;
    let customer = ix::command(
        &rep(),
        "customer",
        "add",
        vec![
            ("name", json!("Acme")),
            ("owner", ix::user_opt(&rep().user_id)),
            ("tier", json!("key")),
        ],
    );
    let body = customer.to_string();

    // A signature by another key.
    let forged = ix::post_with_signature(
        &live.http,
        &live.endpoint,
        &"ab".repeat(64),
        &live.now().to_string(),
        body.clone(),
    )
    .await;
    assert_eq!(forged.status().as_u16(), 401);
    // A valid signature over a different body.
    let sig = live.signer.sign(&live.now().to_string(), "{}");
    let swapped = ix::post_with_signature(
        &live.http,
        &live.endpoint,
        &sig,
        &live.now().to_string(),
        body.clone(),
    )
    .await;
    assert_eq!(swapped.status().as_u16(), 401);
    // A replay from ten minutes ago, correctly signed.
    let (status, _) = live.post(&customer, live.now() - 600).await;
    assert_eq!(status, 401);
    // No signature at all.
    let bare = live
        .http
        .post(&live.endpoint)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status().as_u16(), 401);
    // Over 1 MiB.
    let big = json!({"type": 2, "pad": "x".repeat(1_100_000)});
    let (status, _) = live.post(&big, live.now()).await;
    assert_eq!(status, 413);
    // Signed but not an interaction: malformed JSON, deep nesting, an unknown type.
    for junk in [
        "{\"type\": 2,",
        &format!("{}{}", "[".repeat(5000), "]".repeat(5000)),
        "{\"type\": 99, \"id\": \"1\", \"application_id\": \"1\", \"token\": \"t\", \"version\": 1}",
    ] {
        let ts = live.now().to_string();
        let sig = live.signer.sign(&ts, junk);
        let r =
            ix::post_with_signature(&live.http, &live.endpoint, &sig, &ts, junk.to_string()).await;
        assert_eq!(r.status().as_u16(), 400, "{}", &junk[..junk.len().min(40)]);
    }
    assert_eq!(before, live.bench.fingerprint().await, "nothing written");
    live.fake.assert_clean();
}

on_both_databases!(unknown_buttons_and_commands_outside_a_server_get_a_private_refusal);
async fn unknown_buttons_and_commands_outside_a_server_get_a_private_refusal(db: Backend) {
    let live = Live::start(db).await;
    let reply = live
        .send(&ix::button(&rep(), "someone-else:thing", "9"))
        .await;
    assert!(
        is_private(&reply) && content(&reply).contains("older card"),
        "{reply}"
    );
    let crafted = live
        .send(&ix::button(&rep(), "rp:complaint:ack:id=1;guild=1", "9"))
        .await;
    assert!(is_private(&crafted), "{crafted}");
    let mut dm = ix::command(&rep(), "rapport", "help", vec![]);
    dm.as_object_mut().unwrap().remove("guild_id");
    dm.as_object_mut().unwrap().remove("member");
    dm["user"] = ix::user_json(&rep().user_id, "lin");
    let reply = live.send(&dm).await;
    assert!(content(&reply).contains("inside a server"), "{reply}");
    live.fake.assert_clean();
}
