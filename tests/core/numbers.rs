//! Complaint numbers under concurrency: on PostgreSQL the number is taken
//! outside the command's transaction (so commands do not queue on the
//! counter's row); on both databases numbers stay unique per server, in one
//! run with no gaps when nothing fails, and a refusal takes none.

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
