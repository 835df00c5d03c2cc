//! A complaint's life through Discord: slash commands, the card and its
//! thread, buttons, forms, approvals, autocomplete and who gets pinged.

use serde_json::json;

use crate::harness::*;
use crate::support::fake_discord::Fault;
use crate::support::interactions::{self as ix};
use crate::support::{Backend, on_both_databases};

on_both_databases!(a_complaint_gets_its_card_thread_ping_and_step_card);
async fn a_complaint_gets_its_card_thread_ping_and_step_card(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    let reply = live
        .send(&new_complaint("pump leaks after two weeks", "high"))
        .await;
    assert!(
        is_private(&reply) && content(&reply).contains("Complaint #1"),
        "{reply}"
    );
    let report = live.deliver().await;
    assert_eq!(report.sent, 3, "{report:?}");

    let threads = live.fake.take_threads();
    assert_eq!(threads.len(), 1);
    let (parent, _, thread, name) = &threads[0];
    assert_eq!(parent, COMPLAINTS);
    assert_eq!(name, "#1 Acme Tools · pump leaks after two weeks");

    let posts = live.fake.take_posts();
    assert_eq!(posts.len(), 3);
    assert_eq!(posts[0].channel_id, COMPLAINTS);
    let card = &posts[0].body["embeds"][0];
    assert_eq!(
        card["title"], "#1 · Acme Tools",
        "the card is an embed: {card}"
    );
    assert!(posts[0].text().contains("pump leaks after two weeks"));
    assert_eq!(
        posts[0].allowed_mentions,
        json!({"parse": [], "users": [], "roles": []}),
        "the card pings nobody"
    );
    assert_eq!(&posts[1].channel_id, thread);
    assert!(posts[1].text().contains(&format!("<@{}>", rep().user_id)));
    assert_eq!(
        posts[1].allowed_mentions,
        json!({"parse": [], "users": [rep().user_id], "roles": []})
    );
    assert_eq!(&posts[2].channel_id, thread);
    assert!(posts[2].text().contains("Step 1"));
    assert_eq!(
        custom_ids(&posts[2].components),
        [
            "rp:complaint:ack:id=1",
            "rp:complaint:step:id=1;step=1",
            "rp:complaint:assign:id=1",
            "rp:complaint:escalate:id=1"
        ]
    );
    assert!(
        posts
            .iter()
            .all(|p| p.nonce.as_deref().is_some_and(|n| n.starts_with("rp"))),
        "idempotent posts"
    );
    assert_eq!(
        live.bench
            .count(&format!(
                "SELECT thread_id FROM complaints WHERE thread_id = {thread}"
            ))
            .await
            .to_string(),
        *thread
    );
    live.fake.assert_clean();
}

on_both_databases!(buttons_and_forms_walk_the_steps_and_only_managers_approve);
async fn buttons_and_forms_walk_the_steps_and_only_managers_approve(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint("pump leaks", "high")).await;
    live.deliver().await;
    live.fake.take_threads();
    live.fake.take_posts();

    // Another rep presses the owner's button: refused privately, nothing written
    // (but the rep, seen for the first time, joins the member directory).
    let before = live.bench.fingerprint_except(&["members"]).await;
    let refused = live
        .send(&ix::button(&other_rep(), "rp:complaint:ack:id=1", "1"))
        .await;
    assert!(
        is_private(&refused) && content(&refused).contains("belongs to"),
        "{refused}"
    );
    assert_eq!(before, live.bench.fingerprint_except(&["members"]).await);

    // "Complete step 1" opens a form with exactly step 1's fields.
    let form = live
        .send(&ix::button(&rep(), "rp:complaint:step:id=1;step=1", "1"))
        .await;
    assert_eq!(form["type"], 9, "{form}");
    assert_eq!(form["data"]["custom_id"], "rp:complaint:step:id=1;step=1");
    let inputs: Vec<_> = form["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["components"][0]["custom_id"].clone())
        .collect();
    assert_eq!(inputs, [json!("done"), json!("mood")]);

    // A form with a field left empty is refused and saves nothing.
    let missing = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:step:id=1;step=1",
            &[("done", "listened"), ("mood", "")],
        ))
        .await;
    assert!(
        is_private(&missing) && content(&missing).contains("`mood` is required"),
        "{missing}"
    );
    assert_eq!(
        live.bench.count("SELECT COUNT(*) FROM step_records").await,
        0
    );

    let done = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:step:id=1;step=1",
            &[("done", "listened for 20 minutes"), ("mood", "calm")],
        ))
        .await;
    assert!(
        is_private(&done) && content(&done).contains("Step 1 of complaint #1 recorded"),
        "{done}"
    );
    live.deliver().await;
    let posts = live.fake.take_posts();
    assert!(posts[0].text().contains("completed step 1"));
    assert!(
        posts[1].text().contains("Step 2")
            && custom_ids(&posts[1].components)
                .contains(&"rp:complaint:step:id=1;step=2".to_string())
    );

    // A stale step-1 button is refused now that the complaint is at step 2.
    let stale = live
        .send(&ix::button(&rep(), "rp:complaint:step:id=1;step=1", "1"))
        .await;
    assert!(content(&stale).contains("already done"), "{stale}");

    // Steps 2 and 3 by slash command; step 3 needs approval (material over the threshold).
    let step = |fields: Vec<(&str, serde_json::Value)>| {
        let mut options = vec![("id", json!(1))];
        options.extend(fields);
        ix::command(&rep(), "complaint", "step", options)
    };
    live.send(&step(vec![
        ("cause", json!("seal")),
        ("asks", json!("new pump")),
        ("promise", json!("+48h")),
    ]))
    .await;
    let three = live
        .send(&step(vec![
            ("remedy", json!("replace pump")),
            ("reasonable", json!("yes")),
            ("deliverable", json!("yes")),
            ("compensation", json!("material")),
            ("detail", json!("RMB 5000")),
        ]))
        .await;
    assert!(content(&three).contains("approval"), "{three}");
    live.deliver().await;
    let posts = live.fake.take_posts();
    let ask = posts
        .iter()
        .find(|p| p.channel_id == ALERTS)
        .expect("approval asked in the alerts channel");
    assert_eq!(
        ask.allowed_mentions,
        json!({"parse": [], "users": [], "roles": [MANAGER_ROLE]})
    );
    assert_eq!(
        custom_ids(&ask.components),
        ["rp:complaint:approve:id=1", "rp:complaint:changes:id=1"]
    );

    let rep_tries = live
        .send(&ix::button(&rep(), "rp:complaint:approve:id=1", "2"))
        .await;
    assert!(
        is_private(&rep_tries) && content(&rep_tries).contains("Only a manager"),
        "{rep_tries}"
    );
    // "Request changes" asks the manager for a note first.
    let note = live
        .send(&ix::button(&manager(), "rp:complaint:changes:id=1", "2"))
        .await;
    assert_eq!(note["type"], 9, "{note}");
    let approved = live
        .send(&ix::button(&manager(), "rp:complaint:approve:id=1", "2"))
        .await;
    assert!(content(&approved).contains("Done"), "{approved}");
    live.deliver().await;
    let posts = live.fake.take_posts();
    assert!(
        posts[0].text().contains("approved")
            && posts[0].allowed_mentions["users"] == json!([rep().user_id])
    );
    assert!(posts[1].text().contains("Step 4"));
    assert_eq!(live.bench.count("SELECT step FROM complaints").await, 4);
    // The card on the board moved with it, in place.
    let edits = take_card_edits(&live.fake);
    let card = edits.last().expect("the card was redrawn").text();
    assert!(card.contains("Step: 4 · Carry it out"), "{card}");
    live.fake.assert_clean();
}

on_both_databases!(reassigning_by_button_asks_whom_and_accepts_a_user_select);
async fn reassigning_by_button_asks_whom_and_accepts_a_user_select(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    // The other rep has used the bot, so the server knows their name.
    live.send(&ix::command(&other_rep(), "rapport", "help", vec![]))
        .await;
    live.send(&new_complaint("late", "normal")).await;
    let form = live
        .send(&ix::button(&rep(), "rp:complaint:assign:id=1", "1"))
        .await;
    // Asks whom with Discord's member picker, privately.
    assert_eq!(form["type"], 4, "asks whom: {form}");
    assert!(is_private(&form));
    let picker = &form["data"]["components"][0]["components"][0];
    assert_eq!(picker["type"], 5, "a user select: {form}");
    assert_eq!(picker["custom_id"], "rp:complaint:assign:id=1");
    let by_name = live
        .send(&ix::modal_submit(
            &rep(),
            "rp:complaint:assign:id=1",
            &[("to", "@chen")],
        ))
        .await;
    assert!(content(&by_name).contains("Done"), "{by_name}");
    assert_eq!(
        live.bench
            .count("SELECT owner_id FROM complaints")
            .await
            .to_string(),
        other_rep().user_id
    );
    let unknown = live
        .send(&ix::modal_submit(
            &manager(),
            "rp:complaint:assign:id=1",
            &[("to", "@nobody")],
        ))
        .await;
    assert!(content(&unknown).contains("don't know who"), "{unknown}");
    let select = live
        .send(&ix::user_select(
            &manager(),
            "rp:complaint:assign:id=1",
            &[&rep().user_id],
        ))
        .await;
    assert!(content(&select).contains("Done"), "{select}");
    assert_eq!(
        live.bench
            .count("SELECT owner_id FROM complaints")
            .await
            .to_string(),
        rep().user_id
    );
    live.deliver().await;
    live.fake.take_posts();
    live.fake.take_threads();
    take_card_edits(&live.fake);
    live.fake.assert_clean();
}

on_both_databases!(customers_and_complaint_ids_autocomplete);
async fn customers_and_complaint_ids_autocomplete(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint("pump leaks", "high")).await;
    let names = live
        .send(&ix::autocomplete(
            &rep(),
            "complaint",
            "new",
            vec![("customer", json!("acm"))],
            "customer",
        ))
        .await;
    assert_eq!(names["type"], 8);
    assert_eq!(
        names["data"]["choices"],
        json!([{"name": "Acme Tools", "value": "Acme Tools"}])
    );
    let ids = live
        .send(&ix::autocomplete(
            &rep(),
            "complaint",
            "ack",
            vec![("id", json!("1"))],
            "id",
        ))
        .await;
    assert_eq!(ids["data"]["choices"][0]["value"], 1);
    assert!(
        ids["data"]["choices"][0]["name"]
            .as_str()
            .unwrap()
            .starts_with("#1 Acme Tools")
    );
    live.deliver().await;
    live.fake.take_posts();
    live.fake.take_threads();
    take_card_edits(&live.fake);
    live.fake.assert_clean();
}

on_both_databases!(mention_injection_pings_nobody);
async fn mention_injection_pings_nobody(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint(
        &format!("@everyone @here <@&{MANAGER_ROLE}> <@999>"),
        "high",
    ))
    .await;
    live.deliver().await;
    let threads = live.fake.take_threads();
    assert!(!threads[0].3.contains("@everyone"), "{}", threads[0].3);
    for post in live.fake.take_posts() {
        assert_eq!(
            post.allowed_mentions["parse"],
            json!([]),
            "{}",
            post.content
        );
        assert!(
            post.allowed_mentions["roles"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert!(
            !post.text().contains("@everyone") && !post.text().contains("<@999>"),
            "{}",
            post.content
        );
    }
    live.fake.assert_clean();
}

on_both_databases!(a_rate_limited_post_is_retried_and_lands_exactly_once);
async fn a_rate_limited_post_is_retried_and_lands_exactly_once(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint("pump leaks", "high")).await;
    live.fake.fail_next(
        "POST",
        "/channels/",
        vec![
            Fault::Status429 {
                retry_after_secs: 0.4,
            },
            Fault::Status500,
        ],
    );
    let first = live.deliver().await;
    assert_eq!((first.sent, first.waiting), (0, 1), "{first:?}");
    assert!(live.fake.take_posts().is_empty());
    let asked = live.fake.requests().len();
    let early = live.deliver().await;
    assert_eq!(early.waiting, 1, "Retry-After is honoured: {early:?}");
    assert_eq!(
        live.fake.requests().len(),
        asked,
        "without asking Discord again"
    );
    // The pause is Discord's, in real time.
    tokio::time::sleep(std::time::Duration::from_millis(450)).await;
    let second = live.deliver().await;
    assert_eq!(second.retried, 1, "then a 500: {second:?}");
    let third = live.deliver_after(60).await;
    assert_eq!(third.sent, 3, "{third:?}");
    let posts = live.fake.take_posts();
    assert_eq!(posts.len(), 3, "each message exactly once");
    let attempts = live.bench.count("SELECT MAX(attempts) FROM outbox").await;
    assert_eq!(attempts, 2, "the 429 was no failed attempt; the 500 was");
    live.fake.take_threads();
    take_card_edits(&live.fake);
    live.fake.assert_clean();
}

on_both_databases!(a_post_that_landed_but_was_not_confirmed_is_not_posted_twice);
async fn a_post_that_landed_but_was_not_confirmed_is_not_posted_twice(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    live.send(&new_complaint("pump leaks", "high")).await;
    live.deliver().await;
    live.fake.take_posts();
    live.fake.take_threads();
    // Pretend the confirmation of the last post was lost: mark it pending again.
    sqlx::query("UPDATE outbox SET status = 'pending' WHERE id = (SELECT MAX(id) FROM outbox)")
        .execute(&live.bench.app.db.pool)
        .await
        .unwrap();
    live.deliver().await;
    assert!(
        live.fake.take_posts().is_empty(),
        "Discord dropped the repeat by its nonce"
    );
    live.fake.assert_clean();
}

on_both_databases!(the_command_tree_registers_with_chinese_localizations);
async fn the_command_tree_registers_with_chinese_localizations(db: Backend) {
    let live = Live::start(db).await;
    let n = rapport::discord::registry::register(&live.discord.rest, ix::APP_ID, Some(123))
        .await
        .expect("accepted");
    assert_eq!(
        n, 8,
        "customer, complaint, visit, score, report, voc, rapport, and Apps → Open complaint"
    );
    let registered = live.fake.registered_commands();
    let menu = registered
        .iter()
        .find(|c| c["type"] == 3)
        .expect("a message command");
    assert_eq!(menu["name"], "Open complaint");
    assert_eq!(menu["name_localizations"]["zh-CN"], "登记投诉");
    let complaint = registered
        .iter()
        .find(|c| c["name"] == "complaint")
        .unwrap();
    assert_eq!(complaint["name_localizations"]["zh-CN"], "投诉");
    assert!(
        live.fake.rejected().is_empty(),
        "{:?}",
        live.fake.rejected()
    );
    live.fake.assert_clean();
}

on_both_databases!(slow_work_is_deferred_within_discords_deadline_and_edited_in);
async fn slow_work_is_deferred_within_discords_deadline_and_edited_in(db: Backend) {
    let live = Live::start(db).await;
    add_customer(&live).await;
    // Another process holds a lock the new complaint needs for 3.5 s: the bot
    // must not stay silent.
    let url = live.bench.url.clone();
    let holder = tokio::spawn(async move {
        use sqlx::Connection;
        let hold = std::time::Duration::from_millis(3500);
        match db {
            Backend::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
                sqlx::query("BEGIN IMMEDIATE")
                    .execute(&mut conn)
                    .await
                    .unwrap();
                tokio::time::sleep(hold).await;
                sqlx::query("ROLLBACK").execute(&mut conn).await.unwrap();
            }
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
                let mut tx = sqlx::Connection::begin(&mut conn).await.unwrap();
                sqlx::query("LOCK TABLE complaints IN EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tokio::time::sleep(hold).await;
                tx.rollback().await.unwrap();
            }
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let payload = new_complaint("pump leaks", "high");
    let token = payload["token"].as_str().unwrap().to_string();
    let started = std::time::Instant::now();
    let first = live.send(&payload).await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "answered in {:?}",
        started.elapsed()
    );
    assert_eq!(first["type"], 5, "deferred: {first}");
    assert!(is_private(&first));
    // Discord has the deferral now; the real answer is edited in once the lock is gone.
    live.fake.acknowledge(&token);
    holder.await.unwrap();
    let mut edits = Vec::new();
    for _ in 0..100 {
        edits = live.fake.take_webhook_edits();
        if !edits.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(edits.len(), 1, "one edit of the deferred answer");
    assert_eq!(edits[0].0, token);
    assert!(
        edits[0].1["content"]
            .as_str()
            .unwrap()
            .contains("Complaint #1"),
        "{}",
        edits[0].1
    );
    assert_eq!(live.bench.count("SELECT COUNT(*) FROM complaints").await, 1);
    live.deliver().await;
    assert_eq!(live.fake.take_posts().len(), 3, "card, ping and step card");
    assert_eq!(live.fake.take_threads().len(), 1);
    live.fake.assert_clean();
}
