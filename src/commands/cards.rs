//! The layout of cards and lists. Words come from the catalogue; user text is
//! quoted so it cannot ping anyone.

use crate::domain::complaint::{Complaint, Severity, Status};
use crate::domain::crisis::Crisis;
use crate::domain::customer::{Customer, TrustStage, WIN_BACK_STEPS};
use crate::domain::steps::StepRecord;
use crate::domain::text::{StampStyle, cut, quote, stamp, stamp_due};
use crate::i18n::ValueKind;
use crate::i18n::crisis::{self, CrisisText};
use crate::i18n::method::{self, MethodText};
use crate::i18n::polls::{self, PollText};
use crate::i18n::{self, EventText, Label, Lang};
use crate::message::{Colour, Embed, Message};
use crate::store::customers::{Listed, VisitSummary};
use crate::store::events::Event;
use crate::store::scores::Score;
use crate::store::settings::ServerSettings;
use crate::store::steps::StoredStep;

fn line(lang: Lang, label: Label, value: impl AsRef<str>) -> String {
    format!("**{}:** {}", i18n::label(lang, label), value.as_ref())
}

fn val(lang: Lang, kind: ValueKind, code: &str) -> String {
    i18n::value(lang, kind, code)
}

/// A complaint's colour on the board: its severity while it is worked,
/// green once closed.
pub fn colour_of(c: &Complaint) -> Colour {
    match (c.status, c.severity) {
        (Status::Closed, _) => Colour::Green,
        (Status::Rejected, _) => Colour::Grey,
        (_, Severity::Low) => Colour::Grey,
        (_, Severity::Normal) => Colour::Blue,
        (_, Severity::High) => Colour::Orange,
        (_, Severity::Critical) => Colour::Red,
    }
}

/// The card in the complaints channel: posted when the complaint is
/// reported, redrawn in place as it moves, so the channel reads as a board.
pub fn complaint_card(lang: Lang, c: &Complaint) -> Embed {
    let mut description = format!("> {}", quote(&c.summary).replace('\n', "\n> "));
    if let Some(d) = &c.details {
        description.push_str("\n\n");
        description.push_str(&quote(d));
    }
    if let Some(harms) = c.harms {
        description.push_str("\n\n");
        description.push_str(&method::say(
            lang,
            &MethodText::HarmsLine {
                harms,
                proposed: harms.proposed(),
            },
        ));
    }
    if let Some(reason) = &c.severity_reason {
        description.push('\n');
        description.push_str(&method::say(
            lang,
            &MethodText::LoweredBecause {
                reason: quote(reason),
            },
        ));
    }
    let label = |l: Label| i18n::label(lang, l);
    let coded = |card: Embed, l: Label, kind: ValueKind, code: &str| {
        card.field(label(l), val(lang, kind, code), true)
    };
    let mut card = Embed::new(card_title(c), colour_of(c)).description(description);
    card = coded(
        card,
        Label::Category,
        ValueKind::Category,
        c.category.code(),
    );
    card = coded(
        card,
        Label::Severity,
        ValueKind::Severity,
        c.severity.code(),
    );
    card = coded(
        card,
        Label::Temperament,
        ValueKind::Temperament,
        c.temperament.code(),
    );
    card = coded(card, Label::Source, ValueKind::Source, c.source.code());
    let mut card = card
        .field(label(Label::Owner), format!("<@{}>", c.owner.0), true)
        .field(label(Label::Reporter), format!("<@{}>", c.reporter.0), true)
        .field(label(Label::Step), step_line(lang, c), true)
        .field(
            label(Label::Opened),
            stamp(c.created_at, StampStyle::DateTime),
            true,
        );
    if let Some(p) = c.promised_by.filter(|_| !c.status.is_finished()) {
        card = card.field(label(Label::PromisedBy), stamp_due(p), true);
    }
    if let Some(f) = c.follow_up_at.filter(|_| c.status == Status::FollowUp) {
        card = card.field(label(Label::FollowUpDue), stamp_due(f), true);
    }
    let link = c.from_message.map(|m| m.link());
    if let Some(link) = &link {
        card = card.field(label(Label::FromMessage), link, false);
    }
    card.url(link).footer(format!(
        "{}: {}",
        label(Label::Status),
        val(lang, ValueKind::Status, c.status.code())
    ))
}

/// The tags of a complaint's post when the complaints channel is a forum:
/// severity, status and step, so the board filters in Discord itself.
/// Discord allows 20 tags a forum (these are 15 at most) of 20 characters.
pub fn forum_tags(lang: Lang, c: &Complaint) -> Vec<String> {
    vec![
        cut(&val(lang, ValueKind::Severity, c.severity.code()), 20),
        cut(&val(lang, ValueKind::Status, c.status.code()), 20),
        cut(
            &format!("{} {}", i18n::label(lang, Label::Step), c.step.number()),
            20,
        ),
    ]
}

/// A card that calls managers to a complaint (an escalation, a broken
/// promise, a missed follow-up): what happened, and where the complaint is.
pub fn alert_card(lang: Lang, c: &Complaint, what: &str) -> Embed {
    let label = |l: Label| i18n::label(lang, l);
    Embed::new(card_title(c), colour_of(c))
        .description(what)
        .field(
            label(Label::Severity),
            val(lang, ValueKind::Severity, c.severity.code()),
            true,
        )
        .field(label(Label::Step), step_line(lang, c), true)
        .field(label(Label::Owner), format!("<@{}>", c.owner.0), true)
}

/// `#12 · Acme Tools`: how every card about a complaint is titled.
fn card_title(c: &Complaint) -> String {
    format!("{} · {}", c.number, quote(&c.customer_name))
}

/// `2 · Find the cause`.
fn step_line(lang: Lang, c: &Complaint) -> String {
    format!("{} · {}", c.step.number(), i18n::step_title(lang, c.step))
}

/// A request for a manager's decision on a step-3 solution.
pub fn approval_card(lang: Lang, c: &Complaint, ask: &str) -> Embed {
    Embed::new(card_title(c), Colour::Purple)
        .description(ask)
        .footer(format!(
            "{}: {}",
            i18n::label(lang, Label::Status),
            val(lang, ValueKind::Status, c.status.code())
        ))
}

/// The card for the step a complaint is at: what to do (the buttons go on
/// the message); a crisis adds its own play at the steps where it matters
/// (seed 001).
pub fn step_card(lang: Lang, c: &Complaint) -> Embed {
    let mut guidance = i18n::guidance(lang, c.step, c.temperament).to_string();
    if let Some(crisis) = Crisis::of(c.category).filter(|k| k.speaks_at(c.step)) {
        guidance.push_str("\n\n");
        guidance.push_str(&crisis::say(
            lang,
            &CrisisText::Play {
                crisis,
                step: c.step,
                number: c.number,
            },
        ));
    }
    Embed::new(
        format!(
            "{} {} · {} ({})",
            i18n::label(lang, Label::Step),
            c.step.number(),
            i18n::step_title(lang, c.step),
            c.number
        ),
        colour_of(c),
    )
    .description(guidance)
}

/// A one-line digest of a step record, for the thread and the detail view.
pub fn record_summary(lang: Lang, server: &ServerSettings, record: &StepRecord) -> String {
    let parts: Vec<String> = match record {
        StepRecord::Calm { done, mood } => vec![quote(done), val(lang, ValueKind::Mood, mood)],
        StepRecord::Cause {
            cause,
            asks,
            promise,
            interim,
        } => {
            let mut v = vec![quote(cause), quote(asks)];
            if let Some(p) = promise {
                v.push(line(lang, Label::PromisedBy, server.stamp(*p)));
            }
            if let Some(i) = interim {
                v.push(method::say(
                    lang,
                    &MethodText::Interim {
                        guarantee: quote(i),
                    },
                ));
            }
            v
        }
        StepRecord::Solution {
            remedy,
            reasonable,
            necessary,
            deliverable,
            compensation,
        } => {
            let mut v = vec![
                quote(remedy),
                val(lang, ValueKind::Reasonable, reasonable),
                method::say(
                    lang,
                    &MethodText::Necessary {
                        answer: val(lang, ValueKind::YesNo, necessary),
                    },
                ),
                method::say(
                    lang,
                    &MethodText::Deliverable {
                        answer: val(lang, ValueKind::Deliverable, deliverable),
                    },
                ),
                val(lang, ValueKind::Compensation, &compensation.kind),
            ];
            if let Some(d) = &compensation.detail {
                v.push(quote(d));
            }
            v
        }
        StepRecord::CarryOut {
            done,
            told,
            delivered,
            exception,
            training,
        } => {
            let mut v = vec![
                quote(done),
                server.stamp(*told),
                val(lang, ValueKind::Delivered, delivered),
            ];
            if let Some(t) = training {
                v.push(crisis::say(
                    lang,
                    &CrisisText::TrainingOn {
                        at: server.stamp(*t),
                    },
                ));
            }
            if let Some(e) = exception {
                v.push(method::say(
                    lang,
                    &MethodText::Exception {
                        reason: quote(&e.reason),
                        by: crate::domain::ids::UserId(e.by),
                    },
                ));
            }
            v
        }
        StepRecord::Reinforce {
            guarantee,
            follow_up,
        } => vec![quote(guarantee), server.stamp(*follow_up)],
    };
    parts.join(" · ")
}

pub struct ComplaintView<'a> {
    pub complaint: &'a Complaint,
    pub steps: &'a [StoredStep],
    pub events: &'a [Event],
}

/// Timeline entries on one page of `/complaint show`.
pub const TIMELINE_PAGE: usize = 15;

/// `/complaint show`: the card, then the step records and one page of the
/// timeline (page 1 the latest), with buttons to the pages either side.
pub fn complaint_detail(
    lang: Lang,
    server: &ServerSettings,
    v: &ComplaintView<'_>,
    page: usize,
) -> Message {
    let c = v.complaint;
    let mut card = Embed::new(i18n::label(lang, Label::Records), colour_of(c));
    let mut records = Vec::new();
    for s in v.steps {
        records.push(format!(
            "{}. {}",
            s.step.number(),
            record_summary(lang, server, &s.record)
        ));
    }
    if !records.is_empty() {
        card = card.description(records.join("\n"));
    }
    let pages = v.events.len().div_ceil(TIMELINE_PAGE).max(1);
    let page = page.clamp(1, pages);
    let newest = v.events.len().saturating_sub((page - 1) * TIMELINE_PAGE);
    let oldest = newest.saturating_sub(TIMELINE_PAGE);
    let lines: Vec<String> = v.events[oldest..newest]
        .iter()
        .map(|e| format!("{} {}", server.stamp(e.at), event_line(lang, e)))
        .collect();
    let mut timeline = Embed::new(
        format!(
            "{} · {} {page}/{pages}",
            i18n::label(lang, Label::Timeline),
            i18n::label(lang, Label::Page)
        ),
        colour_of(c),
    );
    if !lines.is_empty() {
        timeline = timeline.description(lines.join("\n"));
    }
    let mut out = Message::card(complaint_card(lang, c));
    if !records.is_empty() {
        out = out.with_embed(card);
    }
    out.with_embed(timeline)
        .with_buttons(super::buttons::page_buttons(
            lang,
            super::Invocation::new("complaint", "show").arg("id", c.number.0),
            page,
            pages,
        ))
}

pub fn event_line(lang: Lang, e: &Event) -> String {
    i18n::event(
        lang,
        &EventText {
            kind: e.kind,
            actor: e.actor,
            detail: &quote(&e.detail),
        },
    )
}

pub fn complaint_row(lang: Lang, c: &Complaint) -> String {
    format!(
        "{} **{}** · {} · {} · {} {} · <@{}>",
        c.number,
        quote(&c.customer_name),
        cut(&quote(&c.summary), 60),
        val(lang, ValueKind::Severity, c.severity.code()),
        i18n::label(lang, Label::Step),
        c.step.number(),
        c.owner.0
    ) + &format!(" · {}", val(lang, ValueKind::Status, c.status.code()))
}

pub struct CustomerView<'a> {
    pub customer: &'a Customer,
    pub visits: &'a VisitSummary,
    pub open: &'a [Complaint],
    pub scores: &'a [Score],
    pub events: &'a [Event],
    /// The win-back steps done, as (step, when).
    pub win_back: &'a [(i64, i64)],
}

/// The customer card: who they are to us, how far trust has come, what is
/// open, and what happened last.
pub fn customer_card(lang: Lang, server: &ServerSettings, v: &CustomerView<'_>) -> Embed {
    let c = v.customer;
    let label = |l: Label| i18n::label(lang, l);
    let when =
        |t: Option<i64>| t.map_or_else(|| label(Label::Never).to_string(), |t| server.stamp(t));
    let colour = match (c.stage, v.visits.at_risk) {
        (TrustStage::Lost, _) => Colour::Red,
        (_, true) => Colour::Orange,
        _ => Colour::Blue,
    };
    let mut about = vec![polls::say(lang, &PollText::Phase(c.stage))];
    if c.stage == TrustStage::Lost {
        let next = (1..=WIN_BACK_STEPS).find(|n| !v.win_back.iter().any(|(s, _)| s == n));
        about.push(polls::say(
            lang,
            &PollText::WinBackProgress {
                done: v.win_back.len(),
                next,
            },
        ));
        for (step, at) in v.win_back {
            about.push(format!(
                "✓ {step}. {} · {}",
                polls::say(lang, &PollText::WinBackStep(*step)),
                server.stamp(*at)
            ));
        }
    }
    let mut card = Embed::new(
        format!(
            "{}{}",
            quote(&c.name),
            if v.visits.at_risk { " ⚠" } else { "" }
        ),
        colour,
    )
    .description(about.join("\n"))
    .field(label(Label::Owner), format!("<@{}>", c.owner.0), true)
    .field(
        label(Label::Tier),
        val(lang, ValueKind::Tier, c.tier.code()),
        true,
    )
    .field(
        label(Label::Stage),
        val(lang, ValueKind::Stage, c.stage.code()),
        true,
    )
    .field(
        label(Label::Cadence),
        format!("{} {}", c.cadence_days, label(Label::Days)),
        true,
    )
    .field(
        label(Label::Renewal),
        c.renewal_on
            .map_or_else(|| label(Label::NotSet).to_string(), |r| server.stamp(r)),
        true,
    )
    .field(
        label(Label::DecisionMaker),
        c.decision_maker
            .as_deref()
            .map_or_else(|| label(Label::NotSet).to_string(), quote),
        true,
    )
    .field(label(Label::LastVisit), when(v.visits.last_visit_at), true)
    .field(
        label(Label::LastBossMeeting),
        when(v.visits.last_boss_visit_at),
        true,
    );
    let open: Vec<String> = v
        .open
        .iter()
        .take(10)
        .map(|c| complaint_row(lang, c))
        .collect();
    card = card.field(
        format!("{} ({})", label(Label::OpenComplaints), v.open.len()),
        if open.is_empty() {
            "—".to_string()
        } else {
            open.join("\n")
        },
        false,
    );
    if !v.scores.is_empty() {
        let trend: Vec<String> = v
            .scores
            .iter()
            .rev()
            .map(|s| format!("{}/{}/{}", s.overall, s.again, s.recommend))
            .collect();
        card = card.field(label(Label::Scores), trend.join(" → "), false);
    }
    let recent: Vec<String> = v
        .events
        .iter()
        .take(5)
        .map(|e| format!("{} {}", server.stamp(e.at), event_line(lang, e)))
        .collect();
    card.field(label(Label::Timeline), recent.join("\n"), false)
}

pub fn customer_row(lang: Lang, listed: &Listed, now: i64) -> String {
    let c = &listed.customer;
    let mut row = format!(
        "**{}** · <@{}> · {} · {}",
        quote(&c.name),
        c.owner.0,
        val(lang, ValueKind::Tier, c.tier.code()),
        val(lang, ValueKind::Stage, c.stage.code())
    );
    let overdue = [listed.visit_due_at, listed.boss_due_at]
        .iter()
        .any(|d| d.is_some_and(|d| d <= now));
    if overdue {
        row.push_str(&format!(" · {}", polls::say(lang, &PollText::VisitOverdue)));
    }
    if listed.at_risk {
        row.push_str(&format!(" · ⚠ {}", polls::say(lang, &PollText::AtRisk)));
    }
    row
}
