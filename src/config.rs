//! `dossier.yaml`: the site's settings, and the resolved options of one build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml::{Origin, YamlMap};

/// Keys accepted in `dossier.yaml`.
const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "author",
    "latest",
    "page_size",
    "menu",
    "logo",
    "accent",
    "accent_dark",
    "footer",
    "extra",
    "cname",
    "indicators",
    "raw_html",
    "strict",
    "search",
    "share_images",
    "strings",
    "tags",
    "citations",
];

/// The site's settings from `dossier.yaml`, with defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    /// Absolute URL (`https://org.github.io/repo/`) or a root path (`/`); always ends with `/`.
    pub base_url: String,
    pub description: String,
    pub language: String,
    /// The words of the theme and charts: the built-in translations of `language` (English
    /// when it has none) with the site's `strings:` on top.
    pub strings: crate::i18n::Strings,
    /// False when `language` has no built-in translations (the site then gets a warning).
    pub language_known: bool,
    /// Line and column of `language`, for that warning.
    pub language_at: (usize, usize),
    /// Display names of tags, by slug (`tags: {eu: European Union}`).
    pub tags: BTreeMap<String, String>,
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
    /// Warnings fail `build` and `check` as errors do (`--strict` for one run).
    pub strict: bool,
    /// Write the search index and page (`search-index/`, `/search/`); `false` leaves them out, and
    /// the index's cost with them.
    pub search: bool,
    /// Write every chart as a PNG too (`charts/<id>.png`) and give every brief, region and
    /// initiative page a share image (`og:image`); off by default, for its cost.
    pub share_images: bool,
    /// Briefs on one page of a list (all briefs, a tag, a region…).
    pub page_size: usize,
    /// The main menu, when the site sets one; `None` is the default menu.
    pub menu: Option<Vec<MenuEntry>>,
    /// A site path (a file of `static/`) or URL of the logo shown beside the title.
    pub logo: Option<String>,
    /// Link and accent colours (`#rrggbb`) for the light and the dark scheme, checked for
    /// contrast against the theme's backgrounds.
    pub accent: Option<String>,
    pub accent_dark: Option<String>,
    /// Footer text and links.
    pub footer_text: Option<String>,
    pub footer_links: Vec<(String, String)>,
    /// Passed to templates as `site.extra`, as written.
    pub extra: serde_json::Value,
    /// The CSL style citations are formatted in (`citations: {style: apa}`), a name checked
    /// against the bundled styles.
    pub citation_style: String,
    /// The line of `base_url` in dossier.yaml (0 when the key is absent), for warnings about it.
    pub base_url_line: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefs".into(),
            base_url: "/".into(),
            description: String::new(),
            language: "en".into(),
            strings: crate::i18n::Strings::english(),
            language_known: true,
            language_at: (0, 0),
            tags: BTreeMap::new(),
            theme: "default".into(),
            author: None,
            latest: 10,
            cname: None,
            indicators: BTreeMap::new(),
            raw_html: true,
            strict: false,
            search: true,
            share_images: false,
            page_size: 20,
            menu: None,
            logo: None,
            accent: None,
            accent_dark: None,
            footer_text: None,
            footer_links: Vec::new(),
            extra: serde_json::Value::Null,
            base_url_line: 0,
            citation_style: crate::bibliography::DEFAULT_STYLE.to_string(),
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
            let page_size = match map.get("page_size") {
                None => d.page_size,
                Some(v) => v.as_u64().filter(|n| (1..=10_000).contains(n)).ok_or_else(|| {
                    map.error("page_size", "`page_size` must be a whole number from 1 to 10000")
                        .with_hint("write for example `page_size: 20`")
                })? as usize,
            };
            let latest = match map.get("latest") {
                None => d.latest,
                Some(v) => v.as_u64().filter(|n| *n > 0).ok_or_else(|| {
                    map.error("latest", "`latest` must be a whole number above 0")
                        .with_hint("write for example `latest: 10`")
                })? as usize,
            };
            let language = map.opt_str("language")?.unwrap_or(d.language.clone());
            let builtin = crate::i18n::Strings::builtin(&language);
            let language_known = builtin.is_some();
            let strings = strings(&map, text, builtin.unwrap_or_default())?;
            Ok(Config {
                title: map.opt_str("title")?.unwrap_or(d.title.clone()),
                base_url,
                description: map.opt_str("description")?.unwrap_or_default(),
                language,
                strings,
                language_known,
                language_at: map.position("language"),
                tags: tag_names(&map, text)?,
                theme,
                author: map.opt_str("author")?,
                latest,
                cname: map.opt_str("cname")?,
                indicators: indicators(&map)?,
                raw_html: map.opt_bool("raw_html")?.unwrap_or(d.raw_html),
                strict: map.opt_bool("strict")?.unwrap_or(d.strict),
                search: map.opt_bool("search")?.unwrap_or(d.search),
                share_images: map.opt_bool("share_images")?.unwrap_or(d.share_images),
                page_size,
                menu: menu(&map, text)?,
                logo: map.opt_str("logo")?,
                accent: colour(&map, "accent", LIGHT_BG, "the white page")?,
                accent_dark: colour(&map, "accent_dark", DARK_BG, "the dark scheme's near-black page")?,
                footer_text: footer(&map)?.0,
                footer_links: footer(&map)?.1,
                extra: map.get("extra").map(|v| serde_json::to_value(v).unwrap_or_default()).unwrap_or_default(),
                citation_style: citation_style(&map)?,
                base_url_line: if map.has("base_url") { map.position("base_url").0 } else { 0 },
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

/// `citations: {style: chicago-author-date}`: the style must be one hayagriva bundles.
fn citation_style(map: &YamlMap) -> Result<String, Diagnostic> {
    let hint =
        "write for example `citations: {style: chicago-author-date}` (or `apa`, `ieee`, `harvard-cite-them-right`)";
    let Some(value) = map.get("citations") else { return Ok(crate::bibliography::DEFAULT_STYLE.to_string()) };
    let Some(m) = value.as_mapping() else {
        return Err(map.error("citations", "`citations` must be a mapping such as `{style: apa}`").with_hint(hint));
    };
    for k in m.keys() {
        let k = k.as_str().unwrap_or_default();
        if k != "style" {
            return Err(map.error("citations", format!("unknown key `{k}` in `citations`")).with_hint(hint));
        }
    }
    let Some(style) = value.get("style") else { return Ok(crate::bibliography::DEFAULT_STYLE.to_string()) };
    let Some(name) = style.as_str() else {
        return Err(map.error("citations", "`citations.style` must be the name of a style").with_hint(hint));
    };
    crate::bibliography::check_style(name)
        .map_err(|(problem, hint)| map.error("citations", problem).with_hint(hint))?;
    Ok(name.to_string())
}

/// A theme is a folder of `themes/`, named plainly: no separators, no `..`, nothing hidden.
fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// The default theme's backgrounds, which an accent colour must stand out against.
const LIGHT_BG: (u8, u8, u8) = (0xff, 0xff, 0xff);
const DARK_BG: (u8, u8, u8) = (0x13, 0x15, 0x18);

/// A `#rrggbb` colour for links and accents, with at least 4.5:1 contrast on `bg` (WCAG 2.1
/// AA for text: links are text).
fn colour(map: &YamlMap, key: &str, bg: (u8, u8, u8), against: &str) -> Result<Option<String>, Diagnostic> {
    let Some(text) = map.opt_str(key)? else { return Ok(None) };
    let rgb = parse_hex(&text).ok_or_else(|| {
        map.error(key, format!("`{key}` must be a colour written `#rrggbb`: `{text}`"))
            .with_hint(format!("write for example `{key}: \"#1a4d8f\"` (quoted: YAML reads `#` as a comment)"))
    })?;
    let ratio = contrast(rgb, bg);
    if ratio < 4.5 {
        return Err(map
            .error(key, format!("`{key}` {text} has a contrast of {ratio:.1}:1 against {against}; links need 4.5:1"))
            .with_hint(if bg == LIGHT_BG { "choose a darker colour" } else { "choose a lighter colour" }));
    }
    Ok(Some(text.to_ascii_lowercase()))
}

fn parse_hex(text: &str) -> Option<(u8, u8, u8)> {
    let hex = text.strip_prefix('#').filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))?;
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

/// WCAG 2.1 contrast ratio of two sRGB colours.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let lum = |(r, g, b): (u8, u8, u8)| {
        let ch = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

type Footer = (Option<String>, Vec<(String, String)>);

/// `footer: {text: "…", links: [{name, url}]}`.
fn footer(map: &YamlMap) -> Result<Footer, Diagnostic> {
    let hint = "write `footer:` with `text: ...` and `links: [{name: Contact, url: \"mailto:…\"}]`";
    let Some(value) = map.get("footer") else { return Ok((None, Vec::new())) };
    let text = value.get("text").and_then(|t| t.as_str()).map(str::to_string);
    let mut links = Vec::new();
    if let Some(list) = value.get("links") {
        let items =
            list.as_sequence().ok_or_else(|| map.error("footer", "`footer.links` must be a list").with_hint(hint))?;
        for item in items {
            match (item.get("name").and_then(|v| v.as_str()), item.get("url").and_then(|v| v.as_str())) {
                (Some(n), Some(u)) if !u.trim_start().to_ascii_lowercase().starts_with("javascript:") => {
                    links.push((n.to_string(), u.to_string()))
                }
                _ => return Err(map.error("footer", "every footer link needs a `name` and a `url`").with_hint(hint)),
            }
        }
    }
    Ok((text, links))
}

/// One entry of the main menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    pub target: MenuTarget,
    /// The label; each target has a default.
    pub name: Option<String>,
    /// Line and column of the entry in `dossier.yaml` (of `menu:`'s value for a flow list).
    pub at: (usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuTarget {
    /// `briefs`, `regions`, `initiatives`, `tags` or `authors`.
    List(String),
    /// A page of `pages/`, by slug.
    Page(String),
    Url(String),
}

/// The lists a menu entry may name.
pub const MENU_LISTS: &[&str] = &["briefs", "regions", "initiatives", "tags", "authors"];

/// Where each entry of the block list under the key at `line` starts: the line and column of
/// what follows its `-`. Empty for a flow list (`menu: [briefs, tags]`), whose entries share the key's line.
fn entry_lines(text: &str, line: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut indent = None;
    for (i, l) in text.lines().enumerate().skip(line) {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = l.len() - trimmed.len();
        // The list ends at the next key of the same level (a block list may sit at column 1).
        if at == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with('-') && *indent.get_or_insert(at) == at {
            let entry = trimmed[1..].trim_start();
            out.push((i + 1, l[..l.len() - entry.len()].chars().count() + 1));
        } else if indent.is_some_and(|d| at < d) {
            break;
        }
    }
    out
}

fn menu(map: &YamlMap, text: &str) -> Result<Option<Vec<MenuEntry>>, Diagnostic> {
    let hint =
        "write `menu:` followed by entries such as `- briefs`, `- page: about` or `- {name: Data, url: \"https://…\"}`";
    let items = match map.get("menu") {
        None | Some(serde_yaml::Value::Null) => return Ok(None),
        Some(serde_yaml::Value::Sequence(items)) => items,
        Some(_) => return Err(map.error("menu", "`menu` must be a list of entries").with_hint(hint)),
    };
    let key_at = map.position("menu");
    let lines = entry_lines(text, key_at.0);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = lines.get(i).copied().filter(|_| lines.len() == items.len()).unwrap_or(key_at);
        let bad = |what: String| {
            Diagnostic::error(&map.path, at.0, at.1, format!("menu entry {}: {what}", i + 1)).with_hint(hint)
        };
        let name = item.get("name").and_then(|v| v.as_str()).map(str::to_string);
        let target = if let Some(list) = item.as_str() {
            MenuTarget::List(list.to_string())
        } else if let Some(list) = item.get("list").and_then(|v| v.as_str()) {
            MenuTarget::List(list.to_string())
        } else if let Some(page) = item.get("page").and_then(|v| v.as_str()) {
            MenuTarget::Page(page.trim_matches('/').to_string())
        } else if let Some(url) = item.get("url").and_then(|v| v.as_str()) {
            if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:")) {
                return Err(bad(format!("`url` must be an http(s) or mailto address: `{url}`")));
            }
            if name.is_none() {
                return Err(bad("an entry with a `url` needs a `name`".into()));
            }
            MenuTarget::Url(url.to_string())
        } else {
            return Err(bad("name a list, a `page:` or a `url:`".into()));
        };
        if let MenuTarget::List(list) = &target
            && !MENU_LISTS.contains(&list.as_str())
        {
            let mut message = format!("`{list}` is not a list of the site (lists: {})", MENU_LISTS.join(", "));
            if let Some(s) = crate::diag::did_you_mean(list, MENU_LISTS.iter().copied()) {
                message.push_str(&format!("; did you mean `{s}`?"));
            }
            return Err(bad(message));
        }
        out.push(MenuEntry { target, name, at });
    }
    Ok(Some(out))
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

/// `strings: {regions: Provinces}`: the site's own words over the built-in translations. An
/// unknown key is an error at its line, with the closest key.
fn strings(map: &YamlMap, text: &str, mut strings: crate::i18n::Strings) -> Result<crate::i18n::Strings, Diagnostic> {
    use crate::i18n::BadString;
    let hint = "write `strings:` followed by indented lines such as `regions: Provinces`";
    let value = match map.get("strings") {
        None | Some(serde_yaml::Value::Null) => return Ok(strings),
        Some(serde_yaml::Value::Mapping(m)) => m,
        Some(_) => return Err(map.error("strings", "`strings` must be a mapping of key to text").with_hint(hint)),
    };
    let (line, _) = map.position("strings");
    for (k, v) in value {
        let key = k.as_str().unwrap_or_default();
        let at = nested_line(text, line, key);
        let err = |msg: String| Diagnostic::error(&map.path, at.0, at.1, msg);
        let Some(text) = v.as_str() else {
            return Err(err(format!("the string `{key}` must be text")).with_hint(hint));
        };
        match strings.set(key, text) {
            Ok(()) => {}
            Err(BadString::Unknown(close)) => {
                let hint = match close {
                    Some(c) => format!("did you mean `{c}`? the README's \"Languages\" lists every key"),
                    None => "the README's \"Languages\" lists every key".to_string(),
                };
                return Err(err(format!("unknown string `{key}` in `strings`")).with_hint(hint));
            }
            Err(BadString::DatePattern { allowed }) => {
                let names: Vec<String> = allowed.iter().map(|n| format!("{{{n}}}")).collect();
                return Err(err(format!("the date pattern `{key}` may use only {}", names.join(", ")))
                    .with_hint("write for example `date_day: \"{d} {month} {y}\"`"));
            }
            Err(BadString::Months) => {
                return Err(err(format!("`{key}` must hold twelve month names split by `|`")).with_hint(
                    "write for example `months_short: \"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec\"`",
                ));
            }
            Err(BadString::Placeholders { expected }) => {
                let names: Vec<String> = expected.iter().map(|n| format!("{{{n}}}")).collect();
                let hint = if names.is_empty() {
                    "write it without `{…}`".to_string()
                } else {
                    format!("keep {} in the text, where the value goes", names.join(", "))
                };
                return Err(err(format!(
                    "the string `{key}` must hold exactly {}",
                    if names.is_empty() { "no placeholder".into() } else { names.join(", ") }
                ))
                .with_hint(hint));
            }
        }
    }
    Ok(strings)
}

/// `tags: {eu: European Union}`: how tags are named on pages, by slug.
fn tag_names(map: &YamlMap, text: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
    let hint = "write `tags:` followed by indented lines of a tag's slug and its name, such as `eu: European Union`";
    let value = match map.get("tags") {
        None | Some(serde_yaml::Value::Null) => return Ok(BTreeMap::new()),
        Some(serde_yaml::Value::Mapping(m)) => m,
        Some(_) => return Err(map.error("tags", "`tags` must be a mapping of tag slug to name").with_hint(hint)),
    };
    let (line, _) = map.position("tags");
    let mut out = BTreeMap::new();
    for (k, v) in value {
        let key = k.as_str().unwrap_or_default();
        let at = nested_line(text, line, key);
        match v.as_str().map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) if crate::text::is_slug(key) => {
                out.insert(key.to_string(), name.to_string());
            }
            Some(_) => {
                return Err(Diagnostic::error(&map.path, at.0, at.1, format!("`{key}` in `tags` is not a tag's slug"))
                    .with_hint(format!("write the slug, as in the tag's URL: `{}`", crate::text::slugify(key))));
            }
            None => {
                return Err(Diagnostic::error(&map.path, at.0, at.1, format!("the tag `{key}` needs a name as text"))
                    .with_hint(hint));
            }
        }
    }
    Ok(out)
}

/// Line and column of `key` inside the mapping whose own key is on `line` of `text`: on one of
/// its indented lines, or in a flow mapping on the line itself (`strings: {regions: Provinces}`).
/// The mapping's line when the key cannot be found.
fn nested_line(text: &str, line: usize, key: &str) -> (usize, usize) {
    let mut lines = text.lines().enumerate().skip(line.saturating_sub(1));
    let is_key = |s: &str| {
        let s = s.trim_start_matches(['"', '\'']);
        s.strip_prefix(key).is_some_and(|r| r.trim_start_matches(['"', '\'']).trim_start().starts_with(':'))
    };
    if let Some((_, own)) = lines.next()
        && let Some(colon) = own.find(':')
    {
        let flow = &own[colon + 1..];
        for (pos, _) in flow.match_indices(key) {
            let before = flow[..pos].trim_end();
            if (before.ends_with('{') || before.ends_with(',')) && is_key(&flow[pos..]) {
                return (line, own[..colon + 1 + pos].chars().count() + 1);
            }
        }
    }
    for (i, l) in lines {
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !l.starts_with([' ', '\t']) {
            break;
        }
        if is_key(trimmed) {
            return (i + 1, l.len() - trimmed.len() + 1);
        }
    }
    (line, 1)
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
    /// Fail on warnings too (`--strict`).
    pub strict: bool,
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

    #[test]
    fn language_and_strings_set_the_words() {
        let c = Config::parse(Path::new("d.yaml"), "language: fr\nstrings:\n  regions: Provinces\n").unwrap();
        assert_eq!(c.strings.get("regions"), "Provinces");
        assert_eq!(c.strings.get("tags"), "Mots-clés");
        assert!(c.language_known);
        let c = Config::parse(Path::new("d.yaml"), "language: es\n").unwrap();
        assert!(!c.language_known && c.language_at == (1, 11));
        assert_eq!(c.strings.get("regions"), "Regions", "English, with a warning from the build");
        let c = Config::parse(Path::new("d.yaml"), "strings: {regions: Provinces, tags: Topics}\n").unwrap();
        assert_eq!((c.strings.get("regions"), c.strings.get("tags")), ("Provinces", "Topics"));
    }

    #[test]
    fn a_bad_string_is_an_error_at_its_line() {
        let text = "title: A\nstrings:\n  regions: Provinces\n  # a comment\n  regoins: Places\n";
        let err = Config::parse(Path::new("dossier.yaml"), text).unwrap_err().to_string();
        assert!(err.contains("dossier.yaml:5:3: error: unknown string `regoins` in `strings`"), "{err}");
        assert!(err.contains("did you mean `regions`?"), "{err}");
        let err = Config::parse(Path::new("d.yaml"), "strings: {tags: T, briefs_on: Notes}\n").unwrap_err().to_string();
        assert!(err.contains("d.yaml:1:20: error: the string `briefs_on` must hold exactly {name}"), "{err}");
        let err = Config::parse(Path::new("d.yaml"), "strings:\n  months: a|b\n").unwrap_err().to_string();
        assert!(err.contains("d.yaml:2:3: error: `months` must hold twelve month names"), "{err}");
    }

    #[test]
    fn tags_are_named_by_slug() {
        let c = Config::parse(Path::new("d.yaml"), "tags:\n  eu: European Union\n").unwrap();
        assert_eq!(c.tags["eu"], "European Union");
        let err = Config::parse(Path::new("d.yaml"), "tags:\n  Trade Policy: x\n").unwrap_err().to_string();
        assert!(err.contains("d.yaml:2:3: error: `Trade Policy` in `tags` is not a tag's slug"), "{err}");
        assert!(err.contains("`trade-policy`"), "{err}");
    }
}
