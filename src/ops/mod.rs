//! Running rapport for real: onboarding a team's customers from a
//! spreadsheet, the setup check, backups, and moving a server's data
//! between databases. The command-line side is `cli`.

pub mod backup;
pub mod cli;
pub mod doctor;
pub mod transfer;

/// An error as one line, its causes joined: what start-up prints, so a
/// multi-line message (a TOML parse error) cannot hide the key it names.
pub fn one_line(e: &anyhow::Error) -> String {
    format!("{e:#}")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '|' || c == '^' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ")
}
