//! 简体中文。

use super::{EventText, Label, Msg};
use crate::domain::complaint::{Step, Temperament};
use crate::domain::refusal::{Action, Refusal};
use crate::domain::steps::ApprovalReason;
use crate::domain::when::WhenError;

fn role_or_managers(role: &Option<crate::domain::ids::RoleId>) -> String {
    role.map_or_else(|| "各位主管".to_string(), |r| format!("<@&{}>", r.0))
}

pub fn say(msg: &Msg) -> String {
    match msg {
        Msg::CustomerAdded { name, owner } => {
            format!("已添加客户 **{name}**，负责人 <@{}>。", owner.0)
        }
        Msg::CustomerUpdated { name, fields } => {
            format!("客户 **{name}** 已更新：{}。", fields.join("、"))
        }
        Msg::NoCustomers => "没有符合条件的客户。用 `/customer add` 添加客户。".into(),
        Msg::ComplaintOpened {
            number,
            customer,
            thread,
        } => {
            format!("**{customer}** 的投诉 {number} 已登记，请到子区 **{thread}** 中处理。")
        }
        Msg::OwnerPing { number, owner } => {
            format!(
                "<@{}>，投诉 {number} 由你负责。请立即确认：快速响应就是一半的解决。",
                owner.0
            )
        }
        Msg::Acknowledged { number, by } => format!("<@{}> 已确认投诉 {number}。", by.0),
        Msg::StepRecorded { number, step, by } => format!(
            "投诉 {number}：<@{}> 完成了第 {} 步 · {}。",
            by.0,
            step.number(),
            step_title(*step)
        ),
        Msg::StepDoneReply { number, step } => {
            format!("已记录投诉 {number} 的第 {} 步。", step.number())
        }
        Msg::ApprovalRequested {
            number,
            reasons,
            role,
        } => format!(
            "{}：投诉 {number} 的解决方案需要审批（{}）。请批准，或要求修改。",
            role_or_managers(role),
            reasons
                .iter()
                .map(approval_reason)
                .collect::<Vec<_>>()
                .join("；")
        ),
        Msg::ApprovalSentReply { number } => {
            format!("已记录投诉 {number} 的第 3 步。执行前需要主管批准，已通知主管。")
        }
        Msg::Approved { number, by, owner } => format!(
            "<@{}> 批准了投诉 {number} 的解决方案。<@{}>，请立即落实。",
            by.0, owner.0
        ),
        Msg::ChangesRequested {
            number,
            by,
            owner,
            note,
        } => format!(
            "<@{}> 要求修改投诉 {number} 的解决方案：{note}\n<@{}>，请重新填写第 3 步。",
            by.0, owner.0
        ),
        Msg::Rejected {
            number,
            by,
            explanation,
        } => {
            format!(
                "<@{}> 认定投诉 {number} 不合理，已驳回。给客户的解释：{explanation}",
                by.0
            )
        }
        Msg::Reassigned {
            number,
            from,
            to,
            by,
        } => format!(
            "<@{}> 把投诉 {number} 从 <@{}> 转给了 <@{}>。<@{}>，现在由你负责。",
            by.0, from.0, to.0, to.0
        ),
        Msg::Escalated {
            number,
            by,
            reason,
            role,
        } => format!(
            "{}：<@{}> 升级了投诉 {number}。原因：{reason}",
            role_or_managers(role),
            by.0
        ),
        Msg::Reopened {
            number,
            by,
            reason,
            owner,
        } => format!(
            "<@{}> 重新打开了投诉 {number}：{reason}\n<@{}>，从第 1 步重新开始：先平抚客户情绪。",
            by.0, owner.0
        ),
        Msg::Closed { number, customer } => format!(
            "投诉 {number} 已结案。请邀请 **{customer}** 打分：`/score record customer:\"{customer}\" complaint:{} overall:… again:… recommend:…`",
            number.0
        ),
        Msg::Done { number } => format!("完成：投诉 {number} 已更新。"),
        Msg::NoComplaints => "没有符合条件的投诉。".into(),
        Msg::VisitLogged {
            customer,
            met,
            days_since_boss,
        } => {
            let boss = match days_since_boss {
                Some(0) => "今天见到了老板/KP，很好，续约就靠这层关系。".to_string(),
                Some(days) => format!("距上次见老板/KP 已有 {days} 天，记得也去拜访老板。"),
                None => "还从未见过老板/KP，请安排拜访。".to_string(),
            };
            format!("已记录对 **{customer}** 的拜访（见了：{met}）。{boss}")
        }
        Msg::ScoreRecorded {
            customer,
            overall,
            again,
            recommend,
            low,
        } => {
            let flag = if *low {
                format!(
                    "有低于 4 分的项：**{customer}** 已标记为有风险，请按“怎样才能打 5 分”去改进。"
                )
            } else {
                String::new()
            };
            format!(
                "已记录 **{customer}** 的评分：整体 {overall}/5，再次购买 {again}/5，推荐意愿 {recommend}/5。{flag}"
            )
        }
        Msg::ScoreAlert {
            customer,
            owner,
            lowest,
            role,
        } => format!(
            "{}：**{customer}**（负责人 <@{}>）给出了 {lowest}/5 的评分，这个客户可能要流失，请介入。",
            role_or_managers(role),
            owner.0
        ),
        Msg::SettingsChanged => "设置已保存。".into(),
        Msg::Help => HELP.into(),
        Msg::Unavailable => "数据库暂时繁忙或无法连接，本次操作没有保存。请稍后再试。".into(),
        Msg::Internal { reference } => format!(
            "我们这边出了点问题，本次操作没有保存。请再试一次；如果反复出现，请把这个编号告诉管理员：{reference}。"
        ),
        Msg::ActingAs { user, role } => format!("你现在是 <@{}>（{role}）。", user.0),
        Msg::ClockMoved { to } => format!("时钟已拨到 {to}。"),
        Msg::ConsoleWelcome { db } => format!(
            "rapport 控制台，数据库 {db}。像在 Discord 里一样输入斜杠命令（试试 `/rapport help`）；`/as 名字 [rep|manager|admin]` 切换用户，`/clock +2h` 拨快时间，`/quit` 退出。"
        ),
        Msg::ModalPrompt { title } => format!("{title}（选填项可直接回车，输入 `/cancel` 取消）"),
        Msg::ModalCancelled => "已取消，没有保存任何内容。".into(),
        Msg::NewConsoleMember { user } => format!("（<@{}> 是新成员，以销售身份加入。）", user.0),
        Msg::AckNudge {
            number,
            owner,
            waited,
        } => format!(
            "<@{}>，投诉 {number} 已经等了 {waited} 还没有确认。客户也在等：请立即确认（`/complaint ack id:{}`）。",
            owner.0, number.0
        ),
        Msg::AckEscalation {
            number,
            customer,
            owner,
            waited,
            level,
            role,
        } => format!(
            "{}：**{customer}** 的投诉 {number} 已过去 {waited} 仍未确认{}。负责人：<@{}>。请接手或转交。",
            role_or_managers(role),
            if *level > 1 { "（二级升级）" } else { "" },
            owner.0
        ),
        Msg::StallNudge {
            number,
            owner,
            step,
            waited,
        } => format!(
            "<@{}>，投诉 {number} 停在第 {} 步 · {} 已有 {waited}。请推进，或说明卡在哪里。",
            owner.0,
            step.number(),
            step_title(*step)
        ),
        Msg::StallEscalation {
            number,
            customer,
            owner,
            step,
            waited,
            role,
        } => format!(
            "{}：**{customer}** 的投诉 {number} 在第 {} 步 · {} 停留了 {waited}。负责人：<@{}>。",
            role_or_managers(role),
            step.number(),
            step_title(*step),
            owner.0
        ),
        Msg::PromiseReminder {
            number,
            customer,
            owner,
            at,
            left,
        } => format!(
            "<@{}>，你承诺在 {at} 前就投诉 {number} 答复 **{customer}**，还剩 {left}。请守住承诺，或在到期前先打电话沟通。",
            owner.0
        ),
        Msg::PromiseBreached {
            number,
            customer,
            owner,
            at,
            role,
        } => format!(
            "{}：对 **{customer}** 承诺的期限（{at}，投诉 {number}）已过，方案还没有落实。负责人：<@{}>。",
            role_or_managers(role),
            owner.0
        ),
        Msg::RepDigest { owner } => format!("早上好 <@{}>，今天要跟进的事：", owner.0),
        Msg::VisitOverdue {
            customer,
            days,
            cadence,
        } => {
            format!("• **{customer}**：上次拜访是 {days} 天前（应每 {cadence} 天一次）")
        }
        Msg::VisitNever { customer } => format!("• **{customer}**：还从未拜访"),
        Msg::BossOverdue {
            customer,
            days: Some(days),
        } => format!("• **{customer}**：上次见老板/KP 是 {days} 天前"),
        Msg::BossOverdue {
            customer,
            days: None,
        } => format!("• **{customer}**：还从未见过老板/KP"),
        Msg::DigestComplaints { count } => {
            format!("你还有 {count} 条未结投诉：`/complaint list status:active`。")
        }
        Msg::ManagerVisits { role } => format!("{}：以下拜访严重逾期：", role_or_managers(role)),
        Msg::VisitLongOverdue {
            customer,
            owner,
            days,
        } => format!("• **{customer}**（<@{}>）：距上次拜访 {days} 天", owner.0),
        Msg::RenewalAtRisk {
            customer,
            owner,
            renewal,
            open,
            lowest,
            role,
        } => format!(
            "{}：**{customer}** 将于 {renewal} 续约，存在风险：{open} 条未结投诉{}。负责人：<@{}>。",
            role_or_managers(role),
            lowest.map_or_else(String::new, |l| format!("，近期评分 {l}/5")),
            owner.0
        ),
        Msg::TeamSummary {
            opened,
            closed,
            open_now,
            escalations,
            overdue_visits,
        } => format!(
            "**本周小结**：新增投诉 {opened} 条，结案 {closed} 条，仍未结 {open_now} 条；升级 {escalations} 次；逾期拜访 {overdue_visits} 个。"
        ),
        Msg::TeamSummaryStep { step, count } => {
            format!("• 第 {} 步 · {}：{count}", step.number(), step_title(*step))
        }
    }
}

const HELP: &str = "**rapport** 帮你在成交之后守住客户的信任。\n\
• `/customer add|edit|show|list`：管理客户，包括等级、信任阶段和续约日期。\n\
• `/complaint new`：登记客户投诉，每条投诉有自己的子区，按五步走处理：平抑情绪、找到原因（并承诺期限）、与公司制定方案、落实方案、强化体验。\n\
• `/complaint ack|step|show|list|assign|escalate|approve|changes|reject|reopen`：处理投诉（子区里的按钮作用相同）。\n\
• `/visit log`：记录拜访，以及见的是老板/KP、操作团队还是两者都见了。\n\
• `/score record`：记录客户评分（1–5）：整体、是否再次购买、是否愿意推荐。\n\
• `/rapport settings`：语言、时区、频道和角色（主管使用）。";

fn approval_reason(reason: &ApprovalReason) -> String {
    match reason {
        ApprovalReason::Critical => "紧急程度为“危急”".into(),
        ApprovalReason::BossCrisis => "属于老板危机".into(),
        ApprovalReason::CompensationOver(limit) => format!("补偿超过 {limit}"),
        ApprovalReason::MaterialWithoutAmount => "物质补偿但未写明金额".into(),
        ApprovalReason::Unreasonable => "投诉被认定为不合理".into(),
    }
}

fn action(action: Action) -> &'static str {
    match action {
        Action::WorkComplaint => "处理这条投诉",
        Action::Approve => "批准或退回第 3 步的方案",
        Action::Reject => "以不合理为由驳回投诉",
        Action::ReassignOthers => "转交别人的投诉",
        Action::ChangeSettings => "修改本服务器的设置",
        Action::EditCustomer => "修改这个客户",
        Action::ChangeCustomerOwner => "把客户交给其他销售",
        Action::AddCustomerForOthers => "添加由别人负责的客户",
        Action::LogVisit => "记录对这个客户的拜访",
        Action::RecordScore => "记录这个客户的评分",
    }
}

fn when_error(why: &WhenError) -> &'static str {
    match why {
        WhenError::Empty => "内容为空",
        WhenError::Unrecognised => "无法识别为日期或时间",
        WhenError::InvalidDate => "这个日期或时间不存在",
    }
}

pub fn refusal(refusal: &Refusal) -> String {
    match refusal {
        Refusal::MissingOption(o) => format!("缺少必填项 `{o}`，请加上 `{o}:…` 后重试。"),
        Refusal::UnknownOption { option, command } => {
            format!("`/{command}` 没有 `{option}` 这个选项。可用 `/rapport help` 查看。")
        }
        Refusal::BadChoice {
            option,
            given,
            allowed,
        } => {
            format!(
                "`{given}` 不是有效的 `{option}`，可选：{}。",
                allowed.join("、")
            )
        }
        Refusal::TooLong { field, max, actual } => {
            format!("`{field}` 有 {actual} 个字符，上限是 {max}。请精简后重试。")
        }
        Refusal::EmptyText(f) => format!("`{f}` 是空的，请填写内容。"),
        Refusal::BadNumber { option, given } => format!("`{option}` 需要整数，`{given}` 不是。"),
        Refusal::OutOfRange { option, min, max } => {
            format!("`{option}` 必须在 {min} 到 {max} 之间。")
        }
        Refusal::BadMoment { option, given, why } => format!(
            "无法把 `{given}` 识别为 `{option}`：{}。可以写 `明天 17:00`、`2026-12-01 10:00` 或 `+48h`。",
            when_error(why)
        ),
        Refusal::MomentInPast { option } => format!("`{option}` 已经过去了，请给一个将来的时间。"),
        Refusal::MomentInFuture { option } => {
            format!("`{option}` 是将来的时间；这里只记录已经发生的事。")
        }
        Refusal::UnknownTimeZone(given) => {
            format!("不认识时区 `{given}`。请使用 IANA 名称，如 `Asia/Shanghai`。")
        }
        Refusal::BadUser(given) => format!("不知道 `{given}` 是谁，请用 `@名字` 提及对方。"),
        Refusal::UnknownCommand(c) => {
            format!("没有 `{c}` 这个命令。输入 `/rapport help` 查看命令列表。")
        }
        Refusal::UnparsableLine(why) => {
            format!("无法读取这条命令：{why}。选项请写成 `名称:值`，含空格的值请加引号。")
        }
        Refusal::UnknownCustomer { name, suggestions } if suggestions.is_empty() => {
            format!("没有名为 **{name}** 的客户。可用 `/customer add name:\"{name}\" …` 添加。")
        }
        Refusal::UnknownCustomer { name, suggestions } => format!(
            "没有名为 **{name}** 的客户。你是不是要找 {}？",
            suggestions
                .iter()
                .map(|s| format!("**{s}**"))
                .collect::<Vec<_>>()
                .join(" 或 ")
        ),
        Refusal::DuplicateCustomer(name) => format!(
            "已经有名为 **{name}** 的客户了。要修改请用 `/customer edit name:\"{name}\"`，或换一个名字。"
        ),
        Refusal::UnknownComplaint(n) => {
            format!("本服务器没有投诉 {n}。`/complaint list` 可以列出所有投诉。")
        }
        Refusal::NothingToChange => "没有要修改的内容：请至少给出一个要更新的选项。".into(),
        Refusal::NotOwner { number, owner } => format!(
            "投诉 {number} 由 <@{}> 负责，只有负责人或主管可以处理；如果应该由你负责，请主管转交给你。",
            owner.0
        ),
        Refusal::NotCustomerOwner { customer, owner } => {
            format!(
                "**{customer}** 的负责人是 <@{}>，只有负责人或主管可以这样做。",
                owner.0
            )
        }
        Refusal::ManagersOnly(a) => format!("只有主管可以{}，请联系你的主管。", action(*a)),
        Refusal::ComplaintClosed(n) => {
            format!(
                "投诉 {n} 已结案。请先用 `/complaint reopen id:{}` 重新打开。",
                n.0
            )
        }
        Refusal::ComplaintRejected(n) => {
            format!(
                "投诉 {n} 已被驳回。请先用 `/complaint reopen id:{}` 重新打开。",
                n.0
            )
        }
        Refusal::AlreadyAcknowledged(n) => format!("投诉 {n} 已经确认过了，请继续当前步骤。"),
        Refusal::AwaitingApproval(n) => {
            format!("投诉 {n} 的方案正在等待主管批准，批准前不能继续记录。")
        }
        Refusal::StepAlreadyDone {
            number,
            step,
            current,
        } => format!(
            "投诉 {number} 的第 {} 步已经完成，现在处于第 {} 步 · {}。",
            step.number(),
            current.number(),
            step_title(*current)
        ),
        Refusal::StepOutOfOrder {
            number,
            step,
            current,
        } => format!(
            "投诉 {number} 现在处于第 {} 步 · {}，第 {} 步还没到。请先完成第 {} 步。",
            current.number(),
            step_title(*current),
            step.number(),
            current.number()
        ),
        Refusal::NothingToApprove(n) => format!("投诉 {n} 没有等待批准的方案。"),
        Refusal::RejectOnlyAtSolution { number, current } => format!(
            "投诉是否合理在第 3 步判断；投诉 {number} 现在处于第 {} 步。",
            current.number()
        ),
        Refusal::AlreadyOwner(n) => format!("此人已经是投诉 {n} 的负责人。"),
        Refusal::NotFinished(n) => {
            format!("投诉 {n} 仍在处理中，只有已结案或已驳回的投诉才能重新打开。")
        }
        Refusal::CompensationDetailNeeded => {
            "请在 `detail` 中写明补偿内容（金额，或具体的心意）。".into()
        }
        Refusal::WhatWouldEarnFiveNeeded => {
            "有低于 4 分的项，需要填写 `to_five`：问问客户怎样才能打 5 分。".into()
        }
        Refusal::StaleButton => {
            "这个按钮属于旧的卡片，投诉已经往前推进了。请使用子区里最新的卡片。".into()
        }
        Refusal::ConsoleOnly => "这个命令只能在本地控制台使用。".into(),
        Refusal::BadWorkingDays(d) => {
            format!("无法识别工作日 `{d}`。请写成 `Mon-Fri`、`Sun-Thu` 或 `Mon,Wed,Fri`。")
        }
        Refusal::BadWorkingHours(h) => format!("无法识别工作时间 `{h}`。请写成 `09:00-18:00`。"),
        Refusal::BadUrl(u) => {
            format!("`{u}` 不是网址。请填写 Webhook 的完整 https:// 地址，或填 `none` 删除。")
        }
        Refusal::ServerOnly => "rapport 只能在服务器里使用：请在团队的频道中使用它的命令。".into(),
    }
}

pub fn label(label: Label) -> &'static str {
    match label {
        Label::Customer => "客户",
        Label::Owner => "负责人",
        Label::Reporter => "登记人",
        Label::Category => "类别",
        Label::Severity => "紧急程度",
        Label::Temperament => "客户反应",
        Label::Source => "渠道",
        Label::Status => "状态",
        Label::Step => "步骤",
        Label::Details => "详情",
        Label::Tier => "等级",
        Label::Stage => "信任阶段",
        Label::Cadence => "拜访周期",
        Label::Renewal => "续约日期",
        Label::DecisionMaker => "决策人",
        Label::LastVisit => "上次拜访",
        Label::LastBossMeeting => "上次见老板/KP",
        Label::OpenComplaints => "未结投诉",
        Label::Scores => "评分",
        Label::Timeline => "时间线",
        Label::PromisedBy => "承诺答复时间",
        Label::Opened => "登记时间",
        Label::Records => "记录",
        Label::Never => "从未",
        Label::NotSet => "未设置",
        Label::Days => "天",
        Label::Language => "语言",
        Label::TimeZone => "时区",
        Label::ComplaintsChannel => "投诉频道",
        Label::AlertsChannel => "告警频道",
        Label::ManagerRole => "主管角色",
        Label::SecondLevelRole => "二级升级角色",
        Label::ApprovalThreshold => "补偿超过此金额需审批",
        Label::Acknowledge => "确认",
        Label::CompleteStep => "完成步骤",
        Label::Reassign => "转交",
        Label::Escalate => "升级",
        Label::Approve => "批准",
        Label::RequestChanges => "要求修改",
        Label::TakeOver => "接手",
        Label::WorkingWeek => "工作时间",
        Label::Webhook => "主管通知 Webhook",
        Label::Guidance => "怎么做",
        Label::Actions => "操作",
        Label::Pings => "提醒",
        Label::ConsoleHint => {
            "未设置 DISCORD_TOKEN，rapport 以本地控制台运行。设置 DISCORD_TOKEN（和 DISCORD_APPLICATION_ID）即可连接 Discord。"
        }
    }
}

pub fn value(kind: &str, code: &str) -> Option<&'static str> {
    Some(match (kind, code) {
        ("category", "product") => "产品",
        ("category", "service") => "服务",
        ("category", "team") => "团队",
        ("category", "boss") => "老板/KP",
        ("category", "delivery") => "交付",
        ("category", "price") => "价格",
        ("category", "other") => "其他",
        ("severity", "low") => "低",
        ("severity", "normal") => "一般",
        ("severity", "high") => "高",
        ("severity", "critical") => "危急",
        ("temperament", "resigned") => "自认倒霉型（不吭声）",
        ("temperament", "reasoning") => "说理诉苦型",
        ("temperament", "angry") => "情绪愤怒型",
        ("temperament", "grumbling") => "大发牢骚型",
        ("source", "hotline") => "呼叫中心/热线",
        ("source", "visit") => "拜访",
        ("source", "survey") => "调查",
        ("source", "meeting") => "反馈座谈会",
        ("source", "follow-up") => "回访",
        ("source", "email") => "邮件",
        ("source", "chat") => "聊天",
        ("source", "other") => "其他",
        ("status", "open") => "待确认",
        ("status", "active") => "处理中",
        ("status", "awaiting-approval") => "待审批",
        ("status", "closed") => "已结案",
        ("status", "rejected") => "已驳回",
        ("tier", "key") => "重点",
        ("tier", "normal") => "普通",
        ("stage", "skeptic") => "怀疑者",
        ("stage", "explorer") => "探寻者",
        ("stage", "first-time") => "初次客户",
        ("stage", "repeat") => "回头客",
        ("stage", "regular") => "老主顾",
        ("stage", "advocate") => "热心客户",
        ("stage", "lost") => "流失客户",
        ("met", "boss") => "老板/KP",
        ("met", "team") => "操作团队",
        ("met", "both") => "老板和团队",
        ("role", "rep") => "销售",
        ("role", "manager") => "主管",
        ("role", "admin") => "管理员",
        ("mood", "calm") => "已平静",
        ("mood", "upset") => "仍不满",
        ("reasonable", "yes") => "合理",
        ("reasonable", "partly") => "部分合理",
        ("reasonable", "no") => "不合理",
        ("yes-no", "yes") => "能",
        ("yes-no", "no") => "不能",
        ("compensation", "none") => "无",
        ("compensation", "goodwill") => "精神补偿",
        ("compensation", "material") => "物质补偿",
        ("delivered", "yes") => "已兑现",
        ("delivered", "no") => "尚未兑现",
        ("delivered", "none-due") => "无需补偿",
        ("webhook", "generic") => "通用 JSON",
        ("webhook", "slack") => "Slack",
        ("webhook", "feishu") => "飞书 / Lark",
        ("webhook", "dingtalk") => "钉钉",
        ("webhook", "wecom") => "企业微信",
        ("language", "en") => "English",
        ("language", "zh-CN") => "简体中文",
        ("step", "1") => "1 · 平抑情绪",
        ("step", "2") => "2 · 找到原因",
        ("step", "3") => "3 · 制定方案",
        ("step", "4") => "4 · 落实方案",
        ("step", "5") => "5 · 强化体验",
        _ => return None,
    })
}

pub fn step_title(step: Step) -> &'static str {
    match step {
        Step::Calm => "平抑客户情绪",
        Step::Cause => "找到抱怨原因",
        Step::Solution => "与公司制定解决方案",
        Step::CarryOut => "落实解决方案",
        Step::Reinforce => "强化客户体验",
    }
}

pub fn guidance(step: Step, temperament: Temperament) -> &'static str {
    match (step, temperament) {
        (Step::Calm, Temperament::Resigned) => {
            "这类客户遇到问题不吭声，而不吭声的客户往往一句话不说就走了。请主动联系（打电话或上门），多问开放式问题，让对方容易说出哪里不满意，并感谢对方愿意告诉你。沉默不等于满意。"
        }
        (Step::Calm, Temperament::Reasoning) => {
            "这类客户会摆事实、讲道理，希望被认真倾听。让对方把话说完，做好记录，把要点复述一遍，让对方知道你听懂了。真诚地为带来的麻烦道歉；用事实回应，不找借口，也不争论是谁的错。"
        }
        (Step::Calm, Temperament::Angry) => {
            "客户正在气头上。先让对方把火发出来，不要打断；保持冷静和善，不辩解、不推卸。先认可感受再谈事实（“我理解这给您造成了多大损失”），诚恳道歉，并说清楚你接下来做什么、什么时候给答复。"
        }
        (Step::Calm, Temperament::Grumbling) => {
            "这类客户会到处发牢骚，一个不满的客户可能影响身边二十个人。动作要快：把抱怨引到你这里来，而不是让他向别人倒苦水；感谢对方提出问题，设身处地体谅对方，并承诺随时同步进展，让他没有牢骚可发。"
        }
        (Step::Cause, _) => {
            "找到真正的“抱怨点”：客户到底为什么不满，对我们提出了什么要求？多问，不要猜。能当场答复的，就在现场解决；不能立即解决的，给客户一个可以接受的等待期限，并提供一些过渡期的服务保证，然后把承诺记录下来：到期前 rapport 会提醒你。"
        }
        (Step::Solution, _) => {
            "把客户的情况反馈给公司，一起研究：投诉是否合理？公司有没有必要解决、有没有能力解决？用什么方案、给什么补偿（物质补偿如退款、换货，精神补偿如登门致歉）？危急投诉、老板危机、大额补偿，以及被认定为不合理的投诉，都需要主管批准。"
        }
        (Step::CarryOut, _) => {
            "方案一出来就第一时间告诉客户，让客户先从你这里听到好消息。然后把承诺的每一项都兑现：整改、政策、补偿。记录做了什么、什么时候告知了客户。"
        }
        (Step::Reinforce, _) => {
            "让客户真切感受到改变：邀请客户参与整改过程，或给出服务承诺，证明同样的错误不会再犯。定好回访日期。投诉得到快速解决的客户，重购率可达约 82%，远高于从不投诉的客户（9%）。"
        }
    }
}

pub fn field_label(step: Step, key: &str) -> &'static str {
    match (step, key) {
        (Step::Calm, "done") => "你做了什么来平抚客户情绪？",
        (Step::Calm, "mood") => "客户现在的状态（calm 已平静 / upset 仍不满）",
        (Step::Cause, "cause") => "投诉的真正原因",
        (Step::Cause, "asks") => "客户的要求",
        (Step::Cause, "promise") => "承诺答复时间（当场已答复则留空）",
        (Step::Solution, "remedy") => "解决方案",
        (Step::Solution, "reasonable") => "投诉是否合理（yes / partly / no）",
        (Step::Solution, "deliverable") => "我们能否做到（yes / no）",
        (Step::Solution, "compensation") => "补偿方式（none / goodwill / material）",
        (Step::Solution, "detail") => "补偿金额或内容",
        (Step::CarryOut, "done") => "具体做了什么",
        (Step::CarryOut, "told") => "何时告知了客户（如 now、今天 10:00）",
        (Step::CarryOut, "delivered") => "补偿是否兑现（yes / no / none-due）",
        (Step::Reinforce, "guarantee") => "后续保证（服务承诺、邀请参与整改）",
        (Step::Reinforce, "follow_up") => "回访日期",
        _ => "",
    }
}

pub fn event(e: &EventText<'_>) -> String {
    let who = if e.actor.0 == 0 {
        "rapport".to_string()
    } else {
        format!("<@{}>", e.actor.0)
    };
    let what = match e.kind {
        "created" => "登记了投诉".to_string(),
        "acknowledged" => "确认了投诉".to_string(),
        "step" => format!("完成了第 {} 步", e.detail),
        "approval-requested" => "提交方案等待主管批准".to_string(),
        "approved" => "批准了方案".to_string(),
        "changes-requested" => format!("要求修改方案：{}", e.detail),
        "rejected" => format!("驳回了投诉：{}", e.detail),
        "reassigned" => format!("把投诉转给了 {}", e.detail),
        "escalated" => format!("升级了投诉：{}", e.detail),
        "reopened" => format!("重新打开了投诉：{}", e.detail),
        "closed" => "结案".to_string(),
        "visit" => format!("记录了一次拜访（{}）", e.detail),
        "score" => format!("记录了评分（{}）", e.detail),
        "customer-added" => "添加了客户".to_string(),
        "customer-edited" => format!("修改了客户（{}）", e.detail),
        "nudged" => "被提醒确认投诉".to_string(),
        "auto-escalated" => format!("因未按时确认，升级到第 {} 级", e.detail),
        "stall-nudged" => format!("被提醒：第 {} 步没有进展", e.detail),
        "stall-escalated" => format!("已通知主管：第 {} 步停滞", e.detail),
        "promise-reminded" => "被提醒承诺期限将到".to_string(),
        "promise-breached" => "已通知主管：承诺期限已过".to_string(),
        other => other.to_string(),
    };
    format!("{who} {what}")
}

pub fn describe(key: &str) -> Option<&'static str> {
    Some(match key {
        "customer" => "客户：添加、修改、查看、列表",
        "complaint" => "客户投诉，按五步走处理",
        "visit" => "客户拜访",
        "score" => "客户评分（1–5）",
        "rapport" => "设置与帮助",
        "customer add" => "添加客户",
        "customer add/name" => "客户名称",
        "customer add/owner" => "负责这个客户的销售",
        "customer add/tier" => "重点客户需要更频繁地拜访",
        "customer add/cadence" => "拜访间隔天数（默认重点 30 天，其他 90 天）",
        "customer add/stage" => "客户的信任阶段",
        "customer add/renewal" => "续约日期，如 2027-03-01",
        "customer add/decision_maker" => "做决定的老板/KP",
        "customer edit" => "修改客户",
        "customer edit/name" => "要修改的客户",
        "customer edit/new_name" => "新名称",
        "customer edit/owner" => "新的负责人（仅主管）",
        "customer edit/tier" => "重点或普通",
        "customer edit/cadence" => "拜访间隔天数",
        "customer edit/stage" => "信任阶段",
        "customer edit/renewal" => "续约日期",
        "customer edit/decision_maker" => "做决定的老板/KP",
        "customer show" => "查看客户卡片",
        "customer show/name" => "客户",
        "customer list" => "客户列表",
        "customer list/owner" => "只看这位销售的客户",
        "customer list/tier" => "只看这个等级",
        "customer list/stage" => "只看这个信任阶段",
        "complaint new" => "登记客户投诉",
        "complaint new/customer" => "哪个客户投诉",
        "complaint new/summary" => "一句话概括投诉",
        "complaint new/category" => "投诉类别",
        "complaint new/severity" => "紧急程度",
        "complaint new/temperament" => "客户的反应类型",
        "complaint new/channel" => "投诉来自哪个渠道",
        "complaint new/details" => "更多细节",
        "complaint new/owner" => "由谁处理（默认客户负责人）",
        "complaint ack" => "确认投诉",
        "complaint ack/id" => "投诉编号",
        "complaint step" => "完成当前步骤（不填字段时弹出表单）",
        "complaint step/id" => "投诉编号",
        "complaint step/step" => "你要完成的是第几步（会与当前步骤核对）",
        "complaint step/done" => "第 1、4 步：你做了什么",
        "complaint step/mood" => "第 1 步：客户现在的状态",
        "complaint step/cause" => "第 2 步：真正的原因",
        "complaint step/asks" => "第 2 步：客户的要求",
        "complaint step/promise" => "第 2 步：承诺答复时间（当场答复则留空）",
        "complaint step/remedy" => "第 3 步：解决方案",
        "complaint step/reasonable" => "第 3 步：投诉是否合理",
        "complaint step/deliverable" => "第 3 步：能否做到",
        "complaint step/compensation" => "第 3 步：补偿方式",
        "complaint step/detail" => "第 3 步：补偿金额或内容",
        "complaint step/told" => "第 4 步：何时告知客户",
        "complaint step/delivered" => "第 4 步：补偿是否兑现",
        "complaint step/guarantee" => "第 5 步：后续保证",
        "complaint step/follow_up" => "第 5 步：回访日期",
        "complaint show" => "查看投诉的记录和时间线",
        "complaint show/id" => "投诉编号",
        "complaint list" => "投诉列表",
        "complaint list/status" => "只看这个状态（默认所有未完结的）",
        "complaint list/owner" => "只看这位销售的投诉",
        "complaint list/customer" => "只看这个客户的投诉",
        "complaint assign" => "把投诉转交给其他销售",
        "complaint assign/id" => "投诉编号",
        "complaint assign/to" => "新的负责人",
        "complaint take" => "由你接手这条投诉（主管）",
        "complaint take/id" => "投诉编号",
        "complaint escalate" => "请主管介入",
        "complaint escalate/id" => "投诉编号",
        "complaint escalate/reason" => "原因",
        "complaint approve" => "批准第 3 步方案（主管）",
        "complaint approve/id" => "投诉编号",
        "complaint approve/note" => "给负责人的备注",
        "complaint changes" => "退回第 3 步方案（主管）",
        "complaint changes/id" => "投诉编号",
        "complaint changes/note" => "需要修改什么",
        "complaint reject" => "以不合理为由驳回投诉（主管）",
        "complaint reject/id" => "投诉编号",
        "complaint reject/reason" => "给客户的解释",
        "complaint reopen" => "重新打开已结案或已驳回的投诉",
        "complaint reopen/id" => "投诉编号",
        "complaint reopen/reason" => "原因",
        "visit log" => "记录客户拜访",
        "visit log/customer" => "拜访的客户",
        "visit log/met" => "见了谁",
        "visit log/when" => "时间（默认现在）",
        "visit log/note" => "备注",
        "score record" => "记录客户评分",
        "score record/customer" => "客户",
        "score record/overall" => "整体评价，1–5",
        "score record/again" => "是否愿意再次购买，1–5",
        "score record/recommend" => "是否愿意推荐我们，1–5",
        "score record/to_five" => "怎样才能打 5 分？（有低于 4 分的项时必填）",
        "score record/complaint" => "关联的投诉（如有）",
        "rapport settings" => "查看或修改本服务器的设置",
        "rapport settings/language" => "机器人在这里使用的语言",
        "rapport settings/timezone" => "时区，如 Asia/Shanghai",
        "rapport settings/complaints_channel" => "投诉卡片和子区所在的频道",
        "rapport settings/alerts_channel" => "升级告警发送的频道",
        "rapport settings/manager_role" => "主管角色",
        "rapport settings/second_role" => "二级升级的角色",
        "rapport settings/approval_threshold" => "补偿超过此金额需要审批",
        "rapport settings/working_days" => "工作日，如 Mon-Fri",
        "rapport settings/working_hours" => "工作时间，如 09:00-18:00",
        "rapport settings/webhook_url" => "同时把升级通知发到这个 Webhook（填 none 删除）",
        "rapport settings/webhook_format" => "Webhook 的格式",
        "rapport help" => "rapport 能做什么，有哪些命令",
        _ => return None,
    })
}

/// Discord name localizations: lowercase-free scripts are allowed, 1–32 chars.
pub fn local_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "customer" => "客户",
        "complaint" => "投诉",
        "visit" => "拜访",
        "score" => "评分",
        "rapport" => "设置",
        "add" => "添加",
        "edit" => "修改",
        "show" => "查看",
        "list" => "列表",
        "new" => "新建",
        "ack" => "确认",
        "step" => "步骤",
        "assign" => "转交",
        "escalate" => "升级",
        "take" => "接手",
        "approve" => "批准",
        "changes" => "退回",
        "reject" => "驳回",
        "reopen" => "重开",
        "log" => "记录",
        "record" => "打分",
        "settings" => "设置项",
        "help" => "帮助",
        "name" => "名称",
        "new_name" => "新名称",
        "owner" => "负责人",
        "tier" => "等级",
        "cadence" => "拜访周期",
        "stage" => "信任阶段",
        "renewal" => "续约日期",
        "decision_maker" => "决策人",
        "summary" => "概要",
        "category" => "类别",
        "severity" => "紧急程度",
        "temperament" => "客户反应",
        "channel" => "渠道",
        "details" => "详情",
        "id" => "编号",
        "done" => "做了什么",
        "mood" => "客户状态",
        "cause" => "原因",
        "asks" => "客户要求",
        "promise" => "承诺时间",
        "remedy" => "方案",
        "reasonable" => "是否合理",
        "deliverable" => "能否做到",
        "compensation" => "补偿方式",
        "detail" => "补偿内容",
        "told" => "告知时间",
        "delivered" => "补偿兑现",
        "guarantee" => "后续保证",
        "follow_up" => "回访日期",
        "status" => "状态",
        "to" => "转给",
        "reason" => "原因说明",
        "note" => "备注",
        "met" => "见了谁",
        "when" => "时间",
        "overall" => "整体",
        "again" => "再次购买",
        "recommend" => "推荐意愿",
        "to_five" => "怎样得5分",
        "language" => "语言",
        "timezone" => "时区",
        "complaints_channel" => "投诉频道",
        "alerts_channel" => "告警频道",
        "manager_role" => "主管角色",
        "second_role" => "二级角色",
        "approval_threshold" => "审批金额",
        "working_days" => "工作日",
        "working_hours" => "工作时间",
        "webhook_url" => "webhook地址",
        "webhook_format" => "webhook格式",
        _ => return None,
    })
}
