//! Markdown to HTML with pulldown-cmark, plus what a brief needs on top: chart fences lifted
//! out as [`DataBlock`]s, ids for headings, footnotes and figures from one [`IdMap`] per page,
//! relative links rewritten to page URLs under the site's base path, and linked files recorded
//! for copying when they may be published.
//!
//! The result is structured: a list of [`Block`]s, HTML and figures, that the render stage
//! joins, rather than HTML with in-band marks a second parser would have to find again.
//!
//! Raw HTML passes through, as CommonMark says (briefs are written by the site's own authors);
//! `raw_html: false` in `dossier.yaml` escapes it instead. Link targets are not raw HTML: those
//! with `javascript:`, `vbscript:` or non-image `data:` schemes are errors, and so is a link to a
//! file that may not be published (outside `briefs/` and `static/`, hidden, or a symbolic link
//! leading out of the site).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::bibliography::Bibliography;
use crate::data::{self, DataBlock, DataFiles, parse_block};
use crate::diag::{Diagnostic, Diagnostics, LineCounter};
use crate::layout::{Asset, IdMap, Layout, figure_ids};
use crate::sources::{self, Purpose, Refusal, normalize};
use crate::text::slugify;
use crate::yaml::Origin;

/// What the Markdown of one file may refer to, and how to rewrite links.
#[derive(Clone, Copy)]
pub struct LinkContext<'a> {
    pub layout: &'a Layout,
    /// Site root on disk, to find linked files.
    pub root: &'a Path,
    /// The root with symbolic links resolved, to tell whether a linked file really lies inside.
    pub root_real: &'a Path,
    /// Content file (relative to root, `/`-separated) -> page path (`briefs/jilin-trade/`).
    pub pages: &'a HashMap<String, String>,
    /// The data files charts read, shared by every file of the build.
    pub data: &'a DataFiles,
    /// The site's bibliography, if it has one: citations are found only then.
    pub bibliography: Option<&'a Bibliography>,
    /// Briefs' own bibliographies (merged with the site's), by the brief's file.
    pub own_bibliographies: Option<&'a HashMap<PathBuf, std::sync::Arc<Bibliography>>>,
    /// The site's words, for the few the Markdown writes itself: the names of tables and of
    /// footnote links, which screen readers speak.
    pub strings: &'a crate::i18n::Strings,
}

impl<'a> LinkContext<'a> {
    /// The context of the file `path`: with its own bibliography, when it names one.
    fn for_file(&self, path: &Path) -> LinkContext<'a> {
        let own = self.own_bibliographies.and_then(|m| m.get(path)).map(|b| &**b);
        LinkContext { bibliography: own.or(self.bibliography), ..*self }
    }
}

/// The keys of the site's words the Markdown writes itself (a table's name, footnote links'
/// labels): a change to any of them redoes the preview's cached Markdown.
pub const WORDS: [&str; 3] = ["table", "note_n", "back_to_note"];

/// Switches for one rendering.
#[derive(Clone, Copy)]
pub struct Flavor {
    /// Tables, footnotes, strikethrough, smart punctuation, heading attributes.
    pub extensions: bool,
    /// Lift ```` ```chart ```` fences out as data blocks.
    pub charts: bool,
    /// Pass raw HTML through (CommonMark's rule); when false it is escaped and shows as text.
    pub raw_html: bool,
    /// Find citations (`[@key]`, `@key`) when the site has a bibliography: briefs only.
    pub citations: bool,
}

/// A part of a rendered body, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Html(String),
    /// The figure at this index of [`Rendered::figures`].
    Figure(usize),
}

/// A heading of the page, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link found in the text, for `dossier check`.
#[derive(Debug, Clone, PartialEq)]
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
    /// A link that may not be published; the rendering carries an error for it.
    Refused,
}

/// The result of rendering one file's Markdown.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub blocks: Vec<Block>,
    pub figures: Vec<DataBlock>,
    pub headings: Vec<Heading>,
    /// Every id the body puts on its page (headings, footnotes, figures, raw HTML).
    pub ids: Vec<String>,
    pub links: Vec<LinkRef>,
    /// (file on disk, output path relative to the output root) of linked files to copy.
    pub assets: Vec<(PathBuf, String)>,
    pub words: usize,
    /// The data files the charts read (or tried to), with their stamps before the read: the
    /// rendering is stale when one of them changes.
    pub data_files: Vec<data::source::Use>,
    /// The works the text and its charts' sources cite, in the style's order, each with the id
    /// its entry takes on the page.
    pub references: Vec<CitedWork>,
    pub diags: Diagnostics,
}

/// A work in a brief's reference list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CitedWork {
    pub key: String,
    pub id: String,
    /// The style's label before the entry (`[1]`), if any.
    pub label: Option<String>,
    /// The formatted entry, escaped.
    pub html: String,
}

impl Rendered {
    /// The HTML of the blocks, for bodies without figures (region and initiative descriptions).
    pub fn html(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            if let Block::Html(h) = b {
                out.push_str(h);
            }
        }
        out
    }
}

/// Renders `text`, the body of `path` starting at file line `first_line`. `reserved` holds the
/// ids the page around the body uses already (the theme's own).
pub fn render(
    text: &str,
    path: &Path,
    rel: &str,
    first_line: usize,
    flavor: Flavor,
    links: &LinkContext,
    reserved: &IdMap,
) -> Rendered {
    let mut opts = Options::empty();
    if flavor.extensions {
        opts = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_SMART_PUNCTUATION
            | Options::ENABLE_HEADING_ATTRIBUTES;
    }
    // CommonMark: "For security reasons, the Unicode character U+0000 must be replaced with the
    // REPLACEMENT CHARACTER". pulldown-cmark does so in text, not in raw HTML.
    let owned;
    let text = if text.contains('\0') {
        owned = text.replace('\0', "\u{FFFD}");
        owned.as_str()
    } else {
        text
    };
    let own = links.for_file(path);
    let links = &own;
    let mut out = Rendered::default();
    let mut walker = Walker {
        text,
        path,
        rel,
        first_line,
        links,
        out: &mut out,
        lines: LineCounter::default(),
        events: Vec::new(),
        headings: Vec::new(),
        splits: Vec::new(),
        raw_ids: Vec::new(),
        cites: Vec::new(),
        citing: flavor.citations && links.bibliography.is_some(),
    };
    let citing = walker.citing;
    let mut run = cite::Run::default();
    let (mut code, mut linked) = (0usize, 0usize);
    let mut chart: Option<(usize, String)> = None;
    let mut heading: Option<Vec<Event>> = None;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        if citing {
            match &event {
                Event::Start(Tag::CodeBlock(_)) => code += 1,
                Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => linked += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => linked = linked.saturating_sub(1),
                _ => {}
            }
            let open = code == 0 && linked == 0 && heading.is_none() && chart.is_none();
            if let Event::Text(t) = &event
                && open
            {
                walker.out.words += t.split_whitespace().count();
                run.push(t.clone(), range);
                continue;
            }
            if !run.is_empty() {
                walker.flush(&mut run);
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if flavor.charts && info.split_whitespace().next() == Some("chart") =>
            {
                chart = Some((range.start, String::new()));
            }
            Event::Text(t) if chart.is_some() => chart.as_mut().unwrap().1.push_str(&t),
            Event::End(TagEnd::CodeBlock) if chart.is_some() => {
                let (start, body) = chart.take().unwrap();
                walker.figure(start, range.end, &body);
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                if let Some((name, _)) = attrs.first() {
                    walker.refuse_attribute(name, range.start);
                }
                heading = Some(vec![Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() })]);
            }
            // Wide tables scroll inside a focusable region rather than widening the page.
            Event::Start(Tag::Table(_)) => {
                let mut open = String::from("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
                crate::bibliography::escape_into(links.strings.get("table"), &mut open);
                open.push_str("\">");
                walker.events.push(Event::Html(CowStr::from(open)));
                walker.events.push(event);
            }
            Event::End(TagEnd::Table) => {
                walker.events.push(event);
                walker.events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                let mut buffered = heading.take().unwrap();
                buffered.push(event);
                walker.heading(buffered);
            }
            Event::Html(t) | Event::InlineHtml(t) if !flavor.raw_html => walker.push(Event::Text(t), &mut heading),
            Event::Html(t) | Event::InlineHtml(t) => {
                walker.raw_ids.extend(raw_html_ids(&t));
                walker.push(Event::Html(t), &mut heading)
            }
            event => {
                let event = walker.rewrite(event, range.start);
                if let Event::Text(t) = &event {
                    walker.out.words += t.split_whitespace().count();
                }
                walker.push(event, &mut heading);
            }
        }
    }
    if !run.is_empty() {
        walker.flush(&mut run);
    }
    walker.finish(flavor, reserved);
    out.data_files = links.data.used_by(path);
    if citing && let Some(bib) = links.bibliography {
        out.data_files.extend(bib.files.iter().cloned());
    }
    out
}

/// Whether the text of a fenced code block, from its opening fence on, ends with a closing
/// fence: a line of the opening's character, at least as many of it, and nothing else (a
/// block quote's `>` markers aside).
fn fence_is_closed(block: &str) -> bool {
    let mut lines = block.lines();
    let open = lines.next().unwrap_or_default().trim_start_matches([' ', '>']);
    let Some(mark) = open.chars().next().filter(|c| *c == '`' || *c == '~') else { return true };
    let width = open.chars().take_while(|c| *c == mark).count();
    let fence: String = std::iter::repeat_n(mark, width).collect();
    let inner: Vec<&str> =
        lines.map(|l| l.trim_start_matches([' ', '>', '\t']).trim_end()).filter(|l| !l.is_empty()).collect();
    let Some((last, middle)) = inner.split_last() else { return false };
    // A fence line inside the block is the next block's opening fence, which YAML cannot
    // hold: this block was left open and ran on until that block's closing fence.
    last.chars().all(|c| c == mark) && last.chars().count() >= width && !middle.iter().any(|l| l.starts_with(&fence))
}

/// A heading waiting for its id: where its start tag is, and what it asks for.
struct PendingHeading {
    at: usize,
    explicit: Option<String>,
    title: String,
}

struct Walker<'a, 'o> {
    text: &'a str,
    path: &'a Path,
    rel: &'a str,
    first_line: usize,
    links: &'a LinkContext<'a>,
    out: &'o mut Rendered,
    lines: LineCounter,
    /// The body's events, with footnotes still as pulldown-cmark gives them.
    events: Vec<Event<'a>>,
    headings: Vec<PendingHeading>,
    /// (event index, figure index): a figure goes before the event at that index.
    splits: Vec<(usize, usize)>,
    /// Ids written in raw HTML by the author.
    raw_ids: Vec<String>,
    /// Citations found so far, each with where its HTML goes.
    cites: Vec<(crate::bibliography::Cite, cite::Place)>,
    /// Whether citations are looked for (a brief, in a site with a bibliography).
    citing: bool,
}

impl<'a> Walker<'a, '_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let (line, col) = self.lines.line_col(self.text, offset);
        (self.first_line + line - 1, col)
    }

    fn push(&mut self, event: Event<'a>, heading: &mut Option<Vec<Event<'a>>>) {
        match heading.as_mut() {
            Some(buffered) => buffered.push(event),
            None => self.events.push(event),
        }
    }

    fn figure(&mut self, fence_start: usize, fence_end: usize, body: &str) {
        let (line, col) = self.position(fence_start);
        if !fence_is_closed(&self.text[fence_start..fence_end.min(self.text.len())]) {
            // The block ran on to the end of the text (or of its list item or quote), taking
            // everything after it as its YAML: name the opening line, not what it swallowed.
            self.out.diags.push(Diagnostic::error(self.path, line, col, "this chart block is never closed").with_hint(
                "end the chart block with a line holding only ``` (as many backticks as the opening fence)",
            ));
            return;
        }
        match parse_block(self.path, body, Origin { line: line + 1, column: col }, self.links.data) {
            Ok(block) => {
                if self.links.bibliography.is_some() && self.citing {
                    self.source_cites(&block, self.out.figures.len());
                }
                self.splits.push((self.events.len(), self.out.figures.len()));
                self.out.figures.push(block);
            }
            Err(d) => self.out.diags.extend(d.0),
        }
    }

    fn refuse_attribute(&mut self, name: &str, offset: usize) {
        let (line, column) = self.position(offset);
        self.out.diags.push(
            Diagnostic::error(self.path, line, column, format!("heading attribute `{name}` is not allowed"))
                .with_hint("a heading takes only an id and classes, as in `## Title {#my-id .my-class}`"),
        );
    }

    /// Records the heading (its id is given in [`Walker::finish`]) and keeps its events.
    fn heading(&mut self, events: Vec<Event<'a>>) {
        let title: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        self.out.words += title.split_whitespace().count();
        let explicit = match &events[0] {
            Event::Start(Tag::Heading { id, .. }) => id.as_ref().map(|i| i.to_string()),
            _ => None,
        };
        self.headings.push(PendingHeading { at: self.events.len(), explicit, title });
        self.events.extend(events);
    }

    /// Gives every id of the page from one map, in order of precedence: the page's own
    /// (`reserved`), figures (linked to from other pages by chart id), ids in the author's raw
    /// HTML, headings' explicit `{#id}`s, footnotes, and last ids made from heading text. Then
    /// writes the blocks.
    fn finish(mut self, flavor: Flavor, reserved: &IdMap) {
        let mut ids = reserved.clone();
        let mut taken: Vec<String> = Vec::new();
        for f in &self.out.figures {
            for id in figure_ids(&f.id) {
                if !ids.reserve(&id) {
                    self.out.diags.push(
                        Diagnostic::error(
                            &f.path,
                            f.id_at.0,
                            f.id_at.1,
                            format!(
                                "chart id `{}` gives the page the id `{id}`, which the page's theme already uses",
                                f.id
                            ),
                        )
                        .with_hint("choose another chart id"),
                    );
                }
                taken.push(id);
            }
        }
        for id in std::mem::take(&mut self.raw_ids) {
            if ids.reserve(&id) {
                taken.push(id);
            }
        }
        let mut heading_ids: Vec<Option<String>> =
            self.headings.iter().map(|h| h.explicit.as_deref().map(|e| ids.derive(e))).collect();
        let notes = Footnotes::allocate(&self.events, &mut ids);
        self.write_citations(&mut ids, &mut taken);
        for (h, id) in self.headings.iter().zip(heading_ids.iter_mut()) {
            if id.is_none() {
                let s = slugify(&h.title);
                *id = Some(ids.derive(if s.is_empty() { "section" } else { &s }));
            }
        }
        for (h, id) in self.headings.iter().zip(&heading_ids) {
            let id = id.clone().unwrap_or_default();
            if let Event::Start(Tag::Heading { level, id: slot, .. }) = &mut self.events[h.at] {
                *slot = Some(CowStr::from(id.clone()));
                self.out.headings.push(Heading {
                    level: heading_number(*level),
                    id: id.clone(),
                    title: h.title.clone(),
                });
            }
            taken.push(id);
        }
        taken.extend(notes.ids());
        if flavor.extensions {
            demote_if_h1(&mut self.events, &mut self.out.headings);
        }
        notes.write(&mut self.events, self.links.strings);
        self.out.ids = taken;
        self.out.blocks = blocks(std::mem::take(&mut self.events), &self.splits, self.text.len());
    }

    fn rewrite(&mut self, event: Event<'a>, offset: usize) -> Event<'a> {
        match event {
            // An autolinked address (`<a@b.org>`): pulldown-cmark adds `mailto:` when writing it.
            Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id }) => {
                let (line, column) = self.position(offset);
                let target = dest_url.to_string();
                self.out.links.push(LinkRef { target, image: false, line, column, kind: LinkKind::External });
                Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id })
            }
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
    fn resolve(&mut self, dest: CowStr<'a>, offset: usize, image: bool) -> CowStr<'a> {
        let (line, column) = self.position(offset);
        let (kind, new) = match classify(&dest, self.rel, self.links, &mut self.out.assets) {
            Ok(found) => found,
            Err(refusal) => {
                let what = if image { "image" } else { "link" };
                self.out.diags.push(
                    Diagnostic::error(self.path, line, column, format!("{what} `{dest}` {}", refusal.problem))
                        .with_hint(refusal.hint),
                );
                (LinkKind::Refused, None)
            }
        };
        self.out.links.push(LinkRef { target: dest.to_string(), image, line, column, kind });
        match new {
            Some(url) => CowStr::from(url),
            None => dest,
        }
    }
}

/// Footnotes in order of first mention, each with the id of its note and of every reference
/// to it.
struct Footnotes {
    /// label -> (number, note id, reference ids in order)
    notes: HashMap<String, (usize, String, Vec<String>)>,
}

impl Footnotes {
    fn allocate(events: &[Event], ids: &mut IdMap) -> Footnotes {
        let mut notes: HashMap<String, (usize, String, Vec<String>)> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        let mut refs: Vec<&str> = Vec::new();
        for e in events {
            let (label, is_ref) = match e {
                Event::FootnoteReference(l) => (l.as_ref(), true),
                Event::Start(Tag::FootnoteDefinition(l)) => (l.as_ref(), false),
                _ => continue,
            };
            if !order.contains(&label) && !notes.contains_key(label) {
                order.push(label);
                let base = footnote_base(label);
                let id = ids.derive(&format!("fn-{base}"));
                notes.insert(label.to_string(), (order.len(), id, Vec::new()));
            }
            if is_ref {
                refs.push(label);
            }
        }
        for label in refs {
            let base = footnote_base(label);
            let id = ids.derive(&format!("fnref-{base}"));
            if let Some(note) = notes.get_mut(label) {
                note.2.push(id);
            }
        }
        Footnotes { notes }
    }

    fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.notes.values().flat_map(|(_, id, refs)| std::iter::once(id.clone()).chain(refs.iter().cloned()))
    }

    /// Replaces pulldown-cmark's footnote events with dossier's HTML: numbered references with
    /// ids of their own, and notes that link back to where they were first cited.
    fn write(&self, events: &mut [Event], strings: &crate::i18n::Strings) {
        let aria = |key: &str, n: usize| {
            let mut out = String::new();
            crate::bibliography::escape_into(&strings.format(key, &[("n", &n.to_string())]), &mut out);
            out
        };
        let mut next_ref: HashMap<String, usize> = HashMap::new();
        for e in events.iter_mut() {
            let html = match e {
                Event::FootnoteReference(label) => {
                    let Some((n, id, refs)) = self.notes.get(label.as_ref()) else { continue };
                    let k = next_ref.entry(label.to_string()).or_insert(0);
                    let ref_id = refs.get(*k).cloned().unwrap_or_default();
                    *k += 1;
                    format!(
                        "<sup class=\"footnote-ref\"><a href=\"#{id}\" id=\"{ref_id}\" aria-label=\"{}\">{n}</a></sup>",
                        aria("note_n", *n)
                    )
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let Some((n, id, refs)) = self.notes.get(label.as_ref()) else { continue };
                    let back = match refs.first() {
                        Some(r) => format!(
                            "<a class=\"footnote-label\" href=\"#{r}\" aria-label=\"{}\">{n}</a>",
                            aria("back_to_note", *n)
                        ),
                        None => format!("<span class=\"footnote-label\">{n}</span>"),
                    };
                    format!("<div class=\"footnote-definition\" id=\"{id}\">{back}\n")
                }
                Event::End(TagEnd::FootnoteDefinition) => "</div>\n".to_string(),
                _ => continue,
            };
            *e = Event::Html(CowStr::from(html));
        }
    }
}

/// The events as HTML blocks, with the figures where their fences stood.
fn blocks(events: Vec<Event>, splits: &[(usize, usize)], text_len: usize) -> Vec<Block> {
    let mut out = Vec::with_capacity(splits.len() * 2 + 1);
    let mut events = events.into_iter();
    let mut at = 0;
    let html = |events: &mut dyn Iterator<Item = Event>, capacity: usize| {
        let mut s = String::with_capacity(capacity);
        pulldown_cmark::html::push_html(&mut s, events);
        s
    };
    let share = (text_len * 3 / 2) / (splits.len() + 1);
    for &(index, figure) in splits {
        let segment = html(&mut events.by_ref().take(index - at), share);
        at = index;
        if !segment.is_empty() {
            out.push(Block::Html(segment));
        }
        out.push(Block::Figure(figure));
    }
    let rest = html(&mut events, share);
    if !rest.is_empty() {
        out.push(Block::Html(rest));
    }
    out
}

/// Ids in raw HTML (`<div id="x">`), so that generated ids keep clear of them.
fn raw_html_ids(html: &str) -> Vec<String> {
    if !html.contains("id") {
        return Vec::new();
    }
    static ID: OnceLock<regex::Regex> = OnceLock::new();
    let re = ID.get_or_init(|| regex::Regex::new(r#"(?i)\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#).unwrap());
    re.captures_iter(html).filter_map(|c| c.get(1).or(c.get(2)).or(c.get(3)).map(|m| m.as_str().to_string())).collect()
}

/// Decides what a link points at and what URL it becomes (None: unchanged).
fn classify(
    dest: &str,
    rel: &str,
    ctx: &LinkContext,
    assets: &mut Vec<(PathBuf, String)>,
) -> Result<(LinkKind, Option<String>), Refusal> {
    if dest.is_empty() {
        return Ok((LinkKind::Anchor(String::new()), None));
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return Ok((LinkKind::Anchor(fragment.to_string()), None));
    }
    if let Some(scheme) = unsafe_scheme(dest) {
        return Err(Refusal::new(
            format!("uses the `{scheme}:` scheme, which runs code or hides content in the reader's browser"),
            "link to an http(s) address or to a page or file of the site",
        ));
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Ok((LinkKind::External, None));
    }
    let (path_part, suffix) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let fragment = suffix.strip_prefix('#').map(str::to_string);
    let layout = ctx.layout;
    if let Some(site_path) = path_part.strip_prefix('/') {
        let url = format!("{}{}", layout.url(site_path), suffix);
        return Ok((LinkKind::Site { path: site_path.to_string(), fragment }, Some(url)));
    }
    let decoded = percent_decode(path_part);
    let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let target = normalize(&format!("{dir}/{decoded}"));
    if let Some(page) = target.as_ref().and_then(|t| ctx.pages.get(t)) {
        let url = format!("{}{}", layout.url(page), suffix);
        return Ok((LinkKind::Page { page: page.clone(), fragment }, Some(url)));
    }
    match &target {
        Some(t) if !t.ends_with(".md") && !t.is_empty() && ctx.root.join(t).is_file() => {
            let asset = publishable(ctx, t)?;
            let site_path = asset.path();
            if let Asset::Media(_) = asset {
                assets.push((ctx.root.join(t), site_path.clone()));
            }
            let url = format!("{}{}", layout.url(&site_path), suffix);
            return Ok((LinkKind::Site { path: site_path, fragment }, Some(url)));
        }
        None if !decoded.is_empty() && ctx.root.join(dir).join(&decoded).exists() => {
            return Err(Refusal::new(
                "points at a file outside the site's folder",
                "dossier publishes only files inside `briefs/` and `static/`: copy the file there and link to the copy",
            ));
        }
        _ => {}
    }
    // Not a content file nor a file beside it: a link written as the reader's browser sees it,
    // relative to the page's URL (`../rason/#history` from `/briefs/x/`).
    let Some(page_dir) = ctx.pages.get(rel) else { return Ok((LinkKind::Missing, None)) };
    if decoded.ends_with(".md") || path_part.is_empty() {
        return Ok((LinkKind::Missing, None));
    }
    match normalize(&format!("{page_dir}{decoded}")) {
        Some(mut site_path) => {
            if path_part.ends_with('/') && !site_path.is_empty() {
                site_path.push('/');
            }
            let url = format!("{}{}", layout.url(&site_path), suffix);
            Ok((LinkKind::Site { path: site_path, fragment }, Some(url)))
        }
        None => Ok((LinkKind::Missing, None)),
    }
}

/// Where a linked file `target` (relative to the root, existing) is published, if it may be:
/// files under `briefs/` are copied to `/media/`, files under `static/` are published anyway.
fn publishable<'t>(ctx: &LinkContext, target: &'t str) -> Result<Asset<'t>, Refusal> {
    let (folder, inside) = sources::allowed(ctx.root, ctx.root_real, target, Purpose::Publish)?;
    Ok(if folder == "briefs" { Asset::Media(inside) } else { Asset::Static(inside) })
}

/// The scheme of a link that would run script or smuggle a document (`javascript:`,
/// `vbscript:`, `data:` other than images), as a browser reads it: case-blind, with the tabs,
/// newlines and spaces it ignores removed.
fn unsafe_scheme(dest: &str) -> Option<&'static str> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    if cleaned.starts_with("javascript:") {
        Some("javascript")
    } else if cleaned.starts_with("vbscript:") {
        Some("vbscript")
    } else if cleaned.starts_with("data:") && !cleaned.starts_with("data:image/") {
        Some("data")
    } else {
        None
    }
}

/// A footnote label made safe for an id attribute.
fn footnote_base(label: &str) -> String {
    let s = slugify(label);
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

mod cite;
#[cfg(test)]
mod tests;
