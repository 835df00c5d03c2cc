//! `rapport export --guild ID` and `rapport import server FILE`: one
//! server's whole data as JSON, to move it between databases (SQLite to
//! PostgreSQL and back). The export reads one snapshot; the import writes
//! everything in one transaction into a server that has no data yet, giving
//! rows fresh ids and remapping every reference to them.

mod tables;

/// The tables an export carries, with their columns (`id` first when the
/// rows are renumbered), so a test can hold them against the schema.
pub fn columns() -> Vec<(&'static str, Vec<&'static str>)> {
    TABLES
        .iter()
        .map(|t| {
            let mut cols: Vec<&str> = t.cols.iter().map(|c| c.name).collect();
            if t.has_id {
                cols.insert(0, "id");
            }
            (t.name, cols)
        })
        .collect()
}

/// Tables that hold a server's rows but are not data to move: messages in
/// flight, schedules made again at start, replica bookkeeping, links to
/// the web view (signed for this deployment; managers ask for new ones),
/// and the web view's kept figures (counted again from the moved data).
pub const NOT_MOVED: &[&str] = &[
    "outbox",
    "schedules",
    "leases",
    "web_links",
    "period_figures",
    "_sqlx_migrations",
];

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context as _, anyhow, bail};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::Row;

use crate::domain::ids::{GuildId, Timestamp};
use crate::store::{Backend, Db};
use tables::{Kind, TABLES, Table};

pub const FORMAT: &str = "rapport-server";
pub const VERSION: i64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerExport {
    pub format: String,
    pub version: i64,
    pub guild_id: i64,
    pub exported_at: Timestamp,
    /// Rows per table, each a column → value map.
    pub tables: BTreeMap<String, Vec<Map<String, Value>>>,
}

fn select(t: &Table) -> String {
    let mut cols: Vec<&str> = t.cols.iter().map(|c| c.name).collect();
    if t.has_id {
        cols.insert(0, "id");
    }
    format!(
        "SELECT {} FROM {} WHERE {} ORDER BY {}",
        cols.join(", "),
        t.name,
        t.filter,
        t.order
    )
}

fn read_value(row: &sqlx::any::AnyRow, name: &str, kind: Kind) -> Result<Value, sqlx::Error> {
    Ok(match kind {
        Kind::Int => row
            .try_get::<Option<i64>, _>(name)?
            .map_or(Value::Null, Value::from),
        Kind::Text => row
            .try_get::<Option<String>, _>(name)?
            .map_or(Value::Null, Value::from),
    })
}

/// Everything a server has, read in one snapshot.
pub async fn export(db: &Db, guild: GuildId, now: Timestamp) -> anyhow::Result<ServerExport> {
    let mut tx = db.pool.begin().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await?;
    }
    let mut out = BTreeMap::new();
    for t in TABLES {
        let rows = sqlx::query(sqlx::AssertSqlSafe(select(t)))
            .bind(guild.0)
            .fetch_all(&mut *tx)
            .await
            .with_context(|| format!("cannot read {}", t.name))?;
        let mut list = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut m = Map::new();
            if t.has_id {
                m.insert("id".into(), read_value(row, "id", Kind::Int)?);
            }
            for c in t.cols {
                m.insert(c.name.into(), read_value(row, c.name, c.kind)?);
            }
            list.push(m);
        }
        out.insert(t.name.to_string(), list);
    }
    tx.commit().await?;
    Ok(ServerExport {
        format: FORMAT.into(),
        version: VERSION,
        guild_id: guild.0,
        exported_at: now,
        tables: out,
    })
}

/// Rows written per table.
pub type Written = BTreeMap<String, usize>;

/// Writes an export into `db`, all or nothing.
pub async fn import(db: &Db, data: &ServerExport) -> anyhow::Result<Written> {
    if data.format != FORMAT || data.version != VERSION {
        bail!(
            "not a rapport server export (format {:?} version {}); expected {FORMAT} version {VERSION}",
            data.format,
            data.version
        );
    }
    if let Some(unknown) = data
        .tables
        .keys()
        .find(|k| !TABLES.iter().any(|t| t.name == k.as_str()))
    {
        bail!("the export has a table {unknown:?} this rapport does not know; upgrade rapport");
    }
    let guild = data.guild_id;
    let mut tx = db.begin_write().await?;
    for t in TABLES {
        let sql = format!("SELECT COUNT(*) AS n FROM {} WHERE {}", t.name, t.filter);
        let n: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(guild)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if n > 0 {
            bail!(
                "server {guild} already has data in this database ({n} rows in {}); import only into a server with none",
                t.name
            );
        }
    }
    let mut ids: HashMap<&str, HashMap<i64, i64>> = HashMap::new();
    let mut written = Written::new();
    for t in TABLES {
        let rows = data
            .tables
            .get(t.name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (i, row) in rows.iter().enumerate() {
            let new_id = insert(&mut tx, t, row, guild, &ids)
                .await
                .with_context(|| format!("{} row {}", t.name, i + 1))?;
            if let (Some(new_id), Some(old_id)) = (new_id, row.get("id").and_then(Value::as_i64)) {
                ids.entry(t.name).or_default().insert(old_id, new_id);
            }
        }
        written.insert(t.name.to_string(), rows.len());
    }
    tx.commit().await?;
    Ok(written)
}

async fn insert(
    conn: &mut crate::store::Conn,
    t: &Table,
    row: &Map<String, Value>,
    guild: i64,
    ids: &HashMap<&str, HashMap<i64, i64>>,
) -> anyhow::Result<Option<i64>> {
    let names: Vec<&str> = t.cols.iter().map(|c| c.name).collect();
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let returning = if t.has_id { " RETURNING id" } else { "" };
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({}){returning}",
        t.name,
        names.join(", "),
        marks.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for c in t.cols {
        let value = row.get(c.name).unwrap_or(&Value::Null);
        if c.name == "guild_id" && value.as_i64() != Some(guild) {
            bail!("belongs to server {value}, not {guild}");
        }
        query = match (c.kind, value, c.refers) {
            (_, Value::Null, _) => match c.kind {
                Kind::Int => query.bind(None::<i64>),
                Kind::Text => query.bind(None::<String>),
            },
            (Kind::Int, Value::Number(n), refers) => {
                let n = n
                    .as_i64()
                    .ok_or_else(|| anyhow!("{} is not a whole number", c.name))?;
                let n = match refers {
                    Some(table) => *ids.get(table).and_then(|m| m.get(&n)).ok_or_else(|| {
                        anyhow!("{} {n} refers to a {table} row not in the export", c.name)
                    })?,
                    None => n,
                };
                query.bind(Some(n))
            }
            (Kind::Text, Value::String(s), _) => query.bind(Some(s.clone())),
            _ => bail!("{} has a value of the wrong type: {value}", c.name),
        };
    }
    if t.has_id {
        let row = query.fetch_one(&mut *conn).await?;
        Ok(Some(row.try_get("id")?))
    } else {
        query.execute(&mut *conn).await?;
        Ok(None)
    }
}
