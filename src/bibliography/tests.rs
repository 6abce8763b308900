use super::syntax::scan;
use super::*;

fn cites(text: &str) -> Vec<Cite> {
    scan(text, &|_| false, true)
}

#[test]
fn pandoc_syntax_is_found_and_emails_and_urls_are_not() {
    let found = cites("See [see @lin-2021, p. 12; -@park-2019] and @lin-2021. Mail x@y.org or https://x.org/@u.");
    assert_eq!(found.len(), 2, "{found:?}");
    let group = &found[0];
    assert!(!group.prose);
    assert_eq!(group.items[0].key, "lin-2021");
    assert_eq!(group.items[0].prefix, "see");
    assert_eq!(group.items[0].locator, Some((Locator::Page, "12".to_string())));
    assert!(group.items[1].suppress_author);
    assert_eq!(group.items[1].key, "park-2019");
    assert!(found[1].prose);
    assert_eq!(found[1].items[0].key, "lin-2021", "the full stop ends the key");
    assert_eq!(cites("[@a, 12-14, and elsewhere]")[0].items[0].suffix, ", and elsewhere");
    assert!(cites("[email me at a@b.org]").is_empty());
    assert!(cites("[x](y) [no key here]").is_empty());
    assert!(scan("@key", &|i| i == 0, true).is_empty(), "escaped");
    assert!(scan("@key", &|_| false, false).is_empty(), "after a word in the source");
}

fn yaml_bib(text: &str) -> Bibliography {
    let dir = std::env::temp_dir().join(format!("dossier-bib-unit-{}-{}", std::process::id(), text.len()));
    std::fs::create_dir_all(dir.join("briefs")).unwrap();
    std::fs::write(dir.join("briefs/references.yaml"), text).unwrap();
    let bib = load(&dir, DEFAULT_STYLE, "en").unwrap().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    bib
}

const WORKS: &str = "lin-2021:\n  type: article\n  title: Jilin <and> trade\n  author: [\"Lin, Mei\"]\n  date: 2021\n  parent:\n    type: periodical\n    title: The Pacific Review\n";

#[test]
fn citations_are_formatted_escaped_and_linked() {
    let bib = yaml_bib(WORKS);
    let found = cites("[@lin-2021, p. 12]");
    let f = bib.format(&found, &|k| format!("#ref-{k}"));
    assert_eq!(f.cites[0].0, "<span class=\"citation\">(<a href=\"#ref-lin-2021\">Lin 2021, 12</a>)</span>");
    assert_eq!(f.cites[0].1, "(Lin 2021, 12)");
    assert_eq!(f.references.len(), 1);
    assert!(f.references[0].html.contains("Jilin &lt;and&gt; Trade"), "{}", f.references[0].html);
    assert!(f.references[0].html.contains("<i>The Pacific Review</i>"), "{}", f.references[0].html);
    assert_eq!(bib.suggest("lin-2012"), Some("lin-2021"));
}

#[test]
fn style_names_are_checked() {
    assert!(check_style("apa").is_ok());
    let (problem, hint) = check_style("chicago-autor-date").unwrap_err();
    assert_eq!(problem, "unknown citation style `chicago-autor-date`");
    assert!(hint.starts_with("did you mean `chicago-author-date`?"), "{hint}");
}
