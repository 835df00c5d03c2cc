//! A Discord interaction turned into rapport's own terms: who, where, and the
//! invocation it amounts to. Slash commands, buttons, selects and forms all
//! become the same `Invocation` the console produces.

use serenity::all::{
    ActionRowComponent, CommandDataOption, CommandDataOptionValue, CommandInteraction, CommandType,
    ComponentInteractionDataKind, Interaction, Member, Permissions, User,
};

use crate::commands::{Invocation, buttons, tree};
use crate::domain::ids::{ChannelId, GuildId, RoleId, UserId};
use crate::i18n::Lang;

/// Facts about the interaction every kind shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub id: String,
    pub token: String,
    pub guild: Option<GuildId>,
    pub channel: ChannelId,
    pub user: UserId,
    pub user_name: String,
    pub roles: Vec<RoleId>,
    /// Administrator or Manage Server.
    pub admin: bool,
    pub locale: Option<Lang>,
    /// Users named in the interaction, to remember their names.
    pub seen: Vec<(UserId, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Ping,
    Invoke {
        meta: Meta,
        invocation: Invocation,
    },
    Autocomplete {
        meta: Meta,
        group: String,
        name: String,
        option: String,
        typed: String,
    },
    /// A component or form whose id we did not make (or no longer know).
    Unknown {
        meta: Meta,
    },
    Unsupported,
}

fn display_name(user: &User, member: Option<&Member>) -> String {
    member
        .and_then(|m| m.nick.clone())
        .or_else(|| user.global_name.clone())
        .unwrap_or_else(|| user.name.clone())
}

fn meta(
    id: String,
    token: String,
    guild: Option<serenity::all::GuildId>,
    channel: serenity::all::ChannelId,
    user: &User,
    member: Option<&Member>,
    locale: &str,
) -> Meta {
    let permissions = member
        .and_then(|m| m.permissions)
        .unwrap_or(Permissions::empty());
    let name = display_name(user, member);
    Meta {
        id,
        token,
        guild: guild.map(|g| GuildId(g.get() as i64)),
        channel: ChannelId(channel.get() as i64),
        user: UserId(user.id.get() as i64),
        user_name: name.clone(),
        roles: member
            .map(|m| m.roles.iter().map(|r| RoleId(r.get() as i64)).collect())
            .unwrap_or_default(),
        admin: permissions.contains(Permissions::ADMINISTRATOR)
            || permissions.contains(Permissions::MANAGE_GUILD),
        locale: Lang::from_locale(locale),
        seen: vec![(UserId(user.id.get() as i64), name)],
    }
}

fn option_text(value: &CommandDataOptionValue) -> Option<String> {
    Some(match value {
        CommandDataOptionValue::String(s) => s.clone(),
        CommandDataOptionValue::Integer(i) => i.to_string(),
        CommandDataOptionValue::Number(n) => n.to_string(),
        CommandDataOptionValue::Boolean(b) => b.to_string(),
        CommandDataOptionValue::User(u) => u.get().to_string(),
        CommandDataOptionValue::Role(r) => r.get().to_string(),
        CommandDataOptionValue::Channel(c) => c.get().to_string(),
        CommandDataOptionValue::Mentionable(m) => m.get().to_string(),
        CommandDataOptionValue::Autocomplete { value, .. } => value.clone(),
        _ => return None,
    })
}

/// `/group sub opt:value …` → the subcommand's name and its options.
fn subcommand(options: &[CommandDataOption]) -> Option<(String, &[CommandDataOption])> {
    let first = options.first()?;
    match &first.value {
        CommandDataOptionValue::SubCommand(inner) => Some((first.name.clone(), inner.as_slice())),
        _ => None,
    }
}

fn command_meta(c: &CommandInteraction) -> Meta {
    let mut m = meta(
        c.id.to_string(),
        c.token.clone(),
        c.guild_id,
        c.channel_id,
        &c.user,
        c.member.as_deref(),
        &c.locale,
    );
    for (id, user) in &c.data.resolved.users {
        let member = c
            .data
            .resolved
            .members
            .get(id)
            .and_then(|pm| pm.nick.clone());
        m.seen.push((
            UserId(id.get() as i64),
            member
                .or_else(|| user.global_name.clone())
                .unwrap_or_else(|| user.name.clone()),
        ));
    }
    m
}

/// Reads an interaction body. Fields Discord added over the years and that
/// serenity insists on are filled in when a sender leaves them out, so an
/// older (still documented) payload shape is not refused as malformed.
pub fn parse(body: &[u8]) -> Result<Interaction, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_slice(body)?;
    if let Some(object) = value.as_object_mut()
        && object
            .get("type")
            .and_then(serde_json::Value::as_u64)
            .is_some_and(|t| t > 1)
    {
        let channel_id = object.get("channel").and_then(|c| c.get("id")).cloned();
        let defaults = [
            ("version", serde_json::json!(1)),
            ("locale", serde_json::json!("en-US")),
            ("entitlements", serde_json::json!([])),
            ("attachment_size_limit", serde_json::json!(26_214_400)),
        ];
        for (key, default) in defaults {
            object.entry(key).or_insert(default);
        }
        if let Some(id) = channel_id {
            object.entry("channel_id").or_insert(id);
        }
        if let Some(options) = object.get_mut("data").and_then(|d| d.get_mut("options")) {
            with_sub_options(options);
        }
    }
    serde_json::from_value(value)
}

/// A subcommand (group) sent without its `options` gets an empty list.
fn with_sub_options(options: &mut serde_json::Value) {
    for option in options.as_array_mut().into_iter().flatten() {
        let is_sub = option
            .get("type")
            .and_then(serde_json::Value::as_u64)
            .is_some_and(|t| t == 1 || t == 2);
        if let (true, Some(object)) = (is_sub, option.as_object_mut()) {
            with_sub_options(object.entry("options").or_insert(serde_json::json!([])));
        }
    }
}

/// Apps → a menu entry on a message: the command the entry names, given the
/// message (as `channel-message` ids), its words and its author.
fn from_message(c: &CommandInteraction) -> Incoming {
    let mut meta = command_meta(c);
    let entry = tree::MESSAGE_MENU
        .iter()
        .find(|(_, _, en, zh)| c.data.name == *en || c.data.name == *zh);
    let target = c
        .data
        .target_id
        .and_then(|id| c.data.resolved.messages.get(&id.to_message_id()));
    let (Some((group, name, _, _)), Some(message)) = (entry, target) else {
        return Incoming::Unknown { meta };
    };
    let mut invocation = Invocation::new(group, name);
    invocation.args.insert(
        "message".into(),
        format!("{}-{}", message.channel_id.get(), message.id.get()),
    );
    invocation
        .args
        .insert("text".into(), message.content.clone());
    let author = UserId(message.author.id.get() as i64);
    invocation
        .args
        .insert("author".into(), author.0.to_string());
    meta.seen
        .push((author, display_name(&message.author, None)));
    Incoming::Invoke { meta, invocation }
}

pub fn read(interaction: &Interaction) -> Incoming {
    match interaction {
        Interaction::Ping(_) => Incoming::Ping,
        Interaction::Command(c) if c.data.kind == CommandType::Message => from_message(c),
        Interaction::Command(c) => {
            let meta = command_meta(c);
            let Some((name, options)) = subcommand(&c.data.options) else {
                return Incoming::Unknown { meta };
            };
            let mut invocation = Invocation::new(&c.data.name, &name);
            for o in options {
                // An attachment's value is its id; the command needs its URL.
                if let CommandDataOptionValue::Attachment(id) = &o.value
                    && let Some(file) = c.data.resolved.attachments.get(id)
                {
                    invocation.args.insert(o.name.clone(), file.url.clone());
                    continue;
                }
                if let Some(v) = option_text(&o.value) {
                    invocation.args.insert(o.name.clone(), v);
                }
            }
            Incoming::Invoke { meta, invocation }
        }
        Interaction::Autocomplete(c) => {
            let meta = command_meta(c);
            let Some((name, options)) = subcommand(&c.data.options) else {
                return Incoming::Unknown { meta };
            };
            let focused = options
                .iter()
                .find(|o| matches!(o.value, CommandDataOptionValue::Autocomplete { .. }));
            match focused {
                Some(o) => Incoming::Autocomplete {
                    meta,
                    group: c.data.name.clone(),
                    name,
                    option: o.name.clone(),
                    typed: option_text(&o.value).unwrap_or_default(),
                },
                None => Incoming::Unknown { meta },
            }
        }
        Interaction::Component(c) => {
            let meta = meta(
                c.id.to_string(),
                c.token.clone(),
                c.guild_id,
                c.channel_id,
                &c.user,
                c.member.as_ref(),
                &c.locale,
            );
            let Some(mut invocation) = buttons::decode(&c.data.custom_id) else {
                return Incoming::Unknown { meta };
            };
            // A member picked stands for the one person the command still needs.
            if let ComponentInteractionDataKind::UserSelect { values } = &c.data.kind
                && let Some(user) = values.first()
                && let Some(option) =
                    tree::find(&invocation.group, &invocation.name).and_then(|spec| {
                        spec.options.iter().find(|o| {
                            o.kind == tree::OptKind::User && !invocation.args.contains_key(o.name)
                        })
                    })
            {
                invocation
                    .args
                    .insert(option.name.into(), user.get().to_string());
            }
            Incoming::Invoke { meta, invocation }
        }
        Interaction::Modal(m) => {
            let meta = meta(
                m.id.to_string(),
                m.token.clone(),
                m.guild_id,
                m.channel_id,
                &m.user,
                m.member.as_ref(),
                &m.locale,
            );
            let Some(mut invocation) = buttons::decode(&m.data.custom_id) else {
                return Incoming::Unknown { meta };
            };
            for row in &m.data.components {
                for component in &row.components {
                    if let ActionRowComponent::InputText(input) = component {
                        invocation.args.insert(
                            input.custom_id.clone(),
                            input.value.clone().unwrap_or_default(),
                        );
                    }
                }
            }
            // A submitted form is final: what is still missing is refused, not asked again.
            invocation.interactive = false;
            Incoming::Invoke { meta, invocation }
        }
        _ => Incoming::Unsupported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_payload_without_the_newer_fields_still_reads() {
        let body = serde_json::json!({
            "id": "1", "application_id": "2", "type": 2, "token": "t",
            "guild_id": "3", "channel": {"id": "4", "type": 0},
            "member": {"user": {"id": "5", "username": "lin", "discriminator": "0", "global_name": null, "avatar": null},
                       "roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": false, "mute": false,
                       "flags": 0, "permissions": "0"},
            "data": {"id": "6", "name": "rapport", "type": 1, "options": [{"name": "help", "type": 1}]}
        });
        let interaction = parse(body.to_string().as_bytes()).expect("reads");
        match read(&interaction) {
            Incoming::Invoke { meta, invocation } => {
                assert_eq!(
                    (invocation.group.as_str(), invocation.name.as_str()),
                    ("rapport", "help")
                );
                assert_eq!(meta.channel, ChannelId(4));
            }
            other => panic!("{other:?}"),
        }
        assert!(parse(b"{\"type\": 2").is_err());
    }
}
