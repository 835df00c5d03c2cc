//! `/complaint followup`: the outcome of step 5's follow-up call or visit.
//! Satisfied with nothing open, the complaint closes and its score poll is
//! offered; otherwise it reopens at the step that failed
//! (`domain::follow_up`).

use super::args::Args;
use super::complaint_flow::step_card_post;
use super::{Handled, Scope};
use crate::domain::complaint::{FollowUpStage, PromiseStage, Status};
use crate::domain::follow_up::{self, Failed, Outcome};
use crate::domain::text::{fit, quote};
use crate::domain::timeline::EventKind;
use crate::i18n::Msg;
use crate::i18n::method::{self, MethodText};
use crate::message::{Message, Outcome as Reply, Post, PostBody, Target};
use crate::store::{self, complaints::FollowUpOutcome};

pub async fn log(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let mut c = s.workable(args).await?;
    c.can_log_follow_up()?;
    let satisfied = args.text("satisfied").as_deref() == Some("yes");
    let failed = args.coded("failed", Failed::from_code);
    let open = args.text("open");
    let outcome = follow_up::outcome(satisfied, failed, open.is_some())?;
    if outcome == Outcome::Close {
        super::crisis::check_may_close(s, &c).await?;
    }
    store::complaints::log_follow_up(
        s.conn,
        c.id,
        &FollowUpOutcome {
            satisfied,
            failed: failed.map(Failed::code),
            still_open: open.as_deref(),
        },
        s.ctx.actor.user,
        s.now(),
    )
    .await?;
    let lang = s.lang();
    let id = c.id;
    let thread = move |message: Message| Post {
        target: Target::Thread,
        complaint_id: Some(id),
        body: PostBody::Message(message),
    };
    let posts = match outcome {
        Outcome::Close => {
            c.status = Status::Closed;
            c.closed_at = Some(s.now());
            c.follow_up_at = None;
            c.updated_at = s.now();
            s.save(&mut c).await?;
            s.log(&c, EventKind::Closed, "");
            let closed = Message::text(s.say(&Msg::Closed {
                number: c.number,
                customer: c.customer_name.clone(),
            }));
            let offer = super::poll::offer_button(lang, c.number);
            vec![thread(closed.with_buttons(vec![offer]))]
        }
        Outcome::Reopen(failed) => {
            let step = failed.reopens_at();
            store::steps::supersede_from(s.conn, c.id, step).await?;
            c.status = Status::Active;
            c.enter_step(step, s.now());
            c.follow_up_at = None;
            c.watch.follow_up_stage = FollowUpStage::Pending;
            // A deadline promised before no longer holds; step 2 may set a new one.
            c.promised_by = None;
            c.watch.promise_stage = PromiseStage::Pending;
            s.save(&mut c).await?;
            let detail = match &open {
                Some(o) => format!("{}: {o}", failed.code()),
                None => failed.code().to_string(),
            };
            s.log(&c, EventKind::FollowUpFailed, &detail);
            let text = method::say(
                lang,
                &MethodText::FollowUpReopened {
                    number: c.number,
                    failed,
                    step,
                    open: open.as_deref().map(quote),
                    owner: c.owner,
                },
            );
            vec![
                thread(Message::text(fit(text)).ping(c.owner)),
                step_card_post(s, &c),
            ]
        }
    };
    Ok(Reply::reply(s.say_privately(&Msg::Done { number: c.number })).posts(posts))
}
