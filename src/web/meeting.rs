//! The monthly "voice of the customer" meeting's page (seed 002): the
//! month's complaints by category and crisis, the causes found, the
//! customers' own words, this month's decisions and whether last month's
//! were carried out. The figures are the monthly report's own.

use maud::html;

use super::auth::Viewer;
use super::chart;
use super::pages::{Page, layout};
use crate::domain::period::Period;
use crate::domain::period_figures::MonthFigures;
use crate::domain::voice::{Decision, DecisionState, QuoteSource, Voice};
use crate::i18n::web::{WebText, Word, say, word};
use crate::i18n::{self, Lang, ValueKind};

fn state(lang: Lang, s: DecisionState) -> (&'static str, &'static str) {
    match s {
        DecisionState::Done => ("done", word(lang, Word::Done)),
        DecisionState::Open => ("open", word(lang, Word::Open)),
        DecisionState::Overdue => ("overdue", word(lang, Word::Overdue)),
    }
}

fn decisions(v: &Viewer, id: &str, list: &[Decision], now: i64) -> maud::Markup {
    let lang = v.lang();
    let w = |x| word(lang, x);
    html! {
        @if list.is_empty() {
            p.empty id=(id) { (w(Word::NothingHere)) }
        } @else {
            table.list id=(id) {
                thead { tr { th { (w(Word::Decision)) } th { (w(Word::Owner)) } th { (w(Word::Due)) } th { (w(Word::Status)) } } }
                tbody {
                    @for d in list {
                        @let (class, label) = state(lang, d.state(now));
                        tr class=(class) {
                            td { (d.what) } td { (v.person(d.owner)) } td { (v.server.show_time(d.due_at)) }
                            td { (label) @if let Some(note) = &d.done_note { " · " (note) } }
                        }
                    }
                }
            }
        }
    }
}

pub fn month(v: &Viewer, period: &Period, r: &MonthFigures, voice: &Voice, now: i64) -> Page {
    let lang = v.lang();
    let w = |x| word(lang, x);
    let category =
        |c: crate::domain::complaint::Category| i18n::value(lang, ValueKind::Category, c.code());
    let bars: Vec<(String, f64)> = r
        .by_category
        .iter()
        .map(|(c, n)| (category(*c), *n as f64))
        .collect();
    let tag = period.tag();
    let previous = period.previous(v.server.tz).map(|p| p.tag());
    let body = html! {
        nav.months {
            @if let Some(p) = &previous { a href={ "/web/month?period=" (p) } { (w(Word::PreviousMonth)) } }
        }
        h2 { (w(Word::LastMonthsDecisions)) }
        (decisions(v, "last-month", &voice.last_month, now))
        h2 { (w(Word::ByCategory)) }
        div.chart-and-table {
            (chart::bars(&format!("{} · {tag}", w(Word::ByCategory)), &bars))
            table.figures id="by-category" {
                thead { tr { th { (w(Word::Category)) } th { (w(Word::Count)) } } }
                tbody { @for (c, n) in &r.by_category { tr { th { (category(*c)) } td { (n) } } } }
                tfoot { tr { th { (w(Word::Total)) } td { (r.opened) } } }
            }
            table.figures id="crises" {
                caption { (w(Word::Crises)) }
                tbody { @for (c, n) in r.crises { tr { th { (category(c)) } td { (n) } } } }
            }
        }
        h2 { (w(Word::Causes)) }
        @if r.causes.is_empty() { p.empty { (w(Word::NothingHere)) } } @else {
            table.figures id="causes" {
                thead { tr { th { (w(Word::Cause)) } th { (w(Word::Count)) } } }
                tbody { @for (cause, n) in &r.causes { tr { td { (cause) } td { (n) } } } }
            }
        }
        h2 { (w(Word::CustomersWords)) }
        @if voice.quotes.is_empty() { p.empty { (w(Word::NothingHere)) } } @else {
            ul.quotes id="quotes" {
                @for q in &voice.quotes {
                    li {
                        blockquote { (q.words) }
                        p.meta {
                            (q.customer) " · " (v.person(q.rep)) " · "
                            @match q.source {
                                QuoteSource::ToFive => (w(Word::WhatWouldEarnAFive)),
                                QuoteSource::Cause(number) => (say(lang, &WebText::CauseOf { number })),
                            }
                            " · " (v.server.show_time(q.at))
                        }
                    }
                }
            }
        }
        h2 { (w(Word::DecisionsTaken)) }
        (decisions(v, "decided", &voice.decided, now))
    };
    layout(
        lang,
        &say(lang, &WebText::MonthTitle { month: tag.clone() }),
        true,
        body,
    )
}
