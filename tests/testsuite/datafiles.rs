//! Issue 14, "Data from files": charts whose data comes from a CSV file or an Excel workbook,
//! beside the brief or in the site's `data/` folder. `build` and `check` read them through the
//! same load, so they agree on every located error.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::util::*;

/// A copy of the basic fixture with `files` written into it (relative path, bytes).
fn site_with(tag: &str, files: &[(&str, &[u8])]) -> Temp {
    let tmp = Temp::new(tag);
    copy_tree(&fixture("basic"), &tmp.path().join("site"));
    for (rel, bytes) in files {
        let path = tmp.path().join("site").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    tmp
}

/// A brief holding one chart whose block ends with `data_lines`; the `data` key is on line 11.
fn brief(id: &str, data_lines: &str) -> String {
    format!(
        "---\ntitle: Brief {id}\ndate: 2021-05-01\nsummary: S.\n---\n\n```chart\nid: {id}\ntitle: T\nsource: S\n{data_lines}```\n"
    )
}

/// Jilin's trade in a workbook: a `Notes` sheet first, then `Trade` with dates and numbers.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Notes").unwrap().write_string(0, 0, "From the yearbook").unwrap();
    let sheet = book.add_worksheet().set_name("Trade").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(0, 0, "month").unwrap();
    sheet.write_string(0, 1, "Jilin").unwrap();
    for (i, (m, v)) in [(1, 41.5), (2, 38.25), (3, 1234.0)].into_iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_datetime_with_format(row, 0, ExcelDateTime::from_ymd(2020, m, 1).unwrap(), &date).unwrap();
        sheet.write_number(row, 1, v).unwrap();
    }
    sheet.write_string(5, 0, "Total").unwrap();
    sheet.write_string(5, 1, "1,313.75").unwrap();
    book.save_to_buffer().unwrap()
}

const TRADE: &str = "year,Jilin,Note\n1994,33,first\n2019,11,\n";

#[test]
fn charts_draw_csv_and_workbook_data_and_a_shared_file_serves_several_briefs() {
    let book = workbook();
    let tmp = site_with(
        "datafiles",
        &[
            ("data/jilin/trade.csv", TRADE.as_bytes()),
            ("briefs/trade-beside.csv", b"year,Yanbian\n2000,7\n2010,9.5\n"),
            ("data/trade.xlsx", &book),
            (
                "briefs/a.md",
                brief("from-root", "data: data/jilin/trade.csv\ncolumns: {year: Year, Jilin: Jilin}\n").as_bytes(),
            ),
            (
                "briefs/b.md",
                brief("from-root-again", "data: data/jilin/trade.csv\ncolumns: [year, Jilin]\n").as_bytes(),
            ),
            ("briefs/c.md", brief("beside", "data: trade-beside.csv\n").as_bytes()),
            ("briefs/d.md", brief("monthly", "data: data/trade.xlsx\nsheet: Trade\nrange: A1:B4\n").as_bytes()),
        ],
    );
    let site = tmp.path().join("site");
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    assert_eq!(read(out.join("charts/from-root.csv")), "Year,Jilin\n1994,33\n2019,11\n");
    assert_eq!(read(out.join("charts/from-root-again.csv")), "year,Jilin\n1994,33\n2019,11\n");
    assert_eq!(read(out.join("charts/beside.csv")), "year,Yanbian\n2000,7\n2010,9.5\n");
    assert_eq!(
        read(out.join("charts/monthly.csv")),
        "month,Jilin\n2020-01-01,41.5\n2020-02-01,38.25\n2020-03-01,1234\n"
    );
    let page = read(out.join("briefs/d/index.html"));
    assert!(page.contains("2020-03-01"), "the workbook's dates are the x values");
    // A data file is read, never published as it is.
    assert!(!out.join("media/trade-beside.csv").exists() && !out.join("data").exists());
    let check = dossier(&["check"], &site);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn build_and_check_report_bad_data_at_its_place() {
    let book = workbook();
    type Case<'a> = (&'a str, Vec<(&'a str, &'a [u8])>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "data: data/jilin/trade.csv\n",
            vec![("data/jilin/trade.csv", b"year,Jilin\n1994,33\n2019,eleven\n")],
            "data/jilin/trade.csv:3:6: error: `eleven` in column `Jilin` is not a number",
        ),
        (
            "data: data/jilin/trade.csv\ncolumns: [year, Jilim]\n",
            vec![("data/jilin/trade.csv", TRADE.as_bytes())],
            "briefs/extra.md:12:10: error: `data/jilin/trade.csv` has no column `Jilim`",
        ),
        (
            "data: data/jilin/missing.csv\n",
            vec![],
            "briefs/extra.md:11:7: error: `data: data/jilin/missing.csv` names a file that does not exist",
        ),
        (
            "data: data/trade.xlsx\nsheet: Monthly\n",
            vec![("data/trade.xlsx", &book)],
            "briefs/extra.md:12:8: error: `data/trade.xlsx` has no sheet `Monthly`",
        ),
        (
            "data: data/trade.xlsx\nsheet: Trade\n",
            vec![("data/trade.xlsx", &book)],
            "data/trade.xlsx[Trade]!B6: error: `1,313.75` in column `Jilin` is not a number",
        ),
    ];
    for (block, files, expected) in cases {
        let text = brief("extra", block);
        let mut all = files.clone();
        all.push(("briefs/extra.md", text.as_bytes()));
        let tmp = site_with("baddata", &all);
        let site = tmp.path().join("site");
        let build = dossier(&["build", "--output", "../out"], &site);
        let check = dossier(&["check"], &site);
        assert_eq!(build.code, 1, "{block}: {}", build.stderr);
        assert!(build.stderr.contains(expected), "{block}: build says\n{}", build.stderr);
        assert!(build.stderr.contains("hint: "), "{block}: {}", build.stderr);
        assert_eq!(check.code, 1, "{block}: {}", check.stderr);
        assert!(check.stderr.contains(expected), "{block}: check says\n{}", check.stderr);
        assert!(!tmp.path().join("out").exists(), "nothing is written");
    }
}

#[test]
fn data_files_come_only_from_briefs_and_data() {
    let cases = [
        ("data: ../dossier.yaml.csv", "points at `dossier.yaml.csv`, outside the folders dossier reads data from"),
        ("data: /static/trade.csv", "points at `static/trade.csv`, outside the folders dossier reads data from"),
        ("data: data/.private/trade.csv", "points at `data/.private/trade.csv`, a hidden file"),
        ("data: ../../outside.csv", "points outside the site's folder"),
        ("data: data/linked.csv", "points at `data/linked.csv`, a symbolic link to a file outside `data/`"),
    ];
    for (line, problem) in cases {
        let text = brief("extra", &format!("{line}\n"));
        let tmp = site_with(
            "datasafety",
            &[
                ("dossier.yaml.csv", TRADE.as_bytes()),
                ("static/trade.csv", TRADE.as_bytes()),
                ("data/.private/trade.csv", TRADE.as_bytes()),
                ("briefs/extra.md", text.as_bytes()),
            ],
        );
        std::fs::write(tmp.path().join("outside.csv"), TRADE).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("outside.csv"), tmp.path().join("site/data/linked.csv")).unwrap();
        let site = tmp.path().join("site");
        let expected = format!("briefs/extra.md:11:7: error: `{line}` {problem}");
        for args in [&["build", "--output", "../out"][..], &["check"][..]] {
            let run = dossier(args, &site);
            assert_eq!(run.code, 1, "{line}: {}", run.stderr);
            assert!(run.stderr.contains(&expected), "{line}: {} says\n{}", args[0], run.stderr);
        }
        assert!(!tmp.path().join("out").exists());
        assert!(!Path::new(&tmp.path().join("out/charts/extra.csv")).exists());
    }
}
