//! Delivery sends to a few destinations at once (Discord answers each
//! request in 50 to 100 ms, so one at a time would cap the bot at ten or
//! twenty posts a second), and keeps each destination's posts in the order
//! they were queued.

use std::time::Duration;

use rapport::domain::ids::ChannelId;
use rapport::store::outbox::Destination;

use crate::harness::*;
use crate::support::Backend;
use crate::support::fake_discord::Fault;

const CHANNELS: u64 = 6;

fn channel(i: u64) -> ChannelId {
    ChannelId(7100 + i as i64)
}

#[tokio::test]
async fn four_destinations_are_sent_to_at_once_each_in_queue_order() {
    let live = Live::start(Backend::Sqlite).await;
    for turn in ["first", "second", "third"] {
        for i in 0..CHANNELS {
            live.queue(Destination::Channel(channel(i)), &format!("{turn} to {i}"))
                .await;
        }
    }
    // Every post is answered late, so sends that overlap are seen to.
    let slow = vec![Fault::Delay(Duration::from_millis(150)); 3 * CHANNELS as usize];
    live.fake.fail_next("POST", "/channels/", slow);

    let report = live.deliver().await;

    assert_eq!(report.sent, 3 * CHANNELS as usize, "{report:?}");
    assert_eq!(
        live.fake.peak_in_flight(),
        4,
        "four destinations at a time, never more"
    );
    for i in 0..CHANNELS {
        let texts: Vec<String> = live
            .fake
            .messages_in(&channel(i).0.to_string())
            .iter()
            .map(|m| m["content"].as_str().unwrap_or_default().to_string())
            .collect();
        let queued = ["first", "second", "third"].map(|turn| format!("{turn} to {i}"));
        assert_eq!(texts, queued, "channel {i} in queue order");
    }
    assert_eq!(live.fake.take_posts().len(), 3 * CHANNELS as usize);
    live.fake.assert_clean();
}
