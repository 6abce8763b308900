//! Milestone timelines: a horizontal time axis in whole years, a dot per event, and each
//! event's date and label hanging below it on a leader line.
//!
//! Labels are stacked in lanes under the axis. Each label starts just right of its leader,
//! so lanes are filled from the latest event to the earliest: a later event's label then
//! always starts right of an earlier event's leader, and no leader crosses a label. A label
//! goes into the first lane where it overlaps no label and no deeper leader.

use plotters::coord::CoordTranslate;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::Cartesian2d;

use super::Milestone;
use super::axis::{self, TickFormat};
use super::draw::{Anchor, Canvas, Drawing, FONT_LABEL, FONT_SMALL, Ink, px, with_canvas};
use super::frame::{Frame, LINE_LABEL, LINE_SMALL, PAD, W};
use super::text;

/// Narrowest label column: the axis stops this far from the right edge.
const LABEL_MIN_W: f64 = 170.0;
const LABEL_MAX_W: f64 = 240.0;
/// From a leader to its text.
const INSET: f64 = 8.0;
/// Between labels in a lane.
const GAP: f64 = 16.0;
const LANE_GAP: f64 = 14.0;

type Coord = Cartesian2d<RangedCoordf64, RangedCoordf64>;

/// A milestone date as a fractional year, and how to show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct When {
    pub year: f64,
    pub text: String,
}

use crate::text::MONTHS;

/// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything after a valid prefix is ignored and
/// out-of-range months or days fall back to the coarser precision.
pub(crate) fn parse_date(date: &str) -> Option<When> {
    let mut parts = date.trim().splitn(3, '-');
    let year: i32 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month = parts.next().and_then(|m| m.parse::<u32>().ok()).filter(|m| (1..=12).contains(m));
    let day =
        parts.next().and_then(|d| d.get(..2)).and_then(|d| d.parse::<u32>().ok()).filter(|d| (1..=31).contains(d));
    let (frac, text) = match (month, day) {
        (Some(m), Some(d)) => (
            (f64::from(m - 1) + f64::from(d - 1) / 31.0) / 12.0,
            format!("{d} {} {year}", &MONTHS[m as usize - 1][..3]),
        ),
        (Some(m), None) => (f64::from(m - 1) / 12.0, format!("{} {year}", MONTHS[m as usize - 1])),
        _ => (0.0, year.to_string()),
    };
    Some(When { year: f64::from(year) + frac, text })
}

/// An event ready to place.
struct Placed {
    x: f64,
    date: String,
    lines: Vec<String>,
    width: f64,
    lane: usize,
}

impl Placed {
    fn end(&self) -> f64 {
        self.x + INSET + self.width + GAP
    }
    fn height(&self) -> f64 {
        LINE_SMALL + self.lines.len() as f64 * LINE_LABEL
    }
}

pub(crate) fn render(title: &str, events: &[Milestone], standalone: bool) -> Option<Drawing> {
    let mut dated: Vec<(When, &str)> = events.iter().filter_map(|e| Some((parse_date(e.date)?, e.label))).collect();
    if dated.is_empty() {
        return None;
    }
    dated.sort_by(|a, b| a.0.year.total_cmp(&b.0.year));
    let first = dated[0].0.year.floor();
    let last = dated[dated.len() - 1].0.year;
    let (lo, hi) = (first, last.ceil().max(first + 1.0));

    let frame = Frame::new(standalone.then_some(title), None, None, &[], super::frame::Swatch::Box);
    let axis_y = frame.top() + LINE_SMALL + 14.0;
    let (x0, x1) = (PAD + 24.0, W - PAD - LABEL_MIN_W);

    Some({
        // Lay out first (the height depends on the lanes), then draw.
        // plotters maps years to x, for layout and drawing alike.
        let coord = Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(lo..hi, 0.0..1.0, (px(x0)..px(x1), 0..1));
        let to_x = |year: f64| f64::from(coord.translate(&(year, 0.0)).0);
        let mut placed: Vec<Placed> = dated
            .iter()
            .map(|(when, label)| {
                let x = to_x(when.year);
                let room = (W - PAD - x - INSET).clamp(LABEL_MIN_W - INSET, LABEL_MAX_W);
                let lines = text::wrap(&text::clean(label), FONT_LABEL, room, 3);
                let width = lines
                    .iter()
                    .map(|l| text::width(l, FONT_LABEL))
                    .chain([text::width_bold(&when.text, FONT_SMALL)])
                    .fold(0.0, f64::max);
                Placed { x, date: when.text.clone(), lines, width, lane: 0 }
            })
            .collect();
        let lanes = assign_lanes(&mut placed);
        let mut lane_top = Vec::with_capacity(lanes);
        let mut y = axis_y + 22.0;
        for lane in 0..lanes {
            lane_top.push(y);
            let h = placed.iter().filter(|p| p.lane == lane).map(Placed::height).fold(0.0, f64::max);
            y += h + LANE_GAP;
        }
        let height = (y + PAD).round();
        with_canvas((W as u32, height as u32), |c| {
            draw_axis(c, &coord, lo, hi, axis_y);
            for p in &placed {
                let top = lane_top[p.lane];
                let x = px(p.x);
                c.vline(x, px(axis_y), px(top + LINE_SMALL * 0.5), Ink::Leader, 1);
                let tx = px(p.x + INSET);
                c.bold_text(&p.date, (tx, px(top)), Ink::DateText, Anchor::TopLeft);
                for (j, line) in p.lines.iter().enumerate() {
                    c.text(line, (tx, px(top + LINE_SMALL + j as f64 * LINE_LABEL)), Ink::LabelText, Anchor::TopLeft);
                }
            }
            for p in &placed {
                c.marker((px(p.x), px(axis_y)), 0);
            }
            frame.draw(c, height);
        })
    })
}

/// The first lane, from the top, where label `i` overlaps no label and no deeper leader;
/// processed latest first (see the module docs). Returns the number of lanes.
fn assign_lanes(placed: &mut [Placed]) -> usize {
    let mut lanes = 0;
    for i in (0..placed.len()).rev() {
        let (start, end, x) = (placed[i].x, placed[i].end(), placed[i].x);
        let fits = |lane: usize, placed: &[Placed]| {
            placed[i + 1..].iter().all(|q| {
                let overlaps = q.lane == lane && start < q.end() && q.x < end;
                let crossed_by_deeper = q.lane > lane && q.x >= start && q.x < end;
                let crosses_shallower = q.lane < lane && x > q.x + 2.0 && x < q.end();
                !(overlaps || crossed_by_deeper || crosses_shallower)
            })
        };
        let lane = (0..=lanes).find(|&l| fits(l, placed)).unwrap_or(lanes);
        placed[i].lane = lane;
        lanes = lanes.max(lane + 1);
    }
    lanes
}

fn draw_axis(c: &Canvas, coord: &Coord, lo: f64, hi: f64, axis_y: f64) {
    let (a, _) = coord.translate(&(lo, 0.0));
    let (b, _) = coord.translate(&(hi, 0.0));
    c.hline(a, b, px(axis_y), Ink::Axis, 2);
    let plot_w = f64::from(b - a);
    let mut target = ((plot_w / 70.0) as usize).clamp(1, 10);
    let ticks = loop {
        let t = axis::inside(lo, hi, target, 1.0);
        if t.values.len() as f64 * 64.0 <= plot_w || target == 1 {
            break t;
        }
        target -= 1;
    };
    for &v in &ticks.values {
        let (x, _) = coord.translate(&(v, 0.0));
        c.vline(x, px(axis_y - 6.0), px(axis_y), Ink::TickMark, 1);
        c.text(&ticks.label(v, TickFormat::Year), (x, px(axis_y - 10.0)), Ink::TickText, Anchor::Bottom);
    }
}
