//! Milestone timelines as a chronology: one row per event in date order, earliest first, a
//! dot on a vertical line, the date, and the label wrapped to as many lines as it needs
//! (nothing is cut). Where the label column would be narrow (on phones) the date goes on its
//! own line above the label. A list reads in order on every screen, where labels in lanes
//! under a time axis had to be cut and could put a later event above an earlier one.

use super::Milestone;
use super::draw::{Anchor, Drawing, FONT_LABEL, Ink, px, with_canvas};
use super::frame::{Frame, LINE_LABEL, PAD, Swatch, Texts};
use super::text;

/// A milestone date as a fractional year, and how to show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct When {
    pub year: f64,
    pub text: String,
}

use crate::i18n::Strings;

/// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything after a valid prefix is ignored and
/// out-of-range months or days fall back to the coarser precision.
pub(crate) fn parse_date(date: &str, strings: &Strings) -> Option<When> {
    let mut parts = date.trim().splitn(3, '-');
    let year: i32 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month = parts.next().and_then(|m| m.parse::<u32>().ok()).filter(|m| (1..=12).contains(m));
    let day =
        parts.next().and_then(|d| d.get(..2)).and_then(|d| d.parse::<u32>().ok()).filter(|d| (1..=31).contains(d));
    let (frac, text) = match (month, day) {
        (Some(m), Some(d)) => {
            ((f64::from(m - 1) + f64::from(d - 1) / 31.0) / 12.0, strings.date_short(year, Some(m), Some(d)))
        }
        (Some(m), None) => (
            f64::from(m - 1) / 12.0,
            strings.date(&crate::text::Date { year: year as u16, month: Some(m as u8), day: None }),
        ),
        _ => (0.0, year.to_string()),
    };
    Some(When { year: f64::from(year) + frac, text })
}

/// Below this label width the date goes on its own line above the label.
const MIN_SIDE_LABEL: f64 = 260.0;
const ROW_GAP: f64 = 12.0;

pub(crate) fn render(events: &[Milestone], w: f64, texts: Texts) -> Option<Drawing> {
    let mut dated: Vec<(When, &str)> =
        events.iter().filter_map(|e| Some((parse_date(e.date, texts.strings)?, e.label))).collect();
    if dated.is_empty() {
        return None;
    }
    // Stable: events of the same date keep the order they were written in.
    dated.sort_by(|a, b| a.0.year.total_cmp(&b.0.year));
    let frame = Frame::new(w, texts, &[], Swatch::Box);
    let dot_x = PAD + 8.0;
    let date_x = dot_x + 18.0;
    let date_w = dated.iter().map(|(d, _)| text::width_bold(&d.text, FONT_LABEL)).fold(0.0, f64::max);
    let side = w - PAD - (date_x + date_w + 16.0) >= MIN_SIDE_LABEL;
    let label_x = if side { date_x + date_w + 16.0 } else { date_x };
    let room = w - PAD - label_x;
    let rows: Vec<(String, Vec<String>)> = dated
        .iter()
        .map(|(when, label)| (when.text.clone(), text::wrap_all(&text::clean(label), FONT_LABEL, room)))
        .collect();
    let row_h = |lines: usize| {
        let lines = if side { lines.max(1) } else { lines + 1 };
        lines as f64 * LINE_LABEL + ROW_GAP
    };
    let top = frame.top() + 8.0;
    let mut y = top;
    let mut tops = Vec::with_capacity(rows.len());
    for (_, lines) in &rows {
        tops.push(y);
        y += row_h(lines.len());
    }
    let height = (y + frame.bottom()).round();
    Some(with_canvas((w as u32, height as u32), |c| {
        let mid = |t: f64| t + LINE_LABEL / 2.0;
        if let (Some(first), Some(last)) = (tops.first(), tops.last()) {
            c.vline(px(dot_x), px(mid(*first)), px(mid(*last)), Ink::Leader, 2);
        }
        for ((date, lines), &t) in rows.iter().zip(&tops) {
            c.bold_text(date, (px(date_x), px(mid(t))), Ink::DateText, Anchor::Left);
            let first = if side { t } else { t + LINE_LABEL };
            for (j, line) in lines.iter().enumerate() {
                c.text(line, (px(label_x), px(mid(first + j as f64 * LINE_LABEL))), Ink::LabelText, Anchor::Left);
            }
            c.marker((px(dot_x), px(mid(t))), 0);
        }
        frame.draw(c, height);
    }))
}
