//! Who is looking: the signed token, from the link once and then from the
//! session cookie, checked against the secret, the clock and the store
//! (a logout ends the link for good). Anything else gets a page that says
//! how to get a new link, and nothing of the server's data.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::app::App;
use crate::domain::weblink::{self, Grant, LinkProblem};
use crate::i18n::Lang;
use crate::i18n::web::WebText;
use crate::store::settings::ServerSettings;
use crate::store::{self, Conn};

pub const COOKIE: &str = "rapport_web";

/// A checked visitor: whose link, and the server's settings for its words.
pub struct Viewer {
    pub grant: Grant,
    pub server: ServerSettings,
    /// The server's members by id: people are shown by name, not by id.
    pub names: std::collections::HashMap<i64, String>,
    /// When the page is drawn ("in 2 h" is counted from here).
    pub now: i64,
}

impl Viewer {
    pub fn lang(&self) -> Lang {
        self.server.lang
    }

    /// A member by name, as the team knows them (`@id` when never seen).
    pub fn person(&self, user: crate::domain::ids::UserId) -> String {
        self.names
            .get(&user.0)
            .map_or_else(|| format!("@{}", user.0), |n| format!("@{n}"))
    }

    /// Chat text as the page shows it: mentions by name, Discord timestamps
    /// in the server's zone, the chat's bold and code marks dropped.
    pub fn plain(&self, text: &str) -> String {
        let named = crate::domain::text::name_mentions(text, |id| self.names.get(&id).cloned());
        self.server
            .unstamp(&named, self.now)
            .replace("**", "")
            .replace('`', "")
    }
}

/// Why no page is shown, as the page that says so.
pub enum Denied {
    Link(LinkProblem),
    /// No cookie at all: someone who never opened a link.
    NoSession,
    Failed(anyhow::Error),
}

impl From<sqlx::Error> for Denied {
    fn from(e: sqlx::Error) -> Self {
        Denied::Failed(e.into())
    }
}

impl Denied {
    /// The page, in the configured default language: a refused visitor's
    /// server is not known, or not to be trusted.
    pub fn page(&self, app: &App) -> Response {
        let lang = app.config.server.language;
        let (status, text) = match self {
            Denied::Link(LinkProblem::Expired) => (StatusCode::GONE, WebText::Expired),
            Denied::Link(LinkProblem::Revoked) => (StatusCode::FORBIDDEN, WebText::LoggedOut),
            Denied::Link(LinkProblem::Invalid) | Denied::NoSession => {
                (StatusCode::FORBIDDEN, WebText::Invalid)
            }
            Denied::Failed(e) => {
                tracing::warn!(error = %format!("{e:#}"), "web view page failed");
                (StatusCode::SERVICE_UNAVAILABLE, WebText::Failed)
            }
        };
        let mut response = (status, super::pages::notice(lang, &text)).into_response();
        // A refused cookie is dropped, so the next visit starts clean.
        if !matches!(self, Denied::Failed(_)) {
            response
                .headers_mut()
                .insert(header::SET_COOKIE, clear_cookie());
        }
        response
    }
}

/// Checks `token` at the app's time: the signature and date, then the row.
pub async fn check(app: &App, conn: &mut Conn, token: &str) -> Result<Grant, Denied> {
    let secret = app
        .config
        .web
        .secret
        .as_ref()
        .ok_or(Denied::Link(LinkProblem::Invalid))?;
    let now = app.clock.now();
    let grant = weblink::verify(secret, token, now).map_err(Denied::Link)?;
    let stored = store::web::get(conn, grant.link)
        .await?
        .ok_or(Denied::Link(LinkProblem::Invalid))?;
    // A token signed for another row's server or member is not this link.
    if stored.guild != grant.guild
        || stored.user != grant.user
        || stored.expires_at != grant.expires_at
    {
        return Err(Denied::Link(LinkProblem::Invalid));
    }
    if stored.ended_at.is_some() {
        return Err(Denied::Link(LinkProblem::Revoked));
    }
    Ok(grant)
}

/// The visitor of a page, from the session cookie.
pub async fn viewer(app: &App, conn: &mut Conn, headers: &HeaderMap) -> Result<Viewer, Denied> {
    let token = cookie(headers).ok_or(Denied::NoSession)?;
    let grant = check(app, conn, &token).await?;
    let stored = store::settings::load(conn, grant.guild).await?;
    let names = store::members::all(conn, grant.guild)
        .await?
        .into_iter()
        .map(|m| (m.user.0, m.name))
        .collect();
    Ok(Viewer {
        grant,
        server: ServerSettings::resolve(&app.config, &stored),
        names,
        now: app.clock.now(),
    })
}

pub fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The session cookie: the token itself, unreadable by scripts, never sent
/// from another site, and Secure when links are https.
pub fn session_cookie(app: &App, token: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if app.config.web.https() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/web; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        max_age.max(0)
    ))
    .ok()
}

pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("rapport_web=; Path=/web; HttpOnly; SameSite=Strict; Max-Age=0")
}
