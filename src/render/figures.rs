//! Figures: data blocks and gathered series turned into chart SVG, data tables and CSV.

use std::sync::OnceLock;

use crate::chart::{self, Chart, Milestone};
use crate::data::{ChartKind, DataBlock, Row, Table};
use crate::layout::{self, Asset};
use crate::render::draw::Draw;
use crate::render::views::{CellView, ChartRef, Figure, RowView, TableView, Urls};
use crate::site::{Gathered, Site};

/// A brief's figure, plus the standalone SVG and CSV files published under `/charts/`.
pub struct BriefFigure {
    pub view: Figure,
    pub svg_file: Option<String>,
    pub csv_file: String,
}

/// `alt` is the figure's description, from [`Alts`].
pub fn brief_figure(block: &DataBlock, urls: &Urls, chart_css: &str, draw: Draw, alt: &str) -> BriefFigure {
    let chart = chart_of(block);
    let drawn = block.kind != ChartKind::Table;
    // The caption shows the source on the page; the standalone file carries it in the graphic.
    let inline = Chart { source: None, ..chart_of(block) };
    let svg = if drawn { draw.svg(&inline, None) } else { String::new() };
    let svg_file = drawn.then(|| draw.svg(&chart, Some(chart_css)));
    BriefFigure {
        view: Figure {
            id: block.id.clone(),
            title: block.title.clone(),
            kind: block.kind.name(),
            unit: block.unit.clone(),
            source: block.source.clone(),
            note: block.note.clone(),
            svg,
            alt: alt.to_string(),
            table: table_view(&block.table, block.unit.as_deref()),
            csv_url: Some(urls.asset(Asset::ChartCsv(&block.id))),
            svg_url: drawn.then(|| urls.asset(Asset::ChartSvg(&block.id))),
            brief: None,
        },
        svg_file,
        csv_file: to_csv(&block.table),
    }
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
            None => describe_block(block),
        },
        svg_url: urls.asset(Asset::ChartSvg(&block.id)),
        url: format!("{}#{}", link.url, layout::figure_id(&block.id)),
        brief: link,
    })
}

/// One region's series for an indicator, from every brief that cites it.
pub fn gathered_figure(site: &Site, urls: &Urls, region: usize, g: &Gathered, draw: Draw) -> Figure {
    let r = &site.regions[region];
    let table = Table {
        x_label: x_label_of(site, g),
        series: vec![r.name.clone()],
        rows: g.points.iter().map(|p| Row { x: p.x.clone(), values: vec![Some(p.value)] }).collect(),
    };
    let kind = if table.x_is_numeric() && table.rows.len() > 1 { ChartKind::Line } else { ChartKind::Bar };
    let id = layout::gathered_chart_id(&r.slug, &g.indicator);
    let name = site.config.indicators.get(&g.indicator).cloned().unwrap_or_else(|| sentence_from_slug(&g.indicator));
    let title = format!("{name}: {}", r.name);
    let chart = Chart { id: &id, title: &title, kind, unit: g.unit.as_deref(), source: None, table: &table };
    let mut view = table_view(&table, g.unit.as_deref());
    view.head.push("Brief".into());
    for (row, p) in view.rows.iter_mut().zip(&g.points) {
        let link = urls.brief_link(p.brief);
        row.cells.push(CellView { text: link.name, url: Some(link.url) });
    }
    Figure {
        svg: draw.svg(&chart, None),
        alt: chart::describe(&chart),
        id,
        title,
        kind: kind.name(),
        unit: g.unit.clone(),
        source: Some("Gathered from the briefs listed in the data table".into()),
        note: None,
        table: view,
        csv_url: None,
        svg_url: None,
        brief: None,
    }
}

/// A bar chart of how many of `briefs` were published each year.
pub fn briefs_per_year(site: &Site, id: &str, name: &str, briefs: &[usize], draw: Draw) -> Option<Figure> {
    if briefs.is_empty() {
        return None;
    }
    let mut years: std::collections::BTreeMap<u16, f64> = std::collections::BTreeMap::new();
    for &b in briefs {
        *years.entry(site.briefs[b].meta.date.year).or_default() += 1.0;
    }
    let table = Table {
        x_label: "Year".into(),
        series: vec!["Briefs".into()],
        rows: years.into_iter().map(|(y, n)| Row { x: y.to_string(), values: vec![Some(n)] }).collect(),
    };
    let title = format!("Briefs on {name} per year");
    let chart = Chart { id, title: &title, kind: ChartKind::Bar, unit: Some("briefs"), source: None, table: &table };
    Some(Figure {
        svg: draw.svg(&chart, None),
        alt: chart::describe(&chart),
        id: id.to_string(),
        title,
        kind: "bar",
        unit: Some("briefs".into()),
        source: None,
        note: None,
        table: table_view(&table, None),
        csv_url: None,
        svg_url: None,
        brief: None,
    })
}

/// An initiative's milestones on a time axis, with the same dates as a table.
pub fn timeline(id: &str, title: &str, milestones: &[crate::content::Milestone], draw: Draw) -> Option<Figure> {
    if milestones.is_empty() {
        return None;
    }
    let dates: Vec<String> = milestones.iter().map(|m| m.date.to_string()).collect();
    let events: Vec<Milestone> =
        milestones.iter().zip(&dates).map(|(m, date)| Milestone { date, label: &m.label }).collect();
    let rows = milestones
        .iter()
        .map(|m| RowView { x: m.date.display(), cells: vec![CellView { text: m.label.clone(), url: None }] })
        .collect();
    Some(Figure {
        svg: draw.timeline_svg(id, title, &events, None),
        alt: chart::describe_timeline(title, &events),
        id: id.to_string(),
        title: title.to_string(),
        kind: "timeline",
        unit: None,
        source: None,
        note: None,
        table: TableView { head: vec!["Date".into(), "Milestone".into()], rows },
        csv_url: None,
        svg_url: None,
        brief: None,
    })
}

/// `trade-share-of-gdp` -> `Trade share of gdp`, for indicators without a configured name.
fn sentence_from_slug(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut c = words.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
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
        self.0[brief][figure].get_or_init(|| describe_block(&site.briefs[brief].body.figures[figure]))
    }
}

/// A brief figure's description (its SVG `<desc>` and the page's alt text).
pub fn describe_block(block: &DataBlock) -> String {
    chart::describe(&chart_of(block))
}

fn chart_of(block: &DataBlock) -> Chart<'_> {
    Chart {
        id: &block.id,
        title: &block.title,
        kind: block.kind,
        unit: block.unit.as_deref(),
        source: block.source.as_deref(),
        table: &block.table,
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
                .map(|v| CellView { text: v.map(chart::format_number).unwrap_or_else(|| "–".into()), url: None })
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
