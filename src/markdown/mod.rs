//! Markdown to HTML with pulldown-cmark, plus what a brief needs on top:
//! chart fences lifted out as [`DataBlock`]s, stable heading ids, relative links rewritten to
//! page URLs under the site's base path, and linked files recorded for copying.
//!
//! The HTML comes back with [`FIGURE_MARK`] where each chart stood; the render stage splices
//! the drawn figure in. A NUL character can't come from content (pulldown-cmark replaces it), so
//! the mark never collides with text.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::data::{DataBlock, parse_block};
use crate::diag::{Diagnostics, LineCounter};
use crate::yaml::Origin;

/// Stands in the HTML where a chart figure goes.
pub const FIGURE_MARK: char = '\u{0}';

/// What the Markdown of one file may refer to, and how to rewrite links.
pub struct LinkContext<'a> {
    /// `/` or `/sub/path/`.
    pub base_path: &'a str,
    /// Site root on disk, to find linked files.
    pub root: &'a Path,
    /// Content file (relative to root, `/`-separated) -> page path (`briefs/jilin-trade/`).
    pub pages: &'a HashMap<String, String>,
}

/// Switches for one rendering.
#[derive(Clone, Copy)]
pub struct Flavor {
    /// Tables, footnotes, strikethrough, smart punctuation, heading attributes.
    pub extensions: bool,
    /// Lift ```` ```chart ```` fences out as data blocks.
    pub charts: bool,
}

/// A heading of the page, for the table of contents and anchor checks.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link found in the text, for `dossier check`.
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub target: String,
    /// An image (`![alt](src)`) rather than a link.
    pub image: bool,
    pub line: usize,
    pub column: usize,
    pub kind: LinkKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LinkKind {
    /// `http(s)://…`, `mailto:`: not checked by a build.
    External,
    /// A link to another content file, resolved to a page (fragment kept for anchor checks).
    Page { page: String, fragment: Option<String> },
    /// A `#fragment` on the same page.
    Anchor(String),
    /// A path in the built site (`regions/jilin/`, `media/map.png`), from `/regions/jilin/`,
    /// a page-relative `../../regions/jilin/` or a linked file; the fragment is kept for checks.
    Site { path: String, fragment: Option<String> },
    /// A relative link to a file that does not exist.
    Missing,
}

/// The result of rendering one file's Markdown.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub figures: Vec<DataBlock>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// (file on disk, output path relative to the output root) of linked files to copy.
    pub assets: Vec<(PathBuf, String)>,
    pub words: usize,
    pub diags: Diagnostics,
}

/// Renders `text`, the body of `path` starting at file line `first_line`.
pub fn render(text: &str, path: &Path, rel: &str, first_line: usize, flavor: Flavor, links: &LinkContext) -> Rendered {
    let mut opts = Options::empty();
    if flavor.extensions {
        opts = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_SMART_PUNCTUATION
            | Options::ENABLE_HEADING_ATTRIBUTES;
    }
    let mut out = Rendered::default();
    let mut walker = Walker {
        text,
        path,
        rel,
        first_line,
        links,
        out: &mut out,
        ids: HashSet::new(),
        footnotes: Vec::new(),
        lines: LineCounter::default(),
    };
    let mut events: Vec<Event> = Vec::new();
    let mut chart: Option<(usize, String)> = None;
    let mut heading: Option<(usize, Vec<Event>)> = None;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if flavor.charts && info.split_whitespace().next() == Some("chart") =>
            {
                chart = Some((range.start, String::new()));
            }
            Event::Text(t) if chart.is_some() => chart.as_mut().unwrap().1.push_str(&t),
            Event::End(TagEnd::CodeBlock) if chart.is_some() => {
                let (start, body) = chart.take().unwrap();
                walker.figure(start, &body);
                events.push(Event::Html(CowStr::from(FIGURE_MARK.to_string())));
            }
            Event::Start(Tag::Heading { .. }) => heading = Some((range.start, vec![event])),
            // Wide tables scroll inside a focusable region rather than widening the page.
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(CowStr::from(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">",
                )));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::FootnoteReference(label) => {
                let html = walker.footnote_reference(&label);
                match heading.as_mut() {
                    Some((_, buffered)) => buffered.push(html),
                    None => events.push(html),
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => events.push(walker.footnote_definition(&label)),
            Event::End(TagEnd::FootnoteDefinition) => events.push(Event::Html(CowStr::from("</div>\n"))),
            Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                let (_, mut buffered) = heading.take().unwrap();
                buffered.push(event);
                events.extend(walker.heading(buffered));
            }
            event => {
                let event = walker.rewrite(event, range.start);
                if let Event::Text(t) = &event {
                    walker.out.words += t.split_whitespace().count();
                }
                match heading.as_mut() {
                    Some((_, buffered)) => buffered.push(event),
                    None => events.push(event),
                }
            }
        }
    }
    if flavor.extensions {
        demote_if_h1(&mut events, &mut out.headings);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = html;
    out
}

struct Walker<'a, 'o> {
    text: &'a str,
    path: &'a Path,
    rel: &'a str,
    first_line: usize,
    links: &'a LinkContext<'a>,
    out: &'o mut Rendered,
    ids: HashSet<String>,
    /// Footnote labels in order of first reference; a footnote's number is its place here.
    footnotes: Vec<String>,
    lines: LineCounter,
}

impl Walker<'_, '_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let (line, col) = self.lines.line_col(self.text, offset);
        (self.first_line + line - 1, col)
    }

    fn figure(&mut self, fence_start: usize, body: &str) {
        let (line, col) = self.position(fence_start);
        match parse_block(self.path, body, Origin { line: line + 1, column: col }) {
            Ok(block) => self.out.figures.push(block),
            Err(d) => self.out.diags.extend(d.0),
        }
    }

    /// Gives the heading a unique id (its own `{#id}` or one made from its text) and records it.
    fn heading<'e>(&mut self, events: Vec<Event<'e>>) -> Vec<Event<'e>> {
        let title: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        self.out.words += title.split_whitespace().count();
        let mut events = events;
        if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[0] {
            let wanted = id.as_ref().map(|i| i.to_string()).unwrap_or_else(|| {
                let s = crate::site::slugify(&title);
                if s.is_empty() { "section".to_string() } else { s }
            });
            let unique = self.unique_id(wanted);
            *id = Some(CowStr::from(unique.clone()));
            self.out.headings.push(Heading { level: heading_number(*level), id: unique, title });
        }
        events
    }

    /// Footnotes get ids of their own (`fn-label`) so they can't clash with heading ids, and a
    /// link back to where they were cited.
    fn footnote_reference<'e>(&mut self, label: &str) -> Event<'e> {
        let n = self.footnote_number(label);
        let id = footnote_id(label);
        Event::Html(CowStr::from(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"fnref-{id}\" aria-label=\"Note {n}\">{n}</a></sup>"
        )))
    }

    fn footnote_definition<'e>(&mut self, label: &str) -> Event<'e> {
        let n = self.footnote_number(label);
        let id = footnote_id(label);
        Event::Html(CowStr::from(format!(
            "<div class=\"footnote-definition\" id=\"fn-{id}\"><a class=\"footnote-label\" href=\"#fnref-{id}\" aria-label=\"Back to the text of note {n}\">{n}</a>\n"
        )))
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        match self.footnotes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.footnotes.push(label.to_string());
                self.footnotes.len()
            }
        }
    }

    fn unique_id(&mut self, wanted: String) -> String {
        let mut id = wanted.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        id
    }

    fn rewrite<'e>(&mut self, event: Event<'e>, offset: usize) -> Event<'e> {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = self.resolve(dest_url, offset, false);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = self.resolve(dest_url, offset, true);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            other => other,
        }
    }

    /// Rewrites one link target and records it.
    fn resolve<'e>(&mut self, dest: CowStr<'e>, offset: usize, image: bool) -> CowStr<'e> {
        let (line, column) = self.position(offset);
        let (kind, new) = classify(&dest, self.rel, self.links, &mut self.out.assets);
        self.out.links.push(LinkRef { target: dest.to_string(), image, line, column, kind });
        match new {
            Some(url) => CowStr::from(url),
            None => dest,
        }
    }
}

/// Decides what a link points at and what URL it becomes (None: unchanged).
fn classify(
    dest: &str,
    rel: &str,
    ctx: &LinkContext,
    assets: &mut Vec<(PathBuf, String)>,
) -> (LinkKind, Option<String>) {
    if dest.is_empty() {
        return (LinkKind::Anchor(String::new()), None);
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return (LinkKind::Anchor(fragment.to_string()), None);
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return (LinkKind::External, None);
    }
    let (path_part, suffix) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let fragment = suffix.strip_prefix('#').map(str::to_string);
    if let Some(site_path) = path_part.strip_prefix('/') {
        let url = format!("{}{}{}", ctx.base_path, site_path, suffix);
        return (LinkKind::Site { path: site_path.to_string(), fragment }, Some(url));
    }
    let decoded = percent_decode(path_part);
    let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let target = normalize(&format!("{dir}/{decoded}"));
    if let Some(page) = target.as_ref().and_then(|t| ctx.pages.get(t)) {
        let url = format!("{}{}{}", ctx.base_path, page, suffix);
        return (LinkKind::Page { page: page.clone(), fragment }, Some(url));
    }
    if let Some(target) = target.filter(|t| !t.ends_with(".md") && ctx.root.join(t).is_file()) {
        let dest_rel = match target.strip_prefix("briefs/") {
            Some(inside) => format!("media/{inside}"),
            None => format!("media/_site/{target}"),
        };
        let url = format!("{}{}{}", ctx.base_path, dest_rel, suffix);
        assets.push((ctx.root.join(&target), dest_rel.clone()));
        return (LinkKind::Site { path: dest_rel, fragment }, Some(url));
    }
    // Not a content file nor a file beside it: a link written as the reader's browser sees it,
    // relative to the page's URL (`../rason/#history` from `/briefs/x/`).
    let Some(page_dir) = ctx.pages.get(rel) else { return (LinkKind::Missing, None) };
    if decoded.ends_with(".md") || path_part.is_empty() {
        return (LinkKind::Missing, None);
    }
    match normalize(&format!("{page_dir}{decoded}")) {
        Some(mut site_path) => {
            if path_part.ends_with('/') && !site_path.is_empty() {
                site_path.push('/');
            }
            let url = format!("{}{}{}", ctx.base_path, site_path, suffix);
            (LinkKind::Site { path: site_path, fragment }, Some(url))
        }
        None => (LinkKind::Missing, None),
    }
}

/// A footnote label made safe for an id attribute.
fn footnote_id(label: &str) -> String {
    let s = crate::site::slugify(label);
    if s.is_empty() { "note".to_string() } else { s }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Resolves `.` and `..` in a `/`-separated path; None if it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page's title is its only `h1`: when the text uses `# Heading` too, every heading
/// moves down one level (`#` to `h2`, `##` to `h3`, …) so the outline stays intact.
fn demote_if_h1(events: &mut [Event], headings: &mut [Heading]) {
    if !headings.iter().any(|h| h.level == 1) {
        return;
    }
    let down = |l: HeadingLevel| HeadingLevel::try_from((l as usize + 1).min(6)).unwrap_or(HeadingLevel::H6);
    for e in events.iter_mut() {
        match e {
            Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => *level = down(*level),
            _ => {}
        }
    }
    for h in headings {
        h.level = (h.level + 1).min(6);
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests;
