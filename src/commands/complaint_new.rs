//! `/complaint new`: the card in the complaints channel, its thread, the
//! owner's ping and the first step card.

use super::args::Args;
use super::{Handled, Scope, buttons, cards};
use crate::domain::complaint::{
    Category, Complaint, Severity, Source, Status, Step, Temperament, Watch,
};
use crate::domain::harms::{self, Harm};
use crate::domain::ids::ComplaintNo;
use crate::domain::message_link::MessageRef;
use crate::domain::refusal::{Action, Refusal};
use crate::domain::text::thread_name;
use crate::domain::timeline::EventKind;
use crate::i18n::Msg;
use crate::message::{Message, Outcome, Post, PostBody, Target};

fn required<T>(args: &Args, name: &str, read: fn(&str) -> Option<T>) -> Result<T, Refusal> {
    args.coded(name, read)
        .ok_or_else(|| Refusal::MissingOption(name.into()))
}

pub async fn new(s: &mut Scope<'_>, args: &Args) -> Handled {
    args.require_all()?;
    let customer = s.customer(&args.required("customer")?).await?;
    let actor = s.ctx.actor;
    let owner = args.user("owner").unwrap_or(customer.owner);
    if owner != customer.owner && owner != actor.user {
        actor.require_manager(Action::ReassignOthers)?;
    }
    // Settled before a number is taken: a refusal writes nothing.
    let assessed = harms::assess(
        args.coded("body", Harm::from_code),
        args.coded("feelings", Harm::from_code),
        args.coded("money", Harm::from_code),
        args.coded("severity", Severity::from_code),
        args.text("severity_reason"),
    )?;
    let summary = args.required("summary")?;
    let category = required(args, "category", Category::from_code)?;
    let temperament = required(args, "temperament", Temperament::from_code)?;
    let source = required(args, "channel", Source::from_code)?;
    let from_message = args
        .text("message")
        .map(|m| MessageRef::parse(&m, s.ctx.guild))
        .transpose()?;
    let mut complaint = Complaint {
        // Both set when it is stored.
        id: 0,
        number: ComplaintNo(0),
        guild: s.ctx.guild,
        customer_id: customer.id,
        customer_name: customer.name.clone(),
        summary,
        details: args.text("details"),
        category,
        severity: assessed.severity,
        harms: assessed.harms,
        severity_reason: assessed.lowered_because.clone(),
        temperament,
        source,
        owner,
        reporter: actor.user,
        status: Status::Open,
        step: Step::Calm,
        acknowledged_at: None,
        promised_by: None,
        escalation_level: 0,
        thread: None,
        created_at: s.now(),
        updated_at: s.now(),
        closed_at: None,
        follow_up_at: None,
        from_message,
        watch: Watch {
            step_started_at: s.now(),
            ..Watch::default()
        },
    };
    let policy = s.app.config.sla.for_severity(complaint.severity);
    crate::domain::reminders::reschedule(&mut complaint, policy, &s.server.hours, s.now());
    s.store_new_complaint(&mut complaint).await?;
    let number = complaint.number;
    tracing::Span::current().record("complaint", number.0);
    s.log(&complaint, EventKind::Created, &complaint.summary);
    if let Some(reason) = &assessed.lowered_because {
        s.log(&complaint, EventKind::SeverityLowered, reason);
    }

    let lang = s.lang();
    let thread = thread_name(number.0, &customer.name, &complaint.summary);
    let id = Some(complaint.id);
    let opened = Post {
        target: Target::ComplaintsChannel,
        complaint_id: id,
        body: PostBody::OpenThread {
            name: thread.clone(),
            starter: Message::card(cards::complaint_card(lang, &complaint)),
            tags: cards::forum_tags(lang, &complaint),
        },
    };
    let ping = Message::text(s.say(&Msg::OwnerPing { number, owner })).ping(owner);
    let card = Message::card(cards::step_card(lang, &complaint))
        .with_buttons(buttons::step_buttons(lang, &complaint));
    let reply = s.say_privately(&Msg::ComplaintOpened {
        number,
        customer: customer.name,
        thread,
    });
    let refresher = super::crisis::refresher_note(s, &complaint).await?;
    let mut posts = vec![
        opened,
        Post {
            target: Target::Thread,
            complaint_id: id,
            body: PostBody::Message(ping),
        },
        Post {
            target: Target::Thread,
            complaint_id: id,
            body: PostBody::Message(card),
        },
    ];
    posts.extend(refresher);
    Ok(Outcome::reply(reply).posts(posts))
}
