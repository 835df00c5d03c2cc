//! What the bot says, independent of where: a reply to the person who acted,
//! a form to fill in, or a post owed to a channel, a thread or someone's DMs.

mod embed;

use serde::{Deserialize, Serialize};

pub use embed::{Colour, Embed, EmbedField, limits as embed_limits};

use crate::domain::ids::{RoleId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ButtonStyle {
    Primary,
    Secondary,
    Success,
    Danger,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    /// Discord's custom_id; see `commands::buttons`.
    pub id: String,
    pub label: String,
    pub style: ButtonStyle,
    /// The command that does the same, for the console and for phones.
    pub command: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub text: String,
    /// Cards shown under the text (at most `embed_limits::PER_MESSAGE`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embeds: Vec<Embed>,
    /// The only people this message may ping; nobody else, whatever the text says.
    pub ping_users: Vec<UserId>,
    pub ping_roles: Vec<RoleId>,
    pub buttons: Vec<Button>,
    /// Seen only by the person who acted (replies only).
    pub ephemeral: bool,
    /// Files sent with the message (a chart, CSV exports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Attachment>,
    /// As the answer to a button: replaces the message the button was on
    /// (a poll card that fills in), instead of answering beside it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replace: bool,
}

/// A file attached to a message. Kept in the outbox as JSON, so the bytes
/// travel as base64 there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    #[serde(with = "base64_bytes")]
    pub bytes: Vec<u8>,
}

mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

impl Message {
    pub fn text(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            ..Message::default()
        }
    }

    pub fn private(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            ephemeral: true,
            ..Message::default()
        }
    }

    /// A message that is one card.
    pub fn card(embed: Embed) -> Message {
        Message {
            embeds: vec![embed],
            ..Message::default()
        }
    }

    pub fn with_embed(mut self, embed: Embed) -> Message {
        if self.embeds.len() < embed_limits::PER_MESSAGE {
            self.embeds.push(embed);
        }
        self
    }

    /// What it says, cards included, as plain lines: for the console,
    /// incoming webhooks and anything else that shows no embeds.
    pub fn plain(&self) -> String {
        let mut parts: Vec<String> = Vec::with_capacity(1 + self.embeds.len());
        if !self.text.is_empty() {
            parts.push(self.text.clone());
        }
        parts.extend(self.embeds.iter().map(Embed::plain));
        parts.join("\n")
    }

    pub fn ping(mut self, user: UserId) -> Message {
        if !self.ping_users.contains(&user) {
            self.ping_users.push(user);
        }
        self
    }

    pub fn ping_role(mut self, role: Option<RoleId>) -> Message {
        if let Some(role) = role {
            self.ping_roles.push(role);
        }
        self
    }

    pub fn with_buttons(mut self, buttons: Vec<Button>) -> Message {
        self.buttons = buttons;
        self
    }

    pub fn with_file(mut self, file: Attachment) -> Message {
        self.files.push(file);
        self
    }

    /// Replaces the card whose button was pressed (see `replace`).
    pub fn replacing(mut self) -> Message {
        self.replace = true;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModalField {
    pub key: String,
    pub label: String,
    pub long: bool,
    pub required: bool,
    pub max_len: usize,
    /// Filled in already (the text of the message a complaint is opened from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A form: a Discord modal, or questions asked one by one in the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModalRequest {
    pub id: String,
    pub title: String,
    pub fields: Vec<ModalField>,
    /// The command its answers complete, e.g. "complaint step id:12 step:2".
    pub command: String,
}

/// Where a post goes. Channels are resolved from the server's settings at
/// delivery time; `Thread` is the thread of the post's complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    ComplaintsChannel,
    AlertsChannel,
    Thread,
    Dm(UserId),
    /// The server's incoming webhook, if it set one (escalations, at-risk alerts).
    Webhook,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostBody {
    Message(Message),
    /// Post `starter` in the complaints channel and open a thread from it.
    OpenThread {
        name: String,
        starter: Message,
        /// In a forum channel, the post's tags (created when missing).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
    },
    /// The complaint's card in the complaints channel, redrawn in place as
    /// the complaint moves (the card's message carries its thread's id); in
    /// a forum channel its post is retagged too.
    EditCard {
        card: Message,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
    },
    /// Plain text for an incoming webhook, mentions already turned into names.
    Webhook {
        url: String,
        format: WebhookFormat,
        text: String,
    },
}

crate::coded_enum! {
    /// The JSON an incoming webhook expects (`/rapport settings webhook_format`).
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    WebhookFormat {
        Generic = "generic",
        Slack = "slack",
        Feishu = "feishu",
        Dingtalk = "dingtalk",
        Wecom = "wecom",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub target: Target,
    pub complaint_id: Option<i64>,
    pub body: PostBody,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    Message(Message),
    Modal(ModalRequest),
}

/// What a handler returns: the answer to the actor and the posts it owes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub response: Response,
    pub posts: Vec<Post>,
}

impl Outcome {
    pub fn reply(message: Message) -> Outcome {
        Outcome {
            response: Response::Message(message),
            posts: Vec::new(),
        }
    }

    pub fn modal(modal: ModalRequest) -> Outcome {
        Outcome {
            response: Response::Modal(modal),
            posts: Vec::new(),
        }
    }

    pub fn post(mut self, post: Post) -> Outcome {
        self.posts.push(post);
        self
    }

    pub fn posts(mut self, posts: impl IntoIterator<Item = Post>) -> Outcome {
        self.posts.extend(posts);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_travel_as_base64_and_old_payloads_still_read() {
        let m = Message::text("chart").with_file(Attachment {
            name: "c.png".into(),
            content_type: "image/png".into(),
            bytes: vec![0x89, b'P', 0, 255],
        });
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"bytes\":\"iVAA/w==\""), "{json}");
        assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), m);
        let plain = serde_json::to_string(&Message::text("hi")).unwrap();
        assert!(!plain.contains("files") && !plain.contains("replace"));
        let old = r#"{"text":"hi","ping_users":[],"ping_roles":[],"buttons":[],"ephemeral":false}"#;
        assert_eq!(
            serde_json::from_str::<Message>(old).unwrap(),
            Message::text("hi")
        );
    }
}
