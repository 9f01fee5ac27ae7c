#!/usr/bin/env node
// Trunk's post_build hook (Trunk.toml), run on the staging folder after trunk has written
// index.html and before it moves the folder to dist/. Four jobs:
//
// 0. The labs. build.rs compiles them once per language (labs-<lang>-<hash>.bin, the names
//    compiled into the app) into <target>/wasm32-unknown-unknown/<profile>/compiled-labs/;
//    they are copied here, beside the app, which fetches its language's file. The templates'
//    resource knowledge (cfn-resources-<hash>.json) is copied from there too: the parsers
//    worker fetches it with the first template; and the question banks (exam-<lang>-<hash>.bin),
//    which the worker fetches when an exam practice page first opens.
// 1. No inline script. Trunk 0.21 writes the wasm loader as an inline
//    <script type="module"> (and, under `trunk serve`, its autoreload script). Each inline
//    script moves into a file named by its content's hash (boot-<16 hex>.js) and the tag
//    becomes <script src=… integrity=…>, so the Content-Security-Policy needs no
//    'unsafe-inline' for scripts. The build fails if any inline script or inline event
//    handler is left.
// 2. The service worker. sw.js (unhashed, at the root) is written from
//    assets/sw-template.js with the list of every file in the folder (whatever trunk or
//    anyone else put there: the app, the parsers worker, data files) and a version that is
//    a hash of their names and contents. A release build gets the precaching worker; a
//    debug build (`trunk serve`) gets one that removes itself and its caches, so that
//    development is never served from a stale cache. Large data that only some pages need
//    (cfn-resources-<hash>.json, exam-<lang>-<hash>.bin) is listed apart: the worker caches
//    it when it is first fetched rather than downloading it on every first visit.
// 3. (Release.) The app's wasm-bindgen JS minified with terser (npm, pinned): trunk's own
//    minifier cannot read it (index.html's data-no-minify), and it is part of every first
//    load (-1.7 KB brotli). Its name stays; its integrity in index.html is computed again.
//    Done before sw.js, whose version hashes the files' contents.
//
//   node scripts/post-build.mjs [folder]   (default: $TRUNK_STAGING_DIR)
// Environment (set by trunk): TRUNK_STAGING_DIR, TRUNK_PROFILE (release|debug),
// TRUNK_PUBLIC_URL (default "/"). Running it again on a finished dist/ is harmless: it
// finds no inline script and writes sw.js again.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const TEMPLATE = join(ROOT, 'assets', 'sw-template.js');

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: no folder: pass one or run as a trunk hook (TRUNK_STAGING_DIR)');
  process.exit(2);
}
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
let base = process.env.TRUNK_PUBLIC_URL || '/';
if (!base.endsWith('/')) base += '/';

const fail = (message) => {
  console.error(`post-build: ${message}`);
  process.exit(1);
};
const sha = (algorithm, data) => createHash(algorithm).update(data).digest();

// --- 0. the compiled labs -----------------------------------------------------------
{
  const target = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
  const labs = join(target, 'wasm32-unknown-unknown', release ? 'release' : 'debug', 'compiled-labs');
  const isLabs = (f) => /^labs-[a-z]+-[0-9a-f]{16}\.bin$/.test(f);
  const isData = (f) =>
    isLabs(f) || /^cfn-resources-[0-9a-f]{16}\.json$/.test(f) || /^exam-[a-z]+-[0-9a-f]{16}\.bin$/.test(f);
  const files = existsSync(labs) ? readdirSync(labs).filter(isData) : [];
  // Run again on a finished build (the e2e test does), the labs are already there.
  if (files.length === 0 && !readdirSync(dir).some(isLabs)) {
    fail(`no compiled labs in ${labs}: build.rs writes them there (is CARGO_TARGET_DIR the build's?)`);
  }
  for (const f of files) copyFileSync(join(labs, f), join(dir, f));
}

// --- 1. inline scripts out of index.html ---------------------------------------------
const indexPath = join(dir, 'index.html');
let html;
try {
  html = readFileSync(indexPath, 'utf8');
} catch (e) {
  fail(`cannot read ${indexPath}: ${e.message}`);
}

let moved = 0;
html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (tag, attrs, body) => {
  if (/\bsrc\s*=/i.test(attrs)) return tag; // already external
  if (body.trim() === '') return tag;
  const name = `boot-${sha('sha256', body).toString('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), body);
  moved++;
  const integrity = `sha384-${sha('sha384', body).toString('base64')}`;
  const kept = attrs.replace(/\s+(integrity|nonce)\s*=\s*("[^"]*"|'[^']*'|\S+)/gi, '');
  return `<script${kept} src="${base}${name}" integrity="${integrity}"></script>`;
});

for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  if (!/\bsrc\s*=/i.test(m[1]) || m[2].trim() !== '') fail(`an inline script is left in index.html: ${m[0].slice(0, 80)}`);
}
const handler = html.match(/<[a-z][^>]*\s(on[a-z]+)\s*=/i);
if (handler) fail(`an inline event handler (${handler[1]}) is in index.html`);
if (/javascript:/i.test(html)) fail('a javascript: URL is in index.html');

// --- 3. the app's wasm-bindgen JS minified (release) ----------------------------------
if (release) {
  const { minify } = await import('terser');
  let minified = 0;
  for (const m of [...html.matchAll(/<link\b[^>]*\brel=("?)modulepreload\1[^>]*>/gi)]) {
    const href = m[0].match(/\bhref=("?)([^"\s>]+)\1/i)?.[2];
    if (!href || !href.startsWith(base)) continue;
    const file = join(dir, href.slice(base.length));
    const source = readFileSync(file, 'utf8');
    // Trunk run again on a finished build: already minified (no line starts with spaces).
    if (!/\n {4}/.test(source)) continue;
    const out = await minify(source, { module: true, compress: true, mangle: true });
    if (!out.code) fail(`terser gave nothing for ${href}`);
    writeFileSync(file, out.code);
    const integrity = `sha384-${sha('sha384', out.code).toString('base64')}`;
    const tag = m[0].replace(/\bintegrity=("?)[^"\s>]+\1/i, `integrity=${integrity}`);
    if (tag === m[0]) fail(`no integrity to update on ${href}`);
    html = html.replace(m[0], tag);
    minified++;
  }
  if (minified === 0 && !/modulepreload/.test(html)) fail('no modulepreload link: where is the app\'s JS?');
}
writeFileSync(indexPath, html);

// --- 2. sw.js ---------------------------------------------------------------------------
function walk(d) {
  const out = [];
  for (const entry of readdirSync(d, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // trunk's own .stage, editors' files
    const p = join(d, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}
const files = walk(dir)
  .map((p) => relative(dir, p).split(sep).join('/'))
  .filter((f) => f !== 'sw.js')
  .sort();
const hash = createHash('sha256');
for (const f of files) {
  hash.update(f);
  hash.update('\0');
  hash.update(readFileSync(join(dir, f)));
  hash.update('\0');
}
const version = hash.digest('hex').slice(0, 16);

let template = readFileSync(TEMPLATE, 'utf8');
const fill = (placeholder, value) => {
  if (!template.includes(placeholder)) fail(`${placeholder} not found in ${TEMPLATE}`);
  template = template.replace(placeholder, value);
};
fill("'__VERSION__'", JSON.stringify(version));
fill("'__PRECACHE__'", JSON.stringify(release));
const lazy = (f) => /^cfn-resources-[0-9a-f]{16}\.json$/.test(f) || /^exam-[a-z]+-[0-9a-f]{16}\.bin$/.test(f);
fill("['__FILES__']", JSON.stringify(release ? files.filter((f) => !lazy(f)) : [], null, 1));
fill("['__LAZY__']", JSON.stringify(release ? files.filter(lazy) : []));
// It is part of every first load: its comments (in assets/sw-template.js) stay behind.
template = template
  .split('\n')
  .filter((line) => line.trim() !== '' && !/^\s*\/\//.test(line))
  .join('\n');
writeFileSync(join(dir, 'sw.js'), `// DevOps Lab's service worker: see assets/sw-template.js\n${template}\n`);

console.log(
  `post-build: ${moved} inline script(s) moved out of index.html; sw.js ${
    release ? `precaches ${files.length} files, version ${version}` : 'removes itself (debug build)'
  }`,
);
