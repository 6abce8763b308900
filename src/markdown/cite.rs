//! Citations in a body: runs of text are scanned for Pandoc's syntax (outside code, links,
//! images and headings, which pulldown-cmark has already told apart), unknown keys are located
//! errors, and at the end every citation is formatted in one pass, so that the style can number
//! and disambiguate them, and the reference list is made.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::{CitedWork, Walker};
use crate::bibliography::{Bibliography, Cite, syntax};
use crate::data::DataBlock;
use crate::diag::Diagnostic;
use crate::layout::IdMap;
use crate::text::slugify;

/// Where a citation's formatted text goes.
pub(super) enum Place {
    /// Into the body, at this event.
    Event(usize),
    /// Into the `source` of the figure at this index.
    Source(usize),
}

/// Consecutive text events, as pulldown-cmark split them (at brackets, escapes, quotes).
#[derive(Default)]
pub(super) struct Run<'a> {
    text: String,
    /// (start in `text`, source range, whether the text is the source's bytes as they are)
    pieces: Vec<(usize, Range<usize>, bool)>,
    _events: std::marker::PhantomData<CowStr<'a>>,
}

impl<'a> Run<'a> {
    pub(super) fn push(&mut self, text: CowStr<'a>, range: Range<usize>) {
        self.pieces.push((self.text.len(), range, false));
        self.text.push_str(&text);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The source offset of byte `i` of the run's text.
    fn source(&self, i: usize) -> usize {
        let k = self.pieces.partition_point(|p| p.0 <= i).saturating_sub(1);
        let (start, range, exact) = &self.pieces[k];
        if *exact { range.start + (i - start) } else { range.start }
    }
}

/// Whether the byte at `offset` of `text` follows an odd number of backslashes.
fn escaped_at(text: &str, offset: usize) -> bool {
    text.as_bytes()[..offset.min(text.len())].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

impl<'a> Walker<'a, '_> {
    /// Scans the run, pushing its text and a placeholder for each citation of known keys.
    pub(super) fn flush(&mut self, run: &mut Run<'a>) {
        let mut run = std::mem::take(run);
        // A piece is exact when pulldown-cmark gave the source's bytes unchanged.
        let texts: Vec<bool> = run
            .pieces
            .iter()
            .enumerate()
            .map(|(k, (start, range, _))| {
                let end = run.pieces.get(k + 1).map_or(run.text.len(), |p| p.0);
                self.text.get(range.clone()) == Some(&run.text[*start..end])
            })
            .collect();
        for (piece, exact) in run.pieces.iter_mut().zip(texts) {
            piece.2 = exact;
        }
        let source = self.text;
        let escaped = |i: usize| {
            let k = run.pieces.partition_point(|p| p.0 <= i).saturating_sub(1);
            let (start, _, exact) = &run.pieces[k];
            (*exact || i == *start) && escaped_at(source, run.source(i))
        };
        let first = run.pieces[0].1.start;
        let open_start = match source[..first].chars().next_back() {
            None => true,
            Some(c) => c.is_whitespace() || "([{\"'“‘«—–*_~".contains(c),
        };
        let found = syntax::scan(&run.text, &escaped, open_start);
        let mut last = 0;
        for cite in found {
            if !self.known(&cite, &|i| run.source(i)) {
                continue;
            }
            if cite.start > last {
                self.events.push(Event::Text(CowStr::from(run.text[last..cite.start].to_string())));
            }
            self.cites.push((cite.clone(), Place::Event(self.events.len())));
            self.events.push(Event::Html(CowStr::from(String::new())));
            last = cite.end;
        }
        if last < run.text.len() {
            self.events.push(Event::Text(CowStr::from(run.text[last..].to_string())));
        }
    }

    /// Whether every key of `cite` is in the bibliography. A bracketed citation of an unknown
    /// key is an error; a bare `@word` that is no key stays text, with a warning.
    fn known(&mut self, cite: &Cite, source: &dyn Fn(usize) -> usize) -> bool {
        let Some(bib) = self.links.bibliography else { return false };
        let mut ok = true;
        for item in &cite.items {
            if bib.has(&item.key) {
                continue;
            }
            ok = false;
            let (line, col) = self.position(source(item.at));
            let d = unknown(bib, &item.key, self.path, line, col, cite.prose);
            self.out.diags.push(d);
        }
        ok
    }

    /// Citations in a chart's `source`: every `@key` there cites, bracketed or not, and an
    /// unknown key is an error at the `source` line.
    pub(super) fn source_cites(&mut self, block: &DataBlock, figure: usize) {
        let Some(bib) = self.links.bibliography else { return };
        let Some(text) = block.source.as_deref() else { return };
        let found = syntax::scan(text, &|i| escaped_at(text, i), true);
        for mut cite in found {
            let missing: Vec<&str> = cite.items.iter().map(|i| i.key.as_str()).filter(|k| !bib.has(k)).collect();
            if let Some(key) = missing.first() {
                let (line, col) = block.source_at;
                self.out.diags.push(unknown(bib, key, &block.path, line, col, false));
                continue;
            }
            cite.prose = false;
            self.cites.push((cite, Place::Source(figure)));
        }
    }

    /// Formats every citation, gives each cited work its id, and writes the formatted text
    /// where the citations stood (in the body, or into their figures' sources).
    pub(super) fn write_citations(&mut self, ids: &mut IdMap, taken: &mut Vec<String>) {
        let Some(bib) = self.links.bibliography else { return };
        if self.cites.is_empty() {
            return;
        }
        let mut id_of: Vec<(String, String)> = Vec::new();
        for (cite, _) in &self.cites {
            for item in &cite.items {
                if !id_of.iter().any(|(k, _)| *k == item.key) {
                    let s = slugify(&item.key);
                    let id = ids.derive(&format!("ref-{}", if s.is_empty() { "work" } else { &s }));
                    taken.push(id.clone());
                    id_of.push((item.key.clone(), id));
                }
            }
        }
        let id = |key: &str| id_of.iter().find(|(k, _)| k == key).map(|(_, i)| i.clone()).unwrap_or_default();
        let cites: Vec<Cite> = self.cites.iter().map(|(c, _)| c.clone()).collect();
        let formatted = bib.format(&cites, &|key| format!("#{}", id(key)));
        // A chart's source shows on its brief's page, on region pages (gathered figures) and
        // in the search index: the link is a site path, put under the base path when the
        // source is rendered, so the index is the same under any base URL.
        let page_path = self.links.pages.get(self.rel).cloned().unwrap_or_default();
        let mut sources: Vec<Vec<(Range<usize>, String)>> = vec![Vec::new(); self.out.figures.len()];
        for ((cite, place), (html, text)) in self.cites.iter().zip(&formatted.cites) {
            match place {
                Place::Event(at) => self.events[*at] = Event::Html(CowStr::from(html.clone())),
                Place::Source(f) => {
                    let target = format!("/{page_path}#{}", id(&cite.items[0].key));
                    let link = format!("[{}]({})", markdown_escape(text), target);
                    if let Some(list) = sources.get_mut(*f) {
                        list.push((cite.start..cite.end, link));
                    }
                }
            }
        }
        for (figure, mut list) in self.out.figures.iter_mut().zip(sources) {
            let Some(source) = figure.source.as_mut() else { continue };
            list.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
            for (range, link) in list {
                source.replace_range(range, &link);
            }
        }
        self.out.references = formatted
            .references
            .into_iter()
            .map(|r| CitedWork { id: id(&r.key), key: r.key, label: r.label, html: r.html })
            .collect();
    }
}

fn unknown(bib: &Bibliography, key: &str, path: &std::path::Path, line: usize, col: usize, bare: bool) -> Diagnostic {
    let files: Vec<String> = bib
        .files
        .iter()
        .map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
        .collect();
    let hint = match bib.suggest(key) {
        Some(k) => format!("did you mean `@{k}`?"),
        None => format!("add the work to briefs/{} under the key `{key}`", files.join(" or briefs/")),
    };
    if bare {
        let hint = format!("{hint} Write `\\@{key}` for an `@` that is not a citation");
        Diagnostic::warning(path, line, col, format!("`@{key}` is not a key of the bibliography: left as text"))
            .with_hint(hint)
    } else {
        Diagnostic::error(path, line, col, format!("unknown citation key `@{key}`")).with_hint(hint)
    }
}

/// Text as Markdown that shows it as it is: every ASCII punctuation character escaped.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
