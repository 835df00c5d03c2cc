//! Delivers the outbox through Discord's REST API. Every call is made with
//! `Patience::Queue`: a held bucket hands the item back to the outbox at
//! once, so one busy channel never holds up the others.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use super::render;
use crate::delivery::rest::{ChannelKind, DiscordRest, Patience, RestError, id_of};
use crate::delivery::{Courier, SendError};
use crate::domain::ids::{ChannelId, UserId};
use crate::message::{Message, PostBody, WebhookFormat};
use crate::store::outbox::{Destination, OutboxItem};

/// Discord's "a thread has already been created for this message".
const THREAD_EXISTS: i64 = 160_004;
/// Threads from a message carry the message's id.
fn thread_of_message(message_id: i64) -> ChannelId {
    ChannelId(message_id)
}

fn body(m: &Message, nonce: &str) -> Result<serde_json::Value, SendError> {
    render::create_message(m, nonce)
        .map_err(|e| SendError::Permanent(format!("cannot render message: {e}")))
}

impl DiscordRest {
    async fn post_message(
        &self,
        channel: ChannelId,
        m: &Message,
        nonce: &str,
    ) -> Result<i64, SendError> {
        let path = format!("/channels/{}/messages", channel.0);
        let body = body(m, nonce)?;
        let created = if m.files.is_empty() {
            self.call_with(Patience::Queue, Method::POST, &path, Some(&body))
                .await?
        } else {
            self.call_multipart(Patience::Queue, Method::POST, &path, &body, &m.files)
                .await?
        };
        id_of(&created).ok_or_else(|| SendError::Retry {
            after: 5,
            reason: "Discord returned a message without an id".into(),
        })
    }
}

impl Courier for DiscordRest {
    async fn open_thread(
        &self,
        channel: ChannelId,
        name: &str,
        starter: &Message,
        tags: &[String],
        nonce: &str,
    ) -> Result<ChannelId, SendError> {
        if let ChannelKind::Forum { tags: known } = self.channel_kind(channel).await? {
            return self.open_post(channel, known, name, starter, tags).await;
        }
        // Both buckets are looked at first: a card posted while the thread
        // bucket is held would be posted again (by its nonce) on the retry.
        let threads = format!("/channels/{}/messages/0/threads", channel.0);
        if let Some(wait) = self.held_for(&Method::POST, &threads) {
            return Err(SendError::Held { wait });
        }
        // A retry re-posts with the same nonce, and Discord hands back the
        // message it already has instead of a second one.
        let message = self.post_message(channel, starter, nonce).await?;
        let path = format!("/channels/{}/messages/{message}/threads", channel.0);
        let thread = json!({ "name": name, "auto_archive_duration": 10080 });
        match self
            .call_with(Patience::Queue, Method::POST, &path, Some(&thread))
            .await
        {
            Ok(created) => {
                Ok(id_of(&created).map_or_else(|| thread_of_message(message), ChannelId))
            }
            Err(RestError::Refused {
                status: 400,
                message: m,
            }) if m.contains(&THREAD_EXISTS.to_string()) || m.contains("already been created") => {
                Ok(thread_of_message(message))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn post(
        &self,
        channel: ChannelId,
        message: &Message,
        nonce: &str,
    ) -> Result<(), SendError> {
        self.post_message(channel, message, nonce).await.map(|_| ())
    }

    async fn edit(
        &self,
        channel: ChannelId,
        message: i64,
        replacement: &Message,
        tags: &[String],
    ) -> Result<(), SendError> {
        if let ChannelKind::Forum { tags: known } = self.channel_kind(channel).await? {
            return self
                .redraw_post(channel, known, message, replacement, tags)
                .await;
        }
        let path = format!("/channels/{}/messages/{message}", channel.0);
        let body = render::edit_message(replacement)
            .map_err(|e| SendError::Permanent(format!("cannot render message: {e}")))?;
        self.call_with(Patience::Queue, Method::PATCH, &path, Some(&body))
            .await?;
        Ok(())
    }

    async fn dm(&self, user: UserId, message: &Message, nonce: &str) -> Result<(), SendError> {
        let recipient = json!({ "recipient_id": user.0.to_string() });
        let dm = self
            .call_with(
                Patience::Queue,
                Method::POST,
                "/users/@me/channels",
                Some(&recipient),
            )
            .await?;
        let channel = id_of(&dm).ok_or_else(|| SendError::Retry {
            after: 5,
            reason: "no DM channel id".into(),
        })?;
        self.post(ChannelId(channel), message, nonce).await
    }

    fn held(&self, item: &OutboxItem) -> Option<Duration> {
        let channel = match (&item.destination, &item.body) {
            (Destination::Channel(c), PostBody::OpenThread { .. }) => {
                let threads = format!("/channels/{}/messages/0/threads", c.0);
                let cards = format!("/channels/{}/messages", c.0);
                let held = [threads, cards].map(|p| self.held_for(&Method::POST, &p));
                return held.into_iter().flatten().max();
            }
            (Destination::Channel(c), PostBody::EditCard { .. }) => {
                let card = format!("/channels/{}/messages/0", c.0);
                return self.held_for(&Method::PATCH, &card);
            }
            (Destination::Channel(c), _) => format!("/channels/{}/messages", c.0),
            (Destination::Dm(_), _) => "/users/@me/channels".to_string(),
            // A thread's id is in the database: its post looks when it is sent.
            (Destination::ComplaintThread | Destination::Webhook, _) => return None,
        };
        self.held_for(&Method::POST, &channel)
    }

    async fn webhook(&self, url: &str, format: WebhookFormat, text: &str) -> Result<(), SendError> {
        self.post_webhook(url, &crate::delivery::webhook_body(format, text))
            .await
            .map_err(Into::into)
    }
}
