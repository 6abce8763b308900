use super::*;

const ORIGIN: Origin = Origin { line: 10, column: 1 };

fn parse(text: &str) -> Result<DataBlock, Diagnostics> {
    parse_block(Path::new("b.md"), text, ORIGIN, &DataFiles::new(Path::new("."), Path::new(".")))
}

fn first_error(text: &str) -> String {
    parse(text).unwrap_err().0[0].to_string()
}

const GOOD: &str =
    "id: t\ntitle: T\ntype: line\nsource: S\ndata: |\n  year, Jilin, China\n  1994, 33, \n  2019, 11, -2.5\n";

#[test]
fn a_good_block_becomes_a_table_with_gaps() {
    let b = parse(GOOD).unwrap();
    assert_eq!(b.table.series, ["Jilin", "China"]);
    assert_eq!(b.table.rows[0].values, [Some(33.0), None]);
    assert_eq!(b.table.rows[1].values, [Some(11.0), Some(-2.5)]);
    assert_eq!(b.row_lines, [16, 17]);
}

#[test]
fn bad_cells_point_at_their_row_and_column() {
    let text = GOOD.replace("2019, 11, -2.5", "2019, 11, n/a");
    assert_eq!(
        first_error(&text).lines().next().unwrap(),
        "b.md:17:13: error: `n/a` in column `China` is not a number"
    );
}

#[test]
fn ragged_rows_are_errors() {
    let text = GOOD.replace("2019, 11, -2.5", "2019, 11");
    assert!(first_error(&text).starts_with("b.md:17:3: error: this row has 2 cells but the header has 3"));
}

#[test]
fn unknown_type_gets_a_hint() {
    let err = first_error(&GOOD.replace("type: line", "type: pie"));
    assert!(err.starts_with("b.md:12:7: error: unknown chart type `pie`"), "{err}");
    let err = first_error(&GOOD.replace("type: line", "type: lines"));
    assert!(err.contains("did you mean `line`"), "{err}");
}

#[test]
fn missing_keys_and_empty_data_are_errors() {
    assert!(first_error(&GOOD.replace("id: t\n", "")).contains("missing required key `id`"));
    assert!(first_error(&GOOD.replace("title: T\n", "")).contains("missing required key `title`"));
    assert!(first_error(&GOOD.replace("source: S\n", "")).contains("missing required key `source`"));
    assert!(first_error("id: t\ntitle: T\nsource: S\ndata: \"\"\n").contains("`data` is empty"));
    assert!(first_error("id: t\ntitle: T\nsource: S\ndata: |\n  year, a\n").contains("no rows"));
}

#[test]
fn quoted_cells_may_follow_a_space_and_hold_commas() {
    let b = parse("id: t\ntitle: T\nsource: S\ndata: |\n  year, \"Japan, Korea\", Rest\n  2005, 38, 62\n").unwrap();
    assert_eq!(b.table.series, ["Japan, Korea", "Rest"]);
    assert_eq!(b.table.rows[0].values, [Some(38.0), Some(62.0)]);
}

#[test]
fn one_reader_per_thread_reads_each_block_afresh() {
    // Blocks that stop the reader half-way (a bad cell, a ragged row, invalid UTF-8 can't
    // happen in a &str) must leave nothing behind for the next block parsed on this thread.
    let broken = [
        GOOD.replace("2019, 11, -2.5", "2019, 11, n/a\n  2020, 1, 2"),
        GOOD.replace("2019, 11, -2.5", "2019, 11"),
        GOOD.replace("  1994, 33, \n", "  1994, \"33, \n"),
    ];
    for text in &broken {
        assert!(parse(text).is_err());
        let b = parse(GOOD).unwrap();
        assert_eq!(b.table.series, ["Jilin", "China"]);
        assert_eq!(b.table.rows.len(), 2);
        assert_eq!(b.row_lines, [16, 17]);
    }
    // And errors still point at the right place after the reader has been used.
    assert_eq!(
        first_error(&broken[0]).lines().next().unwrap(),
        "b.md:17:13: error: `n/a` in column `China` is not a number"
    );
}
