//! Citations: the site's bibliography, the citation style, and the formatting of citations
//! and reference lists with hayagriva (CSL).
//!
//! A site's bibliography is `briefs/references.yaml` (hayagriva's YAML) and/or
//! `briefs/references.bib` (BibLaTeX), parsed once per load and shared read-only by every
//! brief's rendering. [`syntax`] finds Pandoc's citation syntax in text (`[@key, p. 12]`,
//! `[see @a; @b]`, `@key`); [`Bibliography::format`] turns one brief's citations, in order,
//! into HTML (each cited work linked to its entry in the reference list) and its reference
//! list. Everything written is escaped here: hayagriva's own HTML writer escapes nothing.
//!
//! A leaf below `config` and `markdown`: it knows files, text and hayagriva, not the model.

pub mod syntax;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{
    FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode, Style as Csl, TextDecoration,
    VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild, ElemChildren,
    ElemMeta, Entry, Library, LocatorPayload, SpecificLocator,
};

use crate::diag::{Diagnostic, Diagnostics, LineCounter, did_you_mean};
use crate::sources::Stamp;
pub use syntax::{Cite, CiteItem};

/// The style used when `dossier.yaml` names none.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// The site's bibliography files, relative to the root, in the order they are merged.
pub const SITE_FILES: [&str; 2] = ["briefs/references.yaml", "briefs/references.bib"];

/// The names of the bundled styles, sorted (each style's first name in hayagriva).
pub fn style_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = ArchivedStyle::all().iter().filter_map(|s| s.names().first().copied()).collect();
    names.sort_unstable();
    names
}

/// Checks a style name; the error is (problem, hint).
pub fn check_style(name: &str) -> Result<(), (String, String)> {
    match ArchivedStyle::by_name(name) {
        Some(_) if independent(name).is_some() => Ok(()),
        Some(_) => Err((
            format!("citation style `{name}` is a dependent CSL style, which dossier cannot format"),
            format!("choose one of: {}", style_names().join(", ")),
        )),
        None => {
            let names = style_names();
            let hint = match did_you_mean(name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? styles: {}", names.join(", ")),
                None => format!("styles: {}", names.join(", ")),
            };
            Err((format!("unknown citation style `{name}`"), hint))
        }
    }
}

fn independent(name: &str) -> Option<IndependentStyle> {
    match ArchivedStyle::by_name(name)?.get() {
        Csl::Independent(s) => Some(s),
        Csl::Dependent(_) => None,
    }
}

/// A CSL style with the locale of the site's language.
pub struct Style {
    pub name: String,
    csl: IndependentStyle,
    locale: Option<LocaleCode>,
    locales: Vec<Locale>,
}

impl Style {
    /// The style `name` (checked by [`check_style`]) in the site's `language`: the bundled
    /// locale of that language (`fr` is `fr-FR`), or the style's default when there is none.
    pub fn new(name: &str, language: &str) -> Option<Style> {
        let csl = independent(name)?;
        let locales = hayagriva::archive::locales();
        let codes: Vec<&str> = locales.iter().filter_map(|l| l.lang.as_ref().map(|c| c.0.as_str())).collect();
        let lang = language.to_ascii_lowercase();
        let base = lang.split(['-', '_']).next().unwrap_or_default().to_string();
        // The locale readers of the bare language expect: `en` is American English, `zh`
        // simplified Chinese, and most others the country that shares the language's code.
        let usual = match base.as_str() {
            "en" => "en-US".to_string(),
            "zh" => "zh-CN".to_string(),
            "ja" => "ja-JP".to_string(),
            "ko" => "ko-KR".to_string(),
            "sv" => "sv-SE".to_string(),
            "da" => "da-DK".to_string(),
            "el" => "el-GR".to_string(),
            "uk" => "uk-UA".to_string(),
            "cs" => "cs-CZ".to_string(),
            "he" => "he-IL".to_string(),
            "vi" => "vi-VN".to_string(),
            other => format!("{other}-{}", other.to_ascii_uppercase()),
        };
        let wanted = [lang.clone(), usual];
        let code = codes
            .iter()
            .find(|c| wanted.iter().any(|w| c.eq_ignore_ascii_case(w)))
            .or_else(|| codes.iter().find(|c| c.to_ascii_lowercase().starts_with(&format!("{base}-"))))
            .map(|c| LocaleCode(c.to_string()));
        Some(Style { name: name.to_string(), csl, locale: code, locales })
    }

    /// The style's name and locale, for caches of formatted text.
    pub fn fingerprint(&self) -> String {
        format!("{} {:?}", self.name, self.locale)
    }

    /// Whether citations are numbers (`[1]`), so that a site-wide list has no labels.
    fn numeric(&self) -> bool {
        self.csl.citation.sort.is_none()
            && self.csl.settings.class == hayagriva::citationberg::StyleClass::InText
            && self.csl.bibliography.as_ref().is_some_and(|b| b.second_field_align.is_some())
    }
}

/// The site's bibliography, parsed, with the style to format it in.
pub struct Bibliography {
    pub style: Arc<Style>,
    /// The files it was read from, with their stamps before the read: a brief rendered with it
    /// is stale when one of them changes.
    pub files: Vec<(PathBuf, Option<Stamp>)>,
    library: Library,
    /// Every key, sorted, for "did you mean".
    keys: Vec<String>,
}

/// A work in a reference list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reference {
    pub key: String,
    /// The label the style puts before it (`[1]`), if any.
    pub label: Option<String>,
    pub html: String,
}

/// One brief's citations, formatted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Formatted {
    /// For each citation, in order: its HTML and its plain text.
    pub cites: Vec<(String, String)>,
    /// The works cited, in the style's order.
    pub references: Vec<Reference>,
}

/// Reads the site's bibliography files, if it has any. `style` has been checked by `config`.
pub fn load(root: &Path, style: &str, language: &str) -> Result<Option<Bibliography>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut library = Library::new();
    let mut files = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for rel in SITE_FILES {
        let path = root.join(rel);
        if !path.is_file() {
            continue;
        }
        let stamp = Stamp::of(&path);
        match read_file(&path) {
            Ok((text, lib)) => {
                for entry in lib.iter() {
                    if let Some(first) = seen.get(entry.key()) {
                        let (line, col) = key_position(&text, entry.key());
                        diags.push(
                            Diagnostic::error(
                                &path,
                                line,
                                col,
                                format!("key `{}` is also in {}", entry.key(), first.display()),
                            )
                            .with_hint("a key names one work: remove one of them or rename it"),
                        );
                        continue;
                    }
                    seen.insert(entry.key().to_string(), path.clone());
                    library.push(entry);
                }
            }
            Err(d) => diags.push(d),
        }
        files.push((path, stamp));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if files.is_empty() {
        return Ok(None);
    }
    let style = Arc::new(style_of(root, style, language)?);
    let mut keys: Vec<String> = library.keys().map(str::to_string).collect();
    keys.sort();
    Ok(Some(Bibliography { style, files, library, keys }))
}

/// The style `name`, checked by `config` already.
pub fn style_of(root: &Path, name: &str, language: &str) -> Result<Style, Diagnostics> {
    Style::new(name, language).ok_or_else(|| {
        Diagnostics::from(Diagnostic::error(
            root.join("dossier.yaml"),
            1,
            1,
            format!("unknown citation style `{name}`"),
        ))
    })
}

/// A brief's own bibliography file (`path`, allowed already) over the site's: a key in both
/// names the brief's work. Errors name the file's line, or `at` in the brief.
pub fn with_own(site: Option<&Bibliography>, path: &Path, style: Arc<Style>) -> Result<Bibliography, Diagnostic> {
    let stamp = Stamp::of(path);
    let (_, own) = read_file(path)?;
    let mut library = Library::new();
    let mut files = vec![(path.to_path_buf(), stamp)];
    for entry in own.iter() {
        library.push(entry);
    }
    if let Some(site) = site {
        for entry in site.library.iter() {
            if library.get(entry.key()).is_none() {
                library.push(entry);
            }
        }
        files.extend(site.files.iter().cloned());
    }
    let mut keys: Vec<String> = library.keys().map(str::to_string).collect();
    keys.sort();
    Ok(Bibliography { style, files, library, keys })
}

/// Parses one bibliography file by its extension. Errors name the file's line and column.
fn read_file(path: &Path) -> Result<(String, Library), Diagnostic> {
    let text =
        std::fs::read(path).map_err(|e| Diagnostic::error(path, 0, 0, format!("cannot read the bibliography: {e}")))?;
    let text = String::from_utf8(text).map_err(|_| {
        Diagnostic::error(path, 1, 1, "the bibliography is not valid UTF-8").with_hint("save it as UTF-8")
    })?;
    let text = crate::diag::normalize_line_endings(&text).into_owned();
    let bib = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("bib"));
    let lib = if bib { parse_biblatex(path, &text)? } else { parse_yaml(path, &text)? };
    Ok((text, lib))
}

fn parse_yaml(path: &Path, text: &str) -> Result<Library, Diagnostic> {
    // serde_yaml keeps the last of two equal keys: a second entry with a key would silently
    // replace the first, so top-level keys are compared here first.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let Some((key, _)) = line.split_once(':') else { continue };
        if key.is_empty() || key.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let key = key.trim().trim_matches(['"', '\'']);
        if let Some(first) = seen.insert(key, n + 1) {
            return Err(Diagnostic::error(path, n + 1, 1, format!("key `{key}` is already used at line {first}"))
                .with_hint("a key names one work: remove one of the entries or rename it"));
        }
    }
    hayagriva::io::from_yaml_str(text).map_err(|e| {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        Diagnostic::error(path, line, col, format!("the bibliography is not valid hayagriva YAML: {e}"))
            .with_hint("each work is a key with `type`, `title`, `author`, `date`…; see hayagriva's file format")
    })
}

fn parse_biblatex(path: &Path, text: &str) -> Result<Library, Diagnostic> {
    hayagriva::io::from_biblatex_str(text).map_err(|errors| {
        let (span, message) = match errors.first() {
            Some(hayagriva::io::BibLaTeXError::Parse(e)) => (e.span.clone(), e.kind.to_string()),
            Some(hayagriva::io::BibLaTeXError::Type(e)) => (e.span.clone(), e.kind.to_string()),
            None => (0..0, "unreadable".to_string()),
        };
        let (line, col) = LineCounter::default().line_col(text, span.start);
        Diagnostic::error(path, line, col, format!("the bibliography is not valid BibLaTeX: {message}"))
            .with_hint("each entry is written `@type{key, field = {value}, …}`")
    })
}

/// Where `key` is written in a bibliography's text, for errors about it.
fn key_position(text: &str, key: &str) -> (usize, usize) {
    for (n, line) in text.lines().enumerate() {
        if let Some(i) = line.find(key)
            && (line[..i].trim_end().ends_with('{') || line[..i].trim().is_empty() || line[..i].trim() == "\"")
        {
            return (n + 1, line[..i].chars().count() + 1);
        }
    }
    (1, 1)
}

impl Bibliography {
    pub fn has(&self, key: &str) -> bool {
        self.library.get(key).is_some()
    }

    /// The key nearest to an unknown one, for "did you mean".
    pub fn suggest(&self, key: &str) -> Option<&str> {
        nearest(key, self.keys.iter().map(String::as_str))
    }

    /// Formats one brief's citations (every key known), in order. `href` gives the link of a
    /// cited key (its entry in the brief's reference list).
    pub fn format(&self, cites: &[Cite], href: &dyn Fn(&str) -> String) -> Formatted {
        let style = &self.style;
        let mut driver: BibliographyDriver<Entry> = BibliographyDriver::new();
        let mut kept: Vec<&Cite> = Vec::new();
        for cite in cites {
            let items: Vec<CitationItem<Entry>> = cite
                .items
                .iter()
                .filter_map(|item| {
                    let entry = self.library.get(&item.key)?;
                    let locator = item.locator.as_ref().map(|(l, v)| SpecificLocator(*l, LocatorPayload::Str(v)));
                    let purpose = if cite.prose {
                        Some(CitePurpose::Prose)
                    } else if item.suppress_author {
                        Some(CitePurpose::Year)
                    } else {
                        None
                    };
                    Some(CitationItem::new(entry, locator, None, false, purpose))
                })
                .collect();
            if items.len() != cite.items.len() || items.is_empty() {
                continue;
            }
            kept.push(cite);
            driver.citation(CitationRequest::new(items, &style.csl, style.locale.clone(), &style.locales, None));
        }
        let rendered = driver.finish(BibliographyRequest::new(&style.csl, style.locale.clone(), &style.locales));
        let mut out = Formatted::default();
        let mut formatted = rendered.citations.iter();
        for cite in cites {
            let Some(r) = kept.contains(&cite).then(|| formatted.next()).flatten() else {
                out.cites.push((String::new(), String::new()));
                continue;
            };
            let mut html = String::new();
            let mut text = String::new();
            let keys: Vec<&str> = cite.items.iter().map(|i| i.key.as_str()).collect();
            let writer = Writer { keys: &keys, items: &cite.items, href, link: true };
            writer.children(&r.citation, &mut html, &mut text);
            out.cites.push((format!("<span class=\"citation\">{html}</span>"), text));
        }
        out.references = references(rendered.bibliography.as_ref());
        out
    }

    /// The reference list of every work in `keys` (each known), as the style sorts it: the
    /// site's `/references/` page. Numeric styles' labels are left out, since no text cites
    /// these numbers.
    pub fn format_all(&self, keys: &[&str]) -> Vec<Reference> {
        let style = &self.style;
        let mut driver: BibliographyDriver<Entry> = BibliographyDriver::new();
        for key in keys {
            if let Some(entry) = self.library.get(key) {
                let items = vec![CitationItem::with_entry(entry)];
                driver.citation(CitationRequest::new(items, &style.csl, style.locale.clone(), &style.locales, None));
            }
        }
        let rendered = driver.finish(BibliographyRequest::new(&style.csl, style.locale.clone(), &style.locales));
        let mut refs = references(rendered.bibliography.as_ref());
        if style.numeric() {
            for r in &mut refs {
                r.label = None;
            }
        }
        refs
    }
}

/// The nearest of `keys` to `key`: by Jaro-Winkler like other "did you mean"s, else by edit
/// distance (at most a third of the key).
fn nearest<'a>(key: &str, keys: impl Iterator<Item = &'a str> + Clone) -> Option<&'a str> {
    did_you_mean(key, keys.clone()).or_else(|| {
        keys.map(|k| (strsim::levenshtein(key, k), k))
            .filter(|(d, _)| *d <= key.chars().count().div_ceil(3))
            .min()
            .map(|(_, k)| k)
    })
}

fn references(bib: Option<&hayagriva::RenderedBibliography>) -> Vec<Reference> {
    let Some(bib) = bib else { return Vec::new() };
    bib.items
        .iter()
        .map(|item| {
            let writer = Writer { keys: &[], items: &[], href: &|_| String::new(), link: false };
            let mut html = String::new();
            let mut text = String::new();
            writer.children(&item.content, &mut html, &mut text);
            let label = item.first_field.as_ref().map(|f| {
                let (mut h, mut t) = (String::new(), String::new());
                writer.child(f, &mut h, &mut t);
                h
            });
            Reference { key: item.key.clone(), label, html: html.trim().to_string() }
        })
        .collect()
}

/// Writes hayagriva's output as escaped HTML and plain text. In a citation, each item (an
/// element marked `Entry(i)`) links to its work; the item's prefix and suffix as written
/// (`see`, `and elsewhere`) go around it.
struct Writer<'a> {
    keys: &'a [&'a str],
    items: &'a [CiteItem],
    href: &'a dyn Fn(&str) -> String,
    link: bool,
}

impl Writer<'_> {
    fn children(&self, children: &ElemChildren, html: &mut String, text: &mut String) {
        for child in &children.0 {
            self.child(child, html, text);
        }
    }

    fn child(&self, child: &ElemChild, html: &mut String, text: &mut String) {
        match child {
            ElemChild::Text(t) => formatted(&t.text, &t.formatting, html, text),
            ElemChild::Markup(m) => {
                escape_into(m, html);
                text.push_str(m);
            }
            ElemChild::Link { text: t, url } => {
                let safe = url.starts_with("https://") || url.starts_with("http://");
                if safe && !self.link {
                    html.push_str("<a href=\"");
                    escape_into(url, html);
                    html.push_str("\">");
                }
                formatted(&t.text, &t.formatting, html, text);
                if safe && !self.link {
                    html.push_str("</a>");
                }
            }
            ElemChild::Transparent { .. } => {}
            ElemChild::Elem(e) => match e.meta {
                Some(ElemMeta::Entry(i)) if self.link && i < self.keys.len() => {
                    let item = &self.items[i];
                    if !item.prefix.is_empty() {
                        escape_into(&item.prefix, html);
                        html.push(' ');
                        let _ = write!(text, "{} ", item.prefix);
                    }
                    html.push_str("<a href=\"");
                    escape_into(&(self.href)(self.keys[i]), html);
                    html.push_str("\">");
                    self.children(&e.children, html, text);
                    html.push_str("</a>");
                    if !item.suffix.is_empty() {
                        let gap = if item.suffix.starts_with([',', ';', '.']) { "" } else { " " };
                        html.push_str(gap);
                        escape_into(&item.suffix, html);
                        let _ = write!(text, "{gap}{}", item.suffix);
                    }
                }
                _ => self.children(&e.children, html, text),
            },
        }
    }
}

fn formatted(s: &str, f: &hayagriva::Formatting, html: &mut String, text: &mut String) {
    let mut close: Vec<&str> = Vec::new();
    let mut open = |tag: &'static str, end: &'static str, html: &mut String| {
        html.push_str(tag);
        close.push(end);
    };
    if f.font_style == FontStyle::Italic {
        open("<i>", "</i>", html);
    }
    if f.font_weight == FontWeight::Bold {
        open("<b>", "</b>", html);
    }
    if f.font_variant == FontVariant::SmallCaps {
        open("<span class=\"small-caps\">", "</span>", html);
    }
    if f.text_decoration == TextDecoration::Underline {
        open("<u>", "</u>", html);
    }
    match f.vertical_align {
        VerticalAlign::Sup => open("<sup>", "</sup>", html),
        VerticalAlign::Sub => open("<sub>", "</sub>", html),
        _ => {}
    }
    escape_into(s, html);
    text.push_str(s);
    for end in close.iter().rev() {
        html.push_str(end);
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// The locator a label names (`p.`, `chap.`, `§`), as Pandoc reads them.
pub(crate) fn locator_of(label: &str) -> Option<Locator> {
    let l = label.trim_end_matches('.').to_lowercase();
    Some(match l.as_str() {
        "p" | "pp" | "page" | "pages" => Locator::Page,
        "chap" | "chaps" | "chapter" | "chapters" => Locator::Chapter,
        "sec" | "secs" | "section" | "sections" | "§" | "§§" => Locator::Section,
        "fig" | "figs" | "figure" | "figures" => Locator::Figure,
        "vol" | "vols" | "volume" | "volumes" => Locator::Volume,
        "para" | "paras" | "paragraph" | "paragraphs" | "¶" => Locator::Paragraph,
        "n" | "nn" | "note" | "notes" => Locator::Note,
        "l" | "ll" | "line" | "lines" => Locator::Line,
        "col" | "cols" | "column" | "columns" => Locator::Column,
        "no" | "nos" | "number" | "numbers" => Locator::Issue,
        "tab" | "tabs" | "table" | "tables" => Locator::Table,
        "pt" | "pts" | "part" | "parts" => Locator::Part,
        "bk" | "bks" | "book" | "books" => Locator::Book,
        "app" | "appendix" => Locator::Appendix,
        "v" | "vv" | "verse" | "verses" => Locator::Verse,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
