//! rapport's messages and forms as Discord JSON, through serenity's builders.
//! Every message names exactly whom it may ping; nothing is parsed from text.

use serde_json::Value;
use serenity::all::{
    ButtonStyle as DiscordButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInputText, CreateInteractionResponse,
    CreateInteractionResponseMessage, CreateMessage, CreateModal, CreateSelectMenu,
    CreateSelectMenuKind, InputTextStyle, Nonce, RoleId as DiscordRoleId, UserId as DiscordUserId,
};

use crate::domain::text::{MESSAGE_MAX, cut};
use crate::message::{Attachment, Button, ButtonStyle, Embed, Message, ModalRequest};

pub fn allowed_mentions(m: &Message) -> CreateAllowedMentions {
    CreateAllowedMentions::new()
        .users(
            m.ping_users
                .iter()
                .map(|u| DiscordUserId::new(u.0.max(1) as u64)),
        )
        .roles(
            m.ping_roles
                .iter()
                .map(|r| DiscordRoleId::new(r.0.max(1) as u64)),
        )
}

fn button(b: &Button) -> CreateButton {
    let style = match b.style {
        ButtonStyle::Primary => DiscordButtonStyle::Primary,
        ButtonStyle::Secondary => DiscordButtonStyle::Secondary,
        ButtonStyle::Success => DiscordButtonStyle::Success,
        ButtonStyle::Danger => DiscordButtonStyle::Danger,
    };
    CreateButton::new(b.id.clone())
        .label(cut(&b.label, 80))
        .style(style)
}

/// Buttons in rows of five, at most five rows.
pub fn components(buttons: &[Button]) -> Vec<CreateActionRow> {
    buttons
        .chunks(5)
        .take(5)
        .map(|row| CreateActionRow::Buttons(row.iter().map(button).collect()))
        .collect()
}

/// The message's text. A card alone says in its text whom it pings:
/// Discord notifies nobody named only inside an embed.
fn content(m: &Message) -> String {
    if m.text.is_empty() && !m.embeds.is_empty() {
        let users = m.ping_users.iter().map(|u| format!("<@{}>", u.0));
        let roles = m.ping_roles.iter().map(|r| format!("<@&{}>", r.0));
        return users.chain(roles).collect::<Vec<_>>().join(" ");
    }
    cut(&m.text, MESSAGE_MAX)
}

/// A card as Discord draws it. The limits were kept when it was built
/// (`message::Embed`); mentions in it never ping (Discord pings only from
/// `content`, and `allowed_mentions` names whom that may ping).
fn embed(e: &Embed) -> CreateEmbed {
    let mut b = CreateEmbed::new()
        .title(e.title.clone())
        .colour(e.colour.rgb());
    if !e.description.is_empty() {
        b = b.description(e.description.clone());
    }
    for f in &e.fields {
        b = b.field(f.name.clone(), f.value.clone(), f.inline);
    }
    if let Some(footer) = &e.footer {
        b = b.footer(CreateEmbedFooter::new(footer.clone()));
    }
    if let Some(url) = &e.url {
        b = b.url(url.clone());
    }
    if let Some(image) = &e.image {
        b = b.image(image.clone());
    }
    b
}

pub fn embeds(m: &Message) -> Vec<CreateEmbed> {
    m.embeds.iter().map(embed).collect()
}

/// The body that redraws a posted message: text, cards and buttons all
/// replaced, so a card that lost its buttons loses them on screen too.
pub fn edit_message(m: &Message) -> anyhow::Result<Value> {
    Ok(serde_json::json!({
        "content": content(m),
        "embeds": serde_json::to_value(embeds(m))?,
        "allowed_mentions": allowed_mentions(m),
        "components": components(&m.buttons),
    }))
}

/// A channel post, idempotent by `nonce` (Discord drops a repeat).
pub fn create_message(m: &Message, nonce: &str) -> anyhow::Result<Value> {
    let mut b = CreateMessage::new()
        .content(content(m))
        .allowed_mentions(allowed_mentions(m))
        .nonce(Nonce::String(nonce.to_string()))
        .enforce_nonce(true);
    if !m.embeds.is_empty() {
        b = b.embeds(embeds(m));
    }
    if !m.buttons.is_empty() {
        b = b.components(components(&m.buttons));
    }
    let mut json = serde_json::to_value(b)?;
    if !m.files.is_empty() {
        json["attachments"] = attachments(&m.files);
    }
    Ok(json)
}

/// The `attachments` of a multipart message: file `n` is part `files[n]`.
pub fn attachments(files: &[Attachment]) -> Value {
    Value::Array(
        files
            .iter()
            .enumerate()
            .map(|(i, f)| serde_json::json!({ "id": i, "filename": f.name }))
            .collect(),
    )
}

/// A follow-up to a deferred answer, sent with its files (multipart).
pub fn followup_body(m: &Message) -> Value {
    let mut body = serde_json::json!({
        "content": content(m),
        "embeds": serde_json::to_value(embeds(m)).unwrap_or_default(),
        "allowed_mentions": allowed_mentions(m),
        "components": components(&m.buttons),
        "attachments": attachments(&m.files),
    });
    if m.ephemeral {
        body["flags"] = serde_json::json!(64);
    }
    body
}

/// The card whose button was pressed, replaced (its buttons too, even by none).
pub fn update_message(m: &Message) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .content(content(m))
        .embeds(embeds(m))
        .allowed_mentions(allowed_mentions(m))
        .components(components(&m.buttons))
}

pub fn response_message(m: &Message) -> CreateInteractionResponseMessage {
    let mut b = CreateInteractionResponseMessage::new()
        .content(content(m))
        .allowed_mentions(allowed_mentions(m))
        .ephemeral(m.ephemeral);
    if !m.embeds.is_empty() {
        b = b.embeds(embeds(m));
    }
    if !m.buttons.is_empty() {
        b = b.components(components(&m.buttons));
    }
    b
}

/// A private message with a member picker (a user select) in place of a
/// form's one field: the choice comes back under the form's id, with the
/// chosen member as the field's value (`incoming`).
pub fn member_picker(form: &ModalRequest) -> CreateInteractionResponseMessage {
    let Some(field) = form.fields.first() else {
        return CreateInteractionResponseMessage::new()
            .content(cut(&form.title, MESSAGE_MAX))
            .ephemeral(true);
    };
    let select = CreateSelectMenu::new(
        form.id.clone(),
        CreateSelectMenuKind::User {
            default_users: None,
        },
    )
    .placeholder(cut(&field.label, 150))
    .min_values(1)
    .max_values(1);
    CreateInteractionResponseMessage::new()
        .content(format!("**{}** · {}", cut(&form.title, 200), field.label))
        .allowed_mentions(CreateAllowedMentions::new())
        .components(vec![CreateActionRow::SelectMenu(select)])
        .ephemeral(true)
}

pub fn modal(form: &ModalRequest) -> CreateModal {
    let rows = form
        .fields
        .iter()
        .take(5)
        .map(|f| {
            let style = if f.long {
                InputTextStyle::Paragraph
            } else {
                InputTextStyle::Short
            };
            let input = CreateInputText::new(style, cut(&f.label, 45), f.key.clone())
                .required(f.required)
                .max_length(f.max_len.clamp(1, 4000) as u16);
            let input = match &f.value {
                Some(v) => input.value(cut(v, f.max_len.clamp(1, 4000))),
                None => input,
            };
            CreateActionRow::InputText(input)
        })
        .collect();
    CreateModal::new(form.id.clone(), cut(&form.title, 45)).components(rows)
}

pub fn to_json(response: &CreateInteractionResponse) -> Value {
    serde_json::to_value(response).unwrap_or_else(|_| serde_json::json!({"type": 1}))
}

/// The body that edits a deferred response.
pub fn edit_body(m: &Message) -> Value {
    serde_json::json!({
        "content": content(m),
        "embeds": serde_json::to_value(embeds(m)).unwrap_or_default(),
        "allowed_mentions": allowed_mentions(m),
        "components": components(&m.buttons),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{RoleId, UserId};

    #[test]
    fn messages_ping_only_whom_they_name() {
        let m = Message::text("@everyone <@5>")
            .ping(UserId(7))
            .ping_role(Some(RoleId(9)));
        let json = create_message(&m, "rp1").unwrap();
        assert_eq!(
            json["allowed_mentions"],
            serde_json::json!({"parse": [], "users": ["7"], "roles": ["9"]})
        );
        assert_eq!(json["nonce"], "rp1");
        assert_eq!(json["enforce_nonce"], true);
        let quiet = create_message(&Message::text("hi"), "rp2").unwrap();
        assert_eq!(
            quiet["allowed_mentions"],
            serde_json::json!({"parse": [], "users": [], "roles": []})
        );
    }

    #[test]
    fn private_replies_are_ephemeral() {
        let json = to_json(&CreateInteractionResponse::Message(response_message(
            &Message::private("no"),
        )));
        assert_eq!(json["type"], 4);
        assert_eq!(json["data"]["flags"], 64);
    }
}
