//! Content discovery and front matter: walks `briefs/`, reads each file once, and parses its
//! YAML front matter into typed metadata for a brief, a region or an initiative.

mod front_matter;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};
pub use front_matter::{AuthorMeta, BriefMeta, InitiativeMeta, Milestone, PageMeta, RegionMeta};

/// What a Markdown file under `briefs/` describes, decided by its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Brief,
    Region,
    Initiative,
    /// `briefs/authors/<slug>.md`.
    Author,
    /// `pages/**/*.md`: a standalone page (About, Methodology).
    Page,
}

/// One content file, read and split, with its parsed metadata.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path as given (root joined with the relative path); used in diagnostics.
    pub path: PathBuf,
    /// Path relative to the site root, with `/` separators (`briefs/jilin-trade.md`).
    pub rel: String,
    pub meta: Meta,
    /// The Markdown after the front matter (shared: the preview server keeps documents and
    /// hands out copies).
    pub body: Arc<str>,
    /// File line on which `body` starts.
    pub body_line: usize,
}

#[derive(Debug, Clone)]
pub enum Meta {
    Brief(BriefMeta),
    Region(RegionMeta),
    Initiative(InitiativeMeta),
    Author(AuthorMeta),
    Page(PageMeta),
}

/// Lists every Markdown file under `ROOT/briefs` and `ROOT/pages`, sorted so that builds are
/// deterministic. Hidden files and folders are left out.
pub fn discover(root: &Path) -> Result<Vec<(PathBuf, Kind)>, Diagnostic> {
    let dir = root.join("briefs");
    if !dir.is_dir() {
        return Err(Diagnostic::error(&dir, 0, 0, "no `briefs/` folder").with_hint(
            "run dossier in the site's folder or pass `--root DIR`; `dossier init DIR` creates a new site",
        ));
    }
    let mut files = walk(&dir, |path| classify(&dir, path))?;
    let pages = root.join("pages");
    if pages.is_dir() {
        files.extend(walk(&pages, |_| Kind::Page)?);
    }
    Ok(files)
}

/// The Markdown files under `dir`, sorted, with their kind.
fn walk(dir: &Path, kind: impl Fn(&Path) -> Kind) -> Result<Vec<(PathBuf, Kind)>, Diagnostic> {
    let mut files = Vec::new();
    let visible = |e: &walkdir::DirEntry| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.');
    for entry in WalkDir::new(dir).sort_by_file_name().follow_links(true).into_iter().filter_entry(visible) {
        let entry = entry.map_err(|e| Diagnostic::error(e.path().unwrap_or(dir), 0, 0, format!("cannot read: {e}")))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        files.push((path.to_path_buf(), kind(path)));
    }
    Ok(files)
}

/// Reads and parses every file in parallel. Each file is read exactly once.
pub fn load(root: &Path, files: &[(PathBuf, Kind)]) -> (Vec<Document>, Diagnostics) {
    let results: Vec<Result<Document, Diagnostics>> =
        files.par_iter().map(|(path, kind)| load_one(root, path, *kind)).collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::default();
    for r in results {
        match r {
            Ok(doc) => docs.push(doc),
            Err(d) => diags.extend(d.0),
        }
    }
    (docs, diags)
}

fn classify(briefs_dir: &Path, path: &Path) -> Kind {
    let rel = path.strip_prefix(briefs_dir).unwrap_or(path);
    let mut parts = rel.components();
    let first = parts.next().and_then(|c| c.as_os_str().to_str());
    let nested = rel.components().count() == 2;
    match first {
        Some("regions") if nested => Kind::Region,
        Some("initiatives") if nested => Kind::Initiative,
        Some("authors") if nested => Kind::Author,
        _ => Kind::Brief,
    }
}

/// The slug a page gets from its path: `pages/about.md` is `about`, `pages/team/index.md` and
/// `pages/team.md` are `team`, `pages/methods/sources.md` is `methods/sources`.
fn page_slug(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root.join("pages")).unwrap_or(path).with_extension("");
    let mut parts: Vec<String> =
        rel.components().map(|c| crate::text::slugify(&c.as_os_str().to_string_lossy())).collect();
    if parts.len() > 1 && parts.last().is_some_and(|p| p == "index") {
        parts.pop();
    }
    parts.join("/")
}

fn load_one(root: &Path, path: &Path, kind: Kind) -> Result<Document, Diagnostics> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error(path, 0, 0, format!("cannot read file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            crate::diag::line_col(valid, valid.len())
        };
        Diagnostic::error(path, line, col, "file is not valid UTF-8").with_hint("save the file with UTF-8 encoding")
    })?;
    let (yaml, body, body_line) = split_front_matter(path, &text, kind)?;
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let meta = match kind {
        Kind::Brief => Meta::Brief(front_matter::parse_brief(path, yaml)?),
        Kind::Region => Meta::Region(front_matter::parse_region(path, yaml, stem)?),
        Kind::Initiative => Meta::Initiative(front_matter::parse_initiative(path, yaml, stem)?),
        Kind::Author => Meta::Author(front_matter::parse_author(path, yaml, stem)?),
        Kind::Page => Meta::Page(front_matter::parse_page(path, yaml, &page_slug(root, path))?),
    };
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    Ok(Document { path: path.to_path_buf(), rel, meta, body: Arc::from(body), body_line })
}

/// Splits `---\nYAML\n---\nbody` into the YAML, the body and the body's first line number.
fn split_front_matter<'a>(path: &Path, text: &'a str, kind: Kind) -> Result<(&'a str, &'a str, usize), Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.trim_end() != "---" {
        let what = match kind {
            Kind::Brief => "a brief needs front matter with at least `title` and `date`",
            Kind::Region => "a region description needs front matter with at least `name`",
            Kind::Initiative => "an initiative description needs front matter with at least `name`",
            Kind::Author => "an author's file needs front matter with at least `name`",
            Kind::Page => "a page needs front matter with at least `title`",
        };
        return Err(Diagnostic::error(path, 1, 1, "missing front matter: the file must start with a `---` line")
            .with_hint(format!("{what}, between two `---` lines at the top of the file")));
    }
    let yaml_start = first_line.len() + text[first_line.len()..].find('\n').map(|_| 1).unwrap_or(0);
    let mut offset = yaml_start;
    for (i, line) in text[yaml_start..].split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            return Ok((&text[yaml_start..offset], &text[body_start..], i + 3));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, 1, 1, "front matter has no closing `---` line")
        .with_hint("end the front matter with a line holding only `---`, before the text of the brief"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_the_body_line() {
        let (yaml, body, line) =
            split_front_matter(Path::new("a.md"), "---\ntitle: A\n---\nHello\n", Kind::Brief).unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split_front_matter(Path::new("a.md"), "---\ntitle: A\nHello\n", Kind::Brief).unwrap_err();
        assert!(err.message.contains("no closing"));
    }
}
