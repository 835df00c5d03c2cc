use rapport::domain::ids::ChannelId;

use crate::support::*;

const H: i64 = 3600;

/// A manager role and a second level, so pings can be checked.
async fn bench(db: Backend) -> Bench {
    let b = Bench::on(db).await;
    b.ok(
        MANAGER,
        "/rapport settings manager_role:<@&900> second_role:<@&901> alerts_channel:<#7100>",
    )
    .await;
    b
}

on_both_databases!(an_unacknowledged_complaint_climbs_the_ladder_once_per_rung);
async fn an_unacknowledged_complaint_climbs_the_ladder_once_per_rung(db: Backend) {
    let b = bench(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.clear_outbox().await;

    b.sweep_at(T0 + H - 60).await;
    assert!(b.pending().await.is_empty(), "nothing before the hour");

    b.sweep_at(T0 + H).await;
    let posts = b.owed().await;
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert_eq!(posts[0].to, Destination::ComplaintThread);
    assert_eq!(posts[1].to, Destination::Dm(REP.user), "DM to the owner");
    posts[0]
        .expect_text("has waited 1h without being acknowledged")
        .expect_pings(&[REP.user], &[]);

    b.clear_outbox().await;
    b.sweep_at(T0 + H + 120).await;
    assert!(b.owed().await.is_empty(), "a nudge fires once");

    b.sweep_at(T0 + 2 * H).await;
    let posts = b.owed().await;
    posts
        .expect_post_in(Destination::Channel(ChannelId(7100)))
        .expect_pings(&[], &[RoleId(900)])
        .expect_text("still not acknowledged after 2h")
        .expect_button("rp:complaint:take:id=1");
    posts.expect_dm(REP.user);
    assert_eq!(b.count("SELECT escalation_level FROM complaints").await, 1);

    b.clear_outbox().await;
    b.sweep_at(T0 + 8 * H - 60).await;
    let level_two = b.pending().await;
    assert!(
        level_two.iter().all(|p| !p.2.contains("second escalation")),
        "not yet"
    );
    // The second level is due at 18:00, closing time: it waits for Tuesday 09:00.
    b.clear_outbox().await;
    b.sweep_at(T0 + 8 * H).await;
    assert!(b.pending().await.is_empty(), "{:?}", b.pending().await);
    b.sweep_at(T0 + 23 * H).await;
    b.owed()
        .await
        .expect_containing("second escalation")
        .expect_pings(&[], &[RoleId(901)]);
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'auto-escalated'")
            .await,
        2
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'nudged'")
            .await,
        4,
        "at 1h, 2h, 17:59 and next morning"
    );
}

on_both_databases!(acknowledging_stops_the_nudges_at_once);
async fn acknowledging_stops_the_nudges_at_once(db: Backend) {
    let b = bench(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.sweep_at(T0 + H).await;
    b.ok(REP, "/complaint ack id:1").await;
    b.clear_outbox().await;
    for hours in [2, 3, 8, 20] {
        b.sweep_at(T0 + hours * H).await;
    }
    assert!(b.pending().await.is_empty(), "{:?}", b.pending().await);
    assert_eq!(b.count("SELECT escalation_level FROM complaints").await, 0);
}

on_both_databases!(nudges_wait_for_working_hours_but_critical_ones_do_not);
async fn nudges_wait_for_working_hours_but_critical_ones_do_not(db: Backend) {
    let b = bench(db).await;
    // Friday 17:30 UTC (T0 is Monday 10:00).
    let friday_1730 = T0 - 3 * 24 * H + 7 * H + 30 * 60;
    b.clock.set(friday_1730);
    b.seed_complaint("reasoning", "high", "service").await;
    b.seed_complaint("angry", "critical", "product").await;
    b.clear_outbox().await;

    b.sweep_at(friday_1730 + 20 * 60).await;
    let posts = b.pending().await;
    assert!(
        posts.iter().all(|p| p.2.contains("#2")),
        "only the critical one at 17:50: {posts:?}"
    );
    assert!(!posts.is_empty());
    b.clear_outbox().await;

    // Saturday: the critical one keeps climbing, the high one waits.
    b.sweep_at(friday_1730 + 20 * H).await;
    assert!(
        b.pending()
            .await
            .iter()
            .all(|p| !p.2.contains("#1 ") && !p.2.contains("complaint #1"))
    );
    b.clear_outbox().await;

    b.sweep_at(T0 - H).await; // Monday 09:00
    let monday = b.pending().await;
    assert!(
        monday.iter().any(|p| p.2.contains("complaint #1")),
        "Monday morning: {monday:?}"
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'nudged' AND complaint_id = 1")
            .await,
        1,
        "one catch-up nudge"
    );
}

on_both_databases!(a_restart_neither_loses_nor_repeats_a_reminder);
async fn a_restart_neither_loses_nor_repeats_a_reminder(db: Backend) {
    let b = bench(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.sweep_at(T0 + H).await;
    let before = b.count("SELECT COUNT(*) FROM outbox").await;
    // A new process on the same database: same file, new pool.
    let again = rapport::store::Db::connect(&b.url).await.unwrap();
    let restarted = rapport::app::App::new(
        again,
        b.app.config.as_ref().clone(),
        std::sync::Arc::new(b.clock.clone()),
    );
    rapport::reminders::sweep(&restarted, T0 + H).await.unwrap();
    assert_eq!(
        b.count("SELECT COUNT(*) FROM outbox").await,
        before,
        "nothing repeated"
    );
    rapport::reminders::sweep(&restarted, T0 + 2 * H)
        .await
        .unwrap();
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'auto-escalated'")
            .await,
        1,
        "nothing lost"
    );
}

on_both_databases!(nudges_speak_the_server_language);
async fn nudges_speak_the_server_language(db: Backend) {
    let b = bench(db).await;
    b.ok(MANAGER, "/rapport settings language:zh-CN").await;
    b.seed_complaint("angry", "high", "product").await;
    b.clear_outbox().await;
    b.sweep_at(T0 + H).await;
    b.owed()
        .await
        .expect_in_thread()
        .expect_text("<@101>，投诉 #1 已经等了 1 小时 还没有确认。")
        .expect_pings(&[REP.user], &[]);
}

on_both_databases!(a_stalled_step_nudges_the_owner_then_tells_the_managers);
async fn a_stalled_step_nudges_the_owner_then_tells_the_managers(db: Backend) {
    let b = bench(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.ok(REP, "/complaint step id:1 done:listened mood:calm")
        .await;
    b.clear_outbox().await;
    b.sweep_at(T0 + 24 * H).await;
    b.owed().await.expect_dm(REP.user).expect_text("at step 2");
    b.clear_outbox().await;
    b.sweep_at(T0 + 48 * H).await;
    b.owed()
        .await
        .expect_post_in(Destination::Channel(ChannelId(7100)))
        .expect_text("has not moved from step 2")
        .expect_pings(&[], &[RoleId(900)]);
    // Progress restarts the clock.
    b.ok(REP, "/complaint step id:1 cause:seal asks:pump").await;
    b.clear_outbox().await;
    b.sweep_at(T0 + 48 * H + 60).await;
    assert!(b.pending().await.is_empty());
}

on_both_databases!(a_promise_is_reminded_before_and_escalated_when_broken);
async fn a_promise_is_reminded_before_and_escalated_when_broken(db: Backend) {
    let b = bench(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.ok(REP, "/complaint step id:1 done:listened mood:calm")
        .await;
    b.ok(
        REP,
        "/complaint step id:1 cause:seal asks:pump promise:\"today 16:00\"",
    )
    .await;
    b.clear_outbox().await;
    b.sweep_at(T0 + 4 * H - 60).await; // 13:59
    assert!(b.pending().await.is_empty());
    b.sweep_at(T0 + 4 * H).await; // 14:00, two hours ahead
    let posts = b.pending().await;
    assert!(
        posts.iter().any(|p| p.0 == "dm"
            && p.2
                .contains(&format!("by <t:{}:f>: 2h from now", T0 + 6 * H))),
        "{posts:?}"
    );
    b.clear_outbox().await;
    b.sweep_at(T0 + 6 * H).await;
    let posts = b.pending().await;
    let alert = posts.iter().find(|p| p.0 == "channel").expect("escalated");
    assert!(
        alert
            .2
            .contains("has passed and the solution is not carried out"),
        "{}",
        alert.2
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'promise-breached'")
            .await,
        1
    );
}

on_both_databases!(escalations_also_reach_the_managers_webhook);
async fn escalations_also_reach_the_managers_webhook(db: Backend) {
    let b = bench(db).await;
    b.ok(
        MANAGER,
        "/rapport settings webhook_url:https://hooks.example/T1 webhook_format:feishu",
    )
    .await;
    b.seed_complaint("angry", "high", "product").await;
    b.clear_outbox().await;
    b.sweep_at(T0 + 2 * H).await;
    let hook = b
        .pending()
        .await
        .into_iter()
        .find(|p| p.0 == "webhook")
        .expect("webhook post");
    let json: serde_json::Value = serde_json::from_str(&hook.2).unwrap();
    assert_eq!(json["Webhook"]["url"], "https://hooks.example/T1");
    assert_eq!(json["Webhook"]["format"], "feishu");
    let text = json["Webhook"]["text"].as_str().unwrap();
    assert!(
        !text.contains("<@") && !text.contains("**"),
        "plain text for a webhook: {text}"
    );
    let body = rapport::delivery::webhook_body(rapport::message::WebhookFormat::Feishu, text);
    assert_eq!(body["msg_type"], "text");
    assert_eq!(
        rapport::delivery::webhook_body(rapport::message::WebhookFormat::Dingtalk, "x")["text"]["content"],
        "x"
    );
    assert_eq!(
        rapport::delivery::webhook_body(rapport::message::WebhookFormat::Slack, "x")["text"],
        "x"
    );
    let bad = b
        .refused(MANAGER, "/rapport settings webhook_url:hooks.example")
        .await;
    assert!(bad.contains("https://"), "{bad}");
}

on_both_databases!(a_complaint_that_cannot_be_read_does_not_block_the_others);
async fn a_complaint_that_cannot_be_read_does_not_block_the_others(db: Backend) {
    let b = bench(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.seed_complaint("angry", "high", "product").await;
    sqlx::query("UPDATE complaints SET severity = 'apocalyptic' WHERE number = 1")
        .execute(&b.app.db.pool)
        .await
        .unwrap();
    b.clear_outbox().await;
    b.sweep_at(T0 + H).await;
    let posts = b.pending().await;
    assert!(
        posts.iter().any(|p| p.2.contains("complaint #2")),
        "#2 nudged: {posts:?}"
    );
    assert!(!posts.iter().any(|p| p.2.contains("complaint #1")));
    assert_eq!(
        b.count("SELECT COUNT(*) FROM complaints WHERE number = 1 AND next_check_at IS NULL")
            .await,
        1,
        "parked"
    );
    b.sweep_at(T0 + 2 * H).await;
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'auto-escalated'")
            .await,
        1,
        "the sweep keeps going"
    );
}

on_both_databases!(a_complaint_whose_reminder_cannot_be_written_is_retried_alone);
async fn a_complaint_whose_reminder_cannot_be_written_is_retried_alone(db: Backend) {
    let b = bench(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.seed_complaint("angry", "high", "product").await;
    // The database refuses any event about complaint #1: the batch fails and
    // is redone one complaint at a time.
    let refuse: &[&str] = match db {
        Backend::Sqlite => &[
            "CREATE TRIGGER refuse_one BEFORE INSERT ON events WHEN NEW.complaint_id = 1
             BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               IF NEW.complaint_id = 1 THEN RAISE EXCEPTION 'refused for the test'; END IF;
               RETURN NEW;
             END $$",
            "CREATE TRIGGER refuse_one BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_one()",
        ],
    };
    for sql in refuse {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&b.app.db.pool)
            .await
            .unwrap();
    }
    b.clear_outbox().await;
    b.sweep_at(T0 + H).await;
    let posts = b.pending().await;
    assert!(
        posts.iter().any(|p| p.2.contains("complaint #2")),
        "#2 still nudged: {posts:?}"
    );
    assert!(
        !posts.iter().any(|p| p.2.contains("complaint #1")),
        "nothing half-written for #1"
    );
    assert_eq!(
        b.count("SELECT next_check_at FROM complaints WHERE number = 1")
            .await,
        T0 + H + 60,
        "#1 retried a minute later"
    );
    let drop_trigger = match db {
        Backend::Sqlite => "DROP TRIGGER refuse_one",
        Backend::Postgres => "DROP TRIGGER refuse_one ON events",
    };
    sqlx::query(drop_trigger)
        .execute(&b.app.db.pool)
        .await
        .unwrap();
    b.sweep_at(T0 + H + 60).await;
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'nudged' AND complaint_id = 1")
            .await,
        1,
        "then nudged once"
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'nudged' AND complaint_id = 2")
            .await,
        1
    );
}

on_both_databases!(a_server_sets_its_own_working_week_and_nudges_follow_it);
async fn a_server_sets_its_own_working_week_and_nudges_follow_it(db: Backend) {
    let b = bench(db).await;
    let refused = b
        .refused(MANAGER, "/rapport settings working_days:Funday")
        .await;
    assert!(
        refused.contains("`Funday`") && refused.contains("Mon-Fri"),
        "{refused}"
    );
    let refused = b
        .refused(MANAGER, "/rapport settings working_hours:18:00-09:00")
        .await;
    assert!(refused.contains("09:00-18:00"), "{refused}");
    assert!(
        b.refused(REP, "/rapport settings working_days:Sun-Thu")
            .await
            .contains("Only a manager")
    );
    let shown = b
        .ok(
            MANAGER,
            "/rapport settings working_days:Sun-Thu working_hours:08:00-17:00",
        )
        .await;
    assert!(shown.contains("Mon,Tue,Wed,Thu,Sun 08:00–17:00"), "{shown}");

    // Reported Sunday 08:00 (a working day now): the high complaint is nudged at 09:00.
    let sunday_8 = T0 - 26 * H;
    b.clock.set(sunday_8);
    b.seed_complaint("angry", "high", "product").await;
    b.clear_outbox().await;
    b.sweep_at(sunday_8 + H).await;
    assert!(
        b.pending().await.iter().any(|p| p.0 == "dm"),
        "nudged on a Sunday"
    );
    // Monday 17:30 is after closing now: the next nudge waits for Tuesday 08:00.
    b.clear_outbox().await;
    b.sweep_at(T0 + 7 * H + 30 * 60).await;
    assert!(
        !b.pending().await.iter().any(|p| p.0 == "dm"),
        "no nudge after closing"
    );
    b.sweep_at(T0 + 22 * H).await;
    assert!(
        b.pending().await.iter().any(|p| p.0 == "dm"),
        "Tuesday 08:00"
    );
}
