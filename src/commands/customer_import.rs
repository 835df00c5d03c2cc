//! `/customer import file:<CSV attachment> [dry_run]`: onboarding a team's
//! customer list. The file was downloaded before the transaction began
//! (`attachments`); here it is read, checked and applied in one go.

use super::args::Args;
use super::import_rows::{ImportBy, apply};
use super::{Handled, Scope};
use crate::domain::refusal::{Action, Refusal};
use crate::domain::text::fit;
use crate::i18n::Msg;
use crate::message::{Message, Outcome};

pub async fn import(s: &mut Scope<'_>, args: &Args) -> Handled {
    s.ctx.actor.require_manager(Action::ImportCustomers)?;
    let text = args.required("file")?;
    let parsed = crate::import::parse(&text, s.now(), s.server.tz).map_err(Refusal::from)?;
    let by = ImportBy {
        guild: s.ctx.guild,
        actor: s.ctx.actor.user,
        now: s.now(),
        dry_run: args.text("dry_run").as_deref() == Some("yes"),
    };
    let summary = apply(s.conn, &s.app.config, parsed, by).await?;
    let text = crate::i18n::say(s.reply_lang(), &Msg::ImportDone(summary));
    Ok(Outcome::reply(Message::private(fit(text))))
}
