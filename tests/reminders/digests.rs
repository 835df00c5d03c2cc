use crate::support::*;

const H: i64 = 3600;
const DAY: i64 = 86_400;

/// T0 is Monday 10:00 UTC; the next digest runs Tuesday 09:00.
const TUESDAY_9: i64 = T0 + 23 * H;

on_both_databases!(each_owner_gets_one_digest_of_overdue_visits_on_working_days);
async fn each_owner_gets_one_digest_of_overdue_visits_on_working_days(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        MANAGER,
        "/rapport settings manager_role:<@&900> alerts_channel:<#7100>",
    )
    .await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    b.ok(
        REP,
        r#"/customer add name:"Beta Foods" owner:<@101> tier:normal"#,
    )
    .await;
    b.ok(
        REP2,
        r#"/customer add name:"Gamma" owner:<@102> tier:normal"#,
    )
    .await;
    b.ok(REP, r#"/visit log customer:"Acme Tools" met:team"#)
        .await;
    b.ok(REP2, r#"/visit log customer:"Gamma" met:both"#).await;
    b.sweep().await;
    b.clear_outbox().await;

    // Five weeks on (a Tuesday): Acme's visit (every 30 days) is overdue; Beta and Gamma (every 90) are not.
    let later = TUESDAY_9 + 35 * DAY;
    b.sweep_at(later - H).await;
    b.clear_outbox().await;
    b.sweep_at(later).await;
    let dms: Vec<_> = b
        .pending()
        .await
        .into_iter()
        .filter(|p| p.0 == "dm")
        .collect();
    assert_eq!(dms.len(), 1, "only @101 has something overdue: {dms:?}");
    assert_eq!(dms[0].1, Some(101));
    assert!(
        dms[0].2.contains("Acme Tools") && dms[0].2.contains("last visit 35 days ago"),
        "{}",
        dms[0].2
    );
    assert!(!dms[0].2.contains("Beta"), "{}", dms[0].2);

    // The same day again: nothing twice.
    b.clear_outbox().await;
    b.sweep_at(later + 60).await;
    assert!(b.pending().await.iter().all(|p| p.0 != "dm"));

    // Saturday: no digest.
    b.sweep_at(later + 4 * DAY).await;
    assert!(
        b.pending().await.iter().all(|p| p.0 != "dm"),
        "not on a weekend"
    );
}

on_both_databases!(key_customers_whose_boss_is_not_met_and_long_overdue_visits_reach_managers);
async fn key_customers_whose_boss_is_not_met_and_long_overdue_visits_reach_managers(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        MANAGER,
        "/rapport settings manager_role:<@&900> alerts_channel:<#7100>",
    )
    .await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    b.ok(REP, r#"/customer add name:"Delta" owner:<@101> tier:key"#)
        .await;
    b.ok(REP, r#"/visit log customer:"Delta" met:both"#).await;
    b.sweep().await;
    b.clear_outbox().await;
    // 13 weeks on, a Tuesday. Acme: the team was just visited, the boss never met (due every 90 days).
    // Delta: met 91 days ago, a visit due every 30: long overdue (more than half a cadence late).
    let day = TUESDAY_9 + 91 * DAY;
    b.clock.set(day - 60);
    b.ok(REP, r#"/visit log customer:"Acme Tools" met:team"#)
        .await;
    b.sweep_at(day).await;
    let posts = b.owed().await;
    let dm = posts
        .expect_dm(REP.user)
        .expect_text("**Acme Tools**: the boss/KP has never been met")
        .expect_text("**Delta**: last visit 91 days ago");
    assert!(
        !dm.text().contains("Acme Tools**: last visit"),
        "Acme was just visited: {}",
        dm.text()
    );
    let managers = posts
        .expect_containing("long overdue")
        .expect_text("Delta")
        .expect_pings(&[], &[RoleId(900)]);
    assert!(
        matches!(managers.to, Destination::Channel(_)),
        "{managers:?}"
    );
    assert!(!managers.text().contains("Acme"), "{}", managers.text());
}

on_both_databases!(a_renewal_at_risk_is_flagged_once);
async fn a_renewal_at_risk_is_flagged_once(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        MANAGER,
        "/rapport settings manager_role:<@&900> alerts_channel:<#7100>",
    )
    .await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key renewal:2027-01-10"#,
    )
    .await;
    b.ok(
        REP,
        r#"/customer add name:"Calm Co" owner:<@101> tier:key renewal:2027-01-10"#,
    )
    .await;
    b.ok(REP, r#"/score record customer:"Acme Tools" overall:3 again:3 recommend:4 to_five:"faster fixes""#).await;
    b.sweep().await;
    b.clear_outbox().await;
    b.sweep_at(TUESDAY_9).await;
    let alerts: Vec<_> = b
        .pending()
        .await
        .into_iter()
        .filter(|p| p.0 == "channel" && p.2.contains("renews"))
        .collect();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(
        alerts[0].2.contains("Acme Tools") && alerts[0].2.contains("3/5"),
        "{}",
        alerts[0].2
    );
    b.clear_outbox().await;
    b.sweep_at(TUESDAY_9 + DAY).await;
    assert!(
        b.pending().await.iter().all(|p| !p.2.contains("renews")),
        "once per renewal"
    );
}

on_both_databases!(sent_messages_are_pruned_after_the_kept_days_and_undelivered_ones_never);
async fn sent_messages_are_pruned_after_the_kept_days_and_undelivered_ones_never(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "high", "product").await;
    b.sweep().await;
    // Two of the three creation posts went out long ago; one never did.
    sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1 WHERE id IN (1, 2)")
        .bind(T0)
        .execute(&b.app.db.pool)
        .await
        .unwrap();
    let day = TUESDAY_9 + 29 * DAY;
    b.sweep_at(day).await;
    assert_eq!(
        b.count("SELECT COUNT(*) FROM outbox WHERE id IN (1, 2)")
            .await,
        2,
        "kept for 30 days"
    );
    b.sweep_at(day + 7 * DAY).await;
    assert_eq!(
        b.count("SELECT COUNT(*) FROM outbox WHERE id IN (1, 2)")
            .await,
        0,
        "then removed"
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM outbox WHERE id = 3").await,
        1,
        "an undelivered message stays"
    );
}
