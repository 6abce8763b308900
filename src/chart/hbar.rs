//! Horizontal bars: categories down the left in row order, values along x from zero. Also
//! what a `bar` or `stacked` chart becomes when its category labels cannot fit under
//! vertical bars (see [`super::drawn_kind`]).
//!
//! Category names sit in a left column sized by their estimated width (at most 38% of the
//! chart, never narrower than the longest word) and wrap onto as many lines as they need:
//! nothing is cut. Every bar is labelled with its value at its end, and a missing value is
//! written "n/a" at zero, so no value axis is needed. Stacked rows get their segments
//! labelled inside where the label fits, and a value axis with light gridlines. Dates as
//! categories (`2019-01`, `2019-Q1`) are written as on a time axis: "Jan 2019", "2019 Q1".

use std::borrow::Cow;

use super::Chart;
use super::axis::{self, TickFormat};
use super::draw::{Anchor, Canvas, Drawing, FONT_SMALL, Ink, px, series_index, with_canvas};
use super::format::{format_compact, format_number};
use super::frame::{Frame, LINE_SMALL, PAD, Swatch, Texts};
use super::text;
use super::time;

const LABEL_COLUMN_SHARE: f64 = 0.38;

struct Row<'a> {
    name: Cow<'a, str>,
    lines: Vec<String>,
    values: Vec<Option<f64>>,
}

/// Bars of the row laid out along x: `(series, start, end)` for each present value.
type Segments = Vec<(usize, f64, f64)>;

pub(crate) fn render(chart: &Chart, w: f64, texts: Texts, stacked: bool) -> Option<Drawing> {
    let table = chart.table;
    let k = table.series.len();
    // Dated categories read as on a time axis ("Jan 2020", "2019 Q1"), not as ISO strings.
    let cleaned: Vec<Cow<str>> = match time::parse_axis(table) {
        Some(d) => d.xs.iter().map(|&x| Cow::Owned(time::label(x, d.grain, chart.strings))).collect(),
        None => table.rows.iter().map(|r| text::clean(&r.x)).collect(),
    };
    let widest = cleaned.iter().map(|l| text::width(l, FONT_SMALL)).fold(0.0, f64::max);
    let longest_word = cleaned.iter().map(|l| text::longest_word(l, FONT_SMALL)).fold(0.0, f64::max);
    let label_w = widest.min(w * LABEL_COLUMN_SHARE).max(longest_word);
    let rows: Vec<Row> = table
        .rows
        .iter()
        .zip(cleaned)
        .map(|(r, x)| Row {
            lines: if text::width(&x, FONT_SMALL) <= label_w {
                vec![x.to_string()]
            } else {
                text::wrap_all(&x, FONT_SMALL, label_w)
            },
            name: x,
            values: (0..k).map(|s| r.values.get(s).copied().flatten().filter(|v| v.is_finite())).collect(),
        })
        .collect();
    if rows.is_empty() || rows.iter().all(|r| r.values.iter().all(Option::is_none)) {
        return None;
    }
    let stacked = stacked && k > 1;
    let segments: Vec<Segments> = rows.iter().map(|r| segments_of(&r.values, stacked)).collect();
    let all = || segments.iter().flatten().flat_map(|&(_, a, b)| [a, b]);
    let lo = all().fold(0.0, f64::min);
    let hi = all().fold(0.0, f64::max);
    let single = k == 1;

    let names: Vec<&str> = if single { Vec::new() } else { table.series.iter().map(String::as_str).collect() };
    let frame = Frame::new(w, texts, &names, Swatch::Box);

    // Geometry of a row: one bar per series (one stack when stacked), rows tall enough for
    // their names.
    let lines = |r: &Row| r.lines.len() as f64;
    let bars = if single || stacked { 1.0 } else { k as f64 };
    let min_group = (bars * 22.0).max(24.0);
    let row_h = |r: &Row| (min_group + 14.0).max(lines(r) * LINE_SMALL + 8.0);
    let group_h = if bars == 1.0 { min_group } else { bars * 22.0 };

    // Room for value labels outside the bar ends (not for stacks: labelled inside).
    let label_of = |v: f64| text::width(&format_compact(v), FONT_SMALL) + 8.0;
    let na = text::width(chart.strings.get("n_a"), FONT_SMALL) + 8.0;
    let (pos_room, neg_room) = if stacked {
        (0.0, 0.0)
    } else {
        let vals = || rows.iter().flat_map(|r| r.values.iter().flatten().copied());
        let has_missing = rows.iter().any(|r| r.values.iter().any(Option::is_none));
        (
            vals().filter(|v| *v >= 0.0).map(label_of).fold(if has_missing { na } else { 0.0 }, f64::max),
            vals().filter(|v| *v < 0.0).map(label_of).fold(0.0, f64::max),
        )
    };
    let label_right = PAD + label_w;
    let left = label_right + 12.0 + neg_room;
    let mut right = w - PAD - pos_room;
    let ticks = stacked.then(|| {
        let t = axis::extended(lo, hi, ((right - left) / 110.0).round().clamp(2.0, 6.0) as usize);
        let last = t.label(t.hi, TickFormat::Number);
        right -= text::width(&last, FONT_SMALL) / 2.0;
        t
    });
    let right = right.max(left + 100.0);
    let (x_lo, x_hi) = match &ticks {
        Some(t) => (t.lo, t.hi),
        None => axis::widen(lo, hi),
    };

    let top = frame.top() + 8.0;
    let mut row_top = Vec::with_capacity(rows.len() + 1);
    let mut y = top;
    for r in &rows {
        row_top.push(y);
        y += row_h(r);
    }
    let bottom = y;
    let axis_h = if ticks.is_some() { LINE_SMALL + 12.0 } else { 4.0 };
    let height = (bottom + axis_h + frame.bottom()).round();

    Some(with_canvas((w as u32, height as u32), |c| {
        // y in pixels directly: rows have their own heights.
        let plane = c.plane((x_lo, x_hi), (bottom, top), left, right, top, bottom);
        let at = |v: f64, y: f64| -> (i32, i32) {
            let (x, _) = plane.map_coordinate(&(v, top));
            (x, px(y))
        };
        if let Some(t) = &ticks {
            for &v in &t.values {
                let (x, _) = at(v, 0.0);
                if v != 0.0 {
                    c.vline(x, px(top), px(bottom), Ink::Grid, 1);
                }
                c.text(&t.label(v, TickFormat::Number), (x, px(bottom + 8.0)), Ink::TickText, Anchor::Top);
            }
        }
        for (i, row) in rows.iter().enumerate() {
            let (y0, h) = (row_top[i], row_h(row));
            let g0 = y0 + (h - group_h) / 2.0;
            draw_row(c, &at, row, &segments[i], g0, group_h / bars, stacked, chart, single);
            let mid = y0 + h / 2.0;
            let first = mid - (row.lines.len() as f64 - 1.0) * LINE_SMALL / 2.0;
            for (j, line) in row.lines.iter().enumerate() {
                c.text(line, (px(label_right), px(first + j as f64 * LINE_SMALL)), Ink::CategoryText, Anchor::Right);
            }
        }
        let (zero, _) = at(0.0, 0.0);
        c.vline(zero, px(top), px(bottom), Ink::Axis, 2);
        frame.draw(c, height);
    }))
}

fn segments_of(values: &[Option<f64>], stacked: bool) -> Segments {
    let (mut pos, mut neg) = (0.0, 0.0);
    values
        .iter()
        .enumerate()
        .filter_map(|(s, v)| {
            let v = (*v)?;
            if !stacked {
                return Some((s, 0.0, v));
            }
            let acc: &mut f64 = if v >= 0.0 { &mut pos } else { &mut neg };
            let start = *acc;
            *acc += v;
            Some((s, start, *acc))
        })
        .collect()
}

/// The bars of one row from `g0` down, each `thick` tall (one stack when stacked), with their
/// value labels and hover titles; "n/a" where a value is missing.
#[allow(clippy::too_many_arguments)]
fn draw_row(
    c: &Canvas,
    at: &dyn Fn(f64, f64) -> (i32, i32),
    row: &Row,
    segments: &Segments,
    g0: f64,
    thick: f64,
    stacked: bool,
    chart: &Chart,
    single: bool,
) {
    let hover = |s: usize, v: Option<f64>| {
        let mut t = String::with_capacity(48);
        if !single {
            t.push_str(&text::clean(&chart.table.series[s]));
            t.push_str(", ");
        }
        t.push_str(&row.name);
        t.push_str(": ");
        match v {
            Some(v) => {
                t.push_str(&format_number(v));
                if let Some(u) = chart.unit.map(text::clean).filter(|u| !u.is_empty()) {
                    t.push(' ');
                    t.push_str(&u);
                }
            }
            None => t.push_str("no data"),
        }
        t
    };
    let slot = |s: usize| if stacked { 0.0 } else { s as f64 };
    for (s, v) in row.values.iter().enumerate() {
        if v.is_some() || stacked {
            continue;
        }
        let y0 = g0 + slot(s) * thick;
        let (zx, _) = at(0.0, 0.0);
        let mid = px(y0 + thick / 2.0);
        c.text(chart.strings.get("n_a"), (zx + 6, mid), Ink::MissingText, Anchor::Left);
        c.hit_rect((zx, px(y0)), (zx + 30, px(y0 + thick)), &hover(s, None));
    }
    if stacked && segments.is_empty() {
        let (zx, _) = at(0.0, 0.0);
        c.text(chart.strings.get("n_a"), (zx + 6, px(g0 + thick / 2.0)), Ink::MissingText, Anchor::Left);
    }
    for &(s, start, end) in segments {
        let y0 = g0 + slot(s) * thick;
        let a = at(start, y0);
        let mut b = at(end, y0 + thick);
        if !stacked && !single && b.1 - a.1 > 3 {
            b.1 -= 1;
        }
        c.rect(a, b, Ink::Bar(series_index(s)));
        let v = end - start;
        c.hit_rect(a, b, &hover(s, Some(v)));
        let label = format_compact(v);
        let mid = (a.1 + b.1) / 2;
        if stacked {
            let room = f64::from((b.0 - a.0).abs());
            if text::width(&label, FONT_SMALL) + 6.0 <= room && thick >= FONT_SMALL {
                c.inside_text(&label, ((a.0 + b.0) / 2, mid), series_index(s));
            }
        } else if v < 0.0 {
            c.text(&label, (b.0 - 6, mid), Ink::ValueText, Anchor::Right);
        } else {
            c.text(&label, (b.0 + 6, mid), Ink::ValueText, Anchor::Left);
        }
    }
}
