//! The search index: every brief (title, summary, body text, chart titles, units, sources and
//! notes) as static JSON files that the theme's `search.js` reads in the reader's browser, with
//! the facets `region`, `initiative`, `tag` and `year`.
//!
//! An inverted index split into chunks, so that a search fetches only what its words need:
//!
//! - `meta.json`: the number of briefs, a version (a hash of the whole index, added to every
//!   other file's URL so that a browser never mixes files of two builds) and the first word of
//!   each word chunk, from which the client finds the chunks that hold a word and its
//!   continuations (a search matches words by their beginning).
//! - `w/<n>.json`: words in sorted order, each with its postings: (brief, weight) pairs with
//!   the brief numbers delta-encoded. A weight is the BM25 term-frequency part, computed here
//!   with the field weights below; the client multiplies it by the word's rarity (from the
//!   number of postings) and adds over the words of the query.
//! - `filters.json`: for each facet value, the briefs that have it (delta-encoded).
//! - `d/<n>.json`: what a result shows (URL, title, date, regions, summary) and the brief's
//!   text, from which the client cuts an excerpt around the words found.
//!
//! Brief numbers are positions in `Site::briefs`, which is newest first, so "newest first"
//! is "by number". URLs are site paths (`/briefs/x/`): the index is the same under any base
//! URL, and the search page adds its base path.
//!
//! Words are found the same way here and in `search.js` (see [`words`]): letters and digits
//! between other characters, without diacritics, in lower case; Chinese and Japanese, which are
//! written without spaces, as every character and every pair of adjacent characters, so that
//! any part of a run of characters (`林省` in `吉林省`) is found.
//!
//! Indexing is parallel per brief (gathering the postings and writing the chunks after is
//! serial); at 10,000 briefs it adds about 4 s of wall time and 300 MiB of peak memory to a
//! two-core build (README, Performance). The search index was first made with the `pagefind` library, which at 10,000 briefs took 22 s of
//! CPU and 2 GB of memory (more than the rest of the build together), one brief at a time.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::diag::Diagnostic;
use crate::layout::{Asset, Layout, Page};
use crate::markdown::Block;
use crate::site::Site;

/// The facets readers narrow a search by, as the index names them.
pub const FACETS: [&str; 4] = ["region", "initiative", "tag", "year"];

/// How much a word counts where it stands: in the title, the summary, a chart's title, or the
/// text (body, chart units, sources and notes).
const TITLE: f32 = 6.0;
const SUMMARY: f32 = 2.0;
const CHART_TITLE: f32 = 2.0;
const TEXT: f32 = 1.0;
/// BM25's parameters, as most search engines set them.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A word chunk is closed once its JSON passes this many bytes (a word is never split).
const CHUNK_BYTES: usize = 24 * 1024;
/// Words longer than this (in bytes) are not indexed: nobody types them.
const MAX_WORD: usize = 60;

/// The index of `site`: (output path, bytes) of each file, sorted by path.
pub fn index(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let root = Layout::new("/");
    let mut docs: Vec<Doc> = (0..site.briefs.len()).into_par_iter().map(|i| doc(site, &root, i)).collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(docs.len() + 64);
    for (n, d) in docs.iter_mut().enumerate() {
        files.push((format!("d/{n}.json"), std::mem::take(&mut d.shown).into_bytes()));
    }

    // Postings: every word with its (brief, weight), briefs in order as the docs come.
    let avg = docs.iter().map(|d| d.length).sum::<f32>() / docs.len().max(1) as f32;
    let mut postings: FxHashMap<&str, Vec<(u32, u16)>> = FxHashMap::default();
    for (n, d) in docs.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * d.length / avg.max(1.0));
        for (word, tf) in &d.words {
            let weight = (tf * (K1 + 1.0) / (tf + norm) * 100.0).round().clamp(1.0, u16::MAX as f32) as u16;
            postings.entry(word).or_default().push((n as u32, weight));
        }
    }
    let mut words: Vec<(&str, Vec<(u32, u16)>)> = postings.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let mut firsts: Vec<&str> = Vec::new();
    let mut chunk = String::new();
    for (word, list) in &words {
        if chunk.is_empty() {
            firsts.push(word);
            chunk.push('[');
        } else {
            chunk.push(',');
        }
        chunk.push('[');
        json_str(&mut chunk, word);
        chunk.push_str(",[");
        let mut last = 0;
        let mut num = itoa::Buffer::new();
        for (k, &(n, w)) in list.iter().enumerate() {
            if k > 0 {
                chunk.push(',');
            }
            chunk.push_str(num.format(n - last));
            chunk.push(',');
            chunk.push_str(num.format(w));
            last = n;
        }
        chunk.push_str("]]");
        if chunk.len() >= CHUNK_BYTES {
            chunk.push(']');
            files.push((format!("w/{}.json", firsts.len() - 1), std::mem::take(&mut chunk).into_bytes()));
        }
    }
    if !chunk.is_empty() {
        chunk.push(']');
        files.push((format!("w/{}.json", firsts.len() - 1), chunk.into_bytes()));
    }

    files.push(("filters.json".into(), filters(site).into_bytes()));

    // The version: a hash of every file, so that it changes whenever any of them does.
    let mut hash = Version::default();
    for (name, bytes) in &files {
        hash.write(name.as_bytes());
        hash.write(bytes);
    }
    let mut meta = String::new();
    let _ =
        write!(meta, "{{\"format\":1,\"version\":\"{:016x}\",\"briefs\":{},\"chunks\":[", hash.0, site.briefs.len());
    for (k, first) in firsts.iter().enumerate() {
        if k > 0 {
            meta.push(',');
        }
        json_str(&mut meta, first);
    }
    meta.push_str("]}");
    files.push(("meta.json".into(), meta.into_bytes()));

    let mut out: Vec<(String, Vec<u8>)> =
        files.into_iter().map(|(name, bytes)| (Asset::Search(&name).path(), bytes)).collect();
    out.sort();
    Ok(out)
}

/// One brief, as the index needs it.
struct Doc {
    /// Its words with their weighted counts, sorted by word.
    words: Vec<(String, f32)>,
    /// The weighted number of words (BM25's document length).
    length: f32,
    /// The JSON of its `d/<n>.json`.
    shown: String,
}

fn doc(site: &Site, root: &Layout, i: usize) -> Doc {
    let b = &site.briefs[i];
    let mut text = String::with_capacity(b.body.words * 8);
    for block in &b.body.blocks {
        match block {
            Block::Html(html) => html_text(html, &mut text),
            Block::Figure(n) => {
                let f = &b.body.figures[*n];
                for part in [&f.unit, &f.source, &f.note].into_iter().flatten() {
                    text.push(' ');
                    text.push_str(part);
                }
            }
        }
    }
    let mut counts: FxHashMap<String, f32> = FxHashMap::default();
    let mut length = 0.0;
    let mut add = |s: &str, weight: f32| {
        words(s, |w| {
            match counts.get_mut(w) {
                Some(c) => *c += weight,
                None => {
                    counts.insert(w.to_owned(), weight);
                }
            }
            length += weight;
        })
    };
    add(&b.meta.title, TITLE);
    if let Some(summary) = &b.meta.summary {
        add(summary, SUMMARY);
    }
    for f in &b.body.figures {
        add(&f.title, CHART_TITLE);
    }
    add(&text, TEXT);
    let mut words: Vec<(String, f32)> = counts.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let regions: Vec<&str> = b.regions.iter().map(|&r| site.regions[r].name.as_str()).collect();
    let mut shown = String::with_capacity(text.len() + 256);
    shown.push_str("{\"url\":");
    json_str(&mut shown, &root.page(Page::Brief(&b.slug)));
    shown.push_str(",\"title\":");
    json_str(&mut shown, &b.meta.title);
    shown.push_str(",\"date\":");
    json_str(&mut shown, &site.config.strings.date(&b.meta.date));
    shown.push_str(",\"regions\":");
    json_str(&mut shown, &regions.join(", "));
    shown.push_str(",\"summary\":");
    json_str(&mut shown, b.meta.summary.as_deref().unwrap_or(""));
    shown.push_str(",\"text\":");
    json_str_with(&mut shown, &text, true);
    shown.push('}');
    Doc { words, length, shown }
}

/// `filters.json`: `{"region":{"Jilin":[0,3,1]},…}`, each list of briefs delta-encoded.
fn filters(site: &Site) -> String {
    let mut facets: [BTreeMap<String, Vec<u32>>; 4] = Default::default();
    for (n, b) in site.briefs.iter().enumerate() {
        let n = n as u32;
        for &r in &b.regions {
            facets[0].entry(site.regions[r].name.clone()).or_default().push(n);
        }
        for &x in &b.initiatives {
            facets[1].entry(site.initiatives[x].meta.name.clone()).or_default().push(n);
        }
        for &t in &b.tags {
            facets[2].entry(site.tags[t].name.clone()).or_default().push(n);
        }
        facets[3].entry(b.meta.date.year.to_string()).or_default().push(n);
    }
    let mut out = String::from("{");
    for (k, (name, values)) in FACETS.iter().zip(&facets).enumerate() {
        if k > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{name}\":{{");
        for (j, (value, briefs)) in values.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            json_str(&mut out, value);
            out.push_str(":[");
            let mut last = 0;
            for (m, &n) in briefs.iter().enumerate() {
                let _ = write!(out, "{}{}", if m > 0 { "," } else { "" }, n - last);
                last = n;
            }
            out.push(']');
        }
        out.push('}');
    }
    out.push('}');
    out
}

/// Calls `each` with every word of `text` as the index holds it (and `search.js` finds it):
/// runs of letters and digits, without diacritics (NFD, marks removed, NFC again, so Hangul
/// syllables stay whole), in lower case. A run of Chinese or Japanese characters gives each
/// character and each pair of adjacent characters.
pub fn words(text: &str, mut each: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // Runs of ASCII letters and digits, the bulk of most briefs, are lowered into `ascii`
    // without a char decode; anything else goes through the general path below.
    let mut ascii = String::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                flush_cjk(&mut cjk, &mut each);
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                // A word such as `Türkiye` goes on past the ASCII run.
                let continues = i < bytes.len() && !bytes[i].is_ascii() && {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    !is_cjk(c) && (c.is_alphabetic() || c.is_numeric() || is_combining_mark(c))
                };
                if continues || !word.is_empty() {
                    word.push_str(&text[start..i]);
                } else if i - start <= MAX_WORD {
                    ascii.clear();
                    ascii.push_str(&text[start..i]);
                    ascii.make_ascii_lowercase();
                    each(&ascii);
                }
                continue;
            }
            flush_cjk(&mut cjk, &mut each);
            flush_word(&mut word, &mut each);
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if is_cjk(c) {
            flush_word(&mut word, &mut each);
            // Kana with a voicing mark fold like letters with diacritics (が as か).
            let base = c.nfd().next().unwrap_or(c);
            cjk.push(base);
        } else if c.is_alphabetic() || c.is_numeric() || is_combining_mark(c) {
            flush_cjk(&mut cjk, &mut each);
            word.push(c);
        } else {
            flush_cjk(&mut cjk, &mut each);
            flush_word(&mut word, &mut each);
        }
    }
    flush_cjk(&mut cjk, &mut each);
    flush_word(&mut word, &mut each);
}

/// The words of a run of Chinese or Japanese characters: each character and each pair.
fn flush_cjk(cjk: &mut Vec<char>, each: &mut impl FnMut(&str)) {
    let mut buf = [0u8; 8];
    for (k, &c) in cjk.iter().enumerate() {
        // `buf` keeps `c` after the call, so the pair only appends `next`.
        each(c.encode_utf8(&mut buf));
        if let Some(&next) = cjk.get(k + 1) {
            let n = c.len_utf8();
            next.encode_utf8(&mut buf[n..]);
            each(std::str::from_utf8(&buf[..n + next.len_utf8()]).unwrap_or_default());
        }
    }
    cjk.clear();
}

/// A word with letters beyond ASCII: folded (diacritics removed, lower case).
fn flush_word(word: &mut String, each: &mut impl FnMut(&str)) {
    if word.is_empty() {
        return;
    }
    let folded: String = word.nfd().filter(|&c| !is_combining_mark(c)).nfc().flat_map(char::to_lowercase).collect();
    if folded.len() <= MAX_WORD {
        each(&folded);
    }
    word.clear();
}

/// Chinese characters, and Japanese kana: written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3134F) // CJK extensions B to G
}

/// Appends the text of an HTML fragment (tags left out, entities decoded) to `out`, with a
/// space where a tag was, so that words of two cells or paragraphs stay apart.
fn html_text(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(lt) = rest.find(['<', '&']) {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('<') {
            // Scripts, styles and footnote markers are left out with their content.
            let skipped = [("<script", "</script>"), ("<style", "</style>"), ("<sup class=\"footnote-ref\"", "</sup>")]
                .into_iter()
                .find(|(open, _)| rest.starts_with(open));
            let skip_to = match skipped {
                Some((_, close)) => rest.find(close).map(|e| e + close.len()),
                None => rest.find('>').map(|e| e + 1),
            };
            // Inline elements sit inside words and sentences; any other tag parts words.
            let tag = rest[1..].trim_start_matches('/');
            let name = &tag[..tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len())];
            let inline = skipped.is_none()
                && matches!(
                    name,
                    "a" | "abbr"
                        | "b"
                        | "cite"
                        | "code"
                        | "del"
                        | "em"
                        | "i"
                        | "ins"
                        | "kbd"
                        | "mark"
                        | "q"
                        | "s"
                        | "small"
                        | "span"
                        | "strong"
                        | "sub"
                        | "sup"
                        | "time"
                        | "u"
                );
            rest = skip_to.map_or("", |e| &rest[e..]);
            if !inline {
                out.push(' ');
            }
        } else {
            let end = rest[1..].find(|c: char| !c.is_ascii_alphanumeric() && c != '#').map(|e| e + 1);
            let (decoded, used) = match end {
                Some(e) if rest[e..].starts_with(';') => (entity(&rest[1..e]), e + 1),
                _ => (None, 1),
            };
            match decoded {
                Some(c) => out.push(c),
                None => out.push_str(&rest[..used]),
            }
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
}

/// The character of an HTML entity's name (`amp`, `#39`, `#x4E2D`), for those pulldown-cmark
/// writes and the few authors type; `None` for any other.
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        return code.and_then(char::from_u32);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => return None,
    })
}

/// Appends `s` as a JSON string.
fn json_str(out: &mut String, s: &str) {
    json_str_with(out, s, false);
}

/// Appends `s` as a JSON string; with `squeeze`, every run of whitespace as one space and
/// none at the ends. Byte by byte: the text of every brief goes through here, and most of it
/// is ASCII that is copied as it is; only other characters are decoded.
fn json_str_with(out: &mut String, s: &str, squeeze: bool) {
    out.reserve(s.len() + 2);
    out.push('"');
    let s = if squeeze { s.trim() } else { s };
    let bytes = s.as_bytes();
    // `s[run..i]` is still to be copied; `space` is whether the last thing written is a
    // squeezed space.
    let (mut run, mut i, mut space) = (0, 0, false);
    while i < bytes.len() {
        let b = bytes[i];
        let (len, c) = if b.is_ascii() {
            // The first space of a run is written as it is.
            if b == b' ' && squeeze && !space {
                i += 1;
                space = true;
                continue;
            }
            if !matches!(b, b'"' | b'\\' | b'<') && b >= 0x20 && !(squeeze && b == b' ') {
                i += 1;
                space = false;
                continue;
            }
            (1, b as char)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            if !(c.is_whitespace() && squeeze) && c != '\u{2028}' && c != '\u{2029}' {
                i += c.len_utf8();
                space = false;
                continue;
            }
            (c.len_utf8(), c)
        };
        out.push_str(&s[run..i]);
        run = i + len;
        i += len;
        if squeeze && c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
            continue;
        }
        space = false;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // `<` too, so that no file of the index can be read as markup.
            '<' => out.push_str("\\u003c"),
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// The index's version: a 64-bit hash over eight bytes at a time (multiply and rotate, as
/// FxHash mixes), the same on every machine and Rust release. A byte at a time (FNV-1a, as
/// before), hashing the 100 MB index of 10,000 briefs took about 0.2 s on one core.
struct Version(u64);

impl Default for Version {
    fn default() -> Self {
        Version(0xcbf2_9ce4_8422_2325)
    }
}

impl Version {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn mix(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(Self::K);
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.mix(u64::from_le_bytes(b));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        self.mix(u64::from_le_bytes(last));
        // The length, so that moving bytes between two writes changes the hash.
        self.mix(bytes.len() as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn words_are_letters_and_digits_folded_to_lower_case_without_diacritics() {
        assert_eq!(
            all("Jilin's GDP fell 3.5% in 2019—Türkiye, Москва."),
            ["jilin", "s", "gdp", "fell", "3", "5", "in", "2019", "turkiye", "москва"]
        );
        assert_eq!(all("cross-border"), ["cross", "border"]);
        assert_eq!(all("연변의 경제"), ["연변의", "경제"], "Hangul stays whole");
    }

    /// The plain definition of [`words`], char by char, which the fast path must match.
    fn reference(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let mut cjk: Vec<char> = Vec::new();
        let flush = |word: &mut String, cjk: &mut Vec<char>, out: &mut Vec<String>| {
            for (k, &c) in cjk.iter().enumerate() {
                out.push(c.to_string());
                if let Some(&next) = cjk.get(k + 1) {
                    out.push([c, next].into_iter().collect());
                }
            }
            cjk.clear();
            if !word.is_empty() {
                let folded: String =
                    word.nfd().filter(|&c| !is_combining_mark(c)).nfc().flat_map(char::to_lowercase).collect();
                if folded.len() <= MAX_WORD {
                    out.push(folded);
                }
                word.clear();
            }
        };
        for c in text.chars() {
            if is_cjk(c) {
                if !word.is_empty() {
                    flush(&mut word, &mut Vec::new(), &mut out);
                }
                cjk.push(c.nfd().next().unwrap_or(c));
            } else if c.is_alphabetic() || c.is_numeric() || is_combining_mark(c) {
                if !cjk.is_empty() {
                    flush(&mut String::new(), &mut cjk, &mut out);
                }
                word.push(c);
            } else {
                flush(&mut word, &mut cjk, &mut out);
            }
        }
        flush(&mut word, &mut cjk, &mut out);
        out
    }

    #[test]
    fn words_across_scripts_match_the_plain_definition() {
        for text in [
            "Ürümqi and Türkiye, e\u{301}te, ABC吉林省DEF, 延边2019年, x\u{300}y",
            "Москва-2020 naïve café  연변의 경제 がぎ ÅSTRÖM",
            &"a".repeat(70),
            &format!("{}é", "b".repeat(59)),
        ] {
            assert_eq!(all(text), reference(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_plain_definition_on_any_text(text in "[a-zA-Z0-9 .,éüÜ吉林がМосква연변\u{301}-]{0,40}") {
            proptest::prop_assert_eq!(all(&text), reference(&text));
        }

        #[test]
        fn squeezed_json_strings_hold_the_words_of_the_text(text in r#"[a-z \t\n"\\<é]{0,30}"#) {
            let mut out = String::new();
            json_str_with(&mut out, &text, true);
            let back: String = serde_json::from_str(&out).unwrap();
            proptest::prop_assert_eq!(back, text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn chinese_and_japanese_runs_give_every_character_and_pair() {
        assert_eq!(all("吉林省 Jilin"), ["吉", "吉林", "林", "林省", "省", "jilin"]);
        assert_eq!(all("延边"), ["延", "延边", "边"]);
        assert_eq!(all("が"), ["か"], "voicing marks fold as diacritics do");
    }

    #[test]
    fn html_text_leaves_tags_out_and_decodes_entities() {
        let mut out = String::new();
        html_text("<p>A &amp; B&#39;s <em>x</em>&unknown; &#x5409;</p><td>1</td><td>2</td>", &mut out);
        assert_eq!(out.split_whitespace().collect::<Vec<_>>(), ["A", "&", "B's", "x&unknown;", "吉", "1", "2"]);
        let mut out = String::new();
        html_text(
            r##"<p>the <a href="#x">Tumen</a>, a river.<sup class="footnote-ref"><a href="#fn1">1</a></sup></p><h2>Next</h2>"##,
            &mut out,
        );
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>().join(" "),
            "the Tumen, a river. Next",
            "inline tags keep punctuation in place; footnote markers go"
        );
    }

    /// The plain definition of [`json_str_with`], char by char, which the byte loop must match.
    fn json_reference(s: &str, squeeze: bool) -> String {
        let mut out = String::from("\"");
        let mut space = false;
        for c in if squeeze { s.trim() } else { s }.chars() {
            if squeeze && c.is_whitespace() {
                if !space {
                    out.push(' ');
                }
                space = true;
                continue;
            }
            space = false;
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '<' => out.push_str("\\u003c"),
                c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    proptest::proptest! {
        #[test]
        fn json_strings_match_the_plain_definition(
            text in "[a-z \t\n\r\u{b}\u{1}\"\\\\<é吉\u{a0}\u{2028}\u{2029}\u{3000}\u{85}]{0,30}",
            squeeze: bool,
        ) {
            let mut out = String::new();
            json_str_with(&mut out, &text, squeeze);
            proptest::prop_assert_eq!(&out, &json_reference(&text, squeeze));
            let back: String = serde_json::from_str(&out).unwrap();
            if !squeeze {
                proptest::prop_assert_eq!(back, text);
            }
        }
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        json_str(&mut out, "a\"b\\c</script>\n");
        assert_eq!(out, r#""a\"b\\c\u003c/script>\u000a""#);
    }
}
