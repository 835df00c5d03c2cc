//! 危机处理打法的中文措辞。

use super::CrisisText;
use crate::domain::complaint::Step;
use crate::domain::crisis::Crisis;
use crate::domain::refusal::CrisisRefusal;

fn play(crisis: Crisis, step: Step, n: i64) -> String {
    match (crisis, step) {
        (Crisis::Product, Step::Cause) => "**产品危机。** 依据 001：产品危机多半源于使用不当，没有培训或培训不够。先问清客户怎么用、谁受过培训，再判断是不是产品本身的问题。".into(),
        (Crisis::Product, _) => format!(
            "**产品危机。** 第 4 步要为客户的使用人员安排一次培训（依据 001）。在 `training:` 填写培训日期（填过去的日期表示当时已经培训过）；在记录为已培训（`/complaint training id:{n} held:…`）之前，rapport 会在每日摘要里提醒你。"
        ),
        (Crisis::Team, Step::Calm) => "**团队危机。** 与客户操作团队的摩擦，根子在于接触太少、信任流失（依据 001）。请当面去见他们的团队；从现在起，危机未结时 rapport 期望每 14 天有一次见到团队的拜访，结案后每 60 天一次（默认值，是团队自己的做法），到期时每日摘要会提醒你。".into(),
        (Crisis::Team, _) => "**团队危机。** 结案不等于不再联系：继续定期见客户的团队（默认每 60 天，团队自己的做法），每次拜访用 `met:team` 或 `met:both` 记录，重建的是信任，而不只是解决了问题。".into(),
        (Crisis::Boss, Step::Solution) => "**老板/KP 危机**，最危险的一种（依据 001）：必须有主管参与方案，所以这一步要交主管审批。请计划好由谁去见老板/KP、什么时候见。".into(),
        (Crisis::Boss, _) => format!(
            "**老板/KP 危机。** 只有在一次见到老板/KP 的拜访之后才能结案：先用 `/visit log met:boss`（或 `met:both`）记录拜访，再记录 `/complaint followup id:{n} satisfied:yes`。和老板关系好并不能单独保证续约（依据 000）；但危机到了这一层，这是最起码要做的。"
        ),
    }
}

pub fn say(text: &CrisisText) -> String {
    match text {
        CrisisText::Play {
            crisis,
            step,
            number,
        } => play(*crisis, *step, number.0),
        CrisisText::TrainingOn { at } => format!("客户使用人员培训：{at}"),
        CrisisText::TrainingAsk { number } => format!(
            "没有填写培训日期。产品危机要靠培训客户的使用人员来解决：请用 `/complaint training id:{} on:…` 安排培训（在培训完成前，每日摘要会提醒你）。",
            number.0
        ),
        CrisisText::TrainingPlanned { number, at } => format!(
            "投诉 {number} 的客户使用人员培训已安排在 {at}。培训完成后请记录：`/complaint training id:{} held:…`。",
            number.0
        ),
        CrisisText::TrainingHeld { number, at } => {
            format!("投诉 {number} 的培训已记录为于 {at} 完成。")
        }
        CrisisText::DigestTrainingUnplanned { number, customer } => format!(
            "• **{customer}**（投诉 {number}）：使用人员培训还没有日期：`/complaint training id:{} on:…`",
            number.0
        ),
        CrisisText::DigestTrainingNotHeld {
            number,
            customer,
            planned,
        } => format!(
            "• **{customer}**（投诉 {number}）：使用人员培训原定于 {planned}。培训做了吗？`/complaint training id:{} held:…`，或用 `on:…` 改期",
            number.0
        ),
        CrisisText::DigestTeamContact {
            customer,
            last_days,
            every_days,
            open,
        } => {
            let last = match last_days {
                Some(d) => format!("上次见到他们的团队是 {d} 天前"),
                None => "危机发生以来还没有见过他们的团队".into(),
            };
            let when = if *open {
                "团队危机未结期间"
            } else {
                "团队危机结案后"
            };
            format!(
                "• **{customer}**：{last}；{when}应每 {every_days} 天见一次（`/visit log met:team`）"
            )
        }
        CrisisText::Refresher {
            number,
            customer,
            window_days,
        } => format!(
            "投诉 {number} 不是 **{customer}** 在 {window_days} 天内的第一条产品投诉。产品投诉反复出现，说明使用人员需要培训：请把第 4 步的培训做成面向客户全部使用人员的复训，而不只是打电话来的那几位（团队自己的做法）。"
        ),
    }
}

pub fn refusal(r: &CrisisRefusal) -> String {
    match r {
        CrisisRefusal::BossNotMet { number, customer } => format!(
            "投诉 {number} 属于老板/KP 危机，自报告以来还没有任何一次拜访见到 **{customer}** 的老板/KP。请先去见，用 `/visit log customer:\"{customer}\" met:boss`（或 `met:both`）记录，再重新记录这次回访。本次没有做任何改动。"
        ),
        CrisisRefusal::TrainingOnlyForProduct(n) => format!(
            "投诉 {n} 不是产品危机，没有需要安排的培训。培训是产品危机第 4 步的内容（依据 001）。"
        ),
        CrisisRefusal::TrainingOnOrHeld => "请在 `on:…`（计划培训的时间）和 `held:…`（实际培训的时间）中二选一，不能都填，也不能都不填。".into(),
        CrisisRefusal::TrainingHeldLater => "`held` 是将来的时间，说明培训还没有做。请用 `on:…` 安排，培训完成后再记录 `held:…`。".into(),
    }
}
