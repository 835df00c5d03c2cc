//! Onboarding: a team's customer spreadsheet, through `/customer import`
//! (the file downloaded from its URL), through Discord with a real
//! attachment, and through `rapport import customers`.

use rapport::domain::ids::UserId;
use serde_json::json;

use crate::harness::{self, Live, content, is_private};
use crate::kit::{self, serve_file};
use crate::support::interactions::{self as ix, typed};
use crate::support::{self, Backend, Bench, GUILD, MANAGER, REP, T0, on_both_databases};

/// lin (101) and 王芳 (102) are people the server has seen.
async fn seen_people(b: &Bench) {
    let mut conn = b.app.db.pool.acquire().await.unwrap();
    for (id, name) in [(101, "lin"), (102, "王芳")] {
        rapport::store::members::upsert(&mut conn, GUILD, UserId(id), name, None, T0)
            .await
            .unwrap();
    }
}

/// A spreadsheet as Excel writes it for a Chinese locale: a BOM, semicolons,
/// Chinese headers and names.
fn chinese_sheet() -> Vec<u8> {
    let text = "\u{feff}名称;负责人;等级;拜访周期;信任阶段;续约日期;决策人;上次拜访\n\
                北方机械;@王芳;重点;;回头客;2027-03-01;王总;2026-11-01\n\
                Acme Tools;<@101>;普通;45;regular;;;\n\
                \"Delta; Co\";102;key;;;2027/6/30;\"Ms; Li\";2026年10月8日\n";
    text.as_bytes().to_vec()
}

async fn import_line(bytes: Vec<u8>, extra: &str) -> String {
    let url = serve_file("customers.csv", bytes).await;
    format!("/customer import file:\"{url}\" {extra}")
}

on_both_databases!(a_spreadsheet_creates_and_updates_customers);
async fn a_spreadsheet_creates_and_updates_customers(db: Backend) {
    let b = Bench::on(db).await;
    seen_people(&b).await;
    b.ok(
        MANAGER,
        "/customer add name:\"ACME tools\" owner:<@102> tier:key",
    )
    .await;
    let line = import_line(chinese_sheet(), "").await;
    let reply = b.ok(MANAGER, &line).await;
    assert!(reply.contains("2 customer(s) added, 1 updated"), "{reply}");
    assert!(reply.contains("+ **北方机械**"), "{reply}");
    assert!(
        reply.contains("~ **Acme Tools**: name, owner, tier, cadence, stage"),
        "{reply}"
    );
    let row = |name: &str| {
        format!(
            "SELECT owner_id || '|' || tier || '|' || cadence_days || '|' || stage || '|' || \
             COALESCE(decision_maker, '-') FROM customers WHERE name = '{name}'"
        )
    };
    assert_eq!(
        b.text(&row("北方机械")).await.as_deref(),
        Some("102|key|30|repeat|王总")
    );
    assert_eq!(
        b.text(&row("Acme Tools")).await.as_deref(),
        Some("101|normal|45|regular|-")
    );
    assert_eq!(
        b.text(&row("Delta; Co")).await.as_deref(),
        Some("102|key|30|first-time|Ms; Li")
    );
    // 2026-11-01 09:00 UTC; the next visit falls due a cadence later.
    let visited = 1_793_523_600;
    assert_eq!(
        b.count("SELECT last_visit_at FROM customers WHERE name = '北方机械'")
            .await,
        visited
    );
    assert_eq!(
        b.count("SELECT visit_due_at FROM customers WHERE name = '北方机械'")
            .await,
        visited + 30 * 86_400
    );
    assert_eq!(
        b.count("SELECT renewal_on FROM customers WHERE name = 'Delta; Co'")
            .await,
        1_814_346_000 // 2027-06-30 09:00 UTC
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'customer-added'")
            .await,
        3
    );
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'customer-edited'")
            .await,
        1
    );
    // The same file again changes nothing.
    let again = b.ok(MANAGER, &line).await;
    assert!(
        again.contains("0 customer(s) added, 0 updated, 3 unchanged"),
        "{again}"
    );
}

/// Good lines, and lines with each kind of mistake a spreadsheet has.
fn sheet_with_mistakes() -> Vec<u8> {
    "name,owner,tier,renewal,last visit\n\
     Good One,101,key,2027-01-01,\n\
     Ghost,@nobody,normal,,\n\
     Bad Date,101,normal,2027-02-30,\n\
     good one,102,normal,,\n\
     Wrong Tier,101,vip,,\n\
     Good Two,102,normal,,2026-11-20\n"
        .as_bytes()
        .to_vec()
}

on_both_databases!(every_bad_line_is_reported_and_nothing_is_imported);
async fn every_bad_line_is_reported_and_nothing_is_imported(db: Backend) {
    let b = Bench::on(db).await;
    seen_people(&b).await;
    let line = import_line(sheet_with_mistakes(), "").await;
    let reply = b.refused(MANAGER, &line).await;
    assert!(
        reply.starts_with("Nothing was imported: 4 line(s) have problems"),
        "{reply}"
    );
    for expected in [
        "line 3: I don't know who `@nobody` is",
        "line 4: `2027-02-30` in renewal is not a date; write it as YYYY-MM-DD",
        "line 5: **good one** is already on line 2",
        "line 6: `vip` is not a tier; use key or normal",
    ] {
        assert!(reply.contains(expected), "{expected}\n{reply}");
    }
    assert!(
        !reply.contains("line 2:") && !reply.contains("line 7:"),
        "{reply}"
    );
    assert_eq!(b.count("SELECT COUNT(*) FROM customers").await, 0);

    // The same report in the server's language.
    b.ok(
        support::ADMIN,
        "/rapport settings language:zh-CN timezone:Asia/Shanghai",
    )
    .await;
    let reply = b.refused(MANAGER, &line).await;
    assert!(
        reply.starts_with("没有导入任何内容：有 4 行存在问题"),
        "{reply}"
    );
    assert!(
        reply.contains("• 第 4 行：续约日期“2027-02-30”不是日期"),
        "{reply}"
    );
    assert!(reply.contains("• 第 6 行：“vip”不是有效的等级"), "{reply}");
}

on_both_databases!(a_dry_run_shows_the_changes_and_writes_nothing);
async fn a_dry_run_shows_the_changes_and_writes_nothing(db: Backend) {
    let b = Bench::on(db).await;
    seen_people(&b).await;
    b.ok(
        MANAGER,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
    )
    .await;
    let before = b.fingerprint().await;
    let line = import_line(chinese_sheet(), "dry_run:yes").await;
    let reply = b.ok(MANAGER, &line).await;
    assert!(
        reply.starts_with("**Dry run**: 2 customer(s) would be added, 1 updated"),
        "{reply}"
    );
    assert!(
        reply.contains("~ **Acme Tools**: tier, cadence, stage"),
        "{reply}"
    );
    assert_eq!(before, b.fingerprint().await, "a dry run wrote something");
}

on_both_databases!(only_managers_import_and_broken_files_are_named);
async fn only_managers_import_and_broken_files_are_named(db: Backend) {
    let b = Bench::on(db).await;
    let line = import_line(chinese_sheet(), "").await;
    let reply = b.refused(REP, &line).await;
    assert!(
        reply.contains("Only a manager may import customers"),
        "{reply}"
    );
    let cases: [(&[u8], &str); 4] = [
        (b"\xff\xfename\n", "not UTF-8"),
        (
            b"name;colour\nAcme;red\n",
            "I don't know the column `colour`",
        ),
        (b"owner,tier\n101,key\n", "no customer name column"),
        (b"name,owner\n\n", "names its columns but has no customers"),
    ];
    for (bytes, expected) in cases {
        let line = import_line(bytes.to_vec(), "").await;
        let reply = b.refused(MANAGER, &line).await;
        assert!(reply.contains(expected), "{expected}: {reply}");
    }
    let reply = b
        .refused(
            MANAGER,
            "/customer import file:\"http://127.0.0.1:1/nothing.csv\"",
        )
        .await;
    assert!(reply.contains("could not download the file"), "{reply}");
    // Many bad lines still make one Discord message (at most 2000 characters).
    let mut many = String::from("name,owner,tier\n");
    for i in 0..300 {
        many.push_str(&format!("Customer {i},101,gold\n"));
    }
    let line = import_line(many.into_bytes(), "").await;
    let reply = b.refused(MANAGER, &line).await;
    assert!(
        reply.starts_with("Nothing was imported: 300 line(s) have problems"),
        "{reply}"
    );
    assert!(reply.contains("• line 2: `gold` is not a tier"), "{reply}");
    assert!(
        reply.chars().count() <= 2000 && reply.ends_with('…'),
        "{reply}"
    );
    let too_big = vec![b'a'; rapport::import::MAX_FILE_BYTES + 10];
    let line = import_line(too_big, "").await;
    let reply = b.refused(MANAGER, &line).await;
    assert!(reply.contains("larger than 2 MiB"), "{reply}");
}

on_both_databases!(a_csv_attached_in_discord_is_imported);
async fn a_csv_attached_in_discord_is_imported(db: Backend) {
    let _serial = crate::kit::INTERACTIONS.lock().await;
    let live = Live::start(db).await;
    let url = serve_file("kunden.csv", chinese_sheet()).await;
    let mut payload = ix::command(
        &harness::manager(),
        "customer",
        "import",
        vec![("file", typed(11, json!("1400000000000000001")))],
    );
    payload["data"]["resolved"]["attachments"]["1400000000000000001"] = json!({
        "id": "1400000000000000001", "filename": "kunden.csv", "size": 300,
        "url": url, "proxy_url": url, "content_type": "text/csv; charset=utf-8",
        "ephemeral": true,
    });
    let reply = live.send(&payload).await;
    assert!(is_private(&reply), "{reply}");
    let text = content(&reply);
    // The owners named by id are taken as they are; @王芳 is not known on this server.
    assert!(
        text.contains("line 2: I don't know who `@王芳` is"),
        "{text}"
    );
    assert_eq!(live.bench.count("SELECT COUNT(*) FROM customers").await, 0);

    let ids_only = "name,owner,tier\nNorth Works,100000000000000101,key\n";
    let url = serve_file("ids.csv", ids_only.as_bytes().to_vec()).await;
    let mut payload = ix::command(
        &harness::manager(),
        "customer",
        "import",
        vec![("file", typed(11, json!("1400000000000000002")))],
    );
    payload["data"]["resolved"]["attachments"]["1400000000000000002"] = json!({
        "id": "1400000000000000002", "filename": "ids.csv", "size": 60,
        "url": url, "proxy_url": url, "content_type": "text/csv",
    });
    let text = content(&live.send(&payload).await);
    assert!(text.contains("1 customer(s) added"), "{text}");
    assert_eq!(
        live.bench
            .text("SELECT tier FROM customers WHERE name = 'North Works'")
            .await
            .as_deref(),
        Some("key")
    );
    live.fake.assert_clean();
}

on_both_databases!(the_command_line_imports_a_file);
async fn the_command_line_imports_a_file(db: Backend) {
    let b = Bench::on(db).await;
    seen_people(&b).await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, chinese_sheet()).unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, sheet_with_mistakes()).unwrap();
    let env = [("DATABASE_URL", b.url.as_str())];
    let path = |p: &std::path::Path| p.display().to_string();

    let run = kit::rapport(
        &["import", "customers", &path(&bad), "--guild", "500"],
        &env,
        dir.path(),
    )
    .await;
    assert_ne!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("line 6: `vip` is not a tier"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("rapport: nothing was imported from"),
        "{run:?}"
    );
    assert_eq!(b.count("SELECT COUNT(*) FROM customers").await, 0);

    let run = kit::rapport(
        &[
            "import",
            "customers",
            &path(&good),
            "--guild",
            "500",
            "--dry-run",
        ],
        &env,
        dir.path(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("3 customer(s) would be added"),
        "{run:?}"
    );
    assert_eq!(b.count("SELECT COUNT(*) FROM customers").await, 0);

    let run = kit::rapport(
        &["import", "customers", &path(&good), "--guild", "500"],
        &env,
        dir.path(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("3 customer(s) added"), "{run:?}");
    assert_eq!(
        b.count("SELECT COUNT(*) FROM customers WHERE guild_id = 500")
            .await,
        3
    );
}
