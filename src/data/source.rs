//! Chart data from files: `data: trade.csv` beside the brief, `data: data/jilin/trade.csv` from
//! the site's root, or a workbook, `data: trade.xlsx` with `sheet:` and `range:` (read with
//! calamine), with an optional `columns:` selection.
//!
//! [`DataFiles`] is shared by every brief of one build: each file is read and parsed once, by
//! the first chart that asks for it, while the other threads that want it wait for that read;
//! different files are read in parallel. It also notes which files each brief used, with their
//! stamps taken before the read, so the preview's cache can tell when a brief's charts changed.
//!
//! Both kinds of file become a [`Grid`] of cells that know their place, so that one selection
//! step makes the [`Table`] and every bad cell is reported where it is: `data/trade.csv:7:9` in
//! a CSV file, `trade.xlsx[Sheet1]!C7` in a workbook. Problems with the file itself (missing,
//! not allowed, unknown sheet or column) are reported at the chart's own lines.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use calamine::{Data, Reader, Xlsx};
use serde_yaml::Value;

use super::{Row, Table};
use crate::diag::{Diagnostic, did_you_mean};
use crate::sources::{self, DATA_DIR, Purpose, Stamp};
use crate::yaml::{YamlMap, kind_of};

/// The keys that only a data file takes.
pub const FILE_KEYS: [&str; 3] = ["columns", "sheet", "range"];

/// A data file a brief's charts asked for, with its stamp before the read (None: unreadable).
pub type Use = (PathBuf, Option<Stamp>);

/// The data files of one build, each read at most once. See the module documentation.
pub struct DataFiles {
    root: PathBuf,
    root_real: PathBuf,
    files: Mutex<HashMap<PathBuf, Arc<OnceLock<Arc<Loaded>>>>>,
    /// Brief path -> (data file, its stamp before the read; None when it could not be read).
    uses: Mutex<HashMap<PathBuf, Vec<Use>>>,
}

impl DataFiles {
    /// The data files of the site at `root`; `root_real` is the root with symbolic links
    /// resolved. Nothing is read until a chart asks.
    pub fn new(root: &Path, root_real: &Path) -> DataFiles {
        DataFiles {
            root: root.to_path_buf(),
            root_real: root_real.to_path_buf(),
            files: Mutex::default(),
            uses: Mutex::default(),
        }
    }

    /// The data files that the charts of `brief` asked for, in order, each once, with their
    /// stamps: the brief's rendering is stale when one of them changes.
    pub fn used_by(&self, brief: &Path) -> Vec<Use> {
        lock(&self.uses).remove(brief).unwrap_or_default()
    }

    /// The table of the chart block `map` in `brief`, whose `data` names the file `name`, with
    /// the file line of each row (the `data` line, since the rows are in another file).
    pub(super) fn table(&self, brief: &Path, map: &YamlMap, name: &str) -> Result<(Table, Vec<usize>), Diagnostic> {
        let rel = self.resolve(brief, map, name)?;
        let kind = FileKind::of(&rel).ok_or_else(|| {
            map.error("data", format!("`{name}` is not a data file dossier reads"))
                .with_hint("name a `.csv` file or an Excel workbook (`.xlsx`), or write CSV lines under `data: |`")
        })?;
        let file = self.root.join(&rel);
        let loaded = self.load(brief, &file, kind);
        let selection = Selection::of(map, kind)?;
        let grid = match &loaded.content {
            Ok(Content::Csv(grid)) => grid,
            Ok(Content::Workbook(book)) => book.sheet(map, name, &selection)?,
            Err(Problem::Unreadable(why)) => {
                return Err(map
                    .error("data", format!("cannot read `{name}`: {why}"))
                    .with_hint("check that the file is a complete, unencrypted file of its kind"));
            }
            Err(Problem::Located(d)) => return Err(d.clone()),
        };
        let table = grid.table(map, name, &selection)?;
        let lines = vec![map.position("data").0; table.rows.len()];
        Ok((table, lines))
    }

    /// The file `name` names, relative to the root and `/`-separated, if a chart may read it.
    fn resolve(&self, brief: &Path, map: &YamlMap, name: &str) -> Result<String, Diagnostic> {
        let brief_rel = brief.strip_prefix(&self.root).unwrap_or(brief).to_string_lossy().replace('\\', "/");
        let dir = brief_rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let from_root = name.strip_prefix('/').or_else(|| name.starts_with(&format!("{DATA_DIR}/")).then_some(name));
        let joined = match from_root {
            Some(path) => path.to_string(),
            None => format!("{dir}/{name}"),
        };
        let refuse =
            |problem: String, hint: String| map.error("data", format!("`data: {name}` {problem}")).with_hint(hint);
        let Some(rel) = sources::normalize(&joined) else {
            return Err(refuse(
                "points outside the site's folder".into(),
                "dossier reads chart data only from files inside `briefs/` and `data/`: copy the file there".into(),
            ));
        };
        if self.root.join(&rel).is_dir() {
            return Err(refuse(
                format!("names a folder (`{rel}`), not a file"),
                "name the CSV file or workbook inside it, such as `data/jilin/trade.csv`".into(),
            ));
        }
        if !self.root.join(&rel).is_file() {
            // Noted, so that the preview renders the brief again once the file is there.
            self.note(brief, &self.root.join(&rel), None);
            let hint = match from_root {
                Some(_) => format!("`{name}` is read from the site's folder: create `{rel}`, or correct the name"),
                None => format!(
                    "a name is read beside the brief (`{rel}`); write `{DATA_DIR}/…` for a file in the site's `{DATA_DIR}/` folder"
                ),
            };
            return Err(refuse(format!("names a file that does not exist (`{rel}`)"), hint));
        }
        sources::allowed(&self.root, &self.root_real, &rel, Purpose::Data)
            .map_err(|refusal| refuse(refusal.problem, refusal.hint))?;
        Ok(rel)
    }

    /// The file at `file`, read now if no chart read it before; notes that `brief` used it.
    fn load(&self, brief: &Path, file: &Path, kind: FileKind) -> Arc<Loaded> {
        let cell = Arc::clone(lock(&self.files).entry(file.to_path_buf()).or_default());
        let loaded = Arc::clone(cell.get_or_init(|| Arc::new(Loaded::read(file, kind))));
        self.note(brief, file, loaded.stamp);
        loaded
    }

    /// Notes that a chart of `brief` asked for `file`, as it was (`stamp`) when read.
    fn note(&self, brief: &Path, file: &Path, stamp: Option<Stamp>) {
        let mut uses = lock(&self.uses);
        let used = uses.entry(brief.to_path_buf()).or_default();
        if !used.iter().any(|(p, _)| p == file) {
            used.push((file.to_path_buf(), stamp));
        }
    }
}

/// A lock that a panicking thread elsewhere does not poison for the rest of the build.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The file `data:` names, if it names one: a plain value on one line, without commas. Inline
/// CSV is a block (`data: |`, whose value ends with a line break) or has a comma.
pub fn file_name(data: &str) -> Option<&str> {
    (!data.contains(['\n', ','])).then_some(data.trim())
}

/// The keys of [`FILE_KEYS`] used with inline data are errors: they select from a file.
pub fn refuse_file_keys(map: &YamlMap) -> Result<(), Diagnostic> {
    match FILE_KEYS.iter().find(|k| map.has(k)) {
        Some(key) => Err(map
            .error(key, format!("`{key}` applies only to data read from a file"))
            .with_hint("remove it, or move the CSV into a file and write `data: <file>.csv`")),
        None => Ok(()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    fn of(rel: &str) -> Option<FileKind> {
        let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "csv" => Some(FileKind::Csv),
            "xlsx" | "xlsm" => Some(FileKind::Xlsx),
            _ => None,
        }
    }
}

/// A data file as read: its stamp before the read, and what it holds.
struct Loaded {
    stamp: Option<Stamp>,
    content: Result<Content, Problem>,
}

enum Content {
    Csv(Grid),
    /// Boxed: an open workbook is several times the size of a grid.
    Workbook(Box<Workbook>),
}

/// A workbook read into memory: its sheets' names, and each sheet parsed the first time a
/// chart asks for it (a workbook often holds many sheets that no chart uses).
struct Workbook {
    path: PathBuf,
    names: Vec<String>,
    book: Mutex<Xlsx<Cursor<Vec<u8>>>>,
    /// One per name, in order: the sheet's grid, or why it cannot be read.
    sheets: Vec<OnceLock<Result<Grid, String>>>,
}

enum Problem {
    /// The file could not be read or opened; reported at the chart's `data` line.
    Unreadable(String),
    /// A problem at a place in the file (malformed CSV).
    Located(Diagnostic),
}

impl Loaded {
    fn read(file: &Path, kind: FileKind) -> Loaded {
        let stamp = Stamp::of(file);
        let content =
            std::fs::read(file).map_err(|e| Problem::Unreadable(e.to_string())).and_then(|bytes| match kind {
                FileKind::Csv => read_csv(file, bytes).map(Content::Csv),
                FileKind::Xlsx => Workbook::open(file, bytes).map(|b| Content::Workbook(Box::new(b))),
            });
        Loaded { stamp, content }
    }
}

/// One cell's value, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    /// An ISO date (`2019-03-01`, with a time when the cell has one).
    Date(String),
    /// What a cell holds that a chart cannot use (a TRUE/FALSE, an error such as `#DIV/0!`).
    Other(String),
}

struct Cell {
    value: CellValue,
    /// Which column of the grid the cell is in: its index in a CSV row, its sheet column.
    slot: usize,
    /// 1-based: the file column of a CSV cell, the sheet column of a workbook cell.
    column: usize,
}

struct GridRow {
    /// 1-based: the file line of a CSV row, the sheet row of a workbook row.
    line: usize,
    cells: Vec<Cell>,
}

/// The cells of a CSV file or a sheet, in rows, each knowing its place.
struct Grid {
    path: PathBuf,
    /// The sheet's name, for a workbook.
    sheet: Option<String>,
    rows: Vec<GridRow>,
}

/// What `columns:`, `sheet:` and `range:` ask of a file.
struct Selection {
    /// (column header in the file, name in the chart); None: every column.
    columns: Option<Vec<(String, String)>>,
    sheet: Option<String>,
    /// 1-based (row, column) of the first and last cell.
    range: Option<((usize, usize), (usize, usize))>,
}

impl Selection {
    fn of(map: &YamlMap, kind: FileKind) -> Result<Selection, Diagnostic> {
        if kind == FileKind::Csv
            && let Some(key) = ["sheet", "range"].into_iter().find(|k| map.has(k))
        {
            return Err(map
                .error(key, format!("`{key}` applies only to workbooks; a CSV file has no sheets"))
                .with_hint("remove it, and choose columns with `columns: [year, Jilin]`"));
        }
        let range = match map.opt_str("range")? {
            None => None,
            Some(text) => Some(parse_range(&text).ok_or_else(|| {
                map.error("range", format!("`{text}` is not a range of cells"))
                    .with_hint("write the first and last cell, such as `range: A1:D20`")
            })?),
        };
        Ok(Selection { columns: columns(map)?, sheet: map.opt_str("sheet")?, range })
    }
}

/// `columns: [year, Jilin]` selects columns by header; `columns: {year: Year, jl_gdp: Jilin}`
/// selects and renames them. The first column chosen is the x axis.
fn columns(map: &YamlMap) -> Result<Option<Vec<(String, String)>>, Diagnostic> {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let bad = |found: &Value| {
        map.error(
            "columns",
            format!("every column of `columns` must be a header written as text, found {}", kind_of(found)),
        )
        .with_hint("write `columns: [year, Jilin]`, or `columns: {year: Year, jl_gdp: Jilin}` to rename")
    };
    let chosen: Vec<(String, String)> = match map.get("columns") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Sequence(items)) => {
            items.iter().map(|v| text(v).map(|s| (s.clone(), s)).ok_or_else(|| bad(v))).collect::<Result<_, _>>()?
        }
        Some(Value::Mapping(pairs)) => pairs
            .iter()
            .map(|(k, v)| match (text(k), text(v)) {
                (Some(from), Some(to)) => Ok((from, to)),
                (None, _) => Err(bad(k)),
                (_, None) => Err(bad(v)),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => return Err(bad(other)),
    };
    if chosen.len() < 2 {
        return Err(map
            .error("columns", "`columns` needs an x column and at least one series")
            .with_hint("name the x column first, then the series: `columns: [year, Jilin]`"));
    }
    for (i, (from, to)) in chosen.iter().enumerate() {
        if chosen[..i].iter().any(|(f, _)| f == from) {
            return Err(map.error("columns", format!("`columns` names `{from}` twice")));
        }
        if to.trim().is_empty() || chosen[..i].iter().any(|(_, t)| t == to) {
            return Err(map
                .error("columns", format!("`columns` gives two columns the name `{to}`"))
                .with_hint("give every column chosen a name of its own"));
        }
    }
    Ok(Some(chosen))
}

/// `A1:D20` into 1-based ((first row, first column), (last row, last column)).
fn parse_range(text: &str) -> Option<((usize, usize), (usize, usize))> {
    let (a, b) = text.trim().split_once(':')?;
    let (first, last) = (parse_cell(a)?, parse_cell(b)?);
    (first.0 <= last.0 && first.1 <= last.1).then_some((first, last))
}

/// `C7` into 1-based (7, 3); `$C$7` too.
fn parse_cell(text: &str) -> Option<(usize, usize)> {
    let text = text.trim().replace('$', "").to_ascii_uppercase();
    let letters = text.bytes().take_while(u8::is_ascii_uppercase).count();
    let (col, row) = text.split_at(letters);
    if col.is_empty() || col.len() > 3 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = col.bytes().fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1);
    let row: usize = row.parse().ok()?;
    ((1..=1_048_576).contains(&row) && column <= 16_384).then_some((row, column))
}

fn read_csv(file: &Path, bytes: Vec<u8>) -> Result<Grid, Problem> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) =
            crate::diag::line_col(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        Problem::Located(
            Diagnostic::error(file, line, column, "the file is not UTF-8 text")
                .with_hint("save the CSV file as UTF-8 (\"CSV UTF-8\" in Excel's Save As)"),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).replace("\r\n", "\n");
    let tight = super::tighten(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(tight.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(1);
            Problem::Located(
                Diagnostic::error(file, line, 1, format!("malformed CSV: {e}"))
                    .with_hint("separate cells with commas and close every quote"),
            )
        })?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(1);
        let cells = record
            .iter()
            .enumerate()
            .map(|(i, cell)| Cell {
                value: if cell.is_empty() { CellValue::Empty } else { CellValue::Text(cell.to_string()) },
                slot: i,
                column: 1 + super::cell_offset(&text, &record, i),
            })
            .collect();
        rows.push(GridRow { line, cells });
    }
    Ok(Grid { path: file.to_path_buf(), sheet: None, rows })
}

impl Workbook {
    fn open(file: &Path, bytes: Vec<u8>) -> Result<Workbook, Problem> {
        let book = Xlsx::new(Cursor::new(bytes)).map_err(|e| Problem::Unreadable(e.to_string()))?;
        let names = book.sheet_names();
        let sheets = names.iter().map(|_| OnceLock::new()).collect();
        Ok(Workbook { path: file.to_path_buf(), names, book: Mutex::new(book), sheets })
    }

    /// The sheet a chart asks for (the first when it does not say), parsed once.
    fn sheet(&self, map: &YamlMap, name: &str, selection: &Selection) -> Result<&Grid, Diagnostic> {
        let index = match &selection.sheet {
            Some(wanted) => self.names.iter().position(|n| n == wanted).ok_or_else(|| {
                let listed = self.names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                let hint = match did_you_mean(wanted, self.names.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`? the sheets of `{name}`: {listed}"),
                    None => format!("the sheets of `{name}`: {listed}"),
                };
                map.error("sheet", format!("`{name}` has no sheet `{wanted}`")).with_hint(hint)
            })?,
            None if self.names.is_empty() => return Err(map.error("data", format!("`{name}` has no sheets"))),
            None => 0,
        };
        let sheet = &self.names[index];
        self.sheets[index].get_or_init(|| self.read(sheet)).as_ref().map_err(|why| {
            let key = if selection.sheet.is_some() { "sheet" } else { "data" };
            map.error(key, format!("cannot read sheet `{sheet}` of `{name}`: {why}"))
                .with_hint("open the workbook in Excel, check the sheet, and save it again")
        })
    }

    fn read(&self, sheet: &str) -> Result<Grid, String> {
        let range = lock(&self.book).worksheet_range(sheet).map_err(|e| e.to_string())?;
        let (top, left) = range.start().map(|(r, c)| (r as usize + 1, c as usize + 1)).unwrap_or((1, 1));
        let rows = range
            .rows()
            .enumerate()
            .map(|(r, cells)| GridRow {
                line: top + r,
                cells: cells
                    .iter()
                    .enumerate()
                    .map(|(c, d)| Cell { value: value_of(d), slot: left + c, column: left + c })
                    .collect(),
            })
            .collect();
        Ok(Grid { path: self.path.clone(), sheet: Some(sheet.to_string()), rows })
    }
}

/// A workbook cell as a chart sees it: numbers stay numbers, dates become ISO dates.
fn value_of(data: &Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::Int(n) => CellValue::Number(*n as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) | Data::DateTimeIso(s) if s.trim().is_empty() => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.trim().to_string()),
        Data::DateTimeIso(s) => CellValue::Date(s.clone()),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                CellValue::Date(format!("{y:04}-{mo:02}-{day:02}"))
            } else {
                CellValue::Date(format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}:{s:02}"))
            }
        }
        Data::DateTime(_) | Data::DurationIso(_) => CellValue::Other("a duration".into()),
        Data::Bool(b) => CellValue::Other(format!("the truth value {}", if *b { "TRUE" } else { "FALSE" })),
        Data::Error(e) => CellValue::Other(format!("the error {e}")),
    }
}

/// A number as an x value or header: `2019`, not `2019.0`.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

impl Grid {
    /// The located error for `cell` of `row`.
    fn error(&self, row: &GridRow, column: usize, message: String) -> Diagnostic {
        self.error_at(row.line, column, message)
    }

    /// The located error at `line` (a sheet's row) and `column`.
    fn error_at(&self, line: usize, column: usize, message: String) -> Diagnostic {
        let d = Diagnostic::error(&self.path, line, column, message);
        match &self.sheet {
            Some(sheet) => d.in_sheet(sheet),
            None => d,
        }
    }

    /// The place of the grid for messages: `trade.csv`, or `trade.xlsx[Sheet1]`.
    fn place(&self, name: &str) -> String {
        match &self.sheet {
            Some(sheet) => format!("`{name}[{sheet}]`"),
            None => format!("`{name}`"),
        }
    }

    /// The rows inside `range` (all when None), each cut to the range's columns.
    fn cut(&self, range: Option<((usize, usize), (usize, usize))>) -> Vec<(&GridRow, Vec<&Cell>)> {
        self.rows
            .iter()
            .filter(|r| range.is_none_or(|((top, _), (bottom, _))| (top..=bottom).contains(&r.line)))
            .map(|r| {
                let cells = r
                    .cells
                    .iter()
                    .filter(|c| range.is_none_or(|((_, left), (_, right))| (left..=right).contains(&c.column)))
                    .collect();
                (r, cells)
            })
            .filter(|(_, cells): &(_, Vec<&Cell>)| cells.iter().any(|c| c.value != CellValue::Empty))
            .collect()
    }

    /// The chart's table: the first row holds the headers, the columns chosen by `columns`
    /// (or all), the first of them the x axis.
    fn table(&self, map: &YamlMap, name: &str, selection: &Selection) -> Result<Table, Diagnostic> {
        let rows = self.cut(selection.range);
        let place = self.place(name);
        let Some(((header_row, header), body)) = rows.split_first() else {
            let at = if selection.range.is_some() { "range" } else { "data" };
            return Err(map
                .error(at, format!("{place} has no data{}", if at == "range" { " in this range" } else { "" }))
                .with_hint("the first row must hold the column headers, and the rows under it the values"));
        };
        let mut headers = Vec::with_capacity(header.len());
        for cell in header {
            let text = match &cell.value {
                CellValue::Text(t) | CellValue::Date(t) => t.clone(),
                CellValue::Number(n) => number_text(*n),
                CellValue::Empty => {
                    return Err(self
                        .error(header_row, cell.column, "this column of the header row has no name".into())
                        .with_hint("the first row holds the column headers: give every column a name"));
                }
                CellValue::Other(what) => {
                    return Err(self.error(header_row, cell.column, format!("a column header holds {what}")));
                }
            };
            if headers.iter().any(|(h, _): &(String, &Cell)| *h == text) && selection.columns.is_none() {
                return Err(self.error(header_row, cell.column, format!("the header row names `{text}` twice")));
            }
            headers.push((text, *cell));
        }
        let chosen: Vec<(usize, String)> = match &selection.columns {
            None => headers.iter().enumerate().map(|(i, (h, _))| (i, h.clone())).collect(),
            Some(columns) => columns
                .iter()
                .map(|(from, to)| match headers.iter().position(|(h, _)| h == from) {
                    Some(i) => Ok((i, to.clone())),
                    None => {
                        let names: Vec<&str> = headers.iter().map(|(h, _)| h.as_str()).collect();
                        let listed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                        let hint = match did_you_mean(from, names.iter().copied()) {
                            Some(close) => format!("did you mean `{close}`? the columns of {place}: {listed}"),
                            None => format!("the columns of {place}: {listed}"),
                        };
                        Err(map.error("columns", format!("{place} has no column `{from}`")).with_hint(hint))
                    }
                })
                .collect::<Result<_, _>>()?,
        };
        if chosen.len() < 2 {
            return Err(map
                .error("data", format!("{place} needs an x column and at least one series"))
                .with_hint("the first row holds the headers: an x column such as `year`, then one column per series"));
        }
        let mut out = Vec::with_capacity(body.len());
        // Each row's line and the columns of its chosen cells, x first: where `check` points.
        let mut places: Vec<(usize, Vec<usize>)> = Vec::with_capacity(body.len());
        for (row, cells) in body {
            if selection.range.is_none() && self.sheet.is_none() && cells.len() != headers.len() {
                return Err(self
                    .error(row, 1, format!("this row has {} cells but the header has {}", cells.len(), headers.len()))
                    .with_hint("give every row one cell per header column; leave a cell empty for a missing value"));
            }
            let at = |i: usize| cells.iter().find(|c| c.slot == headers[i].1.slot).copied();
            // Where a cell of column `i` is reported: at the cell, or under its header.
            let column_of = |i: usize| at(i).map(|c| c.column).unwrap_or(headers[i].1.column);
            let (x_index, _) = chosen[0];
            let x = match at(x_index).map(|c| &c.value) {
                Some(CellValue::Text(t) | CellValue::Date(t)) => t.clone(),
                Some(CellValue::Number(n)) => number_text(*n),
                Some(CellValue::Empty) | None => {
                    return Err(self
                        .error(
                            row,
                            column_of(x_index),
                            format!("this row has no value in its x column `{}`", headers[x_index].0),
                        )
                        .with_hint("give every row an x value (a year, date or category), or delete the row"));
                }
                Some(CellValue::Other(what)) => {
                    return Err(self.error(row, column_of(x_index), format!("the x value holds {what}")));
                }
            };
            let mut values = Vec::with_capacity(chosen.len() - 1);
            for &(i, _) in &chosen[1..] {
                let column = column_of(i);
                let header = &headers[i].0;
                let value = match at(i).map(|c| &c.value) {
                    Some(CellValue::Empty) | None => None,
                    // Too large or not finite: `Table::check` says so, as for inline data.
                    Some(CellValue::Number(n)) => Some(*n),
                    Some(CellValue::Text(t)) => match super::parse_number(t) {
                        Ok(v) => v,
                        Err(super::Cell::NotANumber) => {
                            return Err(self.error(row, column, format!("`{t}` in column `{header}` is not a number")).with_hint(
                                "write plain numbers such as 18.9 or -3 (no units or thousands separators, or store them as numbers in the workbook); leave the cell empty for a missing value",
                            ));
                        }
                        Err(_) => t.trim().parse::<f64>().ok(),
                    },
                    Some(CellValue::Date(d)) => {
                        return Err(self
                            .error(row, column, format!("`{d}` in column `{header}` is a date, not a number"))
                            .with_hint("dates belong in the x column, the first column chosen"));
                    }
                    Some(CellValue::Other(what)) => {
                        return Err(self
                            .error(row, column, format!("the cell in column `{header}` holds {what}, not a number"))
                            .with_hint("store a number in the cell, or leave it empty for a missing value"));
                    }
                };
                values.push(value);
            }
            out.push(Row { x, values });
            places.push((row.line, chosen.iter().map(|&(i, _)| column_of(i)).collect()));
        }
        if out.is_empty() {
            return Err(map
                .error("data", format!("{place} has a header row but no rows of data"))
                .with_hint("add one row per x value under the header row"));
        }
        let header_columns: Vec<usize> = chosen.iter().map(|&(i, _)| headers[i].1.column).collect();
        let mut names = chosen.into_iter().map(|(_, n)| n);
        let x_label = names.next().unwrap_or_default();
        let table = Table { x_label, series: names.collect(), rows: out };
        table.check(&Places { grid: self, header_line: header_row.line, header_columns, rows: places })?;
        Ok(table)
    }
}

/// The cells a file's table came from, so that [`Table::check`] names the file's own line
/// and column (or the workbook's cell), as inline data names the brief's.
struct Places<'a> {
    grid: &'a Grid,
    header_line: usize,
    header_columns: Vec<usize>,
    rows: Vec<(usize, Vec<usize>)>,
}

impl super::table::Locate for Places<'_> {
    fn error(&self, spot: super::table::Spot, message: String) -> Diagnostic {
        use super::table::Spot;
        let header = |i: usize| (self.header_line, self.header_columns.get(i).copied().unwrap_or(1));
        let (line, column) = match spot {
            Spot::Header(i) => header(i),
            Spot::X(r) | Spot::Value(r, _) if r >= self.rows.len() => header(0),
            Spot::X(r) => (self.rows[r].0, self.rows[r].1.first().copied().unwrap_or(1)),
            Spot::Value(r, s) => (self.rows[r].0, self.rows[r].1.get(s + 1).copied().unwrap_or(1)),
        };
        self.grid.error_at(line, column, message)
    }

    fn row_name(&self, r: usize) -> String {
        let line = self.rows.get(r).map_or(self.header_line, |p| p.0);
        match &self.grid.sheet {
            Some(_) => format!("row {line}"),
            None => format!("line {line}"),
        }
    }
}

#[cfg(test)]
mod tests;
