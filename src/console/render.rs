//! How the console shows what Discord would show: mentions as names, the
//! channel or thread a post lands in, who it pings, its buttons.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::delivery::{Courier, SendError};
use crate::domain::ids::{ChannelId, UserId};
use crate::message::{Message, ModalRequest, WebhookFormat};
use crate::store::settings::ServerSettings;

pub const COMPLAINTS_CHANNEL: ChannelId = ChannelId(10);
pub const ALERTS_CHANNEL: ChannelId = ChannelId(11);
pub const MANAGER_ROLE: i64 = 20;
pub const SECOND_ROLE: i64 = 21;
/// CSV attachments up to this size are printed, not just named.
const SHOW_CSV_UP_TO: usize = 2000;
/// Console threads get ids of their own, above every other console id.
pub const THREAD_BASE: i64 = 1_000_000;

pub type Output = Arc<Mutex<Box<dyn Write + Send>>>;

/// Names for the ids that appear in mentions.
#[derive(Debug, Default, Clone)]
pub struct Names {
    pub users: HashMap<i64, String>,
    pub threads: HashMap<i64, String>,
    /// Discord timestamps are shown in this server's zone, as of `now`.
    pub server: Option<ServerSettings>,
    pub now: i64,
}

impl Names {
    fn channel(&self, id: i64) -> String {
        match id {
            10 => "#complaints".into(),
            11 => "#alerts".into(),
            _ => self
                .threads
                .get(&id)
                .map_or_else(|| format!("#{id}"), |t| format!("thread “{t}”")),
        }
    }

    fn role(&self, id: i64) -> String {
        match id {
            MANAGER_ROLE => "@managers".into(),
            SECOND_ROLE => "@directors".into(),
            _ => format!("@role{id}"),
        }
    }

    fn user(&self, id: i64) -> String {
        self.users
            .get(&id)
            .map_or_else(|| format!("@user{id}"), |n| format!("@{n}"))
    }

    /// Replaces `<@id>`, `<@&id>` and `<#id>` with names.
    pub fn render(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('<') {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let parsed = tail.find('>').and_then(|end| {
                let inner = &tail[1..end];
                let (kind, digits) = if let Some(d) = inner.strip_prefix("@&") {
                    ('r', d)
                } else if let Some(d) = inner.strip_prefix("@!").or_else(|| inner.strip_prefix('@'))
                {
                    ('u', d)
                } else if let Some(d) = inner.strip_prefix('#') {
                    ('c', d)
                } else {
                    return None;
                };
                let id: i64 = digits.parse().ok()?;
                let name = match kind {
                    'r' => self.role(id),
                    'u' => self.user(id),
                    _ => self.channel(id),
                };
                Some((name, end + 1))
            });
            match parsed {
                Some((name, len)) => {
                    out.push_str(&name);
                    rest = &tail[len..];
                }
                None => {
                    out.push('<');
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        match &self.server {
            Some(server) => server.unstamp(&out, self.now),
            None => out,
        }
    }

    pub fn message(&self, m: &Message) -> String {
        let mut lines: Vec<String> = self
            .render(&m.text)
            .lines()
            .map(|l| format!("  {l}"))
            .collect();
        // A card is drawn with a bar down its side, as Discord does.
        for e in &m.embeds {
            lines.extend(self.render(&e.plain()).lines().map(|l| format!("  ┃ {l}")));
        }
        let mut pings: Vec<String> = m.ping_users.iter().map(|u| self.user(u.0)).collect();
        pings.extend(m.ping_roles.iter().map(|r| self.role(r.0)));
        if !pings.is_empty() {
            lines.push(format!("  (pings {})", pings.join(", ")));
        }
        for b in &m.buttons {
            lines.push(format!("  [{}]  {}", b.label, b.command));
        }
        for f in &m.files {
            lines.push(format!("  [file {}, {} bytes]", f.name, f.bytes.len()));
            // A small CSV is worth reading right here.
            let text = std::str::from_utf8(&f.bytes).ok();
            if let Some(csv) = text.filter(|_| f.content_type.starts_with("text/csv"))
                && f.bytes.len() <= SHOW_CSV_UP_TO
            {
                let csv = csv.trim_start_matches('\u{feff}');
                lines.extend(csv.lines().map(|l| format!("    {l}")));
            }
        }
        lines.join("\n")
    }

    pub fn modal(&self, m: &ModalRequest) -> String {
        format!("  ▸ form “{}” ({})", m.title, m.command)
    }
}

pub fn write(out: &Output, text: &str) {
    // The console has nowhere better to report a broken stdout.
    if let Ok(mut w) = out.lock() {
        let _ = writeln!(w, "{text}");
        let _ = w.flush();
    }
}

/// Delivers the outbox to the screen.
#[derive(Clone)]
pub struct ConsoleCourier {
    pub out: Output,
    pub names: Arc<Mutex<Names>>,
}

impl ConsoleCourier {
    fn show(&self, header: String, m: &Message) {
        let body = self
            .names
            .lock()
            .map(|n| (n.render(&header), n.message(m)))
            .unwrap_or_default();
        write(&self.out, &format!("── {} ──\n{}", body.0, body.1));
    }
}

impl Courier for ConsoleCourier {
    async fn open_thread(
        &self,
        channel: ChannelId,
        name: &str,
        starter: &Message,
        _tags: &[String],
        _nonce: &str,
    ) -> Result<ChannelId, SendError> {
        self.show(format!("<#{}>", channel.0), starter);
        let thread = {
            let mut names = self
                .names
                .lock()
                .map_err(|_| SendError::Permanent("console state poisoned".into()))?;
            let id = THREAD_BASE + names.threads.len() as i64 + 1;
            names.threads.insert(id, name.to_string());
            ChannelId(id)
        };
        write(&self.out, &format!("── thread opened: “{name}” ──"));
        Ok(thread)
    }

    async fn post(
        &self,
        channel: ChannelId,
        message: &Message,
        _nonce: &str,
    ) -> Result<(), SendError> {
        self.show(format!("<#{}>", channel.0), message);
        Ok(())
    }

    async fn edit(
        &self,
        channel: ChannelId,
        _message: i64,
        replacement: &Message,
        _tags: &[String],
    ) -> Result<(), SendError> {
        self.show(format!("<#{}> · card redrawn", channel.0), replacement);
        Ok(())
    }

    async fn dm(&self, user: UserId, message: &Message, _nonce: &str) -> Result<(), SendError> {
        self.show(format!("DM to <@{}>", user.0), message);
        Ok(())
    }

    async fn webhook(&self, url: &str, format: WebhookFormat, text: &str) -> Result<(), SendError> {
        write(
            &self.out,
            &format!("── webhook ({}) {url} ──\n  {text}", format.code()),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_become_names() {
        let mut names = Names::default();
        names.users.insert(1001, "rep".into());
        assert_eq!(
            names.render("hi <@1001> and <@&20> in <#10>; a<b"),
            "hi @rep and @managers in #complaints; a<b"
        );
        assert_eq!(names.render("<@&x> <@>"), "<@&x> <@>");
    }
}
