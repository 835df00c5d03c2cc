//! The monthly meeting's page and the customers' pages, on the seeded team
//! of `figures`, against counts made by hand; and the weekly report's link.

use crate::common::*;
use crate::support::*;

const DAY: i64 = 86_400;

on_both_databases!(the_monthly_page_shows_categories_causes_words_and_decisions);
async fn the_monthly_page_shows_categories_causes_words_and_decisions(db: Backend) {
    let w = crate::figures::seed(db).await;
    w.bench
        .ok(REP, "/score record customer:Beta overall:3 again:4 recommend:4 to_five:\"answer the phone\"")
        .await;
    w.bench
        .ok(
            MANAGER,
            "/voc decide what:\"stock seals at the depot\" owner:<@101> due:2026-12-05",
        )
        .await;
    let cookie = w.session(GUILD).await;
    let (status, html) = w.get(&cookie, "/web/month").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("The monthly meeting: 2026-11"));
    // Four product complaints in November; three are crises (#2 high, #3
    // critical, #4 Beta's second within 90 days), #1 is a first low one.
    assert_eq!(row(&html, "by-category", "Product"), ["4"]);
    assert_eq!(row(&html, "crises", "Product"), ["3"]);
    let causes = section(&html, "table", "causes");
    assert!(
        causes.contains("worn seal") && causes.contains("typo"),
        "{causes}"
    );
    let quotes = section(&html, "ul", "quotes");
    assert!(quotes.contains("answer the phone") && quotes.contains("What would earn a 5"));
    assert!(quotes.contains("worn seal") && quotes.contains("cause of #3"));
    let decided = section(&html, "table", "decided");
    assert!(decided.contains("stock seals at the depot") && decided.contains("Open"));
    assert!(
        html.contains("id=\"last-month\""),
        "last month's decisions, none here"
    );
    assert!(!html.contains("other server secret"));
    // October had nothing.
    let (_, october) = w.get(&cookie, "/web/month?period=2026-10").await;
    assert!(october.contains("The monthly meeting: 2026-10") && !october.contains("worn seal"));
}

on_both_databases!(customer_pages_show_cadence_scores_and_open_complaints);
async fn customer_pages_show_cadence_scores_and_open_complaints(db: Backend) {
    let w = crate::figures::seed(db).await;
    w.bench
        .ok(
            REP,
            "/score record customer:Beta overall:2 again:3 recommend:2 to_five:\"call back\"",
        )
        .await;
    w.bench.advance(DAY);
    w.bench
        .ok(
            REP,
            "/score record customer:Beta overall:4 again:4 recommend:5 to_five:\"faster invoices\"",
        )
        .await;
    let cookie = w.session(GUILD).await;
    let (_, list) = w.get(&cookie, "/web/customers").await;
    let table = section(&list, "table", "customers");
    assert!(table.contains("Acme Tools") && table.contains("Beta") && !table.contains("Other"));
    assert!(!table.contains("class=\"overdue\""), "no visit is due yet");
    let beta = w
        .bench
        .count("SELECT id FROM customers WHERE name = 'Beta'")
        .await;
    let (status, page) = w.get(&cookie, &format!("/web/customers/{beta}")).await;
    assert_eq!(status, 200);
    let open = section(&page, "ul", "open");
    assert!(open.contains("/web/complaints/3") && open.contains("/web/complaints/4"));
    assert!(!open.contains("/web/complaints/1\""));
    // Oldest first: (2, 3, 2) then (4, 4, 5).
    let scores = section(&page, "table", "scores");
    let first = scores.find("call back").expect("first score");
    let second = scores.find("faster invoices").expect("second score");
    assert!(first < second, "oldest first");
    assert!(
        scores.contains("<td>2</td><td>3</td><td>2</td>"),
        "{scores}"
    );
    assert!(page.contains("id=\"score-chart\""));

    // 40 days on, key customers (every 30 days) are overdue: in red.
    w.bench.advance(40 * DAY);
    let cookie = w.session(GUILD).await;
    let (_, page) = w.get(&cookie, &format!("/web/customers/{beta}")).await;
    assert!(section(&page, "dd", "visit-due").contains("class=\"overdue\""));
    // Another server's customer is not found through this link.
    let other = w
        .bench
        .count("SELECT id FROM customers WHERE name = 'Other'")
        .await;
    let (status, body) = w.get(&cookie, &format!("/web/customers/{other}")).await;
    assert_eq!(status, 404);
    assert!(!body.contains("Other"));
}

on_both_databases!(the_weekly_report_in_the_chat_links_to_the_page);
async fn the_weekly_report_in_the_chat_links_to_the_page(db: Backend) {
    let w = Web::on(db).await;
    w.bench
        .ok(MANAGER, "/rapport settings alerts_channel:<#4444>")
        .await;
    w.bench.seed_complaint("angry", "high", "product").await;
    // Schedules are set now; the weekly report is next Monday 09:30.
    w.bench.sweep().await;
    w.bench.clear_outbox().await;
    w.bench.sweep_at(T0 + 7 * DAY - 30 * 60).await;
    let posts = w.bench.outbox().await;
    let report = posts
        .iter()
        .find(|(_, payload)| payload.contains("Weekly report"))
        .unwrap_or_else(|| panic!("no link in {posts:?}"));
    assert!(
        report.1.contains("On the big screen: http://")
            && report
                .1
                .contains("/web (open it with the link from /report dashboard)"),
        "{}",
        report.1
    );
}
