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
        MethodRefusal::SeverityBelowHarms { proposed, given } => format!(
            "按你填写的伤害，这条投诉的严重程度应为“{}”，而 `severity:{}` 更低。请调高，或在 `severity_reason:…` 里写明调低的理由（理由会记在投诉上）。",
            severity(proposed.code()),
            given.code()
        ),
    }
}
