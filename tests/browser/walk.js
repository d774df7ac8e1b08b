// The web pages in headless Chromium (run by run.sh, which starts the server).
//
//   node walk.js BASE_URL OUT_DIR CHROMIUM [SCREENSHOT_DIR]
//
// Walks home -> the most covered story -> one of its quotes' source articles
// -> that article's outlet -> a search for the quote's speaker, asserting what
// each page shows against the store's JSON API; opens every page of the
// injection corpus (injection.jsonl); fails on any dialog, page error, console
// error, injected element or attribute, and on serious or critical axe-core
// violations. Saves a screenshot of each page in OUT_DIR (and of the story
// page, wide and phone-sized, in SCREENSHOT_DIR when given: docs/).
// Prints "N passed, M failed" and exits 1 when anything failed.

'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, outDir, chromiumPath, shotDir] = process.argv.slice(2);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let passed = 0;
const failures = [];
function check(ok, what) {
  if (ok) passed++;
  else failures.push(what);
  if (!ok) console.error('FAIL: ' + what);
}

async function api(page, p) {
  const r = await page.request.get(base + p);
  if (r.status() !== 200) throw new Error(`${p}: HTTP ${r.status()}`);
  return r.json();
}

// Checks every page must pass: no injected element or handler, no
// javascript: link, headings in order, one h1, the CSP header.
async function pageChecks(page, name, response) {
  check(response && response.status() === 200, `${name}: HTTP ${response && response.status()}`);
  const csp = response ? (await response.allHeaders())['content-security-policy'] || '' : '';
  check(csp.includes("default-src 'none'") && !csp.includes('unsafe-inline'), `${name}: strict Content-Security-Policy`);
  const report = await page.evaluate(() => {
    const bad = [...document.querySelectorAll('script, svg, img, iframe, object, embed, frame, form:not(.search):not(.filters)')]
      .map((e) => e.outerHTML.slice(0, 80));
    for (const e of document.querySelectorAll('*')) {
      for (const a of e.attributes) {
        if (/^on/i.test(a.name) || a.name === 'style') bad.push(`${e.tagName} ${a.name}`);
      }
    }
    const links = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
    const badLinks = links.filter((h) => !(h.startsWith('/') || h.startsWith('#') || /^https?:\/\//i.test(h)));
    const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1]));
    let skipped = false;
    for (let i = 1; i < levels.length; i++) if (levels[i] > levels[i - 1] + 1) skipped = true;
    const emptyLinks = [...document.querySelectorAll('a[href]')].filter((a) => !a.textContent.trim()).length;
    return { bad, badLinks, h1: levels.filter((l) => l === 1).length, first: levels[0], skipped, emptyLinks };
  });
  check(report.bad.length === 0, `${name}: injected markup ${JSON.stringify(report.bad.slice(0, 3))}`);
  check(report.badLinks.length === 0, `${name}: links that are not http(s) or local: ${JSON.stringify(report.badLinks)}`);
  check(report.h1 === 1 && report.first === 1 && !report.skipped, `${name}: headings in order (one h1, no level skipped)`);
  check(report.emptyLinks === 0, `${name}: every link has text`);
}

async function axeCheck(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) console.error(`  axe ${name}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  check(serious.length === 0, `${name}: axe-core finds no serious or critical violation (${serious.map((v) => v.id).join(', ')})`);
}

async function visit(page, name, url, { axe = false } = {}) {
  const response = await page.goto(url);
  await pageChecks(page, name, response);
  if (axe) await axeCheck(page, name);
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
  return response;
}

(async () => {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', async (d) => {
    check(false, `a dialog opened: ${d.type()} ${d.message()}`);
    await d.dismiss();
  });
  page.on('pageerror', (e) => check(false, `page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') check(false, `console error on ${page.url()}: ${m.text()}`);
  });

  // Home: the stories the API lists, in its order.
  const list = await api(page, '/api/stories?limit=20');
  await visit(page, 'home', base + '/', { axe: true });
  const titles = await page.locator('ol.cards > li h2 a').allTextContents();
  check(JSON.stringify(titles) === JSON.stringify(list.stories.map((s) => s.title)), 'home lists the API stories in order');

  // Keyboard: the first Tab lands on the skip link, Enter moves to main.
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('skip')),
    'home: first Tab focuses "Skip to content"');

  // The most covered story, opened by clicking its title on the home page.
  const top = (await api(page, '/api/stories?sort=coverage&limit=1')).stories[0];
  const story = (await api(page, '/api/stories/' + top.id)).stories[0];
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: top.title, exact: true }).first().click()]);
  await pageChecks(page, 'story', await page.reload());
  await axeCheck(page, 'story');
  await page.screenshot({ path: path.join(outDir, 'story.png'), fullPage: true });
  check((await page.locator('h1').textContent()) === story.title, 'story: the title is the JSON title');
  check((await page.locator('ul.summary > li').count()) === story.summary.length, 'story: every summary sentence');
  check((await page.locator('ul.facts > li').count()) === story.facts.length, 'story: every shared fact');
  check((await page.locator('figure.quote').count()) === story.quotes.length, 'story: every quote');
  check((await page.locator('ul.articles > li').count()) === story.articles.length, 'story: every article');
  if (shotDir) {
    await page.screenshot({ path: path.join(shotDir, 'story-page.png'), fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shotDir, 'story-page-phone.png'), fullPage: false });
    await page.setViewportSize({ width: 1200, height: 900 });
  }

  // One quote's source article: the chip under the quote.
  const quote = story.quotes.find((q) => q.speaker) || story.quotes[0];
  const chip = page.locator('figure.quote').filter({ hasText: quote.text.slice(0, 40) }).locator('a.chip').first();
  const articleId = decodeURIComponent((await chip.getAttribute('href')).replace('/articles/', ''));
  check(quote.sources.includes(articleId), 'story: the quote chip links to one of its sources');
  await Promise.all([page.waitForNavigation(), chip.click()]);
  const article = (await api(page, '/api/articles/' + encodeURIComponent(articleId))).article;
  await pageChecks(page, 'article', await page.reload());
  await axeCheck(page, 'article');
  await page.screenshot({ path: path.join(outDir, 'article.png'), fullPage: true });
  check((await page.locator('h1').textContent()) === article.title, 'article: the title is the JSON title');
  check((await page.locator('details.removed').count()) === article.removed.length, 'article: every removed block, toggled');
  if (article.removed.length) {
    const d = page.locator('details.removed').first();
    check(!(await d.locator('p').isVisible()), 'article: removed blocks start closed');
    await d.locator('summary').focus();
    await page.keyboard.press('Enter');
    check(await d.locator('p').isVisible(), 'article: Enter on a removed block opens it');
  }

  // Its outlet.
  await Promise.all([page.waitForNavigation(), page.locator('p.meta a[href^="/outlets/"]').first().click()]);
  await pageChecks(page, 'outlet', await page.reload());
  await axeCheck(page, 'outlet');
  await page.screenshot({ path: path.join(outDir, 'outlet.png'), fullPage: true });
  check((await page.locator('h1').textContent()) === article.source, 'outlet: the heading is the article source');

  // Search for the speaker, typed in the search box.
  if (quote.speaker) {
    await page.fill('#site-q', quote.speaker);
    await Promise.all([page.waitForNavigation(), page.press('#site-q', 'Enter')]);
    await pageChecks(page, 'search', await page.reload());
    await axeCheck(page, 'search');
    await page.screenshot({ path: path.join(outDir, 'search.png'), fullPage: true });
    const hits = await api(page, '/api/search?q=' + encodeURIComponent(quote.speaker));
    check((await page.locator('ol.hits > li').count()) === hits.articles.length + hits.stories.length, 'search: every hit of the API');
    check((await page.locator('.snippet mark').count()) > 0, 'search: hits highlighted');
    const entities = await api(page, '/api/entities?q=' + encodeURIComponent(quote.speaker));
    if (entities.entities.length) {
      await visit(page, 'entity', base + '/entities/' + encodeURIComponent(entities.entities[0].name), { axe: true });
    }
  }
  await visit(page, 'outlets', base + '/outlets', { axe: true });
  await visit(page, 'home-coverage', base + '/?sort=coverage&limit=2');

  // The injection corpus: every page that shows one of its fields.
  const lines = fs.readFileSync(path.join(__dirname, 'injection.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  for (const [i, a] of lines.entries()) {
    const stored = await api(page, '/api/articles/' + encodeURIComponent(a.id));
    await visit(page, `inject-article-${i}`, base + '/articles/' + encodeURIComponent(a.id), { axe: i === 0 });
    // Ingest strips tags from titles; what is stored must show as text.
    check((await page.locator('h1').textContent()) === (stored.article.title || stored.article.id),
      `inject-article-${i}: the stored title shows as text`);
    if (stored.story) await visit(page, `inject-story-${i}`, base + '/stories/' + stored.story.id, { axe: i === 0 });
    await visit(page, `inject-outlet-${i}`, base + '/outlets/' + encodeURIComponent(a.source));
    check((await page.locator('h1').textContent()) === a.source, `inject-outlet-${i}: the name shows as text`);
  }
  await visit(page, 'inject-search', base + '/search?q=' + encodeURIComponent('cranes'));
  await visit(page, 'inject-search-markup', base + '/search?q=' + encodeURIComponent('"<script>alert(1)</script>"'));
  await visit(page, 'inject-home', base + '/?outlet=' + encodeURIComponent('"><script>alert(1)</script>'));

  await browser.close();
  console.log(`browser: ${passed} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
})().catch((e) => {
  console.error(e);
  console.log(`browser: ${passed} passed, ${failures.length + 1} failed`);
  process.exit(1);
});
