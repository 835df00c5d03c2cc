//! Rows for `/report export`: complaints, step records, visits and scores
//! of one server within a time range, oldest first.

use std::collections::HashMap;

use sqlx::Row;

use super::{Conn, opt_i64};
use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::steps::StepRecord;

#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintRow {
    pub number: i64,
    pub customer: String,
    pub category: String,
    pub severity: String,
    pub temperament: String,
    pub source: String,
    pub status: String,
    pub step: i64,
    pub owner: UserId,
    pub reporter: UserId,
    pub summary: String,
    pub details: Option<String>,
    pub created_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub promised_by: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepRow {
    pub number: i64,
    pub step: i64,
    pub record: StepRecord,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
    pub approved_by: Option<UserId>,
    pub superseded: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VisitRow {
    pub customer: String,
    pub rep: UserId,
    pub met: String,
    pub at: Timestamp,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub customer: String,
    pub complaint: Option<i64>,
    pub overall: i64,
    pub again: i64,
    pub recommend: i64,
    pub to_five: Option<String>,
    pub recorded_by: UserId,
    pub at: Timestamp,
}

pub async fn complaints(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<ComplaintRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.number, cu.name, c.category, c.severity, c.temperament, c.source, c.status, c.step,
                c.owner_id, c.reporter_id, c.summary, c.details, c.created_at, c.acknowledged_at,
                c.closed_at, c.promised_by
         FROM complaints c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.guild_id = $1 AND c.created_at >= $2 AND c.created_at < $3 ORDER BY c.number",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ComplaintRow {
                number: r.try_get("number")?,
                customer: r.try_get("name")?,
                category: r.try_get("category")?,
                severity: r.try_get("severity")?,
                temperament: r.try_get("temperament")?,
                source: r.try_get("source")?,
                status: r.try_get("status")?,
                step: r.try_get("step")?,
                owner: UserId(r.try_get("owner_id")?),
                reporter: UserId(r.try_get("reporter_id")?),
                summary: r.try_get("summary")?,
                details: r.try_get("details")?,
                created_at: r.try_get("created_at")?,
                acknowledged_at: opt_i64(r, "acknowledged_at")?,
                closed_at: opt_i64(r, "closed_at")?,
                promised_by: opt_i64(r, "promised_by")?,
            })
        })
        .collect()
}

/// Every step record made in the range, superseded ones included (marked).
pub async fn steps(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> anyhow::Result<Vec<StepRow>> {
    let rows = sqlx::query(
        "SELECT c.number, sr.step, sr.data, sr.recorded_by, sr.recorded_at, sr.approved_by, sr.superseded
         FROM step_records sr JOIN complaints c ON c.id = sr.complaint_id
         WHERE c.guild_id = $1 AND sr.recorded_at >= $2 AND sr.recorded_at < $3
         ORDER BY c.number, sr.id",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let data: String = r.try_get("data")?;
        out.push(StepRow {
            number: r.try_get("number")?,
            step: r.try_get("step")?,
            record: serde_json::from_str(&data)?,
            recorded_by: UserId(r.try_get("recorded_by")?),
            recorded_at: r.try_get("recorded_at")?,
            approved_by: opt_i64(&r, "approved_by")?.map(UserId),
            superseded: r.try_get::<i64, _>("superseded")? != 0,
        });
    }
    Ok(out)
}

pub async fn visits(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<VisitRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT cu.name, v.rep_id, v.met, v.at, v.note FROM visits v JOIN customers cu ON cu.id = v.customer_id
         WHERE v.guild_id = $1 AND v.at >= $2 AND v.at < $3 ORDER BY v.at, v.id",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VisitRow {
                customer: r.try_get("name")?,
                rep: UserId(r.try_get("rep_id")?),
                met: r.try_get("met")?,
                at: r.try_get("at")?,
                note: r.try_get("note")?,
            })
        })
        .collect()
}

pub async fn scores(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<ScoreRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT cu.name, c.number, s.overall, s.again, s.recommend, s.to_five, s.recorded_by, s.at
         FROM scores s JOIN customers cu ON cu.id = s.customer_id
           LEFT JOIN complaints c ON c.id = s.complaint_id
         WHERE s.guild_id = $1 AND s.at >= $2 AND s.at < $3 ORDER BY s.at, s.id",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ScoreRow {
                customer: r.try_get("name")?,
                complaint: opt_i64(r, "number")?,
                overall: r.try_get("overall")?,
                again: r.try_get("again")?,
                recommend: r.try_get("recommend")?,
                to_five: r.try_get("to_five")?,
                recorded_by: UserId(r.try_get("recorded_by")?),
                at: r.try_get("at")?,
            })
        })
        .collect()
}

/// Display names of the server's members, for readable exports.
pub async fn member_names(
    conn: &mut Conn,
    guild: GuildId,
) -> Result<HashMap<UserId, String>, sqlx::Error> {
    let rows = sqlx::query("SELECT user_id, name FROM members WHERE guild_id = $1")
        .bind(guild.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| Ok((UserId(r.try_get("user_id")?), r.try_get("name")?)))
        .collect()
}
