//! A command's closing write: the timeline entries it logged and the posts
//! it owes, sent with its commit. On SQLite they share the one round trip to
//! the writer's thread that ends the turn; on PostgreSQL they are one
//! statement (the events in a data-modifying `WITH`) before the commit.
//! Either way a command pays for its timeline and its posts once, not once
//! per table.

use sqlx::{Any, QueryBuilder};

use super::events::{self, Event};
use super::outbox::{self, NewItem};
use super::{Backend, ROWS_PER_INSERT, WriteTx};
use crate::domain::ids::{GuildId, Timestamp};

/// Records `logged`, queues `owed` and commits `tx`; if any of it fails
/// (a post that does not serialize included), nothing of the transaction is
/// kept.
pub async fn log_queue_and_commit(
    mut tx: WriteTx,
    logged: &[(GuildId, Event)],
    owed: &[NewItem],
    now: Timestamp,
) -> anyhow::Result<()> {
    let (logged_first, logged_last) = split_last_chunk(logged);
    let (owed_first, owed_last) = split_last_chunk(owed);
    // Past a hundred rows of either, the earlier ones go on their own.
    events::record_many(&mut tx, logged_first).await?;
    outbox::enqueue_many(&mut tx, owed_first, now).await?;
    let last = closing_statement(super::backend_of(&tx), logged_last, owed_last, now)?;
    tx.commit_with(last).await?;
    Ok(())
}

/// The rows before the last hundred, and the last hundred (or fewer) for
/// the closing statement.
fn split_last_chunk<T>(rows: &[T]) -> (&[T], &[T]) {
    rows.split_at(rows.len().saturating_sub(ROWS_PER_INSERT))
}

/// One statement for the last events and the last posts; `None` when there
/// is neither.
fn closing_statement(
    backend: Backend,
    logged: &[(GuildId, Event)],
    owed: &[NewItem],
    now: Timestamp,
) -> anyhow::Result<Option<QueryBuilder<Any>>> {
    let mut sql = QueryBuilder::new("");
    match (logged.is_empty(), owed.is_empty()) {
        (true, true) => return Ok(None),
        (false, true) => events::push_insert(&mut sql, logged),
        (true, false) => outbox::push_insert(&mut sql, owed, now)?,
        (false, false) => {
            match backend {
                Backend::Postgres => {
                    sql.push("WITH logged AS (");
                    events::push_insert(&mut sql, logged);
                    sql.push(") ");
                }
                Backend::Sqlite => {
                    events::push_insert(&mut sql, logged);
                    sql.push("; ");
                }
            }
            outbox::push_insert(&mut sql, owed, now)?;
        }
    }
    Ok(Some(sql))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_chunk_is_the_last_hundred_rows() {
        let rows: Vec<usize> = (0..250).collect();
        let (first, last) = split_last_chunk(&rows);
        assert_eq!((first.len(), last.len()), (150, 100));
        assert_eq!(last.first(), Some(&150));
        let (first, last) = split_last_chunk(&rows[..200]);
        assert_eq!((first.len(), last.len()), (100, 100));
        let (first, last) = split_last_chunk(&rows[..3]);
        assert_eq!((first.len(), last.len()), (0, 3));
        let (first, last) = split_last_chunk::<usize>(&[]);
        assert_eq!((first.len(), last.len()), (0, 0));
    }
}
