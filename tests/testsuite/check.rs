//! `dossier check`: every problem found with its place, clean sites pass, exit codes.

use crate::util::*;

#[test]
fn check_reports_every_problem_with_its_place() {
    let tmp = Temp::new("check");
    copy_tree(&fixture("check-problems"), tmp.path());
    let run = dossier(&["check"], tmp.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = [
        // Internal links, anchors and images.
        "briefs/first.md:10:38: error: link to `second.md#histroy`: the page has no section `#histroy`",
        "briefs/first.md:11:1: error: link to `../rason/#history` points at no page or file of the site",
        "briefs/first.md:12:1: error: image `img/none.png` points at no page or file",
        "briefs/first.md:12:60: error: link to `#nothing`: the page has no section `#nothing`",
        "briefs/regions/jilin.md:5:5: error: link to `../nowhere.md` points at no page or file",
        // Figures that disagree, naming both places.
        "briefs/first.md:24:1: warning: `trade-share` for Jilin at 2019 is 11 here but 12 in briefs/second.md:17",
        // Front matter.
        // A region without a description file is legitimate: a warning, naming a close one.
        "briefs/second.md:4:10: warning: region `jilinn` has no description file\n  hint: did you mean `jilin`? If not, add briefs/regions/jilinn.md to describe it",
        "briefs/second.md:4:10: warning: region `heilongjiang` has no description file",
        "briefs/second.md:2:1: warning: brief has no `summary`",
        "briefs/second.md:3:7: warning: `date` 2099-01-01 is in the future",
        "briefs/second.md:2:8: warning: another brief has the same title: briefs/first.md",
    ];
    for line in expected {
        assert!(run.stderr.contains(line), "missing `{line}` in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("good link") && !run.stderr.contains("regions/jilin/`"), "{}", run.stderr);
    assert!(run.stdout.contains("1 external links not fetched"), "{}", run.stdout);
    assert!(run.stdout.contains("check: 5 errors, 6 warnings"), "{}", run.stdout);
}

#[test]
fn clean_sites_pass() {
    for root in [fixture("basic"), repo()] {
        let run = dossier(&["check", "--root", root.to_str().unwrap()], &repo());
        assert_eq!(run.code, 0, "{}:\n{}{}", root.display(), run.stdout, run.stderr);
        assert!(run.stdout.contains("check: 0 errors, 0 warnings"), "{}{}", run.stdout, run.stderr);
    }
}

#[test]
fn check_exits_2_when_it_cannot_run() {
    let tmp = Temp::new("check-empty");
    let run = dossier(&["check"], tmp.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no `briefs/` folder"));
}

/// Two briefs that give Jilin's 2019 trade share as 11 and as 12.
fn disagreeing_site(tag: &str) -> Temp {
    let tmp = Temp::new(tag);
    let site = tmp.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let chart = |id: &str, value: u32| {
        format!(
            "---\ntitle: {id}\ndate: 2021-01-01\nsummary: S.\nregions: [jilin]\n---\n\n```chart\nid: {id}\ntitle: T\nsource: S\n\
             indicator: trade-share\ndata: |\n  year, jilin\n  2019, {value}\n```\n"
        )
    };
    std::fs::write(site.join("briefs/first.md"), chart("first", 11)).unwrap();
    std::fs::write(site.join("briefs/second.md"), chart("second", 12)).unwrap();
    tmp
}

#[test]
fn a_build_warns_about_disagreeing_figures_but_succeeds() {
    let tmp = disagreeing_site("disagree");
    let run = build(&tmp.path().join("site"), &tmp.path().join("out"), &[]);
    let warning =
        "briefs/second.md:15:1: warning: `trade-share` for Jilin at 2019 is 12 here but 11 in briefs/first.md:15";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    let check = dossier(&["check"], &tmp.path().join("site"));
    assert_eq!(check.code, 0, "a warning in check too: {}", check.stderr);
    assert!(check.stderr.contains(warning), "{}", check.stderr);
}

/// `build` reports every problem `check` finds, with the same severity; warnings fail both
/// with `--strict` or `strict: true`.
#[test]
fn build_and_check_agree() {
    let tmp = Temp::new("agree");
    copy_tree(&fixture("check-problems"), tmp.path());
    let check = dossier(&["check"], tmp.path());
    let build = dossier(&["build"], tmp.path());
    assert_eq!((check.code, build.code), (1, 1), "{}\n{}", check.stderr, build.stderr);
    let located = |stderr: &str| -> Vec<String> {
        stderr.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).map(str::to_string).collect()
    };
    assert_eq!(located(&build.stderr), located(&check.stderr), "the same problems, the same severities");
    assert!(!tmp.path().join("output").exists(), "a site with errors is not built");

    let warned = disagreeing_site("strict");
    let site = warned.path().join("site");
    for args in [&["build", "--strict"][..], &["check", "--strict"][..]] {
        let run = dossier(args, &site);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("error: `trade-share` for Jilin at 2019 is 12 here"), "{}", run.stderr);
        assert!(run.stderr.contains("--strict"), "{}", run.stderr);
    }
    let config = read(site.join("dossier.yaml"));
    std::fs::write(site.join("dossier.yaml"), format!("{config}strict: true\n")).unwrap();
    assert_eq!(dossier(&["build"], &site).code, 1, "strict: true in dossier.yaml");
    assert_eq!(dossier(&["check"], &site).code, 1);
}

/// A template that fails the build fails the check, at the same place: check renders every
/// page into nothing.
#[test]
fn template_errors_fail_check_as_they_fail_build() {
    for case in ["template-error", "template-syntax"] {
        let tmp = Temp::new(case);
        copy_tree(&repo().join("tests/fixtures/invalid").join(case), tmp.path());
        let build = dossier(&["build"], tmp.path());
        let check = dossier(&["check"], tmp.path());
        assert_eq!((build.code, check.code), (1, 1), "{case}: {}\n{}", build.stderr, check.stderr);
        let first_error = build.stderr.lines().find(|l| l.contains(": error: ")).unwrap();
        assert!(check.stderr.contains(first_error), "{case}: check says\n{}", check.stderr);
    }
}

/// `dossier check | head -1`: a closed stdout loses the summary, not the exit code.
#[test]
fn a_closed_stdout_does_not_crash_check() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(BIN)
        .args(["check", "--root", fixture("basic").to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
