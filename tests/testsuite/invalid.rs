//! Every site under `tests/fixtures/invalid/` must fail with the message in its `expected.txt`
//! (each line must appear in the output), exit code 1, no panic, and the previous output kept.

use crate::util::*;

#[test]
fn every_invalid_fixture_fails_with_its_located_message() {
    let dir = repo().join("tests/fixtures/invalid");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 20, "expected the invalid fixtures, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = Temp::new(&name);
        copy_tree(case, tmp.path());
        let out = tmp.path().join("output");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("previous.html"), "previous build").unwrap();
        std::fs::write(out.join(".dossier-output"), "an earlier build").unwrap();
        let run = dossier(&["build"], tmp.path());
        let expected = read(case.join("expected.txt"));
        let problem = if run.code != 1 {
            Some(format!("exit code {} instead of 1", run.code))
        } else if run.stderr.contains("panicked") {
            Some("panicked".to_string())
        } else if let Some(line) = expected.lines().find(|l| !run.stderr.contains(l)) {
            Some(format!("missing `{line}`"))
        } else if read(out.join("previous.html")) != "previous build" || snapshot(&out).len() != 2 {
            Some("the previous output was changed".to_string())
        } else {
            None
        };
        if let Some(p) = problem {
            failures.push(format!("{name}: {p}\n--- stderr:\n{}", run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
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
