//! Ids stay linear: a brief with 60,000 identical headings (and as many footnotes) builds in
//! well under a second, and ten times the headings cost about ten times the time.
//!
//!     cargo bench --bench headings
//!
//! Each page's ids come from one map (`layout::IdMap`) that remembers, for every base, the last
//! number it handed out, so the 60,000th `## Same` gets `same-59999` in one lookup rather than
//! after trying 59,999 taken ids. The bench builds the real binary's way (a whole `dossier
//! build` in a process), prints the median of several runs for 6,000 and 60,000 headings, and
//! fails when 60,000 take a second or more, or when the ratio shows quadratic growth.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() {
    let small = median(&site(6_000));
    let large = median(&site(60_000));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    println!("headings    6,000: median {:>7.1} ms of {RUNS} builds", ms(small));
    println!(
        "headings   60,000: median {:>7.1} ms of {RUNS} builds ({ratio:.1}x the time for 10x the headings)",
        ms(large)
    );
    let mut failed = false;
    if large >= Duration::from_secs(1) {
        eprintln!("60,000 headings took {:.0} ms: it must stay well under a second", ms(large));
        failed = true;
    }
    // Linear work gives about 10x (plus fixed costs, less); quadratic would give about 100x.
    if ratio > 30.0 {
        eprintln!("10x the headings cost {ratio:.0}x the time: id allocation is no longer linear");
        failed = true;
    }
    if failed {
        std::process::exit(1);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A site of one brief with `n` headings titled alike, each citing a footnote labelled alike.
fn site(n: usize) -> PathBuf {
    let root = std::env::temp_dir().join(format!("dossier-bench-headings-{n}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("briefs")).unwrap();
    let mut text = String::from("---\ntitle: Headings\ndate: 2021-01-01\nsummary: Many headings.\n---\n\n");
    for i in 0..n {
        text.push_str(&format!("## Same\n\nText[^{}].\n\n", i % 100));
    }
    for i in 0..100 {
        text.push_str(&format!("[^{i}]: Note {i}.\n"));
    }
    std::fs::write(root.join("briefs/headings.md"), text).unwrap();
    root
}

fn median(root: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["build", "--output"])
                .arg(root.join("output"))
                .current_dir(root)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            start.elapsed()
        })
        .collect();
    times.sort();
    let _ = std::fs::remove_dir_all(root.join("output"));
    times[RUNS / 2]
}
