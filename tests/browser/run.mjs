// Browser checks of dossier's default theme on built sites: valid HTML (Nu Html Checker),
// accessibility (axe-core and keyboard checks), chart layout at three widths, charts for
// readers (whole labels, 12 px text on phones, 3:1 series colours, light and dark), console errors
// and failed requests (also under a sub-path base URL), print to PDF, and page weight.
//
// Run through `DOSSIER_BROWSER_TESTS=1 cargo test` (tests/browser.rs builds the sites and
// passes them here). By hand:
//
//   node run.mjs --report DIR --site root DIR URL --site sub DIR URL --site gallery DIR URL
//
// `root` is the sample site built with a root base URL, `sub` the same site under a sub-path
// (`http://127.0.0.1:PORT/northeast-briefs/`), `gallery` tests/fixtures/gallery (a brief
// with a chart of every type, one of realistic data, and two regions that gather them). This script serves each on 127.0.0.1 at its URL's port.
// Env: CHROMIUM (default /usr/bin/chromium), ONLY (run checks whose name contains it).
// Ends with the line `N passed, N failed`; exit code 1 on any failure.

import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WIDTHS = [360, 768, 1280];
const WEIGHT_LIMIT = 200 * 1000; // bytes: HTML + CSS + images of a brief with three charts
// WCAG 2.0/2.1 level A and AA, plus axe's best practices (landmarks, one h1, heading order,
// skip link target, ...). No rule is switched off.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

// ---------- Arguments ----------

function parseArgs(argv) {
  const out = { sites: {}, report: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--site') {
      const [name, dir, url] = argv.slice(i + 1, i + 4);
      out.sites[name] = { name, dir: path.resolve(dir), url: new URL(url) };
      i += 3;
    } else if (argv[i] === '--report') {
      out.report = path.resolve(argv[++i]);
    } else {
      throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  for (const name of ['root', 'sub', 'gallery']) {
    if (!out.sites[name]) throw new Error(`missing --site ${name} DIR URL`);
  }
  if (!out.report) throw new Error('missing --report DIR');
  return out;
}

// ---------- A tiny harness ----------

const results = [];
const only = process.env.ONLY;

async function check(name, fn) {
  if (only && !name.includes(only)) return;
  const t0 = Date.now();
  try {
    const note = await fn();
    const ms = Date.now() - t0;
    results.push({ name, ok: true, ms });
    console.log(`ok      ${name}${note ? ` — ${note}` : ''} (${(ms / 1000).toFixed(1)} s)`);
  } catch (e) {
    const ms = Date.now() - t0;
    results.push({ name, ok: false, ms });
    console.log(`FAILED  ${name} (${(ms / 1000).toFixed(1)} s)`);
    console.log(indent(e && e.stack && !e.problems ? e.stack : String(e.message || e)));
  }
}

function group(title) {
  if (!only) console.log(`\n== ${title}`);
}

function indent(s) {
  return String(s)
    .split('\n')
    .map((l) => `        ${l}`)
    .join('\n');
}

/** Throws listing every problem, if there are any. */
function expectNone(problems, what) {
  if (problems.length) {
    const e = new Error(`${problems.length} ${what}:\n${problems.slice(0, 60).join('\n')}${problems.length > 60 ? '\n…' : ''}`);
    e.problems = problems;
    throw e;
  }
}

// ---------- Static server (loopback only) ----------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves `site.dir` under the path of `site.url`, like GitHub Pages: directories answer with
 * their index.html (a directory without its slash is redirected), anything missing with the
 * site's 404.html and status 404. */
function serve(site) {
  const base = site.url.pathname; // ends with '/'
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, site.url);
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const notFound = () => {
      const page = path.join(site.dir, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(page));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!pathname.startsWith(base)) return notFound();
    let file = path.join(site.dir, pathname.slice(base.length));
    if (!file.startsWith(site.dir)) return notFound();
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat || !stat.isFile()) return notFound();
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(site.url.port), '127.0.0.1', () => resolve(server));
  });
}

// ---------- The pages of a site ----------

/** Every HTML page of a built site with its page type, from the files on disk. */
function pagesOf(site) {
  const pages = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) pages.push(path.relative(site.dir, p).split(path.sep).join('/'));
    }
  };
  walk(site.dir);
  return pages.sort().map((rel) => {
    const route = rel === '404.html' ? '404.html' : rel.replace(/index\.html$/, '');
    return { rel, route, type: pageType(route), url: new URL(route, site.url).href };
  });
}

function pageType(route) {
  if (route === '') return 'home';
  if (route === '404.html') return '404';
  if (route === 'search/') return 'search';
  if (route === 'references/') return 'references';
  // The later pages of a list (`briefs/page/2/`) are of the list's type.
  const [section, slug] = route.replace(/(^|\/)page\/\d+\/$/, '$1').split('/');
  const single = { briefs: 'brief', regions: 'region', initiatives: 'initiative', tags: 'tag', authors: 'author' }[section];
  // Anything else is a standalone page of pages/ (About, Methodology).
  if (!single) return 'page';
  return slug ? single : `${single}s list`;
}

/** One page per type: the richest one where there is a choice. */
const SHOWCASE = {
  home: '',
  brief: 'briefs/jilin-trade-decline/',
  'briefs list': 'briefs/',
  region: 'regions/jilin/',
  'regions list': 'regions/',
  initiative: 'initiatives/gti/',
  'initiatives list': 'initiatives/',
  tag: 'tags/northeast-asia/',
  'tags list': 'tags/',
  author: 'authors/mei-lin/',
  'authors list': 'authors/',
  page: 'methodology/',
  references: 'references/',
  404: 'no/such/page/', // a missing URL, served the 404 page as GitHub Pages does
};

function slugOf(type) {
  return type.replace(/ /g, '-');
}

// ---------- Browser helpers ----------

/** Opens `url`, recording console errors, page errors and failed requests. */
async function open(page, url, { expectStatus = 200 } = {}) {
  const problems = [];
  const onConsole = (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    // Chromium logs the 404 status of a page asked for on purpose (the 404 tests) as an error.
    if (expectStatus === 404 && m.location().url === url && /status of 404/.test(m.text())) return;
    problems.push(`console ${m.type()}: ${m.text()} (${m.location().url || 'no url'})`);
  };
  const onError = (e) => problems.push(`page error: ${e.message}`);
  const onFailed = (r) => {
    // The icon is fetched a moment after `load`; going on to the next page may abort that
    // fetch. An aborted icon is no fault (its URL is checked to answer 200 by the link check).
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && /\/favicon\.svg$/.test(r.url())) return;
    // The search page loads the index after `load`, out of sight of the wait below; the next
    // page aborts it. The index's files are checked to load by the search checks.
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && /\/search-index\//.test(r.url())) return;
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  };
  const onResponse = (r) => {
    const isDoc = r.request().isNavigationRequest() && r.request().frame() === page.mainFrame();
    const want = isDoc ? expectStatus : 200;
    if (r.status() !== want && !(r.status() >= 300 && r.status() < 400)) problems.push(`HTTP ${r.status()} (want ${want}): ${r.url()}`);
  };
  // Requests still in flight: the icon is fetched after `load`, and leaving the page early
  // would abort it (and hide its failure), so every request is waited for.
  const pending = new Set();
  const onRequest = (r) => pending.add(r);
  const onDone = (r) => pending.delete(r);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  try {
    await page.goto(url, { waitUntil: 'load' });
    // Bring lazy images in: scroll to the end and wait for every image.
    await page.evaluate(async () => {
      for (const img of document.images) img.loading = 'eager';
      window.scrollTo(0, document.documentElement.scrollHeight);
      await Promise.all([...document.images].map((i) => (i.complete ? null : new Promise((r) => (i.onload = i.onerror = r)))));
      window.scrollTo(0, 0);
    });
    for (let waited = 0; pending.size && waited < 10000; waited += 25) await new Promise((r) => setTimeout(r, 25));
    for (const r of pending) problems.push(`request never finished: ${r.url()}`);
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  }
  return problems;
}

async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  const page = await context.newPage();
  return { context, page };
}

// ---------- Checks ----------

async function checkVnu(sites) {
  group('Valid HTML, SVG and CSS: Nu Html Checker (vnu-jar)');
  await check('vnu: every HTML page (inline SVG charts included), standalone chart SVG and CSS file of all three builds', async () => {
    const jar = path.join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');
    const dirs = Object.values(sites).map((s) => s.dir);
    // --also-check-svg/css: .svg files against vnu's SVG schema (SVG 1.1 extended with ARIA:
    // role and aria-labelledby on the root are accepted, so no exception is needed) and .css
    // files; --skip-non-html leaves out feeds, sitemaps, CSV and robots.txt.
    const r = spawnSync(
      'java',
      ['-jar', jar, '--errors-only', '--format', 'json', '--verbose', '--skip-non-html', '--also-check-svg', '--also-check-css', ...dirs],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    if (r.error) throw r.error;
    // --verbose names each file as it goes; the JSON report is the line that starts with {.
    const json = (r.stdout + '\n' + r.stderr).split('\n').find((l) => l.startsWith('{"'));
    if (!json) throw new Error(`no report from vnu (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
    const out = JSON.parse(json);
    const problems = out.messages.map((m) => `${m.type}: ${m.url.replace('file:', '')}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, '⏎')}` : ''}`);
    expectNone(problems, 'vnu errors');
    // Make sure it looked at what we think it did.
    const checked = (r.stderr + r.stdout).split('\n').filter((l) => /\.(html|svg|css)$/.test(l.trim()));
    const count = (ext) => checked.filter((l) => l.trim().endsWith(ext)).length;
    const expected = dirs.flatMap((d) => walkFiles(d)).filter((f) => /\.(html|svg|css)$/.test(f)).length;
    if (checked.length < expected) throw new Error(`vnu checked ${checked.length} files, the builds hold ${expected}`);
    return `0 errors in ${count('.html')} HTML, ${count('.svg')} SVG, ${count('.css')} CSS files`;
  });
}

function walkFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

async function checkAxe(browser, site) {
  group('Accessible: axe-core (WCAG 2.1 A and AA, best practices), light and dark');
  const axeSource = fs.readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const axeVersion = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules/axe-core/package.json'), 'utf8')).version;
  const pages = pagesOf(site);
  const types = [...new Set(pages.map((p) => p.type))];
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await newPage(browser, { colorScheme: scheme });
    for (const type of types) {
      const list = pages.filter((p) => p.type === type);
      await check(`axe ${axeVersion}, ${scheme}: ${type} (${list.length} page${list.length > 1 ? 's' : ''})`, async () => {
        const problems = [];
        for (const p of list) {
          await page.goto(p.url, { waitUntil: 'load' });
          // Open every chart's data table so that its contents are checked too.
          await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
          await page.evaluate(axeSource);
          const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
          for (const v of result.violations) {
            for (const n of v.nodes) problems.push(`/${p.route}: ${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\n/g, ' ')}`);
          }
        }
        expectNone(problems, 'axe violations');
      });
    }
    await context.close();
  }
}

/** Landmarks, skip link, one h1, visible focus and keyboard-reachable chart data, on one page
 * of each type (and the one-h1 and landmark rules on every page). */
async function checkKeyboard(browser, site) {
  group('Accessible: landmarks, skip link, one h1, visible focus, keyboard disclosure of chart data');
  const pages = pagesOf(site);
  const { context, page } = await newPage(browser);
  await check(`every page (${pages.length}) has one h1, one main, one banner, one contentinfo, a named main nav, a skip link to main, an icon, and each chart's data in a disclosure`, async () => {
    const problems = [];
    for (const p of pages) {
      await page.goto(p.url, { waitUntil: 'load' });
      const facts = await page.evaluate(() => ({
        h1: document.querySelectorAll('h1').length,
        main: document.querySelectorAll('main, [role=main]').length,
        mainId: document.querySelector('main')?.id,
        banner: [...document.querySelectorAll('header')].filter((h) => !h.closest('article, aside, main, nav, section')).length,
        contentinfo: [...document.querySelectorAll('footer')].filter((h) => !h.closest('article, aside, main, nav, section')).length,
        nav: document.querySelectorAll('nav[aria-label="Main"]').length,
        skip: document.querySelector('body > a.skip-link')?.getAttribute('href'),
        firstLink: document.querySelector('body a')?.className,
        lang: document.documentElement.lang,
        title: document.title,
        // Without a declared icon a browser asks for /favicon.ico at the domain root: a failed
        // request on every page, outside the site when it lives under a sub-path.
        icon: document.querySelectorAll('link[rel~="icon"]').length,
        // Each drawn chart keeps its data table in a disclosure that the keyboard can open.
        chartsWithoutData: [...document.querySelectorAll('figure.chart')]
          .filter((f) => f.querySelector('svg'))
          .filter((f) => {
            const summary = f.querySelector('details.chart-data > summary');
            const wrap = f.querySelector('details.chart-data > .table-wrap[tabindex="0"][role="region"][aria-labelledby]');
            return !(summary && summary.tabIndex >= 0 && wrap && wrap.querySelector('table'));
          })
          .map((f) => f.id),
      }));
      if (facts.chartsWithoutData.length) problems.push(`/${p.route}: charts without a keyboard disclosure of their data: ${facts.chartsWithoutData.join(', ')}`);
      delete facts.chartsWithoutData;
      const want = { h1: 1, main: 1, mainId: 'main', banner: 1, contentinfo: 1, nav: 1, skip: '#main', firstLink: 'skip-link', icon: 1 };
      for (const [k, v] of Object.entries(want)) if (facts[k] !== v) problems.push(`/${p.route}: ${k} is ${JSON.stringify(facts[k])}, want ${JSON.stringify(v)}`);
      if (!facts.lang) problems.push(`/${p.route}: no lang`);
      if (!facts.title) problems.push(`/${p.route}: no title`);
    }
    expectNone(problems, 'structure problems');
  });

  for (const [type, route] of Object.entries(SHOWCASE)) {
    const url = new URL(route, site.url).href;
    await check(`keyboard, ${type} /${route}: skip link first and visible, every tab stop shows focus, chart data opens from the keyboard`, async () => {
      const problems = [];
      await page.goto(url, { waitUntil: 'load' });
      // 1. The first Tab lands on the skip link, which shows on screen; Enter moves into main.
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const a = document.activeElement;
        const r = a.getBoundingClientRect();
        return { cls: a.className, top: r.top, bottom: r.bottom, w: r.width, inView: r.top >= 0 && r.bottom <= innerHeight && r.width > 0 };
      });
      if (skip.cls !== 'skip-link') problems.push(`first Tab focuses .${skip.cls}, not the skip link`);
      else if (!skip.inView) problems.push(`the focused skip link is not on screen: ${JSON.stringify(skip)}`);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      const after = await page.evaluate(() => ({ hash: location.hash, inMain: !!document.activeElement.closest('main') }));
      if (after.hash !== '#main' || !after.inMain) problems.push(`after the skip link, focus is not in main: ${JSON.stringify(after)}`);

      // 2. Walk every tab stop from the top: each must show a focus indicator.
      await page.goto(url, { waitUntil: 'load' });
      const seen = [];
      for (let i = 0; i < 400; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return null;
          const s = getComputedStyle(a);
          const r = a.getBoundingClientRect();
          const label = `${a.tagName.toLowerCase()}${a.className ? '.' + String(a.className).split(' ')[0] : ''} "${(a.textContent || '').trim().slice(0, 30)}"`;
          return {
            key: a.dataset.kbSeen || (a.dataset.kbSeen = String(Math.random())),
            label,
            tag: a.tagName.toLowerCase(),
            chartData: a.matches('details.chart-data > summary'),
            outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
            visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
          };
        });
        if (!f || seen.some((s) => s.key === f.key)) break;
        seen.push(f);
        if (!f.outline) problems.push(`no visible focus outline on ${f.label}`);
        if (!f.visible) problems.push(`focused element not on screen: ${f.label}`);
      }
      if (seen.length < 6) problems.push(`only ${seen.length} tab stops`);

      // 3. Each chart's data table: its summary is a tab stop; Enter opens it, and the next Tab
      //    reaches the (scrollable, named) table region, which is visible.
      const summaries = await page.locator('details.chart-data > summary').count();
      const reached = seen.filter((s) => s.chartData).length;
      if (reached !== summaries) problems.push(`${reached} of ${summaries} chart data disclosures reachable with Tab`);
      for (let i = 0; i < summaries; i++) {
        const summary = page.locator('details.chart-data > summary').nth(i);
        await summary.focus();
        await page.keyboard.press('Enter');
        const open = await summary.evaluate((s) => s.parentElement.open);
        await page.keyboard.press('Tab');
        const next = await page.evaluate(() => {
          const a = document.activeElement;
          const r = a.getBoundingClientRect();
          return { wrap: a.matches('details[open] > .table-wrap'), name: a.getAttribute('aria-labelledby'), h: r.height, rows: a.querySelectorAll('tbody tr').length };
        });
        if (!open) problems.push(`chart data ${i + 1}: Enter does not open it`);
        if (!next.wrap || !next.name || next.h <= 0 || next.rows === 0) problems.push(`chart data ${i + 1}: Tab after opening does not reach a visible, named table: ${JSON.stringify(next)}`);
        await summary.focus();
        await page.keyboard.press('Space');
        if (await summary.evaluate((s) => s.parentElement.open)) problems.push(`chart data ${i + 1}: Space does not close it`);
      }
      expectNone(problems, 'keyboard problems');
      return `${seen.length} tab stops, ${summaries} chart data tables`;
    });
  }
  await context.close();
}

/** Text in an SVG chart must meet WCAG contrast (axe does not look inside SVG). */
async function checkChartContrast(browser, site) {
  group('Accessible: contrast of text inside charts (axe-core skips SVG text)');
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await newPage(browser, { colorScheme: scheme });
    await check(`chart text contrast >= 4.5:1, ${scheme}, every chart of ${site.name}`, async () => {
      const problems = [];
      let n = 0;
      for (const p of pagesOf(site).filter((p) => ['brief', 'region', 'initiative'].includes(p.type))) {
        await page.goto(p.url, { waitUntil: 'load' });
        const found = await page.evaluate(contrastInPage, 'svg.dc-chart text');
        n += found.count;
        problems.push(...found.problems.map((x) => `/${p.route}: ${x}`));
      }
      // Every series' direct label, whether or not the site uses it: the shades in chart.css.
      await page.evaluate(() => {
        const fig = document.querySelector('.chart-svg') || document.querySelector('main');
        const labels = [1, 2, 3, 4, 5, 6].map((i) => `<text class="dc-lab dc-s${i}" x="10" y="${i * 24}" font-size="22">Series ${i}</text>`);
        fig.insertAdjacentHTML('beforeend', `<svg class="dc-chart dc-probe" viewBox="0 0 640 220">${labels.join('')}</svg>`);
      });
      const probe = await page.evaluate(contrastInPage, 'svg.dc-probe text');
      if (probe.count < 6) problems.push(`the label probe found ${probe.count} labels`);
      problems.push(...probe.problems.map((x) => `chart.css direct label shade: ${x}`));
      expectNone(problems, 'low-contrast chart texts');
      return `${n} texts, and the 6 direct-label shades`;
    });
    await context.close();
  }
}

/* Runs in the page. */
function contrastInPage(selector = 'svg.dc-chart text') {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const problems = [];
  let count = 0;
  for (const t of document.querySelectorAll(selector)) {
    if (!t.textContent.trim()) continue;
    count++;
    const s = getComputedStyle(t);
    const fg = parse(s.fill);
    if (!fg) continue;
    // A value written inside a bar segment is read against that bar's colour.
    const series = t.classList.contains('dc-in') && [...t.classList].find((c) => /^dc-s\d+$/.test(c));
    const bar = series && t.closest('svg').querySelector(`.dc-bar.${series}`);
    const bg = bar ? parse(getComputedStyle(bar).fill) : background(t.closest('svg').parentElement);
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    // Chart text is drawn at 20 to 26 user units, about 11 to 14 CSS px on a phone: normal text.
    if (ratio < 4.5) problems.push(`${ratio.toFixed(2)}:1 "${t.textContent.trim().slice(0, 30)}" (${t.getAttribute('class')}) fill ${s.fill} on ${JSON.stringify(bg)}`);
  }
  return { count, problems: [...new Set(problems)] };
}

/** Every chart visible and inside the viewport at three widths; no two texts of a chart overlap;
 * no page scrolls sideways at 360 px. */
async function checkLayout(browser, sites) {
  group('Charts at 360, 768 and 1280 px; no horizontal scrolling');
  for (const width of WIDTHS) {
    const { context, page } = await newPage(browser, { viewport: { width, height: 800 } });
    for (const site of [sites.root, sites.gallery]) {
      const pages = pagesOf(site);
      await check(`${width} px, ${site.name}: every chart visible and within the width, no overlapping chart text, no sideways scroll (${pages.length} pages)`, async () => {
        const problems = [];
        let charts = 0;
        for (const p of pages) {
          await open(page, p.url, { expectStatus: 200 });
          const found = await page.evaluate(layoutInPage);
          charts += found.charts;
          problems.push(...found.problems.map((x) => `/${p.route}: ${x}`));
        }
        expectNone(problems, 'layout problems');
        return `${charts} charts`;
      });
    }
    await context.close();
  }
  // The standalone SVG files (shown as thumbnails through <img>) have their own fixed layout.
  const { context, page } = await newPage(browser, { viewport: { width: 800, height: 700 } });
  for (const site of [sites.root, sites.gallery]) {
    const files = fs.readdirSync(path.join(site.dir, 'charts')).filter((f) => f.endsWith('.svg'));
    await check(`standalone chart SVG files of ${site.name}: no overlapping text, text inside the picture (${files.length} files)`, async () => {
      const problems = [];
      for (const f of files) {
        await page.goto(new URL(`charts/${f}`, site.url).href, { waitUntil: 'load' });
        const found = await page.evaluate(layoutInPage);
        problems.push(...found.problems.map((x) => `charts/${f}: ${x}`));
      }
      expectNone(problems, 'problems');
    });
  }
  await context.close();
}

/* Runs in the page (or in a standalone SVG document). */
function layoutInPage() {
  const EPS = 0.5; // px of overlap tolerated between two text boxes
  const problems = [];
  const doc = document.documentElement;
  const vw = window.innerWidth;
  if (doc.scrollWidth > vw + 1) {
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > vw + 1 && !e.closest('.table-wrap, .vh'))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') || ''}`);
    problems.push(`page scrolls sideways: ${doc.scrollWidth} px wide in ${vw} px (${wide.join(', ')})`);
  }
  // Each inline chart has two layouts (dc-wide, dc-narrow) of which CSS shows one: check that one.
  const svgs = doc.tagName.toLowerCase() === 'svg'
    ? [doc]
    : [...document.querySelectorAll('svg.dc-chart, .chart-thumb img')].filter((e) => e.tagName === 'IMG' || getComputedStyle(e).display !== 'none');
  const pairs = [...document.querySelectorAll('.chart-svg')].filter((d) => d.querySelector('svg.dc-chart'));
  for (const d of pairs) {
    const shown = [...d.querySelectorAll('svg.dc-chart')].filter((e) => getComputedStyle(e).display !== 'none');
    if (shown.length !== 1) problems.push(`${d.closest('figure')?.id}: ${shown.length} chart layouts shown instead of one`);
  }
  for (const [i, el] of svgs.entries()) {
    const name = el.tagName === 'IMG' ? `thumbnail ${el.getAttribute('src').split('/').pop()}` : `chart ${el.querySelector('title')?.id || i + 1}`;
    const box = el.getBoundingClientRect();
    const scrollX = window.scrollX;
    if (el !== doc) {
      if (!(box.width > 50 && box.height > 50)) problems.push(`${name} is ${box.width}×${box.height}`);
      if (box.left + scrollX < -0.5 || box.right + scrollX > vw + 0.5) problems.push(`${name} spans x ${box.left.toFixed(1)}..${box.right.toFixed(1)}, outside 0..${vw}`);
      if (el.tagName === 'IMG' && !(el.complete && el.naturalWidth > 0)) problems.push(`${name} did not load`);
      if (getComputedStyle(el).visibility === 'hidden' || getComputedStyle(el).display === 'none') problems.push(`${name} is hidden`);
    }
    if (el.tagName === 'IMG') continue;
    const frame = el === doc ? { left: 0, top: 0, right: el.width.baseVal.value, bottom: el.height.baseVal.value } : box;
    const texts = [...el.querySelectorAll('text')]
      .filter((t) => t.textContent.trim())
      .map((t) => ({ t: t.textContent.trim(), r: t.getBoundingClientRect() }));
    for (const { t, r } of texts) {
      if (r.width <= 0 || r.height <= 0) problems.push(`${name}: text "${t}" has no size`);
      if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)
        problems.push(`${name}: text "${t}" sticks out of the chart (${r.left.toFixed(1)}..${r.right.toFixed(1)} × ${r.top.toFixed(1)}..${r.bottom.toFixed(1)} in ${frame.left.toFixed(1)}..${frame.right.toFixed(1)} × ${frame.top.toFixed(1)}..${frame.bottom.toFixed(1)})`);
    }
    for (let a = 0; a < texts.length; a++) {
      for (let b = a + 1; b < texts.length; b++) {
        const p = texts[a].r;
        const q = texts[b].r;
        const ox = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const oy = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (ox > EPS && oy > EPS) problems.push(`${name}: "${texts[a].t}" overlaps "${texts[b].t}" by ${ox.toFixed(1)}×${oy.toFixed(1)} px`);
      }
    }
  }
  return { charts: svgs.length, problems };
}

/** Issue 12 on the charts a reader sees, at 360 and 1280 px, light and dark: every category
 * label whole (wrapped or not, never "…"), no overlapping chart text, no chart text below 12 CSS
 * px at 360 px, and every series colour at least 3:1 against the background. */
async function checkChartsForReaders(browser, sites) {
  group('Charts for readers (issue 12): whole labels, no overlap, 12 px text on phones, 3:1 series colours');
  for (const scheme of ['light', 'dark']) {
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(browser, { viewport: { width, height: 800 }, colorScheme: scheme });
      for (const site of [sites.root, sites.gallery]) {
        const pages = pagesOf(site).filter((p) => ['brief', 'region', 'initiative'].includes(p.type));
        await check(`${scheme}, ${width} px, ${site.name}: category labels whole, no overlap, text >= ${width <= 400 ? 12 : 0} px, series >= 3:1 (${pages.length} pages)`, async () => {
          const problems = [];
          const n = { charts: 0, labels: 0, marks: 0, hatches: 0 };
          for (const p of pages) {
            await open(page, p.url, { expectStatus: 200 });
            const found = await page.evaluate(readersInPage, width <= 400 ? 12 : 0);
            const layout = await page.evaluate(layoutInPage);
            for (const k of Object.keys(n)) n[k] += found[k];
            problems.push(...[...found.problems, ...layout.problems].map((x) => `/${p.route}: ${x}`));
          }
          if (site === sites.gallery && n.labels < 20) problems.push(`only ${n.labels} category labels checked`);
          if (site === sites.gallery && !(n.hatches > 0)) problems.push('no hatched series checked');
          expectNone(problems, 'problems');
          return `${n.charts} charts, ${n.labels} category labels, ${n.marks} series marks`;
        });
      }
      await context.close();
    }
  }
}

/* Runs in the page. */
function readersInPage(minPx) {
  const problems = [];
  const n = { charts: 0, labels: 0, marks: 0, hatches: 0 };
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  const rgb = (c) => {
    const m = c && c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (x, y) => {
    const [a, b] = [lum(x), lum(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  for (const svg of document.querySelectorAll('svg.dc-chart')) {
    if (getComputedStyle(svg).display === 'none') continue;
    n.charts++;
    const fig = svg.closest('figure');
    const name = fig?.id || svg.querySelector('title')?.id;
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim());
    for (const t of texts) {
      if (t.textContent.includes('…')) problems.push(`${name}: text cut: "${t.textContent}"`);
      const px = parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a;
      if (px < minPx - 0.01) problems.push(`${name}: "${t.textContent.trim().slice(0, 30)}" is ${px.toFixed(1)} px`);
    }
    // Category charts: every row header of the figure's data table is drawn whole.
    if (fig && /dc-kind-(bar|hbar|stacked)\b/.test(svg.getAttribute('class'))) {
      const drawn = ' ' + squash(texts.filter((t) => t.classList.contains('dc-cat')).map((t) => t.textContent).join(' ')) + ' ';
      // Years are an ordered scale whose labels may be thinned; dates are drawn as the time
      // axis writes them ("Jan 2020" for 2020-01), which the Rust tests check.
      const numeric = [...fig.querySelectorAll('.data-table tbody th')].every((th) => /^\d{4}(-\d{2}(-\d{2})?|-Q[1-4])?$/.test(th.textContent.trim()));
      if (!numeric) {
        for (const th of fig.querySelectorAll('.data-table tbody th')) {
          n.labels++;
          const label = squash(th.textContent);
          if (!drawn.includes(` ${label} `)) problems.push(`${name}: category "${label}" is not drawn whole (drawn: ${drawn.slice(0, 120)})`);
        }
      }
    }
    const bg = background(svg.parentElement);
    // Series beyond the palette: hatched with a pattern of this chart's own <defs>, whose
    // marks are painted in the background colour in this scheme.
    for (const el of svg.querySelectorAll('.dc-hatch')) {
      n.hatches++;
      const id = (el.getAttribute('fill') || '').match(/^url\(#([^)]+)\)$/)?.[1];
      const pattern = id && svg.querySelector(`pattern[id="${id}"]`);
      if (!pattern) { problems.push(`${name}: hatching ${el.getAttribute('fill')} is not defined in the chart`); continue; }
      for (const mark of pattern.querySelectorAll('.dc-hatch-ink')) {
        const ink = rgb(getComputedStyle(mark).fill);
        if (!ink || ratio(ink, bg) > 1.1) problems.push(`${name}: hatching of ${id} is not in the background colour (${getComputedStyle(mark).fill})`);
      }
    }
    for (const el of svg.querySelectorAll('.dc-ln, .dc-edge, .dc-bar, .dc-sw, .dc-mk')) {
      n.marks++;
      const s = getComputedStyle(el);
      const paint = rgb(el.matches('.dc-ln, .dc-edge') ? s.stroke : s.fill);
      if (!paint) { problems.push(`${name}: ${el.getAttribute('class')} has no colour`); continue; }
      const r = ratio(paint, bg);
      if (r < 3) problems.push(`${name}: ${el.getAttribute('class')} ${r.toFixed(2)}:1 against ${JSON.stringify(bg)}`);
    }
  }
  return { ...n, problems: [...new Set(problems)] };
}

async function checkRequests(browser, sites) {
  group('No console errors or failed requests; every internal link resolves (root and sub-path builds)');
  const { context, page } = await newPage(browser);
  for (const site of [sites.root, sites.sub, sites.gallery]) {
    const pages = pagesOf(site);
    await check(`${site.url.href}: ${pages.length} pages load with no console error or warning, no failed or non-200 request`, async () => {
      const problems = [];
      for (const p of pages) {
        const found = await open(page, p.url, { expectStatus: 200 });
        problems.push(...found.map((x) => `/${p.route}: ${x}`));
      }
      // A missing URL gets the 404 page (status 404), whose styles and links still work at any depth.
      for (const missing of ['no-such-page', 'briefs/no/such/page/']) {
        const url = new URL(missing, site.url).href;
        const found = await open(page, url, { expectStatus: 404 });
        problems.push(...found.map((x) => `/${missing}: ${x}`));
        const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position === 'absolute');
        if (!styled) problems.push(`/${missing}: the 404 page is not styled`);
      }
      expectNone(problems, 'problems');
    });
    await check(`${site.url.href}: every same-origin link, image and stylesheet answers 200 and stays under ${site.url.pathname}`, async () => {
      const targets = new Map();
      for (const p of pages) {
        await page.goto(p.url, { waitUntil: 'domcontentloaded' });
        const urls = await page.evaluate(() =>
          [...document.querySelectorAll('a[href], link[href], img[src]')].map((e) => (e.href || e.src).toString()),
        );
        for (const u of urls) {
          const url = new URL(u);
          if (url.origin !== site.url.origin) continue;
          url.hash = '';
          if (!targets.has(url.href)) targets.set(url.href, p.route);
        }
      }
      const problems = [];
      for (const [u, from] of targets) {
        if (!new URL(u).pathname.startsWith(site.url.pathname)) problems.push(`/${from} links outside the site: ${u}`);
        const r = await context.request.get(u, { maxRedirects: 0 });
        if (r.status() !== 200) problems.push(`/${from} links to ${u}: HTTP ${r.status()}`);
        await r.dispose();
      }
      expectNone(problems, 'broken links');
      return `${targets.size} URLs`;
    });
  }
  await context.close();
}

async function checkPrint(browser, site, report) {
  group('Print: a brief printed to PDF from headless Chromium');
  const route = SHOWCASE.brief;
  const { context, page } = await newPage(browser);
  await page.goto(new URL(route, site.url).href, { waitUntil: 'load' });
  const facts = await page.evaluate(() => ({
    title: document.querySelector('h1').textContent.trim(),
    summary: document.querySelector('.summary p').textContent.trim(),
    figures: [...document.querySelectorAll('figure.chart')].map((f) => ({
      title: f.querySelector('.chart-title').textContent.trim(),
      source: f.querySelector('.chart-source')?.textContent.trim(),
      texts: [...f.querySelectorAll('svg text')].filter((t) => getComputedStyle(t.closest('svg')).display !== 'none').map((t) => t.textContent.trim()).filter(Boolean),
    })),
    external: [...document.querySelectorAll('main a[href^="http"]')].map((a) => a.href),
    nav: [...document.querySelectorAll('.site-nav a')].map((a) => a.textContent.trim()),
    toc: [...document.querySelectorAll('.toc a')].map((a) => a.textContent.trim()),
  }));
  for (const [format, range] of [
    ['A4', [3, 7]],
    ['Letter', [3, 7]],
  ]) {
    await check(`print /${route} on ${format}: ${range[0]}–${range[1]} pages, title and summary there, no nav or footer, figures whole, external URLs shown`, async () => {
      const problems = [];
      const pdf = path.join(report, `print-brief-${format.toLowerCase()}.pdf`);
      await page.emulateMedia({ media: 'print' });
      await page.pdf({ path: pdf, format, preferCSSPageSize: false });
      await page.emulateMedia({ media: 'screen' });
      const pages = Number(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m)[1]);
      if (pages < range[0] || pages > range[1]) problems.push(`${pages} pages`);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
      const byPage = text.split('\f').map(squash);
      const all = squash(text);
      // Case-blind: labels such as the navigation print in capitals (text-transform).
      const has = (s) => all.toLowerCase().includes(squash(s).toLowerCase());
      if (!has(facts.title)) problems.push(`the title is missing: ${facts.title}`);
      if (!has(facts.summary)) problems.push(`the summary is missing`);
      for (const gone of ['Skip to main content', 'Built with dossier', 'Published by', 'Download CSV', 'Data for figure', facts.nav.join(' ')]) {
        if (has(gone)) problems.push(`"${gone}" is printed`);
      }
      if (facts.toc.length < 3) problems.push('the brief has no table of contents to test');
      else if (has(facts.toc.join(' '))) problems.push('the table of contents is printed');
      if (!facts.external.length) problems.push('the brief has no external link to test');
      for (const u of facts.external) if (!all.replace(/ /g, '').includes(u.replace(/ /g, ''))) problems.push(`the URL of an external link is not printed: ${u}`);
      if (facts.figures.length < 3) problems.push(`only ${facts.figures.length} figures`);
      for (const f of facts.figures) {
        // A figure is whole when its caption, its source and every text drawn in its chart are on one page.
        const parts = [f.title, f.source, ...f.texts].filter(Boolean).map(squash);
        const pagesWithTitle = byPage.map((t, i) => (t.includes(squash(f.title)) ? i : -1)).filter((i) => i >= 0);
        if (!pagesWithTitle.length) problems.push(`figure "${f.title}" is not printed`);
        else if (!pagesWithTitle.some((i) => parts.every((x) => byPage[i].includes(x)))) {
          const missing = parts.filter((x) => !byPage[pagesWithTitle[0]].includes(x));
          problems.push(`figure "${f.title}" is split across pages (page ${pagesWithTitle[0] + 1} lacks ${missing.slice(0, 4).join(' | ')})`);
        }
      }
      expectNone(problems, 'print problems');
      return `${pages} pages, ${path.relative(process.cwd(), pdf)}`;
    });
  }
  await context.close();
}

function squash(s) {
  return String(s).replace(/[\u00ad]/g, '').replace(/-\n/g, '-').replace(/\s+/g, ' ').trim();
}

async function checkWeight(browser, sites) {
  group('Light weight: no JavaScript, HTML + CSS + images under 200 KB');
  const { context, page } = await newPage(browser);
  for (const [site, route] of [
    [sites.root, SHOWCASE.brief],
    [sites.gallery, 'briefs/gallery/'],
  ]) {
    await check(`${site.name} /${route}: at least 3 charts, no script, under ${WEIGHT_LIMIT / 1000} kB`, async () => {
      const problems = await open(page, new URL(route, site.url).href);
      const facts = await page.evaluate(() => {
        const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
        return {
          scripts: document.scripts.length,
          handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
          jsUrls: [...document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]')].length,
          charts: document.querySelectorAll('svg.dc-chart').length,
          resources: entries.map((e) => ({ name: e.name, type: e.initiatorType, bytes: e.transferSize || e.encodedBodySize })),
        };
      });
      if (facts.scripts) problems.push(`${facts.scripts} <script> elements`);
      if (facts.handlers) problems.push(`${facts.handlers} elements with inline event handlers`);
      if (facts.jsUrls) problems.push(`${facts.jsUrls} javascript: URLs`);
      if (facts.charts < 3) problems.push(`only ${facts.charts} charts`);
      const js = facts.resources.filter((r) => r.type === 'script' || /\.m?js(\?|$)/.test(r.name));
      if (js.length) problems.push(`scripts loaded: ${js.map((r) => r.name).join(', ')}`);
      const total = facts.resources.reduce((n, r) => n + r.bytes, 0);
      if (total >= WEIGHT_LIMIT) problems.push(`${total} bytes: ${facts.resources.map((r) => `${r.name.split('/').slice(-2).join('/')} ${r.bytes}`).join(', ')}`);
      expectNone(problems, 'weight problems');
      return `${facts.charts} charts, ${(total / 1000).toFixed(1)} kB in ${facts.resources.length} requests: ${facts.resources.map((r) => `${r.name.replace(site.url.href, '/')} ${(r.bytes / 1000).toFixed(1)}`).join(', ')}`;
    });
  }
  await context.close();
}

async function screenshots(browser, site, report) {
  group(`Screenshots: ${report}`);
  for (const scheme of ['light', 'dark']) {
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(browser, { viewport: { width, height: width < 500 ? 780 : 900 }, colorScheme: scheme });
      await check(`screenshots, ${scheme}, ${width} px: one full page of each type`, async () => {
        for (const [type, route] of Object.entries(SHOWCASE)) {
          await open(page, new URL(route, site.url).href, { expectStatus: type === '404' ? 404 : 200 });
          await page.screenshot({ path: path.join(report, `${slugOf(type)}-${width}-${scheme}.png`), fullPage: true });
        }
        return `${Object.keys(SHOWCASE).length} files`;
      });
      await context.close();
    }
  }
}

// ---------- Search ----------

/** Types `text` into the search page's box and waits for the status line to report on it. */
async function searchFor(page, text) {
  await page.fill('#search-q', '');
  await page.focus('#search-q');
  await page.keyboard.type(text);
  await page.waitForFunction((t) => document.getElementById('search-status').textContent.includes(`“${t}”`), text, { timeout: 10000 });
  return shownResults(page);
}

/** The results shown: title, link and the line of date and regions. */
function shownResults(page) {
  return page.$$eval('.search-result', (items) =>
    items.map((li) => ({ title: li.querySelector('a').textContent, href: li.querySelector('a').getAttribute('href'), meta: li.querySelector('.search-result-meta').textContent })),
  );
}

async function checkSearch(browser, sites, report) {
  group('Search: the index in a browser, its facets, under a sub-path, without JavaScript');
  for (const site of [sites.root, sites.sub]) {
    const { context, page } = await newPage(browser);
    const base = site.url.pathname;
    await check(`${site.url.href}: search finds a brief by a body word and by CJK words, and the region facet narrows the results`, async () => {
      const problems = await open(page, new URL('search/', site.url).href);
      expectNone(problems, 'problems loading the search page');
      await page.waitForSelector('#search-facets input[name="region"]');
      const want = (found, title, what) => {
        if (!found.some((r) => r.title === title)) throw new Error(`${what}: “${title}” not among ${JSON.stringify(found.map((r) => r.title))}`);
      };
      // "diaspora" is a word of the Rason brief's body only.
      const diaspora = await searchFor(page, 'diaspora');
      want(diaspora, 'Rason: thirty years of a market experiment', 'diaspora');
      if (diaspora.length !== 1) throw new Error(`diaspora: ${diaspora.length} results, want 1`);
      want(await searchFor(page, '吉林'), "Jilin's shrinking window on the world", '吉林');
      // Chinese is written without spaces: any part of a run of characters is found.
      want(await searchFor(page, '林省'), "Jilin's shrinking window on the world", '林省 (inside 吉林省)');
      const marked = await page.$$eval('.search-result-excerpt mark', (ms) => ms.map((m) => m.textContent));
      if (!marked.includes('林省')) throw new Error(`林省 is not marked in the excerpt: ${JSON.stringify(marked)}`);
      // A word is found by its beginning, and the excerpt marks the words found.
      want(await searchFor(page, 'diasp'), 'Rason: thirty years of a market experiment', 'diasp');
      const marks = await page.$$eval('.search-result-excerpt mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
      if (!marks.some((m) => m.startsWith('diaspora'))) throw new Error(`diaspora is not marked: ${JSON.stringify(marks)}`);
      want(await searchFor(page, '연변'), 'The Greater Tumen Initiative at thirty: reform at home, little regionalism abroad', '연변');
      const all = await searchFor(page, 'tumen');
      for (const r of all) if (!r.href.startsWith(`${base}briefs/`)) throw new Error(`result link ${r.href} is not under ${base}briefs/`);
      // Narrow by a region, from the keyboard: focus its checkbox and press space.
      await page.focus('#search-facets input[name="region"][value="Rason"]');
      await page.keyboard.press('Space');
      await page.waitForFunction((n) => document.querySelectorAll('.search-result').length < n, all.length, { timeout: 10000 });
      const narrowed = await shownResults(page);
      if (!narrowed.length || narrowed.some((r) => !r.meta.includes('Rason'))) throw new Error(`region Rason: ${JSON.stringify(narrowed)}`);
      const address = new URL(page.url());
      if (address.searchParams.get('q') !== 'tumen' || address.searchParams.get('region') !== 'Rason') throw new Error(`the address keeps the search: ${page.url()}`);
      // The address brings the same search back, and a result opens its brief.
      await page.goto(page.url());
      await page.waitForSelector('.search-result');
      if ((await shownResults(page)).length !== narrowed.length) throw new Error('reloading the address gives other results');
      const href = narrowed[0].href;
      const r = await context.request.get(new URL(href, site.url).href);
      if (r.status() !== 200) throw new Error(`${href}: HTTP ${r.status()}`);
      return `${all.length} results for “tumen”, ${narrowed.length} in Rason`;
    });
    await check(`${site.url.href}: the header's search box leads to the results`, async () => {
      await open(page, new URL('briefs/jilin-trade-decline/', site.url).href);
      await page.fill('#site-search-q', 'diaspora');
      await page.press('#site-search-q', 'Enter');
      await page.waitForSelector('.search-result');
      const found = await shownResults(page);
      if (found.length !== 1 || new URL(page.url()).pathname !== `${base}search/`) throw new Error(`${page.url()}: ${JSON.stringify(found)}`);
    });
    await context.close();
  }
  await check('without JavaScript: the header links to the list of briefs, the search page says where to browse', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    const site = sites.sub;
    await page.goto(new URL('briefs/jilin-trade-decline/', site.url).href);
    const header = await page.evaluate(() => ({
      form: getComputedStyle(document.querySelector('form.site-search')).display,
      link: document.querySelector('.site-search-link').getAttribute('href'),
      linkShown: getComputedStyle(document.querySelector('.site-search-link')).display !== 'none',
    }));
    if (header.form !== 'none' || !header.linkShown || header.link !== `${site.url.pathname}briefs/`) throw new Error(JSON.stringify(header));
    await page.goto(new URL('search/?q=tumen', site.url).href);
    const text = await page.evaluate(() => document.querySelector('.search-nojs').innerText);
    const hidden = await page.evaluate(() => document.querySelector('.search-layout').hidden);
    if (!/needs JavaScript/.test(text) || !hidden) throw new Error(`no-JS search page: ${text}`);
    await context.close();
  });
  const axeSource = fs.readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8');
  for (const scheme of ['light', 'dark']) {
    for (const width of [360, 1280]) {
      await check(`search page with results and a chosen facet, ${scheme}, ${width} px: no axe violation, focus visible; screenshot`, async () => {
        const { context, page } = await newPage(browser, { viewport: { width, height: 900 }, colorScheme: scheme });
        await page.goto(new URL('search/?q=tumen&region=Jilin', sites.root.url).href);
        await page.waitForSelector('.search-result');
        await page.evaluate(axeSource);
        const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
        const problems = result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\n/g, ' ')}`));
        // Every control of the page shows where the focus is.
        for (const selector of ['#search-q', '.search-button', '#search-filters > summary', '#search-facets input']) {
          await page.focus(selector);
          const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
          if (outline === 'none') problems.push(`${selector}: no visible focus`);
        }
        expectNone(problems, 'problems');
        await page.screenshot({ path: path.join(report, `search-${width}-${scheme}.png`), fullPage: true });
        await context.close();
      });
    }
  }
}

// ---------- Main ----------

async function main() {
  const t0 = Date.now();
  const { sites, report } = parseArgs(process.argv.slice(2));
  fs.rmSync(report, { recursive: true, force: true });
  fs.mkdirSync(report, { recursive: true });
  for (const [tool, args] of [
    ['java', ['-version']],
    ['pdftotext', ['-v']],
    ['pdfinfo', ['-v']],
  ]) {
    const r = spawnSync(tool, args);
    if (r.error) throw new Error(`${tool} is needed: ${r.error.message} (run bash .ci/run, or see docs/browser-tests.md)`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  const servers = await Promise.all(Object.values(sites).map(serve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  console.log(`Chromium ${browser.version()} at ${CHROMIUM}; sites: ${Object.values(sites).map((s) => `${s.name} ${s.url.href}`).join(', ')}`);
  console.log(`Screenshots and PDFs: ${report}`);
  try {
    await checkVnu(sites);
    await checkAxe(browser, sites.root);
    await checkKeyboard(browser, sites.root);
    await checkChartContrast(browser, sites.root);
    await checkChartContrast(browser, sites.gallery);
    await checkLayout(browser, sites);
    await checkChartsForReaders(browser, sites);
    await checkRequests(browser, sites);
    await checkPrint(browser, sites.root, report);
    await checkWeight(browser, sites);
    await checkSearch(browser, sites, report);
    await screenshots(browser, sites.root, report);
  } finally {
    await browser.close();
    for (const s of servers) s.close();
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\nbrowser suite: ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots and PDFs in ${report}`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed || !results.length ? 1 : 0;
}

// A hung browser must not hang CI: give up after 20 minutes.
setTimeout(() => {
  console.log('browser suite timed out after 20 minutes');
  console.log('0 passed, 1 failed');
  process.exit(1);
}, 20 * 60 * 1000).unref();

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
