//! View structs: what templates see. They are built from the model and serialized into the
//! Tera context, so templates never depend on the model's internals (Zola's `ser.rs` idea).
//! The fields here are the theme contract documented in the README.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::layout::Page;
use crate::site::{Brief, Site};

#[derive(Serialize, Clone)]
pub struct Link {
    pub slug: String,
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub author: Option<&'a str>,
    /// The logo's URL.
    pub logo: Option<String>,
    pub accent: Option<&'a str>,
    pub accent_dark: Option<&'a str>,
    pub footer_text: Option<&'a str>,
    pub footer_links: Vec<Link>,
    /// `extra:` of dossier.yaml, as written.
    pub extra: &'a serde_json::Value,
    /// The site has a search page (`search:` is not `false`).
    pub search: bool,
    /// The `/references/` page, when the site has a bibliography.
    pub references_url: Option<String>,
}

#[derive(Serialize)]
pub struct PageView {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub feed_url: Option<String>,
    /// The title of the page's feed, as the feed itself gives it (`Briefs on Jilin`).
    pub feed_title: Option<String>,
    /// Which menu entry leads here (`briefs`, `page:about`).
    pub section: String,
    /// Of a list cut into pages: the previous and next pages, for `<link rel="prev|next">`.
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

/// Where a page stands in a list cut into pages (`paginator` in every list template).
#[derive(Serialize, Clone)]
pub struct PaginatorView {
    /// This page, from 1.
    pub number: usize,
    pub pages: usize,
    /// Items in the whole list.
    pub items: usize,
    /// The place of this page's first item in the whole list, from 1.
    pub first_item: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub first_url: String,
    pub last_url: String,
}

#[derive(Serialize)]
pub struct BriefCard {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub date_display: String,
    pub summary: Option<String>,
    /// Each author's name, with the URL of their page when they have one.
    pub authors: Vec<AuthorLink>,
    pub regions: Vec<Link>,
    pub initiatives: Vec<Link>,
    pub draft: bool,
    pub reading_minutes: usize,
    /// The card as the theme's `partials/card.html` draws it, in lists (the renderer fills it
    /// in, once per brief); empty on the brief's own page.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub html: String,
}

#[derive(Serialize, Clone)]
pub struct AuthorLink {
    pub name: String,
    pub url: Option<String>,
}

/// An author with a file: for their page and the list of authors.
#[derive(Serialize)]
pub struct AuthorView {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub photo: Option<String>,
    pub links: Vec<Link>,
    /// The bio, rendered (on the first page of the author's briefs only).
    pub bio: String,
    pub count: usize,
}

/// A figure's data table. Serialized with `columns` besides `head`: each heading with `num`,
/// whether the column holds numbers (those of the first row's cell), so that the theme aligns
/// it without testing the text.
pub struct TableView {
    pub head: Vec<String>,
    pub rows: Vec<RowView>,
}

#[derive(Serialize)]
struct ColumnView<'a> {
    name: &'a str,
    num: bool,
}

impl Serialize for TableView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let first = self.rows.first();
        let columns: Vec<ColumnView> = self
            .head
            .iter()
            .enumerate()
            .map(|(k, name)| ColumnView {
                name,
                num: k > 0 && first.and_then(|r| r.cells.get(k - 1)).is_some_and(|c| c.num),
            })
            .collect();
        let mut st = serializer.serialize_struct("TableView", 3)?;
        st.serialize_field("head", &self.head)?;
        st.serialize_field("columns", &columns)?;
        st.serialize_field("rows", &self.rows)?;
        st.end()
    }
}

#[derive(Serialize)]
pub struct RowView {
    pub x: String,
    pub cells: Vec<CellView>,
}

#[derive(Serialize)]
pub struct CellView {
    pub text: String,
    pub url: Option<String>,
    /// A number, or a missing one ("n/a"): right-aligned, in tabular figures.
    pub num: bool,
}

#[derive(Serialize)]
pub struct Figure {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
    /// `source` and `note` with their inline Markdown rendered (links, emphasis), safe HTML.
    pub source_html: Option<String>,
    pub note_html: Option<String>,
    /// Kind "value": a single gathered value, shown as a number rather than a chart.
    pub stat: Option<StatView>,
    pub svg: String,
    pub alt: String,
    pub table: TableView,
    pub csv_url: Option<String>,
    pub svg_url: Option<String>,
    /// The chart's PNG, when the site writes them (`share_images`).
    pub png_url: Option<String>,
    pub brief: Option<Link>,
}

/// A single value shown as a number: "−9 (% change), Jilin, 2018-19", with the other series
/// of its source chart at the same x for comparison.
#[derive(Serialize)]
pub struct StatView {
    pub value: String,
    pub x: String,
    pub name: String,
    pub compare: Vec<StatCompare>,
    /// The whole statement as one sentence (its text alternative).
    pub sentence: String,
}

#[derive(Serialize)]
pub struct StatCompare {
    pub name: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct ChartRef {
    pub id: String,
    pub title: String,
    pub alt: String,
    pub svg_url: String,
    pub url: String,
    pub brief: Link,
}

/// An entry of the main menu. `key` matches the `page.section` of the pages it leads to, so the
/// template can mark the current one.
#[derive(Serialize, Clone)]
pub struct NavItem {
    pub name: String,
    pub url: String,
    pub key: String,
}

/// The section of the site a page belongs to, as menu entries name it.
pub fn section_of(page: Page) -> String {
    match page {
        Page::Brief(_) | Page::Briefs => "briefs".into(),
        Page::Region(_) | Page::Regions => "regions".into(),
        Page::Initiative(_) | Page::Initiatives => "initiatives".into(),
        Page::Tag(_) | Page::Tags => "tags".into(),
        Page::Author(_) | Page::Authors => "authors".into(),
        Page::Standalone(slug) => format!("page:{slug}"),
        Page::Search => "search".into(),
        Page::References => "references".into(),
        Page::Home | Page::NotFound => String::new(),
    }
}

/// The main menu: `menu:` of dossier.yaml, or by default the lists (authors when there are
/// any) and the pages that ask for an entry, by weight then title. A page the menu names that
/// does not exist is an error at `menu`.
pub fn menu(site: &Site) -> Result<Vec<NavItem>, Diagnostic> {
    use crate::config::MenuTarget;
    let layout = &site.layout;
    let list = |name: &str, label: Option<&str>| {
        let (page, key) = match name {
            "regions" => (Page::Regions, "regions"),
            "initiatives" => (Page::Initiatives, "initiatives"),
            "tags" => (Page::Tags, "tags"),
            "authors" => (Page::Authors, "authors"),
            _ => (Page::Briefs, "briefs"),
        };
        let default = site.config.strings.get(key);
        NavItem { name: label.unwrap_or(default).to_string(), url: layout.page(page), key: section_of(page) }
    };
    let page_item = |p: &crate::site::StandalonePage, label: Option<&str>| {
        let page = Page::Standalone(&p.meta.slug);
        let name = label.or(p.meta.menu.as_deref()).unwrap_or(&p.meta.title).to_string();
        NavItem { name, url: layout.page(page), key: section_of(page) }
    };
    let Some(entries) = &site.config.menu else {
        let mut items: Vec<NavItem> =
            ["briefs", "regions", "initiatives", "tags"].iter().map(|l| list(l, None)).collect();
        if !site.authors.is_empty() {
            items.push(list("authors", None));
        }
        let mut pages: Vec<&crate::site::StandalonePage> =
            site.pages.iter().filter(|p| p.meta.menu.is_some()).collect();
        pages.sort_by(|a, b| (a.meta.weight, &a.meta.title).cmp(&(b.meta.weight, &b.meta.title)));
        items.extend(pages.into_iter().map(|p| page_item(p, None)));
        return Ok(items);
    };
    let mut items = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let name = e.name.as_deref();
        items.push(match &e.target {
            MenuTarget::List(l) => list(l, name),
            MenuTarget::Url(u) => NavItem { name: name.unwrap_or(u).to_string(), url: u.clone(), key: String::new() },
            MenuTarget::Page(slug) => match site.pages.iter().find(|p| &p.meta.slug == slug) {
                Some(p) => page_item(p, name),
                None => {
                    let (line, col) = e.at;
                    let mut hint = "name a page of `pages/` by its slug (`pages/about.md` is `about`)".to_string();
                    if let Some(s) = crate::diag::did_you_mean(slug, site.pages.iter().map(|p| p.meta.slug.as_str())) {
                        hint = format!("did you mean `{s}`? {hint}");
                    }
                    return Err(Diagnostic::error(
                        site.root.join("dossier.yaml"),
                        line,
                        col,
                        format!("menu entry {} names no page: `{slug}`", i + 1),
                    )
                    .with_hint(hint));
                }
            },
        });
    }
    Ok(items)
}

/// Builds links and cards from the model, with every URL from the site's layout.
pub struct Urls<'a> {
    pub site: &'a Site,
}

impl Urls<'_> {
    pub fn page(&self, page: Page) -> String {
        self.site.layout.page(page)
    }

    pub fn asset(&self, asset: crate::layout::Asset) -> String {
        self.site.layout.asset(asset)
    }

    pub fn brief_link(&self, i: usize) -> Link {
        let b = &self.site.briefs[i];
        Link { slug: b.slug.clone(), name: b.meta.title.clone(), url: self.page(Page::Brief(&b.slug)) }
    }

    pub fn region_link(&self, i: usize) -> Link {
        let r = &self.site.regions[i];
        Link { slug: r.slug.clone(), name: r.name.clone(), url: self.page(Page::Region(&r.slug)) }
    }

    pub fn initiative_link(&self, i: usize) -> Link {
        let r = &self.site.initiatives[i];
        Link { slug: r.slug.clone(), name: r.meta.name.clone(), url: self.page(Page::Initiative(&r.slug)) }
    }

    pub fn tag_link(&self, i: usize) -> Link {
        let t = &self.site.tags[i];
        Link { slug: t.slug.clone(), name: t.name.clone(), url: self.page(Page::Tag(&t.slug)) }
    }

    pub fn card(&self, i: usize) -> BriefCard {
        let b: &Brief = &self.site.briefs[i];
        BriefCard {
            slug: b.slug.clone(),
            title: b.meta.title.clone(),
            url: self.page(Page::Brief(&b.slug)),
            date: b.meta.date.to_string(),
            date_display: self.site.config.strings.date(&b.meta.date),
            summary: b.meta.summary.clone(),
            authors: b
                .meta
                .authors
                .iter()
                .zip(&b.author_of)
                .map(|(name, of)| match of {
                    Some(a) => AuthorLink {
                        name: self.site.authors[*a].meta.name.clone(),
                        url: Some(self.page(Page::Author(&self.site.authors[*a].meta.slug))),
                    },
                    None => AuthorLink { name: name.clone(), url: None },
                })
                .collect(),
            regions: b.regions.iter().map(|&r| self.region_link(r)).collect(),
            initiatives: b.initiatives.iter().map(|&r| self.initiative_link(r)).collect(),
            draft: b.meta.draft,
            reading_minutes: reading_minutes(b.body.words),
            html: String::new(),
        }
    }

    pub fn author(&self, i: usize) -> AuthorView {
        let a = &self.site.authors[i];
        let m = &a.meta;
        AuthorView {
            slug: m.slug.clone(),
            name: m.name.clone(),
            url: self.page(Page::Author(&m.slug)),
            role: m.role.clone(),
            affiliation: m.affiliation.clone(),
            photo: m
                .photo
                .as_ref()
                .map(|p| if p.contains("://") { p.clone() } else { self.site.layout.url(p.trim_start_matches('/')) }),
            links: m.links.iter().map(|(n, u)| Link { slug: String::new(), name: n.clone(), url: u.clone() }).collect(),
            bio: a.html.clone(),
            count: a.briefs.len(),
        }
    }
}

/// Minutes at 230 words a minute, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(230).max(1)
}

/// A page's share image (`og:image`): its first chart's PNG or its share card.
#[derive(Serialize, Clone)]
pub struct ShareView {
    /// Absolute when the base URL is.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}
