//! "Cite this brief": a brief as a citable work, written as the Highwire `citation_*` meta
//! tags that Google Scholar and reference managers read from a page's head, as a reference in
//! the text (Chicago author-date), and as three downloads beside the page: BibTeX
//! (`cite.bib`), RIS (`cite.ris`) and CSL-JSON (`cite.json`).
//!
//! Every format is written here by hand, each with its own escaping: BibTeX's special
//! characters are escaped, RIS values are kept to one line, CSL-JSON goes through serde_json.
//! The same brief always gives the same bytes.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::json;

use crate::layout::{Asset, CiteFormat, Page};
use crate::site::Site;
use crate::text::Date;

/// A brief as a work to cite.
pub struct Work<'a> {
    /// The citation key: the slug and the year (`jilin-trade-decline-2021`).
    pub key: String,
    pub title: &'a str,
    pub authors: &'a [String],
    pub date: Date,
    pub updated: Option<Date>,
    pub summary: Option<&'a str>,
    /// Who publishes it: the site's `author`, else its title.
    pub publisher: &'a str,
    /// Where it is read: the page's absolute URL when the site has one, else its path.
    pub url: String,
    pub language: &'a str,
    pub tags: Vec<&'a str>,
}

/// Brief `i` of `site` as a work.
pub fn work(site: &Site, i: usize) -> Work<'_> {
    let b = &site.briefs[i];
    let c = &site.config;
    Work {
        key: format!("{}-{}", b.slug, b.meta.date.year),
        title: &b.meta.title,
        authors: &b.meta.authors,
        date: b.meta.date,
        updated: b.meta.updated,
        summary: b.meta.summary.as_deref(),
        publisher: c.author.as_deref().unwrap_or(&c.title),
        url: site.layout.canonical(Page::Brief(&b.slug)),
        language: &c.language,
        tags: b.tags.iter().map(|&t| site.tags[t].name.as_str()).collect(),
    }
}

/// What the brief's page shows and links to: the Highwire tags for its head, the reference
/// as readers copy it, and the downloads.
#[derive(Serialize)]
pub struct CiteView {
    /// (name, content) of each `<meta>`, in order.
    pub meta: Vec<(&'static str, String)>,
    pub reference: String,
    pub downloads: Vec<Download>,
}

#[derive(Serialize)]
pub struct Download {
    pub label: &'static str,
    pub url: String,
    pub file: &'static str,
}

/// The view of brief `i` for its page.
pub fn view(site: &Site, i: usize, w: &Work) -> CiteView {
    let slug = &site.briefs[i].slug;
    let downloads = CiteFormat::ALL
        .iter()
        .map(|&f| Download { label: label(f), url: site.layout.asset(Asset::Citation(slug, f)), file: f.file_name() })
        .collect();
    CiteView { meta: highwire(w), reference: reference(w), downloads }
}

/// The downloads as (format, text).
pub fn files(w: &Work) -> [(CiteFormat, String); 3] {
    [(CiteFormat::BibTex, bibtex(w)), (CiteFormat::Ris, ris(w)), (CiteFormat::CslJson, csl_json(w))]
}

/// The label readers see for a format.
pub fn label(format: CiteFormat) -> &'static str {
    match format {
        CiteFormat::BibTex => "BibTeX",
        CiteFormat::Ris => "RIS",
        CiteFormat::CslJson => "CSL-JSON",
    }
}

/// Highwire Press tags, as Google Scholar's inclusion guidelines name them. Dates are
/// `YYYY/MM/DD` (or as much of it as is known); one `citation_author` per author.
pub fn highwire(w: &Work) -> Vec<(&'static str, String)> {
    let mut out = vec![("citation_title", w.title.to_string())];
    for a in w.authors {
        out.push(("citation_author", a.clone()));
    }
    out.push(("citation_publication_date", slashed(w.date)));
    out.push(("citation_online_date", slashed(w.updated.unwrap_or(w.date))));
    out.push(("citation_technical_report_institution", w.publisher.to_string()));
    out.push(("citation_publisher", w.publisher.to_string()));
    out.push(("citation_language", w.language.to_string()));
    if !w.tags.is_empty() {
        out.push(("citation_keywords", w.tags.join("; ")));
    }
    out.push(("citation_abstract_html_url", w.url.clone()));
    out
}

/// The reference in the text, Chicago author-date: `Lin, Mei, and Daniel Park. 2021.
/// “Title.” Policy brief. Publisher. URL.`
pub fn reference(w: &Work) -> String {
    let mut out = String::new();
    let names: Vec<String> = w
        .authors
        .iter()
        .enumerate()
        .map(|(n, a)| match (n, split_name(a)) {
            (0, (Some(given), family)) => format!("{family}, {given}"),
            (_, _) => a.clone(),
        })
        .collect();
    match names.len() {
        0 => out.push_str(w.publisher),
        1 => out.push_str(&names[0]),
        2 => {
            let _ = write!(out, "{}, and {}", names[0], names[1]);
        }
        n => {
            let _ = write!(out, "{}, and {}", names[..n - 1].join(", "), names[n - 1]);
        }
    }
    let title = w.title.trim_end_matches('.');
    let _ = write!(out, ". {}. “{title}.” Policy brief. {}. {}.", w.date.year, w.publisher, w.url);
    out
}

/// BibTeX: one `@techreport` (the classic type every BibTeX style knows), its title in double
/// braces so that styles keep its capitals.
pub fn bibtex(w: &Work) -> String {
    let mut fields: Vec<(&str, String)> = vec![("title", format!("{{{}}}", bib(w.title)))];
    if !w.authors.is_empty() {
        let names: Vec<String> = w
            .authors
            .iter()
            .map(|a| match split_name(a) {
                (Some(given), family) => format!("{}, {}", bib(family), bib(given)),
                (None, name) => format!("{{{}}}", bib(name)),
            })
            .collect();
        fields.push(("author", names.join(" and ")));
    }
    fields.push(("institution", bib(w.publisher)));
    fields.push(("type", "Policy brief".into()));
    fields.push(("year", w.date.year.to_string()));
    if let Some(m) = w.date.month {
        fields.push(("month", MONTHS[m as usize - 1].into()));
    }
    fields.push(("url", w.url.replace('}', "%7D").replace('{', "%7B")));
    if let Some(s) = w.summary {
        fields.push(("abstract", bib(s)));
    }
    if !w.tags.is_empty() {
        fields.push(("keywords", bib(&w.tags.join(", "))));
    }
    fields.push(("language", bib(w.language)));
    let mut out = format!("@techreport{{{},\n", w.key);
    for (name, value) in fields {
        // `month` takes BibTeX's month macros (`may`), which are not braced.
        if name == "month" {
            let _ = writeln!(out, "  {name} = {value},");
        } else {
            let _ = writeln!(out, "  {name} = {{{value}}},");
        }
    }
    out.push_str("}\n");
    out
}

/// RIS: a report (`RPRT`), one tag per line, `ER` last, lines ending in CR LF as the format
/// was defined.
pub fn ris(w: &Work) -> String {
    let mut out = String::new();
    let mut tag = |tag: &str, value: &str| {
        let _ = write!(out, "{tag}  - {}\r\n", one_line(value));
    };
    tag("TY", "RPRT");
    tag("ID", &w.key);
    tag("TI", w.title);
    for a in w.authors {
        match split_name(a) {
            (Some(given), family) => tag("AU", &format!("{family}, {given}")),
            (None, name) => tag("AU", name),
        }
    }
    tag("PY", &w.date.year.to_string());
    tag("DA", &format!("{}/", slashed(w.date)));
    tag("PB", w.publisher);
    tag("M3", "Policy brief");
    tag("UR", &w.url);
    if let Some(s) = w.summary {
        tag("AB", s);
    }
    for t in &w.tags {
        tag("KW", t);
    }
    tag("LA", w.language);
    out.push_str("ER  - \r\n");
    out
}

/// CSL-JSON: a list of one item of type `report`, as citeproc processors (Zotero, Pandoc,
/// hayagriva) read it.
pub fn csl_json(w: &Work) -> String {
    let authors: Vec<serde_json::Value> = w
        .authors
        .iter()
        .map(|a| match split_name(a) {
            (Some(given), family) => json!({"family": family, "given": given}),
            (None, name) => json!({"literal": name}),
        })
        .collect();
    let parts: Vec<u16> =
        [Some(w.date.year), w.date.month.map(u16::from), w.date.day.map(u16::from)].into_iter().flatten().collect();
    let mut item = json!({
        "id": w.key,
        "type": "report",
        "genre": "Policy brief",
        "title": w.title,
        "publisher": w.publisher,
        "issued": {"date-parts": [parts]},
        "URL": w.url,
        "language": w.language,
    });
    if !authors.is_empty() {
        item["author"] = authors.into();
    }
    if let Some(s) = w.summary {
        item["abstract"] = s.into();
    }
    if !w.tags.is_empty() {
        item["keyword"] = w.tags.join(", ").into();
    }
    let mut out = serde_json::to_string_pretty(&[item]).unwrap_or_default();
    out.push('\n');
    out
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// `2021/05/03`, `2021/05`, `2021`.
fn slashed(d: Date) -> String {
    let mut out = format!("{:04}", d.year);
    for part in [d.month, d.day].into_iter().flatten() {
        let _ = write!(out, "/{part:02}");
    }
    out
}

/// A name as (given, family), split at its last space: `Mei Lin` is `Mei` and `Lin`. A name of
/// one word (an organisation, or a name written family first without spaces) stays whole.
fn split_name(name: &str) -> (Option<&str>, &str) {
    match name.trim().rsplit_once(' ') {
        Some((given, family)) if !given.trim().is_empty() => (Some(given.trim()), family),
        _ => (None, name.trim()),
    }
}

/// Text for a BibTeX value: its special characters escaped, braces balanced by escaping them
/// all, so that no title can end the field or open a command.
fn bib(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A RIS value on one line: the format ends a value at the end of its line.
fn one_line(s: &str) -> String {
    s.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}
