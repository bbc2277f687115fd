// The models dashboard (/models) and a model's page (/models/group:artifact): the dashboard shows
// every model's champion, latest figures, their change and health as the API has them and sorts by
// decay; the model page draws the trend of the chosen figure with its data table; alice moves the
// champion through the confirm dialog and the aliases update; a second mover gets "someone moved
// it first"; vera (a viewer) has no move button, and a forced move shows the API's 403.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkA11y, ready, REPORT_MODEL, screenshots, withStack } from './harness.mjs';
import { assertChart, fixed, openAs, rows } from './models_common.mjs';

const ctx = withStack({ reports: true });
const SECOND = 'credit:limits';
const path = (model) => `/models/${encodeURIComponent(model)}`;

test('setup: a second model with two periods (so the dashboard has something to sort)', async () => {
  for (const period of ['2026-07', '2026-08']) {
    const id = await ctx.stack.startRun('score-report', { period, model: SECOND });
    assert.equal((await ctx.stack.waitRun(id)).state, 'succeeded');
  }
});

test('the dashboard shows each model with its champion, latest figures, their change and health', async () => {
  const alice = await ctx.stack.api('alice');
  const { models } = await alice.get('/api/models?limit=50');
  assert.deepEqual(models.map((m) => m.model).sort(), [SECOND, REPORT_MODEL].sort());
  const page = await openAs(ctx, 'alice', '/models');
  const table = page.locator('table.models');
  const shown = await rows(table);
  assert.equal(shown.length, 2);
  for (const m of models) {
    const row = shown.find((r) => r[0] === m.model);
    assert.ok(row, `a row for ${m.model}`);
    const champion = (m.champion ?? m.aliases.champion ?? '').split(':').pop();
    assert.ok(champion, `${m.model} has a champion`);
    assert.equal(row[1], champion, `${m.model}: champion`);
    assert.equal(row[2], `${m.latest_version} ${m.versions} version${m.versions === 1 ? '' : 's'}`, `${m.model}: latest version`);
    const latest = m.latest_report.figures;
    const previous = m.previous_report?.figures;
    for (const [i, figure] of [[3, 'gini'], [4, 'ks'], [5, 'score_psi']]) {
      assert.ok(row[i].startsWith(fixed(latest[figure])), `${m.model} ${figure}: ${row[i]} starts with ${fixed(latest[figure])}`);
      if (previous && typeof previous[figure] === 'number') {
        const delta = latest[figure] - previous[figure];
        const text = `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta).toFixed(4)}`;
        assert.ok(row[i].includes(text), `${m.model} ${figure}: change ${text} in '${row[i]}'`);
      }
    }
    assert.ok(row[7].startsWith(m.health ?? 'unknown'), `${m.model}: health '${row[7]}'`);
    if (m.open_tasks !== undefined) {
      assert.equal(row[8], `${m.open_tasks} open${m.overdue_tasks ? ` ${m.overdue_tasks} overdue` : ''}`, `${m.model}: tasks`);
    }
    assert.ok(row[9].startsWith(m.latest_report.period), `${m.model}: latest report period`);
  }
  // The champion cell of risk:churn is the version the last champion run promoted.
  const detail = await alice.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}`);
  assert.equal(shown.find((r) => r[0] === REPORT_MODEL)[1], detail.aliases.find((a) => a.alias === 'champion').version);
  await checkA11y(page, 'models');
  await screenshots(page, 'models');
  assert.deepEqual(page.problems, []);
});

test('the dashboard sorts by name and by worst decay (aria-sort on the header)', async () => {
  const page = await openAs(ctx, 'alice', '/models');
  const names = async () => (await rows(page.locator('table.models'))).map((r) => r[0]);
  assert.deepEqual(await names(), [SECOND, REPORT_MODEL], 'by name first');
  assert.equal(await page.locator('th[aria-sort="ascending"]').innerText(), 'Model ▲');
  await page.getByRole('button', { name: /^Decay/ }).click();
  await page.waitForURL(/sort=decay/);
  // risk:churn's last period drifted most (score PSI of 2026-11), credit:limits' barely.
  await page.waitForFunction(() => document.querySelector('table.models tbody th')?.textContent === 'risk:churn');
  assert.deepEqual(await names(), [REPORT_MODEL, SECOND], 'worst decay first');
  assert.equal(await page.locator('th[aria-sort="descending"] button').innerText(), 'Decay ▼');
  assert.equal(await page.locator('th[aria-sort="ascending"]').count(), 0);
  const decays = (await rows(page.locator('table.models'))).map((r) => Number(r[6]));
  assert.ok(decays[0] > decays[1], `decay descending: ${decays}`);
  await page.getByRole('button', { name: /^Model/ }).click();
  await page.waitForFunction(() => document.querySelector('table.models tbody th')?.textContent === 'credit:limits');
  assert.deepEqual(page.problems, []);
});

test('the model page draws the trend of the chosen figure with its data table', async () => {
  const alice = await ctx.stack.api('alice');
  const page = await openAs(ctx, 'alice', path(REPORT_MODEL));
  for (const [figure, label] of [['gini', 'Gini'], ['ks', 'KS'], ['score_psi', 'Score PSI']]) {
    if (figure !== 'gini') await page.getByLabel('Figure', { exact: true }).selectOption(figure);
    const trend = await alice.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}/trend?figure=${figure}&last=24`);
    assert.equal(trend.points.length, 5, `${figure}: one point per period`);
    const table = page.locator('table.trend-table');
    await page.waitForFunction((l) => document.querySelector('table.trend-table caption')?.textContent === `${l} by period`, label);
    const shown = await rows(table);
    assert.deepEqual(
      shown.map((r) => [r[0], r[1], r[2], r[3]]),
      trend.points.map((p) => [p.period, p.version, `#${p.report_id}`, fixed(p.value)]),
      `${figure}: the table holds the trend's points`,
    );
    const thresholds = (trend.thresholds ?? []).filter((t) => t.figure === figure).length;
    const figureBox = page.locator('figure.chart').filter({ has: table });
    const info = await assertChart(figureBox, 1 + thresholds, `${figure} trend`);
    assert.match(info.caption, new RegExp(`^${label} by scoring period`));
  }
  // The versions with their lineage: the run that registered each.
  const detail = await alice.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}`);
  const versions = await rows(page.locator('table.versions'));
  assert.equal(versions.length, detail.versions.length);
  for (const [i, v] of detail.versions.entries()) {
    assert.ok(versions[i][0].startsWith(v.version), `version ${v.version}`);
    assert.ok(versions[i][3].includes(`gini ${fixed(v.metrics.gini)}`), `version ${v.version} metrics: ${versions[i][3]}`);
    assert.ok(versions[i][5].startsWith(`run ${v.lineage.run_id}`), `version ${v.version} lineage: ${versions[i][5]}`);
  }
  await page.getByRole('link', { name: `run ${detail.versions[0].lineage.run_id}`, exact: true }).waitFor();
  await checkA11y(page, 'model');
  await screenshots(page, 'model');
  assert.deepEqual(page.problems, []);
});

test('alice moves the champion with the confirm dialog; the aliases and their history update', async () => {
  const alice = await ctx.stack.api('alice');
  const before = await alice.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}`);
  const holder = before.aliases.find((a) => a.alias === 'champion').version;
  const target = before.versions.find((v) => v.number !== holder).number;
  const page = await openAs(ctx, 'alice', path(REPORT_MODEL));
  await page.getByRole('button', { name: 'Move an alias…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move an alias' });
  await dialog.waitFor();
  assert.ok(await page.evaluate(() => document.querySelector('dialog.modal').matches(':modal')), 'the dialog is modal');
  assert.ok(await page.evaluate(() => document.querySelector('dialog.modal').contains(document.activeElement)), 'focus is in the dialog');
  await dialog.getByLabel('Alias').selectOption('champion');
  await dialog.getByLabel('Version').selectOption(`${REPORT_MODEL}:${target}`);
  await dialog.getByText(`Point champion of ${REPORT_MODEL} at ${target}, away from ${holder}?`).waitFor();
  await checkA11y(page, 'model-move-dialog');
  await screenshots(page, 'model-move-dialog', { fullPage: false });
  await dialog.getByRole('button', { name: 'Move champion' }).click();
  await page.getByRole('status').filter({ hasText: `champion now points at ${target} (was ${holder}).` }).waitFor();
  assert.equal(await dialog.isVisible(), false, 'the dialog closed');
  await page.waitForFunction(
    (t) => Array.from(document.querySelectorAll('table.aliases tbody tr')).some((tr) => tr.textContent.startsWith('champion') && tr.textContent.includes(t)),
    target,
  );
  const history = await rows(page.locator('table.alias-history'));
  assert.deepEqual(history[0].slice(1), ['champion', holder, target, 'alice']);
  const after = await alice.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}`);
  assert.equal(after.aliases.find((a) => a.alias === 'champion').version, target);
  // The server audited the move as alice's.
  const { entries } = await (await ctx.stack.api('admin')).get('/api/audit?limit=1000');
  const moves = entries.filter((e) => JSON.stringify(e).includes('alias.move') && JSON.stringify(e).includes('alice'));
  assert.ok(moves.length >= 1, `an alias.move audit entry by alice among ${entries.length}`);
  assert.deepEqual(page.problems, []);
});

test('a move that lost the race says someone moved it first and shows the new holder', async () => {
  const admin = await ctx.stack.api('admin');
  const before = await admin.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}`);
  const holder = before.aliases.find((a) => a.alias === 'champion').version;
  const others = before.versions.filter((v) => v.number !== holder).map((v) => v.number);
  const page = await openAs(ctx, 'alice', path(REPORT_MODEL));
  await page.getByRole('button', { name: 'Move an alias…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move an alias' });
  await dialog.getByLabel('Version').selectOption(`${REPORT_MODEL}:${others[0]}`);
  // Someone else moves it meanwhile.
  await admin.put(`/api/models/${encodeURIComponent(REPORT_MODEL)}/aliases/champion`, { version: `${REPORT_MODEL}:${others[1]}`, expected: holder });
  await dialog.getByRole('button', { name: 'Move champion' }).click();
  await page.getByRole('status').filter({ hasText: 'Someone moved champion first' }).waitFor();
  await page.waitForFunction(
    (t) => Array.from(document.querySelectorAll('table.aliases tbody tr')).some((tr) => tr.textContent.startsWith('champion') && tr.textContent.includes(t)),
    others[1],
  );
  const after = await admin.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}`);
  assert.equal(after.aliases.find((a) => a.alias === 'champion').version, others[1], 'the other move stands');
  assert.deepEqual(page.problems, []);
});

test('vera (viewer) cannot move an alias: no button, and a forced move shows the API refusal', async () => {
  const vera = await ctx.stack.api('vera');
  const before = await vera.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}`);
  const holder = before.aliases.find((a) => a.alias === 'champion').version;
  const target = before.versions.find((v) => v.number !== holder).number;
  const page = await openAs(ctx, 'vera', path(REPORT_MODEL));
  await page.getByText('Moving an alias needs the promote permission').waitFor();
  assert.equal(await page.getByRole('button', { name: /Move/ }).count(), 0, 'no move button for a viewer');
  assert.equal(await page.locator('dialog').count(), 0);

  // The API refuses her directly ...
  const refused = await vera.call('PUT', `/api/models/${encodeURIComponent(REPORT_MODEL)}/aliases/champion`, { version: `${REPORT_MODEL}:${target}`, expected: holder });
  assert.equal(refused.status, 403);
  // ... and when the page believes she may (a stale or forged session answer), it shows the refusal.
  await page.route('**/api/session', async (route) => {
    const response = await route.fetch();
    const session = await response.json();
    await route.fulfill({ response, json: { ...session, permissions: [...session.permissions, 'promote'] } });
  });
  await page.reload();
  await page.getByRole('button', { name: 'Move an alias…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move an alias' });
  await dialog.getByLabel('Version').selectOption(`${REPORT_MODEL}:${target}`);
  await dialog.getByRole('button', { name: 'Move champion' }).click();
  const alert = dialog.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /^Not moved: /);
  assert.match(text, /\(403 [a-z_]+\)/);
  assert.ok(text.includes(refused.body.error.message), `the API's message: ${text}`);
  const after = await vera.get(`/api/models/${encodeURIComponent(REPORT_MODEL)}`);
  assert.equal(after.aliases.find((a) => a.alias === 'champion').version, holder, 'nothing moved');
});

// The harness' score-report gates on `ks >= 0.3 and score_psi <= 0.2`: the thresholds the API
// reads from it. Until the server sends health and thresholds (older server), the test adds them
// to its answers as the API documents them, so the screens' rendering of them is checked either way.
const THRESHOLDS = [
  { figure: 'ks', op: '>=', value: 0.3, source: 'score-report step healthy' },
  { figure: 'score_psi', op: '<=', value: 0.2, source: 'score-report step healthy' },
];

test('health names the breached figures; the trend draws the threshold line and says ok/breach per period', async () => {
  const page = await openAs(ctx, 'alice', '/inbox');
  let list;
  await page.route('**/api/models?*', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const m of body.models) {
      if (m.thresholds !== undefined) continue;
      m.thresholds = THRESHOLDS;
      const failed = THRESHOLDS.filter((t) => {
        const v = m.latest_report?.figures?.[t.figure];
        return typeof v === 'number' && !(t.op === '>=' ? v >= t.value : v <= t.value);
      });
      m.health = failed.length ? 'breach' : 'ok';
      m.breached = failed.map((t) => ({ ...t, actual: m.latest_report.figures[t.figure] }));
    }
    list = body;
    await route.fulfill({ response, json: body });
  });
  let trend;
  await page.route('**/trend?*', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.thresholds ??= THRESHOLDS;
    trend = body;
    await route.fulfill({ response, json: body });
  });
  await page.goto(`${ctx.stack.baseUrl}/models`);
  await ready(page);
  const churn = list.models.find((m) => m.model === REPORT_MODEL);
  assert.equal(churn.health, 'breach', 'risk:churn drifted past score PSI 0.2 in its last period');
  const row = page.locator('table.models tbody tr').filter({ has: page.getByRole('link', { name: REPORT_MODEL }) });
  const health = await row.locator('.health').innerText();
  assert.match(health, /^breach\s+Score PSI/);
  assert.ok(health.includes('Score PSI'), `the breached figure is named: ${health}`);
  assert.ok(!health.includes('KS'), `KS holds: ${health}`);
  const other = page.locator('table.models tbody tr').filter({ has: page.getByRole('link', { name: SECOND }) });
  assert.equal(await other.locator('.health').innerText(), list.models.find((m) => m.model === SECOND).health);

  await page.getByRole('link', { name: REPORT_MODEL }).click();
  await ready(page);
  await page.getByLabel('Figure', { exact: true }).selectOption('score_psi');
  await page.waitForFunction(() => document.querySelector('table.trend-table caption')?.textContent === 'Score PSI by period');
  const lines = trend.thresholds.filter((t) => t.figure === 'score_psi');
  assert.equal(lines.length, 1);
  const figure = page.locator('figure.chart').filter({ has: page.locator('table.trend-table') });
  const info = await assertChart(figure, 2, 'score PSI trend with its threshold');
  assert.match(info.caption, /\(threshold Score PSI ≤ 0\.2\)$/);
  const shown = await rows(page.locator('table.trend-table'));
  assert.deepEqual(
    shown.map((r) => r[4]),
    trend.points.map((p) => `${p.value <= 0.2 ? 'ok' : 'breach'} (Score PSI ≤ 0.2)`),
  );
  assert.ok(shown.some((r) => r[4].startsWith('breach')) && shown.some((r) => r[4].startsWith('ok')));
  await screenshots(page, 'model-threshold');
  assert.deepEqual(page.problems, []);
});

test('a model registered while the dashboard is open appears without a reload', async () => {
  const page = await openAs(ctx, 'vera', '/models');
  const before = await page.locator('table.models tbody tr').count();
  await page.evaluate(() => (window.notReloaded = true));
  const id = await ctx.stack.startRun('score-report', { period: '2026-07', model: 'fresh:model' });
  assert.equal((await ctx.stack.waitRun(id)).state, 'succeeded');
  await page.getByRole('link', { name: 'fresh:model', exact: true }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('table.models tbody tr').count(), before + 1);
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
  assert.deepEqual(page.problems, []);
});
