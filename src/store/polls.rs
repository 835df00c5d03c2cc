//! Score polls: the three answers as they come in, until submitted.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, opt_i64};
use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::scoring::Answers;

pub const OPEN: &str = "open";
pub const ANSWERED: &str = "answered";

#[derive(Debug, Clone, PartialEq)]
pub struct Poll {
    pub id: i64,
    pub guild: GuildId,
    pub customer_id: i64,
    pub complaint_id: Option<i64>,
    pub started_by: UserId,
    pub from_round: bool,
    pub answers: Answers,
    pub open: bool,
    pub created_at: Timestamp,
}

const COLUMNS: &str = "id, guild_id, customer_id, complaint_id, started_by, from_round, overall, again, recommend, status, created_at";

fn poll(r: &AnyRow) -> Result<Poll, sqlx::Error> {
    Ok(Poll {
        id: r.try_get("id")?,
        guild: GuildId(r.try_get("guild_id")?),
        customer_id: r.try_get("customer_id")?,
        complaint_id: opt_i64(r, "complaint_id")?,
        started_by: UserId(r.try_get("started_by")?),
        from_round: r.try_get::<i64, _>("from_round")? != 0,
        answers: Answers {
            overall: opt_i64(r, "overall")?,
            again: opt_i64(r, "again")?,
            recommend: opt_i64(r, "recommend")?,
        },
        open: r.try_get::<String, _>("status")? == OPEN,
        created_at: r.try_get("created_at")?,
    })
}

pub struct NewPoll {
    pub customer_id: i64,
    pub complaint_id: Option<i64>,
    pub started_by: UserId,
    pub from_round: bool,
    pub created_at: Timestamp,
    pub remind_at: Option<Timestamp>,
}

pub async fn insert(conn: &mut Conn, guild: GuildId, p: &NewPoll) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO polls (guild_id, customer_id, complaint_id, started_by, from_round, status, created_at, remind_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(guild.0)
    .bind(p.customer_id)
    .bind(p.complaint_id)
    .bind(p.started_by.0)
    .bind(super::flag(p.from_round))
    .bind(OPEN)
    .bind(p.created_at)
    .bind(p.remind_at)
    .fetch_one(&mut *conn)
    .await?;
    row.try_get("id")
}

/// A poll of this server; another server's poll is as good as unknown.
pub async fn get(conn: &mut Conn, guild: GuildId, id: i64) -> Result<Option<Poll>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM polls WHERE guild_id = $1 AND id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(guild.0)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| poll(&r)).transpose()
}

/// The open poll for this customer (and complaint, if any), newest first.
pub async fn open_for(
    conn: &mut Conn,
    customer_id: i64,
    complaint_id: Option<i64>,
) -> Result<Option<Poll>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM polls WHERE customer_id = $1 AND status = $2
           AND (($3 IS NULL AND complaint_id IS NULL) OR complaint_id = $3)
         ORDER BY id DESC LIMIT 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(customer_id)
        .bind(OPEN)
        .bind(complaint_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| poll(&r)).transpose()
}

pub async fn save_answers(conn: &mut Conn, id: i64, a: &Answers) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE polls SET overall = $1, again = $2, recommend = $3 WHERE id = $4")
        .bind(a.overall)
        .bind(a.again)
        .bind(a.recommend)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Closes every open poll of the customer: a score was recorded, by poll or by hand.
pub async fn close_open(
    conn: &mut Conn,
    customer_id: i64,
    now: Timestamp,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE polls SET status = $1, answered_at = $2, remind_at = NULL WHERE customer_id = $3 AND status = $4",
    )
    .bind(ANSWERED)
    .bind(now)
    .bind(customer_id)
    .bind(OPEN)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// An open poll whose reminder is due, with what the reminder says.
#[derive(Debug, Clone, PartialEq)]
pub struct DuePoll {
    pub id: i64,
    pub guild: GuildId,
    pub customer: String,
    pub owner: UserId,
    pub created_at: Timestamp,
}

pub async fn reminders_due(
    conn: &mut Conn,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<DuePoll>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.guild_id, cu.name, cu.owner_id, p.created_at FROM polls p
           JOIN customers cu ON cu.id = p.customer_id
         WHERE p.remind_at IS NOT NULL AND p.remind_at <= $1 AND p.status = $2
         ORDER BY p.guild_id, cu.owner_id, p.id LIMIT $3",
    )
    .bind(now)
    .bind(OPEN)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DuePoll {
                id: r.try_get("id")?,
                guild: GuildId(r.try_get("guild_id")?),
                customer: r.try_get("name")?,
                owner: UserId(r.try_get("owner_id")?),
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

/// Takes a due reminder for this transaction: false when another sweep did.
pub async fn claim_reminder(conn: &mut Conn, id: i64, now: Timestamp) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE polls SET remind_at = NULL, reminded_at = $1 WHERE id = $2 AND remind_at IS NOT NULL AND remind_at <= $1",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
