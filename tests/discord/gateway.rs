//! The gateway path: the bot connects to a stand-in gateway, and an
//! INTERACTION_CREATE is answered through the REST callback.

use std::time::Duration;

use serde_json::json;

use crate::harness::*;
use crate::support::Bench;
use crate::support::fake_discord::FakeDiscord;
use crate::support::interactions::{self as ix, Signer};
use crate::support::{Backend, on_both_databases};

on_both_databases!(an_interaction_through_the_gateway_is_answered_and_its_posts_delivered);
async fn an_interaction_through_the_gateway_is_answered_and_its_posts_delivered(db: Backend) {
    let bench = Bench::on(db).await;
    let fake = FakeDiscord::start().await;
    let signer = Signer::new();
    let mut env = env(&fake, &signer, true);
    env.public_key = None;
    let app = bench.app.clone();
    let bot = tokio::spawn(rapport::discord::run(app, env));
    let identify = fake.wait_identified(Duration::from_secs(10)).await;
    assert!(
        identify["token"].as_str().unwrap().ends_with("test-token"),
        "{identify}"
    );

    let commands = [
        ix::command(
            &admin(),
            "rapport",
            "settings",
            vec![("complaints_channel", ix::channel_opt(COMPLAINTS))],
        ),
        ix::command(
            &rep(),
            "customer",
            "add",
            vec![
                ("name", json!("Acme Tools")),
                ("owner", ix::user_opt(&rep().user_id)),
                ("tier", json!("key")),
            ],
        ),
        ix::command(
            &rep(),
            "complaint",
            "new",
            vec![
                ("customer", json!("Acme Tools")),
                ("summary", json!("pump leaks")),
                ("category", json!("product")),
                ("severity", json!("high")),
                ("temperament", json!("angry")),
                ("channel", json!("visit")),
            ],
        ),
    ];
    let mut texts = Vec::new();
    for command in commands {
        fake.dispatch("INTERACTION_CREATE", command);
        let mut answered = Vec::new();
        for _ in 0..200 {
            answered = fake.take_interaction_responses();
            if !answered.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert_eq!(
            answered.len(),
            1,
            "each interaction answered through the callback"
        );
        texts.push(
            answered[0].1["data"]["content"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        );
    }
    assert!(texts[0].contains("Settings saved"), "{texts:?}");
    assert!(
        texts[1].contains("Customer **Acme Tools** added"),
        "{texts:?}"
    );
    assert!(texts[2].contains("Complaint #1"), "{texts:?}");
    // The delivery loop posted the card and opened the thread.
    for _ in 0..100 {
        if fake.take_threads().len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for _ in 0..100 {
        if bench
            .count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
            .await
            == 3
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        bench
            .count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
            .await,
        3
    );
    let posts = fake.take_posts();
    assert_eq!(posts.len(), 3);
    bot.abort();
    fake.assert_clean();
}
