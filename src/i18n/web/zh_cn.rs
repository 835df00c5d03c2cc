//! 网页看板的中文用语。

use super::{WebText, Word};

pub fn word(word: Word) -> &'static str {
    match word {
        Word::Product => "rapport",
        Word::Overview => "团队概览",
        Word::Complaints => "投诉",
        Word::LogOut => "退出登录",
        Word::Board => "各步骤的未结投诉",
        Word::OpenComplaints => "未结投诉",
        Word::PromisesDue => "48 小时内到期的承诺",
        Word::PromisesMissed => "已逾期的承诺",
        Word::FollowUpsDue => "待回访",
        Word::ApprovalsWaiting => "待审批",
        Word::SlaBreaches => "超出 SLA（确认超时，近 12 周）",
        Word::WeeklyTimes => "每周的确认用时与解决用时",
        Word::Week => "周",
        Word::ToAcknowledge => "确认用时",
        Word::ToResolve => "解决用时",
        Word::Median => "中位数",
        Word::P90 => "P90",
        Word::Count => "数量",
        Word::Hours => "小时",
        Word::LateAcks => "确认超时",
        Word::Total => "合计",
        Word::Number => "编号",
        Word::Customer => "客户",
        Word::Summary => "概述",
        Word::Severity => "严重程度",
        Word::Status => "状态",
        Word::Step => "步骤",
        Word::Owner => "负责人",
        Word::Reported => "上报时间",
        Word::From => "起始",
        Word::Until => "截止",
        Word::Filter => "筛选",
        Word::Any => "全部",
        Word::Newer => "较新",
        Word::Older => "较早",
        Word::NothingHere => "暂无内容。",
        Word::StepRecords => "五个步骤",
        Word::NotRecorded => "尚未记录",
        Word::Timeline => "时间线",
        Word::BackToBoard => "返回看板",
        Word::ChartAlt => "图中的数字也列在旁边的表格里。",
    }
}

pub fn say(text: &WebText) -> String {
    match text {
        WebText::More { hidden } => format!("另有 {hidden} 条"),
        WebText::ComplaintTitle { number, customer } => format!("投诉 {number}：{customer}"),
        WebText::AsOf { at } => format!("截至 {at}"),
        WebText::Link { url, until } => format!(
            "你的看板链接，仅限本人使用：{url}\n链接在 {until} 前有效；请勿转发，在共用屏幕上用完请退出登录。"
        ),
        WebText::Off => "网页看板未开启：运维尚未设置 RAPPORT_WEB_SECRET。报告仍可在这里查看：/report week 和 /report month。".into(),
        WebText::Expired => "此链接已过期。请在 Discord 中运行 /report dashboard 获取新链接。".into(),
        WebText::Invalid => "此链接无效。请在 Discord 中运行 /report dashboard 获取新链接。".into(),
        WebText::LoggedOut => "你已退出登录，此链接已失效。请在 Discord 中运行 /report dashboard 获取新链接。".into(),
        WebText::Failed => "暂时无法读取此页面，请稍后再试。".into(),
        WebText::NotFound => "你的服务器没有这个页面。".into(),
        WebText::DoctorOn { hours } => format!("网页看板已开启：主管通过 /report dashboard 获得的链接有效 {hours} 小时。"),
        WebText::DoctorOff => "网页看板未开启：设置 RAPPORT_WEB_SECRET（至少 16 个字符）后，主管即可使用 /report dashboard。".into(),
    }
}
