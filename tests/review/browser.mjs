// browser.mjs — opens a qikan review page in Debian's Chromium (playwright-core,
// no browser download) and checks what a reviewer relies on:
//   node browser.mjs REVIEW.html EXPECTED_BLOCKS SCREENSHOT.png
// Prints one JSON object; exits 1 when a check fails, 2 when the browser
// cannot be started (the test reports that, it never passes silently).
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: 'playwright-core is not installed in tests/review (scripts/setup runs npm ci there)' }));
  process.exit(2);
}

const [html, expectedBlocks, shot] = process.argv.slice(2);
const exe = process.env.QK_CHROMIUM || '/usr/bin/chromium';
let browser;
try {
  browser = await chromium.launch({
    executablePath: exe,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: `cannot start ${exe}: ${e.message.split('\n')[0]}` }));
  process.exit(2);
}
const result = { ok: true, failures: [] };
const fail = (m) => { result.ok = false; result.failures.push(m); };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('data:') && !r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto('file://' + html, { waitUntil: 'load' });
  result.console_errors = errors.slice();
  if (errors.length) fail(`console errors: ${errors.join(' | ')}`);

  result.boxes = await page.locator('rect.b').count();
  if (result.boxes !== Number(expectedBlocks))
    fail(`${result.boxes} boxes drawn, the model has ${expectedBlocks} blocks`);
  result.images = await page.locator('section.page img').count();

  // Click the first TOC entry that links an article.
  const entry = page.locator('#panel li[data-article] > a[href^="#art-"]').first();
  const id = (await entry.getAttribute('href')).slice('#art-'.length);
  await entry.click();
  await page.waitForTimeout(300);
  const state = await page.evaluate((id) => {
    const parts = [...document.querySelectorAll('g.art')].filter((g) => g.getAttribute('data-article') === id);
    if (!parts.length) return { parts: 0 };
    const sec = parts[0].closest('section.page');
    const r = sec.getBoundingClientRect();
    return {
      parts: parts.length,
      highlighted: parts.every((g) => g.classList.contains('hl')),
      page: sec.id,
      in_view: r.top < window.innerHeight && r.bottom > 0,
      hash: location.hash,
    };
  }, id);
  result.clicked = { article: id, ...state };
  if (!state.parts) fail(`article ${id} has no outline`);
  else {
    if (!state.highlighted) fail(`article ${id} not highlighted after the click`);
    if (!state.in_view) fail(`the first page of ${id} (${state.page}) is not in view`);
  }
  // Hovering a block shows its role and text.
  await page.locator('rect.b.role-title').first().hover({ force: true });
  result.status = await page.locator('#status').textContent();
  if (!/title/.test(result.status)) fail(`hover shows "${result.status}"`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('#panel li[data-article] > a[href^="#art-"]').first().click();
  await page.screenshot({ path: shot });
  result.requests = requests;
  if (requests.length) fail(`fetched from outside: ${requests.join(' ')}`);
  const after = await page.evaluate(() => document.querySelectorAll('script').length);
  result.scripts = after;
} catch (e) {
  fail(String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
