//! YAML mappings whose keys remember where they stand, for errors that point at a line.
//!
//! Front matter, `dossier.yaml` and chart blocks are all small YAML mappings with a fixed set of
//! keys. serde_yaml reports syntax errors with a location but forgets where keys are once parsed,
//! so [`YamlMap`] finds each top-level key's line itself and offers typed getters whose errors
//! name that line. Unknown keys get a "did you mean" hint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::text::Date;

/// A parsed YAML mapping plus the file position of each top-level key.
pub struct YamlMap {
    pub path: PathBuf,
    map: Mapping,
    /// key -> (line, column of the value) in the file.
    positions: BTreeMap<String, (usize, usize)>,
    /// key -> file position of each item of a block list under it (`  - {date: …}` lines).
    items: BTreeMap<String, Vec<(usize, usize)>>,
    /// Line in the file of the YAML's first line, for errors about the whole mapping.
    first_line: usize,
}

/// Where a YAML text sits in its file: the file line of its first line, and its indentation.
#[derive(Clone, Copy)]
pub struct Origin {
    pub line: usize,
    pub column: usize,
}

impl YamlMap {
    /// Parses `text` as a YAML mapping. An empty text is an empty mapping.
    pub fn parse(path: &Path, text: &str, origin: Origin) -> Result<YamlMap, Diagnostic> {
        let value: Value = if text.trim().is_empty() {
            Value::Mapping(Mapping::new())
        } else {
            serde_yaml::from_str(text).map_err(|e| syntax_error(path, &e, origin))?
        };
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => {
                return Err(Diagnostic::error(
                    path,
                    origin.line,
                    origin.column,
                    "expected a YAML mapping of `key: value` lines",
                )
                .with_hint("write one setting per line, such as `title: My brief`"));
            }
        };
        Ok(YamlMap {
            path: path.to_path_buf(),
            map,
            positions: key_positions(text, origin),
            items: item_positions(text, origin),
            first_line: origin.line,
        })
    }

    /// Errors for keys not in `allowed`, each with a "did you mean" hint where one is close.
    pub fn check_keys(&self, allowed: &[&str], what: &str) -> Diagnostics {
        let mut out = Diagnostics::default();
        for key in self.map.keys() {
            let name = key_name(key);
            if allowed.contains(&name.as_str()) {
                continue;
            }
            let (line, col) = self.key_position(&name);
            let hint = match did_you_mean(&name, allowed.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? {what} accepts: {}", allowed.join(", ")),
                None => format!("{what} accepts: {}", allowed.join(", ")),
            };
            out.push(
                Diagnostic::error(&self.path, line, col, format!("unknown key `{name}` in {what}")).with_hint(hint),
            );
        }
        out
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some_and(|v| !v.is_null())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// File position of `key`'s value, or the mapping's first line if the key is absent.
    pub fn position(&self, key: &str) -> (usize, usize) {
        self.positions.get(key).copied().unwrap_or((self.first_line, 1))
    }

    fn key_position(&self, key: &str) -> (usize, usize) {
        self.positions.get(key).map(|&(l, _)| (l, 1)).unwrap_or((self.first_line, 1))
    }

    /// An error about item `index` (from 0) of the list under `key`: at the item's own line
    /// when the list is written one item a line, else at the key.
    pub fn item_error(&self, key: &str, index: usize, message: impl Into<String>) -> Diagnostic {
        match self.items.get(key).and_then(|items| items.get(index)) {
            Some(&(line, col)) => Diagnostic::error(&self.path, line, col, message),
            None => self.error(key, message),
        }
    }

    pub fn error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.position(key);
        Diagnostic::error(&self.path, line, col, message)
    }

    /// A required string: missing, empty or not text is an error.
    pub fn required_str(&self, key: &str, hint: &str) -> Result<String, Diagnostic> {
        match self.opt_str(key)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(Diagnostic::error(&self.path, self.first_line, 1, format!("missing required key `{key}`"))
                .with_hint(hint.to_string())),
        }
    }

    /// An optional scalar, as text. Numbers and booleans are accepted and written out as text,
    /// since `started: 2009` is natural to write.
    pub fn opt_str(&self, key: &str) -> Result<Option<String>, Diagnostic> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => self.checked_text(key, s).map(Some),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(self.error(key, format!("`{key}` must be text, found {}", kind_of(other)))),
        }
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, Diagnostic> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self
                .error(key, format!("`{key}` must be true or false, found {}", kind_of(other)))
                .with_hint(format!("write `{key}: true` or `{key}: false`"))),
        }
    }

    /// A list of strings; a single string is taken as a list of one.
    pub fn str_list(&self, key: &str) -> Result<Vec<String>, Diagnostic> {
        let item = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let list = match self.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => items
                .iter()
                .map(|v| {
                    item(v).ok_or_else(|| {
                        self.error(key, format!("every item of `{key}` must be text, found {}", kind_of(v)))
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(v) => item(v).map(|s| vec![s]).ok_or_else(|| {
                self.error(key, format!("`{key}` must be a list, found {}", kind_of(v)))
                    .with_hint(format!("write `{key}: [first, second]`"))
            })?,
        };
        list.into_iter().map(|s| self.checked_text(key, &s)).collect()
    }

    /// A list of slugs (`regions`, `initiatives`). `regions: jilin, yanbian` is one text in
    /// YAML, not a list; it is refused with the list it was meant to be, rather than taken as
    /// the slug `jilin, yanbian`.
    pub fn slug_list(&self, key: &str) -> Result<Vec<String>, Diagnostic> {
        if let Some(Value::String(s)) = self.get(key)
            && s.contains(',')
        {
            let items: Vec<&str> = s.split(',').map(str::trim).filter(|i| !i.is_empty()).collect();
            return Err(self
                .error(key, format!("`{key}` is one text, `{s}`, not a list"))
                .with_hint(format!("write a list in brackets: `{key}: [{}]`", items.join(", "))));
        }
        self.str_list(key)
    }

    /// Text as it may reach a page or a feed: no control characters other than tab and line
    /// feed (HTML forbids them and they make XML invalid). YAML lets them in through escapes
    /// such as `"\a"` in double-quoted text.
    fn checked_text(&self, key: &str, s: &str) -> Result<String, Diagnostic> {
        match s.chars().find(|c| c.is_control() && *c != '\t' && *c != '\n') {
            None => Ok(s.to_string()),
            Some(c) => Err(self
                .error(
                    key,
                    format!("`{key}` holds the control character U+{:04X}, which a page or feed cannot show", c as u32),
                )
                .with_hint("remove it: in double-quoted YAML text, escapes such as `\\a`, `\\x07` or `\\r` make one")),
        }
    }

    /// An optional date `YYYY-MM-DD`, checked for a real calendar day.
    pub fn opt_date(&self, key: &str) -> Result<Option<Date>, Diagnostic> {
        let Some(text) = self.opt_str(key)? else { return Ok(None) };
        Date::parse_day(&text).map(Some).ok_or_else(|| {
            self.error(key, format!("`{key}` is not a valid date: `{text}`"))
                .with_hint(format!("write dates as YYYY-MM-DD, for example `{key}: 2021-03-15`"))
        })
    }

    /// An optional partial date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), as milestones use them.
    pub fn opt_partial_date(&self, key: &str) -> Result<Option<Date>, Diagnostic> {
        let Some(text) = self.opt_str(key)? else { return Ok(None) };
        Date::parse_partial(&text).map(Some).ok_or_else(|| {
            self.error(key, format!("`{key}` is not a valid date: `{text}`"))
                .with_hint(format!("write YYYY, YYYY-MM or YYYY-MM-DD, for example `{key}: 2009`"))
        })
    }
}

pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn key_name(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
    }
}

fn syntax_error(path: &Path, e: &serde_yaml::Error, origin: Origin) -> Diagnostic {
    let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    // serde_yaml appends " at line X column Y" to its message; the location is printed in front.
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
    Diagnostic::error(path, origin.line + line - 1, origin.column + col - 1, format!("invalid YAML: {message}"))
        .with_hint("check the indentation and quote text that contains `: ` or starts with a special character")
}

/// Finds the items of block lists under top-level keys: the `- ` lines at the list's own
/// indentation, up to the next top-level line. The position is that of the item's text.
fn item_positions(text: &str, origin: Origin) -> BTreeMap<String, Vec<(usize, usize)>> {
    let mut out: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    let mut current: Option<(String, Option<usize>)> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if indent == 0 && !rest.is_empty() && !rest.starts_with(['#', '-']) {
            current = rest.split_once(':').map(|(k, _)| (k.trim().to_string(), None));
            continue;
        }
        let Some((key, list_indent)) = current.as_mut() else { continue };
        if rest == "-" || rest.starts_with("- ") {
            let at = *list_indent.get_or_insert(indent);
            if indent == at {
                let text_col = indent + 1 + rest[1..].len() - rest[1..].trim_start().len();
                out.entry(key.clone()).or_default().push((origin.line + i, origin.column + text_col));
            }
        }
    }
    out
}

/// Finds the line of every top-level `key:` in `text` (lines with no indentation).
fn key_positions(text: &str, origin: Origin) -> BTreeMap<String, (usize, usize)> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some(colon) = line.find(':') else { continue };
        let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
        if key.is_empty() {
            continue;
        }
        let value_col = line[colon + 1..].find(|c: char| !c.is_whitespace()).map(|p| colon + 1 + p).unwrap_or(colon);
        out.entry(key.to_string()).or_insert((origin.line + i, origin.column + line[..value_col].chars().count()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_point_at_their_line_with_a_hint() {
        let origin = Origin { line: 2, column: 1 };
        let map = YamlMap::parse(Path::new("a.md"), "title: x\ntitel: y\n", origin).unwrap();
        let diags = map.check_keys(&["title", "date"], "brief front matter");
        let d = &diags.0[0];
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.hint.as_deref().unwrap().contains("did you mean `title`"));
    }

    #[test]
    fn items_of_block_lists_point_at_their_own_line() {
        let origin = Origin { line: 2, column: 1 };
        let text = "name: GTI\nmilestones:\n  - {date: 1991}\n  -   {date: 2005}\nregions: [a]\n";
        let map = YamlMap::parse(Path::new("g.md"), text, origin).unwrap();
        let at = |i| {
            let d = map.item_error("milestones", i, "x");
            (d.line, d.column)
        };
        assert_eq!([at(0), at(1)], [(4, 5), (5, 7)]);
        // No third item at the list's indentation: the key's place.
        assert_eq!(at(2), (3, 11));
        let d = map.item_error("regions", 0, "x");
        assert_eq!((d.line, d.column), (6, 10), "a flow list is named at its key");
    }

    #[test]
    fn syntax_errors_are_offset_by_origin() {
        let origin = Origin { line: 2, column: 1 };
        let err = YamlMap::parse(Path::new("a.md"), "title: x\ndate: [1, 2\n", origin).err().unwrap();
        assert!(err.line >= 3, "{err}");
        assert!(err.message.starts_with("invalid YAML"));
    }
}
