//! Seed 000: the boss/KP must be met, not only the team. Every customer
//! whose decision maker is known is watched at its tier's cadence.

use crate::support::*;

const H: i64 = 3600;
const DAY: i64 = 86_400;

/// T0 is Monday 10:00 UTC; 182 days on is a Monday, its digest at 09:00.
const DIGEST: i64 = T0 + 182 * DAY - H;

on_both_databases!(a_normal_customer_with_a_decision_maker_gets_the_boss_nudge_at_its_own_cadence);
async fn a_normal_customer_with_a_decision_maker_gets_the_boss_nudge_at_its_own_cadence(
    db: Backend,
) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Beta Foods" owner:<@101> tier:normal decision_maker:"Ms Li""#,
    )
    .await;
    b.ok(
        REP,
        r#"/customer add name:"Gamma" owner:<@101> tier:normal"#,
    )
    .await;
    // Both were visited recently, meeting only the team: no visit is overdue.
    b.clock.set(T0 + 175 * DAY);
    b.ok(REP, r#"/visit log customer:"Beta Foods" met:team"#)
        .await;
    b.ok(REP, r#"/visit log customer:"Gamma" met:team"#).await;
    b.sweep().await;
    b.clear_outbox().await;

    b.sweep_at(DIGEST).await;
    let dms: Vec<_> = b
        .pending()
        .await
        .into_iter()
        .filter(|p| p.0 == "dm" && p.1 == Some(101))
        .collect();
    assert_eq!(dms.len(), 1, "{dms:?}");
    assert!(
        dms[0]
            .2
            .contains("**Beta Foods**: the boss/KP has never been met"),
        "{}",
        dms[0].2
    );
    assert!(
        !dms[0].2.contains("Gamma"),
        "no decision maker, no boss nudge: {}",
        dms[0].2
    );

    // A meeting with the boss ends it until the next cadence.
    b.ok(REP, r#"/visit log customer:"Beta Foods" met:boss"#)
        .await;
    b.clear_outbox().await;
    b.sweep_at(DIGEST + DAY).await;
    assert!(
        b.pending()
            .await
            .iter()
            .all(|p| !p.2.contains("Beta Foods")),
        "{:?}",
        b.pending().await
    );
}
