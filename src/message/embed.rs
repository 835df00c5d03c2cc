//! A card: Discord's embed, kept to Discord's limits when it is built, so
//! that no renderer has to guess what to cut.

use serde::{Deserialize, Serialize};

use crate::domain::text::cut;

/// Discord's embed limits (characters, except `FIELDS` and `PER_MESSAGE`).
pub mod limits {
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    /// Title, description, field names and values and footer together.
    pub const TOTAL: usize = 6000;
    pub const PER_MESSAGE: usize = 10;
}

/// A card's colour: what a reader scanning the channel sees first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Grey,
    Blue,
    Orange,
    Red,
    Green,
    Purple,
}

impl Colour {
    /// As Discord takes it: 0xRRGGBB.
    pub fn rgb(self) -> u32 {
        match self {
            Colour::Grey => 0x95a5a6,
            Colour::Blue => 0x3498db,
            Colour::Orange => 0xe67e22,
            Colour::Red => 0xe74c3c,
            Colour::Green => 0x2ecc71,
            Colour::Purple => 0x9b59b6,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedField {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embed {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<EmbedField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    pub colour: Colour,
    /// Where the title links to (the customer's message a complaint came from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A picture drawn in the card: `attachment://name` of a file sent with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl Embed {
    pub fn new(title: impl AsRef<str>, colour: Colour) -> Embed {
        Embed {
            title: cut(title.as_ref(), limits::TITLE),
            description: String::new(),
            fields: Vec::new(),
            footer: None,
            colour,
            url: None,
            image: None,
        }
    }

    pub fn description(mut self, text: impl AsRef<str>) -> Embed {
        self.description = cut(text.as_ref(), limits::DESCRIPTION);
        self.keep_total();
        self
    }

    /// A field; an empty value is skipped (Discord refuses one), and fields
    /// past the 25th or past the total are left off rather than refused.
    pub fn field(mut self, name: impl AsRef<str>, value: impl AsRef<str>, inline: bool) -> Embed {
        let value = value.as_ref().trim();
        if value.is_empty() || self.fields.len() >= limits::FIELDS {
            return self;
        }
        let field = EmbedField {
            name: cut(name.as_ref(), limits::FIELD_NAME),
            value: cut(value, limits::FIELD_VALUE),
            inline,
        };
        if self.size() + field.name.chars().count() + field.value.chars().count() <= limits::TOTAL {
            self.fields.push(field);
        }
        self
    }

    pub fn footer(mut self, text: impl AsRef<str>) -> Embed {
        let text = cut(text.as_ref(), limits::FOOTER);
        self.footer = (!text.is_empty()).then_some(text);
        self.keep_total();
        self
    }

    pub fn url(mut self, url: Option<String>) -> Embed {
        self.url = url.filter(|u| u.starts_with("https://"));
        self
    }

    /// The characters Discord counts towards `limits::TOTAL`.
    pub fn size(&self) -> usize {
        let n = |s: &str| s.chars().count();
        n(&self.title)
            + n(&self.description)
            + self
                .fields
                .iter()
                .map(|f| n(&f.name) + n(&f.value))
                .sum::<usize>()
            + self.footer.as_deref().map_or(0, n)
    }

    /// The description gives way first when the whole would pass the total.
    fn keep_total(&mut self) {
        let size = self.size();
        if size > limits::TOTAL {
            let over = size - limits::TOTAL;
            let keep = self.description.chars().count().saturating_sub(over + 1);
            self.description = cut(&self.description, keep.max(1));
        }
    }

    /// The card as plain lines: for the console, incoming webhooks, logs.
    pub fn plain(&self) -> String {
        let mut lines = vec![format!("**{}**", self.title)];
        if !self.description.is_empty() {
            lines.push(self.description.clone());
        }
        for f in &self.fields {
            lines.push(format!("**{}:** {}", f.name, f.value));
        }
        if let Some(footer) = &self.footer {
            lines.push(format!("— {footer}"));
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_never_passes_discords_limits() {
        let mut e = Embed::new("t".repeat(300), Colour::Red)
            .description("d".repeat(5000))
            .footer("f".repeat(3000));
        for i in 0..30 {
            e = e.field(format!("n{i}"), "v".repeat(2000), true);
        }
        assert_eq!(e.title.chars().count(), limits::TITLE);
        assert!(e.description.chars().count() <= limits::DESCRIPTION);
        assert!(e.fields.len() <= limits::FIELDS);
        assert!(e.fields.iter().all(|f| f.value.chars().count() <= 1024));
        assert!(e.size() <= limits::TOTAL, "{}", e.size());
        let empty = Embed::new("x", Colour::Grey).field("name", "  ", false);
        assert!(empty.fields.is_empty(), "Discord refuses an empty field");
    }

    #[test]
    fn only_https_links_are_kept() {
        let e = Embed::new("x", Colour::Blue).url(Some("javascript:alert(1)".into()));
        assert_eq!(e.url, None);
    }
}
