//! Forum mode: when the complaints channel is a forum (type 15), each
//! complaint is a post whose tags follow its severity, status and step, so
//! the team filters the board in Discord itself. Tags rapport needs are
//! added to the forum when missing, up to Discord's 20.

use reqwest::Method;
use serde_json::{Value, json};

use super::render;
use crate::delivery::SendError;
use crate::delivery::rest::{ChannelKind, DiscordRest, Patience, id_of};
use crate::domain::ids::ChannelId;
use crate::message::Message;

/// Discord's channel type for a forum.
const FORUM: u64 = 15;
const MAX_FORUM_TAGS: usize = 20;
const MAX_APPLIED_TAGS: usize = 5;

fn name_of(tag: &Value) -> &str {
    tag["name"].as_str().unwrap_or("")
}

impl DiscordRest {
    /// What `channel` is, asked of Discord once and remembered.
    pub(super) async fn channel_kind(&self, channel: ChannelId) -> Result<ChannelKind, SendError> {
        let known = self
            .channels
            .lock()
            .ok()
            .and_then(|c| c.get(&channel.0).cloned());
        if let Some(kind) = known {
            return Ok(kind);
        }
        let path = format!("/channels/{}", channel.0);
        let found = self
            .call_with(Patience::Queue, Method::GET, &path, None)
            .await?;
        let kind = if found["type"].as_u64() == Some(FORUM) {
            ChannelKind::Forum {
                tags: found["available_tags"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            }
        } else {
            ChannelKind::Text
        };
        self.remember(channel, kind.clone());
        Ok(kind)
    }

    fn remember(&self, channel: ChannelId, kind: ChannelKind) {
        if let Ok(mut known) = self.channels.lock() {
            known.insert(channel.0, kind);
        }
    }

    /// The ids of the tags named, adding the missing ones to the forum
    /// while it has room; a name that finds no room is left off the post.
    async fn tag_ids(
        &self,
        forum: ChannelId,
        mut tags: Vec<Value>,
        names: &[String],
    ) -> Result<Vec<String>, SendError> {
        let missing: Vec<&String> = names
            .iter()
            .filter(|n| !tags.iter().any(|t| name_of(t) == n.as_str()))
            .collect();
        let room = MAX_FORUM_TAGS.saturating_sub(tags.len());
        if !missing.is_empty() && room > 0 {
            let mut available = tags.clone();
            available.extend(missing.iter().take(room).map(|n| json!({ "name": n })));
            let path = format!("/channels/{}", forum.0);
            let body = json!({ "available_tags": available });
            let updated = self
                .call_with(Patience::Queue, Method::PATCH, &path, Some(&body))
                .await?;
            tags = updated["available_tags"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            self.remember(forum, ChannelKind::Forum { tags: tags.clone() });
        }
        Ok(names
            .iter()
            .filter_map(|n| tags.iter().find(|t| name_of(t) == n.as_str()))
            .filter_map(|t| t["id"].as_str().map(str::to_string))
            .take(MAX_APPLIED_TAGS)
            .collect())
    }

    /// A complaint's post in the forum: its card as the first message.
    pub(super) async fn open_post(
        &self,
        forum: ChannelId,
        tags: Vec<Value>,
        name: &str,
        card: &Message,
        names: &[String],
    ) -> Result<ChannelId, SendError> {
        let applied = self.tag_ids(forum, tags, names).await?;
        let mut message = render::edit_message(card)
            .map_err(|e| SendError::Permanent(format!("cannot render message: {e}")))?;
        if card.buttons.is_empty() {
            message["components"] = json!([]);
        }
        let body = json!({
            "name": name,
            "auto_archive_duration": 10080,
            "applied_tags": applied,
            "message": message,
        });
        let path = format!("/channels/{}/threads", forum.0);
        let created = self
            .call_with(Patience::Queue, Method::POST, &path, Some(&body))
            .await?;
        id_of(&created)
            .map(ChannelId)
            .ok_or_else(|| SendError::Retry {
                after: 5,
                reason: "Discord returned a forum post without an id".into(),
            })
    }

    /// Redraws a post's card (its first message shares the post's id) and
    /// sets its tags to the complaint's.
    pub(super) async fn redraw_post(
        &self,
        forum: ChannelId,
        tags: Vec<Value>,
        post: i64,
        card: &Message,
        names: &[String],
    ) -> Result<(), SendError> {
        let path = format!("/channels/{post}/messages/{post}");
        let body = render::edit_message(card)
            .map_err(|e| SendError::Permanent(format!("cannot render message: {e}")))?;
        self.call_with(Patience::Queue, Method::PATCH, &path, Some(&body))
            .await?;
        let applied = self.tag_ids(forum, tags, names).await?;
        let path = format!("/channels/{post}");
        let retag = json!({ "applied_tags": applied });
        self.call_with(Patience::Queue, Method::PATCH, &path, Some(&retag))
            .await?;
        Ok(())
    }
}
