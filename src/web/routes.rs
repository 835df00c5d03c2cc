//! The view's routes: opening a link, the pages, the stylesheet, logout.

use axum::Router;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::auth::{self, Denied, Viewer};
use super::pages;
use crate::app::App;
use crate::domain::complaint::{Category, Severity, Status};
use crate::domain::ids::{ComplaintNo, UserId};
use crate::domain::period::{self, Edge, Period, PeriodKind, read_edge};
use crate::i18n::web::WebText;
use crate::reports;
use crate::store::{self, dashboard::ListFilter};

/// Rows on one page of the complaint list.
pub const PAGE_SIZE: i64 = 50;

pub fn router(app: App) -> Router {
    Router::new()
        .route("/web/open", get(open))
        .route("/web", get(overview))
        .route("/web/complaints", get(complaints))
        .route("/web/complaints/{number}", get(complaint))
        .route("/web/customers", get(customers))
        .route("/web/customers/{id}", get(customer))
        .route("/web/month", get(month))
        .route("/web/logout", post(logout))
        .route("/web/app.css", get(stylesheet))
        .with_state(app)
}

#[derive(Deserialize)]
struct Open {
    t: Option<String>,
}

/// The link's landing: checks the token, sets the session cookie, and
/// redirects so the token leaves the address bar (and the history).
async fn open(State(app): State<App>, Query(q): Query<Open>) -> Response {
    let Some(token) = q.t else {
        return Denied::NoSession.page(&app);
    };
    let result = async {
        let mut conn = app.db.pool.acquire().await?;
        let grant = auth::check(&app, &mut conn, &token).await?;
        drop(conn);
        let mut tx = app.db.begin_write().await?;
        store::web::opened(&mut tx, grant.link, app.clock.now()).await?;
        tx.commit().await?;
        Ok::<_, Denied>(grant)
    }
    .await;
    let grant = match result {
        Ok(grant) => grant,
        Err(denied) => return denied.page(&app),
    };
    let mut response = Redirect::to("/web").into_response();
    if let Some(cookie) = auth::session_cookie(&app, &token, grant.expires_at - app.clock.now()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Runs `page` for a checked visitor, or shows why not.
async fn with_viewer<F>(app: &App, headers: &HeaderMap, page: F) -> Response
where
    F: AsyncFnOnce(&mut store::Conn, &Viewer) -> Result<Response, Denied>,
{
    let result = async {
        let mut conn = app.db.pool.acquire().await?;
        let viewer = auth::viewer(app, &mut conn, headers).await?;
        page(&mut conn, &viewer).await
    }
    .await;
    result.unwrap_or_else(|denied| denied.page(app))
}

async fn overview(State(app): State<App>, headers: HeaderMap) -> Response {
    with_viewer(&app, &headers, async |conn, v| {
        let now = app.clock.now();
        let (config, guild) = (&app.config, v.grant.guild);
        let o = reports::dashboard::overview(conn, &app.db, config, &v.server, guild, now)
            .await
            .map_err(Denied::Failed)?;
        Ok(pages::overview(v, &o, now).into_response())
    })
    .await
}

/// The list's query string, as typed: anything unknown is ignored.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub status: Option<String>,
    pub category: Option<String>,
    pub severity: Option<String>,
    pub owner: Option<String>,
    pub customer: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub page: Option<i64>,
}

impl ListQuery {
    /// The owner chosen: a member's id, or a mention as typed in the chat.
    pub fn owner_id(&self) -> Option<UserId> {
        let o = self.owner.as_deref().map(str::trim)?;
        o.trim_start_matches("<@")
            .trim_end_matches('>')
            .parse()
            .ok()
            .map(UserId)
    }

    fn filter(&self, v: &Viewer, now: i64) -> ListFilter {
        fn text(s: &Option<String>) -> Option<&str> {
            s.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        let tz = v.server.tz;
        ListFilter {
            status: text(&self.status).and_then(Status::from_code),
            category: text(&self.category).and_then(Category::from_code),
            severity: text(&self.severity).and_then(Severity::from_code),
            owner: self.owner_id(),
            customer: text(&self.customer).map(str::to_string),
            from: text(&self.from).and_then(|t| read_edge(t, Edge::From, now, tz).ok()),
            until: text(&self.until).and_then(|t| read_edge(t, Edge::Until, now, tz).ok()),
        }
    }
}

async fn complaints(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    with_viewer(&app, &headers, async |conn, v| {
        let filter = q.filter(v, app.clock.now());
        let page = q.page.unwrap_or(0).clamp(0, 10_000);
        // One more than shown, to know whether an older page exists.
        let mut rows = store::dashboard::list(
            conn,
            v.grant.guild,
            &filter,
            PAGE_SIZE + 1,
            page * PAGE_SIZE,
        )
        .await?;
        let more = rows.len() as i64 > PAGE_SIZE;
        rows.truncate(PAGE_SIZE as usize);
        Ok(pages::complaints(v, &q, &rows, page, more).into_response())
    })
    .await
}

async fn complaint(
    State(app): State<App>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Response {
    with_viewer(&app, &headers, async |conn, v| {
        let lang = v.lang();
        let Ok(number) = number.trim_start_matches('#').parse::<i64>() else {
            return Ok(not_found(lang));
        };
        // Always this viewer's server: a number from another one is unknown here.
        let Some(c) = store::complaints::get(conn, v.grant.guild, ComplaintNo(number)).await?
        else {
            return Ok(not_found(lang));
        };
        let steps = store::steps::current(conn, c.id)
            .await
            .map_err(Denied::Failed)?;
        let events = store::events::for_complaint(conn, c.id).await?;
        Ok(pages::complaint(v, &c, &steps, &events).into_response())
    })
    .await
}

#[derive(Deserialize)]
struct CustomerQuery {
    name: Option<String>,
    page: Option<i64>,
}

async fn customers(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<CustomerQuery>,
) -> Response {
    with_viewer(&app, &headers, async |conn, v| {
        let name = q.name.as_deref().map(str::trim).unwrap_or_default();
        let page = q.page.unwrap_or(0).clamp(0, 10_000);
        let given = (!name.is_empty()).then_some(name);
        let mut rows = store::dashboard::customers(
            conn,
            v.grant.guild,
            given,
            None,
            PAGE_SIZE + 1,
            page * PAGE_SIZE,
        )
        .await?;
        let more = rows.len() as i64 > PAGE_SIZE;
        rows.truncate(PAGE_SIZE as usize);
        let now = app.clock.now();
        Ok(super::customers::list(v, name, &rows, page, more, now).into_response())
    })
    .await
}

async fn customer(State(app): State<App>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    with_viewer(&app, &headers, async |conn, v| {
        let lang = v.lang();
        let Ok(id) = id.parse::<i64>() else {
            return Ok(not_found(lang));
        };
        // Read within this viewer's server: another server's id is unknown here.
        let Some(listed) = store::dashboard::customer(conn, v.grant.guild, id).await? else {
            return Ok(not_found(lang));
        };
        let visits = store::customers::visit_summary(conn, id).await?;
        let open = store::dashboard::open_for_customer(conn, v.grant.guild, id, 50).await?;
        let scores = store::scores::latest_for_customer(conn, id, 24).await?;
        let win_back = store::win_back::done(conn, id).await?.len();
        let page = super::customers::CustomerPage {
            listed: &listed,
            visits: &visits,
            open: &open,
            scores: &scores,
            win_back,
        };
        Ok(super::customers::page(v, &page, app.clock.now()).into_response())
    })
    .await
}

#[derive(Deserialize)]
struct MonthQuery {
    period: Option<String>,
}

/// The monthly meeting's page: this month unless `period` names another.
async fn month(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<MonthQuery>,
) -> Response {
    with_viewer(&app, &headers, async |conn, v| {
        let (now, tz, guild) = (app.clock.now(), v.server.tz, v.grant.guild);
        let period = period::read(PeriodKind::Month, q.period.as_deref(), now, tz)
            .ok()
            .or_else(|| Period::containing(PeriodKind::Month, now, tz));
        let Some(period) = period else {
            return Ok(not_found(v.lang()));
        };
        let r = reports::dashboard::month(conn, &app.db, guild, period, now)
            .await
            .map_err(Denied::Failed)?;
        let voice = reports::voice::build(conn, guild, &period, tz)
            .await
            .map_err(Denied::Failed)?;
        Ok(super::meeting::month(v, &period, &r, &voice, now).into_response())
    })
    .await
}

fn not_found(lang: crate::i18n::Lang) -> Response {
    (
        StatusCode::NOT_FOUND,
        pages::notice(lang, &WebText::NotFound),
    )
        .into_response()
}

/// Ends the session's link for good, wherever else it is open.
async fn logout(State(app): State<App>, headers: HeaderMap) -> Response {
    let result = async {
        let mut conn = app.db.pool.acquire().await?;
        let viewer = auth::viewer(&app, &mut conn, &headers).await?;
        drop(conn);
        let mut tx = app.db.begin_write().await?;
        store::web::end(&mut tx, viewer.grant.link, app.clock.now()).await?;
        tx.commit().await?;
        Ok::<_, Denied>(viewer.lang())
    }
    .await;
    match result {
        Ok(lang) => {
            let mut response = pages::notice(lang, &WebText::LoggedOut).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, auth::clear_cookie());
            response
        }
        Err(denied) => denied.page(&app),
    }
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("app.css"),
    )
        .into_response()
}
