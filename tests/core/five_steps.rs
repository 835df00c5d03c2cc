use rapport::message::Response;

use crate::support::*;

async fn step(b: &Bench, actor: rapport::domain::permissions::Actor, line: &str) -> String {
    b.ok(actor, line).await
}

on_both_databases!(a_new_complaint_opens_a_thread_pings_the_owner_and_shows_step_one);
async fn a_new_complaint_opens_a_thread_pings_the_owner_and_shows_step_one(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    let reply = b
        .ok(REP2, r#"/complaint new customer:acme tools summary:"pump leaks after two weeks" category:product severity:high temperament:angry channel:visit"#)
        .await;
    assert!(
        reply.contains("#1") && reply.contains("#1 Acme Tools · pump leaks after two weeks"),
        "{reply}"
    );
    assert_eq!(
        b.count("SELECT owner_id FROM complaints").await,
        101,
        "owner defaults to the customer's owner"
    );
    assert_eq!(b.count("SELECT reporter_id FROM complaints").await, 102);
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("open")
    );

    let posts = b.owed().await;
    assert_eq!(posts.len(), 3, "{posts:?}");
    assert!(
        matches!(
            &posts[0].body,
            rapport::message::PostBody::OpenThread { name, .. }
                if name == "#1 Acme Tools · pump leaks after two weeks"
        ),
        "the card opens the complaint's thread: {:?}",
        posts[0]
    );
    posts[0].expect_text("**#1 · Acme Tools**\n> pump leaks after two weeks");
    assert_eq!(posts[0].to, Destination::Channel(CHANNEL));
    assert_eq!(posts[1].to, Destination::ComplaintThread);
    posts[1].expect_pings(&[REP.user], &[]);
    posts[2]
        .expect_text("Step 1")
        .expect_text("Let them vent")
        .expect_button("rp:complaint:ack:id=1")
        .expect_button("rp:complaint:step:id=1;step=1")
        .expect_button("rp:complaint:assign:id=1")
        .expect_button("rp:complaint:escalate:id=1");
    // No manager role is configured: nothing may ping a role at all.
    posts.expect_no_role_pinged();
}

on_both_databases!(step_one_guidance_follows_the_temperament);
async fn step_one_guidance_follows_the_temperament(db: Backend) {
    let b = Bench::on(db).await;
    let expected = [
        ("resigned", "Silence is not satisfaction"),
        ("reasoning", "repeat the facts back"),
        ("angry", "Let them vent"),
        ("grumbling", "twenty others"),
    ];
    for (temperament, words) in expected {
        b.clear_outbox().await;
        b.seed_complaint(temperament, "normal", "service").await;
        let posts = b.outbox().await;
        assert!(posts[2].1.contains(words), "{temperament}: {}", posts[2].1);
    }
    assert_eq!(
        b.count("SELECT MAX(number) FROM complaints").await,
        4,
        "numbered per server"
    );
}

on_both_databases!(a_complaint_walks_all_five_steps_with_a_manager_approval);
async fn a_complaint_walks_all_five_steps_with_a_manager_approval(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.clear_outbox().await;

    b.ok(REP, "/complaint ack id:1").await;
    assert_eq!(
        b.count("SELECT step FROM complaints").await,
        1,
        "acknowledging does not move the step"
    );
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("active")
    );
    let form = b.run(REP, "/complaint step id:1").await;
    match &form.response {
        Response::Modal(m) => assert_eq!(
            m.fields.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(),
            ["done", "mood"]
        ),
        other => panic!("expected a form, got {other:?}"),
    }
    step(
        &b,
        REP,
        r#"/complaint step id:1 done:"listened and apologised" mood:calm"#,
    )
    .await;
    assert!(
        b.count("SELECT acknowledged_at FROM complaints").await > 0,
        "step 1 acknowledges"
    );

    b.advance(600);
    step(
        &b,
        REP,
        r#"/complaint step id:1 cause:"seal cracked" asks:"a new pump" promise:"tomorrow 17:00""#,
    )
    .await;
    assert_eq!(
        b.count("SELECT promised_by FROM complaints").await,
        T0 + 86_400 + 7 * 3600,
        "promise stored (UTC server)"
    );

    let reply = step(&b, REP, r#"/complaint step id:1 remedy:"replace the pump" reasonable:yes deliverable:yes compensation:material detail:"RMB 3,000 refund""#).await;
    assert!(reply.contains("approval"), "{reply}");
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("awaiting-approval")
    );
    let posts = b.outbox().await;
    let ask = posts
        .iter()
        .find(|p| p.1.contains("needs your approval"))
        .expect("approval asked");
    assert_eq!(ask.0, "channel", "in the alerts channel");
    assert!(
        ask.1.contains("compensation over 1000") && ask.1.contains("rp:complaint:approve:id=1"),
        "{}",
        ask.1
    );

    let blocked = b
        .refused(REP, "/complaint step id:1 done:x told:now delivered:yes")
        .await;
    assert!(blocked.contains("waiting for a manager"), "{blocked}");
    let rep_approves = b.refused(REP, "/complaint approve id:1").await;
    assert!(rep_approves.contains("Only a manager"), "{rep_approves}");

    b.clear_outbox().await;
    b.ok(MANAGER, "/complaint approve id:1 note:\"go ahead\"")
        .await;
    let posts = b.owed().await;
    posts[0]
        .expect_text("approved")
        .expect_pings(&[REP.user], &[]);
    posts[1].expect_text("Step 4");
    assert_eq!(
        b.count("SELECT approved_by FROM step_records WHERE step = 3 AND superseded = 0")
            .await,
        201
    );

    step(
        &b,
        REP,
        r#"/complaint step id:1 done:"pump replaced, refund paid" told:now delivered:yes"#,
    )
    .await;
    b.clear_outbox().await;
    step(
        &b,
        REP,
        r#"/complaint step id:1 guarantee:"quarterly check-up for a year" follow_up:"+30d""#,
    )
    .await;
    b.ok(REP, "/complaint followup id:1 satisfied:yes").await;
    assert_eq!(
        b.text("SELECT status FROM complaints").await.as_deref(),
        Some("closed")
    );
    assert_eq!(b.count("SELECT closed_at FROM complaints").await, T0 + 600);
    let posts = b.outbox().await;
    assert!(
        posts.iter().any(|p| p.1.contains("/score record")),
        "closing offers the score poll"
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM step_records WHERE superseded = 0")
            .await,
        5
    );

    let kinds: Vec<String> = {
        use sqlx::Row;
        sqlx::query("SELECT kind FROM events WHERE complaint_id IS NOT NULL ORDER BY id")
            .fetch_all(&b.app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("kind"))
            .collect()
    };
    assert_eq!(
        kinds,
        [
            "created",
            "acknowledged",
            "step",
            "step",
            "step",
            "approval-requested",
            "approved",
            "step",
            "step",
            "closed"
        ]
    );

    let shown = b.ok(REP, "/complaint show id:1").await;
    assert!(
        shown.contains("Closed")
            && shown.contains("seal cracked")
            && shown.contains("approved the solution"),
        "{shown}"
    );
}

on_both_databases!(small_solutions_skip_approval_and_managers_can_send_one_back);
async fn small_solutions_skip_approval_and_managers_can_send_one_back(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("reasoning", "normal", "service").await;
    b.ok(REP, "/complaint step id:1 done:listened mood:calm")
        .await;
    b.ok(REP, "/complaint step id:1 cause:slow asks:faster")
        .await;
    b.ok(REP, r#"/complaint step id:1 remedy:"faster replies" reasonable:yes deliverable:yes compensation:goodwill detail:"a visit from the manager""#).await;
    assert_eq!(
        b.count("SELECT step FROM complaints").await,
        4,
        "no approval needed"
    );

    b.seed_complaint("reasoning", "critical", "service").await;
    b.ok(REP, "/complaint step id:2 done:listened mood:upset")
        .await;
    b.ok(REP, "/complaint step id:2 cause:outage asks:credit")
        .await;
    b.ok(
        REP,
        "/complaint step id:2 remedy:credit reasonable:partly deliverable:yes compensation:none",
    )
    .await;
    assert_eq!(
        b.text("SELECT status FROM complaints WHERE number = 2")
            .await
            .as_deref(),
        Some("awaiting-approval")
    );
    b.ok(
        MANAGER,
        r#"/complaint changes id:2 note:"offer a service credit too""#,
    )
    .await;
    assert_eq!(
        b.text("SELECT status FROM complaints WHERE number = 2")
            .await
            .as_deref(),
        Some("active")
    );
    assert_eq!(
        b.count("SELECT step FROM complaints WHERE number = 2")
            .await,
        3,
        "back to step 3"
    );
    b.ok(REP, r#"/complaint step id:2 remedy:credit reasonable:partly deliverable:yes compensation:material detail:"200 credit""#).await;
    assert_eq!(b.count("SELECT COUNT(*) FROM step_records s JOIN complaints c ON c.id = s.complaint_id WHERE c.number = 2 AND s.step = 3").await, 2);
}

on_both_databases!(reject_reassign_escalate_and_reopen);
async fn reject_reassign_escalate_and_reopen(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("grumbling", "normal", "price").await;
    b.seed_complaint("resigned", "low", "delivery").await;

    let early = b
        .refused(
            MANAGER,
            r#"/complaint reject id:1 reason:"price is list price""#,
        )
        .await;
    assert!(early.contains("step 3"), "{early}");
    b.ok(REP, "/complaint step id:1 done:listened mood:calm")
        .await;
    b.ok(REP, "/complaint step id:1 cause:price asks:discount")
        .await;
    assert!(
        b.refused(REP, r#"/complaint reject id:1 reason:"no""#)
            .await
            .contains("Only a manager")
    );
    b.clear_outbox().await;
    b.ok(
        MANAGER,
        r#"/complaint reject id:1 reason:"our prices are the same for every customer""#,
    )
    .await;
    assert_eq!(
        b.text("SELECT status FROM complaints WHERE number = 1")
            .await
            .as_deref(),
        Some("rejected")
    );
    assert!(b.outbox().await[0].1.contains("same for every customer"));
    assert!(
        b.refused(
            REP,
            "/complaint step id:1 remedy:x reasonable:no deliverable:no compensation:none"
        )
        .await
        .contains("rejected")
    );

    // Reassign: an owner may hand off their own; another rep may not.
    assert!(
        b.refused(REP2, "/complaint assign id:2 to:<@102>")
            .await
            .contains("Only a manager")
    );
    b.clear_outbox().await;
    b.ok(REP, "/complaint assign id:2 to:<@102>").await;
    assert_eq!(
        b.count("SELECT owner_id FROM complaints WHERE number = 2")
            .await,
        102
    );
    b.owed().await[0].expect_pings(&[REP2.user], &[]);
    assert!(
        b.refused(REP, "/complaint ack id:2")
            .await
            .contains("belongs to <@102>")
    );
    assert!(
        b.refused(MANAGER, "/complaint assign id:2 to:<@102>")
            .await
            .contains("already owns")
    );

    b.clear_outbox().await;
    b.ok(
        REP2,
        r#"/complaint escalate id:2 reason:"customer not answering""#,
    )
    .await;
    assert_eq!(
        b.count("SELECT escalation_level FROM complaints WHERE number = 2")
            .await,
        1
    );
    let alert = &b.outbox().await[0];
    assert_eq!(alert.0, "channel");
    assert!(
        alert.1.contains("escalated") && alert.1.contains("rp:complaint:assign:id=2"),
        "{}",
        alert.1
    );

    assert!(
        b.refused(REP2, r#"/complaint reopen id:2 reason:x"#)
            .await
            .contains("still open")
    );
    b.ok(MANAGER, r#"/complaint reopen id:1 reason:"new facts""#)
        .await;
    assert_eq!(
        b.text("SELECT status FROM complaints WHERE number = 1")
            .await
            .as_deref(),
        Some("open")
    );
    assert_eq!(
        b.count("SELECT step FROM complaints WHERE number = 1")
            .await,
        1
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM step_records WHERE superseded = 0 AND complaint_id = 1")
            .await,
        0
    );
}

on_both_databases!(a_manager_takes_an_escalated_complaint_over_and_acknowledging_twice_is_refused);
async fn a_manager_takes_an_escalated_complaint_over_and_acknowledging_twice_is_refused(
    db: Backend,
) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.ok(REP, "/complaint ack id:1").await;
    let twice = b.refused(REP, "/complaint ack id:1").await;
    assert!(twice.contains("already acknowledged"), "{twice}");

    let rep_takes = b.refused(REP2, "/complaint take id:1").await;
    assert!(rep_takes.contains("Only a manager"), "{rep_takes}");
    b.clear_outbox().await;
    b.ok(MANAGER, "/complaint take id:1").await;
    assert_eq!(
        b.count("SELECT owner_id FROM complaints").await,
        201,
        "now the manager's"
    );
    b.owed().await[0].expect_pings(&[MANAGER.user], &[]);
    assert!(
        b.refused(MANAGER, "/complaint take id:1")
            .await
            .contains("already owns")
    );
}
