//! Seed 001's play for each crisis, with a moved clock: a product crisis's
//! training is asked for and nudged until held, a recurring product
//! complaint suggests a refresher, a team crisis sets a cadence of contact
//! with the customer's team, and a boss/KP crisis cannot close before a
//! visit has met the boss.

use crate::support::*;

const H: i64 = 3600;
const DAY: i64 = 86_400;
/// Tuesday 2026-11-24 09:00 UTC: the first digest after T0.
const TUESDAY_9: i64 = T0 + 23 * H;

/// The owner's (@101) digest DM pending at `at`, after clearing what was before.
async fn digest_at(b: &Bench, at: i64) -> String {
    b.clear_outbox().await;
    b.sweep_at(at).await;
    b.pending()
        .await
        .into_iter()
        .filter(|p| p.0 == "dm" && p.1 == Some(101))
        .map(|p| p.2)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Steps 1–3 of complaint 1, which needs no approval.
async fn to_step_four(b: &Bench, category: &str) {
    b.seed_complaint("reasoning", "normal", category).await;
    for line in [
        "/complaint step id:1 done:listened mood:calm",
        "/complaint step id:1 cause:\"nobody was shown the new menu\" asks:\"make it work\"",
        "/complaint step id:1 remedy:\"show them\" reasonable:yes deliverable:yes compensation:none",
    ] {
        b.ok(REP, line).await;
    }
}

fn form_keys(a: &rapport::commands::Answer) -> Vec<String> {
    match &a.response {
        rapport::message::Response::Modal(m) => m.fields.iter().map(|f| f.key.clone()).collect(),
        other => panic!("expected a form, got {other:?}"),
    }
}

on_both_databases!(a_product_crisis_asks_for_its_training_and_nudges_until_it_is_held);
async fn a_product_crisis_asks_for_its_training_and_nudges_until_it_is_held(db: Backend) {
    let b = Bench::on(db).await;
    to_step_four(&b, "product").await;
    b.sweep().await;
    let form = b.run(REP, "/complaint step id:1").await;
    assert_eq!(form_keys(&form), ["done", "told", "delivered", "training"]);
    let card = b.outbox().await.last().cloned().unwrap_or_default().1;
    assert!(
        card.contains("**Product crisis.** Step 4 includes a training session"),
        "{card}"
    );

    let reply = b
        .ok(
            REP,
            "/complaint step id:1 done:\"showed the menu\" told:now delivered:none-due",
        )
        .await;
    assert!(reply.contains("No training date was given"), "{reply}");
    assert_eq!(
        b.count("SELECT COUNT(*) FROM trainings WHERE planned_at IS NULL AND held_at IS NULL")
            .await,
        1
    );
    let digest = digest_at(&b, TUESDAY_9).await;
    assert!(
        digest.contains(
            "**Acme Tools** (complaint #1): the training for their users has no date yet"
        ),
        "{digest}"
    );

    // Planned for Thursday: nothing until then, then asked whether it was held.
    let reply = b
        .ok(REP, "/complaint training id:1 on:\"2026-11-26 15:00\"")
        .await;
    assert!(reply.contains("planned for"), "{reply}");
    let wednesday = digest_at(&b, TUESDAY_9 + DAY).await;
    assert!(!wednesday.contains("training"), "{wednesday}");
    let friday = digest_at(&b, TUESDAY_9 + 3 * DAY).await;
    assert!(
        friday.contains("was planned for") && friday.contains("Was it held?"),
        "{friday}"
    );
    let monday = digest_at(&b, TUESDAY_9 + 6 * DAY).await;
    assert!(monday.contains("Was it held?"), "until held: {monday}");

    b.ok(REP, "/complaint training id:1 held:\"2026-11-26 15:00\"")
        .await;
    assert_eq!(
        b.count("SELECT COUNT(*) FROM trainings WHERE held_at IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind IN ('training-planned', 'training-held')")
            .await,
        2
    );
    let after = digest_at(&b, TUESDAY_9 + 7 * DAY).await;
    assert!(!after.contains("training"), "held: {after}");
}

on_both_databases!(training_input_is_checked_and_a_refusal_writes_nothing);
async fn training_input_is_checked_and_a_refusal_writes_nothing(db: Backend) {
    let b = Bench::on(db).await;
    to_step_four(&b, "product").await;
    let both = b
        .refused(REP, "/complaint training id:1 on:+2d held:now")
        .await;
    assert!(both.contains("not both and not neither"), "{both}");
    let later = b.refused(REP, "/complaint training id:1 held:+2d").await;
    assert!(later.contains("has not been held yet"), "{later}");
    let past = b
        .refused(REP, "/complaint training id:1 on:2026-11-20")
        .await;
    assert!(past.contains("`on` is in the past"), "{past}");
    let other = b.refused(REP2, "/complaint training id:1 on:+2d").await;
    assert!(other.contains("<@101>"), "{other}");

    // A past date at step 4 says the training was held then.
    b.ok(
        REP,
        "/complaint step id:1 done:\"showed the menu\" told:now delivered:none-due training:\"2026-11-23 08:00\"",
    )
    .await;
    assert_eq!(b.count("SELECT held_at FROM trainings").await, T0 - 2 * H);
}

on_both_databases!(a_complaint_that_is_not_a_product_crisis_has_no_training);
async fn a_complaint_that_is_not_a_product_crisis_has_no_training(db: Backend) {
    let b = Bench::on(db).await;
    to_step_four(&b, "service").await;
    let form = b.run(REP, "/complaint step id:1").await;
    assert_eq!(form_keys(&form), ["done", "told", "delivered"]);
    let refused = b
        .refused(
            REP,
            "/complaint step id:1 done:x told:now delivered:none-due training:+2d",
        )
        .await;
    assert!(refused.contains("not a product crisis"), "{refused}");
    let command = b.refused(REP, "/complaint training id:1 held:now").await;
    assert!(command.contains("not a product crisis"), "{command}");
    let reply = b
        .ok(
            REP,
            "/complaint step id:1 done:x told:now delivered:none-due",
        )
        .await;
    assert!(!reply.contains("training"), "{reply}");
    assert_eq!(b.count("SELECT COUNT(*) FROM trainings").await, 0);
}

on_both_databases!(a_recurring_product_complaint_suggests_a_refresher);
async fn a_recurring_product_complaint_suggests_a_refresher(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "high", "product").await;
    assert!(
        b.outbox().await.iter().all(|p| !p.1.contains("refresher")),
        "the first is not recurring"
    );
    b.clear_outbox().await;
    b.advance(40 * DAY);
    b.seed_complaint("angry", "high", "service").await;
    assert!(b.outbox().await.iter().all(|p| !p.1.contains("refresher")));
    b.clear_outbox().await;
    b.seed_complaint("angry", "high", "product").await;
    let posts = b.pending().await;
    let note = posts
        .iter()
        .find(|p| p.2.contains("refresher"))
        .map(|p| p.2.clone())
        .unwrap_or_default();
    assert!(
        note.contains("is not **Acme Tools**'s first product complaint in 180 days"),
        "{posts:?}"
    );
    assert!(
        posts
            .iter()
            .any(|p| p.0 == "thread" && p.2.contains("refresher"))
    );
}

on_both_databases!(a_team_crisis_sets_a_cadence_of_contact_during_and_after);
async fn a_team_crisis_sets_a_cadence_of_contact_during_and_after(db: Backend) {
    let b = Bench::on(db).await;
    to_step_four(&b, "team").await;
    b.sweep().await;
    let first = digest_at(&b, TUESDAY_9).await;
    assert!(!first.contains("their team"), "not due yet: {first}");

    // Two weeks with no visit to their team.
    let due = digest_at(&b, TUESDAY_9 + 14 * DAY).await;
    assert!(
        due.contains("**Acme Tools**: their team has not been met since the crisis began; meet them every 14 days while the team crisis is open"),
        "{due}"
    );
    // Meeting only the boss is not team contact; meeting the team is.
    b.ok(REP, r#"/visit log customer:"Acme Tools" met:boss"#)
        .await;
    let still = digest_at(&b, TUESDAY_9 + 15 * DAY).await;
    assert!(still.contains("their team has not been met"), "{still}");
    b.ok(REP, r#"/visit log customer:"Acme Tools" met:team"#)
        .await;
    let met = digest_at(&b, TUESDAY_9 + 16 * DAY).await;
    assert!(!met.contains("their team"), "{met}");

    // Closed: every 60 days from then on.
    for line in [
        "/complaint step id:1 done:\"met their team\" told:now delivered:none-due",
        "/complaint step id:1 guarantee:\"a visit every month\" follow_up:+1d",
    ] {
        b.ok(REP, line).await;
    }
    b.advance(DAY);
    b.ok(REP, "/complaint followup id:1 satisfied:yes").await;
    let closed_at = b.count("SELECT closed_at FROM complaints").await;
    let soon = digest_at(&b, TUESDAY_9 + 30 * DAY).await;
    assert!(!soon.contains("their team"), "{soon}");
    // Closed on day 17, so the next contact falls due on day 77.
    let after = digest_at(&b, TUESDAY_9 + 78 * DAY).await;
    assert!(
        after.contains("their team was last met")
            && after.contains("every 60 days after a team crisis"),
        "closed at {closed_at}: {after}"
    );
}

on_both_databases!(a_boss_crisis_closes_only_after_a_visit_that_met_the_boss);
async fn a_boss_crisis_closes_only_after_a_visit_that_met_the_boss(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        MANAGER,
        "/rapport settings manager_role:<@&900> alerts_channel:<#7100>",
    )
    .await;
    // A visit with the boss before the complaint does not count.
    b.seed_complaint("angry", "high", "service").await;
    b.ok(REP, r#"/visit log customer:"Acme Tools" met:boss"#)
        .await;
    b.advance(H);
    b.seed_complaint("angry", "high", "boss").await;
    for line in [
        "/complaint step id:2 done:apologised mood:calm",
        "/complaint step id:2 cause:\"the boss was never told\" asks:\"a call from our director\"",
    ] {
        b.ok(REP, line).await;
    }
    let card = b.outbox().await.last().cloned().unwrap_or_default().1;
    assert!(
        card.contains("**Boss/KP crisis**, the most dangerous"),
        "{card}"
    );
    b.ok(
        REP,
        "/complaint step id:2 remedy:\"director calls the boss\" reasonable:yes deliverable:yes compensation:none",
    )
    .await;
    assert_eq!(
        b.text("SELECT status FROM complaints WHERE number = 2")
            .await
            .as_deref(),
        Some("awaiting-approval"),
        "a manager joins the plan"
    );
    b.ok(MANAGER, "/complaint approve id:2").await;
    for line in [
        "/complaint step id:2 done:\"the director called\" told:now delivered:none-due",
        "/complaint step id:2 guarantee:\"a quarterly call with the boss\" follow_up:+1d",
    ] {
        b.ok(REP, line).await;
    }
    b.advance(DAY);
    let refused = b
        .refused(REP, "/complaint followup id:2 satisfied:yes")
        .await;
    assert!(
        refused.contains("no visit has met **Acme Tools**'s boss/KP since it was reported"),
        "{refused}"
    );
    b.ok(REP, r#"/visit log customer:"Acme Tools" met:team"#)
        .await;
    b.refused(REP, "/complaint followup id:2 satisfied:yes")
        .await;
    b.ok(REP, r#"/visit log customer:"Acme Tools" met:both"#)
        .await;
    b.ok(REP, "/complaint followup id:2 satisfied:yes").await;
    assert_eq!(
        b.text("SELECT status FROM complaints WHERE number = 2")
            .await
            .as_deref(),
        Some("closed")
    );
}

on_both_databases!(the_plays_speak_chinese_on_a_chinese_server);
async fn the_plays_speak_chinese_on_a_chinese_server(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(ADMIN, "/rapport settings language:zh-CN").await;
    to_step_four(&b, "product").await;
    let card = b.outbox().await.last().cloned().unwrap_or_default().1;
    assert!(
        card.contains("**产品危机。** 第 4 步要为客户的使用人员安排一次培训"),
        "{card}"
    );
    let form = b.run(REP, "/complaint step id:1").await;
    match &form.response {
        rapport::message::Response::Modal(m) => {
            assert_eq!(m.fields[3].label, "用户培训日期（填过去的日期表示已培训）")
        }
        other => panic!("{other:?}"),
    }
}
