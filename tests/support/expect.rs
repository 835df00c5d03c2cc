//! What the command layer owes, read back from the outbox into the crate's
//! own types, and expectations on it that name the caller's line when they
//! fail. Tests say "a post in the thread pinging the owner" instead of
//! matching JSON text, so a payload that merely mentions a number cannot
//! pass for a ping.

use rapport::domain::ids::{ChannelId, RoleId, UserId};
use rapport::message::{Message, PostBody};
use rapport::store::outbox::Destination;
use sqlx::Row;

use super::Bench;

/// One pending post.
#[derive(Debug, Clone)]
pub struct Owed {
    pub to: Destination,
    pub complaint_id: Option<i64>,
    pub body: PostBody,
}

/// The pending posts, oldest first.
#[derive(Debug, Clone)]
pub struct Outbox(pub Vec<Owed>);

impl std::ops::Deref for Outbox {
    type Target = [Owed];
    fn deref(&self) -> &[Owed] {
        &self.0
    }
}

impl Bench {
    /// The pending outbox, parsed.
    pub async fn owed(&self) -> Outbox {
        let rows = sqlx::query(
            "SELECT target, target_id, complaint_id, payload FROM outbox WHERE status = 'pending' AND payload NOT LIKE '{\"EditCard\"%' ORDER BY id",
        )
        .fetch_all(&self.app.db.pool)
        .await
        .expect("outbox");
        let owed = rows
            .iter()
            .map(|r| {
                let target: String = r.get("target");
                let id: Option<i64> = r.get("target_id");
                let to = match (target.as_str(), id) {
                    ("channel", Some(c)) => Destination::Channel(ChannelId(c)),
                    ("thread", _) => Destination::ComplaintThread,
                    ("dm", Some(u)) => Destination::Dm(UserId(u)),
                    ("webhook", _) => Destination::Webhook,
                    other => panic!("an outbox row with an unknown target {other:?}"),
                };
                let payload: String = r.get("payload");
                let body = serde_json::from_str(&payload).unwrap_or_else(|e| {
                    panic!("an outbox payload that does not parse: {e}: {payload}")
                });
                Owed {
                    to,
                    complaint_id: r.get("complaint_id"),
                    body,
                }
            })
            .collect();
        Outbox(owed)
    }
}

/// Someone a post can ping: a user or a role.
pub trait Pingable: Copy + std::fmt::Debug {
    fn pinged_by(self, message: &Message) -> bool;
}

impl Pingable for UserId {
    fn pinged_by(self, message: &Message) -> bool {
        message.ping_users.contains(&self)
    }
}

impl Pingable for RoleId {
    fn pinged_by(self, message: &Message) -> bool {
        message.ping_roles.contains(&self)
    }
}

impl Owed {
    /// The message people see: the starter of a new thread, or the message
    /// itself; `None` for a webhook's plain text, which can ping nobody.
    pub fn message(&self) -> Option<&Message> {
        match &self.body {
            PostBody::Message(m) => Some(m),
            PostBody::OpenThread { starter, .. } => Some(starter),
            PostBody::EditCard { card, .. } => Some(card),
            PostBody::Webhook { .. } => None,
        }
    }

    /// What a reader sees, cards included.
    pub fn text(&self) -> String {
        match &self.body {
            PostBody::Webhook { text, .. } => text.clone(),
            _ => self.message().map_or_else(String::new, |m| m.plain()),
        }
    }

    pub fn users_pinged(&self) -> Vec<UserId> {
        self.message()
            .map(|m| m.ping_users.clone())
            .unwrap_or_default()
    }

    pub fn roles_pinged(&self) -> Vec<RoleId> {
        self.message()
            .map(|m| m.ping_roles.clone())
            .unwrap_or_default()
    }

    pub fn button_ids(&self) -> Vec<&str> {
        self.message()
            .map(|m| m.buttons.iter().map(|b| b.id.as_str()).collect())
            .unwrap_or_default()
    }

    #[track_caller]
    pub fn expect_text(&self, needle: &str) -> &Self {
        assert!(
            self.text().contains(needle),
            "expected {needle:?} in the post to {:?}: {:?}",
            self.to,
            self.text()
        );
        self
    }

    #[track_caller]
    pub fn expect_pinged(&self, who: impl Pingable) -> &Self {
        assert!(
            self.message().is_some_and(|m| who.pinged_by(m)),
            "expected the post to {:?} to ping {who:?}; it pings users {:?}, roles {:?}: {:?}",
            self.to,
            self.users_pinged(),
            self.roles_pinged(),
            self.text()
        );
        self
    }

    /// Exactly these people and roles are pinged, nobody else.
    #[track_caller]
    pub fn expect_pings(&self, users: &[UserId], roles: &[RoleId]) -> &Self {
        assert_eq!(
            (self.users_pinged(), self.roles_pinged()),
            (users.to_vec(), roles.to_vec()),
            "who the post to {:?} pings (users, roles): {:?}",
            self.to,
            self.text()
        );
        self
    }

    #[track_caller]
    pub fn expect_button(&self, id: &str) -> &Self {
        assert!(
            self.button_ids().contains(&id),
            "expected a button {id:?} on the post to {:?}; it has {:?}",
            self.to,
            self.button_ids()
        );
        self
    }
}

impl Outbox {
    fn summary(&self) -> String {
        let lines: Vec<String> = self
            .iter()
            .map(|o| {
                format!(
                    "{:?}: {:?}",
                    o.to,
                    o.text().chars().take(80).collect::<String>()
                )
            })
            .collect();
        format!("[\n  {}\n]", lines.join("\n  "))
    }

    /// The first post owed to `to`.
    #[track_caller]
    pub fn expect_post_in(&self, to: Destination) -> &Owed {
        self.iter()
            .find(|o| o.to == to)
            .unwrap_or_else(|| panic!("expected a post to {to:?}; owed: {}", self.summary()))
    }

    /// The first post owed in the complaint's thread.
    #[track_caller]
    pub fn expect_in_thread(&self) -> &Owed {
        self.expect_post_in(Destination::ComplaintThread)
    }

    #[track_caller]
    pub fn expect_dm(&self, user: UserId) -> &Owed {
        self.expect_post_in(Destination::Dm(user))
    }

    /// The first post whose text contains `needle`.
    #[track_caller]
    pub fn expect_containing(&self, needle: &str) -> &Owed {
        self.iter()
            .find(|o| o.text().contains(needle))
            .unwrap_or_else(|| {
                panic!(
                    "expected a post saying {needle:?}; owed: {}",
                    self.summary()
                )
            })
    }

    #[track_caller]
    pub fn expect_none_in(&self, to: Destination) {
        assert!(
            self.iter().all(|o| o.to != to),
            "expected no post to {to:?}; owed: {}",
            self.summary()
        );
    }

    #[track_caller]
    pub fn expect_no_role_pinged(&self) {
        let pinging: Vec<_> = self
            .iter()
            .filter(|o| !o.roles_pinged().is_empty())
            .map(|o| (o.to, o.roles_pinged()))
            .collect();
        assert!(
            pinging.is_empty(),
            "expected no role pinged; pinged: {pinging:?}"
        );
    }
}
