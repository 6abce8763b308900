//! Drawing charts, through a cache when the caller keeps one between renders.
//!
//! Charts are deterministic (the same inputs always give the same SVG bytes), so a drawn chart
//! can be reused whenever its inputs hash the same. A build draws every chart once and keeps no
//! cache; the preview server keeps a [`ChartCache`] so that a rebuild redraws only the charts
//! whose data changed.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use crate::chart::{self, Chart, Milestone};
use crate::data::{Row, Table};

/// Drawn charts by a hash of everything their drawing depends on.
#[derive(Default)]
pub struct ChartCache {
    svgs: Mutex<HashMap<u64, Slot>>,
}

struct Slot {
    svg: String,
    /// Drawn or reused since the last [`ChartCache::sweep`].
    used: bool,
}

impl ChartCache {
    /// Drops the charts that no render used since the last sweep, so edited charts do not pile
    /// up. Call it after rendering every page.
    pub fn sweep(&self) {
        let mut svgs = self.svgs.lock().unwrap_or_else(|e| e.into_inner());
        svgs.retain(|_, slot| std::mem::replace(&mut slot.used, false));
    }

    /// How many charts the cache holds.
    #[cfg(test)]
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.svgs.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    fn get_or_draw(&self, key: u64, draw: impl FnOnce() -> String) -> String {
        if let Some(svg) = self.get(key) {
            return svg;
        }
        // Drawn outside the lock: other render threads keep using the cache meanwhile.
        let svg = draw();
        self.insert(key, svg.clone());
        svg
    }

    /// The chart drawn for `key`, marked used.
    fn get(&self, key: u64) -> Option<String> {
        let mut svgs = self.svgs.lock().unwrap_or_else(|e| e.into_inner());
        let slot = svgs.get_mut(&key)?;
        slot.used = true;
        Some(slot.svg.clone())
    }

    fn insert(&self, key: u64, svg: String) {
        self.svgs.lock().unwrap_or_else(|e| e.into_inner()).insert(key, Slot { svg, used: true });
    }
}

/// Draws charts for one render, reusing the cache's when there is one.
#[derive(Clone, Copy, Default)]
pub struct Draw<'a> {
    pub cache: Option<&'a ChartCache>,
}

impl Draw<'_> {
    /// [`chart::render_svg`], cached.
    pub fn svg(&self, c: &Chart, css: Option<&str>) -> String {
        match self.cache {
            Some(cache) => cache.get_or_draw(chart_key(c, css), || chart::render_svg(c, css)),
            None => chart::render_svg(c, css),
        }
    }

    /// [`chart::render_svgs`] (inline and standalone, drawn together), cached.
    pub fn svgs(&self, c: &Chart, css: &str) -> (String, String) {
        let Some(cache) = self.cache else { return chart::render_svgs(c, css) };
        let keys = (chart_key(c, None), chart_key(c, Some(css)));
        if let (Some(inline), Some(file)) = (cache.get(keys.0), cache.get(keys.1)) {
            return (inline, file);
        }
        let (inline, file) = chart::render_svgs(c, css);
        cache.insert(keys.0, inline.clone());
        cache.insert(keys.1, file.clone());
        (inline, file)
    }

    /// [`chart::render_timeline_svg`], cached.
    pub fn timeline_svg(
        &self,
        id: &str,
        title: &str,
        events: &[Milestone],
        strings: &crate::i18n::Strings,
        css: Option<&str>,
    ) -> String {
        match self.cache {
            Some(cache) => cache.get_or_draw(timeline_key(id, title, events, strings, css), || {
                chart::render_timeline_svg(id, title, events, strings, css)
            }),
            None => chart::render_timeline_svg(id, title, events, strings, css),
        }
    }
}

// The keys destructure their inputs without `..`: a field added to `Chart`, `Table`, `Row` or
// `Milestone` fails to compile here until the key hashes it too, so the cache can never hand
// back a chart drawn from different inputs.

fn chart_key(c: &Chart, css: Option<&str>) -> u64 {
    let Chart { id, title, kind, unit, source, note, credit, table, strings } = c;
    let Table { x_label, series, rows } = table;
    let mut h = DefaultHasher::new();
    ("chart", id, title, kind, unit, source, note, credit, css, x_label, series, strings).hash(&mut h);
    for Row { x, values } in rows.iter() {
        x.hash(&mut h);
        for v in values {
            v.map(f64::to_bits).hash(&mut h);
        }
    }
    h.finish()
}

fn timeline_key(id: &str, title: &str, events: &[Milestone], strings: &crate::i18n::Strings, css: Option<&str>) -> u64 {
    let mut h = DefaultHasher::new();
    ("timeline", id, title, strings, css).hash(&mut h);
    for Milestone { date, label } in events {
        (date, label).hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::ChartKind;

    fn table(v: f64) -> Table {
        Table {
            x_label: "year".into(),
            series: vec!["a".into()],
            rows: vec![Row { x: "2020".into(), values: vec![Some(v)] }],
        }
    }

    #[test]
    fn a_chart_is_drawn_once_and_swept_when_unused() {
        let cache = ChartCache::default();
        let draw = Draw { cache: Some(&cache) };
        let (t1, t2) = (table(1.0), table(2.0));
        let chart = |t| Chart {
            id: "c",
            title: "T",
            kind: ChartKind::Line,
            unit: None,
            source: None,
            note: None,
            credit: None,
            table: t,
            strings: &crate::i18n::ENGLISH,
        };
        let first = draw.svg(&chart(&t1), None);
        assert_eq!(draw.svg(&chart(&t1), None), first);
        assert_eq!(cache.len(), 1);
        draw.svg(&chart(&t2), None);
        draw.svg(&chart(&t2), Some("css"));
        assert_eq!(cache.len(), 3, "other data or other CSS is another chart");
        cache.sweep();
        draw.svg(&chart(&t2), None);
        cache.sweep();
        assert_eq!(cache.len(), 1, "only the chart used since the last sweep is kept");
        let both = draw.svgs(&chart(&t1), "css");
        assert_eq!(both, chart::render_svgs(&chart(&t1), "css"));
        assert_eq!((draw.svg(&chart(&t1), None), draw.svg(&chart(&t1), Some("css"))), both, "one drawing, either way");
        assert_eq!(cache.len(), 3);
    }
}
