//! Complaint numbers under concurrency: on PostgreSQL the number is taken
//! outside the command's transaction (so commands do not queue on the
//! counter's row); on both databases numbers stay unique per server, in one
//! run with no gaps when nothing fails, and a refusal takes none; a
//! complaint the database refuses keeps nothing (on PostgreSQL its number
//! stays unused).

use crate::support::*;

on_both_databases!(concurrent_complaints_get_unique_numbers_with_no_gaps);
async fn concurrent_complaints_get_unique_numbers_with_no_gaps(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    let line = r#"/complaint new customer:"Acme Tools" summary:"pump leaks" category:service severity:high temperament:angry channel:visit"#;
    let answers = futures_util::future::join_all((0..24).map(|_| b.run(REP, line))).await;
    assert!(answers.iter().all(|a| a.committed), "{answers:?}");
    let mut numbers: Vec<i64> = Vec::new();
    for n in 1..=24 {
        numbers.push(
            b.count(&format!(
                "SELECT COUNT(*) FROM complaints WHERE number = {n}"
            ))
            .await,
        );
    }
    assert!(numbers.iter().all(|c| *c == 1), "{numbers:?}");
    assert_eq!(b.count("SELECT MAX(number) FROM complaints").await, 24);

    // A refused complaint takes no number: the next one is 25.
    b.refused(
        REP,
        r#"/complaint new customer:"Acme Tools" summary:"x" category:service temperament:angry channel:visit"#,
    )
    .await;
    b.ok(REP, line).await;
    assert_eq!(b.count("SELECT MAX(number) FROM complaints").await, 25);
}

on_both_databases!(a_complaint_the_database_refuses_to_store_keeps_nothing);
async fn a_complaint_the_database_refuses_to_store_keeps_nothing(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(
        REP,
        r#"/customer add name:"Acme Tools" owner:<@101> tier:key"#,
    )
    .await;
    b.refuse_inserts("complaints").await;
    // SQLite takes the number in the insert's own round trip, inside the
    // command's turn, so the failed insert takes the number back with it;
    // PostgreSQL took it apart, before the command's transaction.
    let taken_apart: &[&str] = match db {
        Backend::Sqlite => &[],
        Backend::Postgres => &["complaint_counters"],
    };
    let before = b.fingerprint_except(taken_apart).await;
    let line = r#"/complaint new customer:"Acme Tools" summary:"pump leaks" category:service severity:high temperament:angry channel:visit"#;
    let answer = b.run(REP, line).await;
    assert!(!answer.committed, "{:?}", answer.response);
    let told = reply_text(&answer);
    assert!(told.contains("nothing was saved"), "{told}");
    assert_eq!(b.fingerprint_except(taken_apart).await, before);

    b.allow_inserts("complaints").await;
    b.ok(REP, line).await;
    let expected = match db {
        Backend::Sqlite => 1,
        // The failed command's number stays unused: a gap, never a duplicate.
        Backend::Postgres => 2,
    };
    assert_eq!(
        b.count("SELECT MAX(number) FROM complaints").await,
        expected
    );
    assert_eq!(b.count("SELECT COUNT(*) FROM complaints").await, 1);
}
