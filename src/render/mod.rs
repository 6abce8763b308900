//! Rendering: the model becomes pages and files, handed one by one to a [`Sink`].
//!
//! Per-brief work (page, figures, chart files) runs in parallel. Region and initiative pages
//! read the indices the model already built, so their cost grows with their own briefs, never
//! with briefs × regions. Nothing here touches the filesystem except through the sink.

mod draw;
mod feeds;
mod figures;
mod plan;
mod reuse;
mod theme;
mod views;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{self, Asset, Page};
use crate::markdown::{Block, Rendered};
use crate::site::Site;
use crate::timings::Tally;
use crate::write::{Sink, Writer};
use draw::Draw;
pub use plan::{Plan, plan};
pub use reuse::RenderCache;
pub use theme::Theme;
use views::{Link, PageView, ShareView, SiteView, Urls};

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
    /// Home, the list pages, 404, search, the site's feed, `robots.txt`, `sitemap.xml` and `CNAME`.
    pub lists: bool,
    /// The theme's static files, the site's `static/` folder and files linked from briefs.
    pub statics: bool,
    /// The search index (`search-index/`), made from every brief.
    pub search: bool,
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
            search: site.config.search,
        }
    }

    /// Only the static files.
    pub fn statics() -> PageSet {
        PageSet { statics: true, ..PageSet::default() }
    }
}

/// Brief `i`'s card, as lists and other briefs' "related" sections show it.
pub fn brief_card(site: &Site, i: usize) -> String {
    serde_json::to_string(&Urls { site }.card(i)).unwrap_or_default()
}

/// How brief `i` shows on pages other than its own: its card, its feed entry and its chart
/// thumbnails, built by the same code as those pages. When it is the same in two builds, the
/// pages that list the brief are the same too; the preview server compares it to render less.
pub fn brief_footprint(site: &Site, i: usize) -> String {
    let urls = Urls { site };
    let mut out = serde_json::to_string(&urls.card(i)).unwrap_or_default();
    feeds::entry(&mut out, site, i);
    for f in 0..site.briefs[i].body.figures.len() {
        if let Some(chart) = figures::chart_ref(site, &urls, i, f, None) {
            out.push_str(&serde_json::to_string(&chart).unwrap_or_default());
        }
    }
    out
}

/// Renders the pages of `pages` of the `plan` into `sink`, reusing what `cache` kept from
/// earlier renders when given. The bytes of each file are the same whatever `pages` holds.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    plan: &Plan,
    sink: &dyn Sink,
    pages: &PageSet,
    cache: Option<&RenderCache>,
) -> Result<Counts, Diagnostics> {
    let renderer = Renderer::new(site, theme, plan, cache)?;
    renderer.render(pages, &Writer::new(sink, Some(&plan.routes)))
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    plan: &'a Plan,
    tera: Arc<Tera>,
    menu: Vec<views::NavItem>,
    chart_css: String,
    draw: Draw<'a>,
    /// Kept PNGs of the preview server, when there is one.
    pngs: Option<&'a crate::share::PngCache>,
    alts: figures::Alts,
    /// Each brief's card as `partials/card.html` draws it, drawn the first time a list needs
    /// it: a brief is listed on a dozen pages (all briefs, its regions, initiatives, tags and
    /// authors, other briefs' related lists), and drawing a card once per listing was a
    /// quarter of a build.
    cards: Vec<OnceLock<String>>,
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
    /// Standalone pages, the authors and their list.
    Extras,
    Statics,
    /// The search index.
    Search,
}

/// Thread time per kind of job, printed with `DOSSIER_TIMINGS=1`.
static TALLIES: [Tally; 8] = [
    Tally::new("brief pages"),
    Tally::new("  of which figures"),
    Tally::new("region pages"),
    Tally::new("initiative pages"),
    Tally::new("tag pages"),
    Tally::new("list pages, feeds"),
    Tally::new("static files"),
    Tally::new("search index"),
];
const FIGURES: &Tally = &TALLIES[1];

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        theme: &'a Theme,
        plan: &'a Plan,
        cache: Option<&'a RenderCache>,
    ) -> Result<Self, Diagnostics> {
        let compile = || -> Result<Tera, Diagnostics> {
            let mut tera = theme.compile()?;
            tera.register_function("url", url_function(site.layout.clone()));
            tera.register_function("t", t_function(site.config.strings.clone()));
            tera.register_function("local_date", date_function(site.config.strings.clone()));
            Ok(tera)
        };
        let tera = match cache {
            Some(cache) => cache.templates(reuse::templates_key(theme, &site.layout, &site.config.strings), compile)?,
            None => Arc::new(compile()?),
        };
        let draw = Draw { cache: cache.map(|c| &c.charts) };
        let chart_css =
            theme.statics.get("chart.css").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        let alts = figures::Alts::new(site);
        let menu = views::menu(site)?;
        let pngs = cache.map(|c| &c.pngs);
        let cards = (0..site.briefs.len()).map(|_| OnceLock::new()).collect();
        Ok(Renderer { site, theme, plan, tera, menu, chart_css, draw, pngs, alts, cards })
    }

    fn run(&self, job: Job, sink: &Writer) -> Result<Counts, Diagnostic> {
        match job {
            Job::Brief(i) => TALLIES[0].time(|| self.brief(i, sink)),
            Job::Region(i) => TALLIES[2].time(|| self.region(i, sink)),
            Job::Initiative(i) => TALLIES[3].time(|| self.initiative(i, sink)),
            Job::Tag(i) => TALLIES[4].time(|| self.tag(i, sink)),
            Job::AllBriefs => TALLIES[5].time(|| self.all_briefs(sink)),
            Job::Lists => TALLIES[5].time(|| self.lists(sink)),
            Job::Extras => TALLIES[5].time(|| self.extras(sink)),
            Job::Statics => TALLIES[6].time(|| self.statics(sink)),
            Job::Search => TALLIES[7].time(|| self.search_index(sink)),
        }
    }

    fn urls(&self) -> Urls<'_> {
        Urls { site: self.site }
    }

    /// The cards of briefs `indices`, each with its HTML from `partials/card.html`.
    fn cards(&self, indices: &[usize]) -> Result<Vec<views::BriefCard>, Diagnostic> {
        const TEMPLATE: &str = "partials/card.html";
        let urls = self.urls();
        indices
            .iter()
            .map(|&i| {
                let mut card = urls.card(i);
                card.html = match self.cards[i].get() {
                    Some(html) => html.clone(),
                    None => {
                        let mut ctx = Context::new();
                        ctx.insert("b", &card);
                        let html =
                            self.tera.render(TEMPLATE, &ctx).map_err(|e| self.theme.error(&e, Some(TEMPLATE)))?;
                        self.cards[i].get_or_init(|| html).clone()
                    }
                };
                Ok(card)
            })
            .collect()
    }

    fn render(&self, pages: &PageSet, sink: &Writer) -> Result<Counts, Diagnostics> {
        // Biggest jobs first: rayon hands out the list from the front, so the page of every brief
        // and the region, initiative and tag pages (each hundreds of cards) start at once,
        // while thousands of small brief pages fill in around them. Last, they made a tail
        // that one core worked through while the other sat idle.
        let mut jobs: Vec<Job> = Vec::new();
        // The index reads every brief on one thread: it starts first and the pages fill in
        // around it on the other threads.
        if pages.search {
            jobs.push(Job::Search);
        }
        if pages.lists {
            jobs.push(Job::AllBriefs);
        }
        jobs.extend(pages.regions.iter().map(|&i| Job::Region(i)));
        jobs.extend(pages.initiatives.iter().map(|&i| Job::Initiative(i)));
        jobs.extend(pages.tags.iter().map(|&i| Job::Tag(i)));
        if pages.lists {
            jobs.push(Job::Lists);
            jobs.push(Job::Extras);
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
    fn context(&self, kind: &'static str, page: Page, title: &str, description: &str) -> Context {
        self.context_with_feed(kind, page, title, description, None)
    }

    /// Renders every page of a list of `items` (brief indices) cut into pages of `page_size`:
    /// page 1 at the list's own path, then `page/2/`… Each page's context is `base` with the
    /// page's place, and what `fill` adds for the page's items. Returns how many pages it wrote.
    fn paginated(
        &self,
        template: &str,
        page: Page,
        base: Context,
        items: &[usize],
        sink: &Writer,
        fill: impl Fn(&mut Context, &[usize], usize) -> Result<(), Diagnostic>,
    ) -> Result<usize, Diagnostic> {
        let size = self.site.config.page_size;
        let pages = layout::page_count(items.len(), size);
        let layout = &self.site.layout;
        for number in 1..=pages {
            let chunk = &items[((number - 1) * size).min(items.len())..(number * size).min(items.len())];
            let mut ctx = base.clone();
            let url = |n: usize| layout.url(&page.nth_path(n));
            let paginator = views::PaginatorView {
                number,
                pages,
                items: items.len(),
                first_item: (number - 1) * size + 1,
                prev_url: (number > 1).then(|| url(number - 1)),
                next_url: (number < pages).then(|| url(number + 1)),
                first_url: url(1),
                last_url: url(pages),
            };
            if number > 1
                && let Some(tera::Value::Object(mut view)) = ctx.get("page").cloned()
            {
                let title = view.get("title").and_then(|t| t.as_str()).unwrap_or_default().to_string();
                let (n, of) = (number.to_string(), pages.to_string());
                let args = [("title", title.as_str()), ("n", n.as_str()), ("pages", of.as_str())];
                view.insert("title".into(), self.site.config.strings.format("page_title_nth", &args).into());
                view.insert("canonical".into(), layout.canonical_nth(page, number).into());
                ctx.insert("page", &view);
            }
            if let Some(tera::Value::Object(mut view)) = ctx.get("page").cloned() {
                view.insert("prev_url".into(), serde_json::to_value(&paginator.prev_url).unwrap_or_default());
                view.insert("next_url".into(), serde_json::to_value(&paginator.next_url).unwrap_or_default());
                ctx.insert("page", &view);
            }
            ctx.insert("paginator", &paginator);
            fill(&mut ctx, chunk, number)?;
            let html = self.tera.render(template, &ctx).map_err(|e| self.theme.error(&e, Some(template)))?;
            sink.write(&page.nth_file(number), template, html.as_bytes())?;
        }
        Ok(pages)
    }

    /// Where a page has a feed (home, regions, initiatives), its `<link rel="alternate">` target
    /// and the feed's own title.
    fn feed_for(&self, page: Page, title: &str) -> Option<(String, String)> {
        let layout = &self.site.layout;
        page.feed().filter(|_| layout.is_absolute()).map(|feed| (layout.asset(feed), title.to_string()))
    }

    fn context_with_feed(
        &self,
        kind: &'static str,
        page: Page,
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
                logo: c.logo.as_ref().map(|l| {
                    if l.contains("://") { l.clone() } else { self.site.layout.url(l.trim_start_matches('/')) }
                }),
                accent: c.accent.as_deref(),
                accent_dark: c.accent_dark.as_deref(),
                footer_text: c.footer_text.as_deref(),
                footer_links: c
                    .footer_links
                    .iter()
                    .map(|(name, url)| Link { slug: String::new(), name: name.clone(), url: url.clone() })
                    .collect(),
                extra: &c.extra,
                search: c.search,
                references_url: (self.site.bibliography.is_some() || !self.site.works.is_empty())
                    .then(|| self.site.layout.page(Page::References)),
            },
        );
        let canonical = self.site.layout.canonical(page);
        ctx.insert(
            "page",
            &PageView {
                kind,
                title: title.to_string(),
                description: description.to_string(),
                canonical,
                feed_url: feed.as_ref().map(|(url, _)| url.clone()),
                feed_title: feed.map(|(_, title)| title),
                section: views::section_of(page),
                prev_url: None,
                next_url: None,
            },
        );
        ctx.insert("dossier_version", env!("CARGO_PKG_VERSION"));
        ctx.insert("share", &None::<ShareView>);
        ctx.insert("menu", &self.menu);
        ctx
    }

    fn page(&self, template: &str, ctx: &Context, page: Page, sink: &Writer) -> Result<(), Diagnostic> {
        let html = self.tera.render(template, ctx).map_err(|e| self.theme.error(&e, Some(template)))?;
        sink.write(&page.file(), template, html.as_bytes())
    }

    /// Writes the page's feed when the site has an absolute base URL.
    fn feed(&self, title: &str, page: Page, briefs: &[usize], sink: &Writer) -> Result<(), Diagnostic> {
        let Some(feed) = page.feed().filter(|_| self.site.layout.is_absolute()) else { return Ok(()) };
        let xml = feeds::atom(self.site, title, page, briefs);
        sink.write(&feed.path(), "a feed", xml.as_bytes())
    }

    fn brief(&self, i: usize, sink: &Writer) -> Result<Counts, Diagnostic> {
        let urls = self.urls();
        let b = &self.site.briefs[i];
        let (content, mut counts, share) = self.body(&b.body, &|n| self.alts.get(self.site, i, n).to_string(), sink)?;
        counts.pages = 1;
        let work = crate::cite::work(self.site, i);
        for (format, text) in crate::cite::files(&work) {
            sink.write(&Asset::Citation(&b.slug, format).path(), "a citation", text.as_bytes())?;
            counts.files += 1;
        }
        let page = Page::Brief(&b.slug);
        let mut ctx = self.context("brief", page, &b.meta.title, b.meta.summary.as_deref().unwrap_or_default());
        let share = match share {
            None if self.site.config.share_images => {
                let s = &self.site.config.strings;
                let mut detail = vec![s.date(&b.meta.date)];
                detail.extend(b.regions.iter().map(|&r| self.site.regions[r].name.clone()));
                counts.files += 1;
                Some(self.share_card(page, &b.meta.title, &detail.join(" · "), sink)?)
            }
            share => share,
        };
        ctx.insert("share", &share);
        ctx.insert(
            "brief",
            &BriefView {
                card: urls.card(i),
                content,
                toc: toc(&b.body.headings),
                tags: b.tags.iter().map(|&t| urls.tag_link(t)).collect(),
                updated: b.meta.updated.map(|d| d.to_string()),
                updated_display: b.meta.updated.map(|d| self.site.config.strings.date(&d)),
                word_count: b.body.words,
                related: self.cards(&b.related)?,
                cite: crate::cite::view(self.site, i, &work),
                references: &b.body.references,
            },
        );
        self.page("brief.html", &ctx, page, sink)?;
        Ok(counts)
    }

    /// The HTML of a body, with each figure drawn through the theme's partial and its chart
    /// files written. `alt` gives figure `n`'s description.
    fn body(
        &self,
        body: &Rendered,
        alt: &dyn Fn(usize) -> String,
        sink: &Writer,
    ) -> Result<(String, Counts, Option<ShareView>), Diagnostic> {
        let urls = self.urls();
        let mut counts = Counts::default();
        let mut share = None;
        let mut content = String::with_capacity(body.words * 16);
        for block in &body.blocks {
            let n = match block {
                Block::Html(html) => {
                    content.push_str(html);
                    continue;
                }
                Block::Figure(n) => *n,
            };
            let block = &body.figures[n];
            let alt = alt(n);
            let fig = FIGURES.time(|| figures::brief_figure(block, &urls, &self.chart_css, self.draw, &alt));
            let mut ctx = Context::new();
            ctx.insert("figure", &fig.view);
            ctx.insert("number", &(n + 1));
            let html = self
                .tera
                .render("partials/figure.html", &ctx)
                .map_err(|e| self.theme.error(&e, Some("partials/figure.html")))?;
            content.push_str(&html);
            if let Some(svg) = &fig.svg_file {
                sink.write(&Asset::ChartSvg(&block.id).path(), "a chart", svg.as_bytes())?;
                counts.charts += 1;
                if self.site.config.share_images {
                    let png = self.png(svg, crate::share::SCALE).map_err(|e| {
                        Diagnostic::error(
                            &block.path,
                            block.id_at.0,
                            block.id_at.1,
                            format!("cannot draw chart `{}` as a PNG: {e}", block.id),
                        )
                    })?;
                    let path = Asset::ChartPng(&block.id).path();
                    sink.write(&path, "a chart's PNG", &png.bytes)?;
                    counts.files += 1;
                    share.get_or_insert_with(|| self.share_view(&path, png.width, png.height, &block.title));
                }
            }
            sink.write(&Asset::ChartCsv(&block.id).path(), "a chart's data", fig.csv_file.as_bytes())?;
            counts.files += 1 + usize::from(fig.svg_file.is_some());
        }
        Ok((content, counts, share))
    }

    /// A PNG of `svg`, through the preview server's cache when there is one.
    fn png(&self, svg: &str, scale: u32) -> Result<crate::share::Png, String> {
        match self.pngs {
            Some(cache) => cache.get(svg, scale),
            None => crate::share::rasterize(svg, scale),
        }
    }

    fn share_view(&self, path: &str, width: u32, height: u32, alt: &str) -> ShareView {
        let layout = &self.site.layout;
        let url = layout.absolute_url(path).unwrap_or_else(|| layout.url(path));
        ShareView { url, width, height, alt: alt.to_string() }
    }

    /// The share card of `page` (a brief, region or initiative without a chart), written.
    fn share_card(&self, page: Page, title: &str, detail: &str, sink: &Writer) -> Result<ShareView, Diagnostic> {
        let c = &self.site.config;
        let card =
            crate::share::Card { title, site: &c.title, detail, accent: c.accent.as_deref().unwrap_or_default() };
        let png = self.png(&crate::share::card_svg(&card), 1).map_err(|e| {
            Diagnostic::error("dossier.yaml", 0, 0, format!("cannot draw the share card of `{}`: {e}", page.path()))
        })?;
        let path = Asset::ShareCard(page).path();
        sink.write(&path, "a share card", &png.bytes)?;
        Ok(self.share_view(&path, png.width, png.height, title))
    }

    /// The share image of a region's or initiative's page: the PNG of the first chart of its
    /// briefs, else a card with `title`.
    fn gathered_share(
        &self,
        page: Page,
        title: &str,
        figures: &[(usize, usize)],
        sink: &Writer,
    ) -> Result<Option<ShareView>, Diagnostic> {
        if !self.site.config.share_images {
            return Ok(None);
        }
        let Some((b, f)) = figures::first_gathered_chart(self.site, figures) else {
            return self.share_card(page, title, "", sink).map(Some);
        };
        let block = &self.site.briefs[b].body.figures[f];
        let svg = figures::standalone_svg(block, &self.urls(), &self.chart_css, self.draw);
        let (w, h) = crate::share::svg_size(&svg).unwrap_or_default();
        let path = Asset::ChartPng(&block.id).path();
        Ok(Some(self.share_view(&path, w * crate::share::SCALE, h * crate::share::SCALE, &block.title)))
    }

    /// Standalone pages, every author's page and the list of authors.
    fn extras(&self, sink: &Writer) -> Result<Counts, Diagnostic> {
        let site = self.site;
        let urls = self.urls();
        let mut total = Counts::default();
        for p in &site.pages {
            let describe = |n: usize| figures::describe_block(&p.body.figures[n], &site.config.strings);
            let (content, counts, _) = self.body(&p.body, &describe, sink)?;
            let page = Page::Standalone(&p.meta.slug);
            let mut ctx = self.context("page", page, &p.meta.title, p.meta.summary.as_deref().unwrap_or_default());
            ctx.insert(
                "standalone",
                &StandaloneView {
                    slug: &p.meta.slug,
                    title: &p.meta.title,
                    summary: p.meta.summary.as_deref(),
                    content,
                    toc: toc(&p.body.headings),
                },
            );
            self.page("page.html", &ctx, page, sink)?;
            total.pages += 1;
            total.charts += counts.charts;
            total.files += counts.files;
        }
        if site.authors.is_empty() {
            return Ok(total);
        }
        for (i, a) in site.authors.iter().enumerate() {
            let page = Page::Author(&a.meta.slug);
            let ctx = self.context("author", page, &a.meta.name, a.meta.role.as_deref().unwrap_or_default());
            total.pages += self.paginated("author.html", page, ctx, &a.briefs, sink, |ctx, chunk, number| {
                let mut view = urls.author(i);
                if number > 1 {
                    view.bio.clear();
                }
                ctx.insert("author", &view);
                ctx.insert("briefs", &self.cards(chunk)?);
                Ok(())
            })?;
        }
        let all: Vec<views::AuthorView> = (0..site.authors.len()).map(|i| urls.author(i)).collect();
        let s = &site.config.strings;
        let mut ctx = self.context("authors", Page::Authors, s.get("authors"), s.get("authors_description"));
        ctx.insert("authors", &all);
        self.page("authors.html", &ctx, Page::Authors, sink)?;
        total.pages += 1;
        Ok(total)
    }

    /// Thumbnails of the charts at `(brief, figure)`, for region and initiative pages.
    fn chart_refs(&self, urls: &Urls, at: &[(usize, usize)]) -> Vec<views::ChartRef> {
        at.iter().filter_map(|&(b, f)| figures::chart_ref(self.site, urls, b, f, Some(&self.alts))).collect()
    }

    fn region(&self, i: usize, sink: &Writer) -> Result<Counts, Diagnostic> {
        let urls = self.urls();
        let r = &self.site.regions[i];
        let page = Page::Region(&r.slug);
        let s = &self.site.config.strings;
        let description = s.format("briefs_and_figures_on", &[("name", &r.name)]);
        let feed_title = s.format("briefs_on", &[("name", &r.name)]);
        let mut ctx = self.context_with_feed("region", page, &r.name, &description, self.feed_for(page, &feed_title));
        ctx.insert("share", &self.gathered_share(page, &r.name, &r.figures, sink)?);
        // Page 1 carries the description and the figures; every page lists its briefs and the
        // charts in them.
        let pages = self.paginated("region.html", page, ctx, &r.briefs, sink, |ctx, chunk, number| {
            let first = number == 1;
            ctx.insert(
                "region",
                &RegionView {
                    slug: &r.slug,
                    name: &r.name,
                    kind: r.kind.as_deref(),
                    country: r.country.as_deref(),
                    parent: r.parent.map(|p| urls.region_link(p)),
                    children: r.children.iter().map(|&c| urls.region_link(c)).collect(),
                    content: if first { &r.html } else { "" },
                    count: r.briefs.len(),
                    briefs: self.cards(chunk)?,
                    charts: self.chart_refs(&urls, &figures_of(&r.figures, chunk)),
                    gathered: if first {
                        r.gathered.iter().map(|g| figures::gathered_figure(self.site, &urls, i, g, self.draw)).collect()
                    } else {
                        Vec::new()
                    },
                    briefs_per_year: first
                        .then(|| {
                            let id = layout::per_year_chart_id(&r.slug);
                            figures::briefs_per_year(self.site, &id, &r.name, &r.briefs, self.draw)
                        })
                        .flatten(),
                    initiatives: r.initiatives.iter().map(|&n| urls.initiative_link(n)).collect(),
                },
            );
            Ok(())
        })?;
        self.feed(&feed_title, page, &r.briefs, sink)?;
        Ok(Counts { pages, ..Counts::default() })
    }

    fn initiative(&self, i: usize, sink: &Writer) -> Result<Counts, Diagnostic> {
        let urls = self.urls();
        let n = &self.site.initiatives[i];
        let m = &n.meta;
        let page = Page::Initiative(&n.slug);
        let full = m.full_name.clone().unwrap_or_else(|| m.name.clone());
        let s = &self.site.config.strings;
        let feed_title = s.format("briefs_on", &[("name", &full)]);
        let mut ctx = self.context_with_feed(
            "initiative",
            page,
            &full,
            &s.format("briefs_and_figures_on", &[("name", &full)]),
            self.feed_for(page, &feed_title),
        );
        ctx.insert("share", &self.gathered_share(page, &full, &n.figures, sink)?);
        let milestones = crate::site::sorted_milestones(&m.milestones);
        let pages = self.paginated("initiative.html", page, ctx, &n.briefs, sink, |ctx, chunk, number| {
            let first = number == 1;
            ctx.insert(
                "initiative",
                &InitiativeView {
                    slug: &n.slug,
                    name: &m.name,
                    full_name: m.full_name.as_deref(),
                    started: m.started.map(|d| d.to_string()),
                    ended: m.ended.map(|d| d.to_string()),
                    sponsor: m.sponsor.as_deref(),
                    timeline: first
                        .then(|| {
                            let id = layout::timeline_chart_id(&n.slug);
                            let title = s.format("milestones_of", &[("name", &full)]);
                            figures::timeline(&id, &title, &milestones, s, self.draw)
                        })
                        .flatten(),
                    milestones: if first {
                        milestones
                            .iter()
                            .map(|ms| MilestoneView {
                                date: ms.date.to_string(),
                                date_display: s.date(&ms.date),
                                label: ms.label.clone(),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    regions: n.regions.iter().map(|&r| urls.region_link(r)).collect(),
                    content: if first { &n.html } else { "" },
                    count: n.briefs.len(),
                    briefs: self.cards(chunk)?,
                    charts: self.chart_refs(&urls, &figures_of(&n.figures, chunk)),
                    briefs_per_year: first
                        .then(|| {
                            let id = layout::per_year_chart_id(&n.slug);
                            figures::briefs_per_year(self.site, &id, &m.name, &n.briefs, self.draw)
                        })
                        .flatten(),
                },
            );
            Ok(())
        })?;
        self.feed(&feed_title, page, &n.briefs, sink)?;
        Ok(Counts { pages, ..Counts::default() })
    }

    fn tag(&self, i: usize, sink: &Writer) -> Result<Counts, Diagnostic> {
        let t = &self.site.tags[i];
        let page = Page::Tag(&t.slug);
        let title = self.site.config.strings.format("tagged", &[("name", &t.name)]);
        let ctx = self.context("tag", page, &title, "");
        let pages = self.paginated("tag.html", page, ctx, &t.briefs, sink, |ctx, chunk, _| {
            let view = TagView { slug: &t.slug, name: &t.name, count: t.briefs.len(), briefs: self.cards(chunk)? };
            ctx.insert("tag", &view);
            Ok(())
        })?;
        Ok(Counts { pages, ..Counts::default() })
    }

    /// Home, the region, initiative and tag lists, 404, feeds and the sitemap.
    fn lists(&self, sink: &Writer) -> Result<Counts, Diagnostic> {
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
                started: n.meta.started.map(|d| d.to_string()),
                ended: n.meta.ended.map(|d| d.to_string()),
                sponsor: n.meta.sponsor.clone(),
                count: n.briefs.len(),
            })
            .collect();
        let c = &site.config;
        let mut ctx =
            self.context_with_feed("home", Page::Home, &c.title, &c.description, self.feed_for(Page::Home, &c.title));
        ctx.insert("latest", &self.cards(&all[..all.len().min(c.latest)])?);
        ctx.insert("regions", &regions);
        ctx.insert("initiatives", &initiatives);
        self.page("index.html", &ctx, Page::Home, sink)?;

        let s = &c.strings;
        let mut ctx = self.context("regions", Page::Regions, s.get("regions"), s.get("regions_description"));
        ctx.insert("regions", &regions);
        self.page("regions.html", &ctx, Page::Regions, sink)?;

        let mut ctx =
            self.context("initiatives", Page::Initiatives, s.get("initiatives"), s.get("initiatives_description"));
        ctx.insert("initiatives", &initiatives);
        self.page("initiatives.html", &ctx, Page::Initiatives, sink)?;

        let tags: Vec<TagItem> = site
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| TagItem { link: urls.tag_link(i), count: t.briefs.len() })
            .collect();
        let mut ctx = self.context("tags", Page::Tags, s.get("tags"), "");
        ctx.insert("tags", &tags);
        self.page("tags.html", &ctx, Page::Tags, sink)?;

        let ctx = self.context("404", Page::NotFound, s.get("not_found"), "");
        self.page("404.html", &ctx, Page::NotFound, sink)?;

        if c.search {
            let mut ctx = self.context("search", Page::Search, s.get("search"), s.get("search_the_briefs"));
            let layout = &site.layout;
            let mut strings: BTreeMap<&str, &str> = SEARCH_STRINGS.iter().map(|&key| (key, s.get(key))).collect();
            strings.insert("lang", &c.language);
            let strings = serde_json::to_string(&strings).unwrap_or_default();
            let view = SearchView { index: layout.asset(Asset::Search("")), base: layout.url(""), strings };
            ctx.insert("search", &view);
            self.page("search.html", &ctx, Page::Search, sink)?;
        }
        let mut pages = 6;
        if site.bibliography.is_some() || !site.works.is_empty() {
            let title = s.get("references");
            let mut ctx = self.context("references", Page::References, title, s.get("references_description"));
            let works: Vec<WorkView> = site
                .works
                .iter()
                .map(|w| WorkView {
                    id: format!("ref-{}", crate::text::slugify(&w.key)),
                    html: &w.html,
                    briefs: w.briefs.iter().map(|&b| urls.brief_link(b)).collect(),
                })
                .collect();
            ctx.insert("works", &works);
            self.page("references.html", &ctx, Page::References, sink)?;
            pages += 1;
        }
        self.feed(&c.title, Page::Home, &all, sink)?;
        let mut publish = vec![(Asset::Robots, feeds::robots(site))];
        if site.layout.is_absolute() {
            publish.push((Asset::Sitemap, feeds::sitemap(site)));
        }
        if let Some(domain) = &c.cname {
            publish.push((Asset::Cname, format!("{domain}\n")));
        }
        for (asset, text) in publish {
            sink.write(&asset.path(), "a file for publishing", text.as_bytes())?;
        }
        Ok(Counts { pages, ..Counts::default() })
    }

    /// The list of all briefs, newest first.
    fn all_briefs(&self, sink: &Writer) -> Result<Counts, Diagnostic> {
        let all: Vec<usize> = (0..self.site.briefs.len()).collect();
        let c = &self.site.config;
        let ctx = self.context("briefs", Page::Briefs, c.strings.get("all_briefs"), &c.description);
        let pages = self.paginated("briefs.html", Page::Briefs, ctx, &all, sink, |ctx, chunk, _| {
            ctx.insert("briefs", &self.cards(chunk)?);
            Ok(())
        })?;
        Ok(Counts { pages, ..Counts::default() })
    }

    /// The files of the search index, made from every brief (the search page is a list page:
    /// it shows no brief, so a changed brief redoes only the index).
    fn search_index(&self, sink: &Writer) -> Result<Counts, Diagnostic> {
        let files = crate::search::index(self.site)?;
        for (path, bytes) in &files {
            sink.write(path, "the search index", bytes)?;
        }
        Ok(Counts { files: files.len(), ..Counts::default() })
    }

    /// The theme's static files, the site's `static/` folder, files linked from the text, and
    /// the marker that says the output folder is dossier's.
    fn statics(&self, sink: &Writer) -> Result<Counts, Diagnostic> {
        let mut files = 0;
        for (path, bytes) in &self.theme.statics {
            sink.write(&Asset::Static(path).path(), "a theme file", bytes)?;
            files += 1;
        }
        for (src, dest) in &self.plan.statics {
            sink.copy(src, dest, "a static file")?;
            files += 1;
        }
        for (src, dest) in &self.site.assets {
            sink.copy(src, dest, "a linked file")?;
            files += 1;
        }
        sink.write(&Asset::NoJekyll.path(), ".nojekyll", b"")?;
        sink.write(&Asset::Marker.path(), "the output marker", crate::write::MARKER_TEXT.as_bytes())?;
        Ok(Counts { files: files + 2, ..Counts::default() })
    }
}

/// The figures of `figures` (brief, figure) whose brief is one of `briefs` (both sorted by brief).
fn figures_of(figures: &[(usize, usize)], briefs: &[usize]) -> Vec<(usize, usize)> {
    figures.iter().copied().filter(|(b, _)| briefs.binary_search(b).is_ok()).collect()
}

/// The table of contents: shown for briefs with three or more sections.
fn toc(headings: &[crate::markdown::Heading]) -> Vec<crate::markdown::Heading> {
    let sections: Vec<_> = headings.iter().filter(|h| h.level <= 3).cloned().collect();
    // The top level once, not once per heading: that made 20,000 headings quadratic.
    let top = sections.iter().map(|h| h.level).min().unwrap_or(2);
    if sections.iter().filter(|h| h.level == top).count() >= 3 { sections } else { Vec::new() }
}

/// `url(path="briefs/")` -> `/base/briefs/`; with `absolute=true`, the full URL.
fn url_function(layout: crate::layout::Layout) -> impl tera::Function {
    move |args: &HashMap<String, Value>| -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("url() needs `path`, e.g. url(path=\"briefs/\")"))?;
        let path = path.trim_start_matches('/');
        let absolute = args.get("absolute").and_then(Value::as_bool).unwrap_or(false);
        let url = if absolute { layout.absolute_url(path) } else { None };
        Ok(Value::String(url.unwrap_or_else(|| layout.url(path))))
    }
}

/// `t(key="regions")` -> "Regions" in the site's language; other arguments fill the text's
/// `{placeholders}`, and a number `n` also picks the plural form: `t(key="n_briefs", n=3)`.
fn t_function(strings: crate::i18n::Strings) -> impl tera::Function {
    move |args: &HashMap<String, Value>| -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs `key`, e.g. t(key=\"regions\")"))?;
        if !crate::i18n::Strings::has(key) {
            let hint = crate::diag::did_you_mean(key, crate::i18n::keys())
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            return Err(tera::Error::msg(format!("t(): unknown string key `{key}`{hint}")));
        }
        let mut values: Vec<(String, String)> = Vec::new();
        for (name, value) in args.iter().filter(|(k, _)| k.as_str() != "key") {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            values.push((name.clone(), text));
        }
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Ok(Value::String(strings.format(key, &pairs)))
    }
}

/// `local_date(d="2009-08")` -> "August 2009" (in the site's language), for partial ISO dates
/// the context gives as text; anything else is shown as it is.
fn date_function(strings: crate::i18n::Strings) -> impl tera::Function {
    move |args: &HashMap<String, Value>| -> tera::Result<Value> {
        let d = args
            .get("d")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("local_date() needs `d`, e.g. local_date(d=\"2009-08\")"))?;
        Ok(Value::String(crate::text::Date::parse_partial(d).map_or_else(|| d.to_string(), |date| strings.date(&date))))
    }
}

#[derive(Serialize)]
struct StandaloneView<'a> {
    slug: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    content: String,
    toc: Vec<crate::markdown::Heading>,
}

#[derive(Serialize)]
struct BriefView<'a> {
    #[serde(flatten)]
    card: views::BriefCard,
    content: String,
    toc: Vec<crate::markdown::Heading>,
    tags: Vec<Link>,
    updated: Option<String>,
    updated_display: Option<String>,
    word_count: usize,
    related: Vec<views::BriefCard>,
    /// Highwire tags, the reference and the downloads ("Cite this brief").
    cite: crate::cite::CiteView,
    /// The works the brief cites, formatted, each with its id.
    references: &'a [crate::markdown::CitedWork],
}

/// A work on the `/references/` page: its entry and the briefs that cite it.
#[derive(Serialize)]
struct WorkView<'a> {
    id: String,
    html: &'a str,
    briefs: Vec<Link>,
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
    /// Briefs on the region in all; `briefs` holds this page's.
    count: usize,
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
    started: Option<String>,
    ended: Option<String>,
    sponsor: Option<&'a str>,
    milestones: Vec<MilestoneView>,
    regions: Vec<Link>,
    content: &'a str,
    count: usize,
    briefs: Vec<views::BriefCard>,
    charts: Vec<views::ChartRef>,
    timeline: Option<views::Figure>,
    briefs_per_year: Option<views::Figure>,
}

/// What the search page needs: the folder of the index, the base path its results are under,
/// and the words its script writes (JSON, in the site's language).
#[derive(Serialize)]
struct SearchView {
    index: String,
    base: String,
    strings: String,
}

/// The strings `search.js` writes, given to it by the search page.
const SEARCH_STRINGS: [&str; 11] = [
    "briefs_word",
    "initiative",
    "region",
    "search_failed",
    "search_found",
    "search_found_filters",
    "search_none",
    "search_none_filters",
    "search_prompt",
    "tag",
    "year",
];

#[derive(Serialize)]
struct TagView<'a> {
    slug: &'a str,
    name: &'a str,
    count: usize,
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
