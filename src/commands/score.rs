//! `/score record`: seed 003's three questions, and "what would earn a 5?".

use super::args::Args;
use super::{Handled, Scope};
use crate::domain::customer::TrustStage;
use crate::domain::refusal::{Action, Refusal};
use crate::i18n::Msg;
use crate::message::{Message, Outcome, Post, PostBody, Target};
use crate::store::{self, scores::Score};

/// Below this, a customer is at risk; at or below `ALARM`, managers are pinged.
const SATISFIED: i64 = 4;
const ALARM: i64 = 2;

pub async fn record(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let customer = s.customer(&args.required("customer")?).await?;
    if s.ctx.actor.user != customer.owner {
        s.ctx.actor.require_manager(Action::RecordScore)?;
    }
    let score = |name: &str| {
        args.int(name)
            .ok_or_else(|| Refusal::MissingOption(name.into()))
    };
    let (overall, again, recommend) = (score("overall")?, score("again")?, score("recommend")?);
    let lowest = overall.min(again).min(recommend);
    let to_five = args.text("to_five");
    if lowest < SATISFIED && to_five.is_none() {
        return Err(Refusal::WhatWouldEarnFiveNeeded.into());
    }
    let complaint_id = match args.int("complaint") {
        Some(n) => Some(s.complaint(crate::domain::ids::ComplaintNo(n)).await?.id),
        None => None,
    };
    let record = Score {
        customer_id: customer.id,
        complaint_id,
        overall,
        again,
        recommend,
        to_five,
        recorded_by: s.ctx.actor.user,
        at: s.now(),
    };
    store::scores::insert(s.conn, s.ctx.guild, &record).await?;
    let low = lowest < SATISFIED;
    store::customers::set_at_risk(s.conn, customer.id, low).await?;
    s.log_customer(
        customer.id,
        "score",
        &format!("{overall}/{again}/{recommend}"),
    )
    .await?;

    let reply = s.say_privately(&Msg::ScoreRecorded {
        customer: customer.name.clone(),
        overall,
        again,
        recommend,
        low,
    });
    let mut outcome = Outcome::reply(reply);
    if lowest <= ALARM || customer.stage == TrustStage::Lost {
        let role = s.server.manager_role;
        let alert = s.say(&Msg::ScoreAlert {
            customer: customer.name,
            owner: customer.owner,
            lowest,
            role,
        });
        outcome = outcome.post(Post {
            target: Target::AlertsChannel,
            complaint_id,
            body: PostBody::Message(Message::text(alert).ping_role(role)),
        });
    }
    Ok(outcome)
}
