// The inbox and the task page (issue 14, screen 2): alice finds the approve-demo task in her inbox,
// answers it (by mouse, and by keyboard only), the decision banner shows, and the run page turns
// `succeeded` live; a viewer and a user without the role get no outcome buttons, and the API's
// refusal when forced; the Overdue filter and the deadline order; live updates; the decision
// history across re-runs; axe-core and light/dark screenshots of both pages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkA11y, ready, screenshots, signIn, USERS, withStack } from './harness.mjs';

// approve-demo's deploy batch runs 4 s, so the run page is seen `running` before it succeeds.
// review-model registers a version and files a report before it asks alice (by name).
const ctx = withStack({
  livyArgs: ['--batch-seconds-for', '-deploy-=4'],
  workflows: (dataDir) => ({
    'review-model.yaml': `name: review-model
description: Register a version, report on it, then ask alice
steps:
  - id: register
    type: register_model
    model: "risk:review"
    version: "2.1"
    artifact: "hdfs:///models/review/\${run.uid}"
    metrics: {gini: 0.6}
  - id: monitor
    type: report
    scored: "${dataDir}/scored-2026-07.csv"
    reference: "${dataDir}/reference.csv"
    label: churned
    score: p_churn
    features: [tenure, monthly_charges, contract]
    categorical: [contract]
    model: "risk:review"
    model_version: "\${steps.register.outputs.version}"
    period: "2026-07"
  - id: approve
    type: user_task
    title: "Make risk:review \${steps.register.outputs.version} the champion?"
    assignees: {users: [alice]}
    outcomes: [approve, reject]
`,
    'ask-only.yaml': `name: ask-only
description: Only a question (to fill the inbox)
steps:
  - id: ask
    type: user_task
    title: "Question of run \${run.id}"
    assignees: {users: [alice]}
    outcomes: [yes, no]
`,
  }),
});

const title = (runId) => `Approve the churn model of run ${runId}?`;

/** Starts an approve-demo run as admin and waits for its open task; returns {runId, task}. */
async function openTask(params = {}) {
  const runId = await ctx.stack.startRun('approve-demo', params);
  const task = await ctx.stack.waitTask(runId);
  return { runId, task };
}

/** A signed-in page at `path` (sign-in first, then back to `path`), its screen ready. */
async function pageAs(user, path) {
  const page = await ctx.page();
  await page.goto(ctx.stack.baseUrl + path);
  await signIn(page, user);
  await ready(page);
  return page;
}

/** Marks the document so a later check can tell that no reload happened. */
const markDocument = (page) => page.evaluate(() => (window.__inboxTestMark = 'kept'));
const documentKept = async (page) => (await page.evaluate(() => window.__inboxTestMark)) === 'kept';

/** Sets a task's deadline in the store (open tasks otherwise all get approve-demo's 3 days). */
function setDeadline(taskId, atMs) {
  const script =
    'import sqlite3, sys\n' +
    'c = sqlite3.connect(sys.argv[1], timeout=10)\n' +
    'c.execute("UPDATE user_tasks SET deadline_at = ? WHERE id = ?", (int(sys.argv[2]), int(sys.argv[3])))\n' +
    'c.commit()\n';
  const out = spawnSync('python3', ['-c', script, join(ctx.stack.dir, 'steward.db'), String(atMs), String(taskId)], {
    encoding: 'utf8',
  });
  assert.equal(out.status, 0, `setting the deadline of task ${taskId}: ${out.stderr}`);
}

/** Presses Tab (Shift+Tab with back) until the focused element satisfies `want`; returns it. */
async function tabTo(page, want, { max = 80, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      return {
        tag: e?.tagName?.toLowerCase() ?? '',
        id: e?.id ?? '',
        text: (e?.textContent ?? '').trim(),
        href: e?.getAttribute?.('href') ?? '',
      };
    });
    if (want(focused)) return focused;
  }
  throw new Error(`no focusable element matched within ${max} Tab presses`);
}

/** The run page's state (the badge under its title) reaches `state`. */
async function waitRunPageState(page, runId, state, timeout = 20000) {
  await page.waitForURL((url) => url.pathname === `/runs/${runId}`, { timeout: 5000 });
  await page.locator('main .subtitle').getByText(state, { exact: true }).first().waitFor({ timeout });
}

test('alice answers the approve-demo task from the inbox: banner, then the run page turns succeeded live', async () => {
  const { runId, task } = await openTask();
  const page = await pageAs('alice', '/inbox');
  const link = page.getByRole('link', { name: title(runId), exact: true });
  await link.waitFor();
  // The count is the list query's own total.
  const list = await (await ctx.stack.api('alice')).get('/api/tasks?state=open&for=answerable&sort=deadline&limit=1');
  await page.getByTestId('inbox-count').getByText(`${list.total} open`, { exact: true }).waitFor();
  assert.ok(list.total >= 1);
  await markDocument(page);

  await link.click();
  await page.waitForURL((url) => url.pathname === `/tasks/${task.id}`);
  await page.getByRole('heading', { level: 1, name: title(runId) }).waitFor();
  await page.getByText('Trained on emea customers. Check the hold-out figures first.').waitFor();

  // Inline validation: the required risk rating is missing.
  await page.getByRole('button', { name: 'approve', exact: true }).click();
  await page.locator('#task-risk-error').getByText('Required.').waitFor();
  assert.equal(await page.locator('#task-risk').getAttribute('aria-invalid'), 'true');
  await page.waitForFunction(() => document.activeElement?.id === 'task-risk');
  assert.equal((await ctx.stack.api('admin').then((a) => a.get(`/api/tasks/${task.id}`))).state, 'open');

  await page.getByLabel(/^Risk rating/).selectOption('medium');
  await page.getByLabel(/^Change ticket/).fill('CHG-1234');
  await page.getByLabel(/^Comment/).fill('Hold-out KS is fine');
  await page.getByRole('button', { name: 'approve', exact: true }).click();

  const banner = page.getByTestId('decision-banner');
  await banner.waitFor();
  const text = await banner.innerText();
  assert.match(text, /^Approved by alice at \d{4}-\d{2}-\d{2} \d{2}:\d{2}, comment “Hold-out KS is fine”/);
  assert.match(text, /Risk rating: medium/);
  assert.equal(await page.getByRole('button', { name: 'approve', exact: true }).count(), 0, 'no buttons after the answer');

  const stored = await (await ctx.stack.api('admin')).get(`/api/tasks/${task.id}`);
  assert.equal(stored.state, 'completed');
  assert.equal(stored.outcome, 'approve');
  assert.equal(stored.responder, 'alice');
  assert.equal(stored.response.comment, 'Hold-out KS is fine');
  assert.equal(stored.response.risk, 'medium');

  // The decision history of the step holds this answer.
  const history = page.getByRole('table', { name: /Decision history of step approve/ });
  await history.getByRole('row', { name: /this task.*approve.*alice/ }).waitFor();

  // To the run page with the in-app link; it shows `succeeded` once deploy ends, without a reload.
  const before = (await (await ctx.stack.api('admin')).get(`/api/runs/${runId}`)).state;
  await page.getByRole('main').getByRole('link', { name: `run ${runId}`, exact: true }).first().click();
  await waitRunPageState(page, runId, 'succeeded');
  assert.notEqual(before, 'succeeded', 'the run had not ended when its page opened (the change was seen live)');
  assert.ok(await documentKept(page), 'no page reload');
  assert.deepEqual(page.problems, []);
});

test('the same answer by keyboard only (Tab, Enter, Space, typing)', async () => {
  const { runId, task } = await openTask({ region: 'apac' });
  const page = await ctx.page();
  await page.goto(`${ctx.stack.baseUrl}/inbox`);
  // Sign in: the user name field has the focus.
  await page.getByLabel('User name', { exact: true }).waitFor();
  await page.keyboard.type('alice');
  await page.keyboard.press('Tab');
  await page.keyboard.type(USERS.alice.password);
  await page.keyboard.press('Enter');
  await ready(page);
  await page.getByRole('link', { name: title(runId), exact: true }).waitFor();
  await markDocument(page);

  await tabTo(page, (e) => e.tag === 'a' && e.href === `/tasks/${task.id}`);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === `/tasks/${task.id}`);
  await ready(page);
  await page.getByRole('heading', { level: 1, name: title(runId) }).waitFor();

  await tabTo(page, (e) => e.id === 'task-risk');
  await page.keyboard.type('high'); // a closed <select> picks the option typed
  assert.equal(await page.locator('#task-risk').inputValue(), 'high');
  await tabTo(page, (e) => e.id === 'task-comment');
  await page.keyboard.type('Checked by keyboard');
  await tabTo(page, (e) => e.tag === 'button' && e.text === 'approve');
  await page.keyboard.press('Space');

  const banner = page.getByTestId('decision-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /^Approved by alice at .*, comment “Checked by keyboard”/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'decision', 'focus moves to the banner');

  // From the banner, Tab reaches the run link; Enter opens the run page, which turns succeeded.
  await tabTo(page, (e) => e.tag === 'a' && e.href === `/runs/${runId}`);
  await page.keyboard.press('Enter');
  await waitRunPageState(page, runId, 'succeeded');
  assert.ok(await documentKept(page), 'no page reload');
  const stored = await (await ctx.stack.api('admin')).get(`/api/tasks/${task.id}`);
  assert.equal(stored.outcome, 'approve');
  assert.equal(stored.response.risk, 'high');
  assert.deepEqual(page.problems, []);
});

test('vera (viewer) and sam (no model_owner role) get no outcome buttons; the API refuses them', async () => {
  const { task } = await openTask();
  for (const user of ['vera', 'sam']) {
    const page = await pageAs(user, `/tasks/${task.id}`);
    await page.getByRole('heading', { level: 1, name: task.title }).waitFor();
    const note = page.getByTestId('answer-note');
    await note.waitFor();
    assert.match(await note.innerText(), new RegExp(`^Only users with role model_owner can answer this task\\. You are signed in as ${user}`));
    for (const outcome of ['approve', 'reject']) {
      assert.equal(await page.getByRole('button', { name: outcome, exact: true }).count(), 0, `${user} sees no ${outcome}`);
    }
    assert.equal(await page.locator('#task-risk').count(), 0, `${user} sees no form`);

    // Forced from the page with the session's CSRF token: the API refuses with 403 not_assignee.
    const forced = await page.evaluate(async (id) => {
      const session = await (await fetch('/api/session')).json();
      const answer = await fetch(`/api/tasks/${id}/complete`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token },
        body: JSON.stringify({ outcome: 'approve', values: { risk: 'low' } }),
      });
      return { status: answer.status, body: await answer.json() };
    }, task.id);
    assert.equal(forced.status, 403, `${user}: ${JSON.stringify(forced.body)}`);
    if (user === 'sam') assert.equal(forced.body.error.code, 'not_assignee');
    if (user === 'vera') await checkA11y(page, 'task-refused');
    if (user === 'vera') await screenshots(page, 'task-refused');
    assert.deepEqual(page.problems, []);
  }
  assert.equal((await (await ctx.stack.api('admin')).get(`/api/tasks/${task.id}`)).state, 'open');
});

test('a page that offers the form to a non-assignee shows the API refusal on answering', async () => {
  const { task } = await openTask();
  const page = await ctx.page();
  // A stale page: the task as it was when sam was an assignee (the API has the truth).
  await page.route(`**/api/tasks/${task.id}`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.assignees = { users: ['sam'], roles: body.assignees.roles };
    await route.fulfill({ response, json: body });
  });
  await page.goto(`${ctx.stack.baseUrl}/tasks/${task.id}`);
  await signIn(page, 'sam');
  await ready(page);
  await page.getByLabel(/^Risk rating/).selectOption('low');
  await page.getByRole('button', { name: 'approve', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Your answer was refused' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /user 'sam' may not answer task \d+.*\(403 not_assignee\)/s);
  assert.equal((await (await ctx.stack.api('admin')).get(`/api/tasks/${task.id}`)).state, 'open');
  page.problems = page.problems.filter((p) => !p.includes('403')); // the refused POST's console line
  assert.deepEqual(page.problems, []);
});

test("the API's form_invalid message shows on the field it names", async () => {
  const { task } = await openTask();
  const page = await ctx.page();
  // A page whose form is older than the workflow's: risk was optional then; the API requires it.
  await page.route(`**/api/tasks/${task.id}`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.form.fields = body.form.fields.map((f) => (f.name === 'risk' ? { ...f, required: false } : f));
    await route.fulfill({ response, json: body });
  });
  await page.goto(`${ctx.stack.baseUrl}/tasks/${task.id}`);
  await signIn(page, 'alice');
  await ready(page);
  await page.getByRole('button', { name: 'approve', exact: true }).click();
  await page.locator('#task-risk-error').getByText("missing required form field 'risk'").waitFor();
  assert.equal(await page.locator('#task-risk').getAttribute('aria-invalid'), 'true');
  const alert = page.getByRole('alert').filter({ hasText: 'Your answer was refused' });
  assert.match(await alert.innerText(), /\(400 form_invalid\)/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'task-risk', 'focus on the field at fault');
  assert.equal((await (await ctx.stack.api('admin')).get(`/api/tasks/${task.id}`)).state, 'open');
  page.problems = page.problems.filter((p) => !p.includes('400'));
  assert.deepEqual(page.problems, []);
});

test('the inbox orders by deadline (least time left first) and the Overdue filter keeps the overdue one', async () => {
  // Three tasks, oldest first; the oldest is overdue, the newest due in an hour, the middle in 3 days.
  const a = await openTask();
  const b = await openTask();
  const c = await openTask();
  setDeadline(a.task.id, Date.now() - 2 * 3600_000);
  setDeadline(c.task.id, Date.now() + 3600_000);

  const page = await pageAs('alice', '/inbox');
  await page.getByRole('link', { name: title(c.runId), exact: true }).waitFor();
  const rows = page.locator('main table tbody tr');
  const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('a')?.textContent ?? ''));
  const pos = (runId) => order.indexOf(title(runId));
  assert.ok(pos(a.runId) >= 0 && pos(b.runId) >= 0 && pos(c.runId) >= 0, order.join(' | '));
  assert.ok(pos(a.runId) < pos(c.runId) && pos(c.runId) < pos(b.runId), `deadline order: ${order.join(' | ')}`);
  const overdueRow = rows.filter({ has: page.getByRole('link', { name: title(a.runId), exact: true }) });
  assert.match(await overdueRow.innerText(), /\b2 h( \d+ min)? overdue\b/);
  assert.match(await rows.filter({ has: page.getByRole('link', { name: title(c.runId), exact: true }) }).innerText(), /\b(59 min( \d+ s)?|1 h) left\b/);
  await checkA11y(page, 'inbox');
  await screenshots(page, 'inbox');

  const overdue = page.getByRole('button', { name: 'Overdue', exact: true });
  await overdue.click();
  await page.waitForURL((url) => url.searchParams.get('filter') === 'overdue');
  assert.equal(await overdue.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('button', { name: 'Mine', exact: true }).getAttribute('aria-pressed'), 'false');
  await page.getByTestId('inbox-count').getByText('1 overdue', { exact: true }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('main table tbody tr').length === 1);
  assert.equal(await rows.locator('a').first().innerText(), title(a.runId));

  // The filter is in the URL: a reload keeps it.
  await page.reload();
  await ready(page);
  assert.equal(await page.getByRole('button', { name: 'Overdue', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.getByTestId('inbox-count').getByText('1 overdue', { exact: true }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('the inbox and the task page follow live events; an empty inbox says so', async () => {
  const page = await pageAs('alice', '/inbox');
  await markDocument(page);
  // A new task appears without a reload.
  const { runId, task } = await openTask();
  await page.getByRole('link', { name: title(runId), exact: true }).waitFor({ timeout: 15000 });

  // Another page of alice's shows the task; her answer from elsewhere shows the banner there.
  const other = await pageAs('alice', `/tasks/${task.id}`);
  await markDocument(other);
  await other.getByRole('button', { name: 'approve', exact: true }).waitFor();
  await (await ctx.stack.api('alice')).post(`/api/tasks/${task.id}/complete`, { outcome: 'reject', values: { risk: 'high', comment: 'Too risky' } });
  const banner = other.getByTestId('decision-banner');
  await banner.waitFor({ timeout: 15000 });
  assert.match(await banner.innerText(), /^Rejected by alice at .*, comment “Too risky”/);
  assert.equal(await other.getByRole('button', { name: 'approve', exact: true }).count(), 0);
  assert.ok(await documentKept(other), 'the task page was not reloaded');

  // ... and the inbox drops it live.
  await page.getByRole('link', { name: title(runId), exact: true }).waitFor({ state: 'detached', timeout: 15000 });
  assert.ok(await documentKept(page), 'the inbox was not reloaded');

  // vera may answer nothing: her inbox says what the empty list means.
  const vera = await pageAs('vera', '/inbox');
  await vera.getByText(/^Nothing waits for you/).waitFor();
  assert.equal(await vera.getByTestId('inbox-count').innerText(), '0 open');
  assert.deepEqual([...page.problems, ...other.problems, ...vera.problems], []);
});

test('the task of a re-run shows the decision taken on the first run', async () => {
  const { runId, task } = await openTask();
  await (await ctx.stack.api('alice')).post(`/api/tasks/${task.id}/complete`, { outcome: 'approve', values: { risk: 'low', comment: 'First look' } });
  await ctx.stack.waitRun(runId);
  const rerun = (await (await ctx.stack.api('admin')).post(`/api/runs/${runId}/rerun`)).id;
  const again = await ctx.stack.waitTask(rerun);

  const page = await pageAs('alice', `/tasks/${again.id}`);
  const history = page.getByRole('table', { name: /Decision history of step approve/ });
  const row = history.getByRole('row', { name: new RegExp(`run ${runId} task ${task.id} completed approve alice`) });
  await row.waitFor();
  assert.match(await row.innerText(), /comment “First look”/);
  await page.getByRole('button', { name: 'approve', exact: true }).waitFor();
  await checkA11y(page, 'task');
  await screenshots(page, 'task');

  // Answered: the banner and both decisions.
  await page.getByLabel(/^Risk rating/).selectOption('low');
  await page.getByRole('button', { name: 'reject', exact: true }).click();
  await page.getByTestId('decision-banner').waitFor();
  await history.getByRole('row', { name: /this task.*reject.*alice/ }).waitFor();
  assert.equal(await history.locator('tbody tr').count(), 2);
  await checkA11y(page, 'task-answered');
  await screenshots(page, 'task-answered');
  assert.deepEqual(page.problems, []);
});

test('the task page names the model version and the latest report figures of its run, with links', async () => {
  const runId = await ctx.stack.startRun('review-model');
  const task = await ctx.stack.waitTask(runId);
  const run = await (await ctx.stack.api('admin')).get(`/api/runs/${runId}`);
  const outputs = (id) => run.steps.find((s) => s.id === id).attempts.at(-1).outputs;
  const { version } = outputs('register');
  const { report_id: reportId, metrics, stability } = outputs('monitor');
  assert.match(version, /^2\.1\.\d+$/);

  const page = await pageAs('alice', `/tasks/${task.id}`);
  const card = page.getByRole('region', { name: 'Model and figures' });
  await card.waitFor();
  const model = card.getByRole('link', { name: 'risk:review', exact: true });
  assert.equal(await model.getAttribute('href'), '/models/risk%3Areview');
  assert.match(await card.innerText(), new RegExp(`risk:review version ${version.replace(/\./g, '\\.')}`));
  const report = card.getByRole('link', { name: `report ${reportId}`, exact: true });
  assert.equal(await report.getAttribute('href'), `/reports/${reportId}`);
  assert.match(await card.innerText(), new RegExp(`Gini ${metrics.gini.toFixed(4)}`));
  assert.match(await card.innerText(), new RegExp(`KS ${metrics.ks.toFixed(4)}`));
  assert.match(await card.innerText(), new RegExp(`Score PSI ${stability.score_psi.toFixed(4)}`));
  // alice is an assignee by name: the form is hers.
  await page.getByRole('button', { name: 'approve', exact: true }).waitFor();
  await screenshots(page, 'task-model');

  // A run without a model or report (approve-demo) shows no such card.
  const plain = await openTask();
  await page.goto(`${ctx.stack.baseUrl}/tasks/${plain.task.id}`);
  await ready(page);
  await page.getByRole('heading', { level: 1, name: title(plain.runId) }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Model and figures' }).count(), 0);
  assert.deepEqual(page.problems, []);
});

test('the inbox pages through the server: 25 a page, the page in the URL, the count from the total', async () => {
  const ids = [];
  for (let i = 0; i < 27; i++) ids.push(await ctx.stack.startRun('ask-only'));
  for (const id of ids) await ctx.stack.waitTask(id);
  const { total } = await (await ctx.stack.api('alice')).get('/api/tasks?state=open&for=answerable&sort=deadline&limit=1');
  assert.ok(total > 25, `total ${total}`);

  const page = await pageAs('alice', '/inbox');
  await page.getByTestId('inbox-count').getByText(`${total} open`, { exact: true }).waitFor();
  const rowCount = (n) => page.waitForFunction((want) => document.querySelectorAll('main table tbody tr').length === want, n);
  await rowCount(25);
  await page.getByText(`Showing 1–25 of ${total}`).waitFor();
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.waitForURL((url) => url.searchParams.get('offset') === '25');
  await page.getByText(`Showing 26–${total} of ${total}`).waitFor();
  await rowCount(total - 25);
  await page.waitForFunction(() => [...document.querySelectorAll('.pager button')].some((b) => b.textContent === 'Next →' && b.disabled));
  // The nav badge counts the same query.
  await page.getByRole('navigation', { name: 'Main' }).getByLabel(`${total} open`).filter({ hasText: new RegExp(`^${total}$`) }).waitFor();
  await page.getByRole('button', { name: '← Previous' }).click();
  await page.waitForURL((url) => !url.searchParams.has('offset'));
  await page.getByText(`Showing 1–25 of ${total}`).waitFor();
  await rowCount(25);
  assert.deepEqual(page.problems, []);
});
