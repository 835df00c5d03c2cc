//! Step forms read answers typed in Chinese (是/部分/否, 无/精神/物质, 能/不能)
//! as well as the English codes, and store the codes.

use crate::support::*;

on_both_databases!(step_answers_in_chinese_are_read_as_their_codes);
async fn step_answers_in_chinese_are_read_as_their_codes(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(ADMIN, "/rapport settings language:zh-CN").await;
    b.seed_complaint("angry", "high", "product").await;
    b.ok(REP, "/complaint ack id:1").await;
    b.ok(
        REP,
        r#"/complaint step id:1 done:"耐心倾听并道歉" mood:已平静"#,
    )
    .await;
    b.ok(
        REP,
        r#"/complaint step id:1 cause:"密封圈开裂" asks:"换一台新泵""#,
    )
    .await;
    let unknown = b
        .refused(
            REP,
            r#"/complaint step id:1 remedy:"更换水泵" reasonable:也许 necessary:是 deliverable:能 compensation:无"#,
        )
        .await;
    assert!(
        unknown.contains("也许"),
        "the answer not understood is named: {unknown}"
    );
    b.ok(
        REP,
        r#"/complaint step id:1 remedy:"更换水泵" reasonable:部分 necessary:是 deliverable:能 compensation:物质 退款 3000 元"#,
    )
    .await;
    let data = b
        .text("SELECT data FROM step_records WHERE step = 3")
        .await
        .expect("step 3 recorded");
    for code in [
        r#""reasonable":"partly""#,
        r#""necessary":"yes""#,
        r#""deliverable":"yes""#,
        r#""kind":"material""#,
        r#""detail":"退款 3000 元""#,
    ] {
        assert!(data.contains(code), "{code} in {data}");
    }
    let mood = b
        .text("SELECT data FROM step_records WHERE step = 1")
        .await
        .expect("step 1 recorded");
    assert!(mood.contains(r#""mood":"calm""#), "{mood}");
}
