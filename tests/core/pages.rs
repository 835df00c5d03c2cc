//! Long lists and timelines page with buttons instead of being cut: each
//! page fits one message, and the buttons keep the list's filters.

use rapport::message::Response;

use crate::support::*;

fn buttons(a: &rapport::commands::Answer) -> Vec<(String, String)> {
    match &a.response {
        Response::Message(m) => m
            .buttons
            .iter()
            .map(|b| (b.id.clone(), b.command.clone()))
            .collect(),
        Response::Modal(_) => panic!("a form, not a page"),
    }
}

on_both_databases!(a_long_customer_list_pages_with_buttons_that_keep_its_filter);
async fn a_long_customer_list_pages_with_buttons_that_keep_its_filter(db: Backend) {
    let b = Bench::on(db).await;
    for i in 0..23 {
        b.ok(
            REP,
            &format!("/customer add name:\"Customer {i:02}\" owner:<@101> tier:key"),
        )
        .await;
    }
    b.ok(REP2, "/customer add name:Other owner:<@102> tier:normal")
        .await;
    let first = b.run(REP, "/customer list owner:<@101>").await;
    let text = reply_text(&first);
    assert_eq!(text.lines().count(), 20, "{text}");
    assert!(text.contains("Customer 00") && !text.contains("Customer 20"));
    assert!(text.chars().count() <= 2000);
    assert_eq!(
        buttons(&first),
        [(
            "rp:customer:list:owner=101;page=2".to_string(),
            "/customer list owner:101 page:2".to_string()
        )],
        "only forward from the first page"
    );
    let second = b.run(REP, "/customer list owner:<@101> page:2").await;
    let text = reply_text(&second);
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(
        text.contains("Customer 22") && !text.contains("Other"),
        "the filter holds"
    );
    assert_eq!(buttons(&second)[0].0, "rp:customer:list:owner=101;page=1");
    assert_eq!(buttons(&second).len(), 1, "no page after the last");
}

on_both_databases!(a_long_timeline_pages_from_the_latest_back);
async fn a_long_timeline_pages_from_the_latest_back(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "high", "product").await;
    // Notes on the complaint's thread each add a timeline entry.
    for i in 0..20 {
        b.ok(
            REP,
            &format!("/complaint escalate id:1 reason:\"round {i:02}\""),
        )
        .await;
    }
    let events = b
        .count("SELECT COUNT(*) FROM events WHERE complaint_id IS NOT NULL")
        .await;
    assert!(events > 15, "{events} entries");
    let latest = b.run(REP, "/complaint show id:1").await;
    let text = reply_text(&latest);
    assert!(
        text.contains("round 19") && !text.contains("round 00"),
        "{text}"
    );
    let pages = (events as usize).div_ceil(15);
    assert!(text.contains(&format!("Page 1/{pages}")), "{text}");
    assert_eq!(buttons(&latest)[0].0, "rp:complaint:show:id=1;page=2");
    let older = b
        .run(REP, &format!("/complaint show id:1 page:{pages}"))
        .await;
    let text = reply_text(&older);
    assert!(
        text.contains("round 00") && !text.contains("round 19"),
        "{text}"
    );
    assert_eq!(buttons(&older).len(), 1, "back only, from the oldest page");
}

on_both_databases!(a_filter_no_button_can_carry_leaves_the_next_pages_command_to_type);
async fn a_filter_no_button_can_carry_leaves_the_next_pages_command_to_type(db: Backend) {
    let b = Bench::on(db).await;
    for _ in 0..16 {
        b.seed_complaint("angry", "normal", "product").await;
    }
    // A name with a space cannot ride in a button's id: the page says what to type.
    let first = b.run(REP, "/complaint list customer:\"Acme Tools\"").await;
    assert!(
        buttons(&first).is_empty(),
        "no button that would drop the filter"
    );
    let text = reply_text(&first);
    assert_eq!(text.lines().count(), 16, "15 rows and the way on: {text}");
    assert!(
        text.ends_with("`/complaint list customer:\"Acme Tools\" page:2`"),
        "{text}"
    );
    let second = b
        .run(REP, "/complaint list customer:\"Acme Tools\" page:2")
        .await;
    assert!(
        reply_text(&second).starts_with("#1 "),
        "{}",
        reply_text(&second)
    );
}
