//! The rules of rapport, free of Discord, SQL and the console.

pub mod calendar;
pub mod codes;
pub mod complaint;
pub mod crisis;
pub mod customer;
pub mod figures;
pub mod findings;
pub mod follow_up;
pub mod harms;
pub mod ids;
pub mod import;
pub mod message_link;
pub mod period;
pub mod period_figures;
pub mod permissions;
pub mod refusal;
pub mod reminders;
pub mod report;
pub mod schedules;
pub mod scoring;
pub mod steps;
pub mod text;
pub mod timeline;
pub mod voice;
pub mod weblink;
pub mod when;
