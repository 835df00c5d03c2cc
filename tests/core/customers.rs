use crate::support::*;

on_both_databases!(customers_are_added_found_case_insensitively_and_unique);
async fn customers_are_added_found_case_insensitively_and_unique(db: Backend) {
    let b = Bench::on(db).await;
    let reply = b.ok(REP, r#"/customer add name:"Acme Tools" owner:<@101> tier:key decision_maker:"Mr Li" renewal:2027-03-01"#).await;
    assert!(
        reply.contains("Acme Tools") && reply.contains("<@101>"),
        "{reply}"
    );
    assert_eq!(
        b.count("SELECT cadence_days FROM customers").await,
        30,
        "key customers default to 30 days"
    );
    assert_eq!(
        b.text("SELECT stage FROM customers").await.as_deref(),
        Some("first-time")
    );
    assert_eq!(
        b.text("SELECT decision_maker FROM customers")
            .await
            .as_deref(),
        Some("Mr Li")
    );

    let dup = b
        .refused(
            REP,
            r#"/customer add name:"  ACME   tools " owner:<@101> tier:normal"#,
        )
        .await;
    assert!(dup.contains("already exists"), "{dup}");

    let card = b.ok(REP, "/customer show name:acme TOOLS").await;
    let card = b.unstamped(&card).await;
    assert!(
        card.contains("**Acme Tools**") && card.contains("Key") && card.contains("Mr Li"),
        "{card}"
    );
    assert!(card.contains("2027-03-01"), "renewal shown: {card}");
}

on_both_databases!(unknown_customers_get_close_suggestions);
async fn unknown_customers_get_close_suggestions(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    b.ok(
        REP,
        r#"/customer add name:"北方机械" owner:<@101> tier:normal"#,
    )
    .await;
    let typo = b.refused(REP, r#"/customer show name:"Acme Tols""#).await;
    assert!(typo.contains("Did you mean **Acme Tools**"), "{typo}");
    let fragment = b.refused(REP, "/customer show name:北方").await;
    assert!(fragment.contains("北方机械"), "{fragment}");
    let none = b.refused(REP, "/customer show name:Zebra").await;
    assert!(none.contains("/customer add"), "says how to fix: {none}");
}

on_both_databases!(editing_is_for_the_owner_or_a_manager_and_owners_change_only_by_managers);
async fn editing_is_for_the_owner_or_a_manager_and_owners_change_only_by_managers(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    let other = b
        .refused(REP2, r#"/customer edit name:"Acme Tools" stage:regular"#)
        .await;
    assert!(other.contains("<@101>"), "names the owner: {other}");
    let owner_change = b
        .refused(REP, r#"/customer edit name:"Acme Tools" owner:<@102>"#)
        .await;
    assert!(owner_change.contains("Only a manager"), "{owner_change}");
    b.ok(
        REP,
        r#"/customer edit name:"Acme Tools" stage:regular cadence:14"#,
    )
    .await;
    b.ok(MANAGER, r#"/customer edit name:"Acme Tools" owner:<@102>"#)
        .await;
    assert_eq!(b.count("SELECT owner_id FROM customers").await, 102);
    assert_eq!(b.count("SELECT cadence_days FROM customers").await, 14);
    assert_eq!(
        b.text("SELECT stage FROM customers").await.as_deref(),
        Some("regular")
    );
    assert!(
        b.refused(MANAGER, r#"/customer edit name:"Acme Tools""#)
            .await
            .contains("Nothing to change")
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'customer-edited'")
            .await,
        2
    );
}

on_both_databases!(reps_add_their_own_customers_and_managers_anyone_s);
async fn reps_add_their_own_customers_and_managers_anyone_s(db: Backend) {
    let b = Bench::on(db).await;
    let refused = b
        .refused(REP, r#"/customer add name:"Acme" owner:<@102> tier:key"#)
        .await;
    assert!(refused.contains("Only a manager"), "{refused}");
    b.ok(
        MANAGER,
        r#"/customer add name:"Acme" owner:<@102> tier:key"#,
    )
    .await;
    b.ok(REP, r#"/customer add name:"Beta" owner:<@101> tier:normal"#)
        .await;
    let mine = b.ok(REP, "/customer list owner:<@101>").await;
    assert!(mine.contains("Beta") && !mine.contains("Acme"), "{mine}");
    let keys = b.ok(REP, "/customer list tier:key").await;
    assert!(keys.contains("Acme") && !keys.contains("Beta"), "{keys}");
}
