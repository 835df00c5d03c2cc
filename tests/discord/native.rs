//! What makes rapport look native in Discord: cards as embeds that are
//! redrawn in place as the complaint moves, times as Discord timestamps,
//! and a complaint opened from a customer's own message (Apps → Open
//! complaint).

use serde_json::{Value, json};

use crate::harness::*;
use crate::support::interactions::{self as ix, Who};
use crate::support::{Backend, on_both_databases};

/// `/complaint step` by `rep()` with these options.
fn step(options: Vec<(&str, Value)>) -> Value {
    ix::command(&rep(), "complaint", "step", options)
}

fn field<'a>(card: &'a Value, name: &str) -> &'a str {
    card["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["name"] == name)
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name:?} in {card}"))
}

/// The modal's inputs, by custom_id: (value, max_length).
fn form_inputs(form: &Value) -> Vec<(String, Value)> {
    form["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|i| {
            (
                i["custom_id"].as_str().unwrap_or("").to_string(),
                i["value"].clone(),
            )
        })
        .collect()
}

on_both_databases!(the_card_is_an_embed_coloured_by_severity_and_redrawn_in_place);
async fn the_card_is_an_embed_coloured_by_severity_and_redrawn_in_place(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint("pump leaks after two weeks", "high"))
        .await;
    live.deliver().await;
    live.fake.take_threads();
    let posts = live.fake.take_posts();
    let card_post = posts
        .iter()
        .find(|p| p.channel_id == COMPLAINTS)
        .expect("the card");
    let before = &card_post.body["embeds"][0];
    eprintln!("card before: {before}");
    assert_eq!(before["title"], "#1 · Acme Tools");
    assert_eq!(before["color"], 0xe67e22, "high is orange");
    assert_eq!(field(before, "Severity"), "High");
    assert_eq!(field(before, "Step"), "1 · Calm the customer");
    assert_eq!(field(before, "Owner"), format!("<@{}>", rep().user_id));
    assert!(
        before["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Status: ")
    );
    assert!(
        before["description"]
            .as_str()
            .unwrap()
            .contains("pump leaks after two weeks")
    );
    // The step card in the thread is an embed too, under its buttons.
    let step_card = posts
        .iter()
        .find(|p| p.text().contains("Step 1 · "))
        .expect("step card");
    assert_eq!(step_card.body["embeds"][0]["color"], 0xe67e22);
    assert!(!custom_ids(&step_card.components).is_empty());

    let done = step(vec![
        ("id", json!(1)),
        ("done", json!("listened for twenty minutes")),
        ("mood", json!("calm")),
    ]);
    assert!(content(&live.send(&done).await).contains("recorded"));
    live.deliver().await;
    live.fake.take_posts();
    let edits = take_card_edits(&live.fake);
    assert_eq!(edits.len(), 1, "one redraw for one move");
    assert_eq!(
        edits[0].message_id, card_post.message_id,
        "the same card, edited"
    );
    let after = &edits[0].body["embeds"][0];
    eprintln!("card after: {after}");
    assert_eq!(field(after, "Step"), "2 · Find the cause");
    assert_eq!(after["color"], 0xe67e22);
    // The channel now holds the redrawn card, not a second one.
    let board = live.fake.messages_in(COMPLAINTS);
    assert_eq!(board.len(), 1);
    assert_eq!(board[0]["embeds"][0]["fields"], after["fields"]);

    // Looking at it changes nothing on the board.
    let show = ix::command(&rep(), "complaint", "show", vec![("id", json!(1))]);
    assert!(content(&live.send(&show).await).contains("#1 · Acme Tools"));
    live.deliver().await;
    assert!(
        live.fake.take_edits().is_empty(),
        "no redraw without a change"
    );
    live.fake.assert_clean();
}

on_both_databases!(every_deadline_is_a_discord_timestamp_of_the_stored_instant);
async fn every_deadline_is_a_discord_timestamp_of_the_stored_instant(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint("pump leaks", "normal")).await;
    let calm = step(vec![
        ("id", json!(1)),
        ("done", json!("listened")),
        ("mood", json!("calm")),
    ]);
    live.send(&calm).await;
    let cause = step(vec![
        ("id", json!(1)),
        ("cause", json!("seal cracked")),
        ("asks", json!("a new pump")),
        ("promise", json!("tomorrow 17:00")),
        ("interim", json!("a loan pump")),
    ]);
    let reply = content(&live.send(&cause).await);
    let promised = live.bench.count("SELECT promised_by FROM complaints").await;
    // The reply reads the input back in the server's zone and as a timestamp.
    assert!(
        reply.contains(&format!("<t:{promised}:f>")) && reply.contains(" UTC · "),
        "{reply}"
    );
    live.deliver().await;
    live.fake.take_threads();
    let posts = live.fake.take_posts();
    let edits = take_card_edits(&live.fake);
    let card = &edits.last().expect("redrawn").body["embeds"][0];
    assert_eq!(
        field(card, "Promised by"),
        format!("<t:{promised}:f> (<t:{promised}:R>)")
    );
    let opened = live.bench.count("SELECT created_at FROM complaints").await;
    assert_eq!(field(card, "Opened"), format!("<t:{opened}:f>"));
    let record = posts
        .iter()
        .find(|p| p.text().contains("completed step 2"))
        .expect("the step record in the thread");
    assert!(
        record.text().contains(&format!("<t:{promised}:f>")),
        "{}",
        record.text()
    );
    // No time anywhere is written as a bare local clock reading.
    for p in posts.iter().chain(&edits) {
        assert!(!p.text().contains("17:00"), "{}", p.text());
    }
    live.fake.assert_clean();
}

on_both_databases!(a_customers_own_message_opens_a_complaint_that_links_back_to_it);
async fn a_customers_own_message_opens_a_complaint_that_links_back_to_it(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    let client = Who::new("555555555555555555", "Mr Wang");
    let words = "The pump leaks again!\nSecond week in a row, and nobody called back.";
    let open = ix::message_command(
        &rep(),
        "Open complaint",
        "444444444444444444",
        &client,
        words,
    );
    let message_id = open["data"]["target_id"].as_str().unwrap().to_string();
    let form = live.send(&open).await;
    assert_eq!(form["type"], 9, "a form: {form}");
    let inputs = form_inputs(&form);
    let value = |k: &str| {
        inputs
            .iter()
            .find(|(id, _)| id == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {k} in {form}"))
    };
    assert_eq!(
        value("details"),
        json!(words),
        "the customer's words, verbatim"
    );
    assert_eq!(value("summary"), json!("Mr Wang: The pump leaks again!"));
    assert!(value("customer").is_null(), "no customer guessed yet");
    let custom_id = form["data"]["custom_id"].as_str().unwrap();
    assert_eq!(
        custom_id,
        format!(
            "rp:complaint:new:channel=chat;message=444444444444444444-{message_id};severity=normal"
        )
    );

    let submitted = ix::modal_submit(
        &rep(),
        custom_id,
        &[
            ("customer", "Acme Tools"),
            ("summary", "Mr Wang: The pump leaks again!"),
            ("category", "product"),
            ("temperament", "angry"),
            ("details", words),
        ],
    );
    let reply = live.send(&submitted).await;
    assert!(content(&reply).contains("Complaint #1"), "{reply}");
    let link = format!(
        "https://discord.com/channels/{}/444444444444444444/{message_id}",
        ix::GUILD_ID
    );
    assert_eq!(
        live.bench
            .text("SELECT details FROM complaints")
            .await
            .as_deref(),
        Some(words)
    );
    assert_eq!(
        live.bench.text("SELECT source_link FROM complaints").await,
        Some(link.clone())
    );
    assert_eq!(
        live.bench
            .text("SELECT source FROM complaints")
            .await
            .as_deref(),
        Some("chat")
    );
    live.deliver().await;
    live.fake.take_threads();
    let posts = live.fake.take_posts();
    let card = &posts[0].body["embeds"][0];
    assert_eq!(
        card["url"],
        json!(link),
        "the title leads back to the message"
    );
    assert_eq!(field(card, "The customer's message"), link);

    // The next message from that channel guesses the same customer.
    let again = ix::message_command(
        &rep(),
        "Open complaint",
        "444444444444444444",
        &client,
        "Still leaking.",
    );
    let inputs = form_inputs(&live.send(&again).await);
    let customer = inputs
        .iter()
        .find(|(k, _)| k == "customer")
        .map(|(_, v)| v.clone());
    assert_eq!(customer, Some(json!("Acme Tools")));
    live.fake.assert_clean();
}

on_both_databases!(a_link_to_another_servers_message_is_refused_and_nothing_is_stored);
async fn a_link_to_another_servers_message_is_refused_and_nothing_is_stored(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    // (members are left out: each interaction refreshes the names it saw)
    let before = live.bench.fingerprint_except(&["members"]).await;
    let mut new = new_complaint("leak", "low");
    let options = new["data"]["options"][0]["options"].as_array_mut().unwrap();
    options.push(json!({"name": "message", "type": 3,
        "value": "https://discord.com/channels/999/444/555"}));
    let reply = content(&live.send(&new).await);
    assert!(reply.contains("is not a message of this server"), "{reply}");
    assert_eq!(
        before,
        live.bench.fingerprint_except(&["members"]).await,
        "nothing written"
    );
    live.fake.assert_clean();
}

on_both_databases!(user_text_on_a_card_pings_nobody);
async fn user_text_on_a_card_pings_nobody(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint(
        "@everyone <@999> <@&888> call me",
        "critical",
    ))
    .await;
    live.deliver().await;
    live.fake.take_threads();
    let posts = live.fake.take_posts();
    assert_eq!(
        posts[0].body["embeds"][0]["color"], 0xe74c3c,
        "critical is red"
    );
    for post in posts {
        assert_eq!(post.allowed_mentions["parse"], json!([]));
        assert!(
            post.allowed_mentions["roles"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        let text = post.text();
        assert!(
            !text.contains("@everyone") && !text.contains("<@999>") && !text.contains("<@&888>"),
            "{text}"
        );
    }
    live.fake.assert_clean();
}

on_both_databases!(in_forum_mode_a_complaint_is_a_post_whose_tags_follow_it);
async fn in_forum_mode_a_complaint_is_a_post_whose_tags_follow_it(db: Backend) {
    let live = Live::start(db).await;
    const FORUM: &str = "666666666666666666";
    live.fake.add_forum(ix::GUILD_ID, FORUM, "complaints");
    let set = ix::command(
        &admin(),
        "rapport",
        "settings",
        vec![("complaints_channel", ix::channel_opt(FORUM))],
    );
    assert!(content(&live.send(&set).await).contains("saved"));
    add_customer(&live).await;
    live.send(&new_complaint("pump leaks after two weeks", "high"))
        .await;
    live.deliver().await;
    let threads = live.fake.take_threads();
    assert_eq!(threads.len(), 1, "one post");
    let (parent, _, post, name) = &threads[0];
    assert_eq!(parent, FORUM);
    assert_eq!(name, "#1 Acme Tools · pump leaks after two weeks");
    let posts = live.fake.take_posts();
    assert!(
        posts.iter().all(|p| &p.channel_id == post),
        "everything in the post"
    );
    assert_eq!(
        posts[0].body["embeds"][0]["title"], "#1 · Acme Tools",
        "the card opens it"
    );
    let tags = live.fake.post_tags(post);
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert!(
        tags.contains(&"High".to_string()) && tags.contains(&"Step 1".to_string()),
        "{tags:?}"
    );
    assert_eq!(
        live.fake.forum_tags(FORUM).len(),
        3,
        "made by rapport as needed"
    );
    live.fake.take_channel_edits();

    let done = step(vec![
        ("id", json!(1)),
        ("done", json!("listened")),
        ("mood", json!("calm")),
    ]);
    live.send(&done).await;
    live.deliver().await;
    live.fake.take_posts();
    let edits = live.fake.take_edits();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        (&edits[0].channel_id, &edits[0].message_id),
        (post, post),
        "the post's card"
    );
    assert_eq!(
        field(&edits[0].body["embeds"][0], "Step"),
        "2 · Find the cause"
    );
    let tags = live.fake.post_tags(post);
    assert!(
        tags.contains(&"Step 2".to_string()) && !tags.contains(&"Step 1".to_string()),
        "{tags:?}"
    );
    assert!(tags.len() <= 5);
    let retagged = live.fake.take_channel_edits();
    assert!(
        retagged
            .iter()
            .any(|(c, b)| c == post && b["applied_tags"].is_array()),
        "{retagged:?}"
    );
    assert!(
        live.fake.messages_in(COMPLAINTS).is_empty(),
        "the text channel is left alone"
    );
    live.fake.assert_clean();
}

on_both_databases!(two_moves_before_a_delivery_leave_the_board_on_the_latest_card);
async fn two_moves_before_a_delivery_leave_the_board_on_the_latest_card(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint("pump leaks", "low")).await;
    live.deliver().await;
    live.fake.take_threads();
    live.fake.take_posts();
    for options in [
        vec![
            ("id", json!(1)),
            ("done", json!("listened")),
            ("mood", json!("calm")),
        ],
        vec![
            ("id", json!(1)),
            ("cause", json!("seal cracked")),
            ("asks", json!("a new pump")),
        ],
    ] {
        assert!(content(&live.send(&step(options)).await).contains("recorded"));
    }
    live.deliver().await;
    live.fake.take_posts();
    let edits = take_card_edits(&live.fake);
    assert_eq!(edits.len(), 2, "one redraw a move, in order");
    assert_eq!(
        field(&edits[0].body["embeds"][0], "Step"),
        "2 · Find the cause"
    );
    let board = live.fake.messages_in(COMPLAINTS);
    let card = &board[0]["embeds"][0];
    assert_eq!(
        field(card, "Step"),
        "3 · Design the solution with the company"
    );
    assert_eq!(card["color"], 0x95a5a6, "low is grey");
    live.fake.assert_clean();
}
