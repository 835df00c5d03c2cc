//! Working hours and SLA windows: when a server's team is at work, and when a
//! span of wall-clock or working time has passed.
//!
//! Pure: moments are unix seconds, read in the time zone the hours carry.
//! Never panics; absurd moments are clamped to the years 1..=9999.

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta,
    TimeZone, Weekday,
};
use chrono_tz::Tz;

/// A server's working week: which weekdays, and the daily opening hours, in its time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingHours {
    pub tz: Tz,
    /// Bit i set = weekday i works, with Monday = 0 … Sunday = 6.
    pub days: u8,
    /// Minutes after local midnight; start < end, both within 0..=1440.
    pub start_min: u32,
    pub end_min: u32,
}

/// Why working days, hours or a span could not be read.
// The shared prefix reads well at call sites: `CalendarError::BadDays`.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    BadDays(String),
    BadHours(String),
    BadSpan(String),
}

impl std::fmt::Display for CalendarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (input, what, example) = match self {
            CalendarError::BadDays(s) => {
                (s, "a set of working days", "\"Mon-Fri\" or \"Mon,Wed,Fri\"")
            }
            CalendarError::BadHours(s) => (s, "a range of working hours", "\"09:00-18:00\""),
            CalendarError::BadSpan(s) => (s, "a time span", "\"15m\", \"2d\" or \"4wh\""),
        };
        write!(f, "\"{input}\" is not {what}; try {example}")
    }
}

impl std::error::Error for CalendarError {}

const MIN_TS: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
const MAX_TS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
/// Enough days to reach the next working period from anywhere in a week,
/// even past a few periods emptied by DST gaps.
const SCAN_DAYS: usize = 21;

fn clamp(at: i64) -> i64 {
    at.clamp(MIN_TS, MAX_TS)
}

fn plus_days(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(u64::try_from(n).ok()?))
}

impl WorkingHours {
    /// Parses days like "Mon-Fri", "Mon,Wed,Fri", "Sun-Thu", "Mon-Fri,Sun", "every day"/"Mon-Sun"
    /// (case-insensitive, three-letter or full English names) and hours like "09:00-18:00" or "9-18".
    pub fn parse(days: &str, hours: &str, tz: Tz) -> Result<WorkingHours, CalendarError> {
        let bad_days = || CalendarError::BadDays(days.trim().to_string());
        let bad_hours = || CalendarError::BadHours(hours.trim().to_string());
        let days_mask = parse_days(days).ok_or_else(bad_days)?;
        let (start_min, end_min) = parse_hours(hours).ok_or_else(bad_hours)?;
        Ok(WorkingHours {
            tz,
            days: days_mask,
            start_min,
            end_min,
        })
    }

    /// Mon–Fri 09:00–18:00 in `tz`.
    pub fn standard(tz: Tz) -> WorkingHours {
        WorkingHours {
            tz,
            days: 0b001_1111,
            start_min: 9 * 60,
            end_min: 18 * 60,
        }
    }

    /// Length of one working day in seconds (end - start).
    pub fn day_secs(&self) -> i64 {
        i64::from(self.end_min.min(1440).saturating_sub(self.start_min)) * 60
    }

    /// Whether `at` falls inside working time (start inclusive, end exclusive).
    pub fn is_working(&self, at: i64) -> bool {
        let at = clamp(at);
        self.period_ending_after(at)
            .is_some_and(|(_, open, _)| open <= at)
    }

    /// `at` itself if working, else the next opening (start of the next working period).
    pub fn next_working(&self, at: i64) -> i64 {
        let at = clamp(at);
        self.period_ending_after(at)
            .map_or(MAX_TS, |(_, open, _)| open.max(at))
    }

    /// `at` itself if working, else the last working instant before it (one second before the previous closing).
    pub fn prev_working(&self, at: i64) -> i64 {
        let at = clamp(at);
        let Some(after) = self.local_date(at).succ_opt() else {
            return MIN_TS;
        };
        let opened = after
            .iter_days()
            .rev()
            .take(SCAN_DAYS)
            .find_map(|date| self.period(date).filter(|&(open, _)| open <= at));
        opened.map_or(MIN_TS, |(_, close)| if at < close { at } else { close - 1 })
    }

    /// The moment when `secs` of working time have passed after `from` (time outside working hours doesn't count).
    /// `from` outside working hours starts counting at the next opening. secs <= 0 → next_working(from).
    pub fn add_working(&self, from: i64, secs: i64) -> i64 {
        let from = clamp(from);
        let Some((date, open, close)) = self.period_ending_after(from) else {
            return MAX_TS;
        };
        let start = open.max(from);
        if secs <= close - start {
            return start + secs.max(0);
        }
        let left = secs - (close - start);
        // Keep at least one second for the walk, so a span ending exactly at a
        // closing lands on that closing rather than the next opening.
        let weeks = (left - 1) / self.week_secs().max(1);
        let skipped = weeks
            .checked_mul(7)
            .and_then(|days| plus_days(date, days + 1));
        match skipped {
            Some(next) if next.year() <= 9999 => self.walk(next, left - weeks * self.week_secs()),
            _ => MAX_TS,
        }
    }

    /// Working seconds between two moments (0 if to <= from).
    pub fn working_between(&self, from: i64, to: i64) -> i64 {
        let (from, to) = (clamp(from), clamp(to));
        if to <= from {
            return 0;
        }
        let (Some(first), Some(last)) = (
            self.local_date(from).pred_opt(),
            self.local_date(to).succ_opt(),
        ) else {
            return 0;
        };
        // Days three or more from either end lie wholly inside (from, to), so
        // whole weeks of them count as nominal weeks.
        let inner_days = (last - first).num_days() - 5;
        let weeks = inner_days.max(0) / 7;
        let overlap = |date: NaiveDate| {
            self.period(date)
                .map_or(0, |(open, close)| (close.min(to) - open.max(from)).max(0))
        };
        let head: i64 = first.iter_days().take(3).map(overlap).sum();
        let tail: i64 = plus_days(first, 3 + 7 * weeks).map_or(0, |start| {
            start
                .iter_days()
                .take_while(|d| *d <= last)
                .map(overlap)
                .sum()
        });
        head + weeks * self.week_secs() + tail
    }

    /// Working seconds in a week, assuming no DST change falls inside working
    /// hours (true of office hours): whole weeks are skipped at this rate.
    fn week_secs(&self) -> i64 {
        i64::from((self.days & 0x7f).count_ones()) * self.day_secs()
    }

    /// Counts `left` (> 0) working seconds from the opening of `date`.
    fn walk(&self, date: NaiveDate, mut left: i64) -> i64 {
        for (open, close) in date
            .iter_days()
            .take(SCAN_DAYS)
            .filter_map(|d| self.period(d))
        {
            if left <= close - open {
                return open + left;
            }
            left -= close - open;
        }
        MAX_TS
    }

    /// The first working period that closes after `at`: its date, opening and closing.
    fn period_ending_after(&self, at: i64) -> Option<(NaiveDate, i64, i64)> {
        let before = self.local_date(at).pred_opt()?;
        before.iter_days().take(SCAN_DAYS).find_map(|date| {
            self.period(date)
                .filter(|&(_, close)| close > at)
                .map(|(open, close)| (date, open, close))
        })
    }

    /// The opening and closing on `date`, if it is a working day and DST leaves it non-empty.
    fn period(&self, date: NaiveDate) -> Option<(i64, i64)> {
        let works = (self.days >> date.weekday().num_days_from_monday()) & 1 == 1;
        if !works || self.start_min >= self.end_min || self.end_min > 1440 {
            return None;
        }
        let open = self.instant(date, self.start_min);
        let close = self.instant(date, self.end_min);
        (open < close).then_some((open, close))
    }

    fn local(&self, at: i64) -> NaiveDateTime {
        let utc = DateTime::from_timestamp(clamp(at), 0).unwrap_or_default();
        utc.with_timezone(&self.tz).naive_local()
    }

    fn local_date(&self, at: i64) -> NaiveDate {
        self.local(at).date()
    }

    /// The instant of local `minute` (0..=1440) on `date`: the earlier one if
    /// it happens twice, the first one after it if a DST gap skips it.
    fn instant(&self, date: NaiveDate, minute: u32) -> i64 {
        let midnight = date.and_time(NaiveTime::MIN);
        let naive = midnight
            .checked_add_signed(TimeDelta::minutes(i64::from(minute)))
            .unwrap_or(midnight);
        match self.tz.from_local_datetime(&naive) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.timestamp(),
            LocalResult::None => self.first_instant_reaching(naive),
        }
    }

    /// The first instant whose local time is `naive` or later.
    fn first_instant_reaching(&self, naive: NaiveDateTime) -> i64 {
        // UTC offsets stay within a day, so the answer lies within a day of `naive` read as UTC.
        let guess = naive.and_utc().timestamp();
        let (mut lo, mut hi) = (guess - 86_400, guess + 86_400);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.local(mid) < naive {
                lo = mid
            } else {
                hi = mid
            }
        }
        hi
    }
}

/// "Mon-Fri,Sun" → bit mask with Monday = bit 0; None if any part is unknown.
fn parse_days(text: &str) -> Option<u8> {
    let text = text.trim().to_lowercase().replace(['–', '—'], "-");
    if matches!(text.as_str(), "every day" | "everyday" | "daily") {
        return Some(0x7f);
    }
    text.split(',').try_fold(0u8, |mask, part| {
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (weekday(a)?, weekday(b)?),
            None => (weekday(part)?, weekday(part)?),
        };
        // Ranges may wrap past Sunday, e.g. "Sun-Thu".
        let len = (last + 7 - first) % 7 + 1;
        Some((0..len).fold(mask, |m, i| m | 1 << ((first + i) % 7)))
    })
}

/// "mon", "Thursday" → 0..7 with Monday = 0.
fn weekday(name: &str) -> Option<u32> {
    name.trim()
        .parse::<Weekday>()
        .ok()
        .map(|day| day.num_days_from_monday())
}

/// "09:00-18:00" or "9-18" → (start, end) in minutes after midnight.
fn parse_hours(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().replace(['–', '—'], "-");
    let (start, end) = text.split_once('-')?;
    let (start, end) = (clock_minutes(start)?, clock_minutes(end)?);
    (start < end).then_some((start, end))
}

/// "9", "09:30", "24:00" → minutes after midnight.
fn clock_minutes(text: &str) -> Option<u32> {
    let text = text.trim();
    let (hour, minute) = text.split_once(':').unwrap_or((text, "0"));
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hour) || !all_digits(minute) {
        return None;
    }
    let (hour, minute) = (hour.parse::<u32>().ok()?, minute.parse::<u32>().ok()?);
    let total = hour * 60 + minute;
    (minute < 60 && total <= 1440).then_some(total)
}

/// An SLA window: wall-clock seconds, working seconds, or whole working
/// days (whose length is each server's own working day, so they are
/// measured only when a server's hours are known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Clock(i64),
    Working(i64),
    WorkingDays(i64),
}

impl Span {
    /// "15m", "1h", "90 min", "5d", "2 days" → Clock; "4wh", "4 working hours" → Working;
    /// "1wd", "2 working days" → WorkingDays. "" / "none" / "-" → Ok(None).
    pub fn parse(text: &str) -> Result<Option<Span>, CalendarError> {
        let lower = text.trim().to_lowercase();
        if matches!(lower.as_str(), "" | "none" | "-") {
            return Ok(None);
        }
        let bad = || CalendarError::BadSpan(text.trim().to_string());
        let digits = lower
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(lower.len());
        let count: i64 = lower[..digits].parse().map_err(|_| bad())?;
        let unit: String = lower[digits..].split_whitespace().collect();
        let (unit_secs, kind) = unit_secs(&unit).ok_or_else(bad)?;
        Ok(Some(kind(count.checked_mul(unit_secs).ok_or_else(bad)?)))
    }

    /// The moment this span has passed after `from`.
    pub fn after(&self, from: i64, hours: &WorkingHours) -> i64 {
        match *self {
            Span::Clock(secs) => clamp(from).saturating_add(secs),
            Span::Working(secs) => hours.add_working(from, secs),
            Span::WorkingDays(days) => {
                hours.add_working(from, days.saturating_mul(hours.day_secs()))
            }
        }
    }

    /// The same span repeated `n` times after `from` (n >= 0), e.g. the n-th repeat nudge.
    pub fn times(&self, n: i64) -> Span {
        let n = n.max(0);
        match *self {
            Span::Clock(secs) => Span::Clock(secs.saturating_mul(n)),
            Span::Working(secs) => Span::Working(secs.saturating_mul(n)),
            Span::WorkingDays(days) => Span::WorkingDays(days.saturating_mul(n)),
        }
    }
}

type MakeSpan = fn(i64) -> Span;

/// How many of the span's units one `unit` (whitespace removed) is, and which kind of span they make.
fn unit_secs(unit: &str) -> Option<(i64, MakeSpan)> {
    Some(match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => (60, Span::Clock),
        "h" | "hr" | "hrs" | "hour" | "hours" => (3600, Span::Clock),
        "d" | "day" | "days" => (86_400, Span::Clock),
        "w" | "week" | "weeks" => (7 * 86_400, Span::Clock),
        "wm" | "workingminute" | "workingminutes" => (60, Span::Working),
        "wh" | "workinghour" | "workinghours" => (3600, Span::Working),
        "wd" | "workingday" | "workingdays" | "workday" | "workdays" => (1, Span::WorkingDays),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz::{Asia__Shanghai as Shanghai, Europe__Berlin as Berlin};

    const H: i64 = 3600;

    fn at(tz: Tz, (y, mo, d): (i32, u32, u32), h: u32, mi: u32) -> i64 {
        tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .earliest()
            .unwrap()
            .timestamp()
    }

    /// Shanghai, November 2026; the 23rd is a Monday.
    fn sh(day: u32, h: u32, mi: u32) -> i64 {
        at(Shanghai, (2026, 11, day), h, mi)
    }

    fn std_sh() -> WorkingHours {
        WorkingHours::standard(Shanghai)
    }

    fn days(text: &str) -> Result<u8, CalendarError> {
        WorkingHours::parse(text, "9-18", Shanghai).map(|h| h.days)
    }

    fn hours(text: &str) -> Result<(u32, u32), CalendarError> {
        WorkingHours::parse("Mon-Fri", text, Shanghai).map(|h| (h.start_min, h.end_min))
    }

    #[test]
    fn parses_days() {
        assert_eq!(days("Mon-Fri"), Ok(0b001_1111));
        assert_eq!(days("sun-thu"), Ok(0b100_1111));
        assert_eq!(days("Mon,Wed"), Ok(0b000_0101));
        assert_eq!(days("Mon,Wed,Fri"), Ok(0b001_0101));
        assert_eq!(days("Mon-Fri,Sun"), Ok(0b101_1111));
        assert_eq!(days("every day"), Ok(0x7f));
        assert_eq!(days("Mon-Sun"), Ok(0x7f));
        assert_eq!(days(" Monday - FRIDAY "), Ok(0b001_1111));
        assert_eq!(days("tue,THURSDAY"), Ok(0b000_1010));
        assert_eq!(days("Fri-Mon"), Ok(0b111_0001));
        assert_eq!(days("Sat"), Ok(0b010_0000));
    }

    #[test]
    fn rejects_bad_days() {
        for bad in [
            "Funday",
            "",
            "Mon-",
            "Mon,,Fri",
            "mo",
            "Mon-Fri-Sat",
            "weekdays",
        ] {
            assert_eq!(
                days(bad),
                Err(CalendarError::BadDays(bad.trim().to_string())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_hours() {
        assert_eq!(hours("09:00-18:00"), Ok((540, 1080)));
        assert_eq!(hours("9-18"), Ok((540, 1080)));
        assert_eq!(hours(" 9:30 - 17:45 "), Ok((570, 1065)));
        assert_eq!(hours("00:00-24:00"), Ok((0, 1440)));
    }

    #[test]
    fn rejects_bad_hours() {
        let bad = [
            "18:00-09:00",
            "25:00-26:00",
            "09:00-09:00",
            "9",
            "9:60-18",
            "9-24:30",
            "nine-five",
            "",
            "-9-18",
        ];
        for text in bad {
            assert_eq!(
                hours(text),
                Err(CalendarError::BadHours(text.to_string())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn errors_name_the_input_and_an_example() {
        let days = CalendarError::BadDays("Funday".into()).to_string();
        assert!(
            days.contains("Funday") && days.contains("Mon-Fri"),
            "{days}"
        );
        let hours = CalendarError::BadHours("25-26".into()).to_string();
        assert!(
            hours.contains("25-26") && hours.contains("09:00-18:00"),
            "{hours}"
        );
        let span = CalendarError::BadSpan("soon".into()).to_string();
        assert!(span.contains("soon") && span.contains("4wh"), "{span}");
    }

    #[test]
    fn standard_is_mon_fri_nine_to_six() {
        assert_eq!(
            WorkingHours::parse("Mon-Fri", "09:00-18:00", Shanghai),
            Ok(std_sh())
        );
        assert_eq!(std_sh().day_secs(), 9 * H);
    }

    #[test]
    fn is_working_at_boundaries() {
        let h = std_sh();
        assert!(!h.is_working(sh(23, 9, 0) - 1));
        assert!(h.is_working(sh(23, 9, 0)));
        assert!(h.is_working(sh(23, 18, 0) - 1));
        assert!(!h.is_working(sh(23, 18, 0)));
        assert!(!h.is_working(sh(28, 12, 0)), "Saturday");
        assert!(!h.is_working(sh(29, 12, 0)), "Sunday");
    }

    #[test]
    fn next_working_waits_for_opening() {
        let h = std_sh();
        assert_eq!(
            h.next_working(sh(27, 18, 0)),
            sh(30, 9, 0),
            "Friday close → Monday"
        );
        assert_eq!(h.next_working(sh(23, 8, 0)), sh(23, 9, 0));
        assert_eq!(h.next_working(sh(23, 20, 0)), sh(24, 9, 0));
        assert_eq!(
            h.next_working(sh(24, 11, 7)),
            sh(24, 11, 7),
            "already working"
        );
    }

    #[test]
    fn prev_working_goes_back_to_last_second() {
        let h = std_sh();
        assert_eq!(
            h.prev_working(sh(28, 12, 0)),
            sh(27, 18, 0) - 1,
            "Saturday → Friday 17:59:59"
        );
        assert_eq!(h.prev_working(sh(30, 8, 0)), sh(27, 18, 0) - 1);
        assert_eq!(h.prev_working(sh(24, 8, 0)), sh(23, 18, 0) - 1);
        assert_eq!(h.prev_working(sh(24, 18, 0)), sh(24, 18, 0) - 1);
        assert_eq!(
            h.prev_working(sh(24, 9, 0)),
            sh(24, 9, 0),
            "already working"
        );
    }

    #[test]
    fn add_working_skips_nights_and_weekends() {
        let h = std_sh();
        assert_eq!(
            h.add_working(sh(27, 17, 0), 4 * H),
            sh(30, 12, 0),
            "Fri 17:00 + 4wh"
        );
        assert_eq!(
            h.add_working(sh(23, 20, 0), H),
            sh(24, 10, 0),
            "Mon 20:00 + 1wh"
        );
        assert_eq!(h.add_working(sh(23, 10, 0), 30 * 60), sh(23, 10, 30));
        assert_eq!(
            h.add_working(sh(27, 17, 0), H),
            sh(27, 18, 0),
            "ends exactly at closing"
        );
        assert_eq!(h.add_working(sh(23, 9, 0), 9 * H), sh(23, 18, 0));
        assert_eq!(h.add_working(sh(23, 9, 0), 9 * H + 1), sh(24, 9, 0) + 1);
    }

    #[test]
    fn add_working_nothing_waits_for_opening() {
        let h = std_sh();
        assert_eq!(h.add_working(sh(27, 18, 0), 0), sh(30, 9, 0));
        assert_eq!(h.add_working(sh(27, 18, 0), -5 * H), sh(30, 9, 0));
        assert_eq!(h.add_working(sh(24, 11, 0), 0), sh(24, 11, 0));
    }

    #[test]
    fn one_working_day_after_friday_morning_is_monday_morning() {
        let h = std_sh();
        let span = Span::parse("1wd").unwrap().unwrap();
        assert_eq!(span, Span::WorkingDays(1));
        assert_eq!(span.after(sh(27, 10, 0), &h), sh(30, 10, 0));
    }

    #[test]
    fn whole_weeks_of_working_time() {
        let h = std_sh();
        let two_weeks = Span::parse("10 working days").unwrap().unwrap();
        assert_eq!(two_weeks, Span::WorkingDays(10));
        assert_eq!(
            two_weeks.after(sh(23, 10, 0), &h),
            Span::Working(90 * H).after(sh(23, 10, 0), &h)
        );
        assert_eq!(
            two_weeks.after(sh(23, 10, 0), &h),
            at(Shanghai, (2026, 12, 7), 10, 0)
        );
        assert_eq!(
            two_weeks.after(sh(23, 9, 0), &h),
            at(Shanghai, (2026, 12, 4), 18, 0),
            "exact weeks end at a closing"
        );
        assert_eq!(
            two_weeks.after(sh(28, 12, 0), &h),
            at(Shanghai, (2026, 12, 11), 18, 0),
            "from a Saturday"
        );
        assert_eq!(
            h.add_working(sh(27, 17, 0), 92 * H),
            at(Shanghai, (2026, 12, 14), 10, 0)
        );
    }

    #[test]
    fn working_between_and_add_working_agree() {
        for h in [
            std_sh(),
            WorkingHours::standard(Berlin),
            WorkingHours::parse("Sun-Thu", "8:30-17", Berlin).unwrap(),
        ] {
            let start = at(h.tz, (2026, 3, 20), 0, 0);
            for from in (0..15 * 24).map(|i| start + i * 2351) {
                for secs in [
                    1,
                    59,
                    H,
                    9 * H,
                    9 * H + 7,
                    45 * H,
                    45 * H + 1,
                    200 * H,
                    1000 * H + 17,
                ] {
                    let to = h.add_working(from, secs);
                    assert_eq!(
                        h.working_between(from, to),
                        secs,
                        "{:?} from {from} + {secs}",
                        h.tz
                    );
                    assert!(h.is_working(to - 1));
                }
            }
        }
    }

    #[test]
    fn working_between_across_a_weekend() {
        let h = std_sh();
        assert_eq!(h.working_between(sh(27, 17, 0), sh(30, 10, 0)), 2 * H);
        assert_eq!(h.working_between(sh(28, 0, 0), sh(29, 23, 0)), 0);
        assert_eq!(
            h.working_between(sh(30, 10, 0), sh(27, 17, 0)),
            0,
            "backwards"
        );
        assert_eq!(
            h.working_between(sh(23, 0, 0), at(Shanghai, (2027, 2, 1), 0, 0)),
            10 * 45 * H
        );
    }

    #[test]
    fn clock_spans_ignore_working_hours() {
        let h = std_sh();
        let parse = |t: &str| Span::parse(t).unwrap();
        assert_eq!(parse("15m"), Some(Span::Clock(15 * 60)));
        assert_eq!(parse("1h"), Some(Span::Clock(H)));
        assert_eq!(parse("90 min"), Some(Span::Clock(90 * 60)));
        assert_eq!(parse("5d"), Some(Span::Clock(5 * 24 * H)));
        assert_eq!(parse(" 2 Days "), Some(Span::Clock(2 * 24 * H)));
        assert_eq!(parse("4wh"), Some(Span::Working(4 * H)));
        assert_eq!(parse("4 working hours"), Some(Span::Working(4 * H)));
        assert_eq!(parse("2 working days"), Some(Span::WorkingDays(2)));
        assert_eq!(Span::Clock(H).after(sh(27, 17, 30), &h), sh(27, 18, 30));
        assert_eq!(Span::Clock(24 * H).after(sh(28, 12, 0), &h), sh(29, 12, 0));
    }

    #[test]
    fn no_span_and_bad_spans() {
        for none in ["", "  ", "none", "None", "-"] {
            assert_eq!(Span::parse(none), Ok(None), "{none:?}");
        }
        for bad in [
            "soon",
            "5",
            "5x",
            "-5m",
            "h",
            "1.5h",
            "99999999999999999999d",
            "9999999999999999w",
        ] {
            assert_eq!(
                Span::parse(bad),
                Err(CalendarError::BadSpan(bad.to_string())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn times_repeats_a_span() {
        assert_eq!(Span::Working(H).times(3), Span::Working(3 * H));
        assert_eq!(Span::Clock(H).times(0), Span::Clock(0));
        assert_eq!(Span::Clock(H).times(-2), Span::Clock(0));
        assert_eq!(Span::Clock(H).times(i64::MAX), Span::Clock(i64::MAX));
    }

    #[test]
    fn berlin_dst_day_still_counts_nine_hours() {
        let h = WorkingHours::parse("every day", "09:00-18:00", Berlin).unwrap();
        let sunday = (2026, 3, 29);
        assert_eq!(
            at(Berlin, sunday, 9, 0),
            at(Berlin, sunday, 0, 0) + 8 * H,
            "clocks went forward at 02:00"
        );
        assert_eq!(
            h.working_between(at(Berlin, sunday, 0, 0), at(Berlin, (2026, 3, 30), 0, 0)),
            9 * H
        );
        assert_eq!(
            h.next_working(at(Berlin, sunday, 1, 0)),
            at(Berlin, sunday, 9, 0)
        );
        assert_eq!(
            h.add_working(at(Berlin, (2026, 3, 28), 17, 0), 2 * H),
            at(Berlin, sunday, 10, 0)
        );
        assert_eq!(
            h.prev_working(at(Berlin, sunday, 8, 0)),
            at(Berlin, (2026, 3, 28), 18, 0) - 1
        );
        assert!(
            h.is_working(at(Berlin, sunday, 17, 59)) && !h.is_working(at(Berlin, sunday, 18, 0))
        );
    }

    #[test]
    fn berlin_dst_inside_working_hours() {
        // Round the clock: the short day really is 23 hours long.
        let h = WorkingHours::parse("Mon-Sun", "00:00-24:00", Berlin).unwrap();
        assert_eq!(
            h.working_between(
                at(Berlin, (2026, 3, 29), 0, 0),
                at(Berlin, (2026, 3, 30), 0, 0)
            ),
            23 * H
        );
        // Opening inside the gap: the first instant after it, 03:00 CEST.
        let h = WorkingHours::parse("Sun", "02:30-05:00", Berlin).unwrap();
        let sunday = at(Berlin, (2026, 3, 29), 0, 0);
        assert_eq!(h.next_working(sunday), sunday + 2 * H);
        assert_eq!(h.working_between(sunday, sunday + 24 * H), 2 * H);
        // Opening in the repeated hour: the earlier 02:00, still CEST.
        let h = WorkingHours::parse("Sun", "02:00-03:00", Berlin).unwrap();
        let autumn = at(Berlin, (2026, 10, 25), 0, 0);
        assert_eq!(h.next_working(autumn), autumn + 2 * H);
        assert_eq!(h.working_between(autumn, autumn + 24 * H), 2 * H);
    }

    #[test]
    fn absurd_inputs_do_not_panic() {
        let hs = [
            std_sh(),
            WorkingHours::parse("every day", "0-24", Berlin).unwrap(),
            WorkingHours {
                tz: Berlin,
                days: 0,
                start_min: 540,
                end_min: 1080,
            },
            WorkingHours {
                tz: Berlin,
                days: 0xff,
                start_min: 1080,
                end_min: 540,
            },
            WorkingHours {
                tz: Berlin,
                days: 0x7f,
                start_min: 0,
                end_min: u32::MAX,
            },
        ];
        let moments = [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX];
        for h in hs {
            for &t in &moments {
                let _ = (
                    h.is_working(t),
                    h.next_working(t),
                    h.prev_working(t),
                    h.day_secs(),
                );
                for &secs in &[i64::MIN, -1, 0, 1, i64::MAX] {
                    let _ = h.add_working(t, secs);
                    let _ = Span::Working(secs).after(t, &h);
                    let _ = Span::Clock(secs).after(t, &h);
                }
                for &u in &moments {
                    let _ = h.working_between(t, u);
                }
            }
        }
        let h = std_sh();
        assert!(h.add_working(0, i64::MAX) >= MAX_TS);
        assert!(h.working_between(i64::MIN, i64::MAX) > 0);
        assert!(
            !WorkingHours {
                tz: Berlin,
                days: 0,
                start_min: 540,
                end_min: 1080
            }
            .is_working(0)
        );
    }
}
