//! `dossier.yaml`: the site's settings, and the resolved options of one build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml::{Origin, YamlMap};

/// Keys accepted in `dossier.yaml`.
const KEYS: &[&str] =
    &["title", "base_url", "description", "language", "theme", "author", "latest", "cname", "indicators", "raw_html"];

/// The site's settings from `dossier.yaml`, with defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    /// Absolute URL (`https://org.github.io/repo/`) or a root path (`/`); always ends with `/`.
    pub base_url: String,
    pub description: String,
    pub language: String,
    pub theme: String,
    pub author: Option<String>,
    /// How many briefs the home page lists.
    pub latest: usize,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
    /// Display names of indicators (`trade-share-of-gdp: Foreign trade as a share of GDP`),
    /// used to title the charts that gather an indicator on region pages.
    pub indicators: BTreeMap<String, String>,
    /// Raw HTML in Markdown passes through (true, CommonMark's rule) or is escaped (false, for
    /// sites that publish text written outside the team).
    pub raw_html: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefs".into(),
            base_url: "/".into(),
            description: String::new(),
            language: "en".into(),
            theme: "default".into(),
            author: None,
            latest: 10,
            cname: None,
            indicators: BTreeMap::new(),
            raw_html: true,
        }
    }
}

impl Config {
    /// Reads `ROOT/dossier.yaml`; a site without one uses the defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join("dossier.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(&path, 1, 1, "dossier.yaml is not valid UTF-8").with_hint("save the file as UTF-8")
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Diagnostic::error(&path, 0, 0, format!("cannot read dossier.yaml: {e}")).into()),
        };
        Self::parse_in(&path, &crate::diag::normalize_line_endings(&text), Some(root))
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, Diagnostics> {
        Self::parse_in(path, text, None)
    }

    /// Parses the settings; with the site's `root`, a `theme` whose folder is missing is an
    /// error at the `theme` line, where the name was written.
    fn parse_in(path: &Path, text: &str, root: Option<&Path>) -> Result<Config, Diagnostics> {
        let map = YamlMap::parse(path, text, Origin { line: 1, column: 1 })?;
        let mut diags = map.check_keys(KEYS, "dossier.yaml");
        let d = Config::default();
        let read = || -> Result<Config, Diagnostic> {
            let base_url = match map.opt_str("base_url")? {
                Some(url) => normalize_base_url(&url).map_err(|problem| {
                    map.error("base_url", format!("`base_url` `{url}` {problem}")).with_hint(
                        "write for example `base_url: https://example.github.io/northeast-briefs/` or `base_url: /`",
                    )
                })?,
                None => d.base_url.clone(),
            };
            let theme = match map.opt_str("theme")? {
                Some(name) if !is_theme_name(&name) => {
                    return Err(map
                        .error("theme", format!("`theme` must be the name of a folder in `themes/`, not a path: `{name}`"))
                        .with_hint("write for example `theme: my-theme` for `themes/my-theme/`, or remove `theme:` for the default theme"));
                }
                Some(name) => {
                    if let Some(root) = root
                        && name != "default"
                        && !root.join("themes").join(&name).is_dir()
                    {
                        return Err(map
                            .error("theme", format!("theme `{name}` not found: there is no folder `themes/{name}/`"))
                            .with_hint(format!("create `themes/{name}/` with `templates/` and `static/` inside, or remove `theme:` to use the default theme")));
                    }
                    name
                }
                None => d.theme.clone(),
            };
            let latest = match map.get("latest") {
                None => d.latest,
                Some(v) => v.as_u64().filter(|n| *n > 0).ok_or_else(|| {
                    map.error("latest", "`latest` must be a whole number above 0")
                        .with_hint("write for example `latest: 10`")
                })? as usize,
            };
            Ok(Config {
                title: map.opt_str("title")?.unwrap_or(d.title.clone()),
                base_url,
                description: map.opt_str("description")?.unwrap_or_default(),
                language: map.opt_str("language")?.unwrap_or(d.language.clone()),
                theme,
                author: map.opt_str("author")?,
                latest,
                cname: map.opt_str("cname")?,
                indicators: indicators(&map)?,
                raw_html: map.opt_bool("raw_html")?.unwrap_or(d.raw_html),
            })
        };
        let result = read();
        match result {
            Ok(config) if !diags.has_errors() => Ok(config),
            Ok(_) => Err(diags),
            Err(e) => {
                diags.push(e);
                Err(diags)
            }
        }
    }

    /// Where the pages of this site go, and their URLs.
    pub fn layout(&self) -> crate::layout::Layout {
        crate::layout::Layout::new(&self.base_url)
    }
}

/// A theme is a folder of `themes/`, named plainly: no separators, no `..`, nothing hidden.
fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

fn indicators(map: &YamlMap) -> Result<BTreeMap<String, String>, Diagnostic> {
    let hint = "write `indicators:` followed by indented lines such as `trade-share-of-gdp: Trade as a share of GDP`";
    match map.get("indicators") {
        None | Some(serde_yaml::Value::Null) => Ok(BTreeMap::new()),
        Some(serde_yaml::Value::Mapping(m)) => m
            .iter()
            .map(|(k, v)| match (k.as_str(), v.as_str()) {
                (Some(k), Some(v)) => Ok((k.to_string(), v.to_string())),
                _ => Err(map.error("indicators", "every indicator needs a slug and a name as text").with_hint(hint)),
            })
            .collect(),
        Some(_) => Err(map.error("indicators", "`indicators` must be a mapping of slug to name").with_hint(hint)),
    }
}

/// Accepts `http(s)://host/path` or a path starting with a single `/`, and makes sure it ends
/// with `/`. The error says what is wrong with the value.
pub fn normalize_base_url(url: &str) -> Result<String, &'static str> {
    let url = url.trim();
    if url.contains(|c: char| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c)) {
        return Err("holds spaces, quotes, angle brackets or backslashes");
    }
    if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        let host = rest.split('/').next().unwrap_or_default();
        if host.is_empty() || host.contains('@') {
            return Err("has no host after `https://` (or names a user in it)");
        }
    } else if url.starts_with("//") {
        return Err("starts with `//`, which browsers read as another site's address");
    } else if !url.starts_with('/') {
        return Err("is neither an http(s) URL nor a path starting with `/`");
    }
    if url.split('/').any(|part| part == "..") {
        return Err("holds a `..` segment");
    }
    Ok(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

/// Everything one build needs to know, resolved from flags and `dossier.yaml`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Replace an output folder that holds files dossier did not write.
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_the_url() {
        let c = Config { base_url: "https://example.github.io/northeast-briefs/".into(), ..Config::default() };
        assert_eq!(c.layout().base_path(), "/northeast-briefs/");
        assert_eq!(normalize_base_url("https://x.org/sub").as_deref(), Ok("https://x.org/sub/"));
        assert_eq!(normalize_base_url("/sub").as_deref(), Ok("/sub/"));
        for bad in [
            "ftp://x",
            "https://x.org/\"><script>",
            "//evil.example/",
            "https://",
            "evil.example",
            "/a/../b",
            "https://u@evil/",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base_url_and_theme_cannot_point_elsewhere() {
        let err = Config::parse(Path::new("dossier.yaml"), "title: A\nbase_url: //evil.example/\n").unwrap_err();
        assert!(
            err.to_string().contains("dossier.yaml:2:11: error: `base_url` `//evil.example/` starts with `//`"),
            "{err}"
        );
        for theme in ["/usr/share", "../other", "a/b", ".hidden"] {
            let err = Config::parse(Path::new("dossier.yaml"), &format!("theme: {theme}\n")).unwrap_err();
            assert!(err.to_string().contains("dossier.yaml:1:8: error: `theme` must be the name of a folder"), "{err}");
        }
        assert_eq!(Config::parse(Path::new("d.yaml"), "theme: my-theme_2\n").unwrap().theme, "my-theme_2");
    }

    #[test]
    fn indicators_are_named() {
        let c = Config::parse(Path::new("d.yaml"), "indicators:\n  trade-share: Trade share\n").unwrap();
        assert_eq!(c.indicators["trade-share"], "Trade share");
        let err = Config::parse(Path::new("d.yaml"), "indicators: [a]\n").unwrap_err();
        assert!(err.to_string().contains("d.yaml:1:13: error: `indicators` must be a mapping"), "{err}");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_hint() {
        let err = Config::parse(Path::new("dossier.yaml"), "title: A\ndescripton: B\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("dossier.yaml:2:1: error: unknown key `descripton`"), "{text}");
        assert!(text.contains("did you mean `description`"), "{text}");
    }
}
