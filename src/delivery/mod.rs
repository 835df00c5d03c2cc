//! Delivers the outbox through a `Courier` (Discord's REST API, or the
//! console's screen). Items go out in the order they were queued; a thread's
//! posts wait until the thread exists; failures are retried with back-off and
//! the nonce `rp<id>` lets Discord drop a retry of a post that did arrive.

pub mod instance;
pub mod ratelimit;
pub mod rest;
mod rounds;

use std::future::Future;
use std::time::Duration;

use crate::domain::ids::{ChannelId, UserId};
use crate::message::{Message, WebhookFormat};
use crate::store::outbox::OutboxItem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth trying again, after at least this many seconds.
    Retry { after: i64, reason: String },
    /// Not sent (or refused with a 429): its rate-limit bucket is held this
    /// long. Not an attempt: the item keeps its place and its count.
    Held { wait: Duration },
    /// Will never work (unknown channel, missing permission).
    Permanent(String),
}

/// Where posts physically go. Implementations must be idempotent per nonce.
pub trait Courier: Send + Sync {
    /// Posts `starter` in `channel`, opens a thread named `name` from it.
    /// In a forum channel, a post with `tags` instead.
    fn open_thread(
        &self,
        channel: ChannelId,
        name: &str,
        starter: &Message,
        tags: &[String],
        nonce: &str,
    ) -> impl Future<Output = Result<ChannelId, SendError>> + Send;

    fn post(
        &self,
        channel: ChannelId,
        message: &Message,
        nonce: &str,
    ) -> impl Future<Output = Result<(), SendError>> + Send;

    /// Redraws a message the bot posted in `channel` (a complaint's card);
    /// in a forum channel, the post `message` starts, retagged with `tags`.
    fn edit(
        &self,
        channel: ChannelId,
        message: i64,
        replacement: &Message,
        tags: &[String],
    ) -> impl Future<Output = Result<(), SendError>> + Send;

    fn dm(
        &self,
        user: UserId,
        message: &Message,
        nonce: &str,
    ) -> impl Future<Output = Result<(), SendError>> + Send;

    /// Posts to a server's incoming webhook (Slack, Feishu, DingTalk, WeCom or generic JSON).
    fn webhook(
        &self,
        url: &str,
        format: WebhookFormat,
        text: &str,
    ) -> impl Future<Output = Result<(), SendError>> + Send;

    /// How long the rate limit holds `item`'s destination, when the courier
    /// can tell without sending: held items are passed over untouched.
    fn held(&self, item: &OutboxItem) -> Option<Duration> {
        let _ = item;
        None
    }
}

/// The JSON each webhook format expects for a plain text message.
pub fn webhook_body(format: WebhookFormat, text: &str) -> serde_json::Value {
    use serde_json::json;
    match format {
        WebhookFormat::Slack => json!({ "text": text }),
        WebhookFormat::Feishu => json!({ "msg_type": "text", "content": { "text": text } }),
        WebhookFormat::Dingtalk | WebhookFormat::Wecom => {
            json!({ "msgtype": "text", "text": { "content": text } })
        }
        WebhookFormat::Generic => json!({ "source": "rapport", "text": text }),
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryTally {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    /// Held back by a rate limit; tried again when the bucket resets.
    pub waiting: usize,
}

/// Back-off for the n-th failed attempt: 5 s, 10 s, 20 s … capped at 15 min.
pub fn backoff(attempts: i64) -> i64 {
    let exp = attempts.clamp(0, 8) as u32;
    (5_i64 << exp).min(900)
}

/// After this many attempts an item is given up and logged.
pub(crate) const MAX_ATTEMPTS: i64 = 12;

pub fn nonce(item_id: i64) -> String {
    format!("rp{item_id}")
}

pub use rounds::{deliver_due, deliver_due_leased};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff(0), 5);
        assert_eq!(backoff(1), 10);
        assert_eq!(backoff(3), 40);
        assert_eq!(backoff(50), 900);
    }

    #[test]
    fn nonces_fit_discord() {
        assert!(nonce(i64::MAX).len() <= 25);
    }
}
