//! Publishing: `init` and `new`, and the files GitHub Pages and feed readers need, for a
//! project site under a sub-path and a user site at the root.

use std::path::Path;

use crate::util::*;

#[test]
fn init_makes_a_site_that_builds_and_checks_cleanly() {
    let tmp = Temp::new("init");
    let site = tmp.path().join("new-site");
    let run = dossier(&["init", site.to_str().unwrap()], tmp.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    for f in ["dossier.yaml", ".gitignore", ".github/workflows/pages.yml", "briefs/first-brief.md"] {
        assert!(site.join(f).is_file(), "init should write {f}");
    }
    let workflow = read(site.join(".github/workflows/pages.yml"));
    for step in ["actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages", "--base-url"] {
        assert!(workflow.contains(step), "the workflow should use {step}");
    }
    assert!(read(site.join(".gitignore")).lines().any(|l| l == "output/"));
    let check = dossier(&["check"], &site);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("0 errors, 0 warnings"), "{}", check.stdout);
    build(&site, &tmp.path().join("out"), &[]);
    assert!(tmp.path().join("out/charts/jilin-trade-share.svg").is_file());

    let before = read(site.join("dossier.yaml"));
    let again = dossier(&["init", site.to_str().unwrap()], tmp.path());
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("refusing to overwrite existing files: dossier.yaml"), "{}", again.stderr);
    assert_eq!(read(site.join("dossier.yaml")), before);
}

#[test]
fn new_writes_a_brief_that_builds_and_refuses_to_overwrite() {
    let tmp = Temp::new("new");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let run = dossier(&["new", "Rason's \"new\" port", "--region", "yanbian", "--initiative", "gti"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(site.join("briefs/rason-s-new-port.md"));
    assert!(text.contains("title: \"Rason's \\\"new\\\" port\""), "{text}");
    assert!(text.contains("regions: [yanbian]") && text.contains("initiatives: [gti]"));
    assert!(text.contains("```chart"));
    let check = dossier(&["check", "--drafts"], &site);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    build(&site, &tmp.path().join("out"), &["--drafts"]);
    assert!(
        read(tmp.path().join("out/briefs/rason-s-new-port/index.html")).contains("Rason&#39;s &quot;new&quot; port")
    );
    let again = dossier(&["new", "Rason's \"new\" port"], &site);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("refusing to overwrite an existing file"), "{}", again.stderr);
}

fn build_sample(base_url: &str, out: &Path) {
    build(&repo(), out, &["--base-url", base_url]);
}

#[test]
fn feeds_and_sitemap_are_valid_and_absolute_for_project_and_user_sites() {
    for base in ["https://org.github.io/northeast-briefs/", "https://org.github.io/"] {
        let tmp = Temp::new("feeds");
        let out = tmp.path().join("out");
        build_sample(base, &out);
        let feeds = ["feed.xml", "regions/jilin/feed.xml", "initiatives/gti/feed.xml"];
        for feed in feeds {
            check_atom(&read(out.join(feed)), base, feed);
        }
        let sitemap = read(out.join("sitemap.xml"));
        let doc = roxmltree::Document::parse(&sitemap).unwrap();
        let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
        assert!(locs.len() > 30);
        assert!(locs.iter().all(|l| l.starts_with(base)), "sitemap links under {base}");
        assert!(locs.contains(&format!("{base}briefs/jilin-trade-decline/").as_str()));
        assert!(read(out.join("robots.txt")).contains(&format!("Sitemap: {base}sitemap.xml")));
        assert!(out.join(".nojekyll").is_file() && out.join("404.html").is_file());
        let page = read(out.join("regions/jilin/index.html"));
        let path = base.trim_start_matches("https://org.github.io");
        assert!(page.contains(&format!(r#"<link rel="canonical" href="{base}regions/jilin/">"#)), "canonical");
        assert!(page.contains(&format!(r#"href="{path}regions/jilin/feed.xml""#)), "feed link under the base path");
        assert!(page.contains("application/atom+xml"));
        assert!(page.contains(r#"property="og:title""#) && page.contains(r#"name="twitter:card""#));
        assert!(page.contains(&format!(r#"href="{path}style.css""#)));
    }
}

/// Checks what Atom 1.0 requires of a feed and its entries, with absolute links under `base`.
fn check_atom(xml: &str, base: &str, name: &str) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{name} is not XML: {e}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"), "{name}");
    assert_eq!(feed.tag_name().name(), "feed");
    let child = |n: roxmltree::Node, tag: &str| {
        n.children().find(|c| c.has_tag_name(tag)).and_then(|c| c.text()).map(str::to_string)
    };
    for required in ["id", "title", "updated"] {
        assert!(child(feed, required).is_some(), "{name} lacks <{required}>");
    }
    assert!(is_rfc3339(&child(feed, "updated").unwrap()), "{name} updated");
    assert!(feed.children().any(|c| c.has_tag_name("author")), "{name} needs a feed author");
    let self_link = feed.children().find(|c| c.has_tag_name("link") && c.attribute("rel") == Some("self")).unwrap();
    assert_eq!(self_link.attribute("href"), Some(format!("{base}{name}").as_str()));
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name("entry")).collect();
    assert!(!entries.is_empty(), "{name} has entries");
    for e in entries {
        let id = child(e, "id").unwrap();
        assert!(id.starts_with(base), "{name}: entry id {id} under {base}");
        assert!(is_rfc3339(&child(e, "updated").unwrap()));
        assert!(child(e, "title").is_some());
        let link = e.children().find(|c| c.has_tag_name("link")).and_then(|l| l.attribute("href")).unwrap();
        assert!(link.starts_with(base));
    }
}

fn is_rfc3339(s: &str) -> bool {
    s.len() == 20 && s.as_bytes()[10] == b'T' && s.ends_with('Z')
}

#[test]
fn cname_is_written_for_a_custom_domain() {
    let tmp = Temp::new("cname");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::write(
        site.join("dossier.yaml"),
        "title: T\nbase_url: https://briefs.example.org/\ncname: briefs.example.org\n",
    )
    .unwrap();
    build(&site, &tmp.path().join("out"), &[]);
    assert_eq!(read(tmp.path().join("out/CNAME")), "briefs.example.org\n");
}

#[test]
fn the_404_page_is_noindex_without_a_canonical_link_and_feeds_are_advertised_under_their_own_titles() {
    let tmp = Temp::new("noindex");
    let out = tmp.path().join("out");
    build_sample("https://org.github.io/northeast-briefs/", &out);
    let not_found = read(out.join("404.html"));
    assert!(not_found.contains(r#"<meta name="robots" content="noindex">"#), "{not_found}");
    assert!(!not_found.contains(r#"rel="canonical""#), "{not_found}");
    let home = read(out.join("index.html"));
    assert!(!home.contains("noindex") && home.contains(r#"rel="canonical""#));
    assert!(home.contains(r#"type="application/atom+xml" title="Northeast Asia Briefs""#), "the site's feed");
    let feed_link = |page: &str| {
        let html = read(out.join(page));
        let at = html.find("application/atom+xml").unwrap_or_else(|| panic!("{page} advertises no feed"));
        html[at..].split('"').nth(2).unwrap().to_string()
    };
    // The title the feed gives itself, as feed readers show it.
    let feed_title = |feed: &str| {
        let xml = read(out.join(feed));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.root_element().children().find(|c| c.has_tag_name("title")).unwrap().text().unwrap().to_string()
    };
    assert_eq!(feed_link("regions/jilin/index.html"), "Briefs on Jilin");
    assert_eq!(feed_title("regions/jilin/feed.xml"), "Briefs on Jilin");
    let initiative = feed_link("initiatives/gti/index.html");
    assert!(initiative.starts_with("Briefs on ") && initiative != "Briefs on ", "{initiative}");
    assert_eq!(feed_title("initiatives/gti/feed.xml"), initiative.replace("&#39;", "'"));
}

#[test]
fn a_relative_base_url_says_once_that_feeds_and_sitemap_are_left_out() {
    let tmp = Temp::new("relative");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let yaml = read(site.join("dossier.yaml")).replace("base_url: https://example.org/", "base_url: /briefs/");
    let line = yaml.lines().position(|l| l.starts_with("base_url:")).unwrap() + 1;
    std::fs::write(site.join("dossier.yaml"), &yaml).unwrap();
    let run = build(&site, &tmp.path().join("out"), &[]);
    let expected = format!(
        "dossier.yaml:{line}:1: warning: the base URL `/briefs/` is a path, not an absolute URL: the feeds (`feed.xml`) and `sitemap.xml` were not written"
    );
    assert_eq!(run.stderr.matches(&expected).count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("hint: set `base_url: https://"), "{}", run.stderr);
    assert!(!tmp.path().join("out/feed.xml").exists() && !tmp.path().join("out/sitemap.xml").exists());
    assert!(tmp.path().join("out/index.html").is_file());

    // From the command line, the warning names the flag.
    let run = build(&site, &tmp.path().join("out2"), &["--base-url", "/x/"]);
    assert!(run.stderr.contains("--base-url:1:1: warning: the base URL `/x/` is a path"), "{}", run.stderr);
    // With an absolute URL there is nothing to say.
    let run = build(&site, &tmp.path().join("out3"), &["-u", "https://org.github.io/x/"]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(tmp.path().join("out3/feed.xml").is_file());

    // No base_url at all: it is `/`, and the warning says it is not set.
    std::fs::write(site.join("dossier.yaml"), "title: No URL\n").unwrap();
    let run = build(&site, &tmp.path().join("out4"), &[]);
    assert!(run.stderr.contains("dossier.yaml:1:1: warning: `base_url` is not set (so it is `/`)"), "{}", run.stderr);
}

#[test]
fn short_flags_follow_zola_and_hugo_and_build_help_shows_examples() {
    let tmp = Temp::new("short");
    let out = tmp.path().join("o");
    let run = dossier(
        &[
            "build",
            "-r",
            fixture("basic").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-u",
            "https://x.org/sub/",
            "-D",
        ],
        tmp.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(out.join("index.html")).contains(r#"href="https://x.org/sub/""#));
    assert!(out.join("briefs/draft/index.html").is_file(), "-D builds drafts");
    let help = dossier(&["build", "--help"], tmp.path());
    assert_eq!(help.code, 0);
    for line in
        ["-r, --root", "-o, --output", "-u, --base-url <URL>", "-D, --drafts", "Examples:", "dossier build -u https://"]
    {
        assert!(help.stdout.contains(line), "`{line}` in:\n{}", help.stdout);
    }
    let serve = dossier(&["serve", "--help"], tmp.path());
    for line in ["-p, --port", "-i, --bind", "-O, --open", "-D, --drafts", "-r, --root"] {
        assert!(serve.stdout.contains(line), "`{line}` in:\n{}", serve.stdout);
    }
    let check = dossier(&["check", "-r", fixture("basic").to_str().unwrap()], tmp.path());
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_region_without_a_description_is_a_warning_with_a_suggestion_and_check_passes() {
    let tmp = Temp::new("undescribed");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let brief = site.join("briefs/other.md");
    std::fs::write(&brief, read(&brief).replace("regions: [jilin]", "regions: [jilin, yanbain]")).unwrap();
    let run = dossier(&["check"], &site);
    assert_eq!(run.code, 0, "a region without a description must not fail check:\n{}", run.stderr);
    assert!(
        run.stderr.contains(
            "briefs/other.md:5:10: warning: region `yanbain` has no description file\n  hint: did you mean `yanbian`? If not, add briefs/regions/yanbain.md to describe it"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("check: 0 errors, 1 warning"), "{}", run.stdout);
}
