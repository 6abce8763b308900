//! Vertical charts on x/y axes: line, area, grouped bar and stacked bar.
//!
//! The x axis of line and area charts is numeric (spaced by value, rows sorted by x) when the
//! x column is all numbers, a time axis when it is all dates ([`super::time`]), and
//! categorical (equal bands in row order) otherwise. The first and last x of a numeric or
//! time axis are always labelled, with the data's own values. Missing values are gaps: lines
//! and areas break, missing bars are marked "n/a"; nothing is read as zero.
//!
//! Bars are labelled with their values whenever every label fits its bar (single, grouped or
//! stacked alike); category names wrap onto as many lines as they need and are never cut.
//! When they cannot fit under the bars, [`super::drawn_kind`] draws horizontal bars instead
//! ([`categories_fit`] decides). Points standing alone between gaps, and series of two
//! points (a slope chart), carry their values: a bare line between two far-apart points
//! would pretend to be continuous data.
//!
//! Area charts draw one area per series from zero; with more than one series the areas are
//! **stacked** (an area chart of several overlapping translucent series is unreadable). In a
//! stack, positive values pile up from zero and negative ones down from zero, as in stacked
//! bars; a missing value leaves a gap in its own band, and the bands above it rest on the
//! values that are present.
//!
//! Every bar and point carries a hover `<title>` with its series, x, exact value and unit.

use std::borrow::Cow;

use super::Chart;
use super::axis::{self, TickFormat, Ticks};
use super::draw::{Anchor, Canvas, Drawing, FONT_LABEL, FONT_SMALL, Ink, Plane, px, series_index, with_canvas};
use super::format::{format_compact, format_number};
use super::frame::{Frame, H, LINE_SMALL, PAD, Swatch, Texts, W};
use super::text;
use super::time::{self, Grain};
use crate::data::table::{ChartKind, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XAxis {
    Years,
    Numbers,
    Dates(Grain),
    Categories,
}

/// The table in drawing order.
struct Data<'a> {
    axis: XAxis,
    /// x of each displayed row: its value on numeric axes (months on time axes), the band
    /// centre `i + 0.5` otherwise.
    xs: Vec<f64>,
    /// Each row's x as readers see it ("Jan 2020" on a time axis).
    labels: Vec<Cow<'a, str>>,
    /// `values[series][row]`, non-finite values dropped.
    values: Vec<Vec<Option<f64>>>,
    names: Vec<Cow<'a, str>>,
    /// What a missing value reads as ("n/a").
    na: &'a str,
}

impl<'a> Data<'a> {
    fn new(chart: &Chart<'a>) -> Data<'a> {
        let table = chart.table;
        let spaced = matches!(chart.kind, ChartKind::Line | ChartKind::Area);
        let numbers: Option<Vec<f64>> = (spaced && table.x_is_numeric())
            .then(|| table.rows.iter().map(|r| r.x.trim().parse::<f64>().unwrap_or(f64::NAN)).collect::<Vec<_>>())
            .filter(|xs| xs.iter().all(|x| x.is_finite()));
        let dates = if spaced && numbers.is_none() { time::parse_axis(table) } else { None };
        let bar_dates = if spaced { None } else { time::parse_axis(table) };
        let axis = match (&numbers, &dates) {
            (Some(_), _) if table.x_is_year() => XAxis::Years,
            (Some(_), _) => XAxis::Numbers,
            (None, Some(d)) => XAxis::Dates(d.grain),
            _ => XAxis::Categories,
        };
        let positions = numbers.or_else(|| dates.as_ref().map(|d| d.xs.clone()));
        let mut order: Vec<usize> = (0..table.rows.len()).collect();
        if let Some(xs) = &positions {
            order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
        }
        let xs: Vec<f64> = match &positions {
            Some(xs) => order.iter().map(|&i| xs[i]).collect(),
            None => (0..order.len()).map(|i| i as f64 + 0.5).collect(),
        };
        let labels = match (axis, dates.as_ref().or(bar_dates.as_ref())) {
            (XAxis::Dates(grain), _) => xs.iter().map(|&x| Cow::Owned(time::label(x, grain, chart.strings))).collect(),
            // Bars over dates keep their bands but read "Jan 2020", not "2020-01".
            (_, Some(d)) => order.iter().map(|&i| Cow::Owned(time::label(d.xs[i], d.grain, chart.strings))).collect(),
            _ => order.iter().map(|&i| text::clean(&table.rows[i].x)).collect(),
        };
        let values = (0..table.series.len())
            .map(|s| {
                order
                    .iter()
                    .map(|&i| table.rows[i].values.get(s).copied().flatten().filter(|v| v.is_finite()))
                    .collect()
            })
            .collect();
        let names = table.series.iter().map(|n| text::clean(n)).collect();
        Data { axis, xs, labels, values, names, na: chart.strings.get("n_a") }
    }

    fn rows(&self) -> usize {
        self.xs.len()
    }

    fn has_values(&self) -> bool {
        self.values.iter().flatten().any(Option::is_some)
    }

    /// The hover text of a value: "Jilin, 2019: 11 % of GDP" (no series name when alone).
    fn hover(&self, s: usize, i: usize, v: Option<f64>, unit: Option<&str>) -> String {
        let mut out = String::with_capacity(48);
        if self.values.len() > 1 {
            out.push_str(&self.names[s]);
            out.push_str(", ");
        }
        out.push_str(&self.labels[i]);
        out.push_str(": ");
        match v {
            Some(v) => {
                out.push_str(&format_number(v));
                if let Some(u) = unit.map(text::clean).filter(|u| !u.is_empty()) {
                    out.push(' ');
                    out.push_str(&u);
                }
            }
            None => out.push_str("no data"),
        }
        out
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

/// Room under the plot for the first line of x labels. The lowest value label is centred on
/// the bottom of the plot, so its line box reaches about 0.56 em (11 units) below it; an x
/// label at the left end (the first year of a line chart) sits right under it. From 16 units
/// down the two line boxes stay apart, with Arial's metrics and with DejaVu Sans' taller ones.
const X_LABEL_GAP: f64 = 16.0;
const MIN_PLOT_H: f64 = 190.0;
const MIN_PLOT_W: f64 = 200.0;
/// Most lines a category label under a bar may take before bars turn horizontal.
const MAX_CATEGORY_LINES: usize = 3;
/// Fraction of a band a group of bars fills.
const GROUP: f64 = 0.8;
const SINGLE: f64 = 0.65;

pub(crate) fn render(chart: &Chart, w: f64, texts: Texts) -> Option<Drawing> {
    let data = Data::new(chart);
    if data.rows() == 0 || !data.has_values() {
        return None;
    }
    let kind = chart.kind;
    let stacked = kind == ChartKind::Stacked || kind == ChartKind::Area && data.values.len() > 1;
    let bands = stacked.then(|| stack(&data.values, data.rows()));
    let (lo, hi) = value_extent(&data, bands.as_ref(), kind != ChartKind::Line);
    let (frame, l) = lay_out(chart, &data, w, texts, lo, hi);
    Some(with_canvas((w as u32, l.height as u32), |c| {
        let plane = c.plane((l.x_lo, l.x_hi), (l.ticks.lo, l.ticks.hi), l.left, l.right, l.top, l.bottom);
        draw_grid(c, &plane, &l);
        match kind {
            ChartKind::Bar => draw_bars(c, &plane, &data, &l, chart.unit),
            ChartKind::Stacked => draw_stacked(c, &plane, &data, bands.as_ref().unwrap_or(&Vec::new()), &l, chart.unit),
            ChartKind::Area => draw_areas(c, &plane, &data, bands.as_ref(), &l, chart.unit),
            _ => draw_lines(c, &plane, &data, &l, chart.unit),
        }
        draw_zero_line(c, &plane, &l);
        draw_x_labels(c, &plane, &l, data.axis);
        frame.draw(c, l.height);
    }))
}

/// Whether the category labels of a vertical bar chart fit under its bars at viewBox width
/// `w`: every label wraps into its band in at most three lines without cutting a word.
/// Numeric or dated x always fits: such an axis may show every k-th label.
pub(crate) fn categories_fit(chart: &Chart, w: f64) -> bool {
    let table = chart.table;
    if table.rows.is_empty() || ordered(table) {
        return true;
    }
    let room = category_room(table, w, chart.kind == ChartKind::Stacked);
    table.rows.iter().all(|r| {
        let l = text::clean(&r.x);
        text::longest_word(&l, FONT_SMALL) <= room
            && (text::width(&l, FONT_SMALL) <= room || text::wrap_all(&l, FONT_SMALL, room).len() <= MAX_CATEGORY_LINES)
    })
}

/// Whether x is an ordered scale (numbers, years or dates) rather than named categories: its
/// labels under bars may be thinned to every k-th, as on any axis.
fn ordered(table: &Table) -> bool {
    table.x_is_numeric() || time::parse_axis(table).is_some()
}

/// The width a category label may take under a band, estimated from the value labels'
/// width on the left (the exact layout needs the frame, which this does not build).
fn category_room(table: &Table, w: f64, stacked: bool) -> f64 {
    let values: Vec<Vec<Option<f64>>> = (0..table.series.len())
        .map(|s| table.rows.iter().map(|r| r.values.get(s).copied().flatten()).collect())
        .collect();
    let bands = stacked.then(|| stack(&values, table.rows.len()));
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    match &bands {
        Some(b) => b.iter().flatten().flatten().for_each(|&(a, e)| {
            lo = lo.min(a.min(e));
            hi = hi.max(a.max(e));
        }),
        None => values.iter().flatten().flatten().for_each(|&v| {
            lo = lo.min(v);
            hi = hi.max(v);
        }),
    }
    let ticks = axis::extended(lo, hi, 4);
    let tick_w =
        ticks.values.iter().map(|&v| text::width(&ticks.label(v, TickFormat::Number), FONT_SMALL)).fold(0.0, f64::max);
    let plot_w = (w - 2.0 * PAD - tick_w - 10.0 - 8.0).max(MIN_PLOT_W);
    plot_w / table.rows.len() as f64 - 8.0
}

/// Where everything goes, in viewBox units.
struct Layout {
    /// viewBox width.
    w: f64,
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
    /// Value labels sit outside the bars (above, or below negative ones).
    values_outside: bool,
    end_labels: bool,
}

/// Measure the frame, the axes' labels and the end labels, and give the plot what is left.
fn lay_out(chart: &Chart, data: &Data, w: f64, texts: Texts, lo: f64, hi: f64) -> (Frame, Layout) {
    let kind = chart.kind;
    let series_count = data.values.len();
    let end_label_max = 170.0 * w / W;
    let end_labels = kind == ChartKind::Line
        && series_count <= 3
        && data.names.iter().all(|n| !n.is_empty() && text::width_bold(n, FONT_LABEL) <= end_label_max);
    let legend: Vec<&str> =
        if series_count > 1 && !end_labels { data.names.iter().map(|n| n.as_ref()).collect() } else { Vec::new() };
    let swatch = if kind == ChartKind::Line { Swatch::Line } else { Swatch::Box };
    let frame = Frame::new(w, texts, &legend, swatch);

    // Value axis: as many ticks as the height the plot will roughly get allows; whole
    // numbers (counts) never get fractional steps.
    let rough_h = (H - frame.top() - frame.bottom() - 60.0).max(MIN_PLOT_H);
    let whole = data.values.iter().flatten().flatten().all(|v| v.fract() == 0.0);
    let target = (rough_h / 60.0).round().clamp(2.0, 6.0) as usize;
    let ticks = axis::extended_by(lo, hi, target, if whole { 1.0 } else { 0.0 });
    let widest =
        |labels: &mut dyn Iterator<Item = &str>| labels.map(|l| text::width(l, FONT_SMALL)).fold(0.0, f64::max);
    let tick_labels: Vec<String> = ticks.values.iter().map(|&v| ticks.label(v, TickFormat::Number)).collect();
    let tick_w = widest(&mut tick_labels.iter().map(String::as_str));

    // Horizontal: y labels on the left, end labels (or half an x label) on the right.
    let (x_lo, x_hi) = x_domain(data);
    let edge_label = if data.axis == XAxis::Categories {
        0.0
    } else {
        let ends = [data.labels.first(), data.labels.last()];
        widest(&mut ends.into_iter().flatten().map(|l| l.as_ref())) / 2.0
    };
    let left = (PAD + tick_w + 10.0).max(PAD + edge_label);
    let right_margin = if end_labels {
        PAD + 16.0 + data.names.iter().map(|n| text::width_bold(n, FONT_LABEL)).fold(0.0, f64::max)
    } else {
        PAD + edge_label.max(8.0)
    };
    let right = (w - right_margin).max(left + MIN_PLOT_W);
    let plot_w = right - left;

    let x_labels = match data.axis {
        // Bars over years are an ordered scale: their labels may be thinned like a line's.
        XAxis::Categories => category_labels(
            &data.labels,
            plot_w,
            matches!(kind, ChartKind::Bar | ChartKind::Stacked) && !ordered(chart.table),
        ),
        XAxis::Dates(grain) => date_labels(data, plot_w, grain, chart.strings),
        XAxis::Years => numeric_labels(data, x_lo, x_hi, plot_w, TickFormat::Year),
        XAxis::Numbers => numeric_labels(data, x_lo, x_hi, plot_w, TickFormat::Number),
    };
    let x_label_lines = x_labels.iter().map(|l| l.lines.len()).max().unwrap_or(1).max(1);
    let x_title = (data.axis == XAxis::Numbers)
        .then(|| text::clean(&chart.table.x_label).into_owned())
        .filter(|t| !t.is_empty() && text::width(t, FONT_SMALL) <= plot_w);

    // Vertical: frame and value labels above, x labels, axis title and frame below.
    let value_labels = matches!(kind, ChartKind::Bar | ChartKind::Stacked) && value_labels_fit(data, plot_w, kind);
    let above = value_labels && kind == ChartKind::Bar;
    let top = frame.top() + if above { LINE_SMALL + 4.0 } else { 12.0 };
    let below = if above && lo < 0.0 { LINE_SMALL + 4.0 } else { 0.0 }
        + X_LABEL_GAP
        + x_label_lines as f64 * LINE_SMALL
        + if x_title.is_some() { LINE_SMALL + 4.0 } else { 0.0 }
        + frame.bottom();
    // A legend is never taller than the plot it explains.
    let plot_h = MIN_PLOT_H.max(frame.legend_height());
    let height = H.max(top + plot_h + below).round();
    let layout = Layout {
        w,
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
        values_outside: above,
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
        // One x value: centre it in a domain one unit (one year, one month) either side.
        let pad = if data.axis != XAxis::Numbers || lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        (lo - pad, hi + pad)
    }
}

/// The first and last x (the data's own, always shown), and as many ticks between them as
/// fit without touching them or each other.
fn with_ends(data: &Data, plot_w: f64, x_lo: f64, x_hi: f64, inner: Vec<(f64, String)>) -> Vec<XLabel> {
    let (Some(&first), Some(&last)) = (data.xs.first(), data.xs.last()) else { return Vec::new() };
    let scale = plot_w / (x_hi - x_lo);
    let span = |x: f64, t: &str| {
        let half = text::width(t, FONT_SMALL) / 2.0 + 8.0;
        let c = (x - x_lo) * scale;
        (c - half, c + half)
    };
    let mut out: Vec<(f64, String)> = vec![(first, data.labels[0].to_string())];
    let last_label = data.labels[data.rows() - 1].to_string();
    let last_span = span(last, &last_label);
    for (x, t) in inner {
        let (a, b) = span(x, &t);
        let prev = out.last().map(|(px, pt)| span(*px, pt).1).unwrap_or(f64::NEG_INFINITY);
        if a >= prev && b <= last_span.0 {
            out.push((x, t));
        }
    }
    if last > first {
        let prev = out.last().map(|(px, pt)| span(*px, pt).1).unwrap_or(f64::NEG_INFINITY);
        if last_span.0 < prev && out.len() > 1 {
            out.pop();
        }
        out.push((last, last_label));
    }
    out.into_iter().map(|(x, t)| XLabel { x, lines: vec![t] }).collect()
}

/// Ticks on a numeric x axis, as many as fit side by side, plus the first and last x.
fn numeric_labels(data: &Data, lo: f64, hi: f64, plot_w: f64, format: TickFormat) -> Vec<XLabel> {
    let min_step = if format == TickFormat::Year { 1.0 } else { 0.0 };
    let mut target = ((plot_w / 80.0) as usize).clamp(2, 10);
    let inner = loop {
        let ticks = axis::inside(lo, hi, target, min_step);
        let labels: Vec<String> = ticks.values.iter().map(|&v| ticks.label(v, format)).collect();
        let widest = labels.iter().map(|l| text::width(l, FONT_SMALL)).fold(0.0, f64::max);
        if labels.len() as f64 * (widest + 16.0) <= plot_w || target <= 1 {
            break ticks.values.iter().copied().zip(labels).collect::<Vec<_>>();
        }
        target -= 1;
    };
    // Years and plain numbers on the ends are written as the data writes them.
    with_ends(data, plot_w, lo, hi, inner)
}

/// Calendar ticks on a time axis, plus the first and last date.
fn date_labels(data: &Data, plot_w: f64, grain: Grain, strings: &crate::i18n::Strings) -> Vec<XLabel> {
    let (lo, hi) = x_domain(data);
    let inner = time::ticks(lo, hi, grain, plot_w, |t| text::width(t, FONT_SMALL), strings);
    with_ends(data, plot_w, lo, hi, inner)
}

/// Category names under their bands. Bars: every name, wrapped into its band (the chart
/// turns horizontal before a name would not fit, see [`categories_fit`]). Lines and areas
/// over categories: every name when all fit wrapped, otherwise every k-th (k = 1, 2, 5, 10,
/// ...), first and last included, each whole.
fn category_labels(labels: &[Cow<str>], plot_w: f64, bars: bool) -> Vec<XLabel> {
    let n = labels.len().max(1);
    let band = plot_w / n as f64;
    let room = band - 8.0;
    let wrapped = |l: &str, room: f64| {
        if text::width(l, FONT_SMALL) <= room { vec![l.to_string()] } else { text::wrap_all(l, FONT_SMALL, room) }
    };
    let fits = labels.iter().all(|l| {
        text::longest_word(l, FONT_SMALL) <= room
            && (text::width(l, FONT_SMALL) <= room || text::wrap_all(l, FONT_SMALL, room).len() <= MAX_CATEGORY_LINES)
    });
    if bars || fits {
        return labels
            .iter()
            .enumerate()
            .map(|(i, l)| XLabel { x: i as f64 + 0.5, lines: wrapped(l, room.max(1.0)) })
            .collect();
    }
    let widest = labels
        .iter()
        .map(|l| text::longest_word(l, FONT_SMALL).max(text::width(l, FONT_SMALL).min(150.0)))
        .fold(0.0, f64::max);
    let k = axis::nice_count(((widest + 12.0) / band).ceil() as usize);
    let room = k as f64 * band - 12.0;
    let mut out: Vec<XLabel> = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % k == 0)
        .map(|(i, l)| XLabel { x: i as f64 + 0.5, lines: wrapped(l, room) })
        .collect();
    if !(n - 1).is_multiple_of(k) {
        // The first and last labels always show; the k-th label before the last is closer
        // than k bands to it, so it gives way.
        if out.len() > 1 {
            out.pop();
        }
        out.push(XLabel { x: n as f64 - 0.5, lines: wrapped(&labels[n - 1], room) });
    }
    out
}

/// Value labels on bars: only when every value's label fits the width of its bar (and, in
/// a stack, the height of its segment is checked when drawing).
fn value_labels_fit(data: &Data, plot_w: f64, kind: ChartKind) -> bool {
    let n = data.rows().max(1);
    let band = plot_w / n as f64;
    let bar = if kind == ChartKind::Stacked {
        band * SINGLE
    } else {
        let k = data.values.len().max(1) as f64;
        band * if k > 1.0 { GROUP } else { SINGLE } / k
    };
    let single_room = if data.values.len() == 1 { band - 4.0 } else { bar + 2.0 };
    n <= 40
        && data.values.iter().flatten().all(|v| {
            let label = v.map_or_else(|| data.na.to_string(), format_compact);
            text::width(&label, FONT_SMALL) <= single_room
        })
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
    let below_values = if l.value_labels && l.ticks.lo < 0.0 && l.values_outside { LINE_SMALL + 4.0 } else { 0.0 };
    let base_y = l.bottom + X_LABEL_GAP + below_values;
    let ink = if axis == XAxis::Categories { Ink::CategoryText } else { Ink::TickText };
    let w = l.w;
    for label in &l.x_labels {
        let (x, _) = plane.map_coordinate(&(label.x, l.ticks.lo));
        if axis != XAxis::Categories {
            c.vline(x, px(l.bottom), px(l.bottom + 6.0), Ink::TickMark, 1);
        }
        for (i, line) in label.lines.iter().enumerate() {
            // An edge band's label may be wider than its band: keep it on the canvas.
            let half = text::width(line, FONT_SMALL) / 2.0;
            let cx = f64::from(x).clamp(2.0 + half, (w - 2.0 - half).max(2.0 + half));
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
/// Points alone between gaps and the two points of a two-point series carry their values.
fn draw_lines(c: &Canvas, plane: &Plane, data: &Data, l: &Layout, unit: Option<&str>) {
    let all_markers = data.rows() <= 12;
    let mut ends = Vec::new();
    let mut value_labels: Vec<(i32, i32, String)> = Vec::new();
    for (s, values) in data.values.iter().enumerate() {
        let ink_index = series_index(s);
        let points: Vec<Option<(i32, i32)>> =
            values.iter().zip(&data.xs).map(|(v, &x)| v.map(|v| plane.map_coordinate(&(x, v)))).collect();
        for run in points.split(Option::is_none) {
            c.path(run.iter().flatten().copied().collect(), Ink::Line(ink_index), 3);
        }
        let present = points.iter().flatten().count();
        let last = points.iter().rposition(Option::is_some);
        for (i, p) in points.iter().enumerate() {
            let Some(p) = *p else { continue };
            let alone =
                i.checked_sub(1).and_then(|j| points[j]).is_none() && points.get(i + 1).copied().flatten().is_none();
            if all_markers || alone || Some(i) == last || present <= 2 {
                c.marker(p, ink_index);
            }
            if (alone || present <= 2) && data.axis != XAxis::Categories {
                value_labels.push((p.0, p.1, format_compact(values[i].unwrap_or_default())));
            }
            c.hit_point(p, &data.hover(s, i, values[i], unit));
        }
        if let Some((_, y)) = last.and_then(|i| points[i]).filter(|_| l.end_labels) {
            ends.push(EndLabel { y: f64::from(y), text: data.names[s].to_string(), series: ink_index });
        }
    }
    draw_point_values(c, &value_labels, l);
    place_end_labels(&mut ends, l.top, l.bottom);
    for e in &ends {
        c.bold_text(&e.text, (px(l.right + 14.0), px(e.y)), Ink::SeriesLabel(e.series), Anchor::Left);
    }
}

/// Values written above their points (below when there is no room above), kept inside the
/// plot horizontally, and skipped when one would cover an earlier one.
fn draw_point_values(c: &Canvas, labels: &[(i32, i32, String)], l: &Layout) {
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (x, y, t) in labels {
        let w = text::width(t, FONT_SMALL);
        let cx = f64::from(*x).clamp(l.left + w / 2.0, l.right - w / 2.0);
        let above = f64::from(*y) - 12.0 - FONT_SMALL >= l.top - 8.0;
        let (y0, y1) = if above {
            (f64::from(*y) - 10.0 - FONT_SMALL, f64::from(*y) - 10.0)
        } else {
            (f64::from(*y) + 10.0, f64::from(*y) + 10.0 + FONT_SMALL)
        };
        let b = (cx - w / 2.0, y0, cx + w / 2.0, y1);
        if placed.iter().any(|p| b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3) {
            continue;
        }
        placed.push(b);
        if above {
            c.text(t, (px(cx), px(y1)), Ink::ValueText, Anchor::Bottom);
        } else {
            c.text(t, (px(cx), px(y0)), Ink::ValueText, Anchor::Top);
        }
    }
}

/// Spread end labels vertically so that none overlaps, keeping them near their lines.
fn place_end_labels(ends: &mut [EndLabel], top: f64, bottom: f64) {
    const GAP: f64 = 26.0;
    ends.sort_by(|a, b| a.y.total_cmp(&b.y));
    for i in 1..ends.len() {
        ends[i].y = ends[i].y.max(ends[i - 1].y + GAP);
    }
    // Not below the plot: the last x label sits under its right end.
    if let Some(last) = ends.last() {
        let overflow = last.y - (bottom - FONT_LABEL / 2.0);
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

/// Grouped bars: one band per row, one bar per series inside it; a missing value is marked
/// "n/a" in its slot.
fn draw_bars(c: &Canvas, plane: &Plane, data: &Data, l: &Layout, unit: Option<&str>) {
    let k = data.values.len().max(1) as f64;
    let group = if k > 1.0 { GROUP } else { SINGLE };
    let bar = group / k;
    let base = baseline(&l.ticks);
    for (s, values) in data.values.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            let x0 = i as f64 + (1.0 - group) / 2.0 + s as f64 * bar;
            let cx = x0 + bar / 2.0;
            let hover = data.hover(s, i, *v, unit);
            let Some(v) = *v else {
                let (mx, y) = plane.map_coordinate(&(cx, base));
                if l.value_labels {
                    c.text(data.na, (mx, y - 4), Ink::MissingText, Anchor::Bottom);
                }
                let (ax, _) = plane.map_coordinate(&(x0, base));
                let (bx, _) = plane.map_coordinate(&(x0 + bar, base));
                c.hline(ax + 2, bx - 2, y - 1, Ink::Leader, 1);
                c.hit_rect((ax, y - 20), (bx, y), &hover);
                continue;
            };
            let a = plane.map_coordinate(&(x0, base));
            let mut b = plane.map_coordinate(&(x0 + bar, v));
            if k > 1.0 && b.0 - a.0 > 3 {
                b.0 -= 1; // a hairline between neighbouring bars of a group
            }
            c.rect(a, b, Ink::Bar(series_index(s)));
            c.hit_rect(a, b, &hover);
            if l.value_labels {
                let label = format_compact(v);
                let (mx, y) = plane.map_coordinate(&(cx, v));
                if v < 0.0 {
                    c.text(&label, (mx, y + 4), Ink::ValueText, Anchor::Top);
                } else {
                    c.text(&label, (mx, y - 4), Ink::ValueText, Anchor::Bottom);
                }
            }
        }
    }
}

/// Stacked bars; each segment is labelled inside when its label fits, and a row with no
/// value at all is marked "n/a".
fn draw_stacked(c: &Canvas, plane: &Plane, data: &Data, bands: &Bands, l: &Layout, unit: Option<&str>) {
    let group = SINGLE;
    for (s, series) in bands.iter().enumerate() {
        for (i, band) in series.iter().enumerate() {
            let Some((start, end)) = *band else { continue };
            let x0 = i as f64 + (1.0 - group) / 2.0;
            let a = plane.map_coordinate(&(x0, start));
            let b = plane.map_coordinate(&(x0 + group, end));
            c.rect(a, b, Ink::Bar(series_index(s)));
            c.hit_rect(a, b, &data.hover(s, i, Some(end - start), unit));
            if l.value_labels {
                let label = format_compact(end - start);
                let fits = f64::from((a.1 - b.1).abs()) >= FONT_SMALL + 4.0
                    && text::width(&label, FONT_SMALL) + 4.0 <= f64::from((b.0 - a.0).abs());
                if fits {
                    let (cx, cy) = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
                    c.inside_text(&label, (cx, cy), series_index(s));
                }
            }
        }
    }
    let base = baseline(&l.ticks);
    for i in 0..data.rows() {
        if bands.iter().all(|s| s[i].is_none()) {
            let (x, y) = plane.map_coordinate(&(i as f64 + 0.5, base));
            c.text(data.na, (x, y - 4), Ink::MissingText, Anchor::Bottom);
            c.hit_rect((x - 12, y - 20), (x + 12, y), &data.hover(0, i, None, unit));
        }
    }
}

/// Areas from zero (one series) or stacked bands, each outlined on top by its series' line.
/// A lone area of two points (or one) also marks its points with their values: the fill
/// between two far-apart years must not pass for continuous data.
fn draw_areas(c: &Canvas, plane: &Plane, data: &Data, bands: Option<&Bands>, l: &Layout, unit: Option<&str>) {
    let single: Bands;
    let stacked = bands.is_some();
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
        let sparse = !stacked && points.iter().flatten().count() <= 2;
        let mut values = Vec::new();
        for (i, p) in points.iter().enumerate() {
            if let Some((x, a, e)) = *p {
                let at = plane.map_coordinate(&(x, e));
                if sparse {
                    c.marker(at, ink_index);
                    values.push((at.0, at.1, format_compact(e - a)));
                }
                c.hit_point(at, &data.hover(s, i, Some(e - a), unit));
            }
        }
        draw_point_values(c, &values, l);
    }
}
