//! Reminds the owner of each monthly-meeting decision, once, before it is
//! due (the time was set when it was decided; `commands::voc::remind_at`).
//! Runs with the sweep, by the indexed `remind_at`.

use std::collections::BTreeMap;

use crate::app::App;
use crate::commands::posts;
use crate::domain::ids::{GuildId, Timestamp};
use crate::domain::text::{fit, quote};
use crate::i18n::{self, Msg};
use crate::message::{Message, Post, PostBody, Target};
use crate::store::decisions::DueDecision;
use crate::store::{self, settings::ServerSettings};

pub async fn remind_due(app: &App, now: Timestamp) -> anyhow::Result<usize> {
    let due = {
        let mut conn = app.db.pool.acquire().await?;
        store::decisions::reminders_due(&mut conn, now, 500).await?
    };
    let mut by_guild: BTreeMap<GuildId, Vec<DueDecision>> = BTreeMap::new();
    for d in due {
        by_guild.entry(d.guild).or_default().push(d);
    }
    let mut reminded = 0;
    for (guild, due) in by_guild {
        let mut tx = app.db.begin_write().await?;
        let stored = store::settings::load(&mut tx, guild).await?;
        let server = ServerSettings::resolve(&app.config, &stored);
        let mut owed = Vec::new();
        for DueDecision { decision: d, .. } in due {
            if !store::decisions::claim_reminder(&mut tx, d.id, now).await? {
                continue;
            }
            let text = i18n::say(
                server.lang,
                &Msg::DecisionDue {
                    id: d.id,
                    what: quote(&d.what),
                    due: server.stamp_due(d.due_at),
                },
            );
            owed.push(Post {
                target: Target::Dm(d.owner),
                complaint_id: None,
                body: PostBody::Message(Message::text(fit(text))),
            });
        }
        reminded += owed.len();
        posts::queue(&mut tx, guild, &server, None, &owed, now).await?;
        tx.commit().await?;
    }
    Ok(reminded)
}
