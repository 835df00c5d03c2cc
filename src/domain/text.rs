//! Text rules: Discord's limits, and user text made harmless to post.

use super::refusal::Refusal;

pub const MESSAGE_MAX: usize = 2000;
pub const THREAD_NAME_MAX: usize = 100;
pub const MODAL_TEXT_MAX: usize = 4000;
pub const SUMMARY_MAX: usize = 200;
pub const DETAILS_MAX: usize = 1500;
pub const REASON_MAX: usize = 500;

/// Trims `value` and checks it is non-empty and at most `max` characters.
pub fn check_text(field: &str, value: &str, max: usize) -> Result<String, Refusal> {
    let value = value.trim();
    let actual = value.chars().count();
    if actual == 0 {
        return Err(Refusal::EmptyText(field.into()));
    }
    if actual > max {
        return Err(Refusal::TooLong {
            field: field.into(),
            max,
            actual,
        });
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        // Control characters would garble cards and logs; newlines are fine.
        return Ok(value
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect());
    }
    Ok(value.to_string())
}

/// Cuts `text` to at most `max` characters, ending with "…" when cut.
/// Keeps a message within Discord's 2,000 characters.
pub fn fit(text: String) -> String {
    cut(&text, MESSAGE_MAX)
}

/// How a name is compared: words kept, spacing and case not.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The thread title Discord shows: `#12 Acme · pump leaks…`, at most 100 characters.
pub fn thread_name(number: i64, customer: &str, summary: &str) -> String {
    let flat = summary.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(
        &quote(&format!("#{number} {customer} · {flat}")),
        THREAD_NAME_MAX,
    )
}

/// User text quoted in a message: mass mentions and role/user mentions are
/// broken with a zero-width space so they show as typed and never ping, even
/// where allowed-mentions were somehow not applied.
pub fn quote(text: &str) -> String {
    text.replace("@everyone", "@\u{200b}everyone")
        .replace("@here", "@\u{200b}here")
        .replace("<@", "<\u{200b}@")
}

/// How Discord is asked to show a moment, in each reader's own zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StampStyle {
    /// `f`: date and time, e.g. "2 December 2026 17:00".
    DateTime,
    /// `R`: from now, e.g. "in 2 hours".
    Relative,
    /// `D`: the date alone.
    Date,
}

impl StampStyle {
    fn letter(self) -> char {
        match self {
            StampStyle::DateTime => 'f',
            StampStyle::Relative => 'R',
            StampStyle::Date => 'D',
        }
    }

    fn of(letter: &str) -> Option<StampStyle> {
        match letter {
            "f" | "F" | "t" | "T" => Some(StampStyle::DateTime),
            "R" => Some(StampStyle::Relative),
            "d" | "D" => Some(StampStyle::Date),
            _ => None,
        }
    }
}

/// A moment as a Discord timestamp (`<t:UNIX:f>`).
pub fn stamp(at: i64, style: StampStyle) -> String {
    format!("<t:{at}:{}>", style.letter())
}

/// A deadline: when, and how far off (`<t:UNIX:f> (<t:UNIX:R>)`).
pub fn stamp_due(at: i64) -> String {
    format!(
        "{} ({})",
        stamp(at, StampStyle::DateTime),
        stamp(at, StampStyle::Relative)
    )
}

/// Rewrites every Discord timestamp in `text` with `show`, for screens that
/// draw none (the console, incoming webhooks).
pub fn replace_stamps(text: &str, show: impl Fn(i64, StampStyle) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<t:") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let parsed = tail.find('>').and_then(|end| {
            let inner = &tail[3..end];
            let (digits, letter) = inner.split_once(':').unwrap_or((inner, "f"));
            let at: i64 = digits.parse().ok()?;
            Some((show(at, StampStyle::of(letter)?), end + 1))
        });
        match parsed {
            Some((shown, len)) => {
                out.push_str(&shown);
                rest = &tail[len..];
            }
            None => {
                out.push_str("<t:");
                rest = &tail[3..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<@id>` (and `<@!id>`) as `@name` where `name_of` knows the member,
/// `@id` where not; role mentions as `@role`: for screens that are not
/// Discord (the web view).
pub fn name_mentions(text: &str, name_of: impl Fn(i64) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<@") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let parsed = tail.find('>').and_then(|end| {
            let inner = &tail[2..end];
            let shown = match inner.strip_prefix('&') {
                Some(role) => role.parse::<i64>().ok().map(|_| "@role".to_string()),
                None => {
                    let id: i64 = inner.trim_start_matches('!').parse().ok()?;
                    Some(format!(
                        "@{}",
                        name_of(id).unwrap_or_else(|| id.to_string())
                    ))
                }
            }?;
            Some((shown, end + 1))
        });
        match parsed {
            Some((shown, len)) => {
                out.push_str(&shown);
                rest = &tail[len..];
            }
            None => {
                out.push_str("<@");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A span as a reader glances at it: "+2h", "-3d", "+25m".
pub fn compact_span(secs: i64) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let n = secs.unsigned_abs();
    let (value, unit) = match n {
        0..3_600 => (n / 60, 'm'),
        3_600..172_800 => (n / 3_600, 'h'),
        _ => (n / 86_400, 'd'),
    };
    format!("{sign}{value}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_names_fit_discord() {
        let long = "泵".repeat(300);
        let name = thread_name(12, "Acme", &long);
        assert_eq!(name.chars().count(), THREAD_NAME_MAX);
        assert!(name.starts_with("#12 Acme · 泵"));
        assert!(name.ends_with('…'));
        assert_eq!(
            thread_name(3, "Acme", "late\n delivery"),
            "#3 Acme · late delivery"
        );
    }

    #[test]
    fn limits_name_the_field() {
        assert_eq!(
            check_text("summary", &"x".repeat(201), 200),
            Err(Refusal::TooLong {
                field: "summary".into(),
                max: 200,
                actual: 201
            })
        );
        assert_eq!(
            check_text("summary", "   ", 200),
            Err(Refusal::EmptyText("summary".into()))
        );
        assert_eq!(check_text("s", "a\u{7}b\nc", 10), Ok("ab\nc".into()));
    }

    #[test]
    fn quoted_text_cannot_ping() {
        let q = quote("hi @everyone and @here <@&42> <@7>");
        assert!(!q.contains("@everyone") && !q.contains("@here"));
        assert!(!q.contains("<@&") && !q.contains("<@7"));
    }

    #[test]
    fn stamps_read_back_to_the_moment_they_were_made_from() {
        let text = format!(
            "due {} and {}",
            stamp_due(1_800_000_000),
            stamp(5, StampStyle::Date)
        );
        assert_eq!(text, "due <t:1800000000:f> (<t:1800000000:R>) and <t:5:D>");
        let shown = replace_stamps(&text, |at, style| format!("[{at} {style:?}]"));
        assert_eq!(
            shown,
            "due [1800000000 DateTime] ([1800000000 Relative]) and [5 Date]"
        );
        assert_eq!(
            replace_stamps("<t:x> <t:1:Q> <t:", |_, _| "!".into()),
            "<t:x> <t:1:Q> <t:"
        );
        assert_eq!(compact_span(7_300), "+2h");
        assert_eq!(compact_span(-3 * 86_400), "-3d");
    }

    #[test]
    fn mentions_read_as_names_off_discord() {
        let name = |id: i64| (id == 7).then(|| "lin".to_string());
        assert_eq!(
            name_mentions("<@7> asked <@!8> and <@&9>; a <@x> b", name),
            "@lin asked @8 and @role; a <@x> b"
        );
    }
}
