//! Delivers the outbox through a `Courier` (Discord's REST API, or the
//! console's screen). Items go out in the order they were queued; a thread's
//! posts wait until the thread exists; failures are retried with back-off and
//! the nonce `rp<id>` lets Discord drop a retry of a post that did arrive.

pub mod instance;
pub mod ratelimit;
pub mod rest;

use std::future::Future;
use std::time::Duration;

use tracing::{info, warn};

use crate::domain::ids::{ChannelId, Timestamp, UserId};
use crate::message::{Message, PostBody, WebhookFormat};
use crate::metrics::{DeliveryDestination, DeliveryOutcome};
use crate::store::outbox::{Destination, OutboxItem};
use crate::store::{self, Db};

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
    fn open_thread(
        &self,
        channel: ChannelId,
        name: &str,
        starter: &Message,
        nonce: &str,
    ) -> impl Future<Output = Result<ChannelId, SendError>> + Send;

    fn post(
        &self,
        channel: ChannelId,
        message: &Message,
        nonce: &str,
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
const MAX_ATTEMPTS: i64 = 12;

pub fn nonce(item_id: i64) -> String {
    format!("rp{item_id}")
}

/// How long a replica holds an item it is sending, unless configured.
const LEASE_SECS: i64 = 60;

/// Sends what is due at `now`: rounds of up to `limit` items until a round
/// sends nothing (each round offers one item per complaint, in order).
pub async fn deliver_due<C: Courier>(
    db: &Db,
    courier: &C,
    now: Timestamp,
    limit: i64,
) -> anyhow::Result<DeliveryTally> {
    deliver_due_leased(db, courier, now, limit, LEASE_SECS).await
}

/// As `deliver_due`, holding each item `lease_secs`; past that, another
/// replica may retry it (a dead replica's items are not stuck).
pub async fn deliver_due_leased<C: Courier>(
    db: &Db,
    courier: &C,
    now: Timestamp,
    limit: i64,
    lease_secs: i64,
) -> anyhow::Result<DeliveryTally> {
    let mut conn = db.pool.acquire().await?;
    let mut report = DeliveryTally::default();
    for _ in 0..50 {
        let items = store::outbox::due(&mut conn, now, limit).await?;
        let before = report.sent + report.failed;
        for item in items {
            if let Some(wait) = courier.held(&item) {
                // Out of the query until (about) when its bucket opens; a
                // shorter hold just leaves it due.
                if wait.as_secs() > 0 {
                    let at = now + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2);
                    store::outbox::postpone(&mut conn, item.id, now, at).await?;
                }
                report.waiting += 1;
                continue;
            }
            if !store::outbox::claim(&mut conn, item.id, instance::id(), now, now + lease_secs)
                .await?
            {
                continue; // another replica is sending it
            }
            deliver_one(&mut conn, courier, &item, now, &mut report).await?;
        }
        if report.sent + report.failed == before {
            break;
        }
    }
    if report != DeliveryTally::default() {
        info!(
            sent = report.sent,
            retried = report.retried,
            failed = report.failed,
            waiting = report.waiting,
            "outbox delivered"
        );
    }
    Ok(report)
}

/// One span per message tried, so the courier's lines (Discord's answers,
/// rate limits) say which item, server and complaint they were for.
#[tracing::instrument(name = "delivery", skip_all, fields(
    guild = item.guild.0,
    complaint_id = item.complaint_id,
    item = item.id,
))]
async fn deliver_one<C: Courier>(
    conn: &mut store::Conn,
    courier: &C,
    item: &OutboxItem,
    now: Timestamp,
    report: &mut DeliveryTally,
) -> anyhow::Result<()> {
    let before = *report;
    match send(conn, courier, item).await? {
        Attempt::Sent => {
            store::outbox::mark_sent(conn, item.id, now).await?;
            report.sent += 1;
        }
        Attempt::NoThread => {
            // Everything before it was sent, so its thread will never come.
            warn!("the complaint has no thread to post in; given up");
            store::outbox::mark_failed(conn, item.id, "the complaint has no thread").await?;
            report.failed += 1;
        }
        Attempt::Failed(SendError::Held { wait }) => {
            // Whole seconds, rounded down: due again no later than the bucket resets.
            let at = now + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2);
            store::outbox::hold(conn, item.id, at).await?;
            report.waiting += 1;
        }
        Attempt::Failed(SendError::Retry { after, reason }) if item.attempts + 1 < MAX_ATTEMPTS => {
            let at = now + after.max(backoff(item.attempts));
            warn!(attempts = item.attempts + 1, %reason, "delivery failed; will retry");
            store::outbox::mark_retry(conn, item.id, at, &reason).await?;
            report.retried += 1;
        }
        Attempt::Failed(SendError::Retry { reason, .. } | SendError::Permanent(reason)) => {
            warn!(%reason, "delivery given up");
            store::outbox::mark_failed(conn, item.id, &reason).await?;
            report.failed += 1;
        }
    }
    note(item, &before, report);
    Ok(())
}

/// One log line and one count per message tried: where it went and how it
/// went (ids only, never the text; the span names the item).
fn note(item: &OutboxItem, before: &DeliveryTally, after: &DeliveryTally) {
    let outcome = if after.sent > before.sent {
        DeliveryOutcome::sent
    } else if after.waiting > before.waiting {
        DeliveryOutcome::held
    } else if after.retried > before.retried {
        DeliveryOutcome::retried
    } else {
        DeliveryOutcome::failed
    };
    let destination = match item.destination {
        Destination::Channel(_) => DeliveryDestination::channel,
        Destination::ComplaintThread => DeliveryDestination::thread,
        Destination::Dm(_) => DeliveryDestination::dm,
        Destination::Webhook => DeliveryDestination::webhook,
    };
    crate::metrics::global().delivery(destination, outcome);
    info!(destination = ?destination, outcome = ?outcome, "message");
}

/// How one try at sending an item went.
enum Attempt {
    Sent,
    /// A thread post whose complaint never got its thread.
    NoThread,
    Failed(SendError),
}

async fn send<C: Courier>(
    conn: &mut store::Conn,
    courier: &C,
    item: &OutboxItem,
) -> anyhow::Result<Attempt> {
    let nonce = nonce(item.id);
    let result = match (&item.destination, &item.body) {
        (Destination::Channel(channel), PostBody::OpenThread { name, starter }) => {
            match courier.open_thread(*channel, name, starter, &nonce).await {
                Ok(thread) => {
                    if let Some(c) = item.complaint_id {
                        store::complaints::set_thread(conn, c, thread).await?;
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
        (Destination::Channel(channel), PostBody::Message(m)) => {
            courier.post(*channel, m, &nonce).await
        }
        (Destination::Dm(user), PostBody::Message(m)) => courier.dm(*user, m, &nonce).await,
        (Destination::ComplaintThread, PostBody::Message(m)) => {
            let thread = match item.complaint_id {
                Some(id) => store::complaints::get_by_id(conn, id)
                    .await?
                    .and_then(|c| c.thread),
                None => None,
            };
            match thread {
                Some(thread) => courier.post(thread, m, &nonce).await,
                None => return Ok(Attempt::NoThread),
            }
        }
        (_, PostBody::Webhook { url, format, text }) => courier.webhook(url, *format, text).await,
        (Destination::Webhook, PostBody::Message(_)) => Err(SendError::Permanent(
            "a webhook post without its URL".into(),
        )),
        (_, PostBody::OpenThread { .. }) => Err(SendError::Permanent(
            "a thread can only be opened in a channel".into(),
        )),
    };
    Ok(match result {
        Ok(()) => Attempt::Sent,
        Err(e) => Attempt::Failed(e),
    })
}

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
