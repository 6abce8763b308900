//! Text measurement without fonts: widths are estimated from Helvetica/Arial advance widths,
//! padded for the wider system UI faces the CSS may end up with (chart.css lists
//! Arial-metric faces before `system-ui` so that most systems match the estimate closely).
//!
//! plotters' own estimate without its `ttf` feature is `0.45 em × byte count`, which is far
//! too narrow for capitals, too wide for "1", and counts UTF-8 bytes rather than characters,
//! so layout here never asks plotters how wide a text is.

use std::borrow::Cow;

use super::format::is_forbidden;

/// Advance widths of ASCII 32..=126 in thousandths of an em (Helvetica metrics).
const ASCII_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
    278, 278, 700, 700, 700, 556, 1015, // :;<=>?@ (math signs as wide as DejaVu's)
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A-M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
    278, 278, 278, 469, 556, 333, // [\]^_`
    556, 556, 500, 556, 556, 278, 556, 556, 250, 250, 500, 250, 833, // a-m (i j l as DejaVu)
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n-z
    334, 260, 334, 584, // {|}~
];

/// Headroom for fonts wider than Helvetica: Segoe UI and Roboto are about as wide, San
/// Francisco ~5% and DejaVu Sans (Linux's usual default) ~13% wider. Overlap is worse than
/// a little extra space.
const SAFETY: f64 = 1.12;

fn char_width(c: char) -> u16 {
    match c as u32 {
        32..=126 => ASCII_WIDTHS[(c as u32 - 32) as usize],
        // Wide scripts: CJK, Hangul, kana, full-width forms.
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 => 1000,
        0x2026 | 0x2014 => 1000,
        0x2212 => 584,
        // Combining marks take no room of their own.
        0x0300..=0x036F => 0,
        _ => 600,
    }
}

/// Estimated width of `s` at font size `size` (viewBox units).
pub(crate) fn width(s: &str, size: f64) -> f64 {
    let units: u32 = s.chars().map(|c| u32::from(char_width(c))).sum();
    f64::from(units) * size * SAFETY / 1000.0
}

/// Estimated width of bold text.
pub(crate) fn width_bold(s: &str, size: f64) -> f64 {
    width(s, size) * 1.07
}

/// `s` on one line: forbidden characters and runs of whitespace become single spaces.
/// Borrows when nothing needs changing, which is nearly always.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    let needs = t.chars().any(|c| c.is_whitespace() && c != ' ' || is_forbidden(c)) || t.contains("  ");
    if !needs {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    for word in t.split(|c: char| c.is_whitespace() || is_forbidden(c)).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Greedy word wrap into as many lines as `s` needs, never cutting a word: a word wider than
/// `max_w` gets a line of its own (callers size their columns to [`longest_word`] so that
/// this does not happen). Linear in the length of `s`.
pub(crate) fn wrap_all(s: &str, size: f64, max_w: f64) -> Vec<String> {
    let space = width(" ", size);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let w = width(word, size);
        if !line.is_empty() && line_w + space + w > max_w {
            lines.push(std::mem::take(&mut line));
            line_w = 0.0;
        }
        if !line.is_empty() {
            line.push(' ');
            line_w += space;
        }
        line.push_str(word);
        line_w += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Width of the widest word of `s`: the narrowest column `s` can be wrapped into whole.
pub(crate) fn longest_word(s: &str, size: f64) -> f64 {
    s.split(' ').map(|w| width(w, size)).fold(0.0, f64::max)
}
