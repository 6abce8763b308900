//! Data blocks: the YAML of a ```` ```chart ```` fence, checked and turned into a typed [`Table`].
//!
//! Positions matter here: every error names the file line of the bad key or CSV row, so the
//! parser keeps the fence's place in the file ([`Origin`]) and offsets everything by it.

pub mod source;
pub mod table;

use std::cell::RefCell;
use std::io::{Cursor, SeekFrom};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::yaml::{Origin, YamlMap};
pub use source::DataFiles;
pub use table::{ChartKind, Row, Table};

const KEYS: &[&str] = &["id", "title", "type", "unit", "source", "note", "indicator", "regions", "initiatives", "data"];

/// A chart block from a brief, ready to draw.
#[derive(Debug, Clone)]
pub struct DataBlock {
    pub id: String,
    pub title: String,
    pub kind: ChartKind,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub indicator: Option<String>,
    /// `None` when the block does not say: the brief's regions apply.
    pub regions: Option<Vec<String>>,
    pub initiatives: Option<Vec<String>>,
    pub table: Table,
    pub path: PathBuf,
    /// File positions: the block's first YAML line, the `id`, `type` and `regions` keys, and each data row.
    pub line: usize,
    pub id_at: (usize, usize),
    /// Where the build's notes on how the chart is drawn point: the `type` value, or the
    /// block's first line and column when it has no `type`.
    pub kind_at: (usize, usize),
    pub regions_at: (usize, usize),
    /// The `source` key, for errors about citations in it.
    pub source_at: (usize, usize),
    pub row_lines: Vec<usize>,
}

/// The most series (columns after the x column) a chart takes: more cannot be told apart on a
/// page, and a header of thousands of columns is a pasted spreadsheet, not a figure.
pub const MAX_SERIES: usize = 200;
/// The most rows a chart takes: more points than a chart is wide, and a data table no reader
/// scrolls through. Longer series belong in a linked CSV file, with a summary charted.
pub const MAX_ROWS: usize = 10_000;
/// The most cells (rows × series) a chart takes, so that a wide and long table is refused too.
pub const MAX_CELLS: usize = 200_000;
/// The largest magnitude of a value or a numeric x: far beyond any statistic (a quintillion),
/// and far enough below the limits of floating point that axes and sums stay exact.
pub const MAX_MAGNITUDE: f64 = 1e18;

/// Parses the text of a chart fence. `origin` is the file position of the text's first line;
/// a `data:` naming a file is read through `files`.
pub fn parse_block(path: &Path, text: &str, origin: Origin, files: &DataFiles) -> Result<DataBlock, Diagnostics> {
    if let Some(d) = unindented_row(path, text, origin) {
        return Err(d.into());
    }
    let map = YamlMap::parse(path, text, origin)?;
    let mut diags = map.check_keys(&[KEYS, &source::FILE_KEYS].concat(), "a chart block");
    let at_block =
        |msg: String, hint: &str| Diagnostic::error(path, origin.line, origin.column, msg).with_hint(hint.to_string());
    let result = (|| -> Result<DataBlock, Diagnostic> {
        let id = map.required_str("id", "give the chart an id unique in the site, such as `id: jilin-trade-share`")?;
        if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(map
                .error("id", format!("chart id `{id}` may hold only letters, digits and dashes"))
                .with_hint(format!("try `id: {}`", crate::text::slugify(&id))));
        }
        let title =
            map.required_str("title", "state the chart's finding, such as `title: Jilin's trade fell by half`")?;
        let kind = match map.opt_str("type")? {
            None => ChartKind::Line,
            Some(name) => ChartKind::parse(&name).ok_or_else(|| {
                let names: Vec<&str> = ChartKind::ALL.iter().map(|(n, _)| *n).collect();
                let hint = match did_you_mean(&name, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? chart types: {}", names.join(", ")),
                    None => format!("chart types: {}", names.join(", ")),
                };
                map.error("type", format!("unknown chart type `{name}`")).with_hint(hint)
            })?,
        };
        let source = map.required_str(
            "source",
            "name where the figures come from, such as `source: Jilin Statistical Yearbook 2020`",
        )?;
        let data = match map.opt_str("data")? {
            Some(d) if !d.trim().is_empty() => d,
            Some(_) => {
                return Err(map
                    .error("data", "`data` is empty")
                    .with_hint("write a CSV header line and one line per row under `data: |`"));
            }
            None => {
                return Err(at_block(
                    "missing required key `data`".into(),
                    "add `data: |` followed by indented CSV lines",
                ));
            }
        };
        let (table, row_lines) = match source::file_name(&data) {
            Some(name) => files.table(path, &map, name)?,
            None => {
                source::refuse_file_keys(&map)?;
                let (data_line, data_col, literal) = data_position(text, &map, origin);
                let (table, mut row_lines) = parse_csv(path, &data, data_line, data_col).map_err(|e| {
                    if literal {
                        return e;
                    }
                    // Without `|` the CSV's lines are not the file's (YAML joins or folds them), so
                    // the problem is named at `data`, with the fix.
                    let (line, col) = map.position("data");
                    Diagnostic::error(path, line, col, e.message).with_hint(
                        "write `data: |` and the CSV on the lines below it: without the `|`, YAML joins the lines into one",
                    )
                })?;
                if !literal {
                    // No row has a line of its own in the file: later messages name the `data` key.
                    row_lines.fill(map.position("data").0);
                }
                (table, row_lines)
            }
        };
        // `regions: jilin, yanbian` is refused with the list it was meant to be.
        let opt_list = |key: &str| -> Result<Option<Vec<String>>, Diagnostic> {
            if map.has(key) { map.slug_list(key).map(Some) } else { Ok(None) }
        };
        Ok(DataBlock {
            id,
            title,
            kind,
            unit: map.opt_str("unit")?,
            source: Some(source),
            source_at: map.position("source"),
            note: map.opt_str("note")?,
            indicator: map.opt_str("indicator")?,
            regions: opt_list("regions")?,
            initiatives: opt_list("initiatives")?,
            table,
            path: path.to_path_buf(),
            line: origin.line,
            id_at: map.position("id"),
            kind_at: if map.has("type") { map.position("type") } else { (origin.line, origin.column) },
            regions_at: map.position("regions"),
            row_lines,
        })
    })();
    match result {
        Ok(block) if !diags.has_errors() => Ok(block),
        Ok(_) => Err(diags),
        Err(e) => {
            diags.push(e);
            Err(diags)
        }
    }
}

/// File line and column of the first CSV line: the line after `data: |`, at its indentation;
/// and whether `data` is a literal block (`|`), the one form that keeps the CSV's lines.
fn data_position(text: &str, map: &YamlMap, origin: Origin) -> (usize, usize, bool) {
    let (key_line, value_col) = map.position("data");
    let local = key_line - origin.line;
    let key_text = text.lines().nth(local).unwrap_or_default();
    let after_colon = key_text.split_once(':').map(|(_, v)| v.trim()).unwrap_or_default();
    if after_colon.starts_with('|') || after_colon.starts_with('>') {
        // The CSV starts on the first line with text: blank lines before it are not rows.
        let (blank, next) =
            text.lines().skip(local + 1).enumerate().find(|(_, l)| !l.trim().is_empty()).unwrap_or_default();
        let indent = next.len() - next.trim_start().len();
        (key_line + 1 + blank, origin.column + indent, after_colon.starts_with('|'))
    } else {
        (key_line, value_col, false)
    }
}

/// A CSV line under `data: |` that is less indented than the block, which ends the block in
/// YAML and leaves the row as a syntax error somewhere below. It is named at its own line.
fn unindented_row(path: &Path, text: &str, origin: Origin) -> Option<Diagnostic> {
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut lines = text.lines().enumerate();
    lines.by_ref().find(|(_, l)| {
        l.strip_prefix("data").and_then(|r| r.trim_start().strip_prefix(':')).is_some_and(|v| v.trim().starts_with('|'))
    })?;
    let mut block_indent = None;
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let indent = indent_of(line);
        let block = *block_indent.get_or_insert(indent);
        if indent >= block && block > 0 {
            continue;
        }
        let rest = line.trim_start();
        let is_key = rest.split_once(':').is_some_and(|(k, v)| {
            (v.is_empty() || v.starts_with(' '))
                && !k.is_empty()
                && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        if rest.starts_with('#') || is_key {
            return None;
        }
        let message = if block == 0 {
            "the CSV under `data: |` is not indented"
        } else {
            "this data row is not indented like the rows above it, so YAML ends `data` before it"
        };
        return Some(
            Diagnostic::error(path, origin.line + i, origin.column + indent, message)
                .with_hint("indent every CSV line of `data` by the same number of spaces, for example two"),
        );
    }
    None
}

/// Parses CSV text: a header, then rows of the header's width; empty cells are missing values.
fn parse_csv(path: &Path, data: &str, first_line: usize, col: usize) -> Result<(Table, Vec<usize>), Diagnostic> {
    // The CSV reader skips blank lines but does not count them, so it is given the lines with
    // text only, and `lines` maps its line numbers back: CSV line i (from 1) is file line
    // `first_line + lines[i - 1]`, where `first_line` is the line of the CSV's first text.
    let kept: Vec<(usize, &str)> = data.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).collect();
    let skip = kept.first().map(|(i, _)| *i).unwrap_or(0);
    let lines: Vec<usize> = kept.iter().map(|(i, _)| i - skip).collect();
    let compact: String = kept.iter().flat_map(|(_, l)| [*l, "\n"]).collect();
    with_csv_reader(&tighten(&compact), |reader| read_table(path, &compact, reader.records(), first_line, &lines, col))
}

type CsvReader = csv::Reader<Cursor<Vec<u8>>>;

thread_local! {
    /// One CSV reader per thread, reused for every chart block. Creating a reader builds its
    /// parser's transition table (csv_core's DFA), which costs more than parsing a block's
    /// dozen rows: it was 6% of a build's instructions.
    static CSV_READER: RefCell<CsvReader> = RefCell::new(new_csv_reader());
}

fn new_csv_reader() -> CsvReader {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(Cursor::new(Vec::new()));
    // Seeking once, on empty input, settles the reader's header bookkeeping for good, so no
    // later seek reads a header row: from then on every seek leaves it as good as new.
    let _ = reader.seek_raw(SeekFrom::Start(0), csv::Position::new());
    reader
}

/// Runs `f` on this thread's reader, loaded with `data` and reset to line 1.
fn with_csv_reader<T>(data: &str, f: impl FnOnce(&mut CsvReader) -> T) -> T {
    CSV_READER.with_borrow_mut(|reader| {
        let buffer = reader.get_mut().get_mut();
        buffer.clear();
        buffer.extend_from_slice(data.as_bytes());
        // `seek_raw` drops buffered input, resets the parser and sets the position; on an
        // in-memory cursor it cannot fail, and if it ever did a fresh reader is the fallback.
        if reader.seek_raw(SeekFrom::Start(0), csv::Position::new()).is_err() {
            *reader = new_csv_reader();
            reader.get_mut().get_mut().extend_from_slice(data.as_bytes());
        }
        f(reader)
    })
}

/// Reads the header and rows of one block's CSV.
fn read_table(
    path: &Path,
    data: &str,
    mut records: csv::StringRecordsIter<'_, Cursor<Vec<u8>>>,
    first_line: usize,
    lines: &[usize],
    col: usize,
) -> Result<(Table, Vec<usize>), Diagnostic> {
    let file_line = |csv_line: u64| first_line + lines.get((csv_line as usize).saturating_sub(1)).copied().unwrap_or(0);
    let line_of = |r: &csv::StringRecord| file_line(r.position().map(|p| p.line()).unwrap_or(1));
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| file_line(p.line())).unwrap_or(first_line);
        Diagnostic::error(path, line, col, format!("malformed CSV: {e}"))
            .with_hint("separate cells with commas and close every quote")
    };
    let header = match records.next() {
        Some(r) => r.map_err(csv_error)?,
        None => return Err(Diagnostic::error(path, first_line, col, "`data` has no header line")),
    };
    if header.len() < 2 {
        return Err(Diagnostic::error(
            path,
            line_of(&header),
            col,
            "the CSV header needs an x column and at least one series",
        )
        .with_hint("write for example `year, Jilin` and then rows such as `2019, 11`"));
    }
    if header.len() - 1 > MAX_SERIES {
        return Err(Diagnostic::error(
            path,
            line_of(&header),
            col,
            format!("the CSV header has {} series; a chart takes at most {MAX_SERIES}", header.len() - 1),
        )
        .with_hint("split the figure into several charts, or link the full table as a CSV file and chart a summary"));
    }
    let names: Vec<String> = header.iter().map(str::to_string).collect();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(Diagnostic::error(
                path,
                line_of(&header),
                col,
                format!("column {} of the CSV header has no name", i + 1),
            ));
        }
        if names[..i].contains(name) {
            return Err(Diagnostic::error(path, line_of(&header), col, format!("the CSV header names `{name}` twice")));
        }
    }
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let max_rows = MAX_ROWS.min(MAX_CELLS / (names.len() - 1));
    for record in records {
        let record = record.map_err(csv_error)?;
        let line = line_of(&record);
        if record.len() == 1 && record[0].is_empty() {
            continue;
        }
        if rows.len() == max_rows {
            let limit = if max_rows == MAX_ROWS {
                format!("a chart takes at most {MAX_ROWS} rows")
            } else {
                format!("a chart of {} series takes at most {max_rows} rows ({MAX_CELLS} cells)", names.len() - 1)
            };
            return Err(Diagnostic::error(path, line, col, format!("`data` has too many rows: {limit}"))
                .with_hint("chart a summary (yearly values, say) and link the full data as a CSV file"));
        }
        if record.iter().any(|cell| cell.contains('\n')) {
            return Err(Diagnostic::error(path, line, col, "a quote in this row is never closed")
                .with_hint("close the quote of the cell, as in `\"Japan, Korea\"`; a cell cannot hold a line break"));
        }
        if record.len() != names.len() {
            return Err(Diagnostic::error(
                path,
                line,
                col,
                format!("this row has {} cells but the header has {}", record.len(), names.len()),
            )
            .with_hint("give every row one cell per header column; leave a cell empty for a missing value"));
        }
        let mut values = Vec::with_capacity(names.len() - 1);
        for (i, cell) in record.iter().enumerate().skip(1) {
            values.push(parse_number(cell).map_err(|problem| {
                let at = col + cell_offset(data, &record, i);
                let column = &names[i];
                let (message, hint) = match problem {
                    Cell::NotANumber => (
                        format!("`{cell}` in column `{column}` is not a number"),
                        "write plain numbers such as 18.9 or -3 (no units or thousands separators); leave the cell empty for a missing value",
                    ),
                    Cell::NotFinite => (
                        format!("`{cell}` in column `{column}` is not a finite number"),
                        "a chart cannot draw NaN or infinity: leave the cell empty for a missing value",
                    ),
                    Cell::TooLarge => (
                        format!("`{cell}` in column `{column}` is too large to draw: values may be at most ±1e18"),
                        "give the value in a larger unit (billions, say) and name it in `unit`",
                    ),
                };
                Diagnostic::error(path, line, at, message).with_hint(hint)
            })?);
        }
        rows.push(Row { x: record[0].to_string(), values });
        lines.push(line);
    }
    if rows.is_empty() {
        return Err(Diagnostic::error(path, first_line, col, "`data` has a header but no rows")
            .with_hint("add one CSV line per x value under the header"));
    }
    let mut names = names.into_iter();
    let x_label = names.next().unwrap_or_default();
    let table = Table { x_label, series: names.collect(), rows };
    table.check(&Inline { path, header_line: first_line, lines: &lines, col })?;
    Ok((table, lines))
}

/// Places in inline CSV: each row at its file line, the header on the CSV's first line, all at
/// the CSV's column (a bad cell's own column is named when its text is read).
struct Inline<'a> {
    path: &'a Path,
    header_line: usize,
    lines: &'a [usize],
    col: usize,
}

impl table::Locate for Inline<'_> {
    fn error(&self, spot: table::Spot, message: String) -> Diagnostic {
        let line = match spot {
            table::Spot::Header(_) => self.header_line,
            table::Spot::X(r) | table::Spot::Value(r, _) => self.lines.get(r).copied().unwrap_or(self.header_line),
        };
        Diagnostic::error(self.path, line, self.col, message)
    }

    fn row_name(&self, r: usize) -> String {
        format!("line {}", self.lines.get(r).copied().unwrap_or(self.header_line))
    }
}

/// Drops the spaces people put after commas (`2019, 11`), outside quotes, so that a quoted
/// cell after a space (`year, "Japan, Korea"`) is still read as one quoted cell: the CSV
/// reader only honours a quote at the very start of a cell. Lines stay where they are.
fn tighten(data: &str) -> String {
    let mut out = String::with_capacity(data.len());
    let mut quoted = false;
    let mut cell_start = true;
    for c in data.chars() {
        if cell_start && !quoted && (c == ' ' || c == '\t') {
            continue;
        }
        cell_start = !quoted && (c == ',' || c == '\n');
        if c == '"' {
            quoted = !quoted;
        }
        out.push(c);
    }
    out
}

/// What is wrong with a cell that is not a value a chart can draw.
enum Cell {
    NotANumber,
    NotFinite,
    TooLarge,
}

fn parse_number(cell: &str) -> Result<Option<f64>, Cell> {
    if cell.is_empty() {
        return Ok(None);
    }
    match cell.parse::<f64>() {
        Ok(v) if !v.is_finite() => Err(Cell::NotFinite),
        Ok(v) if v.abs() > MAX_MAGNITUDE => Err(Cell::TooLarge),
        Ok(v) => Ok(Some(v)),
        Err(_) => Err(Cell::NotANumber),
    }
}

/// Column (0-based characters) of cell `index` within its raw line, for precise error columns.
fn cell_offset(data: &str, record: &csv::StringRecord, index: usize) -> usize {
    let Some(pos) = record.position() else { return 0 };
    let line = data.lines().nth(pos.line() as usize - 1).unwrap_or_default();
    let mut commas = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                commas += 1;
                if commas == index {
                    let rest = &line[i + 1..];
                    let skip = rest.len() - rest.trim_start().len();
                    return line[..i + 1 + skip].chars().count();
                }
            }
            _ => {}
        }
    }
    0
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
