//! `/report dashboard`, for managers: a private, signed link to the web view
//! of this server, bound to the member who asked and valid for
//! `web.link_hours` (issue 18). Reps are refused, as for the reports.

use super::{Handled, Scope};
use crate::domain::refusal::Action;
use crate::domain::weblink::Grant;
use crate::i18n::web::{WebText, say};
use crate::message::{Message, Outcome};
use crate::store;

pub async fn dashboard(s: &mut Scope<'_>) -> Handled {
    s.ctx.actor.require_manager(Action::ReadReports)?;
    let web = &s.app.config.web;
    let Some(secret) = &web.secret else {
        return Ok(Outcome::reply(Message::private(say(
            s.reply_lang(),
            &WebText::Off,
        ))));
    };
    let (guild, user, now) = (s.ctx.guild, s.ctx.actor.user, s.now());
    let expires_at = now + web.link_hours * 3600;
    let link = store::web::issue(s.conn, guild, user, now, expires_at).await?;
    let grant = Grant {
        link,
        guild,
        user,
        expires_at,
    };
    let url = format!(
        "{}/web/open?t={}",
        web.base_url(&s.app.config.http.addr),
        grant.sign(secret)
    );
    // The first view then reads the finished periods' figures kept. Inside
    // a runtime only: the console and the endpoint always are.
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let (db, config) = (s.app.db.clone(), s.app.config.clone());
        let server = s.server.clone();
        runtime.spawn(crate::reports::dashboard::warm(
            db, config, server, guild, now,
        ));
    }
    let until = s.server.show_time(expires_at);
    Ok(Outcome::reply(Message::private(say(
        s.reply_lang(),
        &WebText::Link { url, until },
    ))))
}
