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
