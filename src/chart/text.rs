//! Text measurement without fonts: widths are estimated from Helvetica/Arial advance widths,
//! padded for the wider system UI faces the CSS may end up with (chart.css lists
//! Arial-metric faces before `system-ui` so that most systems match the estimate closely).
//! Chinese, Japanese and Korean characters are full-width (1 em), Cyrillic letters about as
//! wide as Latin ones. Lines break at spaces and, in Chinese and Japanese, which write no
//! spaces, between any two characters except before closing punctuation (and after opening
//! punctuation), as browsers do; Korean, which spaces its words, breaks at spaces.
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
        // Cyrillic: capitals about as wide as Latin ones, lower case a little wider than Latin.
        0x0400..=0x042F => 700,
        0x0430..=0x045F => 560,
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
    for (piece, spaced) in pieces(s) {
        let w = width(piece, size);
        let gap = if spaced { space } else { 0.0 };
        if !line.is_empty() && line_w + gap + w > max_w {
            lines.push(std::mem::take(&mut line));
            line_w = 0.0;
        }
        if !line.is_empty() && spaced {
            line.push(' ');
            line_w += space;
        }
        line.push_str(piece);
        line_w += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Width of the widest word of `s`: the narrowest column `s` can be wrapped into whole.
pub(crate) fn longest_word(s: &str, size: f64) -> f64 {
    pieces(s).map(|(w, _)| width(w, size)).fold(0.0, f64::max)
}

/// The pieces of `s` that a line may not break inside, each with whether a space comes
/// before it: words, and within a word single Chinese characters and kana (with the
/// punctuation that may not start or end a line kept beside them).
fn pieces(s: &str) -> impl Iterator<Item = (&str, bool)> {
    s.split(' ').filter(|w| !w.is_empty()).flat_map(|word| {
        let mut out: Vec<(&str, bool)> = Vec::new();
        let mut start = 0;
        let mut prev: Option<char> = None;
        for (i, c) in word.char_indices() {
            if let Some(p) = prev
                && (breaks_around(p) || breaks_around(c))
                && !no_break_before(c)
                && !no_break_after(p)
            {
                out.push((&word[start..i], out.is_empty()));
                start = i;
            }
            prev = Some(c);
        }
        out.push((&word[start..], out.is_empty()));
        out
    })
}

/// Chinese characters, kana and full-width forms: a line may break before and after each.
/// Not Hangul, which breaks at spaces.
fn breaks_around(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x312F | 0x3190..=0x9FFF | 0xF900..=0xFAFF | 0xFF01..=0xFF60 | 0x20000..=0x3FFFF)
}

/// Closing punctuation, small kana and the prolonged sound mark: never at the start of a line.
fn no_break_before(c: char) -> bool {
    "、。，．：；！？）」』】〕〉》〗〙〛ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ・％,.:;!?)]}…".contains(c)
}

/// Opening punctuation: never at the end of a line.
fn no_break_after(c: char) -> bool {
    "（「『【〔〈《〖〘〚([{".contains(c)
}
