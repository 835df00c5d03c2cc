//! A local, stateful stand-in for Discord's REST API and gateway, for integration tests.
//!
//! REST on `base()` (HTTP/1.1, all under `/api/v10`, Discord-shaped JSON): `GET /gateway[/bot]`,
//! `GET /users/@me` (the bot, id = [`APP_ID`]), `GET /oauth2/applications/@me`,
//! `POST /channels/{c}/messages` (honours `enforce_nonce`), `POST /channels/{c}/messages/{m}/threads`
//! (404/10008 for a message never posted there, 400/160004 for a second thread),
//! `POST /users/@me/channels` (one DM channel per recipient),
//! `POST /interactions/{id}/{token}/callback` (204; a second callback is 400/40060),
//! `PATCH /webhooks/{app}/{token}/messages/@original` and `POST /webhooks/{app}/{token}`
//! (404/10015 until that interaction got a callback), `PUT /applications/{app}/commands` and
//! `PUT /applications/{app}/guilds/{g}/commands` (ids stable per name). Bodies are checked
//! against the limits Discord enforces most often (2000-character content, empty messages,
//! 5 rows of 5 components, 1-100 character custom ids, labels of 80, modal titles and labels
//! of 45, 25 options/choices, descriptions of 1-100, command names, locales); a violation
//! answers 400 with Discord's error JSON and is listed by `rejected()`. Anything else is
//! 404 `{"message":"404: Not Found","code":0}`, listed by `unknown_routes()`. `assert_clean`
//! fails on either, and on anything posted that the test never took. Every test must end
//! with `assert_clean`: a stand-in dropped without it panics, so forgetting the check fails
//! the test instead of hiding an unread post. Faults queued with `fail_next` apply before routing.
//!
//! Gateway on `gateway_url()` (plain ws://, JSON text frames, any path or query): HELLO on
//! connect, READY after IDENTIFY, RESUMED after RESUME, an ACK for every heartbeat, and
//! whatever a test sends with `dispatch`.
//!
//! A server's setup, for checks that read it: `add_channel` (`GET /channels/{c}`, else 404/10003),
//! `add_role` (`GET /guilds/{g}/roles`), `add_member` (`GET /guilds/{g}/members/{u}`, else
//! 404/10007); these routes exist only once something was declared. `require_token` makes
//! every other bot token 401; `set_verify_key` sets the application's `verify_key` (else "00").
//!
//! Bodies are read by `content-length` or chunked (at most 32 MiB). Files sent as multipart
//! (`files[n]` parts next to `payload_json`) are kept whole and listed by `take_uploads()`. An interaction answered over the HTTP endpoint never reaches this
//! stand-in, so a test marks its token answered with `acknowledge` before follow-ups arrive.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// The application id, which is also the bot user's id (as for every modern Discord app).
pub const APP_ID: &str = "111111111111111111";
/// The guild of channels not given one with `set_channel_guild` (= `interactions::GUILD_ID`).
pub const DEFAULT_GUILD_ID: &str = "222222222222222222";
/// The channel reported in webhook (interaction response) messages.
pub const DEFAULT_CHANNEL_ID: &str = "333333333333333333";
const TIMESTAMP: &str = "2026-11-23T10:00:00+00:00";
const LOCALES: &[&str] = &[
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

pub struct FakeDiscord {
    base: String,
    gateway: String,
    state: Arc<Mutex<State>>,
    /// Set once `assert_clean` passed; `Drop` insists on it.
    checked: AtomicBool,
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub body: Value,
    pub headers: Vec<(String, String)>,
    /// 0 when the connection was dropped by `Fault::Drop`.
    pub status: u16,
}

#[derive(Debug, Clone)]
pub struct Posted {
    pub channel_id: String,
    pub message_id: String,
    pub content: String,
    pub nonce: Option<String>,
    pub allowed_mentions: Value,
    pub components: Value,
    pub body: Value,
}

impl Posted {
    /// What a reader sees: the content, then each embed's text.
    pub fn text(&self) -> String {
        visible_text(&self.body)
    }
}

/// What a reader sees of a message body: its content, then each embed's
/// title, description, fields ("name: value") and footer, a line each.
pub fn visible_text(body: &Value) -> String {
    let mut out: Vec<String> = body["content"]
        .as_str()
        .map(str::to_string)
        .into_iter()
        .collect();
    for e in body["embeds"].as_array().into_iter().flatten() {
        for k in ["title", "description"] {
            out.extend(e[k].as_str().map(str::to_string));
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push(format!(
                "{}: {}",
                f["name"].as_str().unwrap_or(""),
                f["value"].as_str().unwrap_or("")
            ));
        }
        out.extend(e["footer"]["text"].as_str().map(str::to_string));
    }
    out.retain(|l| !l.is_empty());
    out.join("\n")
}

/// A file received in a multipart request.
#[derive(Debug, Clone)]
pub struct Upload {
    pub method: String,
    pub path: String,
    /// The form field, e.g. `files[0]`.
    pub field: String,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// The request's `payload_json`.
    pub payload: Value,
}

#[derive(Debug, Clone)]
pub enum Fault {
    Status429 {
        retry_after_secs: f64,
    },
    Status500,
    /// Wait, then answer normally.
    Delay(Duration),
    /// Close the connection without answering.
    Drop,
}

struct GatewayClient {
    key: u64,
    seq: u64,
    tx: mpsc::UnboundedSender<String>,
}

#[derive(Default)]
struct State {
    gateway_url: String,
    /// Requests read and not yet answered, and the most there ever were.
    in_flight: usize,
    peak_in_flight: usize,
    next_id: u64,
    requests: Vec<Recorded>,
    unknown: Vec<String>,
    rejected: Vec<String>,
    faults: Vec<(String, String, VecDeque<Fault>)>,
    /// Every message created, per channel (threads and DMs are channels too).
    messages: HashMap<String, Vec<Value>>,
    /// "channel/nonce" and "channel/message id" of what was posted, so a
    /// stand-in holding a hundred thousand messages still answers at once.
    by_nonce: HashMap<String, Value>,
    posted_ids: HashSet<String>,
    channel_guild: HashMap<String, String>,
    thread_of_message: HashMap<String, String>,
    dms: HashMap<String, String>,
    acknowledged: HashSet<String>,
    originals: HashMap<String, String>,
    command_ids: HashMap<String, String>,
    posts: Vec<Posted>,
    /// Messages redrawn in place (PATCH), oldest first.
    edits: Vec<Posted>,
    /// Forum posts, by id (threads of a forum).
    thread_objects: HashMap<String, Value>,
    /// Channel changes (forum tags, a post's tags), oldest first.
    channel_edits: Vec<(String, Value)>,
    threads: Vec<(String, String, String, String)>,
    responses: Vec<(String, Value)>,
    webhook_edits: Vec<(String, Value)>,
    uploads: Vec<Upload>,
    commands: Vec<Value>,
    identified: Option<Value>,
    heartbeats: usize,
    clients: Vec<GatewayClient>,
    next_client: u64,
    tasks: Vec<AbortHandle>,
    /// Setup a test declared: channels by id, roles by guild, members by (guild, user).
    setup_channels: HashMap<String, Value>,
    setup_roles: HashMap<String, Vec<Value>>,
    setup_members: HashMap<(String, String), Value>,
    required_token: Option<String>,
    verify_key: Option<String>,
    rate_limits: Option<Arc<super::rate_limits::RateLimits>>,
}

impl State {
    fn snowflake(&mut self) -> String {
        self.next_id += 1;
        self.next_id.to_string()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("REST port");
        let ws = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("gateway port");
        let base = format!("http://{}", rest.local_addr().expect("REST address"));
        let gateway = format!("ws://{}", ws.local_addr().expect("gateway address"));
        let state = Arc::new(Mutex::new(State {
            gateway_url: gateway.clone(),
            next_id: 900_000_000_000_000_000,
            ..State::default()
        }));
        let rest_task = tokio::spawn(accept_loop(rest, state.clone(), false));
        let ws_task = tokio::spawn(accept_loop(ws, state.clone(), true));
        let mut st = lock(&state);
        st.tasks
            .extend([rest_task.abort_handle(), ws_task.abort_handle()]);
        drop(st);
        FakeDiscord {
            base,
            gateway,
            state,
            checked: AtomicBool::new(false),
        }
    }

    fn st(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub fn base(&self) -> String {
        self.base.clone()
    }

    pub fn gateway_url(&self) -> String {
        self.gateway.clone()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.st().requests.clone()
    }

    pub fn unknown_routes(&self) -> Vec<String> {
        self.st().unknown.clone()
    }

    /// Like `unknown_routes`, and marks them read (for tests of the stand-in itself).
    pub fn take_unknown_routes(&self) -> Vec<String> {
        std::mem::take(&mut self.st().unknown)
    }

    /// Requests refused because they broke one of Discord's rules, as
    /// "METHOD /path -> status body"; `assert_clean` fails while any are not taken.
    pub fn rejected(&self) -> Vec<String> {
        self.st().rejected.clone()
    }

    /// Like `rejected`, and marks them read (for tests that provoke a refusal on purpose).
    pub fn take_rejected(&self) -> Vec<String> {
        std::mem::take(&mut self.st().rejected)
    }

    pub fn take_posts(&self) -> Vec<Posted> {
        std::mem::take(&mut self.st().posts)
    }

    /// Messages redrawn in place (`PATCH /channels/{c}/messages/{m}`), oldest first.
    pub fn take_edits(&self) -> Vec<Posted> {
        std::mem::take(&mut self.st().edits)
    }

    pub fn take_threads(&self) -> Vec<(String, String, String, String)> {
        std::mem::take(&mut self.st().threads)
    }

    pub fn take_interaction_responses(&self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.st().responses)
    }

    /// Files received so far (successful requests only), oldest first.
    pub fn take_uploads(&self) -> Vec<Upload> {
        std::mem::take(&mut self.st().uploads)
    }

    /// Marks an interaction token as answered, as Discord does once an HTTP-endpoint answer arrives.
    pub fn acknowledge(&self, token: &str) {
        self.st().acknowledged.insert(token.to_string());
    }

    pub fn take_webhook_edits(&self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.st().webhook_edits)
    }

    /// `path_prefix` may include `/api/v10` or not; `method` ignores case.
    pub fn fail_next(&self, method: &str, path_prefix: &str, faults: Vec<Fault>) {
        let rule = (
            method.to_ascii_uppercase(),
            path_prefix.to_string(),
            faults.into(),
        );
        self.st().faults.push(rule);
    }

    /// Faults queued with `fail_next` that no request has met yet: zero once
    /// the requests they were for have arrived (even if still being answered).
    pub fn faults_pending(&self) -> usize {
        self.st()
            .faults
            .iter()
            .map(|(_, _, queued)| queued.len())
            .sum()
    }

    /// The most REST requests the stand-in was answering at one time.
    pub fn peak_in_flight(&self) -> usize {
        self.st().peak_in_flight
    }

    pub fn registered_commands(&self) -> Vec<Value> {
        self.st().commands.clone()
    }

    pub fn dm_channel_of(&self, user_id: &str) -> Option<String> {
        self.st().dms.get(user_id).cloned()
    }

    /// Says which guild a channel is in (threads inherit it); default `DEFAULT_GUILD_ID`.
    pub fn set_channel_guild(&self, channel_id: &str, guild_id: &str) {
        let mut st = self.st();
        st.channel_guild.insert(channel_id.into(), guild_id.into());
    }

    /// The message objects created in a channel so far, oldest first (marks nothing read).
    pub fn messages_in(&self, channel_id: &str) -> Vec<Value> {
        self.st()
            .messages
            .get(channel_id)
            .cloned()
            .unwrap_or_default()
    }

    /// What `assert_clean` would complain of, one line each.
    fn problems(&self) -> Vec<String> {
        let st = self.st();
        let mut problems: Vec<String> = Vec::new();
        problems.extend(st.unknown.iter().map(|r| format!("unknown route: {r}")));
        problems.extend(st.rejected.iter().map(|r| format!("rejected: {r}")));
        for p in &st.posts {
            problems.push(format!("post not taken: #{} {:?}", p.channel_id, p.content));
        }
        for p in &st.edits {
            problems.push(format!(
                "edit not taken: #{} {}",
                p.channel_id, p.message_id
            ));
        }
        for t in &st.threads {
            problems.push(format!("thread not taken: {t:?}"));
        }
        for (id, body) in &st.responses {
            problems.push(format!("interaction response not taken: {id} {body}"));
        }
        for (token, body) in &st.webhook_edits {
            problems.push(format!("webhook edit not taken: {token} {body}"));
        }
        for (channel, body) in &st.channel_edits {
            problems.push(format!("channel edit not taken: #{channel} {body}"));
        }
        problems
    }

    /// No unknown route, no rejected request, nothing posted left unread. Every test calls
    /// it last (see `Drop`); it may be called earlier too.
    #[track_caller]
    pub fn assert_clean(&self) {
        let problems = self.problems();
        let list = problems.join("\n  ");
        assert!(problems.is_empty(), "fake Discord is not clean:\n  {list}");
        self.checked.store(true, Ordering::SeqCst);
    }

    pub async fn wait_identified(&self, timeout: Duration) -> Value {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(d) = self.st().identified.clone() {
                return d;
            }
            if tokio::time::Instant::now() >= deadline {
                panic!("no IDENTIFY reached the fake gateway within {timeout:?}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Sends a dispatch to every identified (or resumed) client; panics if there is none.
    pub fn dispatch(&self, event: &str, data: Value) {
        let mut st = self.st();
        st.clients.retain(|c| !c.tx.is_closed());
        assert!(
            !st.clients.is_empty(),
            "dispatch({event}) with no gateway client"
        );
        for c in &mut st.clients {
            c.seq += 1;
            let frame = json!({"op": 0, "t": event, "s": c.seq, "d": data});
            let _ = c.tx.send(frame.to_string());
        }
    }

    pub fn heartbeats(&self) -> usize {
        self.st().heartbeats
    }

    /// Gateway clients currently identified or resumed.
    pub fn gateway_clients(&self) -> usize {
        let mut st = self.st();
        st.clients.retain(|c| !c.tx.is_closed());
        st.clients.len()
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for task in lock(&self.state).tasks.drain(..) {
            task.abort();
        }
        // A second panic while unwinding would abort the whole test binary.
        if !std::thread::panicking() && !self.checked.load(Ordering::SeqCst) {
            let mut problems = self.problems();
            if problems.is_empty() {
                problems.push("(it was clean)".into());
            }
            panic!(
                "the test ended without fake.assert_clean(); the stand-in holds:\n  {}",
                problems.join("\n  ")
            );
        }
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<Mutex<State>>, gateway: bool) {
    while let Ok((stream, _)) = listener.accept().await {
        let _ = stream.set_nodelay(true);
        let task = match gateway {
            true => tokio::spawn(serve_gateway(stream, state.clone())),
            false => tokio::spawn(serve_http(stream, state.clone())),
        };
        let mut st = lock(&state);
        st.tasks.retain(|t| !t.is_finished());
        st.tasks.push(task.abort_handle());
    }
}

// ---------------------------------------------------------------- HTTP

struct Request {
    method: String,
    path: String,
    query: Option<String>,
    headers: Vec<(String, String)>,
    body: Value,
    /// Multipart file parts: (field, filename, content type, bytes).
    files: Vec<(String, String, String, Vec<u8>)>,
    close: bool,
}

struct Reply {
    status: u16,
    body: Option<Value>,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        let headers = Vec::new();
        Reply {
            status,
            body: Some(body),
            headers,
        }
    }

    fn error(status: u16, code: u64, message: &str) -> Reply {
        Reply::json(status, json!({"message": message, "code": code}))
    }

    fn invalid(path: &str, message: &str) -> Reply {
        let errors =
            json!({ path: {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": message}]} });
        let body = json!({"message": "Invalid Form Body", "code": 50035, "errors": errors});
        Reply::json(400, body)
    }
}

async fn serve_http(stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut reader = BufReader::new(stream);
    while let Some(req) = read_request(&mut reader).await {
        {
            let mut st = lock(&state);
            st.in_flight += 1;
            st.peak_in_flight = st.peak_in_flight.max(st.in_flight);
        }
        let written = match answer_http(&state, &req).await {
            Some(reply) => write_reply(reader.get_mut(), &reply).await.is_ok(),
            // Fault::Drop: the connection closes unanswered.
            None => false,
        };
        lock(&state).in_flight -= 1;
        if !written || req.close {
            return;
        }
    }
}

async fn answer_http(state: &Mutex<State>, req: &Request) -> Option<Reply> {
    Some(match take_fault(state, req) {
        Some(Fault::Drop) => {
            record(&mut lock(state), req, 0);
            return None;
        }
        Some(Fault::Status429 { retry_after_secs }) => {
            faulted(state, req, rate_limited(retry_after_secs))
        }
        Some(Fault::Status500) => faulted(
            state,
            req,
            Reply::error(500, 0, "500: Internal Server Error"),
        ),
        Some(Fault::Delay(pause)) => {
            tokio::time::sleep(pause).await;
            handle(state, req)
        }
        None => handle(state, req),
    })
}

fn faulted(state: &Mutex<State>, req: &Request, reply: Reply) -> Reply {
    record(&mut lock(state), req, reply.status);
    reply
}

fn rate_limited(secs: f64) -> Reply {
    let body =
        json!({"message": "You are being rate limited.", "retry_after": secs, "global": false});
    let mut reply = Reply::json(429, body);
    let secs = secs.to_string();
    let headers = [
        ("retry-after", secs.as_str()),
        ("x-ratelimit-reset-after", &secs),
        ("x-ratelimit-remaining", "0"),
        ("x-ratelimit-scope", "user"),
    ];
    reply.headers = headers
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .to_vec();
    reply
}

fn take_fault(state: &Mutex<State>, req: &Request) -> Option<Fault> {
    let short = req.path.strip_prefix("/api/v10").unwrap_or(&req.path);
    let matches = |p: &str| req.path.starts_with(p) || short.starts_with(p);
    let mut st = lock(state);
    let i = st
        .faults
        .iter()
        .position(|(m, p, _)| *m == req.method && matches(p))?;
    let fault = st.faults[i].2.pop_front();
    if st.faults[i].2.is_empty() {
        st.faults.remove(i);
    }
    fault
}

fn record(st: &mut State, req: &Request, status: u16) {
    st.requests.push(Recorded {
        method: req.method.clone(),
        path: req.path.clone(),
        query: req.query.clone(),
        body: req.body.clone(),
        headers: req.headers.clone(),
        status,
    });
}

fn handle(state: &Mutex<State>, req: &Request) -> Reply {
    let limits = lock(state).rate_limits.clone();
    let limit_headers = match limits.map(|l| l.gate(&req.method, &req.path)) {
        Some(super::rate_limits::Gate::Limited { body, headers }) => {
            let reply = Reply {
                status: 429,
                body: Some(body),
                headers,
            };
            return faulted(state, req, reply);
        }
        Some(super::rate_limits::Gate::Pass(headers)) => headers,
        None => Vec::new(),
    };
    let mut st = lock(state);
    let unknown_before = st.unknown.len();
    let mut reply = unauthorized(&st, req).unwrap_or_else(|| route(&mut st, req));
    reply.headers.extend(limit_headers);
    record(&mut st, req, reply.status);
    if reply.status < 300 {
        for (field, filename, content_type, bytes) in &req.files {
            st.uploads.push(Upload {
                method: req.method.clone(),
                path: req.path.clone(),
                field: field.clone(),
                filename: filename.clone(),
                content_type: content_type.clone(),
                bytes: bytes.clone(),
                payload: req.body.clone(),
            });
        }
    }
    if matches!(reply.status, 400 | 404) && st.unknown.len() == unknown_before {
        let body = reply.body.clone().unwrap_or_default();
        let line = format!("{} {} -> {} {body}", req.method, req.path, reply.status);
        st.rejected.push(line);
    }
    reply
}

async fn read_request(r: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if r.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_ascii_uppercase();
    let target = parts.next()?.replace("%40", "@");
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).await.ok()? == 0 {
            return None;
        }
        match h.trim_end().split_once(':') {
            Some((k, v)) => headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string())),
            None => break,
        }
    }
    let header = |name: &str| {
        let found = headers.iter().find(|(k, _)| k == name);
        found.map(|(_, v)| v.clone()).unwrap_or_default()
    };
    let chunked = header("transfer-encoding")
        .split(',')
        .any(|coding| coding.trim().eq_ignore_ascii_case("chunked"));
    let bytes = if chunked {
        read_chunked(r).await.ok()?
    } else {
        let length: usize = header("content-length").parse().unwrap_or(0);
        if length > MAX_BODY {
            return None;
        }
        let mut bytes = vec![0; length];
        r.read_exact(&mut bytes).await.ok()?;
        bytes
    };
    let content_type = header("content-type");
    let (body, files) = match content_type.split_once("boundary=") {
        Some((_, b)) if content_type.starts_with("multipart/") => {
            (payload_json(&bytes, b), file_parts(&bytes, b))
        }
        _ => (
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            Vec::new(),
        ),
    };
    let close = header("connection").eq_ignore_ascii_case("close");
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target.clone(), None),
    };
    Some(Request {
        method,
        path,
        query,
        headers,
        body,
        files,
        close,
    })
}

/// The most a request body may hold: a runaway or lying client ends its
/// connection (and so its test) instead of filling memory.
const MAX_BODY: usize = 32 << 20;
/// The longest chunk-size or trailer line read (RFC 9112 sets none).
const MAX_LINE: u64 = 4096;

/// A `Transfer-Encoding: chunked` body (RFC 9112 §7.1): hex sizes, optional
/// extensions, a zero-size last chunk, then trailer lines up to a blank one.
async fn read_chunked(r: &mut BufReader<TcpStream>) -> std::io::Result<Vec<u8>> {
    let bad = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string());
    let mut body = Vec::new();
    loop {
        let line = read_line_capped(r).await?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| bad("bad chunk size"))?;
        if size == 0 {
            break;
        }
        if size > MAX_BODY - body.len() {
            return Err(bad("chunked body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..]).await?;
        if !read_line_capped(r).await?.is_empty() {
            return Err(bad("chunk longer than its size"));
        }
    }
    // Trailer fields are read past and dropped: nothing Discord reads is sent there.
    while !read_line_capped(r).await?.is_empty() {}
    Ok(body)
}

/// One CRLF-terminated line without its ending, refused past `MAX_LINE`.
async fn read_line_capped(r: &mut BufReader<TcpStream>) -> std::io::Result<String> {
    let mut line = String::new();
    (&mut *r).take(MAX_LINE).read_line(&mut line).await?;
    match line.strip_suffix("\r\n") {
        Some(text) => Ok(text.to_string()),
        None => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "line without CRLF, or too long",
        )),
    }
}

/// The file parts of a multipart body, bytes untouched.
fn file_parts(bytes: &[u8], boundary: &str) -> Vec<(String, String, String, Vec<u8>)> {
    let delimiter = format!("\r\n--{}", boundary.trim_matches('"'));
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    // Prefix a CRLF so the first delimiter looks like every other one.
    let mut data = b"\r\n".to_vec();
    data.extend_from_slice(bytes);
    let mut out = Vec::new();
    let mut at = find(&data, delimiter.as_bytes(), 0);
    while let Some(start) = at {
        let part_start = start + delimiter.len() + 2;
        let Some(end) = find(&data, delimiter.as_bytes(), part_start) else {
            break;
        };
        let Some(head_end) = find(&data, b"\r\n\r\n", part_start).filter(|h| *h < end) else {
            break;
        };
        let head = String::from_utf8_lossy(&data[part_start..head_end]).to_string();
        let value = |key: &str| {
            let at = head.find(&format!("{key}=\""))? + key.len() + 2;
            head[at..].split('"').next().map(str::to_string)
        };
        let content_type = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .starts_with("content-type:")
                    .then(|| l[13..].trim().to_string())
            })
            .unwrap_or_default();
        if let (Some(field), Some(filename)) = (value("name"), value("filename")) {
            out.push((
                field,
                filename,
                content_type,
                data[head_end + 4..end].to_vec(),
            ));
        }
        at = Some(end);
    }
    out
}

/// The `payload_json` part of a multipart body (how Discord receives JSON next to files).
fn payload_json(bytes: &[u8], boundary: &str) -> Value {
    let text = String::from_utf8_lossy(bytes);
    let boundary = format!("--{}", boundary.trim_matches('"'));
    let mut parts = text.split(boundary.as_str());
    let part = parts.find(|part| part.contains("name=\"payload_json\""));
    let json = part.and_then(|part| part.split_once("\r\n\r\n"));
    json.and_then(|(_, rest)| serde_json::from_str(rest.trim_end()).ok())
        .unwrap_or_default()
}

async fn write_reply(w: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let body = reply
        .body
        .as_ref()
        .map(Value::to_string)
        .unwrap_or_default();
    let reason = if reply.status < 300 { "OK" } else { "Error" };
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", reply.status);
    if reply.body.is_some() {
        head += "content-type: application/json\r\n";
    }
    if reply.status != 204 {
        head += &format!("content-length: {}\r\n", body.len());
    }
    for (k, v) in &reply.headers {
        head += &format!("{k}: {v}\r\n");
    }
    head += "\r\n";
    // One write: a head and a body sent apart wait out the client's delayed
    // ACK (Nagle), 40 ms a response, as no real server makes anyone wait.
    head += &body;
    w.write_all(head.as_bytes()).await?;
    w.flush().await
}

// ---------------------------------------------------------------- REST routes

fn bot_user() -> Value {
    json!({"id": APP_ID, "username": "rapport", "discriminator": "0", "global_name": null,
           "avatar": null, "bot": true})
}

fn message_object(id: &str, channel_id: &str, body: &Value) -> Value {
    let list = |v: &Value| if v.is_array() { v.clone() } else { json!([]) };
    json!({
        "id": id, "channel_id": channel_id, "content": body["content"].as_str().unwrap_or(""),
        "author": bot_user(), "timestamp": TIMESTAMP, "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": list(&body["embeds"]), "pinned": false, "type": 0, "nonce": body["nonce"],
        "components": list(&body["components"]), "flags": body["flags"].as_u64().unwrap_or(0),
    })
}

fn route(st: &mut State, req: &Request) -> Reply {
    let rest = req.path.strip_prefix("/api/v10/");
    let segments: Vec<&str> = rest.map(|r| r.split('/').collect()).unwrap_or_default();
    let body = &req.body;
    match (req.method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"] | ["gateway", "bot"]) => Reply::json(
            200,
            json!({
                "url": st.gateway_url, "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
            }),
        ),
        ("GET", ["users", "@me"]) => Reply::json(200, bot_user()),
        ("GET", ["oauth2", "applications", "@me"]) if st.verify_key.is_some() => application(st),
        // Only once a test declared a server's setup; before that, unknown routes as ever.
        ("GET", ["channels", channel]) => get_channel(st, channel),
        ("PATCH", ["channels", channel]) => patch_channel(st, channel, body),
        ("POST", ["channels", channel, "threads"]) => open_forum_post(st, channel, body),
        ("GET", ["guilds", guild, "roles"]) if has_setup(st) => get_roles(st, guild),
        ("GET", ["guilds", guild, "members", user]) if has_setup(st) => get_member(st, guild, user),
        ("GET", ["oauth2", "applications", "@me"]) => Reply::json(
            200,
            json!({
                "id": APP_ID, "name": "rapport", "flags": 0, "bot_public": true,
                "bot_require_code_grant": false, "description": "", "icon": null, "verify_key": "00",
                "team": null, "owner": bot_user(), "bot": bot_user(),
            }),
        ),
        ("POST", ["channels", channel, "messages"]) => post_message(st, channel, body),
        ("PATCH", ["channels", channel, "messages", message]) => {
            edit_message(st, channel, message, body)
        }
        ("POST", ["channels", channel, "messages", message, "threads"]) => {
            start_thread(st, channel, message, body)
        }
        ("POST", ["users", "@me", "channels"]) => open_dm(st, body),
        ("POST", ["interactions", id, token, "callback"]) => callback(st, id, token, body),
        ("PATCH", ["webhooks", APP_ID, token, "messages", "@original"]) => {
            webhook_message(st, token, body, true)
        }
        ("POST", ["webhooks", APP_ID, token]) => webhook_message(st, token, body, false),
        ("PUT", ["applications", APP_ID, "commands"]) => put_commands(st, None, body),
        ("PUT", ["applications", APP_ID, "guilds", guild, "commands"]) => {
            put_commands(st, Some(guild), body)
        }
        _ => {
            st.unknown.push(format!("{} {}", req.method, req.path));
            Reply::error(404, 0, "404: Not Found")
        }
    }
}

fn post_message(st: &mut State, channel: &str, body: &Value) -> Reply {
    if let Err(reply) = check_message(body, true) {
        return reply;
    }
    let nonce = &body["nonce"];
    let nonce_key = format!("{channel}/{nonce}");
    if body["enforce_nonce"] == true
        && !nonce.is_null()
        && let Some(existing) = st.by_nonce.get(&nonce_key)
    {
        return Reply::json(200, existing.clone());
    }
    let id = st.snowflake();
    let message = message_object(&id, channel, body);
    if !nonce.is_null() {
        st.by_nonce
            .entry(nonce_key)
            .or_insert_with(|| message.clone());
    }
    st.posted_ids.insert(format!("{channel}/{id}"));
    st.messages
        .entry(channel.into())
        .or_default()
        .push(message.clone());
    st.posts.push(Posted {
        channel_id: channel.to_string(),
        message_id: id,
        content: body["content"].as_str().unwrap_or("").to_string(),
        nonce: match nonce {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        },
        allowed_mentions: body["allowed_mentions"].clone(),
        components: body["components"].clone(),
        body: body.clone(),
    });
    Reply::json(200, message)
}

fn edit_message(st: &mut State, channel: &str, message: &str, body: &Value) -> Reply {
    if !st.posted_ids.contains(&format!("{channel}/{message}")) {
        return Reply::error(404, 10008, "Unknown Message");
    }
    if let Err(reply) = check_message(body, false) {
        return reply;
    }
    let stored = st
        .messages
        .get_mut(channel)
        .and_then(|list| list.iter_mut().find(|m| m["id"].as_str() == Some(message)));
    let Some(stored) = stored else {
        return Reply::error(404, 10008, "Unknown Message");
    };
    // Fields left out of an edit keep their old value, as on Discord.
    for key in ["content", "embeds", "components", "flags"] {
        if !body[key].is_null() {
            stored[key] = body[key].clone();
        }
    }
    stored["edited_timestamp"] = json!(TIMESTAMP);
    let updated = stored.clone();
    st.edits.push(Posted {
        channel_id: channel.to_string(),
        message_id: message.to_string(),
        content: body["content"].as_str().unwrap_or("").to_string(),
        nonce: None,
        allowed_mentions: body["allowed_mentions"].clone(),
        components: body["components"].clone(),
        body: body.clone(),
    });
    Reply::json(200, updated)
}

fn start_thread(st: &mut State, channel: &str, message: &str, body: &Value) -> Reply {
    if !st.posted_ids.contains(&format!("{channel}/{message}")) {
        return Reply::error(404, 10008, "Unknown Message");
    }
    if st.thread_of_message.contains_key(message) {
        let text = "A thread has already been created for this message";
        return Reply::error(400, 160004, text);
    }
    let name = body["name"].as_str().unwrap_or("");
    if !(1..=100).contains(&name.chars().count()) {
        return Reply::invalid("name", "Must be between 1 and 100 in length.");
    }
    let archive = body["auto_archive_duration"].as_u64().unwrap_or(1440);
    // A thread opened from a message takes the message's id, as on Discord.
    let id = message.to_string();
    let guild = st.channel_guild.get(channel).cloned();
    let guild = guild.unwrap_or_else(|| DEFAULT_GUILD_ID.to_string());
    st.channel_guild.insert(id.clone(), guild.clone());
    st.messages.entry(id.clone()).or_default();
    st.thread_of_message.insert(message.into(), id.clone());
    st.threads
        .push((channel.into(), message.into(), id.clone(), name.into()));
    Reply::json(
        200,
        json!({
            "id": id, "type": 11, "guild_id": guild, "name": name, "parent_id": channel,
            "owner_id": APP_ID, "last_message_id": null, "rate_limit_per_user": 0, "flags": 0,
            "thread_metadata": {"archived": false, "auto_archive_duration": archive,
                "archive_timestamp": TIMESTAMP, "locked": false, "create_timestamp": TIMESTAMP},
            "message_count": 0, "member_count": 1, "total_message_sent": 0,
        }),
    )
}

fn open_dm(st: &mut State, body: &Value) -> Reply {
    let Some(user) = body["recipient_id"].as_str().map(str::to_string) else {
        return Reply::invalid("recipient_id", "This field is required");
    };
    let id = match st.dms.get(&user) {
        Some(id) => id.clone(),
        None => st.snowflake(),
    };
    st.dms.insert(user.clone(), id.clone());
    let recipient = json!({"id": user, "username": format!("user{user}"), "discriminator": "0",
                           "global_name": null, "avatar": null});
    Reply::json(
        200,
        json!({"id": id, "type": 1, "last_message_id": null, "recipients": [recipient]}),
    )
}

fn callback(st: &mut State, id: &str, token: &str, body: &Value) -> Reply {
    if st.acknowledged.contains(token) {
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    let data = &body["data"];
    let checked = match body["type"].as_u64() {
        Some(1 | 5 | 6 | 12) => Ok(()),
        Some(4) => check_message(data, true),
        Some(7) => check_message(data, false),
        Some(8) => check_lengths(data, "data"),
        Some(9) => check_modal(data),
        _ => Err(Reply::invalid(
            "type",
            "Value must be one of (1, 4, 5, 6, 7, 8, 9, 12).",
        )),
    };
    if let Err(reply) = checked {
        return reply;
    }
    st.acknowledged.insert(token.to_string());
    st.responses.push((id.to_string(), body.clone()));
    Reply {
        status: 204,
        body: None,
        headers: Vec::new(),
    }
}

fn webhook_message(st: &mut State, token: &str, body: &Value, original: bool) -> Reply {
    if !st.acknowledged.contains(token) {
        return Reply::error(404, 10015, "Unknown Webhook");
    }
    if let Err(reply) = check_message(body, !original) {
        return reply;
    }
    let id = match (original, st.originals.get(token)) {
        (true, Some(id)) => id.clone(),
        _ => st.snowflake(),
    };
    if original {
        st.originals.insert(token.to_string(), id.clone());
    }
    st.webhook_edits.push((token.to_string(), body.clone()));
    let mut message = message_object(&id, DEFAULT_CHANNEL_ID, body);
    message["webhook_id"] = json!(APP_ID);
    message["application_id"] = json!(APP_ID);
    Reply::json(200, message)
}

fn put_commands(st: &mut State, guild: Option<&str>, body: &Value) -> Reply {
    let Some(commands) = body.as_array() else {
        return Reply::invalid("_", "Expected an array of application commands.");
    };
    let checked = check_lengths(body, "").and_then(|()| check_commands(commands, "", false));
    if let Err(reply) = checked {
        return reply;
    }
    let mut out = Vec::new();
    for command in commands {
        let key = format!("{}/{}", guild.unwrap_or("global"), command["name"]);
        let id = st
            .command_ids
            .get(&key)
            .cloned()
            .unwrap_or_else(|| st.snowflake());
        st.command_ids.insert(key, id.clone());
        let mut echoed = json!({"type": 1, "description": "", "default_member_permissions": null});
        for (k, v) in command.as_object().into_iter().flatten() {
            echoed[k] = v.clone();
        }
        echoed["id"] = json!(id);
        echoed["application_id"] = json!(APP_ID);
        echoed["version"] = json!(st.snowflake());
        echoed["guild_id"] = json!(guild);
        out.push(echoed);
    }
    st.commands = commands.clone();
    Reply::json(200, Value::Array(out))
}

// ---------------------------------------------------------------- Discord's limits

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

/// Length limits Discord enforces, by field name, anywhere in a message, modal or command
/// body (embeds are not looked into).
fn check_lengths(v: &Value, path: &str) -> Result<(), Reply> {
    let Some(map) = v.as_object() else {
        let mut items = v.as_array().into_iter().flatten().enumerate();
        return items.try_for_each(|(i, x)| check_lengths(x, &format!("{path}.{i}")));
    };
    for (key, x) in map {
        let at = format!("{path}.{key}").trim_start_matches('.').to_string();
        let (lo, hi) = match (key.as_str(), x) {
            ("embeds", Value::Array(_)) => (0, 10),
            ("content", Value::String(_)) => (0, 2000),
            ("custom_id", Value::String(_)) => (1, 100),
            ("label", Value::String(_)) => (0, 80),
            ("title", Value::String(_)) => (1, 45),
            ("placeholder", Value::String(_)) => (0, 150),
            ("description", Value::String(_)) => (1, 100),
            ("components", Value::Array(_)) => (0, 5),
            ("options" | "choices", Value::Array(_)) => (0, 25),
            ("name_localizations" | "description_localizations", Value::Object(m)) => {
                if let Some(bad) = m.keys().find(|l| !LOCALES.contains(&l.as_str())) {
                    return Err(Reply::invalid(&format!("{at}.{bad}"), "Invalid locale."));
                }
                (0, usize::MAX)
            }
            _ => (0, usize::MAX),
        };
        let len = x.as_array().map_or_else(|| chars(x), Vec::len);
        if len < lo || len > hi {
            let text = format!("Must be between {lo} and {hi} in length.");
            return Err(Reply::invalid(&at, &text));
        }
        if key != "embeds" {
            check_lengths(x, &at)?;
        }
    }
    Ok(())
}

/// Discord's embed limits: per field, per embed, and 6,000 characters in all.
fn check_embeds(body: &Value) -> Result<(), Reply> {
    let embeds = body["embeds"].as_array().into_iter().flatten();
    for (i, e) in embeds.enumerate() {
        let at = |k: &str| format!("embeds.{i}.{k}");
        let limit = |v: &Value, k: &str, lo: usize, hi: usize| {
            let n = chars(v);
            if v.is_null() || (lo..=hi).contains(&n) {
                Ok(n)
            } else {
                Err(Reply::invalid(
                    &at(k),
                    &format!("Must be between {lo} and {hi} in length."),
                ))
            }
        };
        let mut total = limit(&e["title"], "title", 1, 256)?;
        total += limit(&e["description"], "description", 1, 4096)?;
        total += limit(&e["footer"]["text"], "footer.text", 1, 2048)?;
        let fields = e["fields"].as_array().map_or(&[][..], Vec::as_slice);
        if fields.len() > 25 {
            return Err(Reply::invalid(
                &at("fields"),
                "Must be 25 or fewer in length.",
            ));
        }
        for f in fields {
            if f["name"].is_null() || f["value"].is_null() {
                return Err(Reply::invalid(&at("fields"), "This field is required"));
            }
            total += limit(&f["name"], "fields.name", 1, 256)?;
            total += limit(&f["value"], "fields.value", 1, 1024)?;
        }
        if total > 6000 {
            return Err(Reply::invalid(
                "embeds",
                "Embed size exceeds maximum size of 6000",
            ));
        }
        if e["color"].as_u64().is_some_and(|c| c > 0xFF_FFFF) {
            return Err(Reply::invalid(
                &at("color"),
                "Int value should be less than or equal to 16777215.",
            ));
        }
        if let Some(url) = e["url"].as_str()
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(Reply::invalid(
                &at("url"),
                "Scheme must be one of ('http', 'https').",
            ));
        }
    }
    Ok(())
}

fn check_message(body: &Value, must_have_content: bool) -> Result<(), Reply> {
    check_lengths(body, "")?;
    check_embeds(body)?;
    let none = |k: &str| body[k].as_array().is_none_or(Vec::is_empty);
    let empty = chars(&body["content"]) == 0 && none("embeds") && none("components");
    if must_have_content && empty && none("attachments") && none("sticker_ids") {
        return Err(Reply::error(400, 50006, "Cannot send an empty message"));
    }
    Ok(())
}

fn check_modal(data: &Value) -> Result<(), Reply> {
    check_lengths(data, "data")?;
    let rows = data["components"].as_array().into_iter().flatten();
    let inputs: Vec<&Value> = rows
        .flat_map(|r| r["components"].as_array().into_iter().flatten())
        .collect();
    if data["title"].is_null()
        || inputs.is_empty()
        || inputs.iter().any(|i| chars(&i["label"]) > 45)
    {
        return Err(Reply::invalid(
            "data",
            "A modal needs a title and inputs labelled 1-45.",
        ));
    }
    Ok(())
}

fn valid_name(name: &Value) -> bool {
    let name = name.as_str().unwrap_or("");
    let ok = |c: char| (c.is_alphanumeric() || c == '-' || c == '_') && !c.is_uppercase();
    (1..=32).contains(&name.chars().count()) && name.chars().all(ok)
}

/// Names, descriptions and option order of commands (`options` false) or of their options.
fn check_commands(items: &[Value], path: &str, options: bool) -> Result<(), Reply> {
    let mut optional_seen = false;
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}{i}");
        // User (2) and message (3) commands: a menu entry, capitals and
        // spaces allowed, no description, no options.
        if !options && matches!(item["type"].as_u64(), Some(2 | 3)) {
            let names = std::iter::once(&item["name"]).chain(
                item["name_localizations"]
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values()),
            );
            for n in names {
                let len = n.as_str().map_or(0, |s| s.trim().chars().count());
                if !(1..=32).contains(&len) {
                    return Err(Reply::invalid(
                        &format!("{at}.name"),
                        "Must be between 1 and 32 in length.",
                    ));
                }
            }
            if item["description"].as_str().is_some_and(|d| !d.is_empty()) {
                return Err(Reply::invalid(
                    &format!("{at}.description"),
                    "Context menu commands cannot have description",
                ));
            }
            if item["options"].as_array().is_some_and(|o| !o.is_empty()) {
                return Err(Reply::invalid(
                    &format!("{at}.options"),
                    "Context menu commands cannot have options",
                ));
            }
            continue;
        }
        let localized = item["name_localizations"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values());
        if let Some(bad) = std::iter::once(&item["name"])
            .chain(localized)
            .find(|n| !valid_name(n))
        {
            return Err(Reply::invalid(
                &format!("{at}.name"),
                &format!("{bad} is not a valid name."),
            ));
        }
        let chat = options || item["type"].as_u64().unwrap_or(1) == 1;
        if chat && item["description"].is_null() {
            return Err(Reply::invalid(
                &format!("{at}.description"),
                "This field is required",
            ));
        }
        let required = item["required"] == true;
        if options && required && optional_seen {
            let text = "Required options must be placed before non-required options";
            return Err(Reply::invalid(&at, text));
        }
        optional_seen |= !required;
        if let Some(nested) = item["options"].as_array() {
            check_commands(nested, &format!("{at}.options."), true)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- gateway

async fn serve_gateway(stream: TcpStream, state: Arc<Mutex<State>>) {
    let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (mut sink, mut source) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    let writer = tokio::spawn(async move {
        while let Some(text) = rx.recv().await {
            if sink.send(WsMessage::Text(text)).await.is_err() {
                break;
            }
        }
    });
    let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}, "s": null, "t": null});
    let _ = tx.send(hello.to_string());
    let key = {
        let mut st = lock(&state);
        st.next_client += 1;
        st.next_client
    };
    while let Some(Ok(frame)) = source.next().await {
        let text = match frame {
            WsMessage::Text(t) => t,
            WsMessage::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
            WsMessage::Close(_) => break,
            _ => continue,
        };
        let Ok(payload) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let mut st = lock(&state);
        let reply = match payload["op"].as_u64() {
            Some(1) => {
                st.heartbeats += 1;
                let _ = tx.send(json!({"op": 11, "d": null, "s": null, "t": null}).to_string());
                continue;
            }
            Some(2) => {
                st.identified = Some(payload["d"].clone());
                let ready = json!({
                    "v": 10, "user": bot_user(), "guilds": [], "session_id": "fake-session",
                    "resume_gateway_url": st.gateway_url, "shard": [0, 1],
                    "application": {"id": APP_ID, "flags": 0},
                });
                (1, "READY", ready)
            }
            Some(6) => (
                payload["d"]["seq"].as_u64().unwrap_or(0) + 1,
                "RESUMED",
                json!({}),
            ),
            _ => continue,
        };
        let (seq, event, data) = reply;
        let _ = tx.send(json!({"op": 0, "t": event, "s": seq, "d": data}).to_string());
        st.clients.retain(|c| c.key != key);
        st.clients.push(GatewayClient {
            key,
            seq,
            tx: tx.clone(),
        });
    }
    lock(&state).clients.retain(|c| c.key != key);
    writer.abort();
}

// ---------------------------------------------------------------- a server's setup

impl FakeDiscord {
    /// From now on every request passes Discord's rate limits, as `limits` emulates them.
    pub fn emulate_rate_limits(&self, limits: Arc<super::rate_limits::RateLimits>) {
        self.st().rate_limits = Some(limits);
    }

    /// From now on only `Bot {token}` is accepted; any other token gets 401.
    pub fn require_token(&self, token: &str) {
        self.st().required_token = Some(token.to_string());
    }

    /// The application's `verify_key` (its interactions public key, 64 hex characters).
    pub fn set_verify_key(&self, hex: &str) {
        self.st().verify_key = Some(hex.to_string());
    }

    /// A text channel of `guild`; `overwrites` is Discord's `permission_overwrites` array.
    /// A forum channel (type 15) of `guild`, with no tags yet.
    pub fn add_forum(&self, guild: &str, channel: &str, name: &str) {
        let mut st = self.st();
        let object = json!({
            "id": channel, "type": 15, "guild_id": guild, "name": name, "position": 0,
            "permission_overwrites": [], "parent_id": null, "nsfw": false, "topic": null,
            "last_message_id": null, "rate_limit_per_user": 0, "flags": 0,
            "available_tags": [], "default_reaction_emoji": null, "default_sort_order": null,
            "default_forum_layout": 0,
        });
        st.setup_channels.insert(channel.to_string(), object);
        st.channel_guild
            .insert(channel.to_string(), guild.to_string());
    }

    /// The names of a forum's tags.
    pub fn forum_tags(&self, forum: &str) -> Vec<String> {
        let st = self.st();
        let tags = st
            .setup_channels
            .get(forum)
            .map(|f| f["available_tags"].clone());
        tags.and_then(|t| t.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|t| t["name"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// The names of the tags a forum post wears.
    pub fn post_tags(&self, post: &str) -> Vec<String> {
        let st = self.st();
        let Some(thread) = st.thread_objects.get(post) else {
            return Vec::new();
        };
        let forum = thread["parent_id"].as_str().unwrap_or("");
        let tags = st
            .setup_channels
            .get(forum)
            .map(|f| f["available_tags"].clone());
        let tags = tags.and_then(|t| t.as_array().cloned()).unwrap_or_default();
        thread["applied_tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|id| tags.iter().find(|t| t["id"] == *id))
            .map(|t| t["name"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// Channel changes (forum tags, a post's tags) since last asked.
    pub fn take_channel_edits(&self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.st().channel_edits)
    }

    pub fn add_channel(&self, guild: &str, channel: &str, name: &str, overwrites: Value) {
        let mut st = self.st();
        let object = json!({
            "id": channel, "type": 0, "guild_id": guild, "name": name, "position": 0,
            "permission_overwrites": overwrites, "parent_id": null, "nsfw": false, "topic": null,
            "last_message_id": null, "rate_limit_per_user": 0, "flags": 0,
        });
        st.setup_channels.insert(channel.to_string(), object);
        st.channel_guild
            .insert(channel.to_string(), guild.to_string());
    }

    /// A role of `guild` (`@everyone` is the role whose id is the guild's).
    pub fn add_role(
        &self,
        guild: &str,
        role: &str,
        name: &str,
        permissions: u64,
        mentionable: bool,
    ) {
        let mut st = self.st();
        let roles = st.setup_roles.entry(guild.to_string()).or_default();
        let position = roles.len();
        roles.push(json!({
            "id": role, "name": name, "color": 0, "hoist": false, "managed": false,
            "mentionable": mentionable, "permissions": permissions.to_string(),
            "position": position, "icon": null, "unicode_emoji": null, "flags": 0,
        }));
    }

    /// Makes `user` a member of `guild` holding `roles`.
    pub fn add_member(&self, guild: &str, user: &str, roles: &[&str]) {
        let member = json!({
            "user": {"id": user, "username": format!("user{user}"), "discriminator": "0",
                     "global_name": null, "avatar": null, "bot": user == APP_ID},
            "roles": roles, "joined_at": TIMESTAMP, "premium_since": null, "deaf": false,
            "mute": false, "flags": 0, "pending": false, "nick": null, "avatar": null,
            "communication_disabled_until": null,
        });
        let key = (guild.to_string(), user.to_string());
        self.st().setup_members.insert(key, member);
    }
}

/// 401 for a bot token other than the required one.
fn unauthorized(st: &State, req: &Request) -> Option<Reply> {
    let required = st.required_token.as_ref()?;
    let given = req.headers.iter().find(|(k, _)| k == "authorization");
    let expected = format!("Bot {required}");
    match given {
        Some((_, v)) if *v == expected => None,
        _ => Some(Reply::error(401, 0, "401: Unauthorized")),
    }
}

fn application(st: &State) -> Reply {
    Reply::json(
        200,
        json!({
            "id": APP_ID, "name": "rapport", "flags": 0, "bot_public": true,
            "bot_require_code_grant": false, "description": "", "icon": null,
            "verify_key": st.verify_key, "team": null, "owner": bot_user(), "bot": bot_user(),
        }),
    )
}

fn has_setup(st: &State) -> bool {
    !(st.setup_channels.is_empty() && st.setup_roles.is_empty() && st.setup_members.is_empty())
}

/// A declared channel as declared; a thread as a thread. Once a test
/// declared its server, any other channel is unknown; before, any id is a
/// plain text channel (tests post into channels they never declared).
fn get_channel(st: &State, channel: &str) -> Reply {
    if let Some(c) = st.setup_channels.get(channel) {
        return Reply::json(200, c.clone());
    }
    if let Some(t) = st.thread_objects.get(channel) {
        return Reply::json(200, t.clone());
    }
    if has_setup(st) {
        return Reply::error(404, 10003, "Unknown Channel");
    }
    let guild = st.channel_guild.get(channel).cloned();
    Reply::json(
        200,
        json!({"id": channel, "type": 0, "guild_id": guild.unwrap_or_else(|| DEFAULT_GUILD_ID.into()),
               "name": format!("channel{channel}"), "position": 0, "permission_overwrites": [],
               "parent_id": null, "nsfw": false, "topic": null, "last_message_id": null,
               "rate_limit_per_user": 0, "flags": 0}),
    )
}

fn is_forum(st: &State, channel: &str) -> bool {
    st.setup_channels
        .get(channel)
        .is_some_and(|c| c["type"] == 15)
}

/// A forum's tags (at most 20, names of 1-20 characters; new ones get an
/// id) or a forum post's applied tags (at most 5, each one of its forum's).
fn patch_channel(st: &mut State, channel: &str, body: &Value) -> Reply {
    if is_forum(st, channel) {
        let Some(tags) = body["available_tags"].as_array() else {
            return Reply::json(200, st.setup_channels[channel].clone());
        };
        if tags.len() > 20 {
            return Reply::invalid("available_tags", "Must be 20 or fewer in length.");
        }
        let mut kept = Vec::new();
        for tag in tags {
            let n = chars(&tag["name"]);
            if !(1..=20).contains(&n) {
                return Reply::invalid(
                    "available_tags.name",
                    "Must be between 1 and 20 in length.",
                );
            }
            let mut tag = tag.clone();
            if tag["id"].is_null() {
                tag["id"] = json!(st.snowflake());
            }
            tag["moderated"] = json!(tag["moderated"].as_bool().unwrap_or(false));
            kept.push(tag);
        }
        st.channel_edits.push((channel.to_string(), body.clone()));
        let forum = st.setup_channels.get_mut(channel).expect("a forum");
        forum["available_tags"] = json!(kept);
        return Reply::json(200, forum.clone());
    }
    let Some(thread) = st.thread_objects.get(channel).cloned() else {
        return Reply::error(404, 10003, "Unknown Channel");
    };
    if let Some(applied) = body["applied_tags"].as_array() {
        let parent = thread["parent_id"].as_str().unwrap_or("");
        if let Err(reply) = check_applied(st, parent, applied) {
            return reply;
        }
        st.channel_edits.push((channel.to_string(), body.clone()));
        let object = st.thread_objects.get_mut(channel).expect("a thread");
        object["applied_tags"] = json!(applied);
        return Reply::json(200, object.clone());
    }
    Reply::json(200, thread)
}

fn check_applied(st: &State, forum: &str, applied: &[Value]) -> Result<(), Reply> {
    if applied.len() > 5 {
        return Err(Reply::invalid(
            "applied_tags",
            "Must be 5 or fewer in length.",
        ));
    }
    let known = st
        .setup_channels
        .get(forum)
        .map(|f| f["available_tags"].clone());
    let known = known
        .and_then(|t| t.as_array().cloned())
        .unwrap_or_default();
    for id in applied {
        if !known.iter().any(|t| t["id"] == *id) {
            return Err(Reply::invalid("applied_tags", "Unknown tag."));
        }
    }
    Ok(())
}

/// A post in a forum: a thread whose first message shares its id.
fn open_forum_post(st: &mut State, forum: &str, body: &Value) -> Reply {
    if !is_forum(st, forum) {
        return Reply::error(400, 50024, "Cannot execute action on this channel type");
    }
    let name = body["name"].as_str().unwrap_or("");
    if !(1..=100).contains(&name.chars().count()) {
        return Reply::invalid("name", "Must be between 1 and 100 in length.");
    }
    let message = &body["message"];
    if let Err(reply) = check_message(message, true) {
        return reply;
    }
    let applied = body["applied_tags"].as_array().cloned().unwrap_or_default();
    if let Err(reply) = check_applied(st, forum, &applied) {
        return reply;
    }
    let id = st.snowflake();
    let guild = st.channel_guild.get(forum).cloned();
    let guild = guild.unwrap_or_else(|| DEFAULT_GUILD_ID.to_string());
    st.channel_guild.insert(id.clone(), guild.clone());
    let starter = message_object(&id, &id, message);
    st.messages.insert(id.clone(), vec![starter]);
    st.posted_ids.insert(format!("{id}/{id}"));
    st.threads
        .push((forum.into(), id.clone(), id.clone(), name.into()));
    st.posts.push(Posted {
        channel_id: id.clone(),
        message_id: id.clone(),
        content: message["content"].as_str().unwrap_or("").to_string(),
        nonce: None,
        allowed_mentions: message["allowed_mentions"].clone(),
        components: message["components"].clone(),
        body: message.clone(),
    });
    let object = json!({
        "id": id, "type": 11, "guild_id": guild, "name": name, "parent_id": forum,
        "owner_id": APP_ID, "last_message_id": id, "rate_limit_per_user": 0, "flags": 0,
        "applied_tags": applied, "message_count": 0, "member_count": 1, "total_message_sent": 0,
        "thread_metadata": {"archived": false, "auto_archive_duration": 10080,
            "archive_timestamp": TIMESTAMP, "locked": false, "create_timestamp": TIMESTAMP},
    });
    st.thread_objects.insert(id.clone(), object.clone());
    Reply::json(200, object)
}

fn get_roles(st: &State, guild: &str) -> Reply {
    let roles = st.setup_roles.get(guild).cloned().unwrap_or_default();
    Reply::json(200, Value::Array(roles))
}

fn get_member(st: &State, guild: &str, user: &str) -> Reply {
    match st.setup_members.get(&(guild.to_string(), user.to_string())) {
        Some(m) => Reply::json(200, m.clone()),
        None => Reply::error(404, 10007, "Unknown Member"),
    }
}
