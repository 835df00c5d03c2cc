//! The outbox: posts owed, written with the change that caused them, and
//! delivered in order with retries.

use sqlx::{Any, QueryBuilder, Row};

use super::{Conn, opt_i64};
use crate::domain::ids::{ChannelId, GuildId, Timestamp, UserId};
use crate::message::PostBody;

/// Where an owed post goes, resolved when it was queued; a complaint's
/// thread is looked up at delivery, since it exists only once opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    Channel(ChannelId),
    ComplaintThread,
    Dm(UserId),
    /// The URL and format travel in the body.
    Webhook,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxItem {
    pub id: i64,
    pub guild: GuildId,
    pub complaint_id: Option<i64>,
    pub destination: Destination,
    pub body: PostBody,
    pub attempts: i64,
}

fn target_columns(d: Destination) -> (&'static str, Option<i64>) {
    match d {
        Destination::Channel(c) => ("channel", Some(c.0)),
        Destination::ComplaintThread => ("thread", None),
        Destination::Dm(user) => ("dm", Some(user.0)),
        Destination::Webhook => ("webhook", None),
    }
}

fn target_from(kind: &str, id: Option<i64>) -> Option<Destination> {
    Some(match (kind, id) {
        ("channel", Some(c)) => Destination::Channel(ChannelId(c)),
        ("thread", _) => Destination::ComplaintThread,
        ("dm", Some(user)) => Destination::Dm(UserId(user)),
        ("webhook", _) => Destination::Webhook,
        _ => return None,
    })
}

pub async fn enqueue(
    conn: &mut Conn,
    guild: GuildId,
    complaint_id: Option<i64>,
    destination: Destination,
    body: &PostBody,
    now: Timestamp,
) -> anyhow::Result<i64> {
    let (target, target_id) = target_columns(destination);
    let row = sqlx::query(
        "INSERT INTO outbox (guild_id, complaint_id, target, target_id, payload, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6) RETURNING id",
    )
    .bind(guild.0)
    .bind(complaint_id)
    .bind(target)
    .bind(target_id)
    .bind(serde_json::to_string(body)?)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// A post ready to queue: where, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub guild: GuildId,
    pub complaint_id: Option<i64>,
    pub destination: Destination,
    pub body: PostBody,
}

/// Queues many posts with one statement per hundred: the sweep queues
/// thousands at a time.
pub async fn enqueue_many(
    conn: &mut Conn,
    items: &[NewItem],
    now: Timestamp,
) -> anyhow::Result<()> {
    for chunk in items.chunks(super::ROWS_PER_INSERT) {
        let mut insert = QueryBuilder::new("");
        push_insert(&mut insert, chunk, now)?;
        super::execute_built(conn, insert).await?;
    }
    Ok(())
}

/// Appends one insert of `items` to `sql`, which may already hold other
/// statements (see `closing`). A body that does not serialize fails the
/// whole insert, with its reason, before anything is appended.
pub(super) fn push_insert(
    sql: &mut QueryBuilder<Any>,
    items: &[NewItem],
    now: Timestamp,
) -> anyhow::Result<()> {
    let payloads = items
        .iter()
        .map(|item| serde_json::to_string(&item.body))
        .collect::<Result<Vec<_>, _>>()?;
    sql.push(
        "INSERT INTO outbox (guild_id, complaint_id, target, target_id, payload, status, attempts, next_attempt_at, created_at) ",
    );
    sql.push_values(items.iter().zip(payloads), |mut row, (item, payload)| {
        let (target, target_id) = target_columns(item.destination);
        row.push_bind(item.guild.0)
            .push_bind(item.complaint_id)
            .push_bind(target)
            .push_bind(target_id)
            .push_bind(payload)
            .push_bind("pending")
            .push_bind(0_i64)
            .push_bind(now)
            .push_bind(now);
    });
    Ok(())
}

/// Pending items due by `now`, oldest first, that no live replica holds.
/// Only the oldest pending item of each complaint is offered, so a thread
/// never shows step 2 before step 1, whichever replica sends them.
///
/// Two plain index walks rather than one correlated query: the due items in
/// queue order (a few times `limit`), then the oldest pending item of each of
/// their complaints. A planner with stale statistics (a table that grew fast)
/// turned the correlated form into a quadratic scan on PostgreSQL.
pub async fn due(conn: &mut Conn, now: Timestamp, limit: i64) -> anyhow::Result<Vec<OutboxItem>> {
    // Ids first: only the items chosen are read whole.
    let candidates = sqlx::query(
        "SELECT id, complaint_id FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
         ORDER BY id LIMIT $2",
    )
    .bind(now)
    .bind(limit.saturating_mul(4))
    .fetch_all(&mut *conn)
    .await?;
    let mut complaints: Vec<i64> = Vec::new();
    let mut listed = Vec::with_capacity(candidates.len());
    for r in &candidates {
        let complaint = opt_i64(r, "complaint_id")?;
        if let Some(c) = complaint
            && !complaints.contains(&c)
        {
            complaints.push(c);
        }
        listed.push((r.try_get::<i64, _>("id")?, complaint));
    }
    let heads = oldest_pending_of(conn, &complaints).await?;
    let chosen: Vec<i64> = listed
        .into_iter()
        .filter(|(id, complaint)| complaint.is_none_or(|c| heads.get(&c) == Some(id)))
        .map(|(id, _)| id)
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = QueryBuilder::new(
        "SELECT id, guild_id, complaint_id, target, target_id, payload, attempts FROM outbox WHERE id IN (",
    );
    let mut list = select.separated(", ");
    for id in &chosen {
        list.push_bind(*id);
    }
    select.push(") ORDER BY id");
    let mut items = Vec::with_capacity(chosen.len());
    for r in super::fetch_built(conn, select).await? {
        let id: i64 = r.try_get("id")?;
        let kind: String = r.try_get("target")?;
        let destination = target_from(&kind, opt_i64(&r, "target_id")?)
            .ok_or_else(|| anyhow::anyhow!("outbox item {id} has an unknown target {kind}"))?;
        let payload: String = r.try_get("payload")?;
        let body: PostBody = serde_json::from_str(&payload)?;
        items.push(OutboxItem {
            id,
            guild: GuildId(r.try_get("guild_id")?),
            complaint_id: opt_i64(&r, "complaint_id")?,
            destination,
            body,
            attempts: r.try_get("attempts")?,
        });
    }
    Ok(items)
}

/// The oldest pending item of each complaint named.
async fn oldest_pending_of(
    conn: &mut Conn,
    complaints: &[i64],
) -> Result<std::collections::HashMap<i64, i64>, sqlx::Error> {
    let mut heads = std::collections::HashMap::new();
    for chunk in complaints.chunks(200) {
        let mut select = QueryBuilder::new(
            "SELECT complaint_id, MIN(id) AS head FROM outbox WHERE status = 'pending' AND complaint_id IN (",
        );
        let mut list = select.separated(", ");
        for c in chunk {
            list.push_bind(*c);
        }
        select.push(") GROUP BY complaint_id");
        for row in super::fetch_built(conn, select).await? {
            heads.insert(row.try_get("complaint_id")?, row.try_get("head")?);
        }
    }
    Ok(heads)
}

/// Takes items for sending until `until` in the name of instance `by`;
/// returns the ids taken (another replica holds the rest). `leased_by` stays
/// after sending: it says which instance sent the item.
pub async fn claim_many(
    conn: &mut Conn,
    ids: &[i64],
    by: &str,
    now: Timestamp,
    until: Timestamp,
) -> Result<Vec<i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut update = QueryBuilder::new("UPDATE outbox SET lease_until = ");
    update
        .push_bind(until)
        .push(", leased_by = ")
        .push_bind(by.to_string());
    update.push(" WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < ");
    update.push_bind(now).push(") AND id IN (");
    let mut list = update.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    update.push(") RETURNING id");
    let rows = super::fetch_built(conn, update).await?;
    rows.iter().map(|r| r.try_get("id")).collect()
}

/// Frees the leases of items an instance that is gone was sending, so they
/// go out now rather than when the lease runs out; returns how many.
pub async fn release_leases_of(conn: &mut Conn, instance: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET lease_until = NULL WHERE leased_by = $1 AND status = 'pending' AND lease_until IS NOT NULL",
    )
    .bind(instance)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Marks a round's sent items in one statement.
pub async fn mark_sent_many(
    conn: &mut Conn,
    ids: &[i64],
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut update = QueryBuilder::new("UPDATE outbox SET status = 'sent', sent_at = ");
    update.push_bind(now);
    update.push(", attempts = attempts + 1, lease_until = NULL WHERE id IN (");
    let mut list = update.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    update.push(")");
    super::execute_built(conn, update).await?;
    Ok(())
}

pub async fn mark_retry(
    conn: &mut Conn,
    id: i64,
    next_at: Timestamp,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2, lease_until = NULL WHERE id = $3")
        .bind(next_at)
        .bind(error)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Puts an item back unsent, as it was, until `next_at`: a rate limit held
/// it, which is no failed attempt.
pub async fn hold(conn: &mut Conn, id: i64, next_at: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET next_attempt_at = $1, lease_until = NULL WHERE id = $2")
        .bind(next_at)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Moves an item no one holds to `next_at`, unsent and uncounted (its
/// destination is rate limited); an item another replica holds is left alone.
pub async fn postpone(
    conn: &mut Conn,
    id: i64,
    now: Timestamp,
    next_at: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending' AND (lease_until IS NULL OR lease_until < $3)",
    )
    .bind(next_at)
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives up on an item that can never be delivered (e.g. a deleted channel).
pub async fn mark_failed(conn: &mut Conn, id: i64, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1, lease_until = NULL WHERE id = $2")
        .bind(error)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes a server's messages sent before `before`; returns how many.
pub async fn prune_sent(
    conn: &mut Conn,
    guild: GuildId,
    before: Timestamp,
) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM outbox WHERE guild_id = $1 AND status = 'sent' AND sent_at < $2")
            .bind(guild.0)
            .bind(before)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected())
}

/// How many posts wait, and since when the oldest: what `/healthz` and
/// `/metrics` watch to tell a moving outbox from a stuck one.
pub async fn backlog(conn: &mut Conn) -> Result<(i64, Option<Timestamp>), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("n")?, opt_i64(&row, "oldest")?))
}
