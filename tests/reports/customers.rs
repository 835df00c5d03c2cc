//! The customer card and list: filters for overdue visits and customers at
//! risk, and the win-back checklist when a customer is lost.

use crate::support::*;

const DAY: i64 = 86_400;

on_both_databases!(the_list_filters_overdue_and_at_risk_customers);
async fn the_list_filters_overdue_and_at_risk_customers(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
    )
    .await;
    b.ok(REP, "/customer add name:Beta owner:<@101> tier:normal")
        .await;
    b.ok(REP, "/customer add name:Gamma owner:<@101> tier:key")
        .await;
    b.advance(40 * DAY);
    // Acme and Gamma (key, every 30 days) are now overdue; Gamma gets its visit.
    b.ok(REP, "/visit log customer:Gamma met:both").await;
    b.ok(
        REP,
        "/score record customer:Beta overall:3 again:4 recommend:4 to_five:\"answer the phone\"",
    )
    .await;

    let overdue = b.ok(REP, "/customer list overdue:yes").await;
    assert!(
        overdue.contains("Acme Tools") && overdue.contains("visit overdue"),
        "{overdue}"
    );
    assert!(
        !overdue.contains("Beta") && !overdue.contains("Gamma"),
        "{overdue}"
    );
    let risky = b.ok(REP, "/customer list at_risk:yes").await;
    assert!(
        risky.contains("Beta") && risky.contains("⚠ at risk"),
        "{risky}"
    );
    assert!(
        !risky.contains("Acme") && !risky.contains("Gamma"),
        "{risky}"
    );
    let all = b.ok(REP, "/customer list").await;
    assert!(all.contains("Acme Tools") && all.contains("Beta") && all.contains("Gamma"));
    let none = b.ok(REP, "/customer list overdue:yes at_risk:yes").await;
    assert!(none.contains("No customers match"), "{none}");
    let zh = b.ok(REP, "/customer list 拜访逾期:yes").await;
    assert!(
        zh.contains("Acme Tools"),
        "Chinese option names work too: {zh}"
    );
}

on_both_databases!(the_card_shows_trust_visits_complaints_scores_and_timeline);
async fn the_card_shows_trust_visits_complaints_scores_and_timeline(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(REP, "/customer add name:\"Acme Tools\" owner:<@101> tier:key renewal:2027-03-01 decision_maker:\"Mr Wang\"").await;
    b.seed_complaint("angry", "high", "product").await;
    b.ok(REP, "/complaint step id:1 done:\"apologised\" mood:calm")
        .await;
    b.ok(REP, "/visit log customer:\"Acme Tools\" met:boss")
        .await;
    b.ok(REP, "/score record customer:\"Acme Tools\" overall:3 again:4 recommend:4 to_five:\"fix it fast\"").await;
    b.ok(
        REP,
        "/score record customer:\"Acme Tools\" overall:4 again:4 recommend:5 to_five:faster delivery",
    )
    .await;
    let card = b.ok(REP2, "/customer show name:\"Acme Tools\"").await;
    let card = b.unstamped(&card).await;
    for part in [
        "<@101>",
        "Key",
        "First-time customer",
        "2027-03-01",
        "Mr Wang",
        "Last met the boss/KP",
        "**Open complaints (1):**",
        "Step 2",
        "3/4/4 → 4/4/5",
        "recorded a score (4/4/5)",
    ] {
        assert!(card.contains(part), "{part:?} missing in {card}");
    }
}

on_both_databases!(a_lost_customer_gets_a_win_back_checklist_in_a_thread);
async fn a_lost_customer_gets_a_win_back_checklist_in_a_thread(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
    )
    .await;
    b.ok(REP, "/customer edit name:\"Acme Tools\" tier:normal")
        .await;
    assert!(b.outbox().await.is_empty(), "only losing a customer posts");
    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:lost")
        .await;
    let posts = b.owed().await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    let win_back = posts
        .expect_post_in(Destination::Channel(CHANNEL))
        .expect_pings(&[REP.user], &[]);
    let rapport::message::PostBody::OpenThread { name, .. } = &win_back.body else {
        panic!("winning the customer back opens a thread: {win_back:?}");
    };
    assert!(name.contains("Win back · Acme Tools"), "{name}");
    for step in [
        "1. Ask them",
        "3. Do what they asked",
        "6. Be gracious",
        "7. Once they are back",
    ] {
        win_back.expect_text(step);
    }
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'win-back'")
            .await,
        1
    );
    // Saying it again changes nothing and posts nothing more.
    b.clear_outbox().await;
    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:lost")
        .await;
    assert!(b.outbox().await.is_empty());

    b.ok(MANAGER, "/rapport settings language:zh-CN").await;
    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:regular")
        .await;
    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:lost")
        .await;
    let posts = b.pending().await;
    assert!(
        posts[0].2.contains("挽回 · Acme Tools") && posts[0].2.contains("我就知道你会回来"),
        "{}",
        posts[0].2
    );
}
