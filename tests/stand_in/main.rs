//! Self-test of the Discord stand-in (`tests/support/fake_discord.rs`) and of the interaction
//! payload builders (`tests/support/interactions.rs`), checked against serenity itself.

#[path = "../support/fake_discord.rs"]
mod fake_discord;
#[path = "../support/interactions.rs"]
mod interactions;
#[path = "../support/rate_limits.rs"]
mod rate_limits;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use fake_discord::{FakeDiscord, Fault};
use futures_util::{SinkExt, StreamExt};
use interactions::{Signer, Who};
use reqwest::Method;
use serde_json::{Value, json};
use serenity::all::{
    ActionRowComponent, ApplicationId, ChannelId, Command, CommandOptionType,
    ComponentInteractionDataKind, CreateButton, CreateCommand, CreateCommandOption,
    CreateInputText, CreateInteractionResponse, CreateMessage, CreateModal, CreateThread,
    EditInteractionResponse, GatewayIntents, Http, HttpBuilder, InputTextStyle, Interaction,
    MessageId, Nonce, Permissions, ResolvedValue, UserId,
};
use tokio_tungstenite::tungstenite::Message as WsMessage;

const WAIT: Duration = Duration::from_secs(10);

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let frame = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("a frame in time");
        if let WsMessage::Text(text) = frame.expect("socket open").expect("a frame") {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// serenity 0.12.5 ignores `proxy` unless its ratelimiter is disabled.
fn http(fake: &FakeDiscord) -> Http {
    let app = ApplicationId::new(fake_discord::APP_ID.parse().unwrap());
    HttpBuilder::new("fake-token")
        .proxy(fake.base())
        .ratelimiter_disabled(true)
        .application_id(app)
        .build()
}

fn channel() -> ChannelId {
    ChannelId::new(interactions::CHANNEL_ID.parse().unwrap())
}

fn rep() -> Who {
    Who::new("101", "rep")
}

fn panics(f: impl FnOnce()) -> bool {
    catch_unwind(AssertUnwindSafe(f)).is_err()
}

async fn raw(fake: &FakeDiscord, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
    let url = format!("{}/api/v10{path}", fake.base());
    let response = reqwest::Client::new()
        .request(method, url)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn messages_are_recorded_and_nonces_deduplicated() {
    let fake = FakeDiscord::start().await;
    let http = http(&fake);
    let button = CreateButton::new("complaint:1:next").label("Next");
    let message = CreateMessage::new()
        .content("Complaint #1 opened")
        .nonce(Nonce::String("outbox-1".into()))
        .enforce_nonce(true)
        .button(button);
    let first = channel()
        .send_message(&http, message.clone())
        .await
        .unwrap();
    let again = channel().send_message(&http, message).await.unwrap();
    assert_eq!(first.id, again.id, "same nonce, same message");
    assert_eq!(first.content, "Complaint #1 opened");
    assert_eq!(first.components.len(), 1);

    let posts = fake.take_posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].channel_id, interactions::CHANNEL_ID);
    assert_eq!(posts[0].message_id, first.id.to_string());
    assert_eq!(posts[0].nonce.as_deref(), Some("outbox-1"));
    assert_eq!(
        posts[0].components[0]["components"][0]["custom_id"],
        "complaint:1:next"
    );
    assert_eq!(fake.requests().len(), 2);
    assert!(
        fake.requests()[0]
            .headers
            .iter()
            .any(|(k, v)| k == "authorization" && v == "Bot fake-token")
    );

    let empty = channel().send_message(&http, CreateMessage::new()).await;
    assert!(empty.is_err(), "Discord refuses empty messages");
    let path = format!("/channels/{}/messages", channel());
    let (status, body) = raw(
        &fake,
        Method::POST,
        &path,
        json!({"content": "x".repeat(2001)}),
    )
    .await;
    assert_eq!((status, body["code"].clone()), (400, json!(50035)));
    assert_eq!(fake.take_rejected().len(), 2);
    fake.assert_clean();
}

#[tokio::test]
async fn threads_are_channels_and_dms_are_stable() {
    let fake = FakeDiscord::start().await;
    let http = http(&fake);
    let starter = channel().say(&http, "Complaint #7").await.unwrap();
    let thread = channel()
        .create_thread_from_message(&http, starter.id, CreateThread::new("Complaint #7"))
        .await
        .unwrap();
    assert_eq!(thread.parent_id, Some(channel()));
    assert_eq!(thread.guild_id.to_string(), interactions::GUILD_ID);
    thread.id.say(&http, "Step 1 of 5").await.unwrap();
    let unknown =
        channel().create_thread_from_message(&http, MessageId::new(5), CreateThread::new("x"));
    assert!(unknown.await.is_err());
    let (status, body) = raw(
        &fake,
        Method::POST,
        &format!("/channels/{}/messages/{}/threads", channel(), starter.id),
        json!({"name": "again"}),
    )
    .await;
    assert_eq!((status, body["code"].clone()), (400, json!(160004)));
    assert_eq!(fake.take_rejected().len(), 2);

    let threads = fake.take_threads();
    assert_eq!(
        threads,
        vec![(
            channel().to_string(),
            starter.id.to_string(),
            thread.id.to_string(),
            "Complaint #7".to_string()
        )]
    );
    let posts = fake.take_posts();
    assert_eq!(
        posts
            .iter()
            .map(|p| p.channel_id.clone())
            .collect::<Vec<_>>(),
        vec![channel().to_string(), thread.id.to_string()]
    );

    let dm = UserId::new(444).create_dm_channel(&http).await.unwrap();
    let dm_again = UserId::new(444).create_dm_channel(&http).await.unwrap();
    assert_eq!(dm.id, dm_again.id);
    assert_eq!(dm.recipient.id, UserId::new(444));
    assert_eq!(fake.dm_channel_of("444"), Some(dm.id.to_string()));
    dm.id.say(&http, "Reminder").await.unwrap();
    assert_eq!(fake.take_posts()[0].channel_id, dm.id.to_string());
    fake.assert_clean();
}

#[tokio::test]
async fn faults_then_normal_answers() {
    let fake = FakeDiscord::start().await;
    let http = http(&fake);
    fake.fail_next(
        "POST",
        "/channels/",
        vec![Fault::Status429 {
            retry_after_secs: 0.2,
        }],
    );
    let limited = channel().say(&http, "after a 429").await.unwrap_err();
    let serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(e)) = limited else {
        panic!("{limited:?}")
    };
    assert_eq!(e.status_code.as_u16(), 429);
    channel().say(&http, "after a 429").await.unwrap();
    let statuses: Vec<u16> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![429, 200]);
    assert_eq!(fake.take_posts().len(), 1, "the 429 created nothing");

    let limit = Fault::Status429 {
        retry_after_secs: 1.5,
    };
    fake.fail_next("GET", "/users/@me", vec![limit]);
    let response = reqwest::get(format!("{}/api/v10/users/@me", fake.base()))
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "1.5");
    assert_eq!(response.headers()["x-ratelimit-scope"], "user");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (body["retry_after"].clone(), body["global"].clone()),
        (json!(1.5), json!(false))
    );

    let path = format!("/api/v10/channels/{}/messages", channel());
    fake.fail_next(
        "post",
        &path,
        vec![
            Fault::Status500,
            Fault::Drop,
            Fault::Delay(Duration::from_millis(300)),
        ],
    );
    let (status, body) = raw(
        &fake,
        Method::POST,
        &format!("/channels/{}/messages", channel()),
        json!({"content": "a"}),
    )
    .await;
    assert_eq!(
        (status, body["message"].clone()),
        (500, json!("500: Internal Server Error"))
    );
    let url = format!("{}{path}", fake.base());
    let dropped = reqwest::Client::new()
        .post(&url)
        .json(&json!({"content": "b"}))
        .send()
        .await;
    assert!(
        dropped.is_err(),
        "the connection was closed without an answer"
    );
    let started = Instant::now();
    let (status, _) = raw(
        &fake,
        Method::POST,
        &format!("/channels/{}/messages", channel()),
        json!({"content": "c"}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let posts = fake.take_posts();
    assert_eq!(
        posts.iter().map(|p| p.content.as_str()).collect::<Vec<_>>(),
        vec!["c"]
    );
    assert_eq!(
        fake.requests().iter().map(|r| r.status).collect::<Vec<_>>(),
        vec![429, 200, 429, 500, 0, 200]
    );
    fake.assert_clean();
}

/// A multipart message with one file, as `payload_json` and `files[0]`.
fn multipart_body(boundary: &str, file: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\
         Content-Type: application/json\r\n\r\n\
         {{\"content\":\"chunked\",\"attachments\":[{{\"id\":0,\"filename\":\"a.csv\"}}]}}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

/// Sends `head` then `body` in chunks of `size` (the last one shorter), with a
/// chunk extension on the first and a trailer after the last.
async fn send_chunked(stream: &mut tokio::net::TcpStream, head: &str, body: &[u8], size: usize) {
    use tokio::io::AsyncWriteExt;
    let mut wire = head.as_bytes().to_vec();
    for (i, chunk) in body.chunks(size).enumerate() {
        let ext = if i == 0 { ";name=value" } else { "" };
        wire.extend_from_slice(format!("{:X}{ext}\r\n", chunk.len()).as_bytes());
        wire.extend_from_slice(chunk);
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(b"0\r\nx-trailer: ignored\r\n\r\n");
    stream.write_all(&wire).await.unwrap();
}

/// Reads one answer's status line and headers, then its `content-length` body.
async fn read_answer(r: &mut tokio::io::BufReader<tokio::net::TcpStream>) -> (u16, Value) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt};
    let mut status = String::new();
    r.read_line(&mut status).await.unwrap();
    let mut length = 0;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).await.unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).await.unwrap();
    let code = status.split_whitespace().nth(1).unwrap().parse().unwrap();
    (code, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn chunked_multipart_bodies_are_read_whole_and_the_connection_kept() {
    let fake = FakeDiscord::start().await;
    let addr = fake.base().trim_start_matches("http://").to_string();
    let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let mut reader = tokio::io::BufReader::new(stream);
    let boundary = "b-0123";
    let file: Vec<u8> = (0..3000u32).map(|i| (i % 251) as u8).collect();
    let head = format!(
        "POST /api/v10/channels/{}/messages HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\n\
         Transfer-Encoding: chunked\r\n\r\n",
        channel()
    );
    // 7-byte chunks split the boundary and the headers of every part.
    send_chunked(reader.get_mut(), &head, &multipart_body(boundary, &file), 7).await;
    let (status, message) = read_answer(&mut reader).await;
    assert_eq!(
        (status, message["content"].clone()),
        (200, json!("chunked"))
    );
    // The same connection carries the next request: the chunked framing was consumed exactly.
    send_chunked(
        reader.get_mut(),
        &head,
        &multipart_body(boundary, b"x,y\r\n"),
        4096,
    )
    .await;
    assert_eq!(read_answer(&mut reader).await.0, 200);

    let uploads = fake.take_uploads();
    assert_eq!(uploads.len(), 2);
    assert_eq!(
        (uploads[0].field.as_str(), uploads[0].filename.as_str()),
        ("files[0]", "a.csv")
    );
    assert_eq!(uploads[0].content_type, "text/csv");
    assert_eq!(uploads[0].bytes, file);
    assert_eq!(uploads[0].payload["attachments"][0]["filename"], "a.csv");
    assert_eq!(uploads[1].bytes, b"x,y\r\n");
    assert_eq!(fake.take_posts().len(), 2);
    fake.assert_clean();
}

#[tokio::test]
async fn a_chunked_body_past_the_limit_or_malformed_ends_the_connection() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let fake = FakeDiscord::start().await;
    let addr = fake.base().trim_start_matches("http://").to_string();
    let head = format!(
        "POST /api/v10/channels/{}/messages HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        channel()
    );
    for bad in ["FFFFFFFF\r\n", "zz\r\n", "2\r\n{}XX", "0\r\nx-trailer"] {
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        stream
            .write_all(format!("{head}{bad}").as_bytes())
            .await
            .unwrap();
        stream.shutdown().await.unwrap();
        let mut answer = Vec::new();
        let read = tokio::time::timeout(WAIT, stream.read_to_end(&mut answer)).await;
        assert!(
            matches!(read, Ok(Ok(0)) | Ok(Err(_))),
            "{bad:?}: {answer:?}"
        );
    }
    assert!(fake.requests().is_empty());
    fake.assert_clean();
}

#[tokio::test]
async fn unknown_routes_are_listed() {
    let fake = FakeDiscord::start().await;
    let (status, body) = raw(&fake, Method::GET, "/guilds/1/roles", Value::Null).await;
    assert_eq!(
        (status, body),
        (404, json!({"message": "404: Not Found", "code": 0}))
    );
    assert_eq!(
        fake.unknown_routes(),
        vec!["GET /api/v10/guilds/1/roles".to_string()]
    );
    assert!(panics(|| fake.assert_clean()));
    fake.take_unknown_routes();
    fake.assert_clean();
}

#[tokio::test]
async fn a_test_that_never_checks_the_stand_in_fails() {
    let unread = FakeDiscord::start().await;
    let (status, _) = raw(
        &unread,
        Method::POST,
        &format!("/channels/{}/messages", interactions::CHANNEL_ID),
        json!({"content": "never read"}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(panics(move || drop(unread)), "an unread post was forgotten");
    // Even a clean stand-in must have been checked: the check is what the test forgot.
    let clean = FakeDiscord::start().await;
    assert!(
        panics(move || drop(clean)),
        "the check itself was forgotten"
    );
    let checked = FakeDiscord::start().await;
    checked.assert_clean();
    assert!(!panics(move || drop(checked)));
}

#[tokio::test]
async fn interaction_responses_webhooks_and_commands() {
    let fake = FakeDiscord::start().await;
    let http = http(&fake);
    let Interaction::Command(cmd) = serde_json::from_value(interactions::command(
        &rep(),
        "complaint",
        "view",
        vec![("number", json!(7))],
    ))
    .unwrap() else {
        panic!("not a command")
    };
    assert!(
        cmd.edit_response(&http, EditInteractionResponse::new().content("early"))
            .await
            .is_err(),
        "no webhook before the callback"
    );
    cmd.defer_ephemeral(&http).await.unwrap();
    assert!(
        cmd.defer(&http).await.is_err(),
        "a second callback is refused"
    );
    let edited = cmd
        .edit_response(
            &http,
            EditInteractionResponse::new().content("Complaint #7"),
        )
        .await
        .unwrap();
    let followup = cmd
        .create_followup(
            &http,
            serenity::all::CreateInteractionResponseFollowup::new().content("more"),
        )
        .await
        .unwrap();
    assert_ne!(edited.id, followup.id);
    let responses = fake.take_interaction_responses();
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0].0, cmd.id.to_string());
    assert_eq!(responses[0].1["type"], 5);
    let edits = fake.take_webhook_edits();
    assert_eq!(
        edits
            .iter()
            .map(|(t, b)| (t.as_str(), b["content"].clone()))
            .collect::<Vec<_>>(),
        vec![
            (cmd.token.as_str(), json!("Complaint #7")),
            (cmd.token.as_str(), json!("more"))
        ]
    );
    let rejected = fake.take_rejected();
    assert!(
        rejected[0].contains("10015") && rejected[1].contains("40060"),
        "{rejected:?}"
    );

    // The fake keys acknowledgements on the token, so any interaction id will do.
    let modal = |title: usize| {
        let input = CreateInputText::new(InputTextStyle::Paragraph, "Summary", "summary");
        let row = serenity::all::CreateActionRow::InputText(input);
        CreateInteractionResponse::Modal(
            CreateModal::new("form", "x".repeat(title)).components(vec![row]),
        )
    };
    let long_title = http
        .create_interaction_response(cmd.id, "other-token", &modal(46), vec![])
        .await;
    assert!(long_title.is_err(), "modal titles are at most 45");
    http.create_interaction_response(cmd.id, "third-token", &modal(45), vec![])
        .await
        .unwrap();
    assert_eq!(fake.take_interaction_responses().len(), 1);
    assert_eq!(fake.take_rejected().len(), 1);

    let sub = CreateCommandOption::new(CommandOptionType::SubCommand, "view", "Show a complaint")
        .add_sub_option(
            CreateCommandOption::new(CommandOptionType::Integer, "number", "Its number")
                .required(true),
        );
    let create = CreateCommand::new("complaint")
        .description("Complaints")
        .name_localized("de", "beschwerde")
        .add_option(sub);
    let commands = Command::set_global_commands(&http, vec![create.clone()])
        .await
        .unwrap();
    let again = Command::set_global_commands(&http, vec![create])
        .await
        .unwrap();
    assert_eq!(commands[0].id, again[0].id, "ids are stable per name");
    assert_eq!(commands[0].name, "complaint");
    assert_eq!(fake.registered_commands()[0]["options"][0]["name"], "view");
    let bad = CreateCommand::new("Complaint").description("x");
    assert!(
        Command::set_global_commands(&http, vec![bad])
            .await
            .is_err(),
        "names are lowercase"
    );
    let bad = CreateCommand::new("complaint")
        .description("x")
        .name_localized("en", "x");
    assert!(
        Command::set_global_commands(&http, vec![bad])
            .await
            .is_err(),
        "en is not a Discord locale"
    );
    assert_eq!(fake.take_rejected().len(), 2);
    let guild = serenity::all::GuildId::new(interactions::GUILD_ID.parse().unwrap());
    guild
        .set_commands(
            &http,
            vec![CreateCommand::new("score").description("Scores")],
        )
        .await
        .unwrap();
    assert_eq!(fake.registered_commands()[0]["name"], "score");
    fake.assert_clean();
}

#[tokio::test]
async fn gateway_speaks_the_protocol() {
    let fake = FakeDiscord::start().await;
    let (status, gateway) = raw(&fake, Method::GET, "/gateway/bot", Value::Null).await;
    assert_eq!(
        (status, gateway["url"].clone()),
        (200, json!(fake.gateway_url()))
    );
    let url = format!("{}/?v=10&encoding=json", fake.gateway_url());
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let hello = next_json(&mut ws).await;
    assert_eq!(hello["op"], 10);
    assert_eq!(hello["d"]["heartbeat_interval"], 41250);
    let identify = json!({"op": 2, "d": {"token": "Bot fake-token", "intents": 513, "properties": {}, "compress": true}});
    ws.send(WsMessage::Text(identify.to_string()))
        .await
        .unwrap();
    assert_eq!(fake.wait_identified(WAIT).await["token"], "Bot fake-token");
    let ready = next_json(&mut ws).await;
    assert_eq!(
        (ready["t"].clone(), ready["s"].clone()),
        (json!("READY"), json!(1))
    );
    let parsed: serenity::all::Ready = serde_json::from_value(ready["d"].clone()).unwrap();
    assert_eq!(parsed.user.name, "rapport");

    ws.send(WsMessage::Text(json!({"op": 1, "d": 1}).to_string()))
        .await
        .unwrap();
    assert_eq!(next_json(&mut ws).await["op"], 11);
    assert_eq!(fake.heartbeats(), 1);

    let payload = interactions::command(
        &rep(),
        "complaint",
        "new",
        vec![("summary", json!("pump leaks"))],
    );
    fake.dispatch("INTERACTION_CREATE", payload.clone());
    let event = next_json(&mut ws).await;
    assert_eq!(
        (event["op"].clone(), event["t"].clone(), event["s"].clone()),
        (json!(0), json!("INTERACTION_CREATE"), json!(2))
    );
    assert_eq!(event["d"], payload);
    assert!(matches!(
        serde_json::from_value(event["d"].clone()).unwrap(),
        Interaction::Command(_)
    ));

    // A second connection resumes where the first left off.
    let (mut again, _) = tokio_tungstenite::connect_async(fake.gateway_url())
        .await
        .unwrap();
    assert_eq!(next_json(&mut again).await["op"], 10);
    let resume =
        json!({"op": 6, "d": {"token": "Bot fake-token", "session_id": "fake-session", "seq": 2}});
    again
        .send(WsMessage::Text(resume.to_string()))
        .await
        .unwrap();
    let resumed = next_json(&mut again).await;
    assert_eq!(
        (resumed["t"].clone(), resumed["s"].clone()),
        (json!("RESUMED"), json!(3))
    );
    assert_eq!(fake.gateway_clients(), 2);
    fake.dispatch("GUILD_CREATE", json!({"id": interactions::GUILD_ID}));
    assert_eq!(next_json(&mut again).await["s"], 4);
    assert_eq!(next_json(&mut ws).await["s"], 3);
    fake.assert_clean();
}

struct Handler(tokio::sync::mpsc::UnboundedSender<String>);

#[serenity::async_trait]
impl serenity::all::EventHandler for Handler {
    async fn ready(&self, _: serenity::all::Context, ready: serenity::all::Ready) {
        let _ = self.0.send(format!("ready {}", ready.user.name));
    }

    async fn interaction_create(&self, _: serenity::all::Context, interaction: Interaction) {
        if let Interaction::Command(cmd) = interaction {
            let _ = self
                .0
                .send(format!("command {} by {}", cmd.data.name, cmd.user.name));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_serenity_client_connects_and_receives_interactions() {
    let fake = FakeDiscord::start().await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut client =
        serenity::all::ClientBuilder::new_with_http(http(&fake), GatewayIntents::GUILDS)
            .event_handler(Handler(tx))
            .await
            .unwrap();
    let running = tokio::spawn(async move { client.start().await });
    let identify = fake.wait_identified(WAIT).await;
    assert_eq!(identify["token"], "Bot fake-token");
    let got = tokio::time::timeout(WAIT, rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, "ready rapport");
    fake.dispatch(
        "INTERACTION_CREATE",
        interactions::command(&rep(), "score", "show", vec![]),
    );
    let got = tokio::time::timeout(WAIT, rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, "command score by rep");
    running.abort();
    fake.assert_clean();
}

#[test]
fn every_builder_deserializes_with_serenity() {
    let manager = Who {
        permissions: "32".into(),
        roles: vec!["555".into()],
        locale: "de".into(),
        ..Who::new("201", "manager")
    };
    let parse = |v: Value| {
        serde_json::from_value::<Interaction>(v.clone()).unwrap_or_else(|e| panic!("{e}: {v}"))
    };

    assert!(matches!(parse(interactions::ping()), Interaction::Ping(_)));

    let options = vec![
        ("customer", json!("Acme Tools")),
        ("count", json!(3)),
        ("urgent", json!(true)),
        ("ratio", json!(0.5)),
        ("owner", interactions::user_opt("101")),
        ("team", interactions::role_opt("555")),
        ("where", interactions::channel_opt("333333333333333333")),
    ];
    let Interaction::Command(cmd) =
        parse(interactions::command(&manager, "customer", "add", options))
    else {
        panic!("command")
    };
    assert_eq!(cmd.data.name, "customer");
    assert_eq!(cmd.locale, "de");
    assert_eq!(cmd.user.id, UserId::new(201));
    let member = cmd.member.as_ref().unwrap();
    assert_eq!(member.permissions, Some(Permissions::MANAGE_GUILD));
    assert_eq!(member.roles[0].to_string(), "555");
    let app = cmd.app_permissions.unwrap();
    assert!(app.contains(
        Permissions::SEND_MESSAGES
            | Permissions::CREATE_PUBLIC_THREADS
            | Permissions::SEND_MESSAGES_IN_THREADS
    ));
    let resolved = cmd.data.options();
    assert_eq!(resolved[0].name, "add");
    let ResolvedValue::SubCommand(inner) = &resolved[0].value else {
        panic!("subcommand")
    };
    assert_eq!(inner.len(), 7);
    assert!(matches!(
        inner[0].value,
        ResolvedValue::String("Acme Tools")
    ));
    assert!(matches!(inner[1].value, ResolvedValue::Integer(3)));
    assert!(matches!(inner[2].value, ResolvedValue::Boolean(true)));
    assert!(matches!(inner[3].value, ResolvedValue::Number(_)));
    assert!(matches!(inner[4].value, ResolvedValue::User(u, Some(_)) if u.id == UserId::new(101)));
    assert!(matches!(inner[5].value, ResolvedValue::Role(r) if r.id.to_string() == "555"));
    assert!(matches!(inner[6].value, ResolvedValue::Channel(c) if c.id == channel()));

    let Interaction::Command(top) = parse(interactions::command(
        &rep(),
        "ping",
        "",
        vec![("loud", json!(false))],
    )) else {
        panic!()
    };
    assert_eq!(top.data.options[0].name, "loud");

    let typing = vec![
        ("customer", json!("Ac")),
        ("number", interactions::typed(4, json!(1))),
    ];
    let Interaction::Autocomplete(auto) = parse(interactions::autocomplete(
        &rep(),
        "complaint",
        "view",
        typing,
        "number",
    )) else {
        panic!("autocomplete")
    };
    let focused = auto.data.autocomplete().unwrap();
    assert_eq!(
        (focused.name, focused.value, focused.kind),
        ("number", "1", CommandOptionType::Integer)
    );

    let Interaction::Component(click) = parse(interactions::button(
        &rep(),
        "complaint:7:close",
        "900000000000000005",
    )) else {
        panic!("button")
    };
    assert_eq!(click.data.custom_id, "complaint:7:close");
    assert!(matches!(
        click.data.kind,
        ComponentInteractionDataKind::Button
    ));
    assert_eq!(click.message.id, MessageId::new(900000000000000005));
    assert_eq!(click.channel_id, channel());

    let Interaction::Component(pick) =
        parse(interactions::user_select(&rep(), "assign", &["101", "102"]))
    else {
        panic!("select")
    };
    let ComponentInteractionDataKind::UserSelect { values } = &pick.data.kind else {
        panic!("user select")
    };
    assert_eq!(values, &vec![UserId::new(101), UserId::new(102)]);
    assert_eq!(pick.data.resolved.users.len(), 2);

    let Interaction::Modal(form) = parse(interactions::modal_submit(
        &rep(),
        "visit:new",
        &[("summary", "Met the buyer"), ("mood", "calm")],
    )) else {
        panic!("modal")
    };
    assert_eq!(form.data.custom_id, "visit:new");
    let ActionRowComponent::InputText(input) = &form.data.components[1].components[0] else {
        panic!("text input")
    };
    assert_eq!(
        (input.custom_id.as_str(), input.value.as_deref()),
        ("mood", Some("calm"))
    );

    let a = interactions::command(&rep(), "score", "show", vec![]);
    let b = interactions::command(&rep(), "score", "show", vec![]);
    assert_ne!(a["id"], b["id"]);
    assert_ne!(a["token"], b["token"]);
    assert_eq!(
        a["data"]["id"], b["data"]["id"],
        "one command id per command"
    );
}

#[tokio::test]
async fn signatures_verify() {
    let signer = Signer::new();
    assert_eq!(
        signer.public_key_hex(),
        Signer::new().public_key_hex(),
        "deterministic"
    );
    let body = interactions::ping().to_string();
    let signature = signer.sign("1795428000", &body);
    let verifier = serenity::interactions_endpoint::Verifier::new(&signer.public_key_hex());
    assert!(
        verifier
            .verify(&signature, "1795428000", body.as_bytes())
            .is_ok()
    );
    assert!(
        verifier
            .verify(&signature, "1795428001", body.as_bytes())
            .is_err()
    );
    assert!(
        verifier
            .verify(&signature, "1795428000", format!("{body} ").as_bytes())
            .is_err()
    );

    // post_signed sends exactly the bytes it signed.
    let key = signer.public_key_hex();
    let app = axum::Router::new().route(
        "/interactions",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: String| async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string()
                };
                let ok = serenity::interactions_endpoint::Verifier::new(&key)
                    .verify(
                        &header("x-signature-ed25519"),
                        &header("x-signature-timestamp"),
                        body.as_bytes(),
                    )
                    .is_ok();
                if ok && header("content-type") == "application/json" {
                    "verified"
                } else {
                    "forged"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/interactions", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let client = reqwest::Client::new();
    let response =
        interactions::post_signed(&client, &url, &signer, &interactions::ping(), 1_795_428_000)
            .await;
    assert_eq!(response.text().await.unwrap(), "verified");
    let forged =
        interactions::post_with_signature(&client, &url, &"00".repeat(64), "1795428000", body)
            .await;
    assert_eq!(forged.text().await.unwrap(), "forged");
    server.abort();
}
