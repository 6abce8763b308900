//! Optional stage timings for performance work: with `DOSSIER_TIMINGS=1` a build prints, on
//! stderr, the wall time of each stage and the thread time spent in each kind of render job.
//!
//! Off by default and cheap when off: the environment is read once, and a disabled
//! [`Stages::mark`] or [`Tally::time`] costs one branch. Output goes to stderr only, so a
//! build's files and its stdout summary are the same either way.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// True when `DOSSIER_TIMINGS` is set to anything but `0` or the empty string.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DOSSIER_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Wall-clock marks between the stages of one build.
pub struct Stages {
    start: Instant,
    last: Instant,
}

impl Default for Stages {
    fn default() -> Self {
        Self::new()
    }
}

impl Stages {
    pub fn new() -> Stages {
        let now = Instant::now();
        Stages { start: now, last: now }
    }

    /// Prints the time since the previous mark as the duration of stage `name`.
    pub fn mark(&mut self, name: &str) {
        if !enabled() {
            return;
        }
        let now = Instant::now();
        eprintln!("timing: {name:<24} {:>8.1} ms", ms(now - self.last));
        self.last = now;
    }

    /// Prints the time since the stages began.
    pub fn total(&self) {
        if enabled() {
            eprintln!("timing: {:<24} {:>8.1} ms", "total", ms(self.start.elapsed()));
        }
    }
}

/// Thread time and count of one kind of work done in parallel (brief pages, charts...). The
/// sum over threads can exceed wall time; it says where the CPU goes, not how long one waits.
pub struct Tally {
    name: &'static str,
    nanos: AtomicU64,
    count: AtomicU64,
}

impl Tally {
    pub const fn new(name: &'static str) -> Tally {
        Tally { name, nanos: AtomicU64::new(0), count: AtomicU64::new(0) }
    }

    /// Runs `f`, adding its duration to the tally when timings are on.
    pub fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        if !enabled() {
            return f();
        }
        let start = Instant::now();
        let out = f();
        self.nanos.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
        out
    }

    /// Prints the tally (if it counted anything) and resets it for the next build.
    pub fn report(&self) {
        let nanos = self.nanos.swap(0, Ordering::Relaxed);
        let count = self.count.swap(0, Ordering::Relaxed);
        if enabled() && count > 0 {
            let total = nanos as f64 / 1e6;
            eprintln!(
                "timing:   {:<22} {total:>8.1} ms thread time, {count} × {:.1} µs",
                self.name,
                total * 1000.0 / count as f64
            );
        }
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
