//! Horizontal bars: categories down the left in row order, values along x from zero.
//!
//! Category names sit in a left column sized by their estimated width (at most 38% of the
//! chart), wrapped onto two lines and then cut with an ellipsis. One series gets its values
//! written at the bar ends and no value axis; several series get grouped bars, a legend and
//! a value axis with light vertical gridlines.

use std::borrow::Cow;

use super::Chart;
use super::axis::{self, TickFormat};
use super::draw::{Anchor, Canvas, Drawing, FONT_SMALL, Ink, Plane, px, series_index, with_canvas};
use super::format_number;
use super::frame::{Frame, LINE_SMALL, PAD, Swatch, W};
use super::text;

const LABEL_COLUMN_MAX: f64 = W * 0.38;

struct Row {
    lines: Vec<String>,
    values: Vec<Option<f64>>,
}

pub(crate) fn render(chart: &Chart, standalone: bool) -> Option<Drawing> {
    let table = chart.table;
    let k = table.series.len();
    let cleaned: Vec<Cow<str>> = table.rows.iter().map(|r| text::clean(&r.x)).collect();
    let widest = cleaned.iter().map(|l| text::width(l, FONT_SMALL)).fold(0.0, f64::max);
    let label_w = widest.min(LABEL_COLUMN_MAX);
    let rows: Vec<Row> = table
        .rows
        .iter()
        .zip(cleaned)
        .map(|(r, x)| Row {
            lines: text::wrap(&x, FONT_SMALL, label_w, 2),
            values: (0..k).map(|s| r.values.get(s).copied().flatten().filter(|v| v.is_finite())).collect(),
        })
        .collect();
    let all = || rows.iter().flat_map(|r| r.values.iter().flatten().copied());
    if rows.is_empty() || all().next().is_none() {
        return None;
    }
    let lo = all().fold(0.0, f64::min);
    let hi = all().fold(0.0, f64::max);
    let single = k == 1;

    let names: Vec<&str> = if single { Vec::new() } else { table.series.iter().map(String::as_str).collect() };
    let frame = Frame::new(standalone.then_some(chart.title), chart.unit, chart.source, &names, Swatch::Box);

    // Geometry of a row: one bar per series, rows tall enough for two-line names.
    let lines = rows.iter().map(|r| r.lines.len()).max().unwrap_or(1) as f64;
    let min_group = if single { 24.0 } else { (k as f64 * 14.0).max(24.0) };
    let row_h = (min_group + 14.0).max(lines * LINE_SMALL + 8.0);
    // Bars fill most of a row that two-line names made taller.
    let group_h = if single { (row_h * 0.62).max(min_group) } else { min_group };

    let label_of = |v: f64| text::width(&format_number(v), FONT_SMALL) + 8.0;
    let (pos_room, neg_room) = if single {
        (
            all().filter(|v| *v >= 0.0).map(label_of).fold(0.0, f64::max),
            all().filter(|v| *v < 0.0).map(label_of).fold(0.0, f64::max),
        )
    } else {
        (0.0, 0.0)
    };
    let label_right = PAD + label_w;
    let left = label_right + 12.0 + neg_room;
    let mut right = W - PAD - pos_room;
    let ticks = (!single).then(|| {
        let t = axis::extended(lo, hi, ((right - left) / 110.0).round().clamp(2.0, 6.0) as usize);
        let last = t.label(t.hi, TickFormat::Number);
        right -= text::width(&last, FONT_SMALL) / 2.0;
        t
    });
    let right = right.max(left + 120.0);
    let (x_lo, x_hi) = match &ticks {
        Some(t) => (t.lo, t.hi),
        None => axis::widen(lo, hi),
    };

    let top = frame.top() + 8.0;
    let bottom = top + rows.len() as f64 * row_h;
    let axis_h = if ticks.is_some() { LINE_SMALL + 12.0 } else { 4.0 };
    let height = (bottom + axis_h + frame.bottom()).round();

    Some(with_canvas((W as u32, height as u32), |c| {
        let n = rows.len() as f64;
        let plane = c.plane((x_lo, x_hi), (n, 0.0), left, right, top, bottom);
        if let Some(t) = &ticks {
            for &v in &t.values {
                let (x, _) = plane.map_coordinate(&(v, 0.0));
                if v != 0.0 {
                    c.vline(x, px(top), px(bottom), Ink::Grid, 1);
                }
                c.text(&t.label(v, TickFormat::Number), (x, px(bottom + 8.0)), Ink::TickText, Anchor::Top);
            }
        }
        for (i, row) in rows.iter().enumerate() {
            draw_row(c, &plane, i, row, group_h / row_h, single);
            let (_, mid) = plane.map_coordinate(&(0.0, i as f64 + 0.5));
            let first = f64::from(mid) - (row.lines.len() as f64 - 1.0) * LINE_SMALL / 2.0;
            for (j, line) in row.lines.iter().enumerate() {
                c.text(line, (px(label_right), px(first + j as f64 * LINE_SMALL)), Ink::CategoryText, Anchor::Right);
            }
        }
        let (zero, _) = plane.map_coordinate(&(0.0, 0.0));
        c.vline(zero, px(top), px(bottom), Ink::Axis, 2);
        frame.draw(c, height);
    }))
}

/// The bars of row `i` (row `i` spans `[i, i + 1]` on the plane's y), with value labels
/// at the bar ends for a single series.
fn draw_row(c: &Canvas, plane: &Plane, i: usize, row: &Row, group: f64, single: bool) {
    let k = row.values.len().max(1) as f64;
    let thick = group / k;
    let y0 = i as f64 + (1.0 - group) / 2.0;
    for (s, v) in row.values.iter().enumerate() {
        let Some(v) = *v else { continue };
        let a = plane.map_coordinate(&(0.0, y0 + s as f64 * thick));
        let mut b = plane.map_coordinate(&(v, y0 + (s as f64 + 1.0) * thick));
        if k > 1.0 && b.1 - a.1 > 3 {
            b.1 -= 1;
        }
        c.rect(a, b, Ink::Bar(series_index(s)));
        if single {
            let mid = (a.1 + b.1) / 2;
            if v < 0.0 {
                c.text(&format_number(v), (b.0 - 6, mid), Ink::ValueText, Anchor::Right);
            } else {
                c.text(&format_number(v), (b.0 + 6, mid), Ink::ValueText, Anchor::Left);
            }
        }
    }
}
