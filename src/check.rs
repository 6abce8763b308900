//! `dossier check`: load the whole site without writing it and report every problem at once:
//! broken internal links and anchors, missing images, figures that disagree between briefs,
//! front matter that is probably wrong. External links are fetched only on request.
//!
//! [`problems`] is the one list of problems: `build` and the preview server report the same
//! ones with the same severity, so a site that `check` passes builds, and one that builds
//! passes `check`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::config::BuildOptions;
use crate::diag::{Diagnostic, Diagnostics, Severity, did_you_mean};
use crate::layout::{Page, Routes};
use crate::markdown::{LinkKind, LinkRef};
use crate::render::Plan;
use crate::site::Site;

/// What a check found, and the external links it saw.
pub struct Report {
    pub problems: Diagnostics,
    pub external: Vec<(PathBuf, LinkRef)>,
}

/// Checks the site at `options.root`. `Err` means the check could not run at all.
pub fn check(options: &BuildOptions, fetch_external: bool, today: &str) -> Result<Report, Diagnostics> {
    if !options.root.join("briefs").is_dir() {
        return Err(Diagnostic::error(options.root.join("briefs"), 0, 0, "no `briefs/` folder: nothing to check")
            .with_hint("run dossier in the site's folder or pass `--root DIR`")
            .into());
    }
    let (site, theme, plan) = match crate::load(options) {
        Ok(loaded) => loaded,
        Err(diags) => return Ok(Report { problems: diags, external: Vec::new() }),
    };
    let (mut problems, external) = problems(&site, &plan, today);
    // Every page is rendered, into nothing: a template that fails the build fails the check.
    let all = crate::render::PageSet::all(&site);
    if let Err(errors) = crate::render::render_pages(&site, &theme, &plan, &crate::write::NullSink, &all, None) {
        problems.extend(errors.0.into_iter().map(|d| d.relative_to(&options.root)));
        problems.sort();
    }
    if fetch_external {
        problems.extend(fetch(&external).0);
        problems.0 = problems.0.into_iter().map(|d| d.relative_to(&options.root)).collect();
        problems.sort();
    }
    if options.strict || site.config.strict {
        problems = strict(problems);
    }
    Ok(Report { problems, external })
}

/// Every problem of a loaded site but those of external links (which need the network): the
/// model's warnings (figures that disagree), links and anchors that lead nowhere, and front
/// matter that is probably wrong. Also returns the external links, for [`check`] to fetch.
pub fn problems(site: &Site, plan: &Plan, today: &str) -> (Diagnostics, Vec<(PathBuf, LinkRef)>) {
    let mut problems = site.warnings.clone();
    let targets = Targets::of(site, &plan.routes);
    let mut external = Vec::new();
    for (path, page, links) in link_sources(site) {
        for link in links {
            match check_link(&targets, &page, link) {
                Some(message) => problems.push(located(path, link, Severity::Error, message)),
                None if link.kind == LinkKind::External => external.push((path.to_path_buf(), link.clone())),
                None => {}
            }
        }
    }
    front_matter(site, today, &mut problems);
    problems.0 = problems.0.into_iter().map(|d| d.relative_to(&site.root)).collect();
    problems.sort();
    (problems, external)
}

/// With `strict`, warnings count as errors.
pub fn strict(mut problems: Diagnostics) -> Diagnostics {
    for d in &mut problems.0 {
        if d.severity == Severity::Warning {
            d.severity = Severity::Error;
            d.message.push_str(" (a warning, an error with --strict)");
        }
    }
    problems
}

/// Every path the built site will have (the build's own plan), and the ids each page offers to
/// `#fragment` links.
struct Targets<'a> {
    routes: &'a Routes,
    anchors: HashMap<String, HashSet<String>>,
}

impl<'a> Targets<'a> {
    fn of(site: &Site, routes: &'a Routes) -> Targets<'a> {
        let mut anchors = HashMap::new();
        for b in &site.briefs {
            anchors.insert(Page::Brief(&b.slug).path(), b.body.ids.iter().cloned().collect());
        }
        for r in &site.regions {
            anchors.insert(Page::Region(&r.slug).path(), r.ids.iter().cloned().collect());
        }
        for n in &site.initiatives {
            anchors.insert(Page::Initiative(&n.slug).path(), n.ids.iter().cloned().collect());
        }
        for a in &site.authors {
            anchors.insert(Page::Author(&a.meta.slug).path(), a.ids.iter().cloned().collect());
        }
        for p in &site.pages {
            anchors.insert(Page::Standalone(&p.meta.slug).path(), p.body.ids.iter().cloned().collect());
        }
        Targets { routes, anchors }
    }

    /// The page or file a site path names (`briefs/x/index.html` and `briefs/x` are `briefs/x/`).
    fn page_of(&self, path: &str) -> Option<String> {
        if self.routes.contains(path) {
            return Some(path.strip_suffix("index.html").unwrap_or(path).to_string());
        }
        let dir = if path.is_empty() || path.ends_with('/') { path.to_string() } else { format!("{path}/") };
        self.routes.contains(&format!("{dir}index.html")).then_some(dir)
    }
}

/// (file, its page path, its links) for every brief and description.
fn link_sources(site: &Site) -> Vec<(&Path, String, &[LinkRef])> {
    let mut out: Vec<(&Path, String, &[LinkRef])> = Vec::new();
    for b in &site.briefs {
        out.push((&b.path, Page::Brief(&b.slug).path(), &b.body.links));
    }
    for r in &site.regions {
        if let Some(p) = &r.source {
            out.push((p, Page::Region(&r.slug).path(), &r.links));
        }
    }
    for n in &site.initiatives {
        if let Some(p) = &n.source {
            out.push((p, Page::Initiative(&n.slug).path(), &n.links));
        }
    }
    for a in &site.authors {
        out.push((&a.source, Page::Author(&a.meta.slug).path(), &a.links));
    }
    for p in &site.pages {
        out.push((&p.path, Page::Standalone(&p.meta.slug).path(), &p.body.links));
    }
    out
}

/// What is wrong with one link, if anything.
fn check_link(targets: &Targets, page: &str, link: &LinkRef) -> Option<String> {
    let what = if link.image { "image" } else { "link to" };
    let (target_page, fragment) = match &link.kind {
        LinkKind::External | LinkKind::Refused => return None,
        LinkKind::Missing => return Some(format!("{what} `{}` points at no page or file", link.target)),
        LinkKind::Anchor(f) if f.is_empty() => return None,
        LinkKind::Anchor(f) => (page.to_string(), f.clone()),
        LinkKind::Page { page, fragment } => match fragment {
            Some(f) => (page.clone(), f.clone()),
            None => return None,
        },
        LinkKind::Site { path, fragment } => {
            let Some(p) = targets.page_of(path) else {
                return Some(format!("{what} `{}` points at no page or file of the site", link.target));
            };
            match fragment {
                Some(f) => (p, f.clone()),
                None => return None,
            }
        }
    };
    let ids = targets.anchors.get(&target_page)?;
    if ids.contains(&fragment) || fragment == "main" {
        return None;
    }
    let mut message = format!("{what} `{}`: the page has no section `#{fragment}`", link.target);
    if let Some(s) = did_you_mean(&fragment, ids.iter().map(String::as_str)) {
        message.push_str(&format!(" (did you mean `#{s}`?)"));
    }
    Some(message)
}

fn located(path: &Path, link: &LinkRef, severity: Severity, message: String) -> Diagnostic {
    let d = Diagnostic::error(path, link.line, link.column, message);
    Diagnostic { severity, ..d }
}

/// Front matter that parses but is probably wrong.
fn front_matter(site: &Site, today: &str, problems: &mut Diagnostics) {
    let described: Vec<&str> = site.regions.iter().filter(|r| r.source.is_some()).map(|r| r.slug.as_str()).collect();
    let described_inits: Vec<&str> =
        site.initiatives.iter().filter(|n| n.source.is_some()).map(|n| n.slug.as_str()).collect();
    let mut titles: HashMap<&str, &str> = HashMap::new();
    for b in site.briefs.iter().rev() {
        let m = &b.meta;
        let named = m.regions.iter().map(|s| (s, "region", &described, m.regions_at, "regions"));
        let named = named
            .chain(m.initiatives.iter().map(|s| (s, "initiative", &described_inits, m.initiatives_at, "initiatives")));
        for (slug, what, known, (line, col), folder) in named {
            if known.contains(&slug.as_str()) {
                continue;
            }
            // Legitimate (the page is titled from the slug), so never an error: a deploy must not
            // stop on it. A close described slug is named, since it is often a typo.
            let add = format!("add briefs/{folder}/{slug}.md to describe it");
            let hint = match did_you_mean(slug, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? If not, {add}"),
                None => add,
            };
            problems.push(
                Diagnostic::warning(&b.path, line, col, format!("{what} `{slug}` has no description file"))
                    .with_hint(hint),
            );
        }
        if m.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            problems.push(
                Diagnostic::warning(&b.path, 2, 1, "brief has no `summary`")
                    .with_hint("add `summary:` with one or two sentences; lists, feeds and search results show it"),
            );
        }
        if m.date.to_string().as_str() > today {
            problems.push(Diagnostic::warning(
                &b.path,
                m.date_at.0,
                m.date_at.1,
                format!("`date` {} is in the future", m.date),
            ));
        }
        match titles.get(m.title.as_str()) {
            Some(other) => problems.push(
                Diagnostic::warning(
                    &b.path,
                    m.title_at.0,
                    m.title_at.1,
                    format!("another brief has the same title: {other}"),
                )
                .with_hint("readers tell briefs apart by title: make each one distinct"),
            ),
            None => {
                titles.insert(&m.title, &b.rel);
            }
        }
    }
}

/// Fetches external links, a few at a time, each with a timeout.
fn fetch(links: &[(PathBuf, LinkRef)]) -> Diagnostics {
    let mut unique: Vec<&str> =
        links.iter().map(|(_, l)| l.target.as_str()).filter(|t| t.starts_with("http")).collect();
    unique.sort();
    unique.dedup();
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .new_agent();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build();
    let results: HashMap<&str, Option<String>> = match pool {
        Ok(pool) => pool.install(|| unique.par_iter().map(|&url| (url, fetch_one(&agent, url))).collect()),
        Err(_) => unique.iter().map(|&url| (url, fetch_one(&agent, url))).collect(),
    };
    let mut out = Diagnostics::default();
    for (path, link) in links {
        if let Some(Some(problem)) = results.get(link.target.as_str()) {
            out.push(located(path, link, Severity::Error, format!("external link `{}` {problem}", link.target)));
        }
    }
    out
}

fn fetch_one(agent: &ureq::Agent, url: &str) -> Option<String> {
    match agent.head(url).call() {
        Ok(r) if r.status().as_u16() < 400 => None,
        Ok(r) if r.status().as_u16() == 405 => match agent.get(url).call() {
            Ok(r) if r.status().as_u16() < 400 => None,
            Ok(r) => Some(format!("answered {}", r.status())),
            Err(e) => Some(format!("failed: {e}")),
        },
        Ok(r) => Some(format!("answered {}", r.status())),
        Err(e) => Some(format!("failed: {e}")),
    }
}

/// Today's date, `YYYY-MM-DD`, in UTC.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0), "1970-01-01");
        assert_eq!(super::civil_from_days(19_782), "2024-02-29");
    }
}
