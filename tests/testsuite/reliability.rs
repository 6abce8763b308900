//! Inputs that look odd but are right must build: other line endings, a byte order mark, a
//! brief of front matter only, deep nesting, many identical headings, e-mail autolinks, images
//! in region and initiative descriptions. Each is built and checked like a real site.

use std::path::Path;
use std::time::Duration;

use crate::util::*;

const BRIEF: &str = "---\ntitle: Line endings\ndate: 2021-03-01\nregions: [jilin]\n---\n\nText with a [link](#data).\n\n## Data\n\n```chart\nid: endings\ntitle: T\nsource: S\ndata: |\n  year, jilin\n  1994, 33\n  2019, 11\n```\n";

/// A site whose briefs are `files` (name, bytes), with a feed-writing base URL.
fn site(tag: &str, files: &[(&str, &[u8])]) -> Temp {
    let tmp = Temp::new(tag);
    std::fs::create_dir_all(tmp.path().join("briefs/regions")).unwrap();
    std::fs::write(tmp.path().join("dossier.yaml"), "title: T\nbase_url: https://example.org/\n").unwrap();
    std::fs::write(tmp.path().join("briefs/regions/jilin.md"), "---\nname: Jilin\n---\n").unwrap();
    for (name, bytes) in files {
        let path = tmp.path().join("briefs").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    tmp
}

/// Builds and checks `site`: both must pass with no warning about the input.
fn builds_and_checks(site: &Path) -> std::path::PathBuf {
    let out = site.join("output");
    let run = build(site, &out, &[]);
    // A brief without `summary` is warned about, as `check` does; nothing else may be.
    let warnings = run.stderr.lines().filter(|l| l.contains("warning") && !l.contains("has no `summary`")).count();
    assert_eq!(warnings, 0, "{}", run.stderr);
    let check = dossier(&["check"], site);
    assert_eq!(check.code, 0, "check failed:\n{}{}", check.stdout, check.stderr);
    out
}

#[test]
fn crlf_cr_and_a_byte_order_mark_build_like_lf() {
    let lf = {
        let tmp = site("lf", &[("a.md", BRIEF.as_bytes())]);
        let out = builds_and_checks(tmp.path());
        read(out.join("briefs/a/index.html"))
    };
    let crlf = BRIEF.replace('\n', "\r\n");
    let cr = BRIEF.replace('\n', "\r");
    let bom = format!("\u{feff}{BRIEF}");
    let bom_crlf = format!("\u{feff}{crlf}");
    for (name, text) in [("crlf", &crlf), ("cr", &cr), ("bom", &bom), ("bom-crlf", &bom_crlf)] {
        let tmp = site(name, &[("a.md", text.as_bytes())]);
        let out = builds_and_checks(tmp.path());
        assert_eq!(read(out.join("briefs/a/index.html")), lf, "{name}");
    }
}

#[test]
fn crlf_errors_point_at_the_line_an_editor_shows() {
    let text = BRIEF.replace("1994, 33", "1994, 33%").replace('\n', "\r\n");
    let tmp = site("crlf-error", &[("a.md", text.as_bytes())]);
    let run = dossier(&["build"], tmp.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("briefs/a.md:17:9: error: `33%` in column `jilin` is not a number"), "{}", run.stderr);
}

#[test]
fn a_brief_of_front_matter_only_builds() {
    for (name, text) in
        [("no-newline", "---\ntitle: A\ndate: 2021-03-01\n---"), ("newline", "---\ntitle: A\ndate: 2021-03-01\n---\n")]
    {
        let tmp = site(name, &[("a.md", text.as_bytes())]);
        let out = builds_and_checks(tmp.path());
        assert!(read(out.join("briefs/a/index.html")).contains("<h1"), "{name}");
    }
}

#[test]
fn deep_nesting_in_markdown_builds() {
    let mut text = String::from("---\ntitle: Deep\ndate: 2021-03-01\n---\n\n");
    text.push_str(&">".repeat(5_000));
    text.push_str(" quoted\n\n");
    for depth in 0..500 {
        text.push_str(&"  ".repeat(depth));
        text.push_str("- item\n");
    }
    text.push_str(&"*".repeat(2_000));
    text.push_str("emphasis");
    text.push_str(&"*".repeat(2_000));
    text.push('\n');
    let tmp = site("deep", &[("a.md", text.as_bytes())]);
    let out = tmp.path().join("output");
    build(tmp.path(), &out, &[]);
    assert!(read(out.join("briefs/a/index.html")).contains("quoted"));
}

#[test]
fn twenty_thousand_identical_headings_take_linear_time() {
    let time = |n: usize| -> Duration {
        let mut text = String::from("---\ntitle: Headings\ndate: 2021-03-01\n---\n\n");
        for _ in 0..n {
            text.push_str("## Same\n\n");
        }
        let tmp = site("headings", &[("a.md", text.as_bytes())]);
        let out = tmp.path().join("output");
        let took = cpu_time_of_build(tmp.path(), &out);
        let html = read(out.join("briefs/a/index.html"));
        assert!(html.contains(&format!("id=\"same-{}\"", n - 1)), "the last heading's id");
        took
    };
    let small = time(2_000);
    let large = time(20_000);
    // Ten times the headings: linear work takes about ten times the CPU time (plus the
    // start-up both share), quadratic work a hundred times.
    assert!(large < small * 30 + Duration::from_millis(500), "2,000 headings: {small:?}, 20,000: {large:?}");
    assert!(large < Duration::from_secs(20), "20,000 headings took {large:?} of CPU time");
}

/// The CPU time (user and system) of one `dossier build`, which other tests running at the
/// same time do not change as they change the time on the clock.
#[allow(clippy::zombie_processes, reason = "the child is reaped by wait4, which std does not know of")]
fn cpu_time_of_build(root: &Path, out: &Path) -> Duration {
    let child = std::process::Command::new(BIN)
        .args(["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 only writes into the two
    // locals for the child this test spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "the build failed");
    let time = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    time(usage.ru_utime) + time(usage.ru_stime)
}

#[test]
fn email_autolinks_are_mailto_links() {
    let text = "---\ntitle: Mail\ndate: 2021-03-01\n---\n\nWrite to <foo@bar.example.com>.\n";
    let tmp = site("mail", &[("a.md", text.as_bytes())]);
    let out = builds_and_checks(tmp.path());
    let html = read(out.join("briefs/a/index.html"));
    assert!(html.contains("href=\"mailto:foo@bar.example.com\""), "{html}");
}

#[test]
fn images_in_region_and_initiative_descriptions_are_copied_and_checked() {
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>";
    let tmp = site(
        "description-images",
        &[
            ("a.md", b"---\ntitle: A\ndate: 2021-03-01\nregions: [jilin]\ninitiatives: [gti]\n---\n"),
            ("regions/jilin.md", b"---\nname: Jilin\n---\n\n![Map of Jilin](jilin-map.svg)\n"),
            ("regions/jilin-map.svg", svg),
            ("initiatives/gti.md", b"---\nname: GTI\n---\n\n![The area](../img/area.svg)\n"),
            ("img/area.svg", svg),
        ],
    );
    let out = builds_and_checks(tmp.path());
    for (page, image) in [("regions/jilin/index.html", "jilin-map.svg"), ("initiatives/gti/index.html", "area.svg")] {
        let html = read(out.join(page));
        let src = attribute_values(&html, "src").into_iter().find(|s| s.ends_with(image)).unwrap_or_else(|| {
            panic!("{page} has no image {image}:\n{html}");
        });
        let file = out.join(src.trim_start_matches('/'));
        assert_eq!(std::fs::read(&file).unwrap_or_default(), svg, "{page}: {src} is not the copied image");
    }
}

#[test]
fn a_title_with_a_control_character_never_reaches_the_feed() {
    // Refused where it is written, so the feed cannot become invalid XML.
    let text = "---\ntitle: \"Bell\\a\"\ndate: 2021-03-01\n---\n";
    let tmp = site("control", &[("a.md", text.as_bytes())]);
    let run = dossier(&["build"], tmp.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("briefs/a.md:2:8: error: `title` holds the control character U+0007"),
        "{}",
        run.stderr
    );
}

#[test]
fn feeds_and_the_sitemap_are_well_formed_xml_whatever_the_text() {
    let text = "---\ntitle: \"Trade & <tariffs> \\\"quoted\\\" 'single' ]]> 吉林\"\ndate: 2021-03-01\nsummary: \"a < b && c > d\"\nauthors: [\"A & B\"]\nregions: [jilin]\n---\n";
    let tmp = site("xml", &[("a.md", text.as_bytes())]);
    let out = builds_and_checks(tmp.path());
    for file in ["feed.xml", "sitemap.xml", "regions/jilin/feed.xml"] {
        let xml = read(out.join(file));
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{file}: {e}\n{xml}"));
        if file == "feed.xml" {
            let title = doc.descendants().filter(|n| n.has_tag_name("title")).nth(1).and_then(|n| n.text());
            assert_eq!(title, Some("Trade & <tariffs> \"quoted\" 'single' ]]> 吉林"));
            let summary = doc.descendants().find(|n| n.has_tag_name("summary")).and_then(|n| n.text());
            assert_eq!(summary, Some("a < b && c > d"));
        }
    }
}
