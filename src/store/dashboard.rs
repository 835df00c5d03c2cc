//! What the manager's web view reads. Every query names its server and is
//! bounded: counts are grouped in SQL, lists carry a LIMIT, and the open
//! complaints are read through the `complaints_board` partial index.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, coded, numbered, opt_i64};
use crate::domain::complaint::{Severity, Status, Step};
use crate::domain::ids::{ComplaintNo, GuildId, Timestamp, UserId};

/// Unfinished, as the board's partial index is declared: the same words, so
/// both databases use it.
const UNFINISHED: &str = "c.status NOT IN ('closed', 'rejected')";

/// One card on the board, or one row of the complaint list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub number: ComplaintNo,
    pub customer: String,
    pub summary: String,
    pub severity: Severity,
    pub status: Status,
    pub step: Step,
    pub owner: UserId,
    pub owner_name: Option<String>,
    pub created_at: Timestamp,
}

fn card(r: &AnyRow) -> Result<Card, sqlx::Error> {
    Ok(Card {
        number: ComplaintNo(r.try_get("number")?),
        customer: r.try_get("customer")?,
        summary: r.try_get("summary")?,
        severity: coded(r, "severity", Severity::from_code)?,
        status: coded(r, "status", Status::from_code)?,
        step: numbered(r, "step", Step::from_number)?,
        owner: UserId(r.try_get("owner_id")?),
        owner_name: r.try_get("owner_name")?,
        created_at: r.try_get("created_at")?,
    })
}

/// A card's columns, from `complaints` (the table, or a subquery of its
/// rows) as `c`, joined to their customer and owner.
fn card_select(complaints: &str) -> String {
    format!(
        "SELECT c.number, cu.name AS customer, c.summary, c.severity, c.status, c.step,
           c.owner_id, m.name AS owner_name, c.created_at
         FROM {complaints} c JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN members m ON m.guild_id = c.guild_id AND m.user_id = c.owner_id"
    )
}

/// The oldest `limit` unfinished complaints at each step, by step, in one
/// statement: each step's oldest picked from the board's index first, then
/// only those joined to their customers and owners.
pub async fn columns(
    conn: &mut Conn,
    guild: GuildId,
    limit: i64,
) -> Result<Vec<Card>, sqlx::Error> {
    let steps: Vec<String> = Step::ALL
        .iter()
        .map(|step| {
            format!(
                "SELECT * FROM (SELECT * FROM complaints c WHERE c.guild_id = $1 AND c.step = {n}
                   AND {UNFINISHED} ORDER BY c.created_at, c.number LIMIT $2) s{n}",
                n = step.number()
            )
        })
        .collect();
    let picked = format!("({})", steps.join(" UNION ALL "));
    let sql = format!(
        "{} ORDER BY c.step, c.created_at, c.number",
        card_select(&picked)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(card).collect()
}

/// Promises, follow-ups and approvals that want a manager's eye, at `now`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attention {
    /// Promised deadlines in the next `horizon` seconds, not yet carried out.
    pub promises_due: i64,
    /// Promised deadlines passed without step 4.
    pub promises_missed: i64,
    /// Follow-up calls or visits due within the horizon (or overdue).
    pub follow_ups_due: i64,
    pub approvals_waiting: i64,
}

/// How many unfinished complaints there are at each step and severity, and
/// what of them wants attention at `now`: one read of the board's index.
pub async fn open(
    conn: &mut Conn,
    guild: GuildId,
    now: Timestamp,
    horizon: i64,
) -> Result<(Vec<(Step, Severity, i64)>, Attention), sqlx::Error> {
    // Step 4 carried out means the step column has moved past it.
    let sql = format!(
        "SELECT c.step, c.severity, COUNT(*) AS n,
           COUNT(CASE WHEN c.step <= 4 AND c.promised_by >= $2 AND c.promised_by < $3 THEN 1 END) AS due,
           COUNT(CASE WHEN c.step <= 4 AND c.promised_by < $2 THEN 1 END) AS missed,
           COUNT(CASE WHEN c.status = 'follow-up' AND c.follow_up_at < $3 THEN 1 END) AS follow_ups,
           COUNT(CASE WHEN c.status = 'awaiting-approval' THEN 1 END) AS approvals
         FROM complaints c WHERE c.guild_id = $1 AND {UNFINISHED} GROUP BY c.step, c.severity"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(now)
        .bind(now + horizon)
        .fetch_all(&mut *conn)
        .await?;
    let mut counts = Vec::new();
    let mut a = Attention::default();
    for r in &rows {
        counts.push((
            numbered(r, "step", Step::from_number)?,
            coded(r, "severity", Severity::from_code)?,
            r.try_get("n")?,
        ));
        a.promises_due += r.try_get::<i64, _>("due")?;
        a.promises_missed += r.try_get::<i64, _>("missed")?;
        a.follow_ups_due += r.try_get::<i64, _>("follow_ups")?;
        a.approvals_waiting += r.try_get::<i64, _>("approvals")?;
    }
    Ok((counts, a))
}

/// The list's filters; each `None` lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub status: Option<Status>,
    pub category: Option<crate::domain::complaint::Category>,
    pub severity: Option<Severity>,
    pub owner: Option<UserId>,
    /// Part of the customer's name.
    pub customer: Option<String>,
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

/// One page of complaints, newest first, `limit` from `offset`. Only the
/// filters given are written into the query, so each can use its index
/// (status, owner, period; a customer's name picks its ids first).
pub async fn list(
    conn: &mut Conn,
    guild: GuildId,
    f: &ListFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Card>, sqlx::Error> {
    let mut q = sqlx::QueryBuilder::<sqlx::Any>::new(card_select("complaints"));
    q.push(" WHERE c.guild_id = ").push_bind(guild.0);
    if let Some(status) = f.status {
        q.push(" AND c.status = ").push_bind(status.code());
    }
    if let Some(category) = f.category {
        q.push(" AND c.category = ").push_bind(category.code());
    }
    if let Some(severity) = f.severity {
        q.push(" AND c.severity = ").push_bind(severity.code());
    }
    if let Some(owner) = f.owner {
        q.push(" AND c.owner_id = ").push_bind(owner.0);
    }
    if let Some(customer) = &f.customer {
        let pattern = format!(
            "%{}%",
            super::customers::like_escaped(&crate::domain::text::name_key(customer))
        );
        q.push(" AND c.customer_id IN (SELECT id FROM customers WHERE guild_id = ")
            .push_bind(guild.0)
            .push(" AND name_key LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if let Some(from) = f.from {
        q.push(" AND c.created_at >= ").push_bind(from);
    }
    if let Some(until) = f.until {
        q.push(" AND c.created_at < ").push_bind(until);
    }
    q.push(" ORDER BY c.number DESC LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    let rows = super::fetch_built(conn, q).await?;
    rows.iter().map(card).collect()
}

/// A customer's unfinished complaints, newest first, through its index.
pub async fn open_for_customer(
    conn: &mut Conn,
    guild: GuildId,
    customer_id: i64,
    limit: i64,
) -> Result<Vec<Card>, sqlx::Error> {
    let sql = format!(
        "{} WHERE c.customer_id = $1 AND c.guild_id = $2 AND {UNFINISHED}
         ORDER BY c.number DESC LIMIT $3",
        card_select("complaints")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(customer_id)
        .bind(guild.0)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(card).collect()
}

/// One page of customers, by name, `limit` from `offset`; `name` is part of
/// the name, `overdue_at` keeps those whose visit or boss/KP meeting is due.
pub async fn customers(
    conn: &mut Conn,
    guild: GuildId,
    name: Option<&str>,
    overdue_at: Option<Timestamp>,
    limit: i64,
    offset: i64,
) -> Result<Vec<super::customers::Listed>, sqlx::Error> {
    let sql = format!(
        "SELECT {}, at_risk, visit_due_at, boss_due_at FROM customers WHERE guild_id = $1
           AND ($2 IS NULL OR name_key LIKE $2 ESCAPE '\\')
           AND ($3 IS NULL OR visit_due_at <= $3 OR boss_due_at <= $3)
         ORDER BY name_key LIMIT $4 OFFSET $5",
        super::customers::COLUMNS
    );
    let pattern = name.map(|n| {
        format!(
            "%{}%",
            super::customers::like_escaped(&crate::domain::text::name_key(n))
        )
    });
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(pattern)
        .bind(overdue_at)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(listed).collect()
}

fn listed(r: &AnyRow) -> Result<super::customers::Listed, sqlx::Error> {
    Ok(super::customers::Listed {
        customer: super::customers::customer(r)?,
        at_risk: r.try_get::<i64, _>("at_risk")? != 0,
        visit_due_at: opt_i64(r, "visit_due_at")?,
        boss_due_at: opt_i64(r, "boss_due_at")?,
    })
}

/// One customer of this server, as lists show it; `None` for another's.
pub async fn customer(
    conn: &mut Conn,
    guild: GuildId,
    id: i64,
) -> Result<Option<super::customers::Listed>, sqlx::Error> {
    let sql = format!(
        "SELECT {}, at_risk, visit_due_at, boss_due_at FROM customers WHERE guild_id = $1 AND id = $2",
        super::customers::COLUMNS
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(listed).transpose()
}
