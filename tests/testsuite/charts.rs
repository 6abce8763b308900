//! Charts through the whole build: a snapshot of the SVG of each chart type and of each chart
//! of the realistic gallery (the same files the README shows), escaping of content in SVG,
//! the figure markup around each chart, and what region pages gather (issue 12).
//! Set `UPDATE_SNAPSHOTS=1` to rewrite the snapshots after an intended change, and look at them.

use crate::util::*;

/// Standalone files snapshotted under `docs/charts/`: one per chart type, then the charts of
/// `briefs/real-data.md` (long labels, 12 categories, monthly, quarterly and irregular dates,
/// gaps, a two-point series, nine series as lines and as stacked bars, millions, fractions,
/// grouped and stacked bars, months as horizontal bars).
const TYPES: [&str; 19] = [
    "line",
    "bar",
    "hbar",
    "stacked",
    "area",
    "hs-chapters",
    "partners",
    "monthly",
    "quarterly",
    "irregular",
    "gdp-per-capita",
    "slope",
    "nine-series",
    "millions",
    "fractions",
    "grouped",
    "stacked-long",
    "nine-stacked",
    "hbar-months",
];

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

/// The part of `html` from the element with `id` to the end of its figure.
fn figure<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!(r#"id="{id}""#)).unwrap_or_else(|| panic!("no {id}"));
    &html[start..start + html[start..].find("</figure>").unwrap()]
}

/// The texts of `class` elements of one SVG document, in order.
fn texts<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    let marker = format!("class=\"{class}\">");
    svg.split(&marker).skip(1).map(|p| &p[..p.find('<').unwrap()]).collect()
}

/// The wide and the narrow `<svg>` of an inline chart.
fn layouts(fig: &str) -> (&str, &str) {
    let doc = |class: &str| {
        let at = fig.find(class).unwrap_or_else(|| panic!("no {class}"));
        let start = fig[..at].rfind("<svg").unwrap();
        &fig[start..start + fig[start..].find("</svg>").unwrap()]
    };
    (doc(" dc-wide\""), doc(" dc-narrow\""))
}

/// Issue 12: nothing cut, nothing dropped. Twelve long HS chapter names become horizontal
/// bars (the build says so), every name is drawn whole in both layouts, wrapped, never with an
/// ellipsis, and given whole in the description; the missing value is marked "n/a".
#[test]
fn long_category_labels_are_wrapped_whole_and_bars_turn_horizontal() {
    let tmp = Temp::new("labels");
    let run = build(&fixture("gallery"), tmp.path(), &[]);
    assert!(
        run.stderr.contains("real-data.md:13:7: warning: chart `hs-chapters` is drawn with horizontal bars"),
        "the build says a bar chart turned horizontal: {}",
        run.stderr
    );
    let html = read(tmp.path().join("briefs/real-data/index.html"));
    let fig = figure(&html, "fig-hs-chapters");
    let block = read(fixture("gallery").join("briefs/real-data.md"));
    let names: Vec<String> = block
        .lines()
        .skip_while(|l| !l.contains("chapter, 2019"))
        .skip(1)
        .take(12)
        .map(|l| l.trim().rsplit_once(',').unwrap().0.trim_matches('"').replace('\'', "&apos;"))
        .collect();
    assert_eq!(names.len(), 12);
    let (wide, narrow) = layouts(fig);
    for svg in [wide, narrow] {
        assert!(svg.contains("dc-kind-hbar"), "12 long names: horizontal bars");
        assert!(!svg.contains('…'), "nothing cut");
        let joined = texts(svg, "dc-cat").join(" ");
        for name in &names {
            assert!(joined.contains(name.as_str()), "{name} is not drawn whole: {joined}");
        }
        assert!(svg.contains(">n/a</text>"), "Cereals is marked missing");
        assert!(svg.contains("<title>Cereals: no data</title>"));
    }
    let desc = &wide[wide.find("<desc").unwrap()..wide.find("</desc>").unwrap()];
    for name in &names {
        assert!(
            desc.contains(name.replace("&apos;", "'").as_str()) || desc.contains(name.as_str()),
            "{name} not in the description"
        );
    }
    // The standalone file draws them whole too, with its note, source and the site's name.
    let file = read(tmp.path().join("charts/hs-chapters.svg"));
    assert!(!file.contains('…'));
    for part in ["Note: Chapters are ordered", "Source: UN Comtrade, HS 2017 chapters", "Chart: Chart gallery"] {
        assert!(file.contains(part), "the standalone file lacks {part}");
    }
}

/// Issue 12: caption order (title, unit, chart, then note and source), the unit printed
/// once, inline Markdown in source and note rendered, and a hover title on every bar.
#[test]
fn captions_read_title_unit_chart_note_source() {
    let tmp = Temp::new("captions");
    build(&fixture("gallery"), tmp.path(), &[]);
    let html = read(tmp.path().join("briefs/real-data/index.html"));
    let fig = figure(&html, "fig-hs-chapters");
    let at = |part: &str| fig.find(part).unwrap_or_else(|| panic!("no {part} in {fig}"));
    assert!(at("chart-title") < at("chart-unit") && at("chart-unit") < at("<svg"));
    assert!(at("</svg>") < at("chart-note") && at("chart-note") < at("chart-source"));
    let (wide, narrow) = layouts(fig);
    for svg in [wide, narrow] {
        assert!(!svg.contains(">US$ million</text>"), "the unit is printed once, in the caption");
        assert!(!svg.contains("Source:"), "the source is under the chart, in the page");
    }
    assert!(
        fig.contains(r#"Source: <a href="https://comtrade.un.org/data/">UN Comtrade</a>, <em>HS 2017</em> chapters"#),
        "{fig}"
    );
    assert!(fig.contains("<em>n/a</em>: not reported"));
    assert!(!fig.contains("[UN Comtrade]"), "no raw Markdown");
    assert_eq!(
        layouts(fig).0.matches("<rect class=\"dc-hit\"").count(),
        12,
        "a hover target per bar, the missing one included"
    );
    assert!(
        fig.contains(
            "<title>Nuclear reactors, boilers, machinery and mechanical appliances: 4,210 US$ million</title>"
        )
    );
}

/// Issue 12: dates are a time axis, the first and last x are labelled, two-point series carry
/// their values, counts have whole ticks, big numbers are compact.
#[test]
fn time_axes_ends_slopes_and_numbers() {
    let tmp = Temp::new("time");
    build(&fixture("gallery"), tmp.path(), &[]);
    let html = read(tmp.path().join("briefs/real-data/index.html"));
    let (monthly, monthly_narrow) = layouts(figure(&html, "fig-monthly"));
    for svg in [monthly, monthly_narrow] {
        let ticks = texts(svg, "dc-tick");
        assert!(ticks.contains(&"Jan 2019") && ticks.contains(&"Feb 2020"), "first and last month: {ticks:?}");
        assert!(!ticks.iter().any(|t| t.starts_with("2019-")), "no ISO strings: {ticks:?}");
    }
    assert!(
        monthly.contains("<title>Exports, Aug 2019: 44.6 US$ million per month</title>"),
        "hover: series, x, value, unit"
    );
    assert!(!monthly.contains("Exports, Jul 2019"), "no point where the value is missing");
    let (quarterly, _) = layouts(figure(&html, "fig-quarterly"));
    let ticks = texts(quarterly, "dc-tick");
    assert!(ticks.contains(&"2019 Q1") && ticks.contains(&"2021 Q1"), "{ticks:?}");
    let (slope, _) = layouts(figure(&html, "fig-slope"));
    let ticks = texts(slope, "dc-tick");
    assert!(ticks.contains(&"1994") && ticks.contains(&"2019"), "a series' own first and last years: {ticks:?}");
    let values = texts(slope, "dc-value");
    for v in ["33", "11", "42", "32"] {
        assert!(values.contains(&v), "two-point series are labelled with their values: {values:?}");
    }
    let (millions, _) = layouts(figure(&html, "fig-millions"));
    let ticks = texts(millions, "dc-tick");
    assert!(ticks.iter().any(|t| t.ends_with('M')) && !ticks.iter().any(|t| t.contains(",000,")), "{ticks:?}");
    let (grouped, _) = layouts(figure(&html, "fig-grouped"));
    let values = texts(grouped, "dc-value");
    for v in ["14", "60", "3", "9.5", "\u{2212}1", "\u{2212}9", "1.5"] {
        assert!(values.contains(&v), "grouped bars are labelled: {values:?}");
    }
    assert!(grouped.contains(">n/a</text>"), "a missing bar is marked");
}

/// Issue 12: what a region page gathers never misleads. A gap stays a gap, a single value is
/// shown as a value with the comparison series of its chart, the original sources are cited,
/// acronyms survive in titles, and one brief's year is no chart of briefs per year.
#[test]
fn gathered_charts_keep_gaps_single_values_and_sources() {
    let tmp = Temp::new("gathered");
    build(&fixture("gallery"), tmp.path(), &[]);
    let brief = read(tmp.path().join("briefs/real-data/index.html"));
    let region = read(tmp.path().join("regions/jilin/index.html"));
    let (in_brief, _) = layouts(figure(&brief, "fig-gdp-per-capita"));
    let (gathered, gathered_narrow) = layouts(figure(&region, "fig-g-jilin-gdp-per-capita"));
    let runs = |svg: &str| svg.matches("class=\"dc-ln dc-s1\"").count();
    assert_eq!(runs(in_brief), 1, "2000 stands alone before the 2005 gap, then one line");
    assert_eq!(runs(gathered), runs(in_brief), "the region page keeps the brief's gap");
    assert_eq!(runs(gathered_narrow), runs(in_brief));
    assert!(gathered.contains("<title>2000: 7,640 yuan per person</title>"));
    assert!(!gathered.contains("<title>2005"), "nothing drawn for the missing year");
    let fig = figure(&region, "fig-g-jilin-gdp-per-capita");
    assert!(fig.contains(">GDP per capita: Jilin<"), "acronyms kept in the title");
    assert!(
        fig.contains(r#"Source: <a href="https://databank.worldbank.org/source/world-development-indicators">World Bank, World Development Indicators</a>"#),
        "the original source is cited: {fig}"
    );
    assert!(!region.contains("Gathered from the briefs"));

    let yanbian = read(tmp.path().join("regions/yanbian/index.html"));
    let single = figure(&yanbian, "fig-g-yanbian-trade-growth");
    assert!(!single.contains("<svg"), "one value is not a chart of one full-scale bar");
    assert!(single.contains(r#"<span class="chart-stat-value">−12</span>"#), "{single}");
    assert!(
        single.contains(
            r#"<span class="chart-stat-value">−9</span> <span class="chart-stat-what">Jilin, 2018-19</span>"#
        ),
        "with its comparison: {single}"
    );
    assert!(single.contains("Source: Yanbian Statistical Bulletin 2019"));
    assert!(!yanbian.contains("fig-g-per-year-yanbian"), "one brief in one year: nothing to compare");

    let per_year = figure(&region, "fig-g-per-year-jilin");
    let ticks = texts(per_year, "dc-tick");
    assert!(ticks.iter().all(|t| !t.contains('.')), "counts have whole ticks: {ticks:?}");
}

/// Issue 12: beyond six series, bars differ by more than colour: series 7 to 9 of stacked bars
/// are hatched, in the bars and in the legend, in both layouts and the standalone file; the
/// build says so at the chart's place. Months as horizontal bars read "Jan 2020".
#[test]
fn series_beyond_the_palette_are_hatched_and_dated_rows_read_as_dates() {
    let tmp = Temp::new("hatch");
    let run = build(&fixture("gallery"), tmp.path(), &[]);
    let line =
        read(fixture("gallery").join("briefs/real-data.md")).lines().position(|l| l == "id: nine-stacked").unwrap() + 3;
    assert!(
        run.stderr.contains(&format!(
            "real-data.md:{line}:7: warning: chart `nine-stacked` has 9 series but the palette has 6 colours"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("told apart by hatching"), "{}", run.stderr);
    let html = read(tmp.path().join("briefs/real-data/index.html"));
    let (wide, narrow) = layouts(figure(&html, "fig-nine-stacked"));
    let file = read(tmp.path().join("charts/nine-stacked.svg"));
    for (svg, id) in [(wide, "nine-stacked"), (narrow, "nine-stacked-narrow"), (file.as_str(), "nine-stacked")] {
        assert!(svg.contains(&format!("<pattern id=\"{id}-hatch1\"")), "{svg}");
        let uses = svg.matches(&format!("class=\"dc-hatch\" fill=\"url(#{id}-hatch1)\"")).count();
        assert_eq!(uses, 3 * 3 + 3, "three series in three bars each, and their legend swatches");
    }
    let (months, _) = layouts(figure(&html, "fig-hbar-months"));
    assert_eq!(texts(months, "dc-cat"), ["Jan 2020", "Feb 2020", "Mar 2020", "Apr 2020"]);
}
