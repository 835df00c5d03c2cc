//! In the console, `/report dashboard` prints a link to a local server the
//! console started on 127.0.0.1, and the link opens there.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::common::{SECRET, client};

#[tokio::test]
async fn the_console_serves_the_view_on_127_0_0_1_and_prints_its_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("rapport.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("console")
        .env("DATABASE_URL", &url)
        .env("RAPPORT_WEB_SECRET", SECRET)
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the console starts");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "/as zhao manager\n/report dashboard").expect("typed");
    let stdout = child.stdout.take().expect("stdout");
    let link = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| {
                let at = line.find("http://127.0.0.1:")?;
                Some(line[at..].split_whitespace().next()?.to_string())
            })
    })
    .await
    .expect("read")
    .expect("a link in the console's answer");
    assert!(link.contains("/web/open?t=v1."), "{link}");
    let r = client().get(&link).send().await.expect("the link opens");
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_string();
    let base = &link[..link.find("/web/open").expect("path")];
    let page = client()
        .get(format!("{base}/web"))
        .header("cookie", cookie.split(';').next().expect("pair"))
        .send()
        .await
        .expect("the board");
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .expect("body")
            .contains("Team at a glance")
    );
    writeln!(stdin, "/quit").expect("typed");
    drop(stdin);
    let _ = child.wait();
}
