// Drives Debian's Chromium over built pages for tests/a11y.rs and prints what
// it found as JSON; the Rust test decides what passes. Usage:
//   node probe.mjs plan.json
// plan.json: { "pages": [url, ...], "searches": [{ "url": search page url, "query": "...", "phone": bool }],
//              "nojs": [url, ...] }
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const PHONE = 375;
// Wider than the phone layout, whose tables become cards, and narrower than a KPI table.
const TABLET = 720;

const browser = await chromium.launch({
  executablePath: process.env.HYOKA_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});

// WCAG 2.0 level A and AA, which JIS X 8341-3:2016 adopts.
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

// Every address the page loads or links to, resolved by the browser.
function resources(page) {
  return page.evaluate(() => [
    ...[...document.querySelectorAll('a[href], link[href]')].map((e) => e.href),
    ...[...document.querySelectorAll('img[src], script[src]')].map((e) => e.src),
    ...[...document.querySelectorAll('form[action]')].map((e) => e.action),
  ]);
}

// Presses Tab until focus comes back round; reports what could not be reached
// and what showed no focus indicator when it was.
async function keyboard(page) {
  const expected = await page.evaluate(() => {
    const all = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])');
    let n = 0;
    for (const e of all) if (e.getClientRects().length) e.dataset.probe = String(n++);
    return n;
  });
  const reached = new Set();
  const unmarked = [];
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < expected + 5; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      return { id: e.dataset.probe, shown, what: e.outerHTML.slice(0, 120) };
    });
    if (!focus) continue;
    if (reached.has(focus.id)) break;
    reached.add(focus.id);
    if (!focus.shown) unmarked.push(focus.what);
  }
  const missed = await page.evaluate((ids) => [...document.querySelectorAll('[data-probe]')]
    .filter((e) => !ids.includes(e.dataset.probe)).map((e) => e.outerHTML.slice(0, 120)), [...reached]);
  return { focusable: expected, missed, unmarked };
}

// In print: is the navigation chrome gone, is every chart still drawn, and
// what is said on paper only (and not on screen)?
async function print(page) {
  const printOnlyText = () => [...document.querySelectorAll('.print-only')]
    .filter((e) => e.getClientRects().length > 0).map((e) => e.textContent);
  const onScreen = await page.evaluate(printOnlyText);
  await page.emulateMedia({ media: 'print' });
  const onPaper = await page.evaluate(printOnlyText);
  const result = await page.evaluate(() => {
    const shown = (e) => e.getClientRects().length > 0;
    return {
      chrome: [...document.querySelectorAll('.site-header nav, .site-search, .breadcrumbs, .skip-link')]
        .filter((e) => shown(e) && getComputedStyle(e).display !== 'none').map((e) => e.className || e.tagName),
      charts: document.querySelectorAll('svg.kpi-chart').length,
      // Drawn (it has paths and text), wide, and as tall as its 360 × 300 drawing scales to.
      chartsShown: [...document.querySelectorAll('svg.kpi-chart')].filter((e) => {
        const box = e.getBoundingClientRect();
        return e.querySelector('path') && e.querySelector('text') && box.width > 100
          && Math.abs(box.height / box.width - 300 / 360) < 0.02;
      }).length,
    };
  });
  await page.emulateMedia({ media: 'screen' });
  return { ...result, onScreen, onPaper };
}

// Each table's scrolling box: whether the table overflows it and whether it is
// a tab stop, read once a frame has passed, as the page's ResizeObserver answers before it.
async function scrollBoxes(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => [...document.querySelectorAll('.table-scroll')].map((e) => ({
    table: e.querySelector('caption').textContent,
    overflows: e.scrollWidth > e.clientWidth,
    tabindex: e.getAttribute('tabindex'),
    role: e.getAttribute('role'),
    named: e.hasAttribute('aria-labelledby') || e.hasAttribute('aria-label'),
  })));
}

async function probePage(url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(url);
  const result = { url, status: response.status() };
  result.scrollBoxes = await scrollBoxes(page);
  // Named sections and regions: the landmarks a screen reader lists.
  result.regions = await page.evaluate(() => [...document.querySelectorAll('section, [role=region]')]
    .filter((e) => e.hasAttribute('aria-labelledby') || e.hasAttribute('aria-label')).length);
  result.violations = await axe(page);
  result.resources = await resources(page);
  result.keyboard = await keyboard(page);
  result.print = await print(page);
  await page.setViewportSize({ width: TABLET, height: 800 });
  result.tabletScrollBoxes = await scrollBoxes(page);
  await page.setViewportSize({ width: PHONE, height: 800 });
  result.phoneScrollBoxes = await scrollBoxes(page);
  // What a screen reader is given for the first KPI table laid out as cards.
  const kpiTable = page.locator('.kpi-table').first();
  result.phoneKpiTable = (await kpiTable.count()) ? await kpiTable.ariaSnapshot() : null;
  result.phoneWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  result.phoneViolations = await axe(page);
  await page.close();
  return result;
}

// Runs a query the way a visitor does: through the header's search box on the
// first page, then typed into the search page's own box.
async function search({ url, query, phone }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.fill('#site-search-q', query);
  await page.press('#site-search-q', 'Enter');
  // The status of the search page, not the absence of one on the page still being left.
  await page.waitForFunction(() => Boolean(document.getElementById('search-status')?.textContent));
  const hits = await page.$$eval('#search-results a', (links) => links.map((a) => a.href));
  const status = await page.textContent('#search-status');
  const snippets = await page.$$eval('#search-results .search-snippet', (ps) => ps.map((p) => p.textContent));
  const marks = await page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
  await page.fill('#search-q', '');
  await page.fill('#search-q', query);
  await page.press('#search-q', 'Enter');
  const again = await page.$$eval('#search-results a', (links) => links.map((a) => a.href));
  const followed = await follow(page);
  await page.close();
  // For the searches planned so, the same click on a phone, where the tables are cards.
  let followedOnPhone = null;
  if (phone) {
    const small = await browser.newPage({ viewport: { width: PHONE, height: 800 } });
    await small.goto(url.replace(/[^/]*$/, '') + 'search/index.html?q=' + encodeURIComponent(query));
    await small.waitForFunction(() => Boolean(document.getElementById('search-status')?.textContent));
    followedOnPhone = await follow(small);
    await small.close();
  }
  return { query, hits, again, status, snippets, marks, followed, followedOnPhone };
}

// Clicks the first result that names its block (#:~:text=…), as a visitor
// does, and tells where the block's first element is on the page it opens:
// the browser scrolls a text fragment into view on a click, not on goto.
async function follow(page) {
  const link = page.locator('#search-results a[href*="#:~:text="]').first();
  if ((await link.count()) === 0) return null;
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForEvent('load'), link.click()]);
  await page.waitForTimeout(300); // the browser scrolls after the load
  return page.evaluate((href) => {
    const parts = href.split('#:~:text=')[1].split(',').map(decodeURIComponent);
    const start = parts[0];
    // A last part `-…` names what follows the block (a row header's first cell).
    const suffix = parts.length > 1 && parts[parts.length - 1].startsWith('-') ? parts[parts.length - 1].slice(1) : '';
    const holds = (e) => e.textContent.replace(/\s+/g, ' ').includes(start);
    const unspaced = (text) => text.replace(/\s+/g, '');
    const last = parts[suffix ? parts.length - 2 : parts.length - 1]; // the block's end as named
    const followed = (e) => !suffix || unspaced(e.parentElement.textContent).includes(unspaced(last) + unspaced(suffix));
    // The first element in document order that holds the start, has no
    // child holding it all and is followed by the suffix: where the browser
    // finds the fragment.
    const block = [...document.querySelectorAll('main *')]
      .find((e) => holds(e) && ![...e.children].some(holds) && followed(e));
    const rect = block ? block.getBoundingClientRect() : null;
    return {
      href,
      start,
      row: block && block.closest('tr') ? block.closest('tr').id : null,
      scrollY: window.scrollY,
      innerHeight: window.innerHeight,
      top: rect && rect.top,
      bottom: rect && rect.bottom,
    };
  }, href);
}

// With JavaScript off, what the visitor reads in <main>.
async function noScript(url) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(url);
  const text = await page.locator('main').innerText();
  const scrollBoxes = await page.$$eval('.table-scroll', (boxes) => boxes.map((e) => e.getAttribute('tabindex')));
  await context.close();
  return { url, status: response.status(), text, scrollBoxes };
}

try {
  const pages = [];
  for (const url of plan.pages) pages.push(await probePage(url));
  const searches = [];
  for (const s of plan.searches) searches.push(await search(s));
  const nojs = [];
  for (const url of plan.nojs) nojs.push(await noScript(url));
  console.log(JSON.stringify({ pages, searches, nojs }));
} finally {
  await browser.close();
}
