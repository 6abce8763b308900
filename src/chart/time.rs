//! Dates on an x axis: a column of `YYYY-MM-DD`, `YYYY-MM` or `YYYY-Qn` values is a time axis,
//! spaced by time (in months, days as fractions of their month) and labelled as readers
//! expect: "Jan 2020", "2019 Q1", "3 Feb 2020", or just "2019" when ticks are a year or
//! more apart. Plain years stay a numeric axis of their own (see [`super::xy`]).

use crate::data::table::Table;
use crate::i18n::Strings;

/// The finest precision of a column of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Grain {
    Quarter,
    Month,
    Day,
}

/// A parsed time axis: each row's x in months since year 0, and the column's precision.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimeAxis {
    pub xs: Vec<f64>,
    pub grain: Grain,
}

/// Every x of `table` as a date, or `None` when one is not (or all are plain years).
pub(crate) fn parse_axis(table: &Table) -> Option<TimeAxis> {
    if table.rows.is_empty() {
        return None;
    }
    let mut xs = Vec::with_capacity(table.rows.len());
    let mut grain = Grain::Quarter;
    let mut quarters = false;
    let mut months = false;
    for row in &table.rows {
        let (x, g) = parse(&row.x)?;
        quarters |= g == Grain::Quarter;
        months |= g != Grain::Quarter;
        grain = grain.max(g);
        xs.push(x);
    }
    // Quarters and months mixed in one column would label one as the other.
    if quarters && months {
        return None;
    }
    Some(TimeAxis { xs, grain })
}

/// One date: its position in months since year 0 and its precision. A day of 1 counts as a
/// month (monthly series are often written `2019-01-01`), see [`parse_axis`].
pub(crate) fn parse(s: &str) -> Option<(f64, Grain)> {
    let s = s.trim();
    let (year, rest) = s.split_once('-')?;
    if year.len() != 4 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let base = f64::from(year) * 12.0;
    if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return Some((base + f64::from((q - 1) * 3), Grain::Quarter));
    }
    let (month, day) = match rest.split_once('-') {
        Some((m, d)) => (m, Some(d)),
        None => (rest, None),
    };
    if month.len() != 2 {
        return None;
    }
    let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    let x = base + f64::from(month - 1);
    match day {
        None => Some((x, Grain::Month)),
        Some(d) => {
            let len = days_in_month(year, month);
            if d.len() != 2 {
                return None;
            }
            let d: u32 = d.parse::<u32>().ok().filter(|&d| d >= 1 && d <= len)?;
            let grain = if d == 1 { Grain::Month } else { Grain::Day };
            Some((x + f64::from(d - 1) / f64::from(len), grain))
        }
    }
}

/// How a data point's date reads at `grain`: "2019 Q1", "Jan 2020", "3 Feb 2020".
pub(crate) fn label(x: f64, grain: Grain, strings: &Strings) -> String {
    let (year, month, frac) = split(x);
    match grain {
        Grain::Quarter => strings.quarter(year, month / 3 + 1),
        Grain::Month => strings.date_short(year, Some(month + 1), None),
        Grain::Day => {
            let day = (frac * f64::from(days_in_month(year, month + 1))).round() as u32 + 1;
            strings.date_short(year, Some(month + 1), Some(day))
        }
    }
}

/// Ticks between `lo` and `hi` (months since year 0) that fit side by side in `plot_w` when
/// each needs `label_w(text)` plus a gap: month, quarter or year steps aligned to the
/// calendar ("2020" on year steps of monthly axes, "2020 Q1" on quarterly ones). Returns
/// positions and labels.
pub(crate) fn ticks(
    lo: f64,
    hi: f64,
    grain: Grain,
    plot_w: f64,
    label_w: impl Fn(&str) -> f64,
    strings: &Strings,
) -> Vec<(f64, String)> {
    const STEPS: [u32; 12] = [1, 2, 3, 6, 12, 24, 36, 60, 120, 240, 600, 1200];
    let span = (hi - lo).max(1.0);
    for &step in STEPS.iter().filter(|&&s| grain != Grain::Quarter || s % 3 == 0) {
        if span / f64::from(step) > 40.0 {
            continue;
        }
        let step_f = f64::from(step);
        let first = (lo / step_f).ceil() * step_f;
        let mut out = Vec::new();
        let mut x = first;
        while x <= hi + 1e-9 {
            // Quarterly axes keep "Q1" on year ticks, so every label reads the same way.
            let text = if grain == Grain::Quarter {
                label(x, Grain::Quarter, strings)
            } else if step >= 12 {
                split(x).0.to_string()
            } else {
                label(x, Grain::Month, strings)
            };
            out.push((x, text));
            x += step_f;
        }
        let widest = out.iter().map(|(_, t)| label_w(t)).fold(0.0, f64::max);
        if out.len() as f64 * (widest + 16.0) <= plot_w || step == 1200 {
            return out;
        }
    }
    Vec::new()
}

/// Year, 0-based month and the fraction of the month of `x`.
fn split(x: f64) -> (i32, u32, f64) {
    let whole = x.floor();
    let year = (whole / 12.0).floor();
    let month = (whole - year * 12.0) as u32;
    (year as i32, month.min(11), x - whole)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
