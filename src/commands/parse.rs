//! Reads a typed command line, as in the console or a phone:
//! `/complaint new customer:Acme summary:"pump leaks" severity:high`.
//!
//! Forgiving where it is safe: quotes may be straight, curly or 「」, the colon
//! may be full-width, names may be the Chinese ones, and an unquoted value runs
//! on until the next known option (`summary:pump leaks after two weeks`).

use std::collections::BTreeMap;

use super::Invocation;
use super::tree::{self, CommandSpec};
use crate::domain::refusal::Refusal;
use crate::i18n::{self, Lang};

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    /// The token with quotes removed.
    text: String,
    /// How many leading characters were outside quotes: only there can an
    /// option name and its colon be.
    bare_prefix: usize,
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '\'' => Some('\''),
        '“' => Some('”'),
        '「' => Some('」'),
        '‘' => Some('’'),
        _ => None,
    }
}

fn tokenize(line: &str) -> Result<Vec<Token>, Refusal> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(tokens);
        }
        let mut text = String::new();
        let mut bare_prefix = None;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            let Some(close) = closing_quote(c) else {
                text.push(c);
                continue;
            };
            bare_prefix.get_or_insert(text.chars().count());
            let mut closed = false;
            while let Some(q) = chars.next() {
                if q == '\\' && close == '"' && chars.peek() == Some(&'"') {
                    text.push('"');
                    chars.next();
                } else if q == close {
                    closed = true;
                    break;
                } else {
                    text.push(q);
                }
            }
            if !closed {
                return Err(Refusal::UnparsableLine(format!(
                    "a quote ({c}) is never closed"
                )));
            }
        }
        let bare_prefix = bare_prefix.unwrap_or_else(|| text.chars().count());
        tokens.push(Token { text, bare_prefix });
    }
}

/// The canonical option of `spec` that `given` names, in any language.
fn option_name(spec: &CommandSpec, given: &str) -> Option<&'static str> {
    spec.options.iter().map(|o| o.name).find(|name| {
        name.eq_ignore_ascii_case(given)
            || Lang::ALL
                .iter()
                .any(|l| i18n::local_name(*l, name) == Some(given))
    })
}

/// Splits `key:value` when `key` is an option of `spec` written outside quotes.
fn as_option(spec: &CommandSpec, token: &Token) -> Option<(&'static str, String)> {
    let bare: String = token.text.chars().take(token.bare_prefix).collect();
    let colon = bare.find([':', '：'])?;
    let name = option_name(spec, &bare[..colon])?;
    let sep_len = bare[colon..].chars().next().map_or(1, char::len_utf8);
    Some((name, token.text[colon + sep_len..].to_string()))
}

/// Parses a whole line (leading `/` optional) into an invocation.
pub fn parse_line(line: &str) -> Result<Invocation, Refusal> {
    let line = line.trim().trim_start_matches(['/', '／']);
    let tokens = tokenize(line)?;
    let (group, name) = match tokens.as_slice() {
        [g, n, ..] => (g.text.as_str(), n.text.as_str()),
        [g] => return Err(Refusal::UnknownCommand(format!("/{}", g.text))),
        [] => return Err(Refusal::UnparsableLine("the line is empty".into())),
    };
    let spec = tree::find_localized(group, name)
        .ok_or_else(|| Refusal::UnknownCommand(format!("/{group} {name}")))?;
    let mut args: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<&'static str> = None;
    for token in &tokens[2..] {
        if let Some((opt, value)) = as_option(spec, token) {
            if args.contains_key(opt) {
                return Err(Refusal::UnparsableLine(format!("`{opt}` is given twice")));
            }
            args.insert(opt.to_string(), value);
            current = Some(opt);
            continue;
        }
        match current {
            Some(opt) => {
                let value = args.entry(opt.to_string()).or_default();
                value.push(' ');
                value.push_str(&token.text);
            }
            None => {
                let bare: String = token.text.chars().take(token.bare_prefix).collect();
                return Err(match bare.split_once([':', '：']) {
                    Some((key, _)) => Refusal::UnknownOption {
                        option: key.into(),
                        command: spec.key(),
                    },
                    None => Refusal::UnparsableLine(format!("unexpected `{}`", token.text)),
                });
            }
        }
    }
    Ok(Invocation {
        group: spec.group.into(),
        name: spec.name.into(),
        args,
        interactive: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(line: &str) -> String {
        match parse_line(line) {
            Ok(inv) => format!("{} {} {:?}", inv.group, inv.name, inv.args),
            Err(e) => format!("error: {e:?}"),
        }
    }

    #[test]
    fn snapshots() {
        let lines = [
            r#"/customer add name:"Acme Tools" owner:@rep tier:key"#,
            r#"/complaint new customer:Acme summary:"pump leaks after two weeks" category:product severity:high temperament:angry channel:visit"#,
            "/complaint new customer:Acme summary:pump leaks after two weeks severity:high",
            r#"/complaint step id:12 step:2 cause:"seal \"A\" cracked" promise:"tomorrow 17:00""#,
            "/complaint step id:12 promise:2026-12-01 10:00",
            "/投诉 新建 客户：北方机械 概要：“泵漏水” 严重程度：high",
            "complaint ack id:12",
            "/complaint ack id:12 id:13",
            "/complaint ack colour:red",
            "/complaint ack hello",
            r#"/complaint escalate id:1 reason:"never closed"#,
            "/complaint frobnicate",
            "/visit",
            "",
            "/complaint new customer:'Acme' summary:「a: b」",
        ];
        let out: Vec<String> = lines
            .iter()
            .map(|l| format!("{l}\n  => {}", show(l)))
            .collect();
        insta::assert_snapshot!(out.join("\n"));
    }
}
