//! `dossier init` and `dossier new`: write a new site or a new brief from templates, never
//! overwriting a file that exists.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::text::{is_slug, slugify};

/// The files of a new site, relative to its folder.
const SITE_FILES: &[(&str, &str)] = &[
    ("dossier.yaml", include_str!("site/dossier.yaml")),
    (".gitignore", include_str!("site/gitignore")),
    (".github/workflows/pages.yml", include_str!("site/pages.yml")),
    ("briefs/first-brief.md", include_str!("site/first-brief.md")),
    ("briefs/regions/jilin.md", include_str!("site/jilin.md")),
    ("briefs/initiatives/gti.md", include_str!("site/gti.md")),
];

/// Writes a new site into `dir` (created if missing). Refuses if any of its files exist.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let existing: Vec<String> =
        SITE_FILES.iter().filter(|(rel, _)| dir.join(rel).exists()).map(|(rel, _)| rel.to_string()).collect();
    if !existing.is_empty() {
        return Err(Diagnostic::error(
            dir,
            0,
            0,
            format!("refusing to overwrite existing files: {}", existing.join(", ")),
        )
        .with_hint("run `dossier init` on a new or empty folder"));
    }
    let mut written = Vec::new();
    for (rel, text) in SITE_FILES {
        let path = dir.join(rel);
        write_new(&path, &fill_in(text))?;
        written.push(path);
    }
    Ok(written)
}

/// Where the release archives of this package are: `RELEASES/vVERSION/dossier-TARGET.tar.gz`.
pub const RELEASES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases/download");

/// The files of a new site name the dossier that wrote them: its version, its package on
/// crates.io and where its releases are, so the Pages workflow installs this very version.
fn fill_in(text: &str) -> String {
    text.replace("{{version}}", env!("CARGO_PKG_VERSION"))
        .replace("{{crate}}", env!("CARGO_PKG_NAME"))
        .replace("{{releases}}", RELEASES)
}

/// Writes `briefs/<slug>.md` with filled front matter and an example chart block.
pub fn new_brief(
    root: &Path,
    title: &str,
    regions: &[String],
    initiatives: &[String],
    today: &str,
) -> Result<PathBuf, Diagnostic> {
    let slug = short_slug(&slugify(title));
    if slug.is_empty() {
        return Err(Diagnostic::error("<title>", 1, 1, format!("cannot make a file name from the title `{title}`"))
            .with_hint("use a title with some letters or digits"));
    }
    let briefs = root.join("briefs");
    if !briefs.is_dir() {
        return Err(Diagnostic::error(&briefs, 0, 0, "no `briefs/` folder")
            .with_hint("run `dossier new` in the site's folder, or pass `--root DIR`"));
    }
    for (flag, items) in [("--region", regions), ("--initiative", initiatives)] {
        // A name (`North Korea`) is taken as its slug; anything else (`../../etc`, `a/b`) is
        // refused rather than quietly turned into a different slug.
        let named = |s: &str| s.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-');
        if let Some(bad) =
            items.iter().find(|s| !named(s) || !is_slug(&slugify(s)) || s.bytes().all(|b| b.is_ascii_digit()))
        {
            let hint = match slugify(bad) {
                s if s.is_empty() || s.bytes().all(|b| b.is_ascii_digit()) => {
                    format!("name it by its slug, the name of its file in `briefs/`, such as `{flag} jilin`")
                }
                s => format!("name it by its slug, the name of its file in `briefs/`, such as `{flag} {s}`"),
            };
            return Err(Diagnostic::error(
                "<arguments>",
                1,
                1,
                format!("`{flag} {bad}` is not a slug: lowercase letters, digits and dashes"),
            )
            .with_hint(hint));
        }
    }
    let path = briefs.join(format!("{slug}.md"));
    let list = |items: &[String]| format!("[{}]", items.iter().map(|s| slugify(s)).collect::<Vec<_>>().join(", "));
    let text = include_str!("new-brief.md")
        .replace("{{title}}", &yaml_quote(title))
        .replace("{{date}}", today)
        .replace("{{regions}}", &list(regions))
        .replace("{{initiatives}}", &list(initiatives))
        .replace("{{slug}}", &slug);
    write_new(&path, &text)?;
    Ok(path)
}

/// The longest slug `new` makes from a title, in bytes: file names may hold 255 bytes, and a
/// URL of a few words reads better than a sentence.
pub const MAX_SLUG: usize = 80;

/// `slug` cut to at most [`MAX_SLUG`] bytes at a dash, so that a long title still makes a file
/// name (a slug is ASCII, so any cut is on a character boundary).
fn short_slug(slug: &str) -> String {
    if slug.len() <= MAX_SLUG {
        return slug.to_string();
    }
    let cut = &slug[..MAX_SLUG];
    let cut = match cut.rfind('-') {
        Some(i) if i > MAX_SLUG / 2 => &cut[..i],
        _ => cut,
    };
    cut.trim_end_matches('-').to_string()
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(Diagnostic::error(path, 0, 0, "refusing to overwrite an existing file")
            .with_hint("choose another title, or remove the file first"));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Diagnostic::error(dir, 0, 0, format!("cannot create folder: {e}")))?;
    }
    std::fs::write(path, text).map_err(|e| Diagnostic::error(path, 0, 0, format!("cannot write: {e}")))
}

/// A YAML double-quoted string.
fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
