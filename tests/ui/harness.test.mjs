// The harness's own fixtures, over the API (no browser): the users' permissions, the workflows the
// screen tests rely on, seeding, the live log of tail-demo, a server restart, and that stop()
// leaves no process behind.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { REPORT_MODEL, REPORT_PERIODS, startStack } from './harness.mjs';

let stack;
before(async () => {
  stack = await startStack({ tailSeconds: 5, tickSeconds: 0.2 });
});
after(async () => {
  await stack?.stop();
});

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('each user has the permissions of their role', async () => {
  const expected = {
    alice: ['answer', 'promote', 'view'],
    vera: ['view'],
    sam: ['answer', 'cancel', 'trigger', 'view'],
    admin: ['admin', 'answer', 'cancel', 'promote', 'trigger', 'view'],
  };
  for (const [user, permissions] of Object.entries(expected)) {
    const session = await (await stack.api(user)).get('/api/session');
    assert.equal(session.user, user);
    assert.deepEqual([...session.permissions].sort(), permissions, user);
  }
  const refused = await (await stack.api('vera')).call('POST', '/api/workflows/quick/runs', { params: {} });
  assert.equal(refused.status, 403);
});

test('approve-demo waits for a model owner, refuses others, and succeeds after approval', async () => {
  const run = await stack.startRun('approve-demo', {}, 'sam');
  const task = await stack.waitTask(run);
  assert.deepEqual(task.outcomes, ['approve', 'reject']);
  assert.deepEqual(task.form.fields.map((f) => f.name), ['risk', 'confidence', 'ticket', 'comment']);
  const sam = await stack.api('sam');
  const notAssignee = await sam.call('POST', `/api/tasks/${task.id}/complete`, { outcome: 'approve', values: { risk: 'low' } });
  assert.equal(notAssignee.status, 403);
  assert.equal(notAssignee.body.error.code, 'not_assignee');
  const alice = await stack.api('alice');
  const invalid = await alice.call('POST', `/api/tasks/${task.id}/complete`, { outcome: 'approve', values: {} });
  assert.equal(invalid.status, 400, 'risk is required');
  await alice.post(`/api/tasks/${task.id}/complete`, { outcome: 'approve', values: { risk: 'low', comment: 'fine' } });
  assert.equal((await stack.waitRun(run)).state, 'succeeded');
});

test('params-demo refuses bad params with details per field', async () => {
  const admin = await stack.api('admin');
  const bad = await admin.call('POST', '/api/workflows/params-demo/runs', { params: { region: 'mars', data: 'file:///etc' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.details.map((d) => d.field).sort(), ['data', 'region']);
});

test('seedRuns seeds ended runs, every failEvery-th failed', async () => {
  const ids = await stack.seedRuns(40, { failEvery: 10 });
  assert.equal(ids.length, 40);
  const { runs } = await (await stack.api('vera')).get('/api/runs?workflow=quick&state=failed&limit=100');
  assert.equal(runs.length, 4);
});

test('seedReports files a report per period and moves both aliases', async () => {
  const ids = await stack.seedReports();
  assert.equal(ids.length, REPORT_PERIODS.length);
  const vera = await stack.api('vera');
  const { reports } = await vera.get(`/api/reports?model=${REPORT_MODEL}&limit=50`);
  assert.equal(reports.length, REPORT_PERIODS.length);
  const model = await vera.get(`/api/models/${REPORT_MODEL}`);
  assert.deepEqual(model.aliases.map((a) => a.alias).sort(), ['challenger', 'champion']);
});

test('tail-demo keeps logging while it runs, then succeeds', async () => {
  const run = await stack.startRun('tail-demo');
  await stack.waitRun(run, ['running']);
  const vera = await stack.api('vera');
  let log;
  for (let i = 0; i < 50; i++) {
    log = await vera.get(`/api/runs/${run}/steps/tail/log`);
    if (log.total >= 3) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(log.running && log.total >= 3, JSON.stringify(log));
  assert.match(log.lines[0], /tick 1/);
  assert.equal((await stack.waitRun(run)).state, 'succeeded');
});

test('restartServer keeps the port, the data and the sessions', async () => {
  const vera = await stack.api('vera');
  const before = (await vera.get('/api/runs?limit=1')).runs[0].id;
  await stack.restartServer();
  assert.equal((await vera.get('/api/runs?limit=1')).runs[0].id, before);
});

test('stop() ends every process and removes the directory', async () => {
  const other = await startStack();
  const inDir = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`) === other.dir;
      } catch {
        return false;  // gone, or not ours to read
      }
    })
    .map(Number);
  assert.equal(inDir.length, 2, `steward serve and the fake Livy run in ${other.dir}`);
  await other.stop();
  assert.deepEqual(inDir.filter(alive), []);
  assert.equal(existsSync(other.dir), false);
});
