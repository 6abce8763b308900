//! dossier: a static site generator for policy briefs, with charts drawn at build time from
//! data blocks in the text.
//!
//! The pipeline: `content` finds and parses files, `markdown` renders them into blocks and
//! lifts chart blocks out (`data`), [`site`] links briefs, regions and initiatives, [`render`]
//! plans every output path through [`layout`], fills the theme's templates and draws charts
//! (`chart`), and [`write`] puts the files in place.
#![doc = include_str!("ARCHITECTURE.md")]

pub(crate) mod bibliography;
pub(crate) mod chart;
pub mod check;
pub(crate) mod cite;
pub mod config;
pub(crate) mod content;
pub(crate) mod data;
pub mod diag;
pub(crate) mod i18n;
pub(crate) mod layout;
pub(crate) mod markdown;
pub(crate) mod render;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub mod share;
pub(crate) mod site;
pub(crate) mod sources;
pub(crate) mod text;
pub(crate) mod timings;
pub mod write;
pub(crate) mod yaml;

use std::time::{Duration, Instant};

use config::BuildOptions;
use diag::{Diagnostic, Diagnostics};
use write::{DirSink, Sink};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub charts: usize,
    pub briefs: usize,
    pub regions: usize,
    pub initiatives: usize,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

impl BuildReport {
    /// The report of a render of `site` that wrote `counts` in `elapsed`, with the warnings
    /// that `check` would give.
    pub(crate) fn new(
        site: &site::Site,
        counts: render::Counts,
        elapsed: Duration,
        warnings: Diagnostics,
    ) -> BuildReport {
        BuildReport {
            pages: counts.pages,
            files: counts.files,
            charts: counts.charts,
            briefs: site.briefs.len(),
            regions: site.regions.len(),
            initiatives: site.initiatives.len(),
            elapsed,
            warnings,
        }
    }

    /// The one summary line a build prints.
    pub fn summary(&self) -> String {
        format!(
            "built {} pages ({} briefs, {} regions, {} initiatives, {} charts) in {} ms",
            self.pages,
            self.briefs,
            self.regions,
            self.initiatives,
            self.charts,
            self.elapsed.as_millis()
        )
    }
}

/// Loads the settings, the theme and the site, and plans the build: everything a render needs.
pub(crate) fn load(options: &BuildOptions) -> Result<(site::Site, render::Theme, render::Plan), Diagnostics> {
    let config = site::config(options)?;
    let theme = render::Theme::load(&options.root, &config.theme)?;
    let site = site::load(options, config, &theme.page_ids())?;
    let plan = render::plan(&site, &theme)?;
    Ok((site, theme, plan))
}

/// What `check` finds in a loaded site (external links aside): errors fail the build; so do
/// warnings with `--strict` or `strict: true`. Otherwise the warnings are returned to print.
pub(crate) fn vet(site: &site::Site, plan: &render::Plan, strict: bool) -> Result<Diagnostics, Diagnostics> {
    let (problems, _external) = check::problems(site, plan, &check::today());
    let strict = strict || site.config.strict;
    if problems.has_errors() || (strict && !problems.is_empty()) {
        return Err(if strict { check::strict(problems) } else { problems });
    }
    Ok(problems)
}

/// Builds the site into `options.output`, replacing it only if the whole build succeeds.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let mut stages = timings::Stages::new();
    write::check_output(&options.root, &options.output, options.force)?;
    let (site, theme, plan) = load(options)?;
    let warnings = vet(&site, &plan, options.strict)?;
    stages.mark("load (all of the above)");
    let sink = DirSink::stage(&options.output).map_err(|e| output_error(&options.output, e))?;
    stages.mark("theme and staging");
    let all = render::PageSet::all(&site);
    match render::render_pages(&site, &theme, &plan, &sink, &all, None) {
        Ok(counts) => {
            stages.mark("render and write");
            sink.commit().map_err(|e| output_error(&options.output, e))?;
            stages.mark("swap output");
            let mut warnings = warnings;
            if let Some(warning) = relative_base_url(options, &site.config) {
                warnings.push(warning);
                warnings.sort();
            }
            let report = BuildReport::new(&site, counts, start.elapsed(), warnings);
            free_in_background(site);
            stages.total();
            Ok(report)
        }
        Err(e) => {
            sink.discard();
            Err(e)
        }
    }
}

/// The warning a build to disk gives when `base_url` is a path: feeds and the sitemap need
/// absolute URLs, so they were left out. Said once per build, at the place the URL came from.
fn relative_base_url(options: &BuildOptions, config: &config::Config) -> Option<diag::Diagnostic> {
    if config.layout().is_absolute() {
        return None;
    }
    let left_out = "the feeds (`feed.xml`) and `sitemap.xml` were not written";
    let is_path = format!("the base URL `{}` is a path, not an absolute URL: {left_out}", config.base_url);
    let warning = if options.base_url.is_some() {
        diag::Diagnostic::warning("--base-url", 1, 1, is_path)
    } else if config.base_url_line > 0 {
        diag::Diagnostic::warning("dossier.yaml", config.base_url_line, 1, is_path)
    } else {
        diag::Diagnostic::warning("dossier.yaml", 1, 1, format!("`base_url` is not set (so it is `/`): {left_out}"))
    };
    Some(warning.with_hint(
        "set `base_url: https://org.github.io/repo/` in dossier.yaml, or pass `--base-url URL` \
         (the GitHub Pages workflow passes the site's address)",
    ))
}

/// Builds the site into any sink (the preview server keeps it in memory).
pub fn build_into(options: &BuildOptions, sink: &dyn Sink) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let (site, theme, plan) = load(options)?;
    let warnings = vet(&site, &plan, options.strict)?;
    let counts = render::render_pages(&site, &theme, &plan, sink, &render::PageSet::all(&site), None)?;
    Ok(BuildReport::new(&site, counts, start.elapsed(), warnings))
}

/// Frees the model on another thread. Millions of small strings take a serial 150 ms to free
/// for 10,000 briefs, after the site is already in place; the CLI exits right after a build
/// (which ends the thread, the OS reclaims the memory at once), and a long-running caller gets
/// the memory back a moment later instead of waiting for it.
fn free_in_background(site: site::Site) {
    // If no thread can be had, the closure (and the site with it) is dropped right here.
    let _ = std::thread::Builder::new().name("free-model".into()).spawn(move || drop(site));
}

fn output_error(path: &std::path::Path, e: std::io::Error) -> Diagnostics {
    Diagnostic::error(path, 0, 0, format!("cannot write the output folder: {e}"))
        .with_hint("check that the folder's parent exists and is writable, or pass another `--output DIR`")
        .into()
}
