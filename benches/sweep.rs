//! The reminder sweep at scale: 100,000 customers and 1,000,000 complaints,
//! of which a few hundred are due. Prints the time of one sweep that finds
//! and enqueues 500 due complaints, and of sweeps that find nothing due.
//!
//! cargo bench --bench sweep                  # SQLite (a temp file)
//! cargo bench --bench sweep -- postgres URL  # PostgreSQL (a fresh database at URL)

use std::time::Instant;

use rapport::app::App;
use rapport::clock::ManualClock;
use rapport::config::Config;
use rapport::store::Db;

mod common;

use common::{COMPLAINTS, CUSTOMERS, NOW, fill, ms};

async fn run(url: &str) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    let started = Instant::now();
    fill(&db).await?;
    println!(
        "filled {CUSTOMERS} customers and {COMPLAINTS} complaints in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let config = Config::from_layers(None, |_| None)?;
    let clock = ManualClock::at(NOW);
    let app = App::new(db, config, std::sync::Arc::new(clock));
    // Digests have schedules of their own (and reports over a week of a million
    // complaints would dwarf the sweep): start them after now, to time the sweep alone.
    rapport::digests::ensure_all(&app, NOW).await?;

    let started = Instant::now();
    let report = rapport::reminders::sweep(&app, NOW).await?;
    let due_time = started.elapsed();
    println!(
        "sweep with {} due complaints: {:.1} ms ({} reminders enqueued)",
        report.complaints,
        ms(due_time),
        report.reminders
    );
    let mut idle = Vec::new();
    for i in 0..50 {
        let started = Instant::now();
        let report = rapport::reminders::sweep(&app, NOW + 1 + i).await?;
        idle.push(started.elapsed());
        assert_eq!(report.complaints, 0, "nothing should be due");
    }
    idle.sort();
    println!(
        "sweep with nothing due: median {:.2} ms, p90 {:.2} ms, max {:.2} ms (50 runs)",
        ms(idle[25]),
        ms(idle[45]),
        ms(idle[49])
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    common::on_fresh_database(|url| async move { run(&url).await })
}
