//! The words the theme and the charts write, in the site's `language`: a table of keys with
//! built-in translations, the site's own overrides (`strings:` in dossier.yaml), plural forms
//! and dates as readers of each language write them.
//!
//! Templates reach it through the `t()` and `local_date()` Tera functions, the renderer for page
//! titles, and charts through their input ([`Strings`] is passed in, never looked up there).

use std::collections::BTreeMap;

use crate::text::Date;

/// The languages with built-in translations, in the order of [`TABLE`]'s columns.
pub const LANGUAGES: [&str; 7] = ["en", "fr", "de", "zh", "ja", "ko", "ru"];

/// The words of one site: its language's translations, with its overrides on top.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Strings {
    /// The column of [`TABLE`]: 0 is English.
    lang: usize,
    overrides: BTreeMap<String, String>,
}

/// English with no overrides, for callers that have no site (tests, defaults).
pub static ENGLISH: Strings = Strings { lang: 0, overrides: BTreeMap::new() };

/// Why an override was refused; the caller places it at its line.
#[derive(Debug, PartialEq, Eq)]
pub enum BadString {
    /// No such key; the closest known key, if any.
    Unknown(Option<&'static str>),
    /// The override leaves out or adds a `{placeholder}` of the built-in text.
    Placeholders { expected: Vec<String> },
    /// A date pattern names something other than `{d}`, `{m}`, `{month}`, `{y}` (`{q}`).
    DatePattern { allowed: Vec<String> },
    /// A list of month names that does not hold twelve names split by `|`.
    Months,
}

impl Strings {
    /// The built-in words of `language` (`fr`, `fr-CA`, `zh-Hans`: the part before `-` or `_`
    /// counts, case aside). `None` for a language without translations.
    pub fn builtin(language: &str) -> Option<Strings> {
        let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        LANGUAGES.iter().position(|l| *l == primary).map(|lang| Strings { lang, overrides: BTreeMap::new() })
    }

    /// English, for sites whose language has no built-in translations.
    pub fn english() -> Strings {
        Strings::default()
    }

    /// Replaces the text of `key`. The text must keep the built-in text's `{placeholders}`.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), BadString> {
        let Some(builtin) = lookup(key, 0) else {
            return Err(BadString::Unknown(crate::diag::did_you_mean(key, TABLE.iter().map(|(k, _)| *k))));
        };
        let expected = placeholders(builtin);
        if key.starts_with("months") {
            if text.split('|').count() != 12 {
                return Err(BadString::Months);
            }
        } else if key.starts_with("date_") {
            // A date's pattern may use any of its parts, in any order: "{y}年{m}月" or "{month} {y}".
            let allowed = date_parts_of(key);
            if placeholders(text).iter().any(|p| !allowed.contains(p)) {
                return Err(BadString::DatePattern { allowed });
            }
        } else if placeholders(text) != expected {
            return Err(BadString::Placeholders { expected });
        }
        self.overrides.insert(key.to_string(), text.to_string());
        Ok(())
    }

    /// The text of `key` (an unknown key gives the key itself, so a theme's typo shows on the
    /// page rather than nothing; `t()` refuses unknown keys before asking).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.overrides.get(key).map(String::as_str).or_else(|| lookup(key, self.lang)).unwrap_or(key)
    }

    /// True when `key` is one of the table's.
    pub fn has(key: &str) -> bool {
        lookup(key, 0).is_some()
    }

    /// The text of `key` with its `{name}`s replaced by `args`, choosing the plural form by the
    /// argument `n` when the text has forms (`{n} brief|{n} briefs`).
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let text = self.get(key);
        let n = args.iter().find(|(k, _)| *k == "n").and_then(|(_, v)| v.parse::<u64>().ok());
        let form = match n {
            Some(n) if text.contains('|') => pick(text, self.plural(n)),
            _ => text,
        };
        fill(form, args)
    }

    /// `format` for a count: `count("n_briefs", 3)` is "3 briefs".
    pub fn count(&self, key: &str, n: usize) -> String {
        self.format(key, &[("n", &n.to_string())])
    }

    /// A date as readers of the language write it: "4 May 2021", "4 mai 2021", "4. Mai 2021",
    /// "2021年5月4日", "2021년 5월 4일", "4 мая 2021 г."; a month or a year alone likewise.
    pub fn date(&self, date: &Date) -> String {
        self.date_parts(i32::from(date.year), date.month.map(u32::from), date.day.map(u32::from), false)
    }

    /// A date with short month names, as chart axes and timelines write it ("Jan 2020",
    /// "3 Feb 2020", "janv. 2020"). `month` is 1 to 12.
    pub fn date_short(&self, year: i32, month: Option<u32>, day: Option<u32>) -> String {
        self.date_parts(year, month, day, true)
    }

    /// A quarter on a time axis: "2019 Q1", "T1 2019", "2019年第1季度".
    pub fn quarter(&self, year: i32, quarter: u32) -> String {
        self.format("date_quarter", &[("y", &year.to_string()), ("q", &quarter.to_string())])
    }

    fn date_parts(&self, year: i32, month: Option<u32>, day: Option<u32>, short: bool) -> String {
        let y = year.to_string();
        let Some(m) = month.filter(|m| (1..=12).contains(m)) else { return self.format("date_year", &[("y", &y)]) };
        let names = |key: &str| self.get(key).split('|').nth(m as usize - 1).unwrap_or_default().to_string();
        let m_text = m.to_string();
        match day {
            Some(d) => {
                let month = if short { names("months_short") } else { names("months_of") };
                let key = if short { "date_day_short" } else { "date_day" };
                self.format(key, &[("d", &d.to_string()), ("m", &m_text), ("month", &month), ("y", &y)])
            }
            None => {
                let month = if short { names("months_short") } else { names("months") };
                let key = if short { "date_month_short" } else { "date_month" };
                self.format(key, &[("m", &m_text), ("month", &month), ("y", &y)])
            }
        }
    }

    /// The plural form of `n`: 0 for "one", 1 for "other" (or "few" in Russian), 2 for "many".
    fn plural(&self, n: u64) -> usize {
        match LANGUAGES[self.lang] {
            "zh" | "ja" | "ko" => 0,
            "fr" => usize::from(n > 1),
            "ru" => {
                let (a, b) = (n % 10, n % 100);
                if a == 1 && b != 11 {
                    0
                } else if (2..=4).contains(&a) && !(12..=14).contains(&b) {
                    1
                } else {
                    2
                }
            }
            _ => usize::from(n != 1),
        }
    }
}

/// Every key, for the README and for "did you mean".
pub fn keys() -> impl Iterator<Item = &'static str> {
    TABLE.iter().map(|(k, _)| *k)
}

fn lookup(key: &str, lang: usize) -> Option<&'static str> {
    TABLE.binary_search_by(|(k, _)| k.cmp(&key)).ok().map(|i| TABLE[i].1[lang])
}

/// Form `i` of `a|b|c`, or the last one when there are fewer.
fn pick(text: &str, i: usize) -> &str {
    let forms: Vec<&str> = text.split('|').collect();
    forms[i.min(forms.len() - 1)]
}

fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The parts a date pattern may name.
fn date_parts_of(key: &str) -> Vec<String> {
    let parts: &[&str] = match key {
        "date_quarter" => &["q", "y"],
        "date_year" => &["y"],
        "date_month" | "date_month_short" => &["m", "month", "y"],
        _ => &["d", "m", "month", "y"],
    };
    parts.iter().map(|p| p.to_string()).collect()
}

/// The sorted, distinct `{names}` of a text.
fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Key, then English, French, German, Chinese (simplified), Japanese, Korean, Russian. Sorted
/// by key (looked up by binary search; a test checks the order). Plural forms are split by
/// `|`: English, German "one|other", French "one (0, 1)|other", Russian "one|few|many".
#[rustfmt::skip]
const TABLE: &[(&str, [&str; 7])] = &[
    ("all_briefs", ["All briefs", "Toutes les notes", "Alle Analysen", "全部简报", "すべてのブリーフ", "전체 브리프", "Все записки"]),
    ("and", [" and ", " et ", " und ", "和", "、", ", ", " и "]),
    ("authors", ["Authors", "Auteurs", "Autorinnen und Autoren", "作者", "執筆者", "저자", "Авторы"]),
    ("authors_description", ["Everyone who writes the briefs", "Les auteurs des notes", "Alle, die die Analysen schreiben", "撰写简报的全体作者", "ブリーフの執筆者一覧", "브리프를 쓰는 모든 저자", "Все авторы записок"]),
    ("back_to_note", ["Back to the text of note {n}", "Retour au texte de la note {n}", "Zurück zum Text von Anmerkung {n}", "返回注释 {n} 所在正文", "注 {n} の本文に戻る", "주석 {n}의 본문으로 돌아가기", "Вернуться к тексту примечания {n}"]),
    ("breadcrumb", ["Breadcrumb", "Fil d’Ariane", "Brotkrümelnavigation", "导航路径", "パンくずリスト", "이동 경로", "Навигационная цепочка"]),
    ("brief", ["Brief", "Note", "Analyse", "简报", "ブリーフ", "브리프", "Записка"]),
    ("briefs", ["Briefs", "Notes", "Analysen", "简报", "ブリーフ", "브리프", "Записки"]),
    ("briefs_and_figures_on", ["Briefs and figures on {name}", "Notes et données sur {name}", "Analysen und Daten zu {name}", "关于{name}的简报与数据", "{name}に関するブリーフとデータ", "{name} 관련 브리프와 수치", "Записки и данные: {name}"]),
    ("briefs_by", ["Briefs by {name}", "Notes de {name}", "Analysen von {name}", "{name}的简报", "{name}のブリーフ", "{name}의 브리프", "Записки автора: {name}"]),
    ("briefs_lower", ["briefs", "notes", "Analysen", "简报", "ブリーフ", "브리프", "записки"]),
    ("briefs_on", ["Briefs on {name}", "Notes sur {name}", "Analysen zu {name}", "关于{name}的简报", "{name}に関するブリーフ", "{name} 관련 브리프", "Записки: {name}"]),
    ("briefs_on_per_year", ["Briefs on {name} per year", "Notes sur {name} par an", "Analysen zu {name} pro Jahr", "每年关于{name}的简报", "{name}に関する年別ブリーフ数", "{name} 관련 연도별 브리프", "Записки по годам: {name}"]),
    ("briefs_per_year", ["Briefs per year", "Notes par an", "Analysen pro Jahr", "每年简报数", "年別ブリーフ数", "연도별 브리프", "Записки по годам"]),
    ("briefs_word", ["brief|briefs", "note|notes", "Analyse|Analysen", "篇简报", "件のブリーフ", "건의 브리프", "записка|записки|записок"]),
    ("built_with", ["Built with dossier {version}", "Réalisé avec dossier {version}", "Erstellt mit dossier {version}", "由 dossier {version} 生成", "dossier {version} で作成", "제작 도구: dossier {version}", "Сделано в dossier {version}"]),
    ("by", ["By {names}", "Par {names}", "Von {names}", "作者：{names}", "著者：{names}", "글: {names}", "Авторы: {names}"]),
    ("chart_credit", ["Chart: ", "Graphique : ", "Grafik: ", "图表：", "図表：", "차트: ", "График: "]),
    ("charts_from_briefs", ["Charts from briefs", "Graphiques des notes", "Grafiken aus den Analysen", "简报中的图表", "ブリーフの図表", "브리프의 차트", "Графики из записок"]),
    ("cited_in", ["Cited in", "Cité dans", "Zitiert in", "引用于", "引用元", "인용한 브리프", "Цитируется в"]),
    ("contents", ["Contents", "Sommaire", "Inhalt", "目录", "目次", "목차", "Содержание"]),
    ("data", ["Data", "Données", "Daten", "数据", "データ", "데이터", "Данные"]),
    ("date", ["Date", "Date", "Datum", "日期", "日付", "날짜", "Дата"]),
    ("date_day", ["{d} {month} {y}", "{d} {month} {y}", "{d}. {month} {y}", "{y}年{m}月{d}日", "{y}年{m}月{d}日", "{y}년 {m}월 {d}일", "{d} {month} {y} г."]),
    ("date_day_short", ["{d} {month} {y}", "{d} {month} {y}", "{d}. {month} {y}", "{y}年{m}月{d}日", "{y}年{m}月{d}日", "{y}년 {m}월 {d}일", "{d} {month} {y}"]),
    ("date_month", ["{month} {y}", "{month} {y}", "{month} {y}", "{y}年{m}月", "{y}年{m}月", "{y}년 {m}월", "{month} {y} г."]),
    ("date_month_short", ["{month} {y}", "{month} {y}", "{month} {y}", "{y}年{m}月", "{y}年{m}月", "{y}년 {m}월", "{month} {y}"]),
    ("date_quarter", ["{y} Q{q}", "T{q} {y}", "Q{q} {y}", "{y}年第{q}季度", "{y}年第{q}四半期", "{y}년 {q}분기", "{q} кв. {y}"]),
    ("date_year", ["{y}", "{y}", "{y}", "{y}年", "{y}年", "{y}년", "{y} г."]),
    ("desc_area", ["Area chart", "Graphique en aires", "Flächendiagramm", "面积图", "面グラフ", "영역 차트", "Диаграмма с областями"]),
    ("desc_bar", ["Bar chart", "Graphique en barres", "Säulendiagramm", "柱状图", "棒グラフ", "막대 차트", "Столбчатая диаграмма"]),
    ("desc_by", [" by {x}", " par {x}", " nach {x}", "，按{x}", "、{x}別", ", {x}별", ", по признаку «{x}»"]),
    ("desc_categories", [", {n} categories from {first} to {last}", ", {n} catégorie de {first} à {last}|, {n} catégories de {first} à {last}", ", {n} Kategorie von {first} bis {last}|, {n} Kategorien von {first} bis {last}", "，{n} 个类别，从{first}到{last}", "、{n} 項目（{first}から{last}まで）", ", 범주 {n}개({first}부터 {last}까지)", ", {n} категория от «{first}» до «{last}»|, {n} категории от «{first}» до «{last}»|, {n} категорий от «{first}» до «{last}»"]),
    ("desc_end", [".", ".", ".", "。", "。", ".", "."]),
    ("desc_from_to_for", ["{v} for {x} to {w} for {y}", "{v} pour {x} à {w} pour {y}", "{v} für {x} bis {w} für {y}", "{x}为 {v}，{y}为 {w}", "{x}の {v} から {y}の {w} まで", "{x} {v}에서 {y} {w}까지", "от {v} («{x}») до {w} («{y}»)"]),
    ("desc_from_to_in", ["{v} in {x} to {w} in {y}", "{v} en {x} à {w} en {y}", "{v} ({x}) bis {w} ({y})", "从{x}的 {v} 到{y}的 {w}", "{x}の {v} から {y}の {w} まで", "{x} {v}에서 {y} {w}까지", "от {v} ({x}) до {w} ({y})"]),
    ("desc_hbar", ["Horizontal bar chart", "Graphique en barres horizontales", "Balkendiagramm", "条形图", "横棒グラフ", "가로 막대 차트", "Горизонтальная столбчатая диаграмма"]),
    ("desc_highest_for", [", highest {v} for {x}", ", maximum {v} pour {x}", ", Höchstwert {v} für {x}", "，最高为{x}的 {v}", "、最大は{x}の {v}", ", 최고 {x} {v}", ", максимум {v} («{x}»)"]),
    ("desc_line", ["Line chart", "Graphique linéaire", "Liniendiagramm", "折线图", "折れ線グラフ", "선 차트", "Линейный график"]),
    ("desc_missing", ["no data", "pas de données", "keine Daten", "无数据", "データなし", "데이터 없음", "нет данных"]),
    ("desc_more", [" And {n} more.", " Et {n} de plus.", " Und {n} weitere.", " 另有 {n} 项。", " ほか {n} 件。", " 외 {n}건.", " И ещё {n}."]),
    ("desc_more_series", [" And {n} more series.", " Et {n} séries de plus.", " Und {n} weitere Datenreihen.", " 另有 {n} 个数据系列。", " ほか {n} 系列。", " 외 계열 {n}개.", " И ещё рядов: {n}."]),
    ("desc_no_data", ["{kind} with no data.", "{kind} sans données.", "{kind} ohne Daten.", "{kind}，无数据。", "{kind}（データなし）。", "{kind}, 데이터 없음.", "{kind} без данных."]),
    ("desc_no_values", ["no values", "aucune valeur", "keine Werte", "无数值", "値なし", "값 없음", "нет значений"]),
    ("desc_one_for", ["{v} for {x}", "{v} pour {x}", "{v} für {x}", "{x}为 {v}", "{x}の {v}", "{x} {v}", "{v} («{x}»)"]),
    ("desc_one_in", ["{v} in {x}", "{v} en {x}", "{v} ({x})", "{x}为 {v}", "{x}の {v}", "{x} {v}", "{v} ({x})"]),
    ("desc_range", [", from {first} to {last}", ", de {first} à {last}", ", von {first} bis {last}", "，从{first}到{last}", "、{first}から{last}まで", ", {first}부터 {last}까지", ", с {first} по {last}"]),
    ("desc_series", ["{kind} of {n} series", "{kind}, {n} série|{kind}, {n} séries", "{kind} mit {n} Datenreihe|{kind} mit {n} Datenreihen", "{kind}，{n} 个数据系列", "{kind}、{n} 系列", "{kind}, 계열 {n}개", "{kind}, {n} ряд данных|{kind}, {n} ряда данных|{kind}, {n} рядов данных"]),
    ("desc_stacked", ["Stacked bar chart", "Graphique en barres empilées", "Gestapeltes Säulendiagramm", "堆积柱状图", "積み上げ棒グラフ", "누적 막대 차트", "Столбчатая диаграмма с накоплением"]),
    ("desc_stacked_area", ["Stacked area chart", "Graphique en aires empilées", "Gestapeltes Flächendiagramm", "堆积面积图", "積み上げ面グラフ", "누적 영역 차트", "Диаграмма с областями и накоплением"]),
    ("desc_table", ["Table", "Tableau", "Tabelle", "表格", "表", "표", "Таблица"]),
    ("desc_timeline_none", ["Timeline with no milestones.", "Chronologie sans étapes.", "Zeitleiste ohne Meilensteine.", "时间线，无里程碑。", "出来事のない年表。", "주요 사건이 없는 연표.", "Хронология без этапов."]),
    ("desc_timeline_one", ["Timeline of {n} milestone, {first}.|Timeline of {n} milestones, {first}.", "Chronologie de {n} étape, {first}.|Chronologie de {n} étapes, {first}.", "Zeitleiste mit {n} Meilenstein, {first}.|Zeitleiste mit {n} Meilensteinen, {first}.", "时间线，{n} 个里程碑，{first}。", "年表、{n} 件の出来事、{first}。", "연표, 주요 사건 {n}건, {first}.", "Хронология: {n} этап, {first}.|Хронология: {n} этапа, {first}.|Хронология: {n} этапов, {first}."]),
    ("desc_timeline_range", ["Timeline of {n} milestones from {first} to {last}.", "Chronologie de {n} étapes, de {first} à {last}.", "Zeitleiste mit {n} Meilensteinen von {first} bis {last}.", "时间线，{n} 个里程碑，从{first}到{last}。", "年表、{n} 件の出来事、{first}から{last}まで。", "연표, 주요 사건 {n}건, {first}부터 {last}까지.", "Хронология: {n} этап с {first} по {last}.|Хронология: {n} этапа с {first} по {last}.|Хронология: {n} этапов с {first} по {last}."]),
    ("desc_unit", [", values in {unit}", ", valeurs en {unit}", ", Werte in {unit}", "，单位：{unit}", "、単位：{unit}", ", 단위: {unit}", ", значения в ед. «{unit}»"]),
    ("desc_x_lower", ["yes", "yes", "no", "no", "no", "no", "yes"]),
    ("download_csv", ["Download CSV", "Télécharger le CSV", "CSV herunterladen", "下载 CSV", "CSV をダウンロード", "CSV 내려받기", "Скачать CSV"]),
    ("draft", ["Draft", "Brouillon", "Entwurf", "草稿", "下書き", "초안", "Черновик"]),
    ("ended", ["Ended", "Fin", "Beendet", "结束", "終了", "종료", "Завершена"]),
    ("error_404", ["Error 404", "Erreur 404", "Fehler 404", "错误 404", "エラー 404", "오류 404", "Ошибка 404"]),
    ("figure_data", ["Figure {n} data: ", "Données de la figure {n} : ", "Daten zu Abbildung {n}: ", "图 {n} 数据：", "図 {n} のデータ：", "그림 {n} 데이터: ", "Данные рисунка {n}: "]),
    ("figure_n", ["Figure {n}", "Figure {n}", "Abbildung {n}", "图 {n}", "図 {n}", "그림 {n}", "Рисунок {n}"]),
    ("figures_by_indicator", ["Figures by indicator", "Données par indicateur", "Daten nach Indikator", "按指标的数据", "指標別のデータ", "지표별 수치", "Данные по показателям"]),
    ("first", ["First", "Première", "Erste", "首页", "最初", "처음", "Первая"]),
    ("for_figure", ["for figure {n}", "de la figure {n}", "zu Abbildung {n}", "（图 {n}）", "（図 {n}）", "(그림 {n})", "к рисунку {n}"]),
    ("from", ["From", "Extrait de", "Aus", "出自", "出典ブリーフ：", "출처 브리프:", "Из записки"]),
    ("gathered_intro", ["Each figure gathers the data published for {name} across briefs; the “Brief” column links to the source.", "Chaque figure rassemble les données publiées sur {name} dans les notes ; la colonne « Note » renvoie à la source.", "Jede Abbildung fasst die in den Analysen veröffentlichten Daten zu {name} zusammen; die Spalte „Analyse“ verweist auf die Quelle.", "每张图汇集各篇简报中发布的{name}数据；“简报”一列链接到出处。", "各図は、ブリーフで公表された{name}のデータをまとめたものです。「ブリーフ」列から出典に移動できます。", "각 그림은 여러 브리프에 실린 {name} 데이터를 모은 것입니다. ‘브리프’ 열에서 출처로 이동할 수 있습니다.", "Каждый рисунок собирает данные о регионе «{name}» из всех записок; столбец «Записка» ведёт к источнику."]),
    ("go_briefs", ["Browse all briefs", "Parcourir toutes les notes", "Alle Analysen durchsuchen", "浏览全部简报", "すべてのブリーフを見る", "전체 브리프 보기", "Все записки"]),
    ("go_home", ["Go to the home page", "Aller à l’accueil", "Zur Startseite", "返回首页", "ホームページへ", "홈으로 가기", "На главную страницу"]),
    ("go_initiatives", ["Browse by initiative", "Parcourir par initiative", "Nach Initiative durchsuchen", "按倡议浏览", "イニシアチブ別に見る", "이니셔티브별로 보기", "Обзор по инициативам"]),
    ("go_regions", ["Browse by region", "Parcourir par région", "Nach Region durchsuchen", "按地区浏览", "地域別に見る", "지역별로 보기", "Обзор по регионам"]),
    ("image_of_figure", ["image of figure {n}", "image de la figure {n}", "Bild von Abbildung {n}", "（图 {n} 图像）", "（図 {n} の画像）", "(그림 {n} 이미지)", "изображение рисунка {n}"]),
    ("includes", ["Includes", "Comprend", "Umfasst", "下辖", "含まれる地域", "하위 지역", "Включает"]),
    ("initiative", ["Initiative", "Initiative", "Initiative", "倡议", "イニシアチブ", "이니셔티브", "Инициатива"]),
    ("initiatives", ["Initiatives", "Initiatives", "Initiativen", "倡议", "イニシアチブ", "이니셔티브", "Инициативы"]),
    ("initiatives_description", ["Every initiative the briefs cover", "Toutes les initiatives traitées dans les notes", "Alle Initiativen, die die Analysen behandeln", "简报涉及的全部倡议", "ブリーフが扱うすべてのイニシアチブ", "브리프가 다루는 모든 이니셔티브", "Все инициативы, о которых пишут записки"]),
    ("last", ["Last", "Dernière", "Letzte", "末页", "最後", "마지막", "Последняя"]),
    ("latest_briefs", ["Latest briefs", "Dernières notes", "Neueste Analysen", "最新简报", "最新のブリーフ", "최신 브리프", "Последние записки"]),
    ("links_of", ["Links of {name}", "Liens de {name}", "Links von {name}", "{name}的链接", "{name}のリンク", "{name}의 링크", "Ссылки: {name}"]),
    ("list_comma", [", ", ", ", ", ", "、", "、", ", ", ", "]),
    ("main_menu", ["Main", "Principal", "Hauptmenü", "主菜单", "メイン", "주 메뉴", "Главное меню"]),
    ("milestone", ["Milestone", "Étape", "Meilenstein", "里程碑", "節目", "주요 사건", "Этап"]),
    ("milestones", ["Milestones", "Étapes", "Meilensteine", "里程碑", "主な出来事", "주요 사건", "Этапы"]),
    ("milestones_of", ["Milestones of {name}", "Étapes de {name}", "Meilensteine: {name}", "{name}的里程碑", "{name}の主な出来事", "{name}의 주요 사건", "Этапы: {name}"]),
    ("min_read", ["{n} min read", "{n} min de lecture", "{n} Min. Lesezeit", "阅读约需 {n} 分钟", "{n}分で読めます", "{n}분 분량", "{n} мин чтения"]),
    ("months", ["January|February|March|April|May|June|July|August|September|October|November|December", "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre", "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember", "1月|2月|3月|4月|5月|6月|7月|8月|9月|10月|11月|12月", "1月|2月|3月|4月|5月|6月|7月|8月|9月|10月|11月|12月", "1월|2월|3월|4월|5월|6월|7월|8월|9월|10월|11월|12월", "январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"]),
    ("months_of", ["January|February|March|April|May|June|July|August|September|October|November|December", "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre", "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember", "1月|2月|3月|4月|5月|6月|7月|8月|9月|10月|11月|12月", "1月|2月|3月|4月|5月|6月|7月|8月|9月|10月|11月|12月", "1월|2월|3월|4월|5월|6월|7월|8월|9월|10월|11월|12월", "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"]),
    ("months_short", ["Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec", "janv.|févr.|mars|avr.|mai|juin|juil.|août|sept.|oct.|nov.|déc.", "Jan.|Feb.|März|Apr.|Mai|Juni|Juli|Aug.|Sept.|Okt.|Nov.|Dez.", "1月|2月|3月|4月|5月|6月|7月|8月|9月|10月|11月|12月", "1月|2月|3月|4月|5月|6月|7月|8月|9月|10月|11月|12月", "1월|2월|3월|4월|5월|6월|7월|8월|9월|10월|11월|12월", "янв.|февр.|мар.|апр.|мая|июн.|июл.|авг.|сент.|окт.|нояб.|дек."]),
    ("n_a", ["n/a", "n.d.", "k. A.", "无数据", "データなし", "자료 없음", "н/д"]),
    ("n_authors", ["{n} author|{n} authors", "{n} auteur|{n} auteurs", "{n} Person|{n} Personen", "{n} 位作者", "{n} 人の執筆者", "저자 {n}명", "{n} автор|{n} автора|{n} авторов"]),
    ("n_briefs", ["{n} brief|{n} briefs", "{n} note|{n} notes", "{n} Analyse|{n} Analysen", "{n} 篇简报", "{n} 件のブリーフ", "브리프 {n}건", "{n} записка|{n} записки|{n} записок"]),
    ("n_briefs_newest_first", ["{n} brief, newest first|{n} briefs, newest first", "{n} note, de la plus récente à la plus ancienne|{n} notes, de la plus récente à la plus ancienne", "{n} Analyse, neueste zuerst|{n} Analysen, neueste zuerst", "{n} 篇简报，按时间由新到旧", "{n} 件のブリーフ（新しい順）", "브리프 {n}건, 최신순", "{n} записка, сначала новые|{n} записки, сначала новые|{n} записок, сначала новые"]),
    ("n_initiatives", ["{n} initiative|{n} initiatives", "{n} initiative|{n} initiatives", "{n} Initiative|{n} Initiativen", "{n} 项倡议", "{n} 件のイニシアチブ", "이니셔티브 {n}개", "{n} инициатива|{n} инициативы|{n} инициатив"]),
    ("n_regions", ["{n} region|{n} regions", "{n} région|{n} régions", "{n} Region|{n} Regionen", "{n} 个地区", "{n} の地域", "지역 {n}곳", "{n} регион|{n} региона|{n} регионов"]),
    ("n_tags", ["{n} tag|{n} tags", "{n} mot-clé|{n} mots-clés", "{n} Schlagwort|{n} Schlagwörter", "{n} 个标签", "{n} 個のタグ", "태그 {n}개", "{n} тег|{n} тега|{n} тегов"]),
    ("newer", ["Newer", "Plus récentes", "Neuer", "较新", "新しい", "최신", "Новее"]),
    ("no_briefs_published", ["No briefs have been published yet.", "Aucune note n’a encore été publiée.", "Noch keine Analysen veröffentlicht.", "尚未发布简报。", "まだブリーフは公開されていません。", "아직 발행된 브리프가 없습니다.", "Записок пока нет."]),
    ("no_briefs_yet", ["No briefs yet.", "Pas encore de notes.", "Noch keine Analysen.", "暂无简报。", "ブリーフはまだありません。", "아직 브리프가 없습니다.", "Записок пока нет."]),
    ("no_data", ["No data", "Pas de données", "Keine Daten", "无数据", "データなし", "데이터 없음", "Нет данных"]),
    ("no_initiatives_yet", ["No initiatives yet.", "Pas encore d’initiatives.", "Noch keine Initiativen.", "暂无倡议。", "イニシアチブはまだありません。", "아직 이니셔티브가 없습니다.", "Инициатив пока нет."]),
    ("no_regions_yet", ["No regions yet.", "Pas encore de régions.", "Noch keine Regionen.", "暂无地区。", "地域はまだありません。", "아직 지역이 없습니다.", "Регионов пока нет."]),
    ("no_tags_yet", ["No tags yet.", "Pas encore de mots-clés.", "Noch keine Schlagwörter.", "暂无标签。", "タグはまだありません。", "아직 태그가 없습니다.", "Тегов пока нет."]),
    ("not_found", ["Page not found", "Page introuvable", "Seite nicht gefunden", "找不到页面", "ページが見つかりません", "페이지를 찾을 수 없습니다", "Страница не найдена"]),
    ("not_found_lede", ["The page you asked for does not exist or has moved.", "La page demandée n’existe pas ou a été déplacée.", "Die gesuchte Seite gibt es nicht oder sie wurde verschoben.", "您请求的页面不存在或已移动。", "お探しのページは存在しないか、移動しました。", "요청하신 페이지가 없거나 옮겨졌습니다.", "Запрошенная страница не существует или перемещена."]),
    ("note", ["Note: ", "Note : ", "Anmerkung: ", "注：", "注：", "주: ", "Примечание: "]),
    ("note_n", ["Note {n}", "Note {n}", "Anmerkung {n}", "注释 {n}", "注 {n}", "주석 {n}", "Примечание {n}"]),
    ("older", ["Older", "Plus anciennes", "Älter", "较早", "古い", "이전", "Старее"]),
    ("ongoing", ["Ongoing", "En cours", "Laufend", "进行中", "継続中", "진행 중", "Продолжается"]),
    ("page_n_of", ["Page {n} of {pages}", "Page {n} sur {pages}", "Seite {n} von {pages}", "第 {n} 页，共 {pages} 页", "{pages} ページ中 {n} ページ目", "{pages}쪽 중 {n}쪽", "Страница {n} из {pages}"]),
    ("page_title_nth", ["{title} (page {n} of {pages})", "{title} (page {n} sur {pages})", "{title} (Seite {n} von {pages})", "{title}（第 {n} 页，共 {pages} 页）", "{title}（{pages} ページ中 {n} ページ目）", "{title} ({pages}쪽 중 {n}쪽)", "{title} (страница {n} из {pages})"]),
    ("pages_of_list", ["Pages of this list", "Pages de cette liste", "Seiten dieser Liste", "本列表的分页", "この一覧のページ", "이 목록의 페이지", "Страницы списка"]),
    ("pagination_one", ["brief {first} of {total}", "note {first} sur {total}", "Analyse {first} von {total}", "第 {first} 篇，共 {total} 篇", "全 {total} 件中 {first} 件目", "전체 {total}건 중 {first}번째", "записка {first} из {total}"]),
    ("pagination_range", ["briefs {first}–{last} of {total}", "notes {first} à {last} sur {total}", "Analysen {first}–{last} von {total}", "第 {first}–{last} 篇，共 {total} 篇", "全 {total} 件中 {first}〜{last} 件目", "전체 {total}건 중 {first}–{last}번째", "записки {first}–{last} из {total}"]),
    ("part_of", ["Part of", "Fait partie de", "Teil von", "隶属", "上位地域：", "상위 지역:", "Входит в"]),
    ("policy_brief", ["Policy brief", "Note d’analyse", "Politikanalyse", "政策简报", "政策ブリーフ", "정책 브리프", "Аналитическая записка"]),
    ("portrait_of", ["Portrait of {name}", "Portrait de {name}", "Porträt von {name}", "{name}的照片", "{name}の写真", "{name}의 사진", "Портрет: {name}"]),
    ("published_by", ["Published by {name}", "Publié par {name}", "Herausgegeben von {name}", "发布者：{name}", "発行：{name}", "발행: {name}", "Издатель: {name}"]),
    ("references", ["References", "Références", "Literatur", "参考文献", "参考文献", "참고 문헌", "Литература"]),
    ("references_description", ["Every work cited in the briefs", "Tous les ouvrages cités dans les notes", "Alle in den Analysen zitierten Werke", "简报中引用的所有文献", "ブリーフで引用されたすべての文献", "브리프에 인용된 모든 문헌", "Все работы, цитируемые в записках"]),
    ("region", ["Region", "Région", "Region", "地区", "地域", "지역", "Регион"]),
    ("regions", ["Regions", "Régions", "Regionen", "地区", "地域", "지역", "Регионы"]),
    ("regions_description", ["Every region the briefs cover", "Toutes les régions traitées dans les notes", "Alle Regionen, die die Analysen behandeln", "简报涉及的全部地区", "ブリーフが扱うすべての地域", "브리프가 다루는 모든 지역", "Все регионы, о которых пишут записки"]),
    ("related_briefs", ["Related briefs", "Notes connexes", "Verwandte Analysen", "相关简报", "関連ブリーフ", "관련 브리프", "Похожие записки"]),
    ("search", ["Search", "Rechercher", "Suchen", "搜索", "検索", "검색", "Найти"]),
    ("search_failed", ["The search index could not be loaded. Every brief is in the list of all briefs.", "L’index de recherche n’a pas pu être chargé. Toutes les notes figurent dans la liste complète.", "Der Suchindex konnte nicht geladen werden. Alle Analysen stehen in der Gesamtliste.", "无法加载搜索索引。全部简报见简报列表。", "検索インデックスを読み込めませんでした。すべてのブリーフは一覧から見られます。", "검색 색인을 불러오지 못했습니다. 모든 브리프는 전체 목록에서 볼 수 있습니다.", "Не удалось загрузить поисковый индекс. Все записки есть в общем списке."]),
    ("search_filter", ["Filter the results", "Filtrer les résultats", "Ergebnisse filtern", "筛选结果", "結果を絞り込む", "결과 필터", "Фильтр результатов"]),
    ("search_find_a_brief", ["Find a brief", "Trouver une note", "Eine Analyse finden", "查找简报", "ブリーフを探す", "브리프 찾기", "Найти записку"]),
    ("search_found", ["{n} {briefs} found for “{q}”.", "« {q} » : {n} {briefs}.", "„{q}“: {n} {briefs} gefunden.", "“{q}”：找到 {n} {briefs}。", "「{q}」：{n} {briefs}が見つかりました。", "‘{q}’: {n}{briefs}를 찾았습니다.", "По запросу «{q}» найдено: {n} {briefs}."]),
    ("search_found_filters", ["{n} {briefs} found for the chosen filters.", "Filtres choisis : {n} {briefs}.", "{n} {briefs} für die gewählten Filter gefunden.", "所选条件：{n} {briefs}。", "選んだ条件：{n} {briefs}。", "선택한 조건: {n}{briefs}.", "По выбранным фильтрам найдено: {n} {briefs}."]),
    ("search_more", ["Show more results", "Afficher plus de résultats", "Weitere Ergebnisse anzeigen", "显示更多结果", "さらに表示", "결과 더 보기", "Показать ещё"]),
    ("search_narrow", ["Narrow the results", "Affiner les résultats", "Ergebnisse eingrenzen", "缩小结果范围", "結果の絞り込み", "결과 좁히기", "Уточнить результаты"]),
    ("search_needs_js", ["Search needs JavaScript. Every brief is also listed here:", "La recherche nécessite JavaScript. Toutes les notes sont aussi listées ici :", "Die Suche braucht JavaScript. Alle Analysen stehen auch hier:", "搜索需要 JavaScript。全部简报也可在此浏览：", "検索には JavaScript が必要です。すべてのブリーフはこちらからも見られます：", "검색에는 JavaScript가 필요합니다. 모든 브리프는 여기에서도 볼 수 있습니다:", "Для поиска нужен JavaScript. Все записки есть и здесь:"]),
    ("search_none", ["No briefs found for “{q}”.", "Aucune note trouvée pour « {q} ».", "Keine Analysen für „{q}“ gefunden.", "没有找到与“{q}”相关的简报。", "「{q}」に該当するブリーフはありません。", "‘{q}’에 해당하는 브리프가 없습니다.", "По запросу «{q}» ничего не найдено."]),
    ("search_none_filters", ["No briefs found for the chosen filters.", "Aucune note ne correspond aux filtres choisis.", "Keine Analysen für die gewählten Filter gefunden.", "没有符合所选条件的简报。", "選んだ条件に該当するブリーフはありません。", "선택한 조건에 해당하는 브리프가 없습니다.", "По выбранным фильтрам ничего не найдено."]),
    ("search_placeholder", ["Search briefs", "Rechercher une note", "Analysen durchsuchen", "搜索简报", "ブリーフを検索", "브리프 검색", "Поиск записок"]),
    ("search_prompt", ["Type a word, or choose a region, initiative, year or tag.", "Saisissez un mot, ou choisissez une région, une initiative, une année ou un thème.", "Geben Sie ein Wort ein oder wählen Sie eine Region, eine Initiative, ein Jahr oder ein Schlagwort.", "输入一个词，或选择地区、倡议、年份或标签。", "語句を入力するか、地域・イニシアチブ・年・タグを選んでください。", "단어를 입력하거나 지역, 이니셔티브, 연도, 태그를 고르세요.", "Введите слово или выберите регион, инициативу, год или тег."]),
    ("search_the_briefs", ["Search the briefs", "Rechercher dans les notes", "Die Analysen durchsuchen", "搜索全部简报", "ブリーフを検索する", "브리프 검색하기", "Поиск по запискам"]),
    ("since", ["Since {date}", "Depuis {date}", "Seit {date}", "自{date}起", "{date}から", "{date}부터", "С {date}"]),
    ("skip_to_content", ["Skip to main content", "Aller au contenu principal", "Zum Hauptinhalt springen", "跳到主要内容", "本文へスキップ", "본문으로 건너뛰기", "Перейти к основному содержанию"]),
    ("source", ["Source: ", "Source : ", "Quelle: ", "来源：", "出典：", "출처: ", "Источник: "]),
    ("sponsor", ["Sponsor", "Promoteur", "Träger", "发起方", "主導", "주관", "Инициатор"]),
    ("started", ["Started", "Début", "Beginn", "开始", "開始", "시작", "Начало"]),
    ("status", ["Status", "Statut", "Status", "状态", "状況", "상태", "Статус"]),
    ("sub_regions", ["Sub-regions", "Sous-régions", "Teilregionen", "下级地区", "下位地域", "하위 지역", "Подрегионы"]),
    ("summary", ["Summary", "Résumé", "Zusammenfassung", "摘要", "要旨", "요약", "Краткое содержание"]),
    ("table", ["Table", "Tableau", "Tabelle", "表格", "表", "표", "Таблица"]),
    ("tag", ["Tag", "Mot-clé", "Schlagwort", "标签", "タグ", "태그", "Тег"]),
    ("tagged", ["Tagged “{name}”", "Mot-clé « {name} »", "Schlagwort „{name}“", "标签“{name}”", "タグ「{name}」", "태그 ‘{name}’", "Тег «{name}»"]),
    ("tags", ["Tags", "Mots-clés", "Schlagwörter", "标签", "タグ", "태그", "Теги"]),
    ("timeline", ["Timeline", "Chronologie", "Zeitleiste", "时间线", "年表", "연표", "Хронология"]),
    ("topics_of", ["Topics of {title}", "Sujets de {title}", "Themen von {title}", "{title}的主题", "{title}のテーマ", "{title}의 주제", "Темы: {title}"]),
    ("until", ["Until {date}", "Jusqu’en {date}", "Bis {date}", "至{date}", "{date}まで", "{date}까지", "До {date}"]),
    ("updated", ["Updated", "Mis à jour le", "Aktualisiert", "更新于", "更新日", "수정", "Обновлено"]),
    ("year", ["Year", "Année", "Jahr", "年份", "年", "연도", "Год"]),
];

#[cfg(test)]
mod tests;
