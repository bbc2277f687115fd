// The workflows list and the workflow page (issue 14, screen 4): the list shows the stack's
// workflows with params, triggers and "Start a run"; a workflow page shows its params, steps and
// highlighted YAML source; the Start-a-run form puts the API's refusal on the field, starts a run
// on a good submission and lands on its page; a viewer sees no form (and a forced start shows the
// API's 403); the latest runs refresh live; axe-core and light/dark screenshots.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { checkA11y, ready, repoRoot, screenshots, signIn, tabTo, withStack } from './harness.mjs';

// One more workflow beside the standard ones: a cron trigger (it fires on 1 January at 03:00 UTC
// only, so never during a test) with params, to show the trigger and its next fire time.
const NIGHTLY = `name: nightly-demo
description: A scheduled workflow (cron trigger)
params:
  region: {type: enum, values: [emea, amer, apac], required: true}
triggers:
  - cron: "0 3 1 1 *"   # once a year
    tz: UTC
    params: {region: amer}
steps:
  - id: train
    type: livy_batch
    file: jobs/demo/train.py
`;

const ctx = withStack({ workflows: { 'nightly-demo.yaml': NIGHTLY } });
let base;

// The UI's address: the server's own when it serves the UI, else (a server without the UI
// embedded) a freshly built UI behind ui/tools/dev-proxy.mjs in front of the server; found once.
function uiBase() {
  base ??= (async () => {
    const answer = await fetch(ctx.stack.baseUrl + '/workflows');
    if (answer.ok && /^text\/html/.test(answer.headers.get('content-type') ?? '')) return ctx.stack.baseUrl;
    const dist = mkdtempSync(join(tmpdir(), 'steward-ui-dist-'));
    const built = spawnSync(process.execPath, [join(repoRoot, 'ui/build.mjs'), '--outdir', dist, '--dev'], { encoding: 'utf8' });
    assert.equal(built.status, 0, `ui build failed: ${built.stderr}`);
    const port = await freePort();
    const proxy = spawn(process.execPath, [join(repoRoot, 'ui/tools/dev-proxy.mjs'), '--dist', dist, '--api', ctx.stack.baseUrl, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.on('exit', () => {
      proxy.kill('SIGKILL');
      rmSync(dist, { recursive: true, force: true });
    });
    const line = await new Promise((resolve, reject) => {
      createInterface({ input: proxy.stdout }).once('line', resolve);
      proxy.once('exit', (code) => reject(new Error(`dev-proxy exited (${code})`)));
    });
    assert.match(line, /^ui dev: /);
    // The proxy must not keep this process alive once the tests are done ('exit' kills it).
    proxy.stdout.destroy();
    proxy.unref();
    return `http://127.0.0.1:${port}`;
  })();
  return base;
}

// A TCP port nobody listens on right now.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function open(user, path, options) {
  const page = await ctx.page(options);
  await page.goto((await uiBase()) + path);
  await signIn(page, user);
  await signedIn(page);
  return page;
}

// Waits until the sign-in page has given way to the screen and the screen is ready (the sign-in
// button's name changes while it works, so signIn's wait can end before the page does).
async function signedIn(page) {
  await page.locator('main.signin').waitFor({ state: 'detached', timeout: 10000 });
  await ready(page);
}

// The Start-a-run form's POSTs seen by `page`.
function countStarts(page) {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/api\/workflows\/[^/]+\/runs$/.test(new URL(request.url()).pathname)) seen.count += 1;
  });
  return seen;
}

test('the list shows every workflow with its params, triggers, steps and runs link; sam may start runs', async () => {
  const page = await open('sam', '/workflows');
  const cards = page.locator('li.wf-card');
  assert.deepEqual(await cards.locator('h2').allTextContents(), [
    'approve-demo',
    'nightly-demo',
    'params-demo',
    'quick',
    'score-report',
    'tail-demo',
  ]);
  const params = page.locator('li.wf-card[data-workflow="params-demo"]');
  assert.match(await params.textContent(), /Typed params for the Start-a-run form/);
  assert.match(await params.locator('.wf-params').textContent(), /region: choice, required.*rows: integer.*ks_min: number.*data: string.*dry_run: boolean.*period: duration/);
  assert.match(await params.textContent(), /Steps\s*1: extract/);
  assert.match(await params.textContent(), /manual only/);
  const nightly = page.locator('li.wf-card[data-workflow="nightly-demo"]');
  const trigger = await nightly.locator('.wf-triggers').textContent();
  assert.match(trigger, /0 3 1 1 \* \(UTC\)/);
  assert.match(trigger, /next: \d{4}-01-01 \d\d:00 \(in \d+ d/);
  assert.equal(await nightly.locator('.wf-triggers time').getAttribute('datetime'), await nextJanuaryFirst());
  assert.equal(await page.getByRole('link', { name: 'Runs of approve-demo' }).getAttribute('href'), '/runs?workflow=approve-demo');
  assert.equal(await page.getByRole('link', { name: /^Start a run of / }).count(), 6);

  await page.getByRole('link', { name: 'Start a run of params-demo' }).click();
  await page.waitForURL(/\/workflows\/params-demo#start$/);
  await ready(page);
  await page.locator('#start-region:focus').waitFor({ timeout: 5000 });
  assert.deepEqual(page.problems, []);
});

// The next 1 January 03:00 UTC as the API writes it.
async function nextJanuaryFirst() {
  const now = new Date();
  let at = Date.UTC(now.getUTCFullYear(), 0, 1, 3, 0, 0);
  if (at <= now.getTime()) at = Date.UTC(now.getUTCFullYear() + 1, 0, 1, 3, 0, 0);
  return new Date(at).toISOString();
}

test('the workflow page shows the params table, steps, the highlighted source and its version', async () => {
  const page = await open('sam', '/workflows/params-demo');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'params-demo');
  const rows = page.locator('table.wf-param-table tbody tr');
  assert.equal(await rows.count(), 6);
  const cells = async (i) => (await rows.nth(i).locator('th, td').allTextContents()).map((t) => t.trim());
  assert.deepEqual(await cells(0), ['region', 'choice', 'yes', '—', 'emea, amer, apac', '—', 'Which customers']);
  assert.deepEqual(await cells(1), ['rows', 'integer', 'no', '1000', '—', '—', 'Rows to sample']);
  assert.deepEqual(await cells(3), ['data', 'string', 'no', 'hdfs:///data/churn', '—', '^hdfs:///data/[a-z0-9_/]+$', 'Input data']);
  assert.deepEqual(await cells(4), ['dry_run', 'boolean', 'no', 'false', '—', '—', '—']);

  const steps = page.locator('ol.wf-steps > li');
  assert.equal(await steps.count(), 1);
  assert.match(await steps.first().textContent(), /extract\s*livy batch/);

  const source = page.locator('pre.source');
  const text = await source.textContent();
  assert.match(text, /^name: params-demo\n/);
  assert.match(text, /pattern: '\^hdfs:\/\/\/data\/\[a-z0-9_\/\]\+\$'/);
  assert.ok((await source.locator('span.tok-key').allTextContents()).includes('params'), 'keys are highlighted');
  assert.ok((await source.locator('span.tok-num').allTextContents()).includes('1000'), 'numbers are highlighted');
  assert.ok((await source.locator('span.tok-str').allTextContents()).includes('"${params.region}"'), 'strings are highlighted');
  const detail = await (await ctx.stack.api('sam')).get('/api/workflows/params-demo');
  assert.equal(text, detail.source.replace(/\n$/, ''), 'the source is shown as the API gives it');
  assert.match(await page.locator('.wf-facts').textContent(), new RegExp(`params-demo\\.yaml.*version ${detail.definition_id} \\(current\\).*${detail.content_hash}`));
  assert.equal(await page.locator('table.wf-versions tbody tr').count(), detail.versions.length);

  // An unknown workflow: the API's 404, as it says it.
  await page.goto((await uiBase()) + '/workflows/no-such-flow');
  await ready(page);
  assert.match(await page.getByRole('alert').textContent(), /no workflow 'no-such-flow'.*404 not_found/);
  assert.deepEqual(page.problems, []);
});

test('an older version is read from GET /api/workflows/{name}/versions/{version}; a missing one shows the API error', async () => {
  // A second version of nightly-demo: its file changes and the server restarts on the same database.
  const client = await ctx.stack.api('sam');
  const first = await client.get('/api/workflows/nightly-demo');
  writeFileSync(join(ctx.stack.dir, 'workflows', 'nightly-demo.yaml'), NIGHTLY.replace('(cron trigger)', '(cron trigger), second text'));
  await ctx.stack.restartServer();
  const second = await client.get('/api/workflows/nightly-demo');
  assert.notEqual(second.definition_id, first.definition_id);
  assert.equal(second.versions.length, 2);

  const page = await open('sam', '/workflows/nightly-demo');
  assert.equal(await page.locator('table.wf-versions tbody tr').count(), 2);
  assert.match(await page.locator('pre.source').textContent(), /second text/);
  const current = page.getByRole('button', { name: `Show the source of version ${second.definition_id}` });
  const older = page.getByRole('button', { name: `Show the source of version ${first.definition_id}` });
  assert.equal(await current.getAttribute('aria-pressed'), 'true');

  await older.click();
  await page.locator('[data-testid="source-version"]', { hasText: `version ${first.definition_id}` }).waitFor();
  assert.doesNotMatch(await page.locator('pre.source').textContent(), /second text/);
  assert.equal(await page.locator('pre.source').textContent(), first.source.replace(/\n$/, ''));
  assert.match(page.url(), new RegExp(`/workflows/nightly-demo\\?version=${first.definition_id}$`));
  assert.match(await page.locator('.wf-facts').textContent(), new RegExp(first.content_hash));
  assert.equal(await older.getAttribute('aria-pressed'), 'true');

  // Back to the current text; the query goes.
  await current.click();
  await page.locator('pre.source').getByText('second text').waitFor();
  assert.match(page.url(), /\/workflows\/nightly-demo$/);

  // A version of another workflow (a hand-written address): the API's 404 and no source, also
  // right after an older version was shown (not that version's text under the error).
  const quick = await client.get('/api/workflows/quick');
  await older.click();
  await page.locator('[data-testid="source-version"]', { hasText: `version ${first.definition_id}` }).waitFor();
  await page.evaluate((id) => {
    history.pushState(null, '', `/workflows/nightly-demo?version=${id}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, quick.definition_id);
  await page.getByText(`workflow 'nightly-demo' has no version ${quick.definition_id}`).waitFor();
  assert.equal(await page.locator('pre.source').count(), 0);
  await page.goBack();
  await page.locator('[data-testid="source-version"]', { hasText: `version ${first.definition_id}` }).waitFor();
  assert.equal(await page.locator('pre.source').textContent(), first.source.replace(/\n$/, ''));
  await page.goto(`${await uiBase()}/workflows/nightly-demo?version=${quick.definition_id}`);
  await ready(page);
  await page.getByText(`workflow 'nightly-demo' has no version ${quick.definition_id}`).waitFor();
  assert.equal(await page.locator('pre.source').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('the trigger form checks in the browser, and shows the API refusal on the field it names', async () => {
  const page = await open('sam', '/workflows/params-demo');
  const posts = countStarts(page);
  const client = await ctx.stack.api('sam');
  const before = (await client.get('/api/runs?workflow=params-demo&limit=100')).runs.length;

  // The browser's own checks: required, integer, pattern; nothing is sent.
  await page.getByLabel(/^region/).selectOption('');
  await page.getByLabel(/^rows/).fill('2.5');
  await page.getByLabel(/^data/).fill('file:///etc/passwd');
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.locator('#start-region-error').waitFor();
  assert.equal(await page.locator('#start-region-error').textContent(), 'Required.');
  assert.equal(await page.locator('#start-rows-error').textContent(), 'Enter a whole number.');
  assert.match(await page.locator('#start-data-error').textContent(), /Must match the pattern/);
  assert.equal(posts.count, 0);

  // A duration the browser lets through ('soon'): the API refuses it, on the field.
  await page.getByLabel(/^region/).selectOption('emea');
  await page.getByLabel(/^rows/).fill('10');
  await page.getByLabel(/^data/).fill('hdfs:///data/churn/weekly');
  await page.getByLabel(/^period/).fill('soon');
  await page.getByRole('button', { name: 'Start the run' }).click();
  const error = page.locator('#start-period-error');
  await error.waitFor();
  assert.match(await error.textContent(), /^param 'period': invalid duration 'soon'/);
  assert.equal(await page.getByLabel(/^period/).getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByLabel(/^period/).getAttribute('aria-describedby'), /start-period-error/);
  const summary = page.locator('[data-testid="start-errors"]');
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.match(await summary.textContent(), /The run was not started\. The server refused a param:.*\(400 invalid_params\)period: param 'period': invalid duration 'soon'/);
  await page.locator('[data-testid="start-errors"]:focus').waitFor({ timeout: 5000 });
  assert.equal(posts.count, 1);
  assert.equal((await client.get('/api/runs?workflow=params-demo&limit=100')).runs.length, before, 'no run was started');
  await checkA11y(page, 'workflow-start-errors');
  await page.locator('#start').scrollIntoViewIfNeeded();
  await screenshots(page, 'workflow-start-errors', { fullPage: false });

  // Typing again clears that field's message.
  await page.getByLabel(/^period/).fill('30d');
  await error.waitFor({ state: 'detached' });
  assert.deepEqual(page.problems, []);
});

test('a good submission starts a run with typed params and lands on its page', async () => {
  const page = await open('sam', '/workflows/params-demo');
  await page.getByLabel(/^region/).selectOption('amer');
  await page.getByLabel(/^rows/).fill('25');
  await page.getByLabel(/^dry_run/).check();
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.waitForURL(/\/runs\/\d+$/, { timeout: 10000 });
  const id = Number(/\/runs\/(\d+)$/.exec(page.url())[1]);
  const run = await (await ctx.stack.api('admin')).get(`/api/runs/${id}`);
  assert.equal(run.workflow, 'params-demo');
  assert.equal(run.trigger, 'http:sam');
  assert.deepEqual(run.params, { region: 'amer', rows: 25, ks_min: 0.3, data: 'hdfs:///data/churn', dry_run: true, period: '7d' });
  assert.deepEqual(page.problems, []);
});

test('by keyboard only: from the list to the form, type the params, Enter starts the run', async () => {
  const page = await open('sam', '/workflows');
  await tabTo(page, page.getByRole('link', { name: 'Start a run of params-demo' }));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/workflows\/params-demo#start$/);
  await ready(page);
  const region = page.getByLabel(/^region/);
  await page.locator('#start-region:focus').waitFor({ timeout: 5000 });
  await region.press('ArrowDown'); // (Choose…) -> emea
  await region.press('ArrowDown'); // -> amer
  assert.equal(await region.inputValue(), 'amer');
  await page.keyboard.press('Tab');
  await page.keyboard.type('7'); // rows: Tab selects the default 1000, typing replaces it
  await page.keyboard.press('Enter'); // Enter in a field submits the form
  await page.waitForURL(/\/runs\/\d+$/, { timeout: 10000 });
  const id = Number(/\/runs\/(\d+)$/.exec(page.url())[1]);
  const run = await (await ctx.stack.api('admin')).get(`/api/runs/${id}`);
  assert.equal(run.params.region, 'amer');
  assert.equal(run.params.rows, 7);
  assert.deepEqual(page.problems, []);
});

test('the latest runs of a workflow refresh live when a run starts', async () => {
  const page = await open('sam', '/workflows/quick');
  const table = page.locator('table.wf-runs');
  const id = await ctx.stack.startRun('quick');
  await table.getByRole('link', { name: `#${id}`, exact: true }).waitFor({ timeout: 15000 });
  await ctx.stack.waitRun(id);
  const row = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: `#${id}`, exact: true }) });
  await row.getByText('succeeded').waitFor({ timeout: 15000 });
  assert.match(await row.textContent(), /http:admin/);
  assert.equal(await page.getByRole('link', { name: 'All runs of quick' }).getAttribute('href'), '/runs?workflow=quick');
  assert.deepEqual(page.problems, []);
});

test('vera (viewer) sees no Start a run and no form; a forced start shows the API 403', async () => {
  const page = await open('vera', '/workflows');
  assert.equal(await page.getByRole('link', { name: /^Start a run/ }).count(), 0);
  assert.equal(await page.getByText('View only: you may not start runs of it').count(), 6);

  await page.getByRole('link', { name: 'params-demo', exact: true }).click();
  await page.waitForURL(/\/workflows\/params-demo$/);
  await ready(page);
  await page.locator('[data-testid="no-trigger"]').waitFor();
  assert.equal(await page.locator('form.wf-start-form').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Start the run' }).count(), 0);

  // Forced: the workflow as if vera could trigger it; the server still refuses, and says so.
  await page.route('**/api/workflows/params-demo', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, can_trigger: true } });
  });
  await page.reload();
  await ready(page);
  await page.getByLabel(/^region/).selectOption('emea');
  await page.getByRole('button', { name: 'Start the run' }).click();
  const summary = page.locator('[data-testid="start-errors"]');
  await summary.waitFor();
  assert.match(await summary.textContent(), /The run was not started\..*\(403 forbidden\)/);
  assert.match(await summary.textContent(), /trigger/);
  assert.deepEqual(page.problems, []);
});

test('the list and a workflow page pass axe in light and dark; screenshots', async () => {
  const list = await open('sam', '/workflows');
  await checkA11y(list, 'workflows');
  await screenshots(list, 'workflows');
  const page = await open('sam', '/workflows/approve-demo');
  await checkA11y(page, 'workflow');
  await screenshots(page, 'workflow');
  const viewer = await open('vera', '/workflows/score-report');
  await checkA11y(viewer, 'workflow-viewer');
  await screenshots(viewer, 'workflow-viewer');
  assert.deepEqual([...list.problems, ...page.problems, ...viewer.problems], []);
});
