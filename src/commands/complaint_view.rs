//! `/complaint show|list`.

use super::args::Args;
use super::cards::{self, ComplaintView};
use super::{Handled, Scope};
use crate::domain::complaint::Status;
use crate::domain::text::fit;
use crate::i18n::Msg;
use crate::message::{Message, Outcome};
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

fn page_of(args: &Args) -> usize {
    args.int("page").unwrap_or(1).clamp(1, 1000) as usize
}

/// A page of a list, privately, with buttons to the pages either side that
/// keep the list's filters; turning a page redraws the same message.
pub fn paged(
    lang: crate::i18n::Lang,
    group: &str,
    name: &str,
    args: &Args,
    page: usize,
    more: bool,
    text: String,
) -> Message {
    let mut base = super::Invocation::new(group, name);
    for key in args.names().into_iter().filter(|k| *k != "page") {
        base = base.arg(key, args.text(key).unwrap_or_default());
    }
    let pages = if more { page + 1 } else { page };
    let buttons = super::buttons::page_buttons(lang, base, page, pages);
    // A filter a button cannot carry (a name with spaces) leaves the
    // commands to type instead.
    let carried = buttons
        .iter()
        .all(|b| super::buttons::decode(&b.id).is_some());
    let mut m = if carried {
        Message::private(fit(text))
    } else {
        let turn: Vec<String> = buttons.iter().map(|b| format!("`{}`", b.command)).collect();
        Message::private(fit(format!("{text}\n{}", turn.join(" · "))))
    };
    if carried {
        m.buttons = buttons;
    }
    m.replace = args.int("page").is_some();
    m
}

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
    let page = page_of(args);
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
    Ok(Outcome::reply(paged(
        lang,
        "complaint",
        "list",
        args,
        page,
        more,
        text,
    )))
}
