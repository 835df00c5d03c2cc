//! Only one replica runs the gateway: it holds the "gateway" lease in the
//! database and renews it; the others wait and take over if it stops
//! renewing (a killed replica), so the gateway never runs twice.

use std::time::Duration;

use tracing::{info, warn};

use super::gateway;
use super::interactions::Discord;
use crate::store;

const LEASE: &str = "gateway";

/// This process's instance id: a holder that is gone can be told.
fn holder() -> &'static str {
    crate::delivery::instance::id()
}

fn renew_every(d: &Discord) -> Duration {
    Duration::from_secs((d.app.config.replicas.gateway_lease_secs / 3).max(1) as u64)
}

async fn try_lease(d: &Discord, me: &str) -> bool {
    let now = d.app.clock.now();
    let ttl = d.app.config.replicas.gateway_lease_secs;
    // A write like every other: on SQLite through the one writer.
    let leased = async {
        let mut tx = d.app.db.begin_write().await?;
        // A holder killed on this host gives the gateway up at once.
        if let Some(other) = store::leases::holder(&mut tx, LEASE).await?
            && crate::delivery::instance::surely_gone(&other)
        {
            info!(holder = %other, "the gateway's holder is gone");
            store::leases::release(&mut tx, LEASE, &other).await?;
        }
        let got = store::leases::acquire(&mut tx, LEASE, me, now, now + ttl).await?;
        tx.commit().await?;
        Ok::<bool, sqlx::Error>(got)
    };
    leased.await.unwrap_or_else(|e| {
        warn!(error = %e, "cannot reach the database for the gateway lease");
        false
    })
}

/// Runs the gateway whenever this replica holds the lease; returns only on error.
pub async fn run(
    d: Discord,
    token: String,
    api_base: Option<String>,
    register: bool,
) -> anyhow::Result<()> {
    let me = holder();
    loop {
        if !try_lease(&d, me).await {
            tokio::time::sleep(renew_every(&d)).await;
            continue;
        }
        info!(holder = %me, "this replica runs the gateway");
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let gateway = gateway::run(d.clone(), &token, api_base.as_deref(), register, stopped);
        tokio::pin!(gateway);
        let mut stop = Some(stop);
        let lost = loop {
            tokio::select! {
                result = &mut gateway => break result.err(),
                _ = tokio::time::sleep(renew_every(&d)), if stop.is_some() => {
                    if !try_lease(&d, me).await {
                        warn!("lost the gateway lease; stopping the gateway here");
                        if let Some(stop) = stop.take() {
                            let _ = stop.send(());
                        }
                    }
                }
            }
        };
        if let Some(e) = lost {
            return Err(e);
        }
    }
}

/// Lets another replica take the gateway at once on a clean shutdown.
pub async fn release(d: &Discord) {
    if let Ok(mut tx) = d.app.db.begin_write().await
        && store::leases::release(&mut tx, LEASE, holder())
            .await
            .is_ok()
    {
        let _ = tx.commit().await;
    }
}
