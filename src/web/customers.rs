//! The customers: a paged list, and each customer's page with tier, owner,
//! trust stage, visits and boss/KP meetings against their cadence (overdue
//! in red), renewal, the score trend, open complaints and win-back progress.

use maud::html;

use super::auth::Viewer;
use super::chart;
use super::pages::{Page, layout, severity};
use crate::domain::customer::{TrustStage, WIN_BACK_STEPS};
use crate::i18n::web::{WebText, Word, say, word};
use crate::i18n::{self, ValueKind};
use crate::store::customers::{Listed, VisitSummary};
use crate::store::scores::Score;

fn due_class(due: Option<i64>, now: i64) -> &'static str {
    match due {
        Some(due) if due <= now => "overdue",
        _ => "due",
    }
}

pub fn list(v: &Viewer, name: &str, rows: &[Listed], page: i64, more: bool, now: i64) -> Page {
    let lang = v.lang();
    let w = |x| word(lang, x);
    let value = |kind, code: &str| i18n::value(lang, kind, code);
    let link = |page: i64| {
        format!(
            "/web/customers?name={}&page={page}",
            super::pages::encode(name)
        )
    };
    let body = html! {
        form.filters method="get" action="/web/customers" {
            label { (w(Word::Name)) input name="name" value=(name); }
            button type="submit" { (w(Word::Filter)) }
        }
        @if rows.is_empty() { p.empty { (w(Word::NothingHere)) } } @else {
            table.list id="customers" {
                thead { tr { th { (w(Word::Name)) } th { (w(Word::Tier)) } th { (w(Word::TrustStage)) } th { (w(Word::Owner)) }
                    th { (w(Word::NextVisitDue)) } th { (w(Word::NextBossMeetingDue)) } } }
                tbody {
                    @for l in rows {
                        @let c = &l.customer;
                        tr {
                            td { a href={ "/web/customers/" (c.id) } { (c.name) } @if l.at_risk { " " span.overdue { (w(Word::AtRisk)) } } }
                            td { (value(ValueKind::Tier, c.tier.code())) } td { (value(ValueKind::Stage, c.stage.code())) }
                            td { (v.person(c.owner)) }
                            td class=(due_class(l.visit_due_at, now)) { (l.visit_due_at.map_or_else(|| "–".into(), |t| v.server.show_time(t))) }
                            td class=(due_class(l.boss_due_at, now)) { (l.boss_due_at.map_or_else(|| "–".into(), |t| v.server.show_time(t))) }
                        }
                    }
                }
            }
        }
        nav.pages {
            @if page > 0 { a rel="prev" href=(link(page - 1)) { (w(Word::Newer)) } }
            @if more { a rel="next" href=(link(page + 1)) { (w(Word::Older)) } }
        }
    };
    layout(lang, w(Word::Customers), true, body)
}

/// What one customer's page shows.
pub struct CustomerPage<'a> {
    pub listed: &'a Listed,
    pub visits: &'a VisitSummary,
    pub open: &'a [crate::store::dashboard::Card],
    /// Newest first, as the store gives them.
    pub scores: &'a [Score],
    pub win_back: usize,
}

pub fn page(v: &Viewer, p: &CustomerPage<'_>, now: i64) -> Page {
    let lang = v.lang();
    let w = |x| word(lang, x);
    let c = &p.listed.customer;
    let when =
        |t: Option<i64>| t.map_or_else(|| w(Word::Never).to_string(), |t| v.server.show_time(t));
    let oldest_first: Vec<&Score> = p.scores.iter().rev().collect();
    let points: Vec<(String, [i64; 3])> = oldest_first
        .iter()
        .map(|s| {
            (
                v.server.show_time(s.at)[..10].to_string(),
                [s.overall, s.again, s.recommend],
            )
        })
        .collect();
    let body = html! {
        dl.facts id="facts" {
            dt { (w(Word::Tier)) } dd { (i18n::value(lang, ValueKind::Tier, c.tier.code())) }
            dt { (w(Word::Owner)) } dd { (v.person(c.owner)) }
            dt { (w(Word::TrustStage)) } dd id="stage" { (i18n::value(lang, ValueKind::Stage, c.stage.code())) }
            dt { (w(Word::LastVisit)) } dd { (when(p.visits.last_visit_at)) }
            dt { (w(Word::NextVisitDue)) } dd id="visit-due" class=(due_class(p.listed.visit_due_at, now)) { (when(p.listed.visit_due_at)) }
            dt { (w(Word::LastBossMeeting)) } dd { (when(p.visits.last_boss_visit_at)) }
            dt { (w(Word::NextBossMeetingDue)) } dd id="boss-due" class=(due_class(p.listed.boss_due_at, now)) { (when(p.listed.boss_due_at)) }
            dt { (w(Word::Renewal)) } dd { (when(c.renewal_on)) }
            @if p.visits.at_risk { dt { (w(Word::AtRisk)) } dd.overdue { "⚠" } }
        }
        @if c.stage == TrustStage::Lost {
            p id="win-back" { (say(lang, &WebText::WinBack { done: p.win_back as i64, of: WIN_BACK_STEPS })) }
        }
        h2 { (w(Word::OpenComplaints)) }
        @if p.open.is_empty() { p.empty { (w(Word::NothingHere)) } } @else {
            ul id="open" {
                @for o in p.open {
                    li { a href={ "/web/complaints/" (o.number.0) } { (o.number) } " " (o.summary) " · " (severity(lang, o.severity)) }
                }
            }
        }
        h2 { (w(Word::ScoreTrend)) }
        @if oldest_first.is_empty() { p.empty { (w(Word::NothingHere)) } } @else {
            div.chart-and-table {
                (chart::scores(lang, &points))
                table.figures id="scores" {
                    thead { tr { th { (w(Word::When)) } th { (w(Word::Overall)) } th { (w(Word::BuyAgain)) } th { (w(Word::Recommend)) } th { (w(Word::ToFive)) } } }
                    tbody {
                        @for s in &oldest_first {
                            tr { th { (v.server.show_time(s.at)) } td { (s.overall) } td { (s.again) } td { (s.recommend) } td { (s.to_five.as_deref().unwrap_or("")) } }
                        }
                    }
                }
            }
        }
    };
    layout(lang, &c.name, true, body)
}
