//! Discord's rate limits, emulated for the stand-in (`fake_discord.rs` asks
//! `gate` once per request). Real time, with a window a test may shorten.
//!
//! - `POST /channels/{c}/messages` and `POST /channels/{c}/messages/{m}/threads`:
//!   `per_window` requests per `window` per channel, each its own bucket;
//! - interaction callbacks and webhook follow-ups: per token, and outside
//!   the global limit, as Discord says;
//! - everything else: ten times `per_window` per route and major parameter;
//! - the global limit: `global_per_second` requests in any second.
//!
//! Every answer carries `X-RateLimit-Bucket`, `-Limit`, `-Remaining`,
//! `-Reset` and `-Reset-After`; a 429 adds `Retry-After` (whole seconds),
//! `X-RateLimit-Scope` (and `X-RateLimit-Global` when global) and Discord's
//! body with the exact `retry_after` and `global`. `inject_429` makes the next
//! matching request a 429 with a long `retry_after`, and holds the bucket (or
//! everything) that long, as Discord would. `provoked()` counts the 429s the
//! bot earned itself.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct Limits {
    pub window: Duration,
    pub per_window: u32,
    pub global_per_second: u32,
}

impl Default for Limits {
    /// Discord's own figures for posting to a channel.
    fn default() -> Self {
        Limits {
            window: Duration::from_secs(5),
            per_window: 5,
            global_per_second: 50,
        }
    }
}

/// What the stand-in does with one request.
pub enum Gate {
    /// Answer it, adding these headers.
    Pass(Vec<(String, String)>),
    /// Answer 429 with this body and these headers instead.
    Limited {
        body: Value,
        headers: Vec<(String, String)>,
    },
}

/// One request as the limits saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub global: bool,
}

struct Window {
    started: Instant,
    used: u32,
    paused_until: Option<Instant>,
}

struct Injected {
    method: String,
    prefix: String,
    retry_after: f64,
    global: bool,
}

#[derive(Default)]
struct Inner {
    buckets: HashMap<(String, String), Window>,
    recent: VecDeque<Instant>,
    global_until: Option<Instant>,
    injected: Vec<Injected>,
    provoked: usize,
    seen: Vec<Seen>,
}

pub struct RateLimits {
    limits: Limits,
    inner: Mutex<Inner>,
}

/// (bucket name, major parameter, limit, counted globally) for a request.
fn classify(limits: &Limits, method: &str, path: &str) -> (String, String, u32, bool) {
    let short = path.strip_prefix("/api/v10").unwrap_or(path);
    let s: Vec<&str> = short.trim_matches('/').split('/').collect();
    let per = limits.per_window;
    match (method, s.as_slice()) {
        ("POST", ["channels", c, "messages"]) => ("a1b2-messages".into(), c.to_string(), per, true),
        ("POST", ["channels", c, "messages", _, "threads"]) => {
            ("c3d4-threads".into(), c.to_string(), per, true)
        }
        (_, ["interactions" | "webhooks", id, token, ..]) => (
            "e5f6-interaction".into(),
            format!("{id}/{token}"),
            per,
            false,
        ),
        (_, [head, id, ..]) if matches!(*head, "channels" | "guilds") => (
            format!("other-{method}-{head}"),
            id.to_string(),
            per * 10,
            true,
        ),
        _ => (
            format!("other-{method}-{short}"),
            String::new(),
            per * 10,
            true,
        ),
    }
}

fn header(k: &str, v: impl ToString) -> (String, String) {
    (k.to_string(), v.to_string())
}

fn epoch(at: Instant, now: Instant) -> f64 {
    let wall = SystemTime::now() + at.saturating_duration_since(now);
    wall.duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

fn limited(retry: f64, global: bool, mut headers: Vec<(String, String)>) -> Gate {
    headers.push(header("retry-after", retry.ceil() as u64));
    headers.push(header(
        "x-ratelimit-scope",
        if global { "global" } else { "user" },
    ));
    if global {
        headers.push(header("x-ratelimit-global", "true"));
    }
    let body =
        json!({"message": "You are being rate limited.", "retry_after": retry, "global": global});
    Gate::Limited { body, headers }
}

impl RateLimits {
    pub fn new(limits: Limits) -> RateLimits {
        RateLimits {
            limits,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn st(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The next `method` request whose path (with or without `/api/v10`)
    /// starts with `prefix` gets a 429 of `retry_after` seconds, and its
    /// bucket (everything, when `global`) stays closed that long.
    pub fn inject_429(&self, method: &str, prefix: &str, retry_after: f64, global: bool) {
        self.st().injected.push(Injected {
            method: method.to_ascii_uppercase(),
            prefix: prefix.to_string(),
            retry_after,
            global,
        });
    }

    /// 429s the bot earned by sending into a closed bucket or past the global limit.
    pub fn provoked(&self) -> usize {
        self.st().provoked
    }

    /// Every request gated so far, oldest first.
    pub fn seen(&self) -> Vec<Seen> {
        self.st().seen.clone()
    }

    pub fn gate(&self, method: &str, path: &str) -> Gate {
        let now = Instant::now();
        let (name, major, limit, counted) = classify(&self.limits, method, path);
        let mut st = self.st();
        let gate = self.decide(&mut st, now, method, path, (name, major, limit, counted));
        let (status, global) = match &gate {
            Gate::Pass(_) => (200, false),
            Gate::Limited { body, .. } => (429, body["global"] == true),
        };
        let (method, path) = (method.to_string(), path.to_string());
        st.seen.push(Seen {
            at: now,
            method,
            path,
            status,
            global,
        });
        gate
    }

    fn decide(
        &self,
        st: &mut Inner,
        now: Instant,
        method: &str,
        path: &str,
        (name, major, limit, counted): (String, String, u32, bool),
    ) -> Gate {
        let short = path.strip_prefix("/api/v10").unwrap_or(path);
        let key = (name.clone(), major);
        let window = self.limits.window;
        let w = st.buckets.entry(key.clone()).or_insert(Window {
            started: now,
            used: 0,
            paused_until: None,
        });
        if now >= w.started + window {
            (w.started, w.used) = (now, 0);
        }
        let reset_at = w.started + window;
        let remaining = limit.saturating_sub(w.used + 1);
        let reset_after = (reset_at - now).as_secs_f64();
        let headers = vec![
            header("x-ratelimit-bucket", &name),
            header("x-ratelimit-limit", limit),
            header("x-ratelimit-remaining", remaining),
            header("x-ratelimit-reset", format!("{:.3}", epoch(reset_at, now))),
            header("x-ratelimit-reset-after", format!("{reset_after:.3}")),
        ];
        let matches = |i: &Injected| {
            i.method == method && (path.starts_with(&i.prefix) || short.starts_with(&i.prefix))
        };
        if let Some(at) = st.injected.iter().position(matches) {
            let i = st.injected.remove(at);
            let until = now + Duration::from_secs_f64(i.retry_after);
            if i.global {
                st.global_until = Some(until);
            } else if let Some(w) = st.buckets.get_mut(&key) {
                w.paused_until = Some(until);
            }
            return limited(i.retry_after, i.global, headers);
        }
        if counted {
            let second = Duration::from_secs(1);
            while st
                .recent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= second)
            {
                st.recent.pop_front();
            }
            st.recent.push_back(now);
            let paused = st.global_until.filter(|u| *u > now);
            let over = st.recent.len() > self.limits.global_per_second as usize;
            if paused.is_some() || over {
                st.provoked += 1;
                let until = paused.or(st.recent.front().map(|t| *t + second));
                let retry = until.map_or(1.0, |u| (u - now).as_secs_f64());
                return limited(retry, true, headers);
            }
        }
        let Some(w) = st.buckets.get_mut(&key) else {
            return Gate::Pass(headers);
        };
        let pause = w.paused_until.filter(|u| *u > now);
        if pause.is_some() || w.used >= limit {
            st.provoked += 1;
            let until = pause.unwrap_or(reset_at);
            return limited((until - now).as_secs_f64(), false, headers);
        }
        w.used += 1;
        Gate::Pass(headers)
    }
}
