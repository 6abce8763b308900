//! Plain-text descriptions of charts, for the SVG `<desc>` and the page's alt text: what
//! kind of chart, which series over which x range, each series' first and last values.
//! Long tables are summarised (first series only, then a count), never dumped.

use std::fmt::Write as _;

use super::format_number;
use super::text::clean;
use super::timeline::parse_date;
use super::{Chart, Milestone};
use crate::data::table::ChartKind;

/// Series described one by one; the rest are counted.
const MAX_SERIES: usize = 6;
const MAX_EVENTS: usize = 40;
/// Category charts up to this many categories list every category with its values.
const MAX_LISTED: usize = 60;

/// A plain-text description: kind, series, x range, unit, and each series' first and last
/// values (plus the highest for categories). The title is not repeated: it is the SVG's
/// `<title>` and the figure's caption.
pub fn describe(chart: &Chart) -> String {
    let table = chart.table;
    let kind = kind_name(chart.kind, table.series.len());
    let order = row_order(chart);
    let has_value = table.rows.iter().any(|r| r.values.iter().flatten().any(|v| v.is_finite()));
    if order.is_empty() || table.series.is_empty() || !has_value {
        return format!("{kind} with no data.");
    }
    let categories = !spaced(chart);
    let x = |i: usize| clean(&table.rows[i].x);
    let (first, last) = (order[0], order[order.len() - 1]);
    let x_label = clean(&table.x_label);
    let mut out = String::with_capacity(256);
    let n = table.series.len();
    let _ = write!(out, "{kind} of {n} series");
    if !x_label.is_empty() {
        let _ = write!(out, " by {}", x_label.to_lowercase());
    }
    if first == last {
        let _ = write!(out, ", {}", x(first));
    } else if categories {
        let _ = write!(out, ", {} categories from {} to {}", order.len(), x(first), x(last));
    } else {
        let _ = write!(out, ", from {} to {}", x(first), x(last));
    }
    if let Some(unit) = chart.unit.map(clean).filter(|u| !u.is_empty()) {
        let _ = write!(out, ", values in {unit}");
    }
    out.push('.');
    if categories && order.len() <= MAX_LISTED {
        // Every category's full name with each series' value: the drawing may wrap a name
        // or write it beside a horizontal bar, the description always has it whole.
        for (s, name) in table.series.iter().enumerate().take(MAX_SERIES) {
            if n > 1 {
                let _ = write!(out, " {}:", clean(name));
            }
            for (j, &i) in order.iter().enumerate() {
                let v = table.rows[i].values.get(s).copied().flatten().filter(|v| v.is_finite());
                let sep = if j + 1 == order.len() { '.' } else { ';' };
                match v {
                    Some(v) => {
                        let _ = write!(out, " {} {}{sep}", x(i), format_number(v));
                    }
                    None => {
                        let _ = write!(out, " {} no data{sep}", x(i));
                    }
                }
            }
        }
        if n > MAX_SERIES {
            let _ = write!(out, " And {} more series.", n - MAX_SERIES);
        }
        return out;
    }
    let at = if categories { "for" } else { "in" };
    for (s, name) in table.series.iter().enumerate().take(MAX_SERIES) {
        let points: Vec<(usize, f64)> = order
            .iter()
            .filter_map(|&i| Some((i, table.rows[i].values.get(s).copied().flatten().filter(|v| v.is_finite())?)))
            .collect();
        let _ = write!(out, " {}: ", clean(name));
        match (points.first(), points.last()) {
            (Some(&(i, v)), Some(&(j, w))) if i != j => {
                let _ = write!(out, "{} {at} {} to {} {at} {}", format_number(v), x(i), format_number(w), x(j));
                if categories {
                    let (k, m) = points.iter().copied().fold(points[0], |best, p| if p.1 > best.1 { p } else { best });
                    if k != i && k != j {
                        let _ = write!(out, ", highest {} {at} {}", format_number(m), x(k));
                    }
                }
            }
            (Some(&(i, v)), _) => {
                let _ = write!(out, "{} {at} {}", format_number(v), x(i));
            }
            _ => out.push_str("no values"),
        }
        out.push('.');
    }
    if n > MAX_SERIES {
        let _ = write!(out, " And {} more series.", n - MAX_SERIES);
    }
    out
}

/// "Timeline of 4 milestones from March 2019 to 2024: March 2019: Launch. …"
///
/// The title is not repeated (it is the SVG's `<title>` and the figure's caption).
pub fn describe_timeline(_title: &str, events: &[Milestone]) -> String {
    let mut dated: Vec<(f64, String, &str)> = events
        .iter()
        .map(|e| {
            parse_date(e.date, &crate::i18n::ENGLISH)
                .map_or((f64::INFINITY, clean(e.date).into_owned(), e.label), |w| (w.year, w.text, e.label))
        })
        .collect();
    if dated.is_empty() {
        return "Timeline with no milestones.".into();
    }
    dated.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = String::with_capacity(64 + 48 * dated.len().min(MAX_EVENTS));
    let plural = if dated.len() == 1 { "" } else { "s" };
    let (first, last) = (&dated[0].1, &dated[dated.len() - 1].1);
    if dated.len() == 1 || first == last {
        let _ = write!(out, "Timeline of {} milestone{plural}, {first}.", dated.len());
    } else {
        let _ = write!(out, "Timeline of {} milestones from {first} to {last}.", dated.len());
    }
    for (_, when, label) in dated.iter().take(MAX_EVENTS) {
        let _ = write!(out, " {when}: {}.", clean(label).trim_end_matches('.'));
    }
    if dated.len() > MAX_EVENTS {
        let _ = write!(out, " And {} more.", dated.len() - MAX_EVENTS);
    }
    out
}

fn kind_name(kind: ChartKind, series: usize) -> &'static str {
    match kind {
        ChartKind::Line => "Line chart",
        ChartKind::Bar => "Bar chart",
        ChartKind::Hbar => "Horizontal bar chart",
        ChartKind::Stacked => "Stacked bar chart",
        ChartKind::Area if series > 1 => "Stacked area chart",
        ChartKind::Area => "Area chart",
        ChartKind::Table => "Table",
    }
}

/// Whether x is spaced by value (and rows drawn sorted by it), as the renderer does.
fn spaced(chart: &Chart) -> bool {
    matches!(chart.kind, ChartKind::Line | ChartKind::Area) && numeric_xs(chart).is_some()
}

fn numeric_xs(chart: &Chart) -> Option<Vec<f64>> {
    let xs: Vec<f64> = chart.table.rows.iter().map(|r| r.x.trim().parse::<f64>().unwrap_or(f64::NAN)).collect();
    if !xs.is_empty() && xs.iter().all(|x| x.is_finite()) {
        return Some(xs);
    }
    super::time::parse_axis(chart.table).map(|t| t.xs)
}

/// Row indices in drawing order.
fn row_order(chart: &Chart) -> Vec<usize> {
    let mut order: Vec<usize> = (0..chart.table.rows.len()).collect();
    if let Some(xs) = numeric_xs(chart).filter(|_| spaced(chart)) {
        order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    }
    order
}
