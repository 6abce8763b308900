//! The output layout: the one place that decides where each page and file of a built site is
//! written and the URL it is reached at, and which ids a page may use.
//!
//! Every other module names what it wants as a [`Page`] or an [`Asset`] and asks here for its
//! path or URL; none of them builds an output path with `format!`. [`Routes`] is the plan of a
//! whole build: every path with the source it comes from, so that two things that want the same
//! path are an error at the place that asked second, and [`crate::write::Writer`] refuses a
//! second write to a path, whatever the plan said. [`IdMap`] hands out the ids of one page, so they are unique by
//! construction.
//!
//! A leaf below `markdown`, `site` and `render`: it knows slugs and paths, not the model.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::diag::Diagnostic;

/// A page of the site. Slugs are checked by the model before they get here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page<'a> {
    Home,
    Briefs,
    Brief(&'a str),
    Regions,
    Region(&'a str),
    Initiatives,
    Initiative(&'a str),
    Tags,
    Tag(&'a str),
    Authors,
    Author(&'a str),
    /// A page of `pages/`, by its slug (`about`, `methods/sources`).
    Standalone(&'a str),
    NotFound,
    /// The search page (its index is [`Asset::Search`]).
    Search,
    /// Every work the briefs cite (when the site has a bibliography).
    References,
}

impl Page<'_> {
    /// The page's path in the site, as links and URLs name it: `briefs/x/`, `` for the home page,
    /// `404.html` for the one page that is a file.
    pub fn path(&self) -> String {
        match self {
            Page::Home => String::new(),
            Page::Briefs => "briefs/".into(),
            Page::Brief(s) => format!("briefs/{s}/"),
            Page::Regions => "regions/".into(),
            Page::Region(s) => format!("regions/{s}/"),
            Page::Initiatives => "initiatives/".into(),
            Page::Initiative(s) => format!("initiatives/{s}/"),
            Page::Tags => "tags/".into(),
            Page::Tag(s) => format!("tags/{s}/"),
            Page::Authors => "authors/".into(),
            Page::Author(s) => format!("authors/{s}/"),
            Page::Standalone(s) => format!("{s}/"),
            Page::NotFound => "404.html".into(),
            Page::Search => "search/".into(),
            Page::References => "references/".into(),
        }
    }

    /// The file the page is written to: `briefs/x/index.html`.
    pub fn file(&self) -> String {
        file_of(&self.path())
    }

    /// The path of page `number` (from 1) of a list cut into pages: page 1 is the list's own
    /// path, the others `briefs/page/2/`, as Hugo and Zola write them.
    pub fn nth_path(&self, number: usize) -> String {
        if number <= 1 { self.path() } else { format!("{}page/{number}/", self.path()) }
    }

    /// The file of page `number` of the list.
    pub fn nth_file(&self, number: usize) -> String {
        file_of(&self.nth_path(number))
    }

    /// The page's Atom feed, for the pages that have one (home, regions, initiatives).
    pub fn feed(&self) -> Option<Asset<'_>> {
        matches!(self, Page::Home | Page::Region(_) | Page::Initiative(_)).then_some(Asset::Feed(*self))
    }
}

/// How many pages a list of `items` takes at `size` a page: at least one, so an empty list
/// still has its page.
pub fn page_count(items: usize, size: usize) -> usize {
    items.div_ceil(size.max(1)).max(1)
}

/// The file that answers a site path: `briefs/x/` is `briefs/x/index.html`, a file is itself.
pub fn file_of(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
}

/// A file of the site that is not a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asset<'a> {
    /// A chart as a standalone SVG file, by chart id.
    ChartSvg(&'a str),
    /// A chart as a PNG at twice its size (`share_images`), by chart id.
    ChartPng(&'a str),
    /// The share card of a page without a chart of its own (`share_images`).
    ShareCard(Page<'a>),
    /// A chart's data as CSV, by chart id.
    ChartCsv(&'a str),
    /// A file under `briefs/` that the text links to, by its path inside `briefs/`.
    Media(&'a str),
    /// A file of the site's `static/` folder or of the theme's, by its path inside `static/`.
    Static(&'a str),
    /// The Atom feed of a page.
    Feed(Page<'a>),
    Sitemap,
    Robots,
    /// The custom domain for GitHub Pages.
    Cname,
    /// Tells GitHub Pages not to run Jekyll (which would drop files starting with `_`).
    NoJekyll,
    /// Marks the output folder as dossier's own, so that a later build may replace it.
    Marker,
    /// A file of the search index, by its name inside [`SEARCH_DIR`] (`meta.json`,
    /// `w/3.json`).
    Search(&'a str),
    /// A brief's citation as a download beside its page (`briefs/x/cite.bib`), by slug.
    Citation(&'a str, CiteFormat),
}

/// The formats a brief's citation is downloaded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiteFormat {
    BibTex,
    Ris,
    CslJson,
}

impl CiteFormat {
    pub const ALL: [CiteFormat; 3] = [CiteFormat::BibTex, CiteFormat::Ris, CiteFormat::CslJson];

    /// The file's name beside the brief's page.
    pub fn file_name(self) -> &'static str {
        match self {
            CiteFormat::BibTex => "cite.bib",
            CiteFormat::Ris => "cite.ris",
            CiteFormat::CslJson => "cite.json",
        }
    }
}

/// The folder of the search index. Its file names are made by the indexer (numbered chunks
/// and documents), so the plan claims the folder whole.
pub const SEARCH_DIR: &str = "search-index/";

/// The name of [`Asset::Marker`] inside the output folder.
pub const MARKER: &str = ".dossier-output";

impl Asset<'_> {
    pub fn path(&self) -> String {
        match self {
            Asset::ChartSvg(id) => format!("charts/{id}.svg"),
            Asset::ChartCsv(id) => format!("charts/{id}.csv"),
            Asset::ChartPng(id) => format!("charts/{id}.png"),
            Asset::ShareCard(page) => page.path() + "share.png",
            Asset::Media(rel) => format!("media/{rel}"),
            Asset::Static(rel) => (*rel).to_string(),
            Asset::Feed(page) => page.path() + "feed.xml",
            Asset::Sitemap => "sitemap.xml".into(),
            Asset::Robots => "robots.txt".into(),
            Asset::Cname => "CNAME".into(),
            Asset::NoJekyll => ".nojekyll".into(),
            Asset::Marker => MARKER.into(),
            Asset::Search(name) => format!("{SEARCH_DIR}{name}"),
            Asset::Citation(slug, format) => Page::Brief(slug).path() + format.file_name(),
        }
    }
}

/// Site paths to URLs, under the site's base path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Layout {
    /// `/` or `/sub/path/`.
    base_path: String,
    /// `https://host/sub/path/` when `base_url` is absolute.
    absolute: Option<String>,
}

impl Layout {
    /// From a checked `base_url` (an absolute `http(s)` URL or a path, ending with `/`).
    pub fn new(base_url: &str) -> Layout {
        let absolute = base_url.contains("://").then(|| base_url.to_string());
        let base_path = match base_url.split_once("://") {
            Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/").to_string(),
            None => base_url.to_string(),
        };
        Layout { base_path, absolute }
    }

    /// `/` or `/sub/path/`: every URL of the site starts with it.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Whether the site has an absolute base URL (needed by feeds, the sitemap, canonical links).
    pub fn is_absolute(&self) -> bool {
        self.absolute.is_some()
    }

    /// The URL of a site path (`briefs/x/` -> `/sub/briefs/x/`).
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, site_path)
    }

    /// The full URL of a site path, when the base URL is absolute.
    pub fn absolute_url(&self, site_path: &str) -> Option<String> {
        self.absolute.as_ref().map(|base| format!("{base}{site_path}"))
    }

    pub fn page(&self, page: Page) -> String {
        self.url(&page.path())
    }

    pub fn asset(&self, asset: Asset) -> String {
        self.url(&asset.path())
    }

    /// The canonical address of a page: absolute when it can be, else its URL.
    pub fn canonical(&self, page: Page) -> String {
        self.canonical_nth(page, 1)
    }

    /// The canonical address of page `number` of a list.
    pub fn canonical_nth(&self, page: Page, number: usize) -> String {
        let path = page.nth_path(number);
        self.absolute_url(&path).unwrap_or_else(|| self.url(&path))
    }
}

/// The id of a chart's `<figure>` on its page, the target of links to the chart.
pub fn figure_id(chart_id: &str) -> String {
    format!("fig-{chart_id}")
}

/// Every id a drawn figure puts on its page: the figure, its data table's caption, and the
/// titles and descriptions of its wide and narrow (phone) SVGs.
pub fn figure_ids(chart_id: &str) -> [String; 6] {
    let fig = figure_id(chart_id);
    [
        format!("{fig}-tcap"),
        fig,
        format!("{chart_id}-title"),
        format!("{chart_id}-desc"),
        format!("{chart_id}-narrow-title"),
        format!("{chart_id}-narrow-desc"),
    ]
}

/// The chart id of an indicator gathered on a region's page (`g-jilin-trade-share`).
/// Indicators are slugs, so on one page each indicator has its own.
pub fn gathered_chart_id(region: &str, indicator: &str) -> String {
    format!("g-{region}-{indicator}")
}

/// The chart id of "briefs per year" on a region's or an initiative's page.
pub fn per_year_chart_id(slug: &str) -> String {
    format!("g-per-year-{slug}")
}

/// The chart id of an initiative's timeline.
pub fn timeline_chart_id(slug: &str) -> String {
    format!("g-timeline-{slug}")
}

/// The ids of one page. Each id is handed out once: asking again for a taken id gives the next
/// free `id-1`, `id-2`, … Each base remembers the last number it gave, so 60,000 headings with
/// the same title cost 60,000 lookups, not 60,000² (rustdoc's `IdMap` does the same).
#[derive(Debug, Default, Clone)]
pub struct IdMap {
    taken: HashMap<String, usize>,
}

impl IdMap {
    /// Takes `id` as it is, for ids that others link to by name (the page's own, figures').
    /// Returns false if it was already taken.
    pub fn reserve(&mut self, id: &str) -> bool {
        if self.taken.contains_key(id) {
            return false;
        }
        self.taken.insert(id.to_string(), 0);
        true
    }

    /// A hash of the ids taken, for caches of renderings made with this map.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut ids: Vec<&String> = self.taken.keys().collect();
        ids.sort();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        ids.hash(&mut h);
        h.finish()
    }

    /// `wanted` if free, else the first free `wanted-N`.
    pub fn derive(&mut self, wanted: &str) -> String {
        let Some(&last) = self.taken.get(wanted) else {
            self.taken.insert(wanted.to_string(), 0);
            return wanted.to_string();
        };
        let mut n = last;
        let id = loop {
            n += 1;
            let candidate = format!("{wanted}-{n}");
            if !self.taken.contains_key(&candidate) {
                break candidate;
            }
        };
        self.taken.insert(wanted.to_string(), n);
        self.taken.insert(id.clone(), 0);
        id
    }
}

/// Where a planned output file comes from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What it is: "the page of brief `x`", "static file".
    pub what: String,
    /// The file (and line and column) that asked for it, if one did.
    pub at: Option<(PathBuf, usize, usize)>,
}

impl Source {
    pub fn built_in(what: impl Into<String>) -> Source {
        Source { what: what.into(), at: None }
    }

    pub fn from_file(what: impl Into<String>, path: impl Into<PathBuf>, line: usize, column: usize) -> Source {
        Source { what: what.into(), at: Some((path.into(), line, column)) }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some((path, line, col)) if *line > 0 => write!(f, "{} ({}:{}:{})", self.what, path.display(), line, col),
            Some((path, _, _)) => write!(f, "{} ({})", self.what, path.display()),
            None => f.write_str(&self.what),
        }
    }
}

/// The plan of a build: every output path with its source. Paths are compared without case, as
/// macOS and Windows file systems (and so a clone of the published site there) compare them.
#[derive(Debug, Default)]
pub struct Routes {
    by_key: HashMap<String, (String, Source)>,
    /// Folders claimed whole ([`Routes::claim_folder`]), lower case, ending with `/`.
    folders: Vec<(String, Source)>,
}

impl Routes {
    /// Claims `path` for `source`. If something already has it, the error is located at
    /// `source` and names both.
    pub fn claim(&mut self, path: String, source: Source) -> Result<(), Diagnostic> {
        let key = path.to_lowercase();
        if let Some((folder, first)) = self.folders.iter().find(|(f, _)| key.starts_with(f.as_str())) {
            let (file, line, col) = source.at.clone().unwrap_or_else(|| ("dossier.yaml".into(), 0, 0));
            return Err(Diagnostic::error(
                file,
                line,
                col,
                format!("{} would be written to `{path}`, inside `{folder}`, which {first} takes whole", source.what),
            ));
        }
        if let Some((taken, first)) = self.by_key.get(&key) {
            let same = if *taken == path { String::new() } else { format!(" (as `{taken}`)") };
            let (file, line, col) = source.at.clone().unwrap_or_else(|| ("dossier.yaml".into(), 0, 0));
            return Err(Diagnostic::error(
                file,
                line,
                col,
                format!("{} would be written to `{path}`, which {first} already takes{same}", source.what),
            ));
        }
        self.by_key.insert(key, (path, source));
        Ok(())
    }

    /// Claims every path under `folder` (`search-index/`) for `source`, for files whose names are
    /// known only once they are made. Paths claimed before or after inside it are errors.
    pub fn claim_folder(&mut self, folder: &str, source: Source) -> Result<(), Diagnostic> {
        let key = folder.to_lowercase();
        let inside = self.by_key.values().filter(|(p, _)| p.to_lowercase().starts_with(&key));
        if let Some((path, first)) = inside.min_by(|a, b| a.0.cmp(&b.0)) {
            let (file, line, col) = first.at.clone().unwrap_or_else(|| ("dossier.yaml".into(), 0, 0));
            return Err(Diagnostic::error(
                file,
                line,
                col,
                format!("{first} would be written to `{path}`, inside `{folder}`, which {} takes whole", source.what),
            ));
        }
        self.folders.push((key, source));
        Ok(())
    }

    pub fn contains(&self, path: &str) -> bool {
        self.by_key.get(&path.to_lowercase()).is_some_and(|(p, _)| p == path)
    }

    pub fn source(&self, path: &str) -> Option<&Source> {
        self.by_key.get(&path.to_lowercase()).map(|(_, s)| s)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.by_key.values().map(|(p, _)| p.as_str())
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_assets_have_one_path_each() {
        assert_eq!(Page::Home.file(), "index.html");
        assert_eq!(Page::Brief("x").path(), "briefs/x/");
        assert_eq!(Page::Brief("x").file(), "briefs/x/index.html");
        assert_eq!(Page::NotFound.file(), "404.html");
        assert_eq!(Page::Region("jilin").feed().map(|f| f.path()).as_deref(), Some("regions/jilin/feed.xml"));
        assert_eq!(Page::Tag("t").feed(), None);
        assert_eq!(Asset::Feed(Page::Home).path(), "feed.xml");
        assert_eq!(Page::Briefs.nth_path(1), "briefs/");
        assert_eq!(Page::Tag("t").nth_file(3), "tags/t/page/3/index.html");
        assert_eq!((page_count(0, 20), page_count(20, 20), page_count(21, 20)), (1, 1, 2));
        let l = Layout::new("https://example.github.io/sub/");
        assert_eq!(l.base_path(), "/sub/");
        assert_eq!(l.page(Page::Brief("x")), "/sub/briefs/x/");
        assert_eq!(l.canonical(Page::Tags), "https://example.github.io/sub/tags/");
        assert_eq!(Layout::new("/").canonical(Page::Tags), "/tags/");
        assert_eq!(Layout::new("https://example.org/").base_path(), "/");
    }

    #[test]
    fn ids_are_unique_and_derived_in_linear_time() {
        let mut ids = IdMap::default();
        assert!(ids.reserve("fn-1"));
        assert_eq!(ids.derive("fn-1"), "fn-1-1");
        assert_eq!(ids.derive("a"), "a");
        assert_eq!(ids.derive("a"), "a-1");
        assert!(ids.reserve("a-2"));
        assert_eq!(ids.derive("a"), "a-3");
        assert_eq!(ids.derive("a-1"), "a-1-1");
        let mut many = IdMap::default();
        let all: std::collections::HashSet<String> = (0..1000).map(|_| many.derive("same")).collect();
        assert_eq!(all.len(), 1000);
        assert!(all.contains("same-999"));
    }

    #[test]
    fn a_second_claim_names_both_sources_and_ignores_case() {
        let mut routes = Routes::default();
        routes.claim("charts/trade.svg".into(), Source::from_file("chart `trade`", "briefs/a.md", 4, 5)).unwrap();
        let err = routes
            .claim("charts/Trade.svg".into(), Source::from_file("chart `Trade`", "briefs/b.md", 9, 5))
            .unwrap_err();
        assert_eq!((err.path.to_str(), err.line, err.column), (Some("briefs/b.md"), 9, 5));
        assert!(err.message.contains("chart `trade` (briefs/a.md:4:5) already takes"), "{}", err.message);
    }
}
