//! Property tests of chart blocks, YAML and CSV: any block either becomes a table a chart can
//! draw honestly (finite values of sane size, one row per x, the header's width) or fails with
//! errors inside the block. `PROPTEST_CASES=10000 cargo test --lib data::proptests` runs longer.

use std::path::Path;

use proptest::prelude::*;

use super::*;

fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        (-1e4f64..1e4).prop_map(|v| format!("{v:.3}")),
        (1990u32..2000).prop_map(|y| y.to_string()),
        Just(String::new()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("1e19".to_string()),
        Just("\"a, b\"".to_string()),
        Just("\"open".to_string()),
        Just("1,5".to_string()),
        "[a-zA-Z%]{1,5}",
    ]
}

fn block() -> impl Strategy<Value = String> {
    let key_line = prop_oneof![
        Just("id: c1".to_string()),
        Just("id: bad id".to_string()),
        Just("title: T".to_string()),
        Just("source: S".to_string()),
        Just("type: hbar".to_string()),
        Just("type: pie".to_string()),
        Just("regions: jilin, yanbian".to_string()),
        Just("unit: \"%\"".to_string()),
        Just("titel: T".to_string()),
        Just("note: [".to_string()),
    ];
    let data_head = prop_oneof![Just("data: |"), Just("data:"), Just("data: >"), Just("data: |-")];
    let indent = prop_oneof![Just(""), Just(" "), Just("  "), Just("    ")];
    let row = (indent, prop::collection::vec(cell(), 0..5)).prop_map(|(i, cells)| format!("{i}{}", cells.join(", ")));
    (prop::collection::vec(key_line, 0..6), any::<bool>(), data_head, prop::collection::vec(row, 0..10)).prop_map(
        |(keys, required, head, rows)| {
            let mut text = String::new();
            if required {
                text.push_str("id: c\ntitle: T\nsource: S\n");
            }
            for k in keys {
                text.push_str(&k);
                text.push('\n');
            }
            text.push_str(head);
            text.push('\n');
            for r in rows {
                text.push_str(&r);
                text.push('\n');
            }
            text
        },
    )
}

const ORIGIN: Origin = Origin { line: 20, column: 1 };

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn a_block_is_a_drawable_table_or_errors_inside_it(text in block()) {
        let last = ORIGIN.line + text.lines().count();
        match parse_block(Path::new("b.md"), &text, ORIGIN, &DataFiles::new(Path::new("."), Path::new("."))) {
            Ok(b) => {
                let t = &b.table;
                prop_assert_eq!(t.rows.len(), b.row_lines.len());
                prop_assert!(!t.series.is_empty() && t.series.len() <= MAX_SERIES);
                let mut xs = std::collections::HashSet::new();
                for (row, line) in t.rows.iter().zip(&b.row_lines) {
                    prop_assert!((ORIGIN.line..=last).contains(line));
                    prop_assert_eq!(row.values.len(), t.series.len());
                    prop_assert!(!row.x.is_empty() && xs.insert(row.x.clone()), "x {:?} empty or repeated", row.x);
                    for v in row.values.iter().flatten() {
                        prop_assert!(v.is_finite() && v.abs() <= MAX_MAGNITUDE, "{}", v);
                    }
                    if let Ok(x) = row.x.parse::<f64>() {
                        prop_assert!(!row.x.starts_with(|c: char| c.is_ascii_digit()) || x.abs() <= MAX_MAGNITUDE);
                    }
                }
            }
            Err(diags) => {
                prop_assert!(diags.has_errors());
                for d in &diags.0 {
                    prop_assert!((ORIGIN.line..=last + 1).contains(&d.line), "line {} outside {}..={}: {}", d.line, ORIGIN.line, last + 1, d);
                    let width = text.lines().nth(d.line - ORIGIN.line).map(|l| l.chars().count()).unwrap_or(0);
                    prop_assert!(d.column >= 1 && d.column <= width + 1, "column {} of a line of {}: {}", d.column, width, d);
                }
            }
        }
    }
}
