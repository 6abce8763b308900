//! Property tests of front matter: splitting any text, and parsing any YAML between the fences.
//! Errors must name a line inside the file; a split must give back the file's own pieces.
//! `PROPTEST_CASES=10000 cargo test --lib content::proptests` runs longer.

use std::path::Path;

use proptest::prelude::*;

use super::front_matter::{parse_brief, parse_initiative, parse_region};
use super::{Kind, split_front_matter};
use crate::diag::normalize_line_endings;

fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Texts made of the lines front matter is made of, with any line endings.
fn file_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("---".to_string()),
        Just("--- ".to_string()),
        Just("----".to_string()),
        Just("title: A".to_string()),
        Just("date: 2021-03-01".to_string()),
        Just("regions: [jilin]".to_string()),
        Just("  - x".to_string()),
        Just(String::new()),
        "[a-z: \\[\\]{}\"'#-]{0,16}",
        any::<String>().prop_map(|s| s.chars().take(10).collect()),
    ];
    let ending = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    (prop::collection::vec((line, ending), 0..12), any::<bool>()).prop_map(|(lines, bom)| {
        let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
        for (l, e) in lines {
            text.push_str(&l);
            text.push_str(e);
        }
        text
    })
}

/// YAML-ish text: keys of every kind of content file with values of every shape.
fn yaml_text() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("title"),
        Just("date"),
        Just("name"),
        Just("parent"),
        Just("regions"),
        Just("milestones"),
        Just("started"),
        Just("tags"),
        Just("slug"),
        Just("draft"),
        Just("authors"),
        Just("nmae"),
    ];
    let value = prop_oneof![
        Just(" x".to_string()),
        Just(" 2021-02-29".to_string()),
        Just(" 10000-01-01".to_string()),
        Just(" [a, B c, 5]".to_string()),
        Just(" jilin, yanbian".to_string()),
        Just(" \"\\a\"".to_string()),
        Just(" {date: 1991, label: L}".to_string()),
        Just("\n  - {date: \"1991-13\", label: L}".to_string()),
        Just(" [[[[".to_string()),
        Just(" 5".to_string()),
        Just(" true".to_string()),
        "( [a-zA-Z0-9:,\\[\\]{}\"'|>-]{0,12})",
    ];
    prop::collection::vec((key, value), 0..8)
        .prop_map(|pairs| pairs.into_iter().map(|(k, v)| format!("{k}:{v}\n")).collect::<String>())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn splitting_gives_back_the_files_pieces(text in file_text()) {
        let text = normalize_line_endings(&text).into_owned();
        match split_front_matter(Path::new("a.md"), &text, Kind::Brief) {
            Ok((yaml, body, body_line)) => {
                let unbommed = text.strip_prefix('\u{feff}').unwrap_or(&text);
                // The YAML follows the first line; the body is the rest of the file.
                prop_assert!(unbommed.ends_with(body));
                let body_start = unbommed.len() - body.len();
                prop_assert_eq!(body_line, unbommed[..body_start].matches('\n').count() + 1);
                prop_assert!(unbommed[..body_start].contains(yaml));
            }
            Err(d) => prop_assert_eq!((d.line, d.column), (1, 1)),
        }
    }

    #[test]
    fn front_matter_errors_name_a_line_of_the_front_matter(yaml in yaml_text()) {
        let lines = yaml.lines().count().max(1);
        let path = Path::new("a.md");
        let results = [
            parse_brief(path, &yaml).err(),
            parse_region(path, &yaml, "jilin").err(),
            parse_initiative(path, &yaml, "gti").err(),
        ];
        for diags in results.into_iter().flatten() {
            prop_assert!(diags.has_errors());
            for d in &diags.0 {
                // The YAML starts on file line 2, after the opening `---`.
                prop_assert!((2..=lines + 2).contains(&d.line), "line {} outside 2..={}: {}", d.line, lines + 2, d);
                let width = yaml.lines().nth(d.line - 2).map(|l| l.chars().count()).unwrap_or(0);
                prop_assert!(d.column >= 1 && d.column <= width + 2, "column {} of a line of {}: {}", d.column, width, d);
            }
        }
    }

    #[test]
    fn slugs_are_slugs_or_empty_and_stable(text in any::<String>()) {
        let slug = crate::text::slugify(&text);
        prop_assert!(slug.is_empty() || crate::text::is_slug(&slug), "{:?}", slug);
        prop_assert_eq!(crate::text::slugify(&slug), slug.clone());
        if !slug.is_empty() {
            let layout = crate::layout::Layout::new("/sub/");
            let url = layout.url(&crate::layout::Page::Brief(&slug).path());
            prop_assert!(url.starts_with("/sub/briefs/") && url.ends_with('/'), "{}", url);
            prop_assert!(!url.contains("//") && !url.contains(".."), "{}", url);
        }
    }
}
