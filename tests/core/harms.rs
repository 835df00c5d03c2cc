//! Severity from seed 002's three harms at `/complaint new`: the bot proposes,
//! the rep may raise, lowering needs a reason that is kept; the card and the
//! weekly report show the harms.

use crate::support::*;

const NEW: &str = r#"/complaint new customer:"Acme Tools" summary:"pump burst" category:product temperament:angry channel:visit"#;

async fn bench(db: Backend) -> Bench {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    b
}

on_both_databases!(the_harms_propose_the_severity_and_the_card_shows_them);
async fn the_harms_propose_the_severity_and_the_card_shows_them(db: Backend) {
    let b = bench(db).await;
    b.ok(REP, &format!("{NEW} body:some")).await;
    assert_eq!(
        b.text("SELECT severity FROM complaints WHERE number = 1")
            .await
            .as_deref(),
        Some("high"),
        "bodily harm is never below high"
    );
    assert_eq!(
        b.text("SELECT harm_body || '/' || harm_feelings || '/' || harm_money FROM complaints WHERE number = 1")
            .await
            .as_deref(),
        Some("some/none/none"),
        "a harm left out counts as none"
    );
    let card = &b.outbox().await[0].1;
    assert!(
        card.contains("**Harm:** body some · feelings none · money none (proposes high)"),
        "{card}"
    );

    b.ok(REP, &format!("{NEW} money:serious")).await;
    assert_eq!(
        b.text("SELECT severity FROM complaints WHERE number = 2")
            .await
            .as_deref(),
        Some("critical"),
        "any serious harm is critical"
    );
    b.ok(REP, &format!("{NEW} feelings:some money:some")).await;
    b.ok(REP, &format!("{NEW} feelings:some")).await;
    b.ok(REP, &format!("{NEW} body:none feelings:none money:none"))
        .await;
    let severities: Vec<Option<String>> = {
        let mut v = Vec::new();
        for n in 3..=5 {
            v.push(
                b.text(&format!(
                    "SELECT severity FROM complaints WHERE number = {n}"
                ))
                .await,
            );
        }
        v
    };
    assert_eq!(
        severities,
        [
            Some("high".into()),
            Some("normal".into()),
            Some("low".into())
        ]
    );

    // Raising above the proposal needs no reason.
    b.ok(REP, &format!("{NEW} feelings:some severity:critical"))
        .await;
    assert_eq!(
        b.text("SELECT severity FROM complaints WHERE number = 6")
            .await
            .as_deref(),
        Some("critical")
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM complaints WHERE severity_reason IS NOT NULL")
            .await,
        0
    );
}

on_both_databases!(lowering_below_the_proposal_needs_a_reason_which_is_kept);
async fn lowering_below_the_proposal_needs_a_reason_which_is_kept(db: Backend) {
    let b = bench(db).await;
    let refused = b
        .refused(REP, &format!("{NEW} body:some severity:normal"))
        .await;
    assert!(
        refused.contains("make this complaint high") && refused.contains("severity_reason:"),
        "{refused}"
    );
    b.ok(
        REP,
        &format!(
            r#"{NEW} body:some severity:normal severity_reason:"a scratch, first aid on site""#
        ),
    )
    .await;
    assert_eq!(
        b.text("SELECT severity || ' / ' || severity_reason FROM complaints")
            .await
            .as_deref(),
        Some("normal / a scratch, first aid on site")
    );
    assert_eq!(
        b.text("SELECT detail FROM events WHERE kind = 'severity-lowered'")
            .await
            .as_deref(),
        Some("a scratch, first aid on site")
    );
    let card = &b.outbox().await[0].1;
    assert!(
        card.contains("Severity set below the proposal because:** a scratch"),
        "{card}"
    );
    let shown = b.ok(REP, "/complaint show id:1").await;
    assert!(
        shown.contains("set the severity below what the harms propose"),
        "{shown}"
    );
}

on_both_databases!(without_harms_the_severity_is_taken_as_given_and_one_of_them_is_needed);
async fn without_harms_the_severity_is_taken_as_given_and_one_of_them_is_needed(db: Backend) {
    let b = bench(db).await;
    b.ok(REP, &format!("{NEW} severity:low")).await;
    assert_eq!(
        b.text("SELECT severity FROM complaints").await.as_deref(),
        Some("low")
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM complaints WHERE harm_body IS NULL")
            .await,
        1,
        "not assessed"
    );
    assert!(!b.outbox().await[0].1.contains("Harm:"));
    let refused = b.refused(REP, NEW).await;
    assert!(
        refused.contains("`severity:…`, or the three harms"),
        "{refused}"
    );
    b.ok(MANAGER, "/rapport settings language:zh-CN").await;
    let zh = b.refused(REP, NEW).await;
    assert!(zh.contains("三种伤害"), "{zh}");
}

on_both_databases!(the_weekly_report_counts_the_harms);
async fn the_weekly_report_counts_the_harms(db: Backend) {
    let b = bench(db).await;
    b.ok(REP, &format!("{NEW} body:serious money:some")).await;
    b.ok(REP, &format!("{NEW} money:some")).await;
    b.ok(REP, &format!("{NEW} severity:normal")).await;
    let report = b.ok(MANAGER, "/report week").await;
    assert!(
        report.contains(
            "Harm done (complaints reported, 2 assessed): body 1 (1 serious) · feelings 0 (0 serious) · money 2 (0 serious)"
        ),
        "{report}"
    );
}
