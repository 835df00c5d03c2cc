//! Discord's REST API, sent by rapport itself: with `DISCORD_API_BASE` set
//! serenity's ratelimiter must be off (it ignores the proxy) and it drops
//! `Retry-After`, so 429s and 5xx are handled here for every call. Bodies are
//! serenity's builders, serialized, so their shapes are Discord's.

use std::time::Duration;

use serde_json::Value;
use tracing::{debug, warn};

use crate::delivery::SendError;

pub const DISCORD_BASE: &str = "https://discord.com";

#[derive(Debug, Clone, PartialEq)]
pub enum RestError {
    /// Rate limited: wait this many seconds (from `Retry-After` or the body).
    RateLimited { after: f64 },
    /// Discord (or the network) failed; worth another try.
    Transient(String),
    /// Refused for good (bad request, unknown channel, missing access…).
    Refused { status: u16, message: String },
}

impl From<RestError> for SendError {
    fn from(e: RestError) -> Self {
        match e {
            RestError::RateLimited { after } => SendError::Retry {
                after: after.ceil() as i64,
                reason: format!("rate limited for {after}s"),
            },
            RestError::Transient(reason) => SendError::Retry { after: 0, reason },
            RestError::Refused { status, message } => {
                SendError::Permanent(format!("{status}: {message}"))
            }
        }
    }
}

#[derive(Clone)]
pub struct DiscordRest {
    client: reqwest::Client,
    base: String,
    token: String,
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
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// One request, no retries: the caller decides (the outbox re-queues).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        let url = format!("{}/api/v10{path}", self.base);
        let mut request = self
            .client
            .request(method.clone(), &url)
            .header("Authorization", format!("Bot {}", self.token));
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| RestError::Transient(format!("{method} {path}: {e}")))?;
        let status = response.status().as_u16();
        let retry_header = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        let text = response
            .text()
            .await
            .map_err(|e| RestError::Transient(format!("{method} {path}: {e}")))?;
        let json: Value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::Null)
        };
        debug!(%method, path, status, "discord rest");
        match status {
            200..=299 => Ok(json),
            429 => {
                let after = retry_header
                    .or_else(|| json.get("retry_after").and_then(Value::as_f64))
                    .unwrap_or(1.0);
                warn!(path, after, "discord rate limit");
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

    /// For the interaction response itself, which must land within 3 s:
    /// retries a short rate limit or a 5xx a few times in place.
    pub async fn call_soon(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        let mut last = RestError::Transient("not tried".into());
        for _ in 0..3 {
            match self.call(method.clone(), path, body).await {
                Err(RestError::RateLimited { after }) if after <= 1.0 => {
                    tokio::time::sleep(Duration::from_secs_f64(after.max(0.05))).await;
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

/// The id field of a Discord object, as a number.
pub fn id_of(json: &Value) -> Option<i64> {
    json.get("id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
}
