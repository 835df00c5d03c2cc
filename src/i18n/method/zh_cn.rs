//! 把方法做到底的中文用语。

use super::MethodText;
use crate::domain::refusal::MethodRefusal;
use crate::i18n::{Lang, ValueKind, value};

fn harm(code: &str) -> String {
    value(Lang::ZhCn, ValueKind::Harm, code)
}

fn severity(code: &str) -> String {
    value(Lang::ZhCn, ValueKind::Severity, code)
}

pub fn say(text: &MethodText) -> String {
    match text {
        MethodText::HarmsLine { harms, proposed } => format!(
            "**伤害：** 身体 {} · 精神 {} · 经济 {}（建议严重程度：{}）",
            harm(harms.body.code()),
            harm(harms.feelings.code()),
            harm(harms.money.code()),
            severity(proposed.code())
        ),
        MethodText::LoweredBecause { reason } => {
            format!("**严重程度低于建议值，理由：** {reason}")
        }
        MethodText::Interim { guarantee } => format!("**等待期间的服务保证：** {guarantee}"),
        MethodText::Necessary { answer } => format!("有必要解决：{answer}"),
        MethodText::Deliverable { answer } => format!("能做到：{answer}"),
        MethodText::JudgeHint { number } => format!(
            "请与公司一起研判：批准一个我们做得到的方案（`/complaint approve id:{n} remedy:…`），或者驳回，并写明将告诉客户的解释（`/complaint reject id:{n} reason:…`）。",
            n = number.0
        ),
        MethodText::Exception { reason, by } => {
            format!("**补偿未兑现，签批主管** <@{}>：{reason}", by.0)
        }
        MethodText::Resolved { number, at } => format!(
            "投诉 {number} 已解决，回访时间为 {at}：到时请给客户打电话或上门，并用 `/complaint followup id:{} satisfied:yes|no` 记录回访结果。只有客户满意后投诉才会关闭，评分问卷也才会发出。",
            number.0
        ),
        MethodText::FollowUpButton => "记录回访".into(),
        MethodText::FollowUpDue { number, customer, owner, at } => format!(
            "<@{}>，投诉 {number}（{customer}）该回访了（{at}）。请打电话或上门：客户是否满意？还有没有未了的事？然后记录：`/complaint followup id:{} satisfied:yes|no`。",
            owner.0, number.0
        ),
        MethodText::FollowUpMissed { number, customer, owner, at, role } => format!(
            "{}：投诉 {number}（{customer}，<@{}>）的回访时间 {at} 已过，仍未记录回访结果。",
            role.map_or_else(|| "各位主管".to_string(), |r| format!("<@&{}>", r.0)),
            owner.0
        ),
        MethodText::FollowUpReopened { number, failed, step, open, owner } => {
            let why = match failed {
                crate::domain::follow_up::Failed::Remedy => "方案没有解决问题",
                crate::domain::follow_up::Failed::Delivery => "答应的事没有全部兑现",
                crate::domain::follow_up::Failed::Cause => "找到的原因并不是真正的原因",
            };
            let open = open.as_ref().map(|o| format!(" 未了事项：{o}")).unwrap_or_default();
            format!(
                "回访发现投诉 {number} 仍未解决：{why}。已重新打开，回到第 {} 步（{}），<@{}>。{open}",
                step.number(),
                crate::i18n::step_title(Lang::ZhCn, *step),
                owner.0
            )
        }
        MethodText::RejectButton => "驳回并说明理由".into(),
        MethodText::NoInterim => "已经承诺了答复期限，但没有给出等待期间的服务保证。原文要求在等待期限之外再提供相关的服务保证（例如借用设备、每天通报进展、技术人员随时待命）：请告诉客户，并可在 `interim:…` 中记下。".into(),
    }
}

pub fn refusal(r: &MethodRefusal) -> String {
    match r {
        MethodRefusal::SeverityOrHarmsNeeded => "请说明投诉有多严重：填写 `severity:…`，或者填写三种伤害 `body:` `feelings:` `money:`（none 无 / some 有一些 / serious 严重），由 rapport 建议严重程度。".into(),
        MethodRefusal::CompensationDetailTwice => "补偿内容写了两遍：`compensation` 里补偿方式后面写了一次，`detail` 里又写了一次。请只保留一处。".into(),
        MethodRefusal::RemedyNeededToApprove(n) => format!(
            "投诉 {n} 的第 3 步记录写明公司做不到这个方案。请用 `remedy:…` 批准一个公司做得到的方案，或者用 `/complaint reject id:{} reason:…` 驳回（写明将告诉客户的解释）。",
            n.0
        ),
        MethodRefusal::CompensationUndelivered { promised } => format!(
            "第 3 步答应给客户的补偿（{promised}）还没有兑现。请先兑现，再记录 `delivered:yes`；如果确实无法兑现，需由主管用 `exception:…`（写明原因）记录这一步，记录会保留签字的主管。"
        ),
        MethodRefusal::ExceptionManagersOnly => "只有主管可以签字同意补偿不兑现。请主管用 `exception:…` 记录这一步。".into(),
        MethodRefusal::FollowUpDue(n) => format!(
            "投诉 {n} 已解决，正在等待回访。请用 `/complaint followup id:{} satisfied:yes|no` 记录回访结果。",
            n.0
        ),
        MethodRefusal::NoFollowUpDue { number, current } => format!(
            "投诉 {number} 还没有到回访的时候：它在第 {} 步。回访在第 5 步之后。",
            current.number()
        ),
        MethodRefusal::SatisfiedButOpen => "还有未了的事，说明问题还没解决：请记录 `satisfied:no` 并写明 `failed:remedy|delivery|cause`；如果没有未了的事，`open` 请留空。".into(),
        MethodRefusal::FailedNeeded => "请说明哪里没解决，投诉才能回到正确的步骤：`failed:remedy`（回到第 3 步）、`failed:delivery`（第 4 步）或 `failed:cause`（第 2 步）。".into(),
        MethodRefusal::SeverityBelowHarms { proposed, given } => format!(
            "按你填写的伤害，这条投诉的严重程度应为“{}”，而 `severity:{}` 更低。请调高，或在 `severity_reason:…` 里写明调低的理由（理由会记在投诉上）。",
            severity(proposed.code()),
            given.code()
        ),
    }
}
