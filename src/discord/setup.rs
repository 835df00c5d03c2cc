//! `/rapport setup` in Discord: the server's settings checked, then what
//! Discord says about its channels, roles and the bot's permissions there,
//! as a private reply in the caller's language. Managers and admins only.

use serde_json::Value;
use serenity::all::CreateInteractionResponse;

use super::interactions::{Discord, note_outcome};
use super::render;
use crate::domain::ids::GuildId;
use crate::domain::permissions::Actor;
use crate::domain::refusal::Action;
use crate::i18n::{self, Lang, Msg};
use crate::message::Message;
use crate::metrics::InteractionOutcome;
use crate::ops::doctor;
use crate::store;

fn private(text: String) -> Value {
    render::to_json(&CreateInteractionResponse::Message(
        render::response_message(&Message::private(text)),
    ))
}

pub async fn answer(d: &Discord, guild: GuildId, actor: Actor, lang: Lang) -> Value {
    if let Err(refusal) = actor.require_manager(Action::CheckSetup) {
        note_outcome(InteractionOutcome::refused);
        return private(i18n::refusal(lang, &refusal));
    }
    let stored = async {
        let mut conn = d.app.db.pool.acquire().await?;
        store::settings::load(&mut conn, guild).await
    }
    .await;
    let stored = match stored {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "settings unavailable");
            note_outcome(InteractionOutcome::unavailable);
            return private(i18n::say(lang, &Msg::Unavailable));
        }
    };
    let checks = doctor::setup_in_discord(&d.app.config, &stored, &d.rest, guild).await;
    tracing::info!(
        command = "rapport setup",
        problems = doctor::failures(&checks),
        outcome = "ok",
        "interaction"
    );
    private(doctor::render_discord(lang, &checks))
}
