use super::*;

fn d(s: &str) -> Date {
    Date::parse_partial(s).unwrap()
}

#[test]
fn the_table_is_sorted_and_every_language_keeps_the_placeholders() {
    for pair in TABLE.windows(2) {
        assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
    }
    for (key, texts) in TABLE {
        for (lang, text) in LANGUAGES.iter().zip(texts) {
            if key.starts_with("date_") {
                let allowed = date_parts_of(key);
                assert!(placeholders(text).iter().all(|p| allowed.contains(p)), "{key} in {lang}");
            } else {
                assert_eq!(placeholders(text), placeholders(texts[0]), "{key} in {lang}");
            }
            assert!(!text.is_empty() || key.is_empty(), "{key} in {lang}");
        }
        if key.starts_with("months") {
            assert!(texts.iter().all(|t| t.split('|').count() == 12), "{key}");
        }
    }
}

#[test]
fn dates_as_readers_of_each_language_write_them() {
    let day = d("2021-10-05");
    let expect = [
        ("en", "5 October 2021", "October 2021", "2021"),
        ("fr", "5 octobre 2021", "octobre 2021", "2021"),
        ("de", "5. Oktober 2021", "Oktober 2021", "2021"),
        ("zh", "2021年10月5日", "2021年10月", "2021年"),
        ("ja", "2021年10月5日", "2021年10月", "2021年"),
        ("ko", "2021년 10월 5일", "2021년 10월", "2021년"),
        ("ru", "5 октября 2021 г.", "октябрь 2021 г.", "2021 г."),
    ];
    for (lang, full, month, year) in expect {
        let s = Strings::builtin(lang).unwrap();
        assert_eq!(s.date(&day), full, "{lang}");
        assert_eq!(s.date(&d("2021-10")), month, "{lang}");
        assert_eq!(s.date(&d("2021")), year, "{lang}");
    }
    let en = Strings::english();
    assert_eq!(en.date(&d("2021-05-04")), d("2021-05-04").display());
    assert_eq!(en.date_short(2020, Some(1), None), "Jan 2020");
    assert_eq!(en.date_short(2020, Some(2), Some(3)), "3 Feb 2020");
    assert_eq!(en.quarter(2019, 1), "2019 Q1");
    assert_eq!(Strings::builtin("fr").unwrap().date_short(2020, Some(2), None), "févr. 2020");
    assert_eq!(Strings::builtin("ko").unwrap().quarter(2019, 3), "2019년 3분기");
}

#[test]
fn plurals_follow_each_language() {
    let en = Strings::english();
    assert_eq!(en.count("n_briefs", 1), "1 brief");
    assert_eq!(en.count("n_briefs", 0), "0 briefs");
    let fr = Strings::builtin("fr-CA").unwrap();
    assert_eq!(fr.count("n_briefs", 0), "0 note");
    assert_eq!(fr.count("n_briefs", 2), "2 notes");
    let ru = Strings::builtin("ru").unwrap();
    let forms: Vec<String> = [1, 2, 5, 11, 21, 22, 112].iter().map(|&n| ru.count("n_briefs", n)).collect();
    assert_eq!(forms, ["1 записка", "2 записки", "5 записок", "11 записок", "21 записка", "22 записки", "112 записок"]);
    assert_eq!(Strings::builtin("ko").unwrap().count("n_briefs", 3), "브리프 3건");
    assert!(Strings::builtin("es").is_none());
}

#[test]
fn overrides_keep_placeholders_and_unknown_keys_get_a_suggestion() {
    let mut s = Strings::builtin("fr").unwrap();
    s.set("regions", "Provinces").unwrap();
    assert_eq!(s.get("regions"), "Provinces");
    assert_eq!(s.get("tags"), "Mots-clés");
    assert_eq!(s.set("regoins", "x"), Err(BadString::Unknown(Some("regions"))));
    assert_eq!(s.set("briefs_on", "Notes"), Err(BadString::Placeholders { expected: vec!["name".to_string()] }));
    s.set("briefs_on", "À propos de {name}").unwrap();
    assert_eq!(s.format("briefs_on", &[("name", "Jilin")]), "À propos de Jilin");
    assert_eq!(fill("{a} {unknown} {", &[("a", "1")]), "1 {unknown} {");
    let mut en = Strings::english();
    en.set("date_day", "{y}-{m}-{d}").unwrap();
    assert_eq!(en.date(&d("2021-10-05")), "2021-10-5");
    assert!(matches!(en.set("date_day", "{x}"), Err(BadString::DatePattern { .. })));
    assert_eq!(en.set("months", "a|b"), Err(BadString::Months));
}

#[test]
fn the_readme_lists_every_key() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("## Languages").unwrap()..readme.find("## Themes").unwrap()];
    for key in keys() {
        assert!(section.contains(&format!("`{key}`")), "README \"Languages\" does not list `{key}`");
    }
}
