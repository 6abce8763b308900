//! Which files of the site a build may read beyond its Markdown, and publish: the one place
//! that holds the rules of "What a build may read and write" for files named from the text.
//!
//! A link may publish files inside `briefs/` and `static/`; a chart block may read its data from
//! files inside `briefs/` and [`DATA_DIR`]. Either way the file must lie inside the site's
//! folder, no part of its path may be hidden (`.env`, `.git/`), and a symbolic link must not lead
//! out of its folder. The markdown stage asks for links, the data stage for data files, and
//! both word their errors from the same [`Refusal`].

use std::path::{Component, Path};
use std::time::SystemTime;

/// The site's folder for data files that several briefs share (`data/jilin/trade.csv`).
pub const DATA_DIR: &str = "data";

/// What a file named from the text is for: the folders it may come from, and how to say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A linked file or image, copied into the site.
    Publish,
    /// A chart's data file, read and never published as it is.
    Data,
}

impl Purpose {
    /// The top-level folders of the site such a file may lie in.
    pub fn folders(self) -> &'static [&'static str] {
        match self {
            Purpose::Publish => &["briefs", "static"],
            Purpose::Data => &["briefs", DATA_DIR],
        }
    }

    fn rule(self) -> &'static str {
        match self {
            Purpose::Publish => "dossier publishes only files inside `briefs/` and `static/`",
            Purpose::Data => "dossier reads chart data only from files inside `briefs/` and `data/`",
        }
    }

    fn fix(self) -> &'static str {
        match self {
            Purpose::Publish => "move the file there and link to it",
            Purpose::Data => "move the file beside the brief, or into `data/` to share it between briefs",
        }
    }

    fn folders_named(self) -> &'static str {
        match self {
            Purpose::Publish => "the folders dossier publishes from",
            Purpose::Data => "the folders dossier reads data from",
        }
    }
}

/// Why a file may not be used, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub problem: String,
    pub hint: String,
}

impl Refusal {
    pub fn new(problem: impl Into<String>, hint: impl Into<String>) -> Refusal {
        Refusal { problem: problem.into(), hint: hint.into() }
    }
}

/// Checks that `target` (relative to `root`, `/`-separated, normalized, existing) may be used
/// for `purpose`, and splits it into its top-level folder and the path inside that folder.
/// `root_real` is the root with symbolic links resolved.
pub fn allowed<'t>(
    root: &Path,
    root_real: &Path,
    target: &'t str,
    purpose: Purpose,
) -> Result<(&'t str, &'t str), Refusal> {
    let (folder, inside) = target.split_once('/').unwrap_or(("", target));
    if !purpose.folders().contains(&folder) {
        return Err(Refusal::new(
            format!("points at `{target}`, outside {}", purpose.folders_named()),
            format!("{}: {}", purpose.rule(), purpose.fix()),
        ));
    }
    if target.split('/').any(|part| part.starts_with('.')) {
        let hint = match purpose {
            Purpose::Publish => {
                "dossier never publishes hidden files (such as `.env` or `.git/`): link to a file whose path has no part starting with `.`"
            }
            Purpose::Data => {
                "dossier never reads hidden files (such as `.env` or `.git/`): name a data file whose path has no part starting with `.`"
            }
        };
        return Err(Refusal::new(format!("points at `{target}`, a hidden file or a file in a hidden folder"), hint));
    }
    let real = root.join(target).canonicalize().ok();
    if !real.is_some_and(|r| r.starts_with(root_real.join(folder))) {
        return Err(Refusal::new(
            format!("points at `{target}`, a symbolic link to a file outside `{folder}/`"),
            format!("replace the link with a copy of the file inside `{folder}/`"),
        ));
    }
    Ok((folder, inside))
}

/// Resolves `.` and `..` in a `/`-separated path; None if it climbs above the root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    Some(parts.join("/"))
}

/// What tells that a file changed without reading it: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of `path` now; None when it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp { len: meta.len(), modified: meta.modified().ok() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots_and_refuses_to_climb_out() {
        assert_eq!(normalize("briefs/../data/x.csv").as_deref(), Some("data/x.csv"));
        assert_eq!(normalize("briefs/./a/b.csv").as_deref(), Some("briefs/a/b.csv"));
        assert_eq!(normalize("briefs/../../x.csv"), None);
    }

    #[test]
    fn each_purpose_has_its_folders() {
        let root = std::env::temp_dir().join(format!("dossier-sources-test-{}", std::process::id()));
        for dir in ["briefs", "static", "data"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
            std::fs::write(root.join(dir).join("f.csv"), "x").unwrap();
        }
        let real = root.canonicalize().unwrap();
        assert_eq!(allowed(&root, &real, "data/f.csv", Purpose::Data), Ok(("data", "f.csv")));
        assert_eq!(allowed(&root, &real, "briefs/f.csv", Purpose::Data), Ok(("briefs", "f.csv")));
        let refused = allowed(&root, &real, "static/f.csv", Purpose::Data).unwrap_err();
        assert!(refused.problem.contains("outside the folders dossier reads data from"), "{refused:?}");
        assert_eq!(allowed(&root, &real, "static/f.csv", Purpose::Publish), Ok(("static", "f.csv")));
        assert!(allowed(&root, &real, "data/f.csv", Purpose::Publish).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }
}
