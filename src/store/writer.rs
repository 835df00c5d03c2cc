//! SQLite's one writer, with group commit. Every write of this process goes
//! through one dedicated connection, one turn at a time, so no statement
//! ever waits in SQLite's busy handler (which backs off by sleeping). A turn
//! is a savepoint inside a transaction that several turns share: when a turn
//! ends while others are already queued for theirs, the transaction stays
//! open and the queued turns join it; it commits when no one is left waiting
//! (or the batch is full or old). One commit then writes each page of the
//! write-ahead log once for the whole batch, not once per command: less
//! copying and checksumming, and a log that stays small.
//!
//! A turn's caller hears that it committed only once the whole batch has
//! committed; if that commit fails, every turn in the batch is told so.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sqlx::{Any, AnyConnection, Executor, QueryBuilder};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, oneshot};

/// How long a command waits for its turn before it is told to try again.
const TURN_TIMEOUT: Duration = Duration::from_secs(5);
/// A batch commits once it holds this many turns...
const MAX_TURNS: usize = 64;
/// ...or has been open this long, so that no turn waits long for its commit.
const MAX_AGE: Duration = Duration::from_millis(10);
/// Past this size the log has grown beyond `journal_size_limit` (16 MB, to
/// which SQLite trims it at the first commit after a restart) since it was
/// last restarted: the checkpointer is woken at once instead of at its next
/// beat, which under fast writes may come 30 MB later.
const WAL_NUDGE_BYTES: u64 = 24 << 20;

const SAVEPOINT: &str = "SAVEPOINT rapport_turn";
const BEGIN_AND_SAVEPOINT: &str = "BEGIN IMMEDIATE; SAVEPOINT rapport_turn";
/// A turn handing the lane over opens the next turn's savepoint in the same
/// round trip: one statement fewer per turn while commands queue.
const RELEASE_AND_NEXT: &str = "RELEASE SAVEPOINT rapport_turn; SAVEPOINT rapport_turn";
const RELEASE_AND_COMMIT: &str = "RELEASE SAVEPOINT rapport_turn; COMMIT";
const UNDO: &str = "ROLLBACK TO SAVEPOINT rapport_turn; RELEASE SAVEPOINT rapport_turn";

/// What a turn waiting for its batch's commit hears: the error's text when
/// the commit failed (an error cannot be shared between turns).
type Committed = Result<(), String>;

pub struct Writer {
    lane: Arc<Mutex<Lane>>,
    /// Turns queued for the lane: while there are any, a finished turn
    /// leaves the transaction open for them.
    waiting: AtomicUsize,
    /// Batches committed so far (for tests and the curious).
    batches: Arc<AtomicU64>,
    /// Woken when a commit leaves the log past `WAL_NUDGE_BYTES`.
    wal_full: Arc<Notify>,
}

/// How the writer has been doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub batches: u64,
    pub waiting: usize,
}

struct Lane {
    conn: AnyConnection,
    /// BEGIN issued, COMMIT not yet.
    open: bool,
    /// A savepoint is open for the next turn (`RELEASE_AND_NEXT`), and
    /// nothing written in it yet.
    next_ready: bool,
    opened_at: Instant,
    /// A turn was dropped without committing or rolling back: its savepoint
    /// is undone before anything else runs on the connection.
    abandoned: bool,
    /// Turns that finished in the open transaction, waiting for its commit.
    committed: Vec<oneshot::Sender<Committed>>,
    batches: Arc<AtomicU64>,
    /// The write-ahead log's file, looked at after each commit.
    wal_file: Option<PathBuf>,
    wal_full: Arc<Notify>,
}

impl Writer {
    /// `wal_file`: the write-ahead log of the database `conn` writes to.
    pub fn new(conn: AnyConnection, wal_file: Option<PathBuf>) -> Arc<Writer> {
        let batches = Arc::new(AtomicU64::new(0));
        let wal_full = Arc::new(Notify::new());
        Arc::new(Writer {
            lane: Arc::new(Mutex::new(Lane {
                conn,
                open: false,
                next_ready: false,
                opened_at: Instant::now(),
                abandoned: false,
                committed: Vec::new(),
                batches: batches.clone(),
                wal_file,
                wal_full: wal_full.clone(),
            })),
            waiting: AtomicUsize::new(0),
            batches,
            wal_full,
        })
    }

    /// Completes once a commit has left the log past its bound (at once if
    /// one did since the last call).
    pub async fn wal_full(&self) {
        self.wal_full.notified().await;
    }

    pub fn stats(&self) -> WriteStats {
        WriteStats {
            batches: self.batches.load(Ordering::SeqCst),
            waiting: self.waiting.load(Ordering::SeqCst),
        }
    }

    /// This caller's turn to write: a savepoint in the shared transaction.
    pub async fn turn(self: &Arc<Self>) -> Result<Turn, sqlx::Error> {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let lane = tokio::time::timeout(TURN_TIMEOUT, self.lane.clone().lock_owned()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let Ok(mut lane) = lane else {
            // Those ahead may have left the batch open for this caller.
            self.tidy_later();
            return Err(sqlx::Error::PoolTimedOut);
        };
        lane.undo_abandoned().await?;
        let start = match (lane.open, lane.next_ready) {
            (true, true) => None,
            (true, false) => Some(SAVEPOINT),
            (false, _) => Some(BEGIN_AND_SAVEPOINT),
        };
        lane.next_ready = false;
        if let Some(start) = start
            && let Err(e) = lane.conn.execute(start).await
        {
            lane.abort(&e).await;
            drop(lane);
            return Err(e);
        }
        if !lane.open {
            lane.open = true;
            lane.opened_at = Instant::now();
        }
        Ok(Turn {
            lane,
            writer: self.clone(),
            finished: false,
        })
    }

    /// Runs `statement` on the writer's connection between batches (for the
    /// checkpointer): whatever batch is open commits first.
    pub async fn between_batches(&self, statement: &'static str) -> Result<(), sqlx::Error> {
        let mut lane = self.lane.lock().await;
        lane.undo_abandoned().await?;
        lane.commit_batch().await?;
        lane.conn.execute(statement).await.map(|_| ())
    }

    /// After a turn was abandoned or gave up waiting: undoes what it left and
    /// commits the batch if no one else will.
    fn tidy_later(self: &Arc<Self>) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let writer = self.clone();
        runtime.spawn(async move {
            let mut lane = writer.lane.lock().await;
            if lane.undo_abandoned().await.is_err() {
                return;
            }
            if writer.waiting.load(Ordering::SeqCst) == 0 {
                let _ = lane.commit_batch().await;
            }
        });
    }

    fn others_waiting(&self) -> bool {
        self.waiting.load(Ordering::SeqCst) > 0
    }
}

impl Lane {
    async fn undo_abandoned(&mut self) -> Result<(), sqlx::Error> {
        if !self.abandoned {
            return Ok(());
        }
        self.abandoned = false;
        if let Err(e) = self.conn.execute(UNDO).await {
            self.abort(&e).await;
            return Err(e);
        }
        Ok(())
    }

    /// Commits the open batch (if it holds any finished turn; rolls it back
    /// when it holds none) and tells its turns how it went.
    async fn commit_batch(&mut self) -> Result<(), sqlx::Error> {
        if !self.open {
            return Ok(());
        }
        let end = if self.committed.is_empty() {
            "ROLLBACK"
        } else {
            "COMMIT"
        };
        match self.conn.execute(end).await {
            Ok(_) => {
                self.committed_batch();
                Ok(())
            }
            Err(e) => {
                self.abort(&e).await;
                Err(e)
            }
        }
    }

    /// Gives the whole batch up after a failure: every turn in it is told.
    async fn abort(&mut self, error: &sqlx::Error) {
        if self.open {
            let _ = self.conn.execute("ROLLBACK").await;
        }
        self.open = false;
        self.next_ready = false;
        self.abandoned = false;
        self.tell(Err(format!("{error}")));
    }

    fn committed_batch(&mut self) {
        // COMMIT also ends a savepoint opened for a next turn that never came.
        self.open = false;
        self.next_ready = false;
        self.batches.fetch_add(1, Ordering::SeqCst);
        self.tell(Ok(()));
        // One stat per batch: microseconds, against a checkpoint that would
        // otherwise come only at its next beat.
        let size = self
            .wal_file
            .as_ref()
            .and_then(|f| std::fs::metadata(f).ok());
        if size.is_some_and(|m| m.len() > WAL_NUDGE_BYTES) {
            self.wal_full.notify_one();
        }
    }

    fn tell(&mut self, result: Committed) {
        for waiter in self.committed.drain(..) {
            let _ = waiter.send(result.clone());
        }
    }

    fn full(&self) -> bool {
        self.committed.len() + 1 >= MAX_TURNS || self.opened_at.elapsed() >= MAX_AGE
    }
}

/// One caller's turn: a savepoint, on the writer's connection, that only
/// this caller may use until it commits, rolls back or is dropped.
pub struct Turn {
    lane: OwnedMutexGuard<Lane>,
    writer: Arc<Writer>,
    finished: bool,
}

impl Turn {
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.lane.conn
    }

    pub fn conn_ref(&self) -> &AnyConnection {
        &self.lane.conn
    }

    /// Runs `last` and keeps the turn's writes, in one round trip to the
    /// connection's thread; returns once they are committed (with the batch),
    /// or with the error that stopped the batch. If `last` fails, the turn is
    /// undone and the batch goes on for the others.
    pub async fn commit_with(mut self, last: Option<QueryBuilder<Any>>) -> Result<(), sqlx::Error> {
        self.finished = true;
        let hand_over = self.writer.others_waiting() && !self.lane.full();
        let end = if hand_over {
            RELEASE_AND_NEXT
        } else {
            RELEASE_AND_COMMIT
        };
        let ended = match last {
            None => self.lane.conn.execute(end).await.map(|_| ()),
            Some(mut last) => {
                last.push("; ").push(end);
                super::execute_built(&mut self.lane.conn, last)
                    .await
                    .map(|_| ())
            }
        };
        if let Err(e) = ended {
            return self.give_up(e).await;
        }
        if !hand_over {
            self.lane.committed_batch();
            return Ok(());
        }
        self.lane.next_ready = true;
        let (tx, rx) = oneshot::channel();
        self.lane.committed.push(tx);
        // Hands the lane to the next turn; hears back at the batch's commit.
        drop(self);
        match rx.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(batch_failed(why)),
            Err(_) => Err(batch_failed("the writer stopped".into())),
        }
    }

    /// After the end of a turn failed: a statement before the savepoint's
    /// release leaves it open, and undoing it spares the batch; anything
    /// later (the release or the commit) stops the whole batch.
    async fn give_up(mut self, error: sqlx::Error) -> Result<(), sqlx::Error> {
        if !self.lane.open || self.lane.conn.execute(UNDO).await.is_err() {
            self.lane.abort(&error).await;
            return Err(error);
        }
        if !self.writer.others_waiting() {
            self.lane.commit_batch().await?;
        }
        Err(error)
    }

    /// Undoes the turn's writes; the batch goes on for the others.
    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        self.finished = true;
        if let Err(e) = self.lane.conn.execute(UNDO).await {
            self.lane.abort(&e).await;
            return Err(e);
        }
        if !self.writer.others_waiting() {
            self.lane.commit_batch().await?;
        }
        Ok(())
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if !self.finished {
            // Undone by whoever takes the lane next, or by a task of its own
            // when no one is queued (the batch must not wait for a next turn).
            self.lane.abandoned = true;
            self.writer.tidy_later();
        }
    }
}

/// What a turn hears when the batch it was in did not commit. Counted as
/// "briefly unavailable": the user is told to try again.
fn batch_failed(why: String) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(format!(
        "the batch this write was in did not commit: {why}"
    )))
}
