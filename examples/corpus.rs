//! A synthetic dossier site for benchmarks: `cargo run --release --example corpus -- N DIR`.
//!
//! Writes `DIR/dossier.yaml`, `N` briefs under `DIR/briefs/`, and description files for a few
//! dozen regions and initiatives. The same `N` always gives the same bytes, so builds can be
//! compared across commits and machines.
//!
//! Each brief is shaped like the real ones: front matter with regions, initiatives and tags,
//! about 1,200 words in sections with lists, a table, a footnote, links to other briefs and
//! non-Latin place names, and two chart blocks of 6 to 15 rows. Most first charts carry an
//! `indicator:`, so regions gather figures across briefs; their values are a function of
//! (indicator, region, x) alone, so briefs always agree and a build prints no warning.
//!
//! No `rand` crate: a splitmix64 generator seeded per file keeps every file independent of the
//! others (brief 17 is the same whether N is 100 or 10,000).

use std::fmt::Write as _;
use std::path::Path;

/// (slug, name, kind, parent slug, country). Names mix scripts on purpose: slugs, sorting and
/// escaping must cope with them.
const REGIONS: &[(&str, &str, &str, &str, &str)] = &[
    ("china", "China", "country", "", "China"),
    ("russia", "Russia", "country", "", "Russia"),
    ("north-korea", "North Korea", "country", "", "North Korea"),
    ("south-korea", "South Korea", "country", "", "South Korea"),
    ("japan", "Japan", "country", "", "Japan"),
    ("mongolia", "Mongolia", "country", "", "Mongolia"),
    ("jilin", "Jilin (吉林)", "province", "china", "China"),
    ("liaoning", "Liaoning (辽宁)", "province", "china", "China"),
    ("heilongjiang", "Heilongjiang (黑龙江)", "province", "china", "China"),
    ("inner-mongolia", "Inner Mongolia (内蒙古)", "region", "china", "China"),
    ("yanbian", "Yanbian (延边)", "prefecture", "jilin", "China"),
    ("changchun", "Changchun (长春)", "city", "jilin", "China"),
    ("jilin-city", "Jilin City (吉林市)", "city", "jilin", "China"),
    ("hunchun", "Hunchun (珲春)", "city", "yanbian", "China"),
    ("shenyang", "Shenyang (沈阳)", "city", "liaoning", "China"),
    ("dalian", "Dalian (大连)", "city", "liaoning", "China"),
    ("dandong", "Dandong (丹东)", "city", "liaoning", "China"),
    ("harbin", "Harbin (哈尔滨)", "city", "heilongjiang", "China"),
    ("suifenhe", "Suifenhe (绥芬河)", "city", "heilongjiang", "China"),
    ("heihe", "Heihe (黑河)", "city", "heilongjiang", "China"),
    ("primorsky", "Primorsky (Приморский край)", "territory", "russia", "Russia"),
    ("khabarovsk", "Khabarovsk (Хабаровский край)", "territory", "russia", "Russia"),
    ("amur", "Amur (Амурская область)", "oblast", "russia", "Russia"),
    ("vladivostok", "Vladivostok (Владивосток)", "city", "primorsky", "Russia"),
    ("blagoveshchensk", "Blagoveshchensk (Благовещенск)", "city", "amur", "Russia"),
    ("rason", "Rason (라선)", "zone", "north-korea", "North Korea"),
    ("sinuiju", "Sinuiju (신의주)", "city", "north-korea", "North Korea"),
    ("north-hamgyong", "North Hamgyong (함경북도)", "province", "north-korea", "North Korea"),
    ("gangwon", "Gangwon (강원도)", "province", "south-korea", "South Korea"),
    ("busan", "Busan (부산)", "city", "south-korea", "South Korea"),
    ("niigata", "Niigata (新潟)", "prefecture", "japan", "Japan"),
    ("tottori", "Tottori (鳥取)", "prefecture", "japan", "Japan"),
    ("dornod", "Dornod (Дорнод)", "province", "mongolia", "Mongolia"),
    ("ulaanbaatar", "Ulaanbaatar (Улаанбаатар)", "city", "mongolia", "Mongolia"),
    ("tumen-delta", "Tumen River delta (图们江)", "area", "", "China"),
    ("germany", "Germany", "country", "", "Germany"),
];

/// (slug, short name, full name, started, sponsor).
const INITIATIVES: &[(&str, &str, &str, &str, &str)] = &[
    ("gti", "GTI", "Greater Tumen Initiative", "1991", "UNDP"),
    ("bri", "BRI", "Belt and Road Initiative", "2013", "Government of China"),
    ("revitalization-2003", "Revitalization 2003", "Northeast Revitalization Plan (2003)", "2003", "State Council"),
    ("revitalization-2016", "Revitalization 2016", "Northeast Revitalization Plan (2016)", "2016", "State Council"),
    ("changjitu", "Changjitu", "Changchun–Jilin–Tumen Pilot Zone", "2009", "Jilin province"),
    ("rason-sez", "Rason SEZ", "Rason Special Economic Zone", "1991", "DPRK"),
    ("five-year-plan-14", "14th FYP", "14th Five-Year Plan", "2021", "National People's Congress"),
    ("five-year-plan-13", "13th FYP", "13th Five-Year Plan", "2016", "National People's Congress"),
    ("far-east-hectare", "Far East Hectare", "Far Eastern Hectare programme", "2016", "Government of Russia"),
    ("free-port-vladivostok", "Free Port", "Free Port of Vladivostok", "2015", "Government of Russia"),
    ("eec", "EEC", "Eastern Economic Forum", "2015", "Government of Russia"),
    ("sco", "SCO", "Shanghai Cooperation Organisation", "2001", "Member states"),
    ("new-northern-policy", "New Northern Policy", "New Northern Policy", "2017", "Government of South Korea"),
    ("power-of-siberia", "Power of Siberia", "Power of Siberia pipeline", "2014", "Gazprom and CNPC"),
    (
        "china-mongolia-russia-corridor",
        "CMR corridor",
        "China–Mongolia–Russia Economic Corridor",
        "2016",
        "Three governments",
    ),
    ("dandong-bridge", "New Yalu Bridge", "New Yalu River Bridge", "2011", "Liaoning province"),
    ("hunchun-zone", "Hunchun zone", "Hunchun International Cooperation Demonstration Zone", "2012", "State Council"),
    ("harbin-hub", "Harbin hub", "Harbin Sino-Russian logistics hub", "2014", "Heilongjiang province"),
    ("ftz-liaoning", "Liaoning FTZ", "China (Liaoning) Pilot Free Trade Zone", "2017", "State Council"),
    ("ftz-heilongjiang", "Heilongjiang FTZ", "China (Heilongjiang) Pilot Free Trade Zone", "2019", "State Council"),
    ("tumen-shipping", "Tumen shipping", "Tumen River navigation rights talks", "1992", "China and Russia"),
    ("zarubino", "Zarubino", "Zarubino port expansion", "2014", "Summa Group"),
    ("ncfta", "NE Asia FTA", "China–Japan–Korea FTA talks", "2012", "Three governments"),
    ("rust-belt-fund", "Rust Belt Fund", "Northeast industrial investment fund", "2017", "NDRC"),
];

const TAGS: &[&str] = &[
    "trade",
    "investment",
    "energy",
    "ports",
    "rail",
    "border",
    "demography",
    "labour",
    "industry",
    "autos",
    "agriculture",
    "tourism",
    "finance",
    "debt",
    "sanctions",
    "diplomacy",
    "security",
    "ethnicity",
    "migration",
    "urbanization",
    "environment",
    "water",
    "logistics",
    "customs",
    "fiscal policy",
    "state enterprises",
    "private sector",
    "innovation",
    "education",
    "health",
    "housing",
    "coal",
    "steel",
    "timber",
    "fisheries",
    "northeast-asia",
    "regionalism",
    "statistics",
    "governance",
    "planning",
];

/// (slug, unit, display name for `indicators:` in dossier.yaml).
const INDICATORS: &[(&str, &str, &str)] = &[
    ("gdp-growth", "% per year", "Real GDP growth"),
    ("trade-share-of-gdp", "% of GDP", "Foreign trade as a share of GDP"),
    ("population", "million people", "Resident population"),
    ("fdi-inflows", "US$ billion", "Foreign direct investment inflows"),
    ("unemployment-rate", "% of labour force", "Registered unemployment rate"),
    ("border-crossings", "million crossings", "Border crossings"),
    ("port-throughput", "million tonnes", "Port cargo throughput"),
    ("industrial-output-growth", "% per year", "Growth of industrial output"),
    ("fiscal-deficit", "% of GDP", "Fiscal deficit"),
    ("urbanization-rate", "% of population", "Urban share of the population"),
    ("coal-output", "million tonnes", "Coal output"),
    ("tourist-arrivals", "thousand visitors", "Foreign tourist arrivals"),
];

const SERIES: &[&str] = &["Exports", "Imports", "Investment", "Consumption", "Output", "Target", "Forecast"];

const CHART_TYPES: &[&str] = &["line", "bar", "area", "stacked", "hbar"];

const AUTHORS: &[&str] = &[
    "Mei Lin",
    "Daniel Park",
    "Olga Sokolova",
    "Kim Ji-won",
    "Tanaka Yuki",
    "Batbayar Enkh",
    "Sarah Becker",
    "Li Wei",
    "Ivan Petrov",
    "Choi Min-seo",
    "Anna Keller",
    "Zhang Hao",
];

const NOUNS: &[&str] = &[
    "trade",
    "investment",
    "province",
    "border",
    "corridor",
    "port",
    "railway",
    "policy",
    "plan",
    "reform",
    "growth",
    "output",
    "industry",
    "market",
    "region",
    "government",
    "zone",
    "agreement",
    "project",
    "economy",
    "capacity",
    "deficit",
    "surplus",
    "population",
    "labour",
    "capital",
    "revenue",
    "budget",
    "infrastructure",
    "cooperation",
    "strategy",
    "framework",
    "programme",
    "enterprise",
    "exports",
    "imports",
    "tariff",
    "customs",
    "logistics",
    "pipeline",
    "crossing",
    "bridge",
    "highway",
    "delta",
    "river",
    "coastline",
    "hinterland",
];

const VERBS: &[&str] = &[
    "shows",
    "suggests",
    "reflects",
    "limits",
    "drives",
    "supports",
    "weakens",
    "strengthens",
    "reshapes",
    "delays",
    "accelerates",
    "undermines",
    "sustains",
    "complicates",
    "explains",
    "follows",
    "mirrors",
    "offsets",
];

const ADJECTIVES: &[&str] = &[
    "regional",
    "cross-border",
    "national",
    "local",
    "provincial",
    "bilateral",
    "multilateral",
    "industrial",
    "structural",
    "fiscal",
    "slow",
    "rapid",
    "uneven",
    "persistent",
    "modest",
    "sharp",
    "gradual",
    "strategic",
    "northern",
    "coastal",
    "inland",
    "state-led",
    "private",
    "long-term",
];

const FILLERS: &[&str] = &[
    "the", "of", "in", "and", "to", "a", "for", "with", "on", "by", "as", "from", "that", "its", "than", "over",
    "since", "while", "across", "between",
];

/// Place names in their own scripts, mentioned in the running text.
const PLACES: &[&str] = &[
    "Hunchun (珲春)",
    "Rason (라선)",
    "Vladivostok (Владивосток)",
    "Yanji (延吉)",
    "Tumen (图们)",
    "Khasan (Хасан)",
    "Zarubino (Зарубино)",
    "Dandong (丹东)",
    "Sinuiju (신의주)",
    "Ussuriysk (Уссурийск)",
    "Niigata (新潟)",
    "Sokcho (속초)",
    "Erenhot (二连浩特)",
    "Zamyn-Üüd (Замын-Үүд)",
];

const SECTION_TITLES: &[&str] = &[
    "Background",
    "Key findings",
    "What the figures show",
    "Policy context",
    "A closer look at the border",
    "Who gains",
    "Risks",
    "Outlook",
    "Recommendations",
    "Comparisons with the coast",
    "Local responses",
    "The view from the capital",
    "Financing",
    "Implementation",
    "Open questions",
];

/// splitmix64: tiny, fast and good enough for synthetic text; seeded per file.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi` (hi exclusive).
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// Between `count.start` and `count.end - 1` distinct indices below `len`, ascending.
    fn some(&mut self, count: std::ops::Range<usize>, len: usize) -> Vec<usize> {
        let k = self.range(count.start, count.end);
        self.distinct(k, len)
    }

    /// `count` distinct indices below `len`, in ascending order.
    fn distinct(&mut self, count: usize, len: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(count);
        while out.len() < count.min(len) {
            let i = self.range(0, len);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out.sort_unstable();
        out
    }
}

/// A stable hash of a string, for values that must agree across briefs.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3))
}

/// The value of `indicator` for `region` in `year`: a function of the three alone, so that
/// every brief citing it agrees. One decimal, like published statistics.
fn indicator_value(indicator: &str, region: &str, year: usize) -> f64 {
    let mut rng = Rng::new(fnv(indicator) ^ fnv(region).rotate_left(17) ^ (year as u64).wrapping_mul(0x2545_F491));
    let base = (fnv(indicator) ^ fnv(region)) % 80 + 5;
    let trend = (year as f64 - 2000.0) * ((fnv(region) % 7) as f64 - 3.0) / 10.0;
    let noise = (rng.range(0, 100) as f64 - 50.0) / 10.0;
    ((base as f64 + trend + noise) * 10.0).round() / 10.0
}

/// The slug of brief `i`, known to every other brief so they can link to it.
fn brief_slug(i: usize) -> String {
    let mut rng = Rng::new(i as u64 * 7919 + 1);
    format!("{}-{}-{:05}", rng.pick(ADJECTIVES), rng.pick(NOUNS), i)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (args.get(1).and_then(|a| a.parse::<usize>().ok()), args.get(2)) else {
        eprintln!("usage: corpus N DIR   (writes a site of N briefs into DIR)");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    if let Err(e) = write_site(n, dir) {
        eprintln!("cannot write {}: {e}", dir.display());
        std::process::exit(1);
    }
    eprintln!("wrote {n} briefs, {} regions, {} initiatives to {}", REGIONS.len(), INITIATIVES.len(), dir.display());
}

fn write_site(n: usize, dir: &Path) -> std::io::Result<()> {
    let briefs = dir.join("briefs");
    std::fs::create_dir_all(briefs.join("regions"))?;
    std::fs::create_dir_all(briefs.join("initiatives"))?;
    let mut config = format!(
        "title: Synthetic Briefs\ndescription: A synthetic corpus of {n} policy briefs for benchmarks.\n\
         base_url: https://briefs.example.org/\nlanguage: en\nauthor: Benchmark Programme\nindicators:\n"
    );
    for (slug, _, name) in INDICATORS {
        let _ = writeln!(config, "  {slug}: {name}");
    }
    std::fs::write(dir.join("dossier.yaml"), config)?;
    for (i, r) in REGIONS.iter().enumerate() {
        std::fs::write(briefs.join("regions").join(format!("{}.md", r.0)), region_file(i))?;
    }
    for (i, r) in INITIATIVES.iter().enumerate() {
        std::fs::write(briefs.join("initiatives").join(format!("{}.md", r.0)), initiative_file(i))?;
    }
    for i in 0..n {
        std::fs::write(briefs.join(format!("{}.md", brief_slug(i))), brief_file(i, n))?;
    }
    Ok(())
}

fn region_file(i: usize) -> String {
    let (_, name, kind, parent, country) = REGIONS[i];
    let mut rng = Rng::new(0x5EED_0000 + i as u64);
    let mut s = format!("---\nname: \"{name}\"\nkind: {kind}\ncountry: {country}\n");
    if !parent.is_empty() {
        let _ = writeln!(s, "parent: {parent}");
    }
    s.push_str("---\n");
    for _ in 0..2 {
        paragraph(&mut rng, &mut s, 4);
    }
    s
}

fn initiative_file(i: usize) -> String {
    let (_, name, full, started, sponsor) = INITIATIVES[i];
    let mut rng = Rng::new(0x1A17_0000 + i as u64);
    let regions: Vec<&str> = rng.some(2..6, REGIONS.len()).into_iter().map(|r| REGIONS[r].0).collect();
    let mut s = format!(
        "---\nname: \"{name}\"\nfull_name: \"{full}\"\nstarted: \"{started}\"\nsponsor: \"{sponsor}\"\nregions: [{}]\nmilestones:\n",
        regions.join(", ")
    );
    let start: usize = started.parse().unwrap_or(2000);
    for k in 0..rng.range(2, 5) {
        let _ =
            writeln!(s, "  - {{date: \"{}\", label: \"{} {}\"}}", start + 3 * k, rng.pick(ADJECTIVES), rng.pick(NOUNS));
    }
    s.push_str("---\n");
    for _ in 0..2 {
        paragraph(&mut rng, &mut s, 4);
    }
    s
}

fn brief_file(i: usize, n: usize) -> String {
    let mut rng = Rng::new(i as u64);
    let slug = brief_slug(i);
    let regions = rng.some(1..4, REGIONS.len());
    let initiatives = rng.some(0..3, INITIATIVES.len());
    let tags = rng.some(1..5, TAGS.len());
    let authors = rng.some(1..4, AUTHORS.len());
    let names = |idx: &[usize], f: &dyn Fn(usize) -> String| idx.iter().map(|&k| f(k)).collect::<Vec<_>>().join(", ");
    let region_name = REGIONS[regions[0]].1;
    let mut s = String::with_capacity(10_000);
    let _ = write!(
        s,
        "---\ntitle: \"{} {} in {region_name}: {} {}\"\ndate: {}-{:02}-{:02}\nsummary: \"",
        capitalize(rng.pick(ADJECTIVES)),
        rng.pick(NOUNS),
        rng.pick(NOUNS),
        rng.pick(VERBS),
        2000 + rng.range(0, 26),
        rng.range(1, 13),
        rng.range(1, 29),
    );
    sentence(&mut rng, &mut s);
    s.pop();
    let _ = write!(
        s,
        "\"\nauthors: [{}]\nregions: [{}]\ninitiatives: [{}]\ntags: [{}]\n---\n",
        names(&authors, &|k| AUTHORS[k].to_string()),
        names(&regions, &|k| REGIONS[k].0.to_string()),
        names(&initiatives, &|k| INITIATIVES[k].0.to_string()),
        names(&tags, &|k| TAGS[k].to_string()),
    );
    body(&mut rng, &mut s, i, n, &slug, &regions);
    s
}

/// About 1,200 words: an intro, six sections, two charts, a list, a table and a footnote.
fn body(rng: &mut Rng, s: &mut String, i: usize, n: usize, slug: &str, regions: &[usize]) {
    paragraph(rng, s, 5);
    let sections = rng.distinct(6, SECTION_TITLES.len());
    for (k, &t) in sections.iter().enumerate() {
        let _ = writeln!(s, "## {}\n", SECTION_TITLES[t]);
        for _ in 0..rng.range(2, 4) {
            let sentences = rng.range(4, 6);
            paragraph(rng, s, sentences);
        }
        match k {
            0 => {
                bullet_list(rng, s);
                let _ = writeln!(
                    s,
                    "See also [an earlier brief]({}.md) on the same question.\n",
                    brief_slug(rng.range(0, n))
                );
            }
            1 => indicator_chart(rng, s, slug, regions),
            2 => {
                table(rng, s);
                let _ = writeln!(s, "### {} detail\n", capitalize(rng.pick(ADJECTIVES)));
                paragraph(rng, s, 4);
            }
            3 => other_chart(rng, s, slug),
            4 => {
                let _ = writeln!(
                    s,
                    "1. Compare [{}]({}.md).\n2. Read the region page for [{}](regions/{}.md).\n3. Note the data gaps.[^gaps]\n",
                    rng.pick(NOUNS),
                    brief_slug((i + 1) % n),
                    REGIONS[regions[0]].1,
                    REGIONS[regions[0]].0,
                );
            }
            _ => {}
        }
    }
    let _ = writeln!(
        s,
        "[^gaps]: Figures before {} are estimates; see the sources of each chart.",
        1995 + rng.range(0, 10)
    );
}

fn paragraph(rng: &mut Rng, s: &mut String, sentences: usize) {
    for _ in 0..sentences {
        sentence(rng, s);
    }
    s.push_str("\n\n");
}

/// One sentence of 9 to 20 words, now and then with a place name, bold figure or link.
fn sentence(rng: &mut Rng, s: &mut String) {
    let words = rng.range(9, 21);
    for w in 0..words {
        let word = match rng.range(0, 10) {
            0..=3 => rng.pick(FILLERS),
            4..=6 => rng.pick(NOUNS),
            7 | 8 => rng.pick(ADJECTIVES),
            _ => rng.pick(VERBS),
        };
        if w == 0 {
            s.push_str(&capitalize(word));
        } else {
            s.push(' ');
            match rng.range(0, 60) {
                0 => s.push_str(rng.pick(PLACES)),
                1 => {
                    let _ = write!(s, "**{}%**", rng.range(1, 99));
                }
                _ => s.push_str(word),
            }
        }
    }
    s.push_str(". ");
}

fn bullet_list(rng: &mut Rng, s: &mut String) {
    for _ in 0..rng.range(3, 6) {
        s.push_str("- ");
        sentence(rng, s);
        s.push('\n');
    }
    s.push('\n');
}

fn table(rng: &mut Rng, s: &mut String) {
    s.push_str("| Item | 2015 | 2020 | Change |\n|---|---:|---:|---:|\n");
    for _ in 0..rng.range(3, 6) {
        let (a, b) = (rng.range(10, 500), rng.range(10, 500));
        let _ = writeln!(
            s,
            "| {} {} | {a} | {b} | {:+} |",
            capitalize(rng.pick(ADJECTIVES)),
            rng.pick(NOUNS),
            b as i64 - a as i64
        );
    }
    s.push('\n');
}

/// The first chart: most carry an indicator, with values every brief agrees on.
fn indicator_chart(rng: &mut Rng, s: &mut String, slug: &str, regions: &[usize]) {
    let (indicator, unit, _) = rng.pick(INDICATORS);
    let gathered = rng.chance(70);
    let rows = rng.range(6, 16);
    let start = 1995 + rng.range(0, 15);
    let cols: Vec<usize> = if regions.len() > 1 && rng.chance(30) { regions[..2].to_vec() } else { vec![regions[0]] };
    let slugs: Vec<&str> = cols.iter().map(|&r| REGIONS[r].0).collect();
    let _ = write!(
        s,
        "```chart\nid: {slug}-fig-1\ntitle: \"{} {} in {}\"\ntype: line\nunit: \"{unit}\"\nsource: {} Statistical Yearbook\n",
        capitalize(&indicator.replace('-', " ")),
        rng.pick(VERBS),
        REGIONS[cols[0]].1,
        REGIONS[cols[0]].1,
    );
    if gathered {
        let _ = writeln!(s, "indicator: {indicator}\nregions: [{}]", slugs.join(", "));
    }
    s.push_str("data: |\n  year");
    for &r in &cols {
        let _ = write!(s, ", {}", REGIONS[r].1);
    }
    s.push('\n');
    for y in start..start + rows {
        let _ = write!(s, "  {y}");
        for slug in &slugs {
            // Charts without an indicator may say anything; gathered ones must agree.
            let v = if gathered { indicator_value(indicator, slug, y) } else { rng.range(0, 1000) as f64 / 10.0 };
            let _ = write!(s, ", {v}");
        }
        s.push('\n');
    }
    s.push_str("```\n\n");
}

/// The second chart: a few series of the brief's own, by year or by category.
fn other_chart(rng: &mut Rng, s: &mut String, slug: &str) {
    let kind = rng.pick(CHART_TYPES);
    let series = rng.some(1..4, SERIES.len());
    let rows = rng.range(6, 16);
    let by_year = kind != "hbar";
    let _ = write!(
        s,
        "```chart\nid: {slug}-fig-2\ntitle: \"{} {} {}\"\ntype: {kind}\nunit: US$ million\nsource: Customs statistics\n",
        capitalize(rng.pick(NOUNS)),
        rng.pick(VERBS),
        rng.pick(NOUNS),
    );
    if rng.chance(30) {
        let _ = writeln!(s, "note: Figures for the latest year are provisional.");
    }
    let _ = write!(s, "data: |\n  {}", if by_year { "year" } else { "partner" });
    for &k in &series {
        let _ = write!(s, ", {}", SERIES[k]);
    }
    s.push('\n');
    let start = 2000 + rng.range(0, 10);
    for r in 0..rows {
        if by_year {
            let _ = write!(s, "  {}", start + r);
        } else {
            let _ = write!(s, "  {} {}", capitalize(rng.pick(ADJECTIVES)), r + 1);
        }
        for _ in &series {
            let _ = write!(s, ", {}", rng.range(0, 50_000) as f64 / 10.0);
        }
        s.push('\n');
    }
    s.push_str("```\n\n");
}

fn capitalize(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
