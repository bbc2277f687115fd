// The runs list and the run page (issue 14, screen 3): paging through 1,000 seeded runs, filters in
// the URL, live refresh without leaving the page, the step timeline, a live log tail from the fake
// Livy, the event stream reconnecting after a drop, cancel and start again by permission, axe and
// screenshots. The tests share one stack and run in order (the paging test needs exactly the seeded
// runs in the database).
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { test } from 'node:test';
import { checkA11y, ready, screenshots, signIn, withStack } from './harness.mjs';

const ctx = withStack({ tailSeconds: 45, tickSeconds: 0.02 }); // 50 log lines a second
const SEEDED = 1000;
const FAIL_EVERY = 10;
let seeded = []; // run ids, oldest first
let seeding;

// Seeded by the first test that needs it (node:test may run a file's before() hooks side by side,
// so not in one that needs the stack withStack's hook starts).
async function seed() {
  // Started eight at a time, so sorted: ids grow with creation, the list's order.
  seeding ??= ctx.stack.seedRuns(SEEDED, { failEvery: FAIL_EVERY }).then((ids) => (seeded = [...ids].sort((a, b) => a - b)));
  return seeding;
}

/** A new page signed in as `user`, at `path`, with the screen's data on it. */
async function open(user, path, base = ctx.stack.baseUrl) {
  const page = await ctx.page();
  await page.goto(base + path);
  await signIn(page, user);
  await ready(page);
  return page;
}

const rows = (page) => page.locator('table.runs-table tbody tr');
const firstRunLink = (page) => rows(page).first().locator('td').first();
const pagerText = (page) => page.getByRole('navigation', { name: 'Pages of runs' }).locator('span');

test('the runs list pages through 1,000 seeded runs: first page, Next, the last page', async () => {
  await seed();
  const page = await open('vera', '/runs');
  await assert.doesNotReject(pagerText(page).getByText('Showing 1–50').waitFor());
  assert.equal(await rows(page).count(), 50);
  // Newest first: the last seeded run on top.
  assert.equal(await firstRunLink(page).innerText(), `#${seeded[SEEDED - 1]}`);

  await page.getByRole('button', { name: 'Next →' }).click();
  await pagerText(page).getByText('Showing 51–100').waitFor();
  await page.waitForURL(/offset=50/);
  assert.equal(await firstRunLink(page).innerText(), `#${seeded[SEEDED - 51]}`);
  await page.getByRole('button', { name: '← Previous' }).click();
  await pagerText(page).getByText('Showing 1–50').waitFor();

  // 200 per page: five pages; the last one ends with the oldest run and has no Next.
  await page.getByLabel('Per page').selectOption('200');
  await pagerText(page).getByText('Showing 1–200').waitFor();
  for (const range of ['201–400', '401–600', '601–800', '801–1,000']) {
    await page.getByRole('button', { name: 'Next →' }).click();
    await pagerText(page).getByText(`Showing ${range}`).waitFor();
  }
  assert.equal(await rows(page).count(), 200);
  assert.equal(await rows(page).last().locator('td').first().innerText(), `#${seeded[0]}`);
  assert.ok(await page.getByRole('button', { name: 'Next →' }).isDisabled(), 'no Next on the last page');
  assert.match(page.url(), /limit=200/);
  assert.match(page.url(), /offset=800/);

  // The page is in the URL: a reload (or a shared link) shows the same range.
  await page.reload();
  await ready(page);
  await pagerText(page).getByText('Showing 801–1,000').waitFor();
  assert.equal(await rows(page).last().locator('td').first().innerText(), `#${seeded[0]}`);
  assert.deepEqual(page.problems.filter((p) => !p.includes('401')), []);
});

test('filters by state and workflow narrow the list and survive a reload', async () => {
  await seed();
  const approveRun = await ctx.stack.startRun('approve-demo', { region: 'apac' });
  await ctx.stack.waitTask(approveRun);
  const page = await open('vera', '/runs');

  await page.getByLabel('State').selectOption('failed');
  await page.waitForURL(/state=failed/);
  await page.waitForFunction(() => document.querySelector('table.runs-table tbody tr td:nth-child(3)')?.textContent === 'failed');
  await pagerText(page).getByText('Showing 1–50').waitFor();
  const states = await rows(page).locator('td:nth-child(3)').allInnerTexts();
  assert.equal(states.length, 50);
  assert.ok(states.every((s) => s.trim() === 'failed'), `only failed runs: ${states.join(',')}`);
  const newestFailed = (await (await ctx.stack.api('admin')).get('/api/runs?state=failed&limit=1')).runs[0].id;
  assert.equal(await firstRunLink(page).innerText(), `#${newestFailed}`);

  await page.getByLabel('Workflow').selectOption('approve-demo');
  await page.waitForURL(/workflow=approve-demo/);
  await page.getByText('No run matches these filters.').waitFor();

  await page.reload();
  await ready(page);
  await page.getByText('No run matches these filters.').waitFor();
  assert.equal(await page.getByLabel('State').inputValue(), 'failed');
  assert.equal(await page.getByLabel('Workflow').inputValue(), 'approve-demo');

  await page.getByLabel('State').selectOption('waiting');
  await page.waitForURL(/state=waiting/);
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 1);
  assert.equal(await firstRunLink(page).innerText(), `#${approveRun}`);
  assert.match(await rows(page).first().innerText(), /approve-demo\s+waiting\s+http:admin\s+approve/);

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await pagerText(page).getByText('Showing 1–50').waitFor();
  assert.doesNotMatch(page.url(), /state=|workflow=/);

  // Trigger: a kind matches every "kind:who"; an exact one only itself.
  await page.getByLabel('Trigger').fill('cron');
  await page.getByLabel('Trigger').press('Enter');
  await page.waitForURL(/trigger=cron/);
  await page.getByText('No run matches these filters.').waitFor();
  await page.getByLabel('Trigger').fill('http:admin');
  await page.getByLabel('Trigger').press('Enter');
  await page.waitForURL(/trigger=http%3Aadmin/);
  await pagerText(page).getByText('Showing 1–50').waitFor();

  // Dates (UTC days): from tomorrow nothing; to today (inclusive) everything.
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  await page.getByLabel('Created from (UTC)').fill(day(1));
  await page.waitForURL(/since=/);
  await page.getByText('No run matches these filters.').waitFor();
  await page.getByLabel('Created from (UTC)').fill(day(0));
  await page.getByLabel('Created to (UTC, inclusive)').fill(day(0));
  await page.waitForURL(/until=/);
  await pagerText(page).getByText('Showing 1–50').waitFor();
  await page.getByLabel('Created to (UTC, inclusive)').fill(day(-1));
  // "to" before "from": the API's own refusal, shown as it said it, and no stale list under it.
  await page.getByRole('alert').first().waitFor();
  assert.match(await page.getByRole('alert').first().innerText(), /until/);
  assert.equal(await rows(page).count(), 0);

  // A filter the API refuses (from a hand-written link) shows the API's message.
  await page.goto(ctx.stack.baseUrl + '/runs?since=yesterday');
  await ready(page);
  assert.match(await page.getByRole('alert').first().innerText(), /query parameter 'since' must be an ISO-8601 time/);
});

test('the list refreshes on run events but stays on its page', async () => {
  await seed();
  const page = await open('vera', '/runs?workflow=quick&offset=50');
  await pagerText(page).getByText('Showing 51–100').waitFor();
  assert.equal(await firstRunLink(page).innerText(), `#${seeded[SEEDED - 51]}`);
  const marker = await page.evaluate(() => (window.__noReload = Math.random()));
  const id = await ctx.stack.startRun('quick');
  await ctx.stack.waitRun(id);
  // One more quick run on top shifts page 2 by one: its first row is the one that ended page 1.
  await page.waitForFunction(
    (text) => document.querySelector('table.runs-table tbody tr td')?.textContent === text,
    `#${seeded[SEEDED - 50]}`,
  );
  assert.match(page.url(), /offset=50/);
  assert.equal(await pagerText(page).innerText(), 'Showing 51–100');
  assert.equal(await page.evaluate(() => window.__noReload), marker, 'the page was not reloaded');
});

test('a run page shows the timeline, Livy handles, tasks and events; a viewer gets no actions', async () => {
  const id = await ctx.stack.startRun('approve-demo', { region: 'emea' });
  const task = await ctx.stack.waitTask(id);
  const page = await open('vera', `/runs/${id}`);
  await page.getByRole('heading', { name: `Run #${id}`, level: 1 }).waitFor();
  const steps = page.locator('ol.timeline > li');
  await steps.nth(1).waitFor();
  assert.equal(await steps.count(), 2);
  assert.match(await steps.nth(0).innerText(), /train\s+succeeded/);
  assert.match(await steps.nth(0).innerText(), /Attempt 1\s+succeeded/);
  assert.match(await steps.nth(1).innerText(), /approve\s+waiting/);
  // Livy: the batch id, the application and the links Livy reports, opened without a referrer.
  const livy = steps.nth(0).locator('table.livy-table');
  assert.match(await livy.innerText(), /batch[\s\S]*success[\s\S]*application_\d+_\d+/);
  const spark = livy.getByRole('link', { name: /Spark UI/ });
  assert.equal(await spark.getAttribute('rel'), 'noreferrer');
  assert.equal(await spark.getAttribute('target'), '_blank');
  assert.match((await spark.getAttribute('href')) ?? '', /^http:\/\//);
  assert.equal(await livy.getByRole('link', { name: /Driver log/ }).getAttribute('rel'), 'noreferrer');
  // Outputs of the batch step and the params.
  assert.match(await steps.nth(0).locator('dl.outputs').innerText(), /batch_id/);
  assert.match(await page.locator('section', { has: page.locator('#run-params') }).innerText(), /region\s+emea/);
  // The workflow link and the task link.
  assert.equal(await page.getByRole('link', { name: 'approve-demo' }).first().getAttribute('href'), '/workflows/approve-demo');
  assert.equal(await page.getByRole('link', { name: task.title }).getAttribute('href'), `/tasks/${task.id}`);
  // The event history, newest first.
  const types = await page.locator('.run-events tbody tr td:nth-child(3)').allInnerTexts();
  assert.equal(types[0], 'task.opened');
  assert.equal(types[types.length - 1], 'run.created');
  // Opened with only the latest 4 events (?events=4), the earlier ones are paged in on request.
  const short = await open('vera', `/runs/${id}?events=4`);
  const history = short.locator('.run-events tbody tr:not(.gap)');
  await history.first().waitFor();
  assert.equal(await history.count(), 4);
  assert.match(await short.getByText(/events, 4 shown/).innerText(), new RegExp(`^${types.length} events, 4 shown`));
  await short.getByRole('button', { name: `Show ${types.length - 4} more, from the start of the history` }).click();
  await short.locator('.run-events tr.gap').waitFor({ state: 'detached' });
  assert.deepEqual(await short.locator('.run-events tbody tr td:nth-child(3)').allInnerTexts(), types);
  // vera (viewer) may neither cancel nor start again.
  assert.equal(await page.getByRole('button', { name: /Cancel run/ }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Start again' }).count(), 0);
  // The log shown first is the train step's (the waiting user task writes none); "Show log" picks another.
  assert.equal(await page.getByLabel('Step', { exact: true }).inputValue(), 'train');
  await page.getByRole('button', { name: 'Show log of approve, attempt 1' }).click();
  await page.locator('.run-log-bar [role=status]', { hasText: 'No lines yet' }).waitFor();
  assert.equal(await page.getByLabel('Step', { exact: true }).inputValue(), 'approve');
  await page.getByRole('button', { name: 'Show log of train, attempt 1' }).click();
  const trainLog = page.getByLabel('Log of step train, attempt 1');
  await trainLog.waitFor();
  assert.match(await trainLog.innerText(), /(^|\n)tick 1\n/);
  assert.match(await page.locator('.run-log-bar [role=status]').innerText(), /Lines 1–\d+ of \d+ · the attempt has ended/);
  assert.equal(await page.getByLabel('Step', { exact: true }).inputValue(), 'train');
  await checkA11y(page, 'run');
  await screenshots(page, 'run');
  assert.deepEqual(page.problems.filter((p) => !p.includes('401')), []);
});

test('a failed run shows its error and the step that failed', async () => {
  await seed();
  const failed = (await (await ctx.stack.api('admin')).get('/api/runs?state=failed&workflow=quick&limit=1')).runs[0];
  const page = await open('vera', `/runs/${failed.id}`);
  await page.getByRole('heading', { name: 'Error', level: 2 }).waitFor();
  assert.equal(await page.locator('pre.run-error').innerText(), failed.error);
  assert.match(failed.error, /asked to fail/);
  const steps = page.locator('ol.timeline > li');
  assert.match(await steps.nth(0).innerText(), /check\s+succeeded/);
  assert.match(await steps.nth(1).innerText(), /broken\s+failed/);
  assert.match(await page.locator('section', { has: page.locator('#run-params') }).innerText(), /outcome\s+fail/);
  // Times to the second on the timeline: "HH:MM:SS".
  assert.match(await steps.nth(1).locator('.attempt-head').innerText(), /\d{2}:\d{2}:\d{2}/);
});

test('a live log tail shows new lines as the fake Livy emits them, and follows unless scrolled up', async () => {
  const id = await ctx.stack.startRun('tail-demo');
  const page = await open('vera', `/runs/${id}`);
  const log = page.getByLabel('Log of step tail, attempt 1');
  await log.waitFor({ timeout: 20000 });
  await page.waitForFunction(() => /tick \d+/.test(document.querySelector('pre.log')?.textContent ?? ''), null, { timeout: 20000 });
  const lastTick = async () => Math.max(...[...(await log.innerText()).matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));
  const first = await lastTick();
  const marker = await page.evaluate(() => (window.__noReload = Math.random()));
  // New lines arrive without a reload while the batch runs.
  await page.waitForFunction(
    (n) => Math.max(...[...(document.querySelector('pre.log')?.textContent ?? '').matchAll(/tick (\d+)/g)].map((m) => Number(m[1]))) >= n,
    first + 4,
    { timeout: 20000 },
  );
  assert.equal(await page.evaluate(() => window.__noReload), marker, 'the page was not reloaded');
  assert.match(await page.getByText(/live: new lines appear/).innerText(), /Lines 1–\d+ of \d+/);
  const follow = page.getByRole('button', { name: 'Follow' });
  assert.equal(await follow.getAttribute('aria-pressed'), 'true');
  // Scrolled up, the view stops following; Follow brings it back to the end.
  await page.waitForFunction(() => {
    const el = document.querySelector('pre.log');
    return el && el.scrollHeight > el.clientHeight + 40;
  }, null, { timeout: 30000 });
  await log.evaluate((el) => {
    el.scrollTop = 0;
    el.dispatchEvent(new Event('scroll'));
  });
  await page.waitForFunction(() => document.querySelector('.run-log-bar button[aria-pressed]')?.getAttribute('aria-pressed') === 'false');
  await follow.click();
  assert.equal(await follow.getAttribute('aria-pressed'), 'true');
  const atEnd = await log.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 8);
  assert.ok(atEnd, 'Follow scrolls to the newest line');
  await screenshots(page, 'run-live-log');

  // A long log opens at its last 1,000 lines; older ones are paged in on request.
  const admin = await ctx.stack.api('admin');
  const deadline = Date.now() + 40000;
  while ((await admin.get(`/api/runs/${id}/steps/tail/log?size=1`)).total < 1100) {
    assert.ok(Date.now() < deadline, 'the tail log grows past 1,100 lines');
    await page.waitForTimeout(250);
  }
  const later = await open('vera', `/runs/${id}`);
  const status = later.locator('.run-log-bar [role=status]');
  await status.getByText(/Lines/).waitFor();
  const [, from, , total] = (await status.innerText()).replace(/,/g, '').match(/Lines (\d+)–(\d+) of (\d+)/).map(Number);
  assert.ok(from > 1 && total >= 1100, `the last lines first: ${await status.innerText()}`);
  await later.getByRole('button', { name: /Load earlier lines/ }).click();
  await status.getByText(/^Lines 1–/).waitFor();
  assert.match(await later.getByLabel('Log of step tail, attempt 1').innerText(), /(^|\n)tick 1\n/);
  assert.equal(await later.getByRole('button', { name: /Load earlier lines/ }).count(), 0);
  // Cancel it so the rest of the file does not wait on it.
  await (await ctx.stack.api('admin')).post(`/api/runs/${id}/cancel`);
  await ctx.stack.waitRun(id);
});

/** An HTTP proxy in front of the server that can drop every open event stream (the "server drops it"). */
async function droppingProxy(target) {
  const upstream = new URL(target);
  const streams = new Set();
  const eventRequests = [];
  const server = createServer((req, res) => {
    const up = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      res.flushHeaders();
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
    if (req.url.startsWith('/api/events')) {
      eventRequests.push({ url: req.url, lastEventId: req.headers['last-event-id'] });
      const stream = { req, res, up };
      streams.add(stream);
      res.on('close', () => streams.delete(stream));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    eventRequests,
    open: () => streams.size,
    drop() {
      for (const s of streams) {
        s.res.destroy();
        s.up.destroy();
      }
      streams.clear();
    },
    close: () => new Promise((r) => {
      for (const s of streams) s.res.destroy();
      server.close(r);
      server.closeAllConnections?.();
    }),
  };
}

test('the event stream reconnects after the server drops it: a later state change still appears', async () => {
  const id = await ctx.stack.startRun('approve-demo', { region: 'amer' });
  await ctx.stack.waitTask(id);
  const proxy = await droppingProxy(ctx.stack.baseUrl);
  try {
    const page = await open('vera', `/runs/${id}`, proxy.url);
    await page.locator('.page-head .badge', { hasText: 'waiting' }).waitFor();
    await page.waitForFunction(() => document.querySelector('.live')?.textContent === 'Live', null, { timeout: 20000 });
    // Some event on the stream first (another run), so the browser has an id to resume from.
    const other = await ctx.stack.startRun('quick');
    await ctx.stack.waitRun(other);
    await page.waitForTimeout(1000);
    const marker = await page.evaluate(() => (window.__noReload = Math.random()));
    const opened = proxy.eventRequests.length;
    assert.ok(opened >= 1 && proxy.open() >= 1, 'the page streams events');

    proxy.drop();
    // Changed after the drop: the stream must come back (with Last-Event-ID) to show it.
    await (await ctx.stack.api('sam')).post(`/api/runs/${id}/cancel`);
    await page.locator('.page-head .badge', { hasText: 'cancelled' }).waitFor({ timeout: 30000 });
    assert.equal(await page.evaluate(() => window.__noReload), marker, 'the page was not reloaded');
    assert.ok(proxy.eventRequests.length > opened, 'the browser opened the stream again');
    const again = proxy.eventRequests[proxy.eventRequests.length - 1];
    assert.ok(Number(again.lastEventId) > 0 || /after=[1-9]/.test(again.url), `the new stream resumes after an id: ${JSON.stringify(again)}`);
    await page.getByRole('cell', { name: 'run.cancelled' }).waitFor();
  } finally {
    await proxy.close();
  }
});

test('the event stream comes back after steward serve restarts on the same port and database', async () => {
  const id = await ctx.stack.startRun('approve-demo', { region: 'apac' });
  await ctx.stack.waitTask(id);
  const page = await open('vera', `/runs/${id}`);
  await page.locator('.page-head .badge', { hasText: 'waiting' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.live')?.textContent === 'Live', null, { timeout: 20000 });
  const marker = await page.evaluate(() => (window.__noReload = Math.random()));

  await ctx.stack.restartServer({ pauseMs: 1500 });
  // Changed after the server came back: the page learns it from the stream it reopens.
  await (await ctx.stack.api('sam')).post(`/api/runs/${id}/cancel`);
  await page.locator('.page-head .badge', { hasText: 'cancelled' }).waitFor({ timeout: 30000 });
  await page.getByRole('cell', { name: 'run.cancelled' }).waitFor({ timeout: 10000 });
  await page.waitForFunction(() => document.querySelector('.live')?.textContent === 'Live', null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.__noReload), marker, 'the page was not reloaded');
});

test('cancel as sam (confirmed) ends the run live; start again opens the new run; both absent for vera', async () => {
  const id = await ctx.stack.startRun('approve-demo', { region: 'emea' });
  await ctx.stack.waitTask(id);
  const vera = await open('vera', `/runs/${id}`);
  await vera.getByRole('heading', { name: `Run #${id}`, level: 1 }).waitFor();
  await vera.locator('ol.timeline > li').nth(1).waitFor(); // the run is on screen, actions or not
  assert.equal(await vera.getByRole('button', { name: /Cancel run/ }).count(), 0);
  assert.equal(await vera.getByRole('button', { name: 'Start again' }).count(), 0);

  const page = await open('sam', `/runs/${id}`);
  await page.getByRole('button', { name: 'Cancel run…' }).click();
  const dialog = page.getByRole('dialog', { name: `Cancel run #${id}?` });
  await dialog.waitFor();
  await screenshots(page, 'run-cancel-dialog', { fullPage: false });
  // The safe choice has the focus; Escape, like "Keep it running", closes it and changes nothing.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Keep it running');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Cancel run…' }).click();
  await dialog.getByRole('button', { name: 'Keep it running' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await ctx.stack.api('admin').then((c) => c.get(`/api/runs/${id}`))).state, 'waiting');

  await page.getByRole('button', { name: 'Cancel run…' }).click();
  await dialog.getByRole('button', { name: 'Cancel the run' }).click();
  await page.getByRole('status').filter({ hasText: 'Cancel requested' }).waitFor();
  await page.locator('.page-head .badge', { hasText: 'cancelled' }).waitFor({ timeout: 20000 });
  assert.equal(await page.getByRole('button', { name: /Cancel run/ }).count(), 0, 'no cancel on an ended run');
  // Vera's page follows without a reload.
  await vera.locator('.page-head .badge', { hasText: 'cancelled' }).waitFor({ timeout: 20000 });
  assert.equal((await ctx.stack.api('admin').then((c) => c.get(`/api/runs/${id}`))).state, 'cancelled');

  await page.getByRole('button', { name: 'Start again' }).click();
  await page.waitForURL((url) => /\/runs\/\d+$/.test(url.pathname) && url.pathname !== `/runs/${id}`);
  const newId = Number(new URL(page.url()).pathname.split('/').pop());
  // Vera's page of the first run lists the new one ("Started again as") without a reload.
  await vera.getByRole('link', { name: `Run #${newId}`, exact: true }).waitFor({ timeout: 20000 });
  await page.getByRole('heading', { name: `Run #${newId}`, level: 1 }).waitFor();
  await page.getByRole('link', { name: `Run #${id}` }).waitFor();
  assert.match(await page.locator('section', { has: page.locator('#run-params') }).innerText(), /region\s+emea/);
  const created = await (await ctx.stack.api('admin')).get(`/api/runs/${newId}`);
  assert.equal(created.rerun_of, id);
  assert.equal(created.trigger, 'http:sam');
  assert.deepEqual(page.problems.filter((p) => !p.includes('401')), []);
});

test('a cancel the API refuses (the run ended meanwhile) shows the API message', async () => {
  const id = await ctx.stack.startRun('approve-demo', { region: 'amer' });
  await ctx.stack.waitTask(id);
  const page = await open('sam', `/runs/${id}`);
  await page.getByRole('button', { name: 'Cancel run…' }).click();
  const dialog = page.getByRole('dialog', { name: `Cancel run #${id}?` });
  await dialog.waitFor();
  // Someone else ends it while the dialog is open.
  await (await ctx.stack.api('admin')).post(`/api/runs/${id}/cancel`);
  await ctx.stack.waitRun(id);
  await dialog.getByRole('button', { name: 'Cancel the run' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Refused' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /409 run_finished/);
  await page.locator('.page-head .badge', { hasText: 'cancelled' }).waitFor();
});

test('axe finds no serious violation on the runs list and the run page; screenshots light and dark', async () => {
  const page = await open('sam', '/runs');
  await rows(page).first().waitFor();
  await checkA11y(page, 'runs');
  await screenshots(page, 'runs');
  await page.getByLabel('State').selectOption('waiting');
  await page.waitForURL(/state=waiting/);
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table.runs-table tbody tr td:nth-child(3)')];
    return cells.length > 0 && cells.every((td) => td.textContent === 'waiting');
  });
  await checkA11y(page, 'runs-filtered');
  const id = Number((await firstRunLink(page).innerText()).slice(1));
  await page.getByRole('link', { name: `#${id}`, exact: true }).click();
  await ready(page);
  await page.getByRole('heading', { name: `Run #${id}`, level: 1 }).waitFor();
  await page.locator('ol.timeline').waitFor();
  await checkA11y(page, 'run-actions');
  await screenshots(page, 'run-waiting');

  // An unknown run: the API's 404 message.
  await page.goto(ctx.stack.baseUrl + '/runs/987654');
  await ready(page);
  assert.match(await page.getByRole('alert').innerText(), /987654/);
  assert.match(await page.getByRole('alert').innerText(), /404/);
});
