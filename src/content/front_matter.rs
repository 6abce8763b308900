//! Typed front matter for briefs, regions and initiatives, with located errors.

use std::path::Path;

use serde_yaml::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::text::{Date, is_slug, slugify};
use crate::yaml::{Origin, YamlMap, kind_of};

const BRIEF_KEYS: &[&str] = &[
    "title",
    "date",
    "summary",
    "authors",
    "regions",
    "initiatives",
    "tags",
    "draft",
    "slug",
    "updated",
    "bibliography",
];
const REGION_KEYS: &[&str] = &["name", "kind", "parent", "country"];
const INITIATIVE_KEYS: &[&str] = &["name", "full_name", "started", "ended", "sponsor", "milestones", "regions"];
const AUTHOR_KEYS: &[&str] = &["name", "role", "affiliation", "photo", "links"];
const PAGE_KEYS: &[&str] = &["title", "slug", "summary", "menu", "weight", "draft"];

/// Front matter of `briefs/authors/<slug>.md`; the body is the author's bio.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorMeta {
    pub slug: String,
    pub name: String,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    /// A path or URL of a portrait, linked like an image in the text.
    pub photo: Option<String>,
    /// (label, URL) pairs: `links: [{name: ORCID, url: "https://orcid.org/…"}]`.
    pub links: Vec<(String, String)>,
}

/// Front matter of a standalone page under `pages/`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    pub title: String,
    /// The page's path in the site: `about`, `methods/sources`.
    pub slug: String,
    pub summary: Option<String>,
    /// The label of the page's entry in the main menu, when it has one (`menu: true` uses the
    /// title).
    pub menu: Option<String>,
    /// Orders menu entries: lower first, then by title.
    pub weight: i64,
    pub draft: bool,
    pub slug_at: (usize, usize),
}

/// Front matter of a brief.
#[derive(Debug, Clone, Default)]
pub struct BriefMeta {
    pub title: String,
    pub date: Date,
    pub summary: Option<String>,
    pub authors: Vec<String>,
    pub regions: Vec<String>,
    pub initiatives: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub updated: Option<Date>,
    /// A bibliography file of the brief's own (`refs.bib`, beside the brief), over the site's.
    pub bibliography: Option<String>,
    pub bibliography_at: (usize, usize),
    /// File positions of keys that later stages point at.
    pub regions_at: (usize, usize),
    pub initiatives_at: (usize, usize),
    pub tags_at: (usize, usize),
    pub slug_at: (usize, usize),
    pub title_at: (usize, usize),
    pub date_at: (usize, usize),
    pub summary_at: (usize, usize),
}

/// Front matter of `briefs/regions/<slug>.md`.
#[derive(Debug, Clone, Default)]
pub struct RegionMeta {
    pub slug: String,
    pub name: String,
    pub kind: Option<String>,
    pub parent: Option<String>,
    pub country: Option<String>,
    pub parent_at: (usize, usize),
}

/// Front matter of `briefs/initiatives/<slug>.md`.
#[derive(Debug, Clone, Default)]
pub struct InitiativeMeta {
    pub slug: String,
    pub name: String,
    pub full_name: Option<String>,
    pub started: Option<Date>,
    pub ended: Option<Date>,
    pub sponsor: Option<String>,
    pub milestones: Vec<Milestone>,
    pub regions: Vec<String>,
    pub regions_at: (usize, usize),
}

/// One dated step of an initiative. `date` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Milestone {
    pub date: Date,
    pub label: String,
}

const ORIGIN: Origin = Origin { line: 2, column: 1 };

pub fn parse_brief(path: &Path, yaml: &str) -> Result<BriefMeta, Diagnostics> {
    let map = YamlMap::parse(path, yaml, ORIGIN)?;
    let mut diags = map.check_keys(BRIEF_KEYS, "brief front matter");
    let hint_title = "add a line such as `title: Jilin's trade with its neighbours` to the front matter";
    let hint_date = "add a line such as `date: 2021-06-01` to the front matter";
    let meta = (|| -> Result<BriefMeta, Diagnostic> {
        let slug = map.opt_str("slug")?;
        if let Some(s) = &slug
            && !is_slug(s)
        {
            return Err(map
                .error("slug", format!("`slug` may hold only lowercase letters, digits and dashes: `{s}`"))
                .with_hint(format!("try `slug: {}`", slugify(s))));
        }
        Ok(BriefMeta {
            title: map.required_str("title", hint_title)?,
            date: map.opt_date("date")?.ok_or_else(|| {
                Diagnostic::error(path, ORIGIN.line, 1, "missing required key `date`").with_hint(hint_date)
            })?,
            summary: map.opt_str("summary")?,
            authors: map.str_list("authors")?,
            regions: slugs(&map, "regions")?,
            initiatives: slugs(&map, "initiatives")?,
            tags: map.str_list("tags")?,
            draft: map.opt_bool("draft")?.unwrap_or(false),
            slug,
            updated: map.opt_date("updated")?,
            bibliography: map.opt_str("bibliography")?,
            bibliography_at: map.position("bibliography"),
            regions_at: map.position("regions"),
            initiatives_at: map.position("initiatives"),
            tags_at: map.position("tags"),
            slug_at: map.position("slug"),
            title_at: map.position("title"),
            date_at: map.position("date"),
            summary_at: map.position("summary"),
        })
    })();
    finish(meta, &mut diags)
}

pub fn parse_region(path: &Path, yaml: &str, stem: &str) -> Result<RegionMeta, Diagnostics> {
    let map = YamlMap::parse(path, yaml, ORIGIN)?;
    let mut diags = map.check_keys(REGION_KEYS, "region front matter");
    let meta = (|| -> Result<RegionMeta, Diagnostic> {
        Ok(RegionMeta {
            slug: stem_slug(path, stem)?,
            name: map.required_str("name", "add a line such as `name: Jilin` to the front matter")?,
            kind: map.opt_str("kind")?,
            parent: map.opt_str("parent")?,
            country: map.opt_str("country")?,
            parent_at: map.position("parent"),
        })
    })();
    finish(meta, &mut diags)
}

pub fn parse_initiative(path: &Path, yaml: &str, stem: &str) -> Result<InitiativeMeta, Diagnostics> {
    let map = YamlMap::parse(path, yaml, ORIGIN)?;
    let mut diags = map.check_keys(INITIATIVE_KEYS, "initiative front matter");
    let meta = (|| -> Result<InitiativeMeta, Diagnostic> {
        Ok(InitiativeMeta {
            slug: stem_slug(path, stem)?,
            name: map.required_str("name", "add a line such as `name: GTI` to the front matter")?,
            full_name: map.opt_str("full_name")?,
            started: map.opt_partial_date("started")?,
            ended: map.opt_partial_date("ended")?,
            sponsor: map.opt_str("sponsor")?,
            milestones: milestones(&map)?,
            regions: slugs(&map, "regions")?,
            regions_at: map.position("regions"),
        })
    })();
    finish(meta, &mut diags)
}

pub fn parse_author(path: &Path, yaml: &str, stem: &str) -> Result<AuthorMeta, Diagnostics> {
    let map = YamlMap::parse(path, yaml, ORIGIN)?;
    let mut diags = map.check_keys(AUTHOR_KEYS, "author front matter");
    let hint = "write links as a list of `- {name: ORCID, url: \"https://orcid.org/0000-0002-1825-0097\"}`";
    let meta = (|| -> Result<AuthorMeta, Diagnostic> {
        let links = match map.get("links") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => items
                .iter()
                .map(|item| match (item.get("name").and_then(Value::as_str), item.get("url").and_then(Value::as_str)) {
                    (Some(n), Some(u))
                        if u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:") =>
                    {
                        Ok((n.to_string(), u.to_string()))
                    }
                    _ => Err(map
                        .error("links", "every link needs a `name` and an http(s) or mailto `url`")
                        .with_hint(hint)),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(map
                    .error("links", format!("`links` must be a list, found {}", kind_of(other)))
                    .with_hint(hint));
            }
        };
        Ok(AuthorMeta {
            slug: stem_slug(path, stem)?,
            name: map.required_str("name", "add a line such as `name: Mei Lin` to the front matter")?,
            role: map.opt_str("role")?,
            affiliation: map.opt_str("affiliation")?,
            photo: map.opt_str("photo")?,
            links,
        })
    })();
    finish(meta, &mut diags)
}

/// `slug` is the one the page's path gives, used unless the front matter has its own.
pub fn parse_page(path: &Path, yaml: &str, slug: &str) -> Result<PageMeta, Diagnostics> {
    let map = YamlMap::parse(path, yaml, ORIGIN)?;
    let mut diags = map.check_keys(PAGE_KEYS, "page front matter");
    let meta = (|| -> Result<PageMeta, Diagnostic> {
        let title = map.required_str("title", "add a line such as `title: About us` to the front matter")?;
        let slug = match map.opt_str("slug")? {
            Some(s) if !s.split('/').all(is_slug) => {
                let fix: Vec<String> = s.split('/').map(slugify).filter(|p| !p.is_empty()).collect();
                return Err(map
                    .error(
                        "slug",
                        format!("`slug` may hold only lowercase letters, digits, dashes and `/` between parts: `{s}`"),
                    )
                    .with_hint(format!("try `slug: {}`", fix.join("/"))));
            }
            Some(s) => s,
            None if slug.split('/').all(is_slug) => slug.to_string(),
            None => {
                return Err(Diagnostic::error(
                    path,
                    1,
                    1,
                    format!("the file name gives no URL for the page (`{slug}`)"),
                )
                .with_hint("rename the file with letters or digits (`about.md`), or add `slug: about`"));
            }
        };
        let menu = match map.get("menu") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(title.clone()),
            Some(Value::String(label)) => Some(label.clone()),
            Some(_) => {
                return Err(map
                    .error("menu", "`menu` must be `true` or the label of the page's menu entry")
                    .with_hint("write `menu: true`, or `menu: About us`"));
            }
        };
        let weight = match map.get("weight") {
            None => 0,
            Some(v) => v.as_i64().ok_or_else(|| {
                map.error("weight", "`weight` must be a whole number").with_hint("write for example `weight: 10`")
            })?,
        };
        Ok(PageMeta {
            title,
            slug,
            summary: map.opt_str("summary")?,
            menu,
            weight,
            draft: map.opt_bool("draft")?.unwrap_or(false),
            slug_at: if map.has("slug") { map.position("slug") } else { (0, 0) },
        })
    })();
    finish(meta, &mut diags)
}

fn finish<T>(meta: Result<T, Diagnostic>, diags: &mut Diagnostics) -> Result<T, Diagnostics> {
    match meta {
        Ok(m) if !diags.has_errors() => Ok(m),
        Ok(_) => Err(std::mem::take(diags)),
        Err(e) => {
            diags.push(e);
            Err(std::mem::take(diags))
        }
    }
}

fn stem_slug(path: &Path, stem: &str) -> Result<String, Diagnostic> {
    if stem.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Diagnostic::error(path, 1, 1, format!("file name `{stem}` is a number, not a slug")).with_hint(
            "name regions and initiatives with words, such as `jilin.md`, so that `regions: [jilin]` can name them",
        ));
    }
    if is_slug(stem) {
        Ok(stem.to_string())
    } else {
        Err(Diagnostic::error(path, 1, 1, format!("file name `{stem}` is not a slug"))
            .with_hint(format!("rename the file to `{}.md`: lowercase letters, digits and dashes", slugify(stem))))
    }
}

fn slugs(map: &YamlMap, key: &str) -> Result<Vec<String>, Diagnostic> {
    let list = map.slug_list(key)?;
    for s in &list {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            let what = if key == "regions" { "a region" } else { "an initiative" };
            return Err(map
                .error(key, format!("`{key}` names `{s}`, a number, where {what} slug belongs"))
                .with_hint(format!("name {what} by its slug, the name of its file without `.md`, such as `jilin`")));
        }
        if !is_slug(s) {
            return Err(map
                .error(key, format!("`{key}` names `{s}`, which is not a slug"))
                .with_hint(format!("name regions and initiatives by slug, for example `{}`", slugify(s))));
        }
    }
    Ok(list)
}

fn milestones(map: &YamlMap) -> Result<Vec<Milestone>, Diagnostic> {
    let hint = "write milestones as a list of `- {date: \"2009\", label: \"Changjitu plan approved\"}`";
    let items = match map.get("milestones") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Sequence(items)) => items,
        Some(other) => {
            return Err(map
                .error("milestones", format!("`milestones` must be a list, found {}", kind_of(other)))
                .with_hint(hint));
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |k: &str| -> Option<String> {
                match item.get(k)? {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                }
            };
            let (Some(date), Some(label)) = (field("date"), field("label")) else {
                return Err(map
                    .item_error("milestones", i, format!("milestone {} needs a `date` and a `label`", i + 1))
                    .with_hint(hint));
            };
            let Some(date) = Date::parse_partial(&date) else {
                return Err(map
                    .item_error("milestones", i, format!("milestone {} has an invalid date `{date}`", i + 1))
                    .with_hint("write YYYY, YYYY-MM or YYYY-MM-DD"));
            };
            Ok(Milestone { date, label })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brief_needs_title_and_date() {
        let err = parse_brief(Path::new("b.md"), "summary: x\n").unwrap_err();
        assert!(err.to_string().contains("missing required key `title`"));
        let err = parse_brief(Path::new("b.md"), "title: A\ndate: 2021-02-30\n").unwrap_err();
        assert!(err.to_string().contains("b.md:3:7: error: `date` is not a valid date"), "{err}");
    }

    #[test]
    fn milestones_are_read_in_order() {
        let yaml = "name: GTI\nmilestones:\n  - {date: \"1991\", label: Launch}\n  - {date: 2005, label: Renamed}\n";
        let meta = parse_initiative(Path::new("gti.md"), yaml, "gti").unwrap();
        assert_eq!(meta.milestones.len(), 2);
        assert_eq!(meta.milestones[1].date.to_string(), "2005");
    }
}
