//! Content files kept between loads, for the preview server: each file's parsed document and
//! rendered Markdown, reused while the file is unchanged on disk.
//!
//! Reading, parsing and rendering the Markdown of every file is most of [`super::load`]'s time;
//! linking and gathering are cheap. So a cached load re-reads only the files whose size or
//! modification time changed (or that the caller says changed), and re-links the whole model,
//! which keeps its result identical to an uncached load. A brief whose charts read data files
//! counts as changed when one of those files does: its rendering is dropped and its page redone.

use crate::content::{self, Document, Kind};
use crate::diag::Diagnostics;
use crate::layout::{IdMap, Layout};
use crate::markdown::Rendered;
use crate::sources::Stamp;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Parsed and rendered content files from earlier loads; see [`super::load_cached`].
#[derive(Default)]
pub struct LoadCache {
    entries: HashMap<PathBuf, Entry>,
    /// Files read from disk by the loads since [`LoadCache::clear_changed`].
    changed: BTreeSet<PathBuf>,
}

struct Entry {
    stamp: Stamp,
    doc: Document,
    /// The Markdown rendered with the link context of the given fingerprint.
    rendered: Option<(u64, Arc<Rendered>)>,
}

impl LoadCache {
    /// Makes the next load read `path` again, whatever its stamp says (file systems with coarse
    /// modification times can miss two saves in the same second).
    /// A data file counts too: the briefs whose charts read it render again.
    pub fn forget(&mut self, path: &Path) {
        self.entries.remove(path);
        for (brief, entry) in &mut self.entries {
            if entry.rendered.as_ref().is_some_and(|(_, r)| r.data_files.iter().any(|(p, _)| p == path)) {
                entry.rendered = None;
                self.changed.insert(brief.clone());
            }
        }
    }

    /// Makes the next load render every file's Markdown again, for when a file that the text
    /// may link to appeared or disappeared (rendering checks that linked files exist).
    pub fn forget_rendered(&mut self) {
        for entry in self.entries.values_mut() {
            entry.rendered = None;
        }
    }

    /// The content files read from disk (new, changed or unreadable) by the loads since
    /// [`LoadCache::clear_changed`]: what changed since the last build that was kept.
    pub fn changed(&self) -> &BTreeSet<PathBuf> {
        &self.changed
    }

    pub fn clear_changed(&mut self) {
        self.changed.clear();
    }

    /// The documents of `files`, in order, reading only those not cached or changed on disk.
    pub(super) fn documents(&mut self, root: &Path, files: &[(PathBuf, Kind)]) -> (Vec<Document>, Diagnostics) {
        let wanted: BTreeSet<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
        self.entries.retain(|path, _| wanted.contains(path.as_path()));
        let mut stale = Vec::new();
        let mut stamps = HashMap::new();
        for (path, kind) in files {
            let now = Stamp::of(path);
            match (now, self.entries.get_mut(path)) {
                (Some(now), Some(entry)) if entry.stamp == now => {
                    if entry.rendered.as_ref().is_some_and(|(_, r)| data_changed(r)) {
                        entry.rendered = None;
                        self.changed.insert(path.clone());
                    }
                }
                _ => {
                    self.entries.remove(path);
                    stale.push((path.clone(), *kind));
                    if let Some(now) = now {
                        stamps.insert(path.clone(), now);
                    }
                }
            }
        }
        // The stamp is taken before the read: a save during the read leaves a newer stamp on
        // disk, so the next load reads the file again rather than keeping a torn copy.
        let (loaded, diags) = content::load(root, &stale);
        for doc in loaded {
            if let Some(&stamp) = stamps.get(&doc.path) {
                self.entries.insert(doc.path.clone(), Entry { stamp, doc, rendered: None });
            }
        }
        self.changed.extend(stale.into_iter().map(|(p, _)| p));
        let docs = files.iter().filter_map(|(p, _)| self.entries.get(p).map(|e| e.doc.clone())).collect();
        (docs, diags)
    }

    /// The Markdown of `path` as last rendered with the link context `fingerprint`.
    pub(super) fn rendered(&self, path: &Path, fingerprint: u64) -> Option<Arc<Rendered>> {
        match &self.entries.get(path)?.rendered {
            Some((f, rendered)) if *f == fingerprint => Some(Arc::clone(rendered)),
            _ => None,
        }
    }

    pub(super) fn keep_rendered(&mut self, path: &Path, fingerprint: u64, rendered: &Arc<Rendered>) {
        if let Some(entry) = self.entries.get_mut(path) {
            entry.rendered = Some((fingerprint, Arc::clone(rendered)));
        }
    }
}

/// True when a data file that `rendered`'s charts read (or failed to read) is not as it was.
fn data_changed(rendered: &Rendered) -> bool {
    rendered.data_files.iter().any(|(path, stamp)| Stamp::of(path) != *stamp)
}

/// Everything besides a file's own text that its rendered Markdown depends on: where links
/// point (every content file's page), the layout they are written under, whether raw HTML
/// passes, and the ids the page already uses.
pub(super) fn link_fingerprint(
    root: &Path,
    layout: &Layout,
    raw_html: bool,
    pages: &HashMap<String, String>,
    page_ids: &IdMap,
    strings: &crate::i18n::Strings,
) -> u64 {
    let mut sorted: Vec<(&String, &String)> = pages.iter().collect();
    sorted.sort();
    let mut h = DefaultHasher::new();
    (root, layout, raw_html, sorted, page_ids.fingerprint()).hash(&mut h);
    for key in crate::markdown::WORDS {
        strings.get(key).hash(&mut h);
    }
    h.finish()
}
