// The harness's child processes: each is tracked until it exits, killed at this process's exit or
// on SIGINT/SIGTERM/SIGHUP, and watched by a shell that kills them if this process is killed.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

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

export function track(child) {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

// A shell that kills `pids` and removes `dir` once this process is gone (killed with SIGKILL by a
// ctest timeout).
export function watchdog(pids, dir) {
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

export async function stopChild(child, graceMs = 5000) {
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
export function startProcess(command, args, { cwd, logFile, input }) {
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
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}
