//! The manager's web view (issue 18): read-only pages of one server, opened
//! with a signed link from `/report dashboard`, served by the bot's HTTP
//! server under `/web`. An adapter: it reads through the store and the
//! reports, and says nothing that is not in `i18n::web`.

mod auth;
mod chart;
mod customers;
mod meeting;
mod pages;
mod routes;

use std::net::SocketAddr;

use anyhow::Context as _;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::app::App;

pub use auth::COOKIE;

/// Only our stylesheet, no script at all, nothing framed: user text that
/// slipped through escaping still could not run.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The view's routes, to merge into the HTTP server's router.
pub fn router(app: App) -> Router {
    routes::router(app).layer(axum::middleware::map_response(harden))
}

/// Headers every page carries: the policy above, no caching of pages that
/// hold customers' words, and no referrer that could carry a token away.
async fn harden(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Binds the console's local server before the app is made, so the
/// links the app signs can name the port it got.
pub async fn bind(addr: &str) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on web.console_addr {addr}"))
}

/// Serves the view alone on `listener` (the console's local server, or a
/// test's), in the background.
pub fn serve_on(listener: tokio::net::TcpListener, app: App) -> anyhow::Result<SocketAddr> {
    let bound = listener.local_addr()?;
    let router = router(app);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::warn!(error = %e, "the web view's server stopped");
        }
    });
    Ok(bound)
}
