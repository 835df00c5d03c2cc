//! A closed-loop HTTP load generator: `concurrency` clients, each sending
//! the next request as soon as the last one was answered, for a fixed time.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// One signed interaction, sent unchanged on every request.
#[derive(Clone)]
pub struct Signed {
    pub body: Arc<String>,
    pub signature: String,
    pub timestamp: String,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Figures {
    pub ok: usize,
    pub errors: usize,
    pub rps: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// CPU time the server used over the measured window, when its pid was given.
    pub server_cpu: Duration,
    /// And from the start of the warm-up to the end of the window.
    pub server_cpu_all: Duration,
}

/// Runs `warmup` unmeasured, then `measure`; latencies are as the client saw
/// them. Every request started in the window is counted, and the window ends
/// when the last of them is answered, so the server's CPU over the window is
/// the cost of exactly those requests (give its `pid`).
pub async fn closed_loop(
    url: &str,
    request: &Signed,
    concurrency: usize,
    warmup: Duration,
    measure: Duration,
    pid: Option<u32>,
) -> anyhow::Result<Figures> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let cpu_at_start = pid.map(super::outside::cpu_ns).unwrap_or(0);
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, url, request) = (client.clone(), url.to_string(), request.clone());
        let (measuring, stop) = (measuring.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(16_384);
            let mut errors = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let counted = measuring.load(Ordering::Relaxed);
                let started = Instant::now();
                let sent = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("x-signature-ed25519", &request.signature)
                    .header("x-signature-timestamp", &request.timestamp)
                    .body(request.body.as_str().to_owned())
                    .send()
                    .await;
                let ok = match sent {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                };
                if counted {
                    if ok {
                        latencies.push(started.elapsed());
                    } else {
                        errors += 1;
                    }
                }
            }
            (latencies, errors)
        }));
    }
    tokio::time::sleep(warmup).await;
    let cpu_before = pid.map(super::outside::cpu_ns).unwrap_or(0);
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(measure).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.await?;
        all.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    let cpu_after = pid.map(super::outside::cpu_ns).unwrap_or(0);
    all.sort();
    let pick = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(Figures {
        ok: all.len(),
        errors,
        rps: all.len() as f64 / elapsed.as_secs_f64(),
        p50: pick(0.50),
        p99: pick(0.99),
        server_cpu: Duration::from_nanos(cpu_after.saturating_sub(cpu_before)),
        server_cpu_all: Duration::from_nanos(cpu_after.saturating_sub(cpu_at_start)),
    })
}
