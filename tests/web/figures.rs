//! The overview's figures on a seeded server, against counts made by hand.

use crate::common::*;
use crate::support::*;

async fn at(w: &Web, t: i64, line: &str) {
    w.bench.clock.set(t);
    w.bench.ok(REP, line).await;
}

async fn new(w: &Web, t: i64, customer: &str, severity: &str, summary: &str) {
    let line = format!(
        "/complaint new customer:\"{customer}\" summary:\"{summary}\" category:product severity:{severity} temperament:reasoning channel:hotline"
    );
    at(w, t, &line).await;
}

async fn calm(w: &Web, t: i64, id: i64) {
    at(
        w,
        t,
        &format!("/complaint step id:{id} done:\"listened, apologised\" mood:calm"),
    )
    .await;
}

/// The seeded team, in UTC, times from T0 (Monday 10:00):
/// #1 Acme low      T0,      never acknowledged (1 working day: late at Tue 10:00)
/// #2 Acme high     T0+1h,   step 1 after 30 min (on time)          -> at step 2
/// #3 Beta critical T0+2h,   step 1 after 10 min, promise Tue 17:00 -> at step 3
/// #4 Beta normal   T0+3h,   step 1 after 5 h (late: 4 working hours), promise
///                  Tue 12:00, step 3 with compensation -> waiting for approval
/// The page is read at T0+30h (Tue 16:00): #4's promise is missed, #3's due.
/// Another server has a complaint of its own, which must not show.
pub async fn seed(db: Backend) -> Web {
    let w = Web::on(db).await;
    w.bench.clock.set(T0 - 3600);
    for name in ["Acme Tools", "Beta"] {
        w.bench
            .ok(
                MANAGER,
                &format!("/customer add name:\"{name}\" owner:<@101> tier:key"),
            )
            .await;
    }
    w.bench
        .run_in(
            GUILD2,
            MANAGER,
            "/customer add name:Other owner:<@101> tier:key",
        )
        .await;
    new(&w, T0, "Acme Tools", "low", "pump leaks").await;
    new(&w, T0 + HOUR, "Acme Tools", "high", "no spare parts").await;
    calm(&w, T0 + HOUR + 1800, 2).await;
    new(&w, T0 + 2 * HOUR, "Beta", "critical", "line stopped").await;
    calm(&w, T0 + 2 * HOUR + 600, 3).await;
    at(
        &w,
        T0 + 2 * HOUR + 900,
        "/complaint step id:3 cause:\"worn seal\" asks:\"a new seal\" promise:\"tomorrow 17:00\"",
    )
    .await;
    new(&w, T0 + 3 * HOUR, "Beta", "normal", "invoice wrong").await;
    calm(&w, T0 + 8 * HOUR, 4).await;
    at(
        &w,
        T0 + 8 * HOUR + 60,
        "/complaint step id:4 cause:\"typo\" asks:\"a new invoice\" promise:\"tomorrow 12:00\"",
    )
    .await;
    at(&w, T0 + 8 * HOUR + 120, "/complaint step id:4 remedy:\"reissue\" reasonable:yes deliverable:yes compensation:material detail:\"RMB 3,000 refund\"").await;
    w.bench.clock.set(T0);
    let other = w
        .bench
        .run_in(GUILD2, REP, "/complaint new customer:Other summary:\"other server secret\" category:product severity:high temperament:reasoning channel:hotline")
        .await;
    assert!(other.committed, "{:?}", other.response);
    w.bench.clock.set(T0 + 30 * HOUR);
    w
}

on_both_databases!(the_overview_counts_what_was_counted_by_hand);
async fn the_overview_counts_what_was_counted_by_hand(db: Backend) {
    let w = seed(db).await;
    let cookie = w.session(GUILD).await;
    let (status, html) = w.get(&cookie, "/web").await;
    assert_eq!(status, 200, "{html}");

    assert_eq!(tile(&html, "open"), 4);
    assert_eq!(tile(&html, "promises-due"), 1, "#3, Tue 17:00");
    assert_eq!(tile(&html, "promises-missed"), 1, "#4, Tue 12:00");
    assert_eq!(tile(&html, "follow-ups"), 0);
    assert_eq!(tile(&html, "approvals"), 1, "#4");
    assert_eq!(tile(&html, "sla"), 2, "#1 never acknowledged, #4 after 5 h");

    // The board: one column per step, oldest first.
    let column = |step: &str| section(&html, "section", &format!("step-{step}")).to_string();
    assert!(column("calm").contains("id=\"card-1\""));
    assert!(column("calm").contains("class=\"card sev-low\""));
    assert!(column("cause").contains("id=\"card-2\""));
    let solution = column("solution");
    let (three, four) = (
        solution.find("id=\"card-3\"").expect("#3 at step 3"),
        solution.find("id=\"card-4\"").expect("#4 at step 3"),
    );
    assert!(three < four, "the oldest first");
    assert!(solution.contains("class=\"card sev-critical\""));
    assert!(!column("carry-out").contains("card-"));
    assert!(!column("reinforce").contains("card-"));
    assert!(!html.contains("other server secret"));

    // The table beside the board: steps by severity (low, normal, high, critical).
    assert_eq!(
        row(&html, "open-by-step", "Calm the customer"),
        ["1", "0", "0", "0", "1"]
    );
    assert_eq!(
        row(
            &html,
            "open-by-step",
            "Design the solution with the company"
        ),
        ["0", "1", "0", "1", "2"]
    );

    // This week: acknowledged after 1800, 600 and 18000 s; median 0.5 h, p90
    // (nearest rank 3 of 3) 5.0 h; nothing resolved; two late.
    assert_eq!(
        row(&html, "weekly", "2026-11-23"),
        ["0.5", "5.0", "–", "–", "2"]
    );
    assert_eq!(
        row(&html, "weekly", "2026-11-16"),
        ["–", "–", "–", "–", "0"]
    );
    assert!(
        html.contains("id=\"weekly-chart\""),
        "the chart beside the table"
    );
}

on_both_databases!(the_list_filters_and_pages_within_the_server);
async fn the_list_filters_and_pages_within_the_server(db: Backend) {
    let w = seed(db).await;
    let cookie = w.session(GUILD).await;
    let (_, all) = w.get(&cookie, "/web/complaints").await;
    for n in 1..=4 {
        assert!(
            all.contains(&format!("href=\"/web/complaints/{n}\"")),
            "#{n}"
        );
    }
    assert!(!all.contains("other server secret"));
    let (_, beta) = w.get(&cookie, "/web/complaints?customer=bet").await;
    assert!(beta.contains("/web/complaints/3") && beta.contains("/web/complaints/4"));
    assert!(!beta.contains("/web/complaints/1\""), "{beta}");
    let (_, waiting) = w
        .get(&cookie, "/web/complaints?status=awaiting-approval")
        .await;
    assert!(waiting.contains("/web/complaints/4\"") && !waiting.contains("/web/complaints/3\""));
    let (_, service) = w.get(&cookie, "/web/complaints?category=service").await;
    assert!(
        service.contains("Nothing here."),
        "all four are product complaints"
    );
    let (_, product) = w
        .get(&cookie, "/web/complaints?category=product&owner=101")
        .await;
    assert!(product.contains("/web/complaints/1\"") && product.contains("/web/complaints/4\""));
    let (_, critical) = w.get(&cookie, "/web/complaints?severity=critical").await;
    assert!(critical.contains("/web/complaints/3\"") && !critical.contains("/web/complaints/2\""));
    let (_, later) = w
        .get(&cookie, "/web/complaints?from=2026-11-23%2012:00")
        .await;
    assert!(
        later.contains("/web/complaints/3\"") && !later.contains("/web/complaints/2\""),
        "{later}"
    );

    // The complaint's page: its five steps and its timeline.
    let (status, page) = w.get(&cookie, "/web/complaints/4").await;
    assert_eq!(status, 200);
    assert!(page.contains("invoice wrong"));
    for step in ["calm", "cause", "solution", "carry-out", "reinforce"] {
        assert!(page.contains(&format!("id=\"record-{step}\"")), "{step}");
    }
    assert!(section(&page, "li", "record-cause").contains("typo"));
    assert!(section(&page, "li", "record-carry-out").contains("Not recorded yet"));
    assert!(section(&page, "ol", "timeline").matches("<li>").count() >= 4);
}
