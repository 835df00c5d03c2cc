//! Reading the moments and spans a sales rep types into chat, e.g. the deadline
//! promised to a customer: "tomorrow 5pm", "+48h", "周五", "2026-12-01 10:00".
//!
//! Pure: the only sources of time are the `now` (unix seconds) and the time
//! zone passed in. Never panics, whatever the input.

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Weekday,
};
use chrono_tz::Tz;
use std::ops::RangeInclusive;

/// Why an input could not be read as a moment in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhenError {
    /// Nothing but whitespace.
    Empty,
    /// Not a form we know, e.g. "soon".
    Unrecognised,
    /// Looks like a date but does not exist, e.g. 2026-02-30 or 25:00.
    InvalidDate,
}

impl std::fmt::Display for WhenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WhenError::Empty => "no date or time given",
            WhenError::Unrecognised => "not a date or time I understand",
            WhenError::InvalidDate => "that date or time does not exist",
        })
    }
}

impl std::error::Error for WhenError {}

type Result<T> = std::result::Result<T, WhenError>;

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;
/// Longer spans are typos, and would push moments past what chrono can represent.
const MAX_SPAN: i64 = 36_525 * DAY;
/// The longest DST-style gap on record (Samoa skipping 2011-12-30) is a day.
const MAX_GAP_MINUTES: u32 = 25 * 60;

/// When a day is named without a time: "tomorrow" means the start of that
/// working day, 09:00.
const DEFAULT_TIME: NaiveTime = on_the_hour(9);
/// "today" alone means the end of today's working day, 18:00.
const END_OF_TODAY: NaiveTime = on_the_hour(18);

const fn on_the_hour(hour: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(hour, 0, 0) {
        Some(time) => time,
        None => NaiveTime::MIN,
    }
}

/// A moment typed by a user, read in the server's time zone `tz`, relative to
/// `now` (unix seconds). Case-insensitive; surrounding whitespace is ignored.
///
/// Accepted forms:
/// - `now` / `现在`
/// - spans from now: `+48h`, `+1d 4h`, `in 2 hours`, `3天后`, `30分钟后`
///   (see [`parse_span`] for the units; days are exact 24-hour spans)
/// - a named day with an optional time: `today`, `tomorrow`,
///   `day after tomorrow`, `monday`/`mon` (next such day strictly after today),
///   `今天`, `明天`, `后天`, `大后天`, `周五`/`星期五` (strictly after today),
///   `下周一` (that day of next calendar week, weeks starting on Monday)
/// - a date with an optional time: `2026-12-01`, `2026/12/01`, `2026-12-01T10:00`,
///   `12-01`, `12/01`, `2026年12月1日`, `12月1日`; without a year the date is
///   this year, or next year if it is already before today
/// - RFC 3339 with an offset, taken as is: `2026-12-01T10:00:00+08:00`
/// - a bare time: today at that time if still in the future, else tomorrow
///
/// Times: `17:00`, `17:00:00`, `9am`, `5:30 pm`, `17点`, `5点半`, `17点30分`,
/// optionally prefixed by `at ` or by `上午`/`早上`/`凌晨`/`下午`/`中午`/`晚上`.
/// A day without a time means 09:00, except `today`/`今天` alone, which means
/// 18:00, the end of the working day. A named day or date is kept even if the
/// moment is already past; only a bare time moves on to tomorrow.
///
/// A local time skipped by a DST change resolves to the first valid instant
/// after it (the moment the clocks jumped); a repeated one to the earlier.
pub fn parse_moment(input: &str, now: i64, tz: Tz) -> Result<i64> {
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(WhenError::Empty);
    }
    if text == "now" || text == "现在" {
        return Ok(now);
    }
    if let Some(body) = relative_body(&text) {
        return now
            .checked_add(span_seconds(body)?)
            .ok_or(WhenError::Unrecognised);
    }
    if let Ok(moment) = DateTime::parse_from_rfc3339(input.trim()) {
        return Ok(moment.timestamp());
    }
    let local_now = DateTime::from_timestamp(now, 0)
        .ok_or(WhenError::InvalidDate)?
        .with_timezone(&tz)
        .naive_local();
    let today = local_now.date();
    let Some((date, rest)) = day_prefix(&text, today)? else {
        return bare_time(&text, today, now, tz);
    };
    let rest = rest.trim();
    let time = if !rest.is_empty() {
        time_of_day(rest)?
    } else if matches!(text.as_str(), "today" | "今天") {
        END_OF_TODAY
    } else {
        DEFAULT_TIME
    };
    resolve(tz, date.and_time(time))
}

/// A span like "+2h", "90m", "3d", "1w", "2h30m", "+1d 4h" -> seconds (> 0).
/// Units: m/min/minute(s), h/hr/hour(s), d/day(s), w/wk/week(s) and the
/// Chinese 分钟, 小时, 天, 周/星期. Spans over 100 years are `Unrecognised`.
pub fn parse_span(input: &str) -> Result<i64> {
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(WhenError::Empty);
    }
    span_seconds(text.strip_prefix('+').unwrap_or(&text))
}

/// The span part of "+2h", "in 2 hours", "2小时后" / "2小时以后".
fn relative_body(text: &str) -> Option<&str> {
    if let Some(body) = text.strip_prefix('+').or_else(|| text.strip_prefix("in ")) {
        return Some(body);
    }
    let body = text.strip_suffix('后')?;
    Some(body.strip_suffix(['之', '以']).unwrap_or(body))
}

fn span_seconds(body: &str) -> Result<i64> {
    let mut rest = body.trim();
    if rest.is_empty() {
        return Err(WhenError::Unrecognised);
    }
    let mut total: i64 = 0;
    while !rest.is_empty() {
        let (digits, after) = split_digits(rest);
        let amount: i64 = digits.parse().map_err(|_| WhenError::Unrecognised)?;
        let after = after.trim_start();
        let unit_end = after
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_end);
        let part = amount.checked_mul(unit_seconds(unit)?);
        total = part
            .and_then(|part| total.checked_add(part))
            .ok_or(WhenError::Unrecognised)?;
        rest = after.trim_start();
    }
    if total <= 0 || total > MAX_SPAN {
        return Err(WhenError::Unrecognised);
    }
    Ok(total)
}

fn unit_seconds(unit: &str) -> Result<i64> {
    match unit {
        "m" | "min" | "mins" | "minute" | "minutes" | "分" | "分钟" => Ok(MINUTE),
        "h" | "hr" | "hrs" | "hour" | "hours" | "小时" | "个小时" => Ok(HOUR),
        "d" | "day" | "days" | "天" => Ok(DAY),
        "w" | "wk" | "wks" | "week" | "weeks" | "周" | "星期" | "个星期" => Ok(WEEK),
        _ => Err(WhenError::Unrecognised),
    }
}

/// The day at the start of `text` ("tomorrow", "周五", "2026-12-01"...), if
/// there is one, and the text after it.
fn day_prefix(text: &str, today: NaiveDate) -> Result<Option<(NaiveDate, &str)>> {
    if let Some((offset, rest)) = named_day(text) {
        return Ok(Some((add_days(today, offset)?, rest)));
    }
    if let Some((weekday, next_week, rest)) = weekday(text) {
        let date = if next_week {
            in_next_week(today, weekday)
        } else {
            next_after(today, weekday)
        };
        return Ok(Some((date?, rest)));
    }
    calendar_date(text, today)
}

fn named_day(text: &str) -> Option<(u64, &str)> {
    const NAMES: [(&str, u64); 7] = [
        ("today", 0),
        ("tomorrow", 1),
        ("day after tomorrow", 2),
        ("今天", 0),
        ("明天", 1),
        ("后天", 2),
        ("大后天", 3),
    ];
    NAMES
        .iter()
        .find_map(|&(name, offset)| Some((offset, text.strip_prefix(name)?)))
}

/// "friday", "fri", "周五", "星期五" (next = false) or "下周五" (next = true).
fn weekday(text: &str) -> Option<(Weekday, bool, &str)> {
    const ENGLISH: [(&str, &str, Weekday); 7] = [
        ("monday", "mon", Weekday::Mon),
        ("tuesday", "tue", Weekday::Tue),
        ("wednesday", "wed", Weekday::Wed),
        ("thursday", "thu", Weekday::Thu),
        ("friday", "fri", Weekday::Fri),
        ("saturday", "sat", Weekday::Sat),
        ("sunday", "sun", Weekday::Sun),
    ];
    for (full, short, day) in ENGLISH {
        if let Some(rest) = text.strip_prefix(full).or_else(|| text.strip_prefix(short)) {
            return Some((day, false, rest));
        }
    }
    let (next_week, rest) = match strip_any(text, &["下周", "下星期", "下礼拜"]) {
        Some(rest) => (true, rest),
        None => (false, strip_any(text, &["周", "星期", "礼拜"])?),
    };
    let mut chars = rest.chars();
    let day = match chars.next()? {
        '一' => Weekday::Mon,
        '二' => Weekday::Tue,
        '三' => Weekday::Wed,
        '四' => Weekday::Thu,
        '五' => Weekday::Fri,
        '六' => Weekday::Sat,
        '日' | '天' => Weekday::Sun,
        _ => return None,
    };
    Some((day, next_week, chars.as_str()))
}

fn next_after(today: NaiveDate, day: Weekday) -> Result<NaiveDate> {
    let ahead = (day.days_since(today.weekday()) + 6) % 7 + 1;
    add_days(today, u64::from(ahead))
}

fn in_next_week(today: NaiveDate, day: Weekday) -> Result<NaiveDate> {
    let monday = today
        .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
        .ok_or(WhenError::InvalidDate)?;
    add_days(monday, 7 + u64::from(day.num_days_from_monday()))
}

/// "2026-12-01", "2026/12/01", "12-01", "12/01", "2026年12月1日", "12月1日".
fn calendar_date(text: &str, today: NaiveDate) -> Result<Option<(NaiveDate, &str)>> {
    let (first, rest) = split_digits(text);
    let mut chars = rest.chars();
    let Some(separator) = chars.next().filter(|_| !first.is_empty()) else {
        return Ok(None);
    };
    let after = chars.as_str();
    match separator {
        '-' | '/' => dashed_date(first, separator, after, today).map(Some),
        '月' => chinese_day(None, first, after, today).map(Some),
        '年' => {
            let (month, rest) = split_digits(after);
            let rest = rest.strip_prefix('月').ok_or(WhenError::Unrecognised)?;
            chinese_day(Some(first), month, rest, today).map(Some)
        }
        _ => Ok(None),
    }
}

fn dashed_date<'a>(
    first: &str,
    separator: char,
    after: &'a str,
    today: NaiveDate,
) -> Result<(NaiveDate, &'a str)> {
    let (second, rest) = split_digits(after);
    let (date, rest) = match rest.strip_prefix(separator) {
        Some(rest) => {
            let (third, rest) = split_digits(rest);
            (build_date(Some(first), second, third, today)?, rest)
        }
        None => (build_date(None, first, second, today)?, rest),
    };
    Ok((date, rest.strip_prefix('t').unwrap_or(rest)))
}

fn chinese_day<'a>(
    year: Option<&str>,
    month: &str,
    after: &'a str,
    today: NaiveDate,
) -> Result<(NaiveDate, &'a str)> {
    let (day, rest) = split_digits(after);
    let rest = rest
        .strip_prefix(['日', '号'])
        .ok_or(WhenError::Unrecognised)?;
    Ok((build_date(year, month, day, today)?, rest))
}

/// Without a year: this year, or next year if that date is already past.
fn build_date(year: Option<&str>, month: &str, day: &str, today: NaiveDate) -> Result<NaiveDate> {
    let month = number(month, 1..=2)?;
    let day = number(day, 1..=2)?;
    let ymd = |year: i32| NaiveDate::from_ymd_opt(year, month, day).ok_or(WhenError::InvalidDate);
    match year {
        // Four digits always fit an i32.
        Some(year) => ymd(number(year, 4..=4)? as i32),
        None => {
            let this_year = ymd(today.year())?;
            if this_year < today {
                ymd(today.year() + 1)
            } else {
                Ok(this_year)
            }
        }
    }
}

/// Today at `text` if that is still ahead of `now`, else tomorrow.
fn bare_time(text: &str, today: NaiveDate, now: i64, tz: Tz) -> Result<i64> {
    let time = time_of_day(text)?;
    let moment = resolve(tz, today.and_time(time))?;
    if moment > now {
        return Ok(moment);
    }
    resolve(tz, add_days(today, 1)?.and_time(time))
}

#[derive(Clone, Copy)]
enum Half {
    Am,
    Pm,
}

/// "17:00", "17:00:00", "9am", "5:30 pm", "at 5pm", "17点", "5点半", "下午5点".
fn time_of_day(text: &str) -> Result<NaiveTime> {
    let text = text.strip_prefix("at ").unwrap_or(text).trim_start();
    let (prefix_half, text) = chinese_half(text);
    let (hour, rest) = split_digits(text);
    let hour = number(hour, 1..=2)?;
    let separated = rest.starts_with([':', '：', '点']);
    let (minute, second, rest) = if let Some(rest) = rest.strip_prefix([':', '：']) {
        clock_minutes(rest)?
    } else if let Some(rest) = rest.strip_prefix('点') {
        let (minute, rest) = chinese_minutes(rest)?;
        (minute, 0, rest)
    } else {
        (0, 0, rest)
    };
    let (suffix_half, rest) = english_half(rest.trim_start());
    if !rest.trim().is_empty() || (!separated && suffix_half.is_none()) {
        return Err(WhenError::Unrecognised);
    }
    let half = match (prefix_half, suffix_half) {
        (Some(_), Some(_)) => return Err(WhenError::Unrecognised),
        (prefix, suffix) => prefix.or(suffix),
    };
    NaiveTime::from_hms_opt(to_24h(hour, half)?, minute, second).ok_or(WhenError::InvalidDate)
}

/// ":30" or ":30:15" after the hour (the colon already taken).
fn clock_minutes(text: &str) -> Result<(u32, u32, &str)> {
    let (minute, rest) = split_digits(text);
    let minute = number(minute, 2..=2)?;
    let Some(rest) = rest.strip_prefix([':', '：']) else {
        return Ok((minute, 0, rest));
    };
    let (second, rest) = split_digits(rest);
    Ok((minute, number(second, 2..=2)?, rest))
}

/// What follows 点: "半", "30", "30分", or nothing.
fn chinese_minutes(text: &str) -> Result<(u32, &str)> {
    let text = text.strip_prefix('钟').unwrap_or(text);
    if let Some(rest) = text.strip_prefix('半') {
        return Ok((30, rest));
    }
    let (minute, rest) = split_digits(text);
    if minute.is_empty() {
        return Ok((0, rest));
    }
    let minute = number(minute, 1..=2)?;
    Ok((minute, rest.strip_prefix('分').unwrap_or(rest)))
}

fn chinese_half(text: &str) -> (Option<Half>, &str) {
    let am = ["上午", "早上", "早晨", "凌晨"];
    let (half, rest) = half_prefix(text, &am, &["下午", "中午", "晚上", "傍晚"]);
    (half, rest.trim_start())
}

fn english_half(text: &str) -> (Option<Half>, &str) {
    half_prefix(text, &["am", "a.m."], &["pm", "p.m."])
}

fn half_prefix<'a>(text: &'a str, am: &[&str], pm: &[&str]) -> (Option<Half>, &'a str) {
    if let Some(rest) = strip_any(text, am) {
        return (Some(Half::Am), rest);
    }
    match strip_any(text, pm) {
        Some(rest) => (Some(Half::Pm), rest),
        None => (None, text),
    }
}

/// 12am is midnight and 12pm noon.
fn to_24h(hour: u32, half: Option<Half>) -> Result<u32> {
    match (half, hour) {
        (None, _) => Ok(hour),
        (Some(Half::Am), 12) => Ok(0),
        (Some(Half::Am), 1..=11) | (Some(Half::Pm), 12) => Ok(hour),
        (Some(Half::Pm), 1..=11) => Ok(hour + 12),
        _ => Err(WhenError::InvalidDate),
    }
}

/// A local wall-clock time in `tz` as unix seconds: the earlier instant if it
/// happens twice, the first valid instant after it if it is skipped.
fn resolve(tz: Tz, local: NaiveDateTime) -> Result<i64> {
    let mut candidate = local;
    for _ in 0..=MAX_GAP_MINUTES {
        if let Some(moment) = tz.from_local_datetime(&candidate).earliest() {
            return Ok(moment.timestamp());
        }
        candidate = candidate
            .checked_add_signed(TimeDelta::minutes(1))
            .ok_or(WhenError::InvalidDate)?;
    }
    Err(WhenError::InvalidDate)
}

fn add_days(date: NaiveDate, days: u64) -> Result<NaiveDate> {
    date.checked_add_days(Days::new(days))
        .ok_or(WhenError::InvalidDate)
}

/// Leading ASCII digits and the rest; always splits on a char boundary.
fn split_digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

/// `digits` as a number, if there are `lengths` of them.
fn number(digits: &str, lengths: RangeInclusive<usize>) -> Result<u32> {
    if !lengths.contains(&digits.len()) {
        return Err(WhenError::Unrecognised);
    }
    digits.parse().map_err(|_| WhenError::Unrecognised)
}

/// `text` without the first of `words` it starts with.
fn strip_any<'a>(text: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|word| text.strip_prefix(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Shanghai;
    use chrono_tz::Europe::Berlin;

    /// 2026-11-23 10:15 in Shanghai, a Monday.
    const NOW: i64 = 1_795_400_100;

    fn at(tz: Tz, (y, mo, d): (i32, u32, u32), h: u32, mi: u32) -> i64 {
        tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
            .timestamp()
    }

    fn sh(date: (i32, u32, u32), h: u32, mi: u32) -> i64 {
        at(Shanghai, date, h, mi)
    }

    fn parse(input: &str) -> Result<i64> {
        parse_moment(input, NOW, Shanghai)
    }

    fn check(cases: &[(&str, i64)]) {
        for &(input, expected) in cases {
            assert_eq!(parse(input), Ok(expected), "input {input:?}");
        }
    }

    #[test]
    fn fixed_now_is_monday_morning_in_shanghai() {
        assert_eq!(sh((2026, 11, 23), 10, 15), NOW);
        assert_eq!(sh((2026, 12, 1), 10, 0), 1_796_090_400);
    }

    #[test]
    fn now() {
        check(&[("now", NOW), (" NOW ", NOW), ("现在", NOW)]);
    }

    #[test]
    fn relative_spans() {
        check(&[
            ("+48h", NOW + 48 * HOUR),
            ("+30m", NOW + 30 * MINUTE),
            ("+2d", NOW + 2 * DAY),
            ("+1w", NOW + WEEK),
            ("+1d 4h", NOW + DAY + 4 * HOUR),
            ("+2h30m", NOW + 2 * HOUR + 30 * MINUTE),
            ("in 2 hours", NOW + 2 * HOUR),
            ("in 3 days", NOW + 3 * DAY),
            ("in 45 minutes", NOW + 45 * MINUTE),
            ("In 1 Hour", NOW + HOUR),
            ("3天后", NOW + 3 * DAY),
            ("2小时后", NOW + 2 * HOUR),
            ("30分钟后", NOW + 30 * MINUTE),
            ("1个小时以后", NOW + HOUR),
            ("2周后", NOW + 2 * WEEK),
        ]);
    }

    #[test]
    fn named_days() {
        check(&[
            ("today 17:00", sh((2026, 11, 23), 17, 0)),
            ("today", sh((2026, 11, 23), 18, 0)),
            ("tomorrow 17:00", sh((2026, 11, 24), 17, 0)),
            ("tomorrow 9am", sh((2026, 11, 24), 9, 0)),
            ("tomorrow 5:30pm", sh((2026, 11, 24), 17, 30)),
            ("tomorrow at 5 pm", sh((2026, 11, 24), 17, 0)),
            ("tomorrow 12am", sh((2026, 11, 24), 0, 0)),
            ("tomorrow 12pm", sh((2026, 11, 24), 12, 0)),
            ("tomorrow", sh((2026, 11, 24), 9, 0)),
            ("  TOMORROW 5PM  ", sh((2026, 11, 24), 17, 0)),
            ("day after tomorrow 10:00", sh((2026, 11, 25), 10, 0)),
            ("day after tomorrow", sh((2026, 11, 25), 9, 0)),
        ]);
    }

    #[test]
    fn weekdays_are_strictly_after_today() {
        check(&[
            ("monday 10:00", sh((2026, 11, 30), 10, 0)),
            ("mon 10:00", sh((2026, 11, 30), 10, 0)),
            ("Monday", sh((2026, 11, 30), 9, 0)),
            ("tuesday", sh((2026, 11, 24), 9, 0)),
            ("friday", sh((2026, 11, 27), 9, 0)),
            ("fri 4pm", sh((2026, 11, 27), 16, 0)),
            ("sun", sh((2026, 11, 29), 9, 0)),
        ]);
    }

    #[test]
    fn bare_times_roll_to_tomorrow_once_past() {
        check(&[
            ("17:00", sh((2026, 11, 23), 17, 0)),
            ("5pm", sh((2026, 11, 23), 17, 0)),
            ("10:16", sh((2026, 11, 23), 10, 16)),
            ("10:15", sh((2026, 11, 24), 10, 15)),
            ("09:00", sh((2026, 11, 24), 9, 0)),
            ("9am", sh((2026, 11, 24), 9, 0)),
            ("17:00:30", sh((2026, 11, 23), 17, 0) + 30),
        ]);
    }

    #[test]
    fn dates() {
        check(&[
            ("2026-12-01 10:00", sh((2026, 12, 1), 10, 0)),
            ("2026-12-01T10:00", sh((2026, 12, 1), 10, 0)),
            ("2026/12/01 10:00", sh((2026, 12, 1), 10, 0)),
            ("2026-12-01", sh((2026, 12, 1), 9, 0)),
            ("2027-1-5 5pm", sh((2027, 1, 5), 17, 0)),
            ("12-01 10:00", sh((2026, 12, 1), 10, 0)),
            ("12/01", sh((2026, 12, 1), 9, 0)),
            ("11-23", sh((2026, 11, 23), 9, 0)),
            ("11-01", sh((2027, 11, 1), 9, 0)),
            ("01/15 14:00", sh((2027, 1, 15), 14, 0)),
        ]);
    }

    #[test]
    fn rfc3339_is_taken_as_is() {
        check(&[
            ("2026-12-01T10:00:00+08:00", 1_796_090_400),
            ("2026-12-01T10:00:00+01:00", 1_796_115_600),
            ("2026-12-01T02:00:00Z", 1_796_090_400),
        ]);
    }

    #[test]
    fn chinese() {
        check(&[
            ("明天 17:00", sh((2026, 11, 24), 17, 0)),
            ("明天17点", sh((2026, 11, 24), 17, 0)),
            ("明天 17：30", sh((2026, 11, 24), 17, 30)),
            ("明天下午5点半", sh((2026, 11, 24), 17, 30)),
            ("今天 18:00", sh((2026, 11, 23), 18, 0)),
            ("今天", sh((2026, 11, 23), 18, 0)),
            ("后天 10:00", sh((2026, 11, 25), 10, 0)),
            ("后天", sh((2026, 11, 25), 9, 0)),
            ("大后天", sh((2026, 11, 26), 9, 0)),
            ("下周一 10:00", sh((2026, 11, 30), 10, 0)),
            ("下周五", sh((2026, 12, 4), 9, 0)),
            ("周五", sh((2026, 11, 27), 9, 0)),
            ("星期一", sh((2026, 11, 30), 9, 0)),
            ("周日 晚上8点", sh((2026, 11, 29), 20, 0)),
            ("12月1日 10:00", sh((2026, 12, 1), 10, 0)),
            ("12月1号", sh((2026, 12, 1), 9, 0)),
            ("2026年12月1日 10:00", sh((2026, 12, 1), 10, 0)),
            ("2027年1月5日下午3点", sh((2027, 1, 5), 15, 0)),
            ("下午5点", sh((2026, 11, 23), 17, 0)),
            ("上午10点", sh((2026, 11, 24), 10, 0)),
            ("上午11点30分", sh((2026, 11, 23), 11, 30)),
            ("中午12点", sh((2026, 11, 23), 12, 0)),
        ]);
    }

    #[test]
    fn rejects() {
        let cases = [
            ("", WhenError::Empty),
            ("   ", WhenError::Empty),
            ("soon", WhenError::Unrecognised),
            ("asap", WhenError::Unrecognised),
            ("next time", WhenError::Unrecognised),
            ("+0h", WhenError::Unrecognised),
            ("+-3h", WhenError::Unrecognised),
            ("+3x", WhenError::Unrecognised),
            ("in", WhenError::Unrecognised),
            ("17", WhenError::Unrecognised),
            ("tomorrow morning", WhenError::Unrecognised),
            ("下午5pm", WhenError::Unrecognised),
            ("26-12-01", WhenError::Unrecognised),
            ("tomorrow 25:00", WhenError::InvalidDate),
            ("tomorrow 17:60", WhenError::InvalidDate),
            ("13pm", WhenError::InvalidDate),
            ("2026-02-30", WhenError::InvalidDate),
            ("2026-13-01", WhenError::InvalidDate),
            ("02-29", WhenError::InvalidDate),
            ("2月30日", WhenError::InvalidDate),
        ];
        for (input, expected) in cases {
            assert_eq!(parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn spans() {
        let cases = [
            ("+2h", 2 * HOUR),
            ("90m", 90 * MINUTE),
            ("3d", 3 * DAY),
            ("1w", WEEK),
            ("2h30m", 2 * HOUR + 30 * MINUTE),
            ("+1d 4h", DAY + 4 * HOUR),
            (" 2 hours 15 min ", 2 * HOUR + 15 * MINUTE),
            ("+1H", HOUR),
            ("3天", 3 * DAY),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_span(input), Ok(expected), "input {input:?}");
        }
        assert_eq!(parse_span(""), Err(WhenError::Empty));
        for input in [
            "+",
            "0m",
            "-3h",
            "+-3h",
            "2",
            "h",
            "2x",
            "2h -1m",
            "+99999999999999h",
            "5pm",
        ] {
            assert_eq!(
                parse_span(input),
                Err(WhenError::Unrecognised),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn berlin_across_spring_forward() {
        // Saturday 2026-03-28 12:00 CET; clocks jump 02:00 -> 03:00 the next night.
        let now = at(Berlin, (2026, 3, 28), 12, 0);
        assert_eq!(now, 1_774_695_600);
        let berlin = |input| parse_moment(input, now, Berlin);
        // A skipped time becomes the moment the clocks jumped: 03:00 CEST.
        assert_eq!(berlin("tomorrow 02:30"), Ok(1_774_746_000));
        assert_eq!(berlin("2026-03-29 02:00"), Ok(1_774_746_000));
        assert_eq!(berlin("tomorrow 03:00"), Ok(1_774_746_000));
        assert_eq!(berlin("tomorrow 01:59"), Ok(1_774_746_000 - MINUTE));
        // A day later on the wall clock is 23 hours later in real time.
        assert_eq!(berlin("tomorrow 12:00"), Ok(now + 23 * HOUR));
        assert_eq!(berlin("sunday 10:00"), Ok(at(Berlin, (2026, 3, 29), 10, 0)));
        // Spans are exact.
        assert_eq!(berlin("+1d"), Ok(now + DAY));
        assert_eq!(berlin("in 24 hours"), Ok(now + DAY));
    }

    #[test]
    fn berlin_fall_back_takes_the_earlier() {
        // 2026-10-25 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        let now = at(Berlin, (2026, 10, 24), 12, 0);
        assert_eq!(
            parse_moment("tomorrow 02:30", now, Berlin),
            Ok(1_792_888_200)
        );
        assert_eq!(
            parse_moment("2026-10-25 02:30", now, Berlin),
            Ok(1_792_888_200)
        );
    }

    #[test]
    fn never_panics() {
        let long = "明天🙂 17:00 "
            .repeat(400)
            .chars()
            .take(4_000)
            .collect::<String>();
        let digits = "9".repeat(4_000);
        let mut inputs = vec![
            "明天明天",
            "+99999999999999h",
            "+9999999999999999999999h",
            "2026-13-01",
            "🙂 17:00",
            "17:🙂",
            "17点🙂",
            "12月🙂",
            "2026年",
            "2026年12月",
            "12-",
            "-",
            "/",
            "+",
            "+ ",
            "in ",
            "后",
            "之后",
            "周",
            "下周",
            "下周八",
            "at ",
            "t",
            "2026-12-01t",
            "2026-12-01T25:00",
            "99:99:99",
            "0am",
            "00:00pm",
            "１７:００",
            "İ",
            "\u{0}",
            "\u{feff}17:00",
            "9999-12-31 23:59",
            "+1d+1d",
            "1d",
            "1d后后",
            "a.m.",
            "5a.m.",
            "12:00:60",
            "ß",
        ];
        inputs.push(&long);
        inputs.push(&digits);
        for input in &inputs {
            for now in [NOW, 0, -1, i64::MAX, i64::MIN] {
                for tz in [Shanghai, Berlin, chrono_tz::Pacific::Apia] {
                    let _ = parse_moment(input, now, tz);
                }
            }
            let _ = parse_span(input);
        }
        for first in &inputs {
            for second in &inputs {
                let _ = parse(&format!("{first}{second}"));
                let _ = parse(&format!("{first} {second}"));
            }
        }
        assert_eq!(parse("🙂 17:00"), Err(WhenError::Unrecognised));
        assert_eq!(parse("明天明天"), Err(WhenError::Unrecognised));
        assert_eq!(parse("+99999999999999h"), Err(WhenError::Unrecognised));
        assert_eq!(
            parse_moment(&long, NOW, Shanghai),
            Err(WhenError::Unrecognised)
        );
        assert_eq!(
            parse_moment("+1h", i64::MAX, Shanghai),
            Err(WhenError::Unrecognised)
        );
    }

    #[test]
    fn skipped_day_in_samoa() {
        // Samoa skipped 2011-12-30 entirely; that day resolves to the first instant after it.
        let now = at(chrono_tz::Pacific::Apia, (2011, 12, 28), 12, 0);
        let next = at(chrono_tz::Pacific::Apia, (2011, 12, 31), 0, 0);
        assert_eq!(
            parse_moment("2011-12-30 10:00", now, chrono_tz::Pacific::Apia),
            Ok(next)
        );
    }
}
