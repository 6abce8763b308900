use super::*;

fn context<'a>(pages: &'a HashMap<String, String>, root: &'a Path) -> LinkContext<'a> {
    LinkContext { base_path: "/sub/", root, pages }
}

fn render_brief(text: &str) -> Rendered {
    let mut pages = HashMap::new();
    pages.insert("briefs/other.md".to_string(), "briefs/other-slug/".to_string());
    pages.insert("briefs/regions/jilin.md".to_string(), "regions/jilin/".to_string());
    pages.insert("briefs/a.md".to_string(), "briefs/a/".to_string());
    let root = Path::new("/nonexistent");
    render(
        text,
        Path::new("briefs/a.md"),
        "briefs/a.md",
        5,
        Flavor { extensions: true, charts: true },
        &context(&pages, root),
    )
}

#[test]
fn headings_get_stable_unique_ids() {
    let out = render_brief("## Trade & tariffs\n\n## Trade & tariffs\n\n### Custom {#mine}\n");
    assert!(out.html.contains(r#"<h2 id="trade-tariffs">Trade &amp; tariffs</h2>"#), "{}", out.html);
    assert!(out.html.contains(r#"<h2 id="trade-tariffs-1">"#));
    assert!(out.html.contains(r#"<h3 id="mine">Custom</h3>"#));
    assert_eq!(out.headings.len(), 3);
}

#[test]
fn links_to_content_files_become_page_urls_under_the_base_path() {
    let out = render_brief("[o](other.md#x) [j](regions/jilin.md) [r](/regions/) [e](https://e.org) [m](missing.md)\n");
    assert!(out.html.contains(r#"href="/sub/briefs/other-slug/#x""#), "{}", out.html);
    assert!(out.html.contains(r#"href="/sub/regions/jilin/""#));
    assert!(out.html.contains(r#"href="/sub/regions/""#));
    assert!(out.html.contains(r#"href="https://e.org""#));
    assert_eq!(out.links[4].kind, LinkKind::Missing);
    assert_eq!((out.links[4].line, out.links[4].column), (5, 73));
}

#[test]
fn page_relative_links_resolve_against_the_page_url() {
    let out = render_brief("[r](../../regions/rason/#history) [b](../b/)\n");
    assert!(out.html.contains(r#"href="/sub/regions/rason/#history""#), "{}", out.html);
    assert!(out.html.contains(r#"href="/sub/briefs/b/""#), "{}", out.html);
    assert_eq!(out.links[0].kind, LinkKind::Site { path: "regions/rason/".into(), fragment: Some("history".into()) });
}

#[test]
fn chart_fences_are_lifted_out_with_file_lines() {
    let text = "Intro\n\n```chart\nid: c1\ntitle: T\nsource: S\ndata: |\n  year, a\n  2019, x\n```\n\nAfter\n";
    let out = render_brief(text);
    assert!(out.html.contains(FIGURE_MARK));
    assert!(!out.html.contains("<code"));
    let err = out.diags.0[0].to_string();
    assert!(err.starts_with("briefs/a.md:13:9: error: `x` in column `a` is not a number"), "{err}");
}

#[test]
fn a_body_h1_moves_every_heading_down_a_level() {
    let out = render_brief("# Part\n\n## Section\n");
    assert!(out.html.contains(r#"<h2 id="part">Part</h2>"#), "{}", out.html);
    assert!(out.html.contains(r#"<h3 id="section">Section</h3>"#));
    assert_eq!(out.headings[1].level, 3);
}

#[test]
fn extensions_are_on_for_briefs() {
    let out = render_brief("a | b\n--|--\n1 | 2\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: Note.\n");
    assert!(out.html.contains(r#"<div class="table-wrap" role="region" tabindex="0" aria-label="Table"><table>"#));
    assert!(out.html.contains("<del>old</del>"));
    assert!(out.html.contains("“quoted”"));
    assert!(out.html.contains(r##"<a href="#fn-1" id="fnref-1" aria-label="Note 1">1</a>"##), "{}", out.html);
    assert!(out.html.contains(r#"<div class="footnote-definition" id="fn-1">"#));
}

/// Runs the 655 examples of the CommonMark spec through the same pipeline the build uses,
/// with the extensions off (they change the output of some examples by design).
#[test]
fn commonmark_spec_examples() {
    let spec = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/commonmark/spec.txt")).unwrap();
    let pages = HashMap::new();
    let ctx = LinkContext { base_path: "/", root: Path::new("/nonexistent"), pages: &pages };
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
        let out = render(&input, Path::new("spec.md"), "spec.md", 1, Flavor { extensions: false, charts: false }, &ctx);
        if normalize(&strip_heading_ids(&out.html)) != normalize(&expected) {
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
