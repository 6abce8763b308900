//! Number formatting for people (chart labels, data tables, descriptions) and XML escaping
//! for the few strings this module writes itself (plotters escapes what it draws).

/// The typographic minus: it lines up with `+` and digits, where a hyphen looks short.
pub(crate) const MINUS: char = '\u{2212}';

/// Format a number for display: thousands separators ("18,900", "1,234.5"), at most two
/// decimals for values of 1 or more, three significant digits below 1 ("0.05", "0.00123"),
/// trailing zeros dropped, and a minus sign (U+2212) for negatives.
///
/// Magnitudes from 10^15 on are written in scientific form ("1.23e18"): a 16-digit group
/// run is unreadable, and such values are almost always modelling artefacts.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        // The caller filters NaN; infinities come only from overflowing arithmetic.
        return if v > 0.0 {
            "∞".into()
        } else if v < 0.0 {
            format!("{MINUS}∞")
        } else {
            "–".into()
        };
    }
    let a = v.abs();
    if a >= 1e15 {
        return format!("{v:.2e}").replace('-', "\u{2212}");
    }
    let decimals = if a >= 1.0 || a == 0.0 { 2 } else { ((-a.log10()).floor() as usize + 3).min(12) };
    let mut s = String::with_capacity(16);
    push_fixed(&mut s, v, decimals, true);
    s
}

/// A compact scale for large numbers: `(divisor, suffix)` for magnitudes from a million on
/// ("28M", "1.3B", "4.5T"), `(1, "")` below. Tick labels of an axis share one scale.
pub(crate) fn compact_scale(max_abs: f64) -> (f64, &'static str) {
    if max_abs >= 1e12 {
        (1e12, "T")
    } else if max_abs >= 1e9 {
        (1e9, "B")
    } else if max_abs >= 1e6 {
        (1e6, "M")
    } else {
        (1.0, "")
    }
}

/// A value label: [`format_number`] below a million, three significant digits and a suffix
/// from there ("28M", "1.3B", "−2.05M"). The exact value stays in the hover title and table.
pub(crate) fn format_compact(v: f64) -> String {
    let (div, suffix) = compact_scale(v.abs());
    if suffix.is_empty() || v.abs() >= 1e15 {
        return format_number(v);
    }
    let scaled = v / div;
    let a = scaled.abs();
    let decimals = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else {
        2
    };
    let mut s = String::with_capacity(12);
    push_fixed(&mut s, scaled, decimals, true);
    s.push_str(suffix);
    s
}

/// `v` with exactly `decimals` decimals and thousands separators (tick labels, where every
/// label of an axis should have the same number of decimals).
pub(crate) fn format_fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() || v.abs() >= 1e15 {
        return format_number(v);
    }
    let mut s = String::with_capacity(16);
    push_fixed(&mut s, v, decimals, false);
    s
}

/// A year or other whole number written plainly: "2019", never "2,019".
pub(crate) fn format_plain_int(v: f64) -> String {
    let r = v.round();
    if r == 0.0 {
        return "0".into();
    }
    let digits = format!("{:.0}", r.abs());
    if r < 0.0 { format!("{MINUS}{digits}") } else { digits }
}

fn push_fixed(out: &mut String, v: f64, decimals: usize, trim: bool) {
    let body = format!("{:.*}", decimals, v.abs());
    let (int, frac) = body.split_once('.').unwrap_or((&body, ""));
    let frac = if trim { frac.trim_end_matches('0') } else { frac };
    // Rounding may turn a tiny negative into zero: never print "−0".
    let is_zero = int.bytes().all(|b| b == b'0') && frac.bytes().all(|b| b == b'0');
    if v < 0.0 && !is_zero {
        out.push(MINUS);
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
}

/// The number of decimals needed to print multiples of `step` exactly (0.25 -> 2, 5 -> 0).
pub(crate) fn decimals_for(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 {
        return 0;
    }
    (0..=10)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(10)
}

/// Append `s` escaped for XML text and attribute values. Characters XML 1.0 forbids even
/// escaped (most C0 controls) become spaces, so the document stays well-formed.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_forbidden(c) => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Characters that may not appear in an XML 1.0 document in any form.
pub(crate) fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}
