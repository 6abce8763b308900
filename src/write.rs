//! The only code that writes a built site to disk.
//!
//! A build writes into a staging folder beside the output and swaps it in only when every page
//! rendered, so a failed build leaves the previous `output/` as it was. [`MemorySink`] keeps a
//! site in memory instead, for the preview server.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go. Paths are relative, `/`-separated (`briefs/x/index.html`).
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    fn copy(&self, src: &Path, path: &str) -> io::Result<()> {
        self.write(path, &std::fs::read(src)?)
    }
}

/// Writes into a staging folder; [`DirSink::commit`] moves it into place.
pub struct DirSink {
    staging: PathBuf,
    output: PathBuf,
}

impl DirSink {
    /// Creates an empty staging folder next to `output` (same filesystem, so the swap is a rename).
    pub fn stage(output: &Path) -> io::Result<DirSink> {
        let name = output.file_name().and_then(|n| n.to_str()).unwrap_or("output");
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let staging = parent.join(format!(".{name}.dossier-staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(DirSink { staging, output: output.to_path_buf() })
    }

    /// Replaces the output folder with the staged site.
    pub fn commit(self) -> io::Result<()> {
        let old = self.staging.with_file_name(format!(
            ".{}.dossier-old-{}",
            self.output.file_name().and_then(|n| n.to_str()).unwrap_or("output"),
            std::process::id()
        ));
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(e);
        }
        if had_output {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Drops the staged files after a failed build.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
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
