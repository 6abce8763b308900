//! The search index (`src/search.rs`): written by every build, read back here from the files
//! pagefind wrote (gzip-compressed CBOR, whose strings show as UTF-8 bytes once inflated).

use std::io::Read as _;
use std::path::Path;

use crate::util::*;

/// The inflated bytes of every index file of `dir` ending with `ext`.
fn inflated(out: &Path, dir: &str, ext: &str) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(out.join("pagefind").join(dir)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == ext) {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap()).read_to_end(&mut bytes).unwrap();
            files.push(bytes);
        }
    }
    files
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn the_index_holds_every_brief_with_its_facets() {
    let tmp = Temp::new("search-index");
    let out = tmp.path().join("out");
    build(&repo(), &out, &[]);
    let entry = read(out.join("pagefind/pagefind-entry.json"));
    assert!(entry.contains(r#""page_count":7"#), "seven briefs indexed: {entry}");
    for file in
        ["pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/wasm.en.pagefind", "search/index.html"]
    {
        assert!(out.join(file).is_file(), "{file} is written");
    }
    // Only what a search loads: no ready-made interface, no playground, one language's wasm.
    for file in
        ["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/wasm.unknown.pagefind", "pagefind/playground"]
    {
        assert!(!out.join(file).exists(), "{file} is not published");
    }
    // A filter chunk per facet, each naming its values.
    let filters = inflated(&out, "filter", "pf_filter");
    assert_eq!(filters.len(), 4, "region, initiative, tag and year");
    let all: Vec<u8> = filters.concat();
    for value in ["region", "initiative", "tag", "year", "Jilin", "Yanbian", "GTI", "trade", "2021"] {
        assert!(holds(&all, value), "the filters hold `{value}`");
    }
    // Every brief's fragment: its URL as a site path (the search page adds the base path) and
    // what a result shows.
    let fragments = inflated(&out, "fragment", "pf_fragment");
    assert_eq!(fragments.len(), 7);
    let all: Vec<u8> = fragments.concat();
    for text in ["/briefs/jilin-trade-decline/", "Jilin's shrinking window on the world", "3 May 2021", "Jilin, China"]
    {
        assert!(holds(&all, text), "the fragments hold `{text}`");
    }
    // Body words, chart titles and sources, and CJK words are in the word index.
    let words: Vec<u8> = inflated(&out, "index", "pf_index").concat();
    for word in ["tumen", "吉林", "연변", "pacif"] {
        assert!(holds(&words, word), "the word index holds `{word}`");
    }
}

#[test]
fn the_index_is_the_same_in_every_build_and_under_any_base_url() {
    let tmp = Temp::new("search-same");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&repo(), &a, &[]);
    build(&repo(), &b, &["--base-url", "https://example.org/sub/path/"]);
    let index = |dir: &Path| snapshot(&dir.join("pagefind"));
    assert!(!index(&a).is_empty());
    assert!(index(&a) == index(&b), "same bytes, same names, whatever the base URL");
    // The search page names the index and the base path of this build.
    let page = read(b.join("search/index.html"));
    assert!(page.contains(r#"data-pagefind="/sub/path/pagefind/pagefind.js""#), "{page}");
    assert!(page.contains(r#"data-base="/sub/path/""#));
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
    std::fs::create_dir_all(tmp.path().join("static/pagefind")).unwrap();
    std::fs::write(tmp.path().join("static/pagefind/pagefind.js"), "x").unwrap();
    let run = dossier(&["build", "--root", tmp.path().to_str().unwrap()], tmp.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("static/pagefind/pagefind.js:1:1: error: the static file `static/pagefind/pagefind.js` would be written to `pagefind/pagefind.js`, inside `pagefind/`, which the search index takes whole"),
        "{}",
        run.stderr
    );
}
