//! Score polls through the command layer: the card, its buttons and their
//! typed equivalents, "what would earn a 5?", the at-risk flag, the
//! managers' alert, who may answer, and the reminder that comes once.

use rapport::commands::buttons;
use rapport::message::{ButtonStyle, Message, Response};

use crate::support::*;

fn message(a: &rapport::commands::Answer) -> Message {
    match &a.response {
        Response::Message(m) => m.clone(),
        Response::Modal(m) => panic!("expected a message, got the form {m:?}"),
    }
}

async fn with_customer(db: Backend) -> Bench {
    let b = Bench::on(db).await;
    b.ok(MANAGER, "/rapport settings manager_role:<@&777>")
        .await;
    b.ok(
        REP,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
    )
    .await;
    b
}

on_both_databases!(a_poll_card_fills_in_and_a_low_score_asks_what_would_earn_a_five);
async fn a_poll_card_fills_in_and_a_low_score_asks_what_would_earn_a_five(db: Backend) {
    let b = with_customer(db).await;
    let a = b.run(REP, "/score poll customer:\"acme tools\"").await;
    let card = message(&a);
    assert!(!card.ephemeral, "the card shows where the rep is");
    assert!(
        card.plain().contains("Score poll · Acme Tools (poll 1)"),
        "{}",
        card.plain()
    );
    assert!(
        card.plain()
            .contains("How would you rate our work overall?")
    );
    assert_eq!(card.buttons.len(), 16);
    // Every button is a command the console can type.
    for button in &card.buttons {
        let inv = buttons::decode(&button.id).expect("one of ours");
        assert_eq!(
            format!("/{} {}", inv.group, inv.name),
            button
                .command
                .split(' ')
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    assert_eq!(card.buttons[15].command, "/score submit poll:1");
    assert_eq!(
        b.count("SELECT COUNT(*) FROM polls WHERE status = 'open'")
            .await,
        1
    );
    // Asking again shows the same poll rather than a second one.
    assert!(
        b.ok(REP, "/score poll customer:\"Acme Tools\"")
            .await
            .contains("(poll 1)")
    );
    assert_eq!(b.count("SELECT COUNT(*) FROM polls").await, 1);

    let refused = b.refused(REP2, "/score answer poll:1 overall:5").await;
    assert!(refused.contains("owned by"), "{refused}");
    let a = b.run(REP, "/score answer poll:1 overall:5").await;
    let card = message(&a);
    assert!(card.replace, "a pressed button replaces its card");
    assert!(
        card.plain()
            .contains("How would you rate our work overall? → **5**/5"),
        "{}",
        card.plain()
    );
    assert_eq!(card.buttons[4].style, ButtonStyle::Success);
    let refused = b.refused(REP, "/score submit poll:1").await;
    assert!(
        refused.contains("still missing: again, recommend"),
        "{refused}"
    );

    b.ok(REP, "/score answer poll:1 again:3 recommend:2").await;
    let form = b.run(REP, "/score submit poll:1").await;
    let Response::Modal(form) = &form.response else {
        panic!(
            "a score below 4 asks what would earn a 5: {:?}",
            form.response
        )
    };
    assert_eq!(form.id, "rp:score:submit:poll=1");
    assert_eq!(form.fields.len(), 1);
    assert_eq!(form.fields[0].key, "to_five");
    assert!(b.outbox().await.is_empty(), "nothing recorded yet");

    let a = b
        .run(REP, "/score submit poll:1 to_five:\"a spare pump on site\"")
        .await;
    let done = message(&a);
    assert!(done.replace && done.buttons.is_empty(), "{done:?}");
    assert!(
        done.plain()
            .contains("overall 5/5, buy again 3/5, recommend 2/5"),
        "{}",
        done.plain()
    );
    assert!(done.plain().contains("flagged at risk"), "{}", done.plain());
    assert_eq!(
        b.text("SELECT to_five FROM scores").await.as_deref(),
        Some("a spare pump on site")
    );
    assert_eq!(b.count("SELECT at_risk FROM customers").await, 1);
    assert_eq!(
        b.text("SELECT status FROM polls").await.as_deref(),
        Some("answered")
    );
    let posts = b.owed().await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    posts[0]
        .expect_pings(&[], &[RoleId(777)])
        .expect_text("2/5");

    let refused = b.refused(REP, "/score answer poll:1 overall:4").await;
    assert!(refused.contains("already submitted"), "{refused}");
}

on_both_databases!(good_scores_record_at_once_and_polls_stay_in_their_server);
async fn good_scores_record_at_once_and_polls_stay_in_their_server(db: Backend) {
    let b = with_customer(db).await;
    b.ok(REP, "/score poll customer:\"Acme Tools\"").await;
    b.ok(REP, "/score answer poll:1 overall:4").await;
    b.ok(REP, "/score answer poll:1 again:5").await;
    b.ok(REP, "/score answer poll:1 recommend:4").await;
    let done = b
        .ok(REP, "/score submit poll:1 to_five:\"visit us more often\"")
        .await;
    assert!(
        done.contains("overall 4/5, buy again 5/5, recommend 4/5"),
        "{done}"
    );
    assert!(!done.contains("at risk"));
    assert_eq!(b.count("SELECT at_risk FROM customers").await, 0);
    assert!(b.outbox().await.is_empty(), "good scores ping nobody");

    let other = rapport::domain::ids::GuildId(501);
    let a = b
        .run_in(other, MANAGER, "/score answer poll:1 overall:1")
        .await;
    assert!(
        !a.committed && reply_text(&a).contains("no score poll 1"),
        "{}",
        reply_text(&a)
    );
    let refused = b.refused(REP, "/score poll").await;
    assert!(refused.contains("`customer` is required"), "{refused}");
}

on_both_databases!(a_lost_customer_pings_the_managers_whatever_the_score);
async fn a_lost_customer_pings_the_managers_whatever_the_score(db: Backend) {
    let b = with_customer(db).await;
    b.ok(REP, "/customer edit name:\"Acme Tools\" stage:lost")
        .await;
    b.clear_outbox().await;
    b.ok(REP, "/score poll customer:\"Acme Tools\"").await;
    b.ok(REP, "/score answer poll:1 overall:5 again:5 recommend:5")
        .await;
    b.ok(REP, "/score submit poll:1").await;
    let posts = b.owed().await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    posts[0].expect_pings(&[], &[RoleId(777)]);
}

on_both_databases!(closing_a_complaint_offers_its_poll);
async fn closing_a_complaint_offers_its_poll(db: Backend) {
    let b = with_customer(db).await;
    b.seed_complaint("angry", "high", "product").await;
    for line in [
        "/complaint step id:1 done:\"apologised\" mood:calm",
        "/complaint step id:1 cause:\"seal\" asks:\"a new pump\"",
        "/complaint step id:1 remedy:\"replace\" reasonable:yes deliverable:yes compensation:none",
        "/complaint step id:1 done:\"replaced\" told:now delivered:none-due",
    ] {
        b.ok(REP, line).await;
    }
    b.clear_outbox().await;
    b.ok(
        REP,
        "/complaint step id:1 guarantee:\"monthly check\" follow_up:+30d",
    )
    .await;
    b.ok(REP, "/complaint followup id:1 satisfied:yes").await;
    let posts = b.pending().await;
    let closed = posts
        .iter()
        .find(|p| p.2.contains("is closed"))
        .expect("the closing note");
    assert!(
        closed.2.contains("rp:score:poll:complaint=1"),
        "{}",
        closed.2
    );
    assert!(closed.2.contains("/score poll complaint:1"), "{}", closed.2);

    // The button, as pressed (interactive), opens the card for that complaint.
    let a = b.run(REP, "/score poll complaint:1").await;
    let card = message(&a);
    assert!(
        card.plain().contains("After complaint #1."),
        "{}",
        card.plain()
    );
    b.ok(REP, "/score answer poll:1 overall:5 again:4 recommend:5")
        .await;
    let done = b
        .ok(REP, "/score submit poll:1 to_five:\"call before visiting\"")
        .await;
    assert_eq!(b.count("SELECT complaint_id FROM scores").await, 1);
    // A resolved complaint followed by good scores: suggest the next trust stage.
    assert!(
        done.contains("Consider moving **Acme Tools** up to Repeat customer")
            && done.contains("`/customer edit name:\"Acme Tools\" stage:repeat`"),
        "{done}"
    );
    // A later good score is no longer "after the complaint": no second suggestion.
    let again = b
        .ok(
            REP,
            "/score record customer:\"Acme Tools\" overall:5 again:5 recommend:5",
        )
        .await;
    assert!(!again.contains("Consider moving"), "{again}");

    b.ok(REP, "/customer add name:Other owner:<@101> tier:normal")
        .await;
    let refused = b
        .refused(REP, "/score poll customer:Other complaint:1")
        .await;
    assert!(refused.contains("is not one of **Other**'s"), "{refused}");
}

on_both_databases!(an_unanswered_poll_is_reminded_once_and_a_recorded_score_closes_it);
async fn an_unanswered_poll_is_reminded_once_and_a_recorded_score_closes_it(db: Backend) {
    let b = with_customer(db).await;
    b.ok(REP, "/customer add name:Beta owner:<@101> tier:normal")
        .await;
    b.ok(REP, "/score poll customer:\"Acme Tools\"").await;
    b.ok(REP, "/score poll customer:Beta").await;
    // A typed score answers Beta's poll: nothing to remind there.
    b.ok(
        REP,
        "/score record customer:Beta overall:5 again:5 recommend:5",
    )
    .await;
    assert_eq!(
        b.count("SELECT COUNT(*) FROM polls WHERE status = 'open'")
            .await,
        1
    );
    b.clear_outbox().await;

    // Started Monday 10:00; reminded seven days later, a working Monday morning.
    b.sweep_at(T0 + 7 * 86_400 - 60).await;
    assert!(
        b.pending()
            .await
            .iter()
            .all(|p| !p.2.contains("still waiting"))
    );
    b.sweep_at(T0 + 7 * 86_400).await;
    let reminders: Vec<_> = b
        .pending()
        .await
        .into_iter()
        .filter(|p| p.2.contains("still waiting"))
        .collect();
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert_eq!((reminders[0].0.as_str(), reminders[0].1), ("dm", Some(101)));
    assert!(
        reminders[0].2.contains("Acme Tools") && reminders[0].2.contains("/score answer poll:1")
    );
    assert!(!reminders[0].2.contains("Beta"));
    b.clear_outbox().await;
    b.sweep_at(T0 + 14 * 86_400).await;
    assert!(
        b.pending()
            .await
            .iter()
            .all(|p| !p.2.contains("still waiting")),
        "reminded once only"
    );
}
