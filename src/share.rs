//! Share images: a chart's standalone SVG rasterized to PNG at twice its size, and the share
//! card (1200×630) of a page without a chart, drawn here as SVG and rasterized the same way.
//!
//! Rasterizing uses `resvg` with only the bundled Liberation Sans (SIL OFL 1.1, metric
//! compatible with Arial, which the chart module's width estimates assume; Latin, Greek and
//! Cyrillic). System fonts are never loaded, so a PNG is the same bytes on every machine.
//! Glyphs the font lacks (CJK, Hangul) are missing from the image: such labels need a font
//! the bundle does not carry (see the README, "Sharing").
//!
//! A leaf: it knows SVG text and bytes, not the model.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use resvg::{tiny_skia, usvg};

/// The size of a share card, as Open Graph and X recommend for `summary_large_image`.
pub const CARD_SIZE: (u32, u32) = (1200, 630);

/// Chart PNGs are drawn at this multiple of the SVG's size.
pub const SCALE: u32 = 2;

const REGULAR: &[u8] = include_bytes!("../themes/default/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../themes/default/fonts/LiberationSans-Bold.ttf");
const FAMILY: &str = "Liberation Sans";

/// A rasterized image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Png {
    pub bytes: Arc<Vec<u8>>,
    pub width: u32,
    pub height: u32,
}

/// `svg` (a standalone chart or a card) as a PNG at `scale` times its size. The chart's
/// stylesheet is reduced to its light scheme first: a PNG has no reader's preference.
pub fn rasterize(svg: &str, scale: u32) -> Result<Png, String> {
    let light = light_only(svg);
    let tree = usvg::Tree::from_str(&light, options()).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let size = tree.size().to_int_size().scale_by(scale as f32).ok_or("the SVG has no size")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the image is too large")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale as f32, scale as f32), &mut pixmap.as_mut());
    let bytes = pixmap.encode_png().map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(Png { bytes: Arc::new(bytes), width: size.width(), height: size.height() })
}

/// The width and height of a standalone SVG (its root's `width` and `height`), so a page can
/// state its share image's size without drawing it.
pub fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let root = &svg[..svg.find('>')?];
    let attr = |name: &str| -> Option<u32> {
        let at = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[at..].split('"').next()?.parse::<f64>().ok().map(|v| v.ceil() as u32)
    };
    Some((attr("width")?, attr("height")?))
}

/// What a share card shows.
pub struct Card<'a> {
    pub title: &'a str,
    pub site: &'a str,
    /// A line under the title: a date, the regions.
    pub detail: &'a str,
    /// The accent colour (`#rrggbb`), checked by `config`.
    pub accent: &'a str,
}

/// The card as SVG: the title wrapped on up to four lines (cut with an ellipsis beyond), the
/// detail line and the site's name. Every text is escaped.
pub fn card_svg(card: &Card) -> String {
    let (w, h) = CARD_SIZE;
    let accent = if is_hex_colour(card.accent) { card.accent } else { "#0072B2" };
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FAMILY}\">\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n<rect width=\"{w}\" height=\"16\" fill=\"{accent}\"/>\n"
    );
    let lines = wrap(card.title, 30, 4);
    for (n, line) in lines.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"80\" y=\"{}\" font-size=\"64\" font-weight=\"700\" fill=\"#111111\">{}</text>\n",
            150 + n * 80,
            escape(line)
        ));
    }
    if !card.detail.is_empty() {
        let y = 150 + lines.len() * 80 + 30;
        out.push_str(&format!(
            "<text x=\"80\" y=\"{y}\" font-size=\"34\" fill=\"#555555\">{}</text>\n",
            escape(&wrap(card.detail, 56, 1).join(""))
        ));
    }
    out.push_str(&format!(
        "<rect x=\"80\" y=\"520\" width=\"60\" height=\"6\" fill=\"{accent}\"/>\n<text x=\"80\" y=\"575\" font-size=\"36\" font-weight=\"700\" fill=\"#333333\">{}</text>\n</svg>\n",
        escape(&wrap(card.site, 50, 1).join(""))
    ));
    out
}

/// PNGs by a hash of the SVG they were made from, kept between rebuilds of the preview
/// server: an unchanged chart is not rasterized again.
#[derive(Default)]
pub struct PngCache {
    pngs: Mutex<HashMap<u64, (Png, bool)>>,
    rasterized: AtomicUsize,
}

impl PngCache {
    /// [`rasterize`], or the PNG made earlier from the same SVG bytes.
    pub fn get(&self, svg: &str, scale: u32) -> Result<Png, String> {
        let mut h = DefaultHasher::new();
        (svg, scale).hash(&mut h);
        let key = h.finish();
        if let Some((png, used)) = self.lock().get_mut(&key) {
            *used = true;
            return Ok(png.clone());
        }
        let png = rasterize(svg, scale)?;
        self.rasterized.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(key, (png.clone(), true));
        Ok(png)
    }

    /// How many images this cache has rasterized (not reused) since it was made.
    pub fn rasterized(&self) -> usize {
        self.rasterized.load(Ordering::Relaxed)
    }

    /// Drops the PNGs no render used since the last sweep.
    pub fn sweep(&self) {
        self.lock().retain(|_, (_, used)| std::mem::replace(used, false));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, (Png, bool)>> {
        self.pngs.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Parsing options with the bundled fonts only, made once.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        for set in [
            usvg::fontdb::Database::set_sans_serif_family,
            usvg::fontdb::Database::set_serif_family,
            usvg::fontdb::Database::set_monospace_family,
            usvg::fontdb::Database::set_cursive_family,
            usvg::fontdb::Database::set_fantasy_family,
        ] {
            set(&mut db, FAMILY);
        }
        usvg::Options { font_family: FAMILY.into(), fontdb: Arc::new(db), ..usvg::Options::default() }
    })
}

/// The SVG without the stylesheet's dark scheme (`@media (prefers-color-scheme: dark) {…}`,
/// braces counted), and with the theme's font list replaced by the bundled family.
fn light_only(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find("@media") {
        out.push_str(&rest[..at]);
        let media = &rest[at..];
        let Some(open) = media.find('{') else { break };
        if !media[..open].contains("prefers-color-scheme") || !media[..open].contains("dark") {
            out.push_str(&media[..open + 1]);
            rest = &media[open + 1..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = media.len();
        for (i, c) in media.char_indices().skip(open) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &media[end..];
    }
    out.push_str(rest);
    out
}

/// `text` in lines of at most about `width` characters, words kept whole (a longer word is its
/// own line), at most `max` lines, the last ending in "…" when text is left over.
fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

/// `s` safe as SVG text.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_decodes_at_its_size_and_the_same_every_time() {
        let card = Card { title: "A <title> & more", site: "Site", detail: "2024", accent: "#123456" };
        let svg = card_svg(&card);
        assert!(svg.contains("A &lt;title&gt; &amp; more"));
        let a = rasterize(&svg, 1).unwrap();
        assert_eq!((a.width, a.height), CARD_SIZE);
        assert_eq!(rasterize(&svg, 1).unwrap(), a);
        let decoded = tiny_skia::Pixmap::decode_png(&a.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), CARD_SIZE);
    }

    #[test]
    fn the_dark_scheme_is_dropped_and_other_media_kept() {
        let s = "<style>a{b:c}@media (max-width: 5px){x{y:z}}@media (prefers-color-scheme: dark){a{b:d}p{q:r}}e{f:g}</style>";
        assert_eq!(light_only(s), "<style>a{b:c}@media (max-width: 5px){x{y:z}}e{f:g}</style>");
    }

    #[test]
    fn the_cache_rasterizes_an_unchanged_svg_once() {
        let cache = PngCache::default();
        let svg = card_svg(&Card { title: "T", site: "S", detail: "", accent: "" });
        let first = cache.get(&svg, 1).unwrap();
        assert_eq!(cache.get(&svg, 1).unwrap(), first);
        assert_eq!(cache.rasterized(), 1);
        cache.sweep();
        cache.sweep();
        cache.get(&svg, 1).unwrap();
        assert_eq!(cache.rasterized(), 2, "a PNG unused for a whole render is dropped");
    }

    #[test]
    fn long_titles_wrap_and_are_cut_with_an_ellipsis() {
        let lines = wrap(&"word ".repeat(40), 30, 4);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'));
        assert_eq!(svg_size("<svg width=\"640\" height=\"412.5\" viewBox=\"\">"), Some((640, 413)));
    }
}
