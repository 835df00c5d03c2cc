//! The sweep: finds complaints whose reminders are due (by their indexed
//! `next_check_at`), and for each, in one transaction, claims it, decides
//! with `domain::reminders::check`, records what it did (timeline, counters)
//! and queues the messages. A restart neither loses nor repeats a reminder;
//! two replicas never take the same complaint.

use std::collections::HashMap;

use tracing::{info, warn};

use crate::app::App;
use crate::commands::{Invocation, buttons, cards, posts};
use crate::domain::complaint::{Complaint, Status};
use crate::domain::ids::{BOT, GuildId, RoleId, Timestamp, UserId};
use crate::domain::reminders::{Due, check};
use crate::domain::timeline::EventKind;
use crate::i18n::method::{self, MethodText};
use crate::i18n::{self, Label, Lang, Msg};
use crate::message::{Button, ButtonStyle, Message, Post, PostBody, Target};
use crate::store::settings::ServerSettings;
use crate::store::{self, Conn, events::Event};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    pub complaints: usize,
    pub reminders: usize,
    pub digests: usize,
}

/// Complaints looked at per transaction.
const BATCH: i64 = 200;

/// One pass over everything due at `now`.
#[tracing::instrument(name = "sweep", skip_all)]
pub async fn sweep(app: &App, now: Timestamp) -> anyhow::Result<SweepReport> {
    let mut report = SweepReport::default();
    let mut servers: HashMap<GuildId, ServerSettings> = HashMap::new();
    while sweep_batch(app, now, &mut servers, &mut report).await? == BATCH as usize {}
    report.digests = crate::digests::run_due(app, now).await?;
    if report.reminders + report.digests > 0 {
        info!(
            complaints = report.complaints,
            reminders = report.reminders,
            digests = report.digests,
            "sweep"
        );
    }
    Ok(report)
}

/// Takes up to a batch of due complaints and handles them in one
/// transaction, writing their events and posts in bulk. If one fails, the
/// batch is rolled back and redone one complaint at a time, so a bad
/// complaint cannot hold back the others.
async fn sweep_batch(
    app: &App,
    now: Timestamp,
    cache: &mut HashMap<GuildId, ServerSettings>,
    report: &mut SweepReport,
) -> anyhow::Result<usize> {
    let skip_locked = app.db.backend == store::Backend::Postgres;
    let mut tx = app.db.begin_write().await?;
    let due = store::complaints::take_due(&mut tx, now, BATCH, skip_locked).await?;
    let taken = due.len();
    let mut writes = BatchWrites::default();
    let mut batch = Ok(());
    for c in &due {
        if let Err(e) = decide(&mut tx, app, c.clone(), now, cache, &mut writes).await {
            batch = Err(e);
            break;
        }
    }
    if batch.is_ok() {
        batch = writes.write(&mut tx, now).await;
    }
    match batch {
        Ok(()) => {
            tx.commit().await?;
            report.complaints += taken;
            report.reminders += writes.reminders;
            writes.count();
            return Ok(taken);
        }
        Err(e) => {
            warn!(error = %format!("{e:#}"), "a reminder batch failed; redoing it one complaint at a time");
            tx.rollback().await?;
        }
    }
    // The rollback released the batch: take each complaint again, alone.
    let mut tx = app.db.begin_write().await?;
    for id in due.iter().map(|c| c.id) {
        let mut one = tx.savepoint().await?;
        let mut writes = BatchWrites::default();
        let result = async {
            let Some(c) = store::complaints::take_one(&mut one, id, now).await? else {
                return anyhow::Ok(false);
            };
            decide(&mut one, app, c, now, cache, &mut writes).await?;
            writes.write(&mut one, now).await?;
            Ok(true)
        }
        .await;
        match result {
            Ok(false) => one.rollback().await?,
            Ok(true) => {
                one.commit().await?;
                report.complaints += 1;
                report.reminders += writes.reminders;
                writes.count();
            }
            Err(e) => {
                one.rollback().await?;
                warn!(complaint_id = id, error = %format!("{e:#}"), "reminder check failed; will retry in a minute");
                store::complaints::retry_check(&mut tx, id, now + 60).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(taken)
}

/// What a batch decided, written in bulk at the end.
#[derive(Default)]
struct BatchWrites {
    watches: Vec<Complaint>,
    events: Vec<(GuildId, Event)>,
    posts: Vec<store::outbox::NewItem>,
    reminders: usize,
}

impl BatchWrites {
    /// Counts the reminders and escalations that went out, once committed.
    fn count(&self) {
        use crate::metrics::ReminderKind::{ack, follow_up, promise, stall};
        let m = crate::metrics::global();
        for (_, e) in &self.events {
            match e.kind {
                EventKind::Nudged => m.reminder(ack),
                EventKind::StallNudged => m.reminder(stall),
                EventKind::PromiseReminded => m.reminder(promise),
                EventKind::AutoEscalated => m.escalation(ack),
                EventKind::StallEscalated => m.escalation(stall),
                EventKind::PromiseBreached => m.escalation(promise),
                EventKind::FollowUpReminded => m.reminder(follow_up),
                EventKind::FollowUpMissed => m.escalation(follow_up),
                _ => {}
            }
        }
    }

    async fn write(&self, conn: &mut Conn, now: Timestamp) -> anyhow::Result<()> {
        store::complaints::save_watches(conn, &self.watches).await?;
        store::events::record_many(conn, &self.events).await?;
        store::outbox::enqueue_many(conn, &self.posts, now).await
    }
}

async fn settings(
    conn: &mut Conn,
    app: &App,
    guild: GuildId,
    cache: &mut HashMap<GuildId, ServerSettings>,
) -> anyhow::Result<ServerSettings> {
    if let Some(s) = cache.get(&guild) {
        return Ok(s.clone());
    }
    let stored = store::settings::load(conn, guild).await?;
    let server = ServerSettings::resolve(&app.config, &stored);
    cache.insert(guild, server.clone());
    Ok(server)
}

/// Decides what one taken complaint is due, saves its new state, and adds
/// its events and posts to `writes`.
#[tracing::instrument(name = "reminder", skip_all, fields(guild = c.guild.0, complaint = c.number.0))]
async fn decide(
    conn: &mut Conn,
    app: &App,
    mut c: Complaint,
    now: Timestamp,
    cache: &mut HashMap<GuildId, ServerSettings>,
    writes: &mut BatchWrites,
) -> anyhow::Result<()> {
    let server = settings(conn, app, c.guild, cache).await?;
    let policy = app.config.sla.for_severity(c.severity);
    let checked = check(&c, policy, &server.hours, now);
    c.watch.ack_nudges = checked.ack_nudges;
    c.escalation_level = checked.escalation_level;
    c.watch.stall_level = checked.stall_level;
    c.watch.promise_stage = checked.promise_stage;
    c.watch.follow_up_stage = checked.follow_up_stage;
    c.watch.next_check_at = checked.next_check_at;
    writes.watches.push(c.clone());
    let mut posts = Vec::new();
    for due in &checked.due {
        let (kind, actor, detail) = event_for(&c, due);
        let event = Event {
            complaint_id: Some(c.id),
            customer_id: Some(c.customer_id),
            actor,
            kind,
            detail,
            at: now,
        };
        writes.events.push((c.guild, event));
        posts.extend(messages(&server, &c, due, now));
    }
    writes
        .posts
        .extend(posts::resolve(conn, c.guild, &server, None, &posts, now).await?);
    writes.reminders += checked.due.len();
    Ok(())
}

fn event_for(c: &Complaint, due: &Due) -> (EventKind, UserId, String) {
    match due {
        Due::AckNudge { .. } => (EventKind::Nudged, c.owner, String::new()),
        Due::AckEscalation { level, .. } => (EventKind::AutoEscalated, BOT, level.to_string()),
        Due::StallNudge { .. } => (EventKind::StallNudged, c.owner, c.step.number().to_string()),
        Due::StallEscalation { .. } => {
            (EventKind::StallEscalated, BOT, c.step.number().to_string())
        }
        Due::PromiseReminder { .. } => (EventKind::PromiseReminded, c.owner, String::new()),
        Due::PromiseBreached { .. } => (EventKind::PromiseBreached, BOT, String::new()),
        Due::FollowUpDue { .. } => (EventKind::FollowUpReminded, c.owner, String::new()),
        Due::FollowUpMissed { .. } => (EventKind::FollowUpMissed, BOT, String::new()),
    }
}

fn post(target: Target, c: &Complaint, message: Message) -> Post {
    Post {
        target,
        complaint_id: Some(c.id),
        body: PostBody::Message(message),
    }
}

/// To the owner: in the thread and by DM.
fn to_owner(c: &Complaint, text: String) -> Vec<Post> {
    let m = Message::text(text).ping(c.owner);
    vec![
        post(Target::Thread, c, m.clone()),
        post(Target::Dm(c.owner), c, m),
    ]
}

/// To the managers: the alerts channel with a role ping and take-over buttons,
/// a line in the thread, and the webhook if the server has one.
fn to_managers(lang: Lang, c: &Complaint, text: String, role: Option<RoleId>) -> Vec<Post> {
    let take = Invocation::new("complaint", "take").arg("id", c.number.0);
    let mut buttons = vec![Button {
        id: buttons::encode(&take),
        label: i18n::label(lang, Label::TakeOver).into(),
        style: ButtonStyle::Primary,
        command: take.to_command_line(),
    }];
    buttons.extend(
        buttons::step_buttons(lang, c)
            .into_iter()
            .filter(|b| b.id.contains(":assign:")),
    );
    let alert = Message::card(cards::alert_card(lang, c, &text))
        .ping_role(role)
        .with_buttons(buttons);
    vec![
        post(Target::AlertsChannel, c, alert),
        post(Target::Thread, c, Message::text(text.clone())),
        post(Target::Webhook, c, Message::text(text)),
    ]
}

fn messages(server: &ServerSettings, c: &Complaint, due: &Due, now: Timestamp) -> Vec<Post> {
    let lang = server.lang;
    let say = |m: &Msg| i18n::say(lang, m);
    let took = |secs: i64| i18n::duration(lang, secs);
    let (number, owner, customer) = (c.number, c.owner, c.customer_name.clone());
    let managers = server.manager_role;
    match *due {
        Due::AckNudge { waited } => to_owner(
            c,
            say(&Msg::AckNudge {
                number,
                owner,
                waited: took(waited),
            }),
        ),
        Due::AckEscalation { level, waited } => {
            let role = if level > 1 {
                server.second_role.or(managers)
            } else {
                managers
            };
            let text = say(&Msg::AckEscalation {
                number,
                customer,
                owner,
                waited: took(waited),
                level,
                role,
            });
            to_managers(lang, c, text, role)
        }
        Due::StallNudge { waited } if c.status == Status::AwaitingApproval => {
            let text = say(&Msg::StallEscalation {
                number,
                customer,
                owner,
                step: c.step,
                waited: took(waited),
                role: managers,
            });
            to_managers(lang, c, text, managers)
        }
        Due::StallNudge { waited } => to_owner(
            c,
            say(&Msg::StallNudge {
                number,
                owner,
                step: c.step,
                waited: took(waited),
            }),
        ),
        Due::StallEscalation { waited } => {
            let text = say(&Msg::StallEscalation {
                number,
                customer,
                owner,
                step: c.step,
                waited: took(waited),
                role: managers,
            });
            to_managers(lang, c, text, managers)
        }
        Due::PromiseReminder { promised_by } => {
            let text = say(&Msg::PromiseReminder {
                number,
                customer,
                owner,
                at: server.stamp(promised_by),
                left: took(promised_by - now),
            });
            to_owner(c, text)
        }
        Due::FollowUpDue { due_at } => {
            let text = method::say(
                lang,
                &MethodText::FollowUpDue {
                    number,
                    customer,
                    owner,
                    at: server.stamp_due(due_at),
                },
            );
            let log = buttons::follow_up_button(lang, c);
            to_owner(c, text)
                .into_iter()
                .map(|mut p| {
                    if let PostBody::Message(m) = &mut p.body {
                        m.buttons = vec![log.clone()];
                    }
                    p
                })
                .collect()
        }
        Due::FollowUpMissed { due_at } => {
            let text = method::say(
                lang,
                &MethodText::FollowUpMissed {
                    number,
                    customer,
                    owner,
                    at: server.stamp_due(due_at),
                    role: managers,
                },
            );
            to_managers(lang, c, text, managers)
        }
        Due::PromiseBreached { promised_by } => {
            let text = say(&Msg::PromiseBreached {
                number,
                customer,
                owner,
                at: server.stamp_due(promised_by),
                role: managers,
            });
            to_managers(lang, c, text, managers)
        }
    }
}
