//! A month of complaints, acknowledgements, closes, promises and scores in
//! Asia/Shanghai, reported and checked against figures worked out by hand.

use crate::support::*;

/// 2026-11-01 00:00 in Shanghai (2026-10-31 16:00 UTC).
const M: i64 = 1_793_462_400;
const H: i64 = 3600;
const D: i64 = 86_400;

async fn at(b: &Bench, t: i64, actor: rapport::domain::permissions::Actor, line: &str) -> String {
    b.clock.set(t);
    b.ok(actor, line).await
}

async fn new(b: &Bench, t: i64, customer: &str, category: &str) {
    let line = format!(
        "/complaint new customer:\"{customer}\" summary:\"it broke\" category:{category} severity:high temperament:reasoning channel:hotline"
    );
    at(b, t, REP, &line).await;
}

/// Steps 1 to 5 at `t`, so the complaint closes then.
async fn close(b: &Bench, t: i64, id: i64, cause: &str) {
    for line in [
        format!("/complaint step id:{id} done:\"listened, apologised\" mood:calm"),
        format!("/complaint step id:{id} cause:\"{cause}\" asks:\"a working pump\""),
        format!(
            "/complaint step id:{id} remedy:\"replace it\" reasonable:yes deliverable:yes compensation:none"
        ),
        format!("/complaint step id:{id} done:\"replaced\" told:now delivered:none-due"),
        format!("/complaint step id:{id} guarantee:\"monthly check\" follow_up:+7d"),
        format!("/complaint followup id:{id} satisfied:yes"),
    ] {
        at(b, t, REP, &line).await;
    }
}

/// The seeded month (times relative to M, the start of November in Shanghai):
/// #1 Acme   reported M-1h (October), acked M-30m, closed M+2d   (49 h to resolve)
/// #2 Acme   reported M+1h (Oct 31 UTC!), acked +600 s, closed M+5d (119 h)
/// #3 Beta   reported M+10d, acked +3 h (late: 1 h SLA), promise M+11d10h broken
/// #4 Acme   reported M+20d, never acknowledged (late)
/// #5 Beta   reported M+29d23h (Nov 30 23:00), acked +30 m; due exactly at month end
/// #6 Gamma  reported M+30d1h (December in Shanghai, November in UTC)
async fn seed(db: Backend) -> Bench {
    let b = Bench::on(db).await;
    b.clock.set(M - 5 * D);
    b.ok(MANAGER, "/rapport settings timezone:Asia/Shanghai")
        .await;
    b.ok(
        MANAGER,
        "/customer add name:\"Acme Tools\" owner:<@101> tier:key",
    )
    .await;
    b.ok(MANAGER, "/customer add name:Beta owner:<@101> tier:normal")
        .await;
    b.ok(MANAGER, "/customer add name:Gamma owner:<@101> tier:key")
        .await;
    at(
        &b,
        M - 2 * H,
        REP,
        "/score record customer:Gamma overall:2 again:2 recommend:2 to_five:\"call back\"",
    )
    .await;
    new(&b, M - H, "Acme Tools", "product").await;
    at(&b, M - 30 * 60, REP, "/complaint ack id:1").await;
    new(&b, M + H, "Acme Tools", "product").await;
    at(&b, M + H + 600, REP, "/complaint ack id:2").await;
    close(&b, M + 2 * D, 1, "Seal cracked.").await;
    close(&b, M + 5 * D, 2, "seal  cracked").await;
    at(
        &b,
        M + 6 * D,
        REP,
        "/score record customer:\"Acme Tools\" overall:5 again:4 recommend:4 to_five:faster delivery",
    )
    .await;
    new(&b, M + 10 * D, "Beta", "service").await;
    at(&b, M + 10 * D + 3 * H, REP, "/complaint ack id:3").await;
    at(
        &b,
        M + 10 * D + 3 * H,
        REP,
        "/complaint step id:3 done:\"heard them out\" mood:calm",
    )
    .await;
    at(&b, M + 10 * D + 3 * H, REP, "/complaint step id:3 cause:\"Late truck\" asks:\"delivery date\" promise:\"2026-11-12 10:00\"").await;
    at(
        &b,
        M + 12 * D,
        REP,
        "/score record customer:Beta overall:3 again:4 recommend:4 to_five:\"deliver on time\"",
    )
    .await;
    // Friday 10:00 in Shanghai: the promise of 2026-11-12 10:00 has passed with step 4 undone.
    b.sweep_at(M + 12 * D + 10 * H).await;
    new(&b, M + 20 * D, "Acme Tools", "team").await;
    at(
        &b,
        M + 20 * D + H,
        REP,
        "/visit log customer:Gamma met:both",
    )
    .await;
    new(&b, M + 29 * D + 23 * H, "Beta", "delivery").await;
    at(&b, M + 29 * D + 23 * H + 1800, REP, "/complaint ack id:5").await;
    at(
        &b,
        M + 29 * D + 23 * H + 1800,
        REP,
        "/score record customer:\"Acme Tools\" overall:4 again:5 recommend:5 to_five:faster delivery",
    )
    .await;
    new(&b, M + 30 * D + H, "Gamma", "price").await;
    at(&b, M + 30 * D + H + 300, REP, "/complaint ack id:6").await;
    b.clock.set(M + 31 * D + 10 * H);
    b
}

fn has(report: &str, line: &str) {
    assert!(report.contains(line), "missing {line:?} in:\n{report}");
}

on_both_databases!(the_monthly_report_matches_the_hand_count);
async fn the_monthly_report_matches_the_hand_count(db: Backend) {
    let b = seed(db).await;
    assert_eq!(
        b.count("SELECT COUNT(*) FROM events WHERE kind = 'promise-breached'")
            .await,
        1,
        "the sweep recorded the broken promise"
    );
    let report = b.ok(MANAGER, "/report month period:2026-11").await;
    has(&report, "**Voice of the customer · 2026-11**");
    // #2 to #5 were reported in November in Shanghai; #1 is October, #6 December.
    has(
        &report,
        "Complaints: 4 opened, 2 resolved, 0 rejected as unreasonable.",
    );
    has(
        &report,
        "By category: Product 1 · Service 1 · Team 1 · Delivery 1\n",
    );
    has(
        &report,
        "After-sales crises: product 1 · operating team 1 · boss/KP 0",
    );
    // Acknowledged in November after 600 s (#2), 3 h (#3), 30 m (#5): median 30 m,
    // p90 = rank ceil(0.9 × 3) = 3rd = 3 h. #1 was acknowledged in October.
    has(
        &report,
        "Time to acknowledge: median 30m, 90th percentile 3h (3 complaint(s))",
    );
    // Resolved in November after 49 h (#1) and 119 h (#2): median 84 h, p90 = 119 h.
    has(
        &report,
        "Time to resolve: median 3d 12h, 90th percentile 4d 23h (2 complaint(s))",
    );
    // Late: #3 (3 h against 1 h) and #4 (never); #1 was due at M exactly and on time;
    // #5 fell due at the month's very end, which belongs to December. Plus #3's promise.
    has(
        &report,
        "SLA breaches: 3 (2 acknowledged late or not at all, 1 promised deadline(s) missed)",
    );
    has(
        &report,
        "**Open now: 4** (0 waiting for a manager's approval)",
    );
    has(&report, "• step 1 · Calm the customer: 3");
    has(
        &report,
        "• step 3 · Design the solution with the company: 1",
    );
    has(&report, "• Acme Tools: 3 complaints\n• Beta: 2 complaints");
    has(&report, "• 2× Seal cracked.\n• 1× Late truck");
    // Acme (key, no visit since it was added 35 days ago) is overdue; Gamma was visited.
    has(
        &report,
        "Visits overdue now: 1 customer(s); boss/KP not met in time: 0",
    );
    // November's scores: 5/4/4, 3/4/4, 4/5/5; Gamma's 2/2/2 was on Oct 31 in Shanghai.
    has(
        &report,
        "**Scores** (3): overall 4.0 · buy again 4.3 · recommend 4.3; 1 with an answer below 4",
    );
    has(&report, "Overall answers: 1★ 0 · 2★ 0 · 3★ 1 · 4★ 1 · 5★ 1");
    has(
        &report,
        "Average overall score, month by month: – → – → – → – → 2.0 → 4.0",
    );
}

on_both_databases!(the_same_month_in_utc_counts_other_complaints);
async fn the_same_month_in_utc_counts_other_complaints(db: Backend) {
    let b = seed(db).await;
    b.ok(MANAGER, "/rapport settings timezone:UTC").await;
    let report = b.ok(MANAGER, "/report month period:2026-11").await;
    // In UTC #2 (Oct 31 17:00) is October and #6 (Nov 30 17:00) is November.
    has(
        &report,
        "Complaints: 4 opened, 2 resolved, 0 rejected as unreasonable.",
    );
    has(
        &report,
        "By category: Service 1 · Team 1 · Delivery 1 · Price 1\n",
    );
    // Gamma's 2/2/2 (Oct 31 14:00 UTC) is still October; the trend ends 2.0 → 4.0.
    has(&report, "– → – → – → – → 2.0 → 4.0");
}

on_both_databases!(a_week_report_counts_its_own_week);
async fn a_week_report_counts_its_own_week(db: Backend) {
    let b = seed(db).await;
    // Mon Nov 9 – Sun Nov 15 in Shanghai: #3 reported and acknowledged late, its promise broken.
    let report = b.ok(MANAGER, "/report week period:2026-11-12").await;
    has(&report, "**Weekly report · 2026-11-09 – 11-15**");
    has(
        &report,
        "Complaints: 1 opened, 0 resolved, 0 rejected as unreasonable.",
    );
    has(
        &report,
        "Time to acknowledge: median 3h, 90th percentile 3h (1 complaint(s))",
    );
    has(&report, "Time to resolve: none in this period");
    has(
        &report,
        "SLA breaches: 2 (1 acknowledged late or not at all, 1 promised deadline(s) missed)",
    );
    has(&report, "• 1× Late truck");
    has(
        &report,
        "**Scores** (1): overall 3.0 · buy again 4.0 · recommend 4.0; 1 with an answer below 4",
    );
    // The eight weeks up to this one: Gamma's 2.0 (week of Oct 26), Acme's 5.0 (Nov 2), Beta's 3.0.
    has(&report, "week by week: – → – → – → – → – → 2.0 → 5.0 → 3.0");
}

on_both_databases!(reports_are_for_managers_and_read_their_period);
async fn reports_are_for_managers_and_read_their_period(db: Backend) {
    let b = seed(db).await;
    let refused = b.refused(REP, "/report week").await;
    assert!(refused.contains("Only a manager"), "{refused}");
    let refused = b.refused(MANAGER, "/report month period:someday").await;
    assert!(refused.contains("someday"), "{refused}");
    let last = b.ok(MANAGER, "/report month period:last").await;
    has(&last, "**Voice of the customer · 2026-11**");
    let zh = b.ok(MANAGER, "/rapport settings language:zh-CN").await;
    has(&zh, "设置已保存。");
    let report = b.ok(MANAGER, "/report month period:上个月").await;
    // The same hand count as the English report, in Chinese labels.
    has(&report, "**客户之声月报 · 2026-11**");
    has(&report, "投诉：新增 4 件，解决 2 件，因不合理驳回 0 件。");
    has(&report, "售后危机：产品 1 · 操作团队 1 · 老板/KP 0");
    has(&report, "按类别：产品 1 · 服务 1 · 团队 1 · 交付 1\n");
    has(
        &report,
        "确认用时：中位数 30 分钟，90 分位 3 小时（共 3 件）",
    );
    has(
        &report,
        "解决用时：中位数 3 天 12 小时，90 分位 4 天 23 小时（共 2 件）",
    );
    has(
        &report,
        "超出时限：3 次（确认超时或未确认 2 件，承诺期限失约 1 次）",
    );
    has(&report, "**当前未结：4 件**（其中 0 件等待主管审批）");
    has(&report, "• 2 次：Seal cracked.\n• 1 次：Late truck");
    has(
        &report,
        "**评分**（3 份）：整体 4.0 · 再次合作 4.3 · 推荐 4.3；有 1 份出现低于 4 分的项",
    );
    has(&report, "整体评分分布：1★ 0 · 2★ 0 · 3★ 1 · 4★ 1 · 5★ 1");
    assert!(
        !report.contains("Complaints:") && !report.contains("Time to"),
        "English left in the Chinese report:\n{report}"
    );
}
