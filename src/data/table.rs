//! The typed form of a data block's CSV: an x column and one or more numeric series.

/// What a chart block draws. `Table` renders only the HTML table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    Line,
    Bar,
    Hbar,
    Stacked,
    Area,
    Table,
}

impl ChartKind {
    pub const ALL: [(&'static str, ChartKind); 6] = [
        ("line", ChartKind::Line),
        ("bar", ChartKind::Bar),
        ("hbar", ChartKind::Hbar),
        ("stacked", ChartKind::Stacked),
        ("area", ChartKind::Area),
        ("table", ChartKind::Table),
    ];

    pub fn parse(name: &str) -> Option<ChartKind> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map(|(n, _)| *n).unwrap_or("line")
    }
}

/// A parsed CSV table: the first column is the x axis, every other column a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Header of the first column ("year", "date", "partner", ...).
    pub x_label: String,
    /// Series names, from the remaining headers, in order.
    pub series: Vec<String>,
    pub rows: Vec<Row>,
}

/// One CSV row. `values[i]` belongs to `series[i]`; `None` is an empty cell (a gap, not zero).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub x: String,
    pub values: Vec<Option<f64>>,
}

impl Table {
    /// True when every x value is a whole number between 1000 and 2999 (a year axis).
    pub fn x_is_year(&self) -> bool {
        !self.rows.is_empty()
            && self
                .rows
                .iter()
                .all(|r| r.x.len() == 4 && r.x.parse::<u32>().map(|y| (1000..3000).contains(&y)).unwrap_or(false))
    }

    /// True when every x value parses as a number (years included).
    pub fn x_is_numeric(&self) -> bool {
        !self.rows.is_empty() && self.rows.iter().all(|r| r.x.trim().parse::<f64>().is_ok())
    }
}

/// A place in a table, for [`Table::check`]'s errors: a header cell (0 is the x column's), a
/// row's x cell, or the cell of series `s` in row `r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    Header(usize),
    X(usize),
    Value(usize, usize),
}

/// Where a table came from: turns a [`Spot`] into its file position (for inline CSV the
/// brief's line and column; for a data file the file's own line and column, or the
/// workbook's cell).
pub trait Locate {
    /// The error at `spot`.
    fn error(&self, spot: Spot, message: String) -> crate::diag::Diagnostic;
    /// How a message names where row `r` is: "line 14", or "row 7" of a sheet.
    fn row_name(&self, r: usize) -> String;
}

impl Table {
    /// The rules every chart's table must meet, wherever its data was written (inline CSV,
    /// a CSV file or a workbook): at most `MAX_SERIES` series, `MAX_ROWS` rows and
    /// `MAX_CELLS` cells, series names given once, every row an x value of a sane size given
    /// once, and every value finite and at most `MAX_MAGNITUDE`. The first broken rule is
    /// reported at its place, through `at`.
    pub fn check(&self, at: &dyn Locate) -> Result<(), crate::diag::Diagnostic> {
        use super::{MAX_CELLS, MAX_MAGNITUDE, MAX_ROWS, MAX_SERIES};
        let n = self.series.len();
        if n > MAX_SERIES {
            return Err(at
                .error(Spot::Header(0), format!("the table has {n} series; a chart takes at most {MAX_SERIES}"))
                .with_hint(
                    "split the figure into several charts, or link the full table as a CSV file and chart a summary",
                ));
        }
        for (i, name) in self.series.iter().enumerate() {
            if self.series[..i].contains(name) {
                return Err(at.error(Spot::Header(i + 1), format!("the header names `{name}` twice")));
            }
        }
        let max_rows = MAX_ROWS.min(MAX_CELLS / n.max(1));
        if self.rows.len() > max_rows {
            let limit = if max_rows == MAX_ROWS {
                format!("a chart takes at most {MAX_ROWS} rows")
            } else {
                format!("a chart of {n} series takes at most {max_rows} rows ({MAX_CELLS} cells)")
            };
            return Err(at
                .error(Spot::X(max_rows), format!("the data has too many rows: {limit}"))
                .with_hint("chart a summary (yearly values, say) and link the full data as a CSV file"));
        }
        let label = &self.x_label;
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (r, row) in self.rows.iter().enumerate() {
            let x = row.x.as_str();
            if x.trim().is_empty() {
                return Err(at
                    .error(Spot::X(r), format!("this row has no `{label}` (the first cell is empty)"))
                    .with_hint("every row starts with its x value: a year, a date or a category"));
            }
            if x.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'))
                && let Ok(v) = x.parse::<f64>()
                && (!v.is_finite() || v.abs() > MAX_MAGNITUDE)
            {
                return Err(at
                    .error(Spot::X(r), format!("`{label}` `{x}` is too large to draw: x values may be at most ±1e18"))
                    .with_hint("write x values as years, dates, categories or plain numbers of a sane size"));
            }
            if let Some(&first) = seen.get(x) {
                return Err(at
                    .error(Spot::X(r), format!("`{label}` `{x}` is given twice: first on {}", at.row_name(first)))
                    .with_hint(
                        "give each x value one row, with one cell per series; remove or merge the repeated row",
                    ));
            }
            seen.insert(x, r);
            for (s, v) in row.values.iter().enumerate() {
                let Some(v) = *v else { continue };
                let column = self.series.get(s).map_or("", String::as_str);
                if !v.is_finite() {
                    return Err(at
                        .error(Spot::Value(r, s), format!("the value in column `{column}` is not a finite number"))
                        .with_hint("a chart cannot draw NaN or infinity: leave the cell empty for a missing value"));
                }
                if v.abs() > MAX_MAGNITUDE {
                    return Err(at
                        .error(
                            Spot::Value(r, s),
                            format!("the value in column `{column}` is too large to draw: values may be at most ±1e18"),
                        )
                        .with_hint("give the value in a larger unit (billions, say) and name it in `unit`"));
                }
            }
        }
        Ok(())
    }
}
