//! A rebuild must give exactly the files of a full build of the same sources, whatever it
//! chose to redo. Each test edits a copy of the `basic` fixture and compares the two.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::*;

/// A copy of a fixture site in a temporary folder, removed when dropped.
struct TempSite(PathBuf);

impl TempSite {
    fn new(tag: &str) -> TempSite {
        let dir = std::env::temp_dir().join(format!("dossier-rebuild-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let target = dir.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        TempSite(dir.canonicalize().unwrap())
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.0.clone(),
            output: self.0.join("output"),
            drafts: false,
            base_url: None,
            force: false,
            strict: false,
        }
    }

    /// Replaces `from` by `to` in a file, and returns its path as the watcher reports it.
    fn edit(&self, rel: &str, from: &str, to: &str) -> PathBuf {
        let path = self.0.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        path
    }
}

impl Drop for TempSite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn full_build(options: &BuildOptions) -> BTreeMap<String, Vec<u8>> {
    let sink = MemorySink::default();
    if let Err(e) = crate::build_into(options, &sink) {
        panic!("full build failed:\n{e}");
    }
    sink.into_files()
}

fn assert_same_as_full_build(rebuilt: &Rebuilt, options: &BuildOptions) {
    let got: BTreeMap<String, Vec<u8>> = rebuilt.files.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
    let want = full_build(options);
    let got_keys: BTreeSet<&String> = got.keys().collect();
    let want_keys: BTreeSet<&String> = want.keys().collect();
    assert_eq!(got_keys, want_keys, "the same files");
    for (path, bytes) in &want {
        assert!(got[path] == *bytes, "{path} differs from a full build");
    }
}

fn changed(paths: &[&PathBuf]) -> BTreeSet<PathBuf> {
    paths.iter().map(|p| (*p).clone()).collect()
}

fn rebuild(r: &mut Rebuilder, paths: &[&PathBuf]) -> Rebuilt {
    r.build(&changed(paths)).unwrap_or_else(|e| panic!("rebuild failed:\n{e}"))
}

#[test]
fn an_edited_brief_redoes_only_the_pages_that_show_the_change() {
    let site = TempSite::new("edit");
    let mut r = Rebuilder::new(site.options());
    let first = rebuild(&mut r, &[]);
    assert_eq!(first.scope, Scope::Full("first build"));
    let all_pages = first.report.pages;

    // Body text shows on the brief's own page only.
    let a = site.edit("briefs/trade.md", "Some text.", "Some new text.");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert_eq!(rebuilt.scope, Scope::Briefs(1));
    assert!(rebuilt.summary().starts_with("rebuilt in "), "{}", rebuilt.summary());
    assert!(rebuilt.summary().ends_with(" ms (1 brief changed)"), "{}", rebuilt.summary());
    assert_eq!(rebuilt.report.pages, 1, "only the brief's page");
    assert_same_as_full_build(&rebuilt, &site.options());

    // Chart data also shows on its region's and initiative's pages.
    let a = site.edit("briefs/trade.md", "2019, 11", "2019, 12");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert!(rebuilt.report.pages > 1 && rebuilt.report.pages < all_pages, "{} pages", rebuilt.report.pages);
    assert_same_as_full_build(&rebuilt, &site.options());

    // The title shows on every list of briefs.
    let a = site.edit("briefs/trade.md", "title: Trade & <Tariffs>", "title: Trade & <Duties>");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert_eq!(rebuilt.scope, Scope::Briefs(1));
    assert_same_as_full_build(&rebuilt, &site.options());
    assert!(!rebuilt.css_only);
}

#[test]
fn an_unrelated_edit_rasterizes_no_png_again() {
    let site = TempSite::new("share");
    site.edit("dossier.yaml", "title:", "share_images: true\ntitle:");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let first = r.reuse.pngs.rasterized();
    assert!(first > 0, "the first build rasterizes");
    let a = site.edit("briefs/trade.md", "Some text.", "Some new text.");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert_eq!(r.reuse.pngs.rasterized(), first, "no chart changed, so no PNG is drawn again");
    assert!(rebuilt.files.keys().any(|k| k.ends_with(".png")));
    assert_same_as_full_build(&rebuilt, &site.options());
    let a = site.edit("briefs/trade.md", "2019, 11", "2019, 12");
    rebuild(&mut r, &[&a]);
    assert!(r.reuse.pngs.rasterized() > first, "a changed chart is drawn again");
}

#[test]
fn a_renamed_chart_leaves_no_old_files() {
    let site = TempSite::new("chart-id");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let a = site.edit("briefs/other.md", "id: partners", "id: trade-partners");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert_eq!(rebuilt.scope, Scope::Briefs(1));
    assert!(!rebuilt.files.contains_key("charts/partners.csv"));
    assert_same_as_full_build(&rebuilt, &site.options());
}

#[test]
fn a_changed_date_or_region_renders_everything() {
    let site = TempSite::new("shape");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let a = site.edit("briefs/trade.md", "date: 2021-03-01", "date: 2021-07-01");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert!(matches!(rebuilt.scope, Scope::Full(_)), "{:?}", rebuilt.scope);
    assert_same_as_full_build(&rebuilt, &site.options());
    let b = site.edit("briefs/other.md", "regions: [jilin]", "regions: [jilin, yanbian]");
    let rebuilt = rebuild(&mut r, &[&b]);
    assert!(matches!(rebuilt.scope, Scope::Full(_)), "{:?}", rebuilt.scope);
    assert_same_as_full_build(&rebuilt, &site.options());
}

#[test]
fn a_region_file_renders_everything() {
    let site = TempSite::new("region");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let a = site.edit("briefs/regions/jilin.md", "A province", "A large province");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert!(matches!(rebuilt.scope, Scope::Full(_)), "{:?}", rebuilt.scope);
    assert_same_as_full_build(&rebuilt, &site.options());
}

#[test]
fn static_files_are_replaced_and_stylesheets_alone_swap_in_place() {
    let site = TempSite::new("statics");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let css = site.0.join("static/extra.css");
    std::fs::write(&css, "body { color: red }\n").unwrap();
    let rebuilt = rebuild(&mut r, &[&css]);
    assert_eq!(rebuilt.scope, Scope::Statics);
    assert!(rebuilt.css_only, "only a stylesheet changed");
    assert_same_as_full_build(&rebuilt, &site.options());
    let txt = site.0.join("static/extra.txt");
    std::fs::remove_file(&txt).unwrap();
    let rebuilt = rebuild(&mut r, &[&txt]);
    assert_eq!(rebuilt.scope, Scope::Statics);
    assert!(!rebuilt.css_only);
    assert!(!rebuilt.files.contains_key("extra.txt"), "a removed static file is no longer served");
    assert_same_as_full_build(&rebuilt, &site.options());
}

#[test]
fn a_failed_build_keeps_the_last_and_the_next_redoes_its_changes() {
    let site = TempSite::new("failed");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let other = site.edit("briefs/other.md", "A second brief", "The second brief");
    let trade = site.edit("briefs/trade.md", "title: Trade & <Tariffs>", "title: [unclosed");
    let err = r.build(&changed(&[&other, &trade])).err().expect("broken YAML fails the build");
    assert!(err.to_string().contains("briefs/trade.md:"), "{err}");
    site.edit("briefs/trade.md", "title: [unclosed", "title: Trade & <Tariffs>");
    let rebuilt = rebuild(&mut r, &[&trade]);
    assert_eq!(rebuilt.scope, Scope::Briefs(2), "the edit made during the failure is redone too");
    assert_same_as_full_build(&rebuilt, &site.options());
}

#[test]
fn a_hidden_draft_changes_nothing() {
    let site = TempSite::new("draft");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let a = site.edit("briefs/draft.md", "Not ready.", "Still not ready.");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert_eq!(rebuilt.scope, Scope::Nothing);
    assert_same_as_full_build(&rebuilt, &site.options());
}

#[test]
fn dates_feeds_and_gathered_axes_follow_their_brief() {
    let site = TempSite::new("footprint");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let a = site.edit("briefs/trade.md", "date: 2021-03-01\n", "date: 2021-03-01\nupdated: 2021-04-02\n");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert_eq!(rebuilt.scope, Scope::Briefs(1));
    assert_same_as_full_build(&rebuilt, &site.options());
    let a = site.edit("briefs/trade.md", "  year, jilin", "  Year, jilin");
    let rebuilt = rebuild(&mut r, &[&a]);
    assert_eq!(rebuilt.scope, Scope::Briefs(1));
    assert_same_as_full_build(&rebuilt, &site.options());
}

/// Issue 14: a chart's data file is part of its brief. Saving it redoes that brief's pages, as
/// an edit of the brief would, whether or not the watcher reported the file (its stamp tells).
#[test]
fn an_edited_data_file_redoes_the_brief_that_uses_it() {
    let site = TempSite::new("data-file");
    std::fs::create_dir_all(site.0.join("data")).unwrap();
    std::fs::write(site.0.join("data/trade.csv"), "year,jilin\n1994,33\n2019,11\n").unwrap();
    site.edit("briefs/trade.md", "data: |\n  year, jilin\n  1994, 33\n  2019, 11\n", "data: data/trade.csv\n");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    let csv = site.edit("data/trade.csv", "2019,11", "2019,12");
    let rebuilt = rebuild(&mut r, &[&csv]);
    assert_eq!(rebuilt.scope, Scope::Briefs(1));
    assert_eq!(&rebuilt.files["charts/jilin-trade-share.csv"][..], b"year,jilin\n1994,33\n2019,12\n");
    assert_same_as_full_build(&rebuilt, &site.options());
    site.edit("data/trade.csv", "2019,12", "2019,12.75");
    let rebuilt = rebuild(&mut r, &[]);
    assert_eq!(rebuilt.scope, Scope::Briefs(1), "the file's stamp changed");
    assert_eq!(&rebuilt.files["charts/jilin-trade-share.csv"][..], b"year,jilin\n1994,33\n2019,12.75\n");
    assert_same_as_full_build(&rebuilt, &site.options());
}

#[test]
fn a_new_or_edited_bibliography_gives_the_pages_of_a_full_build() {
    let site = TempSite::new("bibliography");
    let mut r = Rebuilder::new(site.options());
    rebuild(&mut r, &[]);
    // A citation before there is a bibliography is text; the bibliography makes it one.
    let a = site.edit("briefs/trade.md", "Some text.", "Some text [@lin-2021].");
    rebuild(&mut r, &[&a]);
    let bib = site.0.join("briefs/references.yaml");
    std::fs::write(&bib, "lin-2021:\n  type: book\n  title: First\n  author: [\"Lin, Mei\"]\n  date: 2021\n").unwrap();
    let rebuilt = rebuild(&mut r, &[&bib]);
    assert!(rebuilt.files.contains_key("references/index.html"));
    assert!(String::from_utf8_lossy(&rebuilt.files["briefs/trade/index.html"]).contains(">Lin 2021</a>)"));
    assert_same_as_full_build(&rebuilt, &site.options());
    // Editing an entry redoes the briefs citing it and the references page.
    std::fs::write(&bib, "lin-2021:\n  type: book\n  title: Second\n  author: [\"Lin, Mei\"]\n  date: 2020\n").unwrap();
    let rebuilt = rebuild(&mut r, &[&bib]);
    assert!(String::from_utf8_lossy(&rebuilt.files["briefs/trade/index.html"]).contains(">Lin 2020</a>)"));
    assert_same_as_full_build(&rebuilt, &site.options());
}
