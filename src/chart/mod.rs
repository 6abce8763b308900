//! Charts: a data [`Table`] (or an initiative's milestones) drawn as accessible,
//! deterministic SVG, plus the plain-text description used as its `<desc>` and alt text.
//!
//! This module owns everything between a parsed table and the SVG text: layout, scales and
//! ticks ([`axis`]), text measurement without fonts ([`text`]), drawing through plotters'
//! SVG backend ([`draw`]), and the rewrite of plotters' output into the final document
//! ([`svg`]).
//!
//! How colours work: nothing in the SVG names a colour. Elements are drawn with sentinel
//! colours and rewritten into classes (`dc-s1`..`dc-s6` for series, `dc-grid`, `dc-axis`,
//! `dc-tick`, ...), which `themes/default/static/chart.css` paints for light, dark and print.
//! Bars, areas and swatches of series beyond the palette's six colours are also hatched: a
//! pattern of the chart's own `<defs>` (`<id>-hatchN`) laid over the colour, whose marks the
//! stylesheet paints in the background colour.
//! Inline SVG relies on that stylesheet being linked from the page; standalone files carry
//! it in a `<style>` element.
//!
//! Geometry: an inline chart comes in two layouts, chosen by chart.css with a media query: a
//! wide one, 640 units wide, and a narrow one for phones, 480 units wide and laid out again
//! (fewer ticks, more wrapping, bars turned horizontal sooner). Heights grow with content
//! (400 by default) and no text is smaller than 20 units, so on a 320 to 600 CSS px screen no
//! chart text is below 13 px, and above it no text is below 18 px.
//!
//! Which chart does what with missing values, stacking and labels is documented on
//! [`xy`] (line, area, bar, stacked), [`hbar`] and [`timeline`].

mod axis;
mod desc;
mod draw;
mod format;
mod frame;
mod hbar;
mod svg;
mod text;
mod time;
mod timeline;
mod xy;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use crate::data::table::{ChartKind, Table};
use draw::{Anchor, Drawing, Ink, with_canvas};

pub use desc::{describe, describe_timeline};
pub use format::format_number;

/// One chart to draw.
#[derive(Clone, Copy)]
pub struct Chart<'a> {
    /// Letters, digits and dashes; element ids are `<id>-title` and `<id>-desc` (and
    /// `<id>-narrow-title`, `<id>-narrow-desc` for the narrow layout of an inline chart).
    pub id: &'a str,
    pub title: &'a str,
    /// Never [`ChartKind::Table`] (the caller renders tables itself; if it comes anyway, a
    /// line chart is drawn for numeric x and a bar chart otherwise).
    pub kind: ChartKind,
    /// e.g. "% of GDP", "US$ billion": written under the title in standalone files.
    pub unit: Option<&'a str>,
    /// Plain text: written as "Source: …" at the bottom of standalone files.
    pub source: Option<&'a str>,
    /// Plain text: written as "Note: …" above the source in standalone files.
    pub note: Option<&'a str>,
    /// The site's name: "Chart: …" on the last line of standalone files.
    pub credit: Option<&'a str>,
    pub table: &'a Table,
    /// The words the chart writes itself ("Source: ", "No data", month names).
    pub strings: &'a crate::i18n::Strings,
}

/// A dated event of an initiative.
pub struct Milestone<'a> {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: &'a str,
    pub label: &'a str,
}

/// The chart as SVG.
///
/// With `standalone_css` `None`: inline SVG for an HTML page: two `<svg>` elements, a wide
/// layout (`dc-wide`, 640 units) and a narrow one for phones (`dc-narrow`, 480 units, with
/// fewer ticks, more wrapping, and bars turned horizontal sooner), of which chart.css shows
/// one by the width of the screen. Each has a `viewBox` and no width/height, no `<style>`, and
/// neither title, unit, note nor source drawn: the figure's caption shows them.
/// With `Some(css)`: a standalone `.svg` file (no XML declaration): the wide layout with
/// width/height, the CSS in a `<style>` element, a background, and everything a slide needs
/// drawn around it: title and unit above, note, source and the site's name below.
///
/// Tables without rows or without any value give a small SVG saying "No data".
pub fn render_svg(chart: &Chart, standalone_css: Option<&str>) -> String {
    let (desc, wide) = draw_wide(chart);
    match standalone_css {
        Some(css) => standalone(chart, &wide, css, &desc),
        None => inline(chart, &wide, &desc),
    }
}

/// [`render_svg`] both ways at once, `(inline, standalone)`, drawing the wide layout once
/// for both: what a brief's figure needs.
pub fn render_svgs(chart: &Chart, standalone_css: &str) -> (String, String) {
    let (desc, wide) = draw_wide(chart);
    (inline(chart, &wide, &desc), standalone(chart, &wide, standalone_css, &desc))
}

/// The chart's description and its wide layout, drawn.
fn draw_wide(chart: &Chart) -> (String, Layout) {
    // Described once: both layouts show the same data.
    let kind = if chart.kind == ChartKind::Table { drawn_kind(chart, frame::W) } else { chart.kind };
    let desc = describe(&Chart { kind, ..*chart });
    let wide = draw_layout(chart, frame::W, &safe_id(chart.id));
    (desc, wide)
}

/// The inline SVG: the wide layout's document, then the narrow layout's.
fn inline(chart: &Chart, wide: &Layout, desc: &str) -> String {
    let id = safe_id(chart.id);
    let title = text::clean(chart.title);
    let mut out = wide.document(&id, &title, desc, "dc-wide");
    let narrow_id = format!("{id}-narrow");
    out.push_str(&draw_layout(chart, frame::W_NARROW, &narrow_id).document(&narrow_id, &title, desc, "dc-narrow"));
    out
}

/// The standalone file of a chart whose wide layout is `wide`.
fn standalone(chart: &Chart, wide: &Layout, css: &str, desc: &str) -> String {
    let title = text::clean(chart.title);
    let texts = frame::Texts {
        title: Some(&title),
        unit: chart.unit,
        note: chart.note,
        source: chart.source,
        credit: chart.credit,
        strings: chart.strings,
    };
    wide.framed(&safe_id(chart.id), texts, desc, css)
}

/// One layout of a chart, drawn and rewritten: what its documents are made of.
struct Layout {
    body: svg::Body,
    size: (u32, u32),
    /// The kind it is drawn as (`dc-kind-<kind>`), "empty" for "No data".
    kind: &'static str,
}

impl Layout {
    /// The layout alone, as an inline `<svg>` of class `layout`.
    fn document(&self, id: &str, title: &str, desc: &str, layout: &str) -> String {
        let doc = svg::Doc { id, kind: self.kind, title, desc, size: self.size, css: None, layout };
        svg::document(&doc, &self.body)
    }

    /// A standalone file: the layout with `texts` (title, unit, note, source, credit) drawn
    /// around it, title and unit above, the others below, and the stylesheet `css`.
    fn framed(&self, id: &str, texts: frame::Texts, desc: &str, css: &str) -> String {
        let around = frame::Frame::new(f64::from(self.size.0), texts, &[], frame::Swatch::Box);
        // The layout keeps its own outer padding: the texts take the frame's place.
        let offset = around.top() - frame::PAD;
        let height = (offset + f64::from(self.size.1) - frame::PAD + around.bottom()).round();
        let size = (self.size.0, height as u32);
        let drawn = with_canvas(size, |c| around.draw(c, height));
        let title = texts.title.unwrap_or_default();
        let doc = svg::Doc { id, kind: self.kind, title, desc, size, css: Some(css), layout: "" };
        svg::framed_document(&doc, &drawn.raw, offset.round() as u32, &self.body)
    }
}

/// The kind a chart is drawn as at viewBox width `w`: tables become lines (numeric or dated
/// x) or bars, and vertical bars whose category labels cannot fit under them become
/// horizontal bars.
pub fn drawn_kind(chart: &Chart, w: f64) -> ChartKind {
    let t = chart.table;
    match chart.kind {
        ChartKind::Table if t.rows.len() > 1 && (t.x_is_numeric() || time::parse_axis(t).is_some()) => ChartKind::Line,
        ChartKind::Table => drawn_kind(&Chart { kind: ChartKind::Bar, ..*chart }, w),
        ChartKind::Bar | ChartKind::Stacked if !xy::categories_fit(chart, w) => ChartKind::Hbar,
        k => k,
    }
}

/// Whether a table's x column is dates (`2019-01`, `2019-Q1`, `2019-01-15`): a time axis.
pub fn is_time_axis(table: &Table) -> bool {
    time::parse_axis(table).is_some()
}

/// What the build should tell the author about how a chart is drawn, as (message, hint): a
/// bar chart turned horizontal because its labels do not fit under the bars, or more series
/// than colours.
pub fn layout_notes(chart: &Chart) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    let kind = drawn_kind(chart, frame::W);
    if matches!(chart.kind, ChartKind::Bar | ChartKind::Stacked) && kind == ChartKind::Hbar {
        let hint = if chart.kind == ChartKind::Bar {
            "write `type: hbar` to choose horizontal bars yourself, or shorten the category names"
        } else {
            "shorten the category names to keep vertical stacked bars"
        };
        notes.push((
            format!(
                "chart `{}` is drawn with horizontal bars: its {} category labels do not fit under vertical bars",
                chart.id,
                chart.table.rows.len()
            ),
            hint.to_string(),
        ));
    }
    let n = chart.table.series.len();
    if n > usize::from(svg::PALETTE_LEN) {
        let cue = if kind == ChartKind::Line {
            "dash pattern and marker"
        } else {
            "hatching (stripes, crosses or dots) over their colour"
        };
        notes.push((
            format!(
                "chart `{}` has {n} series but the palette has {} colours: series {} to {n} repeat colours and are told apart by {cue}",
                chart.id,
                svg::PALETTE_LEN,
                svg::PALETTE_LEN + 1
            ),
            format!(
                "readers tell {} series apart at most; consider splitting the chart or keeping the main series",
                svg::PALETTE_LEN
            ),
        ));
    }
    notes
}

/// One layout of a chart at viewBox width `w`, drawn without the texts around it (the page's
/// caption or [`Layout::framed`] shows them); `id` is for the references to its hatchings.
fn draw_layout(chart: &Chart, w: f64, id: &str) -> Layout {
    let kind = drawn_kind(chart, w);
    let original = chart.kind;
    let chart = Chart { kind, ..*chart };
    let texts = frame::Texts { strings: chart.strings, ..frame::Texts::default() };
    let drawing = match kind {
        ChartKind::Hbar => hbar::render(&chart, w, texts, original == ChartKind::Stacked),
        _ => xy::render(&chart, w, texts),
    };
    let (drawing, kind) = match drawing {
        Some(d) => (d, kind.name()),
        None => (no_data(w, texts), "empty"),
    };
    Layout { body: svg::body(id, &drawing.raw, &drawing.hits), size: drawing.size, kind }
}

/// A milestone timeline: a chronology, one event per row in date order, each date beside its
/// label wrapped to as many lines as it needs. Events whose date does not parse are left
/// out of the drawing. Same `standalone_css` contract as [`render_svg`] (two layouts inline).
pub fn render_timeline_svg(
    id: &str,
    title: &str,
    events: &[Milestone],
    strings: &crate::i18n::Strings,
    standalone_css: Option<&str>,
) -> String {
    let id = safe_id(id);
    let title = text::clean(title);
    let desc = describe_timeline(&title, events, strings);
    let wide = draw_timeline(events, strings, frame::W, &id);
    if let Some(css) = standalone_css {
        let texts = frame::Texts { title: Some(&title), strings, ..Default::default() };
        return wide.framed(&id, texts, &desc, css);
    }
    let mut out = wide.document(&id, &title, &desc, "dc-wide");
    let narrow_id = format!("{id}-narrow");
    let narrow = draw_timeline(events, strings, frame::W_NARROW, &narrow_id);
    out.push_str(&narrow.document(&narrow_id, &title, &desc, "dc-narrow"));
    out
}

fn draw_timeline(events: &[Milestone], strings: &crate::i18n::Strings, w: f64, id: &str) -> Layout {
    let texts = frame::Texts { strings, ..Default::default() };
    let (drawing, kind) = match timeline::render(events, w, texts) {
        Some(d) => (d, "timeline"),
        None => (no_data(w, texts), "empty"),
    };
    Layout { body: svg::body(id, &drawing.raw, &drawing.hits), size: drawing.size, kind }
}

/// The small "No data" image.
fn no_data(w: f64, texts: frame::Texts) -> Drawing {
    let frame = frame::Frame::new(w, texts, &[], frame::Swatch::Box);
    let top = frame.top();
    let height = (top + 100.0 + frame.bottom()).round();
    with_canvas((w as u32, height as u32), |c| {
        c.text(texts.strings.get("no_data"), (draw::px(w / 2.0), draw::px(top + 50.0)), Ink::EmptyText, Anchor::Center);
        frame.draw(c, height);
    })
}

/// `id` restricted to characters valid in an XML id and an IDREF list: anything else
/// becomes a dash, and an empty id becomes "chart".
fn safe_id(id: &str) -> Cow<'_, str> {
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !id.is_empty() && id.chars().all(ok) {
        return Cow::Borrowed(id);
    }
    if id.is_empty() {
        return Cow::Borrowed("chart");
    }
    Cow::Owned(id.chars().map(|c| if ok(c) { c } else { '-' }).collect())
}
