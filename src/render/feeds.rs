//! Machine-readable files for publishing: Atom feeds (site, each region, each initiative),
//! `sitemap.xml`, `robots.txt` and `CNAME`. Feeds and the sitemap need absolute URLs, so they
//! are written only when `base_url` is an absolute URL.

use std::fmt::Write;

use crate::layout::{Asset, Page};
use crate::site::Site;

/// How many briefs a feed carries, newest first.
pub const FEED_ENTRIES: usize = 20;

/// The Atom 1.0 feed of `page`, listing `briefs` (indices, newest first). Only for sites with
/// an absolute base URL.
pub fn atom(site: &Site, title: &str, page: Page, briefs: &[usize]) -> String {
    let layout = &site.layout;
    let absolute = |path: &str| layout.absolute_url(path).unwrap_or_else(|| layout.url(path));
    let feed_url = absolute(&Asset::Feed(page).path());
    let updated = briefs.iter().map(|&b| brief_updated(site, b)).max().map(|d| d.timestamp());
    let updated = updated.unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let author = site.config.author.as_deref().unwrap_or(&site.config.title);
    let mut x = String::with_capacity(1024 + briefs.len().min(FEED_ENTRIES) * 600);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    let _ = writeln!(x, " xml:lang=\"{}\">", esc(&site.config.language));
    let _ = writeln!(x, "  <title>{}</title>", esc(title));
    if !site.config.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", esc(&site.config.description));
    }
    let _ = writeln!(x, "  <id>{}</id>", esc(&feed_url));
    let _ = writeln!(x, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", esc(&feed_url));
    let _ = writeln!(x, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", esc(&layout.canonical(page)));
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(x, "  <author><name>{}</name></author>", esc(author));
    let _ = writeln!(x, "  <generator version=\"{}\">dossier</generator>", env!("CARGO_PKG_VERSION"));
    for &b in briefs.iter().take(FEED_ENTRIES) {
        entry(&mut x, site, b);
    }
    x.push_str("</feed>\n");
    x
}

pub(super) fn entry(x: &mut String, site: &Site, b: usize) {
    let brief = &site.briefs[b];
    let url = site.layout.canonical(Page::Brief(&brief.slug));
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <title>{}</title>", esc(&brief.meta.title));
    let _ = writeln!(x, "    <id>{}</id>", esc(&url));
    let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", esc(&url));
    let _ = writeln!(x, "    <published>{}</published>", brief.meta.date.timestamp());
    let _ = writeln!(x, "    <updated>{}</updated>", brief_updated(site, b).timestamp());
    for a in &brief.meta.authors {
        let _ = writeln!(x, "    <author><name>{}</name></author>", esc(a));
    }
    for &r in &brief.regions {
        let _ = writeln!(
            x,
            "    <category term=\"{}\" label=\"{}\"/>",
            esc(&site.regions[r].slug),
            esc(&site.regions[r].name)
        );
    }
    if let Some(s) = &brief.meta.summary {
        let _ = writeln!(x, "    <summary>{}</summary>", esc(s));
    }
    x.push_str("  </entry>\n");
}

/// Every HTML page but 404, with the last change of briefs.
pub fn sitemap(site: &Site) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |page: Page, lastmod: Option<String>| {
        let _ = write!(x, "  <url><loc>{}</loc>", esc(&site.layout.canonical(page)));
        if let Some(d) = lastmod {
            let _ = write!(x, "<lastmod>{d}</lastmod>");
        }
        x.push_str("</url>\n");
    };
    url(Page::Home, None);
    url(Page::Briefs, None);
    for (i, b) in site.briefs.iter().enumerate() {
        url(Page::Brief(&b.slug), Some(brief_updated(site, i).to_string()));
    }
    url(Page::Regions, None);
    for r in &site.regions {
        url(Page::Region(&r.slug), None);
    }
    url(Page::Initiatives, None);
    for n in &site.initiatives {
        url(Page::Initiative(&n.slug), None);
    }
    url(Page::Tags, None);
    for t in &site.tags {
        url(Page::Tag(&t.slug), None);
    }
    if !site.authors.is_empty() {
        url(Page::Authors, None);
    }
    for a in &site.authors {
        url(Page::Author(&a.meta.slug), None);
    }
    for p in &site.pages {
        url(Page::Standalone(&p.meta.slug), None);
    }
    x.push_str("</urlset>\n");
    x
}

pub fn robots(site: &Site) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if let Some(sitemap) = site.layout.absolute_url(&Asset::Sitemap.path()) {
        let _ = writeln!(s, "Sitemap: {sitemap}");
    }
    s
}

fn brief_updated(site: &Site, b: usize) -> crate::text::Date {
    let m = &site.briefs[b].meta;
    m.updated.unwrap_or(m.date)
}

/// Escapes text for XML content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}
