//! Options of one invocation, checked against the command's spec before any
//! handler runs: unknown options, missing required ones, bad choices, numbers
//! out of range and overlong text are refused here, naming the option.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use super::tree::{CommandSpec, OptKind};
use crate::domain::ids::{ChannelId, ComplaintNo, RoleId, Timestamp, UserId};
use crate::domain::refusal::Refusal;
use crate::domain::text::check_text;
use crate::domain::when::parse_moment;

#[derive(Debug, Clone)]
pub struct Args {
    spec: &'static CommandSpec,
    values: BTreeMap<String, String>,
}

impl Args {
    pub fn check(
        spec: &'static CommandSpec,
        raw: &BTreeMap<String, String>,
    ) -> Result<Args, Refusal> {
        let mut values = BTreeMap::new();
        for (name, value) in raw {
            let Some(opt) = spec.option(name) else {
                return Err(Refusal::UnknownOption {
                    option: name.clone(),
                    command: spec.key(),
                });
            };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let value = match opt.kind {
                OptKind::Text { max } => check_text(name, value, max)?,
                OptKind::Integer { min, max } => {
                    let n: i64 = value.parse().map_err(|_| Refusal::BadNumber {
                        option: name.clone(),
                        given: value.into(),
                    })?;
                    if n < min || n > max {
                        return Err(Refusal::OutOfRange {
                            option: name.clone(),
                            min,
                            max,
                        });
                    }
                    n.to_string()
                }
                OptKind::Choice { kind, codes } => crate::i18n::code_for_answer(kind, codes, value)
                    .map(|c| c.to_string())
                    .ok_or_else(|| Refusal::BadChoice {
                        option: name.clone(),
                        given: value.into(),
                        allowed: codes.iter().map(|c| c.to_string()).collect(),
                    })?,
                OptKind::Complaint => parse_complaint_no(value)
                    .ok_or_else(|| Refusal::BadNumber {
                        option: name.clone(),
                        given: value.into(),
                    })?
                    .0
                    .to_string(),
                OptKind::Customer => check_text(name, value, 100)?,
                OptKind::Moment => check_text(name, value, 100)?,
                // The file's text, as downloaded: untrimmed, so line numbers hold.
                OptKind::Attachment => raw.get(name).cloned().unwrap_or_default(),
                OptKind::User | OptKind::Role | OptKind::Channel => parse_snowflake(value)
                    .ok_or_else(|| Refusal::BadUser(value.into()))?
                    .to_string(),
            };
            values.insert(name.clone(), value);
        }
        Ok(Args { spec, values })
    }

    /// Required options that are missing, in spec order.
    pub fn missing(&self) -> Vec<&'static str> {
        self.spec
            .options
            .iter()
            .filter(|o| o.required && !self.values.contains_key(o.name))
            .map(|o| o.name)
            .collect()
    }

    pub fn require_all(&self) -> Result<(), Refusal> {
        match self.missing().first() {
            Some(name) => Err(Refusal::MissingOption((*name).into())),
            None => Ok(()),
        }
    }

    pub fn text(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
    }

    pub fn required(&self, name: &str) -> Result<String, Refusal> {
        self.text(name)
            .ok_or_else(|| Refusal::MissingOption(name.into()))
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        self.values.get(name).and_then(|v| v.parse().ok())
    }

    pub fn user(&self, name: &str) -> Option<UserId> {
        self.int(name).map(UserId)
    }

    pub fn role(&self, name: &str) -> Option<RoleId> {
        self.int(name).map(RoleId)
    }

    pub fn channel(&self, name: &str) -> Option<ChannelId> {
        self.int(name).map(ChannelId)
    }

    pub fn complaint(&self, name: &str) -> Result<ComplaintNo, Refusal> {
        self.int(name)
            .map(ComplaintNo)
            .ok_or_else(|| Refusal::MissingOption(name.into()))
    }

    pub fn coded<T>(&self, name: &str, read: fn(&str) -> Option<T>) -> Option<T> {
        self.values.get(name).and_then(|v| read(v))
    }

    pub fn moment(&self, name: &str, now: Timestamp, tz: Tz) -> Result<Option<Timestamp>, Refusal> {
        let Some(value) = self.values.get(name) else {
            return Ok(None);
        };
        parse_moment(value, now, tz)
            .map(Some)
            .map_err(|why| Refusal::BadMoment {
                option: name.into(),
                given: value.clone(),
                why,
            })
    }

    /// The options whose names are in `keys` (a step's record fields).
    pub fn subset(&self, keys: &[&str]) -> BTreeMap<String, String> {
        self.values
            .iter()
            .filter(|(k, _)| keys.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    pub fn names(&self) -> Vec<&str> {
        self.values.keys().map(String::as_str).collect()
    }
}

/// `12`, `#12` → 12.
pub fn parse_complaint_no(value: &str) -> Option<ComplaintNo> {
    let n: i64 = value.trim().trim_start_matches('#').parse().ok()?;
    (n > 0).then_some(ComplaintNo(n))
}

/// A Discord id, raw or in mention form: `123`, `<@123>`, `<@!123>`, `<@&123>`, `<#123>`.
pub fn parse_snowflake(value: &str) -> Option<i64> {
    let inner = value
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_start_matches(['@', '#'])
        .trim_start_matches(['!', '&']);
    let n: i64 = inner.parse().ok()?;
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::tree::find;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn choices_and_limits_are_checked() {
        let spec = find("complaint", "new").unwrap();
        let err = Args::check(spec, &map(&[("severity", "urgent")])).unwrap_err();
        assert!(matches!(err, Refusal::BadChoice { ref option, .. } if option == "severity"));
        let long = "x".repeat(201);
        let err = Args::check(spec, &map(&[("summary", &long)])).unwrap_err();
        assert_eq!(
            err,
            Refusal::TooLong {
                field: "summary".into(),
                max: 200,
                actual: 201
            }
        );
        let err = Args::check(spec, &map(&[("colour", "red")])).unwrap_err();
        assert!(matches!(err, Refusal::UnknownOption { .. }));
        let args = Args::check(spec, &map(&[("severity", "HIGH"), ("owner", "<@!42>")])).unwrap();
        assert_eq!(args.text("severity").as_deref(), Some("high"));
        assert_eq!(args.user("owner"), Some(UserId(42)));
        assert_eq!(
            args.missing(),
            vec!["customer", "summary", "category", "temperament", "channel"]
        );
    }

    #[test]
    fn numbers_are_checked() {
        let spec = find("score", "record").unwrap();
        assert_eq!(
            Args::check(spec, &map(&[("overall", "6")])).unwrap_err(),
            Refusal::OutOfRange {
                option: "overall".into(),
                min: 1,
                max: 5
            }
        );
        assert!(matches!(
            Args::check(spec, &map(&[("overall", "five")])),
            Err(Refusal::BadNumber { .. })
        ));
        let spec = find("complaint", "ack").unwrap();
        assert_eq!(
            Args::check(spec, &map(&[("id", "#12")]))
                .unwrap()
                .complaint("id"),
            Ok(ComplaintNo(12))
        );
    }
}
