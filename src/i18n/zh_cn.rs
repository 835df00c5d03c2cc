//! 简体中文。

use super::ValueKind;
use super::{EventText, Label, Msg};
use crate::domain::complaint::{Step, Temperament};
use crate::domain::refusal::{Action, Refusal};
use crate::domain::steps::ApprovalReason;
use crate::domain::timeline::EventKind;
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
            format!(
                "客户 **{name}** 已更新：{}。",
                customer_fields(fields.iter().map(String::as_str))
            )
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
            "{}：<@{}> 把投诉 {number} 上报给主管。原因：{reason}",
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
            "投诉 {number} 已结案。请邀请 **{customer}** 评价这次处理：点「评分问卷」和客户一起答完三道题，或输入 `/score record customer:\"{customer}\" complaint:{} overall:… again:… recommend:…`",
            number.0
        ),
        Msg::Done { number } => format!("完成：投诉 {number} 已更新。"),
        Msg::NoComplaints => "没有符合条件的投诉。".into(),
        Msg::DecisionRecorded { id, owner, due } => format!(
            "已记录 #{id} 号决定，由 <@{}> 负责，期限 {due}。已通知负责人，到期前会提醒；下个月的报告会写明是否落实。",
            owner.0
        ),
        Msg::DecisionAssigned { id, what, due, by } => format!(
            "<@{}> 把月度“客户之声”会议的 #{id} 号决定交给你：{what}。期限 {due}。完成后请用 `/voc close id:{id}`",
            by.0
        ),
        Msg::DecisionCarriedOut { id } => format!("#{id} 号决定已标记为落实。"),
        Msg::NoDecisions => "没有等待落实的决定。".into(),
        Msg::DecisionsHeader { open } => format!("**待落实的决定**（{open} 项）"),
        Msg::DecisionLine {
            id,
            what,
            owner,
            due,
            overdue,
        } => format!(
            "• #{id} {what} — <@{}>，期限 {due}{}",
            owner.0,
            if *overdue { " · **已逾期**" } else { "" }
        ),
        Msg::DecisionDue { id, what, due } => format!(
            "月度会议的 #{id} 号决定将于 {due} 到期：{what}。完成后请用 `/voc close id:{id}`"
        ),
        Msg::VisitLogged {
            customer,
            met,
            days_since_boss,
        } => {
            let boss = match days_since_boss {
                Some(0) => "今天见到了老板/KP，很好。但和老板关系好并不能单独保证续约：续约靠的是兑现团队的承诺。".to_string(),
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
                "已记录 **{customer}** 的评分：整体 {overall}/5，再次合作 {again}/5，推荐意愿 {recommend}/5。{flag}"
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
            if *level > 1 { "（二级上报）" } else { "" },
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
        Msg::ImportDone(summary) => import_done(summary),
        Msg::SetupHeader { fails, warns } => setup_header(*fails, *warns),
    }
}

const HELP: &str = "**rapport** 帮你在成交之后守住客户的信任。\n\
• `/customer add|edit|show|list`：管理客户，包括等级、信任阶段和续约日期；`/customer import`：从 CSV 文件批量导入（主管使用）；`/customer winback`：勾选流失客户挽回清单中的一步。\n\
• `/complaint new`：登记客户投诉，每条投诉有自己的子区，按五步走处理：平抑情绪、找到原因（并承诺期限）、与公司制定方案、落实方案、强化体验。在客户自己的消息上选 **应用 → 登记投诉**，会用客户的原话登记。\n\
• `/complaint ack|step|show|list|assign|escalate|approve|changes|reject|reopen`：处理投诉（子区里的按钮作用相同）；`/complaint take`：主管接手一条投诉；`/complaint followup`：记录第 5 步的回访；`/complaint training`：安排或记录产品危机中客户使用人员的培训。\n\
• `/visit log`：记录拜访，以及见的是老板/KP、操作团队还是两者都见了。\n\
• `/score poll`：用按钮和客户一起完成三道评分题（整体、是否再次合作、是否愿意推荐，1–5 分）；`/score record` 可一次输入。\n\
• `/report week|month|export`：团队周报、每月客户之声报告和 CSV 导出（主管使用）；`/report dashboard`：获取团队网页的私密链接，可投到会议室屏幕上；`/voc decide|close|list`：月度会议的决定，每项都有负责人和期限。\n\
• `/rapport settings`：语言、时区、频道和角色（主管使用）；`/rapport setup`：检查机器人在这里能否正常工作。";

fn approval_reason(reason: &ApprovalReason) -> String {
    match reason {
        ApprovalReason::Critical => "严重程度为“重大”".into(),
        ApprovalReason::BossCrisis => "属于老板危机".into(),
        ApprovalReason::CompensationOver(limit) => format!("补偿超过 {limit}"),
        ApprovalReason::MaterialWithoutAmount => "物质补偿但未写明金额".into(),
        ApprovalReason::Unreasonable => "投诉被认定为不合理".into(),
        ApprovalReason::NotNecessary => "公司认为没有必要解决".into(),
        ApprovalReason::CannotDeliver => "公司没有能力兑现这个方案".into(),
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
        Action::ReadReports => "查看团队报告",
        Action::ExportData => "导出团队数据",
        Action::ImportCustomers => "导入客户",
        Action::CheckSetup => "检查机器人的设置",
        Action::RecordDecision => "记录或完成月度会议的决定",
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
        Refusal::BadMessageLink(given) => format!("`{given}` 不是本服务器的消息。请在那条消息上用“应用 → 登记投诉”，或粘贴它的链接（复制消息链接）。"),
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
            "有低于 5 分的项，需要填写 `to_five`：问问客户我们要怎么做才能得到 5 分，并记下客户的原话。".into()
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
        Refusal::UnknownPoll(n) => {
            format!("本服务器没有编号为 {n} 的评分问卷。可以用 `/score poll customer:…` 发起一份。")
        }
        Refusal::PollSubmitted(n) => {
            format!("问卷 {n} 已经提交过了。如需再次评分，请用 `/score poll` 发起新问卷。")
        }
        Refusal::PollIncomplete(missing) => {
            format!("请先答完所有问题再提交，还缺：{}。", missing.join("、"))
        }
        Refusal::ComplaintOfOtherCustomer { number, customer } => format!(
            "投诉 {number} 不属于 **{customer}**。请填写这个客户的投诉，或者不填 `complaint`。"
        ),
        Refusal::RangeBackwards => "`from` 必须早于 `until`。".into(),
        Refusal::UnknownDecision(id) => {
            format!("本服务器没有 #{id} 号决定。用 `/voc list` 查看未完成的决定。")
        }
        Refusal::NotLost(customer) => format!(
            "**{customer}** 不是流失客户；把信任阶段设为流失后才开始挽回清单（`/customer edit name:\"{customer}\" stage:lost`）。"
        ),
        Refusal::DecisionDone(id) => format!("#{id} 号决定已经标记为完成。"),
        Refusal::ImportFile(problem) => file_problem(problem),
        Refusal::ImportRows(rows) => rows_refused(rows),
        Refusal::Method(m) => super::method::refusal(crate::i18n::Lang::ZhCn, m),
        Refusal::Crisis(c) => super::crisis::refusal(crate::i18n::Lang::ZhCn, c),
        Refusal::ServerOnly => "rapport 只能在服务器里使用：请在团队的频道中使用它的命令。".into(),
    }
}

pub fn label(label: Label) -> &'static str {
    match label {
        Label::Customer => "客户",
        Label::Owner => "负责人",
        Label::Reporter => "登记人",
        Label::Category => "类别",
        Label::Severity => "严重程度",
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
        Label::FollowUpDue => "回访时间",
        Label::FromMessage => "客户原话",
        Label::Page => "页",
        Label::Records => "记录",
        Label::Never => "从未",
        Label::NotSet => "未设置",
        Label::Days => "天",
        Label::Language => "语言",
        Label::TimeZone => "时区",
        Label::ComplaintsChannel => "投诉频道",
        Label::AlertsChannel => "告警频道",
        Label::ManagerRole => "主管角色",
        Label::SecondLevelRole => "二级上报角色",
        Label::ApprovalThreshold => "补偿超过此金额需审批",
        Label::Acknowledge => "确认",
        Label::CompleteStep => "完成步骤",
        Label::Reassign => "转交",
        Label::Escalate => "上报",
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

/// Short answers people type in Chinese, beyond the full names above.
pub fn answer(kind: ValueKind, given: &str) -> Option<&'static str> {
    Some(match (kind, given) {
        (ValueKind::Mood, "平静") => "calm",
        (ValueKind::Mood, "不满") => "upset",
        (ValueKind::Reasonable | ValueKind::YesNo | ValueKind::Deliverable, "是") => "yes",
        (ValueKind::Reasonable | ValueKind::YesNo | ValueKind::Deliverable, "否") => "no",
        (ValueKind::Reasonable, "部分") => "partly",
        (ValueKind::Deliverable, "能") => "yes",
        (ValueKind::Deliverable, "不能") => "no",
        (ValueKind::Compensation, "精神") => "goodwill",
        (ValueKind::Compensation, "物质") => "material",
        (ValueKind::Delivered, "是" | "已交付") => "yes",
        (ValueKind::Delivered, "否" | "未兑现") => "no",
        (ValueKind::Delivered, "无需") => "none-due",
        _ => return None,
    })
}

pub fn value(kind: ValueKind, code: &str) -> Option<&'static str> {
    Some(match (kind, code) {
        (ValueKind::Category, "product") => "产品",
        (ValueKind::Category, "service") => "服务",
        (ValueKind::Category, "team") => "团队",
        (ValueKind::Category, "boss") => "老板/KP",
        (ValueKind::Category, "delivery") => "交付",
        (ValueKind::Category, "price") => "价格",
        (ValueKind::Category, "other") => "其他",
        (ValueKind::Severity, "low") => "低",
        (ValueKind::Severity, "normal") => "一般",
        (ValueKind::Severity, "high") => "严重",
        (ValueKind::Severity, "critical") => "重大",
        (ValueKind::Temperament, "resigned") => "自认倒霉型（不吭声）",
        (ValueKind::Temperament, "reasoning") => "说理诉苦型",
        (ValueKind::Temperament, "angry") => "情绪愤怒型",
        (ValueKind::Temperament, "grumbling") => "大发牢骚型",
        (ValueKind::Source, "hotline") => "呼叫中心/热线",
        (ValueKind::Source, "visit") => "拜访",
        (ValueKind::Source, "survey") => "调查",
        (ValueKind::Source, "meeting") => "反馈座谈会",
        (ValueKind::Source, "follow-up") => "回访",
        (ValueKind::Source, "email") => "邮件",
        (ValueKind::Source, "chat") => "聊天",
        (ValueKind::Source, "other") => "其他",
        (ValueKind::Status, "open") => "待确认",
        (ValueKind::Status, "active") => "处理中",
        (ValueKind::Status, "awaiting-approval") => "待审批",
        (ValueKind::Status, "follow-up") => "已解决，待回访",
        (ValueKind::Status, "closed") => "已结案",
        (ValueKind::Status, "rejected") => "已驳回",
        (ValueKind::Tier, "key") => "重点",
        (ValueKind::Tier, "normal") => "普通",
        (ValueKind::Stage, "skeptic") => "怀疑者",
        (ValueKind::Stage, "explorer") => "探寻者",
        (ValueKind::Stage, "first-time") => "初次客户",
        (ValueKind::Stage, "repeat") => "回头客",
        (ValueKind::Stage, "regular") => "老主顾",
        (ValueKind::Stage, "advocate") => "热心客户",
        (ValueKind::Stage, "lost") => "流失客户",
        (ValueKind::Met, "boss") => "老板/KP",
        (ValueKind::Met, "team") => "操作团队",
        (ValueKind::Met, "both") => "老板和团队",
        (ValueKind::Role, "rep") => "销售",
        (ValueKind::Role, "manager") => "主管",
        (ValueKind::Role, "admin") => "管理员",
        (ValueKind::Mood, "calm") => "已平静",
        (ValueKind::Mood, "upset") => "仍不满",
        (ValueKind::Reasonable, "yes") => "合理",
        (ValueKind::Reasonable, "partly") => "部分合理",
        (ValueKind::Reasonable, "no") => "不合理",
        (ValueKind::YesNo, "yes") => "是",
        (ValueKind::YesNo, "no") => "否",
        (ValueKind::Deliverable, "yes") => "能",
        (ValueKind::Deliverable, "no") => "不能",
        (ValueKind::Compensation, "none") => "无",
        (ValueKind::Compensation, "goodwill") => "精神补偿",
        (ValueKind::Compensation, "material") => "物质补偿",
        (ValueKind::Delivered, "yes") => "已兑现",
        (ValueKind::Delivered, "no") => "尚未兑现",
        (ValueKind::Delivered, "none-due") => "无需补偿",
        (ValueKind::Webhook, "generic") => "通用 JSON",
        (ValueKind::Webhook, "slack") => "Slack",
        (ValueKind::Webhook, "feishu") => "飞书 / Lark",
        (ValueKind::Webhook, "dingtalk") => "钉钉",
        (ValueKind::Webhook, "wecom") => "企业微信",
        (ValueKind::Language, "en") => "English",
        (ValueKind::Language, "zh-CN") => "简体中文",
        (ValueKind::DryRun, "yes") => "只预览，不写入",
        (ValueKind::DryRun, "no") => "直接导入",
        (ValueKind::Step, "1") => "1 · 平抑情绪",
        (ValueKind::Step, "2") => "2 · 找到原因",
        (ValueKind::Step, "3") => "3 · 制定方案",
        (ValueKind::Step, "4") => "4 · 落实方案",
        (ValueKind::Step, "5") => "5 · 强化体验",
        (ValueKind::FollowUpFailed, "remedy") => "方案没有解决问题（回到第 3 步）",
        (ValueKind::FollowUpFailed, "delivery") => "没有全部兑现（回到第 4 步）",
        (ValueKind::FollowUpFailed, "cause") => "原因找错了（回到第 2 步）",
        (ValueKind::Harm, "none") => "无",
        (ValueKind::Harm, "some") => "有一些",
        (ValueKind::Harm, "serious") => "严重",
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
            "这类客户遇到问题不吭声，而不吭声的客户往往一句话不说就走了。请主动联系（打电话或上门），多问开放式问题，让对方容易说出哪里不满意，并感谢对方愿意告诉你。沉默不等于满意。先道歉，别等客户来找你（原文 000）；控制好自己的情绪，设法理解客户话语背后的难处（原文 004）。"
        }
        (Step::Calm, Temperament::Reasoning) => {
            "这类客户会摆事实、讲道理，希望被认真倾听。让对方把话说完，做好记录，把要点复述一遍，让对方知道你听懂了。真诚地为带来的麻烦道歉；用事实回应，不找借口，也不争论是谁的错。先道歉，别等客户来找你（原文 000）；控制好自己的情绪，设法理解客户话语背后的难处（原文 004）。"
        }
        (Step::Calm, Temperament::Angry) => {
            "客户正在气头上。先让对方把火发出来，不要打断；保持冷静和善，不辩解、不推卸。先认可感受再谈事实（“我理解这给您造成了多大损失”），诚恳道歉，并说清楚你接下来做什么、什么时候给答复。先道歉，别等客户来找你（原文 000）；控制好自己的情绪，设法理解客户话语背后的难处（原文 004）。"
        }
        (Step::Calm, Temperament::Grumbling) => {
            "这类客户会到处发牢骚，一个不满的客户可能影响身边二十个人。动作要快：把抱怨引到你这里来，而不是让他向别人倒苦水；感谢对方提出问题，设身处地体谅对方，并承诺随时同步进展，让他没有牢骚可发。先道歉，别等客户来找你（原文 000）；控制好自己的情绪，设法理解客户话语背后的难处（原文 004）。"
        }
        (Step::Cause, _) => {
            "找到真正的“抱怨点”：客户到底为什么不满，对我们提出了什么要求？多问，不要猜。能当场答复的，就在现场解决；不能立即解决的，要给客户一个团队做得到的预期（原文 000：客户服务就是管理客户的期望）：一个客户能接受、我们也兑现得了的等待期限，并提供过渡期的服务保证；把承诺记录下来，到期前 rapport 会提醒你。"
        }
        (Step::Solution, _) => {
            "把客户的情况反馈给公司，分开回答三个问题：投诉是否合理？公司有没有必要解决？有没有能力做到？再定方案和补偿（物质补偿如退款、换货；精神补偿如上门致歉）。三个问题中任何一个回答“否”，都要由主管决定：批准一个做得到的方案，或者驳回并写明将告诉客户的解释。重大投诉、老板危机、大额补偿也要主管批准（这条审批规则是团队自己的做法，并非原文所述）。"
        }
        (Step::CarryOut, _) => {
            "方案一定下来就第一时间告诉客户，让客户先从你这里听到好消息：rapport 会统计从方案定下到告知客户用了多久。然后把承诺的每一项都兑现：整改、政策、补偿。答应的补偿没有兑现，第 4 步就不能完成，除非主管签字同意例外。处理投诉的两个关键是快速和沟通（原文 002）：反应越快、沟通越透，投诉越不容易升级为危机。"
        }
        (Step::Reinforce, _) => {
            "让客户真切感受到改变：邀请客户参与整改过程，或给出服务承诺，证明同样的错误不会再犯，并定好回访日期。到了那天打电话或上门回访，并记录结果：只有客户满意、没有未了的事，投诉才会关闭。原文 002 给出的重购率：从不投诉的客户为 9%，投诉未得到解决的为 19%，投诉得到解决的为 54%，投诉得到快速解决的高达 82%。以下是团队自己的做法，并非原文所述：回访发现方案无效就回到第 3 步，兑现不全回到第 4 步，原因找错回到第 2 步；超过步骤时限仍未记录回访，会上报主管。"
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
        (Step::Cause, "interim") => "等待期间提供的服务保证（有承诺期限时）",
        (Step::Solution, "remedy") => "解决方案",
        (Step::Solution, "reasonable") => "投诉是否合理（yes / partly / no）",
        (Step::Solution, "necessary") => "是否有必要解决（yes / no）",
        (Step::Solution, "deliverable") => "我们能否做到（yes / no）",
        (Step::Solution, "compensation") => "补偿，例如 none 或 material 3000 元",
        (Step::Solution, "detail") => "补偿金额或内容",
        (Step::CarryOut, "done") => "具体做了什么",
        (Step::CarryOut, "told") => "何时告知了客户（如 now、今天 10:00）",
        (Step::CarryOut, "delivered") => "补偿是否兑现（yes / no / none-due）",
        (Step::CarryOut, "training") => "用户培训日期（填过去的日期表示已培训）",
        (Step::Reinforce, "guarantee") => "后续保证（服务承诺、邀请参与整改）",
        (Step::Reinforce, "follow_up") => "回访日期",
        _ => "",
    }
}

/// 客户的字段用中文名称（等级、信任阶段），不显示代码。
fn customer_fields<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    keys.map(|k| match k {
        "name" => "名称",
        "owner" => "负责人",
        "tier" => "等级",
        "cadence" => "拜访周期",
        "stage" => "信任阶段",
        "renewal" => "续约日期",
        "decision_maker" => "决策人",
        other => other,
    })
    .collect::<Vec<_>>()
    .join("、")
}

pub fn event(e: &EventText<'_>) -> String {
    let who = if e.actor.0 == 0 {
        "rapport".to_string()
    } else {
        format!("<@{}>", e.actor.0)
    };
    let what = match e.kind {
        EventKind::Created => "登记了投诉".to_string(),
        EventKind::Acknowledged => "确认了投诉".to_string(),
        EventKind::Step => format!("完成了第 {} 步", e.detail),
        EventKind::ApprovalRequested => "提交方案等待主管批准".to_string(),
        EventKind::Approved => "批准了方案".to_string(),
        EventKind::ChangesRequested => format!("要求修改方案：{}", e.detail),
        EventKind::Rejected => format!("驳回了投诉：{}", e.detail),
        EventKind::Reassigned => format!("把投诉转给了 {}", e.detail),
        EventKind::Escalated => format!("把投诉上报给主管：{}", e.detail),
        EventKind::Reopened => format!("重新打开了投诉：{}", e.detail),
        EventKind::Closed => "结案".to_string(),
        EventKind::Visit => format!("记录了一次拜访（{}）", e.detail),
        EventKind::Score => format!("记录了评分（{}）", e.detail),
        EventKind::PollStarted => format!("发起了评分问卷 {}", e.detail),
        EventKind::WinBackStep => format!("勾选了挽回第 {} 步", e.detail),
        EventKind::WinBack => "列出了挽回客户的步骤".to_string(),
        EventKind::TrainingPlanned => format!("把客户使用人员培训安排在 {}", e.detail),
        EventKind::TrainingHeld => format!("记录客户使用人员培训已于 {} 完成", e.detail),
        EventKind::CustomerAdded => "添加了客户".to_string(),
        EventKind::CustomerEdited => {
            format!("修改了客户（{}）", customer_fields(e.detail.split(", ")))
        }
        EventKind::Nudged => "被提醒确认投诉".to_string(),
        EventKind::AutoEscalated => format!("因未按时确认，自动上报到第 {} 级", e.detail),
        EventKind::StallNudged => format!("被提醒：第 {} 步没有进展", e.detail),
        EventKind::StallEscalated => format!("已通知主管：第 {} 步停滞", e.detail),
        EventKind::PromiseReminded => "被提醒承诺期限将到".to_string(),
        EventKind::PromiseBreached => "已通知主管：承诺期限已过".to_string(),
        EventKind::FollowUpReminded => "收到提醒：该回访了".to_string(),
        EventKind::FollowUpMissed => "已通知主管：回访逾期未记录".to_string(),
        EventKind::FollowUpFailed => format!("记录了回访，问题仍未解决（{}）", e.detail),
        EventKind::SeverityLowered => format!("把严重程度定得低于三种伤害的建议值：{}", e.detail),
    };
    format!("{who} {what}")
}

pub fn describe(key: &str) -> Option<&'static str> {
    Some(match key {
        "customer" => "客户：添加、修改、查看、列表",
        "complaint" => "客户投诉，按五步走处理",
        "visit" => "客户拜访",
        "score" => "客户评分（1–5）",
        "report" => "团队报告与数据导出",
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
        "customer list/overdue" => "只看拜访或见老板/KP 已逾期的客户",
        "customer list/at_risk" => "只看因低分被标记为有风险的客户",
        "complaint new" => "登记客户投诉",
        "complaint new/customer" => "哪个客户投诉",
        "complaint new/summary" => "一句话概括投诉",
        "complaint new/category" => "投诉类别",
        "complaint new/severity" => "严重程度（填了三种伤害时由机器人建议）",
        "complaint new/body" => "身体伤害：无、有一些、严重",
        "complaint new/feelings" => "精神伤害：无、有一些、严重",
        "complaint new/money" => "经济损失：无、有一些、严重",
        "complaint new/severity_reason" => "严重程度低于三种伤害建议值的理由",
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
        "complaint step/interim" => "第 2 步：客户等待期间提供的服务保证",
        "complaint step/remedy" => "第 3 步：解决方案",
        "complaint step/reasonable" => "第 3 步：投诉是否合理",
        "complaint step/deliverable" => "第 3 步：能否做到",
        "complaint step/exception" => "第 4 步（主管）：答应的补偿为何不兑现",
        "complaint step/necessary" => "第 3 步：公司是否有必要解决",
        "complaint step/compensation" => {
            "第 3 步：none、goodwill 或 material（后面可接金额或内容）"
        }
        "complaint step/detail" => "第 3 步：补偿金额或内容",
        "complaint step/told" => "第 4 步：何时告知客户",
        "complaint step/delivered" => "第 4 步：补偿是否兑现",
        "complaint step/training" => {
            "产品危机第 4 步：客户使用人员的培训日期（过去的日期表示已培训）"
        }
        "complaint step/guarantee" => "第 5 步：后续保证",
        "complaint step/follow_up" => "第 5 步：回访日期",
        "complaint show" => "查看投诉的记录和时间线",
        "complaint show/page" => "时间线的第几页（第 1 页最新）",
        "complaint list/page" => "列表的第几页",
        "customer list/page" => "列表的第几页",
        "complaint new/message" => "投诉来自的客户消息链接",
        "complaint from_message" => "从客户的消息登记投诉",
        "complaint from_message/message" => "那条消息（频道-消息编号，或消息链接）",
        "complaint from_message/text" => "消息原文，原样保留",
        "complaint from_message/author" => "消息作者",
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
        "complaint followup" => "记录第 5 步的回访：客户是否满意",
        "complaint followup/id" => "投诉编号",
        "complaint followup/satisfied" => "客户是否满意",
        "complaint followup/failed" => "不满意时：哪里没解决（决定回到哪一步）",
        "complaint followup/open" => "还有哪些未了的事",
        "complaint training" => "安排产品危机中客户使用人员的培训，或记录培训已完成",
        "complaint training/id" => "投诉编号",
        "complaint training/on" => "计划培训的时间",
        "complaint training/held" => "实际培训的时间",
        "complaint approve" => "批准第 3 步方案（主管）",
        "complaint approve/id" => "投诉编号",
        "complaint approve/note" => "给负责人的备注",
        "complaint approve/remedy" => "改用公司做得到的另一个方案",
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
        "score record/again" => "是否愿意再次合作，1–5",
        "score record/recommend" => "是否愿意推荐我们，1–5",
        "score record/to_five" => "怎样才能打 5 分？（有低于 4 分的项时必填）",
        "score record/complaint" => "关联的投诉（如有）",
        "score poll" => "用按钮和客户一起完成三道评分题",
        "score poll/customer" => "客户（也可以只填投诉）",
        "score poll/complaint" => "这次评分针对的投诉（如有）",
        "score answer" => "回答问卷题目（卡片上的按钮会代劳）",
        "score answer/poll" => "问卷编号",
        "score answer/overall" => "整体评价，1–5",
        "score answer/again" => "是否愿意再次合作，1–5",
        "score answer/recommend" => "是否愿意推荐我们，1–5",
        "score submit" => "提交填好的问卷",
        "score submit/poll" => "问卷编号",
        "score submit/to_five" => "怎样才能打 5 分？（有低于 4 分的项时必填）",
        "report week" => "本周的投诉、处理速度、超时和评分（主管）",
        "report week/period" => "哪一周：留空为本周，last 为上周，或填该周的某一天",
        "report month" => "每月客户之声报告（主管）",
        "report month/period" => "哪个月：留空为本月，last 为上月，或如 2026-11",
        "report export" => "导出投诉、步骤、拜访和评分的 CSV 文件（主管）",
        "report export/from" => "起始日期（默认本月 1 日），如 2026-11-01",
        "report export/until" => "截止日期（含当天，默认现在），如 2026-11-30",
        "report dashboard" => "团队网页看板的私人链接，可投到会议室屏幕上（仅主管）",
        "customer winback" => "勾选流失客户挽回清单中的一步",
        "customer winback/name" => "流失的客户",
        "customer winback/step" => "完成的是第几步，1 到 7（见客户卡片）",
        "customer winback/when" => "完成时间（默认现在）",
        "voc" => "月度“客户之声”会议：会上的决定",
        "voc decide" => "记录月度会议的一项决定（主管）",
        "voc decide/what" => "团队要改变什么",
        "voc decide/owner" => "由谁负责",
        "voc decide/due" => "期限，如 2027-01-15",
        "voc close" => "把一项决定标记为已落实",
        "voc close/id" => "决定的编号",
        "voc close/note" => "做了什么",
        "voc list" => "尚待落实的决定",
        "rapport settings" => "查看或修改本服务器的设置",
        "rapport settings/language" => "机器人在这里使用的语言",
        "rapport settings/timezone" => "时区，如 Asia/Shanghai",
        "rapport settings/complaints_channel" => "投诉卡片和子区所在的频道",
        "rapport settings/alerts_channel" => "上报和告警发送的频道",
        "rapport settings/manager_role" => "主管角色",
        "rapport settings/second_role" => "二级上报的角色",
        "rapport settings/approval_threshold" => "补偿超过此金额需要审批",
        "rapport settings/working_days" => "工作日，如 Mon-Fri",
        "rapport settings/working_hours" => "工作时间，如 09:00-18:00",
        "rapport settings/webhook_url" => "同时把上报通知发到这个 Webhook（填 none 删除）",
        "rapport settings/webhook_format" => "Webhook 的格式",
        "rapport help" => "rapport 能做什么，有哪些命令",
        "customer import" => "从 CSV 文件批量添加或更新客户",
        "customer import/file" => {
            "CSV 文件：名称、负责人、等级、拜访周期、信任阶段、续约日期、决策人、上次拜访"
        }
        "customer import/dry_run" => "只显示将会发生的变化，不写入",
        "rapport setup" => "检查机器人在本服务器的频道、角色和权限（主管）",
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
        "report" => "报告",
        "week" => "周报",
        "month" => "月报",
        "export" => "导出",
        "dashboard" => "看板",
        "poll" => "问卷",
        "answer" => "作答",
        "submit" => "提交",
        "overdue" => "拜访逾期",
        "at_risk" => "有风险",
        "period" => "时段",
        "from" => "起始",
        "until" => "截止",
        "rapport" => "设置",
        "add" => "添加",
        "edit" => "修改",
        "show" => "查看",
        "list" => "列表",
        "new" => "新建",
        "ack" => "确认",
        "step" => "步骤",
        "assign" => "转交",
        "escalate" => "上报",
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
        "voc" => "客户之声",
        "winback" => "挽回",
        "decide" => "决定",
        "close" => "落实",
        "what" => "内容",
        "due" => "期限",
        "tier" => "等级",
        "cadence" => "拜访周期",
        "stage" => "信任阶段",
        "renewal" => "续约日期",
        "decision_maker" => "决策人",
        "summary" => "概要",
        "category" => "类别",
        "severity" => "严重程度",
        "body" => "身体伤害",
        "feelings" => "精神伤害",
        "money" => "经济损失",
        "severity_reason" => "调低理由",
        "temperament" => "客户反应",
        "channel" => "渠道",
        "details" => "详情",
        "id" => "编号",
        "done" => "做了什么",
        "mood" => "客户状态",
        "cause" => "原因",
        "asks" => "客户要求",
        "promise" => "承诺时间",
        "interim" => "等待保证",
        "remedy" => "方案",
        "reasonable" => "是否合理",
        "deliverable" => "能否做到",
        "necessary" => "是否必要",
        "exception" => "例外签批",
        "followup" => "回访",
        "training" => "培训",
        "on" => "计划时间",
        "held" => "培训时间",
        "satisfied" => "是否满意",
        "failed" => "未解决之处",
        "open" => "未了事项",
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
        "again" => "再次合作",
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
        "import" => "导入",
        "file" => "文件",
        "dry_run" => "仅预览",
        "setup" => "自检",
        "page" => "页码",
        "message" => "消息",
        "text" => "原文",
        "author" => "作者",
        "from_message" => "从消息登记",
        _ => return None,
    })
}

// ---------------------------------------------------------------- 运维：导入与设置自检

fn import_done(s: &crate::domain::import::ImportSummary) -> String {
    let (added, updated) = (s.created.len(), s.updated.len());
    let mut out = if s.dry_run {
        format!(
            "**试导入**：将新增 {added} 个客户，更新 {updated} 个，{} 个不变。这次没有保存任何内容；去掉“仅预览”选项再运行一次即可正式导入。",
            s.unchanged
        )
    } else {
        format!(
            "**导入完成**：新增 {added} 个客户，更新 {updated} 个，{} 个不变。",
            s.unchanged
        )
    };
    for name in &s.created {
        out.push_str(&format!("\n+ **{name}**"));
    }
    for (name, columns) in &s.updated {
        let columns: Vec<&str> = columns.iter().map(|c| c.chinese()).collect();
        out.push_str(&format!("\n~ **{name}**：{}", columns.join("、")));
    }
    out
}

fn file_problem(p: &crate::domain::import::FileProblem) -> String {
    use crate::domain::import::FileProblem;
    match p {
        FileProblem::TooLarge { max_bytes } => format!(
            "文件超过 {} MiB，请拆成几个小文件再导入。",
            max_bytes / (1024 * 1024)
        ),
        FileProblem::NotUtf8 => "文件不是 UTF-8 编码的文本。在 Excel 中请另存为“CSV UTF-8（逗号分隔）”。".into(),
        FileProblem::Empty => "文件是空的。".into(),
        FileProblem::NoNameColumn => "文件里没有客户名称这一列。第一行应当是列名，例如 `名称,负责人,等级,拜访周期,信任阶段,续约日期,决策人,上次拜访`（也可以用英文列名）。".into(),
        FileProblem::UnknownColumn(h) => format!(
            "不认识“{h}”这一列。可用的列有：名称、负责人、等级、拜访周期、信任阶段、续约日期、决策人、上次拜访（或英文 name, owner, tier, cadence, stage, renewal, decision maker, last visit）。"
        ),
        FileProblem::DuplicateColumn(h) => format!("“{h}”这一列出现了两次，请只保留一列。"),
        FileProblem::NoRows => "文件只有列名，没有客户。".into(),
        FileProblem::TooManyRows { max } => format!("文件中的客户超过 {max} 个，请拆成几个小文件。"),
        FileProblem::Unreadable { line } => format!("第 {line} 行无法读取（常见原因是多了一个引号）。请改正后重试，这次什么都没有导入。"),
        FileProblem::Download => "文件下载失败。请把 CSV 文件作为附件加到命令上再试一次。".into(),
    }
}

fn row_problem(p: &crate::domain::import::Problem) -> String {
    use crate::domain::import::Problem;
    match p {
        Problem::NoName => "名称为空".into(),
        Problem::NameTooLong { max } => format!("名称超过 {max} 个字"),
        Problem::DuplicateName { name, first_line } => {
            format!("**{name}** 在第 {first_line} 行已经出现过")
        }
        Problem::OwnerNeeded => "新客户必须填写负责人".into(),
        Problem::UnknownOwner(given) => {
            format!("不知道“{given}”是谁；请填写 Discord 用户 ID，或服务器里的 @名字")
        }
        Problem::BadTier(given) => {
            format!("“{given}”不是有效的等级；请填写 重点 或 普通（key / normal）")
        }
        Problem::BadStage(given) => format!(
            "“{given}”不是有效的信任阶段；可选：怀疑者、探寻者、初次客户、回头客、老主顾、热心客户、流失客户"
        ),
        Problem::BadCadence(given) => {
            format!("“{given}”不是有效的拜访周期；请填写 1 到 366 之间的天数")
        }
        Problem::BadDate { column, given } => {
            format!("{}“{given}”不是日期；请写成 YYYY-MM-DD", column.chinese())
        }
        Problem::VisitInFuture(given) => format!("上次拜访“{given}”是将来的日期"),
        Problem::TooLong { column, max } => format!("{}超过 {max} 个字", column.chinese()),
        Problem::ExtraCells { found, expected } => {
            format!("这一行有 {found} 个单元格，但表头只有 {expected} 列")
        }
    }
}

fn rows_refused(rows: &[crate::domain::import::RowProblem]) -> String {
    let lines: std::collections::BTreeSet<usize> = rows.iter().map(|r| r.line).collect();
    let mut out = format!(
        "没有导入任何内容：有 {} 行存在问题。请改正后重新导入整个文件。",
        lines.len()
    );
    for r in rows {
        out.push_str(&format!(
            "\n• 第 {} 行：{}",
            r.line,
            row_problem(&r.problem)
        ));
    }
    out
}

fn setup_header(fails: usize, warns: usize) -> String {
    match (fails, warns) {
        (0, 0) => "**设置自检**：一切正常。".into(),
        _ => format!("**设置自检**：发现 {fails} 个问题、{warns} 个提醒。"),
    }
}

fn channel_use(which: crate::domain::findings::ChannelUse) -> &'static str {
    use crate::domain::findings::ChannelUse;
    match which {
        ChannelUse::Complaints => "投诉频道",
        ChannelUse::Alerts => "告警频道",
    }
}

fn role_use(which: crate::domain::findings::RoleUse) -> &'static str {
    use crate::domain::findings::RoleUse;
    match which {
        RoleUse::Manager => "主管角色",
        RoleUse::Second => "二级上报角色",
    }
}

fn perm(p: crate::domain::findings::Perm) -> &'static str {
    use crate::domain::findings::Perm;
    match p {
        Perm::ViewChannel => "查看频道",
        Perm::SendMessages => "发送消息",
        Perm::ReadMessageHistory => "阅读消息历史记录",
        Perm::CreatePublicThreads => "创建公开子区",
        Perm::SendMessagesInThreads => "在子区中发送消息",
    }
}

pub fn finding(f: &crate::domain::findings::Finding) -> String {
    use crate::domain::findings::{ChannelUse, Finding, RoleUse};
    match f {
        Finding::ConfigLoaded { file: Some(file) } => format!("配置已加载：先是默认值，然后是 {file}，最后是 RAPPORT_* 环境变量"),
        Finding::ConfigLoaded { file: None } => "配置已加载：先是默认值，然后是 RAPPORT_* 环境变量".into(),
        Finding::ConfigBroken { error } => format!("配置有误：{error}。请在 RAPPORT_CONFIG 文件或对应的 RAPPORT_* 环境变量中改正这一项"),
        Finding::WebView { on, link_hours } => crate::i18n::web::say(
            crate::i18n::Lang::ZhCn,
            &match on {
                true => crate::i18n::web::WebText::DoctorOn { hours: *link_hours },
                false => crate::i18n::web::WebText::DoctorOff,
            },
        ),
        Finding::HttpAddrValid { addr } => format!("HTTP 服务监听地址 {addr}（RAPPORT_HTTP_ADDR）"),
        Finding::HttpAddrInvalid { addr } => format!("RAPPORT_HTTP_ADDR “{addr}”不是可以监听的地址，请写成 0.0.0.0:8080 这样的格式"),
        Finding::DatabaseReady { url, migrations } => format!("数据库 {url} 可以连接，{migrations} 个迁移均已应用"),
        Finding::DatabaseNew { url } => format!("数据库 {url} 还不存在，启动时会自动创建并迁移"),
        Finding::DatabasePending { url, pending } => format!("数据库 {url} 可以连接；还有 {pending} 个迁移未应用，下次启动时会自动应用"),
        Finding::DatabaseTooNew { url, versions } => format!(
            "数据库 {url} 中有当前版本不认识的迁移（{}）：它被更新版本的 rapport 使用过，请升级 rapport",
            versions.iter().map(i64::to_string).collect::<Vec<_>>().join("、")
        ),
        Finding::DatabaseUnreachable { url, error } => format!(
            "无法打开数据库 {url}：{error}。请检查 DATABASE_URL、数据库是否在运行、数据库用户能否登录"
        ),
        Finding::TokenMissing => "未设置 DISCORD_TOKEN，rapport 会以本地控制台模式启动。请从开发者门户复制机器人的令牌（Bot → Reset Token）".into(),
        Finding::TokenAccepted { bot, id } => format!("DISCORD_TOKEN 有效：机器人是 {bot}（{id}）"),
        Finding::TokenRefused { status } => format!(
            "Discord 拒绝了 DISCORD_TOKEN（{status}）：令牌有误或已被重置。请从开发者门户重新复制（Bot → Reset Token）"
        ),
        Finding::DiscordUnreachable { base, error } => format!("无法连接 Discord（{base}）：{error}。请检查网络、代理或 DISCORD_API_BASE"),
        Finding::ApplicationIdMatches { id } => format!("DISCORD_APPLICATION_ID {id} 与这个机器人的应用一致"),
        Finding::ApplicationIdUnset { actual } => format!(
            "未设置 DISCORD_APPLICATION_ID，请设为 {actual}（网关 READY 时也能得知，但 `rapport register-commands` 和较慢的回复都需要它）"
        ),
        Finding::ApplicationIdMismatch { configured, actual } => format!(
            "DISCORD_APPLICATION_ID 是 {configured}，但令牌属于应用 {actual}：请设置 DISCORD_APPLICATION_ID={actual}"
        ),
        Finding::PublicKeyValid => "DISCORD_PUBLIC_KEY 是有效的 Ed25519 公钥".into(),
        Finding::PublicKeyMissing => "未设置 DISCORD_PUBLIC_KEY：HTTP 交互端点不开启，交互只通过网关接收".into(),
        Finding::PublicKeyMalformed => "DISCORD_PUBLIC_KEY 不是有效的 Ed25519 公钥：请从开发者门户（General Information）复制 64 位十六进制的 Public Key".into(),
        Finding::PublicKeyMismatch => "DISCORD_PUBLIC_KEY 不是这个应用的公钥，Discord 发来的请求都会被拒绝：请从开发者门户（General Information）复制 Public Key".into(),
        Finding::NothingToServe => "RAPPORT_GATEWAY=off 时必须设置 DISCORD_PUBLIC_KEY：既没有网关也没有 HTTP 端点，机器人什么都收不到".into(),
        Finding::CronValid { name, expr } => format!("定时任务 {name}“{expr}”是有效的 cron 表达式"),
        Finding::CronInvalid { name, expr, error } => format!(
            "定时任务 {name}“{expr}”不是有效的 cron 表达式（{error}）；请写 6 个字段，例如 `0 0 9 * * Mon-Fri`"
        ),
        Finding::TimeZoneKnown { tz } => format!("时区 {tz} 有效"),
        Finding::TimeZoneUnknown { tz } => format!(
            "无法识别时区“{tz}”，请使用 IANA 名称，例如 Asia/Shanghai（`/rapport settings timezone:`）"
        ),
        Finding::WorkingHoursValid { days, hours } => format!("工作时间 {days} {hours}"),
        Finding::WorkingHoursInvalid { days, hours } => format!(
            "无法识别工作时间“{days} {hours}”，请写成 Mon-Fri 和 09:00-18:00 这样的格式"
        ),
        Finding::NoServers => "还没有服务器使用过 rapport：请先邀请机器人，在服务器里运行 `/rapport settings`，然后再检查一次".into(),
        Finding::BotNotInServer => "机器人不是这个服务器的成员（或看不到它）：请用 bot 和 applications.commands 两个授权范围重新邀请".into(),
        Finding::ChannelNotSet { which: ChannelUse::Complaints } => "未设置投诉频道：投诉卡片和子区会发在使用 /complaint new 的频道里。可以用 `/rapport settings complaints_channel:` 设置".into(),
        Finding::ChannelNotSet { which: ChannelUse::Alerts } => "未设置告警频道：上报提醒会发到投诉频道。可以用 `/rapport settings alerts_channel:` 设置".into(),
        Finding::ChannelFound { which, channel, name } => format!("{} #{name}（{channel}）存在", channel_use(*which)),
        Finding::ChannelMissing { which, channel, status } => format!(
            "{} {channel} 不存在，或机器人看不到它（{status}）：请用 `/rapport settings` 换一个频道，或在该频道给机器人开放“查看频道”权限",
            channel_use(*which)
        ),
        Finding::ChannelElsewhere { which, channel } => format!(
            "{} {channel} 属于另一个服务器：请选择本服务器的频道",
            channel_use(*which)
        ),
        Finding::PermissionsOk { which, channel } => format!(
            "机器人在{}（{channel}）拥有所需的全部权限",
            channel_use(*which)
        ),
        Finding::PermissionsMissing { which, channel, missing } => format!(
            "机器人在{}（{channel}）缺少这些权限：{}。请在该频道的权限设置中授予机器人的角色",
            channel_use(*which),
            missing.iter().map(|p| perm(*p)).collect::<Vec<_>>().join("、")
        ),
        Finding::PermissionsUnverified { which, channel } => format!(
            "读不到决定机器人权限的角色信息，无法核实机器人在{}（{channel}）的权限；请手动确认：查看频道、发送消息、创建公开子区、在子区中发送消息",
            channel_use(*which)
        ),
        Finding::RoleNotSet { which: RoleUse::Manager } => "未设置主管角色：上报和审批请求不会提醒任何人，而且只有管理员算作主管。可以用 `/rapport settings manager_role:` 设置".into(),
        Finding::RoleNotSet { which: RoleUse::Second } => "未设置二级上报角色：二级上报会再次提醒主管角色".into(),
        Finding::RoleFound { which, role, name } => format!("{} @{name}（{role}）存在", role_use(*which)),
        Finding::RoleMissing { which, role } => format!(
            "{} {role} 在本服务器中不存在：请用 `/rapport settings` 重新选择",
            role_use(*which)
        ),
        Finding::RoleNotMentionable { which, role } => format!(
            "{} {role} 不允许被提及，而机器人在告警频道也没有“提及 @everyone、@here 和所有身份组”权限，上报消息会显示这个角色却不会通知任何人：请在“服务器设置 → 身份组”中打开“允许任何人@提及此身份组”，或授予机器人该权限",
            role_use(*which)
        ),
        Finding::DiscordNotChecked => "频道、角色和机器人的权限要在 Discord 里检查（`/rapport setup`），或在服务器上运行 `rapport doctor`".into(),
    }
}
