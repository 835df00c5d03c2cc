//! The database server closed the bot's idle connections (it restarted, or
//! an idle timeout or a proxy cut them): the next command still works, on a
//! new connection, instead of failing on a dead one.

use std::time::Duration;

use sqlx::Connection as _;

use crate::support::*;

#[tokio::test]
async fn a_command_after_the_server_closed_the_idle_connections_is_kept() {
    // Only a server closes connections behind the bot's back.
    let bench = Bench::on(Backend::Postgres).await;
    bench
        .ok(REP, r#"/customer add name:Acme owner:<@101> tier:key"#)
        .await;
    let mut admin = sqlx::PgConnection::connect(&bench.url).await.unwrap();
    let closed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(!closed.is_empty(), "the bot had connections open");
    // Idle long enough that the pool checks a connection before handing it out.
    tokio::time::sleep(rapport::store::PING_IF_IDLE_FOR + Duration::from_millis(100)).await;

    let line = r#"/complaint new customer:Acme summary:"late delivery" category:service temperament:angry channel:hotline severity:high"#;
    let answer = bench.run(REP, line).await;

    assert!(answer.committed, "{:?}", answer.response);
    assert!(
        reply_text(&answer).contains("is open"),
        "{}",
        reply_text(&answer)
    );
    assert_eq!(bench.count("SELECT COUNT(*) FROM complaints").await, 1);
}
