//! Every site under `tests/fixtures/invalid/` must fail with the message in its `expected.txt`
//! (each line must appear in the output), exit code 1, no panic, and the previous output kept.

use std::path::Path;

use crate::util::*;

#[test]
fn every_invalid_fixture_fails_with_its_located_message() {
    let dir = repo().join("tests/fixtures/invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 90, "expected the invalid fixtures, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = Temp::new(&name);
        copy_tree(case, tmp.path());
        let expected = read(case.join("expected.txt"));
        if let Some(p) = build_fails_with(tmp.path(), &expected) {
            failures.push(format!("{name}: {p}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Builds `site` over an earlier output and returns what is wrong, if anything, with how the
/// build failed: it must exit 1 without a panic, print every line of `expected`, and leave the
/// earlier output as it was.
pub fn build_fails_with(site: &Path, expected: &str) -> Option<String> {
    let out = site.join("output");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("previous.html"), "previous build").unwrap();
    std::fs::write(out.join(".dossier-output"), "an earlier build").unwrap();
    let run = dossier(&["build"], site);
    let problem = if run.code != 1 {
        format!("exit code {} instead of 1", run.code)
    } else if run.stderr.contains("panicked") {
        "panicked".to_string()
    } else if let Some(line) = expected.lines().find(|l| !run.stderr.contains(l)) {
        format!("missing `{line}`")
    } else if read(out.join("previous.html")) != "previous build" || snapshot(&out).len() != 2 {
        "the previous output was changed".to_string()
    } else {
        return None;
    };
    Some(format!("{problem}\n--- stderr:\n{}", run.stderr))
}

/// A site whose only brief is `text`, for the cases too large or too odd to keep as files.
fn site_with_brief(tag: &str, text: &[u8]) -> Temp {
    let tmp = Temp::new(tag);
    std::fs::create_dir_all(tmp.path().join("briefs")).unwrap();
    std::fs::write(tmp.path().join("briefs/a.md"), text).unwrap();
    tmp
}

fn assert_fails_with(site: &Path, expected: &str) {
    if let Some(p) = build_fails_with(site, expected) {
        panic!("{p}");
    }
}

const FRONT: &str = "---\ntitle: A\ndate: 2021-03-01\n---\n\n";

#[test]
fn a_50_mb_brief_is_refused_before_it_is_read() {
    let mut text = FRONT.as_bytes().to_vec();
    text.resize(50 * 1024 * 1024, b'x');
    let site = site_with_brief("big", &text);
    assert_fails_with(
        site.path(),
        "briefs/a.md:1:1: error: file is 50.0 MB; a content file may be at most 10 MB\n  hint: split the brief",
    );
}

#[test]
fn a_chart_of_100000_rows_is_refused_at_the_first_row_too_many() {
    let mut text = format!("{FRONT}```chart\nid: c\ntitle: T\nsource: S\ndata: |\n  year, a\n");
    for i in 0..100_000 {
        text.push_str(&format!("  {i}, 1\n"));
    }
    text.push_str("```\n");
    let site = site_with_brief("rows", text.as_bytes());
    // The header is on line 11, the 10,001st row on line 11 + 10,001.
    assert_fails_with(
        site.path(),
        "briefs/a.md:10012:3: error: `data` has too many rows: a chart takes at most 10000 rows",
    );
}

#[test]
fn a_chart_of_10000_columns_is_refused_quickly() {
    let header: Vec<String> = (0..10_000).map(|i| format!("s{i}")).collect();
    let row = vec!["1"; 10_000].join(", ");
    let text =
        format!("{FRONT}```chart\nid: c\ntitle: T\nsource: S\ndata: |\n  x, {}\n  1, {row}\n```\n", header.join(", "));
    let site = site_with_brief("columns", text.as_bytes());
    let start = std::time::Instant::now();
    assert_fails_with(
        site.path(),
        "briefs/a.md:11:3: error: the CSV header has 10000 series; a chart takes at most 200",
    );
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}

#[test]
fn a_wide_and_long_chart_is_refused_by_its_cells() {
    let header: Vec<String> = (0..100).map(|i| format!("s{i}")).collect();
    let row = vec!["1"; 100].join(",");
    let mut text = format!("{FRONT}```chart\nid: c\ntitle: T\nsource: S\ndata: |\n  x, {}\n", header.join(", "));
    for i in 0..2_001 {
        text.push_str(&format!("  {i},{row}\n"));
    }
    text.push_str("```\n");
    let site = site_with_brief("cells", text.as_bytes());
    assert_fails_with(
        site.path(),
        "briefs/a.md:2012:3: error: `data` has too many rows: a chart of 100 series takes at most 2000 rows (200000 cells)",
    );
}

#[test]
fn a_symbolic_link_loop_is_named() {
    let site = site_with_brief("loop", FRONT.as_bytes());
    std::os::unix::fs::symlink(".", site.path().join("briefs/loop")).unwrap();
    assert_fails_with(
        site.path(),
        "briefs/loop:1:1: error: symbolic link loop: `briefs/loop` leads back to `briefs`\n  hint: remove the link",
    );
}

#[test]
fn an_unreadable_brief_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let site = site_with_brief("unreadable", FRONT.as_bytes());
    let file = site.path().join("briefs/a.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        // Root (as in CI's container) reads any file whatever its mode: nothing to test.
        eprintln!("skipped: this user can read a file of mode 000 (running as root)");
        return;
    }
    assert_fails_with(site.path(), "briefs/a.md:1:1: error: cannot read file: permission denied");
}

#[test]
fn a_brief_named_dot_dot_md_is_an_error_not_skipped() {
    let site = site_with_brief("dots", FRONT.as_bytes());
    std::fs::rename(site.path().join("briefs/a.md"), site.path().join("briefs/.md")).unwrap();
    assert_fails_with(site.path(), "briefs/.md:1:1: error: file name `.md` makes no slug");
}

#[test]
fn a_missing_briefs_folder_is_a_clear_error() {
    let tmp = Temp::new("empty");
    let run = dossier(&["build"], tmp.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error: no `briefs/` folder"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"));
}

#[test]
fn all_errors_are_reported_at_once() {
    let tmp = Temp::new("many");
    std::fs::create_dir_all(tmp.path().join("briefs")).unwrap();
    std::fs::write(tmp.path().join("briefs/a.md"), "---\ntitle: A\ndate: 2021-99-01\n---\n").unwrap();
    std::fs::write(tmp.path().join("briefs/b.md"), "---\ndate: 2021-01-01\n---\n").unwrap();
    let run = dossier(&["build"], tmp.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("briefs/a.md:3:7: error"), "{}", run.stderr);
    assert!(run.stderr.contains("briefs/b.md:2:1: error: missing required key `title`"), "{}", run.stderr);
    assert!(run.stderr.contains("failed with 2 errors"), "{}", run.stderr);
}

#[test]
fn new_with_a_very_long_title_shortens_the_slug() {
    let tmp = Temp::new("new-long");
    std::fs::create_dir_all(tmp.path().join("briefs")).unwrap();
    let title = "Jilin and the Tumen river ".repeat(20);
    let run = dossier(&["new", &title], tmp.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = std::fs::read_dir(tmp.path().join("briefs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1);
    let slug = names[0].strip_suffix(".md").unwrap();
    assert!(slug.len() <= 80 && slug.starts_with("jilin-and-the-tumen-river-") && !slug.ends_with('-'), "{slug}");
    let text = read(tmp.path().join("briefs").join(&names[0]));
    assert!(text.contains(title.trim()), "the title is kept whole");
}

#[test]
fn new_refuses_a_region_that_is_a_path() {
    let tmp = Temp::new("new-path");
    std::fs::create_dir_all(tmp.path().join("briefs")).unwrap();
    for (flag, value, hint) in [
        ("--region", "../../etc", "such as `--region etc`"),
        ("--initiative", "a/b", "such as `--initiative a-b`"),
        ("--region", "5", "such as `--region jilin`"),
    ] {
        let run = dossier(&["new", "A title", flag, value], tmp.path());
        assert_eq!(run.code, 1, "{flag} {value}");
        let message = format!("error: `{flag} {value}` is not a slug: lowercase letters, digits and dashes");
        assert!(run.stderr.contains(&message) && run.stderr.contains(hint), "{}", run.stderr);
    }
    assert_eq!(std::fs::read_dir(tmp.path().join("briefs")).unwrap().count(), 0, "nothing was written");
    let run = dossier(&["new", "A title", "--region", "North Korea"], tmp.path());
    assert_eq!(run.code, 0, "a name is taken as its slug: {}", run.stderr);
    assert!(read(tmp.path().join("briefs/a-title.md")).contains("regions: [north-korea]"));
}
