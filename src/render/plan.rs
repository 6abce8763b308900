//! The plan of a build: every file it will write, with where each comes from, made before any
//! page is rendered. Two things that want one path are an error at the second one's place, so
//! a build never writes one page over another, and `dossier check` reports the same problems
//! from the same plan.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Theme;
use crate::data::ChartKind;
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{Asset, CiteFormat, Page, Routes, SEARCH_DIR, Source};
use crate::site::Site;

/// Every output path of a build, and the site's static files to copy.
pub struct Plan {
    pub routes: Routes,
    /// (file on disk, output path) of `static/`, sorted.
    pub statics: Vec<(PathBuf, String)>,
}

/// Plans the build of `site` with `theme`. Collisions are every located error found.
pub fn plan(site: &Site, theme: &Theme) -> Result<Plan, Diagnostics> {
    let mut routes = Routes::default();
    let mut errors = Diagnostics::default();
    // The search index's file names are hashes made while indexing: its folder is claimed
    // whole, first, so that a static file inside it is an error at that file.
    if site.config.search {
        let _ = routes.claim_folder(SEARCH_DIR, Source::built_in("the search index"));
    }
    let mut claim = |path: String, source: Source| {
        if let Err(e) = routes.claim(path, source) {
            errors.push(e.with_hint("give one of them another name: every path of the site holds one file"));
        }
    };
    let layout = &site.layout;
    let share = site.config.share_images;
    // The pages after the first of a list cut into pages.
    let size = site.config.page_size;
    let more_pages = |page: Page, items: usize| -> Vec<String> {
        (2..=crate::layout::page_count(items, size)).map(|n| page.nth_file(n)).collect()
    };
    for file in more_pages(Page::Briefs, site.briefs.len()) {
        claim(file, Source::built_in("a page of the list of briefs"));
    }
    for (page, what) in [
        (Page::Home, "the home page"),
        (Page::Briefs, "the list of briefs"),
        (Page::Regions, "the list of regions"),
        (Page::Initiatives, "the list of initiatives"),
        (Page::Tags, "the list of tags"),
        (Page::NotFound, "the 404 page"),
        (Page::Search, "the search page"),
    ] {
        if page != Page::Search || site.config.search {
            claim(page.file(), Source::built_in(what));
        }
    }
    if site.bibliography.is_some() || !site.works.is_empty() {
        claim(Page::References.file(), Source::built_in("the list of references"));
    }
    let mut generated =
        vec![(Asset::Robots, "robots.txt"), (Asset::NoJekyll, ".nojekyll"), (Asset::Marker, "the output marker")];
    if layout.is_absolute() {
        generated.extend([(Asset::Sitemap, "the sitemap"), (Asset::Feed(Page::Home), "the site's feed")]);
    }
    if site.config.cname.is_some() {
        generated.push((Asset::Cname, "CNAME (from `cname`)"));
    }
    for (asset, what) in generated {
        claim(asset.path(), Source::built_in(what));
    }
    for path in theme.statics.keys() {
        claim(Asset::Static(path).path(), Source::built_in(format!("the theme's file `static/{path}`")));
    }
    for b in &site.briefs {
        claim(Page::Brief(&b.slug).file(), Source::from_file(format!("the page of brief `{}`", b.slug), &b.path, 1, 1));
        for format in CiteFormat::ALL {
            let what = format!("the {} citation of brief `{}`", crate::cite::label(format), b.slug);
            claim(Asset::Citation(&b.slug, format).path(), Source::from_file(what, &b.path, 1, 1));
        }
        for (path, source) in figure_files(&b.body.figures, share) {
            claim(path, source);
        }
        if share && super::figures::first_chart(&b.body.figures).is_none() {
            let what = format!("the share card of brief `{}`", b.slug);
            claim(Asset::ShareCard(Page::Brief(&b.slug)).path(), Source::from_file(what, &b.path, 1, 1));
        }
    }
    let described =
        site.regions.iter().map(|r| ("region", Page::Region(&r.slug), &r.slug, &r.source, r.briefs.len(), &r.figures));
    let described = described.chain(
        site.initiatives
            .iter()
            .map(|n| ("initiative", Page::Initiative(&n.slug), &n.slug, &n.source, n.briefs.len(), &n.figures)),
    );
    for (kind, page, slug, file, briefs, figures) in described {
        let source = |what: String| match file {
            Some(p) => Source::from_file(what, p, 1, 1),
            None => Source::built_in(what),
        };
        claim(page.file(), source(format!("the page of {kind} `{slug}`")));
        if share && super::figures::first_gathered_chart(site, figures).is_none() {
            claim(Asset::ShareCard(page).path(), source(format!("the share card of {kind} `{slug}`")));
        }
        for path in more_pages(page, briefs) {
            claim(path, source(format!("a page of {kind} `{slug}`")));
        }
        if layout.is_absolute()
            && let Some(feed) = page.feed()
        {
            claim(feed.path(), source(format!("the feed of {kind} `{slug}`")));
        }
    }
    for t in &site.tags {
        claim(Page::Tag(&t.slug).file(), Source::built_in(format!("the page of tag `{}`", t.name)));
        for file in more_pages(Page::Tag(&t.slug), t.briefs.len()) {
            claim(file, Source::built_in(format!("a page of tag `{}`", t.name)));
        }
    }
    for p in &site.pages {
        let page = Page::Standalone(&p.meta.slug);
        let (line, col) = if p.meta.slug_at.0 > 0 { p.meta.slug_at } else { (1, 1) };
        claim(page.file(), Source::from_file(format!("the page `{}`", p.meta.slug), &p.path, line, col));
        for (path, source) in figure_files(&p.body.figures, share) {
            claim(path, source);
        }
    }
    if !site.authors.is_empty() {
        claim(Page::Authors.file(), Source::built_in("the list of authors"));
    }
    for a in &site.authors {
        let page = Page::Author(&a.meta.slug);
        claim(page.file(), Source::from_file(format!("the page of author `{}`", a.meta.slug), &a.source, 1, 1));
        for file in more_pages(page, a.briefs.len()) {
            claim(file, Source::from_file(format!("a page of author `{}`", a.meta.slug), &a.source, 1, 1));
        }
    }
    for (src, dest) in &site.assets {
        claim(dest.clone(), Source::from_file("a file linked from the text", src, 0, 0));
    }
    let statics = static_files(&site.root)?;
    for (src, dest) in &statics {
        let shown = src.strip_prefix(&site.root).unwrap_or(src).display().to_string();
        if let Err(e) = routes.claim(dest.clone(), Source::from_file(format!("the static file `{shown}`"), src, 0, 0)) {
            let hint = if theme.statics.contains_key(dest) {
                format!(
                    "to replace the theme's `{dest}`, move the file to `themes/{}/static/{dest}`",
                    site.config.theme
                )
            } else {
                "rename or move the file: every path of the site holds one file".to_string()
            };
            errors.push(e.with_hint(hint));
        }
    }
    if let Err(e) = super::views::menu(site) {
        errors.push(e);
    }
    if errors.is_empty() {
        Ok(Plan { routes, statics })
    } else {
        errors.0 = errors.0.into_iter().map(|d| d.relative_to(&site.root)).collect();
        errors.sort();
        Err(errors)
    }
}

/// The files a body's charts publish: each chart's SVG (not for tables) and CSV, claimed at its
/// `id`.
fn figure_files(figures: &[crate::data::DataBlock], png: bool) -> Vec<(String, Source)> {
    let mut out = Vec::with_capacity(figures.len() * 3);
    for f in figures {
        let at = |what: String| Source::from_file(what, &f.path, f.id_at.0, f.id_at.1);
        if f.kind != ChartKind::Table {
            out.push((Asset::ChartSvg(&f.id).path(), at(format!("chart `{}`", f.id))));
            if png {
                out.push((Asset::ChartPng(&f.id).path(), at(format!("the PNG of chart `{}`", f.id))));
            }
        }
        out.push((Asset::ChartCsv(&f.id).path(), at(format!("the data of chart `{}`", f.id))));
    }
    out
}

/// The files of `ROOT/static/`, sorted, leaving out hidden files and folders (`.DS_Store`,
/// `.git/`) and symbolic links, which could lead anywhere on the machine.
pub fn static_files(root: &Path) -> Result<Vec<(PathBuf, String)>, Diagnostic> {
    let dir = root.join("static");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let walk = WalkDir::new(&dir).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
        let entry =
            entry.map_err(|e| Diagnostic::error(e.path().unwrap_or(&dir), 0, 0, format!("cannot read: {e}")))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            out.push((entry.path().to_path_buf(), Asset::Static(&rel).path()));
        }
    }
    Ok(out)
}
