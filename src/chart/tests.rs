//! Chart tests: structure of every chart type (accessibility, classes instead of colours,
//! gaps, number formats, escaping, determinism), a robustness sweep over odd tables that
//! also checks well-formed XML and non-overlapping text, and the helpers on their own.

use super::axis::TickFormat;
use super::*;
use crate::data::table::{ChartKind, Row, Table};

const KINDS: [ChartKind; 5] = [ChartKind::Line, ChartKind::Bar, ChartKind::Hbar, ChartKind::Stacked, ChartKind::Area];
const CSS: &str = include_str!("../../themes/default/static/chart.css");

fn table(x_label: &str, series: &[&str], rows: &[(&str, &[Option<f64>])]) -> Table {
    Table {
        x_label: x_label.into(),
        series: series.iter().map(|s| s.to_string()).collect(),
        rows: rows.iter().map(|(x, v)| Row { x: x.to_string(), values: v.to_vec() }).collect(),
    }
}

fn chart<'a>(kind: ChartKind, t: &'a Table) -> Chart<'a> {
    Chart {
        id: "c1",
        title: "Exports",
        kind,
        unit: Some("US$ million"),
        source: Some("UN Comtrade"),
        note: None,
        credit: None,
        table: t,
        strings: &crate::i18n::ENGLISH,
    }
}

fn years() -> Table {
    table(
        "Year",
        &["Kenya", "Uganda"],
        &[
            ("2019", &[Some(18900.0), Some(1200.0)]),
            ("2020", &[Some(17000.5), None]),
            ("2021", &[None, Some(900.0)]),
            ("2022", &[Some(19500.0), Some(1500.0)]),
            ("2023", &[Some(21000.0), Some(1700.0)]),
        ],
    )
}

fn partners() -> Table {
    table(
        "Partner",
        &["Share"],
        &[
            ("China", &[Some(34.5)]),
            ("European Union", &[Some(21.0)]),
            ("India", &[None]),
            ("Rest of the world", &[Some(-3.25)]),
        ],
    )
}

/// The part of a document after its `<style>` (standalone) or the whole of it (inline).
fn body(svg: &str) -> &str {
    svg.find("</style>").map_or(svg, |i| &svg[i..])
}

/// The wide layout of an inline chart (the first of its two `<svg>` documents).
fn wide(c: &Chart) -> String {
    layouts(&render_svg(c, None)).0
}

/// The narrow layout of an inline chart.
fn narrow(c: &Chart) -> String {
    layouts(&render_svg(c, None)).1
}

fn layouts(svg: &str) -> (String, String) {
    let end = svg.find("</svg>\n").expect("a first document") + "</svg>\n".len();
    (svg[..end].to_string(), svg[end..].to_string())
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

// ---- structure -------------------------------------------------------------------------

#[test]
fn every_kind_has_accessible_root_and_no_colours() {
    for t in [years(), partners()] {
        for kind in KINDS {
            let both = render_svg(&chart(kind, &t), None);
            let (svg, small) = layouts(&both);
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 "), "{kind:?}: {svg}");
            assert!(
                small.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 480 "),
                "{kind:?}: {small}"
            );
            assert!(svg.contains(" dc-wide\"") && small.contains(" dc-narrow\""), "two layouts for CSS to choose from");
            assert!(small.contains("aria-labelledby=\"c1-narrow-title c1-narrow-desc\""), "{small}");
            assert_eq!(count(&small, " id=\""), 2, "the narrow layout's ids are its own");
            assert_well_formed(&small);
            let root = &svg[..svg.find('>').unwrap()];
            assert!(!root.contains(" width="), "inline SVG must not have a fixed width: {root}");
            assert!(root.contains("role=\"img\" aria-labelledby=\"c1-title c1-desc\""), "{root}");
            assert!(svg.contains("<title id=\"c1-title\">Exports</title>"));
            assert!(svg.contains("<desc id=\"c1-desc\">"));
            assert!(!svg.contains("<style"), "inline SVG relies on the page's chart.css");
            assert!(!svg.contains("fill=\"#") && !svg.contains("stroke=\"#"), "{kind:?} hard-codes a colour");
            assert!(!svg.contains("opacity="), "{kind:?}");
            assert!(svg.contains("dc-s1"), "{kind:?} has no series class");
            // On a page the caption shows title and unit, and note and source under the chart.
            assert!(!both.contains("Source: UN Comtrade"), "{kind:?}");
            assert!(!both.contains(">US$ million<"), "{kind:?}: unit is in the caption only");
            assert!(
                svg.contains("<title>") && svg.contains("US$ million</title>"),
                "{kind:?}: hover titles carry the unit"
            );
            assert_eq!(count(&svg, " id=\""), 2, "only the title and desc carry ids");
            assert_well_formed(&svg);
        }
    }
}

#[test]
fn standalone_has_size_style_background_and_visible_title() {
    let t = years();
    let svg = render_svg(&chart(ChartKind::Line, &t), Some(CSS));
    let root = &svg[..svg.find('>').unwrap()];
    assert!(root.contains(" width=\"640\" height=\"") && root.contains("dc-standalone"), "{root}");
    assert!(!svg.starts_with("<?xml"));
    assert!(svg.contains("<style><![CDATA[.dc-chart{"), "CSS inlined, compacted");
    assert!(!svg.contains("/*"), "comments stripped");
    assert!(svg.contains("class=\"dc-bg\""));
    assert!(svg.contains("class=\"dc-title\" font-size=\"26\">Exports</text>"));
    assert!(!body(&svg).contains("fill=\"#"));
    assert_well_formed(&svg);
    // Inline: the figure caption shows the title, the SVG does not.
    assert!(!render_svg(&chart(ChartKind::Line, &t), None).contains("dc-title"));
    // A downloaded chart carries its whole title, unit, note, source and the site's name.
    let title = "A title long enough to need three lines in a standalone file, because a slide must carry every word of it, not two lines and an ellipsis";
    let c = Chart {
        title,
        note: Some("Values for 2021 are estimates."),
        credit: Some("Northeast Asia Briefs"),
        ..chart(ChartKind::Bar, &t)
    };
    let svg = render_svg(&c, Some(CSS));
    let titles: Vec<&str> =
        svg.split("class=\"dc-title\" font-size=\"26\">").skip(1).map(|p| &p[..p.find('<').unwrap()]).collect();
    assert!(titles.len() >= 3, "{titles:?}");
    assert_eq!(titles.join(" "), title, "the whole title, in order, nothing cut");
    for part in [
        ">US$ million</text>",
        ">Note: Values for 2021 are estimates.</text>",
        ">Source: UN Comtrade</text>",
        ">Chart: Northeast Asia Briefs</text>",
    ] {
        assert!(svg.contains(part), "standalone lacks {part}");
    }
    assert!(!svg.contains('…'));
    assert_no_text_overlap(&svg);
}

#[test]
fn line_chart_gaps_years_separators_and_direct_labels() {
    let t = years();
    let svg = wide(&chart(ChartKind::Line, &t));
    // Kenya is missing 2021: two runs. Uganda is missing 2020: a lone 2019 point and a run.
    assert_eq!(count(&svg, "class=\"dc-ln dc-s1\""), 2, "{svg}");
    assert_eq!(count(&svg, "class=\"dc-ln dc-s2\""), 1);
    assert!(svg.contains("class=\"dc-ln dc-s2\" stroke-dasharray="), "second series is dashed");
    for year in ["2019", "2020", "2021", "2022", "2023"] {
        assert!(svg.contains(&format!(">{year}</text>")), "year {year} written plainly");
    }
    assert!(!svg.contains(">2,0"), "no separator in years");
    assert!(svg.contains(">20,000</text>") || svg.contains(">15,000</text>"), "thousands separators on values: {svg}");
    // Two series: labelled at their ends, so no legend.
    assert!(svg.contains("class=\"dc-lab dc-s1\" font-size=\"22\">Kenya<"));
    assert!(svg.contains("class=\"dc-lab dc-s2\" font-size=\"22\">Uganda<"));
    assert!(!svg.contains("dc-label"), "no legend");
}

#[test]
fn many_series_get_a_legend_instead_of_end_labels() {
    let names = ["A", "B", "C", "D"];
    let rows: Vec<(&str, &[Option<f64>])> = vec![
        ("2000", &[Some(1.0), Some(2.0), Some(3.0), Some(4.0)]),
        ("2001", &[Some(2.0), Some(3.0), Some(4.0), Some(5.0)]),
    ];
    let t = table("Year", &names, &rows);
    let svg = wide(&chart(ChartKind::Line, &t));
    assert!(!svg.contains("dc-lab dc-s"));
    for n in names {
        assert!(svg.contains(&format!("class=\"dc-label\" font-size=\"22\">{n}</text>")), "{n} in legend");
    }
    for i in 1..=4 {
        assert!(svg.contains(&format!("dc-s{i}")));
    }
    // A single series has neither legend nor (when its name fits) anything but its end label.
    let one = table("Year", &["Only"], &[("2000", &[Some(1.0)]), ("2001", &[Some(2.0)])]);
    let svg = wide(&chart(ChartKind::Line, &one));
    assert!(!svg.contains("dc-label") && !svg.contains("dc-sw"));
    assert!(svg.contains("dc-lab dc-s1"));
}

#[test]
fn bars_start_at_zero_and_skip_missing_values() {
    let t = partners();
    let svg = wide(&chart(ChartKind::Bar, &t));
    assert_eq!(count(&svg, "class=\"dc-bar dc-s1\""), 3, "India is missing: no bar");
    assert!(svg.contains(">0</text>") || svg.contains(">0.0</text>"), "zero tick");
    assert!(svg.contains("class=\"dc-axis\""), "zero line");
    assert!(svg.contains(">\u{2212}3.25</text>"), "negative value label with a minus sign");
    assert!(svg.contains(">Rest of the world</text>") || svg.contains(">Rest of the</text>"));
}

#[test]
fn hbar_puts_categories_on_the_left_with_value_labels() {
    let t = partners();
    let svg = wide(&chart(ChartKind::Hbar, &t));
    assert_eq!(count(&svg, "class=\"dc-bar dc-s1\""), 3);
    assert!(svg.contains("text-anchor=\"end\" class=\"dc-cat\">China</text>"));
    assert!(svg.contains(">34.5</text>") && svg.contains(">21</text>"));
    assert!(svg.contains(">n/a</text>"), "India is marked missing, not left empty");
    // Long names wrap onto as many lines as they need, never cut.
    let long =
        "Democratic People's Republic of Korea (North Korea), including small island developing states and territories";
    let t = table("Partner", &["Share"], &[("China", &[Some(1.0)]), (long, &[Some(2.0)])]);
    for svg in [wide(&chart(ChartKind::Hbar, &t)), narrow(&chart(ChartKind::Hbar, &t))] {
        assert!(!svg.contains('…'), "{svg}");
        let lines: Vec<&str> = svg.split("class=\"dc-cat\">").skip(1).map(|p| &p[..p.find('<').unwrap()]).collect();
        assert_eq!(lines[1..].join(" "), long.replace('\'', "&apos;"), "{lines:?}");
        assert!(lines.len() >= 4, "wrapped: {lines:?}");
        assert_no_text_overlap(&svg);
    }
}

/// Issue 12: never drop a category label, never cut one; bars turn horizontal instead. Bars
/// over 30 years are an ordered scale: every k-th year, first and last included, no overlap.
#[test]
fn bar_labels_are_all_drawn_whole_or_bars_turn_horizontal() {
    let names: Vec<String> =
        (0..12).map(|i| format!("Nuclear reactors, boilers, machinery and mechanical appliances {i}")).collect();
    let rows: Vec<(&str, &[Option<f64>])> = names.iter().map(|n| (n.as_str(), &[Some(5.0)][..])).collect();
    let t = table("chapter", &["2019"], &rows);
    let c = chart(ChartKind::Bar, &t);
    assert_eq!(drawn_kind(&c, 640.0), ChartKind::Hbar);
    assert!(layout_notes(&c).iter().any(|(n, hint)| n.contains("horizontal bars") && hint.contains("type: hbar")));
    for svg in [wide(&c), narrow(&c)] {
        assert!(svg.contains("dc-kind-hbar"));
        let drawn =
            svg.split("class=\"dc-cat\">").skip(1).map(|p| &p[..p.find('<').unwrap()]).collect::<Vec<_>>().join(" ");
        for n in &names {
            assert!(drawn.contains(n.as_str()), "{n} not whole in {drawn}");
        }
        assert_no_text_overlap(&svg);
    }
    // Short names stay under vertical bars, all of them, wrapped if need be.
    let t = table("x", &["v"], &[("Japan", &[Some(1.0)]), ("South Korea", &[Some(2.0)]), ("Russia", &[Some(3.0)])]);
    let c = chart(ChartKind::Bar, &t);
    assert_eq!(drawn_kind(&c, 640.0), ChartKind::Bar);
    assert!(layout_notes(&c).is_empty());
    let svg = wide(&c);
    for n in ["Japan", "South Korea", "Russia"] {
        assert!(svg.contains(&format!("class=\"dc-cat\">{n}</text>")), "{n}");
    }
    let years: Vec<String> = (1990..2020).map(|y| y.to_string()).collect();
    let rows: Vec<(&str, &[Option<f64>])> = years.iter().map(|y| (y.as_str(), &[Some(3.0)][..])).collect();
    let t = table("year", &["v"], &rows);
    for svg in [wide(&chart(ChartKind::Bar, &t)), narrow(&chart(ChartKind::Bar, &t))] {
        assert!(svg.contains(">1990</text>") && svg.contains(">2019</text>"), "first and last year");
        assert!(svg.contains("dc-kind-bar"));
        assert_no_text_overlap(&svg);
    }
}

/// Issue 12: dates under bars read as dates, and 36 months of bars thin their labels.
#[test]
fn bars_over_dates_read_as_dates() {
    let months: Vec<String> = (0..36).map(|i| format!("{}-{:02}", 2019 + i / 12, i % 12 + 1)).collect();
    let rows: Vec<(&str, &[Option<f64>])> = months.iter().map(|m| (m.as_str(), &[Some(2.0)][..])).collect();
    let t = table("month", &["v"], &rows);
    for svg in [wide(&chart(ChartKind::Bar, &t)), narrow(&chart(ChartKind::Bar, &t))] {
        assert!(svg.contains("dc-kind-bar"), "an ordered scale stays vertical");
        assert!(svg.contains(">Jan 2019</text>") && svg.contains(">Dec 2021</text>"), "first and last month, as dates");
        assert!(!svg.contains(">2019-01<"));
        assert_no_text_overlap(&svg);
    }
}

/// Issue 12: more series than colours: the build says so, and the dash patterns of the second
/// round differ from the first.
#[test]
fn series_beyond_the_palette_are_told_apart_and_reported() {
    let names: Vec<String> = (1..=9).map(|i| format!("S{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let row: Vec<Option<f64>> = (1..=9).map(|i| Some(f64::from(i))).collect();
    let t = table("year", &refs, &[("2000", &row), ("2001", &row)]);
    let c = chart(ChartKind::Line, &t);
    let notes = layout_notes(&c);
    assert!(notes.iter().any(|(n, _)| n.contains("9 series but the palette has 6 colours")), "{notes:?}");
    let svg = wide(&c);
    // Series 1 and 7 share a colour class (dc-s1) but not a dash pattern.
    let firsts: Vec<Option<String>> = svg
        .match_indices("class=\"dc-ln dc-s1\"")
        .map(|(i, _)| {
            let tag = &svg[i..i + svg[i..].find('>').unwrap()];
            tag.split("stroke-dasharray=\"").nth(1).map(|d| d[..d.find('"').unwrap()].to_string())
        })
        .collect();
    assert_eq!(firsts.len(), 4, "series 1 and 7, as lines and in the legend");
    assert_ne!(firsts[0], firsts[1], "lines of series 1 and 7");
    assert_ne!(firsts[2], firsts[3], "legend entries of series 1 and 7");
}

/// Issue 12: beyond the palette, bars, stacked bars, horizontal bars, stacked areas and their
/// legend swatches carry a hatching as well as their colour: series 7 to 12 one pattern,
/// 13 on the next, each defined once in the chart's `<defs>` with an id of that chart, and
/// painted by chart.css in every scheme.
#[test]
fn series_beyond_the_palette_are_hatched_in_bars_areas_and_legends() {
    let names: Vec<String> = (1..=13).map(|i| format!("S{i}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let row: Vec<Option<f64>> = (1..=13).map(|i| Some(f64::from(i))).collect();
    let t = table("year", &refs, &[("2000", &row), ("2001", &row), ("2002", &row)]);
    for kind in [ChartKind::Bar, ChartKind::Stacked, ChartKind::Hbar, ChartKind::Area] {
        let c = chart(kind, &t);
        for (svg, id) in [(wide(&c), "c1"), (narrow(&c), "c1-narrow")] {
            assert_well_formed(&svg);
            let defs = &svg[svg.find("<defs>").expect("hatchings are defined")..svg.find("</defs>").unwrap()];
            assert_eq!(defs.matches("<pattern ").count(), 2, "{kind:?}: one pattern per round beyond the first");
            for k in [1, 2] {
                assert!(defs.contains(&format!("id=\"{id}-hatch{k}\"")), "{kind:?}: {defs}");
            }
            let uses = |k: usize| svg.matches(&format!("class=\"dc-hatch\" fill=\"url(#{id}-hatch{k})\"")).count();
            // Series 7 to 12 are striped; series 13 the next pattern; the legend too.
            let shapes = if kind == ChartKind::Area { 1 } else { 3 };
            assert_eq!(uses(1), 6 * (shapes + 1), "{kind:?}: six series, each shape and swatch");
            assert_eq!(uses(2), shapes + 1, "{kind:?}");
            assert!(!svg.contains("dc-s7"), "colours still repeat: dc-s1..dc-s6");
        }
        // Within the palette there is nothing to define.
        let few = table("year", &refs[..6], &[("2000", &row[..6]), ("2001", &row[..6])]);
        assert!(!wide(&chart(kind, &few)).contains("<defs>"), "{kind:?}");
        let notes = layout_notes(&c);
        if kind != ChartKind::Line {
            assert!(notes.iter().any(|(n, _)| n.contains("told apart by hatching")), "{notes:?}");
        }
    }
    // The stylesheet paints the hatching's marks in the background colour, light, dark and print.
    assert_eq!(CSS.matches(".dc-chart .dc-hatch-ink {").count(), 3, "light, dark and print");
    // Standalone files carry the same patterns.
    let c = chart(ChartKind::Bar, &t);
    let file = render_svg(&c, Some(CSS));
    assert!(file.contains("<pattern id=\"c1-hatch1\"") && file.contains("url(#c1-hatch1)"));
    assert_eq!(render_svg(&c, Some(CSS)), file, "deterministic");
}

/// Issue 12: horizontal bars over dated categories read as a time axis would write them.
#[test]
fn hbar_date_categories_read_as_dates() {
    let t = table("month", &["Exports"], &[("2019-01", &[Some(3.0)]), ("2019-02", &[Some(4.0)])]);
    let q = table("quarter", &["Exports"], &[("2019-Q1", &[Some(3.0)]), ("2019-Q2", &[Some(4.0)])]);
    for svg in [wide(&chart(ChartKind::Hbar, &t)), narrow(&chart(ChartKind::Hbar, &t))] {
        assert_eq!(texts_of(&svg, "dc-cat"), ["Jan 2019", "Feb 2019"]);
        assert!(svg.contains("<title>Jan 2019: 3 US$ million</title>"), "hover reads the same");
        assert!(!svg.contains("2019-01"), "no ISO strings, in the description neither");
    }
    assert_eq!(texts_of(&wide(&chart(ChartKind::Hbar, &q)), "dc-cat"), ["2019 Q1", "2019 Q2"]);
}

fn texts_of(svg: &str, class: &str) -> Vec<String> {
    let open = format!("class=\"{class}\"");
    svg.match_indices(&open)
        .map(|(i, _)| {
            let rest = &svg[i..];
            let start = rest.find('>').unwrap() + 1;
            rest[start..start + rest[start..].find("</text>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn stacked_bars_stack_negatives_below_zero() {
    let t = table("Year", &["A", "B"], &[("2020", &[Some(10.0), Some(-4.0)]), ("2021", &[Some(6.0), Some(5.0)])]);
    let svg = wide(&chart(ChartKind::Stacked, &t));
    assert_eq!(count(&svg, "class=\"dc-bar dc-s1\""), 2);
    assert_eq!(count(&svg, "class=\"dc-bar dc-s2\""), 2);
    assert!(svg.contains("\u{2212}"), "a negative tick");
    assert_eq!(count(&svg, "class=\"dc-sw dc-s"), 2, "legend for two series");
}

#[test]
fn areas_stack_when_several_and_break_at_gaps() {
    let t = years();
    let svg = wide(&chart(ChartKind::Area, &t));
    assert!(svg.contains("class=\"dc-band dc-s1\""));
    assert_eq!(count(&svg, "class=\"dc-band dc-s1\""), 2, "Kenya's band breaks at 2021");
    let one = table("Year", &["A"], &[("2000", &[Some(1.0)]), ("2001", &[Some(2.0)]), ("2003", &[Some(3.0)])]);
    let svg = wide(&chart(ChartKind::Area, &one));
    assert!(svg.contains("class=\"dc-area dc-s1\"") && svg.contains("class=\"dc-edge dc-s1\""));
    assert!(!svg.contains("class=\"dc-value\""), "a filled series of three points needs no point values");
    // Two points far apart: the fill between them is marked at its points with their values.
    let two = table("Year", &["A"], &[("2005", &[Some(38.0)]), ("2019", &[Some(20.0)])]);
    let svg = wide(&chart(ChartKind::Area, &two));
    assert_eq!(count(&svg, "class=\"dc-mk dc-s1\""), 2);
    assert!(svg.contains("class=\"dc-value\">38</text>") && svg.contains("class=\"dc-value\">20</text>"), "{svg}");
}

#[test]
fn numeric_x_is_spaced_by_value_and_sorted() {
    let t = table("Share", &["A"], &[("0.9", &[Some(3.0)]), ("0.1", &[Some(1.0)]), ("0.2", &[Some(2.0)])]);
    let svg = wide(&chart(ChartKind::Line, &t));
    let points = svg.split("class=\"dc-ln dc-s1\"").next().unwrap();
    let points = &points[points.rfind("points=\"").unwrap() + 8..];
    let xs: Vec<i32> =
        points.split(['"', ' ']).take(3).map(|p| p.split(',').next().unwrap().parse().unwrap()).collect();
    assert!(xs[0] < xs[1] && xs[1] < xs[2], "{xs:?}");
    // 0.1 -> 0.2 is an eighth of 0.1 -> 0.9.
    let (a, b) = (xs[1] - xs[0], xs[2] - xs[0]);
    assert!((f64::from(a) / f64::from(b) - 0.125).abs() < 0.02, "{xs:?}");
    assert!(svg.contains(">Share</text>"), "numeric x axis gets its title");
}

#[test]
fn content_is_escaped_once() {
    let evil = "</text><script>alert(1)</script>";
    let t = table(evil, &[evil, "A & B"], &[(evil, &[Some(1.0), Some(2.0)]), ("x \"q\" 'a'", &[Some(3.0), None])]);
    for kind in KINDS {
        for css in [None, Some(CSS)] {
            let c = Chart {
                id: "e",
                title: evil,
                kind,
                unit: Some(evil),
                source: Some(evil),
                note: Some(evil),
                credit: Some(evil),
                table: &t,
                strings: &crate::i18n::ENGLISH,
            };
            let svg = render_svg(&c, css);
            assert!(!svg.contains("<script"), "{kind:?}: {svg}");
            assert!(svg.contains("&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "{kind:?}");
            assert!(!svg.contains("&amp;lt;") && !svg.contains("&amp;amp;"), "double escaping in {kind:?}");
            assert!(svg.contains("A &amp; B"), "{kind:?}");
            assert_well_formed(&svg);
        }
    }
    let svg =
        render_timeline_svg("t", evil, &[Milestone { date: "2020", label: evil }], &crate::i18n::ENGLISH, Some(CSS));
    assert!(!svg.contains("<script") && svg.contains("&lt;script&gt;"));
    assert_well_formed(&svg);
}

#[test]
fn rendering_is_deterministic() {
    let (a, b) = (years(), partners());
    for t in [&a, &b] {
        for kind in KINDS {
            for css in [None, Some(CSS)] {
                assert_eq!(render_svg(&chart(kind, t), css), render_svg(&chart(kind, t), css));
            }
        }
    }
    let events = [Milestone { date: "2020-05", label: "Start" }, Milestone { date: "2022", label: "End" }];
    assert_eq!(
        render_timeline_svg("t", "T", &events, &crate::i18n::ENGLISH, None),
        render_timeline_svg("t", "T", &events, &crate::i18n::ENGLISH, None)
    );
}

#[test]
fn no_rows_or_no_values_say_no_data() {
    let empty = table("Year", &["A"], &[]);
    let blank = table("Year", &["A"], &[("2020", &[None]), ("2021", &[None])]);
    let no_series = table("Year", &[], &[("2020", &[]), ("2021", &[])]);
    for t in [&empty, &blank, &no_series] {
        for kind in KINDS {
            let svg = wide(&chart(kind, t));
            assert!(svg.contains(">No data</text>") && svg.contains("dc-kind-empty"), "{kind:?}");
            assert!(svg.contains("role=\"img\""));
            assert!(describe(&chart(kind, t)).contains("no data"));
            assert_well_formed(&svg);
        }
    }
    let svg = render_timeline_svg("t", "T", &[], &crate::i18n::ENGLISH, None);
    assert!(svg.contains(">No data</text>"));
}

#[test]
fn ids_are_made_safe() {
    let t = years();
    let c = Chart { id: "a b\"<", ..chart(ChartKind::Line, &t) };
    let svg = wide(&c);
    assert!(narrow(&c).contains("aria-labelledby=\"a-b---narrow-title a-b---narrow-desc\""));
    assert!(svg.contains("aria-labelledby=\"a-b---title a-b---desc\""), "{}", &svg[..300]);
    let c = Chart { id: "", ..chart(ChartKind::Line, &t) };
    assert!(wide(&c).contains("id=\"chart-title\""));
}

#[test]
fn text_is_never_smaller_than_20_units_and_coordinates_are_short() {
    let t = years();
    for kind in KINDS {
        let svg = render_svg(&chart(kind, &t), Some(CSS));
        for part in body(&svg).split("font-size=\"").skip(1) {
            let size: f64 = part[..part.find('"').unwrap()].parse().unwrap();
            assert!(size >= 20.0, "{kind:?}: font-size {size}");
        }
        for part in body(&svg).split("points=\"").skip(1) {
            let list = &part[..part.find('"').unwrap()];
            assert!(!list.contains('.'), "integer coordinates: {list}");
        }
    }
}

// ---- robustness ------------------------------------------------------------------------

/// Tables meant to break things.
fn odd_tables() -> Vec<Table> {
    let many: Vec<(String, Vec<Option<f64>>)> =
        (0..150).map(|i| (format!("Category number {i}"), vec![Some(i as f64 - 20.0)])).collect();
    let many_series: Vec<String> = (0..30).map(|i| format!("Series {i}")).collect();
    let wide_row: Vec<Option<f64>> = (0..30).map(|i| Some(i as f64)).collect();
    let mut out = vec![
        table("Year", &["A"], &[("2020", &[Some(5.0)])]),
        table("Year", &["A", "B"], &[("2020", &[Some(5.0), Some(5.0)]), ("2021", &[Some(5.0), Some(5.0)])]),
        table("Year", &["A"], &[("2020", &[Some(0.0)]), ("2021", &[Some(0.0)])]),
        table("x", &["A"], &[("1", &[Some(1e300)]), ("2", &[Some(-1e300)]), ("3", &[Some(1e308)])]),
        table("x", &["A"], &[("a", &[Some(1e-300)]), ("b", &[Some(2e-300)])]),
        table("x", &["A"], &[("a", &[Some(-0.0001)]), ("b", &[Some(-0.0002)]), ("c", &[Some(-0.00015)])]),
        table("x", &["A"], &[("a", &[Some(f64::INFINITY)]), ("b", &[Some(1.0)])]),
        table("x", &["A", "B", "C"], &[("a", &[Some(1.0)]), ("b", &[Some(1.0), Some(2.0), Some(3.0), Some(4.0)])]),
        table("x", &["A"], &[("NaN", &[Some(1.0)]), ("inf", &[Some(2.0)])]),
        table("x", &["A"], &[("", &[Some(1.0)]), ("   ", &[Some(2.0)]), ("\u{1}\t\n", &[Some(3.0)])]),
        table("x", &["A"], &[("1.5", &[Some(1.0)]), ("1.5", &[Some(2.0)]), ("-3", &[Some(3.0)])]),
        table("Year", &["A"], &[("1999", &[Some(1.0)]), ("2999", &[Some(2.0)])]),
        table("x", &["名前が長いシリーズ"], &[("東京都", &[Some(1.0)]), ("大阪府", &[Some(2.0)])]),
        table("x", &["A"], &[("1", &[None]), ("2", &[Some(1.0)]), ("3", &[None]), ("4", &[Some(2.0)]), ("5", &[None])]),
        table(
            "x",
            &["A very long series name that will not fit anywhere near the end of a line at all", "B"],
            &[("1", &[Some(1.0), Some(2.0)]), ("2", &[Some(2.0), Some(1.0)])],
        ),
    ];
    let many_refs: Vec<(&str, &[Option<f64>])> = many.iter().map(|(x, v)| (x.as_str(), v.as_slice())).collect();
    out.push(table("Category", &["Value"], &many_refs));
    let names: Vec<&str> = many_series.iter().map(String::as_str).collect();
    out.push(table("x", &names, &[("a", &wide_row), ("b", &wide_row)]));
    let years: Vec<String> = (1900..2024).map(|y| y.to_string()).collect();
    let year_rows: Vec<(&str, &[Option<f64>])> = years.iter().map(|y| (y.as_str(), &[Some(1234.5)][..])).collect();
    out.push(table("Year", &["A"], &year_rows));
    out
}

#[test]
fn odd_tables_never_panic_and_stay_well_formed() {
    for t in odd_tables() {
        for kind in KINDS.into_iter().chain([ChartKind::Table]) {
            for css in [None, Some(CSS)] {
                let c = chart(kind, &t);
                let svg = render_svg(&c, css);
                assert_well_formed(&svg);
                let drawn = body(&svg);
                assert!(
                    !drawn.contains("=\"NaN") && !drawn.contains("NaN,") && !drawn.contains("inf\""),
                    "{kind:?} {t:?}"
                );
                // Title and desc of each layout, besides the hatchings of series beyond the palette.
                let ids = count(&svg, " id=\"") - count(&svg, "<pattern id=\"");
                assert_eq!(ids, if css.is_some() { 2 } else { 4 });
                assert!(!svg.contains('…'), "nothing is cut: {kind:?} {t:?}");
                let _ = describe(&c);
            }
        }
    }
}

#[test]
fn text_does_not_overlap() {
    // Two lines ending next to each other at zero, on a time axis: their end labels stay clear
    // of the last date under the plot.
    let months = table(
        "month",
        &["Exports", "Imports"],
        &[
            ("2019-01", &[Some(31.5), Some(22.0)]),
            ("2019-06", &[Some(40.0), Some(26.0)]),
            ("2020-02", &[Some(4.0), Some(3.1)]),
        ],
    );
    let mut tables = vec![years(), partners(), months];
    tables.extend(odd_tables().into_iter().filter(|t| t.rows.len() < 100 && t.series.len() < 10));
    for t in &tables {
        for kind in KINDS {
            let svg = render_svg(&chart(kind, t), Some(CSS));
            assert_no_text_overlap(&svg);
            assert_no_text_overlap(&wide(&chart(kind, t)));
            assert_no_text_overlap(&narrow(&chart(kind, t)));
        }
    }
    assert_no_text_overlap(&render_timeline_svg("t", "Milestones", &sample_events(), &crate::i18n::ENGLISH, Some(CSS)));
    let (a, b) = layouts(&render_timeline_svg("t", "Milestones", &sample_events(), &crate::i18n::ENGLISH, None));
    assert_no_text_overlap(&a);
    assert_no_text_overlap(&b);
}

// ---- timeline --------------------------------------------------------------------------

fn sample_events() -> Vec<Milestone<'static>> {
    vec![
        Milestone { date: "2019-03", label: "Initiative launched at the summit" },
        Milestone { date: "2019-11-05", label: "First funding round closes" },
        Milestone { date: "2020", label: "Pilot in three countries" },
        Milestone { date: "2021-06", label: "Mid-term review" },
        Milestone { date: "2021-06", label: "Same day, another event" },
        Milestone { date: "2024", label: "Handover to national governments and regional bodies" },
        Milestone { date: "not a date", label: "Skipped in the drawing" },
    ]
}

#[test]
fn timeline_shows_dates_labels_and_years() {
    let svg = layouts(&render_timeline_svg("tl", "Milestones", &sample_events(), &crate::i18n::ENGLISH, None)).0;
    assert!(svg.contains("aria-labelledby=\"tl-title tl-desc\"") && svg.contains("dc-kind-timeline"));
    assert!(svg.contains(">March 2019</text>") && svg.contains(">5 Nov 2019</text>") && svg.contains(">2020</text>"));
    assert!(svg.contains(">Mid-term review</text>"));
    assert!(!svg[svg.find("</desc>").unwrap()..].contains("Skipped"), "undated events are left out of the drawing");
    assert!(!svg.contains(">2,0"));
    assert_eq!(count(&svg, "class=\"dc-mk dc-s1\""), 6);
    assert_well_formed(&svg);
    // In date order from the top, each label whole however long.
    let y_of = |text: &str| {
        let at = svg.find(&format!(">{text}</text>")).unwrap_or_else(|| panic!("{text} missing"));
        let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
        let y = &tag[tag.find(" y=\"").unwrap() + 4..];
        y[..y.find('"').unwrap()].parse::<i32>().unwrap()
    };
    let dates = ["March 2019", "5 Nov 2019", "2020", "June 2021", "2024"];
    assert!(dates.windows(2).all(|w| y_of(w[0]) < y_of(w[1])), "dates go down in order");
    let long = "A milestone label far longer than thirty-five characters, which used to be cut in the middle of a word";
    for w in [640.0, 480.0] {
        let both = render_timeline_svg(
            "tl",
            "M",
            &[Milestone { date: "2015", label: "Before" }, Milestone { date: "2016-02", label: long }],
            &crate::i18n::ENGLISH,
            None,
        );
        let (a, b) = layouts(&both);
        let doc = if w == 640.0 { a } else { b };
        let words: Vec<String> = doc
            .split("class=\"dc-label\" font-size=\"22\">")
            .skip(1)
            .map(|p| p[..p.find('<').unwrap()].to_string())
            .collect();
        assert_eq!(words[1..].join(" "), long, "the whole label, wrapped: {words:?}");
        assert!(!doc.contains('…'));
    }
    let d = describe_timeline("Milestones", &sample_events(), &crate::i18n::ENGLISH);
    assert!(d.starts_with("Timeline of 7 milestones from March 2019 to"), "{d}");
    assert!(d.contains("5 Nov 2019: First funding round closes."));
}

#[test]
fn timeline_handles_one_event_and_bad_dates() {
    let one = [Milestone { date: "2021-02-30", label: "One" }];
    let svg = render_timeline_svg("t", "T", &one, &crate::i18n::ENGLISH, None);
    assert!(svg.contains(">One</text>"));
    let bad = [Milestone { date: "soon", label: "x" }];
    assert!(render_timeline_svg("t", "T", &bad, &crate::i18n::ENGLISH, None).contains("No data"));
}

#[test]
fn dates_parse_at_three_precisions() {
    use super::timeline::parse_date;
    assert_eq!(parse_date("2020", &crate::i18n::ENGLISH).unwrap().text, "2020");
    assert_eq!(parse_date("2020-03", &crate::i18n::ENGLISH).unwrap().text, "March 2020");
    assert_eq!(parse_date("2020-03-07", &crate::i18n::ENGLISH).unwrap().text, "7 Mar 2020");
    assert!(
        parse_date("2020-03", &crate::i18n::ENGLISH).unwrap().year
            > parse_date("2020", &crate::i18n::ENGLISH).unwrap().year
    );
    assert_eq!(parse_date("2020-13", &crate::i18n::ENGLISH).unwrap().text, "2020");
    assert!(parse_date("20", &crate::i18n::ENGLISH).is_none() && parse_date("", &crate::i18n::ENGLISH).is_none());
}

// ---- descriptions ----------------------------------------------------------------------

#[test]
fn describe_names_series_range_values_and_unit() {
    let t = years();
    let d = describe(&chart(ChartKind::Line, &t));
    assert_eq!(
        d,
        "Line chart of 2 series by year, from 2019 to 2023, values in US$ million. \
         Kenya: 18,900 in 2019 to 21,000 in 2023. Uganda: 1,200 in 2019 to 1,700 in 2023."
    );
    let t = partners();
    let d = describe(&chart(ChartKind::Hbar, &t));
    assert!(
        d.starts_with("Horizontal bar chart of 1 series by partner, 4 categories from China to Rest of the world"),
        "{d}"
    );
    assert!(d.ends_with("China 34.5; European Union 21; India no data; Rest of the world \u{2212}3.25."), "{d}");
    // Every category's full name is in the description, however the drawing wraps it.
    let long = "Nuclear reactors, boilers, machinery and mechanical appliances";
    let t = table("chapter", &["2019", "2020"], &[(long, &[Some(1.0), Some(2.0)]), ("Cereals", &[None, Some(3.0)])]);
    let d = describe(&chart(ChartKind::Bar, &t));
    assert!(
        d.contains(" 2019: Nuclear reactors, boilers, machinery and mechanical appliances 1; Cereals no data."),
        "{d}"
    );
    assert!(d.contains(" 2020: Nuclear reactors, boilers, machinery and mechanical appliances 2; Cereals 3."), "{d}");
    let t = table("Year", &["A", "B"], &[("2020", &[Some(1.0), Some(2.0)]), ("2021", &[Some(3.0), Some(4.0)])]);
    assert!(describe(&chart(ChartKind::Area, &t)).starts_with("Stacked area chart"));
}

// ---- helpers ---------------------------------------------------------------------------

#[test]
fn numbers_are_formatted_for_reading() {
    let cases = [
        (18900.0, "18,900"),
        (1234.5, "1,234.5"),
        (-1234.5, "\u{2212}1,234.5"),
        (0.0, "0"),
        (-0.0, "0"),
        (1234567.891, "1,234,567.89"),
        (12.3456, "12.35"),
        (0.05, "0.05"),
        (0.001234, "0.00123"),
        (-0.5, "\u{2212}0.5"),
        (100.0, "100"),
        (999.999, "1,000"),
        (2019.0, "2,019"),
    ];
    for (v, want) in cases {
        assert_eq!(format_number(v), want, "{v}");
    }
    assert_eq!(format_number(1.5e18), "1.50e18");
    assert_eq!(format::format_fixed(-0.001, 1), "0.0", "no negative zero");
    assert_eq!(format::format_fixed(2.5, 1), "2.5");
    assert_eq!(format::format_plain_int(2019.0), "2019");
}

#[test]
fn ticks_are_nice() {
    let t = axis::extended(0.0, 7.3, 4);
    assert_eq!((t.lo, t.hi, t.values.len(), t.decimals), (0.0, 8.0, 5, 0));
    let t = axis::extended(-3.0, 95.0, 4);
    assert_eq!(t.values, vec![-25.0, 0.0, 25.0, 50.0, 75.0, 100.0]);
    let t = axis::inside(2000.0, 2023.0, 5, 1.0);
    assert_eq!(t.values, vec![2000.0, 2005.0, 2010.0, 2015.0, 2020.0]);
    let t = axis::inside(2019.0, 2021.0, 8, 1.0);
    assert_eq!(t.values, vec![2019.0, 2020.0, 2021.0], "never fractional years");
    let t = axis::extended(0.0, 0.3, 3);
    assert_eq!(t.decimals, 1);
    let t = axis::extended(5.0, 5.0, 4);
    assert!(t.lo < 5.0 && t.hi > 5.0);
    let t = axis::extended(-1e308, 1e308, 4);
    assert!(t.values.len() >= 2 && t.values.iter().all(|v| v.is_finite()));
    // Counts: whole steps only (one brief is not 0.2, 0.4, ... briefs).
    let t = axis::extended_by(0.0, 1.0, 5, 1.0);
    assert_eq!(t.values, vec![0.0, 1.0]);
    // Millions and billions read compactly, the unit saying which.
    let t = axis::extended(0.0, 28_000_000.0, 4);
    let labels: Vec<String> = t.values.iter().map(|&v| t.label(v, TickFormat::Number)).collect();
    assert_eq!(labels, ["0", "10M", "20M", "30M"]);
    let t = axis::extended(0.0, 1.3e9, 3);
    assert!(t.values.iter().map(|&v| t.label(v, TickFormat::Number)).all(|l| l == "0" || l.ends_with('B')), "{t:?}");
    assert_eq!(format::format_compact(28_000_000.0), "28M");
    assert_eq!(format::format_compact(1_300_000_000.0), "1.3B");
    assert_eq!(format::format_compact(-2_050_000.0), "\u{2212}2.05M");
    assert_eq!(format::format_compact(999_999.0), "999,999");
}

#[test]
fn text_helpers_wrap_without_cutting() {
    assert!(text::width("WWW", 20.0) > text::width("iii", 20.0));
    let s = "one two three four five six seven";
    let lines = text::wrap_all(s, 20.0, 120.0);
    assert!(lines.len() > 2, "{lines:?}");
    assert_eq!(lines.join(" "), s, "every word is kept, in order");
    assert!(lines.iter().all(|l| text::width(l, 20.0) <= 120.0));
    // A word longer than the line gets a line of its own, whole.
    assert_eq!(text::wrap_all("a Donaudampfschifffahrt b", 20.0, 60.0), vec!["a", "Donaudampfschifffahrt", "b"]);
    assert_eq!(text::wrap_all("", 20.0, 100.0), vec![String::new()]);
    assert_eq!(text::longest_word("ab abcd a", 20.0), text::width("abcd", 20.0));
    assert_eq!(text::clean(" a \u{1} b\n"), "a b");
}

#[test]
fn css_is_compacted_without_changing_meaning() {
    let css = "/* c */\n.a .b , .c > .d {\n  fill : #fff ;\n  font-family: \"Segoe  UI\", x;\n}\n.e:not(.f) { x: y }";
    assert_eq!(svg::compact_css(css), ".a .b,.c>.d{fill :#fff;font-family:\"Segoe  UI\",x;}.e:not(.f){x:y}");
}

/// Every light palette colour is at least 3:1 against white, every dark one against #121212,
/// and there is one of each for every series class.
#[test]
fn palette_contrasts_with_both_backgrounds() {
    fn luminance(hex: &str) -> f64 {
        let ch = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
    }
    let ratio = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
    let dark_at = CSS.find("@media (prefers-color-scheme: dark)").unwrap();
    let mut seen = Vec::new();
    for (scheme, css, bg) in [("light", &CSS[..dark_at], "FFFFFF"), ("dark", &CSS[dark_at..], "121212")] {
        for i in 1..=svg::PALETTE_LEN {
            let rule = format!(".dc-chart .dc-s{i} {{ fill: #");
            let at = css.find(&rule).unwrap_or_else(|| panic!("no {scheme} rule for dc-s{i}")) + rule.len();
            let hex = &css[at..at + 6];
            let r = ratio(luminance(hex), luminance(bg));
            assert!(r >= 3.0, "{scheme} dc-s{i} #{hex}: {r:.2}:1");
            seen.push(hex.to_string());
        }
        assert!(!css.contains(&format!(".dc-s{} ", svg::PALETTE_LEN + 1)), "a colour the renderer never uses");
    }
    assert_eq!(seen.len(), 2 * usize::from(svg::PALETTE_LEN));
}

/// A small XML well-formedness check: balanced tags, quoted attributes, no raw `<` or bare
/// `&` in text, no forbidden characters, CDATA skipped.
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r.find("]]>").expect("unterminated CDATA");
            rest = &r[end + 3..];
            continue;
        }
        let gt = rest.find('>').expect("unterminated tag");
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag.split(' ').next().unwrap();
        assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()), "bad tag name {name:?}");
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
        for attr in tag[name.len()..].split('"').step_by(2).map(str::trim).filter(|a| !a.is_empty()) {
            assert!(attr.ends_with('=') && !attr.contains(' '), "bad attribute {attr:?} in <{tag}>");
        }
        for value in tag.split('"').skip(1).step_by(2) {
            check_text(value);
            assert!(!value.contains('<'));
        }
        if !self_closing {
            stack.push(name);
        }
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

fn check_text(s: &str) {
    assert!(!s.chars().any(format::is_forbidden), "forbidden character in {s:?}");
    for (i, _) in s.match_indices('&') {
        let entity = &s[i..s[i..].find(';').map_or(s.len(), |e| i + e + 1)];
        assert!(["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"].contains(&entity), "bare & in {s:?}");
    }
}

/// Estimated boxes of all `<text>` elements must not intersect (the layout's own measure;
/// what it guarantees is only as good as the width estimate, which is padded).
fn assert_no_text_overlap(svg: &str) {
    let attr = |tag: &str, key: &str| -> Option<String> {
        let at = tag.find(&format!(" {key}=\""))? + key.len() + 3;
        Some(tag[at..at + tag[at..].find('"')?].to_string())
    };
    let mut boxes: Vec<(f64, f64, f64, f64, String)> = Vec::new();
    // A standalone file draws its texts, then the chart moved down in one group.
    let (texts, moved, offset) = match body(svg).split_once("<g transform=\"translate(0 ") {
        Some((texts, moved)) => {
            let (dy, moved) = moved.split_once(")\">").expect("a translation");
            (texts, moved, dy.parse::<f64>().expect("a vertical offset"))
        }
        None => (body(svg), "", 0.0),
    };
    let parts = texts.split("<text").skip(1).map(|p| (p, 0.0)).chain(moved.split("<text").skip(1).map(|p| (p, offset)));
    for (part, offset) in parts {
        let (tag, rest) = part.split_once('>').unwrap();
        let content = &rest[..rest.find("</text>").unwrap()];
        let content = content
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        let num = |k: &str| attr(tag, k).and_then(|v| v.parse::<f64>().ok());
        let size = num("font-size").unwrap_or(20.0);
        let bold = tag.contains("font-weight");
        let w = if bold { text::width_bold(&content, size) } else { text::width(&content, size) };
        let (x, y) = (num("x").unwrap(), num("y").unwrap() + offset);
        let dy = attr(tag, "dy").map_or(0.0, |d| d.trim_end_matches("em").parse::<f64>().unwrap() * size);
        let base = y + dy;
        let x0 = match attr(tag, "text-anchor").as_deref() {
            Some("middle") => x - w / 2.0,
            Some("end") => x - w,
            _ => x,
        };
        boxes.push((x0, base - 0.72 * size, x0 + w, base + 0.2 * size, content));
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let overlap = a.0 < b.2 - 1.0 && b.0 < a.2 - 1.0 && a.1 < b.3 - 1.0 && b.1 < a.3 - 1.0;
            assert!(!overlap, "text {:?} overlaps {:?}\n{svg}", a.4, b.4);
        }
    }
}

#[test]
#[should_panic(expected = "overlaps")]
fn overlap_check_catches_overlap() {
    let svg = "<svg><text x=\"10\" y=\"10\">Hello world</text>\n<text x=\"20\" y=\"12\">Again</text></svg>";
    assert_no_text_overlap(svg);
}

// ---- other scripts ---------------------------------------------------------------------

/// The texts of one SVG document, read by an XML parser, with their estimated right edge.
fn parsed_texts(svg: &str) -> (f64, Vec<(String, f64)>) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    let view_w: f64 = root.attribute("viewBox").unwrap().split(' ').nth(2).unwrap().parse().unwrap();
    let texts = root
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let s = n.text().unwrap_or_default().to_string();
            let size: f64 = n.attribute("font-size").and_then(|v| v.parse().ok()).unwrap_or(20.0);
            let x: f64 = n.attribute("x").and_then(|v| v.parse().ok()).unwrap_or(0.0);
            let w = text::width(&s, size);
            let right = match n.attribute("text-anchor") {
                Some("middle") => x + w / 2.0,
                Some("end") => x,
                _ => x + w,
            };
            (s, right)
        })
        .collect();
    (view_w, texts)
}

#[test]
fn full_width_and_cyrillic_text_is_measured_as_it_is_drawn() {
    let em = 20.0 * 1.12;
    assert!((text::width("中国", 20.0) - 2.0 * em).abs() < 1e-9);
    assert!((text::width("한국", 20.0) - 2.0 * em).abs() < 1e-9);
    assert!((text::width("日本の", 20.0) - 3.0 * em).abs() < 1e-9);
    let ru = text::width("Приморский край", 20.0);
    assert!(ru > text::width("Primorsky krai", 20.0) * 0.95 && ru < 15.0 * 0.8 * em, "{ru}");
}

#[test]
fn chinese_breaks_between_characters_and_korean_at_spaces_never_cutting() {
    let zh = "中华人民共和国对外贸易统计年鉴（二〇二〇年版）。";
    let lines = text::wrap_all(zh, 20.0, 120.0);
    assert!(lines.len() > 3, "{lines:?}");
    assert_eq!(lines.concat(), zh, "nothing cut, nothing added: Chinese has no spaces to put back");
    for l in &lines {
        assert!(text::width(l, 20.0) <= 120.0 + 1e-9, "{l}");
        assert!(!l.starts_with(['。', '）']) && !l.ends_with('（'), "{lines:?}");
    }
    assert!(text::longest_word(zh, 20.0) <= text::width("年）。", 20.0) + 1e-9);
    let ko = "대한민국 지역별 수출입 통계 자료";
    let lines = text::wrap_all(ko, 20.0, 120.0);
    assert_eq!(lines.join(" "), ko, "{lines:?}");
    assert!(lines.iter().all(|l| ko.split(' ').any(|w| l.starts_with(w))), "words stay whole: {lines:?}");
    assert_eq!(text::longest_word(ko, 20.0), text::width("대한민국", 20.0));
}

#[test]
fn chinese_and_korean_labels_are_neither_cut_nor_overlapping() {
    let labels = [
        "吉林省延边朝鲜族自治州",
        "黑龙江省",
        "한국 강원특별자치도 동해안 지역",
        "러시아 연해주",
        "内蒙古自治区呼伦贝尔市",
    ];
    let rows: Vec<(&str, &[Option<f64>])> = labels.iter().map(|l| (*l, &[Some(3.5)][..])).collect();
    let t = table("地区", &["贸易额"], &rows);
    for kind in [ChartKind::Bar, ChartKind::Hbar] {
        let both = render_svg(&chart(kind, &t), None);
        let (wide, narrow) = layouts(&both);
        for svg in [&wide, &narrow] {
            assert_no_text_overlap(svg);
            let (view_w, texts) = parsed_texts(svg);
            for (s, right) in &texts {
                assert!(*right <= view_w + 1.0, "{s:?} runs out of the chart ({right} > {view_w})");
            }
            let drawn: String = texts.iter().map(|(s, _)| s.replace(' ', "")).collect();
            for l in labels {
                assert!(drawn.contains(&l.replace(' ', "")), "{kind:?}: {l} is cut: {drawn}");
            }
        }
    }
}

#[test]
fn a_chart_writes_its_own_words_in_the_sites_language() {
    let fr = crate::i18n::Strings::builtin("fr").unwrap();
    let t = table("mois", &["Jilin"], &[("2020-01", &[Some(1.0)]), ("2020-02", &[None]), ("2020-03", &[Some(2.0)])]);
    let c = Chart { credit: Some("Notes"), note: Some("Estimation."), strings: &fr, ..chart(ChartKind::Bar, &t) };
    let svg = render_svg(&c, Some(CSS));
    for words in ["Source : UN Comtrade", "Graphique : Notes", "Note : Estimation.", "janv. 2020", "n.d."] {
        assert!(svg.contains(words), "{words}: {svg}");
    }
    assert!(!svg.contains("Jan 2020") && !svg.contains("Source: "));
    let empty = table("x", &["y"], &[]);
    assert!(render_svg(&Chart { strings: &fr, ..chart(ChartKind::Line, &empty) }, None).contains("Pas de données"));
    let ko = crate::i18n::Strings::builtin("ko").unwrap();
    let events = [Milestone { date: "2021-10-05", label: "출범" }, Milestone { date: "2022-03", label: "확대" }];
    let svg = render_timeline_svg("t", "연표", &events, &ko, None);
    assert!(svg.contains("2021년 10월 5일") && svg.contains("2022년 3월"), "{svg}");
    assert!(svg.contains("연표, 주요 사건 2건, 2021년 10월 5일부터 2022년 3월까지."), "the text alternative: {svg}");
    let de = crate::i18n::Strings::builtin("de").unwrap();
    let desc = describe(&Chart { strings: &de, ..chart(ChartKind::Line, &years()) });
    assert!(desc.starts_with("Liniendiagramm mit "), "{desc}");
    assert!(!desc.contains(" of ") && !desc.contains(" to "), "{desc}");
}

#[test]
fn a_standalone_file_is_the_wide_layout_with_its_texts_around_it() {
    let t = years();
    let c = Chart { note: Some("Estimates for 2021."), credit: Some("Briefs"), ..chart(ChartKind::Bar, &t) };
    let (inline, file) = render_svgs(&c, CSS);
    assert_eq!(inline, render_svg(&c, None));
    assert_eq!(file, render_svg(&c, Some(CSS)));
    let wide = layouts(&inline).0;
    let drawing = &wide[wide.find("</desc>\n").unwrap() + "</desc>\n".len()..wide.rfind("</svg>").unwrap()];
    let (texts, moved) = file.split_once("<g transform=\"translate(0 ").expect("the chart moved under its title");
    let (offset, moved) = moved.split_once(")\">\n").unwrap();
    assert_eq!(moved, format!("{drawing}</g>\n</svg>\n"), "the page's drawing, unchanged");
    // Title and unit above it, note, source and credit below it, all outside the group.
    let offset: f64 = offset.parse().unwrap();
    let ys = |class: &str| -> Vec<f64> { texts_tags(texts, class).iter().map(|tag| attr_f64(tag, "y")).collect() };
    let wide_h: f64 = wide.split("viewBox=\"0 0 640 ").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    let file_h: f64 = file.split("height=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!(ys("dc-title").iter().chain(&ys("dc-unit")).all(|&y| y < offset), "{texts}");
    assert_eq!(ys("dc-source").len(), 3, "note, source and credit: {texts}");
    assert!(ys("dc-source").iter().all(|&y| y > offset + wide_h - 20.0 && y < file_h), "{texts}");
}

/// The opening tags of the `<text>` elements of `class` in `svg`.
fn texts_tags<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    svg.split("<text")
        .skip(1)
        .map(|p| &p[..p.find('>').unwrap()])
        .filter(|t| t.contains(&format!("class=\"{class}\"")))
        .collect()
}

fn attr_f64(tag: &str, key: &str) -> f64 {
    let at = tag.find(&format!(" {key}=\"")).unwrap() + key.len() + 3;
    tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
}
