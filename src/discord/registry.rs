//! The command tree rendered for Discord, with zh-CN names, descriptions and
//! choice names, registered with one bulk PUT (globally or per server).

use serde_json::Value;
use serenity::all::{
    CommandOptionType, CommandType, CreateCommand, CreateCommandOption, InteractionContext,
};

use crate::commands::tree::{self, CommandSpec, OptKind, OptSpec};
use crate::delivery::rest::{DiscordRest, RestError};
use crate::domain::text::cut;
use crate::i18n::{self, Lang};

const ZH: &str = "zh-CN";

fn describe(key: &str, lang: Lang) -> String {
    cut(i18n::describe(lang, key).unwrap_or("…"), 100)
}

fn option(command: &CommandSpec, o: &OptSpec) -> CreateCommandOption {
    let key = format!("{}/{}", command.key(), o.name);
    let kind = match o.kind {
        OptKind::Text { .. } | OptKind::Choice { .. } | OptKind::Customer | OptKind::Moment => {
            CommandOptionType::String
        }
        OptKind::Integer { .. } | OptKind::Complaint => CommandOptionType::Integer,
        OptKind::User => CommandOptionType::User,
        OptKind::Role => CommandOptionType::Role,
        OptKind::Channel => CommandOptionType::Channel,
        OptKind::Attachment => CommandOptionType::Attachment,
    };
    let mut b = CreateCommandOption::new(kind, o.name, describe(&key, Lang::En))
        .description_localized(ZH, describe(&key, Lang::ZhCn))
        .required(o.required);
    if let Some(zh) = i18n::local_name(Lang::ZhCn, o.name) {
        b = b.name_localized(ZH, zh);
    }
    match o.kind {
        OptKind::Text { max } => b = b.max_length(max.min(6000) as u16),
        OptKind::Integer { min, max } => {
            b = b
                .min_int_value(min.max(0) as u64)
                .max_int_value(max.max(0) as u64)
        }
        OptKind::Choice { kind, codes } => {
            for code in codes {
                let en = cut(&i18n::value(Lang::En, kind, code), 100);
                let zh = cut(&i18n::value(Lang::ZhCn, kind, code), 100);
                b = b.add_string_choice_localized(en, *code, [(ZH, zh)]);
            }
        }
        OptKind::Customer | OptKind::Complaint => b = b.set_autocomplete(true),
        OptKind::Moment => b = b.max_length(100),
        OptKind::User | OptKind::Role | OptKind::Channel => {}
        OptKind::Attachment => {}
    }
    b
}

/// One CreateCommand per group, its subcommands inside.
pub fn commands() -> Vec<CreateCommand> {
    tree::groups()
        .into_iter()
        .map(|group| {
            let mut c = CreateCommand::new(group)
                .description(describe(group, Lang::En))
                .description_localized(ZH, describe(group, Lang::ZhCn))
                .contexts(vec![InteractionContext::Guild]);
            if let Some(zh) = i18n::local_name(Lang::ZhCn, group) {
                c = c.name_localized(ZH, zh);
            }
            let slash = tree::COMMANDS
                .iter()
                .filter(|s| s.group == group && !tree::in_message_menu(s));
            for spec in slash {
                let mut sub = CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    spec.name,
                    describe(&spec.key(), Lang::En),
                )
                .description_localized(ZH, describe(&spec.key(), Lang::ZhCn));
                if let Some(zh) = i18n::local_name(Lang::ZhCn, spec.name) {
                    sub = sub.name_localized(ZH, zh);
                }
                for o in spec.options {
                    sub = sub.add_sub_option(option(spec, o));
                }
                c = c.add_option(sub);
            }
            c
        })
        .chain(message_menu())
        .collect()
}

/// The entries of a message's Apps menu (message commands: no options, no
/// description; Discord hands over the message itself).
fn message_menu() -> impl Iterator<Item = CreateCommand> {
    tree::MESSAGE_MENU.iter().map(|(_, _, en, zh)| {
        CreateCommand::new(*en)
            .kind(CommandType::Message)
            .name_localized(ZH, *zh)
            .contexts(vec![InteractionContext::Guild])
    })
}

pub fn commands_json() -> anyhow::Result<Value> {
    Ok(serde_json::to_value(commands())?)
}

/// Replaces the application's commands, globally or for one server.
pub async fn register(
    rest: &DiscordRest,
    application_id: &str,
    guild: Option<i64>,
) -> Result<usize, RestError> {
    let body = commands_json().map_err(|e| RestError::Refused {
        status: 0,
        message: e.to_string(),
    })?;
    let path = match guild {
        Some(g) => format!("/applications/{application_id}/guilds/{g}/commands"),
        None => format!("/applications/{application_id}/commands"),
    };
    let registered = rest
        .call_soon(reqwest::Method::PUT, &path, Some(&body))
        .await?;
    Ok(registered.as_array().map_or(0, Vec::len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names, descriptions and choice values of a command and everything under it.
    fn combined_characters(v: &Value, locale: Option<&str>) -> usize {
        let text = |key: &str| {
            let local = locale.and_then(|l| v[format!("{key}_localizations")][l].as_str());
            local
                .or_else(|| v[key].as_str())
                .map_or(0, |t| t.chars().count())
        };
        let value = v["value"].as_str().map_or(0, |t| t.chars().count());
        let nested: usize = ["options", "choices"]
            .iter()
            .filter_map(|k| v[*k].as_array())
            .flatten()
            .map(|child| combined_characters(child, locale))
            .sum();
        text("name") + text("description") + value + nested
    }

    #[test]
    fn the_tree_renders_with_chinese_localizations() {
        let json = commands_json().unwrap();
        let groups = json.as_array().unwrap();
        assert_eq!(groups.len(), 8, "seven groups and the Apps menu entry");
        let menu = groups.iter().find(|g| g["type"] == 3).unwrap();
        assert_eq!(menu["name"], "Open complaint");
        assert_eq!(menu["name_localizations"]["zh-CN"], "登记投诉");
        assert!(
            menu.get("options")
                .is_none_or(|o| o.as_array().is_some_and(Vec::is_empty))
        );
        let complaint = groups.iter().find(|g| g["name"] == "complaint").unwrap();
        assert_eq!(complaint["name_localizations"]["zh-CN"], "投诉");
        let new = complaint["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "new")
            .unwrap();
        assert_eq!(new["type"], 1);
        let severity = new["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "severity")
            .unwrap();
        assert_eq!(severity["choices"][3]["value"], "critical");
        assert_eq!(
            severity["choices"][3]["name_localizations"]["zh-CN"],
            "重大"
        );
        let customer = new["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "customer")
            .unwrap();
        assert_eq!(customer["autocomplete"], true);
        // Discord caps each top-level command at 4,000 characters of names,
        // descriptions and choice values, in every locale.
        for group in groups {
            for locale in [None, Some("zh-CN")] {
                let used = combined_characters(group, locale);
                assert!(
                    used <= 4000,
                    "{} uses {used} characters in {locale:?}",
                    group["name"]
                );
            }
        }
    }
}
