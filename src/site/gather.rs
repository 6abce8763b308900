//! Figures gathered by indicator: every brief's value for one indicator and region, in one
//! series, with each point's brief kept for the data table. Two briefs that give different
//! values for the same indicator, region and x are reported as a warning naming both places.

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
    pub value: f64,
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
                    let Some(value) = row.values[col] else { continue };
                    let line = fig.row_lines[ri];
                    match entry.1.get(&row.x) {
                        Some((first, first_line)) if first.value != value => {
                            let other = &site.briefs[first.brief];
                            warnings.push(
                                Diagnostic::warning(&fig.path, line, 1, format!(
                                    "`{indicator}` for {} at {} is {} here but {} in {}:{}",
                                    site.regions[region].name, row.x, value, first.value, other.rel, first_line
                                ))
                                .with_hint("figures for the same indicator, region and x must agree across briefs; correct one or give it another indicator")
                                .with_code(FIGURE_DISAGREEMENT),
                            );
                        }
                        Some(_) => {}
                        None => {
                            entry.1.insert(
                                row.x.clone(),
                                (GatheredPoint { x: row.x.clone(), value, brief: bi, figure: fi }, line),
                            );
                        }
                    }
                }
            }
        }
    }
    for ((region, indicator), (unit, points)) in series {
        let mut points: Vec<GatheredPoint> = points.into_values().map(|(p, _)| p).collect();
        points.sort_by(|a, b| match (a.x.parse::<f64>(), b.x.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.total_cmp(&y),
            _ => a.x.cmp(&b.x),
        });
        site.regions[region].gathered.push(Gathered { indicator, unit, points });
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
