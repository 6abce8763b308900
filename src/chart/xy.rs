//! Vertical charts on x/y axes: line, area, grouped bar and stacked bar.
//!
//! The x axis is numeric (spaced by value, rows sorted by x) for line and area charts whose
//! x column is all numbers, and categorical (equal bands in row order) otherwise. Missing
//! values are gaps: lines and areas break, bars are left out; nothing is read as zero.
//!
//! Area charts draw one area per series from zero; with more than one series the areas are
//! **stacked** (an area chart of several overlapping translucent series is unreadable). In a
//! stack, positive values pile up from zero and negative ones down from zero, as in stacked
//! bars; a missing value leaves a gap in its own band, and the bands above it rest on the
//! values that are present.

use std::borrow::Cow;

use super::Chart;
use super::axis::{self, TickFormat, Ticks};
use super::draw::{Anchor, Canvas, Drawing, FONT_LABEL, FONT_SMALL, Ink, Plane, px, series_index, with_canvas};
use super::frame::{Frame, H, LINE_SMALL, PAD, Swatch, W};
use super::text;
use crate::data::table::ChartKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XAxis {
    Years,
    Numbers,
    Categories,
}

/// The table in drawing order.
struct Data<'a> {
    axis: XAxis,
    /// x of each displayed row: its value on numeric axes, the band centre `i + 0.5` otherwise.
    xs: Vec<f64>,
    labels: Vec<Cow<'a, str>>,
    /// `values[series][row]`, non-finite values dropped.
    values: Vec<Vec<Option<f64>>>,
    names: Vec<Cow<'a, str>>,
}

impl<'a> Data<'a> {
    fn new(chart: &Chart<'a>) -> Data<'a> {
        let table = chart.table;
        let spaced = matches!(chart.kind, ChartKind::Line | ChartKind::Area);
        let numbers: Option<Vec<f64>> = (spaced && table.x_is_numeric())
            .then(|| table.rows.iter().map(|r| r.x.trim().parse::<f64>().unwrap_or(f64::NAN)).collect::<Vec<_>>())
            .filter(|xs| xs.iter().all(|x| x.is_finite()));
        let axis = match &numbers {
            Some(_) if table.x_is_year() => XAxis::Years,
            Some(_) => XAxis::Numbers,
            None => XAxis::Categories,
        };
        let mut order: Vec<usize> = (0..table.rows.len()).collect();
        if let Some(xs) = &numbers {
            order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
        }
        let xs = match &numbers {
            Some(xs) => order.iter().map(|&i| xs[i]).collect(),
            None => (0..order.len()).map(|i| i as f64 + 0.5).collect(),
        };
        let labels = order.iter().map(|&i| text::clean(&table.rows[i].x)).collect();
        let values = (0..table.series.len())
            .map(|s| {
                order
                    .iter()
                    .map(|&i| table.rows[i].values.get(s).copied().flatten().filter(|v| v.is_finite()))
                    .collect()
            })
            .collect();
        let names = table.series.iter().map(|n| text::clean(n)).collect();
        Data { axis, xs, labels, values, names }
    }

    fn rows(&self) -> usize {
        self.xs.len()
    }

    fn has_values(&self) -> bool {
        self.values.iter().flatten().any(Option::is_some)
    }
}

/// `[series][row]` → `(start, end)` of the value in its stack, `None` where it is missing.
type Bands = Vec<Vec<Option<(f64, f64)>>>;

/// `(start, end)` of every value in a stack: positives pile up from zero, negatives down.
fn stack(values: &[Vec<Option<f64>>], rows: usize) -> Bands {
    let mut pos = vec![0.0; rows];
    let mut neg = vec![0.0; rows];
    let mut out = Vec::with_capacity(values.len());
    for series in values {
        let mut bands = Vec::with_capacity(rows);
        for (i, v) in series.iter().enumerate() {
            bands.push(v.map(|v| {
                let acc = if v >= 0.0 { &mut pos[i] } else { &mut neg[i] };
                let start = *acc;
                *acc += v;
                (start, *acc)
            }));
        }
        out.push(bands);
    }
    out
}

/// A label under the x axis: its position in data units and its lines.
struct XLabel {
    x: f64,
    lines: Vec<String>,
}

/// A series name at the end of its line.
struct EndLabel {
    y: f64,
    text: String,
    series: u8,
}

/// Longest series name that may sit at the right of a line chart.
const END_LABEL_MAX: f64 = 170.0;
/// Room under the plot for the first line of x labels. The lowest value label is centred on
/// the bottom of the plot, so its line box reaches about 0.56 em (11 units) below it; an x
/// label at the left end (the first year of a line chart) sits right under it. From 16 units
/// down the two line boxes stay apart, with Arial's metrics and with DejaVu Sans' taller ones.
const X_LABEL_GAP: f64 = 16.0;
const MIN_PLOT_H: f64 = 190.0;
const MIN_PLOT_W: f64 = 200.0;

pub(crate) fn render(chart: &Chart, standalone: bool) -> Option<Drawing> {
    let data = Data::new(chart);
    if data.rows() == 0 || !data.has_values() {
        return None;
    }
    let kind = chart.kind;
    let stacked = kind == ChartKind::Stacked || kind == ChartKind::Area && data.values.len() > 1;
    let bands = stacked.then(|| stack(&data.values, data.rows()));
    let (lo, hi) = value_extent(&data, bands.as_ref(), kind != ChartKind::Line);
    let (frame, l) = lay_out(chart, &data, standalone, lo, hi);
    Some(with_canvas((W as u32, l.height as u32), |c| {
        let plane = c.plane((l.x_lo, l.x_hi), (l.ticks.lo, l.ticks.hi), l.left, l.right, l.top, l.bottom);
        draw_grid(c, &plane, &l);
        match kind {
            ChartKind::Bar => draw_bars(c, &plane, &data, &l),
            ChartKind::Stacked => draw_stacked(c, &plane, bands.as_ref().unwrap_or(&Vec::new())),
            ChartKind::Area => draw_areas(c, &plane, &data, bands.as_ref()),
            _ => draw_lines(c, &plane, &data, &l),
        }
        draw_zero_line(c, &plane, &l);
        draw_x_labels(c, &plane, &l, data.axis);
        frame.draw(c, l.height);
    }))
}

/// Where everything goes, in viewBox units.
struct Layout {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    height: f64,
    ticks: Ticks,
    x_lo: f64,
    x_hi: f64,
    x_labels: Vec<XLabel>,
    /// Lines of the tallest x label.
    x_label_lines: usize,
    /// The x axis' name, for numeric axes other than years.
    x_title: Option<String>,
    value_labels: bool,
    end_labels: bool,
}

/// Measure the frame, the axes' labels and the end labels, and give the plot what is left.
fn lay_out(chart: &Chart, data: &Data, standalone: bool, lo: f64, hi: f64) -> (Frame, Layout) {
    let kind = chart.kind;
    let series_count = data.values.len();
    let end_labels = kind == ChartKind::Line
        && series_count <= 3
        && data.names.iter().all(|n| !n.is_empty() && text::width_bold(n, FONT_LABEL) <= END_LABEL_MAX);
    let legend: Vec<&str> =
        if series_count > 1 && !end_labels { data.names.iter().map(|n| n.as_ref()).collect() } else { Vec::new() };
    let swatch = if kind == ChartKind::Line { Swatch::Line } else { Swatch::Box };
    let frame = Frame::new(standalone.then_some(chart.title), chart.unit, chart.source, &legend, swatch);

    // Value axis: as many ticks as the height the plot will roughly get allows.
    let rough_h = H - frame.top() - frame.bottom() - 60.0;
    let ticks = axis::extended(lo, hi, (rough_h / 60.0).round().clamp(2.0, 6.0) as usize);
    let widest =
        |labels: &mut dyn Iterator<Item = String>| labels.map(|l| text::width(&l, FONT_SMALL)).fold(0.0, f64::max);
    let tick_w = widest(&mut ticks.values.iter().map(|&v| ticks.label(v, TickFormat::Number)));

    // Horizontal: y labels on the left, end labels (or half an x label) on the right.
    let x_format = if data.axis == XAxis::Years { TickFormat::Year } else { TickFormat::Number };
    let (x_lo, x_hi) = x_domain(data);
    let edge_label = if data.axis == XAxis::Categories {
        0.0
    } else {
        let probe = axis::inside(x_lo, x_hi, 4, 0.0);
        widest(&mut [x_lo, x_hi].iter().map(|&v| probe.label(v, x_format))) / 2.0
    };
    let left = (PAD + tick_w + 10.0).max(PAD + edge_label);
    let right_margin = if end_labels {
        PAD + 16.0 + data.names.iter().map(|n| text::width_bold(n, FONT_LABEL)).fold(0.0, f64::max)
    } else {
        PAD + edge_label.max(8.0)
    };
    let right = (W - right_margin).max(left + MIN_PLOT_W);
    let plot_w = right - left;

    let x_labels = match data.axis {
        XAxis::Categories => category_labels(&data.labels, plot_w),
        _ => numeric_labels(x_lo, x_hi, plot_w, x_format),
    };
    let x_label_lines = x_labels.iter().map(|l| l.lines.len()).max().unwrap_or(1).max(1);
    let x_title = (data.axis == XAxis::Numbers)
        .then(|| text::truncate(&text::clean(&chart.table.x_label), FONT_SMALL, plot_w).into_owned())
        .filter(|t| !t.is_empty());

    // Vertical: frame and value labels above, x labels, axis title and frame below.
    let value_labels = kind == ChartKind::Bar && series_count == 1 && value_labels_fit(data, plot_w);
    let top = frame.top() + if value_labels { LINE_SMALL + 4.0 } else { 12.0 };
    let below = if value_labels && lo < 0.0 { LINE_SMALL + 4.0 } else { 0.0 }
        + X_LABEL_GAP
        + x_label_lines as f64 * LINE_SMALL
        + if x_title.is_some() { LINE_SMALL + 4.0 } else { 0.0 }
        + frame.bottom();
    let height = H.max(top + MIN_PLOT_H + below).round();
    let layout = Layout {
        left,
        right,
        top,
        bottom: height - below,
        height,
        ticks,
        x_lo,
        x_hi,
        x_labels,
        x_label_lines,
        x_title,
        value_labels,
        end_labels,
    };
    (frame, layout)
}

/// Smallest and largest value to show; bars and areas always include zero.
fn value_extent(data: &Data, bands: Option<&Bands>, with_zero: bool) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    match bands {
        Some(bands) => {
            for (a, b) in bands.iter().flatten().flatten() {
                lo = lo.min(a.min(*b));
                hi = hi.max(a.max(*b));
            }
        }
        None => {
            for v in data.values.iter().flatten().flatten() {
                lo = lo.min(*v);
                hi = hi.max(*v);
            }
        }
    }
    if with_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    (lo, hi)
}

fn x_domain(data: &Data) -> (f64, f64) {
    if data.axis == XAxis::Categories {
        return (0.0, data.rows() as f64);
    }
    let lo = data.xs.first().copied().unwrap_or(0.0);
    let hi = data.xs.last().copied().unwrap_or(1.0);
    if hi > lo {
        (lo, hi)
    } else {
        // One x value: centre it in a domain one unit (one year) either side.
        let pad = if data.axis == XAxis::Years || lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - pad, hi + pad)
    }
}

/// Ticks on a numeric x axis, as many as fit side by side.
fn numeric_labels(lo: f64, hi: f64, plot_w: f64, format: TickFormat) -> Vec<XLabel> {
    let min_step = if format == TickFormat::Year { 1.0 } else { 0.0 };
    let mut target = ((plot_w / 80.0) as usize).clamp(2, 10);
    loop {
        let ticks = axis::inside(lo, hi, target, min_step);
        let labels: Vec<String> = ticks.values.iter().map(|&v| ticks.label(v, format)).collect();
        let widest = labels.iter().map(|l| text::width(l, FONT_SMALL)).fold(0.0, f64::max);
        if labels.len() as f64 * (widest + 16.0) <= plot_w || target <= 1 {
            return ticks.values.iter().zip(labels).map(|(&x, l)| XLabel { x, lines: vec![l] }).collect();
        }
        target -= 1;
    }
}

/// Category names under their bands: all on one line when they fit, wrapped onto two lines
/// when bands are wide enough, otherwise every k-th (k = 1, 2, 5, 10, ...).
fn category_labels(labels: &[Cow<str>], plot_w: f64) -> Vec<XLabel> {
    let n = labels.len().max(1);
    let band = plot_w / n as f64;
    let widest = labels.iter().map(|l| text::width(l, FONT_SMALL)).fold(0.0, f64::max);
    let room = band - 8.0;
    if widest <= room {
        return labels
            .iter()
            .enumerate()
            .map(|(i, l)| XLabel { x: i as f64 + 0.5, lines: vec![l.to_string()] })
            .collect();
    }
    if room >= 56.0 {
        return labels
            .iter()
            .enumerate()
            .map(|(i, l)| XLabel { x: i as f64 + 0.5, lines: text::wrap(l, FONT_SMALL, room, 2) })
            .collect();
    }
    let k = axis::nice_count(((widest.min(150.0) + 12.0) / band).ceil() as usize);
    let room = k as f64 * band - 12.0;
    labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % k == 0)
        .map(|(i, l)| XLabel { x: i as f64 + 0.5, lines: vec![text::truncate(l, FONT_SMALL, room).into_owned()] })
        .collect()
}

/// Value labels on single-series bars: only when every label fits its bar's band.
fn value_labels_fit(data: &Data, plot_w: f64) -> bool {
    let n = data.rows();
    let band = plot_w / n.max(1) as f64;
    n <= 24
        && data
            .values
            .iter()
            .flatten()
            .flatten()
            .all(|&v| text::width(&super::format_number(v), FONT_SMALL) <= band - 4.0)
}

/// Horizontal gridlines with their labels; the baseline (zero, or the bottom when zero is
/// out of view) is drawn later, over the data.
fn draw_grid(c: &Canvas, plane: &Plane, l: &Layout) {
    let (x0, x1) = (px(l.left), px(l.right));
    let base = baseline(&l.ticks);
    for &v in &l.ticks.values {
        let (_, y) = plane.map_coordinate(&(l.x_lo, v));
        if v != base {
            c.hline(x0, x1, y, Ink::Grid, 1);
        }
        c.text(&l.ticks.label(v, TickFormat::Number), (px(l.left - 10.0), y), Ink::TickText, Anchor::Right);
    }
}

/// Zero when in view, else the bottom of the axis.
fn baseline(ticks: &Ticks) -> f64 {
    if ticks.lo <= 0.0 && ticks.hi >= 0.0 { 0.0 } else { ticks.lo }
}

fn draw_zero_line(c: &Canvas, plane: &Plane, l: &Layout) {
    let (_, y) = plane.map_coordinate(&(l.x_lo, baseline(&l.ticks)));
    c.hline(px(l.left), px(l.right), y, Ink::Axis, 2);
}

fn draw_x_labels(c: &Canvas, plane: &Plane, l: &Layout, axis: XAxis) {
    let below_values = if l.value_labels && l.ticks.lo < 0.0 { LINE_SMALL + 4.0 } else { 0.0 };
    let base_y = l.bottom + X_LABEL_GAP + below_values;
    let ink = if axis == XAxis::Categories { Ink::CategoryText } else { Ink::TickText };
    for label in &l.x_labels {
        let (x, _) = plane.map_coordinate(&(label.x, l.ticks.lo));
        if axis != XAxis::Categories {
            c.vline(x, px(l.bottom), px(l.bottom + 6.0), Ink::TickMark, 1);
        }
        for (i, line) in label.lines.iter().enumerate() {
            // An edge band's label may be wider than its band: keep it on the canvas.
            let half = text::width(line, FONT_SMALL) / 2.0;
            let cx = f64::from(x).clamp(2.0 + half, (W - 2.0 - half).max(2.0 + half));
            c.text(line, (px(cx), px(base_y + i as f64 * LINE_SMALL)), ink, Anchor::Top);
        }
    }
    if let Some(title) = &l.x_title {
        let y = base_y + l.x_label_lines as f64 * LINE_SMALL + 4.0;
        c.text(title, (px(l.right), px(y)), Ink::UnitText, Anchor::TopRight);
    }
}

/// Lines with gaps at missing values. Markers on every point for short series, otherwise on
/// points that stand alone between gaps (they would be invisible) and on the last point.
fn draw_lines(c: &Canvas, plane: &Plane, data: &Data, l: &Layout) {
    let all_markers = data.rows() <= 12;
    let mut ends = Vec::new();
    for (s, values) in data.values.iter().enumerate() {
        let ink_index = series_index(s);
        let points: Vec<Option<(i32, i32)>> =
            values.iter().zip(&data.xs).map(|(v, &x)| v.map(|v| plane.map_coordinate(&(x, v)))).collect();
        for run in points.split(Option::is_none) {
            c.path(run.iter().flatten().copied().collect(), Ink::Line(ink_index), 3);
        }
        let last = points.iter().rposition(Option::is_some);
        for (i, p) in points.iter().enumerate() {
            let Some(p) = *p else { continue };
            let alone =
                i.checked_sub(1).and_then(|j| points[j]).is_none() && points.get(i + 1).copied().flatten().is_none();
            if all_markers || alone || Some(i) == last {
                c.marker(p, ink_index);
            }
        }
        if let Some((_, y)) = last.and_then(|i| points[i]).filter(|_| l.end_labels) {
            ends.push(EndLabel { y: f64::from(y), text: data.names[s].to_string(), series: ink_index });
        }
    }
    place_end_labels(&mut ends, l.top, l.bottom);
    for e in &ends {
        c.bold_text(&e.text, (px(l.right + 14.0), px(e.y)), Ink::SeriesLabel(e.series), Anchor::Left);
    }
}

/// Spread end labels vertically so that none overlaps, keeping them near their lines.
fn place_end_labels(ends: &mut [EndLabel], top: f64, bottom: f64) {
    const GAP: f64 = 26.0;
    ends.sort_by(|a, b| a.y.total_cmp(&b.y));
    for i in 1..ends.len() {
        ends[i].y = ends[i].y.max(ends[i - 1].y + GAP);
    }
    if let Some(last) = ends.last() {
        let overflow = last.y - (bottom + 4.0);
        if overflow > 0.0 {
            for e in ends.iter_mut() {
                e.y -= overflow;
            }
        }
    }
    if let Some(first) = ends.first() {
        let underflow = (top - 4.0) - first.y;
        if underflow > 0.0 {
            for e in ends.iter_mut() {
                e.y += underflow;
            }
        }
    }
}

/// Grouped bars: one band per row, one bar per series inside it.
fn draw_bars(c: &Canvas, plane: &Plane, data: &Data, l: &Layout) {
    let k = data.values.len().max(1) as f64;
    let group = if k > 1.0 { 0.8 } else { 0.65 };
    let bar = group / k;
    for (s, values) in data.values.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            let Some(v) = *v else { continue };
            let x0 = i as f64 + (1.0 - group) / 2.0 + s as f64 * bar;
            let a = plane.map_coordinate(&(x0, 0.0));
            let mut b = plane.map_coordinate(&(x0 + bar, v));
            if k > 1.0 && b.0 - a.0 > 3 {
                b.0 -= 1; // a hairline between neighbouring bars of a group
            }
            c.rect(a, b, Ink::Bar(series_index(s)));
            if l.value_labels {
                let label = super::format_number(v);
                let (cx, y) = plane.map_coordinate(&(i as f64 + 0.5, v));
                if v < 0.0 {
                    c.text(&label, (cx, y + 4), Ink::ValueText, Anchor::Top);
                } else {
                    c.text(&label, (cx, y - 4), Ink::ValueText, Anchor::Bottom);
                }
            }
        }
    }
}

fn draw_stacked(c: &Canvas, plane: &Plane, bands: &Bands) {
    let group = 0.65;
    for (s, series) in bands.iter().enumerate() {
        for (i, band) in series.iter().enumerate() {
            let Some((start, end)) = *band else { continue };
            let x0 = i as f64 + (1.0 - group) / 2.0;
            let a = plane.map_coordinate(&(x0, start));
            let b = plane.map_coordinate(&(x0 + group, end));
            c.rect(a, b, Ink::Bar(series_index(s)));
        }
    }
}

/// Areas from zero (one series) or stacked bands, each outlined on top by its series' line.
fn draw_areas(c: &Canvas, plane: &Plane, data: &Data, bands: Option<&Bands>) {
    let single: Bands;
    let (bands, fill): (&Bands, fn(u8) -> Ink) = match bands {
        Some(b) => (b, Ink::Band),
        None => {
            single = data.values.iter().map(|s| s.iter().map(|v| v.map(|v| (0.0, v))).collect()).collect();
            (&single, Ink::Area)
        }
    };
    for (s, series) in bands.iter().enumerate() {
        let ink_index = series_index(s);
        let points: Vec<Option<(f64, f64, f64)>> =
            series.iter().zip(&data.xs).map(|(b, &x)| b.map(|(a, e)| (x, a, e))).collect();
        for run in points.split(Option::is_none) {
            let run: Vec<(f64, f64, f64)> = run.iter().flatten().copied().collect();
            if run.len() == 1 {
                // A value standing alone between gaps has no width to fill: mark it.
                let (x, _, e) = run[0];
                c.marker(plane.map_coordinate(&(x, e)), ink_index);
                continue;
            }
            let top: Vec<(i32, i32)> = run.iter().map(|&(x, _, e)| plane.map_coordinate(&(x, e))).collect();
            let mut outline = top.clone();
            outline.extend(run.iter().rev().map(|&(x, a, _)| plane.map_coordinate(&(x, a))));
            c.polygon(outline, fill(ink_index));
            c.path(top, Ink::Edge(ink_index), 2);
        }
    }
}
