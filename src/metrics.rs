//! A small Prometheus registry: labelled counters and one latency histogram,
//! kept in atomics and written out in the text exposition format by
//! `GET /metrics`. One per process, like a Prometheus client's default
//! registry, so every part of the bot counts into it without being handed it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

/// Upper bounds (seconds) of the handler latency buckets: Discord wants an
/// answer within 3 s, so the interesting range is milliseconds to seconds.
pub const LATENCY_BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

pub const INTERACTION_KINDS: &[&str] = &[
    "ping",
    "command",
    "autocomplete",
    "component",
    "modal",
    "other",
];
pub const INTERACTION_OUTCOMES: &[&str] = &["ok", "refused", "unavailable"];
pub const DESTINATIONS: &[&str] = &["channel", "thread", "dm", "webhook"];
pub const DELIVERY_OUTCOMES: &[&str] = &["sent", "retried", "failed"];
pub const REMINDER_KINDS: &[&str] = &["ack", "stall", "promise"];

/// Counters of one metric name, one per combination of label values.
struct Family {
    name: &'static str,
    help: &'static str,
    labels: &'static [&'static str],
    series: Mutex<BTreeMap<Vec<String>, Arc<AtomicU64>>>,
}

impl Family {
    fn new(name: &'static str, help: &'static str, labels: &'static [&'static str]) -> Family {
        Family {
            name,
            help,
            labels,
            series: Mutex::new(BTreeMap::new()),
        }
    }

    /// Declares label combinations up front, so they read 0 before the first event.
    fn with(self, combos: &[&[&str]]) -> Family {
        for values in combos {
            self.counter(values);
        }
        self
    }

    fn counter(&self, values: &[&str]) -> Arc<AtomicU64> {
        let key: Vec<String> = values.iter().map(|v| (*v).to_string()).collect();
        let mut series = self
            .series
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        series.entry(key).or_default().clone()
    }

    fn inc(&self, values: &[&str]) {
        self.counter(values).fetch_add(1, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String) {
        let _ = writeln!(out, "# HELP {} {}", self.name, self.help);
        let _ = writeln!(out, "# TYPE {} counter", self.name);
        let series = self
            .series
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for (values, n) in series.iter() {
            let labels: Vec<String> = self
                .labels
                .iter()
                .zip(values)
                .map(|(k, v)| format!("{k}=\"{}\"", escape(v)))
                .collect();
            let _ = writeln!(
                out,
                "{}{{{}}} {}",
                self.name,
                labels.join(","),
                n.load(Ordering::Relaxed)
            );
        }
    }
}

/// A histogram with fixed buckets; the sum is kept in microseconds.
struct Histogram {
    name: &'static str,
    help: &'static str,
    buckets: Vec<AtomicU64>,
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    fn new(name: &'static str, help: &'static str) -> Histogram {
        Histogram {
            name,
            help,
            buckets: LATENCY_BUCKETS.iter().map(|_| AtomicU64::new(0)).collect(),
            count: AtomicU64::new(0),
            sum_micros: AtomicU64::new(0),
        }
    }

    fn observe(&self, took: Duration) {
        let secs = took.as_secs_f64();
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.buckets) {
            if secs <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String) {
        let _ = writeln!(out, "# HELP {} {}", self.name, self.help);
        let _ = writeln!(out, "# TYPE {} histogram", self.name);
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.buckets) {
            let _ = writeln!(
                out,
                "{}_bucket{{le=\"{bound}\"}} {}",
                self.name,
                bucket.load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{}_bucket{{le=\"+Inf\"}} {count}", self.name);
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1_000_000.0;
        let _ = writeln!(out, "{}_sum {sum}", self.name);
        let _ = writeln!(out, "{}_count {count}", self.name);
    }
}

/// A value read at scrape time (outbox depth, gateway state…).
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    pub name: &'static str,
    pub help: &'static str,
    pub value: f64,
}

pub struct Metrics {
    interactions: Family,
    latency: Histogram,
    deliveries: Family,
    rest_errors: Family,
    reminders: Family,
    escalations: Family,
}

fn combos(a: &[&'static str], b: &[&'static str]) -> Vec<Vec<&'static str>> {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| vec![*x, *y]))
        .collect()
}

impl Metrics {
    fn new() -> Metrics {
        let pairs = combos(INTERACTION_KINDS, INTERACTION_OUTCOMES);
        let pairs: Vec<&[&str]> = pairs.iter().map(Vec::as_slice).collect();
        let sent = combos(DESTINATIONS, DELIVERY_OUTCOMES);
        let sent: Vec<&[&str]> = sent.iter().map(Vec::as_slice).collect();
        let kinds: Vec<[&str; 1]> = REMINDER_KINDS.iter().map(|k| [*k]).collect();
        let kinds: Vec<&[&str]> = kinds.iter().map(|k| k.as_slice()).collect();
        Metrics {
            interactions: Family::new(
                "rapport_interactions_total",
                "Discord interactions answered, by kind and outcome.",
                &["kind", "outcome"],
            )
            .with(&pairs),
            latency: Histogram::new(
                "rapport_interaction_duration_seconds",
                "Time to answer an interaction, in seconds.",
            ),
            deliveries: Family::new(
                "rapport_outbox_deliveries_total",
                "Outgoing messages tried, by destination and outcome.",
                &["destination", "outcome"],
            )
            .with(&sent),
            rest_errors: Family::new(
                "rapport_discord_rest_errors_total",
                "Discord REST calls that failed, by HTTP status (network = no answer).",
                &["status"],
            ),
            reminders: Family::new(
                "rapport_reminders_sent_total",
                "Reminders queued for reps, by kind.",
                &["kind"],
            )
            .with(&kinds),
            escalations: Family::new(
                "rapport_escalations_sent_total",
                "Escalations queued for managers, by kind.",
                &["kind"],
            )
            .with(&kinds),
        }
    }

    pub fn interaction(&self, kind: &str, outcome: &str, took: Duration) {
        self.interactions.inc(&[kind, outcome]);
        self.latency.observe(took);
    }

    pub fn delivery(&self, destination: &str, outcome: &str) {
        self.deliveries.inc(&[destination, outcome]);
    }

    /// `status` is the HTTP status, or "network" when Discord never answered.
    pub fn rest_error(&self, status: &str) {
        self.rest_errors.inc(&[status]);
    }

    pub fn reminder(&self, kind: &str) {
        self.reminders.inc(&[kind]);
    }

    pub fn escalation(&self, kind: &str) {
        self.escalations.inc(&[kind]);
    }

    /// The whole registry, then `gauges`, in Prometheus text format 0.0.4.
    pub fn render(&self, gauges: &[Gauge]) -> String {
        let mut out = String::new();
        self.interactions.render(&mut out);
        self.latency.render(&mut out);
        self.deliveries.render(&mut out);
        self.rest_errors.render(&mut out);
        self.reminders.render(&mut out);
        self.escalations.render(&mut out);
        for g in gauges {
            let _ = writeln!(out, "# HELP {} {}", g.name, g.help);
            let _ = writeln!(out, "# TYPE {} gauge", g.name);
            let _ = writeln!(out, "{} {}", g.name, g.value);
        }
        out
    }
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// The process's registry.
pub fn global() -> &'static Metrics {
    &METRICS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_histogram_render_as_prometheus_text() {
        let m = Metrics::new();
        m.interaction("command", "ok", Duration::from_millis(30));
        m.interaction("command", "ok", Duration::from_millis(3));
        m.rest_error("429");
        let text = m.render(&[Gauge {
            name: "rapport_outbox_pending",
            help: "Messages waiting.",
            value: 2.0,
        }]);
        assert!(text.contains("rapport_interactions_total{kind=\"command\",outcome=\"ok\"} 2"));
        assert!(text.contains("rapport_interactions_total{kind=\"modal\",outcome=\"refused\"} 0"));
        assert!(text.contains("rapport_interaction_duration_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("rapport_interaction_duration_seconds_bucket{le=\"0.05\"} 2"));
        assert!(text.contains("rapport_interaction_duration_seconds_bucket{le=\"+Inf\"} 2"));
        assert!(text.contains("rapport_interaction_duration_seconds_count 2"));
        assert!(text.contains("rapport_discord_rest_errors_total{status=\"429\"} 1"));
        assert!(text.contains("# TYPE rapport_outbox_pending gauge\nrapport_outbox_pending 2\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
