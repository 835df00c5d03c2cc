//! Moving a complaint between people and states: reassign, escalate by hand,
//! reject as unreasonable, reopen.

use super::args::Args;
use super::complaint_flow::step_card_post;
use super::{Handled, Scope, buttons, cards};
use crate::domain::complaint::{Status, Step};
use crate::domain::refusal::{Action, Refusal};
use crate::domain::text::fit;
use crate::domain::text::quote;
use crate::domain::timeline::EventKind;
use crate::i18n::Msg;
use crate::message::{Message, Outcome, Post, PostBody, Target};
use crate::store;

fn post(target: Target, complaint_id: i64, message: Message) -> Post {
    Post {
        target,
        complaint_id: Some(complaint_id),
        body: PostBody::Message(message),
    }
}

pub async fn assign(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let to = args
        .user("to")
        .ok_or_else(|| Refusal::MissingOption("to".into()))?;
    hand_over(s, args, to, false).await
}

/// A manager takes an escalated complaint over: it becomes theirs, and
/// taking it is acknowledging it (the customer has someone on it now).
pub async fn take(s: &mut Scope<'_>, args: &Args) -> Handled {
    s.ctx.actor.require_manager(Action::ReassignOthers)?;
    hand_over(s, args, s.ctx.actor.user, true).await
}

async fn hand_over(
    s: &mut Scope<'_>,
    args: &Args,
    to: crate::domain::ids::UserId,
    acknowledge: bool,
) -> Handled {
    let mut c = s.complaint(args.complaint("id")?).await?;
    if s.ctx.actor.user != c.owner {
        s.ctx.actor.require_manager(Action::ReassignOthers)?;
    }
    c.can_reassign(to)?;
    let from = c.owner;
    c.owner = to;
    c.updated_at = s.now();
    let acknowledged = acknowledge && c.acknowledged_at.is_none();
    if acknowledged {
        c.acknowledged_at = Some(s.now());
        if c.status == Status::Open {
            c.status = Status::Active;
        }
    }
    s.save(&mut c).await?;
    s.log(&c, EventKind::Reassigned, &format!("<@{}>", to.0));
    if acknowledged {
        s.log(&c, EventKind::Acknowledged, "");
    }
    let text = s.say(&Msg::Reassigned {
        number: c.number,
        from,
        to,
        by: s.ctx.actor.user,
    });
    let notice = post(Target::Thread, c.id, Message::text(text).ping(to));
    Ok(Outcome::reply(s.say_privately(&Msg::Done { number: c.number })).post(notice))
}

pub async fn escalate(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let mut c = s.workable(args).await?;
    c.can_escalate()?;
    let reason = args.required("reason")?;
    c.escalation_level = c.escalation_level.max(1);
    c.updated_at = s.now();
    s.save(&mut c).await?;
    s.log(&c, EventKind::Escalated, &reason);
    let role = s.server.manager_role;
    let by = s.ctx.actor.user;
    let text = format!(
        "{}\n{}",
        s.say(&Msg::Escalated {
            number: c.number,
            by,
            reason: quote(&reason),
            role
        }),
        cards::complaint_row(s.lang(), &c)
    );
    let reassign: Vec<_> = buttons::step_buttons(s.lang(), &c)
        .into_iter()
        .filter(|b| b.id.contains(":assign:"))
        .collect();
    let alert = post(
        Target::AlertsChannel,
        c.id,
        Message::text(fit(text))
            .ping_role(role)
            .with_buttons(reassign),
    );
    let thread_note = s.say(&Msg::Escalated {
        number: c.number,
        by,
        reason: quote(&reason),
        role: None,
    });
    let notice = post(Target::Thread, c.id, Message::text(thread_note));
    Ok(Outcome::reply(s.say_privately(&Msg::Done { number: c.number })).posts([alert, notice]))
}

pub async fn reject(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    s.ctx.actor.require_manager(Action::Reject)?;
    let mut c = s.complaint(args.complaint("id")?).await?;
    c.can_reject()?;
    let reason = args.required("reason")?;
    c.status = Status::Rejected;
    c.closed_at = Some(s.now());
    c.updated_at = s.now();
    s.save(&mut c).await?;
    s.log(&c, EventKind::Rejected, &reason);
    let text = s.say(&Msg::Rejected {
        number: c.number,
        by: s.ctx.actor.user,
        explanation: quote(&reason),
    });
    let notice = post(Target::Thread, c.id, Message::text(fit(text)).ping(c.owner));
    Ok(Outcome::reply(s.say_privately(&Msg::Done { number: c.number })).post(notice))
}

pub async fn reopen(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let mut c = s.workable(args).await?;
    c.can_reopen()?;
    let reason = args.required("reason")?;
    store::steps::supersede_from(s.conn, c.id, Step::Calm).await?;
    c.status = Status::Open;
    c.enter_step(Step::Calm, s.now());
    c.acknowledged_at = None;
    c.promised_by = None;
    c.closed_at = None;
    c.escalation_level = 0;
    // The unacknowledged ladder counts again from the reopening.
    c.watch = crate::domain::complaint::Watch {
        step_started_at: s.now(),
        ..Default::default()
    };
    s.save(&mut c).await?;
    s.log(&c, EventKind::Reopened, &reason);
    let text = s.say(&Msg::Reopened {
        number: c.number,
        by: s.ctx.actor.user,
        reason: quote(&reason),
        owner: c.owner,
    });
    let notice = post(Target::Thread, c.id, Message::text(fit(text)).ping(c.owner));
    let card = step_card_post(s, &c);
    Ok(Outcome::reply(s.say_privately(&Msg::Done { number: c.number })).posts([notice, card]))
}
