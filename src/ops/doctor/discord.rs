//! The checks that ask Discord: the token, the application, and for each
//! server its channels, roles and the bot's permissions there.

use reqwest::Method;
use serde_json::Value;

use super::permissions::{self, FOR_ALERTS, FOR_COMPLAINTS, MENTION_EVERYONE, Role};
use crate::delivery::rest::{DiscordRest, RestError, id_of};
use crate::domain::findings::{ChannelUse, Check, Finding, RoleUse};
use crate::domain::ids::{ChannelId, GuildId, RoleId};
use crate::store::settings::ServerSettings;

/// The bot, as `GET /users/@me` describes it.
#[derive(Debug, Clone)]
pub struct Bot {
    pub id: i64,
    pub name: String,
}

fn unreachable(rest: &DiscordRest, e: &RestError) -> Finding {
    let error = match e {
        RestError::RateLimited { after } => format!("rate limited for {after}s"),
        RestError::Held { after } => format!("held by the rate limit for {after}s"),
        RestError::Transient(why) => why.clone(),
        RestError::Refused { status, message } => format!("{status} {message}"),
    };
    Finding::DiscordUnreachable {
        base: rest.base().to_string(),
        error,
    }
}

/// `GET /users/@me`: whether Discord takes the token.
pub async fn bot(rest: &DiscordRest) -> Result<Bot, Check> {
    match rest.call(Method::GET, "/users/@me", None).await {
        Ok(me) => Ok(Bot {
            id: id_of(&me).unwrap_or(0),
            name: me["username"].as_str().unwrap_or("?").to_string(),
        }),
        Err(RestError::Refused { status, .. }) if status == 401 || status == 403 => {
            Err(Check::fail(Finding::TokenRefused { status }))
        }
        Err(e) => Err(Check::fail(unreachable(rest, &e))),
    }
}

/// `GET /oauth2/applications/@me`: the application id, and whether the
/// configured public key is the application's.
pub async fn application(
    rest: &DiscordRest,
    configured_id: Option<&str>,
    public_key: Option<&str>,
) -> Vec<Check> {
    let app = match rest
        .call(Method::GET, "/oauth2/applications/@me", None)
        .await
    {
        Ok(app) => app,
        Err(e) => return vec![Check::fail(unreachable(rest, &e))],
    };
    let actual = app["id"].as_str().unwrap_or_default().to_string();
    let mut out = vec![match configured_id {
        None => Check::warn(Finding::ApplicationIdUnset { actual }),
        Some(id) if id == actual => Check::ok(Finding::ApplicationIdMatches { id: actual }),
        Some(id) => Check::fail(Finding::ApplicationIdMismatch {
            configured: id.to_string(),
            actual,
        }),
    }];
    // Compared only when Discord gives a key in the same form as ours.
    let theirs = app["verify_key"].as_str().unwrap_or_default();
    if let Some(ours) = public_key
        && theirs.len() == 64
        && !ours.trim().eq_ignore_ascii_case(theirs)
    {
        out.push(Check::fail(Finding::PublicKeyMismatch));
    }
    out
}

/// What the server lets the bot see about itself, for permissions.
struct Standing {
    roles: Vec<Role>,
    member_roles: Vec<i64>,
}

async fn standing(rest: &DiscordRest, guild: GuildId, bot: i64) -> Result<Option<Standing>, Check> {
    let roles = rest
        .call(Method::GET, &format!("/guilds/{}/roles", guild.0), None)
        .await;
    let member = rest
        .call(
            Method::GET,
            &format!("/guilds/{}/members/{bot}", guild.0),
            None,
        )
        .await;
    match (roles, member) {
        (_, Err(RestError::Refused { status: 404, .. })) => {
            Err(Check::fail(Finding::BotNotInServer).in_guild(guild))
        }
        (Ok(roles), Ok(member)) => Ok(Some(Standing {
            roles: permissions::roles_from(&roles),
            member_roles: permissions::member_roles_from(&member),
        })),
        _ => Ok(None),
    }
}

/// Checks a server's channels, roles and the bot's permissions there.
pub async fn server_checks(
    rest: &DiscordRest,
    guild: GuildId,
    server: &ServerSettings,
    bot: &Bot,
) -> Vec<Check> {
    let standing = match standing(rest, guild, bot.id).await {
        Ok(s) => s,
        Err(check) => return vec![check],
    };
    let mut out = Vec::new();
    let channels = [
        (
            ChannelUse::Complaints,
            server.complaints_channel,
            FOR_COMPLAINTS,
        ),
        (ChannelUse::Alerts, server.alerts_channel, FOR_ALERTS),
    ];
    // Role pings go to the alerts channel, else the complaints channel.
    let mut ping_perms: Option<u64> = None;
    for (which, channel, needed) in channels {
        let Some(channel) = channel else {
            out.push(Check::warn(Finding::ChannelNotSet { which }));
            continue;
        };
        let perms = check_channel(
            rest, guild, bot, which, channel, needed, &standing, &mut out,
        )
        .await;
        if perms.is_some() {
            ping_perms = perms;
        }
    }
    if ping_perms.is_none()
        && let Some(s) = &standing
    {
        ping_perms = Some(permissions::base(guild.0, &s.roles, &s.member_roles));
    }
    let roles = [
        (RoleUse::Manager, server.manager_role),
        (RoleUse::Second, server.second_role),
    ];
    for (which, role) in roles {
        match (role, &standing) {
            (None, _) if which == RoleUse::Manager => {
                out.push(Check::warn(Finding::RoleNotSet { which }));
            }
            (None, _) => out.push(Check::ok(Finding::RoleNotSet { which })),
            (Some(role), Some(s)) => out.push(check_role(which, role, &s.roles, ping_perms)),
            (Some(_), None) => {}
        }
    }
    out.into_iter().map(|c| c.in_guild(guild)).collect()
}

#[allow(clippy::too_many_arguments)]
async fn check_channel(
    rest: &DiscordRest,
    guild: GuildId,
    bot: &Bot,
    which: ChannelUse,
    channel: ChannelId,
    needed: &[super::findings::Perm],
    standing: &Option<Standing>,
    out: &mut Vec<Check>,
) -> Option<u64> {
    let found = rest
        .call(Method::GET, &format!("/channels/{}", channel.0), None)
        .await;
    let json: Value = match found {
        Ok(json) => json,
        Err(RestError::Refused { status, .. }) => {
            out.push(Check::fail(Finding::ChannelMissing {
                which,
                channel: channel.0,
                status,
            }));
            return None;
        }
        Err(e) => {
            out.push(Check::fail(unreachable(rest, &e)));
            return None;
        }
    };
    let in_guild = json["guild_id"]
        .as_str()
        .and_then(|g| g.parse::<i64>().ok());
    if in_guild != Some(guild.0) {
        out.push(Check::fail(Finding::ChannelElsewhere {
            which,
            channel: channel.0,
        }));
        return None;
    }
    out.push(Check::ok(Finding::ChannelFound {
        which,
        channel: channel.0,
        name: json["name"].as_str().unwrap_or_default().to_string(),
    }));
    let Some(s) = standing else {
        out.push(Check::warn(Finding::PermissionsUnverified {
            which,
            channel: channel.0,
        }));
        return None;
    };
    let overwrites = permissions::overwrites_from(&json);
    let perms = permissions::in_channel(guild.0, bot.id, &s.roles, &s.member_roles, &overwrites);
    let missing = permissions::missing(perms, needed);
    out.push(if missing.is_empty() {
        Check::ok(Finding::PermissionsOk {
            which,
            channel: channel.0,
        })
    } else {
        Check::fail(Finding::PermissionsMissing {
            which,
            channel: channel.0,
            missing,
        })
    });
    Some(perms)
}

/// A role exists, and its pings will notify: it is mentionable, or the bot
/// may mention every role where the pings are posted.
fn check_role(which: RoleUse, role: RoleId, roles: &[Role], ping_perms: Option<u64>) -> Check {
    let Some(found) = roles.iter().find(|r| r.id == role.0) else {
        return Check::fail(Finding::RoleMissing {
            which,
            role: role.0,
        });
    };
    let may_ping = found.mentionable || ping_perms.is_some_and(|p| p & MENTION_EVERYONE != 0);
    if may_ping {
        Check::ok(Finding::RoleFound {
            which,
            role: role.0,
            name: found.name.clone(),
        })
    } else {
        Check::fail(Finding::RoleNotMentionable {
            which,
            role: role.0,
        })
    }
}
