//! `/visit log`: a visit, and whether the rep met the boss/KP (seed 000: a rep
//! who only ever meets the team loses the renewal).

use super::args::Args;
use super::{Handled, Scope};
use crate::domain::customer::MetWith;
use crate::domain::refusal::Refusal;
use crate::domain::timeline::EventKind;
use crate::i18n::ValueKind;
use crate::i18n::{self, Msg};
use crate::message::Outcome;
use crate::store::{self, visits::Visit};

/// A visit may be logged a little ahead of the clock, not for tomorrow.
const FUTURE_SLACK: i64 = 3600;

pub async fn log(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let customer = s.customer(&args.required("customer")?).await?;
    s.ctx
        .actor
        .require_owner_or_manager(customer.owner, || Refusal::NotCustomerOwner {
            customer: customer.name.clone(),
            owner: customer.owner,
        })?;
    let met = args
        .coded("met", MetWith::from_code)
        .ok_or_else(|| Refusal::MissingOption("met".into()))?;
    let at = args
        .moment("when", s.now(), s.server.tz)?
        .unwrap_or(s.now());
    if at > s.now() + FUTURE_SLACK {
        return Err(Refusal::MomentInFuture {
            option: "when".into(),
        }
        .into());
    }
    let visit = Visit {
        customer_id: customer.id,
        rep: s.ctx.actor.user,
        met,
        at,
        note: args.text("note"),
    };
    let boss_days = s.app.config.visits.boss_cadence();
    store::visits::insert(s.conn, s.ctx.guild, &visit, s.now(), boss_days).await?;
    s.log_customer(
        customer.id,
        EventKind::Visit,
        &i18n::value(s.lang(), ValueKind::Met, met.code()),
    );
    let summary = store::customers::visit_summary(s.conn, customer.id).await?;
    let days_since_boss = summary
        .last_boss_visit_at
        .map(|t| ((s.now() - t).max(0)) / 86_400);
    let met = i18n::value(s.reply_lang(), ValueKind::Met, met.code());
    Ok(Outcome::reply(s.say_privately(&Msg::VisitLogged {
        customer: customer.name,
        met,
        days_since_boss,
    })))
}
