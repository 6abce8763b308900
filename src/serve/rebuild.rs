//! Building the site in memory, then rebuilding it after each change while redoing only what
//! the change touched.
//!
//! Every rebuild loads the whole model again, but through a [`LoadCache`], so only changed files
//! are read and rendered; linking is cheap and keeps every cross-file check exact. Rendering is
//! what costs, so it is limited to the pages that can differ: when the briefs that changed kept
//! their slug, date, draft flag, regions, initiatives and tags (the model's shape), that is their
//! pages and charts, the pages of their regions, initiatives and tags, and the lists and feeds.
//! Anything else (settings, templates, region or initiative files, new or removed briefs) renders
//! every page again, still reusing every chart whose data did not change.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::state::Files;
use crate::BuildReport;
use crate::config::BuildOptions;
use crate::data::DataBlock;
use crate::diag::Diagnostics;
use crate::layout::{Asset, Page, SEARCH_DIR};
use crate::render::{self, Counts, PageSet, RenderCache, Theme};
use crate::site::{self, Brief, Gathered, LoadCache, Site};
use crate::write::MemorySink;

/// Builds one site again and again, keeping what a next build can reuse.
pub struct Rebuilder {
    options: BuildOptions,
    cache: LoadCache,
    /// Drawn charts and compiled templates, reused by every render.
    reuse: RenderCache,
    last: Option<Built>,
    /// Paths reported changed since the last good build: a failed build's changes are redone
    /// by the next one.
    pending: BTreeSet<PathBuf>,
}

/// The last good build.
struct Built {
    site: Site,
    theme: Theme,
    files: Arc<Files>,
    /// What the static-files step wrote, to replace when static files change.
    statics: BTreeSet<String>,
    /// What `check` would warn about.
    warnings: Diagnostics,
}

/// What a good build did.
pub struct Rebuilt {
    pub files: Arc<Files>,
    pub base_path: String,
    pub scope: Scope,
    /// Only stylesheets changed: open pages can swap them without reloading.
    pub css_only: bool,
    pub elapsed: Duration,
    /// Warnings that the previous good build did not have.
    pub new_warnings: Diagnostics,
    pub report: BuildReport,
}

/// How much of the site a build rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every page, for this reason.
    Full(&'static str),
    /// The pages that depend on this many changed briefs.
    Briefs(usize),
    /// Only the static files.
    Statics,
    /// Nothing: the change made no difference to the site.
    Nothing,
}

impl Rebuilt {
    /// The line printed after a rebuild: `rebuilt in 23 ms (1 brief changed)`.
    pub fn summary(&self) -> String {
        let what = match &self.scope {
            Scope::Full(reason) => format!("full rebuild: {reason}"),
            Scope::Briefs(1) => "1 brief changed".to_string(),
            Scope::Briefs(n) => format!("{n} briefs changed"),
            Scope::Statics if self.css_only => "stylesheets only".to_string(),
            Scope::Statics => "static files only".to_string(),
            Scope::Nothing => "nothing in the site changed".to_string(),
        };
        format!("rebuilt in {} ms ({what})", self.elapsed.as_millis())
    }
}

/// Which sorts of source files a change touched, from their paths.
#[derive(Debug, Default)]
struct Touched {
    /// Files copied as they are: `static/`, a theme's `static/`, files linked from briefs.
    statics: bool,
    /// Files under `briefs/` that are not Markdown (images the text links to).
    linked: bool,
    /// Every changed file is a stylesheet.
    css_only: bool,
}

impl Touched {
    fn of(root: &Path, paths: &BTreeSet<PathBuf>) -> Touched {
        let mut t = Touched { css_only: !paths.is_empty(), ..Touched::default() };
        for path in paths {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let first = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or_default();
            let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
            let in_theme_static =
                first == "themes" && rel.components().nth(2).is_some_and(|c| c.as_os_str() == "static");
            t.linked |= first == "briefs" && ext != "md";
            t.statics |= first == "static" || in_theme_static || (first == "briefs" && ext != "md");
            t.css_only &= ext == "css";
        }
        t
    }
}

/// What to render: everything, or a set of pages.
enum Plan {
    Full(&'static str),
    Pages { pages: PageSet, briefs: usize },
}

impl Rebuilder {
    pub fn new(options: BuildOptions) -> Rebuilder {
        Rebuilder {
            options,
            cache: LoadCache::default(),
            reuse: RenderCache::default(),
            last: None,
            pending: BTreeSet::new(),
        }
    }

    /// Builds the site after `changed` (paths reported by the watcher; empty for the first
    /// build). On failure the last good build is kept, and the next build retries everything
    /// that changed since it.
    pub fn build(&mut self, changed: &BTreeSet<PathBuf>) -> Result<Rebuilt, Diagnostics> {
        let start = Instant::now();
        self.pending.extend(changed.iter().cloned());
        let touched = Touched::of(&self.options.root, &self.pending);
        for path in changed {
            self.cache.forget(path);
        }
        if touched.linked {
            self.cache.forget_rendered();
        }
        let config = site::config(&self.options)?;
        let theme = Theme::load(&self.options.root, &config.theme)?;
        let site = site::load_cached(&self.options, config, &theme.page_ids(), &mut self.cache)?;
        let layout = render::plan(&site, &theme)?;
        let warnings = crate::vet(&site, &layout, false)?;
        let plan = self.plan(&site, &theme, &touched);
        let (files, statics, scope, counts) = self.render_plan(&site, &theme, &layout, plan)?;
        let elapsed = start.elapsed();
        let new_warnings = self.new_warnings(&warnings);
        let report = BuildReport::new(&site, counts, elapsed, warnings.clone());
        let css_only = scope == Scope::Statics && touched.css_only;
        let base_path = site.layout.base_path().to_string();
        self.cache.clear_changed();
        self.pending.clear();
        let previous = self.last.replace(Built { site, theme, files: Arc::clone(&files), statics, warnings });
        // Freeing a large model takes milliseconds that the page being reloaded should not wait.
        if let Some(previous) = previous {
            let _ = std::thread::Builder::new().name("dossier-drop".into()).spawn(move || drop(previous));
        }
        Ok(Rebuilt { files, base_path, scope, css_only, elapsed, new_warnings, report })
    }

    /// Decides how much to render by comparing the new model with the last good one.
    fn plan(&self, site: &Site, theme: &Theme, touched: &Touched) -> Plan {
        let Some(last) = &self.last else { return Plan::Full("first build") };
        if last.theme.templates != theme.templates {
            return Plan::Full("the templates changed");
        }
        if last.theme.statics.get("chart.css") != theme.statics.get("chart.css") {
            return Plan::Full("chart.css changed, and chart files embed it");
        }
        if let Some(reason) = shape_change(&last.site, site) {
            return Plan::Full(reason);
        }
        let brief_at: HashMap<&Path, usize> =
            site.briefs.iter().enumerate().map(|(i, b)| (b.path.as_path(), i)).collect();
        let mut briefs = BTreeSet::new();
        for path in self.cache.changed() {
            match brief_at.get(path.as_path()) {
                Some(&i) => {
                    briefs.insert(i);
                }
                // A region or initiative description shows on many pages.
                None if is_description(site, path) => return Plan::Full("a region or initiative changed"),
                None if site.pages.iter().any(|p| p.path == *path) => return Plan::Full("a page changed"),
                // A draft left out of the site: nothing shows it.
                None => {}
            }
        }
        let mut pages = dependents(&last.site, site, &briefs);
        pages.statics = touched.statics || last.theme.statics != theme.statics || last.site.assets != site.assets;
        Plan::Pages { pages, briefs: briefs.len() }
    }

    fn render_plan(
        &self,
        site: &Site,
        theme: &Theme,
        layout: &render::Plan,
        plan: Plan,
    ) -> Result<RenderOutcome, Diagnostics> {
        match plan {
            Plan::Full(reason) => {
                let (files, statics, counts) = self.render_full(site, theme, layout)?;
                Ok((files, statics, Scope::Full(reason), counts))
            }
            Plan::Pages { pages, briefs } => {
                let scope = match (briefs, pages.statics) {
                    (0, false) => Scope::Nothing,
                    (0, true) => Scope::Statics,
                    (n, _) => Scope::Briefs(n),
                };
                let (files, statics, counts) = self.render_some(site, theme, layout, &pages)?;
                Ok((files, statics, scope, counts))
            }
        }
    }

    /// Renders every page (the static files apart, to know which files they are).
    fn render_full(
        &self,
        site: &Site,
        theme: &Theme,
        layout: &render::Plan,
    ) -> Result<(Arc<Files>, BTreeSet<String>, Counts), Diagnostics> {
        let pages = PageSet { statics: false, ..PageSet::all(site) };
        let (mut files, counts) = self.render(site, theme, layout, &pages)?;
        let (static_files, static_counts) = self.render(site, theme, layout, &PageSet::statics())?;
        let statics = static_files.keys().cloned().collect();
        files.extend(static_files);
        self.reuse.charts.sweep();
        self.reuse.pngs.sweep();
        Ok((Arc::new(files), statics, add(counts, static_counts)))
    }

    /// Renders `pages` over the last good build's files.
    fn render_some(
        &self,
        site: &Site,
        theme: &Theme,
        layout: &render::Plan,
        pages: &PageSet,
    ) -> Result<(Arc<Files>, BTreeSet<String>, Counts), Diagnostics> {
        let last = self.last.as_ref().ok_or_else(Diagnostics::default)?;
        let (new, counts) = self.render(site, theme, layout, &PageSet { statics: false, ..pages.clone() })?;
        let mut files = Files::clone(&last.files);
        // A changed brief may have renamed or dropped a chart: its old files must go.
        for &b in &pages.briefs {
            for figure in &last.site.briefs[b].body.figures {
                files.remove(&Asset::ChartSvg(&figure.id).path());
                files.remove(&Asset::ChartCsv(&figure.id).path());
                files.remove(&Asset::ChartPng(&figure.id).path());
            }
            files.remove(&Asset::ShareCard(Page::Brief(&last.site.briefs[b].slug)).path());
        }
        // A region's or initiative's share image may have changed from a card to a chart.
        for &i in &pages.regions {
            files.remove(&Asset::ShareCard(Page::Region(&last.site.regions[i].slug)).path());
        }
        for &i in &pages.initiatives {
            files.remove(&Asset::ShareCard(Page::Initiative(&last.site.initiatives[i].slug)).path());
        }
        // The index's file names are hashes of their contents: a new index replaces the old whole.
        if pages.search {
            files.retain(|path, _| !path.starts_with(SEARCH_DIR));
        }
        let mut statics = last.statics.clone();
        let mut counts = counts;
        if pages.statics {
            let (static_files, static_counts) = self.render(site, theme, layout, &PageSet::statics())?;
            for path in &last.statics {
                files.remove(path);
            }
            statics = static_files.keys().cloned().collect();
            files.extend(static_files);
            counts = add(counts, static_counts);
        }
        files.extend(new);
        Ok((Arc::new(files), statics, counts))
    }

    fn render(
        &self,
        site: &Site,
        theme: &Theme,
        layout: &render::Plan,
        pages: &PageSet,
    ) -> Result<(Files, Counts), Diagnostics> {
        let sink = MemorySink::default();
        let counts = render::render_pages(site, theme, layout, &sink, pages, Some(&self.reuse))?;
        let files = sink.into_files().into_iter().map(|(path, bytes)| (path, Arc::from(bytes))).collect();
        Ok((files, counts))
    }

    fn new_warnings(&self, warnings: &Diagnostics) -> Diagnostics {
        let before: BTreeSet<String> = match &self.last {
            Some(last) => last.warnings.0.iter().map(|d| d.to_string()).collect(),
            None => BTreeSet::new(),
        };
        Diagnostics(warnings.0.iter().filter(|d| !before.contains(&d.to_string())).cloned().collect())
    }
}

/// A render's files, the paths of its static files, what it covered and its counts.
type RenderOutcome = (Arc<Files>, BTreeSet<String>, Scope, Counts);

fn add(a: Counts, b: Counts) -> Counts {
    Counts { pages: a.pages + b.pages, files: a.files + b.files, charts: a.charts + b.charts }
}

fn is_description(site: &Site, path: &Path) -> bool {
    let region = site.regions.iter().any(|r| r.source.as_deref() == Some(path));
    region || site.initiatives.iter().any(|n| n.source.as_deref() == Some(path))
}

/// Why the two models differ in more than the content of some briefs, if they do. Pages other
/// than a brief's dependents only show what this compares, so when it finds nothing they are
/// unchanged.
fn shape_change(old: &Site, new: &Site) -> Option<&'static str> {
    if old.config != new.config || old.drafts != new.drafts {
        return Some("dossier.yaml changed");
    }
    let same_briefs = old.briefs.len() == new.briefs.len()
        && old.briefs.iter().zip(&new.briefs).all(|(a, b)| {
            a.slug == b.slug
                && a.path == b.path
                && a.meta.date == b.meta.date
                && a.meta.draft == b.meta.draft
                && a.regions == b.regions
                && a.initiatives == b.initiatives
                && a.tags == b.tags
        });
    if !same_briefs {
        return Some("briefs were added or removed, or changed slug, date, draft, regions, initiatives or tags");
    }
    let same_regions = old.regions.len() == new.regions.len()
        && old.regions.iter().zip(&new.regions).all(|(a, b)| {
            (&a.slug, &a.name, &a.kind, &a.country, a.parent, &a.children, &a.source, &a.html, &a.initiatives)
                == (&b.slug, &b.name, &b.kind, &b.country, b.parent, &b.children, &b.source, &b.html, &b.initiatives)
        });
    let same_initiatives = old.initiatives.len() == new.initiatives.len()
        && old.initiatives.iter().zip(&new.initiatives).all(|(a, b)| {
            (&a.slug, &a.meta.name, &a.meta.full_name, &a.source, &a.html, &a.regions)
                == (&b.slug, &b.meta.name, &b.meta.full_name, &b.source, &b.html, &b.regions)
        });
    let same_tags = old.tags.len() == new.tags.len()
        && old.tags.iter().zip(&new.tags).all(|(a, b)| a.slug == b.slug && a.name == b.name);
    if !(same_regions && same_initiatives && same_tags) {
        return Some("regions, initiatives or tags changed");
    }
    // The `/references/` page lists every work cited and the briefs citing it.
    if old.bibliography.is_some() != new.bibliography.is_some() || old.works != new.works {
        return Some("the bibliography or the works cited changed");
    }
    let same_pages = old.pages.len() == new.pages.len()
        && old.pages.iter().zip(&new.pages).all(|(a, b)| a.meta == b.meta && a.body.blocks == b.body.blocks);
    let same_authors = old.authors.len() == new.authors.len()
        && old.authors.iter().zip(&new.authors).all(|(a, b)| a.meta == b.meta && a.html == b.html);
    if !(same_pages && same_authors) {
        return Some("pages or authors changed");
    }
    None
}

/// The pages that can differ after `briefs` changed (indices valid in both models, which have
/// the same shape). A brief's own page always; other pages only show a brief through its card,
/// feed entry and chart thumbnails (its footprint) and through its charts' data, so:
/// - a changed footprint redoes the pages that list the brief (its regions, initiatives and
///   tags, the lists and feeds) and those showing its charts or gathered figures;
/// - changed chart data redoes the pages showing its charts or gathered figures;
/// - and any region or initiative whose charts or gathered figures differ is redone.
fn dependents(old: &Site, new: &Site, briefs: &BTreeSet<usize>) -> PageSet {
    let shown: BTreeSet<usize> = briefs
        .iter()
        .copied()
        .filter(|&b| render::brief_footprint(old, b) != render::brief_footprint(new, b))
        .collect();
    let charted: BTreeSet<usize> = briefs
        .iter()
        .copied()
        .filter(|&b| !same_figures(&old.briefs[b], &new.briefs[b]))
        .chain(shown.iter().copied())
        .collect();
    let cites = |list: &[usize]| list.iter().any(|b| shown.contains(b));
    let charts = |list: &[(usize, usize)]| list.iter().any(|(b, _)| charted.contains(b));
    let gathers = |list: &[Gathered]| list.iter().flat_map(|g| &g.points).any(|p| charted.contains(&p.brief));
    let regions = (0..new.regions.len()).filter(|&i| {
        let (a, b) = (&old.regions[i], &new.regions[i]);
        a.figures != b.figures
            || a.gathered != b.gathered
            || cites(&b.briefs)
            || charts(&b.figures)
            || gathers(&b.gathered)
            || gathers(&a.gathered)
    });
    let initiatives = (0..new.initiatives.len()).filter(|&i| {
        let (a, b) = (&old.initiatives[i], &new.initiatives[i]);
        a.figures != b.figures || cites(&b.briefs) || charts(&b.figures)
    });
    // A brief's page shows its related briefs' cards.
    let carded: BTreeSet<usize> =
        shown.iter().copied().filter(|&b| render::brief_card(old, b) != render::brief_card(new, b)).collect();
    let mut briefs = briefs.clone();
    if !carded.is_empty() {
        briefs.extend((0..new.briefs.len()).filter(|&b| new.briefs[b].related.iter().any(|r| carded.contains(r))));
    }
    // Any change to a brief's text may change what a search finds.
    let search = !briefs.is_empty() && new.config.search;
    PageSet {
        briefs,
        regions: regions.collect(),
        initiatives: initiatives.collect(),
        tags: (0..new.tags.len()).filter(|&i| cites(&new.tags[i].briefs)).collect(),
        lists: !shown.is_empty(),
        statics: false,
        search,
    }
}

/// Whether the charts of a brief draw the same, wherever they moved in the file.
fn same_figures(old: &Brief, new: &Brief) -> bool {
    let (a, b) = (&old.body.figures, &new.body.figures);
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| drawn(x) == drawn(y))
        && old.figure_regions == new.figure_regions
        && old.figure_initiatives == new.figure_initiatives
}

/// What of a chart block shows on a page. It is taken apart without `..`: a field added to
/// `DataBlock` fails to compile here until it is sorted into shown or not.
fn drawn(block: &DataBlock) -> impl PartialEq + '_ {
    let DataBlock {
        id,
        title,
        kind,
        unit,
        source,
        note,
        indicator,
        regions,
        initiatives,
        table,
        path: _,
        line: _,
        id_at: _,
        kind_at: _,
        regions_at: _,
        source_at: _,
        row_lines: _,
    } = block;
    (id, title, kind, unit, source, note, indicator, regions, initiatives, table)
}

#[cfg(test)]
mod tests;
