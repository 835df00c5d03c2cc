//! The queries behind digests and alerts; each reads only what is due,
//! through the due-date indexes on customers.

use sqlx::Row;

use super::{Conn, opt_i64};
use crate::domain::customer::{BossCadence, Tier};
use crate::domain::ids::{GuildId, Timestamp, UserId};

#[derive(Debug, Clone, PartialEq)]
pub struct OverdueVisit {
    pub customer_id: i64,
    pub name: String,
    pub owner: UserId,
    pub cadence_days: i64,
    pub last_visit_at: Option<Timestamp>,
    pub last_boss_visit_at: Option<Timestamp>,
    pub visit_due_at: Option<Timestamp>,
    pub boss_due_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, name, owner_id, cadence_days, last_visit_at, last_boss_visit_at, visit_due_at, boss_due_at";

fn overdue(r: &sqlx::any::AnyRow) -> Result<OverdueVisit, sqlx::Error> {
    Ok(OverdueVisit {
        customer_id: r.try_get("id")?,
        name: r.try_get("name")?,
        owner: UserId(r.try_get("owner_id")?),
        cadence_days: r.try_get("cadence_days")?,
        last_visit_at: opt_i64(r, "last_visit_at")?,
        last_boss_visit_at: opt_i64(r, "last_boss_visit_at")?,
        visit_due_at: opt_i64(r, "visit_due_at")?,
        boss_due_at: opt_i64(r, "boss_due_at")?,
    })
}

/// Customers whose visit, or boss/KP meeting, is overdue at `now`.
pub async fn overdue_visits(
    conn: &mut Conn,
    guild: GuildId,
    now: Timestamp,
) -> Result<Vec<OverdueVisit>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM customers WHERE guild_id = $1 AND visit_due_at <= $2
         UNION SELECT {COLUMNS} FROM customers WHERE guild_id = $1 AND boss_due_at <= $2
         ORDER BY owner_id, name"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(now)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(overdue).collect()
}

/// Keeps a customer's due dates in step with its visits, cadence and tier:
/// a key customer's boss/KP is always watched, another's once it is named.
pub async fn refresh_due(
    conn: &mut Conn,
    customer_id: i64,
    boss: BossCadence,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET
           visit_due_at = COALESCE(last_visit_at, created_at) + cadence_days * 86400,
           boss_due_at = CASE
             WHEN tier = $1 THEN COALESCE(last_boss_visit_at, created_at) + $2 * 86400
             WHEN decision_maker IS NOT NULL AND decision_maker <> '' THEN COALESCE(last_boss_visit_at, created_at) + $3 * 86400
             ELSE NULL END
         WHERE id = $4",
    )
    .bind(Tier::Key.code())
    .bind(boss.key_days)
    .bind(boss.normal_days)
    .bind(customer_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn open_complaints_of(
    conn: &mut Conn,
    guild: GuildId,
    owner: UserId,
) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM complaints WHERE guild_id = $1 AND owner_id = $2 AND status NOT IN ('closed', 'rejected')")
        .bind(guild.0)
        .bind(owner.0)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")
}

#[derive(Debug, Clone, PartialEq)]
pub struct RenewalRisk {
    pub customer_id: i64,
    pub name: String,
    pub owner: UserId,
    pub renewal_on: Timestamp,
    pub open: i64,
    pub lowest_recent: Option<i64>,
}

/// Renewals within the window, not yet alerted for that renewal date, with
/// open complaints or a recent score below 4.
pub async fn renewals_at_risk(
    conn: &mut Conn,
    guild: GuildId,
    now: Timestamp,
    until: Timestamp,
    recent_since: Timestamp,
) -> Result<Vec<RenewalRisk>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT cu.id, cu.name, cu.owner_id, cu.renewal_on,
           (SELECT COUNT(*) FROM complaints c WHERE c.customer_id = cu.id AND c.status NOT IN ('closed', 'rejected')) AS open,
           (SELECT MIN(CASE WHEN s.overall < s.again THEN (CASE WHEN s.overall < s.recommend THEN s.overall ELSE s.recommend END)
                            ELSE (CASE WHEN s.again < s.recommend THEN s.again ELSE s.recommend END) END)
              FROM scores s WHERE s.customer_id = cu.id AND s.at >= $4) AS lowest
         FROM customers cu
         WHERE cu.guild_id = $1 AND cu.renewal_on >= $2 AND cu.renewal_on <= $3
           AND (cu.risk_alerted_for IS NULL OR cu.risk_alerted_for <> cu.renewal_on)
         ORDER BY cu.renewal_on",
    )
    .bind(guild.0)
    .bind(now)
    .bind(until)
    .bind(recent_since)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let risk = RenewalRisk {
            customer_id: r.try_get("id")?,
            name: r.try_get("name")?,
            owner: UserId(r.try_get("owner_id")?),
            renewal_on: r.try_get("renewal_on")?,
            open: r.try_get("open")?,
            lowest_recent: opt_i64(&r, "lowest")?,
        };
        if risk.open > 0 || risk.lowest_recent.is_some_and(|l| l < 4) {
            out.push(risk);
        }
    }
    Ok(out)
}

pub async fn mark_risk_alerted(
    conn: &mut Conn,
    customer_id: i64,
    renewal_on: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET risk_alerted_for = $1 WHERE id = $2")
        .bind(renewal_on)
        .bind(customer_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
