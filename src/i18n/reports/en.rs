//! English words of reports and exports.

use super::{ReportText, Timing};
use crate::domain::voice::DecisionState;

pub fn say(text: &ReportText) -> String {
    match text {
        ReportText::NoLastDecisions => {
            "No decisions were recorded at last month's meeting (`/voc decide`).".into()
        }
        ReportText::LastDecisionsHeader { done, total } => {
            format!("**Last month's decisions**: {done} of {total} carried out")
        }
        ReportText::DecisionLine {
            id,
            what,
            owner,
            due,
            state,
        } => {
            let mark = match state {
                DecisionState::Done => "✅ done",
                DecisionState::Open => "⏳ under way",
                DecisionState::Overdue => "⚠️ overdue",
            };
            format!("• #{id} {what} — <@{}>, due {due}: {mark}", owner.0)
        }
        ReportText::WordsHeader => {
            "**The customers' own words** (what would earn a 5, and the causes found)".into()
        }
        ReportText::WordsLine {
            words,
            customer,
            rep,
            complaint,
        } => match complaint {
            Some(n) => format!(
                "• “{words}” — {customer}, cause of {n}, noted by <@{}>",
                rep.0
            ),
            None => format!("• “{words}” — {customer}, noted by <@{}>", rep.0),
        },
        ReportText::DecisionsHeader { count } => format!("**Decisions taken this month**: {count}"),
        ReportText::Title {
            monthly: true,
            period,
        } => {
            format!("**Voice of the customer · {period}**")
        }
        ReportText::Title {
            monthly: false,
            period,
        } => format!("**Weekly report · {period}**"),
        ReportText::Volume {
            opened,
            closed,
            rejected,
        } => format!(
            "Complaints: {opened} opened, {closed} resolved, {rejected} rejected as unreasonable."
        ),
        ReportText::Categories { list } => format!("By category: {list}"),
        ReportText::Crises {
            product,
            team,
            boss,
        } => format!(
            "After-sales crises: product {product} · operating team {team} · boss/KP {boss}"
        ),
        ReportText::Times {
            timing,
            count,
            median,
            p90,
        } => format!(
            "{}: median {median}, 90th percentile {p90} ({count} complaint(s))",
            timing_name(*timing)
        ),
        ReportText::NoTimes { timing } => format!("{}: none in this period", timing_name(*timing)),
        ReportText::Sla {
            late_acks,
            promises,
        } => format!(
            "SLA breaches: {} ({late_acks} acknowledged late or not at all, {promises} promised deadline(s) missed)",
            late_acks + promises
        ),
        ReportText::Harms(t) => format!(
            "Harm done (complaints reported, {} assessed): body {} ({} serious) · feelings {} ({} serious) · money {} ({} serious)",
            t.assessed,
            t.body.0 + t.body.1,
            t.body.1,
            t.feelings.0 + t.feelings.1,
            t.feelings.1,
            t.money.0 + t.money.1,
            t.money.1
        ),
        ReportText::OpenHeader { open, awaiting } => {
            format!("**Open now: {open}** ({awaiting} waiting for a manager's approval)")
        }
        ReportText::OpenStep { step, count } => format!(
            "• step {} · {}: {count}",
            step.number(),
            crate::i18n::step_title(crate::i18n::Lang::En, *step)
        ),
        ReportText::RepeatedHeader => {
            "**Customers who complained more than once** (last 90 days)".into()
        }
        ReportText::RepeatedLine { customer, count } => format!("• {customer}: {count} complaints"),
        ReportText::CausesHeader => "**Most frequent causes** (step 2)".into(),
        ReportText::CauseLine { cause, count } => format!("• {count}× {cause}"),
        ReportText::Visits { overdue, boss } => {
            format!("Visits overdue now: {overdue} customer(s); boss/KP not met in time: {boss}")
        }
        ReportText::Scores {
            count,
            overall,
            again,
            recommend,
            low,
        } => format!(
            "**Scores** ({count}): overall {overall} · buy again {again} · recommend {recommend}; {low} with an answer below 4"
        ),
        ReportText::NoScores => {
            "**Scores**: none recorded in this period. Run a poll: `/score poll`.".into()
        }
        ReportText::Distribution { counts } => format!(
            "Overall answers: 1★ {} · 2★ {} · 3★ {} · 4★ {} · 5★ {}",
            counts[0], counts[1], counts[2], counts[3], counts[4]
        ),
        ReportText::Trend { monthly, values } => format!(
            "Average overall score, {}: {values}",
            if *monthly {
                "month by month"
            } else {
                "week by week"
            }
        ),
        ReportText::ChartNote { monthly } => format!(
            "The chart: open complaints by step (left), average overall score {} (right).",
            if *monthly { "per month" } else { "per week" }
        ),
        ReportText::Exported {
            from,
            until,
            complaints,
            steps,
            visits,
            scores,
        } => format!(
            "Export from {from} to {until}: {complaints} complaint(s), {steps} step record(s), {visits} visit(s), {scores} score(s). CSV in UTF-8, ready for a spreadsheet or your CRM."
        ),
    }
}

fn timing_name(t: Timing) -> &'static str {
    match t {
        Timing::Acknowledge => "Time to acknowledge",
        Timing::Tell => "Time to tell the customer the solution",
        Timing::Resolve => "Time to resolve",
    }
}
