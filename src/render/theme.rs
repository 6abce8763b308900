//! Themes: the default theme compiled into the binary, overridden file by file by a site's own
//! `themes/<name>/` folder (templates by name, static files by path), as mdBook and Zola do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};

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
    ("templates/partials/figure.html", include_str!("../../themes/default/templates/partials/figure.html")),
    ("static/style.css", include_str!("../../themes/default/static/style.css")),
    ("static/chart.css", include_str!("../../themes/default/static/chart.css")),
    ("static/favicon.svg", include_str!("../../themes/default/static/favicon.svg")),
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

    /// Parses every template; a syntax error names the template file, line and column.
    pub fn compile(&self) -> Result<Tera, Diagnostics> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
        tera.set_escape_fn(escape_html);
        let all: Vec<(&str, &str)> = self.templates.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())).collect();
        tera.add_raw_templates(all).map_err(|e| self.error(&e, None))?;
        Ok(tera)
    }

    /// A located diagnostic for a Tera error. Tera gives line and column for syntax errors; for
    /// render errors it names the variable, so the line is where that name first appears.
    pub fn error(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let chain = error_chain(err);
        let name =
            rendering.map(str::to_string).or_else(|| chain.split('\'').nth(1).map(str::to_string)).unwrap_or_default();
        let (path, source) = match self.templates.get(&name) {
            Some((text, path)) => (path.clone(), text.as_str()),
            None => (PathBuf::from(format!("templates/{name}")), ""),
        };
        let (line, col) = syntax_position(&chain).or_else(|| mention_position(&chain, source)).unwrap_or((1, 1));
        Diagnostic::error(path, line, col, format!("template `{name}` failed: {}", chain.replace('\n', " ")))
            .with_hint("fix the template; the theme's variables are listed in the README under \"Themes\"")
    }
}

/// Escapes the five characters that matter in HTML text and attributes. Tera's own escaper also
/// turns `/` into `&#x2F;`, which is valid but makes every URL unreadable in the page source.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
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
