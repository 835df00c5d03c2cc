//! The weekly report and the monthly "voice of the customer" report (seed
//! 002: the monthly meeting where management hears what customers complain
//! about): gathered from the store, computed by `domain::report`, worded by
//! the catalogues, with a chart. Used by `/report` and by the schedules.

pub mod chart;
pub mod dashboard;
pub mod export;
pub mod voice;

use crate::config::Config;
use crate::domain::calendar::Span;
use crate::domain::complaint::{Severity, Step};
use crate::domain::ids::{GuildId, Timestamp};
use crate::domain::period::{Period, PeriodKind};
use crate::domain::report::{self, Durations, REPEAT_WINDOW, TeamReport};
use crate::domain::text::{cut, quote};
use crate::domain::timeline::EventKind;
use crate::domain::voice::Voice;
use crate::i18n::ValueKind;
use crate::i18n::reports::{ReportText, Timing, say};
use crate::i18n::{self, Lang};
use crate::message::{Attachment, Colour, Embed, Message, Post, PostBody, Target};
use crate::store::settings::ServerSettings;
use crate::store::{self, Conn};

/// How many periods the score trend shows.
fn trend_len(kind: PeriodKind) -> usize {
    match kind {
        PeriodKind::Week => 8,
        PeriodKind::Month => 6,
    }
}

/// When a complaint of each severity had to be acknowledged, by the SLA.
fn ack_windows(config: &Config) -> Vec<(Severity, Option<Span>)> {
    Severity::ALL
        .iter()
        .map(|sev| (*sev, Some(config.sla.for_severity(*sev).acknowledge)))
        .collect()
}

pub async fn build(
    conn: &mut Conn,
    config: &Config,
    server: &ServerSettings,
    guild: GuildId,
    period: Period,
    now: Timestamp,
) -> anyhow::Result<TeamReport> {
    let trend = period.recent(trend_len(period.kind), server.tz);
    let trend_start = trend.first().map_or(period.start, |p| p.start);
    let windows = ack_windows(config);
    let ack_due = |sev: Severity, reported: Timestamp| {
        windows
            .iter()
            .find(|(s, _)| *s == sev)
            .and_then(|(_, span)| *span)
            .map_or(reported, |span| span.after(reported, &server.hours))
    };
    // Repeats look back 90 days from the period's end, crises 90 days from
    // each complaint of the period: from its start.
    let since = period.start - REPEAT_WINDOW;
    let complaints = store::reports::complaint_facts(conn, guild, since, ack_due).await?;
    let causes = store::reports::causes(conn, guild, period.start, period.end).await?;
    // A customer is told before step 4 is recorded; a week's slack catches it.
    let told = store::reports::tell_times(conn, guild, period.start - 7 * 86_400).await?;
    let promises_broken = store::reports::events_of_kind(
        conn,
        guild,
        EventKind::PromiseBreached,
        period.start,
        period.end,
    )
    .await?;
    let scores = store::reports::scores(conn, guild, trend_start, period.end).await?;
    let (overdue_visits, overdue_boss) = store::reports::overdue_counts(conn, guild, now).await?;
    Ok(report::compute(&report::Input {
        period,
        trend: &trend,
        now,
        complaints: &complaints,
        causes: &causes,
        told: &told,
        promises_broken,
        scores: &scores,
        overdue_visits,
        overdue_boss,
    }))
}

fn times(lang: Lang, timing: Timing, d: &Durations) -> ReportText {
    match (d.median, d.p90) {
        (Some(median), Some(p90)) => ReportText::Times {
            timing,
            count: d.count,
            median: i18n::duration(lang, median.round() as i64),
            p90: i18n::duration(lang, p90),
        },
        _ => ReportText::NoTimes { timing },
    }
}

fn avg(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

/// The monthly meeting's part of a report, with what it needs to show times.
pub struct VoiceView<'a> {
    pub voice: &'a Voice,
    pub server: &'a ServerSettings,
    pub now: Timestamp,
}

/// The report in words, laid out the same in every language; a monthly
/// report opens with last month's decisions and ends with the customers'
/// words and this month's decisions.
/// The report as a card: its title, the figures as the description, and
/// the chart drawn inside the card.
pub fn message(
    lang: Lang,
    r: &TeamReport,
    voice: Option<&VoiceView<'_>>,
) -> anyhow::Result<Message> {
    let mut lines = lines(lang, r, voice);
    let title = lines.remove(0);
    let chart = chart_file(r)?;
    let colour = match r.period.kind {
        PeriodKind::Month => Colour::Purple,
        PeriodKind::Week => Colour::Blue,
    };
    let mut card = Embed::new(title.replace("**", ""), colour).description(lines.join("\n"));
    card.image = Some(format!("attachment://{}", chart.name));
    Ok(Message::card(card).with_file(chart))
}

fn lines(lang: Lang, r: &TeamReport, voice: Option<&VoiceView<'_>>) -> Vec<String> {
    let show = |at: Timestamp| voice.map_or_else(|| at.to_string(), |v| v.server.stamp(at));
    let monthly = r.period.kind == PeriodKind::Month;
    let line = |t: ReportText| say(lang, &t);
    let mut out = vec![line(ReportText::Title {
        monthly,
        period: r.period.label(),
    })];
    if let Some(v) = voice {
        out.extend(voice::opening(lang, v.voice, v.now, &show));
    }
    out.push(line(ReportText::Volume {
        opened: r.opened,
        closed: r.closed,
        rejected: r.rejected,
    }));
    if !r.by_category.is_empty() {
        let list = r
            .by_category
            .iter()
            .map(|(c, n)| format!("{} {n}", i18n::value(lang, ValueKind::Category, c.code())))
            .collect::<Vec<_>>()
            .join(" · ");
        out.push(line(ReportText::Categories { list }));
    }
    let [(_, product), (_, team), (_, boss)] = r.crises();
    out.push(line(ReportText::Crises {
        product,
        team,
        boss,
    }));
    if r.harms.assessed > 0 {
        out.push(line(ReportText::Harms(r.harms)));
    }
    out.push(line(times(lang, Timing::Acknowledge, &r.to_acknowledge)));
    out.push(line(times(lang, Timing::Tell, &r.to_tell)));
    out.push(line(times(lang, Timing::Resolve, &r.to_resolve)));
    out.push(line(ReportText::Sla {
        late_acks: r.late_acks,
        promises: r.promises_broken,
    }));
    out.push(line(ReportText::OpenHeader {
        open: r.open_by_step.iter().sum(),
        awaiting: r.awaiting_approval,
    }));
    for (i, count) in r.open_by_step.iter().enumerate() {
        if let Some(step) = Step::from_number(i as i64 + 1).filter(|_| *count > 0) {
            out.push(line(ReportText::OpenStep {
                step,
                count: *count,
            }));
        }
    }
    if !r.repeated.is_empty() {
        out.push(line(ReportText::RepeatedHeader));
        for (customer, count) in &r.repeated {
            out.push(line(ReportText::RepeatedLine {
                customer: quote(customer),
                count: *count,
            }));
        }
    }
    if !r.causes.is_empty() {
        out.push(line(ReportText::CausesHeader));
        for (cause, count) in &r.causes {
            out.push(line(ReportText::CauseLine {
                cause: cut(&quote(&cause.replace('\n', " ")), 90),
                count: *count,
            }));
        }
    }
    out.push(line(ReportText::Visits {
        overdue: r.overdue_visits,
        boss: r.overdue_boss,
    }));
    let s = &r.scores;
    if s.count == 0 {
        out.push(line(ReportText::NoScores));
    } else {
        out.push(line(ReportText::Scores {
            count: s.count,
            overall: avg(s.overall),
            again: avg(s.again),
            recommend: avg(s.recommend),
            low: s.low,
        }));
        out.push(line(ReportText::Distribution {
            counts: s.distribution,
        }));
    }
    let values = r
        .trend
        .iter()
        .map(|(_, v)| avg(*v))
        .collect::<Vec<_>>()
        .join(" → ");
    out.push(line(ReportText::Trend { monthly, values }));
    if let Some(v) = voice {
        out.extend(voice::closing(lang, v.voice, v.now, &show));
    }
    out.push(line(ReportText::ChartNote { monthly }));
    out
}

/// The chart as an attachment named after the period.
pub fn chart_file(r: &TeamReport) -> anyhow::Result<Attachment> {
    Ok(Attachment {
        name: format!("report-{}.png", r.period.tag()),
        content_type: "image/png".into(),
        bytes: chart::render(r)?,
    })
}

/// A scheduled report: the last complete week or month, to the managers.
pub async fn scheduled(
    conn: &mut Conn,
    config: &Config,
    server: &ServerSettings,
    guild: GuildId,
    kind: PeriodKind,
    now: Timestamp,
) -> anyhow::Result<Vec<Post>> {
    let Some(period) = Period::containing(kind, now, server.tz).and_then(|p| p.previous(server.tz))
    else {
        return Ok(Vec::new());
    };
    let r = build(conn, config, server, guild, period, now).await?;
    let voice = match kind {
        PeriodKind::Month => Some(voice::build(conn, guild, &period, server.tz).await?),
        PeriodKind::Week => None,
    };
    let view = voice.as_ref().map(|voice| VoiceView { voice, server, now });
    let mut message = message(server.lang, &r, view.as_ref())?;
    // The page for the meeting room's screen, when the web view is on.
    if config.web.secret.is_some()
        && let Some(card) = message.embeds.first_mut()
    {
        let url = format!("{}/web", config.web.base_url(&config.http.addr));
        let see = i18n::web::say(server.lang, &i18n::web::WebText::SeeDashboard { url });
        *card = card
            .clone()
            .description(format!("{}\n{see}", card.description));
    }
    Ok(vec![Post {
        target: Target::AlertsChannel,
        complaint_id: None,
        body: PostBody::Message(message),
    }])
}
