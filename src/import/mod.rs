//! Onboarding a team's customer list from a spreadsheet (CSV), the pure part:
//! decoding (UTF-8 with or without a BOM), the separator (`,` or `;`, read
//! from the header line), the columns (English or Chinese headers), and every
//! cell checked, each problem kept with its line number. Owners named by
//! `@name` and the existing customers are the database's business
//! (`ops::customer_import`).

mod values;

use std::collections::{BTreeMap, HashMap};

use chrono_tz::Tz;

use crate::domain::import::columns;
pub use crate::domain::import::{Column, FileProblem, ImportSummary, Problem, RowProblem};

use crate::domain::customer::{MAX_CUSTOMER_NAME, Tier, TrustStage};
use crate::domain::ids::Timestamp;
use crate::domain::refusal::Refusal;
use crate::domain::text::check_text;
use crate::domain::text::name_key;

/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// One import is one transaction; a team's list fits well within this.
pub const MAX_ROWS: usize = 5000;
/// The longest decision maker accepted, as for `/customer add`.
pub const MAX_DECISION_MAKER: usize = 200;

/// Who owns a customer, as the spreadsheet says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerRef {
    Id(i64),
    /// `@lin`: someone the server has seen, looked up by name.
    Name(String),
}

/// One customer line, read and checked; `None` means the cell was empty
/// (keep what is stored, or the default for a new customer).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: usize,
    pub name: String,
    pub owner: Option<OwnerRef>,
    pub tier: Option<Tier>,
    pub cadence_days: Option<i64>,
    pub stage: Option<TrustStage>,
    pub renewal_on: Option<Timestamp>,
    pub decision_maker: Option<String>,
    pub last_visit_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<RowProblem>,
}

/// The file's text: at most `MAX_FILE_BYTES`, UTF-8, without its BOM.
pub fn decode(bytes: &[u8]) -> Result<String, FileProblem> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge {
            max_bytes: MAX_FILE_BYTES,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::NotUtf8)?;
    Ok(text.to_string())
}

/// `;` when the header line has more of them than commas (outside quotes):
/// what a spreadsheet writes where the comma is the decimal mark.
pub fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' | '，' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Reads and checks every line; `now` and `tz` read the dates.
pub fn parse(text: &str, now: Timestamp, tz: Tz) -> Result<Parsed, FileProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(FileProblem::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FileProblem::Unreadable {
            line: error_line(&e),
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let map = columns::map_headers(&headers)?;
    let mut parsed = Parsed {
        rows: Vec::new(),
        problems: Vec::new(),
    };
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| FileProblem::Unreadable {
            line: error_line(&e),
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if parsed.rows.len() + parsed.problems.len() >= MAX_ROWS {
            return Err(FileProblem::TooManyRows { max: MAX_ROWS });
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells = Cells {
            record: &record,
            map: &map,
        };
        match read_row(line, &cells, headers.len(), now, tz) {
            Ok(row) => match first_seen.get(&name_key(&row.name)) {
                Some(first) => parsed.problems.push(RowProblem {
                    line,
                    problem: Problem::DuplicateName {
                        name: row.name.clone(),
                        first_line: *first,
                    },
                }),
                None => {
                    first_seen.insert(name_key(&row.name), line);
                    parsed.rows.push(row);
                }
            },
            Err(problems) => parsed.problems.extend(
                problems
                    .into_iter()
                    .map(|problem| RowProblem { line, problem }),
            ),
        }
    }
    if parsed.rows.is_empty() && parsed.problems.is_empty() {
        return Err(FileProblem::NoRows);
    }
    Ok(parsed)
}

fn error_line(e: &csv::Error) -> usize {
    e.position().map_or(0, |p| p.line() as usize)
}

struct Cells<'a> {
    record: &'a csv::StringRecord,
    map: &'a BTreeMap<Column, usize>,
}

impl Cells<'_> {
    /// The cell of `column`, `None` when the column is absent or the cell empty.
    fn get(&self, column: Column) -> Option<&str> {
        let i = *self.map.get(&column)?;
        self.record.get(i).filter(|v| !v.is_empty())
    }
}

/// Keeps a cell's value, or its problem.
fn kept<T>(problems: &mut Vec<Problem>, read: Result<T, Problem>) -> Option<T> {
    match read {
        Ok(v) => Some(v),
        Err(p) => {
            problems.push(p);
            None
        }
    }
}

/// One line, with every problem it has (not only the first).
fn read_row(
    line: usize,
    cells: &Cells<'_>,
    expected: usize,
    now: Timestamp,
    tz: Tz,
) -> Result<ImportRow, Vec<Problem>> {
    let mut problems = Vec::new();
    let found = cells.record.len();
    if cells.record.iter().skip(expected).any(|v| !v.is_empty()) {
        problems.push(Problem::ExtraCells { found, expected });
    }
    let name = match cells
        .get(Column::Name)
        .map(|n| check_text("name", n, MAX_CUSTOMER_NAME))
    {
        Some(Ok(n)) => Some(n),
        None | Some(Err(Refusal::EmptyText(_))) => kept(&mut problems, Err(Problem::NoName)),
        Some(Err(_)) => kept(
            &mut problems,
            Err(Problem::NameTooLong {
                max: MAX_CUSTOMER_NAME,
            }),
        ),
    };
    let p = &mut problems;
    let owner = cells
        .get(Column::Owner)
        .and_then(|v| kept(p, values::owner(v)));
    let tier = cells
        .get(Column::Tier)
        .and_then(|v| kept(p, values::tier(v)));
    let cadence_days = cells
        .get(Column::Cadence)
        .and_then(|v| kept(p, values::cadence(v)));
    let stage = cells
        .get(Column::Stage)
        .and_then(|v| kept(p, values::stage(v)));
    let date = |p: &mut Vec<Problem>, column: Column| {
        let given = cells.get(column)?;
        let read = values::date(given, now, tz).ok_or_else(|| Problem::BadDate {
            column,
            given: given.into(),
        });
        kept(p, read)
    };
    let renewal_on = date(p, Column::Renewal);
    let last_visit_at = date(p, Column::LastVisit);
    let decision_maker = cells.get(Column::DecisionMaker).and_then(|v| {
        let read =
            check_text("decision_maker", v, MAX_DECISION_MAKER).map_err(|_| Problem::TooLong {
                column: Column::DecisionMaker,
                max: MAX_DECISION_MAKER,
            });
        kept(p, read)
    });
    // A visit dated today counts from now; one on a later day has not happened.
    let last_visit_at = match last_visit_at {
        Some(at) if at > now && same_day(at, now, tz) => Some(now),
        Some(at) if at > now => {
            let given = cells.get(Column::LastVisit).unwrap_or_default();
            p.push(Problem::VisitInFuture(given.into()));
            None
        }
        other => other,
    };
    match name {
        Some(name) if problems.is_empty() => Ok(ImportRow {
            line,
            name,
            owner,
            tier,
            cadence_days,
            stage,
            renewal_on,
            decision_maker,
            last_visit_at,
        }),
        _ => Err(problems),
    }
}

fn same_day(a: Timestamp, b: Timestamp, tz: Tz) -> bool {
    let day = |t: Timestamp| {
        chrono::DateTime::from_timestamp(t, 0).map(|d| d.with_timezone(&tz).date_naive())
    };
    day(a) == day(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = 1_795_428_000; // 2026-11-23 10:00 UTC, a Monday
    const TZ: Tz = chrono_tz::UTC;

    fn problems(text: &str) -> Vec<(usize, Problem)> {
        parse(text, NOW, TZ)
            .unwrap()
            .problems
            .into_iter()
            .map(|p| (p.line, p.problem))
            .collect()
    }

    #[test]
    fn a_bom_and_semicolons_are_understood() {
        let bytes = "\u{feff}名称;负责人;等级;续约日期\n北方机械;@lin;重点;2027-03-01\n".as_bytes();
        let text = decode(bytes).unwrap();
        assert_eq!(delimiter(&text), b';');
        let parsed = parse(&text, NOW, TZ).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let row = &parsed.rows[0];
        assert_eq!((row.line, row.name.as_str()), (2, "北方机械"));
        assert_eq!(row.owner, Some(OwnerRef::Name("lin".into())));
        assert_eq!(row.tier, Some(Tier::Key));
        assert!(row.renewal_on.is_some());
    }

    #[test]
    fn every_bad_line_is_reported_with_its_line_number() {
        let text = "name,owner,tier,renewal,last visit\n\
                    Acme,123,key,2027-01-01,2026-11-01\n\
                    Beta,123,vip,2027-13-01,\n\
                    ACME ,124,normal,,\n\
                    ,125,normal,,\n\
                    Gamma,126,normal,,2026-12-24\n";
        assert_eq!(
            problems(text),
            vec![
                (3, Problem::BadTier("vip".into())),
                (
                    3,
                    Problem::BadDate {
                        column: Column::Renewal,
                        given: "2027-13-01".into()
                    }
                ),
                (
                    4,
                    Problem::DuplicateName {
                        name: "ACME".into(),
                        first_line: 2
                    }
                ),
                (5, Problem::NoName),
                (6, Problem::VisitInFuture("2026-12-24".into())),
            ]
        );
    }

    #[test]
    fn quoted_commas_and_blank_lines_are_fine() {
        let text = "name,decision maker\n\"Acme, Inc.\",\"Wang, CEO\"\n\n,\nBeta,\n";
        let parsed = parse(text, NOW, TZ).unwrap();
        let names: Vec<&str> = parsed.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["Acme, Inc.", "Beta"]);
        assert_eq!(parsed.rows[0].decision_maker.as_deref(), Some("Wang, CEO"));
        assert_eq!(parsed.rows[1].line, 5);
    }

    #[test]
    fn whole_file_problems() {
        assert_eq!(decode(&[0xff, 0xfe, 0x41]), Err(FileProblem::NotUtf8));
        assert_eq!(parse("  \n", NOW, TZ), Err(FileProblem::Empty));
        assert_eq!(parse("name,owner\n", NOW, TZ), Err(FileProblem::NoRows));
        assert_eq!(
            parse("name,colour\nAcme,red\n", NOW, TZ),
            Err(FileProblem::UnknownColumn("colour".into()))
        );
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert!(matches!(decode(&big), Err(FileProblem::TooLarge { .. })));
    }

    #[test]
    fn a_visit_today_counts_from_now() {
        let parsed = parse("name,last visit\nAcme,2026-11-23\n", NOW, TZ).unwrap();
        assert!(parsed.problems.is_empty());
        assert!(parsed.rows[0].last_visit_at.is_some_and(|t| t <= NOW));
    }
}
