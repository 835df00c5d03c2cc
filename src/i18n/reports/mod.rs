//! Words of the weekly and monthly reports and of exports; the layout of a
//! report (which lines, in which order) is in `reports::message`.

mod en;
mod zh_cn;

use super::Lang;
use crate::domain::complaint::Step;
use crate::domain::ids::{ComplaintNo, UserId};
use crate::domain::voice::DecisionState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    Acknowledge,
    /// From the settled solution to telling the customer (seed 002: at once).
    Tell,
    Resolve,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReportText {
    NoLastDecisions,
    LastDecisionsHeader {
        done: usize,
        total: usize,
    },
    DecisionLine {
        id: i64,
        what: String,
        owner: UserId,
        due: String,
        state: DecisionState,
    },
    /// "What would earn a 5?" answers and step-2 causes, quoted.
    WordsHeader,
    WordsLine {
        words: String,
        customer: String,
        rep: UserId,
        /// The complaint whose cause this was; `None` for a score's answer.
        complaint: Option<ComplaintNo>,
    },
    DecisionsHeader {
        count: usize,
    },
    Title {
        monthly: bool,
        period: String,
    },
    Volume {
        opened: i64,
        closed: i64,
        rejected: i64,
    },
    /// "Product 3 · Service 1", already worded.
    Categories {
        list: String,
    },
    Crises {
        product: i64,
        team: i64,
        boss: i64,
    },
    Times {
        timing: Timing,
        count: usize,
        median: String,
        p90: String,
    },
    NoTimes {
        timing: Timing,
    },
    Sla {
        late_acks: i64,
        promises: i64,
    },
    /// The harms of the complaints opened in the period (seed 002).
    Harms(crate::domain::harms::HarmTally),
    OpenHeader {
        open: i64,
        awaiting: i64,
    },
    OpenStep {
        step: Step,
        count: i64,
    },
    RepeatedHeader,
    RepeatedLine {
        customer: String,
        count: i64,
    },
    CausesHeader,
    CauseLine {
        cause: String,
        count: i64,
    },
    Visits {
        overdue: i64,
        boss: i64,
    },
    Scores {
        count: usize,
        overall: String,
        again: String,
        recommend: String,
        low: usize,
    },
    NoScores,
    Distribution {
        counts: [i64; 5],
    },
    Trend {
        monthly: bool,
        values: String,
    },
    ChartNote {
        monthly: bool,
    },
    Exported {
        from: String,
        until: String,
        complaints: usize,
        steps: usize,
        visits: usize,
        scores: usize,
    },
}

pub fn say(lang: Lang, text: &ReportText) -> String {
    match lang {
        Lang::En => en::say(text),
        Lang::ZhCn => zh_cn::say(text),
    }
}
