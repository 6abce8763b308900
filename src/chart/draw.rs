//! Drawing through plotters with *inks*: every element is drawn in a sentinel colour that
//! names its role (series line 2, gridline, tick label, ...). [`super::svg`] later turns each
//! sentinel into CSS classes, so the page's stylesheet decides the real colours (light, dark
//! and print) and no colour is hard-coded in the SVG.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Font sizes in viewBox units. The viewBox is 640 wide; at 360 CSS px wide 20 units are
/// 11.25 px, the smallest size allowed for any text.
pub(crate) const FONT_SMALL: f64 = 20.0;
pub(crate) const FONT_LABEL: f64 = 22.0;
pub(crate) const FONT_TITLE: f64 = 26.0;
pub(crate) const FONT_EMPTY: f64 = 24.0;

/// What an element is. Series inks carry the series' index (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    /// A series' line (stroke; dash pattern by index).
    Line(u8),
    /// A bar or stacked-bar segment (fill).
    Bar(u8),
    /// The solid top edge of an area or band (stroke).
    Edge(u8),
    /// A lone series' area (light fill).
    Area(u8),
    /// A band of a stacked area (strong fill).
    Band(u8),
    /// A point marker (fill, ringed in the background colour).
    Marker(u8),
    /// A series' name written in its colour (direct labels).
    SeriesLabel(u8),
    /// A legend swatch (fill).
    Swatch(u8),
    /// A value written inside a bar segment of the series (a colour that contrasts with it).
    InsideText(u8),
    /// Hatching laid over the bar, area or swatch of a series beyond the palette's size, so
    /// that series 7 and up differ by more than colour (the pattern by round of colours).
    Hatch(u8),
    Grid,
    /// Axis baseline or the zero line.
    Axis,
    TickMark,
    Leader,
    Background,
    TickText,
    LabelText,
    /// Category names (x bands, hbar rows): darker than ticks, tick-sized.
    CategoryText,
    ValueText,
    UnitText,
    SourceText,
    TitleText,
    DateText,
    EmptyText,
    /// "n/a" where a value is missing.
    MissingText,
}

/// Blue channel of every sentinel: a colour plotters writes with it is one of ours.
const MAGIC: u8 = 0xA7;

impl Ink {
    pub(crate) fn color(self) -> RGBColor {
        let (code, index) = match self {
            Ink::Line(i) => (1, i),
            Ink::Bar(i) => (2, i),
            Ink::Area(i) => (3, i),
            Ink::Band(i) => (4, i),
            Ink::Marker(i) => (5, i),
            Ink::SeriesLabel(i) => (6, i),
            Ink::Swatch(i) => (7, i),
            Ink::Edge(i) => (8, i),
            Ink::InsideText(i) => (9, i),
            Ink::Hatch(i) => (10, i),
            Ink::Grid => (20, 0),
            Ink::Axis => (21, 0),
            Ink::TickMark => (22, 0),
            Ink::Leader => (23, 0),
            Ink::Background => (24, 0),
            Ink::TickText => (40, 0),
            Ink::LabelText => (41, 0),
            Ink::ValueText => (42, 0),
            Ink::UnitText => (43, 0),
            Ink::SourceText => (44, 0),
            Ink::TitleText => (45, 0),
            Ink::DateText => (46, 0),
            Ink::EmptyText => (47, 0),
            Ink::CategoryText => (48, 0),
            Ink::MissingText => (49, 0),
        };
        RGBColor(code, index, MAGIC)
    }

    pub(crate) fn from_rgb(r: u8, g: u8, b: u8) -> Option<Ink> {
        if b != MAGIC {
            return None;
        }
        Some(match r {
            1 => Ink::Line(g),
            2 => Ink::Bar(g),
            3 => Ink::Area(g),
            4 => Ink::Band(g),
            5 => Ink::Marker(g),
            6 => Ink::SeriesLabel(g),
            7 => Ink::Swatch(g),
            8 => Ink::Edge(g),
            9 => Ink::InsideText(g),
            10 => Ink::Hatch(g),
            20 => Ink::Grid,
            21 => Ink::Axis,
            22 => Ink::TickMark,
            23 => Ink::Leader,
            24 => Ink::Background,
            40 => Ink::TickText,
            41 => Ink::LabelText,
            42 => Ink::ValueText,
            43 => Ink::UnitText,
            44 => Ink::SourceText,
            45 => Ink::TitleText,
            46 => Ink::DateText,
            47 => Ink::EmptyText,
            48 => Ink::CategoryText,
            49 => Ink::MissingText,
            _ => return None,
        })
    }

    /// The hatching a filled shape of this ink gets: bars, areas, bands and legend swatches
    /// of series beyond the palette's size (series 7 and up), `None` for everything else.
    pub(crate) fn hatch(self) -> Option<Ink> {
        match self {
            Ink::Bar(i) | Ink::Area(i) | Ink::Band(i) | Ink::Swatch(i) if i >= super::svg::PALETTE_LEN => {
                Some(Ink::Hatch(i))
            }
            _ => None,
        }
    }

    /// Font size of a text ink (layout and the written `font-size` must agree).
    pub(crate) fn font_size(self) -> f64 {
        match self {
            Ink::SeriesLabel(_) | Ink::LabelText => FONT_LABEL,
            Ink::TitleText => FONT_TITLE,
            Ink::EmptyText => FONT_EMPTY,
            _ => FONT_SMALL,
        }
    }
}

/// Where a text sits relative to its anchor point.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Anchor {
    /// Left end on the point, vertically centred.
    Left,
    /// Right end on the point, vertically centred.
    Right,
    /// Centred on the point.
    Center,
    /// Horizontally centred, top of the text on the point (labels under an axis).
    Top,
    /// Left end, top of the text on the point (lines of a paragraph).
    TopLeft,
    /// Horizontally centred, text above the point (value labels on bars).
    Bottom,
    /// Right end, top of the text on the point.
    TopRight,
}

impl Anchor {
    fn pos(self) -> Pos {
        match self {
            Anchor::Left => Pos::new(HPos::Left, VPos::Center),
            Anchor::Right => Pos::new(HPos::Right, VPos::Center),
            Anchor::Center => Pos::new(HPos::Center, VPos::Center),
            Anchor::Top => Pos::new(HPos::Center, VPos::Top),
            Anchor::TopLeft => Pos::new(HPos::Left, VPos::Top),
            Anchor::Bottom => Pos::new(HPos::Center, VPos::Bottom),
            Anchor::TopRight => Pos::new(HPos::Right, VPos::Top),
        }
    }
}

pub(crate) type Root<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(crate) type Plane<'a> = DrawingArea<SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The ink index of series `i`: colours repeat every 6 (the palette's size), dashes every 6
/// starting over one step later each round, markers every 5, so series keep a distinct
/// colour, dash and marker combination up to 120 and wrap around after that.
pub(crate) fn series_index(i: usize) -> u8 {
    (i % 120) as u8
}

/// Rounds a layout coordinate to the integer grid plotters draws on.
pub(crate) fn px(v: f64) -> i32 {
    v.round().clamp(-1e6, 1e6) as i32
}

/// The whole image in viewBox units, plus helpers that draw in inks. Drawing errors are
/// ignored on purpose: the backend writes to a `String` and cannot fail.
pub(crate) struct Canvas<'a> {
    pub root: Root<'a>,
    /// Hover targets written by this module itself (plotters has no `<title>` element):
    /// transparent shapes over each bar and point, each with its exact value in a `<title>`.
    hits: std::cell::RefCell<String>,
}

impl<'a> Canvas<'a> {
    /// A data plane: `x`/`y` data ranges mapped onto the pixel box `[left, right] × [top, bottom]`
    /// (y grows upwards in data, downwards in pixels).
    pub(crate) fn plane(
        &self,
        x: (f64, f64),
        y: (f64, f64),
        left: f64,
        right: f64,
        top: f64,
        bottom: f64,
    ) -> Plane<'a> {
        let spec = Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(
            x.0..x.1,
            y.0..y.1,
            (px(left)..px(right), px(bottom)..px(top)),
        );
        self.root.apply_coord_spec(spec)
    }

    pub(crate) fn text(&self, s: &str, at: (i32, i32), ink: Ink, anchor: Anchor) {
        if s.is_empty() {
            return;
        }
        let color = ink.color();
        let style = TextStyle::from(("sans-serif", ink.font_size()).into_font()).color(&color).pos(anchor.pos());
        let _ = self.root.draw(&Text::new(s, at, style));
    }

    pub(crate) fn bold_text(&self, s: &str, at: (i32, i32), ink: Ink, anchor: Anchor) {
        if s.is_empty() {
            return;
        }
        let font = FontDesc::new(FontFamily::SansSerif, ink.font_size(), FontStyle::Bold);
        let color = ink.color();
        let style = TextStyle::from(font).color(&color).pos(anchor.pos());
        let _ = self.root.draw(&Text::new(s, at, style));
    }

    /// A polyline in pixel coordinates.
    pub(crate) fn path(&self, points: Vec<(i32, i32)>, ink: Ink, width: u32) {
        if points.len() < 2 {
            return;
        }
        let _ = self.root.draw(&PathElement::new(points, ink.color().stroke_width(width)));
    }

    pub(crate) fn hline(&self, x0: i32, x1: i32, y: i32, ink: Ink, width: u32) {
        self.path(vec![(x0, y), (x1, y)], ink, width);
    }

    pub(crate) fn vline(&self, x: i32, y0: i32, y1: i32, ink: Ink, width: u32) {
        self.path(vec![(x, y0), (x, y1)], ink, width);
    }

    /// A filled rectangle between two corners (in any order). Empty ones are skipped: an SVG
    /// `<rect>` of zero size draws nothing anyway.
    pub(crate) fn rect(&self, a: (i32, i32), b: (i32, i32), ink: Ink) {
        if a.0 == b.0 || a.1 == b.1 {
            return;
        }
        let _ = self.root.draw(&Rectangle::new([a, b], ink.color().filled()));
        if let Some(hatch) = ink.hatch() {
            let _ = self.root.draw(&Rectangle::new([a, b], hatch.color().filled()));
        }
    }

    /// A value written inside a bar segment of `series`, centred on `c`. On a hatched segment
    /// (series beyond the palette) it sits on a solid patch of the series' colour, so the
    /// hatching's marks never cross its digits.
    pub(crate) fn inside_text(&self, s: &str, c: (i32, i32), series: u8) {
        if Ink::Bar(series).hatch().is_some() {
            let half_w = (super::text::width(s, FONT_SMALL) / 2.0 + 3.0).round() as i32;
            let half_h = (FONT_SMALL / 2.0 + 1.0).round() as i32;
            let (a, b) = ((c.0 - half_w, c.1 - half_h), (c.0 + half_w, c.1 + half_h));
            let _ = self.root.draw(&Rectangle::new([a, b], Ink::Bar(series).color().filled()));
        }
        self.text(s, c, Ink::InsideText(series), Anchor::Center);
    }

    pub(crate) fn polygon(&self, points: Vec<(i32, i32)>, ink: Ink) {
        if points.len() < 3 {
            return;
        }
        match ink.hatch() {
            Some(hatch) => {
                let _ = self.root.draw(&Polygon::new(points.clone(), ink.color().filled()));
                let _ = self.root.draw(&Polygon::new(points, hatch.color().filled()));
            }
            None => {
                let _ = self.root.draw(&Polygon::new(points, ink.color().filled()));
            }
        }
    }

    pub(crate) fn circle(&self, c: (i32, i32), r: u32, ink: Ink) {
        let _ = self.root.draw(&Circle::new(c, r, ink.color().filled()));
    }

    /// A transparent hover target over the box between two corners, titled `title`.
    pub(crate) fn hit_rect(&self, a: (i32, i32), b: (i32, i32), title: &str) {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        // A bar of zero height still gets a target a few units tall.
        let (y0, y1) = if y1 - y0 < 6 { (y0 - 3, y1 + 3) } else { (y0, y1) };
        let (x0, x1) = if x1 - x0 < 6 { (x0 - 3, x1 + 3) } else { (x0, x1) };
        let mut out = self.hits.borrow_mut();
        let _ = std::fmt::Write::write_fmt(
            &mut *out,
            format_args!(
                "<rect class=\"dc-hit\" x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\"><title>",
                x1 - x0,
                y1 - y0
            ),
        );
        super::format::escape_into(&mut out, title);
        out.push_str("</title></rect>\n");
    }

    /// A transparent round hover target on a point, titled `title`.
    pub(crate) fn hit_point(&self, c: (i32, i32), title: &str) {
        let mut out = self.hits.borrow_mut();
        let _ = std::fmt::Write::write_fmt(
            &mut *out,
            format_args!("<circle class=\"dc-hit\" cx=\"{}\" cy=\"{}\" r=\"9\"><title>", c.0, c.1),
        );
        super::format::escape_into(&mut out, title);
        out.push_str("</title></circle>\n");
    }

    /// A series' point marker; the shape varies with the series so that colour is never the
    /// only cue: circle, square, triangle, diamond, inverted triangle.
    pub(crate) fn marker(&self, c: (i32, i32), series: u8) {
        let ink = Ink::Marker(series);
        let (x, y) = c;
        match series % 5 {
            0 => self.circle(c, 5, ink),
            1 => self.rect((x - 4, y - 4), (x + 5, y + 5), ink),
            2 => self.polygon(vec![(x, y - 6), (x + 6, y + 4), (x - 6, y + 4)], ink),
            3 => self.polygon(vec![(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)], ink),
            _ => self.polygon(vec![(x - 6, y - 4), (x + 6, y - 4), (x, y + 6)], ink),
        }
    }
}

/// plotters' SVG text for one image and the image's size in viewBox units.
pub(crate) struct Drawing {
    pub size: (u32, u32),
    pub raw: String,
    /// Hover targets (see [`Canvas::hit_rect`]), drawn over everything else.
    pub hits: String,
}

/// Draw into a fresh plotters SVG backend of `size`; returns plotters' SVG text.
pub(crate) fn with_canvas(size: (u32, u32), draw: impl FnOnce(&Canvas)) -> Drawing {
    let mut raw = String::with_capacity(16 * 1024);
    let hits;
    {
        let root = SVGBackend::with_string(&mut raw, size).into_drawing_area();
        let canvas = Canvas { root, hits: Default::default() };
        draw(&canvas);
        let _ = canvas.root.present();
        hits = canvas.hits.into_inner();
    }
    Drawing { size, raw, hits }
}
