//! Share images (`share_images: true`): chart PNGs, share cards and the `og:image` of pages.

use std::path::Path;

use resvg::tiny_skia::Pixmap;

use crate::util::*;

const BASE: &str = "https://example.org/sub/path/";

/// The `content` of `<meta property="NAME">` in a page, when there is one.
fn meta<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let at = html.find(&format!("<meta property=\"{name}\" content=\""))? + name.len() + 27;
    html[at..].split('"').next()
}

fn decode(path: &Path) -> Pixmap {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Pixmap::decode_png(&bytes).unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()))
}

/// The `width` and `height` of an SVG's root.
fn svg_size(svg: &str) -> (u32, u32) {
    let root = &svg[..svg.find('>').unwrap()];
    let attr = |n: &str| -> u32 {
        let at = root.find(&format!(" {n}=\"")).unwrap() + n.len() + 3;
        root[at..].split('"').next().unwrap().parse::<f64>().unwrap().ceil() as u32
    };
    (attr("width"), attr("height"))
}

#[test]
fn every_chart_png_decodes_at_twice_its_svg_and_is_the_same_in_two_builds() {
    let tmp = Temp::new("share-png");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&repo(), &a, &["--base-url", BASE]);
    build(&repo(), &b, &["--base-url", BASE]);
    let mut pngs = 0;
    for entry in std::fs::read_dir(a.join("charts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let png = path.with_extension("png");
            let image = decode(&png);
            let (w, h) = svg_size(&read(&path));
            assert_eq!((image.width(), image.height()), (2 * w, 2 * h), "{}", png.display());
            let name = png.file_name().unwrap();
            assert!(
                std::fs::read(&png).unwrap() == std::fs::read(b.join("charts").join(name)).unwrap(),
                "{name:?} differs between two builds"
            );
            pngs += 1;
        }
    }
    assert!(pngs >= 10, "the sample site has charts: {pngs}");
    let brief = read(a.join("briefs/jilin-trade-decline/index.html"));
    assert!(brief.contains(">PNG<"), "a PNG link under the chart");
}

#[test]
fn og_image_of_briefs_regions_and_initiatives_resolves_under_a_sub_path() {
    let tmp = Temp::new("share-og");
    let out = tmp.path().join("out");
    build(&repo(), &out, &["--base-url", BASE]);
    let mut kinds = std::collections::BTreeMap::new();
    let mut card = false;
    for (rel, bytes) in snapshot(&out) {
        let Some(kind) = ["briefs/", "regions/", "initiatives/"].into_iter().find(|k| rel.starts_with(k)) else {
            continue;
        };
        if !rel.ends_with("/index.html") || rel.matches('/').count() != 2 {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{rel} has no og:image"));
        let file = out.join(url.strip_prefix(BASE).unwrap_or_else(|| panic!("{rel}: {url} is not under {BASE}")));
        let image = decode(&file);
        let size = (image.width().to_string(), image.height().to_string());
        assert_eq!(meta(&html, "og:image:width"), Some(size.0.as_str()), "{rel}");
        assert_eq!(meta(&html, "og:image:height"), Some(size.1.as_str()), "{rel}");
        assert!(meta(&html, "og:image:alt").is_some_and(|a| !a.is_empty()), "{rel}");
        assert!(html.contains(r#"<meta name="twitter:card" content="summary_large_image">"#), "{rel}");
        if url.ends_with("/share.png") {
            assert_eq!((image.width(), image.height()), (1200, 630), "{rel}: a card");
            card |= kind == "briefs/";
        }
        *kinds.entry(kind).or_insert(0) += 1;
    }
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    assert!(card, "a brief without charts gets a card");
}

#[test]
fn share_images_off_writes_no_png_and_no_og_image() {
    let tmp = Temp::new("share-off");
    let root = tmp.path().join("site");
    copy_tree(&repo().join("briefs"), &root.join("briefs"));
    let yaml = read(repo().join("dossier.yaml")).replace("share_images: true", "share_images: false");
    assert!(yaml.contains("share_images: false"));
    std::fs::write(root.join("dossier.yaml"), yaml).unwrap();
    let out = tmp.path().join("out");
    build(&root, &out, &["--base-url", BASE]);
    for (rel, bytes) in snapshot(&out) {
        assert!(!rel.ends_with(".png"), "{rel} written with share_images off");
        if rel.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(!html.contains("og:image") && !html.contains(">PNG<"), "{rel}");
            assert!(!html.contains("summary_large_image"), "{rel}");
        }
    }
}
