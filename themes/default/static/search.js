// dossier's search page (search/): asks the index the build wrote to pagefind/ and narrows
// the results by region, initiative, tag and year. It is the only script of the site. The
// header's search box on other pages is a plain form that leads here; without JavaScript the
// header shows a link to the list of briefs instead, and this page says where to browse.
//
// The query and the chosen facets live in the page's address (?q=tumen&region=Jilin), so a
// search can be bookmarked, shared and gone back to. Nothing from the index is put into the
// page as HTML: results are built from text nodes, and an excerpt keeps only its <mark>s.

/** The facets, in the order they are shown, with their legends. */
const FACETS = [
  ['region', 'Region'],
  ['initiative', 'Initiative'],
  ['year', 'Year'],
  ['tag', 'Tag'],
];

const app = document.getElementById('search-app');
if (app) searchPage(app);

async function searchPage(app) {
  const input = document.getElementById('search-q');
  const form = document.getElementById('search-form');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const facetsBox = document.getElementById('search-facets');
  for (const el of app.querySelectorAll('[data-needs-js]')) el.hidden = false;

  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  const chosen = Object.fromEntries(FACETS.map(([key]) => [key, new Set(params.getAll(key))]));

  let pagefind;
  try {
    pagefind = await import(app.dataset.pagefind);
    await pagefind.options({ baseUrl: app.dataset.base, excerptLength: 24 });
    pagefind.init();
  } catch (e) {
    status.textContent = 'The search index could not be loaded. Browse the list of all briefs instead.';
    return;
  }
  const totals = await pagefind.filters();
  const boxes = buildFacets(facetsBox, totals, chosen, () => run(true));
  // Open beside the results on a wide screen; folded above them on a phone unless in use.
  const anyChosen = FACETS.some(([key]) => chosen[key].size);
  document.getElementById('search-filters').open = anyChosen || matchMedia('(min-width: 48rem)').matches;

  let latest = 0;
  async function run(remember) {
    const ticket = ++latest;
    const term = input.value.trim();
    const filters = {};
    for (const [key] of FACETS) if (chosen[key].size) filters[key] = { any: [...chosen[key]] };
    if (remember) rememberInAddress(term);
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = 'Type a word, or choose a region, initiative, year or tag.';
      updateCounts(boxes, null);
      return;
    }
    const search = term
      ? await pagefind.search(term, { filters })
      : await pagefind.search(null, { filters, sort: { date: 'desc' } });
    if (ticket !== latest || !search) return;
    const shown = search.results.slice(0, 20);
    const data = await Promise.all(shown.map((r) => r.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...data.map(resultItem));
    const n = search.results.length;
    const what = term ? `for “${term}”` : 'for the chosen filters';
    status.textContent =
      n === 0
        ? `No briefs found ${what}.`
        : `${n} brief${n === 1 ? '' : 's'} found ${what}${n > shown.length ? `, the first ${shown.length} shown` : ''}.`;
    updateCounts(boxes, search.filters);
  }

  function rememberInAddress(term) {
    const next = new URLSearchParams();
    if (term) next.set('q', term);
    for (const [key] of FACETS) for (const v of [...chosen[key]].sort()) next.append(key, v);
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

/** A fieldset of checkboxes per facet that has values; returns the boxes by facet and value. */
function buildFacets(box, totals, chosen, changed) {
  const boxes = {};
  let n = 0;
  for (const [key, legendText] of FACETS) {
    const values = Object.keys(totals[key] || {}).sort(key === 'year' ? (a, b) => b.localeCompare(a) : (a, b) => a.localeCompare(b));
    if (!values.length) continue;
    const set = document.createElement('fieldset');
    set.className = 'search-facet';
    const legend = document.createElement('legend');
    legend.textContent = legendText;
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
      boxes[key][value] = { count, total: totals[key][value] };
    }
    box.append(set);
  }
  updateCounts(boxes, null);
  return boxes;
}

/** Shows how many results each facet value would have: of the current search, or of all briefs. */
function updateCounts(boxes, counts) {
  for (const [key, values] of Object.entries(boxes)) {
    for (const [value, { count, total }] of Object.entries(values)) {
      const n = counts ? (counts[key] || {})[value] || 0 : total;
      count.textContent = `(${n})`;
    }
  }
}

function resultItem(data) {
  const li = document.createElement('li');
  li.className = 'search-result';
  const h = document.createElement('h2');
  h.className = 'search-result-title';
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h.append(a);
  const meta = document.createElement('p');
  meta.className = 'search-result-meta';
  meta.textContent = [data.meta.date, data.meta.regions].filter(Boolean).join(' · ');
  const excerpt = document.createElement('p');
  excerpt.className = 'search-result-excerpt';
  excerpt.append(...marked(data.excerpt || ''));
  li.append(h, meta, excerpt);
  return li;
}

/** The nodes of an excerpt: its text, and its <mark>s as marks; any other markup as text. */
function marked(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return [...doc.body.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}
