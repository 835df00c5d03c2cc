//! What the crisis plays keep and ask: a product crisis's training session,
//! the contact with a team crisis's customer, the boss met before closing.

use sqlx::Row;

use super::{Conn, opt_i64};
use crate::domain::crisis::{TeamCrises, Training};
use crate::domain::customer::MetWith;
use crate::domain::ids::{ComplaintNo, GuildId, Timestamp, UserId};

fn columns(t: Training) -> (Option<Timestamp>, Option<Timestamp>) {
    match t {
        Training::Unplanned => (None, None),
        Training::Planned(at) => (Some(at), None),
        Training::Held(at) => (None, Some(at)),
    }
}

fn training(planned: Option<Timestamp>, held: Option<Timestamp>) -> Training {
    match (held, planned) {
        (Some(at), _) => Training::Held(at),
        (None, Some(at)) => Training::Planned(at),
        (None, None) => Training::Unplanned,
    }
}

/// Sets the complaint's training to `t`, keeping the planned date once held.
pub async fn set_training(
    conn: &mut Conn,
    guild: GuildId,
    complaint_id: i64,
    t: Training,
    by: UserId,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let (planned, held) = columns(t);
    sqlx::query(
        "INSERT INTO trainings (complaint_id, guild_id, planned_at, held_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (complaint_id) DO UPDATE SET
           planned_at = COALESCE(excluded.planned_at, trainings.planned_at),
           held_at = excluded.held_at, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(complaint_id)
    .bind(guild.0)
    .bind(planned)
    .bind(held)
    .bind(by.0)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn training_of(
    conn: &mut Conn,
    complaint_id: i64,
) -> Result<Option<Training>, sqlx::Error> {
    let row = sqlx::query("SELECT planned_at, held_at FROM trainings WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(training(
            opt_i64(&r, "planned_at")?,
            opt_i64(&r, "held_at")?,
        ))
    })
    .transpose()
}

/// A training not yet held, with what the digest says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenTraining {
    pub number: ComplaintNo,
    pub customer: String,
    pub owner: UserId,
    pub training: Training,
}

/// The server's trainings not logged as held, of complaints not rejected.
pub async fn trainings_not_held(
    conn: &mut Conn,
    guild: GuildId,
) -> Result<Vec<OpenTraining>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.number, cu.name, c.owner_id, t.planned_at FROM trainings t
         JOIN complaints c ON c.id = t.complaint_id JOIN customers cu ON cu.id = c.customer_id
         WHERE t.guild_id = $1 AND t.held_at IS NULL AND c.status <> 'rejected'
         ORDER BY c.number",
    )
    .bind(guild.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OpenTraining {
                number: ComplaintNo(r.try_get("number")?),
                customer: r.try_get("name")?,
                owner: UserId(r.try_get("owner_id")?),
                training: training(opt_i64(r, "planned_at")?, None),
            })
        })
        .collect()
}

/// Whether the customer reported a product complaint in `[since, before)`:
/// one row is enough, so a customer with a long history costs one probe.
pub async fn product_complaint_between(
    conn: &mut Conn,
    customer_id: i64,
    since: Timestamp,
    before: Timestamp,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id FROM complaints WHERE customer_id = $1 AND category = 'product'
           AND created_at >= $2 AND created_at < $3 LIMIT 1",
    )
    .bind(customer_id)
    .bind(since)
    .bind(before)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}

/// A customer with a team crisis open, or closed since the watch began.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamCrisisCustomer {
    pub customer: String,
    pub owner: UserId,
    pub crises: TeamCrises,
}

pub async fn team_crisis_customers(
    conn: &mut Conn,
    guild: GuildId,
    closed_since: Timestamp,
) -> Result<Vec<TeamCrisisCustomer>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT cu.name, cu.owner_id,
           MIN(CASE WHEN c.closed_at IS NULL AND c.status <> 'rejected' THEN c.created_at END) AS open_since,
           MAX(c.closed_at) AS last_closed_at,
           (SELECT MAX(v.at) FROM visits v WHERE v.customer_id = cu.id AND v.met IN ($3, $4)) AS last_contact_at
         FROM complaints c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.guild_id = $1 AND c.category = 'team' AND c.status <> 'rejected'
           AND (c.closed_at IS NULL OR c.closed_at >= $2)
         GROUP BY cu.id, cu.name, cu.owner_id
         ORDER BY cu.owner_id, cu.name",
    )
    .bind(guild.0)
    .bind(closed_since)
    .bind(MetWith::Team.code())
    .bind(MetWith::Both.code())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TeamCrisisCustomer {
                customer: r.try_get("name")?,
                owner: UserId(r.try_get("owner_id")?),
                crises: TeamCrises {
                    open_since: opt_i64(r, "open_since")?,
                    last_closed_at: opt_i64(r, "last_closed_at")?,
                    last_contact_at: opt_i64(r, "last_contact_at")?,
                },
            })
        })
        .collect()
}

/// Whether a visit met the customer's boss/KP at or after `since`.
pub async fn boss_met_since(
    conn: &mut Conn,
    customer_id: i64,
    since: Timestamp,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM visits WHERE customer_id = $1 AND at >= $2 AND met IN ($3, $4)",
    )
    .bind(customer_id)
    .bind(since)
    .bind(MetWith::Boss.code())
    .bind(MetWith::Both.code())
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    Ok(n > 0)
}
