//! What the bot may do in a channel, computed as Discord does: the
//! @everyone role and the bot's roles give the server-wide permissions
//! (Administrator gives all), then the channel's overwrites apply in order:
//! @everyone's, the roles' (denies, then allows), the bot's own.

use serde_json::Value;

use crate::domain::findings::Perm;

pub const ADMINISTRATOR: u64 = 1 << 3;
pub const VIEW_CHANNEL: u64 = 1 << 10;
pub const SEND_MESSAGES: u64 = 1 << 11;
pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
pub const MENTION_EVERYONE: u64 = 1 << 17;
pub const CREATE_PUBLIC_THREADS: u64 = 1 << 35;
pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;

/// What the complaints channel needs: cards, threads from them, posts in the threads.
pub const FOR_COMPLAINTS: &[Perm] = &[
    Perm::ViewChannel,
    Perm::SendMessages,
    Perm::ReadMessageHistory,
    Perm::CreatePublicThreads,
    Perm::SendMessagesInThreads,
];
/// What the alerts channel needs.
pub const FOR_ALERTS: &[Perm] = &[Perm::ViewChannel, Perm::SendMessages];

pub fn bit(p: Perm) -> u64 {
    match p {
        Perm::ViewChannel => VIEW_CHANNEL,
        Perm::SendMessages => SEND_MESSAGES,
        Perm::ReadMessageHistory => READ_MESSAGE_HISTORY,
        Perm::CreatePublicThreads => CREATE_PUBLIC_THREADS,
        Perm::SendMessagesInThreads => SEND_MESSAGES_IN_THREADS,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub id: i64,
    pub name: String,
    pub permissions: u64,
    pub mentionable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overwrite {
    pub id: i64,
    /// 0 = a role, 1 = a member.
    pub kind: u8,
    pub allow: u64,
    pub deny: u64,
}

/// Discord sends ids and permission sets as strings.
fn number(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        other => other.as_u64(),
    }
}

fn id(v: &Value) -> Option<i64> {
    number(v).and_then(|n| i64::try_from(n).ok())
}

/// `GET /guilds/{g}/roles`.
pub fn roles_from(json: &Value) -> Vec<Role> {
    json.as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            Some(Role {
                id: id(&r["id"])?,
                name: r["name"].as_str().unwrap_or_default().to_string(),
                permissions: number(&r["permissions"]).unwrap_or(0),
                mentionable: r["mentionable"].as_bool().unwrap_or(false),
            })
        })
        .collect()
}

/// The role ids of `GET /guilds/{g}/members/{user}`.
pub fn member_roles_from(json: &Value) -> Vec<i64> {
    json["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(id)
        .collect()
}

/// The `permission_overwrites` of `GET /channels/{c}`.
pub fn overwrites_from(channel: &Value) -> Vec<Overwrite> {
    channel["permission_overwrites"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| {
            Some(Overwrite {
                id: id(&o["id"])?,
                kind: o["type"].as_u64().unwrap_or(0) as u8,
                allow: number(&o["allow"]).unwrap_or(0),
                deny: number(&o["deny"]).unwrap_or(0),
            })
        })
        .collect()
}

/// The bot's server-wide permissions.
pub fn base(guild: i64, roles: &[Role], member_roles: &[i64]) -> u64 {
    let everyone = roles
        .iter()
        .find(|r| r.id == guild)
        .map_or(0, |r| r.permissions);
    let granted = roles
        .iter()
        .filter(|r| member_roles.contains(&r.id))
        .fold(everyone, |acc, r| acc | r.permissions);
    if granted & ADMINISTRATOR != 0 {
        u64::MAX
    } else {
        granted
    }
}

/// The bot's permissions in one channel.
pub fn in_channel(
    guild: i64,
    bot: i64,
    roles: &[Role],
    member_roles: &[i64],
    overwrites: &[Overwrite],
) -> u64 {
    let mut perms = base(guild, roles, member_roles);
    if perms == u64::MAX {
        return perms;
    }
    if let Some(o) = overwrites.iter().find(|o| o.kind == 0 && o.id == guild) {
        perms = (perms & !o.deny) | o.allow;
    }
    let (allow, deny) = overwrites
        .iter()
        .filter(|o| o.kind == 0 && member_roles.contains(&o.id))
        .fold((0, 0), |(a, d), o| (a | o.allow, d | o.deny));
    perms = (perms & !deny) | allow;
    if let Some(o) = overwrites.iter().find(|o| o.kind == 1 && o.id == bot) {
        perms = (perms & !o.deny) | o.allow;
    }
    // Without View Channel nothing else in the channel is possible.
    if perms & VIEW_CHANNEL == 0 { 0 } else { perms }
}

pub fn missing(perms: u64, needed: &[Perm]) -> Vec<Perm> {
    needed
        .iter()
        .copied()
        .filter(|p| perms & bit(*p) == 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serenity::all::Permissions;

    const GUILD: i64 = 10;
    const BOT: i64 = 99;

    fn role(id: i64, permissions: u64) -> Role {
        Role {
            id,
            name: format!("r{id}"),
            permissions,
            mentionable: false,
        }
    }

    #[test]
    fn bits_are_discords() {
        assert_eq!(VIEW_CHANNEL, Permissions::VIEW_CHANNEL.bits());
        assert_eq!(SEND_MESSAGES, Permissions::SEND_MESSAGES.bits());
        assert_eq!(
            READ_MESSAGE_HISTORY,
            Permissions::READ_MESSAGE_HISTORY.bits()
        );
        assert_eq!(MENTION_EVERYONE, Permissions::MENTION_EVERYONE.bits());
        assert_eq!(
            CREATE_PUBLIC_THREADS,
            Permissions::CREATE_PUBLIC_THREADS.bits()
        );
        assert_eq!(
            SEND_MESSAGES_IN_THREADS,
            Permissions::SEND_MESSAGES_IN_THREADS.bits()
        );
        assert_eq!(ADMINISTRATOR, Permissions::ADMINISTRATOR.bits());
    }

    #[test]
    fn overwrites_apply_in_discords_order() {
        let roles = [
            role(GUILD, VIEW_CHANNEL),
            role(1, SEND_MESSAGES),
            role(2, 0),
        ];
        let member = [1, 2];
        assert_eq!(base(GUILD, &roles, &member), VIEW_CHANNEL | SEND_MESSAGES);
        // @everyone denied sending, role 2 allows it back, the bot's own overwrite denies history.
        let overwrites = [
            Overwrite {
                id: GUILD,
                kind: 0,
                allow: 0,
                deny: SEND_MESSAGES,
            },
            Overwrite {
                id: 2,
                kind: 0,
                allow: SEND_MESSAGES | READ_MESSAGE_HISTORY,
                deny: 0,
            },
            Overwrite {
                id: BOT,
                kind: 1,
                allow: 0,
                deny: READ_MESSAGE_HISTORY,
            },
        ];
        let p = in_channel(GUILD, BOT, &roles, &member, &overwrites);
        assert_eq!(p, VIEW_CHANNEL | SEND_MESSAGES);
        assert_eq!(
            missing(p, FOR_COMPLAINTS),
            vec![
                Perm::ReadMessageHistory,
                Perm::CreatePublicThreads,
                Perm::SendMessagesInThreads
            ]
        );
    }

    #[test]
    fn no_view_means_nothing_and_admin_means_everything() {
        let roles = [
            role(GUILD, VIEW_CHANNEL | SEND_MESSAGES),
            role(3, ADMINISTRATOR),
        ];
        let hidden = [Overwrite {
            id: GUILD,
            kind: 0,
            allow: 0,
            deny: VIEW_CHANNEL,
        }];
        assert_eq!(in_channel(GUILD, BOT, &roles, &[], &hidden), 0);
        assert_eq!(in_channel(GUILD, BOT, &roles, &[3], &hidden), u64::MAX);
    }

    #[test]
    fn discord_json_is_read() {
        let roles = roles_from(&serde_json::json!([
            {"id": "10", "name": "@everyone", "permissions": "1024", "mentionable": false},
            {"id": "11", "name": "Managers", "permissions": "0", "mentionable": true},
        ]));
        assert_eq!(roles.len(), 2);
        assert!(roles[1].mentionable);
        let overwrites = overwrites_from(&serde_json::json!({"permission_overwrites": [
            {"id": "10", "type": 0, "allow": "0", "deny": "2048"}
        ]}));
        assert_eq!(overwrites[0].deny, SEND_MESSAGES);
        assert_eq!(
            member_roles_from(&serde_json::json!({"roles": ["11"]})),
            vec![11]
        );
    }
}
