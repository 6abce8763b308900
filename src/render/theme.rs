//! Themes: the default theme compiled into the binary, overridden file by file by a site's own
//! `themes/<name>/` folder (templates by name, static files by path), as mdBook and Zola do.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{OnceLock, RwLock};

use regex::Regex;
use tera::{Tera, Value};
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::IdMap;

/// The default theme's files, relative to `themes/default/`.
const DEFAULT_FILES: &[(&str, &str)] = &[
    ("templates/base.html", include_str!("../../themes/default/templates/base.html")),
    ("templates/macros.html", include_str!("../../themes/default/templates/macros.html")),
    ("templates/index.html", include_str!("../../themes/default/templates/index.html")),
    ("templates/brief.html", include_str!("../../themes/default/templates/brief.html")),
    ("templates/briefs.html", include_str!("../../themes/default/templates/briefs.html")),
    ("templates/region.html", include_str!("../../themes/default/templates/region.html")),
    ("templates/regions.html", include_str!("../../themes/default/templates/regions.html")),
    ("templates/initiative.html", include_str!("../../themes/default/templates/initiative.html")),
    ("templates/initiatives.html", include_str!("../../themes/default/templates/initiatives.html")),
    ("templates/tag.html", include_str!("../../themes/default/templates/tag.html")),
    ("templates/tags.html", include_str!("../../themes/default/templates/tags.html")),
    ("templates/404.html", include_str!("../../themes/default/templates/404.html")),
    ("templates/page.html", include_str!("../../themes/default/templates/page.html")),
    ("templates/author.html", include_str!("../../themes/default/templates/author.html")),
    ("templates/authors.html", include_str!("../../themes/default/templates/authors.html")),
    ("templates/partials/figure.html", include_str!("../../themes/default/templates/partials/figure.html")),
    ("templates/partials/card.html", include_str!("../../themes/default/templates/partials/card.html")),
    ("templates/partials/pagination.html", include_str!("../../themes/default/templates/partials/pagination.html")),
    ("templates/partials/body.html", include_str!("../../themes/default/templates/partials/body.html")),
    ("templates/search.html", include_str!("../../themes/default/templates/search.html")),
    ("templates/references.html", include_str!("../../themes/default/templates/references.html")),
    ("templates/partials/cite-meta.html", include_str!("../../themes/default/templates/partials/cite-meta.html")),
    ("templates/partials/cite.html", include_str!("../../themes/default/templates/partials/cite.html")),
    ("static/style.css", include_str!("../../themes/default/static/style.css")),
    ("static/chart.css", include_str!("../../themes/default/static/chart.css")),
    ("static/favicon.svg", include_str!("../../themes/default/static/favicon.svg")),
    ("static/search.js", include_str!("../../themes/default/static/search.js")),
];

/// A theme's files: templates by name, static files by output path.
pub struct Theme {
    /// Template name -> (source text, file it came from, for errors).
    pub templates: BTreeMap<String, (String, PathBuf)>,
    /// Output path -> bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The built-in theme, with the files of `ROOT/themes/<name>/` laid over it.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut theme = Theme { templates: BTreeMap::new(), statics: BTreeMap::new() };
        for (path, text) in DEFAULT_FILES {
            theme.add(path, text.as_bytes().to_vec(), PathBuf::from(format!("themes/default/{path}")), root)?;
        }
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name == "default" {
                return Ok(theme);
            }
            return Err(Diagnostic::error(
                root.join("dossier.yaml"),
                1,
                1,
                format!("theme `{name}` not found: no folder {}", dir.display()),
            )
            .with_hint(
                "create the folder with `templates/` and `static/` inside, or remove `theme:` to use the default theme",
            )
            .into());
        }
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Diagnostic::error(&dir, 0, 0, format!("cannot read theme: {e}")))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(entry.path())
                .map_err(|e| Diagnostic::error(entry.path(), 0, 0, format!("cannot read: {e}")))?;
            theme.add(&rel, bytes, entry.path().to_path_buf(), root)?;
        }
        Ok(theme)
    }

    fn add(&mut self, rel: &str, bytes: Vec<u8>, origin: PathBuf, root: &Path) -> Result<(), Diagnostic> {
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(&origin, 1, 1, "template is not valid UTF-8").with_hint("save the template as UTF-8")
            })?;
            let shown = origin.strip_prefix(root).map(Path::to_path_buf).unwrap_or(origin);
            self.templates.insert(name.to_string(), (text, shown));
        } else if let Some(path) = rel.strip_prefix("static/") {
            self.statics.insert(path.to_string(), bytes);
        }
        Ok(())
    }

    /// The ids the templates write as they are (`id="main"`): no id made for a page's content
    /// may take one of them. Ids built from variables (`id="{{ fid }}"`) come from
    /// [`crate::layout`] and are reserved there.
    pub fn page_ids(&self) -> IdMap {
        static ID: OnceLock<Regex> = OnceLock::new();
        let re = ID.get_or_init(|| Regex::new(r#"\sid="([^"{}]+)""#).expect("a valid pattern"));
        let mut ids = IdMap::default();
        for (text, _) in self.templates.values() {
            for c in re.captures_iter(text) {
                ids.reserve(&c[1]);
            }
        }
        ids
    }

    /// Parses every template; a syntax error names the template file, line and column.
    pub fn compile(&self) -> Result<Tera, Diagnostics> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
        tera.set_escape_fn(escape_html);
        if let Some(cycle) = self.include_cycle() {
            return Err(cycle.into());
        }
        let all: Vec<(&str, &str)> = self.templates.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())).collect();
        tera.add_raw_templates(all).map_err(|e| self.error(&e, None))?;
        tera.register_tester("matching", CachedMatching::default());
        Ok(tera)
    }

    /// A located diagnostic for a Tera error. Tera gives line and column for syntax errors; for
    /// render errors it names the variable, filter or function, so the place is where that name
    /// first appears: in the template Tera says the error happened in (a parent), else in the
    /// one being rendered, else in the first template that holds it (a partial it includes).
    pub fn error(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let chain = error_chain(err);
        let name =
            rendering.map(str::to_string).or_else(|| chain.split('\'').nth(1).map(str::to_string)).unwrap_or_default();
        let happened_in = chain
            .split("error happened in '")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .filter(|n| self.templates.contains_key(*n))
            .unwrap_or(&name)
            .to_string();
        let located = |n: &str| -> Option<(PathBuf, (usize, usize))> {
            let (text, path) = self.templates.get(n)?;
            let at = syntax_position(&chain).or_else(|| mention_position(&chain, text))?;
            Some((path.clone(), at))
        };
        let (path, (line, col)) = located(&happened_in)
            .or_else(|| {
                syntax_position(&chain).is_none().then(|| self.templates.keys().find_map(|n| located(n))).flatten()
            })
            .unwrap_or_else(|| {
                let path = match self.templates.get(&happened_in) {
                    Some((_, path)) => path.clone(),
                    None => PathBuf::from(format!("templates/{happened_in}")),
                };
                (path, (1, 1))
            });
        Diagnostic::error(path, line, col, format!("template `{name}` failed: {}", chain.replace('\n', " ")))
            .with_hint("fix the template; the theme's variables are listed in the README under \"Themes\"")
    }

    /// A template that includes itself, directly or through others, would render forever (Tera
    /// does not notice and overflows its stack). Named at the `include` that closes the cycle.
    fn include_cycle(&self) -> Option<Diagnostic> {
        static INCLUDE: OnceLock<Regex> = OnceLock::new();
        let re = INCLUDE
            .get_or_init(|| Regex::new(r#"\{%-?\s*include\s+(\[[^\]]*\]|"[^"]*"|'[^']*')"#).expect("a valid pattern"));
        // Template -> (included template, offset of the include).
        let mut edges: BTreeMap<&str, Vec<(String, usize)>> = BTreeMap::new();
        for (name, (text, _)) in &self.templates {
            let text = blank_comments(text);
            for c in re.captures_iter(&text) {
                let at = c.get(0).map(|m| m.start()).unwrap_or(0);
                for target in c[1].split(',') {
                    let target = target.trim().trim_matches(|ch| matches!(ch, '[' | ']' | '"' | '\'' | ' '));
                    if !target.is_empty() {
                        edges.entry(name.as_str()).or_default().push((target.to_string(), at));
                    }
                }
            }
        }
        // Depth-first from each template; a step onto the current path is a cycle.
        let mut done: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        for start in self.templates.keys() {
            let mut path: Vec<&str> = Vec::new();
            if let Some(d) = self.walk_includes(start, &edges, &mut path, &mut done) {
                return Some(d);
            }
        }
        None
    }

    fn walk_includes<'t>(
        &'t self,
        at: &'t str,
        edges: &'t BTreeMap<&str, Vec<(String, usize)>>,
        path: &mut Vec<&'t str>,
        done: &mut std::collections::BTreeSet<&'t str>,
    ) -> Option<Diagnostic> {
        if done.contains(at) {
            return None;
        }
        path.push(at);
        for (target, offset) in edges.get(at).into_iter().flatten() {
            if let Some(i) = path.iter().position(|p| *p == target.as_str()) {
                let (text, file) = &self.templates[at];
                let (line, col) = crate::diag::line_col(text, *offset);
                let message = if path.len() - i == 1 {
                    format!("template `{at}` includes itself")
                } else {
                    let mut names: Vec<&str> = path[i..].to_vec();
                    names.push(target.as_str());
                    format!("templates include each other in a cycle: {}", names.join(" → "))
                };
                return Some(Diagnostic::error(file, line, col, message).with_hint(
                    "remove the `include` that leads back; for a part used in several places, write a macro",
                ));
            }
            if self.templates.contains_key(target.as_str())
                && let Some(d) = self.walk_includes(target.as_str(), edges, path, done)
            {
                return Some(d);
            }
        }
        path.pop();
        done.insert(at);
        None
    }
}

/// Tera's `is matching(re)` test, with each pattern compiled once per build instead of on every
/// call (Tera 1 calls `Regex::new` each time). The default figure partial tests every table
/// cell against one pattern, so this was most of the time of a brief page. Same arguments,
/// results and error messages as the built-in test.
#[derive(Default)]
struct CachedMatching {
    compiled: RwLock<HashMap<String, Regex>>,
}

impl tera::Test for CachedMatching {
    fn test(&self, value: Option<&Value>, args: &[Value]) -> tera::Result<bool> {
        use tera::helpers::tests::{extract_string, number_args_allowed, value_defined};
        number_args_allowed("matching", 1, args.len())?;
        value_defined("matching", value)?;
        let value = extract_string("matching", "on a variable", value)?;
        let pattern = extract_string("matching", "with a parameter", args.first())?;
        if let Some(re) = self.compiled.read().unwrap_or_else(|e| e.into_inner()).get(pattern) {
            return Ok(re.is_match(value));
        }
        let re = Regex::new(pattern)
            .map_err(|err| tera::Error::msg(format!("Tester `matching`: Invalid regular expression: {err}")))?;
        let matched = re.is_match(value);
        self.compiled.write().unwrap_or_else(|e| e.into_inner()).insert(pattern.to_string(), re);
        Ok(matched)
    }
}

/// Escapes the five characters that matter in HTML text and attributes. Tera's own escaper also
/// turns `/` into `&#x2F;`, which is valid but makes every URL unreadable in the page source.
/// Tera runs it on every `{{ }}` of every page, so it copies runs of plain text whole rather
/// than char by char; the five characters are ASCII, so a byte scan never splits a character.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut plain = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&input[plain..]);
    out
}

fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// `text` with every `{# comment #}` blanked out, byte for byte, so that an `include` shown in
/// a comment is not taken for one and offsets stay those of the file.
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{#") {
        out.push_str(&rest[..start]);
        let len = rest[start..].find("#}").map(|e| e + 2).unwrap_or(rest.len() - start);
        for c in rest[start..start + len].chars() {
            match c {
                '\n' => out.push('\n'),
                c => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            }
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// Tera's parse errors contain ` --> LINE:COL`.
fn syntax_position(chain: &str) -> Option<(usize, usize)> {
    let at = chain.find("--> ")?;
    let rest = &chain[at + 4..];
    let end = rest.find(|c: char| !c.is_ascii_digit() && c != ':').unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// Finds the first backquoted name of the error message in the template text.
fn mention_position(chain: &str, source: &str) -> Option<(usize, usize)> {
    let start = chain.find('`')? + 1;
    let len = chain[start..].find('`')?;
    let needle = &chain[start..start + len];
    let needle = needle.split('(').next().unwrap_or(needle).trim();
    if needle.is_empty() {
        return None;
    }
    let offset = source.find(needle)?;
    Some(crate::diag::line_col(source, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `template` with Tera's own `matching` and with the cached one.
    fn both(template: &str) -> (Result<String, String>, Result<String, String>) {
        let render = |cached: bool| {
            let mut tera = Tera::default();
            tera.add_raw_template("t", template).unwrap();
            if cached {
                tera.register_tester("matching", CachedMatching::default());
            }
            let mut ctx = tera::Context::new();
            ctx.insert("cells", &["12", "1,5%", "n/a", "words", "2003-10", ""]);
            ctx.insert("n", &3);
            ctx.insert("x", "x");
            // Render twice so the second pass runs from the cache.
            let first = tera.render("t", &ctx).map_err(|e| error_chain(&e));
            let second = tera.render("t", &ctx).map_err(|e| error_chain(&e));
            assert_eq!(first, second);
            first
        };
        (render(false), render(true))
    }

    #[test]
    fn escape_html_escapes_five_characters_and_keeps_the_rest() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain / text"), "plain / text");
        assert_eq!(escape_html("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
        assert_eq!(escape_html("吉林 & Приморский <"), "吉林 &amp; Приморский &lt;");
        assert_eq!(escape_html("&"), "&amp;");
    }

    #[test]
    fn cached_matching_behaves_like_teras() {
        // Tera allows tests in conditions only.
        let cases = [
            r#"{% for c in cells %}{% if c is matching("^([-+]?[0-9][0-9,.\s]*%?|n/a)?$") %}T{% else %}F{% endif %}{% endfor %}"#,
            r#"{% for c in cells %}{% if c is matching("[a-z]") %}{{ c }}{% endif %}{% endfor %}"#,
            r#"{% if x is matching("(") %}T{% endif %}"#,
            r#"{% if n is matching("3") %}T{% endif %}"#,
            r#"{% if missing is matching("3") %}T{% endif %}"#,
            r#"{% if x is matching(3) %}T{% endif %}"#,
            r#"{% if x is matching("a", "b") %}T{% endif %}"#,
        ];
        for template in cases {
            let (tera, cached) = both(template);
            assert_eq!(tera, cached, "{template}");
        }
        assert_eq!(both(cases[0]).1.unwrap(), "TTTFFT");
        assert!(both(cases[2]).1.unwrap_err().contains("Invalid regular expression"));
    }
}
