// startStack: the fake Livy and `steward serve` in a temporary directory with the fixtures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signedIn } from './api_client.mjs';
import { REPORT_PERIODS, USERS, config, reportCsv, workflows, writeFile } from './fixtures.mjs';
import { repoRoot } from './paths.mjs';
import { freePort, startProcess, stopChild, watchdog } from './processes.mjs';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
