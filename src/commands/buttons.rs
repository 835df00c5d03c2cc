//! Buttons and forms. A button's custom_id is just an invocation written
//! compactly (`rp:complaint:ack:id=12`), so pressing it runs the same handler,
//! with the same permission checks, as typing the command. Nothing in a
//! custom_id is trusted: the server comes from the interaction, and every
//! rule is checked again by the handler.

use std::collections::BTreeMap;

use super::args::Args;
use super::tree::{CommandSpec, OptKind};
use super::{Failure, Invocation, Scope};
use crate::domain::complaint::{Complaint, Status, Step};
use crate::domain::steps::{FieldKind, form_fields};
use crate::domain::text::fit;
use crate::i18n::{self, Label, Lang};
use crate::message::{Button, ButtonStyle, Message, ModalField, ModalRequest};

const PREFIX: &str = "rp";

/// `rp:complaint:step:id=12;step=2`: at most 100 characters, ASCII only.
pub fn encode(inv: &Invocation) -> String {
    let args: Vec<String> = inv.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{PREFIX}:{}:{}:{}", inv.group, inv.name, args.join(";"))
}

/// Reads a custom_id back; `None` for anything we did not make.
pub fn decode(id: &str) -> Option<Invocation> {
    if id.len() > 100 {
        return None;
    }
    let mut parts = id.splitn(4, ':');
    if parts.next()? != PREFIX {
        return None;
    }
    let group = parts.next()?;
    let name = parts.next()?;
    let spec = super::tree::find(group, name)?;
    let mut args = BTreeMap::new();
    for pair in parts
        .next()
        .unwrap_or("")
        .split(';')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=')?;
        let simple = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if !simple(k) || !simple(v) || spec.option(k).is_none() {
            return None;
        }
        args.insert(k.to_string(), v.to_string());
    }
    Some(Invocation {
        group: spec.group.into(),
        name: spec.name.into(),
        args,
        interactive: true,
    })
}

fn button(label: String, style: ButtonStyle, inv: Invocation, needs: &[&str]) -> Button {
    let mut command = inv.to_command_line();
    for n in needs {
        command.push_str(&format!(" {n}:…"));
    }
    Button {
        id: encode(&inv),
        label,
        style,
        command,
    }
}

/// "◀ 2/5 ▶" under a paged list or timeline: the pages either side, each
/// a button whose command is the same command with `page:` set.
pub fn page_buttons(lang: Lang, base: Invocation, page: usize, pages: usize) -> Vec<Button> {
    let word = i18n::label(lang, Label::Page);
    let turn = |to: usize, arrow: &str| {
        let label = if arrow == "◀" {
            format!("{arrow} {word} {to}")
        } else {
            format!("{word} {to} {arrow}")
        };
        button(
            label,
            ButtonStyle::Secondary,
            base.clone().arg("page", to),
            &[],
        )
    };
    let mut out = Vec::new();
    if page > 1 {
        out.push(turn(page - 1, "◀"));
    }
    if page < pages {
        out.push(turn(page + 1, "▶"));
    }
    out
}

pub fn page_of(args: &Args) -> usize {
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
    let mut base = Invocation::new(group, name);
    for key in args.names().into_iter().filter(|k| *k != "page") {
        base = base.arg(key, args.text(key).unwrap_or_default());
    }
    let pages = if more { page + 1 } else { page };
    let buttons = page_buttons(lang, base, page, pages);
    // A filter a button cannot carry (a name with spaces) leaves the
    // commands to type instead.
    let carried = buttons.iter().all(|b| decode(&b.id).is_some());
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

/// The buttons under a step card.
pub fn step_buttons(lang: Lang, c: &Complaint) -> Vec<Button> {
    let n = c.number.0;
    let mut out = Vec::new();
    if c.acknowledged_at.is_none() {
        out.push(button(
            i18n::label(lang, Label::Acknowledge).into(),
            ButtonStyle::Success,
            Invocation::new("complaint", "ack").arg("id", n),
            &[],
        ));
    }
    if c.status == Status::FollowUp {
        out.push(follow_up_button(lang, c));
    } else if c.status != Status::AwaitingApproval {
        out.push(button(
            format!(
                "{} {}",
                i18n::label(lang, Label::CompleteStep),
                c.step.number()
            ),
            ButtonStyle::Primary,
            Invocation::new("complaint", "step")
                .arg("id", n)
                .arg("step", c.step.number()),
            &[],
        ));
    }
    out.push(button(
        i18n::label(lang, Label::Reassign).into(),
        ButtonStyle::Secondary,
        Invocation::new("complaint", "assign").arg("id", n),
        &["to"],
    ));
    out.push(button(
        i18n::label(lang, Label::Escalate).into(),
        ButtonStyle::Danger,
        Invocation::new("complaint", "escalate").arg("id", n),
        &["reason"],
    ));
    out
}

pub fn approval_buttons(lang: Lang, c: &Complaint) -> Vec<Button> {
    let n = c.number.0;
    vec![
        button(
            i18n::label(lang, Label::Approve).into(),
            ButtonStyle::Success,
            Invocation::new("complaint", "approve").arg("id", n),
            &[],
        ),
        button(
            i18n::label(lang, Label::RequestChanges).into(),
            ButtonStyle::Secondary,
            Invocation::new("complaint", "changes").arg("id", n),
            &["note"],
        ),
    ]
}

/// Rejects a complaint a manager judged (unreasonable, not necessary, cannot
/// deliver); the form asks for the explanation the customer will get.
pub fn reject_button(lang: Lang, c: &Complaint) -> Button {
    button(
        i18n::method::say(lang, &i18n::method::MethodText::RejectButton),
        ButtonStyle::Danger,
        Invocation::new("complaint", "reject").arg("id", c.number.0),
        &["reason"],
    )
}

/// Logs the outcome of the step-5 follow-up; the form asks for it.
pub fn follow_up_button(lang: Lang, c: &Complaint) -> Button {
    button(
        i18n::method::say(lang, &i18n::method::MethodText::FollowUpButton),
        ButtonStyle::Primary,
        Invocation::new("complaint", "followup").arg("id", c.number.0),
        &["satisfied"],
    )
}

/// The form that records `step` of complaint `c`.
pub fn step_form(lang: Lang, c: &Complaint, step: Step) -> ModalRequest {
    let inv = Invocation::new("complaint", "step")
        .arg("id", c.number.0)
        .arg("step", step.number());
    let title = format!(
        "{} · {} {}",
        step.number(),
        i18n::step_title(lang, step),
        c.number
    );
    ModalRequest {
        id: encode(&inv),
        title: crate::domain::text::cut(&title, 45),
        fields: form_fields(step, c.category)
            .map(|f| ModalField {
                key: f.key.into(),
                label: i18n::field_label(lang, step, f.key).into(),
                long: matches!(f.kind, FieldKind::Text { long: true, .. }),
                required: f.required,
                max_len: match f.kind {
                    FieldKind::Text { max, .. } => max,
                    _ => 100,
                },
                value: None,
            })
            .collect(),
        command: inv.to_command_line(),
    }
}

/// A button whose command needs more (a reason, a note, a person) opens a
/// form asking just for that.
pub async fn form_for_missing(
    s: &mut Scope<'_>,
    spec: &CommandSpec,
    args: &Args,
) -> Result<Option<ModalRequest>, Failure> {
    let lang = s.reply_lang();
    let missing = args.missing();
    let mut inv = Invocation::new(spec.group, spec.name);
    for name in args.names() {
        inv.args
            .insert(name.into(), args.text(name).unwrap_or_default());
    }
    let mut fields = Vec::new();
    for name in &missing {
        let Some(opt) = spec.option(name) else {
            return Ok(None);
        };
        let max_len = match opt.kind {
            OptKind::Text { max } => max,
            // Typed as its code; the handler's checks read it as on the command line.
            OptKind::User | OptKind::Choice { .. } => 100,
            _ => return Ok(None),
        };
        let key = format!("{} {}/{}", spec.group, spec.name, name);
        fields.push(ModalField {
            key: (*name).into(),
            label: crate::domain::text::cut(i18n::describe(lang, &key).unwrap_or(name), 45),
            long: max_len > 200,
            required: true,
            max_len,
            value: None,
        });
    }
    let title = i18n::describe(lang, &spec.key()).unwrap_or(spec.name);
    Ok(Some(ModalRequest {
        id: encode(&inv),
        title: crate::domain::text::cut(title, 45),
        fields,
        command: inv.to_command_line(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip() {
        let inv = Invocation::new("complaint", "step")
            .arg("id", 12)
            .arg("step", 2);
        let id = encode(&inv);
        assert_eq!(id, "rp:complaint:step:id=12;step=2");
        let back = decode(&id).unwrap();
        assert_eq!(back.args, inv.args);
        assert!(back.interactive);
    }

    #[test]
    fn foreign_or_crafted_ids_are_refused() {
        assert!(decode("other:thing").is_none());
        assert!(decode("rp:complaint:drop:id=1").is_none());
        assert!(decode("rp:complaint:ack:id=1;guild=5").is_none());
        assert!(decode("rp:complaint:ack:id=1 OR 1=1").is_none());
        assert!(decode(&format!("rp:complaint:ack:id={}", "9".repeat(120))).is_none());
    }
}
