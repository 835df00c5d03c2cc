//! Trust as a path (seed 003): the customer card names the phase and what it
//! calls for, and a lost customer's win-back checklist is ticked step by step.

use crate::support::*;

const DAY: i64 = 86_400;

async fn bench(db: Backend) -> Bench {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key stage:skeptic",
    )
    .await;
    b
}

on_both_databases!(the_card_names_the_phase_and_what_it_calls_for);
async fn the_card_names_the_phase_and_what_it_calls_for(db: Backend) {
    let b = bench(db).await;
    let card = b.ok(REP, "/customer show name:\"Acme Tools\"").await;
    assert!(
        card.contains("**Winning trust.** Listen more than you talk"),
        "{card}"
    );
    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:regular")
        .await;
    let card = b.ok(REP, "/customer show name:\"Acme Tools\"").await;
    assert!(card.contains("**Keeping trust.** Stay in touch"), "{card}");
    assert!(
        !card.contains("Win-back"),
        "no checklist while trust is kept: {card}"
    );
    b.ok(ADMIN, "/rapport settings language:zh-CN").await;
    let edited = b
        .ok(
            REP,
            "/customer edit name:\"Acme Tools\" tier:normal stage:advocate",
        )
        .await;
    assert!(
        edited.contains("等级、信任阶段"),
        "fields in Chinese: {edited}"
    );
    let card = b.ok(REP, "/customer show name:\"Acme Tools\"").await;
    assert!(card.contains("**保持信任阶段。**"), "{card}");
    assert!(
        card.contains("修改了客户（等级、信任阶段）"),
        "the timeline too: {card}"
    );
}

on_both_databases!(a_lost_customers_win_back_is_ticked_with_dates_and_starts_over_when_lost_again);
async fn a_lost_customers_win_back_is_ticked_with_dates_and_starts_over_when_lost_again(
    db: Backend,
) {
    let b = bench(db).await;
    let not_lost = b
        .refused(REP, "/customer winback name:\"Acme Tools\" step:1")
        .await;
    assert!(not_lost.contains("is not a lost customer"), "{not_lost}");

    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:lost")
        .await;
    let card = b.ok(REP, "/customer show name:\"Acme Tools\"").await;
    assert!(card.contains("**Winning trust back.**"), "{card}");
    assert!(
        card.contains(
            "**Win-back**: 0 of 7 steps done; next: 1. Ask what we must do to serve them again"
        ),
        "{card}"
    );

    let not_theirs = b
        .refused(REP2, "/customer winback name:\"Acme Tools\" step:1")
        .await;
    assert!(not_theirs.contains("<@101>"), "{not_theirs}");
    let future = b
        .refused(
            REP,
            "/customer winback name:\"Acme Tools\" step:1 when:\"+2d\"",
        )
        .await;
    assert!(future.contains("`when`"), "{future}");
    let out_of_range = b
        .refused(REP, "/customer winback name:\"Acme Tools\" step:8")
        .await;
    assert!(out_of_range.contains("step"), "{out_of_range}");

    let ticked = b
        .ok(
            REP,
            "/customer winback name:\"Acme Tools\" step:1 when:\"2026-11-20 15:00\"",
        )
        .await;
    assert!(
        ticked.contains("step 1 for **Acme Tools** ticked (1 of 7 done)"),
        "{ticked}"
    );
    b.ok(REP, "/customer winback name:\"Acme Tools\" step:2")
        .await;
    assert_eq!(
        b.count("SELECT COUNT(*) FROM win_back_steps").await,
        2,
        "two steps stored"
    );
    assert_eq!(
        b.count("SELECT done_at FROM win_back_steps WHERE step = 1")
            .await,
        1_795_186_800,
        "the date given, read in the server's zone"
    );
    let card = b.ok(REP, "/customer show name:\"Acme Tools\"").await;
    let card = b.unstamped(&card).await;
    assert!(
        card.contains("**Win-back**: 2 of 7 steps done; next: 3. Do it, tell them, ask for their business again"),
        "{card}"
    );
    assert!(
        card.contains("✓ 1. Ask what we must do to serve them again · 2026-11-20 15:00"),
        "{card}"
    );
    assert!(
        card.contains("ticked win-back step 2"),
        "on the timeline: {card}"
    );

    // Won back, then lost again a month later: the checklist starts over.
    b.advance(30 * DAY);
    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:first-time")
        .await;
    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:lost")
        .await;
    assert_eq!(b.count("SELECT COUNT(*) FROM win_back_steps").await, 0);
    let card = b.ok(REP, "/customer show name:\"Acme Tools\"").await;
    assert!(card.contains("0 of 7 steps done"), "{card}");
}
