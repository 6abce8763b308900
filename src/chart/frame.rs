//! What surrounds a plot: the visible title (standalone files only; on a page the figure's
//! caption shows it), the legend, the unit line above the plot and the source line at the
//! bottom. Everything is measured before anything is drawn, so the plot gets what is left.

use super::draw::{Anchor, Canvas, FONT_LABEL, FONT_SMALL, FONT_TITLE, Ink, px, series_index};
use super::text;

/// viewBox width of every chart.
pub(crate) const W: f64 = 640.0;
/// Default viewBox height (the thumbnails' `<img>` says 640 × 400).
pub(crate) const H: f64 = 400.0;
/// Outer padding.
pub(crate) const PAD: f64 = 10.0;
/// Line heights.
pub(crate) const LINE_SMALL: f64 = 24.0;
pub(crate) const LINE_LABEL: f64 = 27.0;
const LINE_TITLE: f64 = 32.0;
const LEGEND_ROW: f64 = 30.0;

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swatch {
    /// A short line in the series' dash pattern with its marker: line charts.
    Line,
    /// A filled square: bars and areas.
    Box,
}

struct LegendItem {
    x: f64,
    row: usize,
    text: String,
    series: u8,
}

pub(crate) struct Frame {
    title: Vec<String>,
    legend: Vec<LegendItem>,
    legend_rows: usize,
    swatch: Swatch,
    unit: Option<String>,
    source: Vec<String>,
}

impl Frame {
    /// `legend`: the series names when a legend is wanted.
    pub(crate) fn new(
        title: Option<&str>,
        unit: Option<&str>,
        source: Option<&str>,
        legend: &[&str],
        swatch: Swatch,
    ) -> Frame {
        let full = W - 2.0 * PAD;
        let title = title
            .map(|t| text::clean(t))
            .filter(|t| !t.is_empty())
            .map(|t| text::wrap(&t, FONT_TITLE * 1.07, full, 2))
            .unwrap_or_default();
        let unit = unit
            .map(|u| text::clean(u))
            .filter(|u| !u.is_empty())
            .map(|u| text::truncate(&u, FONT_SMALL, full).into_owned());
        let source = source
            .map(|s| text::clean(s))
            .filter(|s| !s.is_empty())
            .map(|s| text::wrap(&format!("Source: {s}"), FONT_SMALL, full, 2))
            .unwrap_or_default();
        let (items, rows) = lay_out_legend(legend, swatch);
        Frame { title, legend: items, legend_rows: rows, swatch, unit, source }
    }

    /// Height of everything above the plot.
    pub(crate) fn top(&self) -> f64 {
        let mut h = PAD;
        if !self.title.is_empty() {
            h += self.title.len() as f64 * LINE_TITLE + 8.0;
        }
        h += self.legend_rows as f64 * LEGEND_ROW;
        if self.legend_rows > 0 {
            h += 6.0;
        }
        if self.unit.is_some() {
            h += LINE_SMALL + 4.0;
        }
        h
    }

    /// Height of everything below the plot's own labels.
    pub(crate) fn bottom(&self) -> f64 {
        let lines = self.source.len() as f64;
        PAD + if lines > 0.0 { lines * LINE_SMALL + 12.0 } else { 0.0 }
    }

    pub(crate) fn draw(&self, c: &Canvas, height: f64) {
        let mut y = PAD;
        for line in &self.title {
            c.bold_text(line, (px(PAD), px(y)), Ink::TitleText, Anchor::TopLeft);
            y += LINE_TITLE;
        }
        if !self.title.is_empty() {
            y += 8.0;
        }
        for item in &self.legend {
            let mid = y + item.row as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
            let text_x = match self.swatch {
                Swatch::Line => {
                    let (x0, x1, my) = (px(item.x), px(item.x + 30.0), px(mid));
                    c.path(vec![(x0, my), (x1, my)], Ink::Line(item.series), 3);
                    c.marker((px(item.x + 15.0), my), item.series);
                    item.x + 36.0
                }
                Swatch::Box => {
                    c.rect((px(item.x), px(mid - 8.0)), (px(item.x + 16.0), px(mid + 8.0)), Ink::Swatch(item.series));
                    item.x + 22.0
                }
            };
            c.text(&item.text, (px(text_x), px(mid)), Ink::LabelText, Anchor::Left);
        }
        y += self.legend_rows as f64 * LEGEND_ROW;
        if self.legend_rows > 0 {
            y += 6.0;
        }
        if let Some(unit) = &self.unit {
            c.text(unit, (px(PAD), px(y)), Ink::UnitText, Anchor::TopLeft);
        }
        let mut y = height - PAD - self.source.len() as f64 * LINE_SMALL;
        for line in &self.source {
            c.text(line, (px(PAD), px(y)), Ink::SourceText, Anchor::TopLeft);
            y += LINE_SMALL;
        }
    }
}

/// Flow legend entries left to right, wrapping into rows of the chart's width.
fn lay_out_legend(names: &[&str], swatch: Swatch) -> (Vec<LegendItem>, usize) {
    let swatch_w = match swatch {
        Swatch::Line => 36.0,
        Swatch::Box => 22.0,
    };
    let right = W - PAD;
    let mut items = Vec::with_capacity(names.len());
    let (mut x, mut row) = (PAD, 0);
    for (i, name) in names.iter().enumerate() {
        let name = text::clean(name);
        let label = text::truncate(&name, FONT_LABEL, right - PAD - swatch_w).into_owned();
        let w = swatch_w + text::width(&label, FONT_LABEL);
        if x > PAD && x + w > right {
            x = PAD;
            row += 1;
        }
        items.push(LegendItem { x, row, text: label, series: series_index(i) });
        x += w + 20.0;
    }
    let rows = if items.is_empty() { 0 } else { row + 1 };
    (items, rows)
}
