//! What the reports read: plain facts by time, bucketed in Rust (see
//! `domain::period`), so the same SQL serves SQLite and PostgreSQL.

use sqlx::Row;

use super::{Conn, coded, opt_i64};
use crate::domain::complaint::{Category, Severity, Status, Step};
use crate::domain::harms::{Harm, Harms};
use crate::domain::ids::{GuildId, Timestamp};
use crate::domain::report::{CauseFact, ComplaintFact, ScoreFact, TellFact};
use crate::domain::steps::StepRecord;
use crate::domain::timeline::EventKind;

/// The harms of a row, when all three were assessed and read.
fn harms(r: &sqlx::any::AnyRow) -> Option<Harms> {
    let harm = |col: &str| {
        r.try_get::<Option<String>, _>(col)
            .ok()
            .flatten()
            .and_then(|c| Harm::from_code(&c))
    };
    Some(Harms {
        body: harm("harm_body")?,
        feelings: harm("harm_feelings")?,
        money: harm("harm_money")?,
    })
}

/// Complaints a report over `since..` needs: reported, acknowledged or
/// finished since then, or still unfinished. `ack_due` says when one of a
/// severity, reported at a time, had to be acknowledged.
pub async fn complaint_facts(
    conn: &mut Conn,
    guild: GuildId,
    since: Timestamp,
    ack_due: impl Fn(Severity, Timestamp) -> Timestamp,
) -> Result<Vec<ComplaintFact>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT c.customer_id, cu.name, c.category, c.severity, c.status, c.step,
                c.created_at, c.acknowledged_at, c.closed_at, c.harm_body, c.harm_feelings, c.harm_money
         FROM complaints c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.guild_id = $1
           AND (c.created_at >= $2 OR c.acknowledged_at >= $2 OR c.closed_at >= $2
                OR c.status NOT IN ('closed', 'rejected'))
         ORDER BY c.id",
    )
    .bind(guild.0)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let created_at: Timestamp = r.try_get("created_at")?;
            let severity = coded(r, "severity", Severity::from_code)?;
            let step: i64 = r.try_get("step")?;
            Ok(ComplaintFact {
                customer_id: r.try_get("customer_id")?,
                customer: r.try_get("name")?,
                category: coded(r, "category", Category::from_code)?,
                status: coded(r, "status", Status::from_code)?,
                step: Step::from_number(step).unwrap_or(Step::Calm),
                created_at,
                acknowledged_at: opt_i64(r, "acknowledged_at")?,
                closed_at: opt_i64(r, "closed_at")?,
                severity,
                ack_due: ack_due(severity, created_at),
                harms: harms(r),
            })
        })
        .collect()
}

/// The current step-2 causes recorded in `[from, until)`.
pub async fn causes(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> anyhow::Result<Vec<CauseFact>> {
    let rows = sqlx::query(
        "SELECT sr.data, sr.recorded_at FROM step_records sr JOIN complaints c ON c.id = sr.complaint_id
         WHERE c.guild_id = $1 AND sr.step = 2 AND sr.superseded = 0
           AND sr.recorded_at >= $2 AND sr.recorded_at < $3
         ORDER BY sr.id",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let data: String = r.try_get("data")?;
        if let StepRecord::Cause { cause, .. } = serde_json::from_str(&data)? {
            out.push(CauseFact {
                at: r.try_get("recorded_at")?,
                cause,
            });
        }
    }
    Ok(out)
}

/// For each current step-4 record made since `from`: when the customer was
/// told, and how long after the solution was settled (its approval, or the
/// step-3 record when none was needed) — seed 002's 第一时间与客户进行沟通.
pub async fn tell_times(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
) -> anyhow::Result<Vec<TellFact>> {
    let rows = sqlx::query(
        "SELECT s4.data, COALESCE(s3.approved_at, s3.recorded_at) AS settled_at
         FROM step_records s4
         JOIN step_records s3 ON s3.complaint_id = s4.complaint_id AND s3.step = 3 AND s3.superseded = 0
         JOIN complaints c ON c.id = s4.complaint_id
         WHERE c.guild_id = $1 AND s4.step = 4 AND s4.superseded = 0 AND s4.recorded_at >= $2
         ORDER BY s4.id",
    )
    .bind(guild.0)
    .bind(from)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let data: String = r.try_get("data")?;
        let settled_at: Timestamp = r.try_get("settled_at")?;
        if let StepRecord::CarryOut { told, .. } = serde_json::from_str(&data)? {
            out.push(TellFact {
                told_at: told,
                after: (told - settled_at).max(0),
            });
        }
    }
    Ok(out)
}

pub async fn events_of_kind(
    conn: &mut Conn,
    guild: GuildId,
    kind: EventKind,
    from: Timestamp,
    until: Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM events WHERE guild_id = $1 AND kind = $2 AND at >= $3 AND at < $4",
    )
    .bind(guild.0)
    .bind(kind.code())
    .bind(from)
    .bind(until)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")
}

pub async fn scores(
    conn: &mut Conn,
    guild: GuildId,
    from: Timestamp,
    until: Timestamp,
) -> Result<Vec<ScoreFact>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT at, overall, again, recommend FROM scores WHERE guild_id = $1 AND at >= $2 AND at < $3 ORDER BY at, id",
    )
    .bind(guild.0)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ScoreFact {
                at: r.try_get("at")?,
                overall: r.try_get("overall")?,
                again: r.try_get("again")?,
                recommend: r.try_get("recommend")?,
            })
        })
        .collect()
}

/// Customers whose visit, and whose boss/KP meeting, is overdue at `now`.
pub async fn overdue_counts(
    conn: &mut Conn,
    guild: GuildId,
    now: Timestamp,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM customers WHERE guild_id = $1 AND visit_due_at <= $2) AS visits,
                (SELECT COUNT(*) FROM customers WHERE guild_id = $1 AND boss_due_at <= $2) AS boss",
    )
    .bind(guild.0)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("visits")?, row.try_get("boss")?))
}
