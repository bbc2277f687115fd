// The reports list (/reports) and a report's page (/reports/ID) against the reports the harness'
// score-report workflow stored (one per period, through a report step reading CSV files in a data
// root): the list holds their headline figures and filters through the API; the report page draws
// ROC, KS, lift and gains (non-empty canvases with the expected series) and its tables hold the
// stored report's figures: metrics, lift table, confusion matrix, drift with PSI bands, summary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkA11y, REPORT_MODEL, REPORT_PERIODS, screenshots, withStack } from './harness.mjs';
import { assertChart, count, fixed, openAs, rows } from './models_common.mjs';

const ctx = withStack({ reports: true });

test('the reports list shows every stored report with its headline figures, newest first', async () => {
  const vera = await ctx.stack.api('vera');
  const { reports, total } = await vera.get('/api/reports?limit=50');
  assert.equal(total, REPORT_PERIODS.length);
  const page = await openAs(ctx, 'vera', '/reports');
  const shown = await rows(page.locator('table.reports'));
  assert.deepEqual(
    shown.map((r) => [r[0], r[1], r[2], r[3], r[6], r[7], r[8], r[9]]),
    reports.map((r) => [
      `Report ${r.id}`,
      r.model,
      r.model_version,
      r.period,
      fixed(r.figures.gini),
      fixed(r.figures.ks),
      fixed(r.figures.auc),
      fixed(r.figures.score_psi),
    ]),
  );
  assert.deepEqual(shown.map((r) => r[3]), REPORT_PERIODS.map(([p]) => p).reverse(), 'newest first');
  await page.getByText(`Showing 1–${total} of ${total}`).waitFor();
  await checkA11y(page, 'reports');
  await screenshots(page, 'reports');
  assert.deepEqual(page.problems, []);
});

test('the reports list filters by period and model through the API (kept in the URL)', async () => {
  const page = await openAs(ctx, 'vera', '/reports');
  await page.getByLabel('Period', { exact: true }).fill('2026-09');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.waitForURL(/period=2026-09/);
  await page.waitForFunction(() => document.querySelectorAll('table.reports tbody tr').length === 1);
  const shown = await rows(page.locator('table.reports'));
  assert.equal(shown[0][3], '2026-09');
  // A model filter that matches nothing says so; Clear brings them all back.
  await page.getByLabel('Model', { exact: true }).fill('risk:nothing');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.getByText('No report matches.').waitFor();
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.waitForFunction((n) => document.querySelectorAll('table.reports tbody tr').length === n, REPORT_PERIODS.length);
  // A malformed model filter is the API's 400, shown as it says.
  await page.getByLabel('Model', { exact: true }).fill('no-colon');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /\(400 invalid_param\)/);
});

test('the report page draws its charts and its tables hold the stored report figures', async () => {
  const vera = await ctx.stack.api('vera');
  const { reports } = await vera.get('/api/reports?limit=1');
  const stored = await vera.get(`/api/reports/${reports[0].id}`);
  const { charts, report } = stored;
  const page = await openAs(ctx, 'vera', `/reports/${stored.id}`);
  await page.getByRole('heading', { name: `Report ${stored.id}`, level: 1 }).waitFor();
  await page.getByRole('link', { name: REPORT_MODEL, exact: true }).waitFor();

  // Charts: ROC (model + random), KS (events + non-events), lift (lift + cumulative), gains (model + random).
  const figures = page.locator('figure.chart');
  assert.equal(await figures.count(), 4);
  const roc = await assertChart(figures.nth(0), 2, 'ROC');
  assert.equal(roc.caption, `ROC curve (AUC ${fixed(report.metrics.auc)})`);
  const ks = await assertChart(figures.nth(1), 2, 'KS');
  assert.equal(ks.caption, `KS curve (KS ${fixed(report.metrics.ks)})`);
  await assertChart(figures.nth(2), 2, 'lift');
  await assertChart(figures.nth(3), 2, 'gains');

  // The curves' data tables hold their points.
  const rocRows = await rows(page.locator('table.roc-table'));
  assert.equal(rocRows.length, charts.roc.length);
  assert.deepEqual(rocRows[rocRows.length - 1], [fixed(charts.roc.at(-1).threshold), fixed(charts.roc.at(-1).fpr), fixed(charts.roc.at(-1).tpr)]);
  assert.equal(rocRows[0][0], '+∞', 'the origin has threshold +∞');
  const ksRows = await rows(page.locator('table.ks-table'));
  assert.equal(ksRows.length, charts.ks.length);
  const best = Math.max(...ksRows.map((r) => Number(r[4])));
  assert.equal(best.toFixed(4), fixed(report.metrics.ks), 'the KS table reaches the KS');

  // Figures.
  const metricRows = await page.locator('table.figures tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.figure, tr.querySelector('td').textContent]));
  assert.deepEqual(metricRows, Object.entries(report.metrics).map(([k, v]) => [k, v === null ? 'undefined' : fixed(v)]));

  // Lift table.
  const lift = await rows(page.locator('table.lift-table'));
  assert.deepEqual(
    lift,
    charts.lift.map((r) => [
      String(r.bin),
      `${(r.depth * 100).toFixed(1)}%`,
      count(r.n),
      count(r.events),
      fixed(r.event_rate),
      fixed(r.lift),
      fixed(r.cum_lift),
      fixed(r.capture_rate),
      fixed(r.cum_capture_rate),
    ]),
  );

  // Confusion matrix at the threshold.
  const c = charts.confusion;
  const matrix = await rows(page.locator('table.confusion'));
  const cell = (text) => text.split(' (')[0];
  assert.deepEqual(matrix.map((r) => [r[0], cell(r[1]), cell(r[2])]), [
    ['Actual non-event', count(c.tn), count(c.fp)],
    ['Actual event', count(c.fn), count(c.tp)],
  ]);
  assert.match(await page.locator('table.confusion caption').innerText(), new RegExp(`score ≥ ${fixed(c.threshold)}`));

  // Drift: one row per feature in the API's order, PSI with its band, KS, missing counts.
  const band = (psi) => (psi > 0.25 ? 'significant' : psi > 0.1 ? 'moderate' : 'stable');
  const drift = await rows(page.locator('table.drift-table'));
  assert.equal(drift.length, charts.drift.length);
  assert.ok(charts.drift.length >= 3);
  for (const [i, d] of charts.drift.entries()) {
    assert.equal(drift[i][0], d.feature);
    assert.equal(drift[i][1], d.kind);
    assert.equal(drift[i][2], fixed(d.psi));
    assert.equal(drift[i][3], d.band ?? band(d.psi), `${d.feature}: the band (the API's when it gives one)`);
    assert.equal(drift[i][4], fixed(d.ks));
    assert.equal(drift[i][8], `${count(d.missing)} / ${count(d.missing_reference)}`);
  }
  const bars = await page.locator('table.drift-table .psi-bar').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
  assert.equal(bars.length, charts.drift.length);
  assert.ok(bars[0] >= bars[bars.length - 1] && bars[0] > 0, `bars follow the PSI: ${bars}`);
  assert.equal(await page.locator('table.drift-table tbody tr').first().locator('.psi-mark').count(), 2, 'the 0.1 and 0.25 marks');
  const summary = await page.locator('dl.drift-summary').innerText();
  assert.match(summary, new RegExp(`Score PSI \\(output stability\\)\\s+${fixed(charts.score_psi)} ${charts.score_drift?.band ?? band(charts.score_psi)}`));
  const characteristic = charts.characteristic ?? report.characteristic;
  assert.match(summary, new RegExp(`Features compared\\s+${characteristic.features}\\b`));
  assert.match(summary, new RegExp(`P1: PSI above 0.1\\s+${characteristic.p1}\\b`));
  assert.match(summary, new RegExp(`P25: PSI above 0.25\\s+${characteristic.p25}\\b`));
  assert.ok(characteristic.p25 > 0, 'the last period drifted (a feature above 0.25)');

  await checkA11y(page, 'report');
  await screenshots(page, 'report');
  assert.deepEqual(page.problems, []);
});

test('an unknown report shows the API error', async () => {
  const page = await openAs(ctx, 'vera', '/reports/999999');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /\(404 not_found\)/);
  assert.equal(await page.locator('figure.chart').count(), 0);
});
