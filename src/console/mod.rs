//! The local console: the same commands as Discord, typed, with the bot's
//! replies, threads, pings and buttons printed. `/as` switches the acting
//! user, `/clock` moves time. Forms are asked field by field.

pub mod render;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use tokio::sync::mpsc;
use tracing::Instrument as _;

use crate::app::App;
use crate::clock::{Clock, ManualClock};
use crate::commands::tree::OptKind;
use crate::commands::{self, Ctx, Invocation, args::parse_snowflake, buttons, parse::parse_line};
use crate::delivery;
use crate::domain::ids::{ChannelId, GuildId, RoleId, UserId};
use crate::domain::permissions::{Actor, Role};
use crate::domain::refusal::Refusal;
use crate::domain::when::{parse_moment, parse_span};
use crate::i18n::ValueKind;
use crate::i18n::{self, Lang, Msg};
use crate::message::{ModalRequest, Response};
use crate::store::{self, settings::StoredSettings};
use render::{ConsoleCourier, Names, Output, write};

/// Whether to keep reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

pub struct Console {
    app: App,
    clock: ManualClock,
    guild: GuildId,
    actor: Actor,
    courier: ConsoleCourier,
    out: Output,
    /// Print form answers (when reading a script, they are not on screen).
    pub echo: bool,
}

const FIRST_USER_ID: i64 = 1001;

impl Console {
    /// Prepares the console's server: its channels and roles, and a first user.
    pub async fn start(app: App, clock: ManualClock, out: Output) -> anyhow::Result<Console> {
        let guild = GuildId(app.config.console.guild_id);
        let now = clock.now();
        let mut conn = app
            .db
            .pool
            .acquire()
            .await
            .context("cannot reach the database")?;
        let mut stored = store::settings::load(&mut conn, guild).await?;
        if stored == StoredSettings::default() {
            stored.complaints_channel = Some(render::COMPLAINTS_CHANNEL);
            stored.alerts_channel = Some(render::ALERTS_CHANNEL);
            stored.manager_role = Some(RoleId(render::MANAGER_ROLE));
            stored.second_role = Some(RoleId(render::SECOND_ROLE));
            app.db
                .settings_cache
                .save(&mut conn, guild, &stored, now)
                .await?;
        }
        let mut names = Names::default();
        for m in store::members::all(&mut conn, guild).await? {
            names.users.insert(m.user.0, m.name);
        }
        let filter = store::complaints::ComplaintFilter {
            status: None,
            owner: None,
            customer_id: None,
        };
        for c in store::complaints::list(&mut conn, guild, &filter, 10_000, 0).await? {
            if let Some(t) = c.thread {
                names.threads.insert(
                    t.0,
                    crate::domain::text::thread_name(c.number.0, &c.customer_name, &c.summary),
                );
            }
        }
        drop(conn);
        let courier = ConsoleCourier {
            out: out.clone(),
            names: Arc::new(Mutex::new(names)),
        };
        let mut console = Console {
            app,
            clock,
            guild,
            actor: Actor {
                user: UserId(FIRST_USER_ID),
                role: Role::Admin,
            },
            courier,
            out,
            echo: false,
        };
        console.switch_user("admin", Some(Role::Admin)).await?;
        Ok(console)
    }

    fn lang(&self) -> Lang {
        self.app.config.server.language
    }

    async fn server_lang(&self) -> Lang {
        let Ok(mut conn) = self.app.db.pool.acquire().await else {
            return self.lang();
        };
        match store::settings::load(&mut conn, self.guild).await {
            Ok(stored) => store::settings::ServerSettings::resolve(&self.app.config, &stored).lang,
            Err(_) => self.lang(),
        }
    }

    fn print(&self, text: &str) {
        write(&self.out, text);
    }

    async fn say(&self, msg: &Msg) {
        let lang = self.server_lang().await;
        let text = self
            .courier
            .names
            .lock()
            .map(|n| n.render(&i18n::say(lang, msg)))
            .unwrap_or_default();
        self.print(&text);
    }

    pub async fn welcome(&self, db: &str) {
        let lang = self.server_lang().await;
        self.print(i18n::label(lang, i18n::Label::ConsoleHint));
        self.say(&Msg::ConsoleWelcome { db: db.into() }).await;
    }

    /// Handles one typed line; `more` supplies answers when a form asks.
    pub async fn handle(
        &mut self,
        line: &str,
        more: &mut mpsc::Receiver<String>,
    ) -> anyhow::Result<Flow> {
        let line = without_comment(line).trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(Flow::Continue);
        }
        let mut words = line.trim_start_matches('/').split_whitespace();
        match words.next().unwrap_or_default() {
            "quit" | "exit" => return Ok(Flow::Quit),
            "as" => {
                let name = words
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches('@')
                    .to_string();
                let role = words.next().map(Role::from_code);
                match (name.is_empty(), role) {
                    (true, _) | (_, Some(None)) => {
                        self.refuse(&Refusal::UnparsableLine(
                            "use /as NAME [rep|manager|admin]".into(),
                        ))
                        .await
                    }
                    (false, role) => {
                        self.switch_user(&name, role.flatten()).await?;
                        let role = i18n::value(
                            self.server_lang().await,
                            ValueKind::Role,
                            self.actor.role.code(),
                        );
                        self.say(&Msg::ActingAs {
                            user: self.actor.user,
                            role,
                        })
                        .await;
                    }
                }
                return Ok(Flow::Continue);
            }
            "clock" => {
                self.move_clock(
                    line.trim_start_matches('/')
                        .trim_start_matches("clock")
                        .trim(),
                )
                .await?;
                return Ok(Flow::Continue);
            }
            "help" => return self.run(Invocation::new("rapport", "help"), more).await,
            _ => {}
        }
        match parse_line(line) {
            Ok(inv) => self.run(inv, more).await,
            Err(refusal) => {
                self.refuse(&refusal).await;
                Ok(Flow::Continue)
            }
        }
    }

    async fn refuse(&self, refusal: &Refusal) {
        let text = i18n::refusal(self.server_lang().await, refusal);
        self.print(&format!("  [only you] {text}"));
    }

    async fn move_clock(&mut self, arg: &str) -> anyhow::Result<()> {
        let now = self.clock.now();
        let tz = self.server_tz().await;
        let target = if arg.is_empty() {
            Ok(now)
        } else if arg.starts_with('+') {
            parse_span(arg).map(|s| now + s)
        } else {
            parse_moment(arg, now, tz)
        };
        match target {
            Ok(at) if at >= now => {
                self.clock.set(at);
                let shown = store::settings::ServerSettings {
                    tz,
                    ..self.settings().await
                };
                self.say(&Msg::ClockMoved {
                    to: format!("{} ({})", shown.show_time(at), tz.name()),
                })
                .await;
                self.deliver().await
            }
            Ok(_) => {
                self.refuse(&Refusal::MomentInPast {
                    option: "clock".into(),
                })
                .await;
                Ok(())
            }
            Err(why) => {
                self.refuse(&Refusal::BadMoment {
                    option: "clock".into(),
                    given: arg.into(),
                    why,
                })
                .await;
                Ok(())
            }
        }
    }

    /// Times are printed in the server's zone, as Discord would show them
    /// to someone there.
    async fn show_times_as_of(&self, now: i64) {
        let server = self.settings().await;
        if let Ok(mut names) = self.courier.names.lock() {
            names.server = Some(server);
            names.now = now;
        }
    }

    async fn settings(&self) -> store::settings::ServerSettings {
        let stored = match self.app.db.pool.acquire().await {
            Ok(mut conn) => store::settings::load(&mut conn, self.guild)
                .await
                .unwrap_or_default(),
            Err(_) => StoredSettings::default(),
        };
        store::settings::ServerSettings::resolve(&self.app.config, &stored)
    }

    async fn server_tz(&self) -> chrono_tz::Tz {
        self.settings().await.tz
    }

    /// Becomes `name`, creating the member on first use.
    async fn switch_user(&mut self, name: &str, role: Option<Role>) -> anyhow::Result<()> {
        let (user, _) = self.member(name, role).await?;
        let mut conn = self.app.db.pool.acquire().await?;
        let stored = store::members::get(&mut conn, self.guild, user).await?;
        let role = role
            .or_else(|| {
                stored
                    .and_then(|m| m.role)
                    .and_then(|r| Role::from_code(&r))
            })
            .unwrap_or(Role::Rep);
        self.actor = Actor { user, role };
        Ok(())
    }

    /// The id of console member `name`; creates a rep of that name if new.
    async fn member(&mut self, name: &str, role: Option<Role>) -> anyhow::Result<(UserId, bool)> {
        let now = self.clock.now();
        let mut conn = self.app.db.pool.acquire().await?;
        let found = store::members::find_by_name(&mut conn, self.guild, name).await?;
        let (user, created) = match found {
            Some(m) => (m.user, false),
            None => {
                let next = store::members::max_user_id(&mut conn, self.guild)
                    .await?
                    .max(FIRST_USER_ID - 1)
                    + 1;
                (UserId(next), true)
            }
        };
        let role_code = role.or(created.then_some(Role::Rep)).map(Role::code);
        store::members::upsert(&mut conn, self.guild, user, name, role_code, now).await?;
        if let Ok(mut names) = self.courier.names.lock() {
            names.users.insert(user.0, name.to_string());
        }
        Ok((user, created))
    }

    /// `@name` in a user option becomes that member's id (created if new).
    async fn resolve_users(&mut self, inv: &mut Invocation) -> anyhow::Result<()> {
        let Some(spec) = commands::tree::find(&inv.group, &inv.name) else {
            return Ok(());
        };
        for opt in spec.options.iter().filter(|o| o.kind == OptKind::User) {
            let Some(value) = inv.args.get(opt.name).cloned() else {
                continue;
            };
            if parse_snowflake(&value).is_some() {
                continue;
            }
            let name = value.trim().trim_start_matches('@').trim();
            if name.is_empty() {
                continue;
            }
            let (user, created) = self.member(name, None).await?;
            if created {
                self.say(&Msg::NewConsoleMember { user }).await;
            }
            inv.args.insert(opt.name.to_string(), user.0.to_string());
        }
        Ok(())
    }

    async fn run(
        &mut self,
        mut inv: Invocation,
        more: &mut mpsc::Receiver<String>,
    ) -> anyhow::Result<Flow> {
        self.resolve_users(&mut inv).await?;
        self.show_times_as_of(self.clock.now()).await;
        let ctx = Ctx {
            guild: self.guild,
            actor: self.actor,
            now: self.clock.now(),
            channel: Some(ChannelId(render::COMPLAINTS_CHANNEL.0)),
            locale: None,
            member_roles: None,
        };
        // As the Discord adapter does: one span a command, naming its complaint.
        let span = tracing::info_span!(
            "interaction",
            guild = self.guild.0,
            command = %format!("{} {}", inv.group, inv.name),
            complaint = tracing::field::Empty,
        );
        let answer = commands::dispatch(&self.app, &ctx, &inv)
            .instrument(span)
            .await;
        match answer.response {
            Response::Message(m) => {
                let text = self
                    .courier
                    .names
                    .lock()
                    .map(|n| n.message(&m))
                    .unwrap_or_default();
                let marker = if m.ephemeral {
                    "  [only you]"
                } else {
                    "  [reply]"
                };
                self.print(&format!("{marker}\n{text}"));
            }
            Response::Modal(form) => return self.fill_form(form, more).await,
        }
        self.deliver().await?;
        Ok(Flow::Continue)
    }

    /// Asks a form's fields one by one, then submits it.
    async fn fill_form(
        &mut self,
        form: ModalRequest,
        more: &mut mpsc::Receiver<String>,
    ) -> anyhow::Result<Flow> {
        let Some(mut inv) = buttons::decode(&form.id) else {
            anyhow::bail!("form {} has an id the console cannot read", form.id);
        };
        self.print(
            &self
                .courier
                .names
                .lock()
                .map(|n| n.modal(&form))
                .unwrap_or_default(),
        );
        self.say(&Msg::ModalPrompt {
            title: form.title.clone(),
        })
        .await;
        let mut answers = BTreeMap::new();
        for field in &form.fields {
            let mark = if field.required { "*" } else { "" };
            self.print(&format!("  {}{mark}:", field.label));
            let Some(answer) = more.recv().await else {
                return Ok(Flow::Quit);
            };
            let answer = answer.trim().to_string();
            if answer == "/cancel" {
                self.say(&Msg::ModalCancelled).await;
                return Ok(Flow::Continue);
            }
            // A command typed instead of an answer: the form is dropped, the command runs.
            if answer.starts_with('/') {
                self.say(&Msg::ModalCancelled).await;
                return Box::pin(self.handle(&answer, more)).await;
            }
            if self.echo {
                self.print(&format!("  > {answer}"));
            }
            answers.insert(field.key.clone(), answer);
        }
        inv.args.extend(answers);
        inv.interactive = false;
        Box::pin(self.run(inv, more)).await
    }

    /// Prints whatever the outbox owes by now.
    /// Runs the reminder sweep at the console's clock, then prints whatever
    /// the outbox owes: after every command, and whenever the clock moves.
    pub async fn deliver(&self) -> anyhow::Result<()> {
        let now = self.clock.now();
        self.show_times_as_of(now).await;
        crate::reminders::sweep(&self.app, now).await?;
        delivery::deliver_due(&self.app.db, &self.courier, now, 500).await?;
        Ok(())
    }
}

/// A script may annotate a command after two spaces and `#`, as the README
/// does; inside quotes, or after a single space (`order #12`), `#` is text.
fn without_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut spaces = 0;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q || (q == '“' && c == '”') || (q == '「' && c == '」') => {
                quote = None
            }
            (Some(_), _) => {}
            (None, '"' | '“' | '「') => quote = Some(c),
            (None, '#') if spaces >= 2 => return &line[..i],
            _ => {}
        }
        spaces = if quote.is_none() && c.is_whitespace() {
            spaces + 1
        } else {
            0
        };
    }
    line
}

/// Runs the console over stdin until it ends or `/quit`.
pub async fn run_stdin(app: App, clock: ManualClock, db_label: &str) -> anyhow::Result<()> {
    let out: Output = Arc::new(Mutex::new(Box::new(std::io::stdout())));
    let mut console = Console::start(app, clock, out.clone()).await?;
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stdin());
    console.echo = !interactive;
    console.welcome(db_label).await;
    let (tx, mut rx) = mpsc::channel::<String>(64);
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            if tx.blocking_send(line).is_err() {
                break;
            }
        }
    });
    loop {
        if interactive {
            use std::io::Write as _;
            print!("rapport> ");
            let _ = std::io::stdout().flush();
        }
        let Some(line) = rx.recv().await else { break };
        if !interactive && !line.trim().is_empty() {
            write(&out, &format!("> {line}"));
        }
        if console.handle(&line, &mut rx).await? == Flow::Quit {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::without_comment;

    #[test]
    fn comments_after_two_spaces_are_dropped_but_hashes_in_text_stay() {
        assert_eq!(
            without_comment("/as lin          # act as lin").trim(),
            "/as lin"
        );
        assert_eq!(
            without_comment("/clock +2h  # console only").trim(),
            "/clock +2h"
        );
        assert_eq!(
            without_comment("/complaint new summary:order #12 late"),
            "/complaint new summary:order #12 late"
        );
        assert_eq!(
            without_comment(r#"/complaint new summary:"two  # spaces""#),
            r#"/complaint new summary:"two  # spaces""#
        );
        assert_eq!(
            without_comment("/complaint ack id:#3"),
            "/complaint ack id:#3"
        );
    }
}
