// The browser-test harness of the web UI (tests/ui/README.md): a real `steward serve` with a
// temporary database and the fake Livy (tests/fake_livy/), test users and workflows, and headless
// Debian Chromium driven by playwright-core, with axe-core checks and light/dark screenshots.
//
//   import { withStack, signIn, checkA11y, screenshots } from './harness.mjs';
//   const ctx = withStack();                      // before: stack + browser; after: all stopped
//   test('...', async () => { const page = await ctx.page(); await page.goto(ctx.stack.baseUrl); ... });
//
// Environment (set by tests/ui/CMakeLists.txt): STEWARD_BIN, FAKE_LIVY_BIN, UI_NODE_MODULES,
// STEWARD_UI_SHOTS (screenshots; default build/ui-shots), STEWARD_UI_DIR (serve this directory with
// --ui-dir instead of the embedded UI), STEWARD_UI_DIST (a built UI, or "build", served by
// ui/tools/dev-proxy.mjs in front of the server), CHROMIUM (default /usr/bin/chromium).
// Node 18 or newer; every process started here is stopped by stop(), at exit, and (if this
// process is killed) by a watchdog shell within a second.
import { after, before } from 'node:test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
const nodeModules = resolve(process.env.UI_NODE_MODULES ?? join(repoRoot, 'ui/node_modules'));
const requireUi = createRequire(join(nodeModules, '..', 'package.json'));

function need(module) {
  try {
    return requireUi(module);
  } catch (error) {
    throw new Error(`harness: cannot load ${module} from ${nodeModules} (run 'npm ci' in ui/): ${error.message}`);
  }
}

/// The accounts of every stack: name -> {password, roles}. Passwords are set as Argon2id hashes
/// (`steward user hash`) in the config.
export const USERS = {
  alice: { password: 'alice-password-1', roles: ['model_owner'] },
  vera: { password: 'vera-password-1', roles: ['viewer'] },
  sam: { password: 'sam-password-1', roles: ['model_steward'] },
  admin: { password: 'admin-password-1', roles: ['platform_admin'] },
};

/// The model the `score-report` workflow registers, promotes and reports on.
export const REPORT_MODEL = 'risk:churn';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Processes: every child is tracked until it exits; at exit the rest are killed.

const live = new Set();

function killAll(signal = 'SIGKILL') {
  for (const child of live) {
    try {
      process.kill(child.pid, signal);
    } catch {
      // already gone
    }
  }
}
process.on('exit', () => killAll());
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + number);
  });
}

function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

// A shell that kills `pids` and removes `dir` once this process is gone (killed with SIGKILL by a
// ctest timeout).
function watchdog(pids, dir) {
  // A zombie (killed, not yet reaped) counts as gone.
  const script =
    'while kill -0 "$0" 2>/dev/null && [ "$(cut -d" " -f3 /proc/$0/stat 2>/dev/null)" != Z ]; do sleep 0.5; done; ' +
    'kill -9 "$@" 2>/dev/null; sleep 0.5; rm -rf "$STACK_DIR"; exit 0';
  const child = spawn('sh', ['-c', script, String(process.pid), ...pids.map(String)], {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, STACK_DIR: dir },
  });
  child.unref();
  return track(child);
}

async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    child.kill('SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

// Starts `command`, returns {child, firstLine}; stderr goes to `logFile`.
function startProcess(command, args, { cwd, logFile, input }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = track(spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] }));
  child.stderr.pipe(log);
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  const lines = createInterface({ input: child.stdout });
  const firstLine = new Promise((resolveLine, reject) => {
    lines.once('line', (line) => resolveLine(line.trim()));
    child.once('exit', (code, signal) => {
      let tail = '';
      try {
        tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        // no log
      }
      reject(new Error(`${command} exited (${code ?? signal}) before its first line:\n${tail}`));
    });
  });
  lines.on('line', () => {});  // keep draining stdout
  return { child, firstLine };
}

// A free loopback port (closed again at once; for a child that takes --port).
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function binary(variable, fallback) {
  const path = process.env[variable] ?? join(repoRoot, fallback);
  return resolve(path);
}

/// Argon2id hashes of the test passwords (one `steward user hash` each, cached per process).
const hashes = new Map();
function passwordHash(steward, password) {
  if (!hashes.has(password)) {
    const out = spawnSync(steward, ['user', 'hash', '--password-stdin'], { input: `${password}\n`, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`steward user hash failed: ${out.stderr}`);
    hashes.set(password, out.stdout.trim());
  }
  return hashes.get(password);
}

// ---------------------------------------------------------------------------------------------
// The stack's files: config, workflows, jobs, report data.

function writeFile(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

// A small deterministic generator (mulberry32), so the report data are the same in every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// Scored rows (label churned, score p_churn, features tenure, monthly_charges, contract) of one
/// period: `drift` shifts the monthly charges and blurs the score (0 = like the reference).
export function reportCsv(seed, rows, drift) {
  const next = random(seed);
  const out = ['churned,p_churn,tenure,monthly_charges,contract'];
  const contracts = ['monthly', 'yearly', 'two_year'];
  for (let i = 0; i < rows; i++) {
    const tenure = Math.floor(next() * 72);
    const charges = 20 + next() * 100 * (1 + drift);
    const contract = contracts[Math.floor(next() * (drift > 0.2 ? 1.6 : 3))];
    const risk = 0.6 - tenure / 120 + (contract === 'monthly' ? 0.25 : -0.1) + (charges - 70) / 400;
    const churned = next() < Math.min(0.95, Math.max(0.02, risk)) ? 1 : 0;
    const noise = (next() - 0.5) * (0.3 + drift);
    const score = Math.min(0.999, Math.max(0.001, risk + noise));
    out.push(`${churned},${score.toFixed(4)},${tenure},${charges.toFixed(2)},${contract}`);
  }
  return out.join('\n') + '\n';
}

/// The report workflow's periods and their drift (the trend chart's x axis).
export const REPORT_PERIODS = [
  ['2026-07', 0.0],
  ['2026-08', 0.05],
  ['2026-09', 0.1],
  ['2026-10', 0.2],
  ['2026-11', 0.3],
];

function workflows(dataDir) {
  return {
    // (a) an approval between two Spark steps; after "approve" the run ends succeeded.
    'approve-demo.yaml': `name: approve-demo
description: Train on Spark, ask the model owner, then deploy
params:
  region: {type: enum, values: [emea, amer, apac], default: emea, description: Which customers}
steps:
  - id: train
    name: Train on Spark
    type: livy_batch
    file: jobs/demo/train.py
    args: [--region, "\${params.region}"]
  - id: approve
    name: Approve the model
    type: user_task
    title: "Approve the churn model of run \${run.id}?"
    description: "Trained on \${params.region} customers. Check the hold-out figures first."
    assignees: {roles: [model_owner]}
    form:
      risk: {type: enum, values: [low, medium, high], required: true, label: Risk rating}
      confidence: {type: number, default: 80, label: Confidence in percent}
      ticket: {type: string, label: Change ticket}
      comment: {type: text, label: Comment}
    outcomes: [approve, reject]
    timeout: 3d
    next: {approve: deploy, reject: rejected}
  - id: deploy
    name: Deploy on Spark
    type: livy_batch
    file: jobs/demo/deploy.py
    next: end
  - id: rejected
    type: fail
    message: "the model of run \${run.id} was rejected"
`,
    // (b) a trivial run for seeding lists; outcome=fail ends it failed.
    'quick.yaml': `name: quick
description: A trivial run (a gate), for seeding
params:
  outcome: {type: enum, values: [pass, fail], default: pass}
steps:
  - id: check
    type: gate
    cases:
      - if: params.outcome == "fail"
        goto: broken
    default: end
  - id: broken
    type: fail
    message: asked to fail
`,
    // (c) a batch that runs for a while printing "tick N" lines (fake Livy --batch-seconds-for -tail-).
    'tail-demo.yaml': `name: tail-demo
description: A long Spark batch that keeps logging (live tail)
steps:
  - id: tail
    name: Long batch
    type: livy_batch
    file: jobs/demo/tail.py
`,
    // (d) typed params for the trigger form.
    'params-demo.yaml': `name: params-demo
description: Typed params for the Start-a-run form
params:
  region: {type: enum, values: [emea, amer, apac], required: true, description: Which customers}
  rows: {type: integer, default: 1000, description: Rows to sample}
  ks_min: {type: number, default: 0.3, description: Minimum KS}
  data: {type: string, default: "hdfs:///data/churn", pattern: '^hdfs:///data/[a-z0-9_/]+$', description: Input data}
  dry_run: {type: boolean, default: false}
  period: {type: duration, default: 7d}
steps:
  - id: extract
    type: livy_batch
    file: jobs/demo/train.py
    args: [--region, "\${params.region}", --rows, "\${params.rows}", --data, "\${params.data}"]
`,
    // (e) register a version, make it champion, and file a report under the model for a period.
    'score-report.yaml': `name: score-report
description: Register, promote and monitor ${REPORT_MODEL} for one period
params:
  period: {type: string, default: "2026-07", pattern: '^[0-9]{4}-[0-9]{2}$'}
  promote: {type: enum, values: [champion, challenger], default: champion}
  model: {type: string, default: "${REPORT_MODEL}"}
steps:
  - id: register
    type: register_model
    model: "\${params.model}"
    version: "1.0"
    artifact: "hdfs:///models/churn/\${run.uid}"
    metrics: {gini: 0.61, ks: 0.45}
    tags: {period: "\${params.period}"}
  - id: which
    type: gate
    cases:
      - if: params.promote == "challenger"
        goto: challenger
    default: champion
  - id: champion
    type: promote_model
    model: "\${params.model}"
    version: "\${steps.register.outputs.version}"
    alias: champion
    next: monitor
  - id: challenger
    type: promote_model
    model: "\${params.model}"
    version: "\${steps.register.outputs.version}"
    alias: challenger
  - id: monitor
    name: Performance and drift
    type: report
    scored: "${dataDir}/scored-\${params.period}.csv"
    reference: "${dataDir}/reference.csv"
    label: churned
    score: p_churn
    features: [tenure, monthly_charges, contract]
    categorical: [contract]
    model: "\${params.model}"
    model_version: "\${steps.register.outputs.version}"
    period: "\${params.period}"
  # The thresholds the models dashboard's health and the trend's threshold line read.
  - id: healthy
    type: gate
    cases:
      - if: steps.monitor.metrics.ks >= 0.3 and steps.monitor.stability.score_psi <= 0.2
        goto: end
    default: end
`,
  };
}

function config({ livyPort, hashes: userHashes, extra }) {
  const users = Object.entries(USERS)
    .map(([name, u]) => `  ${name}: {roles: [${u.roles.join(', ')}], password_hash: "${userHashes[name]}"}`)
    .join('\n');
  return `http: {listen: '127.0.0.1:0'}
livy: {url: 'http://127.0.0.1:${livyPort}', poll_interval: 100ms, log_interval: 200ms}
store: {path: steward.db}
workflows_dir: workflows
jobs_dir: jobs
data_roots: [data]
auth:
  mode: local
  signin: {max_failures: 1000, window: 1m}
roles:
  model_owner: {description: Approves models, permissions: [view, answer, promote]}
  viewer: {description: Reads everything, permissions: [view]}
  model_steward: {description: Runs the workflows, permissions: [view, trigger, cancel, answer]}
  platform_admin: {description: Everything, permissions: [view, trigger, cancel, answer, promote, admin]}
users:
${users}
logging: {level: info}
${extra ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// HTTP as a signed-in user.

/// A signed-in API client: `call(method, path, body)` -> {status, headers, body (JSON or text)};
/// get/post/put/del shorthands. Changes carry the CSRF token and the server's Origin.
async function signedIn(baseUrl, user, password) {
  const answer = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl },
    body: JSON.stringify({ user, password }),
  });
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`sign-in as ${user}: ${answer.status} ${text}`);
  const session = JSON.parse(text);
  const setCookie = answer.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0];
  const call = async (method, path, body) => {
    const headers = { Cookie: cookie };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = session.csrf_token;
      headers.Origin = baseUrl;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await response.text();
    let parsed = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  const ok = async (method, path, body) => {
    const r = await call(method, path, body);
    if (r.status < 200 || r.status > 299) {
      throw new Error(`${user}: ${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
    }
    return r.body;
  };
  return {
    user,
    session,
    cookie,
    call,
    get: (path) => ok('GET', path),
    post: (path, body = {}) => ok('POST', path, body),
    put: (path, body = {}) => ok('PUT', path, body),
    del: (path) => ok('DELETE', path),
  };
}

// ---------------------------------------------------------------------------------------------
// The stack.

/// Starts the fake Livy and `steward serve` in a temporary directory with the test users
/// (USERS) and workflows approve-demo, quick, tail-demo, params-demo and score-report.
/// options: {tailSeconds = 30 (how long tail-demo's batch runs), tickSeconds = 0.5 (its log
/// lines), livyArgs = [], serveArgs = [], uiDir = $STEWARD_UI_DIR (steward serve --ui-dir),
/// uiDist = $STEWARD_UI_DIST (a built UI served by ui/tools/dev-proxy.mjs in front of the server;
/// "build": built here first), config (YAML appended to the config), reports = false (run
/// score-report for every REPORT_PERIODS entry before returning)}.
/// Returns {baseUrl (the UI's origin), serverUrl (steward serve's), dir, api(user), startRun, waitRun, waitTask, seedRuns, seedReports,
/// restartServer({pauseMs}), serverLog(), stop()}.
export async function startStack(options = {}) {
  const steward = binary('STEWARD_BIN', 'build/steward');
  const fakeLivy = binary('FAKE_LIVY_BIN', 'build/tests/fake_livy/fake_livy_server');
  const dir = mkdtempSync(join(tmpdir(), 'steward-ui-'));
  const children = [];
  let watcher;
  const stop = async () => {
    await Promise.all(children.reverse().map((c) => stopChild(c)));
    await stopChild(watcher, 1000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const dataDir = join(dir, 'data');
    for (const [name, text] of Object.entries(workflows(dataDir))) writeFile(join(dir, 'workflows', name), text);
    for (const job of ['train', 'deploy', 'tail']) writeFile(join(dir, 'jobs/demo', `${job}.py`), `print("${job}")\n`);
    writeFile(join(dataDir, 'reference.csv'), reportCsv(1, 3000, 0));
    REPORT_PERIODS.forEach(([period, drift], i) =>
      writeFile(join(dataDir, `scored-${period}.csv`), reportCsv(100 + i, 3000, drift)),
    );

    const livy = startProcess(
      fakeLivy,
      [
        '--batch-seconds', '0.3',
        '--batch-seconds-for', `-tail-=${options.tailSeconds ?? 30}`,
        '--batch-log-seconds', String(options.tickSeconds ?? 0.5),
        '--app-info',
        ...(options.livyArgs ?? []),
      ],
      { cwd: dir, logFile: join(dir, 'fake_livy.log') },
    );
    children.push(livy.child);
    const livyPort = Number(await livy.firstLine);

    const userHashes = Object.fromEntries(Object.entries(USERS).map(([n, u]) => [n, passwordHash(steward, u.password)]));
    writeFile(join(dir, 'steward.yaml'), config({ livyPort, hashes: userHashes, extra: options.config }));
    const uiDir = options.uiDir ?? process.env.STEWARD_UI_DIR;
    const prefix = 'steward: listening on ';
    let serve;
    // Starts steward serve (on `listen`, else a free port); returns its base URL.
    const startServe = async (listen) => {
      const args = ['serve', '--config', 'steward.yaml', ...(uiDir ? ['--ui-dir', uiDir] : [])];
      if (listen) args.push('--listen', listen);
      serve = startProcess(steward, [...args, ...(options.serveArgs ?? [])], { cwd: dir, logFile: join(dir, 'serve.log') });
      children.push(serve.child);
      await stopChild(watcher, 1000);
      watcher = watchdog(children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => c.pid), dir);
      const line = await serve.firstLine;
      if (!line.startsWith(prefix)) throw new Error(`steward serve did not start: ${line}`);
      return line.slice(prefix.length).replace(/\/$/, '');
    };
    const serverUrl = await startServe();
    let baseUrl = serverUrl;
    const uiDist = options.uiDist ?? process.env.STEWARD_UI_DIST;
    if (uiDist) {
      // Until the binary serves the UI: ui/tools/dev-proxy.mjs serves a built UI and forwards
      // /api/ to the server ("build": build it here first with ui/build.mjs).
      let dist = uiDist;
      if (uiDist === 'build') {
        dist = join(dir, 'ui-dist');
        const built = spawnSync(process.execPath, [join(repoRoot, 'ui/build.mjs'), '--outdir', dist], { encoding: 'utf8' });
        if (built.status !== 0) throw new Error(`ui/build.mjs failed: ${built.stderr}`);
      }
      const proxy = startProcess(
        process.execPath,
        [join(repoRoot, 'ui/tools/dev-proxy.mjs'), '--dist', resolve(dist), '--api', serverUrl, '--port', String(await freePort())],
        { cwd: dir, logFile: join(dir, 'dev-proxy.log') },
      );
      children.push(proxy.child);
      await stopChild(watcher, 1000);
      watcher = watchdog(children.map((c) => c.pid), dir);
      const line = await proxy.firstLine;
      const found = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (!found) throw new Error(`dev-proxy did not start: ${line}`);
      baseUrl = found[1];
    }

    /// Stops steward serve (SIGTERM: open event streams and connections drop) and starts it
    /// again on the same port and database; sessions survive. `pauseMs`: time between the two.
    const restartServer = async ({ pauseMs = 0 } = {}) => {
      await stopChild(serve.child);
      if (pauseMs) await sleep(pauseMs);
      await startServe(new URL(serverUrl).host);
    };

    const clients = new Map();
    const api = async (user) => {
      if (!clients.has(user)) clients.set(user, await signedIn(baseUrl, user, USERS[user]?.password ?? ''));
      return clients.get(user);
    };

    /// Starts a run as `user` (default admin); returns its id.
    const startRun = async (workflow, params = {}, user = 'admin') =>
      (await (await api(user)).post(`/api/workflows/${workflow}/runs`, { params })).id;

    /// Waits until run `id` is in one of `states` (default: a terminal state); returns the run.
    const waitRun = async (id, states = [...TERMINAL], timeoutMs = 30000) => {
      const client = await api('admin');
      const deadline = Date.now() + timeoutMs;
      let run;
      while (Date.now() < deadline) {
        run = await client.get(`/api/runs/${id}`);
        if (states.includes(run.state)) return run;
        if (TERMINAL.has(run.state)) break;
        await sleep(50);
      }
      throw new Error(`run ${id} is ${run?.state}, expected ${states.join('|')}`);
    };

    /// Waits until run `runId` has an open task; returns the task.
    const waitTask = async (runId, timeoutMs = 30000) => {
      await waitRun(runId, ['waiting'], timeoutMs);
      const { tasks } = await (await api('admin')).get(`/api/tasks?run=${runId}`);
      if (!tasks.length) throw new Error(`run ${runId} waits without an open task`);
      return tasks[0];
    };

    /// Starts `n` runs of `quick` (every `failEvery`-th one fails; 0: none) and waits until all
    /// have ended; returns their ids, oldest first.
    const seedRuns = async (n, { failEvery = 0, concurrency = 8 } = {}) => {
      const ids = new Array(n);
      let next = 0;
      const worker = async () => {
        while (next < n) {
          const i = next++;
          const outcome = failEvery > 0 && (i + 1) % failEvery === 0 ? 'fail' : 'pass';
          ids[i] = await startRun('quick', { outcome });
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
      const client = await api('admin');
      const deadline = Date.now() + 60000 + n * 100;
      for (const id of [...ids].reverse()) {
        while (!TERMINAL.has((await client.get(`/api/runs/${id}`)).state)) {
          if (Date.now() > deadline) throw new Error(`seeded run ${id} did not end`);
          await sleep(20);
        }
      }
      return ids;
    };

    /// Runs score-report once per REPORT_PERIODS entry (champion each time but the last, which
    /// becomes challenger), waits for them; returns the run ids.
    const seedReports = async () => {
      const ids = [];
      for (const [i, [period]] of REPORT_PERIODS.entries()) {
        const promote = i === REPORT_PERIODS.length - 1 ? 'challenger' : 'champion';
        const id = await startRun('score-report', { period, promote });
        const run = await waitRun(id);
        if (run.state !== 'succeeded') throw new Error(`score-report run ${id} ${run.state}: ${JSON.stringify(run)}`);
        ids.push(id);
      }
      return ids;
    };

    const stack = {
      baseUrl,
      serverUrl,
      dir,
      api,
      startRun,
      waitRun,
      waitTask,
      seedRuns,
      seedReports,
      restartServer,
      serverLog: () => readFileSync(join(dir, 'serve.log'), 'utf8'),
      stop,
    };
    if (options.reports) await seedReports();
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The browser.

/// Launches headless Chromium ($CHROMIUM, default /usr/bin/chromium) through playwright-core.
export async function openBrowser() {
  const { chromium } = need('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/// A new page (own context: own cookies) that records console errors, failed requests and
/// uncaught exceptions in `page.problems` (strings).
export async function newPage(browser, { colorScheme = 'light', viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    // Chromium logs every HTTP error answer of a fetch ("Failed to load resource: the server
    // responded with a status of 401"); refusals the screens show are expected, not problems.
    const text = message.text();
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) {
      page.problems.push(`console: ${text}`);
    }
  });
  page.on('pageerror', (error) => page.problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    if (!failure.includes('ERR_ABORTED')) page.problems.push(`request failed: ${request.url()} ${failure}`);
  });
  return page;
}

/// Signs in on the sign-in screen: fills "User name" and "Password" (USERS[user].password unless
/// `password` is given) and presses "Sign in". With `wait` (default), waits until the sign-in
/// button is gone (a wrong password keeps it: pass wait: false).
export async function signIn(page, user, { password = USERS[user]?.password, wait = true } = {}) {
  await page.getByLabel('User name', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password ?? '');
  const button = page.getByRole('button', { name: 'Sign in', exact: true });
  await button.click();
  if (wait) await button.waitFor({ state: 'detached', timeout: 10000 });
}

let axeSource;

/// Runs axe-core on the page in light and dark (or `schemes`) and throws listing every
/// violation of impact serious or critical. Returns all violations found (any impact).
export async function checkA11y(page, name, { schemes = ['light', 'dark'], exclude = [] } = {}) {
  axeSource ??= readFileSync(requireUi.resolve('axe-core/axe.min.js'), 'utf8');
  const found = [];
  const blocking = [];
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
    const result = await page.evaluate(
      (excluded) => window.axe.run({ exclude: excluded.map((s) => [s]) }, { resultTypes: ['violations'] }),
      exclude,
    );
    for (const v of result.violations) {
      found.push({ ...v, colorScheme });
      if (v.impact === 'serious' || v.impact === 'critical') {
        const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`);
        blocking.push(`  [${colorScheme}] ${v.id} (${v.impact}): ${v.help} (${v.nodes.length} nodes)\n${nodes.join('\n')}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: schemes.includes('light') ? 'light' : schemes[0] });
  if (blocking.length) throw new Error(`axe on '${name}': serious or critical violations:\n${blocking.join('\n')}`);
  return found;
}

/// The screenshot directory: $STEWARD_UI_SHOTS, else build/ui-shots.
export const shotsDir = resolve(process.env.STEWARD_UI_SHOTS ?? join(repoRoot, 'build/ui-shots'));

/// Writes NAME-light.png and NAME-dark.png (full page) to shotsDir; returns their paths.
export async function screenshots(page, name, { fullPage = true } = {}) {
  mkdirSync(shotsDir, { recursive: true });
  const paths = [];
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const path = join(shotsDir, `${name}-${colorScheme}.png`);
    await page.screenshot({ path, fullPage, animations: 'disabled' });
    paths.push(path);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return paths;
}

/// Waits until the screen's <main> has data-ready="true" (the screens set it once their first
/// data has rendered).
export async function ready(page, timeout = 10000) {
  await page.locator('main[data-ready="true"]').waitFor({ timeout });
}

/// Keyboard only: presses Tab (Shift+Tab with `backwards`) until `locator`'s element has the
/// focus; throws after `max` presses. For the keyboard-only paths through a screen.
export async function tabTo(page, locator, { max = 60, backwards = false } = {}) {
  const target = await locator.elementHandle();
  if (!target) throw new Error(`tabTo: ${locator} matches nothing`);
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return i;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`tabTo: ${locator} not focused after ${max} presses (focus on ${focused})`);
}

/// node:test hooks for a test file: before() starts a stack (startStack(options)) and a browser,
/// after() closes every page, the browser and the stack, whatever happened. Returns
/// {stack, browser, page(opts)}; page() opens a newPage that is closed at the end.
export function withStack(options = {}) {
  const ctx = { stack: undefined, browser: undefined, pages: [] };
  ctx.page = async (pageOptions) => {
    const page = await newPage(ctx.browser, pageOptions);
    ctx.pages.push(page);
    return page;
  };
  before(async () => {
    ctx.stack = await startStack(options);
    ctx.browser = await openBrowser();
  });
  after(async () => {
    await ctx.browser?.close().catch(() => {});
    await ctx.stack?.stop();
  });
  return ctx;
}
