//! The Discord adapter: the gateway, the HTTP interactions endpoint, and the
//! outbox delivered through Discord's REST API. Thin: it only translates.

pub mod courier;
pub mod endpoint;
mod forum;
pub mod gateway;
pub mod health;
pub mod incoming;
pub mod interactions;
pub mod leader;
pub mod registry;
pub mod render;
pub mod setup;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::Notify;
use tracing::{info, warn};

use crate::app::App;
use crate::delivery;
use crate::delivery::rest::DiscordRest;
pub use interactions::Discord;

/// What the environment says about Discord.
#[derive(Debug, Clone)]
pub struct DiscordEnv {
    pub token: String,
    pub application_id: Option<String>,
    pub public_key: Option<String>,
    pub api_base: Option<String>,
    pub gateway: bool,
    pub http_addr: String,
    pub register_commands: bool,
}

impl DiscordEnv {
    /// `None` when no token is set.
    pub fn from_env(http_addr: &str) -> Option<DiscordEnv> {
        let var = |n: &str| {
            std::env::var(n)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Some(DiscordEnv {
            token: var("DISCORD_TOKEN")?,
            application_id: var("DISCORD_APPLICATION_ID"),
            public_key: var("DISCORD_PUBLIC_KEY"),
            api_base: var("DISCORD_API_BASE"),
            gateway: var("RAPPORT_GATEWAY").is_none_or(|v| {
                !matches!(
                    v.to_ascii_lowercase().as_str(),
                    "off" | "0" | "false" | "no"
                )
            }),
            http_addr: http_addr.to_string(),
            register_commands: var("RAPPORT_REGISTER_COMMANDS").is_none_or(|v| {
                !matches!(
                    v.to_ascii_lowercase().as_str(),
                    "off" | "0" | "false" | "no"
                )
            }),
        })
    }
}

pub fn discord(app: App, env: &DiscordEnv) -> anyhow::Result<Discord> {
    let rest = DiscordRest::new(env.api_base.as_deref(), &env.token, Duration::from_secs(10))?
        .with_global_limit(app.config.discord.global_requests_per_second);
    Ok(Discord {
        app,
        rest,
        application_id: Arc::new(std::sync::RwLock::new(env.application_id.clone())),
        kick: Arc::new(Notify::new()),
        health: Arc::default(),
    })
}

/// Under contention the kernel weighs nice 0 against nice 5 as 1024 to 335.
const DELIVERY_NICE: i32 = 5;

/// Runs `deliver_forever` on a thread of its own, with a runtime of its own.
/// On the shared runtime, under a flood of interactions, each of delivery's
/// round trips to Discord waited behind every ready request before it could
/// go on: it sent almost nothing while the flood lasted (230 of 42,000 posts
/// in six seconds). The kernel gives a thread that sleeps on the network its
/// turn as soon as the answer comes, so delivery keeps its share of the core.
/// A bounded share: the thread runs at a lower priority (`DELIVERY_NICE`),
/// so while interactions keep the core busy it gets about a quarter of it,
/// and all of it when they pause. The receiver hears when it has stopped.
fn deliver_on_own_thread(
    d: Discord,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> anyhow::Result<tokio::sync::oneshot::Receiver<()>> {
    let (stopped, done) = tokio::sync::oneshot::channel();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the delivery's runtime")?;
    std::thread::Builder::new()
        .name("rapport-delivery".into())
        .spawn(move || {
            // Linux takes a thread's id here: only this thread is lowered.
            let me = rustix::thread::gettid();
            if let Err(e) = rustix::process::setpriority_process(Some(me), DELIVERY_NICE) {
                warn!(error = %e, "delivery runs at the interactions' priority");
            }
            runtime.block_on(deliver_forever(d, stop));
            let _ = stopped.send(());
        })
        .context("cannot start the delivery's thread")?;
    Ok(done)
}

/// Delivers the outbox at once, then whenever woken, when a held rate-limit
/// bucket resets, and every few seconds for retries; until `stop` is set,
/// and then only once its round is recorded: a round cut off between
/// sending and recording would be sent again at the next start.
pub async fn deliver_forever(d: Discord, stop: Arc<std::sync::atomic::AtomicBool>) {
    let every = Duration::from_secs(2);
    while !stop.load(std::sync::atomic::Ordering::Acquire) {
        let lease = d.app.config.replicas.outbox_lease_secs;
        if let Err(e) =
            delivery::deliver_due_leased(&d.app.db, &d.rest, d.app.clock.now(), 100, lease).await
        {
            warn!(error = %format!("{e:#}"), "outbox delivery failed; will retry");
        }
        let released = d.rest.limits().next_release(std::time::Instant::now());
        // A hair past the reset, so the bucket is open when the loop looks.
        let wake = released.map_or(every, |w| every.min(w + Duration::from_millis(5)));
        tokio::select! {
            _ = d.kick.notified() => {}
            _ = tokio::time::sleep(wake) => {}
        }
    }
}

/// Keeps this instance alive in the database, frees what gone instances
/// held, and shares the global rate limit among the live ones.
async fn beat(d: &Discord) {
    let ttl = d.app.config.replicas.gateway_lease_secs;
    match delivery::instance::beat(&d.app.db, d.app.clock.now(), ttl).await {
        Ok(live) => d.rest.limits().set_replicas(live),
        Err(e) => warn!(error = %format!("{e:#}"), "instance beat failed; will retry"),
    }
}

async fn beat_forever(d: Discord) {
    let every = Duration::from_secs((d.app.config.replicas.gateway_lease_secs / 3).max(1) as u64);
    loop {
        tokio::time::sleep(every).await;
        beat(&d).await;
        // Freed items are due now.
        d.kick.notify_one();
    }
}

/// Looks for due reminders and digests at the configured interval.
pub async fn sweep_forever(d: Discord) {
    let every = Duration::from_secs(d.app.config.sweep.interval_secs.max(1) as u64);
    loop {
        match crate::reminders::sweep(&d.app, d.app.clock.now()).await {
            Ok(report) if report.reminders + report.digests > 0 => d.kick.notify_one(),
            Ok(_) => {}
            Err(e) => warn!(error = %format!("{e:#}"), "reminder sweep failed; will retry"),
        }
        tokio::time::sleep(every).await;
    }
}

/// Serves the HTTP endpoint on `addr`; returns the bound address.
pub async fn serve_endpoint(
    d: Discord,
    public_key: &str,
    addr: &str,
) -> anyhow::Result<(std::net::SocketAddr, tokio::task::JoinHandle<()>)> {
    serve(
        endpoint::router(d, public_key)?,
        addr,
        "interactions endpoint",
    )
    .await
}

/// Serves only `/healthz` and `/metrics` on `addr` (no public key, so no endpoint).
pub async fn serve_ops(
    d: Discord,
    addr: &str,
) -> anyhow::Result<(std::net::SocketAddr, tokio::task::JoinHandle<()>)> {
    serve(endpoint::ops_router(d), addr, "health and metrics").await
}

async fn serve(
    router: axum::Router,
    addr: &str,
    what: &str,
) -> anyhow::Result<(std::net::SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on RAPPORT_HTTP_ADDR {addr}"))?;
    let bound = listener.local_addr()?;
    info!(%bound, "{what} listening");
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown_signal())
            .await
        {
            warn!(error = %e, "HTTP server stopped");
        }
    });
    Ok((bound, task))
}

/// How long a shutdown waits for work in flight.
const DRAIN: Duration = Duration::from_secs(10);

/// After SIGTERM the HTTP server takes no new requests: wait for it to finish
/// the ones it has, and for interactions still being answered on either path.
async fn drain(d: &Discord, http: Option<tokio::task::JoinHandle<()>>) {
    if let Some(server) = http
        && tokio::time::timeout(DRAIN, server).await.is_err()
    {
        warn!("the HTTP server did not finish its requests in time");
    }
    if !d.health.drained(DRAIN).await {
        warn!(
            in_flight = d.health.in_flight(),
            "shutting down with interactions still being answered"
        );
    }
}

pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Runs the bot on Discord until SIGTERM or Ctrl-C.
pub async fn run(app: App, env: DiscordEnv) -> anyhow::Result<()> {
    let d = discord(app, &env)?;
    if env.register_commands
        && let Some(app_id) = d.application_id()
    {
        match registry::register(&d.rest, &app_id, None).await {
            Ok(n) => info!(commands = n, "commands registered"),
            Err(e) => {
                warn!(error = ?e, "could not register commands; run `rapport register-commands` later")
            }
        }
    }
    crate::digests::ensure_all(&d.app, d.app.clock.now()).await?;
    // Before the first delivery: what a killed predecessor was sending goes out now.
    beat(&d).await;
    tokio::spawn(beat_forever(d.clone()));
    tokio::spawn(sweep_forever(d.clone()));
    let stop_delivery = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let delivering = deliver_on_own_thread(d.clone(), stop_delivery.clone())?;
    let http = match &env.public_key {
        Some(key) => Some(serve_endpoint(d.clone(), key, &env.http_addr).await?.1),
        // Without the endpoint, /healthz and /metrics are still served.
        None if env.gateway => Some(serve_ops(d.clone(), &env.http_addr).await?.1),
        None => None,
    };
    match (env.gateway, http) {
        (true, http) => {
            let register_on_ready = env.register_commands && env.application_id.is_none();
            tokio::select! {
                r = leader::run(d.clone(), env.token.clone(), env.api_base.clone(), register_on_ready) => r?,
                _ = shutdown_signal() => info!("shutting down"),
            }
            drain(&d, http).await;
        }
        (false, Some(server)) => {
            // Runs until SIGTERM, then until the requests it has are answered.
            let _ = server.await;
            info!("shutting down");
            drain(&d, None).await;
        }
        (false, None) => anyhow::bail!(
            "RAPPORT_GATEWAY=off needs DISCORD_PUBLIC_KEY for the HTTP endpoint; nothing to serve"
        ),
    }
    stop_delivery.store(true, std::sync::atomic::Ordering::Release);
    d.kick.notify_one();
    let _ = tokio::time::timeout(Duration::from_secs(5), delivering).await;
    leader::release(&d).await;
    delivery::instance::leave(&d.app.db).await;
    // Last chance to send what is owed; the rest waits safely for the next start.
    let _ = tokio::time::timeout(
        Duration::from_secs(5),
        delivery::deliver_due(&d.app.db, &d.rest, d.app.clock.now(), 100),
    )
    .await;
    Ok(())
}
