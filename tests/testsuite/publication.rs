//! Issue 14, "A whole publication": lists cut into pages, standalone pages and menus, authors,
//! related briefs.

use std::path::Path;

use crate::util::*;

/// A site of `n` briefs, each on one of three regions and two tags, a chart each on region
/// `r0`'s indicator.
fn generated_site(root: &Path, n: usize) {
    std::fs::create_dir_all(root.join("briefs/regions")).unwrap();
    std::fs::write(root.join("dossier.yaml"), "title: Generated\nbase_url: https://example.org/gen/\n").unwrap();
    std::fs::write(root.join("briefs/regions/r0.md"), "---\nname: Region Zero\n---\nAbout region zero.\n").unwrap();
    for i in 0..n {
        let (year, month, day) = (2000 + i / 336, 1 + (i / 28) % 12, 1 + i % 28);
        let text = format!(
            "---\ntitle: Brief {i}\ndate: {year}-{month:02}-{day:02}\nsummary: Summary {i}.\nregions: [r{}]\ntags: [t{}]\n---\n\n\
             Text of brief {i}.\n\n```chart\nid: c{i}\ntitle: Chart {i}\nsource: Yearbook\nindicator: share\ndata: |\n  year, r{}\n  {}, {}\n```\n",
            i % 3,
            i % 2,
            i % 3,
            1000 + i,
            i % 7
        );
        std::fs::write(root.join(format!("briefs/b{i:04}.md")), text).unwrap();
    }
}

#[test]
fn every_list_is_cut_into_pages_with_links_between_them() {
    let tmp = Temp::new("pages");
    let site = tmp.path().join("site");
    generated_site(&site, 1000);
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    // 1,000 briefs at 20 a page: 50 pages, page 1 at the list's own URL.
    assert!(out.join("briefs/index.html").is_file() && out.join("briefs/page/50/index.html").is_file());
    assert!(!out.join("briefs/page/51").exists() && !out.join("briefs/page/1").exists());
    let first = read(out.join("briefs/index.html"));
    let middle = read(out.join("briefs/page/2/index.html"));
    let last = read(out.join("briefs/page/50/index.html"));
    assert!(first.contains(r#"<link rel="next" href="/gen/briefs/page/2/">"#) && !first.contains(r#"rel="prev""#));
    assert!(middle.contains(r#"<link rel="prev" href="/gen/briefs/">"#), "page 2's previous page is the list itself");
    assert!(middle.contains(r#"<link rel="next" href="/gen/briefs/page/3/">"#));
    assert!(middle.contains(r#"<link rel="canonical" href="https://example.org/gen/briefs/page/2/">"#));
    assert!(last.contains(r#"rel="prev""#) && !last.contains(r#"<link rel="next""#));
    for html in [&first, &middle, &last] {
        assert_eq!(html.matches(r#"<article class="card"#).count(), 20, "20 briefs a page");
        assert!(html.contains("1000 briefs"), "every page counts the whole list");
    }
    assert!(first.contains("Brief 999") && last.contains("Brief 0<"), "newest first, oldest last");
    // A region keeps its description and gathered figures on page 1; later pages list briefs
    // and the charts in them.
    let region = read(out.join("regions/r0/index.html"));
    let region_2 = read(out.join("regions/r0/page/2/index.html"));
    assert!(region.contains("About region zero") && region.contains(r#"id="fig-g-r0-share""#));
    assert!(!region_2.contains("About region zero") && !region_2.contains("fig-g-r0-share"));
    assert!(region_2.contains("/gen/charts/c"), "page 2 shows the charts of its briefs");
    assert!(out.join("tags/t0/page/25/index.html").is_file() && !out.join("tags/t0/page/26").exists());
    // No page is heavy: the largest HTML page stays far under 300 KB.
    let largest = snapshot(&out).into_iter().filter(|(p, _)| p.ends_with(".html")).map(|(_, b)| b.len()).max().unwrap();
    assert!(largest < 300_000, "the largest page is {largest} bytes");
}

#[test]
fn page_size_is_a_setting() {
    let tmp = Temp::new("page-size");
    let site = tmp.path().join("site");
    generated_site(&site, 12);
    let config = read(site.join("dossier.yaml"));
    std::fs::write(site.join("dossier.yaml"), format!("{config}page_size: 5\n")).unwrap();
    build(&site, &tmp.path().join("out"), &[]);
    assert!(tmp.path().join("out/briefs/page/3/index.html").is_file());
    assert!(!tmp.path().join("out/briefs/page/4").exists());
    std::fs::write(site.join("dossier.yaml"), format!("{config}page_size: 0\n")).unwrap();
    let run = dossier(&["build"], &site);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("dossier.yaml:3:12: error: `page_size` must be a whole number from 1 to 10000"),
        "{}",
        run.stderr
    );
}
