// dossier's search page (search/): reads the index the build wrote to search-index/ (see
// src/search.rs for its format) and narrows the results by region, initiative, year and tag.
// It is the only script of the site. The header's search box on other pages is a plain form
// that leads here; without JavaScript the header shows a link to the list of briefs instead,
// and this page says where to browse.
//
// The query and the chosen facets live in the page's address (?q=tumen&region=Jilin), so a
// search can be bookmarked, shared and gone back to. Nothing from the index is put into the
// page as HTML: results are built from text nodes and <mark>s.

/** The facets, in the order they are shown; their legends come from the page's strings. */
const FACETS = ['region', 'initiative', 'year', 'tag'];
/** Results shown at first, and added by each "Show more". */
const PAGE = 20;
/** Words of at least this many characters also find the words they begin (`trad` → trade). */
const PREFIX_MIN = 3;
/** How much a word found by its beginning counts against the word itself. */
const PREFIX_WEIGHT = 0.6;

async function searchPage(app) {
  const input = document.getElementById('search-q');
  const form = document.getElementById('search-form');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  const facetsBox = document.getElementById('search-facets');
  const strings = JSON.parse(app.dataset.strings);
  const say = (key, args = {}) => strings[key].replace(/\{(\w+)\}/g, (m, k) => (k in args ? args[k] : m));
  const plural = new Intl.PluralRules(strings.lang);
  const briefsWord = (n) => {
    const forms = strings.briefs_word.split('|');
    const category = plural.select(n);
    const i = forms.length === 1 ? 0 : forms.length === 2 ? (category === 'one' ? 0 : 1) : { one: 0, few: 1 }[category] ?? 2;
    return forms[i];
  };
  for (const el of app.querySelectorAll('[data-needs-js]')) el.hidden = false;

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  const chosen = Object.fromEntries(FACETS.map((key) => [key, new Set(params.getAll(key))]));

  let index;
  try {
    index = await Index.open(app.dataset.index);
  } catch (e) {
    status.textContent = say('search_failed');
    return;
  }
  const boxes = buildFacets(facetsBox, index.facets, chosen, strings, () => run(true));
  // Open beside the results on a wide screen; folded above them on a phone unless in use.
  const anyChosen = FACETS.some((key) => chosen[key].size);
  document.getElementById('search-filters').open = anyChosen || matchMedia('(min-width: 48rem)').matches;

  let latest = 0;
  let found = { results: [], marks: null, shown: 0 };
  async function run(remember) {
    const ticket = ++latest;
    const term = input.value.trim();
    if (remember) rememberInAddress(term);
    const filtering = FACETS.some((key) => chosen[key].size);
    if (!term && !filtering) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = say('search_prompt');
      updateCounts(boxes, null);
      return;
    }
    let search;
    try {
      search = await index.search(term, chosen);
    } catch (e) {
      if (ticket === latest) status.textContent = say('search_failed');
      return;
    }
    if (ticket !== latest) return;
    found = { results: search.results, marks: search.marks, shown: 0 };
    list.replaceChildren();
    await showMore(ticket);
    if (ticket !== latest) return;
    const n = search.results.length;
    const args = { n: n.toLocaleString(strings.lang), briefs: briefsWord(n), q: term };
    status.textContent = term
      ? say(n ? 'search_found' : 'search_none', args)
      : say(n ? 'search_found_filters' : 'search_none_filters', args);
    updateCounts(boxes, search.counts);
  }

  async function showMore(ticket) {
    const next = found.results.slice(found.shown, found.shown + PAGE);
    const docs = await Promise.all(next.map((r) => index.doc(r.id)));
    if (ticket !== latest) return;
    const start = list.children.length;
    list.append(...docs.map((d) => resultItem(d, found.marks, app.dataset.base)));
    found.shown += next.length;
    more.hidden = found.shown >= found.results.length;
    return start;
  }

  more.addEventListener('click', async () => {
    const start = await showMore(latest);
    // Keyboard and screen reader users go on from the first result just added.
    const link = list.children[start]?.querySelector('a');
    if (link) link.focus();
  });

  function rememberInAddress(term) {
    const next = new URLSearchParams();
    if (term) next.set('q', term);
    for (const key of FACETS) for (const v of [...chosen[key]].sort()) next.append(key, v);
    const query = next.toString();
    history.replaceState(null, '', query ? `?${query}` : location.pathname);
  }

  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(true), 150);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run(true);
  });
  run(false);
}

/** The index in the reader's browser: its files are fetched when a search first needs them. */
class Index {
  static async open(folder) {
    const response = await fetch(`${folder}meta.json`, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`${response.status} for meta.json`);
    const meta = await response.json();
    if (meta.format !== 1) throw new Error(`index format ${meta.format}`);
    const index = new Index(folder, meta);
    const filters = await index.file('filters.json');
    index.facets = {};
    for (const key of FACETS) {
      index.facets[key] = {};
      for (const [value, gaps] of Object.entries(filters[key] || {})) index.facets[key][value] = undelta(gaps);
    }
    return index;
  }

  constructor(folder, meta) {
    this.folder = folder;
    this.meta = meta;
    this.files = new Map();
  }

  /** A file of the index, fetched once; `?v=` keeps files of two builds from being mixed. */
  file(name) {
    if (!this.files.has(name)) {
      const loading = fetch(`${this.folder}${name}?v=${this.meta.version}`).then((r) => {
        if (!r.ok) throw new Error(`${r.status} for ${name}`);
        return r.json();
      });
      loading.catch(() => this.files.delete(name));
      this.files.set(name, loading);
    }
    return this.files.get(name);
  }

  doc(id) {
    return this.file(`d/${id}.json`);
  }

  /**
   * The briefs that hold `word` exactly, or (with `prefix`) any word it begins, as a map of
   * brief number to weight, and the words found.
   */
  async lookup(word, prefix) {
    const chunks = this.meta.chunks;
    // The last chunk whose first word is not after `word`, and the following ones as long as
    // they begin with it.
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(chunks[mid], word) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const wanted = [Math.max(0, lo - 1)];
    if (prefix) for (let c = lo; c < chunks.length && chunks[c].startsWith(word); c++) wanted.push(c);
    const found = new Map();
    const words = [];
    const rarity = (count) => Math.log(1 + (this.meta.briefs - count + 0.5) / (count + 0.5));
    for (const entries of await Promise.all(wanted.map((c) => this.file(`w/${c}.json`)))) {
      for (const [w, postings] of entries) {
        const exact = w === word;
        if (!exact && !(prefix && w.startsWith(word))) continue;
        words.push(w);
        const factor = rarity(postings.length / 2) * (exact ? 1 : PREFIX_WEIGHT) / 100;
        let id = 0;
        for (let k = 0; k < postings.length; k += 2) {
          id += postings[k];
          const score = postings[k + 1] * factor;
          // A brief that holds several words beginning so counts its best one.
          if (!(found.get(id) >= score)) found.set(id, score);
        }
      }
    }
    return { found, words };
  }

  /**
   * The briefs that hold every word of `term` and have one of the chosen values of each facet,
   * best first, with the words to mark and the count each facet value would give.
   */
  async search(term, chosen) {
    const n = this.meta.briefs;
    const marks = { words: new Set(), runs: [] };
    const parts = queryParts(term);
    // null: every brief, newest first; a term of punctuation alone finds nothing.
    let scores = term && !parts.length ? new Map() : null;
    for (const part of parts) {
      if (part.cjk) marks.runs.push(part.cjk);
      const looked = await Promise.all(part.terms.map((t) => this.lookup(t.word, t.prefix)));
      for (const { found, words } of looked) {
        for (const w of words) if (!part.cjk) marks.words.add(w);
        if (scores === null) {
          scores = found;
        } else {
          const both = new Map();
          for (const [id, s] of scores) if (found.has(id)) both.set(id, s + found.get(id));
          scores = both;
        }
      }
    }
    const inFacet = {};
    for (const key of FACETS) {
      if (!chosen[key].size) continue;
      const yes = new Uint8Array(n);
      for (const value of chosen[key]) for (const id of this.facets[key][value] || []) yes[id] = 1;
      inFacet[key] = yes;
    }
    const candidates = scores === null ? [...Array(n).keys()] : [...scores.keys()];
    const passes = (id, except) => FACETS.every((key) => key === except || !inFacet[key] || inFacet[key][id]);
    const results = candidates
      .filter((id) => passes(id, null))
      .map((id) => ({ id, score: scores === null ? 0 : scores.get(id) }))
      .sort((a, b) => b.score - a.score || a.id - b.id);
    // What each value would give: the briefs found with every other facet's choice applied.
    const counts = {};
    for (const key of FACETS) {
      const base = new Uint8Array(n);
      for (const id of candidates) if (passes(id, key)) base[id] = 1;
      counts[key] = {};
      for (const [value, ids] of Object.entries(this.facets[key])) {
        let c = 0;
        for (const id of ids) c += base[id];
        counts[key][value] = c;
      }
    }
    return { results, marks, counts };
  }
}

/** Compares by code point, as the index is sorted (UTF-16 order differs above U+FFFF). */
function compare(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

function undelta(gaps) {
  let id = 0;
  return gaps.map((g) => (id += g));
}

const LETTER = /[\p{Alphabetic}\p{N}\p{M}]/u;
const MARK = /\p{M}/gu;

/** Chinese characters and Japanese kana, as `is_cjk` in src/search.rs. */
function isCjk(cp) {
  return (
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0x31f0 && cp <= 0x31ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  );
}

/** A word as the index holds it: without diacritics, in lower case. */
function fold(word) {
  return word.normalize('NFD').replace(MARK, '').normalize('NFC').toLowerCase();
}

/** A Chinese or Japanese character as the index holds it (kana without voicing marks). */
function foldCjk(ch) {
  return String.fromCodePoint(ch.normalize('NFD').codePointAt(0));
}

/**
 * The tokens of `text`, as `words` in src/search.rs splits it: words of letters and digits,
 * and runs of Chinese or Japanese characters, each with where it stands in `text`.
 */
function tokens(text) {
  const out = [];
  let start = -1;
  let kind = null;
  let i = 0;
  const close = (end) => {
    if (kind) out.push({ cjk: kind === 'cjk', start, end, text: text.slice(start, end) });
    kind = null;
  };
  for (const ch of text) {
    const k = isCjk(ch.codePointAt(0)) ? 'cjk' : LETTER.test(ch) ? 'word' : null;
    if (k !== kind) {
      close(i);
      if (k) {
        kind = k;
        start = i;
      }
    }
    i += ch.length;
  }
  close(i);
  return out;
}

/**
 * What to look up for a query: each word (by its beginning too, when long enough), and for a
 * run of Chinese or Japanese characters every pair of adjacent characters (a single character
 * by itself), all of which a brief must hold.
 */
function queryParts(term) {
  const parts = [];
  for (const t of tokens(term)) {
    if (t.cjk) {
      const chars = [...t.text].map(foldCjk);
      const terms = [];
      if (chars.length === 1) terms.push({ word: chars[0], prefix: false });
      for (let k = 0; k + 1 < chars.length; k++) terms.push({ word: chars[k] + chars[k + 1], prefix: false });
      parts.push({ cjk: chars.join(''), terms });
    } else {
      const word = fold(t.text);
      parts.push({ cjk: null, terms: [{ word, prefix: [...word].length >= PREFIX_MIN }] });
    }
  }
  return parts;
}

/** The [start, end) ranges of `text` to mark: words found, and runs of characters searched. */
function markRanges(text, marks) {
  const ranges = [];
  for (const t of tokens(text)) {
    if (!t.cjk) {
      if (marks.words.has(fold(t.text))) ranges.push([t.start, t.end]);
      continue;
    }
    const chars = [...t.text];
    const folded = chars.map(foldCjk);
    const offsets = [];
    let at = t.start;
    for (const ch of chars) {
      offsets.push(at);
      at += ch.length;
    }
    offsets.push(at);
    for (const run of marks.runs) {
      const want = [...run];
      for (let k = 0; k + want.length <= folded.length; k++) {
        if (want.every((c, j) => folded[k + j] === c)) ranges.push([offsets[k], offsets[k + want.length]]);
      }
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** About 30 words of `text` around its first mark, as text nodes and <mark>s. */
function excerpt(text, marks) {
  const ranges = markRanges(text, marks);
  const first = ranges.length ? ranges[0][0] : 0;
  let start = Math.max(0, first - 80);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < first) start = space + 1;
  }
  let end = Math.min(text.length, start + 240);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  const nodes = [];
  if (start > 0) nodes.push(document.createTextNode('… '));
  let at = start;
  for (const [a, b] of ranges) {
    if (b <= at || a >= end) continue;
    const from = Math.max(a, at);
    if (from > at) nodes.push(document.createTextNode(text.slice(at, from)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(from, Math.min(b, end));
    nodes.push(mark);
    at = Math.min(b, end);
  }
  if (at < end) nodes.push(document.createTextNode(text.slice(at, end)));
  if (end < text.length) nodes.push(document.createTextNode(' …'));
  return nodes;
}

function resultItem(doc, marks, base) {
  const li = document.createElement('li');
  li.className = 'search-result';
  const h = document.createElement('h2');
  h.className = 'search-result-title';
  const a = document.createElement('a');
  a.href = base + doc.url.replace(/^\//, '');
  a.textContent = doc.title || doc.url;
  h.append(a);
  const meta = document.createElement('p');
  meta.className = 'search-result-meta';
  meta.textContent = [doc.date, doc.regions].filter(Boolean).join(' · ');
  const p = document.createElement('p');
  p.className = 'search-result-excerpt';
  const inText = markRanges(doc.text, marks).length > 0;
  p.append(...excerpt(inText || !doc.summary ? doc.text : doc.summary, marks));
  li.append(h, meta, p);
  return li;
}

/** A fieldset of checkboxes per facet that has values; returns the boxes by facet and value. */
function buildFacets(box, facets, chosen, strings, changed) {
  const boxes = {};
  let n = 0;
  for (const key of FACETS) {
    const values = Object.keys(facets[key]).sort(key === 'year' ? (a, b) => b.localeCompare(a) : (a, b) => a.localeCompare(b, strings.lang));
    if (!values.length) continue;
    const set = document.createElement('fieldset');
    set.className = 'search-facet';
    const legend = document.createElement('legend');
    legend.textContent = strings[key];
    set.append(legend);
    boxes[key] = {};
    for (const value of values) {
      const id = `search-f${n++}`;
      const row = document.createElement('div');
      row.className = 'search-facet-option';
      const check = document.createElement('input');
      check.type = 'checkbox';
      check.id = id;
      check.name = key;
      check.value = value;
      check.checked = chosen[key].has(value);
      check.addEventListener('change', () => {
        if (check.checked) chosen[key].add(value);
        else chosen[key].delete(value);
        changed();
      });
      const label = document.createElement('label');
      label.htmlFor = id;
      const name = document.createElement('span');
      name.textContent = value;
      const count = document.createElement('span');
      count.className = 'search-count';
      label.append(name, ' ', count);
      row.append(check, label);
      set.append(row);
      boxes[key][value] = { count, total: facets[key][value].length };
    }
    box.append(set);
  }
  updateCounts(boxes, null);
  return boxes;
}

/** Shows how many results each facet value would give: of the current search, or of all briefs. */
function updateCounts(boxes, counts) {
  for (const [key, values] of Object.entries(boxes)) {
    for (const [value, { count, total }] of Object.entries(values)) {
      const n = counts ? counts[key][value] || 0 : total;
      count.textContent = `(${n})`;
    }
  }
}

// Last, once every class and constant above is defined.
const app = document.getElementById('search-app');
if (app) searchPage(app);
