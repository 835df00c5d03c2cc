//! The process's Prometheus metrics, kept by `prometheus-client` and written
//! out in the Prometheus text format (0.0.4) by `GET /metrics`. One registry
//! per process, like a Prometheus client's default registry, so every part of
//! the bot counts into it without being handed it.
//!
//! Label values are enums, so a caller cannot invent a series and a new case
//! is a compile error where it is mapped, not a silent fallback.

use std::fmt::Write as _;
use std::sync::LazyLock;
use std::time::Duration;

use prometheus_client::encoding::{
    EncodeLabelSet, EncodeLabelValue, LabelValueEncoder, prometheus_text,
};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// What `GET /metrics` answers with.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// Upper bounds (seconds) of the handler latency buckets: Discord wants an
/// answer within 3 s, so the interesting range is milliseconds to seconds.
pub const LATENCY_BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// A label value enum with the list of all its cases, so every series can be
/// declared up front and reads 0 before its first event. The derive writes a
/// variant's name as the label value, hence the lower-case variants.
macro_rules! label_values {
    ($(#[$doc:meta])* $name:ident { $($case:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EncodeLabelValue)]
        pub enum $name { $($case),+ }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$case),+];
        }
    };
}

label_values!(
    /// The kind of interaction Discord sent.
    InteractionKind { ping, command, autocomplete, component, modal, other }
);
label_values!(
    /// How the bot answered an interaction.
    InteractionOutcome { ok, refused, unavailable }
);
label_values!(
    /// Where an outbox message was going.
    DeliveryDestination { channel, thread, dm, webhook }
);
label_values!(
    /// What became of one delivery attempt.
    DeliveryOutcome { sent, held, retried, failed }
);
label_values!(
    /// What a reminder or an escalation is about.
    ReminderKind { ack, stall, promise, follow_up }
);

/// A failed Discord REST call: the HTTP status it answered, or no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestFailure {
    Status(u16),
    Network,
}

// Written by hand: the derive only knows unit variants, and a status is a number.
impl EncodeLabelValue for RestFailure {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        match self {
            RestFailure::Status(code) => write!(encoder, "{code}"),
            RestFailure::Network => encoder.write_str("network"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct InteractionLabels {
    kind: InteractionKind,
    outcome: InteractionOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct DeliveryLabels {
    destination: DeliveryDestination,
    outcome: DeliveryOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RestErrorLabels {
    status: RestFailure,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct ReminderLabels {
    kind: ReminderKind,
}

/// Values read at scrape time rather than counted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gauges {
    pub database_up: bool,
    pub outbox_pending: i64,
    pub outbox_oldest_age_secs: i64,
    pub interactions_in_flight: usize,
    /// `None` where this process runs no gateway: the series is then absent.
    pub gateway_connected: Option<bool>,
    /// Discord's invalid requests (401, 403, 429) in the last ten minutes.
    pub discord_invalid_requests: usize,
}

pub struct Metrics {
    registry: Registry,
    interactions: Family<InteractionLabels, Counter>,
    latency: Histogram,
    deliveries: Family<DeliveryLabels, Counter>,
    rest_errors: Family<RestErrorLabels, Counter>,
    reminders: Family<ReminderLabels, Counter>,
    escalations: Family<ReminderLabels, Counter>,
}

// Names are registered without `_total` and help without its final full stop:
// the library adds both, and the names on the wire are the documented ones.
impl Metrics {
    fn new() -> Metrics {
        let m = Metrics {
            registry: Registry::default(),
            interactions: Family::default(),
            latency: Histogram::new(LATENCY_BUCKETS),
            deliveries: Family::default(),
            rest_errors: Family::default(),
            reminders: Family::default(),
            escalations: Family::default(),
        };
        for &kind in InteractionKind::ALL {
            for &outcome in InteractionOutcome::ALL {
                let _ = m
                    .interactions
                    .get_or_create(&InteractionLabels { kind, outcome });
            }
        }
        for &destination in DeliveryDestination::ALL {
            for &outcome in DeliveryOutcome::ALL {
                let labels = DeliveryLabels {
                    destination,
                    outcome,
                };
                let _ = m.deliveries.get_or_create(&labels);
            }
        }
        for &kind in ReminderKind::ALL {
            let _ = m.reminders.get_or_create(&ReminderLabels { kind });
            let _ = m.escalations.get_or_create(&ReminderLabels { kind });
        }
        m.registered()
    }

    fn registered(mut self) -> Metrics {
        let r = &mut self.registry;
        r.register(
            "rapport_interactions",
            "Discord interactions answered, by kind and outcome",
            self.interactions.clone(),
        );
        r.register(
            "rapport_interaction_duration_seconds",
            "Time to answer an interaction, in seconds",
            self.latency.clone(),
        );
        r.register(
            "rapport_outbox_deliveries",
            "Outgoing messages tried, by destination and outcome",
            self.deliveries.clone(),
        );
        r.register(
            "rapport_discord_rest_errors",
            "Discord REST calls that failed, by HTTP status (network = no answer)",
            self.rest_errors.clone(),
        );
        r.register(
            "rapport_reminders_sent",
            "Reminders queued for reps, by kind",
            self.reminders.clone(),
        );
        r.register(
            "rapport_escalations_sent",
            "Escalations queued for managers, by kind",
            self.escalations.clone(),
        );
        self
    }

    pub fn interaction(&self, kind: InteractionKind, outcome: InteractionOutcome, took: Duration) {
        self.interactions
            .get_or_create(&InteractionLabels { kind, outcome })
            .inc();
        self.latency.observe(took.as_secs_f64());
    }

    pub fn delivery(&self, destination: DeliveryDestination, outcome: DeliveryOutcome) {
        self.deliveries
            .get_or_create(&DeliveryLabels {
                destination,
                outcome,
            })
            .inc();
    }

    pub fn rest_error(&self, status: RestFailure) {
        self.rest_errors
            .get_or_create(&RestErrorLabels { status })
            .inc();
    }

    pub fn reminder(&self, kind: ReminderKind) {
        self.reminders.get_or_create(&ReminderLabels { kind }).inc();
    }

    pub fn escalation(&self, kind: ReminderKind) {
        self.escalations
            .get_or_create(&ReminderLabels { kind })
            .inc();
    }

    /// The counters, then `gauges`, in Prometheus text format 0.0.4.
    pub fn render(&self, gauges: &Gauges) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_text::encode(&mut out, &self.registry)?;
        prometheus_text::encode(&mut out, &gauge_registry(gauges))?;
        Ok(out)
    }
}

/// A registry for one scrape: the gauges are read fresh each time, and the
/// gateway's is only there where a gateway runs.
fn gauge_registry(g: &Gauges) -> Registry {
    let mut r = Registry::default();
    let mut add = |name: &str, help: &str, value: i64| {
        let gauge: Gauge = Gauge::default();
        gauge.set(value);
        r.register(name, help, gauge);
    };
    add(
        "rapport_database_up",
        "1 when the database answers",
        i64::from(g.database_up),
    );
    add(
        "rapport_outbox_pending",
        "Messages waiting in the outbox",
        g.outbox_pending,
    );
    add(
        "rapport_outbox_oldest_age_seconds",
        "Age of the oldest message waiting in the outbox (0 when none)",
        g.outbox_oldest_age_secs,
    );
    add(
        "rapport_interactions_in_flight",
        "Interactions being answered now",
        i64::try_from(g.interactions_in_flight).unwrap_or(i64::MAX),
    );
    add(
        "rapport_discord_invalid_requests",
        "Invalid Discord requests (401, 403, 429 but shared) in the last 10 minutes; Discord bans the IP at 10000",
        i64::try_from(g.discord_invalid_requests).unwrap_or(i64::MAX),
    );
    if let Some(connected) = g.gateway_connected {
        add(
            "rapport_gateway_connected",
            "1 while the gateway connection is up",
            i64::from(connected),
        );
    }
    r
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// The process's registry.
pub fn global() -> &'static Metrics {
    &METRICS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gauges() -> Gauges {
        Gauges {
            database_up: true,
            outbox_pending: 2,
            outbox_oldest_age_secs: 0,
            interactions_in_flight: 0,
            gateway_connected: None,
            discord_invalid_requests: 7,
        }
    }

    #[test]
    fn counters_and_histogram_render_as_prometheus_text() {
        let m = Metrics::new();
        let answered = |ms| {
            let took = Duration::from_millis(ms);
            m.interaction(InteractionKind::command, InteractionOutcome::ok, took);
        };
        answered(30);
        answered(3);
        m.rest_error(RestFailure::Status(429));
        m.rest_error(RestFailure::Network);
        let text = m.render(&gauges()).unwrap();
        for line in [
            "# HELP rapport_interactions_total Discord interactions answered, by kind and outcome.\n",
            "# TYPE rapport_interactions_total counter\n",
            "rapport_interactions_total{kind=\"command\",outcome=\"ok\"} 2\n",
            "rapport_interactions_total{kind=\"modal\",outcome=\"refused\"} 0\n",
            "# TYPE rapport_interaction_duration_seconds histogram\n",
            "rapport_interaction_duration_seconds_bucket{le=\"0.005\"} 1\n",
            "rapport_interaction_duration_seconds_bucket{le=\"0.05\"} 2\n",
            "rapport_interaction_duration_seconds_bucket{le=\"1\"} 2\n",
            "rapport_interaction_duration_seconds_bucket{le=\"+Inf\"} 2\n",
            "rapport_interaction_duration_seconds_count 2\n",
            "rapport_discord_rest_errors_total{status=\"429\"} 1\n",
            "rapport_discord_rest_errors_total{status=\"network\"} 1\n",
            "rapport_escalations_sent_total{kind=\"promise\"} 0\n",
            "# TYPE rapport_outbox_pending gauge\nrapport_outbox_pending 2\n",
            "\nrapport_database_up 1\n",
            "# TYPE rapport_discord_invalid_requests gauge\nrapport_discord_invalid_requests 7\n",
        ] {
            assert!(text.contains(line), "{line:?} missing from\n{text}");
        }
        assert!(!text.contains("EOF"), "{text}");
        assert!(!text.contains("rapport_gateway_connected"), "{text}");
    }

    #[test]
    fn every_declared_series_reads_zero_before_its_first_event() {
        let text = Metrics::new().render(&gauges()).unwrap();
        let series = |prefix: &str| {
            text.lines()
                .filter(|l| l.starts_with(prefix) && l.ends_with(" 0"))
                .count()
        };
        assert_eq!(series("rapport_interactions_total{"), 6 * 3);
        assert_eq!(series("rapport_outbox_deliveries_total{"), 4 * 4);
        assert_eq!(series("rapport_reminders_sent_total{"), 4);
        assert_eq!(series("rapport_escalations_sent_total{"), 4);
    }

    #[test]
    fn the_gateway_gauge_is_there_only_with_a_gateway() {
        let g = Gauges {
            gateway_connected: Some(false),
            ..gauges()
        };
        let text = Metrics::new().render(&g).unwrap();
        assert!(text.contains("\nrapport_gateway_connected 0\n"), "{text}");
    }
}
