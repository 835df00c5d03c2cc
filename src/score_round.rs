//! Seed 003 asks for customer scores regularly, not only after trouble. The
//! score round (a cron schedule, quarterly by default) opens a poll for
//! every key customer and asks each owner, in one message, to run them; an
//! unanswered poll is reminded once (`remind_due`, run with the sweep).

use std::collections::BTreeMap;

use chrono_tz::Tz;

use crate::app::App;
use crate::commands::poll::{open_button, remind_at};
use crate::commands::posts;
use crate::config::Config;
use crate::domain::customer::Tier;
use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::text::quote;
use crate::i18n::polls::{PollText, say};
use crate::message::{Button, Message, Post, PostBody, Target};
use crate::store::customers::CustomerFilter;
use crate::store::polls::{DuePoll, NewPoll};
use crate::store::settings::ServerSettings;
use crate::store::{self, Conn};

/// Discord shows at most 25 buttons on a message.
const MAX_BUTTONS: usize = 25;

/// Opens the round's polls and asks the owners; returns the posts owed.
pub async fn run(
    conn: &mut Conn,
    config: &Config,
    server: &ServerSettings,
    guild: GuildId,
    now: Timestamp,
) -> anyhow::Result<Vec<Post>> {
    let filter = CustomerFilter {
        tier: Some(Tier::Key),
        ..CustomerFilter::default()
    };
    let key = store::customers::list(conn, guild, &filter, 5000, 0).await?;
    let mut by_owner: BTreeMap<UserId, Vec<Button>> = BTreeMap::new();
    for listed in key {
        let c = listed.customer;
        // A poll still open (from a rep, or the last round) is asked again, not doubled.
        let id = match store::polls::open_for(conn, c.id, None).await? {
            Some(p) => p.id,
            None => {
                let new = NewPoll {
                    customer_id: c.id,
                    complaint_id: None,
                    started_by: crate::domain::ids::BOT,
                    from_round: true,
                    created_at: now,
                    remind_at: remind_at(config, server, now),
                };
                store::polls::insert(conn, guild, &new).await?
            }
        };
        by_owner
            .entry(c.owner)
            .or_default()
            .push(open_button(&c.name, id));
    }
    let mut out = Vec::new();
    for (owner, mut buttons) in by_owner {
        let count = buttons.len();
        let mut text = say(server.lang, &PollText::RoundAsk { owner, count });
        if count > MAX_BUTTONS {
            buttons.truncate(MAX_BUTTONS);
            let more = PollText::RoundMore {
                count: count - MAX_BUTTONS,
            };
            text = format!("{text}\n{}", say(server.lang, &more));
        }
        // The team's channel, not a DM: buttons pressed in a DM cannot tell which server they belong to.
        out.push(Post {
            target: Target::ComplaintsChannel,
            complaint_id: None,
            body: PostBody::Message(Message::text(text).ping(owner).with_buttons(buttons)),
        });
    }
    Ok(out)
}

fn since(tz: Tz, at: Timestamp) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Reminds the owners of unanswered polls whose time has come, once each;
/// returns how many servers were reminded.
pub async fn remind_due(app: &App, now: Timestamp) -> anyhow::Result<usize> {
    let due = {
        let mut conn = app.db.pool.acquire().await?;
        store::polls::reminders_due(&mut conn, now, 500).await?
    };
    let mut by_guild: BTreeMap<GuildId, Vec<DuePoll>> = BTreeMap::new();
    for p in due {
        by_guild.entry(p.guild).or_default().push(p);
    }
    let mut reminded = 0;
    for (guild, polls) in by_guild {
        let mut tx = app.db.begin_write().await?;
        let stored = store::settings::load(&mut tx, guild).await?;
        let server = ServerSettings::resolve(&app.config, &stored);
        let mut by_owner: BTreeMap<UserId, Vec<String>> = BTreeMap::new();
        for p in polls {
            if !store::polls::claim_reminder(&mut tx, p.id, now).await? {
                continue;
            }
            let line = PollText::ReminderLine {
                customer: quote(&p.customer),
                since: since(server.tz, p.created_at),
                poll: p.id,
            };
            by_owner
                .entry(p.owner)
                .or_default()
                .push(say(server.lang, &line));
        }
        let owed: Vec<Post> = by_owner
            .into_iter()
            .map(|(owner, lines)| {
                let head = say(server.lang, &PollText::Reminder { owner });
                let text = crate::domain::text::fit(format!("{head}\n{}", lines.join("\n")));
                Post {
                    target: Target::Dm(owner),
                    complaint_id: None,
                    body: PostBody::Message(Message::text(text)),
                }
            })
            .collect();
        if !owed.is_empty() {
            reminded += 1;
        }
        posts::queue(&mut tx, guild, &server, None, &owed, now).await?;
        tx.commit().await?;
    }
    Ok(reminded)
}
