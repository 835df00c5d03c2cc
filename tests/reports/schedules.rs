//! The schedules: the weekly report (with its chart) and the monthly voice
//! of the customer report in the alerts channel, and the score round that
//! asks each owner, in one message, to poll their key customers.

use base64::Engine as _;
use rapport::domain::schedules::ScheduleName;
use serde_json::Value;

use crate::support::*;

const DAY: i64 = 86_400;

fn body(payload: &str) -> Value {
    serde_json::from_str::<Value>(payload).expect("JSON")["Message"].clone()
}

/// What a reader sees of a queued message, its cards included.
fn seen(message: &Value) -> String {
    serde_json::from_value::<rapport::message::Message>(message.clone())
        .expect("a message")
        .plain()
}

on_both_databases!(the_weekly_and_monthly_reports_arrive_with_a_chart);
async fn the_weekly_and_monthly_reports_arrive_with_a_chart(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(MANAGER, "/rapport settings alerts_channel:<#4444>")
        .await;
    b.seed_complaint("angry", "high", "product").await;
    b.ok(
        REP,
        "/score record customer:\"Acme Tools\" overall:4 again:4 recommend:5 to_five:faster delivery",
    )
    .await;
    // Monday 2026-11-23 10:00: schedules are set; the weekly report is next Monday 09:30.
    b.sweep().await;
    b.clear_outbox().await;
    b.sweep_at(T0 + 7 * DAY - 30 * 60).await;
    let reports: Vec<Value> = b
        .pending()
        .await
        .into_iter()
        .filter(|p| p.2.contains("Weekly report"))
        .map(|p| {
            assert_eq!((p.0.as_str(), p.1), ("channel", Some(4444)));
            body(&p.2)
        })
        .collect();
    assert_eq!(reports.len(), 1, "one weekly report");
    let text = seen(&reports[0]);
    let text = text.as_str();
    assert!(
        text.contains("**Weekly report · 2026-11-23 – 11-29**"),
        "last week: {text}"
    );
    assert!(text.contains("Complaints: 1 opened, 0 resolved"), "{text}");
    assert!(text.contains("**Scores** (1): overall 4.0"), "{text}");
    let file = &reports[0]["files"][0];
    assert_eq!(file["name"], "report-2026-11-23.png");
    let png = base64::engine::general_purpose::STANDARD
        .decode(file["bytes"].as_str().unwrap())
        .expect("base64 in the outbox");
    let (w, h, _) = crate::files::decode_png(&png);
    assert_eq!((w, h), (800, 400));

    // 2026-12-01 09:00: November's voice of the customer.
    b.clear_outbox().await;
    b.sweep_at(1_796_115_600).await;
    let monthly: Vec<_> = b
        .pending()
        .await
        .into_iter()
        .filter(|p| p.2.contains("Voice of the customer"))
        .collect();
    assert_eq!(monthly.len(), 1);
    let text = seen(&body(&monthly[0].2));
    assert!(
        text.contains("**Voice of the customer · 2026-11**"),
        "{text}"
    );
    assert!(text.contains("Complaints: 1 opened"), "{text}");
}

on_both_databases!(the_score_round_asks_each_owner_once_for_their_key_customers);
async fn the_score_round_asks_each_owner_once_for_their_key_customers(db: Backend) {
    let b = Bench::with_config(db, |c| {
        c.schedules
            .set(ScheduleName::ScoreRound, "0 0 10 * * Tue")
            .expect("a valid cron")
    })
    .await;
    b.ok(MANAGER, "/rapport settings complaints_channel:<#5555>")
        .await;
    b.ok(
        MANAGER,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
    )
    .await;
    b.ok(MANAGER, "/customer add name:Beta owner:<@101> tier:key")
        .await;
    b.ok(MANAGER, "/customer add name:Gamma owner:<@102> tier:key")
        .await;
    b.ok(MANAGER, "/customer add name:Small owner:<@102> tier:normal")
        .await;
    // Beta already has an open poll: the round asks it again rather than doubling it.
    b.ok(REP, "/score poll customer:Beta").await;
    b.sweep().await;
    b.clear_outbox().await;
    b.sweep_at(T0 + DAY).await;
    let asks: Vec<_> = b
        .pending()
        .await
        .into_iter()
        .filter(|p| p.2.contains("score round"))
        .collect();
    assert_eq!(asks.len(), 2, "one message per owner: {asks:?}");
    assert!(
        asks.iter().all(|p| p.1 == Some(5555)),
        "in the team's channel"
    );
    let lin = asks.iter().find(|p| p.2.contains("<@101>")).unwrap();
    let m = body(&lin.2);
    assert_eq!(m["ping_users"], serde_json::json!([101]));
    let ids: Vec<&str> = m["buttons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["rp:score:answer:poll=2", "rp:score:answer:poll=1"]);
    assert!(seen(&m).contains("2 key customer(s)"));
    let chen = asks.iter().find(|p| p.2.contains("<@102>")).unwrap();
    assert!(chen.2.contains("Gamma") && !chen.2.contains("Small"));
    assert_eq!(
        b.count("SELECT COUNT(*) FROM polls WHERE from_round = 1")
            .await,
        2
    );
    assert_eq!(b.count("SELECT COUNT(*) FROM polls").await, 3);

    // Pressing a name shows that customer's card as a new message, the list staying put.
    let a = b.run(REP, "/score answer poll:2").await;
    let rapport::message::Response::Message(card) = &a.response else {
        panic!("{:?}", a.response)
    };
    assert!(
        card.plain().contains("Score poll · Acme Tools (poll 2)"),
        "{}",
        card.plain()
    );
    assert!(!card.replace && !card.ephemeral && card.buttons.len() == 16);
}
