//! Customers, found by name case-insensitively within their server.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, opt_i64};
use crate::domain::customer::BossCadence;
use crate::domain::customer::{Customer, Tier, TrustStage};
use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::text::name_key;

pub(super) const COLUMNS: &str = "id, guild_id, name, owner_id, tier, cadence_days, stage, renewal_on, decision_maker, created_at";

pub(super) fn customer(row: &AnyRow) -> Result<Customer, sqlx::Error> {
    let decode = |col: &str, e: String| sqlx::Error::ColumnDecode {
        index: col.into(),
        source: e.into(),
    };
    let tier: String = row.try_get("tier")?;
    let stage: String = row.try_get("stage")?;
    Ok(Customer {
        id: row.try_get("id")?,
        guild: GuildId(row.try_get("guild_id")?),
        name: row.try_get("name")?,
        owner: UserId(row.try_get("owner_id")?),
        tier: Tier::from_code(&tier).ok_or_else(|| decode("tier", tier))?,
        cadence_days: row.try_get("cadence_days")?,
        stage: TrustStage::from_code(&stage).ok_or_else(|| decode("stage", stage))?,
        renewal_on: opt_i64(row, "renewal_on")?,
        decision_maker: row.try_get("decision_maker")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Adds a customer; `boss` sets when its boss/KP meeting falls due.
pub async fn insert(conn: &mut Conn, c: &Customer, boss: BossCadence) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO customers (guild_id, name, name_key, owner_id, tier, cadence_days, stage, renewal_on, decision_maker, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(c.guild.0)
    .bind(&c.name)
    .bind(name_key(&c.name))
    .bind(c.owner.0)
    .bind(c.tier.code())
    .bind(c.cadence_days)
    .bind(c.stage.code())
    .bind(c.renewal_on)
    .bind(c.decision_maker.clone())
    .bind(c.created_at)
    .fetch_one(&mut *conn)
    .await?;
    let id = row.try_get("id")?;
    super::digests::refresh_due(conn, id, boss).await?;
    Ok(id)
}

pub async fn update(
    conn: &mut Conn,
    c: &Customer,
    now: Timestamp,
    boss: BossCadence,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET name = $1, name_key = $2, owner_id = $3, tier = $4, cadence_days = $5, stage = $6,
           renewal_on = $7, decision_maker = $8, updated_at = $9 WHERE id = $10 AND guild_id = $11",
    )
    .bind(&c.name)
    .bind(name_key(&c.name))
    .bind(c.owner.0)
    .bind(c.tier.code())
    .bind(c.cadence_days)
    .bind(c.stage.code())
    .bind(c.renewal_on)
    .bind(c.decision_maker.clone())
    .bind(now)
    .bind(c.id)
    .bind(c.guild.0)
    .execute(&mut *conn)
    .await?;
    super::digests::refresh_due(conn, c.id, boss).await
}

pub async fn find_by_name(
    conn: &mut Conn,
    guild: GuildId,
    name: &str,
) -> Result<Option<Customer>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM customers WHERE guild_id = $1 AND name_key = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(name_key(name))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| customer(&r)).transpose()
}

pub async fn get(
    conn: &mut Conn,
    guild: GuildId,
    id: i64,
) -> Result<Option<Customer>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM customers WHERE guild_id = $1 AND id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| customer(&r)).transpose()
}

/// Names for suggestions and autocomplete: those containing `fragment` first.
pub async fn names_like(
    conn: &mut Conn,
    guild: GuildId,
    fragment: &str,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let pattern = format!("%{}%", like_escaped(&name_key(fragment)));
    // SQLite's LIKE has no escape character unless ESCAPE names one (PostgreSQL's is this one).
    let rows = sqlx::query("SELECT name FROM customers WHERE guild_id = $1 AND name_key LIKE $2 ESCAPE '\\' ORDER BY name_key LIMIT $3")
        .bind(guild.0)
        .bind(pattern)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| r.try_get("name")).collect()
}

/// `text` matched as itself in a LIKE pattern with `ESCAPE '\'`: typed `%`
/// and `_` are characters, not wildcards.
pub fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub async fn all_names(conn: &mut Conn, guild: GuildId) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT name FROM customers WHERE guild_id = $1")
        .bind(guild.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| r.try_get("name")).collect()
}

#[derive(Debug, Default, Clone)]
pub struct CustomerFilter {
    pub owner: Option<UserId>,
    pub tier: Option<Tier>,
    pub stage: Option<TrustStage>,
    /// Only those whose visit or boss/KP meeting is overdue at this time.
    pub overdue_at: Option<Timestamp>,
    /// Only those flagged at risk by a low score.
    pub at_risk: bool,
}

/// A customer as lists show it: with its risk flag and due dates.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub customer: Customer,
    pub at_risk: bool,
    pub visit_due_at: Option<Timestamp>,
    pub boss_due_at: Option<Timestamp>,
}

pub async fn list(
    conn: &mut Conn,
    guild: GuildId,
    f: &CustomerFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Listed>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS}, at_risk, visit_due_at, boss_due_at FROM customers WHERE guild_id = $1
           AND ($2 IS NULL OR owner_id = $2) AND ($3 IS NULL OR tier = $3) AND ($4 IS NULL OR stage = $4)
           AND ($5 IS NULL OR visit_due_at <= $5 OR boss_due_at <= $5) AND ($6 = 0 OR at_risk = 1)
         ORDER BY name_key LIMIT $7 OFFSET $8"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(f.owner.map(|o| o.0))
        .bind(f.tier.map(|t| t.code()))
        .bind(f.stage.map(|s| s.code()))
        .bind(f.overdue_at)
        .bind(super::flag(f.at_risk))
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Listed {
                customer: customer(r)?,
                at_risk: r.try_get::<i64, _>("at_risk")? != 0,
                visit_due_at: opt_i64(r, "visit_due_at")?,
                boss_due_at: opt_i64(r, "boss_due_at")?,
            })
        })
        .collect()
}

/// What the customer card shows besides the customer itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitSummary {
    pub last_visit_at: Option<Timestamp>,
    pub last_boss_visit_at: Option<Timestamp>,
    pub at_risk: bool,
}

pub async fn visit_summary(conn: &mut Conn, id: i64) -> Result<VisitSummary, sqlx::Error> {
    let row = sqlx::query(
        "SELECT last_visit_at, last_boss_visit_at, at_risk FROM customers WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(VisitSummary {
        last_visit_at: opt_i64(&row, "last_visit_at")?,
        last_boss_visit_at: opt_i64(&row, "last_boss_visit_at")?,
        at_risk: row.try_get::<i64, _>("at_risk")? != 0,
    })
}

pub async fn note_visit(
    conn: &mut Conn,
    id: i64,
    at: Timestamp,
    with_boss: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET
           last_visit_at = CASE WHEN last_visit_at IS NULL OR last_visit_at < $1 THEN $1 ELSE last_visit_at END,
           last_boss_visit_at = CASE WHEN $2 = 1 AND (last_boss_visit_at IS NULL OR last_boss_visit_at < $1) THEN $1 ELSE last_boss_visit_at END
         WHERE id = $3",
    )
    .bind(at)
    .bind(i64::from(with_boss))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_at_risk(conn: &mut Conn, id: i64, at_risk: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET at_risk = $1 WHERE id = $2")
        .bind(super::flag(at_risk))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
