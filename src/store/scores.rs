//! Customer scores (seed 003): overall, would buy again, would recommend.

use sqlx::Row;

use super::{Conn, opt_i64};
use crate::domain::ids::{GuildId, Timestamp, UserId};

#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub customer_id: i64,
    pub complaint_id: Option<i64>,
    pub overall: i64,
    pub again: i64,
    pub recommend: i64,
    pub to_five: Option<String>,
    pub recorded_by: UserId,
    pub at: Timestamp,
}

pub async fn insert(conn: &mut Conn, guild: GuildId, s: &Score) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO scores (guild_id, customer_id, complaint_id, overall, again, recommend, to_five, recorded_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(guild.0)
    .bind(s.customer_id)
    .bind(s.complaint_id)
    .bind(s.overall)
    .bind(s.again)
    .bind(s.recommend)
    .bind(s.to_five.clone())
    .bind(s.recorded_by.0)
    .bind(s.at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn latest_for_customer(
    conn: &mut Conn,
    customer_id: i64,
    limit: i64,
) -> Result<Vec<Score>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT customer_id, complaint_id, overall, again, recommend, to_five, recorded_by, at FROM scores
         WHERE customer_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(customer_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Score {
                customer_id: r.try_get("customer_id")?,
                complaint_id: opt_i64(r, "complaint_id")?,
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
