//! The gateway connection (serenity's `Client`): READY tells us the
//! application id, INTERACTION_CREATE is answered through the REST callback.

use serenity::all::{
    Context, CreateAllowedMentions, EventHandler, GatewayIntents, HttpBuilder, Interaction, Ready,
};
use serenity::async_trait;
use serenity::gateway::{ConnectionStage, ShardStageUpdateEvent};
use tracing::{info, warn};

use super::interactions::{Discord, respond_in_time};
use super::registry;

struct Handler {
    discord: Discord,
    register: bool,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        info!(user = %ready.user.name, "gateway ready");
        self.discord.health.set_gateway_connected(true);
        self.discord
            .set_application_id(ready.application.id.to_string());
        if self.register
            && let Some(app_id) = self.discord.application_id()
        {
            match registry::register(&self.discord.rest, &app_id, None).await {
                Ok(n) => info!(commands = n, "commands registered"),
                Err(e) => warn!(error = ?e, "could not register commands"),
            }
        }
    }

    async fn resume(&self, _ctx: Context, _event: serenity::all::ResumedEvent) {
        self.discord.health.set_gateway_connected(true);
    }

    /// Serenity reports each step of (re)connecting; only `Connected` is up.
    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        let connected = matches!(event.new, ConnectionStage::Connected);
        if !connected {
            warn!(stage = %event.new, "gateway not connected");
        }
        self.discord.health.set_gateway_connected(connected);
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        // Until the callback is sent, a shutdown waits for this one.
        let _in_flight = self.discord.health.begin();
        let (id, token) = match &interaction {
            Interaction::Command(c) | Interaction::Autocomplete(c) => {
                (c.id.to_string(), c.token.clone())
            }
            Interaction::Component(c) => (c.id.to_string(), c.token.clone()),
            Interaction::Modal(m) => (m.id.to_string(), m.token.clone()),
            _ => return,
        };
        let body = respond_in_time(self.discord.clone(), interaction).await;
        let path = format!("/interactions/{id}/{token}/callback");
        if let Err(e) = self
            .discord
            .rest
            .call_soon(reqwest::Method::POST, &path, Some(&body))
            .await
        {
            warn!(error = ?e, "could not answer an interaction");
        }
    }
}

/// Connects and serves until the connection ends for good.
pub async fn run(
    discord: Discord,
    token: &str,
    api_base: Option<&str>,
    register: bool,
    stop: tokio::sync::oneshot::Receiver<()>,
) -> anyhow::Result<()> {
    let mut http = HttpBuilder::new(token).default_allowed_mentions(CreateAllowedMentions::new());
    if let Some(base) = api_base {
        // serenity's ratelimiter ignores the proxy, so it must be off here.
        http = http
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let health = discord.health.clone();
    let mut client =
        serenity::all::ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
            .event_handler(Handler { discord, register })
            .await?;
    let shards = client.shard_manager.clone();
    // While this replica runs the gateway, /healthz watches its connection.
    health.set_gateway_enabled(true);
    let watch = tokio::spawn(watch_connection(shards.clone(), health.clone()));
    let result = tokio::select! {
        result = client.start() => result.map_err(anyhow::Error::from),
        _ = stop => {
            shards.shutdown_all().await;
            Ok(())
        }
    };
    watch.abort();
    health.set_gateway_connected(false);
    health.set_gateway_enabled(false);
    result
}

/// Serenity reconnects on its own and does not always say so (a dropped
/// connection being resumed changes no stage it reports), so the shard
/// manager's own view is read every second: up only while every shard is
/// connected.
async fn watch_connection(
    shards: std::sync::Arc<serenity::gateway::ShardManager>,
    health: std::sync::Arc<super::health::Health>,
) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let runners = shards.runners.lock().await;
        let up = !runners.is_empty()
            && runners
                .values()
                .all(|r| matches!(r.stage, ConnectionStage::Connected));
        drop(runners);
        health.set_gateway_connected(up);
    }
}
