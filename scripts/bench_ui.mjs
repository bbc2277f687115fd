// The browser half of scripts/bench-ui.sh: signs in to a running `steward serve` and measures, in
// headless Chromium (tests/ui/harness.mjs), each page's load from navigation start to its first
// meaningful render: the moment the screen sets data-ready="true" on <main>, read with
// performance.now() (milliseconds since the navigation started) by a MutationObserver installed
// before the page's own scripts. Per page: one cold load (a fresh browser context: empty HTTP
// cache) and REPEAT warm loads (the same context, navigated again). Also the JS and CSS the first
// page loaded, as sent (encodedBodySize: gzipped when the server sent gzip) and decoded.
// Prints the table of scripts/bench-ui.sh (and with --json FILE writes the figures there).
// Exit status: 0, 1 when a goal is missed and --enforce 1, 3 when a page could not be measured.
//
// Usage: node scripts/bench_ui.mjs --url URL --user NAME --password-file FILE
//          [--pages /inbox,/runs] [--repeat 5] [--timeout-ms 20000] [--rows PATH=TEXT]...
//          [--goal-warm-ms 300] [--goal-kb 100] [--enforce 0|1] [--json FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { openBrowser } from '../tests/ui/harness/browser.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const url = option('--url');
const user = option('--user', 'alice');
const passwordFile = option('--password-file');
const pages = option('--pages', '/inbox,/runs').split(',');
const repeat = Number(option('--repeat', '5'));
const timeout = Number(option('--timeout-ms', '20000'));
const goalMs = Number(option('--goal-warm-ms', '300'));
const goalKb = Number(option('--goal-kb', '100'));
const enforce = option('--enforce', '1') === '1';
const jsonFile = option('--json');
const rowsText = Object.fromEntries(
  args.flatMap((a, i) => (a === '--rows' ? [args[i + 1].split(/=(.*)/s).slice(0, 2)] : [])),
);
if (!url || !passwordFile || !(repeat >= 1)) {
  console.error('usage: node scripts/bench_ui.mjs --url URL --user NAME --password-file FILE [--pages P,Q] [--repeat N]');
  process.exit(2);
}
const password = readFileSync(passwordFile, 'utf8').split('\n')[0];

// Runs in the page before its scripts: records when <main data-ready="true"> first appears.
const readyProbe = () => {
  const found = () => document.querySelector('main[data-ready="true"]');
  const mark = () => {
    if (window.__stewardReadyAt === undefined && found()) window.__stewardReadyAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
};

async function signedInContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(readyProbe);
  const answer = await context.request.post(`${url}/api/session`, {
    data: { user, password },
    headers: { Origin: url },
  });
  if (answer.status() !== 200) throw new Error(`sign-in as ${user}: ${answer.status()} ${await answer.text()}`);
  return context;
}

async function load(page, path) {
  await page.goto(url + path, { waitUntil: 'commit', timeout });
  const handle = await page.waitForFunction(() => window.__stewardReadyAt, null, { timeout, polling: 50 });
  const readyMs = await handle.jsonValue();
  await page.waitForTimeout(300);  // lazily loaded chunks of the first render
  const { assets, calls } = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource');
    const path = (e) => new URL(e.name).pathname;
    return {
      assets: entries
        .filter((e) => /\.(m?js|css)$/.test(path(e)))
        .map((e) => ({ name: path(e), encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
      // the API calls before the screen was ready: where its time went
      calls: entries
        .filter((e) => path(e).startsWith('/api/') && e.startTime <= window.__stewardReadyAt)
        .map((e) => ({ name: new URL(e.name).pathname + new URL(e.name).search, start: e.startTime, ms: e.duration })),
    };
  });
  return { readyMs, assets, calls };
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

const results = { url, user, repeat, pages: [] };
try {
  const browser = await openBrowser();
  try {
    for (const path of pages) {
      const context = await signedInContext(browser);
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      const cold = await load(page, path);
      const warm = [];
      let last;
      for (let i = 0; i < repeat; i++) {
        last = await load(page, path);
        warm.push(last.readyMs);
      }
      results.pages.push({
        path,
        coldMs: cold.readyMs,
        warmMs: warm,
        warmMedianMs: quantile(warm, 0.5),
        warmP95Ms: quantile(warm, 0.95),
        assets: cold.assets,
        lastWarmCalls: last.calls,
        jsCssEncoded: cold.assets.reduce((n, a) => n + a.encoded, 0),
        jsCssDecoded: cold.assets.reduce((n, a) => n + a.decoded, 0),
        problems,
      });
      await context.close();
    }
  } finally {
    await browser.close();
  }
} catch (error) {
  console.error(`bench_ui: ${error.stack ?? error}`);
  process.exit(3);
}
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(results, null, 1));

// The table.
const pad = (s, n) => String(s).padEnd(n);
const num = (v) => v.toFixed(1).padStart(11);
const row = (...cells) => console.log(cells.join(' | '));
let missed = 0;
console.log();
row(pad('page', 22), pad('rows in DB', 28), pad('cold ms', 11), 'warm p50 ms', 'warm p95 ms', pad('goal', 24), 'result');
console.log('-'.repeat(140));
for (const p of results.pages) {
  const met = p.warmMedianMs <= goalMs;
  missed += met ? 0 : 1;
  const errors = p.problems.length ? ` (page errors: ${p.problems.join('; ')})` : '';
  row(pad(p.path, 22), pad(rowsText[p.path] ?? '-', 28), num(p.coldMs), num(p.warmMedianMs), num(p.warmP95Ms),
    pad(`warm p50 <= ${goalMs} ms`, 24), (met ? 'met' : `GAP: ${(p.warmMedianMs - goalMs).toFixed(0)} ms over`) + errors);
}
const first = results.pages[0];
const kb = first.jsCssEncoded / 1024;
const compressed = first.jsCssEncoded < first.jsCssDecoded ? 'gzip' : 'NOT compressed';
const bytesMet = kb <= goalKb;
missed += bytesMet ? 0 : 1;
row(pad(`JS+CSS of ${first.path}`, 22), pad(`${first.assets.length} files, ${(first.jsCssDecoded / 1024).toFixed(1)} KB decoded`, 28),
  pad(`${kb.toFixed(1)} KB`, 11).padStart(11), ' '.repeat(11), ' '.repeat(11), pad(`<= ${goalKb} KB gzipped`, 24),
  `${bytesMet ? 'met' : `GAP: ${(kb - goalKb).toFixed(1)} KB over`} (as sent: ${compressed})`);
console.log();
for (const p of results.pages) {
  console.log(`${p.path}: warm loads ${p.warmMs.map((v) => v.toFixed(1)).join(', ')} ms; ` +
    `files as sent: ${p.assets.map((a) => `${a.name} ${a.encoded} B`).join(', ')}`);
  const calls = p.lastWarmCalls.map((c) => `${c.name} at ${c.start.toFixed(0)} ms took ${c.ms.toFixed(0)} ms`);
  console.log(`  API calls of the last warm load before ready: ${calls.join('; ') || 'none'}`);
}
console.log('Load = performance.now() when <main data-ready="true"> first appears: ms since navigation start.');
process.exitCode = missed && enforce ? 1 : 0;
