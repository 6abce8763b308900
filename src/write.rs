//! The only code that writes a built site to disk.
//!
//! A build writes into a staging folder beside the output and swaps it in only when every page
//! rendered, so a failed build leaves the previous output as it was. Before anything is
//! written, [`check_output`] makes sure the output folder can only be dossier's: never the
//! site's folder or a folder of its sources, never a file, never a folder of someone else's
//! files. [`MemorySink`] keeps a site in memory instead, for the preview server.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diag::Diagnostic;
use crate::layout::{MARKER, Routes};

/// What the marker file in a built site says.
pub const MARKER_TEXT: &str = "This folder is written by `dossier build`: each build replaces it whole.\n";

/// The folders and files of a site that a build reads: an output may be none of them, hold
/// none of them, and lie inside none of them.
const SOURCES: &[&str] = &["briefs", "pages", "themes", "static", crate::sources::DATA_DIR, "dossier.yaml"];

/// Where rendered files go. Paths are relative, `/`-separated (`briefs/x/index.html`).
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    fn copy(&self, src: &Path, path: &str) -> io::Result<()> {
        self.write(path, &std::fs::read(src)?)
    }
}

/// Refuses an output folder that a build must not replace: the site's folder or one that holds
/// it, a source folder (or one inside or around it), an existing file, or a folder of files
/// that dossier did not write (unless `force`).
pub fn check_output(root: &Path, output: &Path, force: bool) -> Result<(), Diagnostic> {
    let shown = output.display().to_string();
    let refuse = |message: String, hint: &str| Err(Diagnostic::error("--output", 0, 0, message).with_hint(hint));
    let hint_elsewhere = "write the site to a folder of its own, such as `--output output` or `--output public`";
    let root_real = real_path(root);
    let out_real = real_path(output);
    if out_real == root_real || root_real.starts_with(&out_real) {
        return refuse(
            format!(
                "the output `{shown}` is the site's folder or holds it: a build replaces its output whole, which would delete the sources"
            ),
            hint_elsewhere,
        );
    }
    for source in SOURCES {
        let src = root_real.join(source);
        if out_real == src || src.starts_with(&out_real) || out_real.starts_with(&src) {
            return refuse(
                format!(
                    "the output `{shown}` is, holds or lies inside the site's `{source}`: a build replaces its output whole"
                ),
                hint_elsewhere,
            );
        }
    }
    let meta = match std::fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(_) => return Ok(()),
    };
    if !meta.is_dir() {
        return refuse(
            format!("the output `{shown}` is a file, not a folder"),
            "pass a folder that does not exist yet or that an earlier build wrote",
        );
    }
    if force || is_ours(output) {
        return Ok(());
    }
    let empty = std::fs::read_dir(output).map(|mut d| d.next().is_none()).unwrap_or(false);
    if empty {
        return Ok(());
    }
    refuse(
        format!("the output `{shown}` holds files that dossier did not write, and a build would delete them"),
        "choose a new or empty folder, or pass `--force` to replace this one with the site",
    )
}

/// Whether `dir` was written by dossier: it has the marker, or the files every build of the
/// first release wrote (before the marker existed).
fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || (dir.join(".nojekyll").is_file() && dir.join("chart.css").is_file())
}

/// `path` with symbolic links resolved, for the part of it that exists; the rest is joined
/// with `.` and `..` resolved as text.
fn real_path(path: &Path) -> PathBuf {
    let absolute =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                match Path::new(part).components().next() {
                    Some(Component::ParentDir) => {
                        out.pop();
                    }
                    Some(Component::CurDir) | None => {}
                    _ => out.push(part),
                }
            }
            return out;
        }
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return absolute,
        }
    }
}

/// Writes into a staging folder; [`DirSink::commit`] moves it into place.
pub struct DirSink {
    staging: PathBuf,
    output: PathBuf,
}

impl DirSink {
    /// Creates an empty staging folder next to `output` (same filesystem, so the swap is a
    /// rename), after removing the staging and old folders that killed builds left there.
    pub fn stage(output: &Path) -> io::Result<DirSink> {
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        remove_leftovers(parent, &output_name(output));
        let staging = parent.join(format!(".{}.dossier-staging-{}", output_name(output), std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(DirSink { staging, output: output.to_path_buf() })
    }

    /// Replaces the output folder with the staged site. Where the system can swap two folders
    /// in one step (Linux's `renameat2` with `RENAME_EXCHANGE`), there is no moment without
    /// an output folder; elsewhere the old folder is renamed away just before.
    pub fn commit(self) -> io::Result<()> {
        if !self.output.exists() {
            return std::fs::rename(&self.staging, &self.output);
        }
        if exchange(&self.staging, &self.output).is_ok() {
            // The staging path now holds the previous site.
            return std::fs::remove_dir_all(&self.staging);
        }
        let old =
            self.staging.with_file_name(format!(".{}.dossier-old-{}", output_name(&self.output), std::process::id()));
        std::fs::rename(&self.output, &old)?;
        if let Err(e) = std::fs::rename(&self.staging, &self.output) {
            let _ = std::fs::rename(&old, &self.output);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)
    }

    /// Drops the staged files after a failed build.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

fn output_name(output: &Path) -> String {
    output.file_name().and_then(|n| n.to_str()).unwrap_or("output").to_string()
}

/// Removes `.NAME.dossier-staging-PID` and `.NAME.dossier-old-PID` folders in `parent` whose
/// build is no longer running (it was killed before it could clean up).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let Some(rest) = file_name.strip_prefix(&format!(".{name}.dossier-")) else { continue };
        let pid = rest.strip_prefix("staging-").or_else(|| rest.strip_prefix("old-"));
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !is_running(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else { return false };
    // Signal 0 checks that the process exists without touching it; EPERM means it exists.
    // SAFETY: kill with signal 0 has no effect on the process.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    // No cheap check: leave the folder for the user rather than delete a running build's.
    true
}

/// Swaps two paths in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    const RENAME_EXCHANGE: libc::c_uint = 2;
    // SAFETY: both paths are NUL-terminated C strings that outlive the call.
    let r = unsafe {
        libc::syscall(libc::SYS_renameat2, libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), RENAME_EXCHANGE)
    };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange"))
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        with_parent(&self.staging.join(path), |target| std::fs::write(target, bytes))
    }

    fn copy(&self, src: &Path, path: &str) -> io::Result<()> {
        with_parent(&self.staging.join(path), |target| std::fs::copy(src, target).map(|_| ()))
    }
}

/// Runs `op` on `target`, creating its folder only if `op` finds it missing. A site of 10,000
/// briefs writes 50,000 files into a few thousand folders: trying first costs one failed open
/// per new folder, where `create_dir_all` before every file cost a `mkdir` and a `stat` each.
fn with_parent(target: &Path, op: impl Fn(&Path) -> io::Result<()>) -> io::Result<()> {
    match op(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let Some(dir) = target.parent() else { return Err(e) };
            std::fs::create_dir_all(dir)?;
            op(target)
        }
        other => other,
    }
}

/// Hands rendered files to a [`Sink`], each path at most once: a second write to a path (in
/// any case) is an error naming both writers, and the plan's source for the path.
pub struct Writer<'a> {
    sink: &'a dyn Sink,
    routes: Option<&'a Routes>,
    written: Mutex<HashMap<String, String>>,
}

impl<'a> Writer<'a> {
    /// `routes`, when given, names the planned source of a path in errors.
    pub fn new(sink: &'a dyn Sink, routes: Option<&'a Routes>) -> Writer<'a> {
        Writer { sink, routes, written: Mutex::new(HashMap::new()) }
    }

    pub fn write(&self, path: &str, what: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.claim(path, what)?;
        self.sink.write(path, bytes).map_err(|e| io_error(path, e))
    }

    pub fn copy(&self, src: &std::path::Path, path: &str, what: &str) -> Result<(), Diagnostic> {
        self.claim(path, what)?;
        self.sink.copy(src, path).map_err(|e| io_error(path, e))
    }

    fn claim(&self, path: &str, what: &str) -> Result<(), Diagnostic> {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(first) = written.get(&path.to_lowercase()) {
            let planned =
                self.routes.and_then(|r| r.source(path)).map(|s| format!(" (planned for {s})")).unwrap_or_default();
            return Err(Diagnostic::error(
                path,
                0,
                0,
                format!("two files would be written to `{path}`: {first} and {what}{planned}"),
            )
            .with_hint("this is a bug in dossier or in the theme: please report it with the site that shows it"));
        }
        written.insert(path.to_lowercase(), what.to_string());
        Ok(())
    }
}

fn io_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 0, 0, format!("cannot write output file: {e}"))
}

/// Writes nothing: `dossier check` renders every page to find template errors, and keeps none.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _path: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn copy(&self, _src: &Path, _path: &str) -> io::Result<()> {
        Ok(())
    }
}

/// Keeps every file in memory, for the preview server.
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dossier-write-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("site/briefs")).unwrap();
        std::fs::write(dir.join("site/dossier.yaml"), "title: T\n").unwrap();
        dir
    }

    #[test]
    fn an_output_that_is_or_holds_a_source_is_refused() {
        let dir = temp("sources");
        let site = dir.join("site");
        for bad in [
            site.clone(),
            site.join("."),
            dir.clone(),
            site.join("briefs"),
            site.join("briefs/out"),
            site.join("themes"),
            site.join("static/x"),
            site.join("dossier.yaml"),
        ] {
            let err = check_output(&site, &bad, true).unwrap_err();
            assert!(err.message.contains("the output"), "{}: {}", bad.display(), err.message);
        }
        check_output(&site, &site.join("output"), false).unwrap();
        check_output(&site, &dir.join("elsewhere/public"), false).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_or_a_folder_of_other_files_is_refused_without_force() {
        let dir = temp("foreign");
        let site = dir.join("site");
        std::fs::write(site.join("notes.txt"), "keep me").unwrap();
        let err = check_output(&site, &site.join("notes.txt"), true).unwrap_err();
        assert!(err.message.contains("is a file"), "{}", err.message);
        std::fs::create_dir_all(site.join("docs")).unwrap();
        std::fs::write(site.join("docs/mine.txt"), "x").unwrap();
        let err = check_output(&site, &site.join("docs"), false).unwrap_err();
        assert!(err.message.contains("dossier did not write") && err.hint.unwrap().contains("--force"));
        check_output(&site, &site.join("docs"), true).unwrap();
        std::fs::write(site.join("docs").join(MARKER), MARKER_TEXT).unwrap();
        check_output(&site, &site.join("docs"), false).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_second_write_to_a_path_is_refused_whatever_its_case() {
        let sink = MemorySink::default();
        let writer = Writer::new(&sink, None);
        writer.write("charts/trade.svg", "one", b"1").unwrap();
        let err = writer.write("charts/Trade.svg", "two", b"2").unwrap_err();
        assert!(err.message.contains("one and two"), "{}", err.message);
        assert_eq!(sink.into_files().len(), 1);
    }

    #[test]
    fn commit_swaps_the_site_in_and_leftovers_of_killed_builds_go() {
        let dir = temp("swap");
        let out = dir.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        // A build killed long ago (no such process) left both kinds of folder.
        for left in [".out.dossier-staging-999999999", ".out.dossier-old-999999999"] {
            std::fs::create_dir_all(dir.join(left)).unwrap();
        }
        let sink = DirSink::stage(&out).unwrap();
        sink.write("index.html", b"new").unwrap();
        sink.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!out.join("old.html").exists());
        let names: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(names.iter().all(|n| !n.contains("dossier-")), "{names:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
