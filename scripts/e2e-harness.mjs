// A small end-to-end test harness for DevOps Lab.
//
//   import { test, run, assert, measure, screenshot } from '../../scripts/e2e-harness.mjs';
//   test('home page', async ({ page, goto }) => {
//     measure('open /#/', await goto('/#/'));
//     assert.match(await page.title(), /DevOps Lab/);
//   });
//   await run();                      // serves dist/, runs the tests, exits
//
// What it does:
// - serves a folder (default dist/, relative to the repo root) with
//   `python3 -m http.server PORT --bind 127.0.0.1 --directory DIR` on a free
//   port, waits until it answers, and always kills it (by PID) on exit,
//   failure or signal;
// - launches Debian's /usr/bin/chromium through playwright-core with a fresh
//   temporary profile (never a Playwright-downloaded browser);
// - fails the current test on any console error, uncaught page error, or
//   request to anything but the local server (those are blocked and counted);
// - runs the tests in order in ONE shared page (like one learner's session);
//   the first failure stops the run, the rest are reported as skipped;
// - prints `ok - name (ms)` / `not ok - name: error`, then as the very last
//   line `e2e: N passed, N failed`, and exits non-zero on any failure.
//
// Environment: E2E_DIR (folder to serve), E2E_CHROMIUM (browser binary),
// E2E_PYTHON (python to serve with), E2E_TIMEOUT_MS (per test, default 60000),
// E2E_HEADED=1 (show the browser, when a display exists).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export { assert };

/** Repository root (this file lives in scripts/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const tests = [];
let current = null; // { name, errors: [], ignore: [] } of the running test
const state = { server: null, userDataDir: null, context: null, cleaned: false };

/**
 * Registers a test. `fn` receives the shared test context:
 * { page, context, baseUrl, url(p), goto(p, opts), screenshot(name),
 *   measure(label, ms), time(label, fn), ignoreConsoleErrors(regex), blocked }.
 * Options: { timeout } in ms (default E2E_TIMEOUT_MS or 60000).
 */
export function test(name, fn, options = {}) {
  if (typeof name !== 'string' || typeof fn !== 'function') {
    throw new TypeError('test(name, async fn) expects a string and a function');
  }
  tests.push({ name, fn, timeout: options.timeout });
}

/** Prints `timing: <label>: <ms> ms`. Returns ms. */
export function measure(label, ms) {
  console.log(`timing: ${label}: ${Math.round(ms)} ms`);
  return ms;
}

/** Runs `fn`, prints its duration with measure(), returns its result. */
export async function time(label, fn) {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    measure(label, performance.now() - t0);
  }
}

/** Saves a full-page PNG to target/e2e/<name>.png, prints and returns the path. */
export async function screenshot(page, name) {
  const dir = path.join(ROOT, 'target', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  const safe = String(name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'screenshot';
  const file = path.join(dir, `${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${path.relative(process.cwd(), file) || file}`);
  return file;
}

// ---------------------------------------------------------------------------
// Cleanup: synchronous parts run on every exit path.

function killServerSync() {
  const child = state.server;
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

function removeProfileSync() {
  if (state.userDataDir) {
    try {
      fs.rmSync(state.userDataDir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // best effort
    }
    state.userDataDir = null;
  }
}

process.on('exit', () => {
  // Playwright kills the browser it launched in its own exit hook.
  killServerSync();
  removeProfileSync();
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    console.log(`e2e: interrupted by ${signal}`);
    killServerSync();
    process.exit(code);
  });
}
process.on('unhandledRejection', (err) => {
  if (current) current.errors.push(`unhandled rejection: ${err?.stack ?? err}`);
  else console.error(`e2e: unhandled rejection: ${err?.stack ?? err}`);
});

async function cleanup() {
  if (state.cleaned) return;
  state.cleaned = true;
  if (state.context) {
    await Promise.race([state.context.close().catch(() => {}), sleep(5000)]);
    state.context = null;
  }
  const child = state.server;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    killServerSync();
    await Promise.race([exited, sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  removeProfileSync();
}

// ---------------------------------------------------------------------------
// Static server

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Serves `dir` on 127.0.0.1 at a free port; resolves { baseUrl, port, pid }. */
export async function serve(dir) {
  const python = process.env.E2E_PYTHON || 'python3';
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      python,
      ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    state.server = child;
    const log = [];
    child.stderr.on('data', (d) => {
      log.push(String(d));
      if (log.length > 40) log.shift();
    });
    let spawnError = null;
    child.on('error', (e) => {
      spawnError = e;
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && child.exitCode === null && !spawnError) {
      try {
        const res = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.ok) return { baseUrl, port, pid: child.pid };
      } catch {
        // not up yet
      }
      await sleep(100);
    }
    killServerSync();
    lastError = spawnError
      ? `cannot start ${python}: ${spawnError.message}`
      : `server on port ${port} did not answer (exit ${child.exitCode}): ${log.join('').trim()}`;
    if (spawnError) break;
  }
  throw new Error(lastError);
}

// ---------------------------------------------------------------------------
// Runner

function firstLineAndRest(err) {
  const message = err instanceof Error ? err.message : String(err);
  const [first, ...rest] = message.split('\n');
  // Where in the test code it happened: stack frames outside node_modules
  // and outside this harness.
  const frames = err instanceof Error && !err.fromHarness && typeof err.stack === 'string'
    ? err.stack.split('\n').filter((l) => /^\s+at /.test(l) && !l.includes('node_modules')
        && !l.includes('node:') && !l.includes('e2e-harness.mjs')).slice(0, 3)
    : [];
  return { first, rest: [...rest, ...frames.map((l) => l.trim())].filter((l) => l.trim() !== '') };
}

function attachPage(page) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error' || !current) return;
    const text = msg.text();
    if (current.ignore.some((re) => re.test(text))) return;
    const loc = msg.location();
    current.errors.push(`console error: ${text}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => {
    if (!current) return;
    current.errors.push(`page error: ${err?.stack ?? err}`);
  });
}

/**
 * Runs the registered tests and exits the process.
 * Options: { dir = 'dist', executablePath = '/usr/bin/chromium', timeout,
 *            headless = true, args = [], viewport = {1280x800} }.
 */
export async function run(options = {}) {
  const started = performance.now();
  const dir = path.resolve(ROOT, options.dir ?? process.env.E2E_DIR ?? 'dist');
  const executablePath = options.executablePath ?? process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
  const defaultTimeout = Number(options.timeout ?? process.env.E2E_TIMEOUT_MS ?? 60000);
  const headless = options.headless ?? process.env.E2E_HEADED !== '1';
  let passed = 0;
  let failed = 0;
  let skipped = [];
  const blocked = [];

  const fail = (name, err) => {
    failed++;
    const { first, rest } = firstLineAndRest(err);
    console.log(`not ok - ${name}: ${first}`);
    for (const line of rest.slice(0, 40)) console.log(`#   ${line}`);
  };

  let page = null;
  let baseUrl = null;
  try {
    // E2E_ONLY=text runs only the tests whose name contains it (while writing one).
    if (process.env.E2E_ONLY) {
      const keep = tests.filter((t) => t.name.includes(process.env.E2E_ONLY));
      tests.splice(0, tests.length, ...keep);
    }
    if (tests.length === 0) throw new Error('no tests registered');
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`${path.join(dir, 'index.html')} not found: run \`trunk build index.html --release\` first`);
    }
    if (!fs.existsSync(executablePath)) {
      throw new Error(`${executablePath} not found: run \`bash scripts/setup.sh\` (installs Debian's chromium)`);
    }
    const t0 = performance.now();
    ({ baseUrl } = await serve(dir));
    measure('serve dist', performance.now() - t0);

    const t1 = performance.now();
    state.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-lab-e2e-'));
    state.context = await chromium.launchPersistentContext(state.userDataDir, {
      executablePath,
      headless,
      args: [...CHROMIUM_ARGS.filter((a) => headless || a !== '--headless'), ...(options.args ?? [])],
      viewport: options.viewport ?? { width: 1280, height: 800 },
      serviceWorkers: 'block',
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const context = state.context;
    context.setDefaultTimeout(15000);
    context.setDefaultNavigationTimeout(30000);
    const origin = new URL(baseUrl).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      let allowed = false;
      try {
        allowed = new URL(url).origin === origin;
      } catch {
        allowed = false;
      }
      if (allowed) return route.continue();
      blocked.push(url);
      if (current) current.errors.push(`blocked request to ${url}`);
      return route.abort('blockedbyclient');
    });
    await context.routeWebSocket(/.*/, (ws) => {
      blocked.push(ws.url());
      if (current) current.errors.push(`blocked WebSocket to ${ws.url()}`);
      ws.close();
    });
    for (const p of context.pages()) attachPage(p);
    context.on('page', attachPage);
    page = context.pages()[0] ?? (await context.newPage());
    measure('launch chromium', performance.now() - t1);
  } catch (err) {
    if (err instanceof Error) err.fromHarness = true;
    fail('harness setup', err);
    skipped = tests.map((t) => t.name);
  }

  if (failed === 0) {
    const ctx = {
      page,
      context: state.context,
      baseUrl,
      blocked,
      url: (p = '/') => `${baseUrl}${p.startsWith('/') ? '' : '/'}${p}`,
      // Navigates and, unless { waitForApp: false }, waits until trunk's
      // loader has started the wasm app (window.wasmBindings). Returns ms.
      goto: async (p = '/', opts = {}) => {
        const { waitForApp = true, ...gotoOpts } = opts;
        const t = performance.now();
        await page.goto(ctx.url(p), { waitUntil: 'load', ...gotoOpts });
        if (waitForApp) await page.waitForFunction(() => window.wasmBindings !== undefined);
        return performance.now() - t;
      },
      screenshot: (name) => screenshot(page, name),
      measure,
      time,
      ignoreConsoleErrors: (re) => current?.ignore.push(re),
    };

    for (let i = 0; i < tests.length; i++) {
      const t = tests[i];
      current = { name: t.name, errors: [], ignore: [] };
      const t0 = performance.now();
      let error = null;
      const timeout = t.timeout ?? defaultTimeout;
      let timer;
      try {
        const body = Promise.resolve().then(() => t.fn(ctx));
        body.catch(() => {}); // a timed-out body may reject later
        await Promise.race([
          body,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${timeout} ms`), { fromHarness: true })), timeout);
          }),
        ]);
      } catch (err) {
        error = err;
      } finally {
        clearTimeout(timer);
      }
      // Let late console/page errors of this step arrive before judging it.
      await sleep(50);
      const ms = Math.round(performance.now() - t0);
      if (!error && current.errors.length > 0) {
        error = Object.assign(
          new Error(`${current.errors.length} browser error(s) during the test:\n${current.errors.join('\n')}`),
          { fromHarness: true },
        );
      } else if (error && current.errors.length > 0) {
        error.message += `\nbrowser errors during the test:\n${current.errors.join('\n')}`;
      }
      const name = t.name;
      current = null;
      if (error) {
        fail(name, error);
        try {
          await Promise.race([screenshot(page, `failed-${i + 1}-${name}`), sleep(5000)]);
        } catch {
          // no screenshot then
        }
        skipped = tests.slice(i + 1).map((s) => s.name);
        break;
      }
      passed++;
      console.log(`ok - ${name} (${ms} ms)`);
    }
  }

  await cleanup();
  if (blocked.length > 0) {
    console.log(`blocked: ${blocked.length} request(s) to other hosts than the local server`);
  }
  if (skipped.length > 0) {
    console.log(`skipped: ${skipped.length} test(s) not run after the failure: ${skipped.join('; ')}`);
  }
  measure('e2e total', performance.now() - started);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}
