//! A finished period's figures, kept in `period_figures`: they equal the
//! hand counts and the chat's reports of the same period, they are what the
//! page shows from then on (a complaint changed after the period ended does
//! not rewrite what the team was shown and told then), a restarted app
//! shows the same page, and kept figures of an older version or unreadable
//! ones are counted again.

use std::sync::Arc;

use crate::common::*;
use crate::support::*;
use rapport::domain::period::{Period, PeriodKind};
use rapport::domain::period_figures::VERSION;
use rapport::store::settings::ServerSettings;

const DAY: i64 = 86_400;

fn period(kind: PeriodKind, at: i64) -> Period {
    Period::containing(kind, at, chrono_tz::Tz::UTC).expect("a period")
}

async fn server(w: &Web) -> ServerSettings {
    let mut conn = w.bench.app.db.pool.acquire().await.expect("conn");
    let stored = rapport::store::settings::load(&mut conn, GUILD)
        .await
        .expect("settings");
    ServerSettings::resolve(&w.bench.app.config, &stored)
}

async fn kept(w: &Web, kind: &str) -> i64 {
    w.bench
        .count(&format!(
            "SELECT COUNT(*) FROM period_figures WHERE kind = '{kind}'"
        ))
        .await
}

/// Whether the month starting at `start` is kept.
async fn kept_month(w: &Web, start: i64) -> i64 {
    w.bench
        .count(&format!(
            "SELECT COUNT(*) FROM period_figures WHERE kind = 'month' AND period_start = {start}"
        ))
        .await
}

async fn exec(w: &Web, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&w.bench.app.db.pool)
        .await
        .expect(sql);
}

/// The same app restarted on the same database, served on a port of its own.
async fn restarted(w: &Web) -> String {
    let db = rapport::store::Db::connect(&w.bench.url)
        .await
        .expect("reopens");
    let config = (*w.bench.app.config).clone();
    let app = rapport::app::App::new(db, config, Arc::new(w.bench.clock.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = rapport::web::serve_on(listener, app).expect("served");
    format!("http://{addr}")
}

async fn get_at(base: &str, cookie: &str, path: &str) -> String {
    let r = client()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 200);
    r.text().await.expect("body")
}

on_both_databases!(a_finished_weeks_figures_are_kept_and_shown_from_then_on);
async fn a_finished_weeks_figures_are_kept_and_shown_from_then_on(db: Backend) {
    let w = crate::figures::seed(db).await;
    let cookie = w.session(GUILD).await;
    let (_, during) = w.get(&cookie, "/web").await;
    assert_eq!(kept(&w, "week").await, 11, "the 11 finished weeks shown");
    assert_eq!(
        row(&during, "weekly", "2026-11-23"),
        ["0.5", "5.0", "–", "–", "2"],
        "the week under way is counted, not kept"
    );

    // Monday of the next week, 10:00: the seeded week has ended.
    w.bench.clock.set(T0 + 7 * DAY);
    // Links last a day: a new one.
    let cookie = w.session(GUILD).await;
    let (_, after) = w.get(&cookie, "/web").await;
    let hand = ["0.5", "5.0", "–", "–", "2"];
    assert_eq!(row(&after, "weekly", "2026-11-23"), hand);
    assert_eq!(
        row(&after, "weekly", "2026-11-30"),
        ["–", "–", "–", "–", "0"]
    );
    let week = period(PeriodKind::Week, T0);
    let json = w
        .bench
        .text(&format!(
            "SELECT figures FROM period_figures WHERE guild_id = {} AND kind = 'week' AND period_start = {}",
            GUILD.0, week.start
        ))
        .await
        .expect("the finished week is kept");
    assert!(json.contains("\"late_acks\":2"), "{json}");
    assert_eq!(
        w.bench
            .count(&format!(
                "SELECT COUNT(*) FROM period_figures WHERE guild_id <> {}",
                GUILD.0
            ))
            .await,
        0,
        "only the server that was viewed"
    );

    // The chat's weekly report of the same week counts the same.
    let mut conn = w.bench.app.db.pool.acquire().await.expect("conn");
    let (config, now) = (&w.bench.app.config, T0 + 7 * DAY);
    let s = server(&w).await;
    let report = rapport::reports::build(&mut conn, config, &s, GUILD, week, now)
        .await
        .expect("weekly report");
    let overview =
        rapport::reports::dashboard::overview(&mut conn, &w.bench.app.db, config, &s, GUILD, now)
            .await
            .expect("overview");
    let shown = overview
        .weeks
        .iter()
        .find(|x| x.period == week)
        .expect("the week");
    assert_eq!(shown.to_acknowledge, report.to_acknowledge);
    assert_eq!(shown.to_resolve, report.to_resolve);
    assert_eq!(shown.late_acks, report.late_acks);
    drop(conn);

    // #1 is acknowledged now: that acknowledgement is this week's.
    w.bench
        .ok(
            REP,
            "/complaint step id:1 done:\"listened, apologised\" mood:calm",
        )
        .await;
    let (_, acked) = w.get(&cookie, "/web").await;
    assert_eq!(row(&acked, "weekly", "2026-11-23"), hand);
    assert_eq!(row(&acked, "weekly", "2026-11-30")[0], "168.0");
    // A correction written into the finished week afterwards (#1 "acknowledged"
    // a minute after its report) does not rewrite the week the team was shown.
    exec(
        &w,
        &format!(
            "UPDATE complaints SET acknowledged_at = {} WHERE guild_id = {} AND number = 1",
            T0 + 60,
            GUILD.0
        ),
    )
    .await;
    let (_, corrected) = w.get(&cookie, "/web").await;
    assert_eq!(row(&corrected, "weekly", "2026-11-23"), hand);

    // Restarted, the app shows the same page, from the kept figures.
    let base = restarted(&w).await;
    let again = get_at(&base, &cookie, "/web").await;
    assert_eq!(
        section(&again, "table", "weekly"),
        section(&corrected, "table", "weekly")
    );
    assert_eq!(again, corrected, "the whole page");
}

on_both_databases!(a_finished_months_figures_are_kept_and_shown_from_then_on);
async fn a_finished_months_figures_are_kept_and_shown_from_then_on(db: Backend) {
    let w = crate::figures::seed(db).await;
    let cookie = w.session(GUILD).await;
    let (_, during) = w.get(&cookie, "/web/month").await;
    let november_start = period(PeriodKind::Month, T0).start;
    assert_eq!(
        kept_month(&w, november_start).await,
        0,
        "November is under way"
    );
    assert_eq!(row(&during, "by-category", "Product"), ["4"]);

    // 2 December: November has ended.
    let now = T0 + 9 * DAY;
    w.bench.clock.set(now);
    let cookie = w.session(GUILD).await;
    let november = "/web/month?period=2026-11";
    let (_, after) = w.get(&cookie, november).await;
    assert_eq!(kept_month(&w, november_start).await, 1);
    assert_eq!(row(&after, "by-category", "Product"), ["4"]);
    assert_eq!(row(&after, "crises", "Product"), ["3"], "#2, #3 and #4");
    let causes = section(&after, "table", "causes");
    assert!(causes.contains("worn seal") && causes.contains("typo"));

    // The chat's monthly report of November counts the same.
    let month = period(PeriodKind::Month, T0);
    let mut conn = w.bench.app.db.pool.acquire().await.expect("conn");
    let s = server(&w).await;
    let report = rapport::reports::build(&mut conn, &w.bench.app.config, &s, GUILD, month, now)
        .await
        .expect("monthly report");
    let figures = rapport::reports::dashboard::month(&mut conn, &w.bench.app.db, GUILD, month, now)
        .await
        .expect("figures");
    assert_eq!(figures.opened, report.opened);
    assert_eq!(figures.by_category, report.by_category);
    assert_eq!(figures.crises, report.crises());
    assert_eq!(figures.causes, report.causes);
    drop(conn);

    // #1 is re-filed as a service complaint after the month ended: November's
    // meeting figures stay as they were.
    exec(
        &w,
        &format!(
            "UPDATE complaints SET category = 'service' WHERE guild_id = {} AND number = 1",
            GUILD.0
        ),
    )
    .await;
    let (_, changed) = w.get(&cookie, november).await;
    assert_eq!(row(&changed, "by-category", "Product"), ["4"]);
    assert!(!section(&changed, "table", "by-category").contains("Service"));
    let (_, december) = w.get(&cookie, "/web/month").await;
    assert!(december.contains("The monthly meeting: 2026-12"));
    let december_start = period(PeriodKind::Month, now).start;
    assert_eq!(
        kept_month(&w, december_start).await,
        0,
        "December is under way"
    );

    // Restarted: the same page.
    let base = restarted(&w).await;
    assert_eq!(get_at(&base, &cookie, november).await, changed);

    // Figures kept by an older version, or unreadable, are counted again
    // (from today's data) and kept in their place.
    exec(
        &w,
        &format!("UPDATE period_figures SET version = 0 WHERE kind = 'month' AND period_start = {november_start}"),
    )
    .await;
    let (_, recounted) = w.get(&cookie, november).await;
    assert_eq!(row(&recounted, "by-category", "Product"), ["3"]);
    assert_eq!(row(&recounted, "by-category", "Service"), ["1"]);
    assert_eq!(
        w.bench
            .count(&format!(
                "SELECT COUNT(*) FROM period_figures WHERE kind = 'month' AND period_start = {november_start} AND version = {VERSION}"
            ))
            .await,
        1
    );
    exec(
        &w,
        &format!("UPDATE period_figures SET figures = 'not figures' WHERE kind = 'month' AND period_start = {november_start}"),
    )
    .await;
    let (status, unreadable) = w.get(&cookie, november).await;
    assert_eq!(status, 200);
    assert_eq!(row(&unreadable, "by-category", "Product"), ["3"]);
    let repaired = w
        .bench
        .text(&format!("SELECT figures FROM period_figures WHERE kind = 'month' AND period_start = {november_start}"))
        .await
        .expect("kept");
    assert!(repaired.contains("\"opened\":4"), "{repaired}");
}

on_both_databases!(a_link_counts_the_finished_periods_ahead_of_the_first_view);
async fn a_link_counts_the_finished_periods_ahead_of_the_first_view(db: Backend) {
    let w = crate::figures::seed(db).await;
    // 2 December: November and the seeded week are over; no page seen yet.
    w.bench.clock.set(T0 + 9 * DAY);
    assert_eq!(kept(&w, "week").await, 0);
    let _token = w.token(GUILD, MANAGER).await;
    // Counted in the background once the link is issued.
    let november_start = period(PeriodKind::Month, T0).start;
    let mut waited = 0;
    while (kept(&w, "week").await < 11 || kept_month(&w, november_start).await < 1) && waited < 100
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    assert_eq!(kept(&w, "week").await, 11, "the overview's finished weeks");
    assert_eq!(kept_month(&w, november_start).await, 1, "last month");
    let november = rapport::reports::dashboard::month(
        &mut w.bench.app.db.pool.acquire().await.expect("conn"),
        &w.bench.app.db,
        GUILD,
        period(PeriodKind::Month, T0),
        T0 + 9 * DAY,
    )
    .await
    .expect("figures");
    let product = november
        .crises
        .iter()
        .find(|(c, _)| *c == rapport::domain::complaint::Category::Product);
    assert_eq!(product.map(|(_, n)| *n), Some(3), "#2, #3 and #4");
}
