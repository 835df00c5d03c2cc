//! Answers one interaction, whichever way it arrived (HTTP endpoint or
//! gateway): the same dispatch as the console, then the reply as Discord JSON.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use serenity::all::{
    AutocompleteChoice, CreateAutocompleteResponse, CreateInteractionResponse,
    CreateInteractionResponseMessage, Interaction,
};
use tokio::sync::{Notify, oneshot};
use tracing::{Instrument as _, info, warn};

use super::incoming::{self, Incoming, Meta};
use super::render;
use crate::app::App;
use crate::commands::{Ctx, MemberRoles, dispatch, tree};
use crate::delivery::rest::{DiscordRest, Patience, RestError};
use crate::domain::permissions::{Actor, Role};
use crate::domain::refusal::Refusal;
use crate::domain::text::cut;
use crate::i18n::{self, Lang, Msg};
use crate::message::{Message, Response};
use crate::metrics::{InteractionKind, InteractionOutcome};
use crate::store;
use crate::store::settings::ServerSettings;

/// Everything the Discord adapter shares.
#[derive(Clone)]
pub struct Discord {
    pub app: App,
    pub rest: DiscordRest,
    pub application_id: Arc<std::sync::RwLock<Option<String>>>,
    /// Wakes the outbox loop when a command queued posts.
    pub kick: Arc<Notify>,
    /// What `/healthz` and `/metrics` report, and the interactions in flight.
    pub health: Arc<super::health::Health>,
}

impl Discord {
    pub fn application_id(&self) -> Option<String> {
        self.application_id.read().ok().and_then(|a| a.clone())
    }

    pub fn set_application_id(&self, id: String) {
        if let Ok(mut a) = self.application_id.write() {
            a.get_or_insert(id);
        }
    }
}

/// Discord wants a first answer within 3 s; past this, say "thinking…" and edit later.
const DEADLINE: Duration = Duration::from_millis(2500);

fn private(text: String) -> Value {
    render::to_json(&CreateInteractionResponse::Message(
        render::response_message(&Message::private(text)),
    ))
}

fn refuse(lang: Lang, refusal: &Refusal) -> Value {
    note_outcome(InteractionOutcome::refused);
    private(i18n::refusal(lang, refusal))
}

async fn server_settings(
    app: &App,
    guild: crate::domain::ids::GuildId,
) -> Result<ServerSettings, sqlx::Error> {
    let mut conn = app.db.pool.acquire().await?;
    let stored = store::settings::load(&mut conn, guild).await?;
    Ok(ServerSettings::resolve(&app.config, &stored))
}

/// Keeps the names of the people we saw, for display and `@name` lookups.
async fn remember(app: &App, guild: crate::domain::ids::GuildId, meta: &Meta) {
    let now = app.clock.now();
    let new: Vec<&(crate::domain::ids::UserId, String)> = match app.known_names.lock() {
        Ok(known) => meta
            .seen
            .iter()
            .filter(|(u, n)| known.get(&(guild.0, u.0)) != Some(n))
            .collect(),
        Err(_) => meta.seen.iter().collect(),
    };
    if new.is_empty() {
        return;
    }
    let Ok(mut tx) = app.db.begin_write().await else {
        return;
    };
    for (user, name) in &new {
        if let Err(e) = store::members::upsert(&mut tx, guild, *user, name, None, now).await {
            warn!(error = %e, "could not remember a member's name");
            return;
        }
    }
    if let Err(e) = tx.commit().await {
        warn!(error = %e, "could not remember a member's name");
        return;
    }
    if let Ok(mut known) = app.known_names.lock() {
        if known.len() > 100_000 {
            known.clear();
        }
        for (user, name) in new {
            known.insert((guild.0, user.0), name.clone());
        }
    }
}

/// The interaction response body.
async fn answer(d: &Discord, interaction: &Interaction) -> Value {
    let fallback = d.app.config.server.language;
    match incoming::read(interaction) {
        Incoming::Ping => render::to_json(&CreateInteractionResponse::Pong),
        Incoming::Unsupported => refuse(fallback, &Refusal::ServerOnly),
        Incoming::Unknown { meta } => {
            refuse(meta.locale.unwrap_or(fallback), &Refusal::StaleButton)
        }
        Incoming::Autocomplete {
            meta,
            group,
            name,
            option,
            typed,
        } => autocomplete(d, &meta, &group, &name, &option, &typed).await,
        Incoming::Invoke { meta, invocation } => {
            let lang = meta.locale.unwrap_or(fallback);
            let Some(guild) = meta.guild else {
                return refuse(lang, &Refusal::ServerOnly);
            };
            let member = MemberRoles {
                roles: meta.roles.clone(),
                admin: meta.admin,
            };
            // Only the adapter can ask Discord about channels, roles and permissions.
            if (invocation.group.as_str(), invocation.name.as_str()) == ("rapport", "setup") {
                let server = match server_settings(&d.app, guild).await {
                    Ok(s) => s,
                    Err(e) => {
                        warn!(error = %e, "settings unavailable");
                        note_outcome(InteractionOutcome::unavailable);
                        return private(i18n::say(lang, &Msg::Unavailable));
                    }
                };
                let actor = Actor {
                    user: meta.user,
                    role: member.role(&server),
                };
                return super::setup::answer(d, guild, actor, meta.locale.unwrap_or(server.lang))
                    .await;
            }
            remember(&d.app, guild, &meta).await;
            // The role is read from `member_roles` with the settings the
            // command loads anyway; `Rep` stands until then.
            let ctx = Ctx {
                guild,
                actor: Actor {
                    user: meta.user,
                    role: Role::Rep,
                },
                now: d.app.clock.now(),
                channel: Some(meta.channel),
                locale: meta.locale,
                member_roles: Some(member),
            };
            let answer = dispatch(&d.app, &ctx, &invocation).await;
            let outcome = if answer.committed {
                InteractionOutcome::ok
            } else {
                InteractionOutcome::refused
            };
            note_outcome(outcome);
            // Ids only, never a token, never what the customer said; the
            // guild and the complaint are on the span.
            info!(
                command = %format!("{} {}", invocation.group, invocation.name),
                outcome = ?outcome,
                "interaction"
            );
            if answer.queued > 0 {
                d.kick.notify_one();
            }
            // A card pressed in place is replaced; a form opened from a card too.
            let on_card = match interaction {
                Interaction::Component(_) => true,
                Interaction::Modal(m) => m.message.is_some(),
                _ => false,
            };
            match answer.response {
                Response::Message(m) if !m.files.is_empty() => {
                    // Files cannot ride an HTTP answer: say "thinking…", send them after.
                    let deferred = render::to_json(&CreateInteractionResponse::Defer(
                        CreateInteractionResponseMessage::new().ephemeral(m.ephemeral),
                    ));
                    tokio::spawn(send_files(d.clone(), meta.token.clone(), m).in_current_span());
                    deferred
                }
                Response::Message(m) if m.replace && on_card => render::to_json(
                    &CreateInteractionResponse::UpdateMessage(render::update_message(&m)),
                ),
                Response::Message(m) => render::to_json(&CreateInteractionResponse::Message(
                    render::response_message(&m),
                )),
                // A form that only asks for a person becomes Discord's
                // member picker: choosing beats typing a name.
                Response::Modal(form) if asks_only_for_a_member(&form) => render::to_json(
                    &CreateInteractionResponse::Message(render::member_picker(&form)),
                ),
                Response::Modal(form) => {
                    render::to_json(&CreateInteractionResponse::Modal(render::modal(&form)))
                }
            }
        }
    }
}

/// A form with one field, which its command reads as a person.
fn asks_only_for_a_member(form: &crate::message::ModalRequest) -> bool {
    let [field] = form.fields.as_slice() else {
        return false;
    };
    crate::commands::buttons::decode(&form.id)
        .and_then(|inv| tree::find(&inv.group, &inv.name))
        .and_then(|spec| spec.option(&field.key))
        .is_some_and(|o| o.kind == tree::OptKind::User)
}

async fn autocomplete(
    d: &Discord,
    meta: &Meta,
    group: &str,
    name: &str,
    option: &str,
    typed: &str,
) -> Value {
    let kind = tree::find(group, name)
        .and_then(|c| c.option(option))
        .map(|o| o.kind);
    // Reopening is for finished complaints; every other option wants open ones.
    let reopen = (group, name) == ("complaint", "reopen");
    let mut choices = Vec::new();
    if let (Some(guild), Ok(mut conn)) = (meta.guild, d.app.db.pool.acquire().await) {
        match kind {
            Some(tree::OptKind::Customer) => {
                for n in store::customers::names_like(&mut conn, guild, typed, 25)
                    .await
                    .unwrap_or_default()
                {
                    choices.push(AutocompleteChoice::new(cut(&n, 100), n));
                }
            }
            Some(tree::OptKind::Complaint) => {
                for (n, customer, summary) in
                    store::complaints::numbers_like(&mut conn, guild, typed, reopen, 25)
                        .await
                        .unwrap_or_default()
                {
                    choices.push(AutocompleteChoice::new(
                        cut(&format!("#{n} {customer} · {summary}"), 100),
                        n,
                    ));
                }
            }
            _ => {}
        }
    }
    render::to_json(&CreateInteractionResponse::Autocomplete(
        CreateAutocompleteResponse::new().set_choices(choices),
    ))
}

/// Answers within the deadline; slower work is deferred and edited in later.
/// Everything logged on the way is in one span for the interaction; the
/// command records the complaint it acts on (or made) into it.
#[tracing::instrument(name = "interaction", skip_all, fields(
    id = %interaction.id(),
    guild = interaction.guild_id().map(|g| g.get()),
    complaint = tracing::field::Empty,
))]
pub async fn respond_in_time(d: Discord, interaction: Interaction) -> Value {
    let (tx, rx) = oneshot::channel::<Value>();
    let token = match &interaction {
        Interaction::Command(c) | Interaction::Autocomplete(c) => Some(c.token.clone()),
        Interaction::Component(c) => Some(c.token.clone()),
        Interaction::Modal(m) => Some(m.token.clone()),
        _ => None,
    };
    let worker = d.clone();
    let work = async move {
        // Until the answer (or its late edit) is out, a shutdown waits.
        let _in_flight = worker.health.begin();
        let body = respond(&worker, &interaction).await;
        if let Err(body) = tx.send(body) {
            // We already said "thinking…": edit the real answer in.
            tokio::time::sleep(Duration::from_millis(500)).await;
            edit_original(&worker, token.as_deref(), &body).await;
        }
    };
    tokio::spawn(work.in_current_span());
    match tokio::time::timeout(DEADLINE, rx).await {
        Ok(Ok(body)) => body,
        _ => {
            warn!("interaction slower than the deadline; deferred");
            render::to_json(&CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new().ephemeral(true),
            ))
        }
    }
}

/// The answer with files, as the follow-up that fills the deferred answer
/// in. Tried until Discord has taken the deferral (404 before), briefly.
async fn send_files(d: Discord, token: String, message: Message) {
    let Some(app_id) = d.application_id() else {
        warn!("no application id; cannot send files");
        return;
    };
    let path = format!("/webhooks/{app_id}/{token}");
    let body = render::followup_body(&message);
    for attempt in 1..=8u64 {
        tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
        let sent = d
            .rest
            .call_multipart(
                Patience::Wait(Duration::from_secs(2)),
                reqwest::Method::POST,
                &path,
                &body,
                &message.files,
            )
            .await;
        match sent {
            Ok(_) => return,
            Err(RestError::Refused { status: 404, .. })
            | Err(RestError::Transient(_))
            | Err(RestError::RateLimited { .. })
            | Err(RestError::Held { .. }) => continue,
            Err(e) => {
                warn!(error = ?e, "could not send files after a deferred answer");
                return;
            }
        }
    }
    warn!("gave up sending files after a deferred answer");
}

async fn edit_original(d: &Discord, token: Option<&str>, body: &Value) {
    let (Some(token), Some(app_id)) = (token, d.application_id()) else {
        return;
    };
    let data = match body.get("type").and_then(Value::as_i64) {
        Some(4) => body.get("data").cloned().unwrap_or(Value::Null),
        // Deferred with files: their follow-up fills the answer in.
        Some(5) => return,
        // A form cannot follow a deferral; ask the user to press again.
        _ => {
            let lang = d.app.config.server.language;
            render::edit_body(&Message::private(i18n::say(lang, &Msg::Unavailable)))
        }
    };
    let path = format!("/webhooks/{app_id}/{token}/messages/@original");
    if let Err(e) = d
        .rest
        .call_soon(reqwest::Method::PATCH, &path, Some(&data))
        .await
    {
        warn!(error = ?e, "could not edit a deferred answer");
    }
}

tokio::task_local! {
    /// How the interaction being answered ended.
    static OUTCOME: std::cell::Cell<InteractionOutcome>;
}

/// Records how the interaction being answered ended, for `/metrics`.
pub(super) fn note_outcome(outcome: InteractionOutcome) {
    let _ = OUTCOME.try_with(|o| o.set(outcome));
}

fn kind_of(interaction: &Interaction) -> InteractionKind {
    // serenity's enum is non-exhaustive: kinds it adds later count as `other`.
    match interaction {
        Interaction::Ping(_) => InteractionKind::ping,
        Interaction::Command(_) => InteractionKind::command,
        Interaction::Autocomplete(_) => InteractionKind::autocomplete,
        Interaction::Component(_) => InteractionKind::component,
        Interaction::Modal(_) => InteractionKind::modal,
        _ => InteractionKind::other,
    }
}

/// The interaction response body; counted, timed, and tracked as in flight
/// so a shutdown waits for it.
pub async fn respond(d: &Discord, interaction: &Interaction) -> Value {
    let _in_flight = d.health.begin();
    let started = std::time::Instant::now();
    let (body, outcome) = OUTCOME
        .scope(std::cell::Cell::new(InteractionOutcome::ok), async {
            let body = answer(d, interaction).await;
            (body, OUTCOME.with(std::cell::Cell::get))
        })
        .await;
    crate::metrics::global().interaction(kind_of(interaction), outcome, started.elapsed());
    body
}
