//! Discord's REST API, sent by rapport itself: with `DISCORD_API_BASE` set
//! serenity's ratelimiter must be off (it ignores the proxy) and it drops
//! `Retry-After`, so 429s and 5xx are handled here for every call. Bodies are
//! serenity's builders, serialized, so their shapes are Discord's.

use std::time::Duration;

use reqwest::multipart::{Form, Part};
use serde_json::Value;
use tracing::{debug, warn};

use super::SendError;
use crate::message::Attachment;
use crate::metrics::RestFailure;

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
        let request = self.request(method.clone(), path);
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        self.send(request, method, path).await
    }

    /// A message with files: multipart/form-data, the JSON as `payload_json`
    /// and file `n` as `files[n]` (as `render::attachments` lists them).
    pub async fn call_multipart(
        &self,
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
        self.send(request, method, path).await
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}/api/v10{path}", self.base);
        self.client
            .request(method, &url)
            .header("Authorization", format!("Bot {}", self.token))
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        method: reqwest::Method,
        path: &str,
    ) -> Result<Value, RestError> {
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
        let retry_header = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        let text = response
            .text()
            .await
            .map_err(|e| RestError::Transient(format!("{method} {path}: {}", e.without_url())))?;
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
