//! Score polls, reports and exports through Discord: the poll card's buttons
//! replace the card, a low score opens the "what would earn a 5?" form, the
//! managers are pinged; files go out as multipart, after a deferred answer
//! when they answer a command.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::*;
use crate::support::fake_discord::Upload;
use crate::support::interactions::{self as ix, Who};
use crate::support::{Backend, on_both_databases};

fn press(who: &Who, custom_id: &str) -> Value {
    ix::button(who, custom_id, "900")
}

/// A form submitted from the card (Discord then sends the card's message along).
fn submit_from_card(who: &Who, custom_id: &str, fields: &[(&str, &str)]) -> Value {
    let mut payload = ix::modal_submit(who, custom_id, fields);
    payload["message"] = json!({
        "id": "900", "channel_id": ix::CHANNEL_ID, "content": "",
        "author": {"id": ix::APP_ID, "username": "rapport", "discriminator": "0",
                   "global_name": null, "avatar": null, "bot": true},
        "timestamp": "2026-11-23T10:00:00+00:00", "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "type": 0, "flags": 0, "components": [],
    });
    payload
}

on_both_databases!(a_poll_card_is_answered_by_buttons_and_a_low_score_pings_the_managers);
async fn a_poll_card_is_answered_by_buttons_and_a_low_score_pings_the_managers(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    let poll = ix::command(
        &rep(),
        "score",
        "poll",
        vec![("customer", json!("acme tools"))],
    );
    let card = live.send(&poll).await;
    assert_eq!(card["type"], 4, "{card}");
    assert!(
        !is_private(&card),
        "the card is for the rep and the customer to see"
    );
    assert!(
        content(&card).contains("Score poll · Acme Tools (poll 1)"),
        "{card}"
    );
    let ids = custom_ids(&card["data"]["components"]);
    assert_eq!(ids.len(), 16);
    assert_eq!(ids[0], "rp:score:answer:overall=1;poll=1");
    assert_eq!(ids[15], "rp:score:submit:poll=1");
    assert_eq!(card["data"]["components"].as_array().unwrap().len(), 4);

    let refused = live
        .send(&press(&other_rep(), "rp:score:answer:overall=5;poll=1"))
        .await;
    assert!(
        is_private(&refused) && content(&refused).contains("owned by"),
        "{refused}"
    );

    let pressed = live
        .send(&press(&rep(), "rp:score:answer:overall=5;poll=1"))
        .await;
    assert_eq!(
        pressed["type"], 7,
        "the card is updated in place: {pressed}"
    );
    assert!(
        content(&pressed).contains("overall? → **5**/5"),
        "{pressed}"
    );
    let styles: Vec<u64> = pressed["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["style"].as_u64().unwrap())
        .collect();
    assert_eq!(styles, [2, 2, 2, 2, 3], "the chosen answer stands out");
    live.send(&press(&rep(), "rp:score:answer:again=3;poll=1"))
        .await;
    live.send(&press(&rep(), "rp:score:answer:poll=1;recommend=2"))
        .await;

    let form = live.send(&press(&rep(), "rp:score:submit:poll=1")).await;
    assert_eq!(form["type"], 9, "{form}");
    assert_eq!(form["data"]["custom_id"], "rp:score:submit:poll=1");
    assert_eq!(form["data"]["title"], "What would earn a 5?");
    assert_eq!(
        form["data"]["components"][0]["components"][0]["custom_id"],
        "to_five"
    );

    let done = live
        .send(&submit_from_card(
            &rep(),
            "rp:score:submit:poll=1",
            &[("to_five", "keep a spare pump on site")],
        ))
        .await;
    assert_eq!(done["type"], 7, "{done}");
    assert!(content(&done).contains("flagged at risk"), "{done}");
    assert_eq!(
        done["data"]["components"],
        json!([]),
        "no buttons once submitted"
    );
    assert_eq!(live.bench.count("SELECT at_risk FROM customers").await, 1);

    live.deliver().await;
    let posts = live.fake.take_posts();
    let alert = posts
        .iter()
        .find(|p| p.channel_id == ALERTS)
        .expect("an alert");
    assert!(alert.text().contains("2/5"), "{}", alert.text());
    assert_eq!(
        alert.allowed_mentions,
        json!({"parse": [], "users": [], "roles": [MANAGER_ROLE]})
    );
    let again = live
        .send(&press(&rep(), "rp:score:answer:overall=4;poll=1"))
        .await;
    assert!(
        is_private(&again) && content(&again).contains("already submitted"),
        "{again}"
    );
    live.fake.assert_clean();
}

/// Waits for `n` uploads (files sent after the answer, or by delivery).
async fn uploads(live: &Live, n: usize) -> Vec<Upload> {
    let mut got = Vec::new();
    for _ in 0..100 {
        got.extend(live.fake.take_uploads());
        if got.len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    got
}

on_both_databases!(an_export_is_deferred_then_sent_as_csv_files);
async fn an_export_is_deferred_then_sent_as_csv_files(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    let new = ix::command(
        &rep(),
        "complaint",
        "new",
        vec![
            ("customer", json!("Acme Tools")),
            ("summary", json!("泵漏水, \"again\"")),
            ("category", json!("product")),
            ("severity", json!("high")),
            ("temperament", json!("angry")),
            ("channel", json!("visit")),
        ],
    );
    live.send(&new).await;
    let export = ix::command(&manager(), "report", "export", vec![]);
    // The answer goes back over HTTP; Discord then accepts follow-ups for its token.
    live.fake.acknowledge(export["token"].as_str().unwrap());
    let answer = live.send(&export).await;
    assert_eq!(
        answer["type"], 5,
        "files cannot ride the HTTP answer: {answer}"
    );
    assert!(is_private(&answer));

    let files = uploads(&live, 4).await;
    assert_eq!(files.len(), 4, "{files:?}");
    let token = export["token"].as_str().unwrap();
    assert_eq!(
        files[0].path,
        format!("/api/v10/webhooks/{}/{token}", ix::APP_ID)
    );
    let names: Vec<&str> = files.iter().map(|f| f.filename.as_str()).collect();
    assert_eq!(
        names,
        ["complaints.csv", "steps.csv", "visits.csv", "scores.csv"]
    );
    assert_eq!(files[3].field, "files[3]");
    let payload = &files[0].payload;
    assert_eq!(payload["flags"], 64);
    assert_eq!(payload["attachments"][1]["filename"], "steps.csv");
    assert!(
        payload["content"]
            .as_str()
            .unwrap()
            .contains("1 complaint(s)")
    );
    let text = String::from_utf8(files[0].bytes.clone()).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "Acme Tools");
    assert_eq!(&row[11], "泵漏水, \"again\"");
    let followups = live.fake.take_webhook_edits();
    assert_eq!(followups.len(), 1, "one follow-up carries all four files");
    assert_eq!(followups[0].0, token);
    live.fake.assert_clean();
}

on_both_databases!(the_weekly_report_is_posted_with_its_chart);
async fn the_weekly_report_is_posted_with_its_chart(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.bench.sweep().await;
    live.bench.sweep_at(live.now() + 7 * 86_400 - 30 * 60).await;
    live.deliver().await;
    let charts: Vec<Upload> = uploads(&live, 1)
        .await
        .into_iter()
        .filter(|u| u.filename.ends_with(".png"))
        .collect();
    assert_eq!(charts.len(), 1);
    assert_eq!(
        charts[0].path,
        format!("/api/v10/channels/{ALERTS}/messages")
    );
    assert_eq!(charts[0].filename, "report-2026-11-23.png");
    assert_eq!(charts[0].content_type, "image/png");
    assert!(charts[0].bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let decoder = png::Decoder::new(std::io::Cursor::new(charts[0].bytes.clone()));
    let info = decoder.read_info().expect("a PNG").info().clone();
    assert_eq!((info.width, info.height), (800, 400));
    // The report is a card with its chart drawn inside it.
    let card = &charts[0].payload["embeds"][0];
    assert_eq!(
        card["title"], "Weekly report · 2026-11-23 – 11-29",
        "{card}"
    );
    assert_eq!(card["image"]["url"], "attachment://report-2026-11-23.png");
    let posts = live.fake.take_posts();
    let report = posts
        .iter()
        .find(|p| p.text().contains("Weekly report · 2026-11-23 – 11-29"))
        .expect("the report's text");
    assert_eq!(report.channel_id, ALERTS);
    assert_eq!(
        report.body["attachments"][0]["filename"],
        "report-2026-11-23.png"
    );
    live.fake.assert_clean();
}
