//! The layout of cards and lists. Words come from the catalogue; user text is
//! quoted so it cannot ping anyone.

use crate::domain::complaint::Complaint;
use crate::domain::crisis::Crisis;
use crate::domain::customer::{Customer, TrustStage, WIN_BACK_STEPS};
use crate::domain::steps::StepRecord;
use crate::domain::text::{cut, fit, quote};
use crate::i18n::ValueKind;
use crate::i18n::crisis::{self, CrisisText};
use crate::i18n::method::{self, MethodText};
use crate::i18n::polls::{self, PollText};
use crate::i18n::{self, EventText, Label, Lang};
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

/// The card that opens a complaint's thread in the complaints channel.
pub fn complaint_card(lang: Lang, c: &Complaint) -> String {
    let mut out = vec![
        format!("**{} · {}**", c.number, quote(&c.customer_name)),
        format!("> {}", quote(&c.summary).replace('\n', "\n> ")),
        format!(
            "{} · {} · {} · {}",
            line(
                lang,
                Label::Category,
                val(lang, ValueKind::Category, c.category.code())
            ),
            line(
                lang,
                Label::Severity,
                val(lang, ValueKind::Severity, c.severity.code())
            ),
            line(
                lang,
                Label::Temperament,
                val(lang, ValueKind::Temperament, c.temperament.code())
            ),
            line(
                lang,
                Label::Source,
                val(lang, ValueKind::Source, c.source.code())
            ),
        ),
        format!(
            "{} · {}",
            line(lang, Label::Owner, format!("<@{}>", c.owner.0)),
            line(lang, Label::Reporter, format!("<@{}>", c.reporter.0))
        ),
    ];
    if let Some(harms) = c.harms {
        out.push(method::say(
            lang,
            &MethodText::HarmsLine {
                harms,
                proposed: harms.proposed(),
            },
        ));
    }
    if let Some(reason) = &c.severity_reason {
        out.push(method::say(
            lang,
            &MethodText::LoweredBecause {
                reason: quote(reason),
            },
        ));
    }
    if let Some(d) = &c.details {
        out.push(line(lang, Label::Details, quote(d)));
    }
    fit(out.join("\n"))
}

/// The card for the step a complaint is at: what to do, and the buttons;
/// a crisis adds its own play at the steps where it matters (seed 001).
pub fn step_card(lang: Lang, c: &Complaint) -> String {
    let mut card = format!(
        "**{} {} · {}** ({})\n{}",
        i18n::label(lang, Label::Step),
        c.step.number(),
        i18n::step_title(lang, c.step),
        c.number,
        i18n::guidance(lang, c.step, c.temperament)
    );
    if let Some(crisis) = Crisis::of(c.category).filter(|k| k.speaks_at(c.step)) {
        card.push_str("\n\n");
        card.push_str(&crisis::say(
            lang,
            &CrisisText::Play {
                crisis,
                step: c.step,
                number: c.number,
            },
        ));
    }
    fit(card)
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
                v.push(line(lang, Label::PromisedBy, server.show_time(*p)));
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
                server.show_time(*told),
                val(lang, ValueKind::Delivered, delivered),
            ];
            if let Some(t) = training {
                v.push(crisis::say(
                    lang,
                    &CrisisText::TrainingOn {
                        at: server.show_time(*t),
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
        } => vec![quote(guarantee), server.show_time(*follow_up)],
    };
    parts.join(" · ")
}

pub struct ComplaintView<'a> {
    pub complaint: &'a Complaint,
    pub steps: &'a [StoredStep],
    pub events: &'a [Event],
}

pub fn complaint_detail(lang: Lang, server: &ServerSettings, v: &ComplaintView<'_>) -> String {
    let c = v.complaint;
    let mut out = vec![complaint_card(lang, c)];
    out.push(format!(
        "{} · {}",
        line(
            lang,
            Label::Status,
            val(lang, ValueKind::Status, c.status.code())
        ),
        line(
            lang,
            Label::Step,
            format!("{} · {}", c.step.number(), i18n::step_title(lang, c.step))
        )
    ));
    out.push(line(lang, Label::Opened, server.show_time(c.created_at)));
    if let Some(p) = c.promised_by {
        out.push(line(lang, Label::PromisedBy, server.show_time(p)));
    }
    if !v.steps.is_empty() {
        out.push(format!("**{}**", i18n::label(lang, Label::Records)));
        for s in v.steps {
            out.push(format!(
                "{}. {}",
                s.step.number(),
                record_summary(lang, server, &s.record)
            ));
        }
    }
    out.push(format!("**{}**", i18n::label(lang, Label::Timeline)));
    for e in v.events.iter().rev().take(15).rev() {
        out.push(format!(
            "`{}` {}",
            server.show_time(e.at),
            event_line(lang, e)
        ));
    }
    fit(out.join("\n"))
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

pub fn customer_card(lang: Lang, server: &ServerSettings, v: &CustomerView<'_>) -> String {
    let c = v.customer;
    let when = |t: Option<i64>| {
        t.map_or_else(
            || i18n::label(lang, Label::Never).to_string(),
            |t| server.show_time(t),
        )
    };
    let mut out = vec![
        format!(
            "**{}**{}",
            quote(&c.name),
            if v.visits.at_risk { " ⚠" } else { "" }
        ),
        format!(
            "{} · {} · {}",
            line(lang, Label::Owner, format!("<@{}>", c.owner.0)),
            line(lang, Label::Tier, val(lang, ValueKind::Tier, c.tier.code())),
            line(
                lang,
                Label::Stage,
                val(lang, ValueKind::Stage, c.stage.code())
            )
        ),
        format!(
            "{} · {}",
            line(
                lang,
                Label::Cadence,
                format!("{} {}", c.cadence_days, i18n::label(lang, Label::Days))
            ),
            line(
                lang,
                Label::Renewal,
                c.renewal_on.map_or_else(
                    || i18n::label(lang, Label::NotSet).to_string(),
                    |r| server.show_time(r)
                )
            )
        ),
        polls::say(lang, &PollText::Phase(c.stage)),
        line(
            lang,
            Label::DecisionMaker,
            c.decision_maker
                .as_deref()
                .map_or_else(|| i18n::label(lang, Label::NotSet).to_string(), quote),
        ),
        format!(
            "{} · {}",
            line(lang, Label::LastVisit, when(v.visits.last_visit_at)),
            line(
                lang,
                Label::LastBossMeeting,
                when(v.visits.last_boss_visit_at)
            )
        ),
    ];
    if c.stage == TrustStage::Lost {
        let next = (1..=WIN_BACK_STEPS).find(|n| !v.win_back.iter().any(|(s, _)| s == n));
        out.push(polls::say(
            lang,
            &PollText::WinBackProgress {
                done: v.win_back.len(),
                next,
            },
        ));
        for (step, at) in v.win_back {
            out.push(format!(
                "✓ {step}. {} · {}",
                polls::say(lang, &PollText::WinBackStep(*step)),
                server.show_time(*at)
            ));
        }
    }
    out.push(format!(
        "**{}** ({})",
        i18n::label(lang, Label::OpenComplaints),
        v.open.len()
    ));
    for c in v.open.iter().take(10) {
        out.push(complaint_row(lang, c));
    }
    if !v.scores.is_empty() {
        let trend: Vec<String> = v
            .scores
            .iter()
            .rev()
            .map(|s| format!("{}/{}/{}", s.overall, s.again, s.recommend))
            .collect();
        out.push(line(lang, Label::Scores, trend.join(" → ")));
    }
    if !v.events.is_empty() {
        out.push(format!("**{}**", i18n::label(lang, Label::Timeline)));
        for e in v.events.iter().take(5) {
            out.push(format!(
                "`{}` {}",
                server.show_time(e.at),
                event_line(lang, e)
            ));
        }
    }
    fit(out.join("\n"))
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
