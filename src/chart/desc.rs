//! Plain-text descriptions of charts, for the SVG `<desc>` and the page's alt text: what
//! kind of chart, which series over which x range, each series' first and last values.
//! Long tables are summarised (first series only, then a count), never dumped. The sentences
//! come from the chart's `strings`, in the site's language.

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
    let words = chart.strings;
    let table = chart.table;
    let kind = words.get(kind_key(chart.kind, table.series.len()));
    let order = row_order(chart);
    let has_value = table.rows.iter().any(|r| r.values.iter().flatten().any(|v| v.is_finite()));
    if order.is_empty() || table.series.is_empty() || !has_value {
        return words.format("desc_no_data", &[("kind", kind)]);
    }
    let categories = !spaced(chart);
    // Dates read as the axis writes them ("Jan 2020", "2019 Q1"), not as ISO strings.
    let dates = super::time::parse_axis(table);
    let x = |i: usize| match &dates {
        Some(d) => std::borrow::Cow::Owned(super::time::label(d.xs[i], d.grain, words)),
        None => clean(&table.rows[i].x),
    };
    let (first, last) = (order[0], order[order.len() - 1]);
    let x_label = clean(&table.x_label);
    let mut out = String::with_capacity(256);
    let n = table.series.len();
    let n_text = n.to_string();
    out.push_str(&words.format("desc_series", &[("kind", kind), ("n", n_text.as_str())]));
    if !x_label.is_empty() {
        let x_label = if words.get("desc_x_lower") == "yes" { x_label.to_lowercase() } else { x_label.to_string() };
        out.push_str(&words.format("desc_by", &[("x", x_label.as_str())]));
    }
    let (x_first, x_last) = (x(first), x(last));
    if first == last {
        let _ = write!(out, ", {x_first}");
    } else if categories {
        let count = order.len().to_string();
        out.push_str(
            &words.format("desc_categories", &[("n", count.as_str()), ("first", &*x_first), ("last", &*x_last)]),
        );
    } else {
        out.push_str(&words.format("desc_range", &[("first", &*x_first), ("last", &*x_last)]));
    }
    if let Some(unit) = chart.unit.map(clean).filter(|u| !u.is_empty()) {
        out.push_str(&words.format("desc_unit", &[("unit", &*unit)]));
    }
    out.push_str(words.get("desc_end"));
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
                        let _ = write!(out, " {} {}{sep}", x(i), words.get("desc_missing"));
                    }
                }
            }
        }
        if n > MAX_SERIES {
            out.push_str(&words.format("desc_more_series", &[("n", &(n - MAX_SERIES).to_string())]));
        }
        return out;
    }
    let (from_to, one) =
        if categories { ("desc_from_to_for", "desc_one_for") } else { ("desc_from_to_in", "desc_one_in") };
    for (s, name) in table.series.iter().enumerate().take(MAX_SERIES) {
        let points: Vec<(usize, f64)> = order
            .iter()
            .filter_map(|&i| Some((i, table.rows[i].values.get(s).copied().flatten().filter(|v| v.is_finite())?)))
            .collect();
        let _ = write!(out, " {}: ", clean(name));
        match (points.first(), points.last()) {
            (Some(&(i, v)), Some(&(j, w))) if i != j => {
                let (v, w) = (format_number(v), format_number(w));
                out.push_str(
                    &words.format(from_to, &[("v", v.as_str()), ("x", &*x(i)), ("w", w.as_str()), ("y", &*x(j))]),
                );
                if categories {
                    let (k, m) = points.iter().copied().fold(points[0], |best, p| if p.1 > best.1 { p } else { best });
                    if k != i && k != j {
                        out.push_str(
                            &words.format("desc_highest_for", &[("v", format_number(m).as_str()), ("x", &*x(k))]),
                        );
                    }
                }
            }
            (Some(&(i, v)), _) => {
                out.push_str(&words.format(one, &[("v", format_number(v).as_str()), ("x", &*x(i))]));
            }
            _ => out.push_str(words.get("desc_no_values")),
        }
        out.push_str(words.get("desc_end"));
    }
    if n > MAX_SERIES {
        out.push_str(&words.format("desc_more_series", &[("n", &(n - MAX_SERIES).to_string())]));
    }
    out
}

/// "Timeline of 4 milestones from March 2019 to 2024: March 2019: Launch. …"
///
/// The title is not repeated (it is the SVG's `<title>` and the figure's caption).
pub fn describe_timeline(_title: &str, events: &[Milestone], words: &crate::i18n::Strings) -> String {
    let mut dated: Vec<(f64, String, &str)> = events
        .iter()
        .map(|e| {
            parse_date(e.date, words)
                .map_or((f64::INFINITY, clean(e.date).into_owned(), e.label), |w| (w.year, w.text, e.label))
        })
        .collect();
    if dated.is_empty() {
        return words.get("desc_timeline_none").into();
    }
    dated.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = String::with_capacity(64 + 48 * dated.len().min(MAX_EVENTS));
    let (first, last) = (&dated[0].1, &dated[dated.len() - 1].1);
    let n = dated.len().to_string();
    let key = if dated.len() == 1 || first == last { "desc_timeline_one" } else { "desc_timeline_range" };
    out.push_str(&words.format(key, &[("n", n.as_str()), ("first", first.as_str()), ("last", last.as_str())]));
    let end = words.get("desc_end");
    for (_, when, label) in dated.iter().take(MAX_EVENTS) {
        let _ = write!(out, " {when}: {}{end}", clean(label).trim_end_matches(['.', '。']));
    }
    if dated.len() > MAX_EVENTS {
        out.push_str(&words.format("desc_more", &[("n", &(dated.len() - MAX_EVENTS).to_string())]));
    }
    out
}

/// The key of the kind's name among the strings.
fn kind_key(kind: ChartKind, series: usize) -> &'static str {
    match kind {
        ChartKind::Line => "desc_line",
        ChartKind::Bar => "desc_bar",
        ChartKind::Hbar => "desc_hbar",
        ChartKind::Stacked => "desc_stacked",
        ChartKind::Area if series > 1 => "desc_stacked_area",
        ChartKind::Area => "desc_area",
        ChartKind::Table => "desc_table",
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
