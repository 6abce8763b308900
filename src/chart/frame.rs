//! What surrounds a plot: the title and unit above it (standalone files only; on a page the
//! figure's caption shows them), the legend, and under the plot the note, the source and the
//! site's name (standalone files only: the page shows note and source under the figure).
//! Everything is measured before anything is drawn, so the plot gets what is left, and no
//! text is ever cut: long titles, notes and sources wrap onto as many lines as they need.

use super::draw::{Anchor, Canvas, FONT_LABEL, FONT_SMALL, FONT_TITLE, Ink, px, series_index};
use super::text;

/// viewBox width of the wide layout (pages from 600 CSS px up, and standalone files).
pub(crate) const W: f64 = 640.0;
/// viewBox width of the narrow layout, shown on phones: at 320 CSS px wide its smallest text
/// (20 units) is 13.3 px.
pub(crate) const W_NARROW: f64 = 480.0;
/// Default viewBox height (the thumbnails' `<img>` says 640 × 400).
pub(crate) const H: f64 = 400.0;
/// Outer padding.
pub(crate) const PAD: f64 = 10.0;
/// Line heights.
pub(crate) const LINE_SMALL: f64 = 24.0;
pub(crate) const LINE_LABEL: f64 = 27.0;
const LINE_TITLE: f64 = 32.0;
const LEGEND_LINE: f64 = 26.0;
const LEGEND_ROW_PAD: f64 = 6.0;

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swatch {
    /// A short line in the series' dash pattern with its marker: line charts.
    Line,
    /// A filled square: bars and areas.
    Box,
}

/// The texts around a chart; all optional.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Texts<'a> {
    pub title: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub note: Option<&'a str>,
    pub source: Option<&'a str>,
    /// The site's name: "Chart: <credit>" in standalone files.
    pub credit: Option<&'a str>,
    /// The words the frame writes: "Note: ", "Source: ", "Chart: ".
    pub strings: &'a crate::i18n::Strings,
}

impl Default for Texts<'_> {
    fn default() -> Self {
        Texts { title: None, unit: None, note: None, source: None, credit: None, strings: &crate::i18n::ENGLISH }
    }
}

struct LegendItem {
    x: f64,
    row: usize,
    lines: Vec<String>,
    series: u8,
}

pub(crate) struct Frame {
    title: Vec<String>,
    legend: Vec<LegendItem>,
    /// Height of each legend row.
    legend_rows: Vec<f64>,
    swatch: Swatch,
    unit: Vec<String>,
    /// Note, source and credit lines, in order, under the plot.
    foot: Vec<String>,
}

impl Frame {
    /// `legend`: the series names when a legend is wanted.
    pub(crate) fn new(w: f64, texts: Texts, legend: &[&str], swatch: Swatch) -> Frame {
        let full = w - 2.0 * PAD;
        let lines = |s: Option<&str>, size: f64, prefix: &str| -> Vec<String> {
            s.map(text::clean)
                .filter(|t| !t.is_empty())
                .map(|t| text::wrap_all(&format!("{prefix}{t}"), size, full))
                .unwrap_or_default()
        };
        let title = lines(texts.title, FONT_TITLE * 1.07, "");
        let unit = lines(texts.unit, FONT_SMALL, "");
        let mut foot = lines(texts.note, FONT_SMALL, texts.strings.get("note"));
        foot.extend(lines(texts.source, FONT_SMALL, texts.strings.get("source")));
        foot.extend(lines(texts.credit, FONT_SMALL, texts.strings.get("chart_credit")));
        let (items, rows) = lay_out_legend(w, legend, swatch);
        Frame { title, legend: items, legend_rows: rows, swatch, unit, foot }
    }

    /// Height of the legend alone (a plot is never made shorter than it).
    pub(crate) fn legend_height(&self) -> f64 {
        self.legend_rows.iter().sum()
    }

    /// Height of everything above the plot.
    pub(crate) fn top(&self) -> f64 {
        let mut h = PAD;
        if !self.title.is_empty() {
            h += self.title.len() as f64 * LINE_TITLE + 8.0;
        }
        h += self.legend_height();
        if !self.legend_rows.is_empty() {
            h += 6.0;
        }
        if !self.unit.is_empty() {
            h += self.unit.len() as f64 * LINE_SMALL + 4.0;
        }
        h
    }

    /// Height of everything below the plot's own labels.
    pub(crate) fn bottom(&self) -> f64 {
        let lines = self.foot.len() as f64;
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
        let mut row_top = Vec::with_capacity(self.legend_rows.len());
        for h in &self.legend_rows {
            row_top.push(y);
            y += h;
        }
        for item in &self.legend {
            let top = row_top[item.row] + LEGEND_ROW_PAD / 2.0;
            let mid = top + LEGEND_LINE / 2.0;
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
            for (i, line) in item.lines.iter().enumerate() {
                c.text(line, (px(text_x), px(mid + i as f64 * LEGEND_LINE)), Ink::LabelText, Anchor::Left);
            }
        }
        if !self.legend_rows.is_empty() {
            y += 6.0;
        }
        for line in &self.unit {
            c.text(line, (px(PAD), px(y)), Ink::UnitText, Anchor::TopLeft);
            y += LINE_SMALL;
        }
        let mut y = height - PAD - self.foot.len() as f64 * LINE_SMALL;
        for line in &self.foot {
            c.text(line, (px(PAD), px(y)), Ink::SourceText, Anchor::TopLeft);
            y += LINE_SMALL;
        }
    }
}

/// Flow legend entries left to right, wrapping into rows of the chart's width; a name too
/// long for a row wraps onto several lines (never cut). Returns the items and row heights.
fn lay_out_legend(w: f64, names: &[&str], swatch: Swatch) -> (Vec<LegendItem>, Vec<f64>) {
    let swatch_w = match swatch {
        Swatch::Line => 36.0,
        Swatch::Box => 22.0,
    };
    let right = w - PAD;
    let room = right - PAD - swatch_w;
    let mut items = Vec::with_capacity(names.len());
    let mut rows: Vec<f64> = Vec::new();
    let (mut x, mut row) = (PAD, 0);
    for (i, name) in names.iter().enumerate() {
        let name = text::clean(name);
        let lines = if text::width(&name, FONT_LABEL) <= room {
            vec![name.into_owned()]
        } else {
            text::wrap_all(&name, FONT_LABEL, room)
        };
        let item_w = swatch_w + lines.iter().map(|l| text::width(l, FONT_LABEL)).fold(0.0, f64::max);
        if x > PAD && x + item_w > right {
            x = PAD;
            row += 1;
        }
        let h = lines.len() as f64 * LEGEND_LINE + LEGEND_ROW_PAD;
        if rows.len() <= row {
            rows.push(h);
        } else {
            rows[row] = rows[row].max(h);
        }
        items.push(LegendItem { x, row, lines, series: series_index(i) });
        x += item_w + 20.0;
    }
    (items, rows)
}
