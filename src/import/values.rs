//! Reading one spreadsheet cell: codes or their names in either language,
//! whole days, dates written with the year first, and owners.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::{OwnerRef, Problem};
use crate::domain::customer::{MAX_CADENCE_DAYS, Tier, TrustStage};
use crate::domain::ids::Timestamp;
use crate::domain::when::parse_moment;
use crate::i18n::ValueKind;
use crate::i18n::{self, Lang};

/// A code, or its name in any language we speak ("key", "Key", "重点").
fn coded<T: Copy>(
    kind: ValueKind,
    given: &str,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Option<T> {
    let given = given.trim();
    all.iter().copied().find(|v| {
        let c = code(*v);
        c.eq_ignore_ascii_case(given)
            || Lang::ALL
                .iter()
                .any(|l| i18n::value(*l, kind, c).eq_ignore_ascii_case(given))
    })
}

pub fn tier(given: &str) -> Result<Tier, Problem> {
    coded(ValueKind::Tier, given, Tier::ALL, Tier::code)
        .ok_or_else(|| Problem::BadTier(given.into()))
}

pub fn stage(given: &str) -> Result<TrustStage, Problem> {
    coded(ValueKind::Stage, given, TrustStage::ALL, TrustStage::code)
        .ok_or_else(|| Problem::BadStage(given.into()))
}

/// Whole days, 1 to a year: "30", "30 days", "30天".
pub fn cadence(given: &str) -> Result<i64, Problem> {
    let digits = given
        .trim()
        .trim_end_matches("days")
        .trim_end_matches("day")
        .trim_end_matches('天')
        .trim_end_matches('d')
        .trim();
    match digits.parse::<i64>() {
        Ok(n) if (1..=MAX_CADENCE_DAYS).contains(&n) => Ok(n),
        _ => Err(Problem::BadCadence(given.into())),
    }
}

/// A calendar date with the year first (2027-03-01, 2027/3/1, 2027.03.01,
/// 2027年3月1日), as the same moment `/customer add renewal:` would give it.
/// Month-first or day-first dates are refused: 03/01/2027 is ambiguous.
pub fn date(given: &str, now: Timestamp, tz: Tz) -> Option<Timestamp> {
    let text = given.trim().replace(['/', '.'], "-");
    let day = ["%Y-%m-%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&text, f).ok())?;
    parse_moment(&day.format("%Y-%m-%d").to_string(), now, tz).ok()
}

/// `123456`, `<@123456>`, `<@!123456>` → an id; `@lin` or `lin` → a name to look up.
pub fn owner(given: &str) -> Result<OwnerRef, Problem> {
    let text = given.trim();
    let inner = text
        .strip_prefix("<@")
        .and_then(|t| t.strip_suffix('>'))
        .map(|t| t.trim_start_matches('!'));
    if let Some(inner) = inner {
        return match inner.parse::<i64>() {
            Ok(id) if id > 0 => Ok(OwnerRef::Id(id)),
            _ => Err(Problem::UnknownOwner(text.into())),
        };
    }
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return match text.parse::<i64>() {
            Ok(id) if id > 0 => Ok(OwnerRef::Id(id)),
            _ => Err(Problem::UnknownOwner(text.into())),
        };
    }
    let name = text.trim_start_matches('@').trim();
    if name.is_empty() {
        return Err(Problem::UnknownOwner(text.into()));
    }
    Ok(OwnerRef::Name(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = 1_795_428_000; // 2026-11-23 10:00 UTC

    #[test]
    fn tiers_and_stages_in_either_language() {
        assert_eq!(tier("KEY"), Ok(Tier::Key));
        assert_eq!(tier("重点"), Ok(Tier::Key));
        assert_eq!(tier("普通"), Ok(Tier::Normal));
        assert_eq!(tier("vip"), Err(Problem::BadTier("vip".into())));
        assert_eq!(stage("first-time"), Ok(TrustStage::FirstTime));
        assert_eq!(stage("回头客"), Ok(TrustStage::Repeat));
        assert!(stage("friend").is_err());
    }

    #[test]
    fn cadences_are_whole_days() {
        assert_eq!(cadence("30"), Ok(30));
        assert_eq!(cadence("45天"), Ok(45));
        assert_eq!(cadence("7 days"), Ok(7));
        assert!(cadence("0").is_err());
        assert!(cadence("monthly").is_err());
        assert!(cadence("400").is_err());
    }

    #[test]
    fn dates_need_the_year_first() {
        let tz = chrono_tz::Asia::Shanghai;
        let expected = parse_moment("2027-03-01", NOW, tz).unwrap();
        assert_eq!(date("2027-03-01", NOW, tz), Some(expected));
        assert_eq!(date("2027/3/1", NOW, tz), Some(expected));
        assert_eq!(date("2027.03.01", NOW, tz), Some(expected));
        assert_eq!(date("2027年3月1日", NOW, tz), Some(expected));
        assert_eq!(date("03/01/2027", NOW, tz), None);
        assert_eq!(date("2027-02-30", NOW, tz), None);
        assert_eq!(date("next spring", NOW, tz), None);
    }

    #[test]
    fn owners_are_ids_mentions_or_names() {
        assert_eq!(owner("123"), Ok(OwnerRef::Id(123)));
        assert_eq!(owner("<@!123>"), Ok(OwnerRef::Id(123)));
        assert_eq!(owner("@lin"), Ok(OwnerRef::Name("lin".into())));
        assert_eq!(owner("王芳"), Ok(OwnerRef::Name("王芳".into())));
        assert!(owner("<@abc>").is_err());
    }
}
