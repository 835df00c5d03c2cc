//! Seed 001's crisis plays where they touch commands: a product crisis's
//! training (`/complaint training`, and step 4's `training`), the refresher a
//! recurring product complaint suggests, and the boss met before a boss/KP
//! crisis closes.

use super::args::Args;
use super::{Failure, Handled, Scope};
use crate::domain::complaint::{Category, Complaint};
use crate::domain::crisis::Training;
use crate::domain::ids::Timestamp;
use crate::domain::refusal::{CrisisRefusal, Refusal};
use crate::domain::timeline::EventKind;
use crate::i18n::crisis::{self, CrisisText};
use crate::message::{Message, Outcome, Post, PostBody, Target};
use crate::store;

const DAY: i64 = 86_400;

/// Refuses a training date for a complaint that is not a product crisis,
/// before anything is written.
pub fn check_training_allowed(c: &Complaint, given: Option<Timestamp>) -> Result<(), Refusal> {
    match given {
        Some(_) if c.category != Category::Product => {
            Err(CrisisRefusal::TrainingOnlyForProduct(c.number).into())
        }
        _ => Ok(()),
    }
}

/// After step 4 of a product crisis: keeps the training and says what the
/// owner still has to do about it.
pub async fn after_step_four(
    s: &mut Scope<'_>,
    c: &Complaint,
    date: Option<Timestamp>,
) -> Result<Option<String>, Failure> {
    if c.category != Category::Product {
        return Ok(None);
    }
    let training = Training::from_step_four(date, s.now());
    // A second step 4 (a reopened delivery) without a date keeps the first plan.
    let known = store::crisis::training_of(s.conn, c.id).await?;
    let training = match (training, known) {
        (Training::Unplanned, Some(kept)) => kept,
        (fresh, _) => fresh,
    };
    record(s, c, training).await?;
    Ok(Some(reply_for(s, c, training)))
}

async fn record(s: &mut Scope<'_>, c: &Complaint, t: Training) -> Result<(), Failure> {
    let (guild, actor, now) = (s.ctx.guild, s.ctx.actor.user, s.now());
    store::crisis::set_training(s.conn, guild, c.id, t, actor, now).await?;
    let (kind, at) = match t {
        Training::Planned(at) => (EventKind::TrainingPlanned, at),
        Training::Held(at) => (EventKind::TrainingHeld, at),
        Training::Unplanned => return Ok(()),
    };
    let shown = s.server.show_time(at);
    s.log(c, kind, &shown);
    Ok(())
}

fn reply_for(s: &Scope<'_>, c: &Complaint, t: Training) -> String {
    let number = c.number;
    let text = match t {
        Training::Unplanned => CrisisText::TrainingAsk { number },
        Training::Planned(at) => CrisisText::TrainingPlanned {
            number,
            at: s.server.understood(at),
        },
        Training::Held(at) => CrisisText::TrainingHeld {
            number,
            at: s.server.understood(at),
        },
    };
    crisis::say(s.reply_lang(), &text)
}

/// `/complaint training id:N on:…|held:…`: plans, moves or logs the training.
pub async fn training(s: &mut Scope<'_>, args: &Args) -> Handled {
    let c = s.workable(args).await?;
    let on = args.moment("on", s.now(), s.server.tz)?;
    let held = args.moment("held", s.now(), s.server.tz)?;
    if c.category != Category::Product {
        return Err(Refusal::from(CrisisRefusal::TrainingOnlyForProduct(c.number)).into());
    }
    let t = match (on, held) {
        (Some(at), None) if at > s.now() => Training::Planned(at),
        (Some(_), None) => {
            return Err(Refusal::MomentInPast {
                option: "on".into(),
            }
            .into());
        }
        (None, Some(at)) if at > s.now() => {
            return Err(Refusal::from(CrisisRefusal::TrainingHeldLater).into());
        }
        (None, Some(at)) => Training::Held(at),
        _ => return Err(Refusal::from(CrisisRefusal::TrainingOnOrHeld).into()),
    };
    record(s, &c, t).await?;
    let reply = reply_for(s, &c, t);
    Ok(Outcome::reply(Message::private(reply)))
}

/// In a new product complaint's thread, when the customer had others lately.
pub async fn refresher_note(s: &mut Scope<'_>, c: &Complaint) -> Result<Option<Post>, Failure> {
    if c.category != Category::Product {
        return Ok(None);
    }
    let window_days = s.app.config.crisis.refresher_window_days;
    let since = c.created_at - window_days * DAY;
    let recurring =
        store::crisis::product_complaint_between(s.conn, c.customer_id, since, c.created_at)
            .await?;
    if !recurring {
        return Ok(None);
    }
    let text = crisis::say(
        s.lang(),
        &CrisisText::Refresher {
            number: c.number,
            customer: crate::domain::text::quote(&c.customer_name),
            window_days,
        },
    );
    Ok(Some(Post {
        target: Target::Thread,
        complaint_id: Some(c.id),
        body: PostBody::Message(Message::text(text)),
    }))
}

/// A boss/KP crisis closes only after a visit that met the boss since it was
/// reported (seed 001: the most dangerous crisis).
pub async fn check_may_close(s: &mut Scope<'_>, c: &Complaint) -> Result<(), Failure> {
    if c.category != Category::Boss {
        return Ok(());
    }
    if store::crisis::boss_met_since(s.conn, c.customer_id, c.created_at).await? {
        return Ok(());
    }
    Err(Refusal::from(CrisisRefusal::BossNotMet {
        number: c.number,
        customer: c.customer_name.clone(),
    })
    .into())
}
