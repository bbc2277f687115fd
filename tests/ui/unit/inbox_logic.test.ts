// Unit tests of the inbox's and task page's pure logic: who may answer, the banner's words, the
// API's form messages on fields, and what a run tells about its model and report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorsFromMessage } from '../../../ui/src/screens/task_answer';
import { responseText } from '../../../ui/src/screens/task_decision';
import { assigneesText, isAssignee, pastTense } from '../../../ui/src/screens/task_people';
import { findings } from '../../../ui/src/screens/task_summary';
import type { FormField, Principal, RunDetail } from '../../../ui/src/types';

const person = (user: string, roles: string[]): Principal => ({ user, roles, method: 'session', permissions: ['view', 'answer'] });

test('assignees read as a sentence', () => {
  assert.equal(assigneesText({ users: [], roles: ['model_owner'] }), 'users with role model_owner');
  assert.equal(assigneesText({ users: ['alice', 'bob'], roles: [] }), 'alice or bob');
  assert.equal(assigneesText({ users: ['alice'], roles: ['a', 'b'] }), 'alice or users with role a or b');
  assert.equal(assigneesText({ users: [], roles: [] }), 'nobody');
});

test('an assignee is listed by name or holds a listed role', () => {
  const task = { users: ['carol'], roles: ['model_owner'] };
  assert.ok(isAssignee(person('alice', ['model_owner']), task));
  assert.ok(isAssignee(person('carol', []), task));
  assert.ok(!isAssignee(person('vera', ['viewer']), task));
  assert.ok(!isAssignee(person('sam', ['model_steward']), task));
  assert.ok(!isAssignee(null, task));
});

test('outcomes in the past tense, quoted when unsure', () => {
  assert.equal(pastTense('approve'), 'approved');
  assert.equal(pastTense('reject'), 'rejected');
  assert.equal(pastTense('keep'), 'kept');
  assert.equal(pastTense('retrain'), 'retrained');
  assert.equal(pastTense('yes'), 'answered "yes"');
});

const fields: FormField[] = [
  { name: 'risk', type: 'enum', values: ['low', 'high'], required: true, label: 'Risk rating' },
  { name: 'comment', type: 'text' },
];

test('a form_invalid message that names a field lands on that field', () => {
  assert.deepEqual(errorsFromMessage("missing required form field 'risk'", fields), { risk: "missing required form field 'risk'" });
  assert.deepEqual(errorsFromMessage("form field 'comment' must be a string", fields), { comment: "form field 'comment' must be a string" });
  assert.deepEqual(errorsFromMessage("unknown form field 'x'", fields), {});
  assert.deepEqual(errorsFromMessage('the form values must be a JSON object', fields), {});
});

test('the answer reads comment first, other values by their labels', () => {
  assert.equal(responseText({ risk: 'low', comment: 'fine', responder: 'alice' }, fields), 'comment “fine”, Risk rating: low');
  assert.equal(responseText({ risk: 'low', comment: '' }, fields), 'Risk rating: low');
  assert.equal(responseText(null, fields), '');
});

const attempt = (outputs: Record<string, unknown> | null, state = 'succeeded') => ({
  exec_id: 1, attempt: 1, state, created_at: '', started_at: null, finished_at: null, error: null, outcome: null, outputs, livy: [],
});

test('a run names its model version and latest report; a run with neither names nothing', () => {
  const run = {
    steps: [
      { id: 'register', state: 'succeeded', attempts: [attempt({ model: 'risk:churn', version: '1.0.3', build: 3 })] },
      { id: 'old', state: 'succeeded', attempts: [attempt({ report_id: 4, metrics: { ks: 0.2 } })] },
      {
        id: 'monitor',
        state: 'succeeded',
        attempts: [
          attempt({ report_id: 6, metrics: { ks: 0.1 } }, 'failed'),
          attempt({ report_id: 7, period: '2026-10', metrics: { brier: 0.2, auc: 0.78, ks: 0.41, gini: 0.56, n: 'x' }, stability: { score_psi: 0.03 } }),
        ],
      },
      { id: 'approve', state: 'waiting', attempts: [attempt(null, 'running')] },
    ],
  } as unknown as RunDetail;
  const f = findings(run);
  assert.equal(f.model, 'risk:churn');
  assert.equal(f.version, '1.0.3');
  assert.equal(f.report?.id, 7);
  assert.equal(f.report?.period, '2026-10');
  assert.deepEqual(f.report?.figures.map(([name]) => name), ['gini', 'ks', 'auc', 'score_psi', 'brier']);
  assert.deepEqual(findings({ steps: [{ id: 'train', state: 'succeeded', attempts: [attempt({})] }] } as unknown as RunDetail), {});
  assert.deepEqual(findings(undefined), {});
});
