//! The module layers of `src/ARCHITECTURE.md` point only down: a module may use modules of a
//! lower layer, never one of its own layer or above. This fails the day `site` starts to use
//! `render`, or `content` to use `site`, so the map stays true.

use std::collections::BTreeMap;

use crate::util::*;

/// Layers from the bottom. Modules of layer N may use modules of layers below N.
const LAYERS: &[&[&str]] = &[
    &["text", "diag", "timings", "sources", "share"],
    &["yaml", "layout", "i18n", "bibliography"],
    &["data", "config", "content"],
    &["markdown", "chart"],
    &["site", "write"],
    &["search", "cite"],
    &["render"],
    &["check", "serve", "scaffold"],
];

#[test]
fn modules_only_use_the_layers_below_them() {
    let rank: BTreeMap<&str, usize> =
        LAYERS.iter().enumerate().flat_map(|(i, layer)| layer.iter().map(move |m| (*m, i))).collect();
    let src = repo().join("src");
    let mut problems = Vec::new();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".rs") || ["lib.rs", "main.rs", "cli.rs"].contains(&rel.as_str()) {
            continue;
        }
        let module = rel.split(['/', '.']).next().unwrap();
        let Some(&own) = rank.get(module) else {
            problems.push(format!("src/{rel}: module `{module}` is in no layer of this test"));
            continue;
        };
        seen += 1;
        let text = read(entry.path());
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for used in line.split("crate::").skip(1) {
                let name: String = used.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if let Some(&theirs) = rank.get(name.as_str())
                    && name != module
                    && theirs >= own
                {
                    problems.push(format!("src/{rel}:{}: `{module}` uses `{name}`, which is not below it", n + 1));
                }
            }
        }
    }
    assert!(seen > 30, "the test read the sources ({seen} files)");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
