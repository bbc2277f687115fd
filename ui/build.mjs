// Builds Steward's web UI into a directory the server embeds (docs/ui.md):
//   OUTDIR/index.html                 the page every client-side route falls back to
//   OUTDIR/assets/<name>-<hash>.js    the bundle and its lazily loaded chunks (immutable)
//   OUTDIR/assets/<name>-<hash>.css   the stylesheet (immutable)
//   OUTDIR/favicon.svg
//   OUTDIR/<file>.gz                  a gzip copy of every file above
//   OUTDIR/manifest.json              {"files": [{path, file, content_type, immutable, sha256, size, gzip_size}]}
// Usage: node build.mjs --outdir DIR [--dev] [--watch]
// --dev keeps the code readable (no minification); --watch rebuilds on change (with --dev, for
// `steward serve --ui-dir DIR`). Works with Node 18 and newer.
import { build, context } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const outdir = resolve(option('--outdir') ?? join(here, 'dist'));
const dev = args.includes('--dev');
const watch = args.includes('--watch');
for (const arg of args) {
  if (arg.startsWith('--') && !['--outdir', '--dev', '--watch'].includes(arg)) {
    console.error(`build.mjs: unknown option '${arg}' (use --outdir DIR [--dev] [--watch])`);
    process.exit(2);
  }
}

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};
const typeOf = (file) => contentTypes[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';

const options = {
  entryPoints: [join(here, 'src/main.tsx')],
  bundle: true,
  splitting: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: !dev,
  legalComments: 'none',
  outdir: join(outdir, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
};

function listFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...listFiles(path));
    else if (!name.endsWith('.gz') && name !== 'manifest.json') found.push(path);
  }
  return found.sort();
}

// Writes index.html, the favicon, the gzip copies and the manifest around esbuild's output.
function finish(metafile) {
  const outputs = Object.keys(metafile.outputs).map((p) => resolve(p));
  const entry = outputs.find((p) => /\/main-[A-Z0-9]+\.js$/i.test(p));
  const style = outputs.find((p) => /\/main-[A-Z0-9]+\.css$/i.test(p));
  if (!entry) throw new Error('build.mjs: esbuild produced no main-*.js');
  const url = (p) => '/' + relative(outdir, p).split('\\').join('/');
  // The chunks the entry imports statically are fetched in parallel with it (modulepreload)
  // instead of one after the other as the browser discovers them.
  const entryKey = Object.keys(metafile.outputs).find((p) => resolve(p) === entry);
  const preloads = (metafile.outputs[entryKey].imports ?? [])
    .filter((i) => i.kind === 'import-statement' && i.path.endsWith('.js'))
    .map((i) => `<link rel="modulepreload" href="${url(resolve(i.path))}">`);
  const page = readFileSync(join(here, 'src/index.html'), 'utf8')
    .replace('%STYLE%', style ? `<link rel="stylesheet" href="${url(style)}">` : '')
    .replace('%SCRIPT%', [`<script type="module" src="${url(entry)}"></script>`, ...preloads].join('\n'));
  writeFileSync(join(outdir, 'index.html'), page);
  writeFileSync(join(outdir, 'favicon.svg'), readFileSync(join(here, 'src/favicon.svg')));

  const files = [];
  for (const path of listFiles(outdir)) {
    const bytes = readFileSync(path);
    const gz = gzipSync(bytes, { level: 9 });
    writeFileSync(path + '.gz', gz);
    const file = relative(outdir, path).split('\\').join('/');
    files.push({
      path: '/' + file,
      file,
      content_type: typeOf(file),
      immutable: file.startsWith('assets/'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      gzip_size: gz.length,
    });
  }
  writeFileSync(join(outdir, 'manifest.json'), JSON.stringify({ files }, null, 1) + '\n');
  const first = files.filter((f) => f.path === '/index.html' || f.path === url(entry) || f.path === (style && url(style)));
  const total = (list, key) => list.reduce((n, f) => n + f[key], 0);
  console.log(
    `ui: ${files.length} files in ${outdir}; first page ${(total(first, 'gzip_size') / 1024).toFixed(1)} KB gzipped ` +
      `(${(total(first, 'size') / 1024).toFixed(1)} KB raw), all ${(total(files, 'gzip_size') / 1024).toFixed(1)} KB gzipped`,
  );
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, 'assets'), { recursive: true });
if (watch) {
  const ctx = await context({
    ...options,
    plugins: [
      {
        name: 'steward-finish',
        setup(b) {
          b.onEnd((result) => {
            if (result.errors.length === 0) finish(result.metafile);
          });
        },
      },
    ],
  });
  await ctx.watch();
  console.log('ui: watching src/ (Ctrl-C stops)');
} else {
  const result = await build(options);
  finish(result.metafile);
}
