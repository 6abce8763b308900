//! Property tests of the whole brief, from bytes to HTML, through the library as a build runs
//! it: whatever the bytes, no panic; a build that succeeds writes well-formed SVG and XML; a
//! build that fails names places inside the file. Cases are made of the pieces authors write
//! (front matter, headings, links, chart blocks with their CSV) mixed with arbitrary text.
//!
//! `cargo test` runs 64 cases; `PROPTEST_CASES=10000 cargo test --release --test testsuite
//! proptests` runs as many as asked.

use std::path::{Path, PathBuf};

use dossier::config::BuildOptions;
use dossier::write::MemorySink;
use proptest::prelude::*;

use crate::util::Temp;

/// The number of cases: `PROPTEST_CASES` when set, else `default`.
pub fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{0,12}",
        Just("\"quoted: text\"".to_string()),
        Just("[a, b]".to_string()),
        Just("2021-02-30".to_string()),
        Just("2021-03-01".to_string()),
        Just("jilin, yanbian".to_string()),
        Just("\"\\a bell\"".to_string()),
        Just("{x: 1}".to_string()),
        Just("5".to_string()),
        Just("& < > ' \"".to_string()),
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("title"),
        Just("date"),
        Just("summary"),
        Just("regions"),
        Just("tags"),
        Just("slug"),
        Just("authors"),
        Just("draft"),
        Just("updated"),
        Just("titel"),
    ];
    (prop::collection::vec((key, scalar()), 0..6), any::<bool>()).prop_map(|(pairs, good)| {
        let mut fm = String::from("---\n");
        if good {
            fm.push_str("title: A brief\ndate: 2021-03-01\n");
        }
        for (k, v) in pairs {
            if !good || !matches!(k, "title" | "date") {
                fm.push_str(&format!("{k}: {v}\n"));
            }
        }
        fm.push_str("---\n");
        fm
    })
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1e6f64..1e6).prop_map(|v| format!("{v:.2}")),
        (1990u32..2030).prop_map(|y| y.to_string()),
        Just(String::new()),
        Just("NaN".to_string()),
        Just("1e308".to_string()),
        Just("-inf".to_string()),
        Just("\"a, b\"".to_string()),
        Just("33%".to_string()),
        "[a-z]{1,6}",
    ]
}

fn chart() -> impl Strategy<Value = String> {
    let kind =
        prop_oneof![Just("line"), Just("bar"), Just("hbar"), Just("stacked"), Just("area"), Just("table"), Just("pie")];
    (kind, 1usize..5, prop::collection::vec(prop::collection::vec(cell(), 1..6), 0..8), 0usize..3, any::<u8>())
        .prop_map(|(kind, series, rows, indent, id)| {
            let pad = " ".repeat(indent);
            let mut c = format!("```chart\nid: c{id}\ntitle: T\ntype: {kind}\nsource: S\ndata: |\n{pad}x");
            for s in 0..series {
                c.push_str(&format!(", s{s}"));
            }
            c.push('\n');
            for row in rows {
                c.push_str(&pad);
                c.push_str(&row.join(", "));
                c.push('\n');
            }
            c.push_str("```\n");
            c
        })
}

fn body_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z .,]{0,40}\n".prop_map(|s| s),
        Just("## Heading\n".to_string()),
        Just("## Heading {#main}\n".to_string()),
        Just("[a link](other.md#x) and <me@example.com>\n".to_string()),
        Just("[bad](javascript:alert(1))\n".to_string()),
        Just("![img](missing.png)\n".to_string()),
        Just("> quote\n>> deeper\n".to_string()),
        Just("```chart\nid: open\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("<div id=\"x\">raw</div>\n".to_string()),
        Just("[^1]\n\n[^1]: note\n".to_string()),
        chart(),
        any::<String>().prop_map(|s| s.chars().take(20).collect()),
    ]
}

/// A chart that should draw: one row per year, numbers of any sign and size a statistic has,
/// gaps, any type, any text in its title and series names.
fn drawable_chart() -> impl Strategy<Value = String> {
    let kind = prop_oneof![Just("line"), Just("bar"), Just("hbar"), Just("stacked"), Just("area"), Just("table")];
    let value = prop_oneof![
        4 => (-1e9f64..1e9).prop_map(|v| format!("{v}")),
        1 => Just(String::new()),
        1 => (-1e18f64..1e18).prop_map(|v| format!("{v:e}")),
        1 => Just("0".to_string()),
    ];
    let name = "[a-zA-Z<>&\"' ]{1,8}".prop_map(|s| s.replace(['"', ','], "").trim().to_string());
    (kind, prop::collection::vec(name, 1..5), 1usize..12, prop::collection::vec(value, 60), "[ -~吉林ö]{0,30}")
        .prop_map(|(kind, names, rows, values, title)| {
            let names: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| if n.is_empty() { format!("s{i}") } else { format!("{n} {i}") })
                .collect();
            let title = if title.trim().is_empty() { "T".to_string() } else { title.replace(['\'', '"', '\\'], "") };
            let mut c = format!(
                "```chart\nid: d{}\ntitle: '{}'\ntype: {kind}\nsource: S\ndata: |\n  x, {}\n",
                rows,
                title,
                names.join(", ")
            );
            for r in 0..rows {
                let cells: Vec<&str> = (0..names.len()).map(|s| values[(r * 5 + s) % values.len()].as_str()).collect();
                c.push_str(&format!("  {}, {}\n", 1990 + r, cells.join(", ")));
            }
            c.push_str("```\n\n");
            c
        })
}

fn brief() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => "[a-zA-Z .,<>&]{0,40}\n".prop_map(|s| format!("{s}\n")),
        1 => Just("## Heading\n\n".to_string()),
        1 => Just("[a link](other.md#x) and <me@example.com>\n\n".to_string()),
        2 => drawable_chart(),
    ];
    prop_oneof![
        3 => (prop::collection::vec(piece, 0..8), any::<bool>()).prop_map(|(body, crlf)| {
            // Chart ids unique in the page: the n-th chart is `d<n>-…`.
            let body: String = body.iter().enumerate().map(|(i, p)| p.replacen("id: d", &format!("id: d{i}-"), 1)).collect();
            let text = format!("---\ntitle: A brief\ndate: 2021-03-01\nregions: [jilin]\n---\n\n{body}");
            if crlf { text.replace('\n', "\r\n").into_bytes() } else { text.into_bytes() }
        }),
        3 => (front_matter(), prop::collection::vec(body_piece(), 0..8), any::<bool>(), any::<bool>()).prop_map(
            |(fm, body, bom, crlf)| {
                let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
                text.push_str(&fm);
                text.push_str(&body.concat());
                if crlf { text.replace('\n', "\r\n").into_bytes() } else { text.into_bytes() }
            }
        ),
        1 => prop::collection::vec(any::<u8>(), 0..200),
    ]
}

/// One site on disk for all cases; each case rewrites its brief.
struct Site {
    _tmp: Temp,
    root: PathBuf,
}

impl Site {
    fn new() -> Site {
        let tmp = Temp::new("proptest");
        let root = tmp.path().to_path_buf();
        std::fs::create_dir_all(root.join("briefs/regions")).unwrap();
        std::fs::write(root.join("dossier.yaml"), "title: P\nbase_url: https://example.org/\n").unwrap();
        std::fs::write(root.join("briefs/regions/jilin.md"), "---\nname: Jilin\n---\n").unwrap();
        std::fs::write(root.join("briefs/other.md"), "---\ntitle: Other\ndate: 2020-01-01\n---\n\n## X\n").unwrap();
        Site { _tmp: tmp, root }
    }
}

/// A region description: any front matter of a region (a parent that may be itself or lead
/// back through `jilin`, whose parent is `yanbian`) and a body of the same pieces as a brief's.
fn region() -> impl Strategy<Value = Vec<u8>> {
    let parent = prop_oneof![18 => Just(""), 1 => Just("parent: jilin\n"), 1 => Just("parent: yanbian\n"), 1 => Just("parent: 5\n")];
    let name = prop_oneof![
        18 => Just("name: Yanbian\n".to_string()),
        1 => Just(String::new()),
        2 => scalar().prop_map(|s| format!("name: {s}\n")),
    ];
    let body = prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(body_piece(), 0..4)];
    (name, parent, body)
        .prop_map(|(name, parent, body)| format!("---\n{name}{parent}---\n{}", body.concat()).into_bytes())
}

/// How many cases built (the rest failed with errors), printed at the end so that a change of
/// the strategies that makes every case fail is seen.
static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Builds the site with `files` (path under the site, bytes) written, and checks the result.
fn check_site(site: &Site, files: &[(&str, &[u8])]) -> Result<(), TestCaseError> {
    for (rel, bytes) in files {
        std::fs::write(site.root.join(rel), bytes).unwrap();
    }
    let options = BuildOptions {
        root: site.root.clone(),
        output: site.root.join("output"),
        drafts: true,
        base_url: None,
        force: false,
        strict: false,
    };
    let sink = MemorySink::default();
    match dossier::build_into(&options, &sink) {
        Ok(_) => {
            BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            for (name, bytes) in sink.into_files() {
                if name.ends_with(".svg") || name.ends_with(".xml") {
                    let text = String::from_utf8(bytes.clone())
                        .map_err(|_| TestCaseError::fail(format!("{name}: not UTF-8")))?;
                    roxmltree::Document::parse(&text)
                        .map_err(|e| TestCaseError::fail(format!("{name} is not well-formed: {e}\n{text}")))?;
                }
                if name.ends_with(".html") {
                    let html = String::from_utf8_lossy(&bytes);
                    for svg in inline_svgs(&html) {
                        roxmltree::Document::parse(svg)
                            .map_err(|e| TestCaseError::fail(format!("an inline SVG of {name}: {e}\n{svg}")))?;
                    }
                }
            }
        }
        Err(diags) => {
            prop_assert!(diags.has_errors());
            for d in &diags.0 {
                let shown = d.path.strip_prefix(&site.root).unwrap_or(&d.path).to_path_buf();
                prop_assert!(shown.is_relative(), "{d}");
                let Some((_, bytes)) = files.iter().find(|(rel, _)| shown == Path::new(rel)) else { continue };
                if d.line == 0 {
                    continue;
                }
                let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n").replace('\r', "\n");
                let lines: Vec<&str> = text.split('\n').collect();
                prop_assert!(d.line <= lines.len(), "line past the end of the file: {d}");
                let width = lines[d.line - 1].chars().count();
                prop_assert!(d.column >= 1 && d.column <= width + 1, "column past the end of line {}: {d}", d.line);
            }
        }
    }
    Ok(())
}

/// The `<svg …>…</svg>` elements of a page (charts are drawn inline).
fn inline_svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let Some(end) = rest[start..].find("</svg>") else { break };
        out.push(&rest[start..start + end + 6]);
        rest = &rest[start + end + 6..];
    }
    out
}

#[test]
fn any_brief_builds_well_formed_output_or_fails_inside_the_file() {
    let site = Site::new();
    std::fs::write(site.root.join("briefs/regions/jilin.md"), "---\nname: Jilin\nparent: yanbian\n---\n").unwrap();
    proptest!(cases(64), |(brief in brief(), region in region())| {
        check_site(&site, &[("briefs/a.md", &brief), ("briefs/regions/yanbian.md", &region)])?;
    });
    let built = BUILT.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!("whole briefs: {built} of the cases built, the rest failed with located errors");
    assert!(built > 0, "no case built: the strategies make only broken sites");
}
