//! Issue 14, "A whole publication": lists cut into pages, standalone pages and menus, authors,
//! related briefs.

use std::path::Path;

use crate::util::*;

/// A site of `n` briefs, each on one of three regions and two tags, a chart each on region
/// `r0`'s indicator.
fn generated_site(root: &Path, n: usize) {
    std::fs::create_dir_all(root.join("briefs/regions")).unwrap();
    std::fs::write(root.join("dossier.yaml"), "title: Generated\nbase_url: https://example.org/gen/\n").unwrap();
    std::fs::write(root.join("briefs/regions/r0.md"), "---\nname: Region Zero\n---\nAbout region zero.\n").unwrap();
    for i in 0..n {
        let (year, month, day) = (2000 + i / 336, 1 + (i / 28) % 12, 1 + i % 28);
        let text = format!(
            "---\ntitle: Brief {i}\ndate: {year}-{month:02}-{day:02}\nsummary: Summary {i}.\nregions: [r{}]\ntags: [t{}]\n---\n\n\
             Text of brief {i}.\n\n```chart\nid: c{i}\ntitle: Chart {i}\nsource: Yearbook\nindicator: share\ndata: |\n  year, r{}\n  {}, {}\n```\n",
            i % 3,
            i % 2,
            i % 3,
            1000 + i,
            i % 7
        );
        std::fs::write(root.join(format!("briefs/b{i:04}.md")), text).unwrap();
    }
}

#[test]
fn every_list_is_cut_into_pages_with_links_between_them() {
    let tmp = Temp::new("pages");
    let site = tmp.path().join("site");
    generated_site(&site, 1000);
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    // 1,000 briefs at 20 a page: 50 pages, page 1 at the list's own URL.
    assert!(out.join("briefs/index.html").is_file() && out.join("briefs/page/50/index.html").is_file());
    assert!(!out.join("briefs/page/51").exists() && !out.join("briefs/page/1").exists());
    let first = read(out.join("briefs/index.html"));
    let middle = read(out.join("briefs/page/2/index.html"));
    let last = read(out.join("briefs/page/50/index.html"));
    assert!(first.contains(r#"<link rel="next" href="/gen/briefs/page/2/">"#) && !first.contains(r#"rel="prev""#));
    assert!(middle.contains(r#"<link rel="prev" href="/gen/briefs/">"#), "page 2's previous page is the list itself");
    assert!(middle.contains(r#"<link rel="next" href="/gen/briefs/page/3/">"#));
    assert!(middle.contains(r#"<link rel="canonical" href="https://example.org/gen/briefs/page/2/">"#));
    assert!(last.contains(r#"rel="prev""#) && !last.contains(r#"<link rel="next""#));
    for html in [&first, &middle, &last] {
        assert_eq!(html.matches(r#"<article class="card"#).count(), 20, "20 briefs a page");
        assert!(html.contains("1000 briefs"), "every page counts the whole list");
    }
    assert!(first.contains("Brief 999") && last.contains("Brief 0<"), "newest first, oldest last");
    // A region keeps its description and gathered figures on page 1; later pages list briefs
    // and the charts in them.
    let region = read(out.join("regions/r0/index.html"));
    let region_2 = read(out.join("regions/r0/page/2/index.html"));
    assert!(region.contains("About region zero") && region.contains(r#"id="fig-g-r0-share""#));
    assert!(!region_2.contains("About region zero") && !region_2.contains("fig-g-r0-share"));
    assert!(region_2.contains("/gen/charts/c"), "page 2 shows the charts of its briefs");
    assert!(out.join("tags/t0/page/25/index.html").is_file() && !out.join("tags/t0/page/26").exists());
    // No page is heavy: the largest HTML page stays far under 300 KB.
    let largest = snapshot(&out).into_iter().filter(|(p, _)| p.ends_with(".html")).map(|(_, b)| b.len()).max().unwrap();
    assert!(largest < 300_000, "the largest page is {largest} bytes");
}

#[test]
fn page_size_is_a_setting() {
    let tmp = Temp::new("page-size");
    let site = tmp.path().join("site");
    generated_site(&site, 12);
    let config = read(site.join("dossier.yaml"));
    std::fs::write(site.join("dossier.yaml"), format!("{config}page_size: 5\n")).unwrap();
    build(&site, &tmp.path().join("out"), &[]);
    assert!(tmp.path().join("out/briefs/page/3/index.html").is_file());
    assert!(!tmp.path().join("out/briefs/page/4").exists());
    std::fs::write(site.join("dossier.yaml"), format!("{config}page_size: 0\n")).unwrap();
    let run = dossier(&["build"], &site);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("dossier.yaml:3:12: error: `page_size` must be a whole number from 1 to 10000"),
        "{}",
        run.stderr
    );
}

/// The basic fixture with an About page, a team page in a folder, and two authors.
fn site_with_pages(tmp: &Temp) -> std::path::PathBuf {
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::create_dir_all(site.join("pages/team")).unwrap();
    std::fs::create_dir_all(site.join("briefs/authors")).unwrap();
    let chart = "```chart\nid: about-chart\ntitle: T\nsource: S\ndata: |\n  year, a\n  2019, 1\n```\n";
    std::fs::write(
        site.join("pages/about.md"),
        format!("---\ntitle: About us\nmenu: About\nweight: 2\n---\n\n## Who\n\nSee [the trade brief](../briefs/trade.md).\n\n{chart}"),
    )
    .unwrap();
    std::fs::write(site.join("pages/team/index.md"), "---\ntitle: The team\nmenu: true\nweight: 1\n---\n\nPeople.\n")
        .unwrap();
    std::fs::write(site.join("pages/legal.md"), "---\ntitle: Legal notice\n---\n\nNo menu entry.\n").unwrap();
    std::fs::write(
        site.join("briefs/authors/mei-lin.md"),
        "---\nname: Mei Lin\nrole: Senior fellow\nlinks: [{name: ORCID, url: \"https://orcid.org/0000\"}]\n---\n\nMei writes on <em>trade</em>.\n",
    )
    .unwrap();
    std::fs::write(site.join("briefs/authors/daniel-park.md"), "---\nname: Daniel Park\n---\n\nBio.\n").unwrap();
    site
}

#[test]
fn standalone_pages_are_built_with_their_charts_and_join_the_menu() {
    let tmp = Temp::new("standalone");
    let site = site_with_pages(&tmp);
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let about = read(out.join("about/index.html"));
    assert!(about.contains("<h1 class=\"brief-title\">About us</h1>") && about.contains(r#"id="fig-about-chart""#));
    assert!(about.contains(r#"href="/briefs/trade/""#), "links from pages are rewritten");
    assert!(out.join("charts/about-chart.svg").is_file() && out.join("team/index.html").is_file());
    assert!(out.join("legal/index.html").is_file());
    // Default menu: the lists, Authors (the site has some), then pages by weight.
    let nav = |html: &str| -> Vec<String> {
        let start = html.find(r#"<nav class="site-nav""#).unwrap();
        let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
        nav.split("\">")
            .filter(|s| s.contains("</a>"))
            .filter_map(|s| s.split("</a>").next())
            .map(|s| s.to_string())
            .collect()
    };
    assert_eq!(nav(&about), ["Briefs", "Regions", "Initiatives", "Tags", "Authors", "The team", "About"]);
    assert!(about.contains(r#"<a href="/about/" aria-current="page">About</a>"#), "{about}");
    assert_eq!(dossier(&["check"], &site).code, 0);
    // A menu of the site's own: lists, pages and external links, in its order.
    let config = read(site.join("dossier.yaml"));
    let menu = "menu:\n  - page: about\n  - {list: briefs, name: Publications}\n  - {name: Data, url: \"https://data.example.org/\"}\n";
    std::fs::write(site.join("dossier.yaml"), format!("{config}{menu}")).unwrap();
    build(&site, &out, &[]);
    assert_eq!(nav(&read(out.join("index.html"))), ["About", "Publications", "Data"]);
    std::fs::write(site.join("dossier.yaml"), format!("{config}menu:\n  - page: abuot\n")).unwrap();
    let run = dossier(&["build"], &site);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("dossier.yaml:5:5: error: menu entry 1 names no page: `abuot`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `about`?"), "{}", run.stderr);
    // Each entry's error is at its own line, in a list of any indentation, comments between.
    let menu = "menu:\n- briefs\n# the team\n-   page: team\n-\n  page: abuot\n";
    std::fs::write(site.join("dossier.yaml"), format!("{config}{menu}")).unwrap();
    let run = dossier(&["build"], &site);
    assert!(run.stderr.contains("dossier.yaml:8:2: error: menu entry 3 names no page: `abuot`"), "{}", run.stderr);
    let menu = "menu:\n  - briefs\n  - {list: breifs}\n";
    std::fs::write(site.join("dossier.yaml"), format!("{config}{menu}")).unwrap();
    let run = dossier(&["build"], &site);
    assert!(run.stderr.contains("dossier.yaml:6:5: error: menu entry 2: `breifs` is not a list"), "{}", run.stderr);
    std::fs::write(site.join("dossier.yaml"), format!("{config}menu: [breifs]\n")).unwrap();
    let run = dossier(&["build"], &site);
    assert!(
        run.stderr.contains("`breifs` is not a list of the site") && run.stderr.contains("did you mean `briefs`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_page_may_not_take_a_list_page() {
    let tmp = Temp::new("page-collide");
    let site = site_with_pages(&tmp);
    std::fs::write(site.join("pages/briefs.md"), "---\ntitle: Our briefs\n---\nText.\n").unwrap();
    let run = dossier(&["build"], &site);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("pages/briefs.md:1:1: error: the page `briefs` would be written to `briefs/index.html`, which the list of briefs already takes"),
        "{}",
        run.stderr
    );
}

#[test]
fn authors_have_pages_and_briefs_link_to_them() {
    let tmp = Temp::new("authors");
    let site = site_with_pages(&tmp);
    // The trade brief names "Mei Lin" and "Daniel Park" by name; name one by slug too.
    let other = read(site.join("briefs/other.md"));
    assert!(!other.contains("authors:"));
    std::fs::write(site.join("briefs/other.md"), other.replacen("---\n", "---\nauthors: [mei-lin, A Guest]\n", 1))
        .unwrap();
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let brief = read(out.join("briefs/trade/index.html"));
    assert!(
        brief
            .contains(r#"<a href="/authors/mei-lin/">Mei Lin</a> and <a href="/authors/daniel-park/">Daniel Park</a>"#),
        "{brief}"
    );
    let other = read(out.join("briefs/other/index.html"));
    assert!(
        other.contains(r#"<a href="/authors/mei-lin/">Mei Lin</a> and A Guest"#),
        "a slug is shown by name, a plain name stays text"
    );
    let mei = read(out.join("authors/mei-lin/index.html"));
    assert!(
        mei.contains("Senior fellow")
            && mei.contains("Mei writes on <em>trade</em>.")
            && mei.contains("https://orcid.org/0000")
    );
    assert!(
        mei.contains("2 briefs")
            && mei.contains(r#"href="/briefs/trade/""#)
            && mei.contains(r#"href="/briefs/other/""#)
    );
    let all = read(out.join("authors/index.html"));
    assert!(all.find("Daniel Park").unwrap() < all.find("Mei Lin").unwrap(), "by slug");
    assert!(read(out.join("sitemap.xml")).contains("https://example.org/authors/mei-lin/"));
    let feed = read(out.join("feed.xml"));
    assert!(!feed.contains("<name>mei-lin</name>"), "a slug is written by name in the feed: {feed}");
    assert!(feed.contains("<name>Mei Lin</name>") && feed.contains("<uri>https://example.org/authors/mei-lin/</uri>"));
}

#[test]
fn a_brief_ends_with_three_related_briefs_on_its_subjects() {
    let tmp = Temp::new("related");
    let site = tmp.path().join("site");
    generated_site(&site, 60);
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    // Brief 30 is on region r0 and tag t0: the briefs sharing both (i % 6 == 0) come first,
    // nearest in date first, the newer of two as near.
    let html = read(out.join("briefs/b0030/index.html"));
    let start = html.find(r#"id="related-h""#).expect("a related section");
    let related = &html[start..];
    let titles: Vec<&str> = related
        .match_indices("\">Brief ")
        .map(|(i, _)| {
            let rest = &related[i + 2..];
            &rest[..rest.find('<').unwrap()]
        })
        .collect();
    assert_eq!(titles, ["Brief 36", "Brief 24", "Brief 42"], "{related}");
    let again = tmp.path().join("again");
    build(&site, &again, &[]);
    assert_eq!(read(again.join("briefs/b0030/index.html")), html, "the choice is deterministic");
}

#[test]
fn theme_settings_configure_the_default_theme_without_copying_it() {
    let tmp = Temp::new("settings");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    std::fs::write(site.join("static/img/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let config = read(site.join("dossier.yaml"));
    let settings = "logo: img/logo.svg\naccent: \"#7a1f1f\"\nfooter:\n  text: Funded by readers.\n  links: [{name: Contact, url: \"mailto:a@example.org\"}]\nextra: {motto: Facts first}\n";
    std::fs::write(site.join("dossier.yaml"), format!("{config}{settings}")).unwrap();
    std::fs::create_dir_all(site.join("themes/default/templates")).unwrap();
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let home = read(out.join("index.html"));
    assert!(home.contains(r#"<img class="site-logo" src="/img/logo.svg""#), "{home}");
    assert!(home.contains(":root { --link: #7a1f1f; --accent: #7a1f1f; }"));
    assert!(home.contains("Funded by readers.") && home.contains(r#"<a href="mailto:a@example.org">Contact</a>"#));
    // `extra` reaches templates as written: a theme override can use it.
    std::fs::write(site.join("themes/default/templates/404.html"), "{{ site.extra.motto }}").unwrap();
    build(&site, &out, &[]);
    assert_eq!(read(out.join("404.html")), "Facts first");
    // An accent that links could not be read in is refused, with the ratio.
    std::fs::write(site.join("dossier.yaml"), format!("{config}accent: \"#9ec5ff\"\n")).unwrap();
    let run = dossier(&["build"], &site);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "dossier.yaml:4:9: error: `accent` #9ec5ff has a contrast of 1.8:1 against the white page; links need 4.5:1"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn search_false_leaves_the_index_and_the_search_box_out() {
    let tmp = Temp::new("no-search");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let config = read(site.join("dossier.yaml"));
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    assert!(out.join("search-index").is_dir() && out.join("search/index.html").is_file());
    assert!(read(out.join("index.html")).contains(r#"class="site-search""#));
    std::fs::write(site.join("dossier.yaml"), format!("{config}search: false\n")).unwrap();
    build(&site, &out, &[]);
    assert!(!out.join("search-index").exists() && !out.join("search").exists());
    let home = read(out.join("index.html"));
    assert!(!home.contains("site-search") && !home.contains("/search/"), "no box, no link to a missing page");
    assert_eq!(dossier(&["check"], &site).code, 0);
}
