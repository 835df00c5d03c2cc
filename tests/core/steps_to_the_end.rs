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

on_both_databases!(step_two_keeps_the_interim_guarantee_beside_the_deadline);
async fn step_two_keeps_the_interim_guarantee_beside_the_deadline(db: Backend) {
    let b = Bench::on(db).await;
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

on_both_databases!(a_deadline_without_an_interim_guarantee_is_pointed_out);
async fn a_deadline_without_an_interim_guarantee_is_pointed_out(db: Backend) {
    let b = Bench::on(db).await;
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

/// Steps 1 and 2 done: the complaint waits for its step-3 solution.
async fn at_step_three(b: &Bench) {
    at_step_two(b, "normal").await;
    b.ok(REP, r#"/complaint step id:1 cause:"seal" asks:"a pump""#)
        .await;
}

on_both_databases!(step_three_asks_three_questions_and_the_form_carries_the_compensation_detail);
async fn step_three_asks_three_questions_and_the_form_carries_the_compensation_detail(db: Backend) {
    let b = Bench::on(db).await;
    at_step_three(&b).await;
    let form = b.run(REP, "/complaint step id:1").await;
    assert_eq!(
        form_keys(&form),
        [
            "remedy",
            "reasonable",
            "necessary",
            "deliverable",
            "compensation"
        ],
        "five fields: a Discord modal holds no more"
    );
    let twice = b
        .refused(
            REP,
            r#"/complaint step id:1 remedy:x reasonable:yes deliverable:yes compensation:"material RMB 1" detail:"RMB 2""#,
        )
        .await;
    assert!(twice.contains("given twice"), "{twice}");
    // As the form sends it: the detail rides in `compensation`.
    b.ok(
        REP,
        r#"/complaint step id:1 step:3 remedy:"new pump" reasonable:yes necessary:yes deliverable:yes compensation:"material RMB 300""#,
    )
    .await;
    let data = b
        .text("SELECT data FROM step_records WHERE step = 3")
        .await
        .unwrap_or_default();
    assert!(
        data.contains(r#""necessary":"yes""#)
            && data.contains(r#""kind":"material","detail":"RMB 300","amount":300"#),
        "{data}"
    );
}

on_both_databases!(cannot_deliver_goes_to_a_manager_who_approves_a_different_remedy);
async fn cannot_deliver_goes_to_a_manager_who_approves_a_different_remedy(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(MANAGER, "/rapport settings manager_role:<@&777>")
        .await;
    at_step_three(&b).await;
    b.clear_outbox().await;
    let reply = b
        .ok(
            REP,
            r#"/complaint step id:1 remedy:"a new pump today" reasonable:yes necessary:yes deliverable:no compensation:none"#,
        )
        .await;
    assert!(reply.contains("approval"), "{reply}");
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("awaiting-approval")
    );
    let posts = b.outbox().await;
    let ask = posts
        .iter()
        .find(|p| p.1.contains("needs your approval"))
        .expect("a manager is asked");
    assert_eq!(ask.0, "channel");
    assert!(
        ask.1.contains("the company cannot deliver this remedy")
            && ask.1.contains("\"ping_roles\":[777]")
            && ask.1.contains("rp:complaint:reject:id=1")
            && ask.1.contains("approve a remedy we can deliver"),
        "{}",
        ask.1
    );

    let bare = b.refused(MANAGER, "/complaint approve id:1").await;
    assert!(
        bare.contains("cannot deliver this remedy") && bare.contains("remedy:"),
        "{bare}"
    );
    b.ok(
        MANAGER,
        r#"/complaint approve id:1 remedy:"a loan pump today, the new one on Friday""#,
    )
    .await;
    let data = b
        .text("SELECT data FROM step_records WHERE step = 3 AND superseded = 0")
        .await
        .unwrap_or_default();
    assert!(
        data.contains(r#""remedy":"a loan pump today, the new one on Friday""#)
            && data.contains(r#""deliverable":"yes""#),
        "{data}"
    );
    assert_eq!(
        b.count("SELECT approved_by FROM step_records WHERE step = 3 AND superseded = 0")
            .await,
        201
    );
    assert_eq!(b.count("SELECT step FROM complaints").await, 4);
}

on_both_databases!(not_necessary_goes_to_a_manager_who_may_reject_it_with_the_explanation);
async fn not_necessary_goes_to_a_manager_who_may_reject_it_with_the_explanation(db: Backend) {
    let b = Bench::on(db).await;
    at_step_three(&b).await;
    b.ok(
        REP,
        r#"/complaint step id:1 remedy:"repaint the casing" reasonable:partly necessary:no deliverable:yes compensation:none"#,
    )
    .await;
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("awaiting-approval"),
        "not necessary: a manager decides, as for an unreasonable complaint"
    );
    assert!(
        b.outbox()
            .await
            .iter()
            .any(|p| p.1.contains("the company judged it not necessary to solve")),
    );
    assert!(
        b.refused(REP, r#"/complaint reject id:1 reason:"cosmetic only""#)
            .await
            .contains("Only a manager")
    );
    b.clear_outbox().await;
    b.ok(
        MANAGER,
        r#"/complaint reject id:1 reason:"the casing colour is within the specification we agreed""#,
    )
    .await;
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("rejected")
    );
    assert!(b.outbox().await[0].1.contains("within the specification"));
}

/// At step 4 with material compensation promised at step 3 (under the
/// approval threshold, so no approval).
async fn at_step_four_with_compensation(b: &Bench) {
    at_step_three(b).await;
    b.ok(
        REP,
        r#"/complaint step id:1 remedy:"new pump" reasonable:yes deliverable:yes compensation:"material RMB 300 refund""#,
    )
    .await;
    assert_eq!(b.count("SELECT step FROM complaints").await, 4);
}

on_both_databases!(undelivered_compensation_blocks_step_four_until_a_manager_signs_it_off);
async fn undelivered_compensation_blocks_step_four_until_a_manager_signs_it_off(db: Backend) {
    let b = Bench::on(db).await;
    at_step_four_with_compensation(&b).await;
    for delivered in ["no", "none-due"] {
        let refused = b
            .refused(
                REP,
                &format!(
                    "/complaint step id:1 done:\"pump replaced\" told:now delivered:{delivered}"
                ),
            )
            .await;
        assert!(
            refused.contains("compensation (RMB 300 refund) and it is not delivered"),
            "{refused}"
        );
    }
    let rep_signs = b
        .refused(
            REP,
            r#"/complaint step id:1 done:"pump replaced" told:now delivered:no exception:"finance is closed""#,
        )
        .await;
    assert!(rep_signs.contains("Only a manager"), "{rep_signs}");
    b.clear_outbox().await;
    b.ok(
        MANAGER,
        r#"/complaint step id:1 done:"pump replaced" told:now delivered:no exception:"refund as credit on the next order, agreed with the customer""#,
    )
    .await;
    let data = b
        .text("SELECT data FROM step_records WHERE step = 4")
        .await
        .unwrap_or_default();
    assert!(
        data.contains(r#""exception":{"reason":"refund as credit on the next order, agreed with the customer","by":201}"#),
        "{data}"
    );
    assert!(
        b.outbox().await[0]
            .1
            .contains("Not delivered, signed off by** <@201>"),
    );
    assert_eq!(b.count("SELECT step FROM complaints").await, 5);
}

on_both_databases!(delivered_compensation_passes_for_the_rep);
async fn delivered_compensation_passes_for_the_rep(db: Backend) {
    let b = Bench::on(db).await;
    at_step_four_with_compensation(&b).await;
    b.ok(
        REP,
        r#"/complaint step id:1 done:"pump replaced, refund paid" told:now delivered:yes"#,
    )
    .await;
    assert!(
        !b.text("SELECT data FROM step_records WHERE step = 4")
            .await
            .unwrap_or_default()
            .contains("exception")
    );
}

on_both_databases!(the_time_to_tell_the_customer_is_reported_beside_the_other_times);
async fn the_time_to_tell_the_customer_is_reported_beside_the_other_times(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "critical", "product").await;
    b.ok(REP, "/complaint step id:1 done:listened mood:calm")
        .await;
    b.ok(REP, "/complaint step id:1 cause:seal asks:pump").await;
    b.ok(
        REP,
        "/complaint step id:1 remedy:pump reasonable:yes deliverable:yes compensation:none",
    )
    .await;
    b.advance(3600);
    b.ok(MANAGER, "/complaint approve id:1").await;
    b.advance(2 * 3600);
    b.ok(
        REP,
        "/complaint step id:1 done:replaced told:\"2026-11-23 12:30\" delivered:none-due",
    )
    .await;
    let report = b.ok(MANAGER, "/report week").await;
    assert!(
        report.contains("Time to acknowledge")
            && report.contains(
                "Time to tell the customer the solution: median 1h 30m, 90th percentile 1h 30m (1 complaint(s))"
            )
            && report.contains("Time to resolve"),
        "{report}"
    );
}
