//! A link to a Discord message: what a complaint opened from a customer's
//! message keeps, to lead back to the customer's own words.

use crate::domain::ids::GuildId;
use crate::domain::refusal::Refusal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageRef {
    pub guild: GuildId,
    pub channel: i64,
    pub message: i64,
}

impl MessageRef {
    /// Reads `channel-message` ids (what the Apps menu passes on) or a
    /// message link copied in Discord; a link to another server is refused.
    pub fn parse(given: &str, guild: GuildId) -> Result<MessageRef, Refusal> {
        let bad = || Refusal::BadMessageLink(given.trim().to_string());
        let id = |s: &str| s.parse::<i64>().ok().filter(|n| *n > 0);
        let given = given.trim();
        let (link_guild, channel, message) = match given.split_once('-') {
            Some((c, m)) if !given.contains('/') => (guild.0, c, m),
            _ => {
                let path = [
                    "https://discord.com/channels/",
                    "https://ptb.discord.com/channels/",
                    "https://canary.discord.com/channels/",
                ]
                .iter()
                .find_map(|p| given.strip_prefix(p))
                .ok_or_else(bad)?;
                let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
                let [g, c, m] = parts.as_slice() else {
                    return Err(bad());
                };
                (id(g).ok_or_else(bad)?, *c, *m)
            }
        };
        if link_guild != guild.0 {
            return Err(bad());
        }
        Ok(MessageRef {
            guild,
            channel: id(channel).ok_or_else(bad)?,
            message: id(message).ok_or_else(bad)?,
        })
    }

    pub fn link(&self) -> String {
        format!(
            "https://discord.com/channels/{}/{}/{}",
            self.guild.0, self.channel, self.message
        )
    }

    /// As the Apps menu passes it on, short enough for a form's id.
    pub fn ids(&self) -> String {
        format!("{}-{}", self.channel, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_read_and_other_servers_are_refused() {
        let g = GuildId(7);
        let r = MessageRef::parse("12-34", g).unwrap();
        assert_eq!(r.link(), "https://discord.com/channels/7/12/34");
        assert_eq!(MessageRef::parse(&r.link(), g), Ok(r));
        assert_eq!(r.ids(), "12-34");
        for bad in [
            "https://discord.com/channels/8/12/34",
            "https://evil.example/channels/7/12/34",
            "12-x",
            "-34",
            "hello",
            "https://discord.com/channels/7/12",
        ] {
            assert_eq!(
                MessageRef::parse(bad, g),
                Err(Refusal::BadMessageLink(bad.into())),
                "{bad}"
            );
        }
    }
}
