//! What a render can reuse from the renders before it, for the preview server: drawn charts
//! ([`ChartCache`]) and the compiled templates, while the theme and the base URL stay the same.
//! A build renders once and reuses nothing.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use tera::Tera;

use super::Theme;
use super::draw::ChartCache;
use crate::diag::Diagnostics;

/// Kept by the caller between renders; see [`super::render_pages`].
#[derive(Default)]
pub struct RenderCache {
    pub charts: ChartCache,
    /// Rasterized chart PNGs and share cards, by a hash of their SVG.
    pub pngs: crate::share::PngCache,
    /// The last compiled templates, by a hash of their sources and of what `url()` writes.
    templates: Mutex<Option<(u64, Arc<Tera>)>>,
}

impl RenderCache {
    /// The templates compiled for `key`, compiling them when the theme or base URL changed.
    pub(super) fn templates(
        &self,
        key: u64,
        compile: impl FnOnce() -> Result<Tera, Diagnostics>,
    ) -> Result<Arc<Tera>, Diagnostics> {
        let mut kept = self.templates.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, tera)) = kept.as_ref().filter(|(k, _)| *k == key) {
            return Ok(Arc::clone(tera));
        }
        let tera = Arc::new(compile()?);
        *kept = Some((key, Arc::clone(&tera)));
        Ok(tera)
    }
}

/// Everything compiled templates depend on: their sources, the base path and URL that the
/// `url()` function writes, and the words `t()` and `local_date()` write.
pub(super) fn templates_key(theme: &Theme, layout: &crate::layout::Layout, strings: &crate::i18n::Strings) -> u64 {
    let mut h = DefaultHasher::new();
    (&theme.templates, layout, strings).hash(&mut h);
    h.finish()
}
