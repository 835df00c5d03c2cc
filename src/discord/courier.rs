//! Delivers the outbox through Discord's REST API.

use serde_json::json;

use super::render;
use crate::delivery::rest::{DiscordRest, RestError, id_of};
use crate::delivery::{Courier, SendError};
use crate::domain::ids::{ChannelId, UserId};
use crate::message::{Message, WebhookFormat};

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
            self.call(reqwest::Method::POST, &path, Some(&body)).await?
        } else {
            self.call_multipart(reqwest::Method::POST, &path, &body, &m.files)
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
        nonce: &str,
    ) -> Result<ChannelId, SendError> {
        // A retry re-posts with the same nonce, and Discord hands back the
        // message it already has instead of a second one.
        let message = self.post_message(channel, starter, nonce).await?;
        let path = format!("/channels/{}/messages/{message}/threads", channel.0);
        let thread = json!({ "name": name, "auto_archive_duration": 10080 });
        match self.call(reqwest::Method::POST, &path, Some(&thread)).await {
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

    async fn dm(&self, user: UserId, message: &Message, nonce: &str) -> Result<(), SendError> {
        let dm = self
            .call(
                reqwest::Method::POST,
                "/users/@me/channels",
                Some(&json!({ "recipient_id": user.0.to_string() })),
            )
            .await?;
        let channel = id_of(&dm).ok_or_else(|| SendError::Retry {
            after: 5,
            reason: "no DM channel id".into(),
        })?;
        self.post(ChannelId(channel), message, nonce).await
    }

    async fn webhook(&self, url: &str, format: WebhookFormat, text: &str) -> Result<(), SendError> {
        self.post_webhook(url, &crate::delivery::webhook_body(format, text))
            .await
            .map_err(Into::into)
    }
}
