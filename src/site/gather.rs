//! Figures gathered by indicator: every brief's value for one indicator and region, in one
//! series, with each point's brief kept for the data table. Two briefs that give different
//! values for the same indicator, region and x are reported as a warning naming both places.
//!
//! Missing stays missing: an empty cell in a brief's series is kept as a missing point (a gap
//! in the gathered chart, as in the brief's), unless another brief gives a value for that x.
//!
//! Also here, because it is the one pass over every figure that reports to the build: notes on
//! how charts will be drawn ([`crate::chart::layout_notes`]: bars turned horizontal, more
//! series than colours).

use std::collections::{BTreeMap, HashMap};

use super::Site;
use crate::diag::{Diagnostic, Diagnostics, FIGURE_DISAGREEMENT};

/// One region's series for one indicator, gathered from every brief that cites it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gathered {
    pub indicator: String,
    pub unit: Option<String>,
    /// Sorted by x (numerically where x is numeric); one point per x.
    pub points: Vec<GatheredPoint>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GatheredPoint {
    pub x: String,
    /// `None`: the brief leaves this x empty (and no other brief gives a value).
    pub value: Option<f64>,
    pub brief: usize,
    pub figure: usize,
}

/// One (region, indicator) series while gathering: its unit, and per x the first point seen
/// with the file line it came from.
type Series = (Option<String>, BTreeMap<String, (GatheredPoint, usize)>);

/// Fills `Region::gathered` and returns the disagreements as warnings.
pub fn gather(site: &mut Site) -> Diagnostics {
    let mut warnings = Diagnostics::default();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, r) in site.regions.iter().enumerate() {
        names.insert(r.name.to_lowercase(), i);
    }
    for (i, r) in site.regions.iter().enumerate() {
        names.insert(r.slug.clone(), i);
    }
    // (region, indicator) -> x -> (point, file line)
    let mut series: BTreeMap<(usize, String), Series> = BTreeMap::new();
    for (bi, brief) in site.briefs.iter().enumerate() {
        for (fi, fig) in brief.body.figures.iter().enumerate() {
            let Some(indicator) = &fig.indicator else { continue };
            for (col, region) in series_regions(&names, &brief.figure_regions[fi], &fig.table.series) {
                let entry =
                    series.entry((region, indicator.clone())).or_insert_with(|| (fig.unit.clone(), BTreeMap::new()));
                for (ri, row) in fig.table.rows.iter().enumerate() {
                    let line = fig.row_lines[ri];
                    let point = || GatheredPoint { x: row.x.clone(), value: row.values[col], brief: bi, figure: fi };
                    let Some(value) = row.values[col] else {
                        entry.1.entry(row.x.clone()).or_insert_with(|| (point(), line));
                        continue;
                    };
                    match entry.1.get(&row.x) {
                        Some((first, _)) if first.value.is_none() => {
                            entry.1.insert(row.x.clone(), (point(), line));
                        }
                        Some((first, first_line)) if first.value != Some(value) => {
                            let first_value = first.value.unwrap_or_default();
                            let other = &site.briefs[first.brief];
                            warnings.push(
                                Diagnostic::warning(&fig.path, line, 1, format!(
                                    "`{indicator}` for {} at {} is {} here but {} in {}:{}",
                                    site.regions[region].name, row.x, value, first_value, other.rel, first_line
                                ))
                                .with_hint("figures for the same indicator, region and x must agree across briefs; correct one or give it another indicator")
                                .with_code(FIGURE_DISAGREEMENT),
                            );
                        }
                        Some(_) => {}
                        None => {
                            entry.1.insert(row.x.clone(), (point(), line));
                        }
                    }
                }
            }
        }
    }
    for ((region, indicator), (unit, points)) in series {
        let mut points: Vec<GatheredPoint> = points.into_values().map(|(p, _)| p).collect();
        if points.iter().all(|p| p.value.is_none()) {
            continue;
        }
        points.sort_by(|a, b| match (a.x.parse::<f64>(), b.x.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.total_cmp(&y),
            _ => a.x.cmp(&b.x),
        });
        site.regions[region].gathered.push(Gathered { indicator, unit, points });
    }
    for brief in &site.briefs {
        for fig in &brief.body.figures {
            if fig.kind == crate::data::ChartKind::Table {
                continue;
            }
            let chart = crate::chart::Chart {
                id: &fig.id,
                title: &fig.title,
                kind: fig.kind,
                unit: fig.unit.as_deref(),
                source: None,
                note: None,
                credit: None,
                table: &fig.table,
                strings: &site.config.strings,
            };
            for (note, hint) in crate::chart::layout_notes(&chart) {
                warnings.push(Diagnostic::warning(&fig.path, fig.kind_at.0, fig.kind_at.1, note).with_hint(hint));
            }
        }
    }
    warnings
}

/// Which columns of a chart are which region's series: a header naming a region (slug or
/// name, any case), or the only series of a chart about exactly one region.
fn series_regions(names: &HashMap<String, usize>, regions: &[usize], headers: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (col, header) in headers.iter().enumerate() {
        if let Some(&r) = names.get(&header.trim().to_lowercase()) {
            out.push((col, r));
        }
    }
    if out.is_empty() && headers.len() == 1 && regions.len() == 1 {
        out.push((0, regions[0]));
    }
    out
}
