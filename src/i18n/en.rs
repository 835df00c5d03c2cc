//! English.

use super::ValueKind;
use super::{EventText, Label, Msg};
use crate::domain::complaint::{Step, Temperament};
use crate::domain::refusal::{Action, Refusal};
use crate::domain::steps::ApprovalReason;
use crate::domain::timeline::EventKind;
use crate::domain::when::WhenError;

fn role_or_managers(role: &Option<crate::domain::ids::RoleId>) -> String {
    role.map_or_else(|| "managers".to_string(), |r| format!("<@&{}>", r.0))
}

pub fn say(msg: &Msg) -> String {
    match msg {
        Msg::CustomerAdded { name, owner } => format!("Customer **{name}** added, owned by <@{}>.", owner.0),
        Msg::CustomerUpdated { name, fields } => format!("Customer **{name}** updated: {}.", customer_fields(fields.iter().map(String::as_str))),
        Msg::NoCustomers => "No customers match. Add one with `/customer add`.".into(),
        Msg::ComplaintOpened { number, customer, thread } => format!(
            "Complaint {number} for **{customer}** is open. Work it in the thread **{thread}**."
        ),
        Msg::OwnerPing { number, owner } => format!(
            "<@{}>, complaint {number} is yours. Acknowledge it now: speed is half the cure.",
            owner.0
        ),
        Msg::Acknowledged { number, by } => format!("<@{}> acknowledged complaint {number}.", by.0),
        Msg::StepRecorded { number, step, by } => format!(
            "Complaint {number}: <@{}> completed step {} · {}.",
            by.0,
            step.number(),
            step_title(*step)
        ),
        Msg::StepDoneReply { number, step } => {
            format!("Step {} of complaint {number} recorded.", step.number())
        }
        Msg::ApprovalRequested { number, reasons, role } => format!(
            "{}: the solution for complaint {number} needs your approval ({}). Approve it, or ask for changes.",
            role_or_managers(role),
            reasons.iter().map(approval_reason).collect::<Vec<_>>().join("; ")
        ),
        Msg::ApprovalSentReply { number } => format!(
            "Step 3 of complaint {number} recorded. It needs a manager's approval before you carry it out; managers have been asked."
        ),
        Msg::Approved { number, by, owner } => format!(
            "<@{}> approved the solution for complaint {number}. <@{}>, carry it out now.",
            by.0, owner.0
        ),
        Msg::ChangesRequested { number, by, owner, note } => format!(
            "<@{}> asked for changes to the solution for complaint {number}: {note}\n<@{}>, record step 3 again.",
            by.0, owner.0
        ),
        Msg::Rejected { number, by, explanation } => format!(
            "<@{}> rejected complaint {number} as unreasonable. What the customer will be told: {explanation}",
            by.0
        ),
        Msg::Reassigned { number, from, to, by } => format!(
            "<@{}> handed complaint {number} from <@{}> to <@{}>. <@{}>, it is yours now.",
            by.0, from.0, to.0, to.0
        ),
        Msg::Escalated { number, by, reason, role } => format!(
            "{}: <@{}> escalated complaint {number}. Reason: {reason}",
            role_or_managers(role),
            by.0
        ),
        Msg::Reopened { number, by, reason, owner } => format!(
            "<@{}> reopened complaint {number}: {reason}\n<@{}>, it starts again at step 1: calm the customer.",
            by.0, owner.0
        ),
        Msg::Closed { number, customer } => format!(
            "Complaint {number} is closed. Now ask **{customer}** how we did: press **Score poll** to go through the three questions with them, or type `/score record customer:\"{customer}\" complaint:{} overall:… again:… recommend:…`",
            number.0
        ),
        Msg::Done { number } => format!("Done: complaint {number} updated."),
        Msg::NoComplaints => "No complaints match.".into(),
        Msg::DecisionRecorded { id, owner, due } => format!(
            "Decision #{id} recorded; <@{}> owns it, due {due}. They are told now and reminded before it is due; next month's report says whether it was carried out.",
            owner.0
        ),
        Msg::DecisionAssigned { id, what, due, by } => format!(
            "<@{}> gave you decision #{id} of the monthly voice-of-the-customer meeting: {what}. Due {due}. When it is done: `/voc close id:{id}`",
            by.0
        ),
        Msg::DecisionCarriedOut { id } => format!("Decision #{id} is marked as carried out."),
        Msg::NoDecisions => "No decisions are waiting to be carried out.".into(),
        Msg::DecisionsHeader { open } => format!("**Decisions still to carry out** ({open})"),
        Msg::DecisionLine { id, what, owner, due, overdue } => format!(
            "• #{id} {what} — <@{}>, due {due}{}",
            owner.0,
            if *overdue { " · **overdue**" } else { "" }
        ),
        Msg::DecisionDue { id, what, due } => format!(
            "Decision #{id} of the monthly meeting is due {due}: {what}. When it is done: `/voc close id:{id}`"
        ),
        Msg::VisitLogged { customer, met, days_since_boss } => {
            let boss = match days_since_boss {
                Some(0) => " You met the boss/KP today: good. It helps, but it does not win the renewal by itself: that rests on keeping what the team promised.".to_string(),
                Some(days) => format!(" The boss/KP was last met {} ago; plan to see them too.", days_word(*days)),
                None => " The boss/KP has never been met; plan a visit with them.".to_string(),
            };
            format!("Visit to **{customer}** logged (met: {met}).{boss}")
        }
        Msg::ScoreRecorded { customer, overall, again, recommend, low } => {
            let flag = if *low { " Below 4 somewhere: **{customer}** is now flagged at risk; act on what would earn a 5." } else { "" };
            format!(
                "Score for **{customer}** recorded: overall {overall}/5, buy again {again}/5, recommend {recommend}/5.{}",
                flag.replace("{customer}", customer)
            )
        }
        Msg::ScoreAlert { customer, owner, lowest, role } => format!(
            "{}: **{customer}** (owner <@{}>) gave a score of {lowest}/5. This customer may be lost; step in.",
            role_or_managers(role),
            owner.0
        ),
        Msg::SettingsChanged => "Settings saved.".into(),
        Msg::Help => HELP.into(),
        Msg::Unavailable => "The database is busy or unreachable right now, so nothing was saved. Please try again in a moment.".into(),
        Msg::Internal { reference } => format!(
            "Something went wrong on our side and nothing was saved. Please try again; if it keeps happening, give your admin this reference: {reference}."
        ),
        Msg::ActingAs { user, role } => format!("You are now <@{}> ({role}).", user.0),
        Msg::ClockMoved { to } => format!("The clock now reads {to}."),
        Msg::ConsoleWelcome { db } => format!(
            "rapport console on {db}. Type slash commands as in Discord (try `/rapport help`); `/as NAME [rep|manager|admin]` switches user, `/clock +2h` moves time, `/quit` leaves."
        ),
        Msg::ModalPrompt { title } => format!("{title} (empty line for optional fields, `/cancel` to stop)"),
        Msg::ModalCancelled => "Cancelled; nothing was saved.".into(),
        Msg::NewConsoleMember { user } => format!("(<@{}> is new here and joins as a rep.)", user.0),
        Msg::AckNudge { number, owner, waited } => format!(
            "<@{}>, complaint {number} has waited {waited} without being acknowledged. The customer is waiting too: acknowledge it now (`/complaint ack id:{}`).",
            owner.0, number.0
        ),
        Msg::AckEscalation { number, customer, owner, waited, level, role } => format!(
            "{}: complaint {number} from **{customer}** is still not acknowledged after {waited}{}. Owner: <@{}>. Take it over or reassign it.",
            role_or_managers(role),
            if *level > 1 { " (second escalation)" } else { "" },
            owner.0
        ),
        Msg::StallNudge { number, owner, step, waited } => format!(
            "<@{}>, complaint {number} has been at step {} · {} for {waited}. Move it forward, or say what blocks it.",
            owner.0,
            step.number(),
            step_title(*step)
        ),
        Msg::StallEscalation { number, customer, owner, step, waited, role } => format!(
            "{}: complaint {number} from **{customer}** has not moved from step {} · {} in {waited}. Owner: <@{}>.",
            role_or_managers(role),
            step.number(),
            step_title(*step),
            owner.0
        ),
        Msg::PromiseReminder { number, customer, owner, at, left } => format!(
            "<@{}>, you promised **{customer}** an answer on complaint {number} by {at}: {left} from now. Keep the promise, or call them before it passes.",
            owner.0
        ),
        Msg::PromiseBreached { number, customer, owner, at, role } => format!(
            "{}: the deadline promised to **{customer}** on complaint {number} ({at}) has passed and the solution is not carried out yet. Owner: <@{}>.",
            role_or_managers(role),
            owner.0
        ),
        Msg::RepDigest { owner } => format!("Good morning <@{}>. Today's follow-ups:", owner.0),
        Msg::VisitOverdue { customer, days, cadence } => {
            format!("• **{customer}**: last visit {} ago (due every {})", days_word(*days), days_word(*cadence))
        }
        Msg::VisitNever { customer } => format!("• **{customer}**: never visited"),
        Msg::BossOverdue { customer, days: Some(days) } => format!("• **{customer}**: the boss/KP was last met {} ago", days_word(*days)),
        Msg::BossOverdue { customer, days: None } => format!("• **{customer}**: the boss/KP has never been met"),
        Msg::DigestComplaints { count } => format!("You also have {count} open complaint(s): `/complaint list status:active`."),
        Msg::ManagerVisits { role } => format!("{}: visits long overdue:", role_or_managers(role)),
        Msg::VisitLongOverdue { customer, owner, days } => format!("• **{customer}** (<@{}>): {} since the last visit", owner.0, days_word(*days)),
        Msg::RenewalAtRisk { customer, owner, renewal, open, lowest, role } => format!(
            "{}: **{customer}** renews on {renewal} and is at risk: {open} open complaint(s){}. Owner: <@{}>.",
            role_or_managers(role),
            lowest.map_or_else(String::new, |l| format!(", a recent score of {l}/5")),
            owner.0
        ),
        Msg::ImportDone(summary) => import_done(summary),
        Msg::SetupHeader { fails, warns } => setup_header(*fails, *warns),
    }
}

const HELP: &str = "**rapport** keeps customers' trust after the sale.\n\
• `/customer add|edit|show|list`: your customers, their tier, trust stage and renewal; `/customer import`: many at once from a CSV file (managers); `/customer winback`: tick a step of a lost customer's win-back checklist.\n\
• `/complaint new`: report a complaint; it gets a thread where you work the five steps: calm the customer, find the cause (and promise a deadline), design the solution with the company, carry it out, reinforce the experience. On a customer's own message, **Apps → Open complaint** does the same with their words.\n\
• `/complaint ack|step|show|list|assign|escalate|approve|changes|reject|reopen`: work a complaint (the buttons in its thread do the same); `/complaint take`: a manager takes a complaint over; `/complaint followup`: log the step-5 follow-up; `/complaint training`: plan or log a product crisis's training for the customer's users.\n\
• `/visit log`: log a visit, and whether you met the boss/KP, the team or both.\n\
• `/score poll`: ask the customer the three score questions (overall, would buy again, would recommend, 1–5) with buttons; `/score record` types them in one go.\n\
• `/report week|month|export`: the team's weekly report, the monthly voice of the customer, and CSV exports (managers); `/report dashboard`: a private link to the team's web page, for the meeting room's screen; `/voc decide|close|list`: the monthly meeting's decisions, each with an owner and a due date.\n\
• `/rapport settings`: language, time zone, channels and roles (managers); `/rapport setup`: check that the bot may do its work here.";

fn approval_reason(reason: &ApprovalReason) -> String {
    match reason {
        ApprovalReason::Critical => "critical severity".into(),
        ApprovalReason::BossCrisis => "a boss crisis".into(),
        ApprovalReason::CompensationOver(limit) => format!("compensation over {limit}"),
        ApprovalReason::MaterialWithoutAmount => {
            "material compensation with no amount given".into()
        }
        ApprovalReason::Unreasonable => "the complaint was judged unreasonable".into(),
        ApprovalReason::NotNecessary => "the company judged it not necessary to solve".into(),
        ApprovalReason::CannotDeliver => "the company cannot deliver this remedy".into(),
    }
}

fn action(action: Action) -> &'static str {
    match action {
        Action::WorkComplaint => "work this complaint",
        Action::Approve => "approve or send back a step-3 solution",
        Action::Reject => "reject a complaint as unreasonable",
        Action::ReassignOthers => "reassign someone else's complaint",
        Action::ChangeSettings => "change the server's settings",
        Action::EditCustomer => "edit this customer",
        Action::ChangeCustomerOwner => "give a customer to another rep",
        Action::AddCustomerForOthers => "add a customer owned by someone else",
        Action::LogVisit => "log a visit to this customer",
        Action::RecordScore => "record a score for this customer",
        Action::ReadReports => "read the team's reports",
        Action::ExportData => "export the team's data",
        Action::ImportCustomers => "import customers",
        Action::CheckSetup => "check the bot's setup",
        Action::RecordDecision => "record or close a decision of the monthly meeting",
    }
}

fn when_error(why: &WhenError) -> &'static str {
    match why {
        WhenError::Empty => "it is empty",
        WhenError::Unrecognised => "it is not a date or time rapport can read",
        WhenError::InvalidDate => "that date or time does not exist",
    }
}

pub fn refusal(refusal: &Refusal) -> String {
    match refusal {
        Refusal::MissingOption(o) => format!("`{o}` is required. Add `{o}:…` and try again."),
        Refusal::UnknownOption { option, command } => {
            format!("`/{command}` has no option `{option}`. Check `/rapport help` for its options.")
        }
        Refusal::BadChoice { option, given, allowed } => {
            format!("`{given}` is not a valid `{option}`. Use one of: {}.", allowed.join(", "))
        }
        Refusal::TooLong { field, max, actual } => format!(
            "`{field}` is {actual} characters long; the limit is {max}. Shorten it and try again."
        ),
        Refusal::EmptyText(f) => format!("`{f}` is empty. Write something in it."),
        Refusal::BadNumber { option, given } => format!("`{option}` must be a whole number, not `{given}`."),
        Refusal::OutOfRange { option, min, max } => format!("`{option}` must be between {min} and {max}."),
        Refusal::BadMoment { option, given, why } => format!(
            "I can't read `{given}` as `{option}`: {}. Try `tomorrow 17:00`, `2026-12-01 10:00` or `+48h`.",
            when_error(why)
        ),
        Refusal::MomentInPast { option } => format!("`{option}` is in the past. Give a time still to come."),
        Refusal::MomentInFuture { option } => format!("`{option}` is in the future; log what already happened."),
        Refusal::UnknownTimeZone(given) => format!("`{given}` is not a time zone I know. Use an IANA name such as `Asia/Shanghai` or `Europe/Berlin`."),
        Refusal::BadMessageLink(given) => format!("`{given}` is not a message of this server. Use Apps → Open complaint on the message, or paste its link (Copy Message Link)."),
        Refusal::BadUser(given) => format!("I don't know who `{given}` is. Mention them, e.g. `@name`."),
        Refusal::UnknownCommand(c) => format!("There is no command `{c}`. Type `/rapport help` for the list."),
        Refusal::UnparsableLine(why) => format!("I couldn't read that command: {why}. Write options as `name:value`, with quotes around values that have spaces."),
        Refusal::UnknownCustomer { name, suggestions } if suggestions.is_empty() => format!(
            "There is no customer called **{name}**. Add it with `/customer add name:\"{name}\" …`."
        ),
        Refusal::UnknownCustomer { name, suggestions } => format!(
            "There is no customer called **{name}**. Did you mean {}?",
            suggestions.iter().map(|s| format!("**{s}**")).collect::<Vec<_>>().join(" or ")
        ),
        Refusal::DuplicateCustomer(name) => format!(
            "A customer called **{name}** already exists. Use `/customer edit name:\"{name}\"` to change it, or choose another name."
        ),
        Refusal::UnknownComplaint(n) => format!("There is no complaint {n} on this server. `/complaint list` shows them."),
        Refusal::NothingToChange => "Nothing to change: give at least one option to update.".into(),
        Refusal::NotOwner { number, owner } => format!(
            "Complaint {number} belongs to <@{}>. Only its owner or a manager may work it; ask a manager to reassign it if it should be yours.",
            owner.0
        ),
        Refusal::NotCustomerOwner { customer, owner } => format!(
            "**{customer}** is owned by <@{}>; only its owner or a manager may do that.",
            owner.0
        ),
        Refusal::ManagersOnly(a) => format!("Only a manager may {}. Ask one of your managers.", action(*a)),
        Refusal::ComplaintClosed(n) => format!("Complaint {n} is closed. Reopen it with `/complaint reopen id:{}` first.", n.0),
        Refusal::ComplaintRejected(n) => format!("Complaint {n} was rejected. Reopen it with `/complaint reopen id:{}` first.", n.0),
        Refusal::AlreadyAcknowledged(n) => format!("Complaint {n} is already acknowledged. Go on with its current step."),
        Refusal::AwaitingApproval(n) => format!("Complaint {n} is waiting for a manager to approve its solution. Nothing more can be recorded until then."),
        Refusal::StepAlreadyDone { number, step, current } => format!(
            "Step {} of complaint {number} is already done; it is now at step {} · {}.",
            step.number(),
            current.number(),
            step_title(*current)
        ),
        Refusal::StepOutOfOrder { number, step, current } => format!(
            "Complaint {number} is at step {} · {}; step {} comes later. Complete step {} first.",
            current.number(),
            step_title(*current),
            step.number(),
            current.number()
        ),
        Refusal::NothingToApprove(n) => format!("Complaint {n} has no solution waiting for approval."),
        Refusal::RejectOnlyAtSolution { number, current } => format!(
            "A complaint is judged reasonable or not at step 3; complaint {number} is at step {}.",
            current.number()
        ),
        Refusal::AlreadyOwner(n) => format!("That person already owns complaint {n}."),
        Refusal::NotFinished(n) => format!("Complaint {n} is still open; only a closed or rejected complaint can be reopened."),
        Refusal::CompensationDetailNeeded => "Say what the compensation is in `detail` (an amount, or what the goodwill gesture is).".into(),
        Refusal::WhatWouldEarnFiveNeeded => "An answer below 5 needs `to_five`: ask the customer what we would have to do to earn a 5, and write down their words.".into(),
        Refusal::StaleButton => "That button belongs to an older card; the complaint has moved on. Use the latest card in the thread.".into(),
        Refusal::ConsoleOnly => "That command only works in the local console.".into(),
        Refusal::BadWorkingDays(d) => format!("I can't read `{d}` as working days. Write them like `Mon-Fri` or `Sun-Thu` or `Mon,Wed,Fri`."),
        Refusal::BadWorkingHours(h) => format!("I can't read `{h}` as working hours. Write them like `09:00-18:00`."),
        Refusal::BadUrl(u) => format!("`{u}` is not a web address. Give the webhook's full https:// URL, or `none` to remove it."),
        Refusal::UnknownPoll(n) => format!("There is no score poll {n} on this server. Start one with `/score poll customer:…`."),
        Refusal::PollSubmitted(n) => format!("Poll {n} was already submitted. To ask again, start a new one with `/score poll`."),
        Refusal::PollIncomplete(missing) => format!(
            "Answer every question before submitting; still missing: {}.",
            missing.join(", ")
        ),
        Refusal::ComplaintOfOtherCustomer { number, customer } => format!(
            "Complaint {number} is not one of **{customer}**'s. Give that customer's complaint, or leave `complaint` out."
        ),
        Refusal::RangeBackwards => "`from` must come before `until`.".into(),
        Refusal::UnknownDecision(id) => format!("There is no decision #{id} in this server. `/voc list` shows the open ones."),
        Refusal::NotLost(customer) => format!("**{customer}** is not a lost customer; the win-back checklist starts when their stage is set to lost (`/customer edit name:\"{customer}\" stage:lost`)."),
        Refusal::DecisionDone(id) => format!("Decision #{id} is already marked as carried out."),
        Refusal::ImportFile(problem) => file_problem(problem),
        Refusal::ImportRows(rows) => rows_refused(rows),
        Refusal::Method(m) => super::method::refusal(crate::i18n::Lang::En, m),
        Refusal::Crisis(c) => super::crisis::refusal(crate::i18n::Lang::En, c),
        Refusal::ServerOnly => "rapport works inside a server: use its commands in one of your team's channels.".into(),
    }
}

pub fn label(label: Label) -> &'static str {
    match label {
        Label::Customer => "Customer",
        Label::Owner => "Owner",
        Label::Reporter => "Reported by",
        Label::Category => "Category",
        Label::Severity => "Severity",
        Label::Temperament => "Temperament",
        Label::Source => "Channel",
        Label::Status => "Status",
        Label::Step => "Step",
        Label::Details => "Details",
        Label::Tier => "Tier",
        Label::Stage => "Trust stage",
        Label::Cadence => "Visit every",
        Label::Renewal => "Renewal",
        Label::DecisionMaker => "Decision maker",
        Label::LastVisit => "Last visit",
        Label::LastBossMeeting => "Last met the boss/KP",
        Label::OpenComplaints => "Open complaints",
        Label::Scores => "Scores",
        Label::Timeline => "Timeline",
        Label::PromisedBy => "Promised by",
        Label::Opened => "Opened",
        Label::FollowUpDue => "Follow-up due",
        Label::FromMessage => "The customer's message",
        Label::Page => "Page",
        Label::Records => "Records",
        Label::Never => "never",
        Label::NotSet => "not set",
        Label::Days => "days",
        Label::Language => "Language",
        Label::TimeZone => "Time zone",
        Label::ComplaintsChannel => "Complaints channel",
        Label::AlertsChannel => "Alerts channel",
        Label::ManagerRole => "Manager role",
        Label::SecondLevelRole => "Second escalation role",
        Label::ApprovalThreshold => "Approval needed for compensation over",
        Label::Acknowledge => "Acknowledge",
        Label::CompleteStep => "Complete step",
        Label::Reassign => "Reassign",
        Label::Escalate => "Escalate",
        Label::Approve => "Approve",
        Label::RequestChanges => "Request changes",
        Label::TakeOver => "Take over",
        Label::WorkingWeek => "Working hours",
        Label::Webhook => "Webhook for managers",
        Label::Guidance => "What to do",
        Label::Actions => "Actions",
        Label::Pings => "pings",
        Label::ConsoleHint => {
            "No DISCORD_TOKEN set, so rapport runs as a local console. Set DISCORD_TOKEN (and DISCORD_APPLICATION_ID) to connect to Discord instead."
        }
    }
}

pub fn value(kind: ValueKind, code: &str) -> Option<&'static str> {
    Some(match (kind, code) {
        (ValueKind::Category, "product") => "Product",
        (ValueKind::Category, "service") => "Service",
        (ValueKind::Category, "team") => "Team",
        (ValueKind::Category, "boss") => "Boss / KP",
        (ValueKind::Category, "delivery") => "Delivery",
        (ValueKind::Category, "price") => "Price",
        (ValueKind::Category, "other") => "Other",
        (ValueKind::Severity, "low") => "Low",
        (ValueKind::Severity, "normal") => "Normal",
        (ValueKind::Severity, "high") => "High",
        (ValueKind::Severity, "critical") => "Critical",
        (ValueKind::Temperament, "resigned") => "Resigned (says nothing)",
        (ValueKind::Temperament, "reasoning") => "Reasoning",
        (ValueKind::Temperament, "angry") => "Angry",
        (ValueKind::Temperament, "grumbling") => "Grumbling",
        (ValueKind::Source, "hotline") => "Call centre / hotline",
        (ValueKind::Source, "visit") => "Visit",
        (ValueKind::Source, "survey") => "Survey",
        (ValueKind::Source, "meeting") => "Feedback meeting",
        (ValueKind::Source, "follow-up") => "Follow-up call",
        (ValueKind::Source, "email") => "Email",
        (ValueKind::Source, "chat") => "Chat",
        (ValueKind::Source, "other") => "Other",
        (ValueKind::Status, "open") => "Not yet acknowledged",
        (ValueKind::Status, "active") => "In progress",
        (ValueKind::Status, "awaiting-approval") => "Awaiting approval",
        (ValueKind::Status, "follow-up") => "Resolved, follow-up due",
        (ValueKind::Status, "closed") => "Closed",
        (ValueKind::Status, "rejected") => "Rejected",
        (ValueKind::Tier, "key") => "Key",
        (ValueKind::Tier, "normal") => "Normal",
        (ValueKind::Stage, "skeptic") => "Skeptic",
        (ValueKind::Stage, "explorer") => "Explorer",
        (ValueKind::Stage, "first-time") => "First-time customer",
        (ValueKind::Stage, "repeat") => "Repeat customer",
        (ValueKind::Stage, "regular") => "Regular",
        (ValueKind::Stage, "advocate") => "Advocate",
        (ValueKind::Stage, "lost") => "Lost",
        (ValueKind::Met, "boss") => "Boss / KP",
        (ValueKind::Met, "team") => "Operating team",
        (ValueKind::Met, "both") => "Boss and team",
        (ValueKind::Role, "rep") => "rep",
        (ValueKind::Role, "manager") => "manager",
        (ValueKind::Role, "admin") => "admin",
        (ValueKind::Mood, "calm") => "Calm now",
        (ValueKind::Mood, "upset") => "Still upset",
        (ValueKind::Reasonable, "yes") => "Reasonable",
        (ValueKind::Reasonable, "partly") => "Partly reasonable",
        (ValueKind::Reasonable, "no") => "Not reasonable",
        (ValueKind::YesNo, "yes") => "Yes",
        (ValueKind::YesNo, "no") => "No",
        (ValueKind::Deliverable, "yes") => "We can deliver it",
        (ValueKind::Deliverable, "no") => "We cannot deliver it",
        (ValueKind::Compensation, "none") => "None",
        (ValueKind::Compensation, "goodwill") => "Goodwill",
        (ValueKind::Compensation, "material") => "Material",
        (ValueKind::Delivered, "yes") => "Delivered",
        (ValueKind::Delivered, "no") => "Not yet",
        (ValueKind::Delivered, "none-due") => "None was due",
        (ValueKind::Webhook, "generic") => "Generic JSON",
        (ValueKind::Webhook, "slack") => "Slack",
        (ValueKind::Webhook, "feishu") => "Feishu / Lark",
        (ValueKind::Webhook, "dingtalk") => "DingTalk",
        (ValueKind::Webhook, "wecom") => "WeCom",
        (ValueKind::Language, "en") => "English",
        (ValueKind::Language, "zh-CN") => "简体中文",
        (ValueKind::DryRun, "yes") => "Preview only, change nothing",
        (ValueKind::DryRun, "no") => "Import",
        (ValueKind::Step, "1") => "1 · Calm the customer",
        (ValueKind::Step, "2") => "2 · Find the cause",
        (ValueKind::Step, "3") => "3 · Design the solution",
        (ValueKind::Step, "4") => "4 · Carry it out",
        (ValueKind::Step, "5") => "5 · Reinforce the experience",
        (ValueKind::FollowUpFailed, "remedy") => "The remedy did not solve it (back to step 3)",
        (ValueKind::FollowUpFailed, "delivery") => "Not fully delivered (back to step 4)",
        (ValueKind::FollowUpFailed, "cause") => "Not the real cause (back to step 2)",
        (ValueKind::Harm, "none") => "None",
        (ValueKind::Harm, "some") => "Some",
        (ValueKind::Harm, "serious") => "Serious",
        _ => return None,
    })
}

pub fn step_title(step: Step) -> &'static str {
    match step {
        Step::Calm => "Calm the customer",
        Step::Cause => "Find the cause",
        Step::Solution => "Design the solution with the company",
        Step::CarryOut => "Carry it out",
        Step::Reinforce => "Reinforce the experience",
    }
}

pub fn guidance(step: Step, temperament: Temperament) -> &'static str {
    match (step, temperament) {
        (Step::Calm, Temperament::Resigned) => {
            "This customer goes quiet instead of complaining, and quiet customers are the ones who leave without a word. Reach out first (call or visit), ask open questions, and make it easy for them to tell you what went wrong. Thank them for telling you. Silence is not satisfaction. Apologise first, before they have to come after you (seed 000), and keep your own feelings in check: try to understand the difficulty behind their words (seed 004)."
        }
        (Step::Calm, Temperament::Reasoning) => {
            "This customer explains and wants to be heard. Let them finish, take notes, and repeat the facts back so they know you understood. Apologise sincerely for the trouble; answer with facts, never excuses, and don't argue about whose fault it is. Apologise first, before they have to come after you (seed 000), and keep your own feelings in check: try to understand the difficulty behind their words (seed 004)."
        }
        (Step::Calm, Temperament::Angry) => {
            "This customer is angry. Let them vent without interrupting; stay calm and friendly, don't defend or pass the blame. Acknowledge the feeling before the facts (\"I understand how much this cost you\"), apologise, and tell them what you will do next and by when. Apologise first, before they have to come after you (seed 000), and keep your own feelings in check: try to understand the difficulty behind their words (seed 004)."
        }
        (Step::Calm, Temperament::Grumbling) => {
            "This customer vents widely, and one unhappy customer can sway twenty others. Move fast: bring the complaint to you rather than to everyone else, thank them for raising it, stand in their shoes, and promise to keep them posted so there is nothing left to grumble about. Apologise first, before they have to come after you (seed 000), and keep your own feelings in check: try to understand the difficulty behind their words (seed 004)."
        }
        (Step::Cause, _) => {
            "Find the real complaint: why exactly is the customer unhappy, and what do they ask for? Ask, don't assume. If you can answer on the spot, do it now. If not, set an expectation the team can keep (seed 000: customer service is the management of expectations): a waiting deadline the customer can live with and we can meet, with an interim service guarantee; record the promise, and rapport will remind you before it passes."
        }
        (Step::Solution, _) => {
            "Take the case to the company and answer three questions apart: is the complaint reasonable? Is it necessary for us to solve it? Can we deliver the remedy? Then decide the remedy and the compensation (material, such as a refund or replacement; goodwill, such as an apology visit). A \"no\" to any of the three goes to a manager, who approves a remedy we can deliver or rejects it with the explanation the customer will hear; so do critical complaints, boss crises and large compensation (that approval policy is the team's own, not the text's)."
        }
        (Step::CarryOut, _) => {
            "Tell the customer the solution at once, so they hear the good news from you first: rapport measures the time from the settled solution to telling them. Then deliver everything that was promised: the fix, the policy, the compensation. Step 4 does not complete with promised compensation undelivered unless a manager signs off the exception. The two keys are speed and communication (seed 002): the faster and the more openly, the less a complaint grows into a crisis."
        }
        (Step::Reinforce, _) => {
            "Make the recovery felt: invite the customer to take part in the fix, or give a service commitment that shows the mistake will not happen again, and set a follow-up date. On that date call or visit and log what you found: the complaint closes only when the customer is satisfied with nothing left open. Seed 002 gives the repurchase rates: 9% of customers who never complained buy again, 19% of those whose complaint went unresolved, 54% of those whose complaint was resolved, and 82% of those whose complaint was resolved quickly. Team practice, not the text: a follow-up that finds the remedy failed reopens at step 3, an incomplete delivery at step 4, a wrong cause at step 2; one not logged within the step window goes to the managers."
        }
    }
}

pub fn field_label(step: Step, key: &str) -> &'static str {
    match (step, key) {
        (Step::Calm, "done") => "What did you do to calm the customer?",
        (Step::Calm, "mood") => "How is the customer now? (calm / upset)",
        (Step::Cause, "cause") => "The real cause of the complaint",
        (Step::Cause, "asks") => "What the customer asks for",
        (Step::Cause, "promise") => "Promised answer by (empty if answered on the spot)",
        (Step::Cause, "interim") => "Guarantee while they wait (if promised)",
        (Step::Solution, "remedy") => "The remedy",
        (Step::Solution, "reasonable") => "Is the complaint reasonable? (yes / partly / no)",
        (Step::Solution, "necessary") => "Is it necessary to solve it? (yes / no)",
        (Step::Solution, "deliverable") => "Can we deliver it? (yes / no)",
        (Step::Solution, "compensation") => "Compensation, e.g. none / material RMB 3000",
        (Step::Solution, "detail") => "Compensation amount or description",
        (Step::CarryOut, "done") => "What was done",
        (Step::CarryOut, "told") => "When was the customer told? (e.g. now, today 10:00)",
        (Step::CarryOut, "delivered") => "Compensation delivered? (yes / no / none-due)",
        (Step::CarryOut, "training") => "Users' training date (a past date: held)",
        (Step::Reinforce, "guarantee") => "Follow-up guarantee (commitment, invitation to the fix)",
        (Step::Reinforce, "follow_up") => "Follow-up date",
        _ => "",
    }
}

/// The customer's fields as the card names them ("trust stage", not `stage`).
fn customer_fields<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    keys.map(|k| match k {
        "name" => "name",
        "owner" => "owner",
        "tier" => "tier",
        "cadence" => "visit cadence",
        "stage" => "trust stage",
        "renewal" => "renewal date",
        "decision_maker" => "decision maker",
        other => other,
    })
    .collect::<Vec<_>>()
    .join(", ")
}

/// "1 day", "3 days".
pub(super) fn days_word(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

pub fn event(e: &EventText<'_>) -> String {
    let who = if e.actor.0 == 0 {
        "rapport".to_string()
    } else {
        format!("<@{}>", e.actor.0)
    };
    let what = match e.kind {
        EventKind::Created => "reported it".to_string(),
        EventKind::Acknowledged => "acknowledged it".to_string(),
        EventKind::Step => format!("completed step {}", e.detail),
        EventKind::ApprovalRequested => "asked a manager to approve the solution".to_string(),
        EventKind::Approved => "approved the solution".to_string(),
        EventKind::ChangesRequested => format!("asked for changes: {}", e.detail),
        EventKind::Rejected => format!("rejected it: {}", e.detail),
        EventKind::Reassigned => format!("reassigned it to {}", e.detail),
        EventKind::Escalated => format!("escalated it: {}", e.detail),
        EventKind::Reopened => format!("reopened it: {}", e.detail),
        EventKind::Closed => "closed it".to_string(),
        EventKind::Visit => format!("logged a visit ({})", e.detail),
        EventKind::Score => format!("recorded a score ({})", e.detail),
        EventKind::PollStarted => format!("started score poll {}", e.detail),
        EventKind::WinBackStep => format!("ticked win-back step {}", e.detail),
        EventKind::WinBack => "listed the steps to win the customer back".to_string(),
        EventKind::TrainingPlanned => format!(
            "planned the training for the customer's users for {}",
            e.detail
        ),
        EventKind::TrainingHeld => format!(
            "logged the training for the customer's users as held on {}",
            e.detail
        ),
        EventKind::CustomerAdded => "added the customer".to_string(),
        EventKind::CustomerEdited => format!(
            "edited the customer ({})",
            customer_fields(e.detail.split(", "))
        ),
        EventKind::Nudged => "was nudged to acknowledge it".to_string(),
        EventKind::AutoEscalated => format!(
            "escalated it to level {}: not acknowledged in time",
            e.detail
        ),
        EventKind::StallNudged => format!("was nudged: step {} is not moving", e.detail),
        EventKind::StallEscalated => format!("told the managers: step {} is stuck", e.detail),
        EventKind::PromiseReminded => "was reminded of the promised deadline".to_string(),
        EventKind::PromiseBreached => "told the managers: the promised deadline passed".to_string(),
        EventKind::FollowUpReminded => "was reminded that the follow-up is due".to_string(),
        EventKind::FollowUpMissed => "told the managers: the follow-up was missed".to_string(),
        EventKind::FollowUpFailed => {
            format!("logged a follow-up that found it unsolved ({})", e.detail)
        }
        EventKind::SeverityLowered => format!(
            "set the severity below what the harms propose: {}",
            e.detail
        ),
    };
    format!("{who} {what}")
}

pub fn describe(key: &str) -> Option<&'static str> {
    Some(match key {
        "customer" => "Your customers: add, edit, show, list",
        "complaint" => "Customer complaints, worked in five steps",
        "visit" => "Customer visits",
        "score" => "Customer scores (1–5)",
        "report" => "Team reports and data exports",
        "rapport" => "Settings and help",
        "customer add" => "Add a customer",
        "customer add/name" => "The customer's name",
        "customer add/owner" => "The rep who owns the customer",
        "customer add/tier" => "Key customers are visited more often",
        "customer add/cadence" => "Days between visits (default: 30 for key, 90 for others)",
        "customer add/stage" => "How far the customer's trust has come",
        "customer add/renewal" => "Renewal date, e.g. 2027-03-01",
        "customer add/decision_maker" => "The boss / KP who decides",
        "customer edit" => "Change a customer",
        "customer edit/name" => "The customer to change",
        "customer edit/new_name" => "A new name",
        "customer edit/owner" => "A new owner (managers only)",
        "customer edit/tier" => "Key or normal",
        "customer edit/cadence" => "Days between visits",
        "customer edit/stage" => "Trust stage",
        "customer edit/renewal" => "Renewal date",
        "customer edit/decision_maker" => "The boss / KP who decides",
        "customer show" => "Show a customer's card",
        "customer show/name" => "The customer",
        "customer list" => "List customers",
        "customer list/owner" => "Only this rep's customers",
        "customer list/tier" => "Only this tier",
        "customer list/stage" => "Only this trust stage",
        "customer list/overdue" => "Only those whose visit or boss/KP meeting is overdue",
        "customer list/at_risk" => "Only those flagged at risk by a low score",
        "complaint new" => "Report a customer complaint",
        "complaint new/customer" => "Which customer complains",
        "complaint new/summary" => "The complaint in one line",
        "complaint new/category" => "What it is about",
        "complaint new/severity" => "How serious it is (proposed from the harms when given)",
        "complaint new/body" => "Harm to the body: none, some, serious",
        "complaint new/feelings" => "Harm to feelings: none, some, serious",
        "complaint new/money" => "Money lost: none, some, serious",
        "complaint new/severity_reason" => "Why the severity is below what the harms propose",
        "complaint new/temperament" => "How the customer reacts",
        "complaint new/channel" => "How it reached us",
        "complaint new/details" => "More details",
        "complaint new/owner" => "Who works it (default: the customer's owner)",
        "complaint ack" => "Acknowledge a complaint",
        "complaint ack/id" => "Complaint number",
        "complaint step" => "Complete the current step (opens a form when no fields are given)",
        "complaint step/id" => "Complaint number",
        "complaint step/step" => "Which step you are completing (checked against the current one)",
        "complaint step/done" => "Steps 1 and 4: what you did",
        "complaint step/mood" => "Step 1: how the customer is now",
        "complaint step/cause" => "Step 2: the real cause",
        "complaint step/asks" => "Step 2: what the customer asks for",
        "complaint step/interim" => {
            "Step 2: the service guarantee offered while the customer waits"
        }
        "complaint step/promise" => {
            "Step 2: promised answer-by time (empty if answered on the spot)"
        }
        "complaint step/remedy" => "Step 3: the remedy",
        "complaint step/reasonable" => "Step 3: is the complaint reasonable?",
        "complaint step/deliverable" => "Step 3: can we deliver it?",
        "complaint step/exception" => {
            "Step 4, managers: why promised compensation is not delivered"
        }
        "complaint step/necessary" => "Step 3: is it necessary for us to solve it?",
        "complaint step/compensation" => {
            "Step 3: none, goodwill or material (the detail may follow)"
        }
        "complaint step/detail" => "Step 3: compensation amount or description",
        "complaint step/told" => "Step 4: when the customer was told",
        "complaint step/delivered" => "Step 4: compensation delivered?",
        "complaint step/training" => {
            "Step 4 of a product crisis: the date of the users' training (past: held)"
        }
        "complaint step/guarantee" => "Step 5: the follow-up guarantee",
        "complaint step/follow_up" => "Step 5: the follow-up date",
        "complaint show" => "Show a complaint with its records and timeline",
        "complaint show/page" => "Page of the timeline (1 is the latest)",
        "complaint list/page" => "Page of the list",
        "customer list/page" => "Page of the list",
        "complaint new/message" => "Link to the customer's message it comes from",
        "complaint from_message" => "Open a complaint from a customer's message",
        "complaint from_message/message" => "The message (channel-message ids, or its link)",
        "complaint from_message/text" => "The message's words, kept as they are",
        "complaint from_message/author" => "Who wrote it",
        "complaint show/id" => "Complaint number",
        "complaint list" => "List complaints",
        "complaint list/status" => "Only this status (default: all unfinished)",
        "complaint list/owner" => "Only this rep's complaints",
        "complaint list/customer" => "Only this customer's complaints",
        "complaint assign" => "Give a complaint to another rep",
        "complaint assign/id" => "Complaint number",
        "complaint assign/to" => "The new owner",
        "complaint take" => "Take a complaint over yourself (managers)",
        "complaint take/id" => "Complaint number",
        "complaint escalate" => "Ask the managers to step in",
        "complaint escalate/id" => "Complaint number",
        "complaint escalate/reason" => "Why",
        "complaint followup" => "Log the outcome of the step-5 follow-up",
        "complaint followup/id" => "Complaint number",
        "complaint followup/satisfied" => "Is the customer satisfied?",
        "complaint followup/failed" => "If not: what failed (decides the step it reopens at)",
        "complaint followup/open" => "Anything still open",
        "complaint training" => {
            "Plan, or log as held, a product crisis's training for the customer's users"
        }
        "complaint training/id" => "Complaint number",
        "complaint training/on" => "When the training is planned",
        "complaint training/held" => "When the training was held",
        "complaint approve" => "Approve a step-3 solution (managers)",
        "complaint approve/id" => "Complaint number",
        "complaint approve/note" => "A note for the owner",
        "complaint approve/remedy" => "A different remedy, the one the company can deliver",
        "complaint changes" => "Send a step-3 solution back (managers)",
        "complaint changes/id" => "Complaint number",
        "complaint changes/note" => "What to change",
        "complaint reject" => "Reject a complaint as unreasonable (managers)",
        "complaint reject/id" => "Complaint number",
        "complaint reject/reason" => "The explanation the customer will get",
        "complaint reopen" => "Reopen a closed or rejected complaint",
        "complaint reopen/id" => "Complaint number",
        "complaint reopen/reason" => "Why",
        "visit log" => "Log a customer visit",
        "visit log/customer" => "The customer visited",
        "visit log/met" => "Whom you met",
        "visit log/when" => "When (default: now)",
        "visit log/note" => "A note",
        "score record" => "Record a customer's scores",
        "score record/customer" => "The customer",
        "score record/overall" => "Overall, 1–5",
        "score record/again" => "Would buy from us again, 1–5",
        "score record/recommend" => "Would recommend us, 1–5",
        "score record/to_five" => "What would earn a 5? (needed when a score is below 4)",
        "score record/complaint" => "The complaint this follows, if any",
        "score poll" => "Run the three score questions with a customer, by buttons",
        "score poll/customer" => "The customer (or give the complaint)",
        "score poll/complaint" => "The complaint this poll follows, if any",
        "score answer" => "Answer poll questions (the card's buttons do this)",
        "score answer/poll" => "Poll number",
        "score answer/overall" => "Overall, 1–5",
        "score answer/again" => "Would buy from us again, 1–5",
        "score answer/recommend" => "Would recommend us, 1–5",
        "score submit" => "Submit a filled-in poll",
        "score submit/poll" => "Poll number",
        "score submit/to_five" => "What would earn a 5? (needed when a score is below 4)",
        "report week" => "The week's complaints, speed, SLA breaches and scores (managers)",
        "report week/period" => "Which week: empty for this one, last, or a date in it",
        "report month" => "The monthly voice-of-the-customer report (managers)",
        "report month/period" => "Which month: empty for this one, last, or e.g. 2026-11",
        "report export" => "CSV files of complaints, steps, visits and scores (managers)",
        "report export/from" => "From (default: the 1st of this month), e.g. 2026-11-01",
        "report export/until" => "Until, inclusive (default: now), e.g. 2026-11-30",
        "report dashboard" => {
            "A private link to the team's web view, for the meeting room's screen (managers)"
        }
        "customer winback" => "Tick a step of a lost customer's win-back checklist",
        "customer winback/name" => "The lost customer",
        "customer winback/step" => "The step done, 1 to 7 (see the customer card)",
        "customer winback/when" => "When it was done (default: now)",
        "voc" => "The monthly voice-of-the-customer meeting: its decisions",
        "voc decide" => "Record a decision of the monthly meeting (managers)",
        "voc decide/what" => "What the team will change",
        "voc decide/owner" => "Who sees to it",
        "voc decide/due" => "By when, e.g. 2027-01-15",
        "voc close" => "Mark a decision as carried out",
        "voc close/id" => "The decision's number",
        "voc close/note" => "What was done",
        "voc list" => "The decisions still to carry out",
        "rapport settings" => "Show or change this server's settings",
        "rapport settings/language" => "The language the bot speaks here",
        "rapport settings/timezone" => "Time zone, e.g. Asia/Shanghai",
        "rapport settings/complaints_channel" => "Where complaint cards and threads go",
        "rapport settings/alerts_channel" => "Where escalations go",
        "rapport settings/manager_role" => "The managers' role",
        "rapport settings/second_role" => "The second escalation level's role",
        "rapport settings/approval_threshold" => "Compensation above this needs approval",
        "rapport settings/working_days" => "Working days, e.g. Mon-Fri",
        "rapport settings/working_hours" => "Working hours, e.g. 09:00-18:00",
        "rapport settings/webhook_url" => {
            "Also send escalations to this incoming webhook (none to remove)"
        }
        "rapport settings/webhook_format" => "The webhook's format",
        "rapport help" => "What rapport does and its commands",
        "customer import" => "Add or update many customers from a CSV file",
        "customer import/file" => {
            "The CSV file: name, owner, tier, cadence, stage, renewal, decision maker, last visit"
        }
        "customer import/dry_run" => "Only show what would change",
        "rapport setup" => "Check the bot's channels, roles and permissions here (managers)",
        _ => return None,
    })
}

// ---------------------------------------------------------------- operations: imports and setup checks

fn import_done(s: &crate::domain::import::ImportSummary) -> String {
    let (added, updated) = (s.created.len(), s.updated.len());
    let mut out = if s.dry_run {
        format!(
            "**Dry run**: {added} customer(s) would be added, {updated} updated, {} unchanged. Nothing was saved; run it again without `dry_run` to import.",
            s.unchanged
        )
    } else {
        format!(
            "**Import done**: {added} customer(s) added, {updated} updated, {} unchanged.",
            s.unchanged
        )
    };
    for name in &s.created {
        out.push_str(&format!("\n+ **{name}**"));
    }
    for (name, columns) in &s.updated {
        let columns: Vec<&str> = columns.iter().map(|c| c.english()).collect();
        out.push_str(&format!("\n~ **{name}**: {}", columns.join(", ")));
    }
    out
}

fn file_problem(p: &crate::domain::import::FileProblem) -> String {
    use crate::domain::import::FileProblem;
    match p {
        FileProblem::TooLarge { max_bytes } => format!(
            "The file is larger than {} MiB. Split the list into smaller files.",
            max_bytes / (1024 * 1024)
        ),
        FileProblem::NotUtf8 => "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”.".into(),
        FileProblem::Empty => "The file is empty.".into(),
        FileProblem::NoNameColumn => "The file has no customer name column. Its first line must name the columns, e.g. `name,owner,tier,cadence,stage,renewal,decision maker,last visit` (Chinese headers work too: 名称,负责人,等级,…).".into(),
        FileProblem::UnknownColumn(h) => format!(
            "I don't know the column `{h}`. The columns are: name, owner, tier, cadence, stage, renewal, decision maker, last visit (or 名称, 负责人, 等级, 拜访周期, 信任阶段, 续约日期, 决策人, 上次拜访)."
        ),
        FileProblem::DuplicateColumn(h) => format!("The column `{h}` appears twice. Keep one."),
        FileProblem::NoRows => "The file names its columns but has no customers.".into(),
        FileProblem::TooManyRows { max } => format!("The file has more than {max} customers. Split it into smaller files."),
        FileProblem::Unreadable { line } => format!(
            "Line {line} cannot be read (often a stray quote mark). Fix it and try again; nothing was imported."
        ),
        FileProblem::Download => "I could not download the file. Attach the CSV file to the command and try again.".into(),
    }
}

fn row_problem(p: &crate::domain::import::Problem) -> String {
    use crate::domain::import::Problem;
    match p {
        Problem::NoName => "the name is empty".into(),
        Problem::NameTooLong { max } => format!("the name is longer than {max} characters"),
        Problem::DuplicateName { name, first_line } => {
            format!("**{name}** is already on line {first_line}")
        }
        Problem::OwnerNeeded => "a new customer needs an owner".into(),
        Problem::UnknownOwner(given) => format!(
            "I don't know who `{given}` is; give their Discord id, or their @name as the server knows it"
        ),
        Problem::BadTier(given) => format!("`{given}` is not a tier; use key or normal"),
        Problem::BadStage(given) => format!(
            "`{given}` is not a trust stage; use one of {}",
            crate::domain::customer::TrustStage::CODES.join(", ")
        ),
        Problem::BadCadence(given) => {
            format!("`{given}` is not a visit cadence; give whole days from 1 to 366")
        }
        Problem::BadDate { column, given } => format!(
            "`{given}` in {} is not a date; write it as YYYY-MM-DD",
            column.english()
        ),
        Problem::VisitInFuture(given) => format!("the last visit `{given}` is in the future"),
        Problem::TooLong { column, max } => {
            format!("{} is longer than {max} characters", column.english())
        }
        Problem::ExtraCells { found, expected } => {
            format!("it has {found} cells but the header names {expected} columns")
        }
    }
}

fn rows_refused(rows: &[crate::domain::import::RowProblem]) -> String {
    let lines: std::collections::BTreeSet<usize> = rows.iter().map(|r| r.line).collect();
    let mut out = format!(
        "Nothing was imported: {} line(s) have problems. Fix them and import the whole file again.",
        lines.len()
    );
    for r in rows {
        out.push_str(&format!("\n• line {}: {}", r.line, row_problem(&r.problem)));
    }
    out
}

fn setup_header(fails: usize, warns: usize) -> String {
    match (fails, warns) {
        (0, 0) => "**Setup check**: everything is in order.".into(),
        _ => format!("**Setup check**: {fails} problem(s), {warns} warning(s)."),
    }
}

fn channel_use(which: crate::domain::findings::ChannelUse) -> &'static str {
    use crate::domain::findings::ChannelUse;
    match which {
        ChannelUse::Complaints => "complaints channel",
        ChannelUse::Alerts => "alerts channel",
    }
}

fn role_use(which: crate::domain::findings::RoleUse) -> &'static str {
    use crate::domain::findings::RoleUse;
    match which {
        RoleUse::Manager => "manager role",
        RoleUse::Second => "second escalation role",
    }
}

fn perm(p: crate::domain::findings::Perm) -> &'static str {
    use crate::domain::findings::Perm;
    match p {
        Perm::ViewChannel => "View Channel",
        Perm::SendMessages => "Send Messages",
        Perm::ReadMessageHistory => "Read Message History",
        Perm::CreatePublicThreads => "Create Public Threads",
        Perm::SendMessagesInThreads => "Send Messages in Threads",
    }
}

pub fn finding(f: &crate::domain::findings::Finding) -> String {
    use crate::domain::findings::{ChannelUse, Finding, RoleUse};
    match f {
        Finding::ConfigLoaded { file: Some(file) } => format!("configuration loaded: the defaults, then {file}, then RAPPORT_* variables"),
        Finding::ConfigLoaded { file: None } => "configuration loaded: the defaults, then RAPPORT_* variables".into(),
        Finding::ConfigBroken { error } => format!(
            "configuration: {error}. Fix that key in the RAPPORT_CONFIG file or its RAPPORT_* variable"
        ),
        Finding::WebView { on, link_hours } => crate::i18n::web::say(
            crate::i18n::Lang::En,
            &match on {
                true => crate::i18n::web::WebText::DoctorOn { hours: *link_hours },
                false => crate::i18n::web::WebText::DoctorOff,
            },
        ),
        Finding::HttpAddrValid { addr } => format!("HTTP server address {addr} (RAPPORT_HTTP_ADDR)"),
        Finding::HttpAddrInvalid { addr } => format!(
            "RAPPORT_HTTP_ADDR `{addr}` is not an address to listen on; write it like 0.0.0.0:8080"
        ),
        Finding::DatabaseReady { url, migrations } => format!("database {url} reachable, all {migrations} migrations applied"),
        Finding::DatabaseNew { url } => format!("database {url} does not exist yet; it is created and migrated at start"),
        Finding::DatabasePending { url, pending } => format!(
            "database {url} reachable; {pending} migration(s) not applied yet: they apply at the next start"
        ),
        Finding::DatabaseTooNew { url, versions } => format!(
            "database {url} has migrations this rapport does not know ({}): a newer version used it; upgrade rapport",
            versions.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
        ),
        Finding::DatabaseUnreachable { url, error } => format!(
            "cannot open the database {url}: {error}. Check DATABASE_URL, that the database is up and that its user may log in"
        ),
        Finding::TokenMissing => "DISCORD_TOKEN is not set, so rapport would start the local console. Copy the bot's token from the Developer Portal (Bot → Reset Token)".into(),
        Finding::TokenAccepted { bot, id } => format!("DISCORD_TOKEN accepted: the bot is {bot} ({id})"),
        Finding::TokenRefused { status } => format!(
            "Discord refused DISCORD_TOKEN ({status}): it is wrong or was reset. Copy a fresh one from the Developer Portal (Bot → Reset Token)"
        ),
        Finding::DiscordUnreachable { base, error } => format!(
            "cannot reach Discord at {base}: {error}. Check the network, the proxy or DISCORD_API_BASE"
        ),
        Finding::ApplicationIdMatches { id } => format!("DISCORD_APPLICATION_ID {id} is this bot's application"),
        Finding::ApplicationIdUnset { actual } => format!(
            "DISCORD_APPLICATION_ID is not set; set it to {actual} (the gateway's READY tells it too, but `rapport register-commands` and slow replies need it)"
        ),
        Finding::ApplicationIdMismatch { configured, actual } => format!(
            "DISCORD_APPLICATION_ID is {configured}, but the token belongs to application {actual}: set DISCORD_APPLICATION_ID={actual}"
        ),
        Finding::PublicKeyValid => "DISCORD_PUBLIC_KEY is a valid Ed25519 public key".into(),
        Finding::PublicKeyMissing => "DISCORD_PUBLIC_KEY is not set: the HTTP interactions endpoint is off, and interactions arrive through the gateway only".into(),
        Finding::PublicKeyMalformed => "DISCORD_PUBLIC_KEY is not a valid Ed25519 public key: copy the 64 hex characters of “Public Key” from the Developer Portal (General Information)".into(),
        Finding::PublicKeyMismatch => "DISCORD_PUBLIC_KEY is not this application's public key, so every request from Discord would be refused: copy “Public Key” from the Developer Portal (General Information)".into(),
        Finding::NothingToServe => "RAPPORT_GATEWAY=off needs DISCORD_PUBLIC_KEY: with neither the gateway nor the HTTP endpoint the bot hears nothing".into(),
        Finding::CronValid { name, expr } => format!("schedule {name} `{expr}` is a valid cron expression"),
        Finding::CronInvalid { name, expr, error } => format!(
            "schedule {name} `{expr}` is not a cron expression ({error}); write 6 fields, e.g. `0 0 9 * * Mon-Fri`"
        ),
        Finding::TimeZoneKnown { tz } => format!("time zone {tz} is known"),
        Finding::TimeZoneUnknown { tz } => format!(
            "time zone `{tz}` is unknown; use an IANA name such as Asia/Shanghai (`/rapport settings timezone:`)"
        ),
        Finding::WorkingHoursValid { days, hours } => format!("working hours {days} {hours}"),
        Finding::WorkingHoursInvalid { days, hours } => format!(
            "working hours `{days} {hours}` cannot be read; write them like Mon-Fri and 09:00-18:00"
        ),
        Finding::NoServers => "no server has used rapport yet: invite the bot, run `/rapport settings` there, then run this check again".into(),
        Finding::BotNotInServer => "the bot is not a member of this server (or cannot see it): invite it again with the bot and applications.commands scopes".into(),
        Finding::ChannelNotSet { which: ChannelUse::Complaints } => "no complaints channel set: complaint cards and threads go to the channel where /complaint new is used. Set one with `/rapport settings complaints_channel:`".into(),
        Finding::ChannelNotSet { which: ChannelUse::Alerts } => "no alerts channel set: escalations go to the complaints channel. Set one with `/rapport settings alerts_channel:`".into(),
        Finding::ChannelFound { which, channel, name } => format!("{} #{name} ({channel}) exists", channel_use(*which)),
        Finding::ChannelMissing { which, channel, status } => format!(
            "{} {channel} does not exist or the bot cannot see it ({status}): choose another with `/rapport settings`, or give the bot View Channel there",
            channel_use(*which)
        ),
        Finding::ChannelElsewhere { which, channel } => format!(
            "{} {channel} belongs to another server: choose one of this server's channels",
            channel_use(*which)
        ),
        Finding::PermissionsOk { which, channel } => format!(
            "the bot may do all it needs in the {} ({channel})",
            channel_use(*which)
        ),
        Finding::PermissionsMissing { which, channel, missing } => format!(
            "in the {} ({channel}) the bot lacks {}: grant them to the bot's role in the channel's permissions",
            channel_use(*which),
            missing.iter().map(|p| perm(*p)).collect::<Vec<_>>().join(", ")
        ),
        Finding::PermissionsUnverified { which, channel } => format!(
            "could not read the roles that decide the bot's permissions in the {} ({channel}); check View Channel, Send Messages, Create Public Threads and Send Messages in Threads by hand",
            channel_use(*which)
        ),
        Finding::RoleNotSet { which: RoleUse::Manager } => "no manager role set: escalations and approval requests ping nobody, and only admins count as managers. Set one with `/rapport settings manager_role:`".into(),
        Finding::RoleNotSet { which: RoleUse::Second } => "no second escalation role set: second escalations go to the manager role".into(),
        Finding::RoleFound { which, role, name } => format!("{} @{name} ({role}) exists", role_use(*which)),
        Finding::RoleMissing { which, role } => format!(
            "{} {role} does not exist in this server: choose another with `/rapport settings`",
            role_use(*which)
        ),
        Finding::RoleNotMentionable { which, role } => format!(
            "{} {role} is not mentionable and the bot lacks “Mention @everyone, @here and All Roles” in the alerts channel, so escalations would show the role without notifying anyone: make the role mentionable (Server Settings → Roles) or grant the bot that permission",
            role_use(*which)
        ),
        Finding::DiscordNotChecked => "channels, roles and the bot's permissions are checked in Discord (`/rapport setup`) or with `rapport doctor` on the server".into(),
    }
}
