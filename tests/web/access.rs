//! Who gets in: a manager's signed link for one server and no other, until
//! it expires or its holder logs out; forged links, reps and a view left
//! off are refused with a page (or a reply) that says what to do.

use crate::common::*;
use crate::support::*;

on_both_databases!(a_link_shows_its_own_server_whatever_the_url_says);
async fn a_link_shows_its_own_server_whatever_the_url_says(db: Backend) {
    let w = crate::figures::seed(db).await;
    let ours = w.session(GUILD).await;
    let (_, page) = w.get(&ours, "/web/complaints/1").await;
    assert!(page.contains("pump leaks") && !page.contains("other server secret"));
    let theirs = w.session(GUILD2).await;
    let (_, board) = w.get(&theirs, "/web").await;
    assert!(board.contains("other server secret") && !board.contains("pump leaks"));
    let (status, missing) = w.get(&theirs, "/web/complaints/2").await;
    assert_eq!(status, 404, "the other server has no #2");
    assert!(!missing.contains("no spare parts"));
    for path in [
        "/web/complaints/abc",
        "/web/complaints/-1",
        "/web/complaints?owner=x&page=-5",
    ] {
        let (status, body) = w.get(&theirs, path).await;
        assert!(status == 404 || status == 200, "{path}: {status}");
        assert!(!body.contains("pump leaks"), "{path}");
    }

    // A token re-signed for the other server by someone without the secret.
    let token = w.token(GUILD, MANAGER).await;
    let forged = token.replacen(".500.", ".600.", 1);
    let r = client().get(w.link(&forged)).send().await.expect("open");
    assert_eq!(r.status(), 403);
    let body = r.text().await.expect("body");
    assert!(body.contains("not valid") && body.contains("/report dashboard"));
    assert!(!body.contains("other server secret"));
}

on_both_databases!(expired_forged_and_missing_links_get_a_page_saying_how_to_get_one);
async fn expired_forged_and_missing_links_get_a_page_saying_how_to_get_one(db: Backend) {
    let w = Web::on(db).await;
    let token = w.token(GUILD, MANAGER).await;
    let cookie = w.open(&token).await;
    assert_eq!(w.get(&cookie, "/web").await.0, 200);

    w.bench.advance(24 * HOUR);
    let r = client().get(w.link(&token)).send().await.expect("open");
    assert_eq!(r.status(), 410);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("This link has expired")
    );
    let (status, body) = w.get(&cookie, "/web").await;
    assert_eq!(status, 410, "the session ends with its link");
    assert!(body.contains("/report dashboard") && !body.contains("tile-open"));

    let fresh = w.token(GUILD, MANAGER).await;
    let mut bad = fresh.clone();
    bad.pop();
    for t in [bad.as_str(), "v1.1.500.201.99999999999", "nonsense", ""] {
        let r = client().get(w.link(t)).send().await.expect("open");
        assert_eq!(r.status(), 403, "{t}");
        assert!(
            r.text()
                .await
                .expect("body")
                .contains("This link is not valid")
        );
    }
    let (status, _) = w.get("", "/web").await;
    assert_eq!(status, 403, "no cookie, no page");
    let (status, _) = w.get("rapport_web=garbage", "/web/complaints").await;
    assert_eq!(status, 403);
}

on_both_databases!(after_logout_the_link_and_its_cookie_are_refused);
async fn after_logout_the_link_and_its_cookie_are_refused(db: Backend) {
    let w = Web::on(db).await;
    let token = w.token(GUILD, MANAGER).await;
    let cookie = w.open(&token).await;
    let r = client()
        .post(w.url("/web/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("logout");
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0")
    );
    assert!(r.text().await.expect("body").contains("You are logged out"));
    let (status, body) = w.get(&cookie, "/web").await;
    assert_eq!(status, 403);
    assert!(body.contains("You are logged out"));
    let r = client().get(w.link(&token)).send().await.expect("reopen");
    assert_eq!(r.status(), 403, "the link is not replayed after logout");
    assert_eq!(
        w.bench
            .count("SELECT COUNT(*) FROM web_links WHERE ended_at IS NOT NULL")
            .await,
        1
    );
    // Another link of the same manager still works: logout ends one link.
    let again = w.session(GUILD).await;
    assert_eq!(w.get(&again, "/web").await.0, 200);
}

on_both_databases!(reps_are_refused_and_a_view_without_a_secret_says_it_is_off);
async fn reps_are_refused_and_a_view_without_a_secret_says_it_is_off(db: Backend) {
    let w = Web::on(db).await;
    let refused = w.bench.refused(REP, "/report dashboard").await;
    assert!(refused.contains("managers"), "{refused}");
    let off = Bench::on(db).await;
    let reply = off.ok(MANAGER, "/report dashboard").await;
    assert!(
        reply.contains("RAPPORT_WEB_SECRET") && !reply.contains("/web/open"),
        "{reply}"
    );
}

on_both_databases!(user_text_is_escaped_and_pages_carry_a_strict_policy);
async fn user_text_is_escaped_and_pages_carry_a_strict_policy(db: Backend) {
    let w = Web::on(db).await;
    w.bench.seed_complaint("angry", "high", "product").await;
    w.bench
        .ok(REP, r#"/complaint new customer:"Acme Tools" summary:"<script>alert(1)</script> \"><img src=x onerror=alert(1)>" category:product severity:high temperament:angry channel:visit"#)
        .await;
    let cookie = w.session(GUILD).await;
    for path in ["/web", "/web/complaints", "/web/complaints/2"] {
        let r = client()
            .get(w.url(path))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("get");
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_string();
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        let body = r.text().await.expect("body");
        assert!(
            !body.contains("<script") && !body.contains("<img"),
            "{path}: {body}"
        );
        assert!(
            body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
        assert!(
            body.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
                || body.contains("\"&gt;&lt;img src=x onerror=alert(1)&gt;"),
            "{path}"
        );
        assert!(!body.contains("style="), "{path}: no inline style");
    }
}

/// `rapport doctor` says whether the view is on, and a secret too short to
/// be one stops the configuration with its name.
#[tokio::test]
async fn doctor_says_whether_the_web_view_is_on() {
    use rapport::domain::findings::Finding;
    use rapport::ops::doctor::{DoctorEnv, run};
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("doctor.db").display());
    for (secret, on) in [(None, false), (Some(SECRET), true)] {
        let config = rapport::config::Config::from_layers(None, |name| match name {
            "RAPPORT_WEB_SECRET" => secret.map(str::to_string),
            "DATABASE_URL" => Some(url.clone()),
            _ => None,
        });
        let env = DoctorEnv {
            config: config.map_err(|e| format!("{e:#}")),
            config_file: None,
            token: None,
            application_id: None,
            public_key: None,
            api_base: None,
            gateway: true,
        };
        let checks = run(&env).await;
        assert!(
            checks
                .iter()
                .any(|c| c.finding == Finding::WebView { on, link_hours: 24 }),
            "{checks:?}"
        );
    }
    let short = rapport::config::Config::from_layers(None, |name| {
        (name == "RAPPORT_WEB_SECRET").then(|| "short".to_string())
    });
    let error = format!("{:#}", short.expect_err("too short"));
    assert!(
        error.contains("RAPPORT_WEB_SECRET must be at least 16"),
        "{error}"
    );
}

/// Behind an https public URL the cookie is Secure, and links point there.
#[tokio::test]
async fn behind_https_the_cookie_is_secure_and_links_name_the_public_url() {
    let plain = Web::on(Backend::Sqlite).await;
    let token = plain.token(GUILD, MANAGER).await;
    let r = client().get(plain.link(&token)).send().await.expect("open");
    assert!(
        !r.headers()["set-cookie"]
            .to_str()
            .expect("ascii")
            .contains("Secure")
    );

    let w = Web::with_config(Backend::Sqlite, |c| {
        c.web.public_url = Some("https://rapport.example.com".into());
    })
    .await;
    let answer = w.bench.run(MANAGER, "/report dashboard").await;
    assert!(reply_text(&answer).contains("https://rapport.example.com/web/open?t="));
    let token = w.token(GUILD, MANAGER).await;
    let r = client().get(w.link(&token)).send().await.expect("open");
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}

on_both_databases!(a_complaint_page_shows_people_by_name_and_times_in_the_servers_zone);
async fn a_complaint_page_shows_people_by_name_and_times_in_the_servers_zone(db: Backend) {
    let w = crate::figures::seed(db).await;
    sqlx::query("INSERT INTO members (guild_id, user_id, name, name_key, role, seen_at) VALUES ($1, 101, 'Lin', 'lin', NULL, 0) ON CONFLICT (guild_id, user_id) DO UPDATE SET name = 'Lin'")
        .bind(GUILD.0)
        .execute(&w.bench.app.db.pool)
        .await
        .expect("a named member");
    let ours = w.session(GUILD).await;
    let (_, page) = w.get(&ours, "/web/complaints/3").await;
    // The chat's markup is the chat's: the page names people and writes times.
    assert!(!page.contains("&lt;t:") && !page.contains("<t:"), "{page}");
    assert!(!page.contains("&lt;@") && !page.contains("<@1"), "{page}");
    assert!(page.contains("@Lin"), "{page}");
    let promised = w
        .bench
        .count("SELECT promised_by FROM complaints WHERE number = 3")
        .await;
    let server = w.bench.unstamped(&format!("<t:{promised}:f>")).await;
    assert!(page.contains(&server), "the promise {server} in {page}");
}
