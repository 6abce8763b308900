//! Charts through the whole build: a snapshot of the SVG of each chart type (the same files
//! the README shows), escaping of content in SVG, and the figure markup around each chart.
//! Set `UPDATE_SNAPSHOTS=1` to rewrite the snapshots after an intended change, and look at them.

use crate::util::*;

const TYPES: [&str; 5] = ["line", "bar", "hbar", "stacked", "area"];

#[test]
fn each_chart_type_matches_its_snapshot() {
    let tmp = Temp::new("gallery");
    build(&fixture("gallery"), tmp.path(), &[]);
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut changed = Vec::new();
    for kind in TYPES {
        let svg = read(tmp.path().join(format!("charts/{kind}.svg")));
        assert!(
            svg.contains(r#"role="img""#) && svg.contains(&format!(r#"aria-labelledby="{kind}-title {kind}-desc""#))
        );
        let snapshot = repo().join(format!("docs/charts/{kind}.svg"));
        if update {
            std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
            std::fs::write(&snapshot, &svg).unwrap();
        } else if std::fs::read_to_string(&snapshot).ok().as_deref() != Some(svg.as_str()) {
            changed.push(kind);
        }
    }
    assert!(changed.is_empty(), "charts differ from docs/charts/*.svg: {changed:?} (UPDATE_SNAPSHOTS=1 to accept)");
}

#[test]
fn a_figure_has_caption_table_and_downloads() {
    let tmp = Temp::new("figure");
    build(&fixture("gallery"), tmp.path(), &[]);
    let html = read(tmp.path().join("briefs/gallery/index.html"));
    let start = html.find(r#"id="fig-line""#).unwrap();
    let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
    for part in [
        "<svg",
        "<figcaption",
        "% of GDP",
        "The Pacific Review",
        "<details",
        "<table",
        "2019",
        "/charts/line.csv",
        "/charts/line.svg",
    ] {
        assert!(figure.contains(part), "the figure lacks {part}");
    }
    let table = &html[html.find(r#"id="fig-table""#).unwrap()..];
    let table = &table[..table.find("</figure>").unwrap()];
    assert!(
        !table.contains("<svg") && table.contains("<table") && table.contains("18.9"),
        "a table chart is only a table"
    );
    let csv = read(tmp.path().join("charts/line.csv"));
    assert_eq!(csv.lines().next(), Some("year,Jilin,Neighbours' share of trade"));
    assert!(csv.contains("2003,,\n"), "missing values stay empty in CSV: {csv}");
}

#[test]
fn content_is_escaped_in_svg_and_html() {
    let tmp = Temp::new("escape");
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("briefs")).unwrap();
    let evil = "</text><script>alert(1)</script>";
    std::fs::write(
        site.join("briefs/x.md"),
        format!(
            "---\ntitle: \"{evil}\"\ndate: 2021-01-01\n---\n\n```chart\nid: evil\ntitle: \"{evil}\"\nsource: \"<b>{evil}\"\ntype: bar\ndata: |\n  x, \"{evil}\"\n  \"<i>a</i>\", 1\n```\n"
        ),
    )
    .unwrap();
    build(&site, &tmp.path().join("out"), &[]);
    for file in ["charts/evil.svg", "briefs/x/index.html", "index.html"] {
        let text = read(tmp.path().join("out").join(file));
        assert!(!text.contains("<script>"), "{file} lets a script through");
        assert!(!text.contains("<i>a</i>") && !text.contains("<b>"), "{file} lets markup through");
        assert!(text.contains("&lt;/text&gt;&lt;script&gt;"), "{file} shows the title as text");
    }
}
