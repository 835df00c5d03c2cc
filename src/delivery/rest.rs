//! Discord's REST API, sent by rapport itself: with `DISCORD_API_BASE` set
//! serenity's ratelimiter must be off (it ignores the proxy) and it drops
//! `Retry-After`, so 429s and 5xx are handled here for every call. Bodies are
//! serenity's builders, serialized, so their shapes are Discord's. Every call
//! goes through the rate limiter first (`ratelimit`): a request for a held
//! bucket waits, or is handed back unsent, instead of earning a 429.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use serde_json::Value;
use tracing::{debug, warn};

use super::SendError;
use super::ratelimit::{Alarm, BAN_THRESHOLD, Hold, Limiter, Observed, Route};
use crate::message::Attachment;
use crate::metrics::RestFailure;

pub const DISCORD_BASE: &str = "https://discord.com";

#[derive(Debug, Clone, PartialEq)]
pub enum RestError {
    /// Rate limited: wait this many seconds (from `Retry-After` or the body).
    RateLimited { after: f64 },
    /// Not sent: its bucket (or everything) is held for this many seconds.
    Held { after: f64 },
    /// Discord (or the network) failed; worth another try.
    Transient(String),
    /// Refused for good (bad request, unknown channel, missing access…).
    Refused { status: u16, message: String },
}

impl From<RestError> for SendError {
    fn from(e: RestError) -> Self {
        match e {
            // Not a failed attempt: the limiter holds its bucket until Discord
            // takes requests again, and the outbox tries it then.
            RestError::RateLimited { after } | RestError::Held { after } => SendError::Held {
                wait: Duration::try_from_secs_f64(after).unwrap_or(Duration::from_secs(1)),
            },
            RestError::Transient(reason) => SendError::Retry { after: 0, reason },
            RestError::Refused { status, message } => {
                SendError::Permanent(format!("{status}: {message}"))
            }
        }
    }
}

/// How long a call may wait for its bucket before it is handed back unsent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Patience {
    /// The outbox: a held bucket goes back at once (other channels go on);
    /// the global budget, which holds every channel alike, is waited for.
    Queue,
    /// Everyone else (commands, the doctor, interaction answers): wait up to this long.
    Wait(Duration),
}

impl Patience {
    fn allows(self, hold: Hold) -> bool {
        match (self, hold) {
            (Patience::Queue, Hold::Bucket(d)) => d <= Duration::from_millis(20),
            (Patience::Queue, Hold::Global(d)) => d <= Duration::from_millis(1500),
            (Patience::Wait(max), hold) => hold.wait() <= max,
        }
    }
}

#[derive(Clone)]
pub struct DiscordRest {
    client: reqwest::Client,
    base: String,
    token: String,
    limits: Arc<Limiter>,
    /// What was learned about channels, shared by every clone.
    pub channels: Arc<std::sync::Mutex<std::collections::HashMap<i64, ChannelKind>>>,
}

/// A channel as the courier found it: a forum carries its tags, as Discord
/// gave them (kept whole, so that adding a tag never drops another's emoji).
#[derive(Debug, Clone, PartialEq)]
pub enum ChannelKind {
    Text,
    Forum { tags: Vec<Value> },
}

impl DiscordRest {
    pub fn new(base: Option<&str>, token: &str, timeout: Duration) -> anyhow::Result<DiscordRest> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(5))
            .user_agent("DiscordBot (https://github.com/rapport, 0.1) rapport")
            .build()?;
        let base = base
            .unwrap_or(DISCORD_BASE)
            .trim_end_matches('/')
            .to_string();
        Ok(DiscordRest {
            client,
            base,
            token: token.to_string(),
            limits: Arc::new(Limiter::default()),
            channels: Arc::default(),
        })
    }

    /// The same client, allowed `per_second` requests a second with its token.
    pub fn with_global_limit(mut self, per_second: u32) -> DiscordRest {
        self.limits = Arc::new(Limiter::new(per_second));
        self
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The rate-limit state shared by every clone of this client.
    pub fn limits(&self) -> &Limiter {
        &self.limits
    }

    /// One request, waiting up to 10 s for its bucket; no retries.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        let patience = Patience::Wait(Duration::from_secs(10));
        self.call_with(patience, method, path, body).await
    }

    /// One request, no retries: the caller decides (the outbox re-queues).
    pub async fn call_with(
        &self,
        patience: Patience,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        let request = self.request(method.clone(), path);
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        self.send(patience, request, method, path).await
    }

    /// How long a request to `path` would be held now, if at all.
    pub fn held_for(&self, method: &reqwest::Method, path: &str) -> Option<Duration> {
        let route = Route::of(method.as_str(), path);
        self.limits.peek(&route, Instant::now()).map(Hold::wait)
    }

    /// Waits until the route may be sent, as `patience` allows.
    async fn admit(&self, patience: Patience, route: &Route) -> Result<(), RestError> {
        loop {
            match self.limits.acquire(route, Instant::now()) {
                Ok(()) => return Ok(()),
                Err(hold) if patience.allows(hold) => tokio::time::sleep(hold.wait()).await,
                Err(hold) => {
                    let after = hold.wait().as_secs_f64();
                    debug!(route = %route.shape, after, "held by the rate limit");
                    return Err(RestError::Held { after });
                }
            }
        }
    }

    /// A message with files: multipart/form-data, the JSON as `payload_json`
    /// and file `n` as `files[n]` (as `render::attachments` lists them).
    pub async fn call_multipart(
        &self,
        patience: Patience,
        method: reqwest::Method,
        path: &str,
        payload: &Value,
        files: &[Attachment],
    ) -> Result<Value, RestError> {
        let form = multipart(payload, files).map_err(|e| RestError::Refused {
            status: 0,
            message: format!("{method} {}: {e}", redact_path(path)),
        })?;
        let request = self.request(method.clone(), path).multipart(form);
        self.send(patience, request, method, path).await
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}/api/v10{path}", self.base);
        self.client
            .request(method, &url)
            .header("Authorization", format!("Bot {}", self.token))
    }

    async fn send(
        &self,
        patience: Patience,
        request: reqwest::RequestBuilder,
        method: reqwest::Method,
        path: &str,
    ) -> Result<Value, RestError> {
        let route = Route::of(method.as_str(), path);
        self.admit(patience, &route).await?;
        // Interaction and webhook tokens stay out of logs and error messages.
        let path = redact_path(path);
        let path = path.as_str();
        let response = request.send().await.map_err(|e| {
            crate::metrics::global().rest_error(RestFailure::Network);
            RestError::Transient(format!("{method} {path}: {}", e.without_url()))
        })?;
        let status = response.status().as_u16();
        if !(200..=299).contains(&status) {
            crate::metrics::global().rest_error(RestFailure::Status(status));
        }
        let mut seen = observed(status, response.headers());
        let text = response
            .text()
            .await
            .map_err(|e| RestError::Transient(format!("{method} {path}: {}", e.without_url())))?;
        let json: Value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::Null)
        };
        if status == 429 {
            // The body's figure is exact; the header is rounded up to whole seconds.
            if let Some(exact) = json.get("retry_after").and_then(Value::as_f64) {
                seen.retry_after = Some(exact);
            }
            seen.global |= json.get("global").and_then(Value::as_bool) == Some(true);
        }
        self.learn(&route, &seen);
        debug!(%method, path, status, "discord rest");
        match status {
            200..=299 => Ok(json),
            429 => {
                let after = seen.retry_after.unwrap_or(1.0);
                warn!(path, after, global = seen.global, scope = ?seen.scope, "discord rate limit");
                Err(RestError::RateLimited { after })
            }
            500..=599 => Err(RestError::Transient(format!("{method} {path}: {status}"))),
            _ => Err(RestError::Refused {
                status,
                message: json
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or(&text)
                    .chars()
                    .take(300)
                    .collect(),
            }),
        }
    }

    fn learn(&self, route: &Route, seen: &Observed) {
        let now = Instant::now();
        let Some(alarm) = self.limits.observe(route, seen, now) else {
            return;
        };
        let invalid = self.limits.invalid_requests(now);
        let budget = self.limits.budget(now);
        match alarm {
            Alarm::Calm => {}
            Alarm::Warn | Alarm::Danger => warn!(
                invalid,
                ban_at = BAN_THRESHOLD,
                budget,
                "many invalid Discord requests (401, 403, 429) in 10 minutes; sending slower"
            ),
            Alarm::Stop => tracing::error!(
                invalid,
                ban_at = BAN_THRESHOLD,
                "close to Discord's ban for invalid requests; only interaction answers go out"
            ),
        }
    }

    /// For the interaction response itself, which must land within 3 s:
    /// retries a short rate limit or a 5xx a few times in place.
    pub async fn call_soon(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        let mut last = RestError::Transient("not tried".into());
        let patience = Patience::Wait(Duration::from_secs(2));
        for _ in 0..3 {
            match self.call_with(patience, method.clone(), path, body).await {
                // The limiter now holds the route for `after`: the next try waits it out.
                Err(RestError::RateLimited { after }) if after <= 2.0 => {
                    last = RestError::RateLimited { after };
                }
                Err(RestError::Transient(e)) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    last = RestError::Transient(e);
                }
                other => return other,
            }
        }
        Err(last)
    }
}

impl DiscordRest {
    /// A POST to someone else's incoming webhook (not Discord's API).
    pub async fn post_webhook(&self, url: &str, body: &Value) -> Result<(), RestError> {
        let response = self
            .client
            .post(url)
            .json(body)
            .send()
            .await
            .map_err(|e| RestError::Transient(format!("webhook: {e}")))?;
        let status = response.status().as_u16();
        match status {
            200..=299 => Ok(()),
            429 => Err(RestError::RateLimited {
                after: response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(5.0),
            }),
            500..=599 => Err(RestError::Transient(format!("webhook answered {status}"))),
            _ => Err(RestError::Refused {
                status,
                message: "the webhook refused the message".into(),
            }),
        }
    }
}

/// The rate-limit headers of a response (the body's figures come later).
fn observed(status: u16, headers: &reqwest::header::HeaderMap) -> Observed {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let number = |name: &str| text(name).and_then(|v| v.parse::<f64>().ok());
    Observed {
        status,
        bucket: text("x-ratelimit-bucket").map(str::to_string),
        limit: text("x-ratelimit-limit").and_then(|v| v.parse().ok()),
        remaining: text("x-ratelimit-remaining").and_then(|v| v.parse().ok()),
        reset_after: number("x-ratelimit-reset-after"),
        scope: text("x-ratelimit-scope").map(str::to_string),
        global: text("x-ratelimit-global").is_some_and(|v| v.eq_ignore_ascii_case("true")),
        retry_after: number("retry-after"),
    }
}

/// The form Discord reads a message with files from: the JSON as
/// `payload_json`, then file `n` as `files[n]`.
pub fn multipart(payload: &Value, files: &[Attachment]) -> reqwest::Result<Form> {
    let json = Part::text(payload.to_string()).mime_str("application/json")?;
    // Field names are Discord's, so they go out as they are, never percent-encoded.
    let mut form = Form::new().percent_encode_noop().part("payload_json", json);
    for (i, f) in files.iter().enumerate() {
        let part = Part::bytes(f.bytes.clone())
            .file_name(plain_file_name(&f.name))
            .mime_str(&f.content_type)?;
        form = form.part(format!("files[{i}]"), part);
    }
    Ok(form)
}

/// A file name any multipart reader takes as it is: quotes, spaces and
/// anything not printable ASCII become `_` (the payload's `attachments` keep
/// the real name for Discord to show).
fn plain_file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `path` with the token of `/interactions/{id}/{token}/…` and
/// `/webhooks/{app}/{token}/…` hidden: they answer for the user for 15 minutes.
pub fn redact_path(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    for i in 0..parts.len() {
        if matches!(parts[i], "interactions" | "webhooks") && i + 2 < parts.len() {
            parts[i + 2] = "***";
        }
    }
    parts.join("/")
}

/// The id field of a Discord object, as a number.
pub fn id_of(json: &Value) -> Option<i64> {
    json.get("id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn multipart_carries_the_json_and_each_file_whole() {
        let file = Attachment {
            name: "a \"b\".csv".into(),
            content_type: "text/csv".into(),
            bytes: b"x,y\r\n1,2\r\n".to_vec(),
        };
        let form = multipart(&serde_json::json!({"content": "hi"}), &[file]).unwrap();
        let boundary = form.boundary().to_string();
        let mut body = Vec::new();
        let mut stream = std::pin::pin!(form.into_stream());
        while let Some(chunk) = futures_util::StreamExt::next(&mut stream).await {
            body.extend_from_slice(&chunk.unwrap());
        }
        let text = String::from_utf8(body).unwrap();
        assert!(text.starts_with(&format!("--{boundary}\r\n")));
        assert!(text.contains("name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{\"content\":\"hi\"}\r\n"));
        assert!(text.contains("name=\"files[0]\"; filename=\"a__b_.csv\"\r\nContent-Type: text/csv\r\n\r\nx,y\r\n1,2\r\n\r\n"));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert_eq!(text.matches(&boundary).count(), 3);
    }

    #[test]
    fn a_content_type_that_is_no_mime_type_is_refused() {
        let file = Attachment {
            name: "a.csv".into(),
            content_type: "not a type".into(),
            bytes: Vec::new(),
        };
        assert!(multipart(&serde_json::json!({}), &[file]).is_err());
    }
}
