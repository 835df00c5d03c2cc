//! The pages, as maud templates: checked at compile time, and every value
//! put in one is escaped (a summary of `<script>` shows as text). No
//! inline script or style: the Content-Security-Policy allows neither.

use axum::response::Html;
use maud::{DOCTYPE, Markup, html};

use super::auth::Viewer;
use super::chart;
use super::routes::ListQuery;
use crate::commands::cards;
use crate::domain::complaint::{Category, Complaint, Severity, Status, Step};
use crate::i18n::web::{WebText, Word, html_lang, say, word};
use crate::i18n::{self, Lang, ValueKind};
use crate::reports::dashboard::Overview;
use crate::store::dashboard::Card;
use crate::store::events::Event;
use crate::store::steps::StoredStep;

/// A whole page, ready to send.
pub type Page = Html<String>;

pub(super) fn layout(lang: Lang, title: &str, signed_in: bool, body: Markup) -> Page {
    let w = |x| word(lang, x);
    let page = html! {
        (DOCTYPE)
        html lang=(html_lang(lang)) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (w(Word::Product)) }
                link rel="stylesheet" href="/web/app.css";
            }
            body {
                header.top {
                    span.brand { (w(Word::Product)) }
                    @if signed_in {
                        nav {
                            a href="/web" { (w(Word::Overview)) }
                            a href="/web/complaints" { (w(Word::Complaints)) }
                            a href="/web/customers" { (w(Word::Customers)) }
                            a href="/web/month" { (w(Word::Meeting)) }
                        }
                        form.logout method="post" action="/web/logout" {
                            button type="submit" id="logout" { (w(Word::LogOut)) }
                        }
                    }
                }
                main { h1 { (title) } (body) }
            }
        }
    };
    Html(page.into_string())
}

/// A page with one message: a refused link, a logout, a missing page.
pub fn notice(lang: Lang, text: &WebText) -> Page {
    let title = say(lang, text);
    layout(
        lang,
        &title,
        false,
        html! { p.notice id="notice" { (title) } },
    )
}

pub(super) fn severity(lang: Lang, s: Severity) -> String {
    i18n::value(lang, ValueKind::Severity, s.code())
}

fn status(lang: Lang, s: Status) -> String {
    i18n::value(lang, ValueKind::Status, s.code())
}

fn owner(card: &Card) -> String {
    card.owner_name
        .clone()
        .unwrap_or_else(|| format!("@{}", card.owner.0))
}

fn hours(secs: f64) -> String {
    format!("{:.1}", secs / 3600.0)
}

pub fn overview(v: &Viewer, o: &Overview, now: i64) -> Page {
    let lang = v.lang();
    let w = |x| word(lang, x);
    let a = &o.attention;
    let tiles = [
        ("open", Word::OpenComplaints, o.open()),
        ("promises-due", Word::PromisesDue, a.promises_due),
        ("promises-missed", Word::PromisesMissed, a.promises_missed),
        ("follow-ups", Word::FollowUpsDue, a.follow_ups_due),
        ("approvals", Word::ApprovalsWaiting, a.approvals_waiting),
        ("sla", Word::SlaBreaches, o.late_acks()),
    ];
    let body = html! {
        p.as-of { (say(lang, &WebText::AsOf { at: v.server.show_time(now) })) }
        section.tiles {
            @for (id, label, n) in tiles {
                div.tile id={ "tile-" (id) } {
                    span.figure { (n) }
                    span.label { (w(label)) }
                }
            }
        }
        h2 { (w(Word::Board)) }
        div.board {
            @for col in &o.columns {
                section.column id={ "step-" (col.step.code()) } {
                    h3 { (col.step.number()) ". " (i18n::step_title(lang, col.step)) " "
                        span.count { (col.total()) } }
                    ol.cards {
                        @for c in &col.cards {
                            li class={ "card sev-" (c.severity.code()) } id={ "card-" (c.number.0) } {
                                a href={ "/web/complaints/" (c.number.0) } {
                                    span.num { (c.number) } " "
                                    span.customer { (c.customer) }
                                    span.summary { (c.summary) }
                                    span.meta { (severity(lang, c.severity)) " · " (owner(c)) " · " (v.server.show_time(c.created_at)) }
                                }
                            }
                        }
                    }
                    @let hidden = col.total() - col.cards.len() as i64;
                    @if hidden > 0 { p.more { (say(lang, &WebText::More { hidden })) } }
                }
            }
        }
        table.figures id="open-by-step" {
            caption { (w(Word::Board)) }
            thead { tr { th { (w(Word::Step)) } @for s in Severity::ALL { th { (severity(lang, *s)) } } th { (w(Word::Total)) } } }
            tbody {
                @for col in &o.columns {
                    tr { th { (i18n::step_title(lang, col.step)) } @for n in col.by_severity { td { (n) } } td { (col.total()) } }
                }
            }
        }
        h2 { (w(Word::WeeklyTimes)) }
        div.chart-and-table {
            (chart::weekly(lang, &o.weeks))
            table.figures id="weekly" {
                thead {
                    tr { th { (w(Word::Week)) }
                        th { (w(Word::ToAcknowledge)) " " (w(Word::Median)) } th { (w(Word::ToAcknowledge)) " " (w(Word::P90)) }
                        th { (w(Word::ToResolve)) " " (w(Word::Median)) } th { (w(Word::ToResolve)) " " (w(Word::P90)) }
                        th { (w(Word::LateAcks)) } }
                }
                tbody {
                    @for wk in &o.weeks {
                        tr {
                            th { (wk.period.tag()) }
                            td { (opt_hours(wk.to_acknowledge.median)) } td { (opt_hours(wk.to_acknowledge.p90.map(|x| x as f64))) }
                            td { (opt_hours(wk.to_resolve.median)) } td { (opt_hours(wk.to_resolve.p90.map(|x| x as f64))) }
                            td { (wk.late_acks) }
                        }
                    }
                }
                tfoot { tr { td colspan="6" { (w(Word::Hours)) } } }
            }
        }
    };
    layout(lang, w(Word::Overview), true, body)
}

fn opt_hours(secs: Option<f64>) -> String {
    secs.map_or_else(|| "–".to_string(), hours)
}

pub fn complaints(v: &Viewer, q: &ListQuery, rows: &[Card], page: i64, more: bool) -> Page {
    let lang = v.lang();
    let w = |x| word(lang, x);
    let given = |s: &Option<String>| s.clone().unwrap_or_default();
    let link = |page: i64| format!("/web/complaints?{}", query_string(q, page));
    let body = html! {
        form.filters method="get" action="/web/complaints" {
            label { (w(Word::Status)) select name="status" {
                option value="" { (w(Word::Any)) }
                @for s in Status::ALL { option value=(s.code()) selected[q.status.as_deref() == Some(s.code())] { (status(lang, *s)) } }
            } }
            label { (w(Word::Category)) select name="category" {
                option value="" { (w(Word::Any)) }
                @for c in Category::ALL { option value=(c.code()) selected[q.category.as_deref() == Some(c.code())] { (i18n::value(lang, ValueKind::Category, c.code())) } }
            } }
            label { (w(Word::Severity)) select name="severity" {
                option value="" { (w(Word::Any)) }
                @for s in Severity::ALL { option value=(s.code()) selected[q.severity.as_deref() == Some(s.code())] { (severity(lang, *s)) } }
            } }
            label { (w(Word::Owner)) select name="owner" {
                option value="" { (w(Word::Any)) }
                @let chosen = q.owner_id().map(|u| u.0);
                @if let Some(id) = chosen.filter(|id| !v.names.contains_key(id)) {
                    option value=(id) selected { (v.person(crate::domain::ids::UserId(id))) }
                }
                @for (id, name) in &members_by_name(v) { option value=(id) selected[chosen == Some(*id)] { (name) } }
            } }
            label { (w(Word::Customer)) input name="customer" value=(given(&q.customer)); }
            label { (w(Word::From)) input name="from" placeholder="2026-11-01" value=(given(&q.from)); }
            label { (w(Word::Until)) input name="until" placeholder="2026-11-30" value=(given(&q.until)); }
            button type="submit" { (w(Word::Filter)) }
        }
        @if rows.is_empty() {
            p.empty { (w(Word::NothingHere)) }
        } @else {
            table.list id="complaints" {
                thead { tr { th { (w(Word::Number)) } th { (w(Word::Customer)) } th { (w(Word::Summary)) } th { (w(Word::Severity)) }
                    th { (w(Word::Status)) } th { (w(Word::Step)) } th { (w(Word::Owner)) } th { (w(Word::Reported)) } } }
                tbody {
                    @for c in rows {
                        tr class={ "sev-" (c.severity.code()) } {
                            td { a href={ "/web/complaints/" (c.number.0) } { (c.number) } }
                            td { (c.customer) } td { (c.summary) } td { (severity(lang, c.severity)) }
                            td { (status(lang, c.status)) } td { (i18n::step_title(lang, c.step)) }
                            td { (owner(c)) } td { (v.server.show_time(c.created_at)) }
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
    layout(lang, w(Word::Complaints), true, body)
}

/// The server's members, to choose an owner from, by name.
fn members_by_name(v: &Viewer) -> Vec<(i64, &str)> {
    let mut list: Vec<(i64, &str)> = v.names.iter().map(|(id, n)| (*id, n.as_str())).collect();
    list.sort_by(|a, b| {
        a.1.to_lowercase()
            .cmp(&b.1.to_lowercase())
            .then(a.0.cmp(&b.0))
    });
    list
}

/// The filters again, for the next or previous page.
fn query_string(q: &ListQuery, page: i64) -> String {
    let mut parts = Vec::new();
    for (name, value) in [
        ("status", &q.status),
        ("category", &q.category),
        ("severity", &q.severity),
        ("owner", &q.owner),
        ("customer", &q.customer),
        ("from", &q.from),
        ("until", &q.until),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", encode(value)));
        }
    }
    parts.push(format!("page={page}"));
    parts.join("&")
}

/// Percent-encodes all but the unreserved characters.
pub(super) fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn complaint(v: &Viewer, c: &Complaint, steps: &[StoredStep], events: &[Event]) -> Page {
    let lang = v.lang();
    let w = |x| word(lang, x);
    let title = say(
        lang,
        &WebText::ComplaintTitle {
            number: c.number,
            customer: c.customer_name.clone(),
        },
    );
    let body = html! {
        p.summary id="summary" { (c.summary) }
        @if let Some(details) = &c.details { p.details { (details) } }
        dl.facts {
            dt { (w(Word::Status)) } dd id="status" { (status(lang, c.status)) }
            dt { (w(Word::Severity)) } dd class={ "sev-" (c.severity.code()) } { (severity(lang, c.severity)) }
            dt { (w(Word::Step)) } dd { (c.step.number()) ". " (i18n::step_title(lang, c.step)) }
            dt { (w(Word::Owner)) } dd { (v.person(c.owner)) }
            dt { (w(Word::Reported)) } dd { (v.server.show_time(c.created_at)) }
        }
        h2 { (w(Word::StepRecords)) }
        ol.steps id="steps" {
            @for step in Step::ALL {
                @let record = steps.iter().find(|s| s.step == *step);
                li id={ "record-" (step.code()) } {
                    h3 { (i18n::step_title(lang, *step)) }
                    @match record {
                        Some(r) => {
                            p { (v.plain(&cards::record_summary(lang, &v.server, &r.record))) }
                            p.meta { (v.person(r.recorded_by)) " · " (v.server.show_time(r.recorded_at)) }
                        }
                        None => p.missing { (w(Word::NotRecorded)) },
                    }
                }
            }
        }
        h2 { (w(Word::Timeline)) }
        ol.timeline id="timeline" {
            @for e in events {
                li { time { (v.server.show_time(e.at)) } " " (v.plain(&cards::event_line(lang, e))) }
            }
        }
        p { a href="/web" { (w(Word::BackToBoard)) } }
    };
    layout(lang, &title, true, body)
}
