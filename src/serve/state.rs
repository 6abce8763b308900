//! What the server serves right now: the files of the last good build and the outcome of the
//! last build, shared between the rebuild loop and the request threads.
//!
//! A rebuild swaps in a whole new [`Snapshot`], so a request always sees the files of one build,
//! never a mix of two; a failed build leaves the files as they were and records its errors.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use serde::Serialize;

use super::reload::Hub;
use crate::diag::Diagnostics;

/// A built site: path in the site (`briefs/x/index.html`) to bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// The files one good build produced, and where they are served.
pub struct Snapshot {
    pub files: Arc<Files>,
    /// The path part of `base_url` (`/` or `/sub/`): pages are served under it.
    pub base_path: String,
    /// Counts good builds. Served pages carry it, so a page can tell it is out of date.
    pub generation: u64,
}

/// One build error, for the browser's overlay.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// The outcome of the last build, as the status endpoint and the events send it.
#[derive(Serialize)]
struct Status<'a> {
    ok: bool,
    generation: u64,
    /// The last good build changed only stylesheets: pages may swap them in place.
    css_only: bool,
    errors: &'a [Problem],
    /// Open live-reload connections: one per open page.
    live_reload: usize,
}

pub struct State {
    inner: RwLock<Inner>,
    hub: Hub,
    live_reload: AtomicUsize,
}

struct Inner {
    snapshot: Arc<Snapshot>,
    errors: Vec<Problem>,
    css_only: bool,
}

impl State {
    /// Nothing built yet: every page is "not found" until the first good build.
    pub fn new() -> State {
        let snapshot = Snapshot { files: Arc::new(Files::new()), base_path: "/".into(), generation: 0 };
        State {
            inner: RwLock::new(Inner { snapshot: Arc::new(snapshot), errors: Vec::new(), css_only: false }),
            hub: Hub::default(),
            live_reload: AtomicUsize::new(0),
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.read().snapshot)
    }

    /// Serves `files` from now on, clears the errors and tells every open page.
    pub fn publish(&self, files: Arc<Files>, base_path: String, css_only: bool) {
        {
            let mut inner = self.inner.write().unwrap_or_else(|e| e.into_inner());
            let generation = inner.snapshot.generation + 1;
            inner.snapshot = Arc::new(Snapshot { files, base_path, generation });
            inner.errors.clear();
            inner.css_only = css_only;
        }
        self.hub.broadcast(&self.status_event());
    }

    /// The sources build again, but to the files already served: clears the errors only.
    pub fn recover(&self) {
        let had_errors = !std::mem::take(&mut self.inner.write().unwrap_or_else(|e| e.into_inner()).errors).is_empty();
        if had_errors {
            self.hub.broadcast(&self.status_event());
        }
    }

    /// Keeps serving the last good files, and shows `diags` on every open page.
    pub fn fail(&self, diags: &Diagnostics) {
        let errors = diags
            .errors()
            .map(|d| Problem {
                path: d.path.display().to_string(),
                line: d.line.max(1),
                column: d.column.max(1),
                message: d.message.clone(),
                hint: d.hint.clone(),
            })
            .collect();
        self.inner.write().unwrap_or_else(|e| e.into_inner()).errors = errors;
        self.hub.broadcast(&self.status_event());
    }

    /// The outcome of the last build as JSON:
    /// `{"ok":…,"generation":…,"css_only":…,"errors":[…],"live_reload":…}`.
    pub fn status_json(&self) -> String {
        let inner = self.read();
        let status = Status {
            ok: inner.errors.is_empty(),
            generation: inner.snapshot.generation,
            css_only: inner.css_only,
            errors: &inner.errors,
            live_reload: self.live_reload.load(Ordering::Relaxed),
        };
        serde_json::to_string(&status).unwrap_or_else(|_| "{}".into())
    }

    /// The status as one server-sent event.
    pub fn status_event(&self) -> String {
        format!("event: status\ndata: {}\n\n", self.status_json())
    }

    /// Records how many live-reload connections are open, for the status.
    pub fn set_live_reload(&self, open: usize) {
        self.live_reload.store(open, Ordering::Relaxed);
    }

    /// Where each build's event goes to reach the open pages.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }
}
