//! Rendering: the model becomes pages and files, handed one by one to a [`Sink`].
//!
//! Per-brief work (page, figures, chart files) runs in parallel. Region and initiative pages
//! read the indices the model already built, so their cost grows with their own briefs, never
//! with briefs × regions. Nothing here touches the filesystem except through the sink.

mod draw;
mod feeds;
mod figures;
mod reuse;
mod theme;
mod views;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::FIGURE_MARK;
use crate::site::{Site, display_date};
use crate::timings::Tally;
use crate::write::Sink;
pub use draw::ChartCache;
use draw::Draw;
pub use reuse::RenderCache;
pub use theme::Theme;
use views::{Link, PageView, SiteView, Urls};

/// How many files of each sort a render wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub pages: usize,
    pub files: usize,
    pub charts: usize,
}

/// Which pages and files a render writes: all of them for a build, or those a change touched
/// for the preview server. Indices are into the site's lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSet {
    /// Each brief's page and its chart files (`charts/<id>.svg`, `.csv`).
    pub briefs: BTreeSet<usize>,
    /// Each region's page and feed.
    pub regions: BTreeSet<usize>,
    /// Each initiative's page and feed.
    pub initiatives: BTreeSet<usize>,
    pub tags: BTreeSet<usize>,
    /// Home, the list pages, 404, the site's feed, `robots.txt`, `sitemap.xml` and `CNAME`.
    pub lists: bool,
    /// The theme's static files, the site's `static/` folder and files linked from briefs.
    pub statics: bool,
}

impl PageSet {
    /// Every page and file of `site`.
    pub fn all(site: &Site) -> PageSet {
        PageSet {
            briefs: (0..site.briefs.len()).collect(),
            regions: (0..site.regions.len()).collect(),
            initiatives: (0..site.initiatives.len()).collect(),
            tags: (0..site.tags.len()).collect(),
            lists: true,
            statics: true,
        }
    }

    /// Only the static files.
    pub fn statics() -> PageSet {
        PageSet { statics: true, ..PageSet::default() }
    }
}

/// Renders the whole site into `sink`.
pub fn render_site(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<Counts, Diagnostics> {
    render_pages(site, theme, sink, &PageSet::all(site), None)
}

/// How brief `i` shows on pages other than its own: its card, its feed entry and its chart
/// thumbnails, built by the same code as those pages. When it is the same in two builds, the
/// pages that list the brief are the same too; the preview server compares it to render less.
pub fn brief_footprint(site: &Site, i: usize) -> String {
    let base_path = site.config.base_path();
    let urls = Urls { site, base_path: &base_path };
    let mut out = serde_json::to_string(&urls.card(i)).unwrap_or_default();
    feeds::entry(&mut out, site, i);
    for f in 0..site.briefs[i].body.figures.len() {
        if let Some(chart) = figures::chart_ref(site, &urls, i, f, None) {
            out.push_str(&serde_json::to_string(&chart).unwrap_or_default());
        }
    }
    out
}

/// Renders the pages of `pages` into `sink`, reusing what `cache` kept from earlier renders
/// when given. The bytes of each file are the same as [`render_site`] writes.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    pages: &PageSet,
    cache: Option<&RenderCache>,
) -> Result<Counts, Diagnostics> {
    let renderer = Renderer::new(site, theme, cache)?;
    renderer.render(pages, sink)
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    tera: Arc<Tera>,
    base_path: String,
    chart_css: String,
    draw: Draw<'a>,
    alts: figures::Alts,
}

/// One unit of parallel work: a page (or the group of list pages) and the files that go with it.
#[derive(Clone, Copy)]
enum Job {
    Brief(usize),
    Region(usize),
    Initiative(usize),
    Tag(usize),
    /// `briefs/index.html`: a card for every brief, the biggest page of the site.
    AllBriefs,
    /// Home, the other list pages, 404, feeds and the sitemap.
    Lists,
    Statics,
}

/// Thread time per kind of job, printed with `DOSSIER_TIMINGS=1`.
static TALLIES: [Tally; 7] = [
    Tally::new("brief pages"),
    Tally::new("  of which figures"),
    Tally::new("region pages"),
    Tally::new("initiative pages"),
    Tally::new("tag pages"),
    Tally::new("list pages, feeds"),
    Tally::new("static files"),
];
const FIGURES: &Tally = &TALLIES[1];

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, cache: Option<&'a RenderCache>) -> Result<Self, Diagnostics> {
        let base_path = site.config.base_path();
        let base_url = &site.config.base_url;
        let compile = || -> Result<Tera, Diagnostics> {
            let mut tera = theme.compile()?;
            tera.register_function("url", url_function(base_path.clone(), base_url.clone()));
            Ok(tera)
        };
        let tera = match cache {
            Some(cache) => cache.templates(reuse::templates_key(theme, &base_path, base_url), compile)?,
            None => Arc::new(compile()?),
        };
        let draw = Draw { cache: cache.map(|c| &c.charts) };
        let chart_css =
            theme.statics.get("chart.css").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        let alts = figures::Alts::new(site);
        Ok(Renderer { site, theme, tera, base_path, chart_css, draw, alts })
    }

    fn run(&self, job: Job, sink: &dyn Sink) -> Result<Counts, Diagnostic> {
        match job {
            Job::Brief(i) => TALLIES[0].time(|| self.brief(i, sink)),
            Job::Region(i) => TALLIES[2].time(|| self.region(i, sink)),
            Job::Initiative(i) => TALLIES[3].time(|| self.initiative(i, sink)),
            Job::Tag(i) => TALLIES[4].time(|| self.tag(i, sink)),
            Job::AllBriefs => TALLIES[5].time(|| self.all_briefs(sink)),
            Job::Lists => TALLIES[5].time(|| self.lists(sink)),
            Job::Statics => TALLIES[6].time(|| self.statics(sink)),
        }
    }

    fn urls(&self) -> Urls<'_> {
        Urls { site: self.site, base_path: &self.base_path }
    }

    fn render(&self, pages: &PageSet, sink: &dyn Sink) -> Result<Counts, Diagnostics> {
        // Biggest jobs first: rayon hands out the list from the front, so the page of every brief
        // and the region, initiative and tag pages (each hundreds of cards) start at once,
        // while thousands of small brief pages fill in around them. Last, they made a tail
        // that one core worked through while the other sat idle.
        let mut jobs: Vec<Job> = Vec::new();
        if pages.lists {
            jobs.push(Job::AllBriefs);
        }
        jobs.extend(pages.regions.iter().map(|&i| Job::Region(i)));
        jobs.extend(pages.initiatives.iter().map(|&i| Job::Initiative(i)));
        jobs.extend(pages.tags.iter().map(|&i| Job::Tag(i)));
        if pages.lists {
            jobs.push(Job::Lists);
        }
        jobs.extend(pages.briefs.iter().map(|&i| Job::Brief(i)));
        if pages.statics {
            jobs.push(Job::Statics);
        }
        let results: Vec<Result<Counts, Diagnostic>> = jobs.par_iter().map(|job| self.run(*job, sink)).collect();
        for tally in &TALLIES {
            tally.report();
        }
        let mut total = Counts::default();
        let mut errors = Diagnostics::default();
        for r in results {
            match r {
                Ok(c) => {
                    total.pages += c.pages;
                    total.files += c.files;
                    total.charts += c.charts;
                }
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(total)
        } else {
            errors.sort();
            Err(errors)
        }
    }

    /// The context every page shares, plus the page's own description.
    fn context(&self, kind: &'static str, path: &str, title: &str, description: &str) -> Context {
        self.context_with_feed(kind, path, title, description, None)
    }

    /// Where a page has a feed (home, regions, initiatives), its `<link rel="alternate">` target
    /// and the feed's own title.
    fn feed_for(&self, path: &str, title: &str) -> Option<(String, String)> {
        self.site.config.is_absolute().then(|| (format!("{}{}feed.xml", self.base_path, path), title.to_string()))
    }

    fn context_with_feed(
        &self,
        kind: &'static str,
        path: &str,
        title: &str,
        description: &str,
        feed: Option<(String, String)>,
    ) -> Context {
        let c = &self.site.config;
        let mut ctx = Context::new();
        ctx.insert(
            "site",
            &SiteView {
                title: &c.title,
                description: &c.description,
                language: &c.language,
                base_url: &c.base_url,
                author: c.author.as_deref(),
            },
        );
        let canonical =
            if c.is_absolute() { format!("{}{}", c.base_url, path) } else { format!("{}{}", self.base_path, path) };
        ctx.insert(
            "page",
            &PageView {
                kind,
                title: title.to_string(),
                description: description.to_string(),
                canonical,
                feed_url: feed.as_ref().map(|(url, _)| url.clone()),
                feed_title: feed.map(|(_, title)| title),
            },
        );
        ctx.insert("dossier_version", env!("CARGO_PKG_VERSION"));
        ctx
    }

    fn page(&self, template: &str, ctx: &Context, out_path: &str, sink: &dyn Sink) -> Result<(), Diagnostic> {
        let html = self.tera.render(template, ctx).map_err(|e| self.theme.error(&e, Some(template)))?;
        sink.write(out_path, html.as_bytes()).map_err(|e| io_error(out_path, e))
    }

    /// Writes `PATHfeed.xml` when the site has an absolute base URL.
    fn feed(&self, title: &str, path: &str, briefs: &[usize], sink: &dyn Sink) -> Result<(), Diagnostic> {
        if !self.site.config.is_absolute() {
            return Ok(());
        }
        let feed_path = format!("{path}feed.xml");
        let xml = feeds::atom(self.site, title, path, &feed_path, briefs);
        sink.write(&feed_path, xml.as_bytes()).map_err(|e| io_error(&feed_path, e))
    }

    fn brief(&self, i: usize, sink: &dyn Sink) -> Result<Counts, Diagnostic> {
        let urls = self.urls();
        let b = &self.site.briefs[i];
        let mut counts = Counts { pages: 1, ..Counts::default() };
        let mut parts = b.body.html.split(FIGURE_MARK);
        let mut content = String::with_capacity(b.body.html.len() * 2);
        content.push_str(parts.next().unwrap_or_default());
        for (n, (block, rest)) in b.body.figures.iter().zip(parts).enumerate() {
            let alt = self.alts.get(self.site, i, n);
            let fig = FIGURES.time(|| figures::brief_figure(block, &urls, &self.chart_css, self.draw, alt));
            let mut ctx = Context::new();
            ctx.insert("figure", &fig.view);
            ctx.insert("number", &(n + 1));
            let html = self
                .tera
                .render("partials/figure.html", &ctx)
                .map_err(|e| self.theme.error(&e, Some("partials/figure.html")))?;
            content.push_str(&html);
            content.push_str(rest);
            if let Some(svg) = &fig.svg_file {
                let path = format!("charts/{}.svg", block.id);
                sink.write(&path, svg.as_bytes()).map_err(|e| io_error(&path, e))?;
                counts.charts += 1;
            }
            let path = format!("charts/{}.csv", block.id);
            sink.write(&path, fig.csv_file.as_bytes()).map_err(|e| io_error(&path, e))?;
            counts.files += 1 + usize::from(fig.svg_file.is_some());
        }
        let path = format!("briefs/{}/", b.slug);
        let mut ctx = self.context("brief", &path, &b.meta.title, b.meta.summary.as_deref().unwrap_or_default());
        ctx.insert(
            "brief",
            &BriefView {
                card: urls.card(i),
                content,
                toc: toc(&b.body.headings),
                tags: b.tags.iter().map(|&t| urls.tag_link(t)).collect(),
                updated: b.meta.updated.clone(),
                updated_display: b.meta.updated.as_deref().map(display_date),
                word_count: b.body.words,
            },
        );
        self.page("brief.html", &ctx, &format!("{path}index.html"), sink)?;
        Ok(counts)
    }

    /// Thumbnails of the charts at `(brief, figure)`, for region and initiative pages.
    fn chart_refs(&self, urls: &Urls, at: &[(usize, usize)]) -> Vec<views::ChartRef> {
        at.iter().filter_map(|&(b, f)| figures::chart_ref(self.site, urls, b, f, Some(&self.alts))).collect()
    }

    fn region(&self, i: usize, sink: &dyn Sink) -> Result<Counts, Diagnostic> {
        let urls = self.urls();
        let r = &self.site.regions[i];
        let path = format!("regions/{}/", r.slug);
        let description = format!("Briefs and figures on {}", r.name);
        let feed_title = format!("Briefs on {}", r.name);
        let mut ctx = self.context_with_feed("region", &path, &r.name, &description, self.feed_for(&path, &feed_title));
        ctx.insert(
            "region",
            &RegionView {
                slug: &r.slug,
                name: &r.name,
                kind: r.kind.as_deref(),
                country: r.country.as_deref(),
                parent: r.parent.map(|p| urls.region_link(p)),
                children: r.children.iter().map(|&c| urls.region_link(c)).collect(),
                content: &r.html,
                briefs: urls.cards(&r.briefs),
                charts: self.chart_refs(&urls, &r.figures),
                gathered: r
                    .gathered
                    .iter()
                    .map(|g| figures::gathered_figure(self.site, &urls, i, g, self.draw))
                    .collect(),
                briefs_per_year: figures::briefs_per_year(
                    self.site,
                    &format!("g-per-year-{}", r.slug),
                    &r.name,
                    &r.briefs,
                    self.draw,
                ),
                initiatives: r.initiatives.iter().map(|&n| urls.initiative_link(n)).collect(),
            },
        );
        self.page("region.html", &ctx, &format!("{path}index.html"), sink)?;
        self.feed(&feed_title, &path, &r.briefs, sink)?;
        Ok(Counts { pages: 1, ..Counts::default() })
    }

    fn initiative(&self, i: usize, sink: &dyn Sink) -> Result<Counts, Diagnostic> {
        let urls = self.urls();
        let n = &self.site.initiatives[i];
        let m = &n.meta;
        let path = format!("initiatives/{}/", n.slug);
        let full = m.full_name.clone().unwrap_or_else(|| m.name.clone());
        let feed_title = format!("Briefs on {full}");
        let mut ctx = self.context_with_feed(
            "initiative",
            &path,
            &full,
            &format!("Briefs and figures on {full}"),
            self.feed_for(&path, &feed_title),
        );
        let milestones = crate::site::sorted_milestones(&m.milestones);
        ctx.insert(
            "initiative",
            &InitiativeView {
                slug: &n.slug,
                name: &m.name,
                full_name: m.full_name.as_deref(),
                started: m.started.as_deref(),
                ended: m.ended.as_deref(),
                sponsor: m.sponsor.as_deref(),
                timeline: figures::timeline(
                    &format!("g-timeline-{}", n.slug),
                    &format!("Milestones of {full}"),
                    &milestones,
                    self.draw,
                ),
                milestones: milestones
                    .iter()
                    .map(|ms| MilestoneView {
                        date: ms.date.clone(),
                        date_display: display_date(&ms.date),
                        label: ms.label.clone(),
                    })
                    .collect(),
                regions: n.regions.iter().map(|&r| urls.region_link(r)).collect(),
                content: &n.html,
                briefs: urls.cards(&n.briefs),
                charts: self.chart_refs(&urls, &n.figures),
                briefs_per_year: figures::briefs_per_year(
                    self.site,
                    &format!("g-per-year-{}", n.slug),
                    &m.name,
                    &n.briefs,
                    self.draw,
                ),
            },
        );
        self.page("initiative.html", &ctx, &format!("{path}index.html"), sink)?;
        self.feed(&feed_title, &path, &n.briefs, sink)?;
        Ok(Counts { pages: 1, ..Counts::default() })
    }

    fn tag(&self, i: usize, sink: &dyn Sink) -> Result<Counts, Diagnostic> {
        let urls = self.urls();
        let t = &self.site.tags[i];
        let path = format!("tags/{}/", t.slug);
        let mut ctx = self.context("tag", &path, &format!("Tagged “{}”", t.name), "");
        ctx.insert("tag", &TagView { slug: &t.slug, name: &t.name, briefs: urls.cards(&t.briefs) });
        self.page("tag.html", &ctx, &format!("{path}index.html"), sink)?;
        Ok(Counts { pages: 1, ..Counts::default() })
    }

    /// Home, the region, initiative and tag lists, 404, feeds and the sitemap.
    fn lists(&self, sink: &dyn Sink) -> Result<Counts, Diagnostic> {
        let site = self.site;
        let urls = self.urls();
        let all: Vec<usize> = (0..site.briefs.len()).collect();
        let regions: Vec<RegionItem> = site
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| RegionItem {
                link: urls.region_link(i),
                kind: r.kind.clone(),
                country: r.country.clone(),
                parent: r.parent.map(|p| urls.region_link(p)),
                count: r.briefs.len(),
            })
            .collect();
        let initiatives: Vec<InitiativeItem> = site
            .initiatives
            .iter()
            .enumerate()
            .map(|(i, n)| InitiativeItem {
                link: urls.initiative_link(i),
                full_name: n.meta.full_name.clone(),
                started: n.meta.started.clone(),
                ended: n.meta.ended.clone(),
                sponsor: n.meta.sponsor.clone(),
                count: n.briefs.len(),
            })
            .collect();
        let c = &site.config;
        let mut ctx = self.context_with_feed("home", "", &c.title, &c.description, self.feed_for("", &c.title));
        ctx.insert("latest", &urls.cards(&all[..all.len().min(c.latest)]));
        ctx.insert("regions", &regions);
        ctx.insert("initiatives", &initiatives);
        self.page("index.html", &ctx, "index.html", sink)?;

        let mut ctx = self.context("regions", "regions/", "Regions", "Every region the briefs cover");
        ctx.insert("regions", &regions);
        self.page("regions.html", &ctx, "regions/index.html", sink)?;

        let mut ctx = self.context("initiatives", "initiatives/", "Initiatives", "Every initiative the briefs cover");
        ctx.insert("initiatives", &initiatives);
        self.page("initiatives.html", &ctx, "initiatives/index.html", sink)?;

        let tags: Vec<TagItem> = site
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| TagItem { link: urls.tag_link(i), count: t.briefs.len() })
            .collect();
        let mut ctx = self.context("tags", "tags/", "Tags", "");
        ctx.insert("tags", &tags);
        self.page("tags.html", &ctx, "tags/index.html", sink)?;

        let ctx = self.context("404", "404.html", "Page not found", "");
        self.page("404.html", &ctx, "404.html", sink)?;
        self.feed(&c.title, "", &all, sink)?;
        let mut publish = vec![("robots.txt".to_string(), feeds::robots(site))];
        if c.is_absolute() {
            publish.push(("sitemap.xml".to_string(), feeds::sitemap(site)));
        }
        if let Some(domain) = &c.cname {
            publish.push(("CNAME".to_string(), format!("{domain}\n")));
        }
        for (path, text) in publish {
            sink.write(&path, text.as_bytes()).map_err(|e| io_error(&path, e))?;
        }
        Ok(Counts { pages: 5, ..Counts::default() })
    }

    /// The list of all briefs, newest first.
    fn all_briefs(&self, sink: &dyn Sink) -> Result<Counts, Diagnostic> {
        let all: Vec<usize> = (0..self.site.briefs.len()).collect();
        let mut ctx = self.context("briefs", "briefs/", "All briefs", &self.site.config.description);
        ctx.insert("briefs", &self.urls().cards(&all));
        self.page("briefs.html", &ctx, "briefs/index.html", sink)?;
        Ok(Counts { pages: 1, ..Counts::default() })
    }

    /// The theme's static files, the site's `static/` folder and files linked from briefs.
    fn statics(&self, sink: &dyn Sink) -> Result<Counts, Diagnostic> {
        let mut files = 0;
        for (path, bytes) in &self.theme.statics {
            sink.write(path, bytes).map_err(|e| io_error(path, e))?;
            files += 1;
        }
        let static_dir = self.site.root.join("static");
        if static_dir.is_dir() {
            for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Diagnostic::error(&static_dir, 0, 0, format!("cannot read: {e}")))?;
                if entry.file_type().is_file() {
                    let rel = entry
                        .path()
                        .strip_prefix(&static_dir)
                        .unwrap_or(entry.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    sink.copy(entry.path(), &rel).map_err(|e| io_error(&rel, e))?;
                    files += 1;
                }
            }
        }
        for (src, dest) in &self.site.assets {
            sink.copy(src, dest).map_err(|e| io_error(dest, e))?;
            files += 1;
        }
        sink.write(".nojekyll", b"").map_err(|e| io_error(".nojekyll", e))?;
        Ok(Counts { files: files + 1, ..Counts::default() })
    }
}

fn io_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 0, 0, format!("cannot write output file: {e}"))
}

/// The table of contents: shown for briefs with three or more sections.
fn toc(headings: &[crate::markdown::Heading]) -> Vec<crate::markdown::Heading> {
    let sections: Vec<_> = headings.iter().filter(|h| h.level <= 3).cloned().collect();
    if sections.iter().filter(|h| h.level == sections.iter().map(|h| h.level).min().unwrap_or(2)).count() >= 3 {
        sections
    } else {
        Vec::new()
    }
}

/// `url(path="briefs/")` -> `/base/briefs/`; with `absolute=true`, the full URL.
fn url_function(base_path: String, base_url: String) -> impl tera::Function {
    move |args: &HashMap<String, Value>| -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("url() needs `path`, e.g. url(path=\"briefs/\")"))?;
        let path = path.trim_start_matches('/');
        let absolute = args.get("absolute").and_then(Value::as_bool).unwrap_or(false);
        let prefix = if absolute && base_url.contains("://") { &base_url } else { &base_path };
        Ok(Value::String(format!("{prefix}{path}")))
    }
}

#[derive(Serialize)]
struct BriefView {
    #[serde(flatten)]
    card: views::BriefCard,
    content: String,
    toc: Vec<crate::markdown::Heading>,
    tags: Vec<Link>,
    updated: Option<String>,
    updated_display: Option<String>,
    word_count: usize,
}

#[derive(Serialize)]
struct RegionView<'a> {
    slug: &'a str,
    name: &'a str,
    kind: Option<&'a str>,
    country: Option<&'a str>,
    parent: Option<Link>,
    children: Vec<Link>,
    content: &'a str,
    briefs: Vec<views::BriefCard>,
    charts: Vec<views::ChartRef>,
    gathered: Vec<views::Figure>,
    briefs_per_year: Option<views::Figure>,
    initiatives: Vec<Link>,
}

#[derive(Serialize)]
struct MilestoneView {
    date: String,
    date_display: String,
    label: String,
}

#[derive(Serialize)]
struct InitiativeView<'a> {
    slug: &'a str,
    name: &'a str,
    full_name: Option<&'a str>,
    started: Option<&'a str>,
    ended: Option<&'a str>,
    sponsor: Option<&'a str>,
    milestones: Vec<MilestoneView>,
    regions: Vec<Link>,
    content: &'a str,
    briefs: Vec<views::BriefCard>,
    charts: Vec<views::ChartRef>,
    timeline: Option<views::Figure>,
    briefs_per_year: Option<views::Figure>,
}

#[derive(Serialize)]
struct TagView<'a> {
    slug: &'a str,
    name: &'a str,
    briefs: Vec<views::BriefCard>,
}

#[derive(Serialize)]
struct RegionItem {
    #[serde(flatten)]
    link: Link,
    kind: Option<String>,
    country: Option<String>,
    parent: Option<Link>,
    count: usize,
}

#[derive(Serialize)]
struct InitiativeItem {
    #[serde(flatten)]
    link: Link,
    full_name: Option<String>,
    started: Option<String>,
    ended: Option<String>,
    sponsor: Option<String>,
    count: usize,
}

#[derive(Serialize)]
struct TagItem {
    #[serde(flatten)]
    link: Link,
    count: usize,
}
