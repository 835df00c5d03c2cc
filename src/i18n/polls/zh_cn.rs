//! 评分问卷、评分轮次与挽回流失客户的中文用语。

use super::PollText;
use crate::domain::customer::TrustStage;
use crate::domain::scoring::Question;
use crate::i18n::ValueKind;

fn stage(s: TrustStage) -> String {
    crate::i18n::value(crate::i18n::Lang::ZhCn, ValueKind::Stage, s.code())
}

pub fn say(text: &PollText) -> String {
    match text {
        PollText::Phase(s) => match s {
            TrustStage::Skeptic | TrustStage::Explorer => "**获得信任阶段。** 多听少说，用行动证明：带上将来为客户服务的同事一起去（原文里是从老板到后勤的整个团队）。".into(),
            TrustStage::FirstTime | TrustStage::Repeat => "**保持信任阶段。** 倾听，并在每次交付时问一句：“还有哪件事我们可以做得更好？”定期请客户评分，并按客户说的去改进。".into(),
            TrustStage::Regular => "**保持信任阶段。** 没有生意可谈时也保持联系；即使吃亏也做正确的事（原文中被取消的订单后来换来了推荐）。".into(),
            TrustStage::Advocate => "**保持信任阶段。** 客户在替我们说话：守住每一个承诺；（这是团队自己的做法，不是原文的）请他们推荐新客户。".into(),
            TrustStage::Lost => "**重新赢得信任阶段。** 按挽回清单一步步做，要有耐心：伤口的愈合需要时间。".into(),
        },
        PollText::WinBackProgress { done, next: Some(next) } => format!(
            "**挽回进度**：7 步中已完成 {done} 步；下一步：{next}. {}",
            say(&PollText::WinBackStep(*next))
        ),
        PollText::WinBackProgress { done, next: None } => format!("**挽回进度**：{done} 步全部完成。"),
        PollText::WinBackStep(n) => match n {
            1 => "问客户：我们需要做些什么才能再次为您服务",
            2 => "仔细倾听客户的回答",
            3 => "满足客户的要求，完成后通知客户，并再次请求恢复生意",
            4 => "要有耐心",
            5 => "保持沟通",
            6 => "客户回头时要诚恳",
            _ => "客户回来以后，珍惜每一天的生意",
        }
        .into(),
        PollText::WinBackTicked { customer, step, done } => format!(
            "已勾选 **{customer}** 的挽回第 {step} 步（7 步中已完成 {done} 步）。"
        ),
        PollText::CardTitle { customer, poll } => {
            format!("**评分问卷 · {customer}**（问卷 {poll}）")
        }
        PollText::ForComplaint { number } => format!("针对投诉 {number}。"),
        PollText::CardIntro => {
            "逐题询问客户，按下客户给的分数：5 分是非常满意，低于 4 分就是不满意。".into()
        }
        PollText::Question(q) => match q {
            Question::Overall => "您给我们的整体表现打几分？",
            Question::Again => "您以后还愿意继续和我们合作吗？",
            Question::Recommend => "您愿意把我们推荐给朋友吗？",
        }
        .into(),
        PollText::Short(q) => match q {
            Question::Overall => "整体",
            Question::Again => "再次合作",
            Question::Recommend => "推荐",
        }
        .into(),
        PollText::Submit => "提交".into(),
        PollText::CardHint { poll } => format!(
            "想直接输入？`/score answer poll:{poll} overall:… again:… recommend:…`，然后 `/score submit poll:{poll}`。"
        ),
        PollText::ToFiveTitle => "怎样才能打 5 分？".into(),
        PollText::ToFiveLabel => "怎样才能打 5 分？（记下客户的原话）".into(),
        PollText::Submitted => "已提交。".into(),
        PollText::Promote {
            customer,
            stage: next,
        } => format!(
            "投诉已经解决，评分也不错，客户的信任在加深。可以考虑把 **{customer}** 升到「{}」：`/customer edit name:\"{customer}\" stage:{}`",
            stage(*next),
            next.code()
        ),
        PollText::PollButton => "评分问卷".into(),
        PollText::RoundAsk { owner, count } => format!(
            "<@{}>，又到定期评分的时候了：请在电话或拜访时给你的 {count} 个重点客户做一次评分，点客户名称即可打开问卷。",
            owner.0
        ),
        PollText::RoundMore { count } => {
            format!("……还有 {count} 个，`/customer list tier:key` 可以查看全部。")
        }
        PollText::Reminder { owner } => format!("<@{}>，下面这些评分问卷还没有完成：", owner.0),
        PollText::ReminderLine {
            customer,
            since,
            poll,
        } => {
            format!("• **{customer}**（{since} 发起）：`/score answer poll:{poll}`")
        }
        PollText::WinBackThread { customer } => format!("挽回 · {customer}"),
        PollText::WinBack { customer, owner } => format!(
            "**{customer}** 已成为流失客户。如果值得挽回，<@{}>，请按下面的步骤来；控制好自己的情绪，找出客户离开背后的原因（原文 004）。每完成一步，用 `/customer winback` 勾选：\n\
1. 开门见山地问客户：我们要怎么做，您才愿意再给我们一次机会？\n\
2. 把客户的话听完，别解释、别辩护，把要点一条条记下来。\n\
3. 照客户说的去改；改好了第一时间告诉对方，并诚恳地请求恢复合作。\n\
4. 给时间：受伤的关系愈合得慢，不要每次联系都急着要订单。\n\
5. 保持联系：定期打电话、上门拜访，哪怕暂时没有生意可谈。\n\
6. 客户回来时要大度，千万别说“我就知道你会回来”。\n\
7. 客户回来以后，把每一单都当作第一单来做，密切关注评分和拜访。",
            owner.0
        ),
        PollText::AtRisk => "有流失风险".into(),
        PollText::VisitOverdue => "拜访逾期".into(),
    }
}
