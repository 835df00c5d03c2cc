//! Discord's HTTP interactions endpoint: `POST /interactions`, signed with
//! Ed25519 over timestamp‖body. Forged, stale, oversized or malformed
//! requests are turned away before anything is read into the domain.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;
use tracing::warn;

use super::interactions::{Discord, respond_in_time};

pub const MAX_BODY: usize = 1024 * 1024;
/// Signed requests older (or newer) than this are refused: replay protection.
pub const MAX_SKEW_SECS: i64 = 300;

#[derive(Clone)]
struct Endpoint {
    discord: Discord,
    verifier: Arc<Verifier>,
}

pub fn router(discord: Discord, public_key_hex: &str) -> anyhow::Result<Router> {
    let verifier = Verifier::try_new(parse_key(public_key_hex)?)
        .map_err(|_| anyhow::anyhow!("DISCORD_PUBLIC_KEY is not a valid Ed25519 public key"))?;
    let state = Endpoint {
        discord,
        verifier: Arc::new(verifier),
    };
    Ok(Router::new()
        .route("/interactions", post(interactions))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state.clone())
        .merge(ops_router(state.discord)))
}

/// `/healthz` and `/metrics`: served with the endpoint, or alone when the
/// bot runs on the gateway only.
pub fn ops_router(discord: Discord) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(discord.clone())
        // The manager's web view answers under /web on the same server.
        .merge(crate::web::router(discord.app))
}

fn parse_key(hex_key: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = hex::decode(hex_key.trim())
        .map_err(|_| anyhow::anyhow!("DISCORD_PUBLIC_KEY must be 64 hex characters"))?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("DISCORD_PUBLIC_KEY must be 64 hex characters (32 bytes)"))
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (status, Json(serde_json::json!({ "error": why }))).into_response()
}

async fn interactions(State(e): State<Endpoint>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return refuse(StatusCode::UNAUTHORIZED, "missing signature");
    };
    if e.verifier.verify(&signature, &timestamp, &body).is_err() {
        warn!("interaction with a bad signature refused");
        return refuse(StatusCode::UNAUTHORIZED, "invalid request signature");
    }
    let now = e.discord.app.clock.now();
    match timestamp.trim().parse::<i64>() {
        Ok(ts) if (now - ts).abs() <= MAX_SKEW_SECS => {}
        _ => {
            warn!("interaction with a stale timestamp refused");
            return refuse(StatusCode::UNAUTHORIZED, "stale or invalid timestamp");
        }
    }
    let interaction: Interaction = match super::incoming::parse(&body) {
        Ok(i) => i,
        Err(err) => {
            warn!(error = %err, "malformed interaction refused");
            return refuse(StatusCode::BAD_REQUEST, "malformed interaction");
        }
    };
    Json(respond_in_time(e.discord.clone(), interaction).await).into_response()
}

/// 200 `ok`, or 503 naming what is wrong: for a load balancer or systemd.
async fn healthz(State(d): State<Discord>) -> Response {
    let problems = super::health::problems(&d.app, &d.health).await;
    if problems.is_empty() {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, problems.join("; ")).into_response()
    }
}

/// The counters and the gauges read now, in Prometheus text format.
async fn metrics(State(d): State<Discord>) -> Response {
    let mut gauges = super::health::gauges(&d.app, &d.health).await;
    gauges.discord_invalid_requests = d.rest.limits().invalid_requests(std::time::Instant::now());
    match crate::metrics::global().render(&gauges) {
        Ok(body) => (
            [(
                axum::http::header::CONTENT_TYPE,
                crate::metrics::CONTENT_TYPE,
            )],
            body,
        )
            .into_response(),
        Err(e) => {
            warn!(error = %e, "metrics could not be encoded");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
