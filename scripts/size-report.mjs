#!/usr/bin/env node
// Prints the size of each .wasm, .js and .css file under a build folder:
// raw, gzip (level 9) and brotli (quality 11), in KB (1 KB = 1024 bytes),
// with totals. It reports; it asserts nothing.
//
//   node scripts/size-report.mjs [dist]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
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
try {
  if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  files = walk(dir);
} catch (e) {
  console.error(`size-report: cannot read ${dir}: ${e.message}`);
  process.exit(1);
}

const order = { '.wasm': 0, '.js': 1, '.css': 2 };
files.sort((a, b) => order[extname(a)] - order[extname(b)] || a.localeCompare(b));

const rows = files.map((f) => {
  const buf = readFileSync(f);
  return {
    name: relative(dir, f),
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

const total = rows.reduce(
  (t, r) => ({ name: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { name: 'total', raw: 0, gzip: 0, brotli: 0 },
);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const header = ['file', 'raw', 'gzip -9', 'brotli 11'];
const body = [...rows, total].map((r) => [r.name, kb(r.raw), kb(r.gzip), kb(r.brotli)]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
const line = (cells) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
const rule = widths.map((w) => '-'.repeat(w)).join('  ');

console.log(`size report for ${dir}/ (${rows.length} file${rows.length === 1 ? '' : 's'})`);
console.log(line(header));
console.log(rule);
for (const row of body.slice(0, -1)) console.log(line(row));
console.log(rule);
console.log(line(body[body.length - 1]));
if (rows.length === 0) console.log('size-report: no .wasm, .js or .css files found');
