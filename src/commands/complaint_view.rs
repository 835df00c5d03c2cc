//! `/complaint show|list`.

use super::args::Args;
use super::cards::{self, ComplaintView};
use super::{Handled, Scope, buttons};
use crate::domain::complaint::Status;
use crate::i18n::Msg;
use crate::message::Outcome;
use crate::store::{self, complaints::ComplaintFilter};

pub async fn show(s: &mut Scope<'_>, args: &Args) -> Handled {
    let c = s.complaint(args.complaint("id")?).await?;
    let steps = store::steps::current(s.conn, c.id).await?;
    let events = store::events::for_complaint(s.conn, c.id).await?;
    let view = ComplaintView {
        complaint: &c,
        steps: &steps,
        events: &events,
    };
    let page = args.int("page").unwrap_or(1).max(1) as usize;
    let mut shown = cards::complaint_detail(s.reply_lang(), &s.server, &view, page);
    shown.ephemeral = true;
    // Turning a page redraws the same private message.
    shown.replace = args.int("page").is_some();
    Ok(Outcome::reply(shown))
}

/// Rows on one page of a list: each is a line of about 100 characters,
/// and a page must fit one message.
const LIST_PAGE: i64 = 15;

pub async fn list(s: &mut Scope<'_>, args: &Args) -> Handled {
    let customer_id = match args.text("customer") {
        Some(name) => Some(s.customer(&name).await?.id),
        None => None,
    };
    let filter = ComplaintFilter {
        status: args.coded("status", Status::from_code),
        owner: args.user("owner"),
        customer_id,
    };
    let page = buttons::page_of(args);
    let offset = (page - 1) as i64 * LIST_PAGE;
    // One more than a page tells whether another page follows.
    let mut rows =
        store::complaints::list(s.conn, s.ctx.guild, &filter, LIST_PAGE + 1, offset).await?;
    if rows.is_empty() {
        return Ok(Outcome::reply(s.say_privately(&Msg::NoComplaints)));
    }
    let more = rows.len() as i64 > LIST_PAGE;
    rows.truncate(LIST_PAGE as usize);
    let lang = s.reply_lang();
    let text = rows
        .iter()
        .map(|c| cards::complaint_row(lang, c))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Outcome::reply(buttons::paged(
        lang,
        "complaint",
        "list",
        args,
        page,
        more,
        text,
    )))
}
