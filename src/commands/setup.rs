//! `/rapport setup` where Discord cannot be asked (the console): the
//! server's time zone, working hours, channels and roles as set. In Discord
//! the adapter answers it instead, with Discord's own view added
//! (`discord::setup`).

use super::{Handled, Scope};
use crate::domain::refusal::Action;
use crate::message::{Message, Outcome};
use crate::ops::doctor::{
    self,
    findings::{Check, Finding},
};
use crate::store;

pub async fn setup(s: &mut Scope<'_>) -> Handled {
    s.ctx.actor.require_manager(Action::CheckSetup)?;
    let stored = store::settings::load(s.conn, s.ctx.guild).await?;
    let mut checks = doctor::settings_checks(&s.app.config, &stored, true);
    checks.push(Check::warn(Finding::DiscordNotChecked));
    let text = doctor::render_discord(s.reply_lang(), &checks);
    Ok(Outcome::reply(Message::private(text)))
}
