//! Citing sources (`src/bibliography/`, `src/markdown/cite.rs`): Pandoc's citation syntax in
//! briefs and chart sources, formatted by hayagriva in the site's style, the reference list of
//! each brief and the site's `/references/` page, and located errors for unknown keys and
//! broken bibliography files.

use std::path::Path;

use crate::util::*;

const WORKS: &str = r#"lin-2021:
  type: article
  title: Jilin's trade & its neighbours
  author: ["Lin, Mei"]
  date: 2021
  page-range: 1-30
  parent:
    type: periodical
    title: The Pacific Review
park-2019:
  type: book
  title: The <Northeast> Question
  author: ["Park, Daniel"]
  date: 2019
  publisher: Example Press
"#;

const BRIEF: &str = "---\ntitle: Trade\ndate: 2021-05-03\n---\nJilin traded less [@lin-2021, p. 12]. See also [see @park-2019; @lin-2021] and @park-2019.\n\nMail x@y.org, `[@nokey]` in code, <https://x.org/@lin-2021> and \\@park-2019 stay as they are.\n\n```chart\nid: trade\ntitle: Trade fell\nsource: \"@lin-2021\"\ndata: |\n  year, Jilin\n  1994, 33\n  2019, 11\n```\n";

/// A site of one brief (`briefs/trade.md`) with `WORKS` as its bibliography.
fn site(tmp: &Temp, yaml: &str, brief: &str, works: Option<(&str, &str)>) -> std::path::PathBuf {
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("briefs")).unwrap();
    std::fs::write(root.join("dossier.yaml"), yaml).unwrap();
    std::fs::write(root.join("briefs/trade.md"), brief).unwrap();
    if let Some((name, text)) = works {
        std::fs::write(root.join("briefs").join(name), text).unwrap();
    }
    root
}

fn citations(page: &str) -> Vec<&str> {
    page.match_indices("<span class=\"citation\">")
        .map(|(i, _)| {
            let end = page[i..].find("</span>").unwrap() + i + "</span>".len();
            &page[i..end]
        })
        .collect()
}

fn references(page: &str) -> &str {
    let start = page.find("<ol class=\"reference-list\">").expect("a reference list");
    &page[start..start + page[start..].find("</ol>").unwrap()]
}

#[test]
fn citations_and_the_reference_list_in_the_default_style() {
    let tmp = Temp::new("cite-chicago");
    let root = site(&tmp, "title: T\n", BRIEF, Some(("references.yaml", WORKS)));
    let out = tmp.path().join("out");
    build(&root, &out, &[]);
    let page = read(out.join("briefs/trade/index.html"));
    assert_eq!(
        citations(&page),
        [
            "<span class=\"citation\">(<a href=\"#ref-lin-2021\">Lin 2021, 12</a>)</span>",
            "<span class=\"citation\">(see <a href=\"#ref-park-2019\">Park 2019</a>; <a href=\"#ref-lin-2021\">Lin 2021</a>)</span>",
            "<span class=\"citation\"><a href=\"#ref-park-2019\">Park (2019)</a></span>",
        ]
    );
    assert_eq!(
        references(&page),
        "<ol class=\"reference-list\">\n      <li id=\"ref-lin-2021\">Lin, Mei. 2021. “Jilin&#39;s Trade &amp; Its Neighbours.” <i>The Pacific Review</i>, 1–30.</li>\n      <li id=\"ref-park-2019\">Park, Daniel. 2019. <i>The &lt;northeast&gt; Question</i>. Example Press.</li>\n    "
    );
    assert!(page.contains("<h2 class=\"foot-title\" id=\"references-h\">References</h2>"));
    // Not citations: an e-mail address, code, an autolink and an escaped `@`.
    assert!(page.contains("Mail x@y.org, <code>[@nokey]</code> in code"), "e-mail and code untouched");
    assert!(page.contains("<a href=\"https://x.org/@lin-2021\">https://x.org/@lin-2021</a>"), "autolinks untouched");
    assert!(page.contains(" and @park-2019 stay as they are."), "an escaped @ is text");
    // A chart's source cites like the text, linked to the entry; the standalone SVG has the
    // formatted text.
    assert!(page.contains("<a href=\"/briefs/trade/#ref-lin-2021\">(Lin 2021)</a>"), "the chart's caption");
    let svg = read(out.join("charts/trade.svg"));
    assert!(svg.contains("(Lin 2021)") && !svg.contains("@lin-2021"), "the standalone chart");
}

#[test]
fn another_style_formats_the_same_citations_its_own_way() {
    let tmp = Temp::new("cite-apa");
    let root = site(&tmp, "title: T\ncitations: {style: apa}\n", BRIEF, Some(("references.yaml", WORKS)));
    let out = tmp.path().join("out");
    build(&root, &out, &[]);
    let page = read(out.join("briefs/trade/index.html"));
    assert_eq!(citations(&page)[0], "<span class=\"citation\">(<a href=\"#ref-lin-2021\">Lin, 2021, p. 12</a>)</span>");
    assert!(
        references(&page).contains(
            "<li id=\"ref-park-2019\">Park, D. (2019). <i>The &lt;Northeast&gt; Question</i>. Example Press.</li>"
        ),
        "{}",
        references(&page)
    );
}

#[test]
fn an_unknown_key_is_an_error_at_its_place_with_the_nearest_key() {
    let tmp = Temp::new("cite-unknown");
    let brief = "---\ntitle: Trade\ndate: 2021-05-03\n---\nFirst line.\n\nAs shown [see @lin-2012, p. 3].\n";
    let root = site(&tmp, "title: T\n", brief, Some(("references.yaml", WORKS)));
    for command in ["build", "check"] {
        let out = tmp.path().join("out");
        let run = dossier(&[command, "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()], &root);
        let run = if command == "check" { dossier(&["check", "--root", root.to_str().unwrap()], &root) } else { run };
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("briefs/trade.md:7:15: error: unknown citation key `@lin-2012`"),
            "{command}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("hint: did you mean `@lin-2021`?"), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"));
    }
    // A bare `@word` that is no key stays text, with a warning.
    let brief = "---\ntitle: Trade\ndate: 2021-05-03\n---\nFollow @dossier_news for more.\n";
    let root = site(&tmp, "title: T\n", brief, Some(("references.yaml", WORKS)));
    let out = tmp.path().join("out2");
    let run = build(&root, &out, &[]);
    assert!(run.stderr.contains("briefs/trade.md:5:8: warning: `@dossier_news` is not a key"), "{}", run.stderr);
    assert!(read(out.join("briefs/trade/index.html")).contains("Follow @dossier_news for more."));
}

#[test]
fn broken_bibliographies_and_styles_are_located_errors() {
    let tmp = Temp::new("cite-broken");
    let fail = |root: &Path| {
        let out = root.parent().unwrap().join("out");
        let run = dossier(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()], root);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"));
        run.stderr
    };
    let brief = "---\ntitle: T\ndate: 2021-01-01\n---\nText.\n";
    let root = site(&tmp, "title: T\n", brief, Some(("references.yaml", "a:\n  type: book\n  title: [unclosed\n")));
    let err = fail(&root);
    assert!(err.contains("briefs/references.yaml:3:"), "{err}");
    assert!(err.contains("not valid hayagriva YAML"), "{err}");
    let root = site(
        &tmp,
        "title: T\n",
        brief,
        Some(("references.yaml", &format!("{WORKS}lin-2021:\n  type: book\n  title: Again\n"))),
    );
    let err = fail(&root);
    assert!(err.contains("briefs/references.yaml:16:1: error: key `lin-2021` is already used at line 1"), "{err}");
    std::fs::remove_file(root.join("briefs/references.yaml")).unwrap();
    let bib = "@book{lin,\n  title = {A},\n  author = {Lin, Mei},\n  year = 2021,\n}\n\n@book{park,\n  title = {B\n";
    std::fs::write(root.join("briefs/references.bib"), bib).unwrap();
    let err = fail(&root);
    assert!(err.contains("briefs/references.bib:") && err.contains("not valid BibLaTeX"), "{err}");
    std::fs::remove_file(root.join("briefs/references.bib")).unwrap();
    std::fs::write(root.join("dossier.yaml"), "title: T\ncitations: {style: chicago-autor-date}\n").unwrap();
    let err = fail(&root);
    assert!(err.contains("dossier.yaml:2:12: error: unknown citation style `chicago-autor-date`"), "{err}");
    assert!(err.contains("did you mean `chicago-author-date`?"), "{err}");
}

#[test]
fn a_site_without_a_bibliography_renders_at_signs_as_before() {
    let tmp = Temp::new("cite-none");
    let root = site(&tmp, "title: T\n", BRIEF, None);
    let out = tmp.path().join("out");
    build(&root, &out, &[]);
    let page = read(out.join("briefs/trade/index.html"));
    assert!(
        page.contains("Jilin traded less [@lin-2021, p. 12]. See also [see @park-2019; @lin-2021] and @park-2019.")
    );
    assert!(!page.contains("class=\"citation\"") && !page.contains("reference-list"));
    assert!(!out.join("references/index.html").exists(), "no /references/ page");
    assert!(read(out.join("charts/trade.svg")).contains("@lin-2021"), "the source as written");
}

#[test]
fn the_references_page_lists_works_and_the_briefs_citing_them_under_the_base_path() {
    let tmp = Temp::new("cite-page");
    let root = site(
        &tmp,
        "title: T\nbase_url: https://example.org/sub/\n",
        BRIEF,
        Some((
            "references.bib",
            "@book{park-2019,\n  title = {The North},\n  author = {Park, Daniel},\n  year = {2019},\n  publisher = {Example Press},\n}\n@article{lin-2021,\n  title = {Trade},\n  author = {Lin, Mei},\n  journal = {The Pacific Review},\n  year = {2021},\n}\n@book{unused,\n  title = {Never cited},\n  year = {2000},\n}\n",
        )),
    );
    std::fs::write(
        root.join("briefs/other.md"),
        "---\ntitle: Other brief\ndate: 2022-01-01\n---\nAs [@park-2019] argued.\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    build(&root, &out, &[]);
    let page = read(out.join("references/index.html"));
    let lin = page.find("id=\"ref-lin-2021\"").expect("lin-2021 is listed");
    let park = page.find("id=\"ref-park-2019\"").expect("park-2019 is listed");
    assert!(lin < park, "sorted by author as the style says");
    assert!(!page.contains("Never cited"), "only works cited");
    let park_item = &page[park..park + page[park..].find("</li>").unwrap()];
    assert!(park_item.contains("Park, Daniel. 2019. <i>The North</i>. Example Press."), "{park_item}");
    assert!(
        park_item.contains("<a href=\"/sub/briefs/other/\">Other brief</a>, <a href=\"/sub/briefs/trade/\">Trade</a>"),
        "{park_item}"
    );
    assert!(
        read(out.join("index.html")).contains("<a href=\"/sub/references/\">References</a>"),
        "linked from the footer"
    );
    // A static file cannot take the page's place.
    std::fs::create_dir_all(root.join("static/references")).unwrap();
    std::fs::write(root.join("static/references/index.html"), "x").unwrap();
    let run = dossier(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()], &root);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the list of references"), "{}", run.stderr);
}

#[test]
fn the_sample_site_cites_its_source() {
    let tmp = Temp::new("cite-sample");
    let out = tmp.path().join("out");
    build(&repo(), &out, &[]);
    let page = read(out.join("briefs/jilin-trade-decline/index.html"));
    assert!(
        page.contains("<a href=\"#ref-pacific-review-jilin\">“Research Paper on Jilin and Northeast Asia,” n.d.</a>")
    );
    assert!(page.contains("<li id=\"ref-pacific-review-jilin\">"));
    assert!(read(out.join("references/index.html")).contains("Jilin&#39;s shrinking window on the world"));
}

#[test]
fn a_brief_may_name_its_own_bibliography_which_wins_over_the_sites() {
    let tmp = Temp::new("cite-own");
    let brief =
        "---\ntitle: Trade\ndate: 2021-05-03\nbibliography: refs.bib\n---\nAs [@lin-2021] and [@kim-2020] show.\n";
    let root = site(&tmp, "title: T\n", brief, Some(("references.yaml", WORKS)));
    let own = "@book{lin-2021,\n  title = {The Brief's Own Lin},\n  author = {Lin, Mei},\n  year = {2021},\n}\n@book{kim-2020,\n  title = {Only Here},\n  author = {Kim, Ji},\n  year = {2020},\n}\n";
    std::fs::write(root.join("briefs/refs.bib"), own).unwrap();
    let out = tmp.path().join("out");
    build(&root, &out, &[]);
    let page = read(out.join("briefs/trade/index.html"));
    let list = references(&page);
    assert!(list.contains("<i>The Brief’s Own Lin</i>") || list.contains("<i>The Brief&#39;s Own Lin</i>"), "{list}");
    assert!(list.contains("Kim, Ji. 2020. <i>Only Here</i>."), "{list}");
    assert!(!list.contains("Pacific Review"), "the brief's entry wins: {list}");
    let site_page = read(out.join("references/index.html"));
    assert!(site_page.contains("Only Here"), "works of briefs' own files are listed too");
    // A file outside the folders a build reads is refused at the key.
    std::fs::write(root.join("briefs/trade.md"), brief.replace("refs.bib", "../secret.bib")).unwrap();
    std::fs::write(root.join("secret.bib"), own).unwrap();
    let run = dossier(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()], &root);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("briefs/trade.md:4:15: error: `bibliography: ../secret.bib`"), "{}", run.stderr);
}
