//! The search index: every brief (title, summary, body text, chart titles, sources and notes)
//! indexed by the `pagefind` library inside the build, with the facets `region`,
//! `initiative`, `tag` and `year`, as the files of `pagefind/` that the theme's search page
//! loads in the reader's browser.
//!
//! Pagefind splits the index into chunks (words, filters, one fragment per brief) so that a
//! search fetches only what its words need. Each brief is handed over as a small HTML document
//! made here from the model (not the themed page): the text readers search, facet values in
//! `<meta>` tags, and nothing of the site's navigation. URLs are site paths (`/briefs/x/`), so
//! the index is the same under any base URL; the search page tells pagefind the base path.
//!
//! Of pagefind's output only what a search needs is published: its loader and worker scripts,
//! the WebAssembly of the site's language, the entry file and the index chunks. Its ready-made
//! interfaces and playground are left out: the theme has its own search page.

use std::fmt::Write as _;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::data::DataBlock;
use crate::diag::Diagnostic;
use crate::layout::{Asset, Layout, Page};
use crate::markdown::Block;
use crate::site::Site;

/// The facets readers narrow a search by, as the index names them.
pub const FACETS: [&str; 4] = ["region", "initiative", "tag", "year"];

/// The index of `site`: (output path, bytes) of each file, sorted by path.
pub fn index(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let fail = |e: &dyn std::fmt::Display| {
        Diagnostic::error("dossier.yaml", 0, 0, format!("cannot build the search index: {e}"))
            .with_hint("this is a bug in dossier: please report it with the brief that triggers it")
    };
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| fail(&e))?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(site.config.language.clone())
            .keep_index_url(false)
            .write_playground(false)
            .build();
        let mut index = PagefindIndex::new(Some(config))?;
        // Site paths, as a site at the root has them: the search page prefixes its base path.
        let root = Layout::new("/");
        for i in 0..site.briefs.len() {
            let url = root.page(Page::Brief(&site.briefs[i].slug));
            index.add_html_file(None, Some(url), document(site, i)).await?;
        }
        index.get_files().await
    });
    let files = files.map_err(|e| fail(&e))?;
    let names: Vec<String> = files.iter().map(|f| f.filename.to_string_lossy().replace('\\', "/")).collect();
    let lang = site.config.language.split('-').next().unwrap_or_default().to_ascii_lowercase();
    // pagefind writes `wasm.unknown.pagefind` for languages it has no stemmer for, and always:
    // it is published only when the language's own is missing.
    let own_wasm = names.contains(&format!("wasm.{lang}.pagefind"));
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .zip(&names)
        .filter(|(_, name)| published(name, &lang, own_wasm))
        .map(|(f, name)| (Asset::Search(name).path(), f.contents))
        .collect();
    out.sort();
    Ok(out)
}

/// Whether a file of pagefind's output is one a search needs.
fn published(name: &str, lang: &str, own_wasm: bool) -> bool {
    match name {
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json" => true,
        "wasm.unknown.pagefind" => !own_wasm,
        _ if name.starts_with("wasm.") => name == format!("wasm.{lang}.pagefind"),
        _ => ["index/", "fragment/", "filter/"].iter().any(|dir| name.starts_with(dir)) || name.ends_with(".pf_meta"),
    }
}

/// The document pagefind indexes for brief `i`: its title as the heading, its summary, its
/// body, and each chart's title, unit, source and note; the facets and what a result shows
/// as `<meta>`s. Everything from content is escaped, except the body's HTML, which is the same
/// HTML the brief's page carries.
pub fn document(site: &Site, i: usize) -> String {
    let b = &site.briefs[i];
    let mut out = String::with_capacity(b.body.words * 8 + 512);
    let _ = write!(out, "<html lang=\"{}\"><head>", esc(&site.config.language));
    let mut meta = |kind: &str, key: &str, value: &str| {
        let _ = write!(out, "<meta data-pagefind-{kind}=\"{key}[content]\" content=\"{}\">", esc(value));
    };
    let regions: Vec<&str> = b.regions.iter().map(|&r| site.regions[r].name.as_str()).collect();
    let initiatives: Vec<&str> = b.initiatives.iter().map(|&n| site.initiatives[n].meta.name.as_str()).collect();
    meta("meta", "date", &b.meta.date.display());
    meta("sort", "date", &b.meta.date.timestamp());
    if !regions.is_empty() {
        meta("meta", "regions", &regions.join(", "));
    }
    for r in &regions {
        meta("filter", FACETS[0], r);
    }
    for n in &initiatives {
        meta("filter", FACETS[1], n);
    }
    for &t in &b.tags {
        meta("filter", FACETS[2], &site.tags[t].name);
    }
    meta("filter", FACETS[3], &b.meta.date.year.to_string());
    let _ = write!(out, "</head><body><h1>{}</h1>", esc(&b.meta.title));
    if let Some(summary) = &b.meta.summary {
        let _ = write!(out, "<p>{}</p>", esc(summary));
    }
    for block in &b.body.blocks {
        match block {
            Block::Html(html) => out.push_str(html),
            Block::Figure(n) => figure(&mut out, &b.body.figures[*n]),
        }
    }
    out.push_str("</body></html>");
    out
}

/// A chart as its searchable words: the title as a heading (weighted as one), then unit,
/// source and note. The numbers of its table are not words anyone searches for.
fn figure(out: &mut String, f: &DataBlock) {
    let _ = write!(out, "<figure><h3>{}</h3>", esc(&f.title));
    for text in [&f.unit, &f.source, &f.note].into_iter().flatten() {
        let _ = write!(out, "<p>{}</p>", esc(text));
    }
    out.push_str("</figure>");
}

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
