//! What `/healthz` and `/metrics` report: the database answers (and, for
//! SQLite, its file is still where it was opened: a moved or deleted file
//! takes every later write with it), the gateway is connected when it is
//! enabled, and the outbox is moving. Also the count of interactions in
//! flight, so a shutdown can wait for them.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

use crate::app::App;
use crate::metrics::Gauges;
use crate::store;

/// A pending post older than this means delivery is stuck.
pub const OUTBOX_STUCK_SECS: i64 = 600;
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Default)]
pub struct Health {
    gateway_enabled: AtomicBool,
    gateway_connected: AtomicBool,
    in_flight: AtomicUsize,
    idle: Notify,
}

/// One look at the database.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probe {
    pub database_up: bool,
    pub pending: i64,
    pub oldest_age: i64,
}

impl Health {
    pub fn set_gateway_enabled(&self, enabled: bool) {
        self.gateway_enabled.store(enabled, Ordering::SeqCst);
    }

    pub fn set_gateway_connected(&self, connected: bool) {
        self.gateway_connected.store(connected, Ordering::SeqCst);
    }

    /// `None` when this process runs no gateway.
    pub fn gateway_connected(&self) -> Option<bool> {
        self.gateway_enabled
            .load(Ordering::SeqCst)
            .then(|| self.gateway_connected.load(Ordering::SeqCst))
    }

    /// Marks an interaction in flight until the guard drops.
    pub fn begin(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(self.clone())
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Waits until no interaction is in flight, or `timeout`; true when drained.
    pub async fn drained(&self, timeout: Duration) -> bool {
        let wait = async {
            loop {
                let idle = self.idle.notified();
                if self.in_flight() == 0 {
                    return;
                }
                idle.await;
            }
        };
        tokio::time::timeout(timeout, wait).await.is_ok()
    }
}

pub struct InFlight(Arc<Health>);

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

/// Reads the outbox backlog; an error or a missing file means the database is gone.
pub async fn probe(app: &App) -> Probe {
    let down = Probe {
        database_up: false,
        pending: 0,
        oldest_age: 0,
    };
    if app.db.sqlite_file().is_some_and(|f| !f.exists()) {
        return down;
    }
    let read = async {
        let mut conn = app.db.pool.acquire().await?;
        store::outbox::backlog(&mut conn).await
    };
    match tokio::time::timeout(PROBE_TIMEOUT, read).await {
        Ok(Ok((pending, oldest))) => Probe {
            database_up: true,
            pending,
            oldest_age: oldest.map_or(0, |at| (app.clock.now() - at).max(0)),
        },
        _ => down,
    }
}

/// What is wrong, for `/healthz`; empty when all is well.
pub async fn problems(app: &App, health: &Health) -> Vec<String> {
    let p = probe(app).await;
    let mut out = Vec::new();
    if !p.database_up {
        out.push("database unreachable".to_string());
    }
    if health.gateway_connected() == Some(false) {
        out.push("gateway disconnected".to_string());
    }
    if p.oldest_age > OUTBOX_STUCK_SECS {
        out.push(format!(
            "outbox stuck: {} message(s) waiting, the oldest for {}s",
            p.pending, p.oldest_age
        ));
    }
    out
}

/// The gauges `/metrics` adds to the counters, read now.
pub async fn gauges(app: &App, health: &Health) -> Gauges {
    let p = probe(app).await;
    Gauges {
        database_up: p.database_up,
        outbox_pending: p.pending,
        outbox_oldest_age_secs: p.oldest_age,
        interactions_in_flight: health.in_flight(),
        gateway_connected: health.gateway_connected(),
        // The REST client's own count; `metrics` fills it in where it has one.
        discord_invalid_requests: 0,
    }
}
