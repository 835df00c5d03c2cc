//! The timeline: who did what, when, to which complaint or customer.

use sqlx::{Any, QueryBuilder, Row};

use super::{Conn, opt_i64};
use crate::domain::ids::{GuildId, Timestamp, UserId};
use crate::domain::timeline::EventKind;

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub complaint_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub actor: UserId,
    pub kind: EventKind,
    pub detail: String,
    pub at: Timestamp,
}

pub async fn record(conn: &mut Conn, guild: GuildId, e: &Event) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (guild_id, complaint_id, customer_id, actor_id, kind, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(guild.0)
    .bind(e.complaint_id)
    .bind(e.customer_id)
    .bind(e.actor.0)
    .bind(e.kind.code())
    .bind(&e.detail)
    .bind(e.at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records many events with one statement per hundred.
pub async fn record_many(conn: &mut Conn, events: &[(GuildId, Event)]) -> Result<(), sqlx::Error> {
    for chunk in events.chunks(super::ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::new("");
        push_insert(&mut insert, chunk);
        super::execute_built(conn, insert).await?;
    }
    Ok(())
}

/// Appends one insert of `rows` to `sql`, which may already hold other
/// statements (see `closing`).
pub(super) fn push_insert(sql: &mut QueryBuilder<Any>, rows: &[(GuildId, Event)]) {
    sql.push(
        "INSERT INTO events (guild_id, complaint_id, customer_id, actor_id, kind, detail, at) ",
    );
    sql.push_values(rows, |mut row, (guild, e)| {
        row.push_bind(guild.0)
            .push_bind(e.complaint_id)
            .push_bind(e.customer_id)
            .push_bind(e.actor.0)
            .push_bind(e.kind.code())
            .push_bind(e.detail.clone())
            .push_bind(e.at);
    });
}

/// A kind this version does not know is a decoding error, named, not a blank line.
fn event_kind(code: String) -> Result<EventKind, sqlx::Error> {
    EventKind::from_code(&code).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: "kind".into(),
        source: format!("unknown event kind {code:?}").into(),
    })
}

fn event(r: &sqlx::any::AnyRow) -> Result<Event, sqlx::Error> {
    Ok(Event {
        complaint_id: opt_i64(r, "complaint_id")?,
        customer_id: opt_i64(r, "customer_id")?,
        actor: UserId(r.try_get("actor_id")?),
        kind: event_kind(r.try_get("kind")?)?,
        detail: r.try_get("detail")?,
        at: r.try_get("at")?,
    })
}

pub async fn for_complaint(conn: &mut Conn, complaint_id: i64) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT complaint_id, customer_id, actor_id, kind, detail, at FROM events WHERE complaint_id = $1 ORDER BY id",
    )
    .bind(complaint_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(event).collect()
}

/// The latest events about a customer or any of its complaints, newest first.
pub async fn latest_for_customer(
    conn: &mut Conn,
    customer_id: i64,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT complaint_id, customer_id, actor_id, kind, detail, at FROM events WHERE customer_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(customer_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(event).collect()
}
