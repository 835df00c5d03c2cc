//! The monthly report's own part (seed 002's "voice of the customer"
//! meeting): it opens with last month's decisions and whether they were
//! carried out, quotes what customers said this month, and lists the
//! decisions taken.

use chrono_tz::Tz;

use crate::domain::ids::{GuildId, Timestamp};
use crate::domain::period::Period;
use crate::domain::text::{cut, quote};
use crate::domain::voice::{Decision, DecisionState, QuoteSource, Voice};
use crate::i18n::Lang;
use crate::i18n::reports::{ReportText, say};
use crate::store::{self, Conn};

/// Quotes shown at most; the CSV export has them all.
const QUOTES: i64 = 8;

pub async fn build(
    conn: &mut Conn,
    guild: GuildId,
    period: &Period,
    tz: Tz,
) -> anyhow::Result<Voice> {
    let last_month = match period.previous(tz) {
        Some(last) => store::decisions::decided_between(conn, guild, last.start, last.end).await?,
        None => Vec::new(),
    };
    Ok(Voice {
        last_month,
        quotes: store::decisions::quotes(conn, guild, period.start, period.end, QUOTES).await?,
        decided: store::decisions::decided_between(conn, guild, period.start, period.end).await?,
    })
}

fn decision_line(
    lang: Lang,
    d: &Decision,
    now: Timestamp,
    show: &impl Fn(Timestamp) -> String,
) -> String {
    say(
        lang,
        &ReportText::DecisionLine {
            id: d.id,
            what: cut(&quote(&d.what), 120),
            owner: d.owner,
            due: show(d.due_at),
            state: d.state(now),
        },
    )
}

/// The lines that open the monthly report: last month's decisions.
pub fn opening(
    lang: Lang,
    v: &Voice,
    now: Timestamp,
    show: &impl Fn(Timestamp) -> String,
) -> Vec<String> {
    if v.last_month.is_empty() {
        return vec![say(lang, &ReportText::NoLastDecisions)];
    }
    let done = v
        .last_month
        .iter()
        .filter(|d| d.state(now) == DecisionState::Done)
        .count();
    let mut out = vec![say(
        lang,
        &ReportText::LastDecisionsHeader {
            done,
            total: v.last_month.len(),
        },
    )];
    out.extend(
        v.last_month
            .iter()
            .map(|d| decision_line(lang, d, now, show)),
    );
    out
}

/// The customers' words and this month's decisions.
pub fn closing(
    lang: Lang,
    v: &Voice,
    now: Timestamp,
    show: &impl Fn(Timestamp) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    if !v.quotes.is_empty() {
        out.push(say(lang, &ReportText::WordsHeader));
        for q in &v.quotes {
            out.push(say(
                lang,
                &ReportText::WordsLine {
                    words: cut(&quote(&q.words.replace('\n', " ")), 160),
                    customer: quote(&q.customer),
                    rep: q.rep,
                    complaint: match q.source {
                        QuoteSource::ToFive => None,
                        QuoteSource::Cause(n) => Some(n),
                    },
                },
            ));
        }
    }
    out.push(say(
        lang,
        &ReportText::DecisionsHeader {
            count: v.decided.len(),
        },
    ));
    out.extend(v.decided.iter().map(|d| decision_line(lang, d, now, show)));
    out
}
