//! "Cite this brief" (`src/cite.rs`): Highwire tags in each brief's head, and the BibTeX, RIS
//! and CSL-JSON downloads beside its page, each read back by a parser of its format.

use std::collections::BTreeMap;

use crate::util::*;

/// The `<meta name="citation_…" content="…">` of a page, in order, entities decoded.
fn highwire(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in html.lines() {
        let Some(rest) = line.trim().strip_prefix("<meta name=\"citation_") else { continue };
        let (name, rest) = rest.split_once('"').unwrap();
        let content = rest.strip_prefix(" content=\"").unwrap().strip_suffix("\">").unwrap();
        let content = content
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        out.push((format!("citation_{name}"), content));
    }
    out
}

#[test]
fn every_brief_page_carries_highwire_tags() {
    let tmp = Temp::new("cite-meta");
    let out = tmp.path().join("out");
    build(&repo(), &out, &[]);
    let tags = highwire(&read(out.join("briefs/jilin-trade-decline/index.html")));
    let get = |name: &str| tags.iter().filter(|(n, _)| n == name).map(|(_, c)| c.as_str()).collect::<Vec<_>>();
    assert_eq!(get("citation_title"), ["Jilin's shrinking window on the world"]);
    assert_eq!(get("citation_author"), ["Mei Lin", "Daniel Park"], "one tag per author, in order");
    assert_eq!(get("citation_publication_date"), ["2021/05/03"]);
    assert_eq!(get("citation_online_date"), ["2021/06/14"], "the last revision");
    assert_eq!(get("citation_technical_report_institution"), ["Northeast Asia Programme"]);
    assert_eq!(get("citation_keywords"), ["trade; regionalism; northeast-asia"]);
    assert_eq!(
        get("citation_abstract_html_url"),
        ["https://example.github.io/northeast-briefs/briefs/jilin-trade-decline/"]
    );
    let page = read(out.join("briefs/jilin-trade-decline/index.html"));
    assert!(page.contains("Lin, Mei, and Daniel Park. 2021. “Jilin&#39;s shrinking window on the world.” Policy brief. Northeast Asia Programme. https://example.github.io/northeast-briefs/briefs/jilin-trade-decline/."), "the reference to copy");
    for file in ["cite.bib", "cite.ris", "cite.json"] {
        assert!(
            page.contains(&format!("href=\"/northeast-briefs/briefs/jilin-trade-decline/{file}\" download=\"{file}\"")),
            "{file} is linked"
        );
    }
}

/// A small BibTeX reader: `@type{key,` then `name = {value},` or `name = macro,` lines, braces
/// balanced inside each value, `}` alone last.
fn parse_bibtex(text: &str) -> (String, String, BTreeMap<String, String>) {
    let mut lines = text.lines();
    let head = lines.next().unwrap();
    let (kind, key) = head.strip_prefix('@').unwrap().strip_suffix(',').unwrap().split_once('{').unwrap();
    let mut fields = BTreeMap::new();
    let mut closed = false;
    for line in lines {
        if line == "}" {
            closed = true;
            continue;
        }
        assert!(!closed, "nothing after the closing brace: {line}");
        let (name, value) = line.trim().strip_suffix(',').unwrap().split_once(" = ").unwrap();
        let value = if let Some(inner) = value.strip_prefix('{') {
            let inner = inner.strip_suffix('}').unwrap();
            let mut depth = 0i32;
            let mut escaped = false;
            for c in inner.chars() {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '{') => depth += 1,
                    (false, '}') => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0, "unbalanced braces in {name}: {value}");
            }
            assert_eq!(depth, 0, "unbalanced braces in {name}: {value}");
            inner.to_string()
        } else {
            assert!(value.chars().all(|c| c.is_ascii_lowercase()), "a bare value is a macro: {value}");
            value.to_string()
        };
        assert!(fields.insert(name.to_string(), value).is_none(), "{name} once");
    }
    assert!(closed, "the entry is closed");
    (kind.to_string(), key.to_string(), fields)
}

/// RIS: `XX  - value` lines ending in CR LF, `TY` first and `ER` last.
fn parse_ris(text: &str) -> Vec<(String, String)> {
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    let tags: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            let (tag, value) = l.split_at(2);
            assert!(tag.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()), "a tag: {l}");
            let value = value.strip_prefix("  - ").unwrap_or_else(|| panic!("`XX  - ` starts {l:?}"));
            assert!(!value.contains('\n') && !value.contains('\r'));
            (tag.to_string(), value.to_string())
        })
        .collect();
    assert_eq!(tags.first().unwrap().0, "TY");
    assert_eq!(tags.last().unwrap(), &("ER".to_string(), String::new()));
    tags
}

#[test]
fn the_downloads_parse_as_bibtex_ris_and_csl_json() {
    let tmp = Temp::new("cite-files");
    let out = tmp.path().join("out");
    build(&repo(), &out, &[]);
    let dir = out.join("briefs/jilin-trade-decline");

    let text = read(dir.join("cite.bib"));
    // The typst project's BibLaTeX parser (the one hayagriva uses) reads it as one entry.
    let parsed = biblatex::Bibliography::parse(&text).expect("the biblatex crate parses cite.bib");
    let entry = parsed.get("jilin-trade-decline-2021").expect("the entry, by its key");
    assert_eq!(entry.entry_type, biblatex::EntryType::TechReport);
    let authors = entry.author().unwrap();
    assert_eq!((authors[0].name.as_str(), authors[0].given_name.as_str()), ("Lin", "Mei"));
    assert_eq!((authors[1].name.as_str(), authors[1].given_name.as_str()), ("Park", "Daniel"));
    let (kind, key, bib) = parse_bibtex(&text);
    assert_eq!((kind.as_str(), key.as_str()), ("techreport", "jilin-trade-decline-2021"));
    assert_eq!(bib["title"], "{Jilin's shrinking window on the world}");
    assert_eq!(bib["author"], "Lin, Mei and Park, Daniel");
    assert_eq!(bib["institution"], "Northeast Asia Programme");
    assert_eq!((bib["year"].as_str(), bib["month"].as_str()), ("2021", "may"));
    assert_eq!(bib["url"], "https://example.github.io/northeast-briefs/briefs/jilin-trade-decline/");
    assert!(bib["abstract"].starts_with("Jilin once traded more"));

    let ris = parse_ris(&read(dir.join("cite.ris")));
    let values = |tag: &str| ris.iter().filter(|(t, _)| t == tag).map(|(_, v)| v.as_str()).collect::<Vec<_>>();
    assert_eq!(values("TY"), ["RPRT"]);
    assert_eq!(values("TI"), ["Jilin's shrinking window on the world"]);
    assert_eq!(values("AU"), ["Lin, Mei", "Park, Daniel"]);
    assert_eq!(values("PY"), ["2021"]);
    assert_eq!(values("DA"), ["2021/05/03/"]);
    assert_eq!(values("KW"), ["trade", "regionalism", "northeast-asia"]);

    let csl: serde_json::Value = serde_json::from_str(&read(dir.join("cite.json"))).unwrap();
    let item = &csl.as_array().expect("CSL-JSON is a list of items")[0];
    assert_eq!(item["id"], "jilin-trade-decline-2021");
    assert_eq!(item["type"], "report");
    assert_eq!(item["title"], "Jilin's shrinking window on the world");
    assert_eq!(
        item["author"],
        serde_json::json!([{"family": "Lin", "given": "Mei"}, {"family": "Park", "given": "Daniel"}])
    );
    assert_eq!(item["issued"], serde_json::json!({"date-parts": [[2021, 5, 3]]}));
    assert_eq!(item["publisher"], "Northeast Asia Programme");
}

#[test]
fn titles_with_bibtex_and_ris_specials_cannot_break_out_of_their_fields() {
    let tmp = Temp::new("cite-escape");
    copy_tree(&fixture("basic"), tmp.path());
    let brief = tmp.path().join("briefs/trade.md");
    let text = read(&brief);
    let title_line = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
    std::fs::write(&brief, text.replace(&title_line, r#"title: "50% of {trade}} \\end & $x_1$ ~ #1""#)).unwrap();
    let out = tmp.path().join("out");
    build(tmp.path(), &out, &[]);
    let page = out.join("briefs/trade");
    let text = read(page.join("cite.bib"));
    let parsed = biblatex::Bibliography::parse(&text).expect("the biblatex crate parses cite.bib");
    let title: String = parsed.iter().next().unwrap().title().unwrap().iter().map(|c| c.v.get()).collect();
    assert_eq!(title, r"50% of {trade}} \end & $x_1$ ~ #1", "the title reads back as written: {title:?}");
    let (_, _, bib) = parse_bibtex(&text);
    assert_eq!(bib["title"], r"{50\% of \{trade\}\} \textbackslash{}end \& \$x\_1\$ \textasciitilde{} \#1}");
    let ris = parse_ris(&read(page.join("cite.ris")));
    assert!(ris.contains(&("TI".into(), r"50% of {trade}} \end & $x_1$ ~ #1".into())));
    let csl: serde_json::Value = serde_json::from_str(&read(page.join("cite.json"))).unwrap();
    assert_eq!(csl[0]["title"], r"50% of {trade}} \end & $x_1$ ~ #1");
}
