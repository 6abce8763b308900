//! Save-to-reload benchmark for `dossier serve` (issue 4; the target of issue 7 is < 100 ms).
//!
//! Generates a 1,000-brief site with two charts per brief in a temporary folder, times a full
//! `dossier build` of it, starts `dossier serve --port 0` on it, then saves one brief 20 times and
//! measures, for each save, the time from the write until the server serves the changed page.
//! Prints the median and the spread. Run with `cargo bench --bench serve_reload`; it is not a
//! test and asserts nothing about the numbers (the machine may be busy).
//!
//! `cargo bench --bench serve_reload -- --generate DIR` only writes the site into DIR.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BRIEFS: usize = 1000;
const SAVES: usize = 20;

const REGIONS: &[(&str, &str, Option<&str>)] = &[
    ("china", "China", None),
    ("jilin", "Jilin", Some("china")),
    ("liaoning", "Liaoning", Some("china")),
    ("heilongjiang", "Heilongjiang", Some("china")),
    ("yanbian", "Yanbian", Some("jilin")),
    ("changchun", "Changchun", Some("jilin")),
    ("shenyang", "Shenyang", Some("liaoning")),
    ("dalian", "Dalian", Some("liaoning")),
    ("harbin", "Harbin", Some("heilongjiang")),
    ("russia", "Russia", None),
    ("primorsky", "Primorsky", Some("russia")),
    ("khabarovsk", "Khabarovsk", Some("russia")),
    ("north-korea", "North Korea", None),
    ("rason", "Rason", Some("north-korea")),
    ("mongolia", "Mongolia", None),
    ("japan", "Japan", None),
    ("south-korea", "South Korea", None),
    ("germany", "Germany", None),
    ("inner-mongolia", "Inner Mongolia", Some("china")),
    ("hunchun", "Hunchun", Some("yanbian")),
];

const INITIATIVES: &[(&str, &str)] = &[
    ("gti", "Greater Tumen Initiative"),
    ("bri", "Belt and Road Initiative"),
    ("revitalization-2003", "Revitalize the Northeast (2003)"),
    ("revitalization-2016", "Revitalize the Northeast (2016)"),
    ("changjitu", "Changjitu Pilot Zone"),
    ("rason-sez", "Rason Special Economic Zone"),
    ("five-year-plan-14", "14th Five-Year Plan"),
    ("ftz-liaoning", "Liaoning Free Trade Zone"),
];

const WORDS: &[&str] = &[
    "trade",
    "growth",
    "investment",
    "province",
    "border",
    "industry",
    "policy",
    "reform",
    "output",
    "labour",
    "exports",
    "imports",
    "capital",
    "the",
    "of",
    "and",
    "in",
    "a",
    "to",
    "state",
    "enterprises",
    "private",
    "firms",
    "cooperation",
    "corridor",
    "port",
    "rail",
    "zone",
    "plan",
    "decline",
    "recovery",
    "population",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--generate") {
        let dir = PathBuf::from(args.get(i + 1).map(String::as_str).unwrap_or("corpus"));
        generate(&dir, BRIEFS);
        println!("wrote a {BRIEFS}-brief site into {}", dir.display());
        return;
    }
    if let Err(e) = run() {
        eprintln!("serve_reload: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let bin = dossier_binary()?;
    let dir = std::env::temp_dir().join(format!("dossier-bench-serve-{}", std::process::id()));
    let _cleanup = Cleanup(dir.clone());
    let site = dir.join("site");
    generate(&site, BRIEFS);
    println!("site: {BRIEFS} briefs, {} charts, binary {}", BRIEFS * 2, bin.display());

    let start = Instant::now();
    let out = Command::new(&bin)
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(dir.join("out"))
        .output()
        .map_err(|e| format!("cannot run dossier build: {e}"))?;
    if !out.status.success() {
        return Err(format!("dossier build failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    println!("full build (dossier build, to disk): {} ms", start.elapsed().as_millis());

    let mut server = Server::start(&bin, &site)?;
    println!("dossier serve: {} (ready {} ms after starting)", server.first_build, server.ready_after.as_millis());
    let brief = site.join("briefs").join(brief_file(BRIEFS / 2));
    let page = format!("{}briefs/{}/", server.base_path, brief_slug(BRIEFS / 2));
    let original = std::fs::read_to_string(&brief).map_err(|e| e.to_string())?;
    // The usual save changes the text, which only the brief's own page shows; a new title also
    // shows on every list, region, initiative and tag page that lists the brief.
    let body = |marker: &str| original.replacen("## Background", &format!("## Background\n\n{marker}\n"), 1);
    let title = |marker: &str| original.replacen("title: Brief number", &format!("title: {marker} Brief number"), 1);
    let scenarios: [(&str, &Edit<'_>); 2] = [("a paragraph", &body), ("the title", &title)];
    for (what, edit) in scenarios {
        let times = measure_saves(&server, &brief, &page, edit)?;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "save-to-served, editing {what}, over {SAVES} saves: median {:.1} ms (min {:.1}, max {:.1})",
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1])
        );
        let lines = server.rebuild_lines();
        let mut rebuilds: Vec<u64> = lines.iter().filter_map(|l| rebuild_ms(l)).collect();
        rebuilds.sort();
        if let Some(median) = rebuilds.get(rebuilds.len() / 2) {
            println!("  the server's own rebuild times: median {median} ms over {} rebuilds", rebuilds.len());
        }
    }
    server.stop();
    Ok(())
}

/// Makes a brief's new text, with a marker to look for on its page.
type Edit<'a> = dyn Fn(&str) -> String + 'a;

/// Saves `brief` [`SAVES`] times with `edit`, each time timing how long until `page` shows it.
fn measure_saves(server: &Server, brief: &Path, page: &str, edit: &Edit<'_>) -> Result<Vec<Duration>, String> {
    let mut times = Vec::new();
    for n in 0..SAVES {
        let marker = format!("Marker{n}x{}", std::process::id());
        let text = edit(&marker);
        let saved = Instant::now();
        std::fs::write(brief, text).map_err(|e| e.to_string())?;
        loop {
            if get(server.port, page)?.contains(&marker) {
                times.push(saved.elapsed());
                break;
            }
            if saved.elapsed() > Duration::from_secs(30) {
                return Err(format!("save {n} was not served within 30 s"));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        // Let the watcher settle so each save is its own rebuild.
        std::thread::sleep(Duration::from_millis(300));
    }
    times.sort();
    Ok(times)
}

/// `rebuilt in 23 ms (1 brief changed)` -> 23
fn rebuild_ms(line: &str) -> Option<u64> {
    line.strip_prefix("rebuilt in ")?.split(' ').next()?.parse().ok()
}

/// The release binary next to this bench's own executable (`target/release/dossier`).
fn dossier_binary() -> Result<PathBuf, String> {
    if let Ok(p) = std::env::var("DOSSIER_BIN") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = exe.parent().and_then(Path::parent).ok_or("no target folder")?;
    let bin = dir.join(format!("dossier{}", std::env::consts::EXE_SUFFIX));
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!("{} not found: run `cargo build --release` first (or set DOSSIER_BIN)", bin.display()))
    }
}

struct Cleanup(PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `dossier serve`, its port, and the lines it printed.
struct Server {
    child: Child,
    port: u16,
    /// The path the site is served under (`/bench/`).
    base_path: String,
    ready_after: Duration,
    /// The summary line of its first, full build in memory.
    first_build: String,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Server {
    fn start(bin: &Path, site: &Path) -> Result<Server, String> {
        let start = Instant::now();
        let mut child = Command::new(bin)
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start dossier serve: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            base_path: String::new(),
            ready_after: Duration::ZERO,
            first_build: String::new(),
            lines,
        };
        while let Ok(line) = server.lines.recv_timeout(Duration::from_secs(120)) {
            if line.starts_with("built ") {
                server.first_build = line.clone();
            }
            // `serving http://127.0.0.1:PORT/base/ (Ctrl-C to stop)`
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let url = rest.split_whitespace().next().unwrap_or_default();
                let (port, path) = url.split_at(url.find('/').unwrap_or(url.len()));
                server.port = port.parse().map_err(|_| format!("bad port in `{line}`"))?;
                server.base_path = path.to_string();
                server.ready_after = start.elapsed();
                return Ok(server);
            }
        }
        Err("dossier serve printed no URL".into())
    }

    fn rebuild_lines(&self) -> Vec<String> {
        self.lines.try_iter().filter(|l| l.starts_with("rebuilt")).collect()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One GET over a fresh connection; the body as text.
fn get(port: u16, path: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").map_err(|e| e.to_string())?;
    let mut body = Vec::new();
    stream.read_to_end(&mut body).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&body).into_owned())
}

// ---- the generated site ----

/// A small deterministic pseudo-random generator, so every run writes the same site.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn brief_slug(i: usize) -> String {
    format!("brief-{i:04}")
}

fn brief_file(i: usize) -> String {
    format!("{}.md", brief_slug(i))
}

/// Writes `dossier.yaml`, regions, initiatives and `briefs` briefs into `dir`.
pub fn generate(dir: &Path, briefs: usize) {
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, text).expect("write file");
    };
    write(
        "dossier.yaml",
        "title: Benchmark Briefs\ndescription: A generated site.\nbase_url: https://example.org/bench/\n",
    );
    for (slug, name, parent) in REGIONS {
        let parent = parent.map(|p| format!("parent: {p}\n")).unwrap_or_default();
        let kind = if parent.is_empty() { "country" } else { "province" };
        write(
            &format!("briefs/regions/{slug}.md"),
            &format!("---\nname: {name}\nkind: {kind}\n{parent}---\n\nAbout {name}.\n"),
        );
    }
    for (n, (slug, full)) in INITIATIVES.iter().enumerate() {
        let region = REGIONS[n % REGIONS.len()].0;
        write(
            &format!("briefs/initiatives/{slug}.md"),
            &format!(
                "---\nname: {}\nfull_name: {full}\nstarted: \"{}\"\nregions: [{region}]\nmilestones:\n  - {{date: \"{}\", label: Launched}}\n---\n\nAbout {full}.\n",
                slug.to_uppercase(),
                2000 + n,
                2000 + n
            ),
        );
    }
    let mut rng = Lcg(42);
    for i in 0..briefs {
        write(&format!("briefs/{}", brief_file(i)), &brief_text(i, &mut rng));
    }
}

fn brief_text(i: usize, rng: &mut Lcg) -> String {
    let r1 = REGIONS[rng.below(REGIONS.len())].0;
    let r2 = REGIONS[rng.below(REGIONS.len())].0;
    let regions = if r1 == r2 { r1.to_string() } else { format!("{r1}, {r2}") };
    let initiative = INITIATIVES[rng.below(INITIATIVES.len())].0;
    let tags = format!("topic-{}, topic-{}", rng.below(40), rng.below(40));
    let date = format!("{}-{:02}-{:02}", 2005 + i % 20, 1 + (i / 20) % 12, 1 + (i / 240) % 28);
    let mut text = format!(
        "---\ntitle: Brief number {i} on {r1}\ndate: {date}\nsummary: What brief {i} finds about {r1}.\nauthors: [Author {}]\nregions: [{regions}]\ninitiatives: [{initiative}]\ntags: [{tags}]\n---\n\n",
        rng.below(30)
    );
    text.push_str(&paragraph(rng, 60));
    text.push_str("\n\n## Background\n\n");
    text.push_str(&paragraph(rng, 120));
    // Values depend only on region and year, so briefs citing the same indicator agree.
    let mut rows = String::new();
    for year in 2015..2021 {
        let value = (r1.len() * 7 + year as usize * 3) % 50 + 10;
        rows.push_str(&format!("  {year}, {value}\n"));
    }
    text.push_str(&format!(
        "\n\n```chart\nid: c{i}-share\ntitle: Trade share in {r1}\ntype: line\nunit: \"% of GDP\"\nsource: Statistical Yearbook\nindicator: trade-share\nregions: [{r1}]\ndata: |\n  year, {r1}\n{rows}```\n\n"
    ));
    text.push_str("## Findings\n\n");
    text.push_str(&paragraph(rng, 150));
    let mut bars = String::new();
    for p in ["Germany", "Japan", "Korea", "Russia"] {
        bars.push_str(&format!("  {p}, {}, {}\n", rng.below(40), rng.below(40)));
    }
    text.push_str(&format!(
        "\n\n```chart\nid: c{i}-partners\ntitle: Partners of {r1}\ntype: bar\nunit: \"%\"\nsource: Customs statistics\ndata: |\n  partner, 2010, 2020\n{bars}```\n\n"
    ));
    text.push_str("## Outlook\n\n");
    text.push_str(&paragraph(rng, 100));
    text.push('\n');
    text
}

fn paragraph(rng: &mut Lcg, words: usize) -> String {
    let mut out = String::new();
    for n in 0..words {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[rng.below(WORDS.len())]);
        if n % 17 == 16 {
            out.push('.');
        }
    }
    out.push('.');
    out
}
