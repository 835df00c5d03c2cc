use rapport::store::leases;

use crate::support::*;

on_both_databases!(one_holder_at_a_time_until_the_lease_runs_out);
async fn one_holder_at_a_time_until_the_lease_runs_out(db: Backend) {
    let b = Bench::on(db).await;
    let mut conn = b.app.db.pool.acquire().await.unwrap();
    assert!(
        leases::acquire(&mut conn, "gateway", "a", T0, T0 + 30)
            .await
            .unwrap()
    );
    assert!(
        !leases::acquire(&mut conn, "gateway", "b", T0 + 10, T0 + 40)
            .await
            .unwrap(),
        "held by a"
    );
    assert!(
        leases::acquire(&mut conn, "gateway", "a", T0 + 10, T0 + 40)
            .await
            .unwrap(),
        "a renews"
    );
    assert!(
        !leases::acquire(&mut conn, "gateway", "b", T0 + 39, T0 + 69)
            .await
            .unwrap(),
        "still a's"
    );
    assert!(
        leases::acquire(&mut conn, "gateway", "b", T0 + 41, T0 + 71)
            .await
            .unwrap(),
        "a stopped renewing: b takes over"
    );
    leases::release(&mut conn, "gateway", "a").await.unwrap();
    assert!(
        !leases::acquire(&mut conn, "gateway", "a", T0 + 42, T0 + 72)
            .await
            .unwrap(),
        "a cannot release b's lease"
    );
    leases::release(&mut conn, "gateway", "b").await.unwrap();
    assert!(
        leases::acquire(&mut conn, "gateway", "a", T0 + 43, T0 + 73)
            .await
            .unwrap(),
        "released: free at once"
    );
}
