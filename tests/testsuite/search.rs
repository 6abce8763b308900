//! The search index (`src/search.rs`): written by every build as JSON files, read back here.

use std::path::Path;

use crate::util::*;

fn json(path: impl AsRef<Path>) -> serde_json::Value {
    let text = read(path.as_ref());
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.as_ref().display()))
}

/// Every word of the index with its postings as (brief, weight) pairs.
fn words(out: &Path) -> Vec<(String, Vec<(u64, u64)>)> {
    let meta = json(out.join("search-index/meta.json"));
    let mut all = Vec::new();
    for (n, first) in meta["chunks"].as_array().unwrap().iter().enumerate() {
        let chunk = json(out.join(format!("search-index/w/{n}.json")));
        let entries = chunk.as_array().unwrap();
        assert_eq!(entries[0][0], *first, "meta.json names the first word of chunk {n}");
        for entry in entries {
            let flat: Vec<u64> = entry[1].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
            let mut id = 0;
            let postings = flat
                .chunks(2)
                .map(|p| {
                    id += p[0];
                    (id, p[1])
                })
                .collect();
            all.push((entry[0].as_str().unwrap().to_string(), postings));
        }
    }
    all
}

#[test]
fn the_index_holds_every_brief_with_its_facets() {
    let tmp = Temp::new("search-index");
    let out = tmp.path().join("out");
    build(&repo(), &out, &[]);
    let meta = json(out.join("search-index/meta.json"));
    assert_eq!(meta["briefs"], 7, "seven briefs indexed: {meta}");
    assert_eq!(meta["format"], 1);
    assert!(out.join("search/index.html").is_file());

    // Words are sorted across chunks, each once, and the postings name briefs that exist.
    let words = words(&out);
    assert!(words.windows(2).all(|w| w[0].0 < w[1].0), "sorted and distinct");
    assert!(words.iter().all(|(_, p)| p.iter().all(|&(id, weight)| id < 7 && weight > 0)));
    let find = |w: &str| words.iter().find(|(word, _)| word == w).map(|(_, p)| p.clone());
    // Body words, chart titles and sources, and CJK words: each character and each pair.
    for word in ["tumen", "pacific", "吉林", "林", "연변"] {
        assert!(find(word).is_some(), "the index holds `{word}`");
    }
    assert!(find("林省").is_some(), "a pair inside 吉林省 is a word of the index");
    assert!(find("<p>").is_none() && find("p").is_none(), "no markup is indexed");

    // What a result shows: the brief's site path (the page adds the base path), title, date in
    // the site's language and regions.
    let jilin = (0..7)
        .map(|n| json(out.join(format!("search-index/d/{n}.json"))))
        .find(|d| d["url"] == "/briefs/jilin-trade-decline/")
        .expect("the Jilin brief has a document");
    assert_eq!(jilin["title"], "Jilin's shrinking window on the world");
    assert_eq!(jilin["date"], "3 May 2021");
    assert_eq!(jilin["regions"], "Jilin, China");
    assert!(jilin["text"].as_str().unwrap().contains("吉林省"), "the text for excerpts");

    // The facets, with the briefs of each value.
    let filters = json(out.join("search-index/filters.json"));
    for (facet, value) in
        [("region", "Jilin"), ("region", "Yanbian"), ("initiative", "GTI"), ("tag", "trade"), ("year", "2021")]
    {
        let briefs = filters[facet][value].as_array().unwrap_or_else(|| panic!("{facet} `{value}` in {filters}"));
        assert!(!briefs.is_empty());
    }
}

#[test]
fn a_word_in_the_title_weighs_more_than_in_the_text() {
    let tmp = Temp::new("search-weights");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::write(
        site.join("briefs/zz-title.md"),
        "---\ntitle: Zanzibar ports\ndate: 2020-01-01\n---\n\nSome words about harbours and cranes.\n",
    )
    .unwrap();
    std::fs::write(
        site.join("briefs/zz-text.md"),
        "---\ntitle: Harbours\ndate: 2020-01-02\n---\n\nSome words about zanzibar and cranes.\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let words = words(&out);
    let postings = &words.iter().find(|(w, _)| w == "zanzibar").expect("indexed").1;
    assert_eq!(postings.len(), 2);
    let url = |id: u64| json(out.join(format!("search-index/d/{id}.json")))["url"].as_str().unwrap().to_string();
    let weight = |slug: &str| postings.iter().find(|&&(id, _)| url(id).contains(slug)).unwrap().1;
    assert!(weight("zz-title") > weight("zz-text"), "{postings:?}");
}

#[test]
fn the_index_is_the_same_in_every_build_and_under_any_base_url() {
    let tmp = Temp::new("search-same");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&repo(), &a, &[]);
    build(&repo(), &b, &["--base-url", "https://example.org/sub/path/"]);
    let index = |dir: &Path| snapshot(&dir.join("search-index"));
    assert!(!index(&a).is_empty());
    assert!(index(&a) == index(&b), "same bytes, same names, whatever the base URL");
    // The search page names the index and the base path of this build.
    let page = read(b.join("search/index.html"));
    assert!(page.contains(r#"data-index="/sub/path/search-index/""#), "{page}");
    assert!(page.contains(r#"data-base="/sub/path/""#));
}

#[test]
fn the_search_page_speaks_the_site_language() {
    let tmp = Temp::new("search-lang");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let config = read(site.join("dossier.yaml"));
    std::fs::write(site.join("dossier.yaml"), format!("{config}language: fr\n")).unwrap();
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let page = read(out.join("search/index.html"));
    assert!(page.contains("<h1>Rechercher</h1>"), "{page}");
    // The script's words, as JSON in an attribute.
    let strings = page.split("data-strings=\"").nth(1).unwrap().split('"').next().unwrap().replace("&quot;", "\"");
    let strings: serde_json::Value = serde_json::from_str(&strings).unwrap();
    assert_eq!(strings["lang"], "fr");
    assert_eq!(strings["region"], "Région");
    assert_eq!(strings["briefs_word"], "note|notes");
    let home = read(out.join("index.html"));
    assert!(home.contains(r#"placeholder="Rechercher une note""#), "the header's box too");
}

#[test]
fn every_page_has_a_search_box_without_a_script_and_a_link_to_the_briefs_without_javascript() {
    let tmp = Temp::new("search-box");
    let out = tmp.path().join("out");
    build(&repo(), &out, &["--base-url", "/sub/"]);
    let page = read(out.join("briefs/jilin-trade-decline/index.html"));
    assert!(page.contains(r#"<form class="site-search" role="search" action="/sub/search/" method="get">"#));
    assert!(page.contains(r#"<noscript><style>.site-search { display: none !important; }</style></noscript>"#));
    assert!(page.contains(r#"<noscript><a class="site-search-link" href="/sub/briefs/">Find a brief</a></noscript>"#));
    assert!(!page.contains("<script"), "only the search page runs a script");
    let search = read(out.join("search/index.html"));
    assert!(search.contains(r#"<script type="module" src="/sub/search.js"></script>"#));
    assert!(!search.contains("site-search-q"), "the search page has its own box, not the header's");
    assert!(search.contains("<noscript>") && search.contains(r#"href="/sub/briefs/""#));
}

#[test]
fn a_static_file_inside_the_index_folder_is_an_error_at_that_file() {
    let tmp = Temp::new("search-static");
    copy_tree(&fixture("basic"), tmp.path());
    std::fs::create_dir_all(tmp.path().join("static/search-index")).unwrap();
    std::fs::write(tmp.path().join("static/search-index/meta.json"), "x").unwrap();
    let run = dossier(&["build", "--root", tmp.path().to_str().unwrap()], tmp.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("static/search-index/meta.json:1:1: error: the static file `static/search-index/meta.json` would be written to `search-index/meta.json`, inside `search-index/`, which the search index takes whole"),
        "{}",
        run.stderr
    );
}
