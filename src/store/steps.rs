//! The record of each completed step, kept as JSON. A step recorded again
//! (after a manager asks for changes, or on reopening) supersedes the old one.

use sqlx::Row;

use super::{Conn, opt_i64};
use crate::domain::complaint::Step;
use crate::domain::ids::{Timestamp, UserId};
use crate::domain::steps::StepRecord;

#[derive(Debug, Clone, PartialEq)]
pub struct StoredStep {
    pub step: Step,
    pub record: StepRecord,
    pub recorded_by: UserId,
    pub recorded_at: Timestamp,
    pub approved_by: Option<UserId>,
}

pub async fn insert(
    conn: &mut Conn,
    complaint_id: i64,
    step: Step,
    record: &StepRecord,
    by: UserId,
    at: Timestamp,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE step_records SET superseded = 1 WHERE complaint_id = $1 AND step = $2 AND superseded = 0")
        .bind(complaint_id)
        .bind(step.number())
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO step_records (complaint_id, step, data, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(complaint_id)
        .bind(step.number())
        .bind(serde_json::to_string(record)?)
        .bind(by.0)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn approve(
    conn: &mut Conn,
    complaint_id: i64,
    by: UserId,
    at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE step_records SET approved_by = $1, approved_at = $2 WHERE complaint_id = $3 AND step = 3 AND superseded = 0")
        .bind(by.0)
        .bind(at)
        .bind(complaint_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Rewrites the current record of `step` (a manager's different remedy at
/// approval); the record keeps who recorded it and when.
pub async fn amend(
    conn: &mut Conn,
    complaint_id: i64,
    step: Step,
    record: &StepRecord,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE step_records SET data = $1 WHERE complaint_id = $2 AND step = $3 AND superseded = 0")
        .bind(serde_json::to_string(record)?)
        .bind(complaint_id)
        .bind(step.number())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks every current record from `from` on as superseded (reopening, changes requested).
pub async fn supersede_from(
    conn: &mut Conn,
    complaint_id: i64,
    from: Step,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE step_records SET superseded = 1 WHERE complaint_id = $1 AND step >= $2")
        .bind(complaint_id)
        .bind(from.number())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn current(conn: &mut Conn, complaint_id: i64) -> anyhow::Result<Vec<StoredStep>> {
    let rows = sqlx::query(
        "SELECT step, data, recorded_by, recorded_at, approved_by FROM step_records
         WHERE complaint_id = $1 AND superseded = 0 ORDER BY step",
    )
    .bind(complaint_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get("step")?;
            let data: String = r.try_get("data")?;
            Ok(StoredStep {
                step: Step::from_number(n)
                    .ok_or_else(|| anyhow::anyhow!("stored step {n} is not 1–5"))?,
                record: serde_json::from_str(&data)?,
                recorded_by: UserId(r.try_get("recorded_by")?),
                recorded_at: r.try_get("recorded_at")?,
                approved_by: opt_i64(r, "approved_by")?.map(UserId),
            })
        })
        .collect()
}
