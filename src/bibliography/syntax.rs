//! Pandoc's citation syntax in a piece of text: `[@key]`, `[@key, p. 12]`, `[see @a; -@b]`
//! (bracketed) and `@key` (bare, in the narrative: "Lin (2021)").
//!
//! Only syntax is decided here; whether a key is in the bibliography is the caller's question.
//! An `@` counts only where a key may start: at the start of the text or after a space or an
//! opening bracket or quote, never after a letter, digit or `/` (`x@y.org`,
//! `https://x.org/@name` are not citations), and never when escaped (`\@`).

use hayagriva::citationberg::taxonomy::Locator;

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    /// Text before the key, as written (`see`).
    pub prefix: String,
    /// Text after the key and its locator, as written (`, and elsewhere`).
    pub suffix: String,
    /// `p. 12` as (page, `12`); a bare number is a page.
    pub locator: Option<(Locator, String)>,
    /// `-@key`: the year without the author.
    pub suppress_author: bool,
    /// Byte offset of the `@` in the scanned text.
    pub at: usize,
}

/// A citation: one or more items, bracketed or bare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cite {
    pub items: Vec<CiteItem>,
    /// A bare `@key`, written into the sentence ("Lin (2021)").
    pub prose: bool,
    /// Byte range in the scanned text.
    pub start: usize,
    pub end: usize,
}

/// The citations of `text`, in order. `escaped(i)` says whether the byte at `i` was escaped
/// with a backslash in the source; `open_start` whether a key may start at offset 0.
pub fn scan(text: &str, escaped: &dyn Fn(usize) -> bool, open_start: bool) -> Vec<Cite> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'['
            && !escaped(i)
            && let Some(close) = closing(text, i + 1, escaped)
            && let Some(items) = group(&text[i + 1..close], i + 1, escaped)
        {
            out.push(Cite { items, prose: false, start: i, end: close + 1 });
            i = close + 1;
            continue;
        }
        if bytes[i] == b'@'
            && !escaped(i)
            && may_open(text, i, open_start)
            && let Some(len) = key_len(&text[i + 1..])
        {
            let item = CiteItem {
                key: text[i + 1..i + 1 + len].to_string(),
                prefix: String::new(),
                suffix: String::new(),
                locator: None,
                suppress_author: false,
                at: i,
            };
            out.push(Cite { items: vec![item], prose: true, start: i, end: i + 1 + len });
            i += 1 + len;
            continue;
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The `]` closing a bracket opened before `from`, if no other `[` opens first.
fn closing(text: &str, from: usize, escaped: &dyn Fn(usize) -> bool) -> Option<usize> {
    for (j, b) in text.as_bytes()[from..].iter().enumerate() {
        let at = from + j;
        match b {
            b'[' if !escaped(at) => return None,
            b']' if !escaped(at) => return Some(at),
            _ => {}
        }
    }
    None
}

/// The items of a bracketed group, when every `;`-separated part holds a key.
fn group(inner: &str, base: usize, escaped: &dyn Fn(usize) -> bool) -> Option<Vec<CiteItem>> {
    let mut items = Vec::new();
    let mut start = 0;
    let bytes = inner.as_bytes();
    for j in 0..=bytes.len() {
        if j == bytes.len() || (bytes[j] == b';' && !escaped(base + j)) {
            items.push(item(&inner[start..j], base + start, escaped)?);
            start = j + 1;
        }
    }
    Some(items)
}

fn item(part: &str, base: usize, escaped: &dyn Fn(usize) -> bool) -> Option<CiteItem> {
    let at = part
        .char_indices()
        .find(|&(i, c)| c == '@' && !escaped(base + i) && key_starts(part, i) && key_len(&part[i + 1..]).is_some())
        .map(|(i, _)| i)?;
    let len = key_len(&part[at + 1..])?;
    let before = &part[..at];
    let suppress_author = before.ends_with('-');
    let prefix = before.strip_suffix('-').unwrap_or(before).trim().to_string();
    let (locator, suffix) = locator(&part[at + 1 + len..]);
    Some(CiteItem {
        key: part[at + 1..at + 1 + len].to_string(),
        prefix,
        suffix,
        locator,
        suppress_author,
        at: base + at,
    })
}

/// Inside brackets a key starts at the start, after a space, or after `-` that does.
fn key_starts(part: &str, i: usize) -> bool {
    let before = part[..i].strip_suffix('-').unwrap_or(&part[..i]);
    before.is_empty() || before.ends_with(char::is_whitespace)
}

/// A bare key may start at the start of the text (when the source allows it), or after a
/// space, an opening bracket or quote, or emphasis marks.
fn may_open(text: &str, i: usize, open_start: bool) -> bool {
    match text[..i].chars().next_back() {
        None => open_start,
        Some(c) => c.is_whitespace() || "([{\"'“‘«—–*_~".contains(c),
    }
}

/// The length of the key at the start of `s`: a letter, digit or `_`, then those and inner
/// punctuation (`:.#$%&-+?<>~/`) that is followed by a letter, digit or `_`. Pandoc's rule, so
/// that `@lin-2021.` ends before the full stop.
pub fn key_len(s: &str) -> Option<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut chars = s.char_indices().peekable();
    let (_, first) = chars.next()?;
    if !word(first) {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some((i, c)) = chars.next() {
        if word(c) {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c) && chars.peek().is_some_and(|&(_, n)| word(n)) {
            continue;
        } else {
            break;
        }
    }
    Some(end)
}

/// The locator and suffix after a key: `, p. 12`, `, 12-14`, `chap. 3, and elsewhere`.
fn locator(rest: &str) -> (Option<(Locator, String)>, String) {
    let trimmed = rest.trim();
    let body = trimmed.strip_prefix(',').map(str::trim_start).unwrap_or(trimmed);
    let (value_part, label) = match body.split_once(char::is_whitespace) {
        Some((word, after)) if super::locator_of(word).is_some() => (after.trim_start(), super::locator_of(word)),
        _ if body.starts_with(|c: char| c.is_ascii_digit()) => (body, Some(Locator::Page)),
        _ => (body, None),
    };
    let Some(label) = label else { return (None, trimmed.to_string()) };
    let end = value_part.find(',').unwrap_or(value_part.len());
    let value = value_part[..end].trim();
    if value.is_empty() {
        return (None, trimmed.to_string());
    }
    (Some((label, value.to_string())), value_part[end..].trim().to_string())
}
