//! 报告与导出的中文用语。

use super::{ReportText, Timing};
use crate::domain::voice::DecisionState;

pub fn say(text: &ReportText) -> String {
    match text {
        ReportText::NoLastDecisions => "上个月的会议没有记录决定（`/voc decide`）。".into(),
        ReportText::LastDecisionsHeader { done, total } => {
            format!("**上月会议的决定**：{total} 项中已落实 {done} 项")
        }
        ReportText::DecisionLine {
            id,
            what,
            owner,
            due,
            state,
        } => {
            let mark = match state {
                DecisionState::Done => "✅ 已落实",
                DecisionState::Open => "⏳ 进行中",
                DecisionState::Overdue => "⚠️ 已逾期",
            };
            format!("• #{id} {what} — <@{}>，期限 {due}：{mark}", owner.0)
        }
        ReportText::WordsHeader => "**客户的原话**（怎样才能打 5 分，以及找到的原因）".into(),
        ReportText::WordsLine {
            words,
            customer,
            rep,
            complaint,
        } => match complaint {
            Some(n) => format!(
                "• “{words}” — {customer}，投诉 {n} 的原因，由 <@{}> 记录",
                rep.0
            ),
            None => format!("• “{words}” — {customer}，由 <@{}> 记录", rep.0),
        },
        ReportText::DecisionsHeader { count } => format!("**本月会议的决定**：{count} 项"),
        ReportText::Title {
            monthly: true,
            period,
        } => format!("**客户之声月报 · {period}**"),
        ReportText::Title {
            monthly: false,
            period,
        } => format!("**周报 · {period}**"),
        ReportText::Volume {
            opened,
            closed,
            rejected,
        } => format!("投诉：新增 {opened} 件，解决 {closed} 件，因不合理驳回 {rejected} 件。"),
        ReportText::Categories { list } => format!("按类别：{list}"),
        ReportText::Crises {
            product,
            team,
            boss,
        } => format!("售后危机：产品 {product} · 操作团队 {team} · 老板/KP {boss}"),
        ReportText::Times {
            timing,
            count,
            median,
            p90,
        } => format!(
            "{}：中位数 {median}，90 分位 {p90}（共 {count} 件）",
            timing_name(*timing)
        ),
        ReportText::NoTimes { timing } => format!("{}：本期没有", timing_name(*timing)),
        ReportText::Sla {
            late_acks,
            promises,
        } => format!(
            "超出时限：{} 次（确认超时或未确认 {late_acks} 件，承诺期限失约 {promises} 次）",
            late_acks + promises
        ),
        ReportText::Harms(t) => format!(
            "造成的伤害（本期登记的投诉，{} 条评估过）：身体 {}（严重 {}）· 精神 {}（严重 {}）· 经济 {}（严重 {}）",
            t.assessed,
            t.body.0 + t.body.1,
            t.body.1,
            t.feelings.0 + t.feelings.1,
            t.feelings.1,
            t.money.0 + t.money.1,
            t.money.1
        ),
        ReportText::OpenHeader { open, awaiting } => {
            format!("**当前未结：{open} 件**（其中 {awaiting} 件等待主管审批）")
        }
        ReportText::OpenStep { step, count } => format!(
            "• 第 {} 步 · {}：{count} 件",
            step.number(),
            crate::i18n::step_title(crate::i18n::Lang::ZhCn, *step)
        ),
        ReportText::RepeatedHeader => "**重复投诉的客户**（近 90 天）".into(),
        ReportText::RepeatedLine { customer, count } => format!("• {customer}：{count} 件"),
        ReportText::CausesHeader => "**最常见的原因**（第 2 步）".into(),
        ReportText::CauseLine { cause, count } => format!("• {count} 次：{cause}"),
        ReportText::Visits { overdue, boss } => {
            format!("当前拜访逾期的客户：{overdue} 个；没按时见到老板/KP 的：{boss} 个")
        }
        ReportText::Scores {
            count,
            overall,
            again,
            recommend,
            low,
        } => format!(
            "**评分**（{count} 份）：整体 {overall} · 再次合作 {again} · 推荐 {recommend}；有 {low} 份出现低于 4 分的项"
        ),
        ReportText::NoScores => {
            "**评分**：本期没有评分记录。可以用 `/score poll` 发起问卷。".into()
        }
        ReportText::Distribution { counts } => format!(
            "整体评分分布：1★ {} · 2★ {} · 3★ {} · 4★ {} · 5★ {}",
            counts[0], counts[1], counts[2], counts[3], counts[4]
        ),
        ReportText::Trend { monthly, values } => format!(
            "整体平均分{}：{values}",
            if *monthly {
                "（按月）"
            } else {
                "（按周）"
            }
        ),
        ReportText::ChartNote { monthly } => format!(
            "附图：左边是各步骤的未结投诉，右边是{}整体平均分。",
            if *monthly { "每月" } else { "每周" }
        ),
        ReportText::Exported {
            from,
            until,
            complaints,
            steps,
            visits,
            scores,
        } => format!(
            "已导出 {from} 至 {until} 的数据：投诉 {complaints} 件、步骤记录 {steps} 条、拜访 {visits} 次、评分 {scores} 份。CSV 为 UTF-8 编码，可直接用表格软件或 CRM 打开。"
        ),
    }
}

fn timing_name(t: Timing) -> &'static str {
    match t {
        Timing::Acknowledge => "确认用时",
        Timing::Tell => "方案定下到告知客户用时",
        Timing::Resolve => "解决用时",
    }
}
