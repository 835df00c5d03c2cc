//! Steps 2–4 as seed 002 teaches them: the interim service guarantee beside
//! the promised deadline, step 3's three questions, delivery before step 4
//! completes (or a manager's sign-off), and the time to tell the customer.

use rapport::message::Response;

use crate::support::*;

fn form_keys(a: &rapport::commands::Answer) -> Vec<String> {
    match &a.response {
        Response::Modal(m) => m.fields.iter().map(|f| f.key.clone()).collect(),
        other => panic!("expected a form, got {other:?}"),
    }
}

/// A complaint at step 2 (acknowledged, calmed).
async fn at_step_two(b: &Bench, severity: &str) {
    b.seed_complaint("angry", severity, "product").await;
    b.ok(REP, "/complaint step id:1 done:listened mood:calm")
        .await;
}

#[tokio::test]
async fn step_two_keeps_the_interim_guarantee_beside_the_deadline() {
    let b = Bench::new().await;
    at_step_two(&b, "high").await;
    let form = b.run(REP, "/complaint step id:1").await;
    assert_eq!(form_keys(&form), ["cause", "asks", "promise", "interim"]);
    b.clear_outbox().await;
    let reply = b
        .ok(
            REP,
            r#"/complaint step id:1 cause:"seal cracked" asks:"a new pump" promise:"tomorrow 17:00" interim:"a loan pump tonight, a call every evening""#,
        )
        .await;
    assert!(!reply.contains("no service guarantee"), "{reply}");
    let data = b
        .text("SELECT data FROM step_records WHERE step = 2")
        .await
        .unwrap_or_default();
    assert!(
        data.contains(r#""interim":"a loan pump tonight, a call every evening""#),
        "{data}"
    );
    let posts = b.outbox().await;
    assert!(
        posts[0].1.contains("Promised by")
            && posts[0].1.contains("**Meanwhile:** a loan pump tonight"),
        "{}",
        posts[0].1
    );
    let shown = b.ok(REP, "/complaint show id:1").await;
    assert!(
        shown.contains("**Meanwhile:** a loan pump tonight"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_deadline_without_an_interim_guarantee_is_pointed_out() {
    let b = Bench::new().await;
    at_step_two(&b, "high").await;
    let reply = b
        .ok(
            REP,
            r#"/complaint step id:1 cause:"seal" asks:"a pump" promise:"+48h""#,
        )
        .await;
    assert!(
        reply.contains("no service guarantee for the wait"),
        "{reply}"
    );
    assert_eq!(
        b.count(
            "SELECT COUNT(*) FROM step_records WHERE step = 2 AND data LIKE '%\"interim\":null%'"
        )
        .await,
        1
    );
}
