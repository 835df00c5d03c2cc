//! `/report week|month|export`, for managers: the reports of `crate::reports`
//! on demand, and the team's data as CSV.

use super::args::Args;
use super::{Handled, Scope};
use crate::domain::period::{self, Edge, PeriodKind};
use crate::domain::refusal::{Action, Refusal};
use crate::domain::when::WhenError;
use crate::i18n::reports::{ReportText, say};
use crate::message::{Message, Outcome};
use crate::reports;

pub async fn week(s: &mut Scope<'_>, args: &Args) -> Handled {
    show(s, args, PeriodKind::Week).await
}

pub async fn month(s: &mut Scope<'_>, args: &Args) -> Handled {
    show(s, args, PeriodKind::Month).await
}

fn bad(option: &str, given: String, why: WhenError) -> Refusal {
    Refusal::BadMoment {
        option: option.into(),
        given,
        why,
    }
}

async fn show(s: &mut Scope<'_>, args: &Args, kind: PeriodKind) -> Handled {
    s.ctx.actor.require_manager(Action::ReadReports)?;
    let given = args.text("period");
    let period = period::read(kind, given.as_deref(), s.now(), s.server.tz)
        .map_err(|why| bad("period", given.unwrap_or_default(), why))?;
    let r = reports::build(
        s.conn,
        &s.app.config,
        &s.server,
        s.ctx.guild,
        period,
        s.now(),
    )
    .await?;
    let voice = match kind {
        PeriodKind::Month => {
            Some(reports::voice::build(s.conn, s.ctx.guild, &period, s.server.tz).await?)
        }
        PeriodKind::Week => None,
    };
    let view = voice.as_ref().map(|voice| reports::VoiceView {
        voice,
        server: &s.server,
        now: s.now(),
    });
    let mut card = reports::message(s.reply_lang(), &r, view.as_ref())?;
    card.ephemeral = true;
    Ok(Outcome::reply(card))
}

pub async fn export(s: &mut Scope<'_>, args: &Args) -> Handled {
    s.ctx.actor.require_manager(Action::ExportData)?;
    let (now, tz) = (s.now(), s.server.tz);
    let edge = |name: &str, edge: Edge| -> Result<Option<i64>, Refusal> {
        match args.text(name) {
            Some(text) => period::read_edge(&text, edge, now, tz)
                .map(Some)
                .map_err(|why| bad(name, text, why)),
            None => Ok(None),
        }
    };
    let month_start =
        period::Period::containing(PeriodKind::Month, now, tz).map_or(now, |p| p.start);
    let from = edge("from", Edge::From)?.unwrap_or(month_start);
    let until = edge("until", Edge::Until)?.unwrap_or(now + 1);
    if from >= until {
        return Err(Refusal::RangeBackwards.into());
    }
    let export = reports::export::build(s.conn, s.ctx.guild, tz, from, until).await?;
    let text = say(
        s.reply_lang(),
        &ReportText::Exported {
            from: s.server.stamp(from),
            until: s.server.stamp(until),
            complaints: export.complaints,
            steps: export.steps,
            visits: export.visits,
            scores: export.scores,
        },
    );
    let mut message = Message::private(text);
    message.files = export.files;
    Ok(Outcome::reply(message))
}
