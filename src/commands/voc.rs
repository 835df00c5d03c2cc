//! `/voc decide|close|list`: the decisions of the monthly "voice of the
//! customer" meeting (seed 002), each with an owner and a due date, tracked
//! until carried out; the monthly report opens with last month's.

use super::args::Args;
use super::{Handled, Scope};
use crate::domain::ids::Timestamp;
use crate::domain::refusal::{Action, Refusal};
use crate::domain::text::{check_text, fit, quote};
use crate::domain::voice::{Decision, DecisionState, MAX_DECISION};
use crate::i18n::Msg;
use crate::message::{Message, Outcome, Post, PostBody, Target};
use crate::store;

const DAY: i64 = 86_400;

/// A decision's owner hears a working day before it is due (or at once when
/// it is due sooner): the team's own practice, not the source text's.
pub fn remind_at(s: &Scope<'_>, due_at: Timestamp) -> Timestamp {
    s.server.hours.next_working((due_at - DAY).max(s.now()))
}

fn dm(to: crate::domain::ids::UserId, message: Message) -> Post {
    Post {
        target: Target::Dm(to),
        complaint_id: None,
        body: PostBody::Message(message),
    }
}

pub async fn decide(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    s.ctx.actor.require_manager(Action::RecordDecision)?;
    let what = check_text("what", &args.required("what")?, MAX_DECISION)?;
    let owner = args
        .user("owner")
        .ok_or_else(|| Refusal::MissingOption("owner".into()))?;
    let due_at = args
        .moment("due", s.now(), s.server.tz)?
        .ok_or_else(|| Refusal::MissingOption("due".into()))?;
    if due_at <= s.now() {
        return Err(Refusal::MomentInPast {
            option: "due".into(),
        }
        .into());
    }
    let mut decision = Decision {
        id: 0,
        what,
        owner,
        due_at,
        decided_by: s.ctx.actor.user,
        decided_at: s.now(),
        done_at: None,
        done_note: None,
    };
    let remind = remind_at(s, due_at);
    decision.id = store::decisions::insert(s.conn, s.ctx.guild, &decision, remind).await?;
    let due = s.server.stamp_due(due_at);
    let told = s.say(&Msg::DecisionAssigned {
        id: decision.id,
        what: quote(&decision.what),
        due: due.clone(),
        by: decision.decided_by,
    });
    let reply = s.say_privately(&Msg::DecisionRecorded {
        id: decision.id,
        owner,
        due,
    });
    Ok(Outcome::reply(reply).post(dm(owner, Message::text(fit(told)))))
}

async fn decision(s: &mut Scope<'_>, args: &Args) -> Result<Decision, super::Failure> {
    let id = args
        .int("id")
        .ok_or_else(|| Refusal::MissingOption("id".into()))?;
    store::decisions::get(s.conn, s.ctx.guild, id)
        .await?
        .ok_or_else(|| Refusal::UnknownDecision(id).into())
}

pub async fn close(s: &mut Scope<'_>, args: &Args) -> Handled {
    let d = decision(s, args).await?;
    if s.ctx.actor.user != d.owner {
        s.ctx.actor.require_manager(Action::RecordDecision)?;
    }
    if d.done_at.is_some() {
        return Err(Refusal::DecisionDone(d.id).into());
    }
    let note = match args.text("note") {
        Some(note) => Some(check_text("note", &note, MAX_DECISION)?),
        None => None,
    };
    store::decisions::mark_done(s.conn, d.id, s.ctx.actor.user, note.as_deref(), s.now()).await?;
    let reply = s.say_privately(&Msg::DecisionCarriedOut { id: d.id });
    Ok(Outcome::reply(reply))
}

pub async fn list(s: &mut Scope<'_>, _args: &Args) -> Handled {
    let open = store::decisions::open(s.conn, s.ctx.guild, 25).await?;
    if open.is_empty() {
        return Ok(Outcome::reply(s.say_privately(&Msg::NoDecisions)));
    }
    let mut lines = vec![s.say(&Msg::DecisionsHeader { open: open.len() })];
    for d in &open {
        lines.push(s.say(&Msg::DecisionLine {
            id: d.id,
            what: quote(&d.what),
            owner: d.owner,
            due: s.server.stamp_due(d.due_at),
            overdue: d.state(s.now()) == DecisionState::Overdue,
        }));
    }
    Ok(Outcome::reply(Message::private(fit(lines.join("\n")))))
}
