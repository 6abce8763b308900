//! Machine-readable files for publishing: Atom feeds (site, each region, each initiative),
//! `sitemap.xml`, `robots.txt` and `CNAME`. Feeds and the sitemap need absolute URLs, so they
//! are written only when `base_url` is an absolute URL.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::layout::{Asset, Page};
use crate::site::Site;

/// How many briefs a feed carries, newest first.
pub const FEED_ENTRIES: usize = 20;

type Xml = Writer<Vec<u8>>;

/// The Atom 1.0 feed of `page`, listing `briefs` (indices, newest first). Only for sites with
/// an absolute base URL.
pub fn atom(site: &Site, title: &str, page: Page, briefs: &[usize]) -> String {
    finish(|w| write_atom(w, site, title, page, briefs))
}

fn write_atom(w: &mut Xml, site: &Site, title: &str, page: Page, briefs: &[usize]) -> io::Result<()> {
    let layout = &site.layout;
    let absolute = |path: &str| layout.absolute_url(path).unwrap_or_else(|| layout.url(path));
    let feed_url = absolute(&Asset::Feed(page).path());
    let updated = briefs.iter().map(|&b| brief_updated(site, b)).max().map(|d| d.timestamp());
    let updated = updated.unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let author = site.config.author.as_deref().unwrap_or(&site.config.title);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xml:lang", xml_text(&site.config.language).as_ref()))
        .write_inner_content(|w| {
            text_element(w, "title", title)?;
            if !site.config.description.is_empty() {
                text_element(w, "subtitle", &site.config.description)?;
            }
            text_element(w, "id", &feed_url)?;
            link(w, "self", "application/atom+xml", &feed_url)?;
            link(w, "alternate", "text/html", &layout.canonical(page))?;
            text_element(w, "updated", &updated)?;
            w.create_element("author").write_inner_content(|w| text_element(w, "name", author))?;
            w.create_element("generator")
                .with_attribute(("version", env!("CARGO_PKG_VERSION")))
                .write_text_content(BytesText::new("dossier"))?;
            for &b in briefs.iter().take(FEED_ENTRIES) {
                write_entry(w, site, b)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Brief `b`'s feed entry, appended to `x` (the preview compares it between builds).
pub(super) fn entry(x: &mut String, site: &Site, b: usize) {
    x.push_str(&finish(|w| write_entry(w, site, b)));
}

fn write_entry(w: &mut Xml, site: &Site, b: usize) -> io::Result<()> {
    let brief = &site.briefs[b];
    let url = site.layout.canonical(Page::Brief(&brief.slug));
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "title", &brief.meta.title)?;
        text_element(w, "id", &url)?;
        link(w, "alternate", "text/html", &url)?;
        text_element(w, "published", &brief.meta.date.timestamp())?;
        text_element(w, "updated", &brief_updated(site, b).timestamp())?;
        // An author named by slug is written by name, with their page.
        for (a, of) in brief.meta.authors.iter().zip(&brief.author_of) {
            let author = of.map(|i| &site.authors[i]);
            let name = author.map_or(a.as_str(), |x| x.meta.name.as_str());
            w.create_element("author").write_inner_content(|w| {
                text_element(w, "name", name)?;
                if let Some(x) = author {
                    text_element(w, "uri", &site.layout.canonical(Page::Author(&x.meta.slug)))?;
                }
                Ok(())
            })?;
        }
        for &r in &brief.regions {
            w.create_element("category")
                .with_attribute(("term", xml_text(&site.regions[r].slug).as_ref()))
                .with_attribute(("label", xml_text(&site.regions[r].name).as_ref()))
                .write_empty()?;
        }
        if let Some(s) = &brief.meta.summary {
            text_element(w, "summary", s)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Every HTML page but 404, with the last change of briefs.
pub fn sitemap(site: &Site) -> String {
    finish(|w| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        w.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|w| {
                let url = |w: &mut Xml, page: Page, lastmod: Option<String>| -> io::Result<()> {
                    w.create_element("url").write_inner_content(|w| {
                        text_element(w, "loc", &site.layout.canonical(page))?;
                        if let Some(d) = lastmod {
                            text_element(w, "lastmod", &d)?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                };
                url(w, Page::Home, None)?;
                url(w, Page::Briefs, None)?;
                for (i, b) in site.briefs.iter().enumerate() {
                    url(w, Page::Brief(&b.slug), Some(brief_updated(site, i).to_string()))?;
                }
                url(w, Page::Regions, None)?;
                for r in &site.regions {
                    url(w, Page::Region(&r.slug), None)?;
                }
                url(w, Page::Initiatives, None)?;
                for n in &site.initiatives {
                    url(w, Page::Initiative(&n.slug), None)?;
                }
                url(w, Page::Tags, None)?;
                for t in &site.tags {
                    url(w, Page::Tag(&t.slug), None)?;
                }
                if !site.authors.is_empty() {
                    url(w, Page::Authors, None)?;
                }
                for a in &site.authors {
                    url(w, Page::Author(&a.meta.slug), None)?;
                }
                for p in &site.pages {
                    url(w, Page::Standalone(&p.meta.slug), None)?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

/// Runs `write` on an XML writer (two-space indents) and returns the text, ending in a newline.
fn finish(write: impl FnOnce(&mut Xml) -> io::Result<()>) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; were it ever to, the partial document is still returned
    // rather than a panic, and a feed reader reports it.
    let _ = write(&mut w);
    let mut out =
        String::from_utf8(w.into_inner()).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    out.push('\n');
    out
}

fn text_element(w: &mut Xml, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&xml_text(text)))?;
    Ok(())
}

fn link(w: &mut Xml, rel: &str, kind: &str, href: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("type", kind))
        .with_attribute(("href", xml_text(href).as_ref()))
        .write_empty()?;
    Ok(())
}

/// Text as XML 1.0 allows it: control characters other than tab, line feed and carriage return
/// cannot appear in an XML document at all, even escaped. Front matter refuses them where they
/// are written; this is the last guard, for text that reaches a feed by another way.
pub fn xml_text(s: &str) -> Cow<'_, str> {
    let bad = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}';
    if s.contains(bad) { Cow::Owned(s.chars().filter(|&c| !bad(c)).collect()) } else { Cow::Borrowed(s) }
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
