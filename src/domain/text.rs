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
}
