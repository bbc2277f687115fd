// Unit tests of the models and reports screens' pure logic (ui/src/screens/models_data.ts): the
// change since the previous period, decay (the dashboard's sort), figure directions, thresholds and
// breaches as text, PSI bands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { band, breachText, change, decay, direction, fixed, thresholdText } from '../../../ui/src/screens/models_data';
import type { ModelSummary, ReportRef } from '../../../ui/src/screens/models_data';

const report = (figures: ReportRef['figures']): ReportRef => ({ id: 1, model_version: '1.0.1', period: '2026-10', created_at: '', figures });
const model = (latest: ReportRef | null, previous?: ReportRef | null): ModelSummary => ({
  model: 'risk:churn', group: 'risk', artifact: 'churn', versions: 1, latest_version: '1.0.1', latest_registered_at: null,
  aliases: {}, latest_report: latest, previous_report: previous,
});

test('change is latest minus previous, null when either lacks the figure', () => {
  assert.equal(change(report({ ks: 0.4 }), report({ ks: 0.45 }), 'ks')?.toFixed(4), '-0.0500');
  assert.equal(change(report({ ks: 0.4 }), null, 'ks'), null);
  assert.equal(change(report({ ks: null }), report({ ks: 0.45 }), 'ks'), null);
  assert.equal(change(report({}), report({ ks: 0.45 }), 'ks'), null);
});

test('decay is the largest of the Gini drop, the KS drop and the score PSI', () => {
  assert.equal(decay(model(report({ gini: 0.5, ks: 0.3, score_psi: 0.02 }), report({ gini: 0.6, ks: 0.31 })))?.toFixed(4), '0.1000');
  assert.equal(decay(model(report({ gini: 0.5, ks: 0.3, score_psi: 0.3 }), report({ gini: 0.6, ks: 0.31 })))?.toFixed(4), '0.3000');
  // Improvements are negative drops; with nothing else known they still order the models.
  assert.equal(decay(model(report({ gini: 0.7 }), report({ gini: 0.6 })))?.toFixed(4), '-0.1000');
  // An older server without previous_report: the score PSI alone.
  assert.equal(decay(model(report({ gini: 0.5, score_psi: 0.04 }))), 0.04);
  assert.equal(decay(model(null)), null);
});

test('directions, thresholds and breaches read as text', () => {
  assert.equal(direction('ks'), 1);
  assert.equal(direction('score_psi'), -1);
  assert.equal(direction('psi.age'), -1);
  assert.equal(direction('ks_score'), 0);
  assert.equal(thresholdText({ figure: 'score_psi', op: '<=', value: 0.2 }), 'Score PSI ≤ 0.2');
  assert.equal(thresholdText({ figure: 'ks', op: '>=', value: 0.3 }), 'KS ≥ 0.3');
  assert.equal(breachText('ks'), 'KS');
  assert.equal(breachText({ figure: 'score_psi', op: '<=', value: 0.2, actual: 0.2352 }), 'Score PSI 0.2352 (needs ≤ 0.2)');
  assert.equal(breachText({ figure: 'ks', op: '>=', value: 0.3 }), 'KS ≥ 0.3 failed');
});

test('PSI bands: strictly above 0.1 is moderate, strictly above 0.25 significant', () => {
  assert.deepEqual([0, 0.1, 0.1001, 0.25, 0.2501, 3].map((v) => band(v).name), ['stable', 'stable', 'moderate', 'moderate', 'significant', 'significant']);
  assert.equal(band(null).name, 'undefined');
  assert.equal(band(Number.NaN).name, 'undefined');
});

test('figures read with four decimals, whole ones too', () => {
  assert.equal(fixed(1), '1.0000');
  assert.equal(fixed(0.12345), '0.1235');
  assert.equal(fixed(null), '—');
  assert.equal(fixed(Number.POSITIVE_INFINITY), '—');
});

test("the API's own band wins; other edges move the computed one", () => {
  assert.deepEqual(band(0.05, null, 'significant'), { name: 'significant', cls: 'bad' });
  assert.equal(band(0.15, { moderate: 0.2, significant: 0.3 }).name, 'stable');
  assert.equal(band(0.35, { moderate: 0.2, significant: 0.3 }).name, 'significant');
});
