//! A customer spreadsheet's shape and its problems: the columns rapport
//! reads, and what can be wrong with the file or a line of it. Reading the
//! file is `crate::import`'s; saying what is wrong is the catalogues'.

pub mod columns;

pub use columns::Column;

use super::refusal::Refusal;

/// What is wrong with one line.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NoName,
    NameTooLong {
        max: usize,
    },
    DuplicateName {
        name: String,
        first_line: usize,
    },
    /// A new customer needs an owner.
    OwnerNeeded,
    UnknownOwner(String),
    BadTier(String),
    BadStage(String),
    BadCadence(String),
    BadDate {
        column: Column,
        given: String,
    },
    VisitInFuture(String),
    TooLong {
        column: Column,
        max: usize,
    },
    ExtraCells {
        found: usize,
        expected: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub line: usize,
    pub problem: Problem,
}

/// Why the file as a whole cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    TooLarge {
        max_bytes: usize,
    },
    NotUtf8,
    Empty,
    NoNameColumn,
    UnknownColumn(String),
    DuplicateColumn(String),
    NoRows,
    TooManyRows {
        max: usize,
    },
    /// Broken quoting or the like, from this line on.
    Unreadable {
        line: usize,
    },
    /// The attachment could not be downloaded.
    Download,
}

impl From<FileProblem> for Refusal {
    fn from(p: FileProblem) -> Refusal {
        Refusal::ImportFile(p)
    }
}

/// What an import did, or (dry run) would do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSummary {
    pub dry_run: bool,
    pub created: Vec<String>,
    /// Each changed customer with the columns that change.
    pub updated: Vec<(String, Vec<Column>)>,
    pub unchanged: usize,
}
