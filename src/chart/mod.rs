//! Charts: a data [`Table`] (or an initiative's milestones) drawn as accessible,
//! deterministic SVG, plus the plain-text description used as its `<desc>` and alt text.
//!
//! This module owns everything between a parsed table and the SVG text: layout, scales and
//! ticks ([`axis`]), text measurement without fonts ([`text`]), drawing through plotters'
//! SVG backend ([`draw`]), and the rewrite of plotters' output into the final document
//! ([`svg`]).
//!
//! How colours work: nothing in the SVG names a colour. Elements are drawn with sentinel
//! colours and rewritten into classes (`dc-s1`..`dc-s8` for series, `dc-grid`, `dc-axis`,
//! `dc-tick`, ...), which `themes/default/static/chart.css` paints for light, dark and print.
//! Inline SVG relies on that stylesheet being linked from the page; standalone files carry
//! it in a `<style>` element.
//!
//! Geometry: the viewBox is 640 units wide (height grows with content, 400 by default) and
//! no text is smaller than 20 units, so at 360 CSS px wide no text is below 11 px.
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
pub struct Chart<'a> {
    /// Letters, digits and dashes; element ids are `<id>-title` and `<id>-desc`.
    pub id: &'a str,
    pub title: &'a str,
    /// Never [`ChartKind::Table`] (the caller renders tables itself; if it comes anyway, a
    /// line chart is drawn for numeric x and a bar chart otherwise).
    pub kind: ChartKind,
    /// e.g. "% of GDP", "US$ billion": written above the plot.
    pub unit: Option<&'a str>,
    /// Written as "Source: …" at the bottom of the graphic.
    pub source: Option<&'a str>,
    pub table: &'a Table,
}

/// A dated event of an initiative.
pub struct Milestone<'a> {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: &'a str,
    pub label: &'a str,
}

/// The chart as SVG.
///
/// With `standalone_css` `None`: inline SVG for an HTML page, with a `viewBox` and no
/// width/height (the page's chart.css makes it `width: 100%; height: auto`) and no `<style>`.
/// With `Some(css)`: a standalone `.svg` file (no XML declaration) with width/height, the
/// CSS in a `<style>` element, a background and the title drawn at the top.
///
/// Tables without rows or without any value give a small SVG saying "No data".
pub fn render_svg(chart: &Chart, standalone_css: Option<&str>) -> String {
    let standalone = standalone_css.is_some();
    let kind = match chart.kind {
        ChartKind::Table if chart.table.x_is_numeric() && chart.table.rows.len() > 1 => ChartKind::Line,
        ChartKind::Table => ChartKind::Bar,
        k => k,
    };
    let chart = Chart { kind, ..*chart };
    let drawing = match kind {
        ChartKind::Hbar => hbar::render(&chart, standalone),
        _ => xy::render(&chart, standalone),
    };
    let title = text::clean(chart.title);
    let (drawing, kind_name) = match drawing {
        Some(d) => (d, kind.name()),
        None => (no_data(&title, standalone), "empty"),
    };
    let desc = describe(&chart);
    let doc = svg::Doc {
        id: &safe_id(chart.id),
        kind: kind_name,
        title: &title,
        desc: &desc,
        size: drawing.size,
        css: standalone_css,
    };
    svg::document(&doc, &drawing.raw)
}

/// A milestone timeline: events on a horizontal time axis, labels in lanes below it.
/// Events whose date does not parse are left out of the drawing. Same `standalone_css`
/// contract as [`render_svg`].
pub fn render_timeline_svg(id: &str, title: &str, events: &[Milestone], standalone_css: Option<&str>) -> String {
    let standalone = standalone_css.is_some();
    let title = text::clean(title);
    let (drawing, kind) = match timeline::render(&title, events, standalone) {
        Some(d) => (d, "timeline"),
        None => (no_data(&title, standalone), "empty"),
    };
    let desc = describe_timeline(&title, events);
    let doc = svg::Doc { id: &safe_id(id), kind, title: &title, desc: &desc, size: drawing.size, css: standalone_css };
    svg::document(&doc, &drawing.raw)
}

/// The small "No data" image (with the title above it in standalone files).
fn no_data(title: &str, standalone: bool) -> Drawing {
    let frame = frame::Frame::new(standalone.then_some(title), None, None, &[], frame::Swatch::Box);
    let top = frame.top();
    let height = (top + 100.0).round();
    with_canvas((frame::W as u32, height as u32), |c| {
        c.text("No data", (draw::px(frame::W / 2.0), draw::px(top + 50.0)), Ink::EmptyText, Anchor::Center);
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
