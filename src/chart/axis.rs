//! Axis arithmetic: "nice" tick steps (1, 2, 2.5, 5 × 10^k), value domains that never
//! collapse to a point, and the labels of ticks (years plain, other numbers grouped).

use super::format::{compact_scale, decimals_for, format_fixed, format_plain_int};

/// Ticks of a value axis and the domain they span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    pub lo: f64,
    pub hi: f64,
    pub values: Vec<f64>,
    /// Decimals every label of this axis is printed with.
    pub decimals: usize,
    /// Divisor and suffix of compact labels ("28M"), shared by every label of the axis.
    pub scale: (f64, &'static str),
}

/// How tick values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TickFormat {
    /// Whole years: "2019".
    Year,
    /// Grouped numbers with the axis' decimals: "18,900", "0.25".
    Number,
}

impl Ticks {
    pub(crate) fn label(&self, v: f64, format: TickFormat) -> String {
        match format {
            TickFormat::Year => format_plain_int(v),
            TickFormat::Number if self.scale.1.is_empty() => format_fixed(v, self.decimals),
            TickFormat::Number if v == 0.0 => "0".into(),
            TickFormat::Number => {
                let mut s = format_fixed(v / self.scale.0, self.decimals);
                s.push_str(self.scale.1);
                s
            }
        }
    }
}

/// More ticks than this means the step computation went wrong (or the data is absurd).
const MAX_TICKS: usize = 40;

/// A domain of positive width around `[min, max]`: a single value gets some room so that
/// plotters never maps a zero-width range (it would put everything at one end).
pub(crate) fn widen(min: f64, max: f64) -> (f64, f64) {
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    if !(min.is_finite() && max.is_finite()) {
        return (0.0, 1.0);
    }
    if max > min {
        return (min, max);
    }
    if min == 0.0 {
        (0.0, 1.0)
    } else {
        let pad = min.abs() * 0.1;
        (min - pad, max + pad)
    }
}

/// A step of the form {1, 2, 2.5, 5} × 10^k close to `raw`. 2.5 only from 25 up: an axis
/// of "0.0, 2.5, 5.0" forces a decimal on every label.
fn nice_step(raw: f64, min_step: f64) -> f64 {
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 && mag >= 10.0 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    (nice * mag).max(min_step)
}

/// The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `k` (every k-th label shown).
pub(crate) fn nice_count(k: usize) -> usize {
    let mut base = 1;
    loop {
        for m in [1, 2, 5] {
            if base * m >= k {
                return base * m;
            }
        }
        base = base.saturating_mul(10);
        if base >= usize::MAX / 10 {
            return k;
        }
    }
}

/// Ticks covering `[min, max]` with about `target` intervals; the domain is extended to the
/// outer ticks (value axes end on a labelled gridline).
pub(crate) fn extended(min: f64, max: f64, target: usize) -> Ticks {
    extended_by(min, max, target, 0.0)
}

/// [`extended`] with steps of at least `min_step` (1 for counts: no "0.2 briefs").
pub(crate) fn extended_by(min: f64, max: f64, target: usize, min_step: f64) -> Ticks {
    let (min, max) = widen(min, max);
    let Some(step) = step_for(min, max, target, min_step) else { return fallback(min, max) };
    let lo = (min / step).floor() * step;
    let hi = (max / step).ceil() * step;
    let n = ((hi - lo) / step).round() as usize;
    if n > MAX_TICKS || !(lo.is_finite() && hi.is_finite()) {
        return fallback(min, max);
    }
    let values = (0..=n).map(|i| clean_zero(lo + i as f64 * step)).collect();
    with_scale(Ticks { lo, hi, values, decimals: decimals_for(step), scale: (1.0, "") }, step)
}

/// Ticks inside `[min, max]` (the domain stays the data's extent, as for an x axis of years).
/// `min_step` is 1 for years.
pub(crate) fn inside(min: f64, max: f64, target: usize, min_step: f64) -> Ticks {
    let (min, max) = widen(min, max);
    let Some(step) = step_for(min, max, target, min_step) else { return fallback(min, max) };
    let first = (min / step - 1e-9).ceil() * step;
    let mut values = Vec::new();
    let mut i = 0;
    while values.len() <= MAX_TICKS {
        let v = first + i as f64 * step;
        if v > max + step * 1e-9 {
            break;
        }
        values.push(clean_zero(v));
        i += 1;
    }
    with_scale(Ticks { lo: min, hi: max, values, decimals: decimals_for(step), scale: (1.0, "") }, step)
}

/// Switch an axis to compact labels ("28M") when its largest tick is a million or more.
fn with_scale(mut t: Ticks, step: f64) -> Ticks {
    let max_abs = t.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let scale = compact_scale(max_abs);
    if !scale.1.is_empty() && max_abs < 1e15 {
        t.scale = scale;
        t.decimals = decimals_for(step / scale.0);
    }
    t
}

fn step_for(min: f64, max: f64, target: usize, min_step: f64) -> Option<f64> {
    let span = max - min;
    let step = nice_step(span / target.max(1) as f64, min_step);
    (span.is_finite() && step.is_finite() && step > 0.0).then_some(step)
}

/// Just the two ends, for spans floats cannot step through.
fn fallback(min: f64, max: f64) -> Ticks {
    Ticks { lo: min, hi: max, values: vec![min, max], decimals: 0, scale: (1.0, "") }
}

/// `-0.0` prints as "−0" in some paths and compares oddly: normalise it.
fn clean_zero(v: f64) -> f64 {
    if v == 0.0 { 0.0 } else { v }
}
