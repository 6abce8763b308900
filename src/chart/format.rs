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
    let mut digits = itoa::Buffer::new();
    let mut padded = [b'0'; 32];
    let formatted;
    let (int, frac) = match exact_scaled(v.abs(), decimals) {
        // Most values of a chart have no more decimals than are shown ("12.3" at one or two):
        // their digits are those of one integer, without the exact decimal expansion `format!`
        // works through (a tenth of a chart's drawing time).
        Some(n) => {
            let d = digits.format(n).as_bytes();
            let len = d.len().max(decimals + 1);
            padded[len - d.len()..len].copy_from_slice(d);
            let all = std::str::from_utf8(&padded[..len]).unwrap_or("0");
            all.split_at(len - decimals)
        }
        None => {
            formatted = format!("{:.*}", decimals, v.abs());
            formatted.split_once('.').unwrap_or((&formatted, ""))
        }
    };
    push_parts(out, v < 0.0, int, frac, trim);
}

/// Writes a number from its integer and fraction digits: the sign, thousands separators, and
/// the fraction (without trailing zeros when `trim`).
fn push_parts(out: &mut String, negative: bool, int: &str, frac: &str, trim: bool) {
    let frac = if trim { frac.trim_end_matches('0') } else { frac };
    // Rounding may turn a tiny negative into zero: never print "−0".
    let is_zero = int.bytes().all(|b| b == b'0') && frac.bytes().all(|b| b == b'0');
    if negative && !is_zero {
        out.push(MINUS);
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
}

/// `a × 10^decimals` when it is a whole number below 10^15, exactly as `format!("{a:.decimals$}")`
/// would write it without its point. Below 2^53 the product is an integer `n` only when `a` is
/// within an ulp of `n / 10^decimals`, far from any rounding boundary, so the digits agree.
fn exact_scaled(a: f64, decimals: usize) -> Option<u64> {
    const POW10: [f64; 13] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];
    let x = a * *POW10.get(decimals)?;
    (x < 1e15 && x == x.trunc()).then_some(x as u64)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `push_fixed` as it was, through `format!` alone: the fast path must write the same.
    fn slow(v: f64, decimals: usize, trim: bool) -> String {
        let body = format!("{:.*}", decimals, v.abs());
        let (int, frac) = body.split_once('.').unwrap_or((&body, ""));
        let mut out = String::new();
        push_parts(&mut out, v < 0.0, int, frac, trim);
        out
    }

    fn fast(v: f64, decimals: usize, trim: bool) -> String {
        let mut out = String::new();
        push_fixed(&mut out, v, decimals, trim);
        out
    }

    #[test]
    fn fixed_numbers_are_written_as_format_writes_them() {
        for (v, d) in [(12.3, 1), (12.3, 2), (0.125, 2), (1.005, 2), (0.0, 2), (-0.001, 2), (-12.0, 0), (999999.5, 0)] {
            for trim in [false, true] {
                assert_eq!(fast(v, d, trim), slow(v, d, trim), "{v} at {d} decimals, trim {trim}");
            }
        }
        assert_eq!(fast(1234567.25, 2, false), "1,234,567.25");
        assert_eq!(fast(0.05, 3, true), "0.05");
        assert_eq!(fast(-0.5, 1, true), "\u{2212}0.5");
    }

    proptest::proptest! {
        #[test]
        fn fixed_numbers_match_format_on_any_value(
            int in -2_000_000i64..2_000_000,
            tenths in 0u32..1000,
            scale in 0u32..4,
            decimals in 0usize..13,
            trim: bool,
            raw in proptest::num::f64::NORMAL,
        ) {
            // Values with few decimals (the fast path) and arbitrary doubles (mostly the slow one).
            let v = (int as f64 + tenths as f64 / 1000.0) / 10f64.powi(scale as i32);
            proptest::prop_assert_eq!(fast(v, decimals, trim), slow(v, decimals, trim));
            if raw.abs() < 1e15 {
                proptest::prop_assert_eq!(fast(raw, decimals, trim), slow(raw, decimals, trim));
            }
        }
    }
}
