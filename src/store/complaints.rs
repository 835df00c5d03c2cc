//! Complaints, numbered per server.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, QueryBuilder, Row};

use super::{Conn, coded, numbered, opt_i64};
use crate::domain::complaint::{
    Category, Complaint, FollowUpStage, PromiseStage, Severity, Source, StallLevel, Status, Step,
    Temperament, Watch,
};
use crate::domain::harms::{Harm, Harms};
use crate::domain::ids::{ChannelId, ComplaintNo, GuildId, UserId};
use crate::domain::message_link::MessageRef;

const SELECT: &str = "SELECT c.id, c.guild_id, c.number, c.customer_id, cu.name AS customer_name, c.summary, c.details,
    c.category, c.severity, c.temperament, c.source, c.owner_id, c.reporter_id, c.status, c.step,
    c.acknowledged_at, c.promised_by, c.escalation_level, c.thread_id, c.created_at, c.updated_at, c.closed_at,
    c.step_started_at, c.ack_nudges, c.stall_level, c.promise_stage, c.next_check_at,
    c.harm_body, c.harm_feelings, c.harm_money, c.severity_reason, c.follow_up_at, c.follow_up_stage, c.source_link
  FROM complaints c JOIN customers cu ON cu.id = c.customer_id";

/// The three harms, all or nothing: a row with some missing was not assessed.
fn harms(row: &AnyRow) -> Result<Option<Harms>, sqlx::Error> {
    let harm = |col: &str| -> Result<Option<Harm>, sqlx::Error> {
        let code: Option<String> = row.try_get(col)?;
        code.map(|code| {
            Harm::from_code(&code).ok_or_else(|| sqlx::Error::ColumnDecode {
                index: col.into(),
                source: format!("unknown harm {code}").into(),
            })
        })
        .transpose()
    };
    Ok(
        match (
            harm("harm_body")?,
            harm("harm_feelings")?,
            harm("harm_money")?,
        ) {
            (Some(body), Some(feelings), Some(money)) => Some(Harms {
                body,
                feelings,
                money,
            }),
            _ => None,
        },
    )
}

fn complaint(row: &AnyRow) -> Result<Complaint, sqlx::Error> {
    Ok(Complaint {
        id: row.try_get("id")?,
        guild: GuildId(row.try_get("guild_id")?),
        number: ComplaintNo(row.try_get("number")?),
        customer_id: row.try_get("customer_id")?,
        customer_name: row.try_get("customer_name")?,
        summary: row.try_get("summary")?,
        details: row.try_get("details")?,
        category: coded(row, "category", Category::from_code)?,
        severity: coded(row, "severity", Severity::from_code)?,
        harms: harms(row)?,
        severity_reason: row.try_get("severity_reason")?,
        temperament: coded(row, "temperament", Temperament::from_code)?,
        source: coded(row, "source", Source::from_code)?,
        owner: UserId(row.try_get("owner_id")?),
        reporter: UserId(row.try_get("reporter_id")?),
        status: coded(row, "status", Status::from_code)?,
        step: numbered(row, "step", Step::from_number)?,
        acknowledged_at: opt_i64(row, "acknowledged_at")?,
        promised_by: opt_i64(row, "promised_by")?,
        escalation_level: row.try_get("escalation_level")?,
        thread: opt_i64(row, "thread_id")?.map(ChannelId),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        closed_at: opt_i64(row, "closed_at")?,
        follow_up_at: opt_i64(row, "follow_up_at")?,
        from_message: {
            let link: Option<String> = row.try_get("source_link")?;
            let guild = GuildId(row.try_get("guild_id")?);
            link.and_then(|l| MessageRef::parse(&l, guild).ok())
        },
        watch: Watch {
            step_started_at: row.try_get("step_started_at")?,
            ack_nudges: row.try_get("ack_nudges")?,
            stall_level: numbered(row, "stall_level", StallLevel::from_stored)?,
            promise_stage: numbered(row, "promise_stage", PromiseStage::from_stored)?,
            follow_up_stage: numbered(row, "follow_up_stage", FollowUpStage::from_stored)?,
            next_check_at: opt_i64(row, "next_check_at")?,
        },
    })
}

/// The counter's upsert, as a literal so that `concat!` can build the
/// statements that use it when the crate is compiled.
macro_rules! take_number {
    () => {
        "INSERT INTO complaint_counters (guild_id, last_number) VALUES ($1, 1)
     ON CONFLICT (guild_id) DO UPDATE SET last_number = complaint_counters.last_number + 1"
    };
}

/// The insert, with `$number` for the complaint's number (`bind_insert`
/// binds the arguments).
macro_rules! insert_complaint {
    ($number:literal) => {
        concat!(
            "INSERT INTO complaints (guild_id, number, customer_id, summary, details, category, severity, temperament, source,
       owner_id, reporter_id, status, step, escalation_level, created_at, updated_at, step_started_at, next_check_at,
       harm_body, harm_feelings, harm_money, severity_reason, source_link, source_channel_id)
     VALUES ($1, ",
            $number,
            ", $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $14, $14, $15, $16, $17, $18, $19, $20, $21)
     RETURNING id, number"
        )
    };
}

const NEXT_NUMBER: &str = concat!(take_number!(), " RETURNING last_number");

/// The insert of a complaint whose number is known.
const INSERT_WITH_NUMBER: &str = insert_complaint!("$2");

/// The number's upsert and the insert in one round trip (SQLite runs the
/// statements in turn, each with the same numbered arguments): the insert
/// reads the number the upsert has just taken. `$2` is left unused.
const TAKE_NUMBER_AND_INSERT: &str = concat!(
    take_number!(),
    "; ",
    insert_complaint!("(SELECT last_number FROM complaint_counters WHERE guild_id = $1)")
);

/// Takes the server's next complaint number. The row lock taken by the
/// upsert serialises concurrent creators on PostgreSQL as well as SQLite.
pub async fn next_number(conn: &mut Conn, guild: GuildId) -> Result<ComplaintNo, sqlx::Error> {
    let row = sqlx::query(NEXT_NUMBER)
        .bind(guild.0)
        .fetch_one(&mut *conn)
        .await?;
    Ok(ComplaintNo(row.try_get("last_number")?))
}

/// Stores `c` under the number it carries; returns its id.
pub async fn insert(conn: &mut Conn, c: &Complaint) -> Result<i64, sqlx::Error> {
    let row = bind_insert(sqlx::query(INSERT_WITH_NUMBER), c)
        .fetch_one(&mut *conn)
        .await?;
    row.try_get("id")
}

/// Stores `c` under the server's next number, taken in the same round trip
/// (SQLite only: one statement list); returns its id and number. The number
/// `c` carries is not used.
pub async fn insert_numbered(
    conn: &mut Conn,
    c: &Complaint,
) -> Result<(i64, ComplaintNo), sqlx::Error> {
    // fetch_all: fetch_one would look only at the first statement's result.
    let rows = bind_insert(sqlx::query(TAKE_NUMBER_AND_INSERT), c)
        .fetch_all(&mut *conn)
        .await?;
    let row = rows.first().ok_or(sqlx::Error::RowNotFound)?;
    Ok((row.try_get("id")?, ComplaintNo(row.try_get("number")?)))
}

fn bind_insert<'q>(
    query: Query<'q, Any, AnyArguments>,
    c: &'q Complaint,
) -> Query<'q, Any, AnyArguments> {
    query
        .bind(c.guild.0)
        .bind(c.number.0)
        .bind(c.customer_id)
        .bind(&c.summary)
        .bind(c.details.clone())
        .bind(c.category.code())
        .bind(c.severity.code())
        .bind(c.temperament.code())
        .bind(c.source.code())
        .bind(c.owner.0)
        .bind(c.reporter.0)
        .bind(c.status.code())
        .bind(c.step.number())
        .bind(c.created_at)
        .bind(c.watch.next_check_at)
        .bind(c.harms.map(|h| h.body.code()))
        .bind(c.harms.map(|h| h.feelings.code()))
        .bind(c.harms.map(|h| h.money.code()))
        .bind(c.severity_reason.clone())
        .bind(c.from_message.map(|m| m.link()))
        .bind(c.from_message.map(|m| m.channel))
}

/// Writes back the fields the five steps change.
pub async fn save_progress(conn: &mut Conn, c: &Complaint) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE complaints SET owner_id = $1, status = $2, step = $3, acknowledged_at = $4, promised_by = $5,
           escalation_level = $6, updated_at = $7, closed_at = $8, step_started_at = $11, ack_nudges = $12,
           stall_level = $13, promise_stage = $14, next_check_at = $15, follow_up_at = $16, follow_up_stage = $17
         WHERE id = $9 AND guild_id = $10",
    )
    .bind(c.owner.0)
    .bind(c.status.code())
    .bind(c.step.number())
    .bind(c.acknowledged_at)
    .bind(c.promised_by)
    .bind(c.escalation_level)
    .bind(c.updated_at)
    .bind(c.closed_at)
    .bind(c.id)
    .bind(c.guild.0)
    .bind(c.watch.step_started_at)
    .bind(c.watch.ack_nudges)
    .bind(c.watch.stall_level.stored())
    .bind(c.watch.promise_stage.stored())
    .bind(c.watch.next_check_at)
    .bind(c.follow_up_at)
    .bind(c.watch.follow_up_stage.stored())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes up to `limit` complaints whose reminders are due by `now`: their
/// `next_check_at` is cleared in the same statement, so no other sweep (no
/// other replica) takes them; the caller sets it again. Served by the
/// partial index on next_check_at, so the cost follows what is due.
/// `skip_locked` (PostgreSQL) passes over rows another replica is taking.
pub async fn take_due(
    conn: &mut Conn,
    now: i64,
    limit: i64,
    skip_locked: bool,
) -> Result<Vec<Complaint>, sqlx::Error> {
    let lock = if skip_locked {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE complaints SET next_check_at = NULL WHERE id IN (
           SELECT id FROM complaints WHERE next_check_at IS NOT NULL AND next_check_at <= $1
           ORDER BY next_check_at LIMIT $2{lock})
         RETURNING id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The ids come from the database as integers: safe to inline.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!("{SELECT} WHERE c.id IN ({list}) ORDER BY c.id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    // A row that no longer reads (a code this version does not know) is left
    // parked rather than blocking every sweep after it.
    Ok(rows
        .iter()
        .filter_map(|r| {
            complaint(r)
                .map_err(|e| tracing::warn!(error = %e, "a complaint could not be read; its reminders are parked"))
                .ok()
        })
        .collect())
}

/// Writes back what the reminder sweep changes (its counters, escalation
/// level and next check) for many complaints, a hundred per statement.
pub async fn save_watches(conn: &mut Conn, complaints: &[Complaint]) -> Result<(), sqlx::Error> {
    for chunk in complaints.chunks(100) {
        let mut update = QueryBuilder::new("UPDATE complaints SET escalation_level = v.column2, ack_nudges = v.column3, stall_level = v.column4,
               promise_stage = v.column5, next_check_at = v.column6, follow_up_stage = v.column7
             FROM (");
        update.push_values(chunk, |mut row, c| {
            row.push_bind(c.id)
                .push_bind(c.escalation_level)
                .push_bind(c.watch.ack_nudges)
                .push_bind(c.watch.stall_level.stored())
                .push_bind(c.watch.promise_stage.stored())
                .push_bind(c.watch.next_check_at)
                .push_bind(c.watch.follow_up_stage.stored());
        });
        // VALUES columns are column1… on both SQLite and PostgreSQL.
        update.push(") AS v WHERE complaints.id = v.column1");
        super::execute_built(conn, update).await?;
    }
    Ok(())
}

/// The outcome of a step-5 follow-up call or visit.
pub struct FollowUpOutcome<'a> {
    pub satisfied: bool,
    pub failed: Option<&'a str>,
    pub still_open: Option<&'a str>,
}

pub async fn log_follow_up(
    conn: &mut Conn,
    complaint_id: i64,
    outcome: &FollowUpOutcome<'_>,
    by: UserId,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO follow_ups (complaint_id, satisfied, failed, still_open, logged_by, logged_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(complaint_id)
    .bind(i64::from(outcome.satisfied))
    .bind(outcome.failed)
    .bind(outcome.still_open)
    .bind(by.0)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes one complaint if it is still due (nobody else took it meanwhile).
pub async fn take_one(
    conn: &mut Conn,
    id: i64,
    now: i64,
) -> Result<Option<Complaint>, sqlx::Error> {
    let taken = sqlx::query("UPDATE complaints SET next_check_at = NULL WHERE id = $1 AND next_check_at IS NOT NULL AND next_check_at <= $2")
        .bind(id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    if taken.rows_affected() == 0 {
        return Ok(None);
    }
    get_by_id(conn, id).await
}

/// Looks at a complaint again at `at` (after a failed check).
pub async fn retry_check(conn: &mut Conn, id: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE complaints SET next_check_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records the threads a delivery round opened, a hundred per statement.
pub async fn set_threads(conn: &mut Conn, opened: &[(i64, ChannelId)]) -> Result<(), sqlx::Error> {
    for chunk in opened.chunks(100) {
        let mut update = QueryBuilder::new("UPDATE complaints SET thread_id = v.column2 FROM (");
        update.push_values(chunk, |mut row, (id, thread)| {
            row.push_bind(*id).push_bind(thread.0);
        });
        update.push(") AS v WHERE complaints.id = v.column1");
        super::execute_built(conn, update).await?;
    }
    Ok(())
}

/// The threads of the complaints named, for delivering their posts.
pub async fn threads_of(
    conn: &mut Conn,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, ChannelId>, sqlx::Error> {
    let mut threads = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(threads);
    }
    let mut select = sqlx::QueryBuilder::new(
        "SELECT id, thread_id FROM complaints WHERE thread_id IS NOT NULL AND id IN (",
    );
    let mut list = select.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    select.push(")");
    for row in super::fetch_built(conn, select).await? {
        threads.insert(row.try_get("id")?, ChannelId(row.try_get("thread_id")?));
    }
    Ok(threads)
}

/// The customer of the latest complaint opened from a message in
/// `channel`: a channel shared with one customer names that customer.
pub async fn customer_of_channel(
    conn: &mut Conn,
    guild: GuildId,
    channel: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT cu.name FROM complaints c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.guild_id = $1 AND c.source_channel_id = $2 ORDER BY c.id DESC LIMIT 1",
    )
    .bind(guild.0)
    .bind(channel)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| r.try_get("name")).transpose()
}

pub async fn get(
    conn: &mut Conn,
    guild: GuildId,
    number: ComplaintNo,
) -> Result<Option<Complaint>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE c.guild_id = $1 AND c.number = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(number.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| complaint(&r)).transpose()
}

pub async fn get_by_id(conn: &mut Conn, id: i64) -> Result<Option<Complaint>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| complaint(&r)).transpose()
}

#[derive(Debug, Default, Clone)]
pub struct ComplaintFilter {
    /// `None` means every unfinished complaint.
    pub status: Option<Status>,
    pub owner: Option<UserId>,
    pub customer_id: Option<i64>,
}

pub async fn list(
    conn: &mut Conn,
    guild: GuildId,
    f: &ComplaintFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Complaint>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE c.guild_id = $1
           AND (($2 IS NULL AND c.status NOT IN ('closed', 'rejected')) OR c.status = $2)
           AND ($3 IS NULL OR c.owner_id = $3) AND ($4 IS NULL OR c.customer_id = $4)
         ORDER BY c.number DESC LIMIT $5 OFFSET $6"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(f.status.map(|s| s.code()))
        .bind(f.owner.map(|o| o.0))
        .bind(f.customer_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(complaint).collect()
}

/// Numbers starting with `prefix` (for autocomplete), newest first: closed
/// and rejected ones when `finished` (what `/complaint reopen` is for), else
/// the ones still being worked.
pub async fn numbers_like(
    conn: &mut Conn,
    guild: GuildId,
    prefix: &str,
    finished: bool,
    limit: i64,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let pattern = format!(
        "{}%",
        prefix
            .trim()
            .trim_start_matches('#')
            .replace(|c: char| !c.is_ascii_digit(), "")
    );
    let rows = sqlx::query(
        "SELECT c.number, cu.name, c.summary FROM complaints c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.guild_id = $1 AND CAST(c.number AS TEXT) LIKE $2
           AND (c.status IN ('closed', 'rejected')) = ($3 = 1)
         ORDER BY c.number DESC LIMIT $4",
    )
    .bind(guild.0)
    .bind(pattern)
    .bind(i64::from(finished))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("number")?,
                r.try_get("name")?,
                r.try_get("summary")?,
            ))
        })
        .collect()
}

pub async fn count_open_for_customer(
    conn: &mut Conn,
    customer_id: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM complaints WHERE customer_id = $1 AND status NOT IN ('closed', 'rejected')")
        .bind(customer_id)
        .fetch_one(&mut *conn)
        .await?;
    row.try_get("n")
}

/// When the customer's most recently closed complaint was closed, if any.
pub async fn last_closed_for_customer(
    conn: &mut Conn,
    customer_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT MAX(closed_at) AS at FROM complaints WHERE customer_id = $1 AND status = 'closed'",
    )
    .bind(customer_id)
    .fetch_one(&mut *conn)
    .await?;
    opt_i64(&row, "at")
}
