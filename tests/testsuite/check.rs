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
        "briefs/first.md:24:1: error: `trade-share` for Jilin at 2019 is 11 here but 12 in briefs/second.md:17",
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
    assert!(run.stdout.contains("check: 6 errors, 5 warnings"), "{}", run.stdout);
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

#[test]
fn a_build_warns_about_disagreeing_figures_but_succeeds() {
    let tmp = Temp::new("disagree");
    copy_tree(&fixture("check-problems"), &tmp.path().join("site"));
    let run = build(&tmp.path().join("site"), &tmp.path().join("out"), &[]);
    assert!(
        run.stderr.contains(
            "briefs/first.md:24:1: warning: `trade-share` for Jilin at 2019 is 11 here but 12 in briefs/second.md:17"
        ),
        "{}",
        run.stderr
    );
}
