//! Working a complaint through the five steps: acknowledge, record each step,
//! and the manager's approval at step 3.

use super::args::Args;
use super::{Handled, Scope, buttons, cards};
use crate::domain::complaint::{Complaint, FollowUpStage, Status, Step, StepAdvance};
use crate::domain::refusal::{Action, MethodRefusal, Refusal};
use crate::domain::steps::{
    COMPENSATION, StepRecord, approval_reasons, check_delivery, extra_options, fields, read_record,
};
use crate::domain::text::fit;
use crate::domain::timeline::EventKind;
use crate::i18n::method::{self, MethodText};
use crate::i18n::{Msg, ValueKind};
use crate::message::{Message, Outcome, Post, PostBody, Target};
use crate::store;

fn in_thread(c: &Complaint, message: Message) -> Post {
    Post {
        target: Target::Thread,
        complaint_id: Some(c.id),
        body: PostBody::Message(message),
    }
}

/// The card for where the complaint now stands, with its buttons.
pub fn step_card_post(s: &Scope<'_>, c: &Complaint) -> Post {
    let lang = s.lang();
    in_thread(
        c,
        Message::card(cards::step_card(lang, c)).with_buttons(buttons::step_buttons(lang, c)),
    )
}

pub async fn ack(s: &mut Scope<'_>, args: &Args) -> Handled {
    let mut c = s.workable(args).await?;
    c.can_acknowledge()?;
    c.acknowledged_at = Some(s.now());
    c.status = Status::Active;
    c.updated_at = s.now();
    s.save(&mut c).await?;
    s.log(&c, EventKind::Acknowledged, "");
    let note = Message::text(s.say(&Msg::Acknowledged {
        number: c.number,
        by: s.ctx.actor.user,
    }));
    Ok(Outcome::reply(s.say_privately(&Msg::Done { number: c.number })).post(in_thread(&c, note)))
}

/// Every option name that belongs to some step's record.
fn record_field_names() -> Vec<&'static str> {
    Step::ALL
        .iter()
        .flat_map(|s| fields(*s).iter().chain(extra_options(*s)).map(|f| f.key))
        .collect()
}

pub async fn step(s: &mut Scope<'_>, args: &Args) -> Handled {
    let mut c = s.workable(args).await?;
    let step = match args.text("step") {
        Some(given) => Step::parse(&given).ok_or_else(|| Refusal::BadChoice {
            option: "step".into(),
            given,
            allowed: (1..=5).map(|n| n.to_string()).collect(),
        })?,
        None => c.step,
    };
    c.can_record(step)?;
    let mut values = args.subset(&record_field_names());
    // The form's compensation starts with its kind, which may be typed in Chinese ("物质 3000 元").
    if let Some(given) = values.get_mut("compensation") {
        let (first, rest) = given
            .split_once(char::is_whitespace)
            .unwrap_or((given.as_str(), ""));
        if let Some(code) =
            crate::i18n::code_for_answer(ValueKind::Compensation, COMPENSATION, first)
        {
            *given = format!("{code} {rest}").trim().to_string();
        }
    }
    if values.is_empty() {
        return Ok(Outcome::modal(buttons::step_form(s.reply_lang(), &c, step)));
    }
    let record = read_record(step, &values, s.now(), s.server.tz)?;
    let record = if step == Step::CarryOut {
        let current = store::steps::current(s.conn, c.id).await?;
        let promised = current.iter().find_map(|r| match &r.record {
            StepRecord::Solution { compensation, .. } => Some(compensation.clone()),
            _ => None,
        });
        let actor = s.ctx.actor;
        check_delivery(
            record,
            promised.as_ref(),
            actor.user,
            actor.is_manager(),
            args.text("exception"),
        )?
    } else {
        record
    };
    let training = match &record {
        StepRecord::CarryOut { training, .. } => *training,
        _ => None,
    };
    super::crisis::check_training_allowed(&c, training)?;
    store::steps::insert(s.conn, c.id, step, &record, s.ctx.actor.user, s.now()).await?;
    let training_hint = if step == Step::CarryOut {
        super::crisis::after_step_four(s, &c, training).await?
    } else {
        None
    };
    if c.acknowledged_at.is_none() {
        c.acknowledged_at = Some(s.now());
    }
    if let StepRecord::Cause { promise, .. } = &record {
        c.promised_by = *promise;
        c.watch.promise_stage = crate::domain::complaint::PromiseStage::Pending;
    }
    let reasons = approval_reasons(c.severity, c.category, &record, s.server.approval_threshold);
    let advance = Complaint::advance_after(step, !reasons.is_empty());
    c.status = Status::Active;
    // Every recorded step restarts the stall clock, even while awaiting approval.
    c.enter_step(c.step, s.now());
    match advance {
        StepAdvance::Next(next) => c.enter_step(next, s.now()),
        StepAdvance::AwaitApproval => c.status = Status::AwaitingApproval,
        StepAdvance::FollowUp => {
            c.status = Status::FollowUp;
            if let StepRecord::Reinforce { follow_up, .. } = &record {
                c.follow_up_at = Some(*follow_up);
            }
            c.watch.follow_up_stage = FollowUpStage::Pending;
        }
    }
    s.save(&mut c).await?;
    s.log(&c, EventKind::Step, &step.number().to_string());

    let lang = s.lang();
    let by = s.ctx.actor.user;
    let recorded = format!(
        "{}\n{}",
        s.say(&Msg::StepRecorded {
            number: c.number,
            step,
            by
        }),
        cards::record_summary(lang, &s.server, &record)
    );
    let mut posts = vec![in_thread(&c, Message::text(fit(recorded)))];
    let reply = match advance {
        StepAdvance::Next(_) => {
            posts.push(step_card_post(s, &c));
            let mut reply = s.say_privately(&Msg::StepDoneReply {
                number: c.number,
                step,
            });
            // The deadline as it was read, so a misread shows at once.
            if let StepRecord::Cause {
                promise: Some(at), ..
            } = &record
            {
                let read = format!(
                    "**{}:** {}",
                    crate::i18n::label(s.reply_lang(), crate::i18n::Label::PromisedBy),
                    s.server.understood(*at)
                );
                reply.text = fit(format!("{}\n{read}", reply.text));
            }
            // A deadline alone leaves the customer waiting with nothing.
            if let StepRecord::Cause {
                promise: Some(_),
                interim: None,
                ..
            } = &record
            {
                let hint = method::say(s.reply_lang(), &MethodText::NoInterim);
                reply.text = fit(format!("{}\n{hint}", reply.text));
            }
            if let Some(hint) = &training_hint {
                reply.text = fit(format!("{}\n{hint}", reply.text));
            }
            reply
        }
        StepAdvance::AwaitApproval => {
            s.log(&c, EventKind::ApprovalRequested, "");
            let role = s.server.manager_role;
            let judge = reasons.iter().any(|r| r.is_judgement());
            let mut ask = format!(
                "{}\n{}",
                s.say(&Msg::ApprovalRequested {
                    number: c.number,
                    reasons,
                    role
                }),
                cards::record_summary(lang, &s.server, &record)
            );
            let mut buttons = buttons::approval_buttons(lang, &c);
            // Unreasonable, not necessary, cannot deliver: the manager judges.
            if judge {
                ask.push('\n');
                ask.push_str(&method::say(
                    lang,
                    &MethodText::JudgeHint { number: c.number },
                ));
                buttons.push(buttons::reject_button(lang, &c));
            }
            let ask = Message::card(cards::approval_card(lang, &c, &ask))
                .ping_role(role)
                .with_buttons(buttons);
            posts.push(Post {
                target: Target::AlertsChannel,
                complaint_id: Some(c.id),
                body: PostBody::Message(ask),
            });
            s.say_privately(&Msg::ApprovalSentReply { number: c.number })
        }
        StepAdvance::FollowUp => {
            let due = c
                .follow_up_at
                .map(|t| s.server.stamp_due(t))
                .unwrap_or_default();
            let note = method::say(
                lang,
                &MethodText::Resolved {
                    number: c.number,
                    at: due.clone(),
                },
            );
            let log = buttons::follow_up_button(lang, &c);
            posts.push(in_thread(&c, Message::text(note).with_buttons(vec![log])));
            let text = method::say(
                s.reply_lang(),
                &MethodText::Resolved {
                    number: c.number,
                    at: due,
                },
            );
            Message::private(text)
        }
    };
    Ok(Outcome::reply(reply).posts(posts))
}

pub async fn approve(s: &mut Scope<'_>, args: &Args) -> Handled {
    s.ctx.actor.require_manager(Action::Approve)?;
    let mut c = s.complaint(args.complaint("id")?).await?;
    c.can_decide_approval()?;
    let remedy = args.text("remedy");
    let solution = store::steps::current(s.conn, c.id)
        .await?
        .into_iter()
        .find(|r| r.step == Step::Solution);
    if let Some(solution) = solution.map(|r| r.record) {
        match remedy {
            // Approving what the company cannot deliver would promise nothing.
            None if solution.cannot_deliver() => {
                return Err(Refusal::from(MethodRefusal::RemedyNeededToApprove(c.number)).into());
            }
            Some(new) => {
                let amended = solution.with_remedy(new);
                store::steps::amend(s.conn, c.id, Step::Solution, &amended).await?;
            }
            None => {}
        }
    }
    store::steps::approve(s.conn, c.id, s.ctx.actor.user, s.now()).await?;
    c.status = Status::Active;
    c.enter_step(Step::CarryOut, s.now());
    s.save(&mut c).await?;
    s.log(
        &c,
        EventKind::Approved,
        &args.text("note").unwrap_or_default(),
    );
    let mut text = s.say(&Msg::Approved {
        number: c.number,
        by: s.ctx.actor.user,
        owner: c.owner,
    });
    if let Some(note) = args.text("note") {
        text = format!("{text}\n> {}", crate::domain::text::quote(&note));
    }
    let approved = in_thread(&c, Message::text(fit(text)).ping(c.owner));
    let card = step_card_post(s, &c);
    Ok(Outcome::reply(s.say_privately(&Msg::Done { number: c.number })).posts([approved, card]))
}

pub async fn changes(s: &mut Scope<'_>, args: &Args) -> Handled {
    s.ctx.actor.require_manager(Action::Approve)?;
    let note = args.required("note")?;
    let mut c = s.complaint(args.complaint("id")?).await?;
    c.can_decide_approval()?;
    store::steps::supersede_from(s.conn, c.id, Step::Solution).await?;
    c.status = Status::Active;
    c.enter_step(Step::Solution, s.now());
    s.save(&mut c).await?;
    s.log(&c, EventKind::ChangesRequested, &note);
    let note = crate::domain::text::quote(&note);
    let msg = Msg::ChangesRequested {
        number: c.number,
        by: s.ctx.actor.user,
        owner: c.owner,
        note,
    };
    let sent_back = in_thread(&c, Message::text(fit(s.say(&msg))).ping(c.owner));
    let card = step_card_post(s, &c);
    Ok(Outcome::reply(s.say_privately(&Msg::Done { number: c.number })).posts([sent_back, card]))
}
