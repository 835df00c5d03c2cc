//! `/customer winback name step [when]`: ticks one of seed 003's seven steps
//! to win a lost customer back, so the customer card shows how far it is.

use super::args::Args;
use super::{Handled, Scope};
use crate::domain::customer::{TrustStage, WIN_BACK_STEPS};
use crate::domain::refusal::Refusal;
use crate::domain::timeline::EventKind;
use crate::i18n::polls::{self, PollText};
use crate::message::{Message, Outcome};
use crate::store;

pub async fn tick(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let c = s.customer(&args.required("name")?).await?;
    s.ctx
        .actor
        .require_owner_or_manager(c.owner, || Refusal::NotCustomerOwner {
            customer: c.name.clone(),
            owner: c.owner,
        })?;
    if c.stage != TrustStage::Lost {
        return Err(Refusal::NotLost(c.name.clone()).into());
    }
    let step = args
        .int("step")
        .filter(|n| (1..=WIN_BACK_STEPS).contains(n))
        .ok_or_else(|| Refusal::MissingOption("step".into()))?;
    let at = args
        .moment("when", s.now(), s.server.tz)?
        .unwrap_or(s.now());
    if at > s.now() {
        return Err(Refusal::MomentInFuture {
            option: "when".into(),
        }
        .into());
    }
    store::win_back::tick(s.conn, s.ctx.guild, c.id, step, at, s.ctx.actor.user).await?;
    s.log_customer(c.id, EventKind::WinBackStep, &step.to_string());
    let done = store::win_back::done(s.conn, c.id).await?.len();
    let text = polls::say(
        s.reply_lang(),
        &PollText::WinBackTicked {
            customer: c.name.clone(),
            step,
            done,
        },
    );
    Ok(Outcome::reply(Message::private(text)))
}
