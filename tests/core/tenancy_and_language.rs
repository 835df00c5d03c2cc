use rapport::domain::ids::GuildId;

use crate::support::*;

on_both_databases!(servers_never_see_each_other);
async fn servers_never_see_each_other(db: Backend) {
    let b = Bench::on(db).await;
    b.seed_complaint("angry", "high", "product").await;
    let other = GuildId(900);
    let text = reply_text(&b.run_in(other, MANAGER, "/complaint show id:1").await);
    assert!(text.contains("no complaint #1"), "{text}");
    let text = reply_text(
        &b.run_in(other, MANAGER, "/customer show name:\"Acme Tools\"")
            .await,
    );
    assert!(text.contains("no customer"), "{text}");
    assert!(
        !text.contains("Did you mean"),
        "no names leak through suggestions: {text}"
    );
    // The same name can exist in both, and numbering starts again at #1.
    b.run_in(
        other,
        MANAGER,
        r#"/customer add name:"Acme Tools" owner:<@201> tier:normal"#,
    )
    .await;
    let a = b
        .run_in(other, MANAGER, r#"/complaint new customer:"Acme Tools" summary:x category:price severity:low temperament:reasoning channel:email"#)
        .await;
    assert!(reply_text(&a).contains("#1"), "{a:?}");
    assert_eq!(
        b.count("SELECT COUNT(*) FROM complaints WHERE number = 1")
            .await,
        2
    );
    let list = reply_text(&b.run_in(other, MANAGER, "/complaint list").await);
    assert!(!list.contains("pump leaks"), "{list}");
}

on_both_databases!(a_manager_switches_the_server_to_chinese);
async fn a_manager_switches_the_server_to_chinese(db: Backend) {
    let b = Bench::on(db).await;
    assert!(
        b.refused(REP, "/rapport settings language:zh-CN")
            .await
            .contains("Only a manager")
    );
    let reply = b
        .ok(
            MANAGER,
            "/rapport settings language:zh-CN timezone:Asia/Shanghai",
        )
        .await;
    assert!(
        reply.contains("设置已保存") && reply.contains("Asia/Shanghai"),
        "{reply}"
    );
    let refusal = b.refused(REP, "/complaint ack id:3").await;
    assert!(refusal.contains("本服务器没有投诉 #3"), "{refusal}");
    b.seed_complaint("angry", "high", "product").await;
    let posts = b.outbox().await;
    assert!(
        posts[2].1.contains("平抑客户情绪") && posts[2].1.contains("先让对方把火发出来"),
        "{}",
        posts[2].1
    );
    // Times are now read in Shanghai: at 18:00 there (10:00 UTC), tomorrow 17:00 is 23 hours away.
    b.ok(REP, "/complaint step id:1 done:听完并道歉 mood:calm")
        .await;
    b.ok(
        REP,
        "/complaint step id:1 cause:密封圈 asks:换泵 promise:\"明天 17:00\"",
    )
    .await;
    assert_eq!(
        b.count("SELECT promised_by FROM complaints").await,
        T0 + 23 * 3600,
        "17:00 CST"
    );
}

on_both_databases!(chinese_command_names_work_too);
async fn chinese_command_names_work_too(db: Backend) {
    let b = Bench::on(db).await;
    b.ok(REP, "/客户 添加 名称：北方机械 负责人：<@101> 等级：key")
        .await;
    let text = b.ok(REP, "/客户 查看 名称：北方机械").await;
    assert!(text.contains("北方机械"), "{text}");
}
