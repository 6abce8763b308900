//! The default theme in a real browser: tests/browser/run.mjs (Node, playwright-core driving
//! Debian's Chromium headless, axe-core, the Nu Html Checker) over the sample site built twice,
//! at a root base URL and under a sub-path, and over the chart gallery fixture.
//!
//! It runs only with `DOSSIER_BROWSER_TESTS=1`, and then requires Chromium, Java, poppler-utils
//! and the npm packages of tests/browser (`bash .ci/run` installs them; docs/browser-tests.md
//! says how by hand): a missing tool fails the test, it never skips. Without the variable it
//! says it was skipped and passes, so `cargo test` works on a machine without a browser.
//!
//! Screenshots and the printed PDFs go to `target/tmp/browser-report/`; the test prints where.

use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_dossier");

/// Writes a line to the terminal even while libtest captures the test's output.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn enabled() -> bool {
    std::env::var("DOSSIER_BROWSER_TESTS").is_ok_and(|v| !v.is_empty() && v != "0")
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// What the suite needs and is missing, each with how to get it.
fn missing() -> Vec<String> {
    let runs = |cmd: &str, arg: &str| {
        Command::new(cmd).arg(arg).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
    };
    let mut out = Vec::new();
    if !chromium().is_file() {
        out.push(format!("Chromium at {} (apt-get install chromium, or set CHROMIUM)", chromium().display()));
    }
    if !runs("java", "-version") {
        out.push("java (apt-get install default-jre-headless)".into());
    }
    if !runs("pdftotext", "-v") || !runs("pdfinfo", "-v") {
        out.push("pdftotext and pdfinfo (apt-get install poppler-utils)".into());
    }
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {
            let v = String::from_utf8_lossy(&o.stdout);
            let major: u32 =
                v.trim().trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
            if major < 20 {
                out.push(format!("Node.js 20 or newer (found {})", v.trim()));
            }
        }
        _ => out.push("node (Node.js 20 or newer)".into()),
    }
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        if !repo().join("tests/browser/node_modules").join(package).join("package.json").is_file() {
            out.push(format!("tests/browser/node_modules/{package} (cd tests/browser && npm ci --ignore-scripts)"));
            break;
        }
    }
    out
}

/// Free loopback ports, all distinct (they are released before the server takes them).
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    std::array::from_fn(|i| listeners[i].local_addr().unwrap().port())
}

fn build(root: &Path, out: &Path, base_url: &str) {
    let run = Command::new(BIN)
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(["--base-url", base_url])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "build of {} failed:\n{}{}",
        root.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A temporary folder, removed when dropped.
struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn default_theme_passes_the_browser_suite() {
    if !enabled() {
        say(
            "browser tests skipped: run them with `DOSSIER_BROWSER_TESTS=1 cargo test` once `bash .ci/run` has installed Chromium, Java and tests/browser's npm packages (see docs/browser-tests.md)",
        );
        return;
    }
    let missing = missing();
    assert!(
        missing.is_empty(),
        "DOSSIER_BROWSER_TESTS is set but the browser suite cannot run; missing:\n  {}\n`bash .ci/run` installs all of them",
        missing.join("\n  ")
    );

    let tmp = Temp(std::env::temp_dir().join(format!("dossier-browser-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&tmp.0);
    std::fs::create_dir_all(&tmp.0).unwrap();
    let [root_port, sub_port, gallery_port] = free_ports::<3>();
    let sites = [
        ("root", repo(), format!("http://127.0.0.1:{root_port}/")),
        ("sub", repo(), format!("http://127.0.0.1:{sub_port}/northeast-briefs/")),
        ("gallery", repo().join("tests/fixtures/gallery"), format!("http://127.0.0.1:{gallery_port}/")),
    ];
    let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-report");
    let mut node = Command::new("node");
    node.arg("run.mjs").current_dir(repo().join("tests/browser")).arg("--report").arg(&report);
    for (name, root, url) in &sites {
        let out = tmp.0.join(name);
        build(root, &out, url);
        node.args(["--site", name]).arg(&out).arg(url);
    }
    say(&format!("browser suite: screenshots and PDFs go to {}", report.display()));
    // Node's output goes straight to the terminal: the suite's progress shows as it runs.
    let status = node.status().expect("cannot start node");
    say(&format!("browser suite: screenshots and PDFs are in {}", report.display()));
    assert!(status.success(), "the browser suite failed (see its output above; screenshots in {})", report.display());
}
