//! Scheduled digests, from cron expressions in config read in each server's
//! time zone: each rep's daily digest (overdue visits, the boss/KP not met,
//! the crisis plays' trainings and team contacts, open complaints), the managers' list of long-overdue visits and at-risk
//! renewals, and the weekly team summary.

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{Datelike, TimeZone};
use tracing::{Instrument as _, warn};

use crate::app::App;
use crate::commands::posts;
use crate::config::Cron;
use crate::domain::crisis::Training;
use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::period::PeriodKind;
use crate::domain::schedules::ScheduleName;
use crate::i18n::crisis::{self, CrisisText};
use crate::i18n::{self, Msg};
use crate::message::{Message, Post, PostBody, Target};
use crate::store::settings::ServerSettings;
use crate::store::{self, Conn, digests::OverdueVisit, schedules::Schedule};

const DAY: i64 = 86_400;

/// The first run of `cron` strictly after `now`, in `server`'s zone.
pub fn next_run(cron: &Cron, server: &ServerSettings, now: Timestamp) -> anyhow::Result<Timestamp> {
    let local = server
        .tz
        .timestamp_opt(now, 0)
        .single()
        .context("time out of range")?;
    let next = cron
        .schedule
        .after(&local)
        .next()
        .with_context(|| format!("cron {:?} never runs again", cron.text))?;
    Ok(next.timestamp())
}

async fn server(conn: &mut Conn, app: &App, guild: GuildId) -> anyhow::Result<ServerSettings> {
    let stored = store::settings::load(conn, guild).await?;
    Ok(ServerSettings::resolve(&app.config, &stored))
}

/// Makes sure every known server has its schedules, re-timed if the cron changed.
pub async fn ensure_all(app: &App, now: Timestamp) -> anyhow::Result<()> {
    let mut conn = app.db.pool.acquire().await?;
    store::schedules::retire_unknown(&mut conn).await?;
    for guild in store::settings::guilds(&mut conn).await? {
        let server = server(&mut conn, app, guild).await?;
        for name in ScheduleName::ALL.iter().copied() {
            let cron = app.config.schedules.get(name);
            let next = next_run(cron, &server, now)?;
            store::schedules::ensure(&mut conn, guild, name, &cron.text, next).await?;
        }
    }
    Ok(())
}

/// Runs every digest due at `now`; returns how many ran.
pub async fn run_due(app: &App, now: Timestamp) -> anyhow::Result<usize> {
    let (due, servers, scheduled) = {
        let mut conn = app.db.pool.acquire().await?;
        let due = store::schedules::due(&mut conn, now).await?;
        let servers = store::settings::guilds(&mut conn).await?.len() as i64;
        (due, servers, store::schedules::count(&mut conn).await?)
    };
    if scheduled < servers * ScheduleName::ALL.len() as i64 {
        ensure_all(app, now).await?;
    }
    let mut ran = 0;
    for schedule in due {
        let span =
            tracing::info_span!("job", guild = schedule.guild.0, name = schedule.name.code());
        match run_one(app, &schedule, now).instrument(span.clone()).await {
            Ok(true) => ran += 1,
            Ok(false) => {}
            Err(e) => span.in_scope(|| warn!(error = %format!("{e:#}"), "scheduled job failed")),
        }
    }
    // Unanswered score polls ride the same sweep, by their indexed due time.
    ran += crate::score_round::remind_due(app, now).await?;
    ran += crate::decision_reminders::remind_due(app, now).await?;
    Ok(ran)
}

async fn run_one(app: &App, schedule: &Schedule, now: Timestamp) -> anyhow::Result<bool> {
    let mut tx = app.db.begin_write().await?;
    let server = server(&mut tx, app, schedule.guild).await?;
    let next = next_run(app.config.schedules.get(schedule.name), &server, now)?;
    if !store::schedules::claim(&mut tx, schedule, next, now).await? {
        return Ok(false);
    }
    let guild = schedule.guild;
    let owed = match schedule.name {
        ScheduleName::RepDigest if works_today(&server, now) => {
            daily(&mut tx, app, &server, guild, now).await?
        }
        ScheduleName::RepDigest => Vec::new(),
        ScheduleName::WeeklyReport => {
            let week = PeriodKind::Week;
            crate::reports::scheduled(&mut tx, &app.config, &server, guild, week, now).await?
        }
        ScheduleName::MonthlyReport => {
            let month = PeriodKind::Month;
            crate::reports::scheduled(&mut tx, &app.config, &server, guild, month, now).await?
        }
        ScheduleName::ScoreRound => {
            crate::score_round::run(&mut tx, &app.config, &server, guild, now).await?
        }
        ScheduleName::OutboxPrune => {
            let keep = app.config.outbox.keep_sent_days * DAY;
            store::outbox::prune_sent(&mut tx, guild, now - keep).await?;
            Vec::new()
        }
    };
    posts::queue(&mut tx, schedule.guild, &server, None, &owed, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Digests wait for working days: none on a server's weekend.
fn works_today(server: &ServerSettings, now: Timestamp) -> bool {
    let Some(local) = server.tz.timestamp_opt(now, 0).single() else {
        return false;
    };
    server.hours.days & (1 << local.weekday().num_days_from_monday()) != 0
}

fn message(target: Target, text: String) -> Post {
    Post {
        target,
        complaint_id: None,
        body: PostBody::Message(Message::text(crate::domain::text::fit(text))),
    }
}

fn visit_line(lang: i18n::Lang, v: &OverdueVisit, now: Timestamp, boss_overdue: bool) -> String {
    let days = |t: Timestamp| (now - t).max(0) / DAY;
    if boss_overdue {
        return i18n::say(
            lang,
            &Msg::BossOverdue {
                customer: v.name.clone(),
                days: v.last_boss_visit_at.map(days),
            },
        );
    }
    match v.last_visit_at {
        Some(t) => i18n::say(
            lang,
            &Msg::VisitOverdue {
                customer: v.name.clone(),
                days: days(t),
                cadence: v.cadence_days,
            },
        ),
        None => i18n::say(
            lang,
            &Msg::VisitNever {
                customer: v.name.clone(),
            },
        ),
    }
}

/// Seed 001's plays in the owners' digests: trainings with no date or not
/// logged as held, and customers whose team is due a visit after a team crisis.
async fn crisis_lines(
    conn: &mut Conn,
    app: &App,
    server: &ServerSettings,
    guild: GuildId,
    now: Timestamp,
    by_owner: &mut BTreeMap<UserId, Vec<String>>,
) -> anyhow::Result<()> {
    let lang = server.lang;
    for t in store::crisis::trainings_not_held(conn, guild).await? {
        let text = match t.training {
            Training::Unplanned => CrisisText::DigestTrainingUnplanned {
                number: t.number,
                customer: t.customer,
            },
            Training::Planned(at) if at <= now => CrisisText::DigestTrainingNotHeld {
                number: t.number,
                customer: t.customer,
                planned: server.stamp_due(at),
            },
            Training::Planned(_) | Training::Held(_) => continue,
        };
        by_owner
            .entry(t.owner)
            .or_default()
            .push(crisis::say(lang, &text));
    }
    let cadence = app.config.crisis.team_contact();
    let watched_since = now - cadence.watch_days * DAY;
    for c in store::crisis::team_crisis_customers(conn, guild, watched_since).await? {
        let Some(due) = cadence.due(c.crises, now).filter(|d| d.due_at <= now) else {
            continue;
        };
        let text = CrisisText::DigestTeamContact {
            customer: c.customer,
            last_days: c.crises.last_contact_at.map(|t| (now - t).max(0) / DAY),
            every_days: due.every_days,
            open: due.open,
        };
        by_owner
            .entry(c.owner)
            .or_default()
            .push(crisis::say(lang, &text));
    }
    Ok(())
}

async fn daily(
    conn: &mut Conn,
    app: &App,
    server: &ServerSettings,
    guild: GuildId,
    now: Timestamp,
) -> anyhow::Result<Vec<Post>> {
    let lang = server.lang;
    let overdue = store::digests::overdue_visits(conn, guild, now).await?;
    let mut by_owner: BTreeMap<UserId, Vec<String>> = BTreeMap::new();
    let mut long_overdue = Vec::new();
    let late_share = app.config.visits.manager_after_percent;
    for v in &overdue {
        let lines = by_owner.entry(v.owner).or_default();
        if v.visit_due_at.is_some_and(|d| d <= now) {
            lines.push(visit_line(lang, v, now, false));
            let grace = v.cadence_days * DAY * late_share / 100;
            if v.visit_due_at.is_some_and(|d| d + grace <= now) {
                let days = (now
                    - v.last_visit_at
                        .unwrap_or(now - v.cadence_days * DAY - grace))
                    / DAY;
                long_overdue.push(i18n::say(
                    lang,
                    &Msg::VisitLongOverdue {
                        customer: v.name.clone(),
                        owner: v.owner,
                        days,
                    },
                ));
            }
        }
        if v.boss_due_at.is_some_and(|d| d <= now) {
            lines.push(visit_line(lang, v, now, true));
        }
    }
    crisis_lines(conn, app, server, guild, now, &mut by_owner).await?;
    let mut out = Vec::new();
    for (owner, lines) in by_owner {
        let open = store::digests::open_complaints_of(conn, guild, owner).await?;
        let mut text = vec![i18n::say(lang, &Msg::RepDigest { owner })];
        text.extend(lines);
        if open > 0 {
            text.push(i18n::say(
                lang,
                &Msg::DigestComplaints {
                    count: open as usize,
                },
            ));
        }
        out.push(message(Target::Dm(owner), text.join("\n")));
    }
    let role = server.manager_role;
    if !long_overdue.is_empty() {
        let text = format!(
            "{}\n{}",
            i18n::say(lang, &Msg::ManagerVisits { role }),
            long_overdue.join("\n")
        );
        let mut post = message(Target::AlertsChannel, text);
        if let PostBody::Message(m) = &mut post.body {
            m.ping_roles.extend(role);
        }
        out.push(post);
    }
    let until = now + app.config.visits.renewal_warning_days * DAY;
    for risk in store::digests::renewals_at_risk(conn, guild, now, until, now - 90 * DAY).await? {
        let msg = Msg::RenewalAtRisk {
            customer: risk.name.clone(),
            owner: risk.owner,
            renewal: server.stamp_due(risk.renewal_on),
            open: risk.open,
            lowest: risk.lowest_recent,
            role,
        };
        let text = i18n::say(lang, &msg);
        out.push(Post {
            target: Target::AlertsChannel,
            complaint_id: None,
            body: PostBody::Message(Message::text(text.clone()).ping_role(role)),
        });
        out.push(message(Target::Webhook, text));
        store::digests::mark_risk_alerted(conn, risk.customer_id, risk.renewal_on).await?;
    }
    Ok(out)
}
