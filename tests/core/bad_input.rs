use crate::support::*;

on_both_databases!(every_bad_input_says_what_to_fix_and_writes_nothing);
async fn every_bad_input_says_what_to_fix_and_writes_nothing(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "high", "product").await;
    let cases: Vec<(&str, &str)> = vec![
        ("/complaint ack id:99", "no complaint #99"),
        (
            r#"/complaint new customer:Nobody summary:x category:product severity:high temperament:angry channel:visit"#,
            "no customer called **Nobody**",
        ),
        (
            r#"/complaint new customer:"Acme Tools" summary:x category:product severity:urgent temperament:angry channel:visit"#,
            "Use one of: low, normal, high, critical",
        ),
        (
            r#"/complaint new customer:"Acme Tools" category:product severity:high temperament:angry channel:visit"#,
            "`summary` is required",
        ),
        (
            "/complaint step id:1 step:3 remedy:x",
            "Complete step 1 first",
        ),
        ("/complaint step id:1 step:9", "not a valid `step`"),
        ("/complaint step id:1 done:x", "`mood` is required"),
        (
            "/complaint step id:1 done:x mood:fine",
            "Use one of: calm, upset",
        ),
        (
            "/complaint step id:1 done:x mood:calm cause:y",
            "has no option `cause`",
        ),
        (
            "/score record customer:\"Acme Tools\" overall:6 again:4 recommend:4",
            "between 1 and 5",
        ),
        (
            "/score record customer:\"Acme Tools\" overall:x again:4 recommend:4",
            "whole number",
        ),
        ("/complaint frobnicate id:1", "no command"),
        (
            "/customer add name:\"Acme Tools\" owner:<@101> tier:gold",
            "Use one of: key, normal",
        ),
        ("/rapport settings timezone:Mars/Olympus", "not a time zone"),
        (
            "/visit log customer:\"Acme Tools\" met:team when:\"+2d\"",
            "in the future",
        ),
    ];
    for (line, expected) in cases {
        let text = b.refused(MANAGER, line).await;
        assert!(
            text.contains(expected),
            "{line}\n  said: {text}\n  expected: {expected}"
        );
    }
}

on_both_databases!(dates_people_type_work_and_vague_ones_do_not);
async fn dates_people_type_work_and_vague_ones_do_not(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("reasoning", "normal", "service").await;
    b.ok(REP, "/complaint step id:1 done:listened mood:calm")
        .await;
    let soon = b
        .refused(REP, "/complaint step id:1 cause:a asks:b promise:soon")
        .await;
    assert!(
        soon.contains("`soon`") && soon.contains("tomorrow 17:00"),
        "{soon}"
    );
    let past = b
        .refused(
            REP,
            "/complaint step id:1 cause:a asks:b promise:\"2026-01-01 10:00\"",
        )
        .await;
    assert!(past.contains("in the past"), "{past}");
    for (promise, expected) in [
        ("\"tomorrow 17:00\"", T0 + 86_400 + 7 * 3600),
        ("\"2026-12-01 10:00\"", 1_796_119_200),
        ("+48h", T0 + 48 * 3600),
    ] {
        b.run(MANAGER, "/complaint reopen id:1 reason:retry").await;
        let line = format!("/complaint step id:1 cause:a asks:b promise:{promise}");
        // Steps restart at 1 after a reopen; record it first when needed.
        if b.count("SELECT step FROM complaints").await == 1 {
            b.ok(REP, "/complaint step id:1 done:listened mood:calm")
                .await;
        }
        b.ok(REP, &line).await;
        assert_eq!(
            b.count("SELECT promised_by FROM complaints").await,
            expected,
            "{promise}"
        );
        b.ok(
            REP,
            "/complaint step id:1 remedy:x reasonable:yes deliverable:yes compensation:none",
        )
        .await;
        b.ok(
            REP,
            "/complaint step id:1 done:x told:now delivered:none-due",
        )
        .await;
        b.ok(REP, "/complaint step id:1 guarantee:x follow_up:+7d")
            .await;
        b.ok(REP, "/complaint followup id:1 satisfied:yes").await;
    }
}

on_both_databases!(text_over_discord_limits_is_refused_with_the_limit);
async fn text_over_discord_limits_is_refused_with_the_limit(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "high", "product").await;
    let long = "泵".repeat(201);
    let text = b
        .refused(REP, &format!("/complaint new customer:\"Acme Tools\" summary:{long} category:product severity:high temperament:angry channel:visit"))
        .await;
    assert!(
        text.contains("201 characters") && text.contains("limit is 200"),
        "{text}"
    );
    let text = b
        .refused(
            REP,
            &format!("/complaint step id:1 done:{} mood:calm", "x".repeat(1001)),
        )
        .await;
    assert!(text.contains("limit is 1000"), "{text}");
    let text = b
        .refused(
            REP,
            &format!(
                "/customer add name:{} owner:<@101> tier:key",
                "n".repeat(61)
            ),
        )
        .await;
    assert!(text.contains("limit is 60"), "{text}");
}

on_both_databases!(user_text_cannot_ping_anyone);
async fn user_text_cannot_ping_anyone(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    b.ok(REP, r#"/complaint new customer:"Acme Tools" summary:"@everyone look <@&555> <@999> @here" category:product severity:high temperament:angry channel:visit"#).await;
    // Anywhere in what is owed (text, thread name, buttons), not only in the text.
    for (_, payload) in b.outbox().await {
        assert!(
            !payload.contains("@everyone") && !payload.contains("@here"),
            "{payload}"
        );
        assert!(
            !payload.contains("<@&555>") && !payload.contains("<@999>"),
            "{payload}"
        );
    }
    let posts = b.owed().await;
    assert!(!posts.is_empty());
    posts.expect_no_role_pinged();
    for post in posts.iter() {
        assert!(
            post.users_pinged().iter().all(|u| *u == REP.user),
            "only the owner: {post:?}"
        );
    }
}

on_both_databases!(a_database_that_is_gone_gets_a_clear_try_again);
async fn a_database_that_is_gone_gets_a_clear_try_again(db: Backend) {
    let b = Bench::on(db).await;
    b.app.db.pool.close().await;
    let a = b
        .run(REP, r#"/customer add name:"Acme" owner:<@101> tier:key"#)
        .await;
    assert!(!a.committed);
    let text = reply_text(&a);
    assert!(
        text.contains("try again") && text.contains("nothing was saved"),
        "{text}"
    );
}
