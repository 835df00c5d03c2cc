//! Step 5's follow-up, acted on: resolved, follow-up due; the owner reminded
//! on the date in working time, once, in the thread and by DM; the outcome
//! logged closes the complaint and offers the poll, or reopens it at the
//! step that failed; a missed follow-up goes to the managers.

use crate::support::*;

const H: i64 = 3600;
const D: i64 = 86_400;
/// Saturday 2026-11-28 10:00 UTC: outside the working week.
const SATURDAY: i64 = T0 + 5 * D;
/// Monday 2026-11-30 09:00 UTC: the next working morning.
const MONDAY: i64 = T0 + 7 * D - H;

/// Pending posts about the complaint (the scheduled reports go out on Mondays too).
async fn about_it(b: &Bench) -> Vec<(String, Option<i64>, String)> {
    use sqlx::Row;
    sqlx::query(
        "SELECT target, target_id, payload FROM outbox WHERE status = 'pending' AND complaint_id IS NOT NULL AND payload NOT LIKE '{\"EditCard\"%' ORDER BY id",
    )
    .fetch_all(&b.app.db.pool)
    .await
    .expect("outbox")
    .iter()
    .map(|r| (r.get("target"), r.get("target_id"), r.get("payload")))
    .collect()
}

async fn resolved(db: Backend) -> Bench {
    let b = Bench::on(db).await;
    b.ok(
        MANAGER,
        "/rapport settings manager_role:<@&900> alerts_channel:<#7100>",
    )
    .await;
    b.seed_complaint("angry", "high", "product").await;
    for line in [
        "/complaint step id:1 done:apologised mood:calm",
        "/complaint step id:1 cause:seal asks:pump",
        "/complaint step id:1 remedy:\"new pump\" reasonable:yes deliverable:yes compensation:\"material RMB 300\"",
        "/complaint step id:1 done:replaced told:now delivered:yes",
        "/complaint step id:1 guarantee:\"a check every quarter\" follow_up:\"2026-11-28 10:00\"",
    ] {
        b.ok(REP, line).await;
    }
    b
}

on_both_databases!(step_five_resolves_and_the_follow_up_is_reminded_once_in_working_time);
async fn step_five_resolves_and_the_follow_up_is_reminded_once_in_working_time(db: Backend) {
    let b = resolved(db).await;
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("follow-up")
    );
    assert_eq!(
        b.count("SELECT follow_up_at FROM complaints").await,
        SATURDAY
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM complaints WHERE closed_at IS NULL")
            .await,
        1,
        "not closed yet"
    );
    let posts = about_it(&b).await;
    assert!(
        posts
            .iter()
            .any(|p| p.2.contains("is resolved. Its follow-up is due")
                && p.2.contains("rp:complaint:followup:id=1")),
        "{posts:?}"
    );
    assert!(
        !posts.iter().any(|p| p.2.contains("rp:score:poll")),
        "no poll before the follow-up"
    );
    let blocked = b
        .refused(REP, "/complaint step id:1 guarantee:x follow_up:+1d")
        .await;
    assert!(blocked.contains("waits for its follow-up"), "{blocked}");

    b.clear_outbox().await;
    b.sweep_at(SATURDAY).await;
    assert!(
        about_it(&b).await.is_empty(),
        "Saturday is not working time"
    );
    b.sweep_at(MONDAY).await;
    let posts = about_it(&b).await;
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert_eq!((posts[0].0.as_str(), posts[1].0.as_str()), ("thread", "dm"));
    assert_eq!(posts[1].1, Some(101));
    for p in &posts {
        assert!(
            p.2.contains("the follow-up of complaint #1") && p.2.contains("\"ping_users\":[101]"),
            "{}",
            p.2
        );
        assert!(p.2.contains("rp:complaint:followup:id=1"), "the button");
    }
    b.clear_outbox().await;
    b.sweep_at(MONDAY + H).await;
    let again = about_it(&b).await;
    assert!(again.is_empty(), "once: {again:?}");
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'follow-up-reminded'")
            .await,
        1
    );

    // The button, pressed, opens a form asking for the outcome.
    let pressed = rapport::commands::buttons::decode("rp:complaint:followup:id=1").expect("ours");
    let ctx = rapport::commands::Ctx {
        guild: GUILD,
        actor: REP,
        now: MONDAY + H,
        channel: Some(CHANNEL),
        locale: None,
        member_roles: None,
    };
    let form = rapport::commands::dispatch(&b.app, &ctx, &pressed).await;
    assert_eq!(
        reply_text(&form),
        "FORM Log the outcome of the step-5 follow-up [\"satisfied\"]"
    );

    b.clear_outbox().await;
    b.ok(REP, "/complaint followup id:1 satisfied:yes").await;
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("closed")
    );
    assert_eq!(
        b.count("SELECT closed_at FROM complaints").await,
        MONDAY + H
    );
    assert_eq!(
        b.count("SELECT satisfied FROM follow_ups WHERE logged_by = 101")
            .await,
        1
    );
    let posts = about_it(&b).await;
    assert!(
        posts
            .iter()
            .any(|p| p.2.contains("is closed") && p.2.contains("rp:score:poll:complaint=1")),
        "the poll goes out on closing: {posts:?}"
    );
}

on_both_databases!(a_missed_follow_up_goes_to_the_managers);
async fn a_missed_follow_up_goes_to_the_managers(db: Backend) {
    let b = resolved(db).await;
    b.sweep_at(MONDAY).await;
    b.clear_outbox().await;
    // High: the stall window is a day.
    b.sweep_at(MONDAY + D - 60).await;
    assert!(about_it(&b).await.is_empty());
    b.sweep_at(MONDAY + D).await;
    let posts = about_it(&b).await;
    let alert = posts.iter().find(|p| p.0 == "channel").expect("an alert");
    assert_eq!(alert.1, Some(7100));
    assert!(
        alert.2.contains("was due")
            && alert.2.contains("nothing has been logged")
            && alert.2.contains("\"ping_roles\":[900]"),
        "{}",
        alert.2
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'follow-up-missed'")
            .await,
        1
    );
    b.clear_outbox().await;
    b.sweep_at(MONDAY + 3 * D).await;
    assert!(about_it(&b).await.is_empty(), "told once");
}

on_both_databases!(a_failed_follow_up_reopens_at_the_step_that_failed);
async fn a_failed_follow_up_reopens_at_the_step_that_failed(db: Backend) {
    let b = resolved(db).await;
    let refused = b
        .refused(REP, "/complaint followup id:1 satisfied:no")
        .await;
    assert!(refused.contains("failed:remedy"), "{refused}");
    let open = b
        .refused(
            REP,
            r#"/complaint followup id:1 satisfied:yes open:"the refund""#,
        )
        .await;
    assert!(open.contains("still open"), "{open}");
    assert!(
        b.refused(REP2, "/complaint followup id:1 satisfied:yes")
            .await
            .contains("belongs to <@101>")
    );

    b.clear_outbox().await;
    b.ok(
        REP,
        r#"/complaint followup id:1 satisfied:no failed:delivery open:"the refund has not arrived""#,
    )
    .await;
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("active")
    );
    assert_eq!(
        b.count("SELECT step FROM complaints").await,
        4,
        "back to step 4"
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM step_records WHERE superseded = 0")
            .await,
        3,
        "steps 4 and 5 to do again"
    );
    assert_eq!(
        b.text("SELECT failed || ': ' || still_open FROM follow_ups")
            .await
            .as_deref(),
        Some("delivery: the refund has not arrived")
    );
    let posts = about_it(&b).await;
    assert!(
        posts[0].2.contains("reopened at step 4") && posts[0].2.contains("\"ping_users\":[101]"),
        "{}",
        posts[0].2
    );
    assert!(
        posts[1].2.contains("Step 4"),
        "the step card: {}",
        posts[1].2
    );
    assert!(!posts.iter().any(|p| p.2.contains("rp:score:poll")));

    b.ok(
        REP,
        "/complaint step id:1 done:\"refund paid\" told:now delivered:yes",
    )
    .await;
    b.ok(
        REP,
        "/complaint step id:1 guarantee:\"a check\" follow_up:+2d",
    )
    .await;
    b.ok(REP, "/complaint followup id:1 satisfied:no failed:remedy")
        .await;
    assert_eq!(
        b.count("SELECT step FROM complaints").await,
        3,
        "the remedy failed: step 3"
    );
}
