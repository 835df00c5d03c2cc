//! Each process is an instance: an id of its own, kept alive as the lease
//! `instance:ID` while it runs. What it is for:
//!
//! - **Recovery**: outbox items name the instance that leased them. A process
//!   that starts (and every beat after) frees at once the items of instances
//!   that are gone, instead of waiting out their leases. An instance is gone
//!   when its lease ran out, or, on this same host and process namespace, when
//!   its process no longer runs (a `kill -9`ed predecessor: the check reads
//!   `/proc`, and the process's start time in the id rules out a reused pid).
//! - **The global rate limit**: Discord's 50 requests per second are per bot
//!   token, so the live instances share them evenly (`Limiter::set_replicas`).

use std::sync::OnceLock;

use anyhow::Context as _;
use tracing::info;

use crate::domain::ids::Timestamp;
use crate::store::{self, Db};

const PREFIX: &str = "instance:";

/// Where the id's parts are read from; `-` where the system does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts {
    host: String,
    /// The pid namespace: the same pid means the same process only within one.
    namespace: String,
    pid: u32,
    /// The process's start, in clock ticks since boot (`/proc/PID/stat`).
    started: String,
}

impl Parts {
    fn id(&self) -> String {
        let Parts {
            host,
            namespace,
            pid,
            started,
        } = self;
        format!("{host}/{namespace}/{pid}/{started}")
    }

    fn parse(id: &str) -> Option<Parts> {
        let mut it = id.rsplitn(4, '/');
        let started = it.next()?.to_string();
        let pid = it.next()?.parse().ok()?;
        let namespace = it.next()?.to_string();
        let host = it.next()?.to_string();
        Some(Parts {
            host,
            namespace,
            pid,
            started,
        })
    }
}

fn own_parts() -> Parts {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().replace('/', "_"))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    let namespace = std::fs::read_link("/proc/self/ns/pid")
        .ok()
        .map(|p| {
            p.to_string_lossy()
                .chars()
                .filter(char::is_ascii_digit)
                .collect()
        })
        .filter(|n: &String| !n.is_empty())
        .unwrap_or_else(|| "-".into());
    let pid = std::process::id();
    // Without /proc, the wall clock stands in: ids stay unique, liveness is
    // then told by the lease alone.
    let started =
        start_ticks(pid).unwrap_or_else(|| format!("t{}", chrono::Utc::now().timestamp_micros()));
    Parts {
        host,
        namespace,
        pid,
        started,
    }
}

/// Field 22 of `/proc/PID/stat` (the start time), unless the process is a zombie.
fn start_ticks(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; the fields after it do not.
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    match fields.first() {
        Some(&"Z") | Some(&"X") | None => None,
        _ => fields.get(19).map(|s| s.to_string()),
    }
}

/// This process's instance id.
pub fn id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| own_parts().id())
}

/// True only when `other` is surely not running: on this host and in this
/// pid namespace, and its process is not there (or is another process now).
pub fn surely_gone(other: &str) -> bool {
    let (Some(theirs), mine) = (Parts::parse(other), own_parts()) else {
        return false;
    };
    if theirs == mine || theirs.host != mine.host || theirs.namespace != mine.namespace {
        return false;
    }
    if mine.namespace == "-" || mine.started.starts_with('t') {
        return false;
    }
    start_ticks(theirs.pid).as_deref() != Some(theirs.started.as_str())
}

/// Renews this instance's lease, frees what gone instances held, and
/// returns how many instances are live (this one included).
pub async fn beat(db: &Db, now: Timestamp, ttl: i64) -> anyhow::Result<u32> {
    let mut tx = db
        .begin_write()
        .await
        .context("instance beat: no turn to write")?;
    let me = id();
    let name = format!("{PREFIX}{me}");
    store::leases::acquire(&mut tx, &name, me, now, now + ttl)
        .await
        .context("instance beat: renewing this instance's lease")?;
    let mut live = 0u32;
    for (name, holder, until) in store::leases::with_prefix(&mut tx, PREFIX).await? {
        if holder != me && (until < now || surely_gone(&holder)) {
            let freed = store::outbox::release_leases_of(&mut tx, &holder).await?;
            store::leases::remove(&mut tx, &name).await?;
            info!(instance = %holder, freed, "an instance is gone; its outbox leases are freed");
        } else {
            live += 1;
        }
    }
    tx.commit().await.context("instance beat: committing")?;
    Ok(live.max(1))
}

/// Ends this instance's lease on a clean shutdown: the others' share of the
/// global limit grows at their next beat.
pub async fn leave(db: &Db) {
    if let Ok(mut tx) = db.begin_write().await
        && store::leases::release(&mut tx, &format!("{PREFIX}{}", id()), id())
            .await
            .is_ok()
    {
        let _ = tx.commit().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_and_this_process_is_not_gone() {
        let me = id();
        assert_eq!(Parts::parse(me).map(|p| p.id()).as_deref(), Some(me));
        assert!(!surely_gone(me));
        assert!(
            !surely_gone("elsewhere/1/2/3"),
            "another host is never judged"
        );
    }

    #[test]
    fn a_process_that_is_not_running_here_is_gone() {
        let mine = own_parts();
        if mine.namespace == "-" {
            return; // no /proc here: only leases tell
        }
        let dead = Parts {
            pid: u32::MAX - 1,
            ..mine.clone()
        };
        assert!(surely_gone(&dead.id()));
        let reused = Parts {
            started: "0".into(),
            ..mine
        };
        assert!(
            surely_gone(&reused.id()),
            "same pid, another start: another process"
        );
    }
}
