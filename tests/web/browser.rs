//! The pages in a real browser: Debian's chromium, headless, driven over
//! chromedriver (started here on a free port, and killed after). A
//! screenshot of each page goes to target/screenshots/.

use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt as _;

use crate::common::*;
use crate::support::*;

/// chromedriver, for as long as the test holds it.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    /// chromedriver leads its own process group, and the browsers it started
    /// are in it: the whole group goes, even after a failed assertion.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver on PATH (apt-get install chromium chromium-driver; .ci/run does)");
    let driver = Driver { child, port };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return driver;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not listen on {port}");
}

/// A headless browser session, with a profile of its own. A browser slow to
/// start on a busy machine (chromedriver gives up on it) is tried again.
async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            // Root in CI has no sandbox to give; nothing remote is opened.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1500,1100", "--lang=en-US",
                     format!("--user-data-dir={}", profile.display())]
        }),
    );
    let mut last = None;
    for _ in 0..3 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            Ok(client) => return client,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    panic!("no browser session: {last:?}");
}

fn shots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn shoot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    std::fs::write(shots().join(name), png).expect("screenshot written");
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("text")
}

#[tokio::test]
async fn a_manager_opens_the_board_follows_a_complaint_and_sees_chinese_and_expiry() {
    let w = crate::figures::seed(Backend::Sqlite).await;
    // The second server speaks Chinese; its manager gets a link of their own.
    w.bench
        .run_in(GUILD2, MANAGER, "/rapport settings language:zh-CN")
        .await;
    let english = w.token(GUILD, MANAGER).await;
    let chinese = w.token(GUILD2, MANAGER).await;
    let driver = driver().await;
    let profile = tempfile::tempdir().expect("a browser profile");
    let c = browser(&driver, profile.path()).await;
    let result = std::panic::AssertUnwindSafe(async {
        c.goto(&w.link(&english)).await.expect("open the link");
        let url = c.current_url().await.expect("url");
        assert_eq!(url.path(), "/web");
        assert!(url.query().is_none(), "the token left the address bar");
        assert_eq!(text(&c, "h1").await, "Team at a glance");
        // The right cards in the right columns, coloured by severity.
        let solution = c
            .find_all(Locator::Css("#step-solution li.card"))
            .await
            .expect("cards");
        let ids: Vec<String> = futures_util::future::join_all(
            solution
                .iter()
                .map(|e| async { e.attr("id").await.ok().flatten().unwrap_or_default() }),
        )
        .await;
        assert_eq!(ids, ["card-3", "card-4"]);
        assert!(
            c.find(Locator::Css("#step-calm li.card.sev-low#card-1"))
                .await
                .is_ok()
        );
        assert!(
            c.find(Locator::Css("#step-cause li.card.sev-high#card-2"))
                .await
                .is_ok()
        );
        let colour = c
            .find(Locator::Css("#card-3"))
            .await
            .expect("card 3")
            .css_value("border-left-color")
            .await
            .expect("colour");
        assert_eq!(
            colour, "rgba(217, 83, 79, 1)",
            "critical is red, from the stylesheet"
        );
        assert_eq!(text(&c, "#tile-open .figure").await, "4");
        shoot(&c, "web-overview-en.png").await;

        c.find(Locator::Css("#card-3 a"))
            .await
            .expect("card 3")
            .click()
            .await
            .expect("click");
        c.wait()
            .for_element(Locator::Css("#steps"))
            .await
            .expect("the complaint page");
        assert_eq!(
            c.current_url().await.expect("url").path(),
            "/web/complaints/3"
        );
        assert!(text(&c, "h1").await.contains("#3"));
        assert!(text(&c, "#record-cause").await.contains("worn seal"));
        shoot(&c, "web-complaint-en.png").await;

        c.goto(&w.url("/web/complaints")).await.expect("the list");
        assert!(c.find(Locator::Css("#complaints")).await.is_ok());
        shoot(&c, "web-complaints-en.png").await;

        c.goto(&w.url("/web/month")).await.expect("the month");
        assert_eq!(text(&c, "h1").await, "The monthly meeting: 2026-11");
        assert!(text(&c, "#causes").await.contains("worn seal"));
        shoot(&c, "web-month-en.png").await;

        c.goto(&w.url("/web/customers"))
            .await
            .expect("the customers");
        c.find(Locator::LinkText("Beta"))
            .await
            .expect("Beta")
            .click()
            .await
            .expect("click");
        c.wait()
            .for_element(Locator::Css("#facts"))
            .await
            .expect("the customer page");
        assert_eq!(text(&c, "h1").await, "Beta");
        assert!(text(&c, "#open").await.contains("#3"));
        shoot(&c, "web-customer-en.png").await;

        c.goto(&w.link(&chinese)).await.expect("the Chinese link");
        assert_eq!(text(&c, "h1").await, "团队概览");
        assert!(text(&c, "#open-by-step").await.contains("步骤"));
        assert!(text(&c, "#weekly-chart").await.contains("确认用时"));
        assert!(!c.source().await.expect("source").contains("pump leaks"));
        shoot(&c, "web-overview-zh.png").await;
        c.goto(&w.url("/web/month"))
            .await
            .expect("the Chinese month");
        assert_eq!(text(&c, "h1").await, "月度客户之声会议：2026-11");
        shoot(&c, "web-month-zh.png").await;

        w.bench.advance(25 * HOUR);
        let late = w.token(GUILD, MANAGER).await;
        w.bench.advance(25 * HOUR);
        c.goto(&w.link(&late)).await.expect("an expired link");
        assert!(text(&c, "#notice").await.contains("This link has expired"));
        shoot(&c, "web-expired.png").await;
    })
    .catch_unwind()
    .await;
    // The browser is closed before a failure is reported.
    let _ = c.close().await;
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
