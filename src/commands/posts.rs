//! Queues the posts a change owes, in the change's own transaction. Where
//! each goes is fixed now: the server's channel, else the channel the command
//! came from; a complaint's thread is found at delivery.

use tracing::warn;

use crate::domain::ids::{ChannelId, GuildId, Timestamp};
use crate::message::{Post, PostBody, Target};
use crate::store::outbox::{Destination, NewItem};
use crate::store::settings::ServerSettings;
use crate::store::{self, Conn};

pub async fn queue(
    conn: &mut Conn,
    guild: GuildId,
    server: &ServerSettings,
    origin: Option<ChannelId>,
    posts: &[Post],
    now: Timestamp,
) -> anyhow::Result<usize> {
    let items = resolve(conn, guild, server, origin, posts, now).await?;
    store::outbox::enqueue_many(conn, &items, now).await?;
    Ok(items.len())
}

/// Where each post goes; posts with nowhere to go are logged and dropped.
pub async fn resolve(
    conn: &mut Conn,
    guild: GuildId,
    server: &ServerSettings,
    origin: Option<ChannelId>,
    posts: &[Post],
    now: Timestamp,
) -> anyhow::Result<Vec<NewItem>> {
    let complaints = server.complaints_channel.or(origin);
    let mut items = Vec::with_capacity(posts.len());
    for post in posts {
        let (destination, body) = match post.target {
            Target::ComplaintsChannel => (complaints.map(Destination::Channel), post.body.clone()),
            // With no channel set at all, a complaint's alert still reaches its thread.
            Target::AlertsChannel => (
                server
                    .alerts_channel
                    .or(complaints)
                    .map(Destination::Channel)
                    .or(post.complaint_id.map(|_| Destination::ComplaintThread)),
                post.body.clone(),
            ),
            Target::Thread => (Some(Destination::ComplaintThread), post.body.clone()),
            Target::Dm(user) => (Some(Destination::Dm(user)), post.body.clone()),
            Target::Webhook => match (&server.webhook, &post.body) {
                (Some(hook), PostBody::Message(m)) => {
                    let text = server.unstamp(&m.plain(), now);
                    let text = plain_text(conn, guild, &text).await?;
                    (
                        Some(Destination::Webhook),
                        PostBody::Webhook {
                            url: hook.url.clone(),
                            format: hook.format,
                            text,
                        },
                    )
                }
                _ => continue,
            },
        };
        let Some(destination) = destination else {
            warn!(
                guild = guild.0,
                "no channel to post in; set one with /rapport settings"
            );
            continue;
        };
        items.push(NewItem {
            guild,
            complaint_id: post.complaint_id,
            destination,
            body,
        });
    }
    Ok(items)
}

/// Discord markup made readable elsewhere: mentions become names, bold goes
/// (timestamps were written out in the server's zone before).
async fn plain_text(conn: &mut Conn, guild: GuildId, text: &str) -> anyhow::Result<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<@") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let Some(end) = tail.find('>') else {
            out.push_str(tail);
            rest = "";
            break;
        };
        let inner = &tail[2..end];
        let shown = if let Some(role) = inner.strip_prefix('&') {
            format!("@role:{role}")
        } else {
            match inner.trim_start_matches('!').parse::<i64>() {
                Ok(id) => {
                    match store::members::get(conn, guild, crate::domain::ids::UserId(id)).await? {
                        Some(m) => format!("@{}", m.name),
                        None => format!("@{id}"),
                    }
                }
                Err(_) => tail[..=end].to_string(),
            }
        };
        out.push_str(&shown);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out.replace("**", ""))
}
