//! Report periods in a server's time zone: a week runs from Monday 00:00 to
//! the next Monday 00:00, a month from the 1st 00:00 to the next 1st, both
//! local. Bucketing is done here rather than in SQL, so it is the same on
//! SQLite and PostgreSQL and follows the server's zone and its DST changes.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

use super::ids::Timestamp;
use super::when::{WhenError, parse_moment};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Week,
    Month,
}

/// `[start, end)` in unix seconds, with the local day it begins on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub first_day: NaiveDate,
    pub start: Timestamp,
    pub end: Timestamp,
}

/// Local midnight of `day`; a zone that skips midnight starts the day at
/// the first instant that exists.
pub fn day_start(day: NaiveDate, tz: Tz) -> Timestamp {
    for hour in 0..3 {
        let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN);
        if let Some(t) = tz.from_local_datetime(&day.and_time(time)).earliest() {
            return t.timestamp();
        }
    }
    day.and_time(NaiveTime::MIN).and_utc().timestamp()
}

fn local_day(at: Timestamp, tz: Tz) -> Option<NaiveDate> {
    Some(tz.timestamp_opt(at, 0).single()?.date_naive())
}

impl Period {
    fn from_first_day(kind: PeriodKind, first_day: NaiveDate, tz: Tz) -> Option<Period> {
        let next = match kind {
            PeriodKind::Week => first_day.checked_add_days(Days::new(7))?,
            PeriodKind::Month => first_day.checked_add_months(Months::new(1))?,
        };
        Some(Period {
            kind,
            first_day,
            start: day_start(first_day, tz),
            end: day_start(next, tz),
        })
    }

    /// The week or month that `at` falls in.
    pub fn containing(kind: PeriodKind, at: Timestamp, tz: Tz) -> Option<Period> {
        let day = local_day(at, tz)?;
        let first = match kind {
            PeriodKind::Week => {
                day.checked_sub_days(Days::new(day.weekday().num_days_from_monday().into()))?
            }
            PeriodKind::Month => day.with_day(1)?,
        };
        Period::from_first_day(kind, first, tz)
    }

    pub fn previous(&self, tz: Tz) -> Option<Period> {
        Period::containing(self.kind, self.start - 1, tz)
    }

    /// `n` periods ending with this one, oldest first (for trends).
    pub fn recent(&self, n: usize, tz: Tz) -> Vec<Period> {
        let mut out = vec![*self];
        while out.len() < n {
            match out.last().and_then(|p| p.previous(tz)) {
                Some(p) => out.push(p),
                None => break,
            }
        }
        out.reverse();
        out
    }

    pub fn contains(&self, at: Timestamp) -> bool {
        self.start <= at && at < self.end
    }

    /// "2026-11" for a month; "2026-11-23 – 11-29" for a week.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Month => self.first_day.format("%Y-%m").to_string(),
            PeriodKind::Week => {
                let last = self
                    .first_day
                    .checked_add_days(Days::new(6))
                    .unwrap_or(self.first_day);
                format!("{} – {}", self.first_day, last.format("%m-%d"))
            }
        }
    }

    /// A short tag for file names and chart axes: "2026-11", "2026-11-23".
    pub fn tag(&self) -> String {
        match self.kind {
            PeriodKind::Month => self.first_day.format("%Y-%m").to_string(),
            PeriodKind::Week => self.first_day.to_string(),
        }
    }
}

fn is_previous_word(text: &str) -> bool {
    matches!(
        text,
        "last"
            | "previous"
            | "prev"
            | "上周"
            | "上一周"
            | "上星期"
            | "上个星期"
            | "上月"
            | "上个月"
    )
}

fn is_current_word(text: &str) -> bool {
    matches!(
        text,
        "this" | "current" | "本周" | "这周" | "本月" | "这个月"
    )
}

/// `2026-11` → the 1st of that month.
fn month_text(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", text.replace('/', "-")), "%Y-%m-%d").ok()
}

/// `2026-11-30` or `2026/11/30` → that day.
fn date_text(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&text.replace('/', "-"), "%Y-%m-%d").ok()
}

/// The period a user asked for: nothing or `this` → the current one; `last`
/// (`上周`, `上月`) → the one before; `2026-11` → that month (or the week of
/// its 1st); anything `when::parse_moment` reads → the period containing it.
pub fn read(
    kind: PeriodKind,
    text: Option<&str>,
    now: Timestamp,
    tz: Tz,
) -> Result<Period, WhenError> {
    let current = Period::containing(kind, now, tz).ok_or(WhenError::InvalidDate)?;
    let text = text.map(|t| t.trim().to_lowercase()).unwrap_or_default();
    if text.is_empty() || is_current_word(&text) {
        return Ok(current);
    }
    if is_previous_word(&text) {
        return current.previous(tz).ok_or(WhenError::InvalidDate);
    }
    let at = match month_text(&text).filter(|_| date_text(&text).is_none()) {
        Some(first) => day_start(first, tz),
        None => parse_moment(&text, now, tz)?,
    };
    Period::containing(kind, at, tz).ok_or(WhenError::InvalidDate)
}

/// Which end of a range a date names: a whole day or month counts in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    From,
    Until,
}

/// A range edge: `2026-11-01` is that day's start (`From`) or the next
/// day's start (`Until`, so the day is included); `2026-11` likewise for a
/// month; anything else as `when::parse_moment` reads it.
pub fn read_edge(text: &str, edge: Edge, now: Timestamp, tz: Tz) -> Result<Timestamp, WhenError> {
    let text = text.trim();
    let (first, after) = if let Some(day) = date_text(text) {
        (day, day.checked_add_days(Days::new(1)))
    } else if let Some(first) = month_text(text) {
        (first, first.checked_add_months(Months::new(1)))
    } else {
        return parse_moment(text, now, tz);
    };
    Ok(match edge {
        Edge::From => day_start(first, tz),
        Edge::Until => day_start(after.ok_or(WhenError::InvalidDate)?, tz),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;
    /// 2026-11-23 10:00 UTC, a Monday (18:00 in Shanghai).
    const T0: i64 = 1_795_428_000;

    #[test]
    fn months_and_weeks_follow_the_zone() {
        let m = Period::containing(PeriodKind::Month, T0, SHANGHAI).unwrap();
        assert_eq!(m.label(), "2026-11");
        // 2026-11-01 00:00 +08:00 = 2026-10-31 16:00 UTC.
        assert_eq!(m.start, 1_793_462_400);
        assert_eq!(m.end - m.start, 30 * 86_400);
        // 2026-10-31 17:00 UTC is already November in Shanghai, not in UTC.
        let edge = 1_793_466_000;
        assert!(m.contains(edge));
        assert_eq!(
            Period::containing(PeriodKind::Month, edge, Tz::UTC)
                .unwrap()
                .label(),
            "2026-10"
        );
        let w = Period::containing(PeriodKind::Week, T0, SHANGHAI).unwrap();
        assert_eq!(w.label(), "2026-11-23 – 11-29");
        assert_eq!(w.previous(SHANGHAI).unwrap().tag(), "2026-11-16");
        let weeks: Vec<String> = w.recent(3, SHANGHAI).iter().map(Period::tag).collect();
        assert_eq!(weeks, ["2026-11-09", "2026-11-16", "2026-11-23"]);
    }

    #[test]
    fn dst_weeks_are_shorter_or_longer() {
        let berlin = chrono_tz::Europe::Berlin;
        // The week of 2026-10-25, when clocks go back an hour.
        let at = 1_792_850_400; // 2026-10-25 12:00 UTC
        let w = Period::containing(PeriodKind::Week, at, berlin).unwrap();
        assert_eq!(w.end - w.start, 7 * 86_400 + 3600);
    }

    #[test]
    fn what_users_type() {
        let tz = Tz::UTC;
        let read = |t: Option<&str>| read(PeriodKind::Month, t, T0, tz).map(|p| p.label());
        assert_eq!(read(None).unwrap(), "2026-11");
        assert_eq!(read(Some("last")).unwrap(), "2026-10");
        assert_eq!(read(Some("上个月")).unwrap(), "2026-10");
        assert_eq!(read(Some("2026-02")).unwrap(), "2026-02");
        assert_eq!(read(Some("2026-09-15")).unwrap(), "2026-09");
        assert!(read(Some("soon")).is_err());
        let from = read_edge("2026-11-01", Edge::From, T0, tz).unwrap();
        let until = read_edge("2026-11-30", Edge::Until, T0, tz).unwrap();
        assert_eq!(until - from, 30 * 86_400);
        assert_eq!(
            read_edge("2026-11", Edge::Until, T0, tz).unwrap(),
            until,
            "a month runs to its last day inclusive"
        );
    }
}
