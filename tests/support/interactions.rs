//! Interaction payloads shaped like the ones Discord POSTs to an interactions endpoint (and
//! sends in gateway INTERACTION_CREATE), plus ed25519 signing with a fixed test key.
//!
//! Every builder returns the whole interaction as JSON, with fresh increasing snowflake ids and
//! a unique token, in guild [`GUILD_ID`], channel [`CHANNEL_ID`], for application [`APP_ID`].
//!
//! Option values passed to `command` and `autocomplete` get their Discord option type from the
//! JSON value: string → 3, integer → 4, bool → 5, other number → 10. To force a type, pass a
//! marker made by `user_opt(id)` (6), `channel_opt(id)` (7), `role_opt(id)` (8) or
//! `typed(kind, value)`: a marker is `{"__type": kind, "value": value}`. User, channel and role
//! options are also added to `data.resolved` (users + members, channels, roles) as Discord does.
//! An empty `sub` puts the options straight under `data.options` (a command with no
//! subcommand).
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value, json};

pub const APP_ID: &str = "111111111111111111";
pub const GUILD_ID: &str = "222222222222222222";
pub const CHANNEL_ID: &str = "333333333333333333";
/// What the bot may do in CHANNEL_ID: view, send, embed, history, use commands, create public
/// threads, send in threads.
pub const APP_PERMISSIONS: &str = "311385213952";
const TIMESTAMP: &str = "2026-11-23T10:00:00+00:00";

static NEXT_ID: AtomicU64 = AtomicU64::new(800_000_000_000_000_000);

fn snowflake() -> String {
    (NEXT_ID.fetch_add(1, Ordering::SeqCst) + 1).to_string()
}

/// Signs like Discord does, with a fixed key so `public_key_hex` never changes.
pub struct Signer {
    key: ed25519_dalek::SigningKey,
}

impl Default for Signer {
    fn default() -> Self {
        Signer::new()
    }
}

impl Signer {
    pub fn new() -> Signer {
        let seed: [u8; 32] = std::array::from_fn(|i| i as u8 * 7 + 3);
        Signer {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
        }
    }

    pub fn public_key_hex(&self) -> String {
        hex::encode(self.key.verifying_key().to_bytes())
    }

    /// The hex signature of `timestamp` followed by `body`.
    pub fn sign(&self, timestamp: &str, body: &str) -> String {
        use ed25519_dalek::Signer as _;
        let message = [timestamp.as_bytes(), body.as_bytes()].concat();
        hex::encode(self.key.sign(&message).to_bytes())
    }
}

/// Who clicks or types. `permissions` is the member's bitfield as a string ("32" = MANAGE_GUILD).
#[derive(Debug, Clone)]
pub struct Who {
    pub user_id: String,
    pub name: String,
    pub roles: Vec<String>,
    pub permissions: String,
    pub locale: String,
}

impl Who {
    /// No roles, no permissions, locale en-US.
    pub fn new(user_id: &str, name: &str) -> Who {
        Who {
            user_id: user_id.to_string(),
            name: name.to_string(),
            roles: Vec::new(),
            permissions: "0".to_string(),
            locale: "en-US".to_string(),
        }
    }
}

pub fn user_opt(id: &str) -> Value {
    typed(6, json!(id))
}

pub fn channel_opt(id: &str) -> Value {
    typed(7, json!(id))
}

pub fn role_opt(id: &str) -> Value {
    typed(8, json!(id))
}

/// An option value with an explicit Discord option type.
pub fn typed(kind: u8, value: Value) -> Value {
    json!({"__type": kind, "value": value})
}

/// A user object as Discord sends it.
pub fn user_json(id: &str, name: &str) -> Value {
    json!({"id": id, "username": name, "discriminator": "0", "global_name": name,
           "avatar": null, "public_flags": 0})
}

fn member_json(roles: &[String], permissions: &str) -> Value {
    json!({"roles": roles, "joined_at": "2026-01-05T09:00:00+00:00", "premium_since": null,
           "deaf": false, "mute": false, "flags": 0, "pending": false, "permissions": permissions,
           "nick": null, "avatar": null, "communication_disabled_until": null})
}

fn role_json(id: &str) -> Value {
    json!({"id": id, "name": format!("role{id}"), "color": 0, "hoist": false, "managed": false,
           "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
           "mentionable": false, "permissions": "0", "position": 1, "icon": null,
           "unicode_emoji": null, "flags": 0})
}

/// The full interaction around `data`; `who` is None only for PING.
fn interaction(who: Option<&Who>, kind: u8, data: Value) -> Value {
    let id = snowflake();
    let mut out = json!({
        "id": id, "application_id": APP_ID, "type": kind, "version": 1,
        "token": format!("fake-interaction-token-{id}"),
    });
    let Some(who) = who else { return out };
    let mut member = member_json(&who.roles, &who.permissions);
    member["user"] = user_json(&who.user_id, &who.name);
    let fields = json!({
        "guild_id": GUILD_ID, "channel_id": CHANNEL_ID,
        "channel": {"id": CHANNEL_ID, "type": 0, "guild_id": GUILD_ID, "name": "general",
                    "permissions": APP_PERMISSIONS, "parent_id": null, "flags": 0},
        "member": member, "locale": who.locale, "guild_locale": "en-US", "entitlements": [],
        "app_permissions": APP_PERMISSIONS, "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0, "attachment_size_limit": 26214400, "data": data,
    });
    for (k, v) in fields.as_object().into_iter().flatten() {
        out[k] = v.clone();
    }
    out
}

pub fn ping() -> Value {
    interaction(None, 1, Value::Null)
}

/// `data.resolved`, filled as options or select values need it.
#[derive(Default)]
struct Resolved(Map<String, Value>);

impl Resolved {
    fn add(&mut self, kind: u64, id: &str) {
        let entries: Vec<(&str, Value)> = match kind {
            6 => {
                let name = format!("user{id}");
                vec![
                    ("users", user_json(id, &name)),
                    ("members", member_json(&[], "0")),
                ]
            }
            7 => vec![(
                "channels",
                json!({"id": id, "name": format!("channel{id}"), "type": 0,
                       "permissions": APP_PERMISSIONS, "parent_id": null}),
            )],
            8 => vec![("roles", role_json(id))],
            _ => Vec::new(),
        };
        for (section, value) in entries {
            let section = self.0.entry(section).or_insert_with(|| json!({}));
            section[id] = value;
        }
    }

    fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// Discord's option objects for `(name, value)` pairs; `focused` gets the autocomplete flag.
fn options_json(options: &[(&str, Value)], focused: Option<&str>, res: &mut Resolved) -> Value {
    let mut out = Vec::new();
    for (name, value) in options {
        let (kind, value) = match value {
            Value::Object(m) if m.contains_key("__type") => {
                (m["__type"].as_u64(), m["value"].clone())
            }
            Value::String(_) => (Some(3), value.clone()),
            Value::Bool(_) => (Some(5), value.clone()),
            Value::Number(n) if n.is_i64() || n.is_u64() => (Some(4), value.clone()),
            Value::Number(_) => (Some(10), value.clone()),
            other => panic!("option {name}: no Discord option type for {other}"),
        };
        let kind = kind.unwrap_or_else(|| panic!("option {name}: __type must be a number"));
        let mut option = json!({"name": name, "type": kind, "value": value});
        if focused == Some(*name) {
            let typed_so_far = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
            option["value"] = json!(typed_so_far);
            option["focused"] = json!(true);
        } else if let Some(id) = value.as_str() {
            res.add(kind, id);
        }
        out.push(option);
    }
    if let Some(focused) = focused {
        assert!(
            options.iter().any(|(n, _)| *n == focused),
            "focused option {focused} not given"
        );
    }
    Value::Array(out)
}

/// A stable id per command name (not the id the fake hands out at registration).
fn command_id(name: &str) -> String {
    let hash = name.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    });
    (700_000_000_000_000_000 + hash % 100_000_000_000_000_000).to_string()
}

fn command_data(group: &str, sub: &str, options: &[(&str, Value)], focused: Option<&str>) -> Value {
    let mut resolved = Resolved::default();
    let mut options = options_json(options, focused, &mut resolved);
    if !sub.is_empty() {
        options = json!([{"type": 1, "name": sub, "options": options}]);
    }
    let mut data = json!({"id": command_id(group), "name": group, "type": 1, "options": options});
    if !resolved.0.is_empty() {
        data["resolved"] = resolved.into_value();
    }
    data
}

/// Apps → `name` on a message (type 2, data.type 3): the message, written by
/// `author` in channel `channel`, travels in `resolved.messages`.
pub fn message_command(who: &Who, name: &str, channel: &str, author: &Who, text: &str) -> Value {
    let message_id = snowflake();
    let message = json!({
        "id": message_id, "channel_id": channel, "content": text,
        "author": user_json(&author.user_id, &author.name), "timestamp": "2026-11-23T10:00:00+00:00",
        "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 0,
        "components": [], "flags": 0,
    });
    let data = json!({
        "id": command_id(name), "name": name, "type": 3, "target_id": message_id,
        "resolved": {"messages": {message_id.clone(): message}},
    });
    interaction(Some(who), 2, data)
}

/// A slash command `/group sub name:value ...` (type 2).
pub fn command(who: &Who, group: &str, sub: &str, options: Vec<(&str, Value)>) -> Value {
    interaction(Some(who), 2, command_data(group, sub, &options, None))
}

/// An autocomplete request (type 4) while the user types into option `focused`; that option's
/// value is sent as the text typed so far (a string), whatever its type.
pub fn autocomplete(
    who: &Who,
    group: &str,
    sub: &str,
    options: Vec<(&str, Value)>,
    focused: &str,
) -> Value {
    interaction(
        Some(who),
        4,
        command_data(group, sub, &options, Some(focused)),
    )
}

/// A message posted by the bot in CHANNEL_ID carrying `component` in one action row.
fn message_json(message_id: &str, component: Value) -> Value {
    json!({
        "id": message_id, "channel_id": CHANNEL_ID, "content": "",
        "author": {"id": APP_ID, "username": "rapport", "discriminator": "0",
                   "global_name": null, "avatar": null, "bot": true},
        "timestamp": TIMESTAMP, "edited_timestamp": null, "tts": false, "mention_everyone": false,
        "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "pinned": false,
        "type": 0, "flags": 0, "components": [{"type": 1, "components": [component]}],
    })
}

/// A click on a button (type 3, component_type 2) of message `message_id` in CHANNEL_ID.
pub fn button(who: &Who, custom_id: &str, message_id: &str) -> Value {
    let button = json!({"type": 2, "style": 1, "label": "OK", "custom_id": custom_id});
    let mut payload = interaction(
        Some(who),
        3,
        json!({"custom_id": custom_id, "component_type": 2}),
    );
    payload["message"] = message_json(message_id, button);
    payload
}

/// A user select menu choice (type 3, component_type 5) on a fresh bot message.
pub fn user_select(who: &Who, custom_id: &str, user_ids: &[&str]) -> Value {
    let mut resolved = Resolved::default();
    for id in user_ids {
        resolved.add(6, id);
    }
    let data = json!({"custom_id": custom_id, "component_type": 5, "values": user_ids,
                      "resolved": resolved.into_value()});
    let mut payload = interaction(Some(who), 3, data);
    let select = json!({"type": 5, "custom_id": custom_id, "min_values": 1, "max_values": 1});
    payload["message"] = message_json(&snowflake(), select);
    payload
}

/// A submitted modal (type 5): one action row per `(field custom_id, value)`.
pub fn modal_submit(who: &Who, custom_id: &str, fields: &[(&str, &str)]) -> Value {
    let rows: Vec<Value> = fields
        .iter()
        .map(|(field, value)| {
            json!({"type": 1, "components": [{"type": 4, "custom_id": field, "value": value}]})
        })
        .collect();
    interaction(
        Some(who),
        5,
        json!({"custom_id": custom_id, "components": rows}),
    )
}

/// POSTs `body` to `url` signed for `timestamp` (unix seconds), as Discord does.
pub async fn post_signed(
    client: &reqwest::Client,
    url: &str,
    signer: &Signer,
    body: &Value,
    timestamp: i64,
) -> reqwest::Response {
    let text = body.to_string();
    let timestamp = timestamp.to_string();
    let signature = signer.sign(&timestamp, &text);
    post_with_signature(client, url, &signature, &timestamp, text).await
}

/// POSTs raw `body` with the given signature headers (to test forged or stale requests).
pub async fn post_with_signature(
    client: &reqwest::Client,
    url: &str,
    signature: &str,
    timestamp: &str,
    body: String,
) -> reqwest::Response {
    client
        .post(url)
        .header("X-Signature-Ed25519", signature)
        .header("X-Signature-Timestamp", timestamp)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the interactions endpoint answers")
}
