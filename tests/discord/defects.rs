//! What a full acceptance run found at the Discord edge (issue 15): each
//! autocomplete option offers what fits it, typed `%` and `_` match as
//! text, buttons refuse before their form, and *Take over* acknowledges.

use serde_json::{Value, json};

use crate::harness::*;
use crate::support::interactions as ix;
use crate::support::{Backend, on_both_databases};

async fn customer(live: &Live, name: &str) {
    let add = ix::command(
        &rep(),
        "customer",
        "add",
        vec![
            ("name", json!(name)),
            ("owner", ix::user_opt(&rep().user_id)),
            ("tier", json!("key")),
        ],
    );
    let reply = live.send(&add).await;
    assert!(content(&reply).contains(name), "{reply}");
}

async fn complaint(live: &Live, summary: &str) {
    let new = ix::command(
        &rep(),
        "complaint",
        "new",
        vec![
            ("customer", json!("Acme Tools")),
            ("summary", json!(summary)),
            ("category", json!("service")),
            ("severity", json!("normal")),
            ("temperament", json!("reasoning")),
            ("channel", json!("email")),
        ],
    );
    assert!(content(&live.send(&new).await).contains("is open"));
}

async fn offered(live: &Live, sub: &str, option: &str, typed: &str) -> Vec<Value> {
    let ask = ix::autocomplete(
        &rep(),
        "complaint",
        sub,
        vec![(option, json!(typed))],
        option,
    );
    let answer = live.send(&ask).await;
    assert_eq!(answer["type"], 8, "{answer}");
    let choices = answer["data"]["choices"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    choices.iter().map(|c| c["value"].clone()).collect()
}

async fn finish(live: &Live) {
    live.deliver().await;
    live.fake.take_posts();
    live.fake.take_threads();
    take_card_edits(&live.fake);
    live.fake.assert_clean();
}

on_both_databases!(reopen_offers_closed_and_rejected_complaints_and_the_others_open_ones);
async fn reopen_offers_closed_and_rejected_complaints_and_the_others_open_ones(db: Backend) {
    let live = Live::start(db).await;
    customer(&live, "Acme Tools").await;
    for summary in ["open one", "closed one", "rejected one"] {
        complaint(&live, summary).await;
    }
    let db = &live.bench.app.db.pool;
    for (number, status) in [(2, "closed"), (3, "rejected")] {
        let sql = format!("UPDATE complaints SET status = '{status}' WHERE number = {number}");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(db)
            .await
            .unwrap();
    }
    assert_eq!(
        offered(&live, "reopen", "id", "").await,
        vec![json!(3), json!(2)]
    );
    for sub in ["ack", "show", "escalate"] {
        assert_eq!(
            offered(&live, sub, "id", "").await,
            vec![json!(1)],
            "/complaint {sub}"
        );
    }
    finish(&live).await;
}

on_both_databases!(percent_and_underscore_typed_in_autocomplete_match_as_text);
async fn percent_and_underscore_typed_in_autocomplete_match_as_text(db: Backend) {
    let live = Live::start(db).await;
    for name in ["50 Cent Ltd", "50% Off Shop", "A_B Trading", "AxB Trading"] {
        customer(&live, name).await;
    }
    let names = |typed: &'static str| {
        let ask = ix::autocomplete(
            &rep(),
            "complaint",
            "new",
            vec![("customer", json!(typed))],
            "customer",
        );
        let live = &live;
        async move {
            let answer = live.send(&ask).await;
            let choices = answer["data"]["choices"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            choices
                .iter()
                .map(|c| c["value"].as_str().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(names("50%").await, vec!["50% Off Shop"]);
    assert_eq!(names("%").await, vec!["50% Off Shop"]);
    assert_eq!(names("a_b").await, vec!["A_B Trading"]);
    assert_eq!(
        names("50").await.len(),
        2,
        "plain text still matches as before"
    );
    live.fake.assert_clean();
}

on_both_databases!(buttons_the_user_may_not_use_refuse_before_the_form);
async fn buttons_the_user_may_not_use_refuse_before_the_form(db: Backend) {
    let live = Live::start(db).await;
    customer(&live, "Acme Tools").await;
    complaint(&live, "late").await;
    for (who, button) in [
        (other_rep(), "rp:complaint:assign:id=1"),
        (other_rep(), "rp:complaint:escalate:id=1"),
        (rep(), "rp:complaint:changes:id=1"),
    ] {
        let answer = live.send(&ix::button(&who, button, "1")).await;
        assert_eq!(answer["type"], 4, "{button}: refused, not a form: {answer}");
        assert!(is_private(&answer), "{answer}");
    }
    let form = live
        .send(&ix::button(&rep(), "rp:complaint:escalate:id=1", "1"))
        .await;
    assert_eq!(form["type"], 9, "the owner gets the form: {form}");
    finish(&live).await;
}

on_both_databases!(taking_a_complaint_over_acknowledges_it_and_the_timeline_says_so);
async fn taking_a_complaint_over_acknowledges_it_and_the_timeline_says_so(db: Backend) {
    let live = Live::start(db).await;
    customer(&live, "Acme Tools").await;
    complaint(&live, "late").await;
    let take = ix::command(&manager(), "complaint", "take", vec![("id", json!(1))]);
    assert!(content(&live.send(&take).await).contains("Done"));
    let acknowledged = "SELECT COUNT(*) FROM complaints WHERE acknowledged_at IS NOT NULL";
    assert_eq!(live.bench.count(acknowledged).await, 1);
    let events = "SELECT COUNT(*) FROM events WHERE kind = 'acknowledged'";
    assert_eq!(live.bench.count(events).await, 1);
    let show = ix::command(&manager(), "complaint", "show", vec![("id", json!(1))]);
    let card = content(&live.send(&show).await);
    assert!(card.contains("acknowledged it"), "{card}");
    finish(&live).await;
}
