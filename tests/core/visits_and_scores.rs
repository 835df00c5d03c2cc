use crate::support::*;

on_both_databases!(visits_record_whom_the_rep_met);
async fn visits_record_whom_the_rep_met(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    let reply = b
        .ok(
            REP,
            r#"/visit log customer:"Acme Tools" met:team note:"training""#,
        )
        .await;
    assert!(
        reply.contains("never been met"),
        "nudges toward the boss: {reply}"
    );
    assert_eq!(b.count("SELECT last_visit_at FROM customers").await, T0);
    assert_eq!(
        b.count("SELECT COUNT(*) FROM customers WHERE last_boss_visit_at IS NULL")
            .await,
        1
    );
    b.advance(3 * 86_400);
    b.ok(
        REP,
        r#"/visit log customer:"Acme Tools" met:boss when:"today 09:00""#,
    )
    .await;
    assert_eq!(
        b.count("SELECT last_boss_visit_at FROM customers").await,
        T0 + 3 * 86_400 - 3600
    );
    assert!(
        b.refused(REP2, r#"/visit log customer:"Acme Tools" met:both"#)
            .await
            .contains("owned by <@101>")
    );
    let card = b.ok(REP, r#"/customer show name:"Acme Tools""#).await;
    let card = b.unstamped(&card).await;
    assert!(
        card.contains("2026-11-26 09:00"),
        "last boss meeting on the card: {card}"
    );
}

on_both_databases!(low_scores_flag_the_customer_and_very_low_ones_ping_managers);
async fn low_scores_flag_the_customer_and_very_low_ones_ping_managers(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(MANAGER, "/rapport settings manager_role:<@&777>")
        .await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    b.ok(
        REP,
        r#"/score record customer:"Acme Tools" overall:5 again:5 recommend:4 to_five:faster delivery"#,
    )
    .await;
    assert_eq!(b.count("SELECT at_risk FROM customers").await, 0);
    assert!(b.outbox().await.is_empty());

    let missing = b
        .refused(
            REP,
            r#"/score record customer:"Acme Tools" overall:3 again:4 recommend:4"#,
        )
        .await;
    assert!(
        missing.contains("what we would have to do to earn a 5"),
        "{missing}"
    );
    b.ok(REP, r#"/score record customer:"Acme Tools" overall:3 again:4 recommend:4 to_five:"faster delivery""#).await;
    assert_eq!(b.count("SELECT at_risk FROM customers").await, 1);
    assert!(b.outbox().await.is_empty(), "a 3 flags but does not ping");

    b.ok(REP, r#"/score record customer:"Acme Tools" overall:2 again:3 recommend:1 to_five:"fix the pump""#).await;
    let posts = b.owed().await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    posts[0]
        .expect_pings(&[], &[RoleId(777)])
        .expect_text("1/5");
    assert_eq!(
        b.text("SELECT to_five FROM scores ORDER BY id DESC LIMIT 1")
            .await
            .as_deref(),
        Some("fix the pump")
    );
    let card = b.ok(REP, r#"/customer show name:"Acme Tools""#).await;
    assert!(card.contains("5/5/4 → 3/4/4 → 2/3/1"), "trend: {card}");
    assert!(
        b.refused(
            REP2,
            r#"/score record customer:"Acme Tools" overall:5 again:5 recommend:5"#
        )
        .await
        .contains("Only a manager")
    );
}
