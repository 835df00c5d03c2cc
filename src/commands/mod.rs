//! The command layer: adapters turn their input into an `Invocation`, and
//! `dispatch` runs it in one transaction, queues the posts it owes in the
//! outbox within that transaction, and returns what to answer.

pub mod args;
mod attachments;
pub mod buttons;
pub mod cards;
mod complaint_flow;
mod complaint_follow_up;
mod complaint_from_message;
mod complaint_new;
mod complaint_team;
mod complaint_view;
mod crisis;
mod customer;
mod customer_import;
mod dashboard;
mod guard;
pub mod import_rows;
pub mod parse;
pub mod poll;
pub mod posts;
mod rapport;
mod report;
mod score;
pub mod setup;
pub mod tree;
mod visit;
mod voc;
mod win_back;

use std::collections::BTreeMap;

use tracing::{error, warn};

use crate::app::App;
use crate::domain::complaint::Complaint;
use crate::domain::customer::Customer;
use crate::domain::ids::{ChannelId, ComplaintNo, GuildId, Timestamp};
use crate::domain::permissions::Actor;
use crate::domain::refusal::Refusal;
use crate::domain::reminders;
use crate::domain::text::fit;
use crate::domain::text::name_key;
use crate::domain::timeline::EventKind;
use crate::i18n::{self, Lang, Msg};
use crate::message::{Message, Outcome, Post, PostBody, Response, Target};
use crate::store::settings::ServerSettings;
use crate::store::{self, Conn};
use args::Args;
use tree::CommandSpec;

/// A command as any adapter hands it over: names and raw option values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invocation {
    pub group: String,
    pub name: String,
    pub args: BTreeMap<String, String>,
    /// Came from a button or a form: missing text is asked for in a form
    /// instead of refused.
    pub interactive: bool,
}

impl Invocation {
    pub fn new(group: &str, name: &str) -> Invocation {
        Invocation {
            group: group.into(),
            name: name.into(),
            ..Invocation::default()
        }
    }

    pub fn arg(mut self, name: &str, value: impl ToString) -> Invocation {
        self.args.insert(name.into(), value.to_string());
        self
    }

    /// How the console (or a phone) types it: `/complaint ack id:12`.
    pub fn to_command_line(&self) -> String {
        let mut line = format!("/{} {}", self.group, self.name);
        for (k, v) in &self.args {
            if v.contains(char::is_whitespace) || v.is_empty() {
                line.push_str(&format!(" {k}:\"{}\"", v.replace('"', "\\\"")));
            } else {
                line.push_str(&format!(" {k}:{v}"));
            }
        }
        line
    }
}

/// Who acts, where, and when.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub guild: GuildId,
    pub actor: Actor,
    pub now: Timestamp,
    /// The channel the command was used in.
    pub channel: Option<ChannelId>,
    /// The actor's own language (Discord's `locale`), for private replies.
    pub locale: Option<Lang>,
    /// The roles Discord says the member holds. When given, the actor's role
    /// is read from them against the server's settings in the command's own
    /// transaction, so an interaction reads the settings once, not twice.
    pub member_roles: Option<MemberRoles>,
}

/// What Discord tells about a member's standing in the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberRoles {
    pub roles: Vec<crate::domain::ids::RoleId>,
    /// Holds Manage Server (or is the owner).
    pub admin: bool,
}

impl MemberRoles {
    /// An admin, a holder of the manager or second role, or else a rep.
    pub fn role(&self, server: &ServerSettings) -> crate::domain::permissions::Role {
        use crate::domain::permissions::Role;
        let holds =
            |r: Option<crate::domain::ids::RoleId>| r.is_some_and(|r| self.roles.contains(&r));
        if self.admin {
            Role::Admin
        } else if holds(server.manager_role) || holds(server.second_role) {
            Role::Manager
        } else {
            Role::Rep
        }
    }
}

/// Why a command did not complete.
#[derive(Debug)]
pub enum Failure {
    Refused(Refusal),
    Store(sqlx::Error),
    Internal(anyhow::Error),
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(r)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::Store(e)
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        match e.downcast::<sqlx::Error>() {
            Ok(sql) => Failure::Store(sql),
            Err(other) => Failure::Internal(other),
        }
    }
}

pub type Handled = Result<Outcome, Failure>;

/// What an adapter gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub lang: Lang,
    pub response: Response,
    /// Whether anything was written (false for refusals and failures).
    pub committed: bool,
    /// Outbox items queued by this command, to deliver promptly.
    pub queued: usize,
}

/// Everything a handler may use, inside the command's transaction.
pub struct Scope<'a> {
    pub conn: &'a mut Conn,
    pub ctx: &'a Ctx,
    pub server: ServerSettings,
    pub app: &'a App,
    /// Complaints as this command first read them, and as it last saved
    /// them: the cards whose look changed are redrawn in the complaints
    /// channel (`card_redraws`).
    pub seen: Vec<(Complaint, Option<Complaint>)>,
    /// The command saved the server's settings (see `SettingsCache::forget`).
    pub saved_settings: bool,
    /// Timeline entries logged, written only with the commit
    /// (`store::closing`): a handler does not read its own entries back.
    logged: Vec<(GuildId, store::events::Event)>,
}

impl Scope<'_> {
    pub fn lang(&self) -> Lang {
        self.server.lang
    }

    /// The language of a private reply: the actor's own if we speak it.
    pub fn reply_lang(&self) -> Lang {
        self.ctx.locale.unwrap_or(self.server.lang)
    }

    pub fn say(&self, msg: &Msg) -> String {
        i18n::say(self.lang(), msg)
    }

    pub fn say_privately(&self, msg: &Msg) -> Message {
        Message::private(i18n::say(self.reply_lang(), msg))
    }

    pub fn now(&self) -> Timestamp {
        self.ctx.now
    }

    /// Writes a complaint back, with when its reminders must next be checked.
    pub async fn save(&mut self, c: &mut Complaint) -> Result<(), Failure> {
        let policy = self.app.config.sla.for_severity(c.severity);
        reminders::reschedule(c, policy, &self.server.hours, self.ctx.now);
        store::complaints::save_progress(self.conn, c).await?;
        match self.seen.iter_mut().find(|(first, _)| first.id == c.id) {
            Some((_, last)) => *last = Some(c.clone()),
            None => self.seen.push((c.clone(), Some(c.clone()))),
        }
        Ok(())
    }

    /// A post redrawing the card of every complaint this command changed
    /// the look of; none for a complaint whose card it posts itself.
    pub fn card_redraws(&self, outcome: &Outcome) -> Vec<Post> {
        let lang = self.lang();
        let opened: Vec<i64> = outcome
            .posts
            .iter()
            .filter(|p| matches!(p.body, PostBody::OpenThread { .. }))
            .filter_map(|p| p.complaint_id)
            .collect();
        self.seen
            .iter()
            .filter_map(|(first, last)| Some((first, last.as_ref()?)))
            .filter(|(first, _)| !opened.contains(&first.id))
            .filter_map(|(first, last)| {
                let card = cards::complaint_card(lang, last);
                let tags = cards::forum_tags(lang, last);
                let moved = cards::complaint_card(lang, first) != card
                    || cards::forum_tags(lang, first) != tags;
                moved.then(|| Post {
                    target: Target::ComplaintsChannel,
                    complaint_id: Some(last.id),
                    body: PostBody::EditCard {
                        card: Message::card(card),
                        tags,
                    },
                })
            })
            .collect()
    }

    /// Stores a new complaint under the server's next number, and sets its
    /// id and number. On PostgreSQL the number is taken in a statement of
    /// its own, so concurrent commands do not queue behind each other's
    /// commit on the counter's row; a command that then fails leaves its
    /// number unused (a gap, never a duplicate). On SQLite, with one writer
    /// at a time, it is taken inside the command's transaction, in the
    /// insert's round trip.
    pub async fn store_new_complaint(&mut self, c: &mut Complaint) -> Result<(), Failure> {
        match self.app.db.next_number_apart(c.guild).await? {
            Some(number) => {
                c.number = number;
                c.id = store::complaints::insert(self.conn, c).await?;
            }
            None => (c.id, c.number) = store::complaints::insert_numbered(self.conn, c).await?,
        }
        Ok(())
    }

    /// The complaint named by `id`, if the actor may work it (its owner or a manager).
    pub async fn workable(&mut self, args: &args::Args) -> Result<Complaint, Failure> {
        let c = self.complaint(args.complaint("id")?).await?;
        self.ctx
            .actor
            .require_owner_or_manager(c.owner, || Refusal::NotOwner {
                number: c.number,
                owner: c.owner,
            })?;
        Ok(c)
    }

    pub async fn complaint(&mut self, number: ComplaintNo) -> Result<Complaint, Failure> {
        let c = store::complaints::get(self.conn, self.ctx.guild, number)
            .await?
            .ok_or(Failure::Refused(Refusal::UnknownComplaint(number)))?;
        if !self.seen.iter().any(|(first, _)| first.id == c.id) {
            self.seen.push((c.clone(), None));
        }
        Ok(c)
    }

    /// Finds a customer by name; when unknown, suggests close names.
    pub async fn customer(&mut self, name: &str) -> Result<Customer, Failure> {
        if let Some(c) = store::customers::find_by_name(self.conn, self.ctx.guild, name).await? {
            return Ok(c);
        }
        let names = store::customers::all_names(self.conn, self.ctx.guild).await?;
        Err(Refusal::UnknownCustomer {
            name: name.trim().into(),
            suggestions: suggest(name, &names),
        }
        .into())
    }

    /// Appends to the timeline of a complaint (and its customer).
    pub fn log(&mut self, c: &Complaint, kind: EventKind, detail: &str) {
        let event = store::events::Event {
            complaint_id: Some(c.id),
            customer_id: Some(c.customer_id),
            actor: self.ctx.actor.user,
            kind,
            detail: detail.into(),
            at: self.ctx.now,
        };
        self.logged.push((self.ctx.guild, event));
    }

    pub fn log_customer(&mut self, customer_id: i64, kind: EventKind, detail: &str) {
        let event = store::events::Event {
            complaint_id: None,
            customer_id: Some(customer_id),
            actor: self.ctx.actor.user,
            kind,
            detail: detail.into(),
            at: self.ctx.now,
        };
        self.logged.push((self.ctx.guild, event));
    }
}

/// Up to three known names close to `name`: containing it, or a few typos away.
pub fn suggest(name: &str, names: &[String]) -> Vec<String> {
    let wanted = name_key(name);
    let mut scored: Vec<(f64, &String)> = names
        .iter()
        .filter_map(|n| {
            let key = name_key(n);
            let score = if key.contains(&wanted) || wanted.contains(&key) {
                1.0
            } else {
                strsim::jaro_winkler(&key, &wanted)
            };
            (score >= 0.8).then_some((score, n))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, n)| n.clone()).collect()
}

/// Runs one invocation and answers; never panics, never half-writes.
pub async fn dispatch(app: &App, ctx: &Ctx, inv: &Invocation) -> Answer {
    let fallback = app.config.server.language;
    let mut lang = ctx.locale.unwrap_or(fallback);
    match run(app, ctx, inv, &mut lang).await {
        Ok((outcome, queued)) => Answer {
            lang,
            response: outcome.response,
            committed: true,
            queued,
        },
        Err(failure) => Answer {
            lang,
            // A refusal may list many problems (a spreadsheet's bad lines): cut to one message.
            response: Response::Message(Message::private(fit(render_failure(lang, &failure, inv)))),
            committed: false,
            queued: 0,
        },
    }
}

async fn run(
    app: &App,
    ctx: &Ctx,
    inv: &Invocation,
    lang: &mut Lang,
) -> Result<(Outcome, usize), Failure> {
    let spec: &'static CommandSpec = tree::find(&inv.group, &inv.name)
        .ok_or_else(|| Refusal::UnknownCommand(format!("/{} {}", inv.group, inv.name)))?;
    // Attached files are fetched before the transaction: no lock waits on the network.
    let inv = &attachments::download(spec, inv).await?;
    let mut tx = app.db.begin_write().await?;
    let stored = app
        .db
        .settings_cache
        .load(&mut tx, ctx.guild, std::time::Instant::now())
        .await?;
    let server = ServerSettings::resolve(&app.config, &stored);
    *lang = ctx.locale.unwrap_or(server.lang);
    let resolved;
    let ctx = match &ctx.member_roles {
        Some(member) => {
            resolved = Ctx {
                actor: crate::domain::permissions::Actor {
                    role: member.role(&server),
                    ..ctx.actor
                },
                ..ctx.clone()
            };
            &resolved
        }
        None => ctx,
    };
    let raw = resolve_user_names(&mut tx, ctx.guild, spec, &inv.args).await?;
    let args = Args::check(spec, &raw)?;
    // The adapter's span for this interaction names the complaint acted on.
    if let Some(n) = spec
        .options
        .iter()
        .find(|o| o.kind == tree::OptKind::Complaint)
    {
        tracing::Span::current().record("complaint", args.int(n.name));
    }
    let mut scope = Scope {
        conn: &mut tx,
        ctx,
        server,
        app,
        seen: Vec::new(),
        saved_settings: false,
        logged: Vec::new(),
    };
    let outcome = route(&mut scope, spec, &args, inv.interactive).await?;
    // The board's card is redrawn before the thread hears of the change.
    let mut outcome = outcome;
    let redraws = scope.card_redraws(&outcome);
    outcome.posts.splice(0..0, redraws);
    let saved_settings = scope.saved_settings;
    let logged = std::mem::take(&mut scope.logged);
    let settings = ServerSettings::resolve(&app.config, &stored);
    let items = posts::resolve(
        &mut tx,
        ctx.guild,
        &settings,
        ctx.channel,
        &outcome.posts,
        ctx.now,
    )
    .await?;
    store::closing::log_queue_and_commit(tx, &logged, &items, ctx.now).await?;
    if saved_settings {
        app.db.settings_cache.forget();
    }
    let queued = outcome.posts.len();
    Ok((outcome, queued))
}

/// A person typed by name (`@lin`, in a form or the console) becomes their id,
/// if the server has seen them; ids and mentions pass through.
async fn resolve_user_names(
    conn: &mut Conn,
    guild: GuildId,
    spec: &CommandSpec,
    raw: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, Failure> {
    let mut out = raw.clone();
    for (name, value) in raw {
        let is_user = spec
            .option(name)
            .is_some_and(|o| o.kind == tree::OptKind::User);
        if !is_user || value.trim().is_empty() || args::parse_snowflake(value).is_some() {
            continue;
        }
        let typed = value.trim().trim_start_matches('@');
        let member = store::members::find_by_name(conn, guild, typed).await?;
        let member = member.ok_or_else(|| Refusal::BadUser(value.trim().to_string()))?;
        out.insert(name.clone(), member.user.0.to_string());
    }
    Ok(out)
}

async fn route(s: &mut Scope<'_>, spec: &CommandSpec, args: &Args, interactive: bool) -> Handled {
    if interactive && !args.missing().is_empty() {
        guard::before_form(s, spec.group, spec.name, args).await?;
        if let Some(form) = buttons::form_for_missing(s, spec, args).await? {
            return Ok(Outcome::modal(form));
        }
    }
    match (spec.group, spec.name) {
        ("customer", "add") => customer::add(s, args).await,
        ("customer", "edit") => customer::edit(s, args).await,
        ("customer", "show") => customer::show(s, args).await,
        ("customer", "list") => customer::list(s, args).await,
        ("customer", "import") => customer_import::import(s, args).await,
        ("complaint", "new") => complaint_new::new(s, args).await,
        ("complaint", "from_message") => complaint_from_message::open_form(s, args).await,
        ("complaint", "ack") => complaint_flow::ack(s, args).await,
        ("complaint", "step") => complaint_flow::step(s, args).await,
        ("complaint", "approve") => complaint_flow::approve(s, args).await,
        ("complaint", "followup") => complaint_follow_up::log(s, args).await,
        ("complaint", "training") => crisis::training(s, args).await,
        ("complaint", "changes") => complaint_flow::changes(s, args).await,
        ("complaint", "show") => complaint_view::show(s, args).await,
        ("complaint", "list") => complaint_view::list(s, args).await,
        ("complaint", "assign") => complaint_team::assign(s, args).await,
        ("complaint", "escalate") => complaint_team::escalate(s, args).await,
        ("complaint", "take") => complaint_team::take(s, args).await,
        ("complaint", "reject") => complaint_team::reject(s, args).await,
        ("complaint", "reopen") => complaint_team::reopen(s, args).await,
        ("visit", "log") => visit::log(s, args).await,
        ("score", "record") => score::record(s, args).await,
        ("score", "poll") => poll::start(s, args).await,
        ("score", "answer") => poll::answer(s, args).await,
        ("score", "submit") => poll::submit(s, args, interactive).await,
        ("report", "week") => report::week(s, args).await,
        ("report", "month") => report::month(s, args).await,
        ("report", "export") => report::export(s, args).await,
        ("report", "dashboard") => dashboard::dashboard(s).await,
        ("customer", "winback") => win_back::tick(s, args).await,
        ("voc", "decide") => voc::decide(s, args).await,
        ("voc", "close") => voc::close(s, args).await,
        ("voc", "list") => voc::list(s, args).await,
        ("rapport", "settings") => rapport::settings(s, args).await,
        ("rapport", "help") => rapport::help(s),
        ("rapport", "setup") => setup::setup(s).await,
        _ => Err(Refusal::UnknownCommand(spec.key()).into()),
    }
}

fn render_failure(lang: Lang, failure: &Failure, inv: &Invocation) -> String {
    match failure {
        Failure::Refused(r) => i18n::refusal(lang, r),
        Failure::Store(e) if store::is_unavailable(e) => {
            warn!(command = %format!("{} {}", inv.group, inv.name), error = %e, "database unavailable");
            i18n::say(lang, &Msg::Unavailable)
        }
        Failure::Store(e) => internal(lang, inv, &format!("{e:#}")),
        Failure::Internal(e) => internal(lang, inv, &format!("{e:#}")),
    }
}

fn internal(lang: Lang, inv: &Invocation, detail: &str) -> String {
    let reference = format!("E{:x}", chrono::Utc::now().timestamp_micros() & 0xff_ffff);
    error!(reference = %reference, command = %format!("{} {}", inv.group, inv.name), error = %detail, "command failed");
    i18n::say(lang, &Msg::Internal { reference })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_typos_and_fragments() {
        let names: Vec<String> = ["Acme Tools", "Apex Pumps", "北方机械"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(suggest("acme", &names), vec!["Acme Tools"]);
        assert_eq!(suggest("Acme Tols", &names), vec!["Acme Tools"]);
        assert_eq!(suggest("北方", &names), vec!["北方机械"]);
        assert!(suggest("Zebra", &names).is_empty());
    }

    #[test]
    fn command_lines_quote_spaces() {
        let inv = Invocation::new("complaint", "escalate")
            .arg("id", 3)
            .arg("reason", "no reply");
        assert_eq!(
            inv.to_command_line(),
            "/complaint escalate id:3 reason:\"no reply\""
        );
    }
}
