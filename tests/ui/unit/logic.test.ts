// Unit tests of the UI's pure logic (no browser): forms, sign-in redirects, routing, formatting.
// Bundled by esbuild and run with `node --test` (tests/ui/unit/run.sh).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectValues, errorsFromDetails, initialValues } from '../../../ui/src/components/field_form';
import { formatDelta, formatDuration, timeLeft } from '../../../ui/src/format';
import { match } from '../../../ui/src/router';
import { safeNext } from '../../../ui/src/screens/signin_next';
import type { FormField } from '../../../ui/src/types';

const fields: FormField[] = [
  { name: 'risk', type: 'enum', values: ['low', 'high'], required: true },
  { name: 'ks_min', type: 'number', default: 0.3 },
  { name: 'n', type: 'integer' },
  { name: 'dry', type: 'boolean', default: true },
  { name: 'path', type: 'string', pattern: 'hdfs:///.*' },
  { name: 'comment', type: 'text' },
];

test('initial values come from the defaults', () => {
  assert.deepEqual(initialValues(fields), { risk: '', ks_min: '0.3', n: '', dry: true, path: '', comment: '' });
});

test('collectValues converts types and leaves empty optional fields out', () => {
  const { values, errors } = collectValues(fields, { risk: 'low', ks_min: '0.25', n: '7', dry: false, path: 'hdfs:///x', comment: ' ok ' });
  assert.deepEqual(errors, {});
  assert.deepEqual(values, { risk: 'low', ks_min: 0.25, n: 7, dry: false, path: 'hdfs:///x', comment: 'ok' });
});

test('collectValues refuses a missing required field, a non-number, a fraction for an integer, a value outside the choices and a pattern mismatch', () => {
  const { values, errors } = collectValues(fields, { risk: '', ks_min: 'abc', n: '1.5', dry: true, path: 'file:///etc/shadow', comment: '' });
  assert.equal(errors.risk, 'Required.');
  assert.equal(errors.ks_min, 'Enter a number.');
  assert.equal(errors.n, 'Enter a whole number.');
  assert.match(errors.path, /pattern/);
  assert.equal(values.path, undefined);
  assert.equal(collectValues(fields, { risk: 'medium' }).errors.risk, 'Choose one of: low, high.');
});

test("the API's per-field details land on their fields", () => {
  const errors = errorsFromDetails(
    [
      { field: 'ks_min', message: "param 'ks_min' must be a number" },
      { field: 'params.n', message: 'too big' },
      { field: 'unknown', message: 'ignored' },
    ],
    fields,
  );
  assert.deepEqual(errors, { ks_min: "param 'ks_min' must be a number", n: 'too big' });
});

test('after sign-in only same-origin paths are followed (no open redirect)', () => {
  assert.equal(safeNext('/runs/12?state=failed'), '/runs/12?state=failed');
  assert.equal(safeNext('https://evil.example/'), '/inbox');
  assert.equal(safeNext('//evil.example/x'), '/inbox');
  assert.equal(safeNext('/\\evil.example'), '/inbox');
  assert.equal(safeNext('javascript:alert(1)'), '/inbox');
  assert.equal(safeNext('/signin?next=/x'), '/inbox');
  assert.equal(safeNext(null), '/inbox');
});

test('routes match plain paths and decode their parameters', () => {
  assert.deepEqual(match('/runs/:id', '/runs/12345'), { id: '12345' });
  assert.deepEqual(match('/models/:model', '/models/risk%3Achurn'), { model: 'risk:churn' });
  assert.deepEqual(match('/models/:model', '/models/risk:churn/'), { model: 'risk:churn' });
  assert.equal(match('/runs/:id', '/runs'), null);
  assert.equal(match('/runs/:id', '/tasks/7'), null);
  assert.equal(match('/models/:model', '/models/%E0%A4%A'), null);
});

test('durations and deadlines read as a person would say them', () => {
  assert.equal(formatDuration(42_000), '42 s');
  assert.equal(formatDuration(65 * 60_000), '1 h 5 min');
  assert.equal(formatDuration(50 * 3_600_000), '2 d 2 h');
  const now = Date.parse('2026-12-07T12:00:00Z');
  assert.deepEqual(timeLeft('2026-12-07T15:20:00Z', now), { text: '3 h 20 min left', overdue: false });
  assert.deepEqual(timeLeft('2026-12-07T10:00:00Z', now), { text: '2 h overdue', overdue: true });
  assert.deepEqual(timeLeft(null, now), { text: 'no deadline', overdue: false });
  assert.equal(formatDelta(0.0123), '+0.0123');
  assert.equal(formatDelta(-0.004), '−0.0040');
});
