//! Issue 14, "The theme in the site's language": `language` sets the theme's and the charts'
//! words and dates, `strings:` overrides them, `tags:` names tags.

use std::path::Path;

use crate::util::*;

/// Two briefs on one region and tag, a chart in the first, one brief a page.
fn site(root: &Path, yaml: &str) {
    std::fs::create_dir_all(root.join("briefs/regions")).unwrap();
    std::fs::write(root.join("dossier.yaml"), format!("title: Notes\nbase_url: /\npage_size: 1\n{yaml}")).unwrap();
    std::fs::write(root.join("briefs/regions/jilin.md"), "---\nname: 吉林\n---\nJilin.\n").unwrap();
    std::fs::write(
        root.join("briefs/a.md"),
        "---\ntitle: Premier\ndate: 2021-10-05\nsummary: Court.\nauthors: [Mei Lin, Anna Volkova]\nregions: [jilin]\ntags: [Trade Policy]\n---\n\n\
         Texte.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Une note.\n\n```chart\nid: trade\ntitle: 贸易\ntype: bar\nsource: 统计年鉴\ndata: |\n  地区, 额\n  吉林省延边朝鲜族自治州, 3\n  강원특별자치도 동해안 지역, 4\n  黑龙江省, 5\n```\n",
    )
    .unwrap();
    std::fs::write(
        root.join("briefs/b.md"),
        "---\ntitle: Second\ndate: 2020-02-01\nregions: [jilin]\ntags: [trade-policy]\n---\n\nTexte.\n",
    )
    .unwrap();
}

#[test]
fn a_french_site_writes_french_words_and_dates() {
    let tmp = Temp::new("lang-fr");
    let root = tmp.path().join("site");
    site(&root, "language: fr\nstrings:\n  regions: Provinces\ntags:\n  trade-policy: Politique commerciale\n");
    let out = tmp.path().join("out");
    build(&root, &out, &[]);
    let brief = read(out.join("briefs/a/index.html"));
    for words in [
        "<time datetime=\"2021-10-05\">5 octobre 2021</time>",
        "Par Mei Lin et Anna Volkova",
        "1 min de lecture",
        "<span class=\"topic-label\">Provinces</span>",
        ">Résumé<",
        ">Figure 1<",
        "Source : ",
        "Télécharger le CSV",
        ">Politique commerciale</a>",
        "Note d’analyse",
        "lang=\"fr\"",
        "aria-label=\"Tableau\"",
        "aria-label=\"Retour au texte de la note 1\"",
    ] {
        assert!(brief.contains(words), "{words}");
    }
    assert!(!brief.contains("min read") && !brief.contains("October") && !brief.contains(">Regions<"));
    assert!(!brief.contains("Back to the text") && !brief.contains("aria-label=\"Table\""), "the Markdown's own words");
    let region = read(out.join("regions/jilin/index.html"));
    assert!(
        region.contains("Page 1 sur 2") && region.contains("2 notes") && region.contains("Notes sur 吉林"),
        "{region}"
    );
    assert!(region.contains(">Provinces</a>"), "the override reaches the breadcrumb");
    let list = read(out.join("briefs/page/2/index.html"));
    assert!(
        list.contains("Page 2 sur 2") && list.contains("note 2 sur 2") && list.contains("1 février 2020"),
        "{list}"
    );
    assert!(list.contains("<title>Toutes les notes (page 2 sur 2) · Notes</title>"), "{list}");
    assert!(list.contains(">Plus récentes<span class=\"vh\"> notes</span>"));
    let tag = read(out.join("tags/trade-policy/index.html"));
    assert!(tag.contains("<h1>Politique commerciale</h1>") && tag.contains("Mot-clé « Politique commerciale »"));
    let nav = read(out.join("index.html"));
    assert!(nav.contains(">Notes</a></li>") && nav.contains(">Provinces</a></li>"), "menu labels");
    let missing = read(out.join("404.html"));
    assert!(missing.contains("<h1>Page introuvable</h1>") && missing.contains("Aller à l’accueil"));
    let svg = read(out.join("charts/trade.svg"));
    assert!(svg.contains("Source : 统计年鉴") && svg.contains("Graphique : Notes"));
}

#[test]
fn a_korean_site_writes_korean_words_and_dates() {
    let tmp = Temp::new("lang-ko");
    let root = tmp.path().join("site");
    site(&root, "language: ko\n");
    let out = tmp.path().join("out");
    build(&root, &out, &[]);
    let brief = read(out.join("briefs/a/index.html"));
    for words in [
        "2021년 10월 5일",
        "1분 분량",
        ">지역<",
        ">그림 1<",
        "출처: ",
        "CSV 내려받기",
        ">Trade Policy</a>",
        "글: Mei Lin, Anna Volkova",
        "aria-label=\"주석 1\"",
        "aria-label=\"표\"",
    ] {
        assert!(brief.contains(words), "{words}");
    }
    let region = read(out.join("regions/jilin/index.html"));
    assert!(region.contains("2쪽 중 1쪽") && region.contains("브리프 2건"), "{region}");
    let list = read(out.join("briefs/page/2/index.html"));
    assert!(list.contains("2020년 2월 1일") && list.contains("전체 2건 중 2번째"), "{list}");
    assert!(read(out.join("404.html")).contains("페이지를 찾을 수 없습니다"));
    assert!(brief.contains("막대 차트, 계열 1개"), "the chart's alt text");
    let svg = read(out.join("charts/trade.svg"));
    assert!(svg.contains("출처: 统计年鉴") && svg.contains("차트: Notes"));
    // Labels are drawn whole, or wrapped onto lines that follow each other: nothing is cut.
    let drawn: String = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split("</text>").next()?.replace(' ', "")))
        .collect();
    for label in ["吉林省延边朝鲜族自治州", "강원특별자치도동해안지역", "黑龙江省"] {
        assert!(drawn.contains(label), "{label} in {drawn}");
    }
}

#[test]
fn english_stays_as_it_was_and_an_unknown_language_warns() {
    let tmp = Temp::new("lang-en");
    let root = tmp.path().join("site");
    site(&root, "language: es\n");
    let out = tmp.path().join("out");
    let run = build(&root, &out, &[]);
    assert!(
        run.stderr.contains("dossier.yaml:4:11: warning: `language: es` has no built-in translations"),
        "{}",
        run.stderr
    );
    let brief = read(out.join("briefs/a/index.html"));
    assert!(brief.contains("lang=\"es\"") && brief.contains("5 October 2021") && brief.contains("1 min read"));
    assert!(brief.contains("By Mei Lin and Anna Volkova") && brief.contains(">Trade Policy</a>"));
}

#[test]
fn an_unknown_string_is_an_error_at_its_line() {
    let tmp = Temp::new("lang-bad");
    let root = tmp.path().join("site");
    site(&root, "strings:\n  regions: Provinces\n  min_raed: \"{n} min\"\n");
    let run = dossier(&["check", "--root", root.to_str().unwrap()], &root);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("dossier.yaml:6:3: error: unknown string `min_raed` in `strings`"), "{all}");
    assert!(all.contains("did you mean `min_read`?"), "{all}");
}
