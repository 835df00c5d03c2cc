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
    let rows = store::complaints::list(s.conn, s.ctx.guild, &filter, 30).await?;
    if rows.is_empty() {
        return Ok(Outcome::reply(s.say_privately(&Msg::NoComplaints)));
    }
    let lang = s.reply_lang();
    let text = rows
        .iter()
        .map(|c| cards::complaint_row(lang, c))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Outcome::reply(Message::private(fit(text))))
}
