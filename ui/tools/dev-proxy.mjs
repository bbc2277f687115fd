// A development server for the UI before `steward serve --ui-dir` (or beside it): serves DIST
// (from `node build.mjs --outdir DIST --dev --watch`) with the index.html fallback for client
// routes, and forwards /api/ and /metrics to a running `steward serve`, keeping the Host header
// so the server's same-origin checks see the browser's origin.
// Usage: node tools/dev-proxy.mjs --dist DIR --api http://127.0.0.1:8080 [--port 5173]
import { createServer, request } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const dist = resolve(opt('--dist', 'dist'));
const api = new URL(opt('--api', 'http://127.0.0.1:8080'));
const port = Number(opt('--port', '5173'));
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.startsWith('/api/') || path === '/metrics') {
    const upstream = request(
      { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        res.flushHeaders(); // an event stream sends nothing until its first event
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`steward at ${api} is not answering: ${e.message}`);
    });
    req.pipe(upstream);
    return;
  }
  let file = normalize(join(dist, path));
  if (!file.startsWith(dist)) return res.writeHead(400).end();
  if (!existsSync(file) || statSync(file).isDirectory()) {
    if (extname(path)) return res.writeHead(404).end('not found');
    file = join(dist, 'index.html');
  }
  res.writeHead(200, {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': "default-src 'self'; img-src 'self' data:",
    'Cache-Control': 'no-cache',
  });
  res.end(readFileSync(file));
}).listen(port, '127.0.0.1', () => console.log(`ui dev: http://127.0.0.1:${port}/ (dist ${dist}, api ${api})`));
