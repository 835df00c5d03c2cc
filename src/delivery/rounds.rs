//! Delivery in rounds. Each round takes what is due (the oldest pending item
//! of each complaint, so a thread never shows step 2 before step 1), leases
//! it in one write, sends it (a few destinations at once, each in queue
//! order) and records every outcome in one more write. Two short writes per
//! round, through the same single writer as the commands, instead of two per
//! item: answers never wait behind a delivery's writes, and SQLite's busy
//! handler is never reached.

use std::collections::HashMap;

use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;

use tracing::{Instrument as _, info, warn};

use super::{Courier, DeliveryTally, MAX_ATTEMPTS, SendError, backoff, instance, nonce};
use crate::domain::ids::{ChannelId, Timestamp, UserId};
use crate::message::PostBody;
use crate::metrics::{DeliveryDestination, DeliveryOutcome};
use crate::store::outbox::{Destination, OutboxItem};
use crate::store::{self, Db};

/// How long a replica holds an item it is sending, unless configured.
const LEASE_SECS: i64 = 60;
/// Rounds per call; the loop calls again when woken.
const MAX_ROUNDS: usize = 50;

/// Sends what is due at `now`: rounds of up to `limit` items until a round
/// sends nothing.
pub async fn deliver_due<C: Courier>(
    db: &Db,
    courier: &C,
    now: Timestamp,
    limit: i64,
) -> anyhow::Result<DeliveryTally> {
    deliver_due_leased(db, courier, now, limit, LEASE_SECS).await
}

/// As `deliver_due`, holding each item `lease_secs`; past that, another
/// replica may retry it (a dead replica's items are not stuck).
pub async fn deliver_due_leased<C: Courier>(
    db: &Db,
    courier: &C,
    now: Timestamp,
    limit: i64,
    lease_secs: i64,
) -> anyhow::Result<DeliveryTally> {
    let mut report = DeliveryTally::default();
    for _ in 0..MAX_ROUNDS {
        let before = report.sent + report.failed;
        if !round(db, courier, now, limit, lease_secs, &mut report).await? {
            break;
        }
        if report.sent + report.failed == before {
            break;
        }
        // Between rounds the commands waiting for the runtime go first.
        tokio::task::yield_now().await;
    }
    if report != DeliveryTally::default() {
        info!(
            sent = report.sent,
            retried = report.retried,
            failed = report.failed,
            waiting = report.waiting,
            "outbox delivered"
        );
    }
    Ok(report)
}

/// One round; false when nothing was due.
async fn round<C: Courier>(
    db: &Db,
    courier: &C,
    now: Timestamp,
    limit: i64,
    lease_secs: i64,
    report: &mut DeliveryTally,
) -> anyhow::Result<bool> {
    let (due, threads) = {
        let mut conn = db.pool.acquire().await?;
        let due = store::outbox::due(&mut conn, now, limit).await?;
        let wanted: Vec<i64> = due
            .iter()
            .filter(|i| {
                i.destination == Destination::ComplaintThread
                    || matches!(i.body, PostBody::EditCard { .. })
            })
            .filter_map(|i| i.complaint_id)
            .collect();
        let threads = store::complaints::threads_of(&mut conn, &wanted).await?;
        (due, threads)
    };
    if due.is_empty() {
        return Ok(false);
    }
    let mut ready = Vec::with_capacity(due.len());
    let mut held = Vec::new();
    for item in due {
        match courier.held(&item) {
            // Out of the query until (about) when its bucket opens; a
            // shorter hold just leaves it due.
            Some(wait) => held.push((item.id, wait.as_secs())),
            None => ready.push(item),
        }
    }
    report.waiting += held.len();
    let claimed = {
        let mut tx = db.begin_write().await?;
        for (id, secs) in held.iter().filter(|(_, secs)| *secs > 0) {
            let at = now + i64::try_from(*secs).unwrap_or(i64::MAX / 2);
            store::outbox::postpone(&mut tx, *id, now, at).await?;
        }
        let ids: Vec<i64> = ready.iter().map(|i| i.id).collect();
        let until = now + lease_secs;
        let claimed = store::outbox::claim_many(&mut tx, &ids, instance::id(), now, until).await?;
        tx.commit().await?;
        claimed
    };
    // Another replica is sending the rest.
    ready.retain(|i| claimed.contains(&i.id));
    let tried = send_all(courier, &ready, &threads).await;
    let mut tx = db.begin_write().await?;
    record(&mut tx, &tried, now, report).await?;
    tx.commit().await?;
    Ok(true)
}

/// How one try at sending an item went.
enum Attempt {
    Sent,
    /// Sent, and it opened the complaint's thread.
    OpenedThread(ChannelId),
    /// A thread post whose complaint never got its thread.
    NoThread,
    Failed(SendError),
}

/// Destinations sent to at once. Each destination (a channel, a thread, a
/// DM, a webhook) is a lane whose items go one after another, in queue
/// order, so nobody sees posts out of order; different lanes overlap, so
/// a round is not paced by one round trip per item (50 to 100 ms each to
/// Discord). Few enough that when Discord answers one request with a global
/// 429, at most `LANES_AT_ONCE - 1` others were already on their way (the
/// limiter then holds every lane).
const LANES_AT_ONCE: usize = 4;

/// Where an item goes, as far as ordering is concerned.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Lane<'a> {
    Channel(ChannelId),
    /// A complaint's thread (the thread may not be known yet).
    Thread(Option<i64>),
    Dm(UserId),
    Webhook(&'a str),
}

fn lane_of(item: &OutboxItem) -> Lane<'_> {
    match (&item.destination, &item.body) {
        (Destination::Channel(channel), _) => Lane::Channel(*channel),
        (Destination::ComplaintThread, _) => Lane::Thread(item.complaint_id),
        (Destination::Dm(user), _) => Lane::Dm(*user),
        (Destination::Webhook, PostBody::Webhook { url, .. }) => Lane::Webhook(url),
        (Destination::Webhook, _) => Lane::Webhook(""),
    }
}

/// Sends every item, each lane in queue order, `LANES_AT_ONCE` lanes at a
/// time; the attempts come back in the items' order.
async fn send_all<'a, C: Courier>(
    courier: &C,
    items: &'a [OutboxItem],
    threads: &HashMap<i64, ChannelId>,
) -> Vec<(&'a OutboxItem, Attempt)> {
    // Lanes in the order their first item was queued.
    let mut lanes: Vec<Vec<&'a OutboxItem>> = Vec::new();
    let mut lane_at: HashMap<Lane<'a>, usize> = HashMap::new();
    for item in items {
        let at = *lane_at.entry(lane_of(item)).or_insert_with(|| {
            lanes.push(Vec::new());
            lanes.len() - 1
        });
        lanes[at].push(item);
    }
    let mut waiting = lanes.into_iter();
    let mut running = FuturesUnordered::new();
    running.extend(
        waiting
            .by_ref()
            .take(LANES_AT_ONCE)
            .map(|queued| send_lane(courier, queued, threads)),
    );
    let mut out = Vec::with_capacity(items.len());
    while let Some(sent) = running.next().await {
        out.extend(sent);
        running.extend(
            waiting
                .next()
                .map(|queued| send_lane(courier, queued, threads)),
        );
    }
    out.sort_by_key(|(item, _)| item.id);
    out
}

async fn send_lane<'a, C: Courier>(
    courier: &C,
    queued: Vec<&'a OutboxItem>,
    threads: &HashMap<i64, ChannelId>,
) -> Vec<(&'a OutboxItem, Attempt)> {
    let mut out = Vec::with_capacity(queued.len());
    for item in queued {
        let span = tracing::info_span!(
            "delivery",
            guild = item.guild.0,
            complaint_id = item.complaint_id,
            item = item.id
        );
        let thread = item.complaint_id.and_then(|c| threads.get(&c).copied());
        let attempt = send(courier, item, thread).instrument(span).await;
        out.push((item, attempt));
    }
    out
}

async fn send<C: Courier>(courier: &C, item: &OutboxItem, thread: Option<ChannelId>) -> Attempt {
    let nonce = nonce(item.id);
    let result = match (&item.destination, &item.body) {
        (
            Destination::Channel(channel),
            PostBody::OpenThread {
                name,
                starter,
                tags,
            },
        ) => {
            match courier
                .open_thread(*channel, name, starter, tags, &nonce)
                .await
            {
                Ok(opened) => return Attempt::OpenedThread(opened),
                Err(e) => Err(e),
            }
        }
        (Destination::Channel(channel), PostBody::Message(m)) => {
            courier.post(*channel, m, &nonce).await
        }
        (Destination::Dm(user), PostBody::Message(m)) => courier.dm(*user, m, &nonce).await,
        // A thread opened from a message carries the message's id.
        (Destination::Channel(channel), PostBody::EditCard { card, tags }) => match thread {
            Some(thread) => courier.edit(*channel, thread.0, card, tags).await,
            None => return Attempt::NoThread,
        },
        (_, PostBody::EditCard { .. }) => Err(SendError::Permanent(
            "a card can only be redrawn in its channel".into(),
        )),
        (Destination::ComplaintThread, PostBody::Message(m)) => match thread {
            Some(thread) => courier.post(thread, m, &nonce).await,
            None => return Attempt::NoThread,
        },
        (_, PostBody::Webhook { url, format, text }) => courier.webhook(url, *format, text).await,
        (Destination::Webhook, PostBody::Message(_)) => Err(SendError::Permanent(
            "a webhook post without its URL".into(),
        )),
        (_, PostBody::OpenThread { .. }) => Err(SendError::Permanent(
            "a thread can only be opened in a channel".into(),
        )),
    };
    match result {
        Ok(()) => Attempt::Sent,
        Err(e) => Attempt::Failed(e),
    }
}

/// What a round writes about one item.
enum Mark<'a> {
    Sent,
    Thread(ChannelId),
    Hold(Timestamp),
    Retry(Timestamp, &'a str),
    Failed(&'a str),
}

/// Writes every outcome of a round: the sent ones, and the threads they
/// opened, in one statement each.
async fn record(
    conn: &mut store::Conn,
    tried: &[(&OutboxItem, Attempt)],
    now: Timestamp,
    report: &mut DeliveryTally,
) -> anyhow::Result<()> {
    let mut sent = Vec::new();
    let mut opened = Vec::new();
    for (item, attempt) in tried {
        let span = tracing::info_span!(
            "delivery",
            guild = item.guild.0,
            complaint_id = item.complaint_id,
            item = item.id
        );
        let mark = span.in_scope(|| judge(item, attempt, now, report));
        match mark {
            Mark::Sent => sent.push(item.id),
            Mark::Thread(thread) => {
                opened.extend(item.complaint_id.map(|c| (c, thread)));
                sent.push(item.id);
            }
            Mark::Hold(at) => store::outbox::hold(conn, item.id, at).await?,
            Mark::Retry(at, reason) => store::outbox::mark_retry(conn, item.id, at, reason).await?,
            Mark::Failed(reason) => store::outbox::mark_failed(conn, item.id, reason).await?,
        }
    }
    store::complaints::set_threads(conn, &opened).await?;
    store::outbox::mark_sent_many(conn, &sent, now).await?;
    Ok(())
}

/// Counts, logs and decides what to write for one item's attempt.
fn judge<'a>(
    item: &OutboxItem,
    attempt: &'a Attempt,
    now: Timestamp,
    report: &mut DeliveryTally,
) -> Mark<'a> {
    let before = *report;
    let mark = match attempt {
        Attempt::Sent => {
            report.sent += 1;
            Mark::Sent
        }
        Attempt::OpenedThread(thread) => {
            report.sent += 1;
            Mark::Thread(*thread)
        }
        Attempt::NoThread => {
            // Everything before it was sent, so its thread will never come.
            warn!("the complaint has no thread to post in; given up");
            report.failed += 1;
            Mark::Failed("the complaint has no thread")
        }
        Attempt::Failed(SendError::Held { wait }) => {
            // Whole seconds, rounded down: due again no later than the bucket resets.
            report.waiting += 1;
            Mark::Hold(now + i64::try_from(wait.as_secs()).unwrap_or(i64::MAX / 2))
        }
        Attempt::Failed(SendError::Retry { after, reason }) if item.attempts + 1 < MAX_ATTEMPTS => {
            warn!(attempts = item.attempts + 1, %reason, "delivery failed; will retry");
            report.retried += 1;
            Mark::Retry(now + (*after).max(backoff(item.attempts)), reason)
        }
        Attempt::Failed(SendError::Retry { reason, .. } | SendError::Permanent(reason)) => {
            warn!(%reason, "delivery given up");
            report.failed += 1;
            Mark::Failed(reason)
        }
    };
    note(item, &before, report);
    mark
}

/// One log line and one count per message tried: where it went and how it
/// went (ids only, never the text; the span names the item).
fn note(item: &OutboxItem, before: &DeliveryTally, after: &DeliveryTally) {
    let outcome = if after.sent > before.sent {
        DeliveryOutcome::sent
    } else if after.waiting > before.waiting {
        DeliveryOutcome::held
    } else if after.retried > before.retried {
        DeliveryOutcome::retried
    } else {
        DeliveryOutcome::failed
    };
    let destination = match item.destination {
        Destination::Channel(_) => DeliveryDestination::channel,
        Destination::ComplaintThread => DeliveryDestination::thread,
        Destination::Dm(_) => DeliveryDestination::dm,
        Destination::Webhook => DeliveryDestination::webhook,
    };
    crate::metrics::global().delivery(destination, outcome);
    info!(destination = ?destination, outcome = ?outcome, "message");
}
