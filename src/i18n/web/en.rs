//! English words of the web view.

use super::{WebText, Word};

pub fn word(word: Word) -> &'static str {
    match word {
        Word::Product => "rapport",
        Word::Overview => "Team at a glance",
        Word::Complaints => "Complaints",
        Word::LogOut => "Log out",
        Word::Board => "Open complaints by step",
        Word::OpenComplaints => "Open complaints",
        Word::PromisesDue => "Promises due in the next 48 h",
        Word::PromisesMissed => "Promises missed",
        Word::FollowUpsDue => "Follow-ups due",
        Word::ApprovalsWaiting => "Approvals waiting",
        Word::SlaBreaches => "SLA breaches (late acknowledgements, 12 weeks)",
        Word::WeeklyTimes => "Time to acknowledge and to resolve, week by week",
        Word::Week => "Week",
        Word::ToAcknowledge => "To acknowledge",
        Word::ToResolve => "To resolve",
        Word::Median => "median",
        Word::P90 => "p90",
        Word::Count => "Count",
        Word::Hours => "hours",
        Word::LateAcks => "Late acknowledgements",
        Word::Total => "Total",
        Word::Number => "No.",
        Word::Customer => "Customer",
        Word::Summary => "Summary",
        Word::Severity => "Severity",
        Word::Status => "Status",
        Word::Step => "Step",
        Word::Owner => "Owner",
        Word::Reported => "Reported",
        Word::From => "From",
        Word::Until => "Until",
        Word::Filter => "Filter",
        Word::Any => "Any",
        Word::Newer => "Newer",
        Word::Older => "Older",
        Word::NothingHere => "Nothing here.",
        Word::StepRecords => "The five steps",
        Word::NotRecorded => "Not recorded yet",
        Word::Timeline => "Timeline",
        Word::BackToBoard => "Back to the board",
        Word::ChartAlt => "The same figures are in the table beside the chart.",
    }
}

pub fn say(text: &WebText) -> String {
    match text {
        WebText::More { hidden } => format!("and {hidden} more"),
        WebText::ComplaintTitle { number, customer } => format!("Complaint {number}: {customer}"),
        WebText::AsOf { at } => format!("As of {at}"),
        WebText::Link { url, until } => format!(
            "Your dashboard, for you only: {url}\nThe link works until {until}; keep it to yourself, and log out on a shared screen."
        ),
        WebText::Off => "The web view is off: the operator has not set RAPPORT_WEB_SECRET. Reports are still here: /report week and /report month.".into(),
        WebText::Expired => "This link has expired. Run /report dashboard in Discord for a new one.".into(),
        WebText::Invalid => "This link is not valid. Run /report dashboard in Discord for a new one.".into(),
        WebText::LoggedOut => "You are logged out, and this link no longer works. Run /report dashboard in Discord for a new one.".into(),
        WebText::Failed => "This page could not be read just now. Try again in a moment.".into(),
        WebText::NotFound => "There is no such page for your server.".into(),
        WebText::DoctorOn { hours } => format!("The web view is on: /report dashboard gives managers links that last {hours} h."),
        WebText::DoctorOff => "The web view is off: set RAPPORT_WEB_SECRET (16 characters or more) to let managers open /report dashboard.".into(),
    }
}
