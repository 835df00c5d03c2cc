//! A bot wired to a stand-in Discord, on a fresh database and a manual clock.

use rapport::clock::Clock;
use rapport::discord::{self, Discord, DiscordEnv};
use rapport::domain::ids::GuildId;
use rapport::message::{Message, PostBody};
use rapport::store::outbox::{self, Destination};
use serde_json::{Value, json};

use crate::support::fake_discord::FakeDiscord;
use crate::support::interactions::{self as ix, Signer, Who};
use crate::support::{Backend, Bench};

pub const COMPLAINTS: &str = ix::CHANNEL_ID;
pub const ALERTS: &str = "444444444444444444";
pub const MANAGER_ROLE: &str = "555555555555555555";

pub struct Live {
    pub bench: Bench,
    pub fake: FakeDiscord,
    pub discord: Discord,
    pub endpoint: String,
    pub signer: Signer,
    pub http: reqwest::Client,
}

pub fn env(fake: &FakeDiscord, signer: &Signer, gateway: bool) -> DiscordEnv {
    DiscordEnv {
        token: "test-token".into(),
        application_id: Some(ix::APP_ID.into()),
        public_key: Some(signer.public_key_hex()),
        api_base: Some(fake.base()),
        gateway,
        http_addr: "127.0.0.1:0".into(),
        register_commands: false,
    }
}

pub fn rep() -> Who {
    Who::new("100000000000000101", "lin")
}

pub fn other_rep() -> Who {
    Who::new("100000000000000102", "chen")
}

pub fn manager() -> Who {
    let mut w = Who::new("100000000000000201", "zhao");
    w.roles = vec![MANAGER_ROLE.into()];
    w
}

pub fn admin() -> Who {
    let mut w = Who::new("100000000000000301", "boss");
    w.permissions = "32".into();
    w
}

impl Live {
    pub async fn start(db: Backend) -> Live {
        let bench = Bench::on(db).await;
        let fake = FakeDiscord::start().await;
        let signer = Signer::new();
        let discord =
            discord::discord(bench.app.clone(), &env(&fake, &signer, false)).expect("adapter");
        let key = signer.public_key_hex();
        let (addr, _task) = discord::serve_endpoint(discord.clone(), &key, "127.0.0.1:0")
            .await
            .expect("endpoint");
        let live = Live {
            bench,
            fake,
            discord,
            endpoint: format!("http://{addr}/interactions"),
            signer,
            http: reqwest::Client::new(),
        };
        live.setup().await;
        live
    }

    /// The admin points the bot at its channels and the managers' role.
    async fn setup(&self) {
        let options = vec![
            ("complaints_channel", ix::channel_opt(COMPLAINTS)),
            ("alerts_channel", ix::channel_opt(ALERTS)),
            ("manager_role", ix::role_opt(MANAGER_ROLE)),
        ];
        let reply = self
            .send(&ix::command(&admin(), "rapport", "settings", options))
            .await;
        assert_eq!(reply["type"], 4, "{reply}");
        assert!(
            reply["data"]["content"]
                .as_str()
                .unwrap()
                .contains("Settings saved"),
            "{reply}"
        );
    }

    pub fn now(&self) -> i64 {
        self.bench.clock.now()
    }

    /// Posts a signed interaction; returns the HTTP status and JSON body.
    pub async fn post(&self, payload: &Value, timestamp: i64) -> (u16, Value) {
        let response =
            ix::post_signed(&self.http, &self.endpoint, &self.signer, payload, timestamp).await;
        let status = response.status().as_u16();
        let body = response.json::<Value>().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// Posts a signed interaction that must be answered 200, and returns the answer.
    pub async fn send(&self, payload: &Value) -> Value {
        let (status, body) = self.post(payload, self.now()).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// Delivers the outbox now, as the delivery loop would.
    pub async fn deliver(&self) -> rapport::delivery::DeliveryTally {
        rapport::delivery::deliver_due(&self.bench.app.db, &self.discord.rest, self.now(), 100)
            .await
            .expect("delivery")
    }

    pub async fn deliver_after(&self, seconds: i64) -> rapport::delivery::DeliveryTally {
        self.bench.advance(seconds);
        self.deliver().await
    }

    /// Queues a plain post to `destination`, as a reminder would.
    pub async fn queue(&self, destination: Destination, text: &str) {
        let mut conn = self
            .bench
            .app
            .db
            .pool
            .acquire()
            .await
            .expect("a connection");
        let guild = GuildId(ix::GUILD_ID.parse().expect("a snowflake"));
        let body = PostBody::Message(Message::text(text));
        outbox::enqueue(&mut conn, guild, None, destination, &body, self.now())
            .await
            .expect("queued");
    }
}

/// The text of an interaction response that carries a message.
/// The cards redrawn in place so far: each must be a card (one embed, a
/// `#n · customer` title) in the complaints channel, redrawn on a message
/// the bot posted there.
pub fn take_card_edits(fake: &FakeDiscord) -> Vec<crate::support::fake_discord::Posted> {
    let edits = fake.take_edits();
    for e in &edits {
        assert_eq!(
            e.channel_id, COMPLAINTS,
            "a card lives in the complaints channel"
        );
        let embeds = e.body["embeds"].as_array().expect("a card is an embed");
        assert_eq!(embeds.len(), 1, "{}", e.body);
        assert!(
            embeds[0]["title"]
                .as_str()
                .is_some_and(|t| t.starts_with('#')),
            "{}",
            e.body
        );
        assert_eq!(
            e.body["allowed_mentions"]["parse"],
            serde_json::json!([]),
            "a card pings nobody"
        );
    }
    edits
}

/// What the person sees of an answer: its text and its cards.
pub fn content(reply: &Value) -> String {
    crate::support::fake_discord::visible_text(&reply["data"])
}

pub fn is_private(reply: &Value) -> bool {
    reply["data"]["flags"].as_u64().is_some_and(|f| f & 64 != 0)
}

/// All custom ids of a message's buttons.
pub fn custom_ids(components: &Value) -> Vec<String> {
    components
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
        .collect()
}

/// Acme Tools, a key customer of `rep()`.
pub async fn add_customer(live: &Live) {
    let add = ix::command(
        &rep(),
        "customer",
        "add",
        vec![
            ("name", json!("Acme Tools")),
            ("owner", ix::user_opt(&rep().user_id)),
            ("tier", json!("key")),
        ],
    );
    let reply = live.send(&add).await;
    assert!(
        is_private(&reply) && content(&reply).contains("Acme Tools"),
        "{reply}"
    );
}

/// `/complaint new` by `rep()` for Acme Tools: a product complaint.
pub fn new_complaint(summary: &str, severity: &str) -> serde_json::Value {
    ix::command(
        &rep(),
        "complaint",
        "new",
        vec![
            ("customer", json!("acme tools")),
            ("summary", json!(summary)),
            ("category", json!("product")),
            ("severity", json!(severity)),
            ("temperament", json!("angry")),
            ("channel", json!("visit")),
        ],
    )
}
