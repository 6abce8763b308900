use std::path::PathBuf;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::*;
use crate::data::{DataBlock, parse_block};
use crate::diag::Diagnostics;
use crate::diag::cell_name;
use crate::yaml::Origin;

/// A site folder of its own under the temporary folder, removed when dropped.
struct Site {
    root: PathBuf,
    real: PathBuf,
}

impl Site {
    fn new(name: &str) -> Site {
        let root = std::env::temp_dir().join(format!("dossier-source-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("briefs")).unwrap();
        std::fs::create_dir_all(root.join("data/jilin")).unwrap();
        let real = root.canonicalize().unwrap();
        Site { root, real }
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn files(&self) -> DataFiles {
        DataFiles::new(&self.root, &self.real)
    }

    /// Parses a chart block whose text starts on line 10 of `briefs/b.md`, with `files`.
    fn parse_with(&self, files: &DataFiles, block: &str) -> Result<DataBlock, Diagnostics> {
        let text = format!("id: t\ntitle: T\nsource: S\n{block}");
        parse_block(&self.root.join("briefs/b.md"), &text, Origin { line: 10, column: 1 }, files)
    }

    fn parse(&self, block: &str) -> Result<DataBlock, Diagnostics> {
        self.parse_with(&self.files(), block)
    }

    /// The first error of a block, with paths relative to the site, and its hint.
    fn error(&self, block: &str) -> String {
        let diags = self.parse(block).expect_err("the block should fail");
        diags.0[0].clone().relative_to(&self.root).to_string()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

const TRADE: &str = "year,Jilin,China,Note\n1994,33,,first\n2019, 11 ,-2.5,\n";

#[test]
fn a_csv_file_beside_the_brief_or_in_data_becomes_the_table() {
    let site = Site::new("csv");
    site.write("briefs/trade.csv", TRADE);
    site.write("data/jilin/trade.csv", TRADE);
    for name in ["trade.csv", "data/jilin/trade.csv", "/data/jilin/trade.csv", "../data/jilin/trade.csv"] {
        let b = site.parse(&format!("data: {name}\ncolumns: [year, Jilin, China]\n")).unwrap();
        assert_eq!(b.table.x_label, "year", "{name}");
        assert_eq!(b.table.series, ["Jilin", "China"]);
        assert_eq!(b.table.rows[0].x, "1994");
        assert_eq!(b.table.rows[0].values, [Some(33.0), None]);
        assert_eq!(b.table.rows[1].values, [Some(11.0), Some(-2.5)]);
        // Rows live in another file: a figure's place is its `data` line in the brief.
        assert_eq!(b.row_lines, [13, 13]);
    }
}

#[test]
fn columns_may_be_renamed_and_reordered() {
    let site = Site::new("rename");
    site.write("data/jilin/trade.csv", TRADE);
    let b = site.parse("data: data/jilin/trade.csv\ncolumns: {year: Year, China: PRC, Jilin: Jilin}\n").unwrap();
    assert_eq!(b.table.x_label, "Year");
    assert_eq!(b.table.series, ["PRC", "Jilin"]);
    assert_eq!(b.table.rows[1].values, [Some(-2.5), Some(11.0)]);
}

#[test]
fn a_bad_cell_is_reported_at_its_place_in_the_csv_file() {
    let site = Site::new("badcell");
    site.write("data/jilin/trade.csv", "year,Jilin,China\n1994,33,1\n2019,11,n/a\n");
    let err = site.error("data: data/jilin/trade.csv\n");
    assert!(err.starts_with("data/jilin/trade.csv:3:9: error: `n/a` in column `China` is not a number"), "{err}");
    site.write("data/jilin/trade.csv", "year,Jilin\n1994,33\n2019,11,4\n");
    let err = site.error("data: data/jilin/trade.csv\n");
    assert!(err.starts_with("data/jilin/trade.csv:3:1: error: this row has 3 cells but the header has 2"), "{err}");
    site.write("data/jilin/trade.csv", b"year,Jilin\n1994,\xff\n");
    let err = site.error("data: data/jilin/trade.csv\n");
    assert!(err.starts_with("data/jilin/trade.csv:2:6: error: the file is not UTF-8 text"), "{err}");
    site.write("data/jilin/trade.csv", "year,,Jilin\n1994,1,2\n");
    let err = site.error("data: data/jilin/trade.csv\n");
    assert!(err.starts_with("data/jilin/trade.csv:1:6: error: this column of the header row has no name"), "{err}");
}

#[test]
fn a_missing_file_or_column_is_reported_at_the_chart() {
    let site = Site::new("missing");
    site.write("data/jilin/trade.csv", TRADE);
    let err = site.error("data: trad.csv\n");
    assert!(err.starts_with("briefs/b.md:13:7: error: `data: trad.csv` names a file that does not exist"), "{err}");
    assert!(err.contains("`briefs/trad.csv`"), "{err}");
    let err = site.error("data: data/jilin/trade.csv\ncolumns: [year, Jilim]\n");
    assert!(err.starts_with("briefs/b.md:14:10: error: `data/jilin/trade.csv` has no column `Jilim`"), "{err}");
    assert!(err.contains("did you mean `Jilin`?"), "{err}");
    let err = site.error("data: data/jilin/trade.csv\nsheet: Trade\n");
    assert!(err.starts_with("briefs/b.md:14:8: error: `sheet` applies only to workbooks"), "{err}");
    let err = site.error("data: data/jilin/trade.txt\n");
    assert!(err.contains("names a file that does not exist"), "{err}");
    let err = site.error("data: data/jilin\n");
    assert!(
        err.starts_with("briefs/b.md:13:7: error: `data: data/jilin` names a folder (`data/jilin`), not a file"),
        "{err}"
    );
    site.write("data/jilin/trade.txt", TRADE);
    let err = site.error("data: data/jilin/trade.txt\n");
    assert!(err.starts_with("briefs/b.md:13:7: error: `data/jilin/trade.txt` is not a data file"), "{err}");
    // A block of one line is still inline CSV, not a file name.
    let err = site.error("data: |\n  year\n");
    assert!(err.starts_with("briefs/b.md:14:3: error: the CSV header needs an x column"), "{err}");
    let err = site.error("data: |\n  year, a\n  1, 2\ncolumns: [year]\n");
    assert!(err.starts_with("briefs/b.md:16:10: error: `columns` applies only to data read from a file"), "{err}");
}

#[test]
fn data_files_follow_what_a_build_may_read() {
    let site = Site::new("safety");
    site.write("static/trade.csv", TRADE);
    site.write("notes/trade.csv", TRADE);
    site.write("data/.hidden/trade.csv", TRADE);
    site.write("briefs/.trade.csv", TRADE);
    let outside = std::env::temp_dir().join(format!("dossier-source-outside-{}.csv", std::process::id()));
    std::fs::write(&outside, TRADE).unwrap();
    std::os::unix::fs::symlink(&outside, site.root.join("data/linked.csv")).unwrap();
    let cases = [
        ("/static/trade.csv", "points at `static/trade.csv`, outside the folders dossier reads data from"),
        ("../notes/trade.csv", "points at `notes/trade.csv`, outside the folders dossier reads data from"),
        ("data/.hidden/trade.csv", "a hidden file or a file in a hidden folder"),
        (".trade.csv", "a hidden file or a file in a hidden folder"),
        ("data/linked.csv", "a symbolic link to a file outside `data/`"),
        ("../../../../../../../../etc/passwd.csv", "points outside the site's folder"),
    ];
    for (name, problem) in cases {
        let err = site.error(&format!("data: {name}\n"));
        assert!(err.starts_with(&format!("briefs/b.md:13:7: error: `data: {name}` ")), "{err}");
        assert!(err.contains(problem), "{name}: {err}");
        assert!(err.contains("hint: "), "{err}");
    }
    let _ = std::fs::remove_file(outside);
}

#[test]
fn each_file_is_read_once_per_build_and_its_use_is_noted() {
    let site = Site::new("once");
    site.write("data/jilin/trade.csv", TRADE);
    let files = site.files();
    let first = site.parse_with(&files, "data: data/jilin/trade.csv\ncolumns: [year, Jilin]\n").unwrap();
    // A change during the build is not seen by the build's other charts: they share one read.
    site.write("data/jilin/trade.csv", "year,Jilin\n1994,99\n");
    let second = site.parse_with(&files, "data: data/jilin/trade.csv\ncolumns: [year, Jilin]\n").unwrap();
    assert_eq!(first.table, second.table);
    let used = files.used_by(&site.root.join("briefs/b.md"));
    assert_eq!(used.len(), 1);
    assert_eq!(used[0].0, site.root.join("data/jilin/trade.csv"));
    assert!(used[0].1.is_some());
    // The next build reads the file again.
    let third = site.parse("data: data/jilin/trade.csv\ncolumns: [year, Jilin]\n").unwrap();
    assert_eq!(third.table.rows[0].values, [Some(99.0)]);
    // A file that could not be read is noted too, so that creating it is a change.
    let files = site.files();
    assert!(site.parse_with(&files, "data: later.csv\n").is_err());
    assert_eq!(files.used_by(&site.root.join("briefs/b.md")), [(site.root.join("briefs/later.csv"), None)]);
}

/// A workbook: sheet `Notes` first, then `Trade` with dates, numbers, a formatted number stored
/// as text and a formula error.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let notes = book.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "Figures from the Jilin Statistical Yearbook").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Trade").unwrap();
    sheet.write_string(0, 0, "date").unwrap();
    sheet.write_string(0, 1, "Jilin").unwrap();
    sheet.write_string(0, 2, "Yanbian").unwrap();
    let rows: [(u16, u8, u8, f64); 3] = [(2019, 1, 1, 11.0), (2020, 1, 1, 9.5), (2021, 1, 1, 12.25)];
    for (i, (y, m, d, v)) in rows.into_iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_datetime_with_format(r, 0, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date).unwrap();
        sheet.write_number(r, 1, v).unwrap();
    }
    sheet.write_number(1, 2, 3.0).unwrap();
    sheet.write_string(3, 2, "1,234").unwrap();
    sheet.write_boolean(5, 0, true).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn a_workbook_sheet_and_range_become_the_table_with_dates_and_numbers() {
    let site = Site::new("xlsx");
    site.write("data/trade.xlsx", workbook());
    let b = site.parse("data: data/trade.xlsx\nsheet: Trade\nrange: A1:B4\n").unwrap();
    assert_eq!(b.table.x_label, "date");
    assert_eq!(b.table.series, ["Jilin"]);
    let xs: Vec<&str> = b.table.rows.iter().map(|r| r.x.as_str()).collect();
    assert_eq!(xs, ["2019-01-01", "2020-01-01", "2021-01-01"]);
    assert_eq!(b.table.rows[2].values, [Some(12.25)]);
    let b = site
        .parse("data: data/trade.xlsx\nsheet: Trade\nrange: A1:C3\ncolumns: {date: Date, Yanbian: Yanbian}\n")
        .unwrap();
    assert_eq!(b.table.series, ["Yanbian"]);
    assert_eq!(b.table.rows[0].values, [Some(3.0)]);
    assert_eq!(b.table.rows[1].values, [None]);
    // One read of the workbook serves charts of different sheets; each sheet is parsed once.
    let files = site.files();
    let trade = site.parse_with(&files, "data: data/trade.xlsx\nsheet: Trade\nrange: A1:B4\n").unwrap();
    assert!(site.parse_with(&files, "data: data/trade.xlsx\nsheet: Notes\n").is_err(), "one column is no chart");
    let again = site.parse_with(&files, "data: data/trade.xlsx\nsheet: Trade\nrange: A1:B4\n").unwrap();
    assert_eq!(trade.table, again.table);
    assert_eq!(files.used_by(&site.root.join("briefs/b.md")).len(), 1);
}

#[test]
fn workbook_errors_name_the_sheet_and_cell_or_the_chart() {
    let site = Site::new("xlsxerr");
    site.write("data/trade.xlsx", workbook());
    // "1,234" is text in the workbook: a number with a thousands separator, refused as inline.
    let err = site.error("data: data/trade.xlsx\nsheet: Trade\nrange: A1:C4\n");
    assert!(err.starts_with("data/trade.xlsx[Trade]!C4: error: `1,234` in column `Yanbian` is not a number"), "{err}");
    let err = site.error("data: data/trade.xlsx\nsheet: Trade\n");
    assert!(err.starts_with("data/trade.xlsx[Trade]!C4: error:"), "{err}");
    site.write("data/bool.xlsx", {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "year").unwrap();
        sheet.write_string(0, 1, "Jilin").unwrap();
        sheet.write_number(1, 0, 2019).unwrap();
        sheet.write_boolean(1, 1, true).unwrap();
        book.save_to_buffer().unwrap()
    });
    let err = site.error("data: data/bool.xlsx\n");
    assert!(
        err.starts_with("data/bool.xlsx[Sheet1]!B2: error: the cell in column `Jilin` holds the truth value TRUE"),
        "{err}"
    );
    let err = site.error("data: data/trade.xlsx\nsheet: trade\n");
    assert!(err.starts_with("briefs/b.md:14:8: error: `data/trade.xlsx` has no sheet `trade`"), "{err}");
    assert!(err.contains("did you mean `Trade`? the sheets of `data/trade.xlsx`: `Notes`, `Trade`"), "{err}");
    let err = site.error("data: data/trade.xlsx\nsheet: Trade\nrange: A1-B4\n");
    assert!(err.starts_with("briefs/b.md:15:8: error: `A1-B4` is not a range of cells"), "{err}");
    let err = site.error("data: data/trade.xlsx\nsheet: Trade\nrange: F1:G9\n");
    assert!(err.starts_with("briefs/b.md:15:8: error: `data/trade.xlsx[Trade]` has no data in this range"), "{err}");
    // Without `sheet`, the first sheet, whose single column is no chart.
    let err = site.error("data: data/trade.xlsx\n");
    assert!(err.contains("`data/trade.xlsx[Notes]` needs an x column and at least one series"), "{err}");
    site.write("data/broken.xlsx", b"PK not really a workbook");
    let err = site.error("data: data/broken.xlsx\n");
    assert!(err.starts_with("briefs/b.md:13:7: error: cannot read `data/broken.xlsx`"), "{err}");
}

#[test]
fn cells_are_named_as_excel_names_them() {
    assert_eq!(cell_name(7, 3), "C7");
    assert_eq!(cell_name(1, 26), "Z1");
    assert_eq!(cell_name(1, 27), "AA1");
    assert_eq!(cell_name(20, 703), "AAA20");
    assert_eq!(parse_cell("$AA$12"), Some((12, 27)));
    assert_eq!(parse_range("a1:d20"), Some(((1, 1), (20, 4))));
    assert_eq!(parse_range("D20:A1"), None);
    assert_eq!(parse_cell("A0"), None);
}

/// Issue 12: data from a file passes the same checks as inline data (`Table::check`), and each
/// error names the data file's own line and column, or the workbook's cell.
#[test]
fn file_data_meets_the_rules_of_inline_data_at_its_own_places() {
    let site = Site::new("samerules");
    site.write("data/jilin/trade.csv", "year,Jilin,China\n1994,33,1\n2019,11,2\n1994,5,6\n");
    let err = site.error("data: data/jilin/trade.csv\n");
    assert!(err.starts_with("data/jilin/trade.csv:4:1: error: `year` `1994` is given twice: first on line 2"), "{err}");
    site.write("data/jilin/trade.csv", "year,Jilin,China\n1994,33,1\n2019,11,1e300\n");
    let err = site.error("data: data/jilin/trade.csv\n");
    assert!(err.starts_with("data/jilin/trade.csv:3:9: error: the value in column `China` is too large"), "{err}");
    site.write("data/jilin/trade.csv", "year,Jilin,China\n1e300,33,1\n");
    let err = site.error("data: data/jilin/trade.csv\n");
    assert!(err.starts_with("data/jilin/trade.csv:2:1: error: `year` `1e300` is too large to draw"), "{err}");
    // More series than a chart takes.
    let wide: String = std::iter::once("year".to_string())
        .chain((0..=crate::data::MAX_SERIES).map(|i| format!("s{i}")))
        .collect::<Vec<_>>()
        .join(",");
    site.write("data/jilin/wide.csv", format!("{wide}\n2019{}\n", ",1".repeat(crate::data::MAX_SERIES + 1)));
    let err = site.error("data: data/jilin/wide.csv\n");
    assert!(err.starts_with("data/jilin/wide.csv:1:1: error: the table has 201 series"), "{err}");
    // A workbook: the duplicate is named at its cell, the first by its row.
    site.write("data/dup.xlsx", {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Trade").unwrap();
        sheet.write_string(0, 0, "year").unwrap();
        sheet.write_string(0, 1, "Jilin").unwrap();
        for (r, y) in [(1, 2018), (2, 2019), (3, 2018)] {
            sheet.write_number(r, 0, y).unwrap();
            sheet.write_number(r, 1, 1.0).unwrap();
        }
        book.save_to_buffer().unwrap()
    });
    let err = site.error("data: data/dup.xlsx\n");
    assert!(err.starts_with("data/dup.xlsx[Trade]!A4: error: `year` `2018` is given twice: first on row 2"), "{err}");
}
