use std::time::{Duration, Instant};

use super::*;

fn post(channel: u64) -> Route {
    Route::of("POST", &format!("/channels/{channel}/messages"))
}

fn headers(bucket: &str, limit: u32, remaining: u32, reset_after: f64) -> Observed {
    Observed {
        status: 200,
        bucket: Some(bucket.into()),
        limit: Some(limit),
        remaining: Some(remaining),
        reset_after: Some(reset_after),
        ..Observed::default()
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn routes_keep_their_major_parameter_and_hide_other_ids() {
    let r = Route::of("POST", "/channels/7000/messages/123/threads");
    assert_eq!(r.shape, "POST /channels/messages/:id/threads");
    assert_eq!(r.major, "channels/7000");
    assert!(!r.interaction);
    let w = Route::of("PATCH", "/webhooks/1/tok/messages/@original");
    assert_eq!((w.major.as_str(), w.interaction), ("webhooks/1/tok", true));
    let i = Route::of("POST", "/interactions/9/tok/callback");
    assert!(i.interaction);
    let dm = Route::of("POST", "/users/@me/channels");
    assert_eq!(
        (dm.shape.as_str(), dm.major.as_str()),
        ("POST /users/@me/channels", "")
    );
    assert_ne!(post(1), post(2), "one bucket per channel");
    assert_eq!(post(1).shape, post(2).shape);
}

#[test]
fn an_exhausted_bucket_is_held_until_it_resets_and_only_that_bucket() {
    let t = Instant::now();
    let l = Limiter::default();
    assert_eq!(l.acquire(&post(1), t), Ok(()));
    l.observe(&post(1), &headers("msg", 5, 0, 4.5), t + ms(10));
    let held = l.acquire(&post(1), t + ms(20));
    assert_eq!(held, Err(Hold::Bucket(ms(4490))));
    assert_eq!(
        l.acquire(&post(2), t + ms(20)),
        Ok(()),
        "another channel goes on"
    );
    assert_eq!(l.next_release(t + ms(20)), Some(ms(4490)));
    assert_eq!(l.acquire(&post(1), t + ms(4510)), Ok(()), "reset");
}

#[test]
fn requests_are_counted_down_before_the_answer_arrives() {
    let t = Instant::now();
    let l = Limiter::default();
    l.acquire(&post(1), t).expect("the bucket has room");
    l.observe(&post(1), &headers("msg", 2, 1, 5.0), t);
    l.acquire(&post(1), t).expect("the bucket has room");
    assert!(matches!(l.acquire(&post(1), t), Err(Hold::Bucket(_))));
}

#[test]
fn a_named_bucket_is_shared_by_the_routes_discord_puts_in_it() {
    let t = Instant::now();
    let l = Limiter::default();
    let edit = Route::of("PATCH", "/channels/1/messages/5");
    l.observe(&post(1), &headers("shared", 5, 0, 3.0), t);
    l.observe(&edit, &headers("shared", 5, 0, 3.0), t);
    assert!(matches!(l.peek(&edit, t), Some(Hold::Bucket(_))));
    assert_eq!(
        l.peek(&Route::of("PATCH", "/channels/2/messages/5"), t),
        None
    );
}

#[test]
fn a_429_pauses_its_bucket_for_the_exact_retry_after() {
    let t = Instant::now();
    let l = Limiter::default();
    let limited = Observed {
        status: 429,
        retry_after: Some(6.457),
        scope: Some("user".into()),
        ..headers("msg", 5, 3, 1.0)
    };
    assert_eq!(l.observe(&post(1), &limited, t), None);
    assert_eq!(l.peek(&post(1), t), Some(Hold::Bucket(ms(6457))));
    assert_eq!(l.peek(&post(2), t), None);
    assert_eq!(l.invalid_requests(t), 1);
}

#[test]
fn a_global_429_pauses_everything_but_interaction_answers() {
    let t = Instant::now();
    let l = Limiter::default();
    let global = Observed {
        status: 429,
        global: true,
        retry_after: Some(2.5),
        ..Observed::default()
    };
    l.observe(&post(1), &global, t);
    assert_eq!(l.peek(&post(9), t), Some(Hold::Global(ms(2500))));
    let dm = Route::of("POST", "/users/@me/channels");
    assert!(matches!(l.peek(&dm, t), Some(Hold::Global(_))));
    assert_eq!(
        l.peek(&Route::of("POST", "/interactions/1/x/callback"), t),
        None
    );
    assert_eq!(l.peek(&post(9), t + ms(2500)), None);
}

#[test]
fn the_global_budget_is_shared_among_replicas() {
    let t = Instant::now();
    let l = Limiter::default();
    l.set_replicas(2);
    for i in 0..25u64 {
        assert_eq!(l.acquire(&post(i), t), Ok(()), "request {i}");
    }
    assert!(matches!(l.acquire(&post(99), t), Err(Hold::Global(_))));
    let callback = Route::of("POST", "/interactions/1/x/callback");
    assert_eq!(l.acquire(&callback, t), Ok(()), "not counted globally");
    assert_eq!(l.acquire(&post(99), t + ms(1100)), Ok(()));
}

#[test]
fn invalid_requests_are_counted_for_ten_minutes_and_slow_the_bot_down() {
    let t = Instant::now();
    let l = Limiter::default();
    let refused = Observed {
        status: 403,
        ..Observed::default()
    };
    let shared = Observed {
        status: 429,
        scope: Some("shared".into()),
        retry_after: Some(0.0),
        ..Observed::default()
    };
    l.observe(&post(1), &shared, t);
    assert_eq!(l.invalid_requests(t), 0, "a shared 429 is not counted");
    let mut rose = Vec::new();
    for _ in 0..1000 {
        rose.extend(l.observe(&post(1), &refused, t));
    }
    assert_eq!(rose, vec![Alarm::Warn]);
    assert_eq!(l.invalid_requests(t + ms(1)), 1000);
    assert_eq!(l.budget(t), 20, "slower");
    assert_eq!(
        l.invalid_requests(t + INVALID_WINDOW),
        0,
        "the window rolls"
    );
    assert_eq!(l.budget(t + INVALID_WINDOW), 50);
}

#[test]
fn near_the_ban_only_interaction_answers_go_out() {
    let t = Instant::now();
    let l = Limiter::default();
    let refused = Observed {
        status: 401,
        ..Observed::default()
    };
    for _ in 0..8000 {
        l.observe(&post(1), &refused, t);
    }
    assert!(matches!(l.peek(&post(2), t), Some(Hold::Global(_))));
    assert_eq!(
        l.peek(&Route::of("POST", "/interactions/1/x/callback"), t),
        None
    );
}

#[test]
fn an_earlier_answer_arriving_late_gives_back_nothing_later_requests_took() {
    let t = Instant::now();
    let l = Limiter::default();
    l.observe(&post(1), &headers("msg", 5, 2, 4.0), t);
    // Two requests leave side by side; the bucket has none left here.
    assert_eq!(l.acquire(&post(1), t + ms(1)), Ok(()));
    assert_eq!(l.acquire(&post(1), t + ms(2)), Ok(()));
    // The first one's answer says one is left: the second took it.
    l.observe(&post(1), &headers("msg", 5, 1, 3.95), t + ms(50));
    assert_eq!(
        l.acquire(&post(1), t + ms(60)),
        Err(Hold::Bucket(ms(3940))),
        "held until the window resets"
    );
    // A new window: Discord's count stands, though it is more than was left.
    l.observe(&post(1), &headers("msg", 5, 4, 5.0), t + ms(4100));
    assert_eq!(l.acquire(&post(1), t + ms(4110)), Ok(()));
}
