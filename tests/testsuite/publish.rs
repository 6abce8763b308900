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
