//! A bench with the web view on, served on a free local port, and a small
//! HTTP client that keeps the session cookie by hand (so tests see it).

use std::net::SocketAddr;

use crate::support::*;
use rapport::domain::ids::GuildId;
use rapport::domain::permissions::Actor;

pub const SECRET: &str = "the web view's test secret";
pub const GUILD2: GuildId = GuildId(600);
pub const HOUR: i64 = 3600;

pub struct Web {
    pub bench: Bench,
    pub addr: SocketAddr,
}

impl Web {
    pub async fn on(db: Backend) -> Web {
        Web::with_config(db, |_| {}).await
    }

    pub async fn with_config(db: Backend, edit: impl FnOnce(&mut rapport::config::Config)) -> Web {
        let bench = Bench::with_config(db, |c| {
            c.web.secret = rapport::domain::weblink::WebSecret::new(SECRET);
            edit(c);
        })
        .await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let addr = rapport::web::serve_on(listener, bench.app.clone()).expect("served");
        Web { bench, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `/report dashboard` by `actor` in `guild`; the token from its link.
    pub async fn token(&self, guild: GuildId, actor: Actor) -> String {
        let answer = self.bench.run_in(guild, actor, "/report dashboard").await;
        assert!(answer.committed, "{:?}", answer.response);
        let text = reply_text(&answer);
        let start = text.find("/web/open?t=").expect("a link in the reply") + 12;
        text[start..]
            .split_whitespace()
            .next()
            .expect("a token")
            .to_string()
    }

    /// The link on this test's port.
    pub fn link(&self, token: &str) -> String {
        self.url(&format!("/web/open?t={token}"))
    }

    /// Opens a link as a browser would; returns the session cookie.
    pub async fn open(&self, token: &str) -> String {
        let r = client().get(self.link(token)).send().await.expect("open");
        assert_eq!(r.status(), 303, "the link redirects");
        assert_eq!(r.headers()["location"], "/web");
        let cookie = r.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .to_string();
        for part in ["HttpOnly", "SameSite=Strict", "Path=/web"] {
            assert!(cookie.contains(part), "{cookie}");
        }
        cookie.split(';').next().expect("name=value").to_string()
    }

    /// A manager's session in `guild`.
    pub async fn session(&self, guild: GuildId) -> String {
        let token = self.token(guild, MANAGER).await;
        self.open(&token).await
    }

    pub async fn get(&self, cookie: &str, path: &str) -> (u16, String) {
        let r = client()
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .expect("get");
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The HTML of the element with `id`, up to its closing tag of the same name
/// (enough for the flat sections these pages have).
pub fn section<'a>(html: &'a str, tag: &str, id: &str) -> &'a str {
    let open = format!("<{tag} ");
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in the page"));
    let start = html[..at].rfind(&open).expect("its tag");
    let end = html[start..]
        .find(&format!("</{tag}>"))
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The number shown in an overview tile.
pub fn tile(html: &str, id: &str) -> i64 {
    let s = section(html, "div", &format!("tile-{id}"));
    let start = s.find("class=\"figure\">").expect("a figure") + 15;
    s[start..]
        .split('<')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

/// The cells of a table row whose first cell is `head`, as text.
pub fn row(html: &str, table: &str, head: &str) -> Vec<String> {
    let t = section(html, "table", table);
    let at = t
        .find(&format!("<th>{head}</th>"))
        .unwrap_or_else(|| panic!("no row {head} in #{table}"));
    let end = t[at..].find("</tr>").map_or(t.len(), |e| at + e);
    t[at..end]
        .split("<td>")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap_or("").to_string())
        .collect()
}
