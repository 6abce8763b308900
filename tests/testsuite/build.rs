//! Building good sites: the pages a user expects, deterministic output, sub-path URLs that
//! resolve, escaping, drafts, copied files and theme overrides.

use std::path::Path;

use crate::util::*;

fn build_basic(extra: &[&str]) -> (Temp, Run) {
    let tmp = Temp::new("basic");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let run = build(&site, &tmp.path().join("out"), extra);
    (tmp, run)
}

#[test]
fn the_basic_site_has_every_page() {
    let (tmp, run) = build_basic(&[]);
    let out = tmp.path().join("out");
    assert!(run.stdout.starts_with("built "), "{}", run.stdout);
    assert!(run.stdout.contains("2 briefs, 2 regions, 1 initiatives"), "{}", run.stdout);
    for page in [
        "index.html",
        "404.html",
        "briefs/index.html",
        "briefs/trade/index.html",
        "briefs/other/index.html",
        "regions/index.html",
        "regions/jilin/index.html",
        "regions/yanbian/index.html",
        "initiatives/index.html",
        "initiatives/gti/index.html",
        "tags/index.html",
        "tags/trade/index.html",
        "tags/northeast-asia/index.html",
        "charts/jilin-trade-share.svg",
        "charts/jilin-trade-share.csv",
        "charts/partners.csv",
        "media/img/map.svg",
        "extra.txt",
        "style.css",
        "chart.css",
        "favicon.svg",
        ".nojekyll",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    assert!(!out.join("briefs/draft").exists(), "drafts are left out without --drafts");
    assert!(!out.join("charts/partners.svg").exists(), "a table chart has no SVG");
}

#[test]
fn a_brief_page_shows_its_parts() {
    let (tmp, _) = build_basic(&[]);
    let html = read(tmp.path().join("out/briefs/trade/index.html"));
    assert!(html.contains("Trade &amp; &lt;Tariffs&gt;"), "titles are escaped");
    assert!(!html.contains("<Tariffs>"));
    assert!(html.contains("Mei Lin"));
    assert!(html.contains(r#"href="/regions/jilin/""#));
    assert!(html.contains(r#"href="/initiatives/gti/""#));
    assert!(html.contains(r#"href="/briefs/other/#findings""#), "links to briefs are rewritten");
    assert!(html.contains(r#"src="/media/img/map.svg""#), "linked images are copied and rewritten");
    assert!(html.contains(r#"id="background""#), "headings have ids");
    assert!(html.contains(r##"href="#outlook""##), "three sections give a table of contents");
    assert!(html.contains(r#"id="fig-jilin-trade-share""#), "the chart is a figure");
    assert!(html.contains("<svg"), "the chart is inline SVG");
    assert!(html.contains("1 min read"));
    let other = read(tmp.path().join("out/briefs/other/index.html"));
    assert!(!other.contains(r##"href="#findings""##), "one section gives no table of contents");
}

#[test]
fn lists_are_newest_first_and_regions_show_their_family() {
    let (tmp, _) = build_basic(&[]);
    let out = tmp.path().join("out");
    let list = read(out.join("briefs/index.html"));
    let (a, b) = (list.find("Another brief").unwrap(), list.find("Trade &amp;").unwrap());
    assert!(a < b, "newest first");
    let yanbian = read(out.join("regions/yanbian/index.html"));
    assert!(yanbian.contains(r#"href="/regions/jilin/""#), "a region links its parent");
    let jilin = read(out.join("regions/jilin/index.html"));
    assert!(jilin.contains(r#"href="/regions/yanbian/""#), "a region links its children");
    assert!(jilin.contains("A province in China"), "a region shows its description");
    let gti = read(out.join("initiatives/gti/index.html"));
    assert!(gti.contains("Renamed the Greater Tumen Initiative"), "an initiative shows milestones");
    let home = read(out.join("index.html"));
    assert!(home.contains("Basic &amp; &lt;Test&gt; Site"));
    assert!(home.contains(r#"href="/initiatives/gti/""#) && home.contains(r#"href="/regions/yanbian/""#));
}

#[test]
fn drafts_are_built_with_the_flag() {
    let (tmp, run) = build_basic(&["--drafts"]);
    assert!(run.stdout.contains("3 briefs"), "{}", run.stdout);
    assert!(tmp.path().join("out/briefs/draft/index.html").is_file());
}

#[test]
fn builds_are_byte_identical() {
    let tmp = Temp::new("determinism");
    let site = tmp.path().join("site");
    copy_tree(&repo().join("briefs"), &site.join("briefs"));
    std::fs::copy(repo().join("dossier.yaml"), site.join("dossier.yaml")).unwrap();
    build(&site, &tmp.path().join("a"), &[]);
    build(&site, &tmp.path().join("b"), &[]);
    let (a, b) = (snapshot(&tmp.path().join("a")), snapshot(&tmp.path().join("b")));
    assert!(a.len() > 30);
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
}

/// Builds the sample site under a sub-path and follows every internal link to a file.
#[test]
fn every_internal_link_resolves_under_a_sub_path() {
    let tmp = Temp::new("subpath");
    let out = tmp.path().join("out");
    let run = build(&repo(), &out, &["--base-url", "https://example.github.io/northeast-briefs/"]);
    assert!(run.stdout.contains("briefs"));
    let mut checked = 0;
    let mut broken = Vec::new();
    for (rel, bytes) in snapshot(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for url in attribute_values(&html, "href").into_iter().chain(attribute_values(&html, "src")) {
            if url.starts_with("https://")
                || url.starts_with("http://")
                || url.starts_with('#')
                || url.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            if !resolves(&out, url) {
                broken.push(format!("{rel}: {url}"));
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

fn resolves(out: &Path, url: &str) -> bool {
    let Some(path) = url.strip_prefix("/northeast-briefs/") else { return false };
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let file = if path.is_empty() || path.ends_with('/') { out.join(path).join("index.html") } else { out.join(path) };
    file.is_file()
}

#[test]
fn a_sites_own_theme_overrides_templates_and_files() {
    let tmp = Temp::new("theme");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::create_dir_all(site.join("themes/mine/templates")).unwrap();
    std::fs::create_dir_all(site.join("themes/mine/static")).unwrap();
    std::fs::write(site.join("dossier.yaml"), "title: T\ntheme: mine\n").unwrap();
    std::fs::write(site.join("themes/mine/templates/tag.html"), "TAG {{ tag.name }} {{ url(path=\"x/\") }}").unwrap();
    std::fs::write(site.join("themes/mine/static/style.css"), "body{}").unwrap();
    build(&site, &tmp.path().join("out"), &[]);
    assert_eq!(read(tmp.path().join("out/tags/trade/index.html")), "TAG trade /x/");
    assert_eq!(read(tmp.path().join("out/style.css")), "body{}");
    assert!(read(tmp.path().join("out/briefs/trade/index.html")).contains("<!DOCTYPE html>"), "other templates stay");
}

/// A card is drawn once per brief by `partials/card.html`, and every list shows that drawing;
/// a theme that changes the partial changes every list, and one that asks `brief_list` for
/// another heading level gets it.
#[test]
fn every_list_shows_the_card_partial_and_brief_list_keeps_its_level() {
    let tmp = Temp::new("cards");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let region = read(out.join("regions/jilin/index.html"));
    let tag = read(out.join("tags/trade/index.html"));
    let card = |html: &str, slug: &str| {
        let at = html.find(&format!("<h3 class=\"card-title\"><a href=\"/briefs/{slug}/\">")).expect(slug);
        let start = html[..at].rfind("<article class=\"card").unwrap();
        html[start..start + html[start..].find("</article>").unwrap()].to_string()
    };
    assert_eq!(card(&region, "trade"), card(&tag, "trade"), "one drawing of the card on every list");
    assert!(tag.contains("<h2 class=\"vh\">Briefs</h2>"), "the cards' h3 sits under a section heading");

    std::fs::create_dir_all(site.join("themes/mine/templates/partials")).unwrap();
    std::fs::write(site.join("dossier.yaml"), "title: T\ntheme: mine\n").unwrap();
    std::fs::write(site.join("themes/mine/templates/partials/card.html"), "<p class=\"mine\">{{ b.title }}</p>")
        .unwrap();
    std::fs::write(
        site.join("themes/mine/templates/tag.html"),
        "{% import \"macros.html\" as m %}{{ m::brief_list(briefs=tag.briefs, level=2) }}",
    )
    .unwrap();
    build(&site, &out, &[]);
    for page in ["regions/jilin/index.html", "briefs/index.html", "index.html"] {
        assert!(read(out.join(page)).contains("<p class=\"mine\">Trade &amp; &lt;Tariffs&gt;</p>"), "{page}");
    }
    let tag = read(out.join("tags/trade/index.html"));
    assert!(tag.contains("<h2 class=\"card-title\">") && !tag.contains("class=\"mine\""), "{tag}");
}

#[test]
fn a_successful_build_replaces_the_previous_output() {
    let tmp = Temp::new("replace");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("stale.html"), "old").unwrap();
    std::fs::write(out.join(".dossier-output"), "an earlier build").unwrap();
    build(&site, &out, &[]);
    assert!(!out.join("stale.html").exists());
    assert!(out.join("index.html").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staging folders are left behind: {leftovers:?}");
}

/// The region page gathers one indicator's values from every brief that cites it.
#[test]
fn a_region_gathers_an_indicator_from_two_briefs() {
    let (tmp, _) = build_basic(&[]);
    let html = read(tmp.path().join("out/regions/jilin/index.html"));
    let start = html.find(r#"id="fig-g-jilin-trade-share-of-gdp""#).expect("a gathered figure for the indicator");
    let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
    assert!(figure.contains("<svg"), "the gathered chart is drawn");
    let rows: Vec<&str> = figure.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 3, "1994 and 2019 from one brief, 2005 from the other: {figure}");
    for (row, (year, brief)) in
        rows.iter().zip([("1994", "Trade &amp; &lt;Tariffs&gt;"), ("2005", "Another brief"), ("2019", "Another brief")])
    {
        assert!(row.contains(year) && row.contains(brief), "row {year} names {brief}: {row}");
    }
    assert!(html.contains("/charts/jilin-trade-share.svg"), "the region page shows the charts of its briefs");
    assert!(html.contains(r#"href="/briefs/trade/#fig-jilin-trade-share""#), "each links back to its brief");
}
