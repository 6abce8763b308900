//! The final SVG text: our own root element (role, title, desc, viewBox, optional style),
//! around plotters' drawing rewritten in one pass: sentinel colours become CSS classes,
//! attributes the stylesheet owns (opacity, font family) are dropped, text bodies trimmed.
//!
//! plotters' SVG backend writes one tag per line, `key="value"` attributes with values
//! already XML-escaped (`& < > " '`), and text bodies escaped the same way. The rewriter
//! relies on exactly that shape and copies values and bodies through untouched, so nothing
//! is escaped twice.

use std::cell::RefCell;
use std::fmt::Write as _;

use super::draw::{FONT_SMALL, Ink};
use super::format::escape_into;

/// One SVG document's frame.
pub(crate) struct Doc<'a> {
    /// Chart id, already restricted to id-safe characters.
    pub id: &'a str,
    /// Root class suffix: `dc-kind-<kind>`.
    pub kind: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub size: (u32, u32),
    /// `Some(css)` for a standalone file: fixed width/height, the CSS inlined, a background.
    pub css: Option<&'a str>,
    /// Extra root class: `dc-wide` or `dc-narrow` for the two layouts of an inline chart.
    pub layout: &'a str,
}

/// Dash patterns by series index: series are told apart by more than colour.
const DASHES: [&str; 6] = ["", "10 5", "3 4", "14 4 3 4", "6 6", "2 3 8 3"];

/// The number of series colour classes in the stylesheet (`dc-s1`..`dc-s6`). Beyond it colours
/// repeat, and series are told apart by dash pattern (lines) and marker shape.
pub(crate) const PALETTE_LEN: u8 = 6;

/// The hatchings laid over bars, areas and legend swatches of series beyond the palette
/// (`<id>-hatch1`.. in the chart's `<defs>`): each round of colours gets the next one, so
/// series 7 to 12 are striped `/`, 13 to 18 striped `\`, 19 to 24 crossed, 25 to 30 dotted,
/// then again. Their marks are painted in the background colour by chart.css (`.dc-hatch-ink`),
/// so one pattern serves light, dark and print.
const HATCHES: [&str; 4] = [
    r#"<path class="dc-hatch-ink" stroke-width="2" d="M-2,2L2,-2M0,8L8,0M6,10L10,6"/>"#,
    r#"<path class="dc-hatch-ink" stroke-width="2" d="M-2,6L2,10M0,0L8,8M6,-2L10,2"/>"#,
    r#"<path class="dc-hatch-ink" stroke-width="1.5" d="M0,4H8M4,0V8"/>"#,
    r#"<circle class="dc-hatch-ink" cx="4" cy="4" r="1.8"/>"#,
];

/// Which hatching (1-based, as in `<id>-hatchN`) series `i` gets; `None` within the palette.
pub(crate) fn hatch_of(i: u8) -> Option<usize> {
    let round = usize::from(i / PALETTE_LEN);
    (round > 0).then(|| (round - 1) % HATCHES.len() + 1)
}

/// A drawing rewritten into SVG elements, ready to be wrapped into one or more documents.
pub(crate) struct Body {
    /// The `<defs>` of the hatchings the drawing uses (empty when none).
    defs: String,
    /// The drawing's elements, hover targets last.
    elements: String,
}

/// Rewrite plotters' output `raw` and the hover targets `hits` of a chart with id `id`.
pub(crate) fn body(id: &str, raw: &str, hits: &str) -> Body {
    let mut elements = String::with_capacity(raw.len() * 3 / 4 + hits.len() + 32);
    let mut hatches = [false; HATCHES.len()];
    transcode(raw, &mut elements, id, &mut hatches);
    let mut defs = String::new();
    if hatches.contains(&true) {
        defs.push_str("<defs>\n");
        for (k, pattern) in HATCHES.iter().enumerate().filter(|(k, _)| hatches[*k]) {
            let _ = writeln!(
                defs,
                "<pattern id=\"{id}-hatch{}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">{pattern}</pattern>",
                k + 1
            );
        }
        defs.push_str("</defs>\n");
    }
    if !hits.is_empty() {
        elements.push_str("<g class=\"dc-hits\">\n");
        elements.push_str(hits);
        elements.push_str("</g>\n");
    }
    Body { defs, elements }
}

/// The document of one drawing: `doc`'s root around `body`.
pub(crate) fn document(doc: &Doc, body: &Body) -> String {
    let mut out = open(doc, body.elements.len());
    out.push_str(&body.defs);
    out.push_str(&body.elements);
    out.push_str("</svg>\n");
    out
}

/// A standalone document made of two drawings: `frame` (the texts around the chart, drawn at
/// the document's own size, `doc.size`) and the chart's `body`, moved down by `offset`.
/// This is how a standalone file reuses the wide layout drawn for the page instead of drawing
/// the chart again.
pub(crate) fn framed_document(doc: &Doc, frame: &str, offset: u32, body: &Body) -> String {
    let mut out = open(doc, body.elements.len() + frame.len());
    out.push_str(&body.defs);
    let mut no_hatches = [false; HATCHES.len()];
    transcode(frame, &mut out, doc.id, &mut no_hatches);
    let _ = writeln!(out, "<g transform=\"translate(0 {offset})\">");
    out.push_str(&body.elements);
    out.push_str("</g>\n</svg>\n");
    out
}

/// A document's root element, title, desc and (standalone) style and background, with room
/// for `more` bytes of elements.
fn open(doc: &Doc, more: usize) -> String {
    let mut out = String::with_capacity(more + doc.desc.len() + doc.css.map_or(0, str::len) + 640);
    let (w, h) = doc.size;
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\"");
    if doc.css.is_some() {
        let _ = write!(out, " width=\"{w}\" height=\"{h}\"");
    }
    let _ = write!(
        out,
        " viewBox=\"0 0 {w} {h}\" class=\"dc-chart dc-kind-{kind}{standalone}{space}{layout}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-size=\"{fs}\">",
        kind = doc.kind,
        standalone = if doc.css.is_some() { " dc-standalone" } else { "" },
        space = if doc.layout.is_empty() { "" } else { " " },
        layout = doc.layout,
        id = doc.id,
        fs = FONT_SMALL,
    );
    let _ = write!(out, "\n<title id=\"{}-title\">", doc.id);
    escape_into(&mut out, doc.title);
    let _ = write!(out, "</title>\n<desc id=\"{}-desc\">", doc.id);
    escape_into(&mut out, doc.desc);
    out.push_str("</desc>\n");
    if let Some(css) = doc.css {
        // CDATA keeps selectors such as `a > b` literal; a "]]>" inside the CSS is split.
        out.push_str("<style><![CDATA[");
        push_compact_css(&mut out, css);
        out.push_str("]]></style>\n<rect class=\"dc-bg\" width=\"100%\" height=\"100%\"/>\n");
    }
    out
}

thread_local! {
    /// The last stylesheet compacted on this thread, and the result: a build passes the same
    /// CSS for every chart, so it is compacted once per thread.
    static COMPACT_CSS: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

/// Append `css` without comments and with whitespace squeezed (it is repeated in every
/// standalone file), made safe inside CDATA.
fn push_compact_css(out: &mut String, css: &str) {
    COMPACT_CSS.with_borrow_mut(|(input, compact)| {
        if input != css {
            *compact = compact_css(css).replace("]]>", "]]]]><![CDATA[>");
            input.clear();
            input.push_str(css);
        }
        out.push_str(compact);
    });
}

/// Drop comments and squeeze whitespace: none is kept after `{ } ; : , >` or before
/// `{ } ; , >`; quoted strings are copied as they are. (A space before `:` is kept: in a
/// selector it separates a pseudo-class from its ancestor.)
pub(crate) fn compact_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => {
                let after_punct = matches!(out.chars().last(), None | Some('{' | '}' | ';' | ':' | ',' | '>'));
                if space && !after_punct && !matches!(c, '{' | '}' | ';' | ',' | '>') {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                if c == '"' || c == '\'' {
                    for d in chars.by_ref() {
                        out.push(d);
                        if d == c {
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}

/// Rewrite plotters' elements into `out`, skipping its `<svg>` root; `id` is the chart's, for
/// references to its hatchings, and `hatches` notes which of them are used.
fn transcode(raw: &str, out: &mut String, id: &str, hatches: &mut [bool; HATCHES.len()]) {
    let mut rest = raw;
    let mut attrs: Vec<(&str, &str)> = Vec::with_capacity(12);
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(r) = rest.strip_prefix('/') {
            // Only plotters' `</svg>` gets here: text bodies are consumed with their tag.
            rest = r.find('>').map_or("", |gt| &r[gt + 1..]);
            continue;
        }
        let name_end = rest.find([' ', '>', '/']).unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = &rest[name_end..];
        attrs.clear();
        let self_closing = loop {
            rest = rest.trim_start();
            if let Some(r) = rest.strip_prefix("/>") {
                rest = r;
                break true;
            }
            if let Some(r) = rest.strip_prefix('>') {
                rest = r;
                break false;
            }
            let Some(eq) = find_eq_quote(rest) else { return };
            let (key, after) = (&rest[..eq], &rest[eq + 2..]);
            let Some(q) = after.find('"') else { return };
            attrs.push((key, &after[..q]));
            rest = &after[q + 1..];
        };
        if name == "svg" {
            continue;
        }
        write_element(out, name, &attrs, id, hatches);
        if self_closing {
            out.push_str("/>\n");
        } else if name == "text" {
            let end = rest.find("</text>").unwrap_or(rest.len());
            out.push('>');
            out.push_str(rest[..end].trim());
            out.push_str("</text>\n");
            rest = rest.get(end + "</text>".len()..).unwrap_or("");
        } else {
            out.push_str(">\n");
        }
    }
}

/// Where `="` first occurs in `s`: `s.find("=\"")`, without setting up a substring searcher
/// for each of the thousand attributes of a chart (that setup was 4% of a build's
/// instructions). Keys are short, so a plain scan for `=` finds it at once.
fn find_eq_quote(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..].iter().position(|&b| b == b'=') {
        let at = from + i;
        if bytes.get(at + 1) == Some(&b'"') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn write_element(out: &mut String, name: &str, attrs: &[(&str, &str)], id: &str, hatches: &mut [bool; HATCHES.len()]) {
    out.push('<');
    out.push_str(name);
    let mut ink = None;
    for &(key, value) in attrs {
        let value = match key {
            "fill" | "stroke" => {
                if let Some(found) = parse_ink(value) {
                    ink = ink.or(Some(found));
                    continue;
                }
                // `fill="none"` keeps a polyline from being filled black when no CSS applies.
                if value == "none" && !(key == "fill" && name == "polyline") {
                    continue;
                }
                value
            }
            // The stylesheet owns these; plotters' font size is its own size / 1.24.
            "opacity" | "font-family" | "font-size" => continue,
            "stroke-width" if name != "polyline" && name != "line" => continue,
            "text-anchor" if value == "start" => continue,
            // `ex` differs between renderers; em offsets centre text the same everywhere.
            "dy" => match value {
                "0.5ex" => "0.35em",
                "-0.5ex" => "-0.3em",
                other => other,
            },
            "points" => value.trim_end(),
            _ => value,
        };
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        out.push_str(value);
        out.push('"');
    }
    match ink {
        Some(Ink::Hatch(i)) => {
            let k = hatch_of(i).unwrap_or(1);
            hatches[k - 1] = true;
            let _ = write!(out, " class=\"dc-hatch\" fill=\"url(#{id}-hatch{k})\"");
        }
        Some(ink) => write_ink(out, ink, name == "text"),
        None => {}
    }
}

/// `#RRGGBB` (plotters writes upper-case hex) back to the ink it encodes.
fn parse_ink(value: &str) -> Option<Ink> {
    let hex = value.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Ink::from_rgb(byte(0)?, byte(2)?, byte(4)?)
}

fn write_ink(out: &mut String, ink: Ink, is_text: bool) {
    let series = |out: &mut String, role: &str, i: u8| {
        let _ = write!(out, " class=\"{role} dc-s{}\"", i % PALETTE_LEN + 1);
    };
    match ink {
        Ink::Line(i) => {
            series(out, "dc-ln", i);
            // Each round of colours starts the dashes one step later: series 7 is not series 1.
            let n = usize::from(i);
            let dash = DASHES[(n + n / usize::from(PALETTE_LEN)) % DASHES.len()];
            if !dash.is_empty() {
                let _ = write!(out, " stroke-dasharray=\"{dash}\"");
            }
        }
        Ink::Edge(i) => series(out, "dc-edge", i),
        Ink::Bar(i) => series(out, "dc-bar", i),
        Ink::Area(i) => series(out, "dc-area", i),
        Ink::Band(i) => series(out, "dc-band", i),
        Ink::Marker(i) => series(out, "dc-mk", i),
        Ink::SeriesLabel(i) => series(out, "dc-lab", i),
        Ink::Swatch(i) => series(out, "dc-sw", i),
        Ink::InsideText(i) => series(out, "dc-in", i),
        other => {
            let class = match other {
                Ink::Grid => "dc-grid",
                Ink::Axis => "dc-axis",
                Ink::TickMark => "dc-tickmark",
                Ink::Leader => "dc-leader",
                Ink::Background => "dc-bg",
                Ink::TickText => "dc-tick",
                Ink::LabelText => "dc-label",
                Ink::ValueText => "dc-value",
                Ink::UnitText => "dc-unit",
                Ink::SourceText => "dc-source",
                Ink::TitleText => "dc-title",
                Ink::DateText => "dc-date",
                Ink::CategoryText => "dc-cat",
                Ink::MissingText => "dc-missing",
                _ => "dc-empty",
            };
            let _ = write!(out, " class=\"{class}\"");
        }
    }
    if is_text && ink.font_size() != FONT_SMALL {
        let _ = write!(out, " font-size=\"{}\"", ink.font_size());
    }
}

#[cfg(test)]
mod find_tests {
    use super::find_eq_quote;

    #[test]
    fn find_eq_quote_agrees_with_str_find() {
        for s in ["", "=", "=\"", "x=\"1\"", "a=b c=\"d\"", "==\"", "k=\u{e9}=\"v\"", "no attributes", "a= \"b\""] {
            assert_eq!(find_eq_quote(s), s.find("=\""), "{s:?}");
        }
    }
}
