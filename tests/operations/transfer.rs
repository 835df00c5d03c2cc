//! Moving a server between databases: `export` → `import server` gives back
//! the same server (ids renumbered, every reference kept), refuses to mix
//! into a server that has data, and works from the command line.

use std::collections::HashMap;

use rapport::domain::ids::{GuildId, UserId};
use rapport::ops::transfer::{self, ServerExport};
use serde_json::Value;

use crate::kit::{self, SqliteBench, run_line};
use crate::support::{ADMIN, Backend, Bench, GUILD, MANAGER, REP, T0, on_both_databases};

const OTHER: GuildId = GuildId(600);

/// Another server's rows first, so this one's ids do not start at 1.
async fn a_worked_server(b: &Bench) {
    let other = [
        "/customer add name:\"Other Co\" owner:<@101> tier:normal",
        "/complaint new customer:\"Other Co\" summary:\"late\" category:delivery severity:low temperament:reasoning channel:email",
    ];
    for line in other {
        assert!(b.run_in(OTHER, REP, line).await.committed, "{line}");
    }
    let mut conn = b.app.db.pool.acquire().await.unwrap();
    rapport::store::members::upsert(&mut conn, GUILD, UserId(101), "lin", None, T0)
        .await
        .unwrap();
    drop(conn);
    b.ok(
        ADMIN,
        "/rapport settings timezone:Asia/Shanghai approval_threshold:500",
    )
    .await;
    b.ok(
        REP,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key decision_maker:\"Mr Wang\"",
    )
    .await;
    b.ok(REP, "/complaint new customer:\"Acme Tools\" summary:\"pump leaks\" category:product severity:high temperament:angry channel:visit").await;
    b.ok(REP, "/complaint ack id:1").await;
    b.ok(
        REP,
        "/complaint step id:1 done:\"listened and apologised\" mood:calm",
    )
    .await;
    b.ok(REP, "/complaint step id:1 cause:\"seal cracked\" asks:\"a new pump\" promise:\"tomorrow 17:00\"").await;
    b.ok(
        REP,
        "/visit log customer:\"Acme Tools\" met:boss note:\"met Mr Wang\"",
    )
    .await;
    b.ok(REP, "/score record customer:\"Acme Tools\" overall:3 again:4 recommend:4 to_five:\"faster replies\" complaint:1").await;
}

/// Rows without their ids, references turned into positions, so two
/// databases' exports compare equal when they hold the same server.
fn normalise(data: &ServerExport) -> HashMap<String, Vec<Value>> {
    let position = |table: &str, id: i64| {
        data.tables[table]
            .iter()
            .position(|r| r["id"].as_i64() == Some(id))
            .map_or(Value::Null, Value::from)
    };
    let mut out = HashMap::new();
    for (table, rows) in &data.tables {
        let rows = rows
            .iter()
            .map(|row| {
                let mut row = row.clone();
                row.remove("id");
                for (column, target) in
                    [("customer_id", "customers"), ("complaint_id", "complaints")]
                {
                    if let Some(id) = row.get(column).and_then(Value::as_i64) {
                        row.insert(column.into(), position(target, id));
                    }
                }
                Value::Object(row)
            })
            .collect();
        out.insert(table.clone(), rows);
    }
    out
}

async fn shows(app: &rapport::app::App, clock: &rapport::clock::ManualClock) -> Vec<String> {
    let mut out = Vec::new();
    for line in [
        "/complaint show id:1",
        "/customer show name:\"Acme Tools\"",
        "/complaint list",
        "/rapport settings",
    ] {
        let answer = run_line(app, clock, GUILD, MANAGER, line).await;
        assert!(answer.committed, "{line}: {:?}", answer.response);
        out.push(format!("{:?}", answer.response));
    }
    out
}

on_both_databases!(export_then_import_gives_back_the_same_server);
async fn export_then_import_gives_back_the_same_server(db: Backend) {
    let source = Bench::on(db).await;
    a_worked_server(&source).await;
    let now = rapport::clock::Clock::now(&source.clock);
    let exported = transfer::export(&source.app.db, GUILD, now).await.unwrap();
    assert_eq!(
        exported.tables["customers"].len(),
        1,
        "only this server's rows"
    );
    assert_eq!(exported.tables["step_records"].len(), 2);
    assert!(!exported.tables.contains_key("outbox"));
    let json = serde_json::to_string(&exported).unwrap();
    let read: ServerExport = serde_json::from_str(&json).unwrap();

    let target = SqliteBench::new().await;
    target.clock.set(now);
    let written = transfer::import(&target.app.db, &read).await.unwrap();
    assert_eq!(written["complaints"], 1);
    assert_eq!(written["visits"], 1);
    assert_eq!(written["scores"], 1);
    assert_eq!(written["members"], 1);

    assert_eq!(
        shows(&source.app, &source.clock).await,
        shows(&target.app, &target.clock).await
    );
    let again = transfer::export(&target.app.db, GUILD, now).await.unwrap();
    assert_eq!(normalise(&exported), normalise(&again));

    // The new database goes on numbering where the old one stopped.
    let next = run_line(
        &target.app,
        &target.clock,
        GUILD,
        REP,
        "/complaint new customer:\"Acme Tools\" summary:\"noise\" category:product severity:low temperament:reasoning channel:email",
    )
    .await;
    assert!(
        format!("{:?}", next.response).contains("#2"),
        "{:?}",
        next.response
    );
}

on_both_databases!(an_import_never_mixes_into_a_server_with_data);
async fn an_import_never_mixes_into_a_server_with_data(db: Backend) {
    let source = Bench::on(db).await;
    a_worked_server(&source).await;
    let data = transfer::export(&source.app.db, GUILD, T0).await.unwrap();
    let target = SqliteBench::new().await;
    transfer::import(&target.app.db, &data).await.unwrap();
    let count = || async {
        let row =
            sqlx::query("SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM events)")
                .fetch_one(&target.app.db.pool)
                .await
                .unwrap();
        sqlx::Row::get::<i64, _>(&row, 0)
    };
    let before = count().await;
    let err = transfer::import(&target.app.db, &data).await.unwrap_err();
    assert!(
        format!("{err:#}").contains("server 500 already has data in this database"),
        "{err:#}"
    );
    assert_eq!(before, count().await);

    // A broken reference stops the whole import: nothing is left behind.
    let mut broken = data.clone();
    broken.guild_id = 700;
    for rows in broken.tables.values_mut() {
        for row in rows {
            if row.contains_key("guild_id") {
                row.insert("guild_id".into(), Value::from(700));
            }
        }
    }
    let scores = broken.tables.get_mut("scores").unwrap();
    scores[0].insert("complaint_id".into(), Value::from(424242));
    let err = transfer::import(&target.app.db, &broken).await.unwrap_err();
    assert!(format!("{err:#}").contains("scores row 1"), "{err:#}");
    assert_eq!(before, count().await);
}

on_both_databases!(the_command_line_moves_a_server);
async fn the_command_line_moves_a_server(db: Backend) {
    let source = Bench::on(db).await;
    a_worked_server(&source).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("server-500.json");
    let file_arg = file.display().to_string();
    let run = kit::rapport(
        &["export", "--guild", "500", &file_arg],
        &[("DATABASE_URL", &source.url)],
        dir.path(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let moved_to = format!("sqlite://{}", dir.path().join("new.db").display());
    let run = kit::rapport(
        &["import", "server", &file_arg],
        &[("DATABASE_URL", &moved_to)],
        dir.path(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with(&format!("imported server 500 into {moved_to}: ")),
        "{run:?}"
    );
    assert!(run.stdout.contains("complaints 1, customers 1"), "{run:?}");
    let db = rapport::store::Db::connect(&moved_to).await.unwrap();
    let row = sqlx::query("SELECT summary FROM complaints WHERE number = 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(sqlx::Row::get::<String, _>(&row, 0), "pump leaks");
}

on_both_databases!(the_export_covers_the_whole_schema);
/// Every column of every table is either moved or deliberately left behind:
/// a column or table added later, in either database's migrations, without
/// the export knowing fails here.
async fn the_export_covers_the_whole_schema(db: Backend) {
    let b = Bench::on(db).await;
    let moved: HashMap<&str, Vec<&str>> = transfer::columns().into_iter().collect();
    for table in b.tables().await {
        if transfer::NOT_MOVED.contains(&table.as_str()) {
            continue;
        }
        let Some(cols) = moved.get(table.as_str()) else {
            panic!("table {table} is neither exported nor listed as not moved");
        };
        let mut actual = b.columns(&table).await;
        let mut expected: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
        actual.sort();
        expected.sort();
        assert_eq!(actual, expected, "the columns of {table}");
    }
}
