//! dossier: a static site generator for policy briefs, with charts drawn at build time from
//! data blocks in the text.
//!
//! The pipeline: [`content`] finds and parses files, [`markdown`] renders them and lifts chart
//! blocks out ([`data`]), [`site`] links briefs, regions and initiatives, [`render`] fills the
//! theme's templates and draws charts ([`chart`]), and [`write`] puts the files in place.
#![doc = include_str!("ARCHITECTURE.md")]

pub mod chart;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod diag;
pub mod markdown;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod timings;
pub mod write;
pub mod yaml;

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
    /// The report of a render of `site` that wrote `counts` in `elapsed`.
    pub fn new(site: &site::Site, counts: render::Counts, elapsed: Duration) -> BuildReport {
        BuildReport {
            pages: counts.pages,
            files: counts.files,
            charts: counts.charts,
            briefs: site.briefs.len(),
            regions: site.regions.len(),
            initiatives: site.initiatives.len(),
            elapsed,
            warnings: site.warnings.clone(),
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

/// Builds the site into `options.output`, replacing it only if the whole build succeeds.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let mut stages = timings::Stages::new();
    let site = site::load(options)?;
    stages.mark("load (all of the above)");
    let theme = render::Theme::load(&options.root, &site.config.theme)?;
    let sink = DirSink::stage(&options.output).map_err(|e| output_error(&options.output, e))?;
    stages.mark("theme and staging");
    match render::render_site(&site, &theme, &sink) {
        Ok(counts) => {
            stages.mark("render and write");
            sink.commit().map_err(|e| output_error(&options.output, e))?;
            stages.mark("swap output");
            let mut report = BuildReport::new(&site, counts, start.elapsed());
            if let Some(warning) = relative_base_url(options, &site.config) {
                report.warnings.push(warning);
                report.warnings.sort();
            }
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
    if config.is_absolute() {
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
    let site = site::load(options)?;
    let theme = render::Theme::load(&options.root, &site.config.theme)?;
    let counts = render::render_site(&site, &theme, sink)?;
    Ok(BuildReport::new(&site, counts, start.elapsed()))
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
