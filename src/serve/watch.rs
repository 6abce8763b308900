//! Watching the site's sources (`dossier.yaml`, `briefs/`, `themes/`, `static/`, and `data/`
//! for charts' data files) for changes.
//!
//! Events are debounced, so the burst of writes and renames of one save (or of "save all") gives
//! one rebuild, and editors' swap, backup and temporary files are ignored. `output/`, `.git/`
//! and anything else in the site's folder are not sources and are never looked at.
//!
//! The debouncing is done here over raw `notify` events rather than with
//! `notify-debouncer-mini`, because that one counts a file being opened as a change: every
//! rebuild, which reads files, would then trigger the next.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the sources must be quiet before a rebuild starts. Editors finish a save within a
/// few milliseconds; this stays well inside the 100 ms from save to reload that serve aims at.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// A burst that never goes quiet (a program writing files non-stop) still gets a rebuild this
/// often.
const LONGEST_BURST: Duration = Duration::from_millis(1000);

/// The folders of the site that hold sources, watched recursively.
const SOURCE_DIRS: [&str; 5] = ["briefs", "pages", "themes", "static", crate::sources::DATA_DIR];

/// What the watcher reports: the changed source paths of one burst, or a watching error.
pub type Report = Result<BTreeSet<PathBuf>, String>;

/// Watches a site's sources until dropped.
pub struct Watch {
    watcher: RecommendedWatcher,
    root: PathBuf,
    watched: BTreeSet<&'static str>,
}

impl Watch {
    /// Starts watching the sources of the site at `root` (an absolute path), calling `report`
    /// with each burst of changes, on a thread of its own.
    pub fn start(root: &Path, report: impl Fn(Report) + Send + 'static) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        let debounce_root = root.to_path_buf();
        std::thread::Builder::new()
            .name("dossier-watch".into())
            .spawn(move || debounce(&rx, &debounce_root, report))
            .map_err(|e| notify::Error::generic(&e.to_string()))?;
        let mut watch = Watch { watcher, root: root.to_path_buf(), watched: BTreeSet::new() };
        // The root itself, not recursively: `dossier.yaml`, and source folders created later.
        watch.watcher.watch(root, RecursiveMode::NonRecursive)?;
        watch.refresh(&BTreeSet::new())?;
        Ok(watch)
    }

    /// Starts watching source folders that did not exist before (`themes/` made while serving),
    /// and watches again those that `changed` names themselves: a folder moved away and back,
    /// or removed and made again (`git checkout`, `git stash`, a sync tool), is a new folder to
    /// the system, and the old watch no longer sees what happens in it.
    pub fn refresh(&mut self, changed: &BTreeSet<PathBuf>) -> notify::Result<()> {
        let mut failed = Ok(());
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            let moved = changed.contains(&path);
            if moved && self.watched.remove(dir) {
                // The old watch may be gone already (the folder was removed): nothing to undo.
                let _ = self.watcher.unwatch(&path);
            }
            if !self.watched.contains(dir) && path.is_dir() {
                match self.watcher.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => failed = Err(e),
                }
            }
        }
        failed
    }
}

/// Gathers changed sources until none changed for [`DEBOUNCE`], then reports them together.
/// Ends when the watcher is dropped.
fn debounce(rx: &Receiver<notify::Result<Event>>, root: &Path, report: impl Fn(Report)) {
    let mut burst = BTreeSet::new();
    // Files created during the burst: those gone by its end were temporary (`sed -i`, or an
    // editor writing a new copy and renaming it over the file), whatever their names.
    let mut created = BTreeSet::new();
    let (mut first, mut last) = (Instant::now(), Instant::now());
    loop {
        let next = if burst.is_empty() {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            let deadline = (last + DEBOUNCE).min(first + LONGEST_BURST);
            rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        };
        match next {
            Ok(Ok(event)) => {
                let sources = changed_sources(root, &event);
                if matches!(event.kind, EventKind::Create(_)) {
                    created.extend(sources.iter().cloned());
                }
                if !sources.is_empty() {
                    if burst.is_empty() {
                        first = Instant::now();
                    }
                    last = Instant::now();
                    burst.extend(sources);
                }
            }
            Ok(Err(e)) => report(Err(e.to_string())),
            Err(RecvTimeoutError::Timeout) => {
                burst.retain(|p: &PathBuf| !created.contains(p) || p.exists());
                created.clear();
                if !burst.is_empty() {
                    report(Ok(std::mem::take(&mut burst)));
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// The sources an event says changed. Reading a file (an access) changes nothing.
fn changed_sources(root: &Path, event: &Event) -> Vec<PathBuf> {
    if matches!(event.kind, EventKind::Access(_)) {
        return Vec::new();
    }
    event.paths.iter().filter(|p| is_source(root, p)).cloned().collect()
}

/// True for `dossier.yaml` and files under the source folders, but not for editors' leftovers.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let parts: Vec<&str> =
        rel.components().filter_map(|c| if let Component::Normal(s) = c { s.to_str() } else { None }).collect();
    match parts.as_slice() {
        ["dossier.yaml"] => true,
        [dir, ..] if SOURCE_DIRS.contains(dir) => parts.iter().all(|p| !is_editor_file(p)),
        _ => false,
    }
}

/// Swap, backup, lock and temporary files that editors write beside the file being saved.
fn is_editor_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        // Excel's owner file beside an open workbook (`~$trade.xlsx`).
        || name.starts_with("~$")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.contains("___jb_")
        || [".swp", ".swo", ".swx", ".tmp", ".temp", ".bak", ".orig", ".crdownload", ".part", ".kate-swp"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind};

    #[test]
    fn a_burst_of_changes_is_one_report_without_reads_or_temporary_files() {
        let root = std::env::temp_dir().join(format!("dossier-watch-test-{}", std::process::id()));
        std::fs::create_dir_all(root.join("briefs")).unwrap();
        std::fs::write(root.join("briefs/b.md"), "new").unwrap();
        let (events, rx) = channel();
        let (reports, received) = channel();
        let debounce_root = root.clone();
        let thread = std::thread::spawn(move || {
            debounce(&rx, &debounce_root, move |r| {
                let _ = reports.send(r);
            })
        });
        let event = |kind, rel: &str| Ok(Event::new(kind).add_path(root.join(rel)));
        events.send(event(EventKind::Access(AccessKind::Any), "briefs/a.md")).unwrap();
        events.send(event(EventKind::Modify(ModifyKind::Any), "briefs/a.md")).unwrap();
        events.send(event(EventKind::Create(CreateKind::File), "briefs/.a.md.swp")).unwrap();
        events.send(event(EventKind::Create(CreateKind::File), "briefs/b.md")).unwrap();
        // `sed -i` writes `sedXXXXXX` and renames it over the file: gone when the burst ends.
        events.send(event(EventKind::Create(CreateKind::File), "briefs/sedAb12Cd")).unwrap();
        let report = received.recv_timeout(Duration::from_secs(5)).unwrap().unwrap();
        assert_eq!(report, BTreeSet::from([root.join("briefs/a.md"), root.join("briefs/b.md")]));
        events.send(event(EventKind::Access(AccessKind::Any), "briefs/a.md")).unwrap();
        assert!(received.recv_timeout(DEBOUNCE * 5).is_err(), "reading a file is not a change");
        drop(events);
        thread.join().unwrap();
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn sources_are_told_from_editor_files_and_output() {
        let root = Path::new("/site");
        for source in [
            "dossier.yaml",
            "briefs/a.md",
            "briefs/regions/jilin.md",
            "themes/t/static/x.css",
            "static/f.woff2",
            "data/jilin/trade.csv",
        ] {
            assert!(is_source(root, &root.join(source)), "{source}");
        }
        for other in [
            "output/index.html",
            ".git/index",
            "notes.md",
            "briefs/.a.md.swp",
            "briefs/a.md~",
            "briefs/#a.md#",
            "briefs/.#a.md",
            "briefs/4913",
            "briefs/a.md.tmp",
            "briefs/a.md___jb_tmp___",
            "themes/.git/HEAD",
            "data/.~lock.trade.xlsx#",
            "data/~$trade.xlsx",
            "/elsewhere/briefs/a.md",
        ] {
            assert!(!is_source(root, &root.join(other)), "{other}");
        }
    }
}
