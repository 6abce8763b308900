use super::*;

/// Data files of no site: the charts of these tests hold their data inline.
static NO_DATA: std::sync::LazyLock<DataFiles> =
    std::sync::LazyLock::new(|| DataFiles::new(Path::new("/nonexistent"), Path::new("/nonexistent")));

/// The English words of the theme and the Markdown.
static ENGLISH: std::sync::LazyLock<crate::i18n::Strings> = std::sync::LazyLock::new(crate::i18n::Strings::english);

fn context<'a>(pages: &'a HashMap<String, String>, root: &'a Path, layout: &'a Layout) -> LinkContext<'a> {
    LinkContext {
        layout,
        root,
        root_real: root,
        pages,
        data: &NO_DATA,
        bibliography: None,
        own_bibliographies: None,
        strings: &ENGLISH,
    }
}

const BRIEF: Flavor = Flavor { extensions: true, charts: true, raw_html: true, citations: false };

fn render_in(root: &Path, text: &str, flavor: Flavor) -> Rendered {
    let mut pages = HashMap::new();
    pages.insert("briefs/other.md".to_string(), "briefs/other-slug/".to_string());
    pages.insert("briefs/regions/jilin.md".to_string(), "regions/jilin/".to_string());
    pages.insert("briefs/a.md".to_string(), "briefs/a/".to_string());
    let layout = Layout::new("/sub/");
    let mut reserved = IdMap::default();
    reserved.reserve("main");
    render(text, &root.join("briefs/a.md"), "briefs/a.md", 5, flavor, &context(&pages, root, &layout), &reserved)
}

fn render_brief(text: &str) -> Rendered {
    render_in(Path::new("/nonexistent"), text, BRIEF)
}

/// The body's HTML with `[figure N]` where each figure goes.
fn html(out: &Rendered) -> String {
    out.blocks
        .iter()
        .map(|b| match b {
            Block::Html(h) => h.clone(),
            Block::Figure(n) => format!("[figure {n}]"),
        })
        .collect()
}

fn errors(out: &Rendered) -> Vec<String> {
    out.diags.0.iter().map(|d| d.to_string()).collect()
}

#[test]
fn headings_get_stable_unique_ids() {
    let out = render_brief("## Trade & tariffs\n\n## Trade & tariffs\n\n### Custom {#mine}\n");
    let h = html(&out);
    assert!(h.contains(r#"<h2 id="trade-tariffs">Trade &amp; tariffs</h2>"#), "{h}");
    assert!(h.contains(r#"<h2 id="trade-tariffs-1">"#));
    assert!(h.contains(r#"<h3 id="mine">Custom</h3>"#));
    assert_eq!(out.headings.len(), 3);
}

#[test]
fn links_to_content_files_become_page_urls_under_the_base_path() {
    let out = render_brief("[o](other.md#x) [j](regions/jilin.md) [r](/regions/) [e](https://e.org) [m](missing.md)\n");
    let h = html(&out);
    assert!(h.contains(r#"href="/sub/briefs/other-slug/#x""#), "{h}");
    assert!(h.contains(r#"href="/sub/regions/jilin/""#));
    assert!(h.contains(r#"href="/sub/regions/""#));
    assert!(h.contains(r#"href="https://e.org""#));
    assert_eq!(out.links[4].kind, LinkKind::Missing);
    assert_eq!((out.links[4].line, out.links[4].column), (5, 73));
}

#[test]
fn page_relative_links_resolve_against_the_page_url() {
    let out = render_brief("[r](../../regions/rason/#history) [b](../b/)\n");
    let h = html(&out);
    assert!(h.contains(r#"href="/sub/regions/rason/#history""#), "{h}");
    assert!(h.contains(r#"href="/sub/briefs/b/""#), "{h}");
    assert_eq!(out.links[0].kind, LinkKind::Site { path: "regions/rason/".into(), fragment: Some("history".into()) });
}

#[test]
fn autolinked_addresses_stay_mail_links() {
    let out = render_brief("Write to <foo@bar.example.com>.\n");
    assert!(html(&out).contains(r#"href="mailto:foo@bar.example.com""#), "{}", html(&out));
    assert_eq!(out.links[0].kind, LinkKind::External);
}

#[test]
fn chart_fences_are_lifted_out_as_figure_blocks() {
    let text = "Intro\n\n```chart\nid: c1\ntitle: T\nsource: S\ndata: |\n  year, a\n  2019, 3\n```\n\nAfter\n";
    let out = render_brief(text);
    assert_eq!(html(&out), "<p>Intro</p>\n[figure 0]<p>After</p>\n");
    assert_eq!(out.figures[0].id, "c1");
    let bad = render_brief(&text.replace("2019, 3", "2019, x"));
    assert!(bad.figures.is_empty() && !html(&bad).contains("[figure"));
    let err = bad.diags.0[0].to_string();
    assert!(err.contains("briefs/a.md:13:9: error: `x` in column `a` is not a number"), "{err}");
}

/// A NUL in raw HTML was once taken for the figure mark: the text after it vanished, or a
/// figure landed inside the `<div>`.
#[test]
fn a_nul_byte_is_text_not_a_mark() {
    let text = "<div>a\0b</div>\n\n```chart\nid: c1\ntitle: T\nsource: S\ndata: |\n  year, a\n  2019, 3\n```\n";
    let out = render_brief(text);
    assert_eq!(html(&out), "<div>a\u{FFFD}b</div>\n[figure 0]");
}

#[test]
fn a_body_h1_moves_every_heading_down_a_level() {
    let out = render_brief("# Part\n\n## Section\n");
    assert!(html(&out).contains(r#"<h2 id="part">Part</h2>"#), "{}", html(&out));
    assert!(html(&out).contains(r#"<h3 id="section">Section</h3>"#));
    assert_eq!(out.headings[1].level, 3);
}

#[test]
fn extensions_are_on_for_briefs() {
    let out = render_brief("a | b\n--|--\n1 | 2\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: Note.\n");
    let h = html(&out);
    assert!(h.contains(r#"<div class="table-wrap" role="region" tabindex="0" aria-label="Table"><table>"#));
    assert!(h.contains("<del>old</del>"));
    assert!(h.contains("“quoted”"));
    assert!(h.contains(r##"<a href="#fn-1" id="fnref-1" aria-label="Note 1">1</a>"##), "{h}");
    assert!(
        h.contains(r##"<div class="footnote-definition" id="fn-1"><a class="footnote-label" href="#fnref-1""##),
        "{h}"
    );
}

/// Every id of a page comes from one map: headings, footnotes, figures and the theme's own ids
/// never collide (the three collisions of issue 10, and more).
#[test]
fn ids_never_collide_on_a_page() {
    let chart = "```chart\nid: trade\ntitle: T\nsource: S\ndata: |\n  year, a\n  2019, 3\n```\n";
    let text = format!(
        "## FN 1\n\nA[^1] b[^a b] c[^a-b] d[^1]\n\n## Fig Trade\n\n## Main\n\n## Trade title\n\n{chart}\n\
         <p id=\"raw\">x</p>\n\n## Raw\n\n[^1]: One.\n[^a b]: Two.\n[^a-b]: Three.\n"
    );
    let out = render_brief(&text);
    assert!(out.diags.is_empty(), "{:?}", errors(&out));
    let h = html(&out);
    let ids: Vec<&str> = h
        .match_indices(" id=\"")
        .map(|(i, _)| {
            let rest = &h[i + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let mut all: Vec<&str> = ids.clone();
    all.extend(["main", "fig-trade", "fig-trade-tcap", "trade-title", "trade-desc"]);
    let unique: std::collections::HashSet<&&str> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "duplicate ids in {all:?}");
    assert!(h.contains(r#"<h2 id="fn-1-1">FN 1</h2>"#), "{h}");
    assert!(h.contains(r#"<h2 id="fig-trade-1">Fig Trade</h2>"#), "{h}");
    assert!(h.contains(r#"<h2 id="main-1">Main</h2>"#), "{h}");
    assert!(h.contains(r#"<h2 id="trade-title-1">"#), "{h}");
    assert!(h.contains(r#"<h2 id="raw-1">Raw</h2>"#), "{h}");
    assert!(h.contains(r#"id="fn-a-b""#) && h.contains(r#"id="fn-a-b-1""#), "{h}");
    assert!(
        h.contains(r#"id="fnref-1""#) && h.contains(r#"id="fnref-1-1""#),
        "a second reference gets its own id: {h}"
    );
    for id in ["fn-1", "fn-a-b", "fn-a-b-1", "fnref-1", "fnref-1-1", "fig-trade", "fn-1-1", "raw"] {
        assert!(out.ids.iter().any(|i| i == id), "{id} missing from {:?}", out.ids);
    }
}

#[test]
fn heading_attributes_take_ids_and_classes_only() {
    let out = render_brief("## H {#h .wide onclick=alert(3)}\n");
    assert!(!html(&out).contains("onclick"), "{}", html(&out));
    assert!(html(&out).contains(r#"<h2 id="h" class="wide">"#), "{}", html(&out));
    let err = &errors(&out)[0];
    assert!(err.contains("briefs/a.md:5:1: error: heading attribute `onclick` is not allowed"), "{err}");
}

#[test]
fn script_schemes_are_refused() {
    for dest in ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:x", "vbscript:x", "data:text/html,hi"] {
        let out = render_brief(&format!("[x](<{dest}>)\n"));
        let errs = errors(&out);
        assert_eq!(errs.len(), 1, "{dest}: {errs:?}");
        assert!(errs[0].contains("briefs/a.md:5:1: error: link `"), "{}", errs[0]);
        assert!(errs[0].contains("scheme"), "{}", errs[0]);
        assert_eq!(out.links[0].kind, LinkKind::Refused);
    }
    let ok = render_brief("![i](data:image/png;base64,AAAA) [m](mailto:a@b.org)\n");
    assert!(ok.diags.is_empty(), "{:?}", errors(&ok));
}

#[test]
fn raw_html_passes_or_is_escaped_by_the_switch() {
    let text = "<script>alert(1)</script>\n\nA <b>bold</b> word.\n";
    assert!(html(&render_brief(text)).contains("<script>alert(1)</script>"));
    let escaped = html(&render_in(Path::new("/nonexistent"), text, Flavor { raw_html: false, ..BRIEF }));
    assert!(!escaped.contains("<script") && !escaped.contains("<b>"), "{escaped}");
    assert!(
        escaped.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && escaped.contains("&lt;b&gt;bold"),
        "{escaped}"
    );
}

/// A site on disk for the link tests: a brief, an image beside it, a static file, secrets.
fn site_on_disk(tag: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("dossier-md-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["briefs/img", "static/img", ".git", "briefs/.hidden", "notes"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    for file in [
        "briefs/img/map.png",
        "static/img/logo.png",
        ".git/config",
        ".env",
        "briefs/.hidden/x.png",
        "notes/n.txt",
        "dossier.yaml",
    ] {
        std::fs::write(root.join(file), "x").unwrap();
    }
    root.canonicalize().unwrap()
}

#[test]
fn only_files_inside_the_content_folders_are_published() {
    let root = site_on_disk("links");
    let outside = root.with_file_name(format!("{}-secret.txt", root.file_name().unwrap().to_str().unwrap()));
    std::fs::write(&outside, "secret").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/proc/self/environ", root.join("briefs/env")).unwrap();
        std::os::unix::fs::symlink(root.join("briefs/img/map.png"), root.join("briefs/inside.png")).unwrap();
    }
    let ok = render_in(&root, "![m](img/map.png) ![l](../static/img/logo.png) ![i](inside.png)\n", BRIEF);
    assert!(ok.diags.is_empty(), "{:?}", errors(&ok));
    let h = html(&ok);
    assert!(h.contains(r#"src="/sub/media/img/map.png""#) && h.contains(r#"src="/sub/img/logo.png""#), "{h}");
    assert_eq!(ok.assets.len(), 2, "the briefs' files are copied, static ones are published anyway");
    let name = outside.file_name().unwrap().to_str().unwrap().to_string();
    let cases = [
        ("[x](../.git/config)", "outside the folders dossier publishes from"),
        ("[x](../.env)", "outside the folders"),
        ("[x](.hidden/x.png)", "hidden file"),
        ("[x](../notes/n.txt)", "outside the folders"),
        ("[x](../dossier.yaml)", "outside the folders"),
        (&format!("[x](../../{name})"), "outside the site's folder"),
        #[cfg(unix)]
        ("[e](env)", "symbolic link"),
    ];
    for (link, problem) in cases {
        let out = render_in(&root, &format!("{link}\n"), BRIEF);
        let errs = errors(&out);
        assert_eq!(errs.len(), 1, "{link}: {errs:?}");
        assert!(errs[0].contains(":5:1: error: link `") && errs[0].contains(problem), "{link}: {}", errs[0]);
        assert!(out.assets.is_empty(), "{link} must not be copied");
    }
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_file(&outside);
}

/// Runs the 655 examples of the CommonMark spec through the same pipeline the build uses,
/// with the extensions off (they change the output of some examples by design).
#[test]
fn commonmark_spec_examples() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/commonmark/spec.txt")).unwrap();
    let pages = HashMap::new();
    let layout = Layout::new("/");
    let root = Path::new("/nonexistent");
    let ctx = LinkContext {
        layout: &layout,
        root,
        root_real: root,
        pages: &pages,
        data: &NO_DATA,
        bibliography: None,
        own_bibliographies: None,
        strings: &ENGLISH,
    };
    let flavor = Flavor { extensions: false, charts: false, raw_html: true, citations: false };
    let fence = "`".repeat(32);
    let mut failures = Vec::new();
    let mut count = 0;
    let mut rest = spec.as_str();
    while let Some(start) = rest.find(&format!("{fence} example\n")) {
        let after = &rest[start + fence.len() + 9..];
        let end = after.find(&format!("\n{fence}")).unwrap();
        let example = &after[..end + 1];
        rest = &after[end + fence.len() + 1..];
        let (input, expected) = example.split_once("\n.\n").map(|(a, b)| (format!("{a}\n"), b)).unwrap_or_else(|| {
            let (a, b) = example.split_once(".\n").unwrap();
            (a.to_string(), b)
        });
        let input = input.replace('→', "\t");
        let input = if input == "\n" { String::new() } else { input };
        let expected = expected.replace('→', "\t");
        count += 1;
        let out = render(&input, Path::new("spec.md"), "spec.md", 1, flavor, &ctx, &IdMap::default());
        if normalize(&strip_heading_ids(&html(&out))) != normalize(&expected) {
            failures.push(count);
        }
    }
    assert_eq!(count, 655, "the spec should hold 655 examples");
    assert!(failures.is_empty(), "{} of {count} examples differ: {:?}", failures.len(), failures);
}

/// The spec's own test runner compares HTML after normalizing it; this does the two parts of
/// that normalization our output needs: `"` and `&quot;` are the same character in text, and
/// a line break right after `<li>` is insignificant whitespace.
fn normalize(html: &str) -> String {
    html.replace("&quot;", "\"").replace("<li>\n", "<li>")
}

/// Heading ids are dossier's addition; the spec's expected HTML has none.
fn strip_heading_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        let tag_end = rest[i..].find('>').map(|e| i + e).unwrap_or(rest.len());
        let tag = &rest[i..tag_end];
        let is_heading = tag.len() >= 3 && tag.as_bytes()[2].is_ascii_digit();
        out.push_str(&rest[..i]);
        match (is_heading, tag.find(" id=\"")) {
            (true, Some(p)) => {
                let close = tag[p + 5..].find('"').map(|c| p + 5 + c + 1).unwrap_or(tag.len());
                out.push_str(&tag[..p]);
                out.push_str(&tag[close..]);
            }
            _ => out.push_str(tag),
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}
