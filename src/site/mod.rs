//! The site model: briefs, regions, initiatives and tags, linked to each other.
//!
//! [`load`] runs the front half of the pipeline: read every content file, render its Markdown,
//! check the references between files and gather figures by indicator. It reports every problem
//! it finds at once. Nothing here knows about templates or the output folder.

mod cache;
mod gather;
mod text;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{BuildOptions, Config};
use crate::content::{self, BriefMeta, Document, InitiativeMeta, Meta, Milestone, RegionMeta};
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::{self, Flavor, LinkContext, Rendered};
pub use cache::LoadCache;
pub use gather::{Gathered, GatheredPoint};
pub use text::{MONTHS, display_date, slugify, title_from_slug};

/// Everything a build renders, with indices between the parts.
pub struct Site {
    pub config: Config,
    pub root: PathBuf,
    /// Newest first (date descending, then slug).
    pub briefs: Vec<Brief>,
    /// Sorted by slug.
    pub regions: Vec<Region>,
    pub initiatives: Vec<Initiative>,
    pub tags: Vec<Tag>,
    /// Files linked from the text: (on disk, output path), sorted, one per output path.
    pub assets: Vec<(PathBuf, String)>,
    pub warnings: Diagnostics,
    pub drafts: bool,
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
    /// Links and headings of the description, for `dossier check`.
    pub links: Vec<markdown::LinkRef>,
    pub headings: Vec<markdown::Heading>,
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
    pub links: Vec<markdown::LinkRef>,
    pub headings: Vec<markdown::Heading>,
    pub regions: Vec<usize>,
    pub briefs: Vec<usize>,
    pub figures: Vec<(usize, usize)>,
}

pub struct Tag {
    pub slug: String,
    pub name: String,
    pub briefs: Vec<usize>,
}

/// Loads and links the whole site. Errors are every problem found; warnings ride on the site.
pub fn load(options: &BuildOptions) -> Result<Site, Diagnostics> {
    load_with(options, None)
}

/// Like [`load`], but reuses the files that `cache` read and rendered in earlier loads and that
/// have not changed since. The result is the same as [`load`]'s; the preview server keeps one
/// cache between rebuilds.
pub fn load_cached(options: &BuildOptions, cache: &mut LoadCache) -> Result<Site, Diagnostics> {
    load_with(options, Some(cache))
}

fn load_with(options: &BuildOptions, mut cache: Option<&mut LoadCache>) -> Result<Site, Diagnostics> {
    let root = &options.root;
    let mut stages = crate::timings::Stages::new();
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.base_url = crate::config::normalize_base_url(url).ok_or_else(|| {
            Diagnostic::error("--base-url", 1, 1, format!("`{url}` is not an http(s) URL or a path"))
                .with_hint("pass for example `--base-url https://example.github.io/northeast-briefs/`")
        })?;
    }
    let files = content::discover(root)?;
    stages.mark("load: discover");
    let (docs, mut diags) = match cache.as_deref_mut() {
        Some(cache) => cache.documents(root, &files),
        None => content::load(root, &files),
    };
    stages.mark("load: read, front matter");
    let mut builder = Builder::new(options.drafts);
    builder.split(docs);
    builder.assign_slugs(&mut diags);
    let base_path = config.base_path();
    builder.render_markdown(root, &base_path, cache, &mut diags);
    stages.mark("load: markdown");
    let mut site = builder.link(config, root.clone(), &mut diags);
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
    pages: HashMap<String, String>,
}

impl Builder {
    fn new(drafts: bool) -> Self {
        Builder { drafts, briefs: Vec::new(), regions: Vec::new(), initiatives: Vec::new(), pages: HashMap::new() }
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
                b.slug = "brief".into();
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
            self.pages.insert(self.briefs[i].doc.rel.clone(), format!("briefs/{}/", self.briefs[i].slug));
        }
        for r in &self.regions {
            self.pages.insert(r.doc.rel.clone(), format!("regions/{}/", r.meta.slug));
        }
        for r in &self.initiatives {
            self.pages.insert(r.doc.rel.clone(), format!("initiatives/{}/", r.meta.slug));
        }
    }

    /// Renders every file's Markdown in parallel; only briefs may hold charts. With a cache, a
    /// file whose text and link context are unchanged keeps its earlier rendering.
    fn render_markdown(
        &mut self,
        root: &std::path::Path,
        base_path: &str,
        cache: Option<&mut LoadCache>,
        diags: &mut Diagnostics,
    ) {
        let ctx = LinkContext { base_path, root, pages: &self.pages };
        let fingerprint = cache.as_ref().map(|_| cache::link_fingerprint(root, base_path, &self.pages));
        let cached = cache.as_deref();
        // The rendering, and whether it is new (so worth keeping in the cache).
        let render = |doc: &Document, charts: bool| -> (Arc<Rendered>, bool) {
            if let Some(kept) = cached.zip(fingerprint).and_then(|(c, f)| c.rendered(&doc.path, f)) {
                return (kept, false);
            }
            let flavor = Flavor { extensions: true, charts };
            (Arc::new(markdown::render(&doc.body, &doc.path, &doc.rel, doc.body_line, flavor, &ctx)), true)
        };
        let briefs: Vec<(Arc<Rendered>, bool)> = self.briefs.par_iter().map(|b| render(&b.doc, true)).collect();
        let regions: Vec<(Arc<Rendered>, bool)> = self.regions.par_iter().map(|r| render(&r.doc, false)).collect();
        let initiatives: Vec<(Arc<Rendered>, bool)> =
            self.initiatives.par_iter().map(|r| render(&r.doc, false)).collect();
        if let (Some(cache), Some(f)) = (cache, fingerprint) {
            let docs = self.briefs.iter().map(|b| &b.doc);
            let docs = docs.chain(self.regions.iter().map(|r| &r.doc)).chain(self.initiatives.iter().map(|r| &r.doc));
            for (doc, (body, fresh)) in docs.zip(briefs.iter().chain(&regions).chain(&initiatives)) {
                if *fresh {
                    cache.keep_rendered(&doc.path, f, body);
                }
            }
        }
        for (b, (body, _)) in self.briefs.iter_mut().zip(briefs) {
            diags.extend(body.diags.0.iter().cloned());
            b.body = body;
        }
        // Descriptions are taken apart by `link`: they need a rendering of their own.
        let own = |body: Arc<Rendered>| Arc::try_unwrap(body).unwrap_or_else(|shared| Rendered::clone(&shared));
        for (r, (body, _)) in self.regions.iter_mut().zip(regions) {
            r.body = own(body);
        }
        for (r, (body, _)) in self.initiatives.iter_mut().zip(initiatives) {
            r.body = own(body);
        }
    }

    /// Turns the pending files into the linked model.
    fn link(self, config: Config, root: PathBuf, diags: &mut Diagnostics) -> Site {
        let Builder { drafts, mut briefs, regions, initiatives, .. } = self;
        briefs.sort_by(|a, b| b.meta.date.cmp(&a.meta.date).then_with(|| a.slug.cmp(&b.slug)));

        let regions = build_regions(&briefs, regions, &initiatives, diags);
        let region_at: HashMap<&str, usize> = regions.iter().enumerate().map(|(i, r)| (r.slug.as_str(), i)).collect();
        let initiatives = build_initiatives(&briefs, initiatives, &region_at);
        let initiative_at: HashMap<&str, usize> =
            initiatives.iter().enumerate().map(|(i, r)| (r.slug.as_str(), i)).collect();
        let mut tag_names: BTreeMap<String, String> = BTreeMap::new();
        for b in &briefs {
            for t in &b.meta.tags {
                tag_names.entry(slugify(t)).or_insert_with(|| t.clone());
            }
        }
        let tag_at: HashMap<String, usize> = tag_names.keys().enumerate().map(|(i, s)| (s.clone(), i)).collect();

        let mut chart_ids: HashMap<String, (String, usize)> = HashMap::new();
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
                    if let Some((path, line)) = chart_ids.get(&f.id) {
                        diags.push(
                            Diagnostic::error(
                                &f.path,
                                f.id_at.0,
                                f.id_at.1,
                                format!("chart id `{}` is already used at {}:{}", f.id, path, line),
                            )
                            .with_hint("chart ids must be unique in the site: rename one of them"),
                        );
                    } else {
                        chart_ids.insert(f.id.clone(), (b.doc.rel.clone(), f.id_at.0));
                    }
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
                    tags: b.meta.tags.iter().filter_map(|t| tag_at.get(&slugify(t)).copied()).collect(),
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

        let mut site = Site {
            config,
            root,
            briefs,
            regions,
            initiatives,
            tags: tag_names.into_iter().map(|(slug, name)| Tag { slug, name, briefs: Vec::new() }).collect(),
            assets: Vec::new(),
            warnings: Diagnostics::default(),
            drafts,
        };
        index(&mut site);
        site
    }
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
                html: f.body.html,
                links: f.body.links,
                headings: f.body.headings,
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
            links: Vec::new(),
            headings: Vec::new(),
            briefs: Vec::new(),
            initiatives: Vec::new(),
            figures: Vec::new(),
            gathered: Vec::new(),
        });
    }
    let mut regions: Vec<Region> = by_slug.into_values().collect();
    let slugs: Vec<String> = regions.iter().map(|r| r.slug.clone()).collect();
    for (child, parent, path, (line, col)) in parents {
        let c = slugs.binary_search(&child).unwrap_or_default();
        match slugs.binary_search(&parent) {
            Ok(p) if p != c => {
                regions[c].parent = Some(p);
                regions[p].children.push(c);
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
    regions
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
                html: f.body.html,
                links: f.body.links,
                headings: f.body.headings,
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
            links: Vec::new(),
            headings: Vec::new(),
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
    for b in &site.briefs {
        for (src, dest) in &b.body.assets {
            assets.entry(dest.clone()).or_insert_with(|| src.clone());
        }
    }
    site.assets = assets.into_iter().map(|(d, s)| (s, d)).collect();
}

/// Milestones sorted by date, for timelines.
pub fn sorted_milestones(m: &[Milestone]) -> Vec<Milestone> {
    let mut out = m.to_vec();
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}
