//! View structs: what templates see. They are built from the model and serialized into the
//! Tera context, so templates never depend on the model's internals (Zola's `ser.rs` idea).
//! The fields here are the theme contract documented in the README.

use serde::Serialize;

use crate::site::{Brief, Site, display_date};

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
}

#[derive(Serialize)]
pub struct PageView {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub feed_url: Option<String>,
}

#[derive(Serialize)]
pub struct BriefCard {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub date_display: String,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub regions: Vec<Link>,
    pub initiatives: Vec<Link>,
    pub draft: bool,
    pub reading_minutes: usize,
}

#[derive(Serialize)]
pub struct TableView {
    pub head: Vec<String>,
    pub rows: Vec<RowView>,
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

/// Builds links and cards from the model, with every URL under the base path.
pub struct Urls<'a> {
    pub site: &'a Site,
    pub base_path: &'a str,
}

impl Urls<'_> {
    pub fn path(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, rel)
    }

    pub fn brief_link(&self, i: usize) -> Link {
        let b = &self.site.briefs[i];
        Link { slug: b.slug.clone(), name: b.meta.title.clone(), url: self.path(&format!("briefs/{}/", b.slug)) }
    }

    pub fn region_link(&self, i: usize) -> Link {
        let r = &self.site.regions[i];
        Link { slug: r.slug.clone(), name: r.name.clone(), url: self.path(&format!("regions/{}/", r.slug)) }
    }

    pub fn initiative_link(&self, i: usize) -> Link {
        let r = &self.site.initiatives[i];
        Link { slug: r.slug.clone(), name: r.meta.name.clone(), url: self.path(&format!("initiatives/{}/", r.slug)) }
    }

    pub fn tag_link(&self, i: usize) -> Link {
        let t = &self.site.tags[i];
        Link { slug: t.slug.clone(), name: t.name.clone(), url: self.path(&format!("tags/{}/", t.slug)) }
    }

    pub fn card(&self, i: usize) -> BriefCard {
        let b: &Brief = &self.site.briefs[i];
        BriefCard {
            slug: b.slug.clone(),
            title: b.meta.title.clone(),
            url: self.path(&format!("briefs/{}/", b.slug)),
            date: b.meta.date.clone(),
            date_display: display_date(&b.meta.date),
            summary: b.meta.summary.clone(),
            authors: b.meta.authors.clone(),
            regions: b.regions.iter().map(|&r| self.region_link(r)).collect(),
            initiatives: b.initiatives.iter().map(|&r| self.initiative_link(r)).collect(),
            draft: b.meta.draft,
            reading_minutes: reading_minutes(b.body.words),
        }
    }

    pub fn cards(&self, indices: &[usize]) -> Vec<BriefCard> {
        indices.iter().map(|&i| self.card(i)).collect()
    }
}

/// Minutes at 230 words a minute, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(230).max(1)
}
