//! Apps → Open complaint, on a customer's message: the `/complaint new` form
//! with the message's words as the details, kept verbatim, and a link back.

use super::args::Args;
use super::{Handled, Invocation, Scope, buttons};
use crate::domain::complaint::{Severity, Source};
use crate::domain::message_link::MessageRef;
use crate::domain::text::{DETAILS_MAX, SUMMARY_MAX, cut};
use crate::i18n;
use crate::message::{ModalField, ModalRequest, Outcome};
use crate::store;

pub async fn open_form(s: &mut Scope<'_>, args: &Args) -> Handled {
    let at = MessageRef::parse(&args.required("message")?, s.ctx.guild)?;
    let text = args.required("text")?;
    let author = match args.user("author") {
        Some(user) => store::members::get(s.conn, s.ctx.guild, user)
            .await?
            .map(|m| m.name),
        None => None,
    };
    let customer = store::complaints::customer_of_channel(s.conn, s.ctx.guild, at.channel).await?;
    let lang = s.reply_lang();
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    // Who said it leads the summary: the customer's contact, as far as we can tell.
    let summary = match &author {
        Some(name) => format!("{name}: {}", first_line.trim()),
        None => first_line.trim().to_string(),
    };
    // A form holds five fields: the severity starts at normal (the card
    // shows it, and the harms can be assessed later), the channel is chat.
    let inv = Invocation::new("complaint", "new")
        .arg("channel", Source::Chat.code())
        .arg("message", at.ids())
        .arg("severity", Severity::Normal.code());
    let field = |key: &str, long: bool, max: usize, value: Option<String>| ModalField {
        key: key.into(),
        label: cut(
            i18n::describe(lang, &format!("complaint new/{key}")).unwrap_or(key),
            45,
        ),
        long,
        required: key != "details",
        max_len: max,
        value: value.map(|v| cut(&v, max)),
    };
    let form = ModalRequest {
        id: buttons::encode(&inv),
        title: cut(
            i18n::describe(lang, "complaint new").unwrap_or("complaint new"),
            45,
        ),
        fields: vec![
            field("customer", false, 100, customer),
            field("summary", false, SUMMARY_MAX, Some(summary)),
            field("category", false, 100, None),
            field("temperament", false, 100, None),
            field("details", true, DETAILS_MAX, Some(text)),
        ],
        command: inv.to_command_line(),
    };
    Ok(Outcome::modal(form))
}
