//! The site model: briefs, regions, initiatives and tags, linked to each other.
//!
//! [`load`] runs the front half of the pipeline: read every content file, render its Markdown,
//! check the references between files and gather figures by indicator. It reports every problem
//! it finds at once. Nothing here knows about templates or the output folder.

mod cache;
mod gather;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::bibliography::Bibliography;
use crate::config::{BuildOptions, Config};
use crate::content::{self, AuthorMeta, BriefMeta, Document, InitiativeMeta, Meta, Milestone, PageMeta, RegionMeta};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::layout::{self, IdMap, Layout, Page};
use crate::markdown::{self, Flavor, LinkContext, Rendered};
use crate::text::{slugify, title_from_slug};
pub use cache::LoadCache;
pub use gather::{Gathered, GatheredPoint};

/// Everything a build renders, with indices between the parts.
pub struct Site {
    pub config: Config,
    /// Where pages and files go, and their URLs.
    pub layout: Layout,
    pub root: PathBuf,
    /// Newest first (date descending, then slug).
    pub briefs: Vec<Brief>,
    /// Sorted by slug.
    pub regions: Vec<Region>,
    pub initiatives: Vec<Initiative>,
    pub tags: Vec<Tag>,
    /// Standalone pages (`pages/**/*.md`), sorted by slug.
    pub pages: Vec<StandalonePage>,
    /// Authors with a file (`briefs/authors/<slug>.md`), sorted by slug.
    pub authors: Vec<Author>,
    /// Files linked from the text: (on disk, output path), sorted, one per output path.
    pub assets: Vec<(PathBuf, String)>,
    pub warnings: Diagnostics,
    pub drafts: bool,
    /// The site's bibliography (`briefs/references.yaml` or `.bib`), parsed once.
    pub bibliography: Option<Arc<Bibliography>>,
    /// Every work cited anywhere, with the briefs citing it: the `/references/` page.
    pub works: Vec<Work>,
}

/// A work cited by the site's briefs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    pub key: String,
    /// The entry, formatted in the site's style and escaped.
    pub html: String,
    /// Brief indices, newest first.
    pub briefs: Vec<usize>,
}

pub struct Brief {
    pub slug: String,
    pub meta: BriefMeta,
    pub path: PathBuf,
    pub rel: String,
    /// Shared, so that the preview server's cache hands it out without copying.
    pub body: Arc<Rendered>,
    pub regions: Vec<usize>,
    pub initiatives: Vec<usize>,
    pub tags: Vec<usize>,
    /// For each figure in `body.figures`, the regions and initiatives it is about.
    pub figure_regions: Vec<Vec<usize>>,
    pub figure_initiatives: Vec<Vec<usize>>,
    /// For each of `meta.authors`, the author it names, if one has a file.
    pub author_of: Vec<Option<usize>>,
    /// Up to three briefs on the same subjects, most related first.
    pub related: Vec<usize>,
}

pub struct Region {
    pub slug: String,
    pub name: String,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The description file, if the region has one.
    pub source: Option<PathBuf>,
    pub html: String,
    /// Files the description links to, to copy: (on disk, output path).
    pub assets: Vec<(PathBuf, String)>,
    /// Links, headings and ids of the description, for `dossier check`.
    pub links: Vec<markdown::LinkRef>,
    pub headings: Vec<markdown::Heading>,
    pub ids: Vec<String>,
    /// Brief indices, newest first.
    pub briefs: Vec<usize>,
    pub initiatives: Vec<usize>,
    /// (brief, figure) of every chart about this region.
    pub figures: Vec<(usize, usize)>,
    pub gathered: Vec<Gathered>,
}

pub struct Initiative {
    pub slug: String,
    pub meta: InitiativeMeta,
    pub source: Option<PathBuf>,
    pub html: String,
    pub assets: Vec<(PathBuf, String)>,
    pub links: Vec<markdown::LinkRef>,
    pub headings: Vec<markdown::Heading>,
    pub ids: Vec<String>,
    pub regions: Vec<usize>,
    pub briefs: Vec<usize>,
    pub figures: Vec<(usize, usize)>,
}

/// A page of its own, such as About or Methodology: Markdown that may hold charts.
pub struct StandalonePage {
    pub meta: PageMeta,
    pub path: PathBuf,
    pub rel: String,
    pub body: Arc<Rendered>,
}

/// A person with a file of their own: briefs that name their slug or their name link to them.
pub struct Author {
    pub meta: AuthorMeta,
    pub source: PathBuf,
    /// The bio.
    pub html: String,
    pub links: Vec<markdown::LinkRef>,
    pub ids: Vec<String>,
    pub assets: Vec<(PathBuf, String)>,
    /// Brief indices, newest first.
    pub briefs: Vec<usize>,
}

pub struct Tag {
    pub slug: String,
    pub name: String,
    pub briefs: Vec<usize>,
}

/// Loads and links the whole site. Errors are every problem found; warnings ride on the site.
/// `page_ids` are the ids the theme's page templates use, which no generated id may take.
pub fn load(options: &BuildOptions, config: Config, page_ids: &IdMap) -> Result<Site, Diagnostics> {
    load_with(options, config, page_ids, None)
}

/// Like [`load`], but reuses the files that `cache` read and rendered in earlier loads and that
/// have not changed since. The result is the same as [`load`]'s; the preview server keeps one
/// cache between rebuilds.
pub fn load_cached(
    options: &BuildOptions,
    config: Config,
    page_ids: &IdMap,
    cache: &mut LoadCache,
) -> Result<Site, Diagnostics> {
    load_with(options, config, page_ids, Some(cache))
}

/// The site's settings, with `--base-url` applied.
pub fn config(options: &BuildOptions) -> Result<Config, Diagnostics> {
    let relative = |mut d: Diagnostics| {
        d.0 = d.0.into_iter().map(|d| d.relative_to(&options.root)).collect();
        d
    };
    let mut config = Config::load(&options.root).map_err(relative)?;
    if let Some(url) = &options.base_url {
        config.base_url = crate::config::normalize_base_url(url).map_err(|problem| {
            Diagnostic::error("--base-url", 1, 1, format!("`{url}` {problem}"))
                .with_hint("pass for example `--base-url https://example.github.io/northeast-briefs/`")
        })?;
    }
    Ok(config)
}

fn load_with(
    options: &BuildOptions,
    config: Config,
    page_ids: &IdMap,
    mut cache: Option<&mut LoadCache>,
) -> Result<Site, Diagnostics> {
    let root = &options.root;
    let mut stages = crate::timings::Stages::new();
    let files = content::discover(root).map_err(|d| Diagnostics::from(d.relative_to(root)))?;
    stages.mark("load: discover");
    let (docs, mut diags) = match cache.as_deref_mut() {
        Some(cache) => cache.documents(root, &files),
        None => content::load(root, &files),
    };
    stages.mark("load: read, front matter");
    if !config.language_known {
        let (line, col) = config.language_at;
        let known = crate::i18n::LANGUAGES.join(", ");
        diags.push(
            Diagnostic::warning(
                root.join("dossier.yaml"),
                line,
                col,
                format!(
                    "`language: {}` has no built-in translations: the theme and the charts write English",
                    config.language
                ),
            )
            .with_hint(format!(
                "built in: {known}; or translate the theme's words under `strings:` (README, \"Languages\")"
            )),
        );
    }
    let bibliography = match crate::bibliography::load(root, &config.citation_style, &config.language) {
        Ok(b) => b.map(Arc::new),
        Err(d) => {
            diags.extend(d.0);
            None
        }
    };
    let mut builder = Builder::new(options.drafts);
    builder.split(docs);
    builder.assign_slugs(&mut diags);
    let layout = Layout::new(&config.base_url);
    let flavor = Flavor { extensions: true, charts: true, raw_html: config.raw_html, citations: false };
    let citations = (config.citation_style.as_str(), config.language.as_str());
    let own = builder.own_bibliographies(root, bibliography.as_deref(), citations, &mut diags);
    let strings = &config.strings;
    builder.render_markdown(
        root,
        &layout,
        flavor,
        (bibliography.as_deref(), &own),
        page_ids,
        strings,
        cache,
        &mut diags,
    );
    stages.mark("load: markdown");
    let mut site = builder.link(config, layout, root.clone(), &mut diags);
    site.works = works(&site.briefs, bibliography.as_deref(), &own);
    site.bibliography = bibliography;
    stages.mark("load: link");
    site.warnings = gather::gather(&mut site);
    stages.mark("load: gather");
    if diags.has_errors() {
        diags.0.retain(Diagnostic::is_error);
        diags.extend(site.warnings.0.drain(..));
        diags.0 = diags.0.into_iter().map(|d| d.relative_to(root)).collect();
        diags.sort();
        return Err(diags);
    }
    site.warnings.extend(diags.0);
    site.warnings.0 = std::mem::take(&mut site.warnings.0).into_iter().map(|d| d.relative_to(root)).collect();
    site.warnings.sort();
    Ok(site)
}

/// Brief documents waiting for their slug and Markdown.
struct PendingBrief {
    doc: Document,
    meta: BriefMeta,
    slug: String,
    body: Arc<Rendered>,
}

struct PendingDescription<M> {
    doc: Document,
    meta: M,
    body: Rendered,
}

struct Builder {
    drafts: bool,
    briefs: Vec<PendingBrief>,
    regions: Vec<PendingDescription<RegionMeta>>,
    initiatives: Vec<PendingDescription<InitiativeMeta>>,
    authors: Vec<PendingDescription<AuthorMeta>>,
    standalone: Vec<(Document, PageMeta, Arc<Rendered>)>,
    /// Content file -> its page's path, for links between files.
    pages: HashMap<String, String>,
}

impl Builder {
    fn new(drafts: bool) -> Self {
        Builder {
            drafts,
            briefs: Vec::new(),
            regions: Vec::new(),
            initiatives: Vec::new(),
            authors: Vec::new(),
            standalone: Vec::new(),
            pages: HashMap::new(),
        }
    }

    fn split(&mut self, docs: Vec<Document>) {
        for mut doc in docs {
            match std::mem::replace(&mut doc.meta, Meta::Brief(BriefMeta::default())) {
                Meta::Brief(meta) if meta.draft && !self.drafts => {}
                Meta::Brief(meta) => {
                    self.briefs.push(PendingBrief { doc, meta, slug: String::new(), body: Arc::default() })
                }
                Meta::Region(meta) => self.regions.push(PendingDescription { doc, meta, body: Rendered::default() }),
                Meta::Initiative(meta) => {
                    self.initiatives.push(PendingDescription { doc, meta, body: Rendered::default() })
                }
                Meta::Author(meta) => self.authors.push(PendingDescription { doc, meta, body: Rendered::default() }),
                Meta::Page(meta) if meta.draft && !self.drafts => {}
                Meta::Page(meta) => self.standalone.push((doc, meta, Arc::default())),
            }
        }
    }

    /// Gives every brief its slug, reporting two briefs that want the same one.
    fn assign_slugs(&mut self, diags: &mut Diagnostics) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for i in 0..self.briefs.len() {
            let b = &mut self.briefs[i];
            let stem = b.doc.path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            b.slug = b.meta.slug.clone().unwrap_or_else(|| slugify(stem));
            if b.slug.is_empty() {
                diags.push(
                    Diagnostic::error(
                        &b.doc.path,
                        1,
                        1,
                        format!("the file name `{stem}` has no letters or digits to make the brief's URL from"),
                    )
                    .with_hint(
                        "rename the file (for example `jilin-trade.md`) or add a `slug:` such as `slug: jilin-trade`",
                    ),
                );
                continue;
            }
            if let Some(&j) = seen.get(&b.slug) {
                let other = &self.briefs[j].doc;
                let b = &self.briefs[i];
                let (line, col) = if b.meta.slug.is_some() { b.meta.slug_at } else { (1, 1) };
                diags.push(
                    Diagnostic::error(
                        &b.doc.path,
                        line,
                        col,
                        format!("two briefs have the slug `{}`: this one and {}", b.slug, other.rel),
                    )
                    .with_hint("give one of them another file name or a `slug:` of its own"),
                );
                continue;
            }
            seen.insert(self.briefs[i].slug.clone(), i);
            self.pages.insert(self.briefs[i].doc.rel.clone(), Page::Brief(&self.briefs[i].slug).path());
        }
        for r in &self.regions {
            self.pages.insert(r.doc.rel.clone(), Page::Region(&r.meta.slug).path());
        }
        for r in &self.initiatives {
            self.pages.insert(r.doc.rel.clone(), Page::Initiative(&r.meta.slug).path());
        }
        for a in &self.authors {
            self.pages.insert(a.doc.rel.clone(), Page::Author(&a.meta.slug).path());
        }
        let mut taken: HashMap<String, &Document> = HashMap::new();
        for (doc, meta, _) in &self.standalone {
            if let Some(other) = taken.insert(meta.slug.clone(), doc) {
                let (line, col) = if meta.slug_at.0 > 0 { meta.slug_at } else { (1, 1) };
                diags.push(
                    Diagnostic::error(
                        &doc.path,
                        line,
                        col,
                        format!("two pages have the slug `{}`: this one and {}", meta.slug, other.rel),
                    )
                    .with_hint("give one of them another file name or a `slug:` of its own"),
                );
            }
            self.pages.insert(doc.rel.clone(), Page::Standalone(&meta.slug).path());
        }
    }

    /// The bibliographies that briefs name in their front matter, each over the site's, by
    /// brief file. Each file is read once however many briefs name it; a file that may not be
    /// read (outside `briefs/` and `data/`, hidden, missing) is an error at the brief's key.
    fn own_bibliographies(
        &self,
        root: &std::path::Path,
        site: Option<&Bibliography>,
        (style, language): (&str, &str),
        diags: &mut Diagnostics,
    ) -> HashMap<PathBuf, Arc<Bibliography>> {
        let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut out = HashMap::new();
        let mut by_file: HashMap<String, Option<Arc<Bibliography>>> = HashMap::new();
        let mut shared = site.map(|b| Arc::clone(&b.style));
        for b in &self.briefs {
            let Some(name) = &b.meta.bibliography else { continue };
            let (line, col) = b.meta.bibliography_at;
            let refused = |problem: &str, hint: &str| {
                Diagnostic::error(&b.doc.path, line, col, format!("`bibliography: {name}` {problem}")).with_hint(hint)
            };
            let dir = b.doc.rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            let Some(target) = crate::sources::normalize(&format!("{dir}/{name}")).filter(|t| root.join(t).is_file())
            else {
                diags.push(refused(
                    "names no file",
                    "name a .yaml or .bib file beside the brief, such as `bibliography: refs.bib`",
                ));
                continue;
            };
            if let Err(r) = crate::sources::allowed(root, &root_real, &target, crate::sources::Purpose::Data) {
                diags.push(refused(&r.problem, &r.hint));
                continue;
            }
            if !by_file.contains_key(&target) {
                let style = match &shared {
                    Some(s) => Arc::clone(s),
                    None => match crate::bibliography::style_of(root, style, language) {
                        Ok(s) => Arc::clone(shared.insert(Arc::new(s))),
                        Err(d) => {
                            diags.extend(d.0);
                            return out;
                        }
                    },
                };
                let bib = match crate::bibliography::with_own(site, &root.join(&target), style) {
                    Ok(bib) => Some(Arc::new(bib)),
                    Err(d) => {
                        diags.push(d);
                        None
                    }
                };
                by_file.insert(target.clone(), bib);
            }
            if let Some(Some(bib)) = by_file.get(&target) {
                out.insert(b.doc.path.clone(), Arc::clone(bib));
            }
        }
        out
    }

    /// Renders every file's Markdown in parallel; only briefs may hold charts. With a cache, a
    /// file whose text and link context are unchanged keeps its earlier rendering. Descriptions
    /// come after the briefs: their pages show figures gathered from the briefs, whose ids they
    /// must keep clear of.
    // Each argument is one part of the rendering context; bundling them would only rename them.
    #[allow(clippy::too_many_arguments)]
    fn render_markdown(
        &mut self,
        root: &std::path::Path,
        layout: &Layout,
        flavor: Flavor,
        (bibliography, own): (Option<&Bibliography>, &HashMap<PathBuf, Arc<Bibliography>>),
        page_ids: &IdMap,
        strings: &crate::i18n::Strings,
        mut cache: Option<&mut LoadCache>,
        diags: &mut Diagnostics,
    ) {
        let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let data = crate::data::DataFiles::new(root, &root_real);
        let ctx = LinkContext {
            layout,
            root,
            root_real: &root_real,
            pages: &self.pages,
            data: &data,
            bibliography,
            own_bibliographies: Some(own),
            strings,
        };
        // Citations are formatted while rendering: the style and locale are part of the context.
        let citing = bibliography.map(|b| b.style.fingerprint());
        let fingerprint = cache.as_ref().map(|_| {
            let f = cache::link_fingerprint(root, layout, flavor.raw_html, &self.pages, page_ids, strings);
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(&(f, &citing), &mut h);
            std::hash::Hasher::finish(&h)
        });
        let cited = Flavor { citations: true, ..flavor };
        let briefs =
            render_all(self.briefs.iter().map(|b| &b.doc), cited, &ctx, page_ids, cache.as_deref_mut(), fingerprint);
        let standalone = render_all(
            self.standalone.iter().map(|(doc, _, _)| doc),
            flavor,
            &ctx,
            page_ids,
            cache.as_deref_mut(),
            fingerprint,
        );
        let bios = render_all(
            self.authors.iter().map(|a| &a.doc),
            Flavor { charts: false, ..flavor },
            &ctx,
            page_ids,
            cache.as_deref_mut(),
            fingerprint,
        );
        let indicators: std::collections::BTreeSet<&str> =
            briefs.iter().flat_map(|b| &b.figures).filter_map(|f| f.indicator.as_deref()).collect();
        let description = Flavor { charts: false, ..flavor };
        let with_figures = |slug: &str, region: bool| {
            let mut ids = page_ids.clone();
            let own = [layout::per_year_chart_id(slug), layout::timeline_chart_id(slug)];
            let gathered = indicators.iter().filter(|_| region).map(|i| layout::gathered_chart_id(slug, i));
            for chart in own.into_iter().chain(gathered) {
                for id in layout::figure_ids(&chart) {
                    ids.reserve(&id);
                }
            }
            ids
        };
        let region_ids: Vec<IdMap> = self.regions.iter().map(|r| with_figures(&r.meta.slug, true)).collect();
        let initiative_ids: Vec<IdMap> = self.initiatives.iter().map(|r| with_figures(&r.meta.slug, false)).collect();
        let fingerprint = fingerprint.map(|f| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(&(f, &indicators), &mut h);
            std::hash::Hasher::finish(&h)
        });
        let regions = render_descriptions(
            self.regions.iter().map(|r| &r.doc),
            &region_ids,
            description,
            &ctx,
            cache.as_deref_mut(),
            fingerprint,
        );
        let initiatives = render_descriptions(
            self.initiatives.iter().map(|r| &r.doc),
            &initiative_ids,
            description,
            &ctx,
            cache,
            fingerprint,
        );
        for (b, body) in self.briefs.iter_mut().zip(briefs) {
            diags.extend(body.diags.0.iter().cloned());
            b.body = body;
        }
        // Descriptions are taken apart by `link`: they need a rendering of their own.
        let own = |body: Arc<Rendered>| Arc::try_unwrap(body).unwrap_or_else(|shared| Rendered::clone(&shared));
        for (r, body) in self.regions.iter_mut().zip(regions) {
            diags.extend(body.diags.0.iter().cloned());
            r.body = own(body);
        }
        for (r, body) in self.initiatives.iter_mut().zip(initiatives) {
            diags.extend(body.diags.0.iter().cloned());
            r.body = own(body);
        }
        for (a, body) in self.authors.iter_mut().zip(bios) {
            diags.extend(body.diags.0.iter().cloned());
            a.body = own(body);
        }
        for (p, body) in self.standalone.iter_mut().zip(standalone) {
            diags.extend(body.diags.0.iter().cloned());
            p.2 = body;
        }
    }

    /// Turns the pending files into the linked model.
    fn link(self, config: Config, layout: Layout, root: PathBuf, diags: &mut Diagnostics) -> Site {
        let Builder { drafts, mut briefs, regions, initiatives, authors, mut standalone, .. } = self;
        standalone.sort_by(|a, b| a.1.slug.cmp(&b.1.slug));
        let authors: Vec<Author> = authors
            .into_iter()
            .map(|a| Author {
                meta: a.meta,
                source: a.doc.path,
                html: a.body.html(),
                links: a.body.links,
                ids: a.body.ids,
                assets: a.body.assets,
                briefs: Vec::new(),
            })
            .collect();
        let mut authors = authors;
        authors.sort_by(|a, b| a.meta.slug.cmp(&b.meta.slug));
        // A brief names an author by slug or by name.
        let mut author_at: HashMap<&str, usize> = HashMap::new();
        for (i, a) in authors.iter().enumerate() {
            author_at.insert(&a.meta.name, i);
        }
        for (i, a) in authors.iter().enumerate() {
            author_at.insert(&a.meta.slug, i);
        }
        briefs.sort_by(|a, b| b.meta.date.cmp(&a.meta.date).then_with(|| a.slug.cmp(&b.slug)));

        let regions = build_regions(&briefs, regions, &initiatives, diags);
        let region_at: HashMap<&str, usize> = regions.iter().enumerate().map(|(i, r)| (r.slug.as_str(), i)).collect();
        let initiatives = build_initiatives(&briefs, initiatives, &region_at);
        let initiative_at: HashMap<&str, usize> =
            initiatives.iter().enumerate().map(|(i, r)| (r.slug.as_str(), i)).collect();
        // Tags are one page per slug: `Trade` and `trade` are one tag, named as first written.
        let mut tag_names: BTreeMap<String, String> = BTreeMap::new();
        for b in &briefs {
            for t in &b.meta.tags {
                let slug = slugify(t);
                if slug.is_empty() {
                    let (line, col) = b.meta.tags_at;
                    diags.push(
                        Diagnostic::error(
                            &b.doc.path,
                            line,
                            col,
                            format!("tag `{t}` has no letters or digits to make its page's URL from"),
                        )
                        .with_hint("write the tag with letters or digits, such as `tags: [trade]`, or remove it"),
                    );
                    continue;
                }
                tag_names.entry(slug).or_insert_with(|| t.clone());
            }
        }
        let tag_at: HashMap<String, usize> = tag_names.keys().enumerate().map(|(i, s)| (s.clone(), i)).collect();

        let mut chart_ids: HashMap<String, (String, usize)> = HashMap::new();
        let mut unique_chart = |f: &crate::data::DataBlock, rel: &str, diags: &mut Diagnostics| {
            // Compared without case: `Trade` and `trade` would be one file on macOS and
            // Windows, where a clone of the published site may land.
            if let Some((path, line)) = chart_ids.get(&f.id.to_lowercase()) {
                diags.push(
                    Diagnostic::error(
                        &f.path,
                        f.id_at.0,
                        f.id_at.1,
                        format!("chart id `{}` is already used at {}:{}", f.id, path, line),
                    )
                    .with_hint("chart ids must be unique in the site, whatever their case: rename one of them"),
                );
            } else {
                chart_ids.insert(f.id.to_lowercase(), (rel.to_string(), f.id_at.0));
            }
        };
        let briefs: Vec<Brief> = briefs
            .into_iter()
            .map(|b| {
                let lookup = |slugs: &[String], at: &HashMap<&str, usize>| -> Vec<usize> {
                    slugs.iter().filter_map(|s| at.get(s.as_str()).copied()).collect()
                };
                let regions_of = lookup(&b.meta.regions, &region_at);
                let initiatives_of = lookup(&b.meta.initiatives, &initiative_at);
                let mut figure_regions = Vec::new();
                let mut figure_initiatives = Vec::new();
                for f in &b.body.figures {
                    unique_chart(f, &b.doc.rel, diags);
                    figure_regions.push(match &f.regions {
                        None => regions_of.clone(),
                        Some(list) => chart_regions(f, list, &region_at, diags),
                    });
                    figure_initiatives.push(match &f.initiatives {
                        None => initiatives_of.clone(),
                        Some(list) => lookup(list, &initiative_at),
                    });
                }
                Brief {
                    related: Vec::new(),
                    author_of: b.meta.authors.iter().map(|a| author_at.get(a.as_str()).copied()).collect(),
                    tags: dedup(b.meta.tags.iter().filter_map(|t| tag_at.get(&slugify(t)).copied())),
                    slug: b.slug,
                    path: b.doc.path,
                    rel: b.doc.rel,
                    body: b.body,
                    meta: b.meta,
                    regions: regions_of,
                    initiatives: initiatives_of,
                    figure_regions,
                    figure_initiatives,
                }
            })
            .collect();
        for (doc, _, body) in &standalone {
            for f in &body.figures {
                unique_chart(f, &doc.rel, diags);
            }
        }
        let pages = standalone
            .into_iter()
            .map(|(doc, meta, body)| StandalonePage { meta, path: doc.path, rel: doc.rel, body })
            .collect();

        // dossier.yaml's `tags:` names a tag; otherwise it is named as first written.
        let tags = tag_names
            .into_iter()
            .map(|(slug, name)| {
                let name = config.tags.get(&slug).cloned().unwrap_or(name);
                Tag { slug, name, briefs: Vec::new() }
            })
            .collect();
        let mut site = Site {
            config,
            layout,
            root,
            briefs,
            regions,
            initiatives,
            tags,
            pages,
            authors,
            assets: Vec::new(),
            warnings: Diagnostics::default(),
            drafts,
            bibliography: None,
            works: Vec::new(),
        };
        index(&mut site);
        relate(&mut site);
        site
    }
}

/// Renders `docs` in parallel with the same page ids, through the cache when there is one.
fn render_all<'d>(
    docs: impl Iterator<Item = &'d Document>,
    flavor: Flavor,
    ctx: &LinkContext,
    page_ids: &IdMap,
    cache: Option<&mut LoadCache>,
    fingerprint: Option<u64>,
) -> Vec<Arc<Rendered>> {
    let docs: Vec<&Document> = docs.collect();
    let ids = vec![page_ids; docs.len()];
    render_each(&docs, &ids, flavor, ctx, cache, fingerprint)
}

fn render_descriptions<'d>(
    docs: impl Iterator<Item = &'d Document>,
    ids: &[IdMap],
    flavor: Flavor,
    ctx: &LinkContext,
    cache: Option<&mut LoadCache>,
    fingerprint: Option<u64>,
) -> Vec<Arc<Rendered>> {
    let docs: Vec<&Document> = docs.collect();
    let ids: Vec<&IdMap> = ids.iter().collect();
    render_each(&docs, &ids, flavor, ctx, cache, fingerprint)
}

/// Renders each document with its page's ids, in parallel. A document the cache rendered with
/// the same fingerprint keeps that rendering; new renderings go into the cache.
fn render_each(
    docs: &[&Document],
    ids: &[&IdMap],
    flavor: Flavor,
    ctx: &LinkContext,
    cache: Option<&mut LoadCache>,
    fingerprint: Option<u64>,
) -> Vec<Arc<Rendered>> {
    let cached = cache.as_deref();
    let results: Vec<(Arc<Rendered>, bool)> = docs
        .par_iter()
        .zip(ids.par_iter())
        .map(|(doc, ids)| {
            if let Some(kept) = cached.zip(fingerprint).and_then(|(c, f)| c.rendered(&doc.path, f)) {
                return (kept, false);
            }
            let body = markdown::render(&doc.body, &doc.path, &doc.rel, doc.body_line, flavor, ctx, ids);
            (Arc::new(body), true)
        })
        .collect();
    if let (Some(cache), Some(f)) = (cache, fingerprint) {
        for (doc, (body, fresh)) in docs.iter().zip(&results) {
            if *fresh {
                cache.keep_rendered(&doc.path, f, body);
            }
        }
    }
    results.into_iter().map(|(body, _)| body).collect()
}

/// Every work the briefs cite, formatted as the style sorts a reference list, each with the
/// briefs that cite it (newest first, as `briefs` is sorted).
/// A key in the site's bibliography names its work there; a work only in briefs' own files
/// is taken from the first (newest) brief citing it, and listed after the site's works.
fn works(briefs: &[Brief], site: Option<&Bibliography>, own: &HashMap<PathBuf, Arc<Bibliography>>) -> Vec<Work> {
    let mut citing: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, b) in briefs.iter().enumerate() {
        for w in &b.body.references {
            citing.entry(w.key.as_str()).or_default().push(i);
        }
    }
    let in_site = |k: &str| site.is_some_and(|s| s.has(k));
    let keys: Vec<&str> = citing.keys().copied().filter(|k| in_site(k)).collect();
    let mut refs = site.map(|s| s.format_all(&keys)).unwrap_or_default();
    let mut others = Vec::new();
    for (key, list) in &citing {
        if in_site(key) {
            continue;
        }
        if let Some(bib) = list.first().and_then(|&b| own.get(&briefs[b].path)) {
            others.extend(bib.format_all(&[key]));
        }
    }
    others.sort_by_key(|r| r.html.to_lowercase());
    refs.extend(others);
    refs.into_iter()
        .map(|r| Work { briefs: citing.get(r.key.as_str()).cloned().unwrap_or_default(), key: r.key, html: r.html })
        .collect()
}

/// Regions from description files, plus those only named by briefs or initiatives.
fn build_regions(
    briefs: &[PendingBrief],
    files: Vec<PendingDescription<RegionMeta>>,
    initiatives: &[PendingDescription<InitiativeMeta>],
    diags: &mut Diagnostics,
) -> Vec<Region> {
    let mut by_slug: BTreeMap<String, Region> = BTreeMap::new();
    let mut parents: Vec<(String, String, PathBuf, (usize, usize))> = Vec::new();
    for f in files {
        if let Some(p) = &f.meta.parent {
            parents.push((f.meta.slug.clone(), p.clone(), f.doc.path.clone(), f.meta.parent_at));
        }
        by_slug.insert(
            f.meta.slug.clone(),
            Region {
                slug: f.meta.slug,
                name: f.meta.name,
                kind: f.meta.kind,
                country: f.meta.country,
                parent: None,
                children: Vec::new(),
                source: Some(f.doc.path),
                html: f.body.html(),
                assets: f.body.assets,
                links: f.body.links,
                headings: f.body.headings,
                ids: f.body.ids,
                briefs: Vec::new(),
                initiatives: Vec::new(),
                figures: Vec::new(),
                gathered: Vec::new(),
            },
        );
    }
    let named = briefs.iter().flat_map(|b| &b.meta.regions).chain(initiatives.iter().flat_map(|i| &i.meta.regions));
    for slug in named {
        by_slug.entry(slug.clone()).or_insert_with(|| Region {
            slug: slug.clone(),
            name: title_from_slug(slug),
            kind: None,
            country: None,
            parent: None,
            children: Vec::new(),
            source: None,
            html: String::new(),
            assets: Vec::new(),
            links: Vec::new(),
            headings: Vec::new(),
            ids: Vec::new(),
            briefs: Vec::new(),
            initiatives: Vec::new(),
            figures: Vec::new(),
            gathered: Vec::new(),
        });
    }
    let mut regions: Vec<Region> = by_slug.into_values().collect();
    let slugs: Vec<String> = regions.iter().map(|r| r.slug.clone()).collect();
    let mut parent_at = BTreeMap::new();
    for (child, parent, path, (line, col)) in parents {
        let c = slugs.binary_search(&child).unwrap_or_default();
        match slugs.binary_search(&parent) {
            Ok(p) if p == c => diags.push(
                Diagnostic::error(&path, line, col, format!("region `{child}` names itself as its `parent`"))
                    .with_hint("name the region it lies in (Yanbian's parent is `jilin`), or remove `parent:`"),
            ),
            Ok(p) => {
                regions[c].parent = Some(p);
                regions[p].children.push(c);
                parent_at.insert(c, (path, line, col));
            }
            _ => {
                let hint = match did_you_mean(&parent, slugs.iter().map(String::as_str)) {
                    Some(s) => format!(
                        "did you mean `{s}`? a parent must be a region with a file in briefs/regions/ or named by a brief"
                    ),
                    None => "a parent must be a region with a file in briefs/regions/ or named by a brief".to_string(),
                };
                diags.push(
                    Diagnostic::error(path, line, col, format!("`parent` names no region: `{parent}`")).with_hint(hint),
                );
            }
        }
    }
    break_parent_cycles(&mut regions, &parent_at, diags);
    regions
}

/// Finds regions whose parents lead back to themselves (jilin's parent yanbian, yanbian's
/// parent jilin), reports each cycle once at the `parent` line of its first region by slug,
/// and cuts it there so that nothing later walks up the parents forever. Linear: every region
/// is walked up from once.
fn break_parent_cycles(
    regions: &mut [Region],
    parent_at: &BTreeMap<usize, (PathBuf, usize, usize)>,
    diags: &mut Diagnostics,
) {
    // 0: not seen, 1: on the current walk, 2: done.
    let mut state = vec![0u8; regions.len()];
    for start in 0..regions.len() {
        let mut walk = Vec::new();
        let mut at = Some(start);
        while let Some(r) = at.filter(|&r| state[r] == 0) {
            state[r] = 1;
            walk.push(r);
            at = regions[r].parent;
        }
        if let Some(r) = at.filter(|&r| state[r] == 1) {
            let cycle = &walk[walk.iter().position(|&w| w == r).unwrap_or(0)..];
            let first = cycle.iter().copied().min().unwrap_or(r);
            let from = cycle.iter().position(|&w| w == first).unwrap_or(0);
            let mut names: Vec<&str> =
                cycle[from..].iter().chain(&cycle[..from]).map(|&w| regions[w].slug.as_str()).collect();
            names.push(&regions[first].slug);
            if let Some((path, line, col)) = parent_at.get(&first) {
                diags.push(
                    Diagnostic::error(path, *line, *col, format!("`parent` makes a cycle: {}", names.join(" → ")))
                        .with_hint(
                            "a region's parent is the larger region it lies in: remove `parent:` from one of them",
                        ),
                );
            }
            if let Some(p) = regions[first].parent.take() {
                regions[p].children.retain(|&c| c != first);
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
}

fn build_initiatives(
    briefs: &[PendingBrief],
    files: Vec<PendingDescription<InitiativeMeta>>,
    region_at: &HashMap<&str, usize>,
) -> Vec<Initiative> {
    let mut by_slug: BTreeMap<String, Initiative> = BTreeMap::new();
    for f in files {
        let regions = f.meta.regions.iter().filter_map(|s| region_at.get(s.as_str()).copied()).collect();
        by_slug.insert(
            f.meta.slug.clone(),
            Initiative {
                slug: f.meta.slug.clone(),
                meta: f.meta,
                source: Some(f.doc.path),
                html: f.body.html(),
                assets: f.body.assets,
                links: f.body.links,
                headings: f.body.headings,
                ids: f.body.ids,
                regions,
                briefs: Vec::new(),
                figures: Vec::new(),
            },
        );
    }
    for slug in briefs.iter().flat_map(|b| &b.meta.initiatives) {
        by_slug.entry(slug.clone()).or_insert_with(|| Initiative {
            slug: slug.clone(),
            meta: InitiativeMeta { slug: slug.clone(), name: title_from_slug(slug), ..InitiativeMeta::default() },
            source: None,
            html: String::new(),
            assets: Vec::new(),
            links: Vec::new(),
            headings: Vec::new(),
            ids: Vec::new(),
            regions: Vec::new(),
            briefs: Vec::new(),
            figures: Vec::new(),
        });
    }
    by_slug.into_values().collect()
}

/// A chart's own `regions:` list: every slug must be a known region.
fn chart_regions(
    f: &crate::data::DataBlock,
    list: &[String],
    region_at: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let mut out = Vec::new();
    for slug in list {
        match region_at.get(slug.as_str()) {
            Some(&i) => out.push(i),
            None => {
                let mut hint =
                    "name a region that has a file in briefs/regions/ or that a brief lists in `regions`".to_string();
                if let Some(s) = did_you_mean(slug, region_at.keys().copied()) {
                    hint = format!("did you mean `{s}`? {hint}");
                }
                diags.push(
                    Diagnostic::error(
                        &f.path,
                        f.regions_at.0,
                        f.regions_at.1,
                        format!("chart `{}` names an unknown region `{slug}`", f.id),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    out
}

/// Fills the reverse indices: briefs and figures per region, initiative and tag.
fn index(site: &mut Site) {
    for (bi, b) in site.briefs.iter().enumerate() {
        for &r in &b.regions {
            site.regions[r].briefs.push(bi);
        }
        for &i in &b.initiatives {
            site.initiatives[i].briefs.push(bi);
        }
        for &t in &b.tags {
            site.tags[t].briefs.push(bi);
        }
        for a in dedup(b.author_of.iter().flatten().copied()) {
            site.authors[a].briefs.push(bi);
        }
        for (fi, regions) in b.figure_regions.iter().enumerate() {
            for &r in regions {
                site.regions[r].figures.push((bi, fi));
            }
        }
        for (fi, inits) in b.figure_initiatives.iter().enumerate() {
            for &i in inits {
                site.initiatives[i].figures.push((bi, fi));
            }
        }
    }
    for (ii, init) in site.initiatives.iter().enumerate() {
        for &r in &init.regions {
            site.regions[r].initiatives.push(ii);
        }
    }
    let mut assets: BTreeMap<String, PathBuf> = BTreeMap::new();
    let linked = site.briefs.iter().map(|b| &b.body.assets);
    let linked = linked.chain(site.regions.iter().map(|r| &r.assets)).chain(site.initiatives.iter().map(|n| &n.assets));
    let linked = linked.chain(site.authors.iter().map(|a| &a.assets)).chain(site.pages.iter().map(|p| &p.body.assets));
    for (src, dest) in linked.flatten() {
        assets.entry(dest.clone()).or_insert_with(|| src.clone());
    }
    site.assets = assets.into_iter().map(|(d, s)| (s, d)).collect();
}

/// How many briefs a brief's page suggests.
const RELATED: usize = 3;

/// How far from a brief, in each of its lists, candidates are looked for: briefs close in time
/// on the same subject. This keeps the work per brief bounded at 10,000 briefs.
const RELATED_WINDOW: usize = 60;

/// Chooses each brief's related briefs: those sharing the most of its initiatives (3 points
/// each), regions (2) and tags (1); ties go to the brief closest in date, then the newer.
/// Deterministic, and linear in the number of briefs.
fn relate(site: &mut Site) {
    let related: Vec<Vec<usize>> = (0..site.briefs.len())
        .into_par_iter()
        .map(|i| {
            let b = &site.briefs[i];
            let lists = b.initiatives.iter().map(|&n| (3, &site.initiatives[n].briefs));
            let lists = lists.chain(b.regions.iter().map(|&r| (2, &site.regions[r].briefs)));
            let lists = lists.chain(b.tags.iter().map(|&t| (1, &site.tags[t].briefs)));
            let mut score: HashMap<usize, u32> = HashMap::new();
            for (weight, list) in lists {
                let at = list.binary_search(&i).unwrap_or_else(|p| p);
                let from = at.saturating_sub(RELATED_WINDOW);
                for &other in &list[from..(at + RELATED_WINDOW + 1).min(list.len())] {
                    if other != i {
                        *score.entry(other).or_default() += weight;
                    }
                }
            }
            let mut ranked: Vec<(usize, u32)> = score.into_iter().collect();
            ranked.sort_by_key(|&(other, s)| (std::cmp::Reverse(s), other.abs_diff(i), other));
            ranked.into_iter().take(RELATED).map(|(other, _)| other).collect()
        })
        .collect();
    for (b, r) in site.briefs.iter_mut().zip(related) {
        b.related = r;
    }
}

/// `items` without repeats, in first-seen order (a brief that lists a tag twice is on its page once).
fn dedup(items: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// Milestones sorted by date, for timelines.
pub fn sorted_milestones(m: &[Milestone]) -> Vec<Milestone> {
    let mut out = m.to_vec();
    out.sort_by_key(|m| m.date);
    out
}
