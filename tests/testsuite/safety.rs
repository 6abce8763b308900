//! Issue 10, "Safe by construction": a build never publishes a file from outside the site,
//! never deletes a source, never writes one page over another, and never mistakes content for
//! its own marks. Each test here failed on the release before it.

use std::path::Path;

use crate::util::*;

/// A copy of the basic fixture with one more brief, `extra.md`, holding `body`.
fn site_with(tag: &str, body: &str) -> Temp {
    let tmp = Temp::new(tag);
    copy_tree(&fixture("basic"), &tmp.path().join("site"));
    let text = format!("---\ntitle: Extra\ndate: 2021-05-01\nsummary: S.\n---\n\n{body}\n");
    std::fs::write(tmp.path().join("site/briefs/extra.md"), text).unwrap();
    tmp
}

fn build_and_check(site: &Path) -> (Run, Run) {
    let build = dossier(&["build", "--output", "../out"], site);
    let check = dossier(&["check"], site);
    (build, check)
}

#[test]
fn links_never_publish_secrets() {
    let mut cases = vec![
        (
            "[x](../.git/config)",
            "briefs/extra.md:7:1: error: link `../.git/config` points at `.git/config`, outside the folders dossier publishes from",
        ),
        ("[x](../.env)", "briefs/extra.md:7:1: error: link `../.env` points at `.env`, outside the folders"),
        (
            "[x](img/.secret)",
            "briefs/extra.md:7:1: error: link `img/.secret` points at `briefs/img/.secret`, a hidden file",
        ),
        (
            "[x](../../outside.txt)",
            "briefs/extra.md:7:1: error: link `../../outside.txt` points at a file outside the site's folder",
        ),
    ];
    if cfg!(unix) {
        cases.push(("[e](env)", "briefs/extra.md:7:1: error: link `env` points at `briefs/env`, a symbolic link to a file outside `briefs/`"));
    }
    for (link, expected) in cases {
        let tmp = site_with("secret", link);
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join(".git")).unwrap();
        std::fs::write(site.join(".git/config"), "[remote] token=SECRET").unwrap();
        std::fs::write(site.join(".env"), "TOKEN=SECRET").unwrap();
        std::fs::write(site.join("briefs/img/.secret"), "SECRET").unwrap();
        std::fs::write(tmp.path().join("outside.txt"), "SECRET").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/proc/self/environ", site.join("briefs/env")).unwrap();
        let (build, check) = build_and_check(&site);
        assert_eq!(build.code, 1, "{link}: {}", build.stderr);
        assert!(build.stderr.contains(expected), "{link}: build says\n{}", build.stderr);
        assert_eq!(check.code, 1, "{link}: {}", check.stderr);
        assert!(check.stderr.contains(expected), "{link}: check says\n{}", check.stderr);
        assert!(!tmp.path().join("out").exists(), "nothing is written");
    }
}

#[test]
fn links_with_script_schemes_and_heading_attributes_are_errors() {
    let tmp = site_with("schemes", "[a](javascript:alert(1))\n\n[b](data:text/html,x)\n\n## H {#h onclick=alert(3)}");
    let (build, check) = build_and_check(&tmp.path().join("site"));
    for run in [&build, &check] {
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.contains("briefs/extra.md:7:1: error: link `javascript:alert(1)` uses the `javascript:` scheme"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("briefs/extra.md:9:1: error: link `data:text/html,x` uses the `data:` scheme"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("briefs/extra.md:11:1: error: heading attribute `onclick` is not allowed"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn files_inside_briefs_and_static_are_still_published() {
    let tmp = site_with("allowed", "![map](img/map.svg) [extra](../static/extra.txt)");
    let site = tmp.path().join("site");
    build(&site, &tmp.path().join("out"), &[]);
    let html = read(tmp.path().join("out/briefs/extra/index.html"));
    assert!(html.contains(r#"src="/media/img/map.svg""#) && html.contains(r#"href="/extra.txt""#), "{html}");
    assert!(tmp.path().join("out/media/img/map.svg").is_file());
    assert_eq!(dossier(&["check"], &site).code, 0);
}

#[test]
fn an_output_that_would_delete_sources_is_refused() {
    for (output, message) in [
        (".", "is the site's folder or holds it"),
        ("..", "is the site's folder or holds it"),
        ("briefs", "is, holds or lies inside the site's `briefs`"),
        ("briefs/site", "is, holds or lies inside the site's `briefs`"),
        ("static", "is, holds or lies inside the site's `static`"),
        ("notes.txt", "is a file, not a folder"),
        ("docs", "holds files that dossier did not write"),
    ] {
        let tmp = Temp::new("output");
        let site = tmp.path().join("site");
        copy_tree(&fixture("basic"), &site);
        std::fs::write(site.join("notes.txt"), "my notes").unwrap();
        std::fs::create_dir_all(site.join("docs")).unwrap();
        std::fs::write(site.join("docs/handbook.md"), "mine").unwrap();
        let before = snapshot(&site);
        let run = dossier(&["build", "--output", output], &site);
        assert_eq!(run.code, 1, "--output {output}: {}", run.stderr);
        assert!(run.stderr.contains(message), "--output {output}: {}", run.stderr);
        assert!(run.stderr.contains("hint:"), "{}", run.stderr);
        assert_eq!(snapshot(&site), before, "--output {output} changed the site");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "no staging folder is left");
    }
}

#[test]
fn force_replaces_a_foreign_folder_and_marks_it() {
    let tmp = Temp::new("force");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::create_dir_all(site.join("public")).unwrap();
    std::fs::write(site.join("public/old.txt"), "x").unwrap();
    let run = dossier(&["build", "--output", "public", "--force"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.join("public/old.txt").exists() && site.join("public/.dossier-output").is_file());
    let again = dossier(&["build", "--output", "public"], &site);
    assert_eq!(again.code, 0, "a folder dossier wrote is replaced without --force: {}", again.stderr);
}

#[test]
fn leftovers_of_killed_builds_are_removed() {
    let tmp = Temp::new("leftovers");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    for left in [".output.dossier-staging-999999999", ".output.dossier-old-999999998"] {
        std::fs::create_dir_all(site.join(left).join("briefs")).unwrap();
        std::fs::write(site.join(left).join("index.html"), "half a build").unwrap();
    }
    let run = dossier(&["build"], &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> =
        std::fs::read_dir(&site).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains(".dossier-")), "{names:?}");
    let ignore = read(repo().join(".gitignore"));
    assert!(ignore.lines().any(|l| l.contains(".dossier-")), "leftovers are ignored by git: {ignore}");
}

#[test]
fn a_tag_without_letters_is_an_error_at_its_line() {
    for tags in [r#"["!!!"]"#, r#"["", trade]"#] {
        let tmp = Temp::new("tag");
        let site = tmp.path().join("site");
        copy_tree(&fixture("basic"), &site);
        let text = format!("---\ntitle: T\ndate: 2021-05-01\ntags: {tags}\n---\nText.\n");
        std::fs::write(site.join("briefs/extra.md"), text).unwrap();
        let run = dossier(&["build"], &site);
        assert_eq!(run.code, 1, "{tags}");
        assert!(run.stderr.contains("briefs/extra.md:4:7: error: tag `"), "{}", run.stderr);
        assert!(run.stderr.contains("has no letters or digits"), "{}", run.stderr);
    }
}

#[test]
fn a_static_file_may_not_take_a_page_or_a_theme_file() {
    let tmp = Temp::new("collide");
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    std::fs::create_dir_all(site.join("static/briefs/trade")).unwrap();
    std::fs::write(site.join("static/briefs/trade/index.html"), "mine").unwrap();
    std::fs::write(site.join("static/style.css"), "body{}").unwrap();
    let (build, check) = build_and_check(&site);
    for run in [&build, &check] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("static/briefs/trade/index.html:1:1: error: the static file `static/briefs/trade/index.html` would be written to `briefs/trade/index.html`, which the page of brief `trade`"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("to replace the theme's `style.css`, move the file to `themes/default/static/style.css`"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn chart_ids_that_differ_only_in_case_collide() {
    let chart = |id: &str| format!("```chart\nid: {id}\ntitle: T\nsource: S\ndata: |\n  year, a\n  2019, 1\n```\n");
    let tmp = site_with("case", &format!("{}\n{}", chart("Trade"), chart("trade")));
    let run = dossier(&["build"], &tmp.path().join("site"));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("briefs/extra.md:17:5: error: chart id `trade` is already used at briefs/extra.md:8"),
        "{}",
        run.stderr
    );
}

/// The three id collisions of issue 10 and the NUL byte, on a built page.
#[test]
fn ids_on_a_built_page_are_unique_and_nul_is_not_a_mark() {
    let chart = "```chart\nid: trade\ntitle: T\nsource: S\ndata: |\n  year, a\n  2019, 1\n```\n";
    let body = format!(
        "<div>a\0b</div>\n\n## FN 1\n\nA[^1] b[^a b] c[^a-b]\n\n## Fig Trade\n\n## Summary H\n\n{chart}\n[^1]: One.\n[^a b]: Two.\n[^a-b]: Three.\n"
    );
    let tmp = site_with("ids", &body);
    build(&tmp.path().join("site"), &tmp.path().join("out"), &[]);
    let html = read(tmp.path().join("out/briefs/extra/index.html"));
    let ids = attribute_values(&html, "id");
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        assert!(seen.insert(id), "duplicate id `{id}` in {ids:?}");
    }
    assert!(html.contains("<div>a\u{FFFD}b</div>"), "the text after a NUL stays");
    let div = html.find("<div>a").unwrap();
    let figure = html.find(r#"id="fig-trade""#).unwrap();
    assert!(html[div..figure].contains("</div>"), "the figure is not inside the raw <div>");
}

/// Every page of the sample site has each id once (the Nu Html Checker in the browser suite
/// checks the same, and more, where Java is installed).
#[test]
fn no_page_of_the_sample_site_repeats_an_id() {
    let tmp = Temp::new("sample-ids");
    build(&repo(), &tmp.path().join("out"), &[]);
    let mut pages = 0;
    for (path, bytes) in snapshot(&tmp.path().join("out")) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        let mut seen = std::collections::HashSet::new();
        for id in attribute_values(&html, "id") {
            assert!(seen.insert(id), "{path}: the id `{id}` is used twice");
        }
    }
    assert!(pages > 20, "the sample has its pages ({pages})");
}
