//! Discord's rate limits, kept from the headers of every response so that a
//! request for an exhausted bucket is held back *before* it is sent, not
//! answered with a 429 after. Pure state: every method takes the instant it
//! is asked at, so tests drive it without waiting.
//!
//! A bucket is a route and its major parameter (channel, guild, webhook or
//! interaction id and token). Routes start keyed by their own shape; once
//! Discord names a route's bucket in `X-RateLimit-Bucket`, routes sharing
//! that name share state (per major parameter), as Discord counts them.
//! Discord gives no headers for its global limit (50 requests per second per
//! token), so that one is counted here, over the requests this process sent.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Discord's global limit per bot token, requests per second.
pub const GLOBAL_PER_SECOND: u32 = 50;
/// Discord bans the IP address for about an hour past this many invalid
/// requests (401, 403, 429 except `shared`) in ten minutes.
pub const BAN_THRESHOLD: usize = 10_000;
/// The window Discord counts invalid requests over.
pub const INVALID_WINDOW: Duration = Duration::from_secs(600);
/// The global budget is counted over a little more than a second: requests
/// reach Discord later than they leave, and unevenly.
const GLOBAL_WINDOW: Duration = Duration::from_millis(1100);
/// Two answers whose resets are this close describe the same window (the
/// reset is read as "seconds from now", so it moves with each answer's
/// latency).
const SAME_WINDOW: Duration = Duration::from_millis(250);
/// How long a route's state is worth keeping once its window is over.
const STALE: Duration = Duration::from_secs(120);

/// Which request a limit applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    /// The method and the path's shape: ids other than the major parameter as `:id`.
    pub shape: String,
    /// The major parameter (`channels/123`, `webhooks/1/token`), or empty.
    pub major: String,
    /// Interaction callbacks and follow-ups: Discord does not count them
    /// against the global limit.
    pub interaction: bool,
}

impl Route {
    pub fn of(method: &str, path: &str) -> Route {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let (major_len, interaction) = match segments.as_slice() {
            ["channels" | "guilds", id, ..] if is_id(id) => (2, false),
            ["webhooks" | "interactions", _, _, ..] => (3, true),
            _ => (0, false),
        };
        let major = segments[..major_len.min(segments.len())].join("/");
        let rest = segments.iter().skip(major_len).map(|s| match is_id(s) {
            true => ":id",
            false => s,
        });
        let head = segments.first().copied().unwrap_or_default();
        let shape = std::iter::once(head)
            .take(usize::from(major_len > 0))
            .chain(rest)
            .collect::<Vec<_>>()
            .join("/");
        Route {
            shape: format!("{method} /{shape}"),
            major,
            interaction,
        }
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// What Discord said about a bucket in one response's headers and body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observed {
    pub status: u16,
    pub bucket: Option<String>,
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
    pub reset_after: Option<f64>,
    /// `X-RateLimit-Scope` on a 429: `user`, `global` or `shared`.
    pub scope: Option<String>,
    /// `X-RateLimit-Global`, or `"global": true` in the body.
    pub global: bool,
    /// The body's `retry_after` (exact), else the rounded header.
    pub retry_after: Option<f64>,
}

/// Why a request must wait, and how long.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hold {
    /// Its bucket has no requests left, or Discord paused it with a 429.
    Bucket(Duration),
    /// The global budget is spent, Discord paused everything, or too many
    /// invalid requests were made lately.
    Global(Duration),
}

impl Hold {
    pub fn wait(self) -> Duration {
        match self {
            Hold::Bucket(d) | Hold::Global(d) => d,
        }
    }
}

/// How close the invalid requests of the last ten minutes are to a ban.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Alarm {
    Calm,
    /// 10% of the threshold: logged, and the global budget halved.
    Warn,
    /// 50%: a fifth of the budget.
    Danger,
    /// 80%: nothing but interaction answers until it falls again.
    Stop,
}

impl Alarm {
    fn of(invalid: usize) -> Alarm {
        match invalid {
            n if n >= BAN_THRESHOLD * 8 / 10 => Alarm::Stop,
            n if n >= BAN_THRESHOLD / 2 => Alarm::Danger,
            n if n >= BAN_THRESHOLD / 10 => Alarm::Warn,
            _ => Alarm::Calm,
        }
    }

    /// The share of the global budget left at this level, in fifths.
    fn fifths(self) -> u32 {
        match self {
            Alarm::Calm => 5,
            Alarm::Warn => 2,
            Alarm::Danger => 1,
            Alarm::Stop => 0,
        }
    }
}

#[derive(Debug, Default)]
struct Bucket {
    limit: Option<u32>,
    remaining: u32,
    reset_at: Option<Instant>,
    paused_until: Option<Instant>,
}

impl Bucket {
    /// When this bucket may send again, if not now.
    fn ready_at(&mut self, now: Instant) -> Option<Instant> {
        if let Some(until) = self.paused_until.filter(|u| *u > now) {
            return Some(until);
        }
        match self.reset_at {
            Some(reset) if reset <= now => {
                // A new window: full again until Discord says otherwise.
                self.remaining = self.limit.unwrap_or(1);
                self.reset_at = None;
                None
            }
            Some(reset) if self.limit.is_some() && self.remaining == 0 => Some(reset),
            _ => None,
        }
    }

    fn last_use(&self) -> Option<Instant> {
        self.reset_at.max(self.paused_until)
    }
}

#[derive(Debug, Default)]
struct State {
    /// A route's shape → the bucket Discord named for it.
    named: HashMap<String, String>,
    /// (bucket name, or the shape until it is named; major parameter) → state.
    buckets: HashMap<(String, String), Bucket>,
    sent: VecDeque<Instant>,
    global_until: Option<Instant>,
    invalid: VecDeque<Instant>,
    replicas: u32,
    per_second: u32,
}

impl State {
    fn key(&self, route: &Route) -> (String, String) {
        let name = self.named.get(&route.shape).unwrap_or(&route.shape);
        (name.clone(), route.major.clone())
    }

    fn invalid_now(&mut self, now: Instant) -> usize {
        while let Some(t) = self.invalid.front() {
            match now.checked_duration_since(*t) {
                Some(age) if age >= INVALID_WINDOW => self.invalid.pop_front(),
                _ => break,
            };
        }
        self.invalid.len()
    }

    /// This replica's share of the global budget, lowered while invalid requests climb.
    fn budget(&mut self, now: Instant) -> u32 {
        let share = (self.per_second / self.replicas.max(1)).max(1);
        share * Alarm::of(self.invalid_now(now)).fifths() / 5
    }

    fn global_hold(&mut self, now: Instant) -> Option<Duration> {
        if let Some(until) = self.global_until.filter(|u| *u > now) {
            return Some(until - now);
        }
        while self
            .sent
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= GLOBAL_WINDOW)
        {
            self.sent.pop_front();
        }
        let budget = self.budget(now) as usize;
        if budget == 0 {
            // Stopped: try again once a little of the ten minutes has passed.
            return Some(Duration::from_secs(5));
        }
        match self.sent.len() >= budget {
            true => self.sent.front().map(|t| (*t + GLOBAL_WINDOW) - now),
            false => None,
        }
    }
}

/// Rate-limit state for one bot token in this process.
#[derive(Debug)]
pub struct Limiter {
    state: Mutex<State>,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter::new(GLOBAL_PER_SECOND)
    }
}

impl Limiter {
    pub fn new(per_second: u32) -> Limiter {
        Limiter {
            state: Mutex::new(State {
                replicas: 1,
                per_second: per_second.max(1),
                ..State::default()
            }),
        }
    }

    fn st(&self) -> MutexGuard<'_, State> {
        // The state stays consistent between statements, so a panic elsewhere leaves it usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How many live replicas share the token's global limit.
    pub fn set_replicas(&self, replicas: u32) {
        self.st().replicas = replicas.max(1);
    }

    /// The global requests per second this replica may send now.
    pub fn budget(&self, now: Instant) -> u32 {
        self.st().budget(now)
    }

    /// Takes one request from the route's bucket and the global budget, or
    /// says how long to wait; nothing is taken when it must wait.
    pub fn acquire(&self, route: &Route, now: Instant) -> Result<(), Hold> {
        let mut st = self.st();
        if let Some(hold) = Self::hold_in(&mut st, route, now) {
            return Err(hold);
        }
        let key = st.key(route);
        let bucket = st.buckets.entry(key).or_default();
        bucket.remaining = bucket.remaining.saturating_sub(1);
        if !route.interaction {
            st.sent.push_back(now);
        }
        Ok(())
    }

    /// What `acquire` would answer, without taking anything.
    pub fn peek(&self, route: &Route, now: Instant) -> Option<Hold> {
        Self::hold_in(&mut self.st(), route, now)
    }

    fn hold_in(st: &mut State, route: &Route, now: Instant) -> Option<Hold> {
        if !route.interaction
            && let Some(wait) = st.global_hold(now)
        {
            return Some(Hold::Global(wait));
        }
        let key = st.key(route);
        let ready = st.buckets.get_mut(&key)?.ready_at(now)?;
        Some(Hold::Bucket(ready - now))
    }

    /// Learns from one response; returns the alarm level when it rose.
    pub fn observe(&self, route: &Route, seen: &Observed, now: Instant) -> Option<Alarm> {
        let mut st = self.st();
        if let Some(name) = &seen.bucket
            && st.named.get(&route.shape) != Some(name)
        {
            // Whatever was counted under the shape now counts under Discord's name.
            let old = st.key(route);
            st.named.insert(route.shape.clone(), name.clone());
            if let Some(state) = st.buckets.remove(&old) {
                let new = st.key(route);
                st.buckets.entry(new).or_insert(state);
            }
        }
        let key = st.key(route);
        let bucket = st.buckets.entry(key).or_default();
        if let Some(limit) = seen.limit {
            bucket.limit = Some(limit);
        }
        let reset_at = seen.reset_after.and_then(secs).map(|after| now + after);
        if let Some(remaining) = seen.remaining {
            // Delivery sends to a few destinations side by side, so answers
            // from one bucket can come back in any order: the answer to an
            // earlier request, in the same window, must not give back what
            // later ones have taken since. A later reset is a new window,
            // where Discord's count stands.
            let same_window = matches!(
                (bucket.reset_at, reset_at),
                (Some(known), Some(new)) if new <= known + SAME_WINDOW
            );
            bucket.remaining = match same_window {
                true => remaining.min(bucket.remaining),
                false => remaining,
            };
        }
        if let Some(at) = reset_at {
            bucket.reset_at = Some(at);
        }
        if seen.status == 429 {
            let wait = seen
                .retry_after
                .and_then(secs)
                .unwrap_or(Duration::from_secs(1));
            if seen.global || seen.scope.as_deref() == Some("global") {
                st.global_until = Some(now + wait);
            } else {
                let key = st.key(route);
                // Paused, whatever the count says; the count is the headers'.
                st.buckets.entry(key).or_default().paused_until = Some(now + wait);
            }
        }
        if st.buckets.len() > 4096 {
            st.buckets
                .retain(|_, b| b.last_use().is_some_and(|t| t + STALE > now));
        }
        let invalid = matches!(seen.status, 401 | 403)
            || (seen.status == 429 && seen.scope.as_deref() != Some("shared"));
        if !invalid {
            return None;
        }
        let before = Alarm::of(st.invalid_now(now));
        st.invalid.push_back(now);
        let after = Alarm::of(st.invalid.len());
        (after > before).then_some(after)
    }

    /// Invalid requests (401, 403, 429 but `shared`) in the last ten minutes.
    pub fn invalid_requests(&self, now: Instant) -> usize {
        self.st().invalid_now(now)
    }

    /// The soonest a held bucket or the global hold is over, if any is held.
    pub fn next_release(&self, now: Instant) -> Option<Duration> {
        let mut st = self.st();
        let global = st.global_until.filter(|u| *u > now);
        let buckets = st.buckets.values_mut().filter_map(|b| b.ready_at(now));
        let soonest = buckets.chain(global).min()?;
        Some(soonest - now)
    }
}

/// Seconds from a header or body, as a duration; nonsense is ignored.
fn secs(s: f64) -> Option<Duration> {
    Duration::try_from_secs_f64(s).ok()
}

#[cfg(test)]
mod tests;
