//! Figures: data blocks and gathered series turned into chart SVG, data tables and CSV.

use std::sync::OnceLock;

use crate::chart::{self, Chart, Milestone};
use crate::data::{ChartKind, DataBlock, Row, Table};
use crate::layout::{self, Asset};
use crate::render::draw::Draw;
use crate::render::views::{CellView, ChartRef, Figure, RowView, StatCompare, StatView, TableView, Urls};
use crate::site::{Gathered, Site};

/// A brief's figure, plus the standalone SVG and CSV files published under `/charts/`.
pub struct BriefFigure {
    pub view: Figure,
    pub svg_file: Option<String>,
    pub csv_file: String,
}

/// `alt` is the figure's description, from [`Alts`].
pub fn brief_figure(block: &DataBlock, urls: &Urls, chart_css: &str, draw: Draw, alt: &str) -> BriefFigure {
    let drawn = block.kind != ChartKind::Table;
    let layout = &urls.site.layout;
    let source = block.source.as_deref().map(|s| inline_markdown(s, layout));
    let note = block.note.as_deref().map(|s| inline_markdown(s, layout));
    // The page shows title, unit, note and source around the inline chart; the standalone
    // file draws them all, as plain text, with the site's name, ready for a slide.
    let chart = Chart {
        source: source.as_ref().map(|m| m.text.as_str()),
        note: note.as_ref().map(|m| m.text.as_str()),
        credit: Some(urls.site.config.title.as_str()),
        ..chart_of(block, &urls.site.config.strings)
    };
    let (svg, svg_file) = if drawn {
        let (inline, file) = draw.svgs(&chart, chart_css);
        (inline, Some(file))
    } else {
        (String::new(), None)
    };
    BriefFigure {
        view: Figure {
            id: block.id.clone(),
            title: block.title.clone(),
            kind: block.kind.name(),
            unit: block.unit.clone(),
            source: block.source.clone(),
            note: block.note.clone(),
            source_html: source.map(|m| m.html),
            note_html: note.map(|m| m.html),
            stat: None,
            svg,
            alt: alt.to_string(),
            table: table_view(&block.table, block.unit.as_deref()),
            csv_url: Some(urls.asset(Asset::ChartCsv(&block.id))),
            svg_url: drawn.then(|| urls.asset(Asset::ChartSvg(&block.id))),
            png_url: (drawn && urls.site.config.share_images).then(|| urls.asset(Asset::ChartPng(&block.id))),
            brief: None,
        },
        svg_file,
        csv_file: to_csv(&block.table),
    }
}

/// The first figure of a body that is drawn as a chart (tables are not): its share image.
pub fn first_chart(figures: &[DataBlock]) -> Option<usize> {
    figures.iter().position(|f| f.kind != ChartKind::Table)
}

/// The first brief chart among a region's or initiative's `(brief, figure)`s: its share image.
pub fn first_gathered_chart(site: &Site, figures: &[(usize, usize)]) -> Option<(usize, usize)> {
    figures.iter().copied().find(|&(b, f)| site.briefs[b].body.figures[f].kind != ChartKind::Table)
}

/// The standalone SVG of a brief's chart, as [`brief_figure`] draws it.
pub fn standalone_svg(block: &DataBlock, urls: &Urls, chart_css: &str, draw: Draw) -> String {
    let source = block.source.as_deref().map(|s| inline_markdown(s, &urls.site.layout));
    let note = block.note.as_deref().map(|s| inline_markdown(s, &urls.site.layout));
    let chart = Chart {
        source: source.as_ref().map(|m| m.text.as_str()),
        note: note.as_ref().map(|m| m.text.as_str()),
        credit: Some(urls.site.config.title.as_str()),
        ..chart_of(block, &urls.site.config.strings)
    };
    draw.svg(&chart, Some(chart_css))
}

/// A thumbnail reference to a brief's chart, for region and initiative pages.
/// Descriptions come from `alts` when given (a full render), else are made here.
pub fn chart_ref(site: &Site, urls: &Urls, brief: usize, figure: usize, alts: Option<&Alts>) -> Option<ChartRef> {
    let b = &site.briefs[brief];
    let block = &b.body.figures[figure];
    if block.kind == ChartKind::Table {
        return None;
    }
    let link = urls.brief_link(brief);
    Some(ChartRef {
        id: block.id.clone(),
        title: block.title.clone(),
        alt: match alts {
            Some(alts) => alts.get(site, brief, figure).to_string(),
            None => describe_block(block, &urls.site.config.strings),
        },
        svg_url: urls.asset(Asset::ChartSvg(&block.id)),
        url: format!("{}#{}", link.url, layout::figure_id(&block.id)),
        brief: link,
    })
}

/// One region's series for an indicator, from every brief that cites it. Missing values
/// stay missing (gaps); the source line cites the original sources of the figures shown; an
/// indicator with a single value is shown as that value (with the other series of its
/// source chart at the same x for comparison), not as a chart of one bar.
pub fn gathered_figure(site: &Site, urls: &Urls, region: usize, g: &Gathered, draw: Draw) -> Figure {
    let r = &site.regions[region];
    let table = Table {
        x_label: x_label_of(site, g),
        series: vec![r.name.clone()],
        rows: g.points.iter().map(|p| Row { x: p.x.clone(), values: vec![p.value] }).collect(),
    };
    let id = layout::gathered_chart_id(&r.slug, &g.indicator);
    let name = site.config.indicators.get(&g.indicator).cloned().unwrap_or_else(|| indicator_title(&g.indicator));
    let title = format!("{name}: {}", r.name);
    let sources = gathered_sources(site, g);
    let mut view = table_view(&table, g.unit.as_deref());
    view.head.push(site.config.strings.get("brief").into());
    for (row, p) in view.rows.iter_mut().zip(&g.points) {
        let link = urls.brief_link(p.brief);
        row.cells.push(CellView { text: link.name, url: Some(link.url), num: false });
    }
    let present: Vec<&crate::site::GatheredPoint> = g.points.iter().filter(|p| p.value.is_some()).collect();
    let source_text =
        (!sources.is_empty()).then(|| sources.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("; "));
    let source_html =
        (!sources.is_empty()).then(|| sources.iter().map(|m| m.html.as_str()).collect::<Vec<_>>().join("; "));
    let mut figure = Figure {
        svg: String::new(),
        alt: String::new(),
        id,
        title,
        kind: "bar",
        unit: g.unit.clone(),
        source: source_text,
        note: None,
        source_html,
        note_html: None,
        stat: None,
        table: view,
        csv_url: None,
        svg_url: None,
        png_url: None,
        brief: None,
    };
    if let [only] = present.as_slice() {
        let stat = single_value(site, r, only, g.unit.as_deref());
        figure.kind = "value";
        figure.alt = stat.sentence.clone();
        figure.stat = Some(stat);
        return figure;
    }
    let numeric = table.x_is_numeric() || crate::chart::is_time_axis(&table);
    let kind = if numeric && table.rows.len() > 1 { ChartKind::Line } else { ChartKind::Bar };
    let chart = Chart {
        id: &figure.id,
        title: &figure.title,
        kind,
        unit: g.unit.as_deref(),
        source: figure.source.as_deref(),
        note: None,
        credit: None,
        table: &table,
        strings: &site.config.strings,
    };
    figure.svg = draw.svg(&chart, None);
    figure.alt = chart::describe(&chart);
    figure.kind = kind.name();
    figure
}

/// A single gathered value, and the other series of its source chart at the same x.
fn single_value(
    site: &Site,
    region: &crate::site::Region,
    p: &crate::site::GatheredPoint,
    unit: Option<&str>,
) -> StatView {
    let value = p.value.map(chart::format_number).unwrap_or_default();
    let fig = &site.briefs[p.brief].body.figures[p.figure];
    let mut compare = Vec::new();
    if let Some(row) = fig.table.rows.iter().find(|row| row.x == p.x) {
        for (name, v) in fig.table.series.iter().zip(&row.values) {
            if name.trim().eq_ignore_ascii_case(&region.name) || name.trim().eq_ignore_ascii_case(&region.slug) {
                continue;
            }
            if let Some(v) = v {
                compare.push(StatCompare { name: name.clone(), value: chart::format_number(*v) });
            }
        }
    }
    let unit_text = unit.map(|u| format!(" {u}")).unwrap_or_default();
    let mut sentence = format!("{}, {}: {value}{unit_text}.", region.name, p.x);
    for c in &compare {
        sentence.push_str(&format!(" {}: {}{unit_text}.", c.name, c.value));
    }
    StatView { value, x: p.x.clone(), name: region.name.clone(), compare, sentence }
}

/// The sources of the brief figures a gathered series takes its values from, each once, in
/// the order they first appear, with inline Markdown rendered.
fn gathered_sources(site: &Site, g: &Gathered) -> Vec<Inline> {
    let mut seen: Vec<&str> = Vec::new();
    for p in g.points.iter().filter(|p| p.value.is_some()) {
        if let Some(s) = site.briefs[p.brief].body.figures[p.figure].source.as_deref()
            && !seen.contains(&s)
        {
            seen.push(s);
        }
    }
    seen.into_iter().map(|s| inline_markdown(s, &site.layout)).collect()
}

/// A bar chart of how many of `briefs` were published each year; `None` with fewer than two
/// years (there is nothing to compare).
pub fn briefs_per_year(site: &Site, id: &str, name: &str, briefs: &[usize], draw: Draw) -> Option<Figure> {
    let s = &site.config.strings;
    let mut years: std::collections::BTreeMap<u16, f64> = std::collections::BTreeMap::new();
    for &b in briefs {
        *years.entry(site.briefs[b].meta.date.year).or_default() += 1.0;
    }
    if years.len() < 2 {
        return None;
    }
    let table = Table {
        x_label: s.get("year").into(),
        series: vec![s.get("briefs").into()],
        rows: years.into_iter().map(|(y, n)| Row { x: y.to_string(), values: vec![Some(n)] }).collect(),
    };
    let title = s.format("briefs_on_per_year", &[("name", name)]);
    let unit = s.get("briefs_lower");
    let chart = Chart {
        id,
        title: &title,
        kind: ChartKind::Bar,
        unit: Some(unit),
        source: None,
        note: None,
        credit: None,
        table: &table,
        strings: s,
    };
    Some(Figure {
        svg: draw.svg(&chart, None),
        alt: chart::describe(&chart),
        id: id.to_string(),
        title,
        kind: "bar",
        unit: Some(unit.into()),
        source: None,
        note: None,
        source_html: None,
        note_html: None,
        stat: None,
        table: table_view(&table, None),
        csv_url: None,
        svg_url: None,
        png_url: None,
        brief: None,
    })
}

/// An initiative's milestones on a time axis, with the same dates as a table.
pub fn timeline(
    id: &str,
    title: &str,
    milestones: &[crate::content::Milestone],
    s: &crate::i18n::Strings,
    draw: Draw,
) -> Option<Figure> {
    if milestones.is_empty() {
        return None;
    }
    let dates: Vec<String> = milestones.iter().map(|m| m.date.to_string()).collect();
    let events: Vec<Milestone> =
        milestones.iter().zip(&dates).map(|(m, date)| Milestone { date, label: &m.label }).collect();
    let rows = milestones
        .iter()
        .map(|m| RowView { x: s.date(&m.date), cells: vec![CellView { text: m.label.clone(), url: None, num: false }] })
        .collect();
    Some(Figure {
        svg: draw.timeline_svg(id, title, &events, s, None),
        alt: chart::describe_timeline(title, &events, s),
        id: id.to_string(),
        title: title.to_string(),
        kind: "timeline",
        unit: None,
        source: None,
        note: None,
        source_html: None,
        note_html: None,
        stat: None,
        table: TableView { head: vec![s.get("date").into(), s.get("milestone").into()], rows },
        csv_url: None,
        svg_url: None,
        png_url: None,
        brief: None,
    })
}

/// Acronyms an indicator slug may hold, written as readers expect (plurals such as "sezs"
/// become "SEZs").
const ACRONYMS: &[&str] = &[
    "bri", "co2", "cpi", "eu", "fdi", "gdp", "gni", "gnp", "hdi", "hs", "ict", "imf", "ngo", "oda", "ppp", "sez",
    "sme", "soe", "uk", "un", "us", "usd", "wto",
];

/// `gdp-per-capita` -> `GDP per capita`, `fdi-inflows` -> `FDI inflows`: a sentence from an
/// indicator slug without a configured name, keeping acronyms.
pub fn indicator_title(slug: &str) -> String {
    let mut out = String::with_capacity(slug.len());
    for (i, word) in slug.split('-').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        if let Some(stem) =
            lower.strip_suffix('s').filter(|s| ACRONYMS.contains(s) && !ACRONYMS.contains(&lower.as_str()))
        {
            out.push_str(&stem.to_uppercase());
            out.push('s');
        } else if ACRONYMS.contains(&lower.as_str()) {
            out.push_str(&lower.to_uppercase());
        } else if i == 0 {
            let mut c = word.chars();
            out.extend(c.next().into_iter().flat_map(char::to_uppercase).chain(c));
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Inline Markdown (links, emphasis, code) as safe HTML for the page, and as plain text for
/// the SVG. Raw HTML is shown as text, block syntax is flattened to its text, and only
/// links to http(s), mailto or relative addresses stay links.
pub struct Inline {
    pub html: String,
    pub text: String,
}

pub fn inline_markdown(s: &str, layout: &crate::layout::Layout) -> Inline {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut events = Vec::new();
    let mut text = String::with_capacity(s.len());
    let mut open_links: Vec<bool> = Vec::new();
    for e in Parser::new_ext(s, Options::ENABLE_STRIKETHROUGH) {
        match e {
            Event::Code(t) => {
                text.push_str(&t);
                events.push(Event::Code(t));
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t);
                events.push(Event::Text(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                events.push(Event::Text(" ".into()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let ok = safe_url(&dest_url);
                open_links.push(ok);
                // A site path (`/briefs/x/#ref-…`, as a cited source links to its entry) is
                // written under the base path, as in the text.
                let dest_url = match dest_url.strip_prefix('/') {
                    Some(path) if !path.starts_with('/') => layout.url(path).into(),
                    _ => dest_url,
                };
                if ok {
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) if open_links.pop() == Some(true) => events.push(Event::End(TagEnd::Link)),
            Event::End(TagEnd::Link) => {}
            e @ (Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)) => events.push(e),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
                if !text.is_empty() && !text.ends_with(' ') =>
            {
                text.push(' ');
                events.push(Event::Text(" ".into()));
            }
            _ => {}
        }
    }
    let mut html = String::with_capacity(s.len() + 32);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Inline { html: html.trim().to_string(), text }
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('?') && !scheme.contains('#') => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// The text alternative of every brief figure, made once, on first use. A figure shows on its
/// brief and as a thumbnail on the page of each region and initiative it is about; describing
/// its data again for each was 2% of a build.
pub struct Alts(Vec<Box<[OnceLock<String>]>>);

impl Alts {
    pub fn new(site: &Site) -> Alts {
        Alts(site.briefs.iter().map(|b| b.body.figures.iter().map(|_| OnceLock::new()).collect()).collect())
    }

    pub fn get(&self, site: &Site, brief: usize, figure: usize) -> &str {
        self.0[brief][figure]
            .get_or_init(|| describe_block(&site.briefs[brief].body.figures[figure], &site.config.strings))
    }
}

/// A brief figure's description (its SVG `<desc>` and the page's alt text).
pub fn describe_block(block: &DataBlock, strings: &crate::i18n::Strings) -> String {
    chart::describe(&chart_of(block, strings))
}

/// A brief figure's chart, with its source and note as written (the description does not use
/// them; [`brief_figure`] passes their plain text for drawing).
fn chart_of<'a>(block: &'a DataBlock, strings: &'a crate::i18n::Strings) -> Chart<'a> {
    Chart {
        id: &block.id,
        title: &block.title,
        kind: block.kind,
        unit: block.unit.as_deref(),
        source: block.source.as_deref(),
        note: block.note.as_deref(),
        credit: None,
        table: &block.table,
        strings,
    }
}

fn x_label_of(site: &Site, g: &Gathered) -> String {
    g.points
        .first()
        .map(|p| site.briefs[p.brief].body.figures[p.figure].table.x_label.clone())
        .unwrap_or_else(|| "x".into())
}

/// The data table of a chart: x as row headers, numbers formatted for reading.
fn table_view(table: &Table, unit: Option<&str>) -> TableView {
    let mut head = vec![table.x_label.clone()];
    head.extend(table.series.iter().map(|s| match unit {
        Some(u) => format!("{s} ({u})"),
        None => s.clone(),
    }));
    let rows = table
        .rows
        .iter()
        .map(|r| RowView {
            x: r.x.clone(),
            cells: r
                .values
                .iter()
                .map(|v| CellView {
                    text: v.map(chart::format_number).unwrap_or_else(|| "n/a".into()),
                    url: None,
                    num: true,
                })
                .collect(),
        })
        .collect();
    TableView { head, rows }
}

/// The table as CSV, numbers written in full precision without separators.
fn to_csv(table: &Table) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![table.x_label.as_str()];
    header.extend(table.series.iter().map(String::as_str));
    let _ = w.write_record(&header);
    for row in &table.rows {
        let mut record = vec![row.x.clone()];
        record.extend(row.values.iter().map(|v| v.map(|n| n.to_string()).unwrap_or_default()));
        let _ = w.write_record(&record);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{indicator_title, inline_markdown};
    use crate::layout::Layout;

    #[test]
    fn inline_markdown_renders_links_and_emphasis_and_nothing_unsafe() {
        let m = inline_markdown("[World Bank](https://data.worldbank.org/), *WDI* `NY.GDP`", &Layout::new("/sub/"));
        assert_eq!(m.html, r#"<a href="https://data.worldbank.org/">World Bank</a>, <em>WDI</em> <code>NY.GDP</code>"#);
        assert_eq!(m.text, "World Bank, WDI NY.GDP");
        let m = inline_markdown(
            "Text <script>alert(1)</script> [x](javascript:alert(1)) [y](other.md) [z](/about/)",
            &Layout::new("/sub/"),
        );
        assert!(!m.html.contains("<script") && m.html.contains("&lt;script&gt;"), "{}", m.html);
        assert!(
            !m.html.contains("href=\"javascript") && m.html.contains(" x "),
            "unsafe links lose their link: {}",
            m.html
        );
        assert!(m.html.contains(r#"<a href="other.md">y</a>"#));
        assert!(m.html.contains(r#"<a href="/sub/about/">z</a>"#), "site paths under the base path");
        // Block syntax is flattened to its text: a source is one line under the chart.
        let m = inline_markdown("# Heading\n\n- one\n- two", &Layout::new("/"));
        assert!(!m.html.contains("<h1") && !m.html.contains("<li"), "{}", m.html);
        assert_eq!(m.text, "Heading one two");
    }

    #[test]
    fn indicator_titles_keep_acronyms() {
        assert_eq!(indicator_title("gdp-per-capita"), "GDP per capita");
        assert_eq!(indicator_title("fdi-inflows"), "FDI inflows");
        assert_eq!(indicator_title("sezs-by-province"), "SEZs by province");
        assert_eq!(indicator_title("trade-share-of-gdp"), "Trade share of GDP");
        assert_eq!(indicator_title("us-trade"), "US trade");
    }
}
