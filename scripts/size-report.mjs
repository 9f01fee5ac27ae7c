#!/usr/bin/env node
// Prints the size of each .wasm, .js and .css file under a build folder: raw, gzip
// (level 9) and brotli (quality 11), in KB (1 KB = 1024 bytes). Files that index.html
// loads (the first load, with the service worker it registers) are totalled apart from
// those fetched later, when a page first needs them (workers, data). With --budget KB, exits 1 when the first load's brotli total
// is above it. With --baseline FILE, prints a before/after table against the numbers
// recorded there (JSON: { "first_load_brotli_kb": n, "files": { name-pattern: brotli_kb } }).
//
//   node scripts/size-report.mjs [dist] [--budget 350] [--baseline scripts/size-baseline.json]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, extname, basename } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const budget = flag('--budget');
const baselineFile = flag('--baseline');
const dir = args[0] ?? 'dist';
const EXTS = new Set(['.wasm', '.js', '.css']);

function walk(d) {
  const out = [];
  for (const entry of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile() && EXTS.has(extname(entry.name))) out.push(p);
  }
  return out;
}

let files;
let index = '';
try {
  if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  files = walk(dir);
  index = readFileSync(join(dir, 'index.html'), 'utf8');
} catch (e) {
  console.error(`size-report: cannot read ${dir}: ${e.message}`);
  process.exit(1);
}

// What index.html references (stylesheets, scripts, preloads) is the first load.
const referenced = new Set(
  // Quoted or, in a minified index.html, unquoted attribute values.
  [...index.matchAll(/(?:href|src)=(?:"\/?([^"?#]+)[^"]*"|'\/?([^'?#]+)[^']*'|\/?([^\s"'>?#]+))/g)]
    .map((m) => basename(m[1] ?? m[2] ?? m[3])),
);
// The service worker (sw.js, written by scripts/post-build.mjs) is registered by a script
// that index.html loads, so a first visit downloads it too.
const hasServiceWorker = files.some((f) => relative(dir, f) === 'sw.js');
if (hasServiceWorker) referenced.add('sw.js');
// A script's wasm is loaded by it: `<name>.js` brings `<name>_bg.wasm`.
for (const name of [...referenced]) {
  if (name.endsWith('.js')) referenced.add(name.replace(/\.js$/, '_bg.wasm'));
}

const order = { '.wasm': 0, '.js': 1, '.css': 2 };
files.sort((a, b) => order[extname(a)] - order[extname(b)] || a.localeCompare(b));

const rows = files.map((f) => {
  const buf = readFileSync(f);
  return {
    name: relative(dir, f),
    first: referenced.has(basename(f)),
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        ...(extname(f) === '.wasm' ? {} : { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT }),
      },
    }).length,
  };
});

const sum = (name, list) =>
  list.reduce(
    (t, r) => ({ name, raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
    { name, raw: 0, gzip: 0, brotli: 0 },
  );
const first = rows.filter((r) => r.first);
const later = rows.filter((r) => !r.first);
const firstTotal = sum('first load', first);
const laterTotal = sum('on demand', later);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
function table(header, body) {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.filter((row) => row !== null).map((row) => row[i].length)),
  );
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  console.log(line(header));
  console.log(rule);
  for (const row of body) console.log(row === null ? rule : line(row));
}
const cells = (r) => [r.name, kb(r.raw), kb(r.gzip), kb(r.brotli)];

console.log(`size report for ${dir}/ (${rows.length} file${rows.length === 1 ? '' : 's'})`);
table(['file', 'raw', 'gzip -9', 'brotli 11'], [
  ...first.map(cells),
  null,
  cells(firstTotal),
  ...(later.length ? [null, ...later.map(cells), null, cells(laterTotal)] : []),
]);
if (rows.length === 0) console.log('size-report: no .wasm, .js or .css files found');

// The labs are data the app fetches at start, one language's file (labs-<lang>-<hash>.bin):
// not wasm, js or css, so not in the budget's total, but part of what a first visit
// downloads, so shown with the larger language's file added.
const labFiles = readdirSync(dir)
  .filter((f) => /^labs-[a-z]+-[0-9a-f]{16}\.bin$/.test(f))
  .map((f) => {
    const buf = readFileSync(join(dir, f));
    return { name: f, raw: buf.length, brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length };
  });
if (labFiles.length) {
  const largest = Math.max(...labFiles.map((f) => f.brotli));
  console.log(
    `labs (data fetched at start, one language): ${labFiles.map((f) => `${f.name} ${kb(f.brotli)}`).join(', ')}; ` +
      `a first visit downloads the first load and one of them: at most ${kb(firstTotal.brotli + largest)} brotli`,
  );
}
if (hasServiceWorker && later.length) {
  console.log(
    `service worker: once the app has started, it also downloads what loads on demand (${kb(laterTotal.brotli)} brotli), for offline use`,
  );
}

if (baselineFile) {
  try {
    const base = JSON.parse(readFileSync(baselineFile, 'utf8'));
    const before = Number(base.first_load_brotli_kb);
    const after = firstTotal.brotli / 1024;
    console.log();
    table(['first load (brotli)', 'before', 'after', 'change'], [
      [
        `recorded in ${basename(baselineFile)}`,
        `${before.toFixed(1)} KB`,
        `${after.toFixed(1)} KB`,
        `${after - before >= 0 ? '+' : ''}${(after - before).toFixed(1)} KB`,
      ],
    ]);
  } catch (e) {
    console.log(`size-report: no baseline read from ${baselineFile}: ${e.message}`);
  }
}

if (budget !== undefined) {
  const limit = Number(budget);
  const total = firstTotal.brotli / 1024;
  if (!(limit > 0)) {
    console.error(`size-report: --budget needs a number of KB, not "${budget}"`);
    process.exit(2);
  }
  if (total > limit) {
    console.error(
      `size-report: FAIL: the first load is ${total.toFixed(1)} KB brotli, over the ${limit} KB budget`,
    );
    process.exit(1);
  }
  console.log(`size-report: first load ${total.toFixed(1)} KB brotli, within the ${limit} KB budget`);
}

