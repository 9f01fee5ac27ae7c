// End-to-end tests of the service worker and the Content-Security-Policy, run by
// tests/e2e/run.mjs. The shared page of the other tests blocks service workers, so these
// tests start their own Chromium profile (service workers allowed) and their own small
// static server, which can stop (to be sure nothing comes from the network) and can switch
// to a second build (to see a new version arrive):
// - the CSP: no `securitypolicyviolation` on any route, index.html has no inline script;
// - offline: after one visit, with the server stopped and the browser offline, a reload
//   opens the app and the DORA lab can be done to full marks; the parsers worker loads too;
// - updates: a changed build waits, the page shows "A new version of DevOps Lab is ready"
//   and keeps the running version (even across a reload) until the learner clicks Reload.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { test, assert, measure, screenshot, ROOT, CHROMIUM_ARGS } from '../../scripts/e2e-harness.mjs';
import { LAB, RIGHT } from './dora-answers.mjs';

const DIST = path.resolve(ROOT, process.env.E2E_DIR ?? 'dist');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
// The policy index.html must carry, exactly (README.md explains each directive).
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "style-src-attr 'unsafe-inline'; img-src 'self'; connect-src 'self'; worker-src 'self'; "
  + "object-src 'none'; base-uri 'none'; form-action 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A static server for `root` (switchable), with the headers a good host sends. */
async function startServer(root) {
  const state = { root, served: 0, missing: [] };
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(state.root, path.normalize(p));
    if (!file.startsWith(state.root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        state.missing.push(p);
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      state.served++;
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': data.length,
        'Cache-Control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  return {
    baseUrl,
    state,
    setRoot: (dir) => {
      state.root = dir;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Runs `fn({ context, page, server, errors, violations })` in a fresh Chromium profile with
 * service workers allowed, serving `root`; always closes the browser, the server and the
 * profile. Console errors, page errors, CSP violations and requests to other hosts fail it.
 */
async function withBrowser(root, fn) {
  const server = await startServer(root);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-lab-e2e-sw-'));
  let context = null;
  const errors = [];
  const violations = [];
  const expected = []; // console texts a test provokes on purpose
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'allow',
    });
    context.setDefaultTimeout(15000);
    await context.exposeBinding('__devopsLabCsp', (_source, v) => violations.push(v));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__devopsLabCsp({
          url: location.href,
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          source: `${e.sourceFile}:${e.lineNumber}`,
          sample: e.sample,
        });
      });
    });
    const origin = new URL(server.baseUrl).origin;
    const attach = (page) => {
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        if (expected.some((re) => re.test(msg.text()))) return;
        errors.push(`console error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`page error: ${err?.stack ?? err}`));
      page.on('response', (r) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
      });
      page.on('request', (r) => {
        const u = r.url();
        if (/^https?:/.test(u) && new URL(u).origin !== origin) errors.push(`request to another host: ${u}`);
      });
    };
    context.on('page', attach);
    for (const p of context.pages()) attach(p);
    const page = context.pages()[0] ?? (await context.newPage());
    await fn({ context, page, server, errors, violations, expected, url: (p) => `${server.baseUrl}${p}` });
    assert.deepEqual(errors, [], `browser errors:\n${errors.join("\n")}\nnot found: ${server.state.missing.join(", ")}`);
  } finally {
    if (context) await context.close().catch(() => {});
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Waits until the service worker controls the page (it claims it on its first install). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
}

async function openApp(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.wasmBindings !== undefined);
}

async function answerStep(page, url, step, answers) {
  await page.goto(url(`/#/labs/${LAB}/${step}`));
  await page.waitForSelector('#step-title');
  for (const [input, value] of Object.entries(answers)) {
    const radio = page.locator(`[id="input-${input}-${value}"]`);
    if (await radio.count()) await radio.check();
    else await page.fill(`#input-${input}`, value);
  }
}

/** Every route of the app: the catalogue's labs with all their steps, the sandboxes, progress. */
async function allRoutes(page, url) {
  await page.goto(url('/#/'));
  await page.waitForSelector('.cards');
  const labs = await page.locator('.card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const list = ['/#/', '/#/progress', '/#/sandbox/dora', '/#/sandbox/deploy', '/#/sandbox/cloudformation', '/#/no-such-page'];
  for (const href of labs) {
    const id = href.replace('#/labs/', '');
    await page.goto(url(`/#/labs/${id}/1`));
    await page.waitForSelector('#step-title');
    const steps = await page.locator('nav.steps li').count();
    for (let s = 1; s <= steps; s++) list.push(`/#/labs/${id}/${s}`);
  }
  return list;
}

async function settle(page, route) {
  if (route.includes('/labs/')) await page.waitForSelector('#step-title');
  else if (route.includes('/sandbox/dora')) await page.waitForSelector('table.keys');
  else if (route.includes('/sandbox/deploy')) await page.waitForSelector('#sim-summary');
  else if (route.includes('/sandbox/cloudformation')) await page.waitForSelector('#cfn-graph');
  else await page.waitForSelector('main');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test('CSP: index.html has no inline script and the exact policy; no violation on any route, in both themes', async () => {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
  assert.ok(scripts.length >= 2, 'index.html loads the boot script and the registration script');
  for (const [tag, attrs, body] of scripts) {
    // Quoted, or unquoted as trunk's minifier writes it.
    assert.match(attrs, /\bsrc=(?:"[^"]+"|'[^']+'|[^\s"'>]+)/, `an inline script in index.html: ${tag.slice(0, 80)}`);
    assert.equal(body.trim(), '', `a script with a body in index.html: ${tag.slice(0, 80)}`);
  }
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+\s*=/i, 'an inline event handler in index.html');
  // The policy's meta tag, whatever the order and quoting of its attributes.
  const metas = [...html.matchAll(/<meta\b[^>]*>/gi)]
    .map(([tag]) => tag)
    .filter((tag) => /http-equiv=(?:"Content-Security-Policy"|Content-Security-Policy\b)/i.test(tag));
  assert.equal(metas.length, 1);
  assert.equal(metas[0].match(/\bcontent="([^"]*)"/)?.[1], CSP);

  await withBrowser(DIST, async ({ page, url, violations, expected }) => {
    await openApp(page, url('/#/'));
    await controlled(page);
    const routes = await allRoutes(page, url);
    for (const dark of [false, true]) {
      for (const route of routes) {
        await page.goto(url(route));
        await settle(page, route);
        const isDark = (await page.locator('.app.theme-dark').count()) > 0;
        if (isDark !== dark) await page.click('header.top button.theme');
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      }
    }
    // The deployment sandbox's playback moves its cursor (a style attribute) as it plays.
    await page.goto(url('/#/sandbox/deploy'));
    await settle(page, '/sandbox/deploy');
    await page.click('#sim-play');
    await page.waitForTimeout(500);
    await page.click('#sim-play'); // pause
    console.log(`csp: ${routes.length} routes x 2 themes, ${violations.length} violation(s)`);
    assert.deepEqual(violations, [], `CSP violations:\n${violations.map((v) => JSON.stringify(v)).join('\n')}`);

    // The listener does see a violation: an inline script is refused and reported.
    expected.push(/Content Security Policy/);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.append(s);
    });
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__inlineRan === true), false, 'an inline script ran');
    assert.ok(violations.some((v) => v.directive === 'script-src-elem' || v.directive === 'script-src'), JSON.stringify(violations));
  });
}, { timeout: 300000 });

test('offline: after one visit the app reloads and a whole lab is done with the network off', async () => {
  await withBrowser(DIST, async ({ context, page, server, url }) => {
    await openApp(page, url('/#/'));
    await page.waitForSelector('.cards');
    await controlled(page);
    // Every file of the build is in this version's cache.
    // (The templates' resource knowledge and the exam question banks are cached when first
    // fetched: tests/e2e/cfn.mjs, and below.)
    const lazy = (f) => f.startsWith('cfn-resources-') || /^exam-[a-z]+-[0-9a-f]{16}\.bin$/.test(f);
    const files = fs.readdirSync(DIST).filter((f) => f !== 'sw.js' && !f.startsWith('.') && !lazy(f));
    const cached = await page.evaluate(async () => {
      const keys = (await caches.keys()).filter((k) => k.startsWith('devops-lab-'));
      const names = [];
      for (const k of keys) for (const r of await (await caches.open(k)).keys()) names.push(new URL(r.url).pathname.slice(1));
      return { keys, names };
    });
    assert.equal(cached.keys.length, 1, cached.keys.join(', '));
    assert.deepEqual(cached.names.sort(), files.sort());
    // The templates' resource knowledge is cached once the sandbox has fetched it.
    await page.goto(url('/#/sandbox/cloudformation'));
    await page.waitForFunction(() => /Resources/.test(document.querySelector('#cfn-status')?.textContent ?? ''));
    const schemas = fs.readdirSync(DIST).find((f) => f.startsWith('cfn-resources-'));
    assert.ok(schemas, 'no cfn-resources-<hash>.json in the build');
    const hit = await page.evaluate(async (f) => (await caches.match(new URL(f, location.href).href)) !== undefined, schemas);
    assert.ok(hit, `${schemas} is not in the cache after the sandbox used it`);
    await page.goto(url('/#/'));
    await page.waitForSelector('.cards');

    // The network goes away: the server stops and the browser is offline.
    const servedOnline = server.state.served;
    await server.close();
    await context.setOffline(true);
    const t0 = Date.now();
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => window.wasmBindings !== undefined);
    await page.waitForSelector('.cards');
    measure('offline reload to catalogue', Date.now() - t0);

    for (const [step, answers] of Object.entries(RIGHT)) await answerStep(page, url, step, answers);
    await page.click('#check');
    const score = page.locator('#score');
    await score.waitFor();
    assert.equal(await score.getAttribute('data-score'), '15');
    assert.equal(await score.getAttribute('data-max'), '15');
    assert.match(await page.locator('.complete').textContent(), /15 \/ 15/);

    // The parsers worker (loaded on first need) comes from the cache too.
    await page.goto(url('/#/sandbox/dora'));
    await page.locator('table.keys').waitFor();
    await page.fill('#log-editor', 'team: Broken\nfrom: 2025-03-03T00:00:00Z\nto: not-a-time\n');
    await page.locator('#log-error').waitFor();
    assert.match(await page.locator('#log-error').textContent(), /Line 3, column \d+:/);
    // A template too: the worker's resource knowledge comes from the cache.
    await page.goto(url('/#/sandbox/cloudformation'));
    await page.waitForFunction(() => /Resources/.test(document.querySelector('#cfn-status')?.textContent ?? ''), null, { timeout: 30000 });
    assert.equal(await page.locator('#cfn-status').textContent(), 'Read as YAML. Resources: 4, errors: 0, warnings: 0');
    await page.fill('#cfn-editor', 'Resources:\n  Q:\n    Type: AWS::SQS::Queu\n');
    await page.waitForFunction(() => document.querySelector('#cfn-status')?.textContent.includes('errors: 1,'));
    assert.equal(server.state.served, servedOnline, 'nothing was served while offline');
    await context.setOffline(false);
  });
}, { timeout: 180000 });

test('a new version waits: the notice shows, the app keeps its version until the learner clicks Reload', async () => {
  // The second build: the same files, index.html marked, sw.js written again by the hook.
  const v2 = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-lab-e2e-v2-'));
  try {
    fs.cpSync(DIST, v2, { recursive: true });
    const index = path.join(v2, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<title>', '<meta name="devops-lab-build" content="e2e-v2" />\n    <title>'));
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/post-build.mjs'), v2], {
      env: { ...process.env, TRUNK_PROFILE: 'release', TRUNK_PUBLIC_URL: '/' },
      stdio: 'pipe',
    });
    const version = (dir) => fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)"/)[1];
    assert.notEqual(version(v2), version(DIST));

    await withBrowser(DIST, async ({ page, server, url }) => {
      const build = () => page.evaluate(() => document.querySelector('meta[name="devops-lab-build"]')?.content ?? 'v1');
      await openApp(page, url(`/#/labs/${LAB}/2`));
      await page.waitForSelector('#step-title');
      await controlled(page);
      assert.equal(await page.locator('#update-notice').count(), 0);
      await page.fill('#input-deployments_per_week', '2');

      server.setRoot(v2);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
      const notice = page.locator('#update-notice');
      await notice.waitFor().catch(async (e) => {
        const state = await page.evaluate(async () => {
          const r = await navigator.serviceWorker.getRegistration();
          return JSON.stringify({
            installing: r?.installing?.state, waiting: r?.waiting?.state, active: r?.active?.state,
            announced: document.documentElement.dataset.updateReady ?? null,
            region: document.querySelector('.update-region')?.outerHTML ?? null,
          });
        });
        throw new Error(`${e.message}\nservice worker registration: ${state}; not found: ${server.state.missing.join(', ')}`);
      });
      assert.match(await notice.textContent(), /A new version of DevOps Lab is ready/);
      assert.equal(await build(), 'v1');
      assert.equal(await page.inputValue('#input-deployments_per_week'), '2', 'the page was not touched');
      await screenshot(page, 'update-notice');
      // The notice passes axe-core (its buttons named, its colours readable), in both themes.
      await page.evaluate(fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
      for (const dark of [false, true]) {
        if ((await page.locator('.app.theme-dark').count() > 0) !== dark) await page.click('header.top button.theme');
        const found = await page.evaluate(async () => {
          const r = await window.axe.run({ include: [['.update-region']] }, { resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        assert.deepEqual(found, [], `axe-core on the notice (${dark ? 'dark' : 'light'})`);
      }

      // A reload does not switch either: the old worker still serves v1, and says a new one waits.
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => window.wasmBindings !== undefined);
      await notice.waitFor();
      assert.equal(await build(), 'v1');

      // Later hides it; the learner stays on v1.
      await page.click('#update-later');
      await notice.waitFor({ state: 'detached' });
      assert.equal(await build(), 'v1');
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => window.wasmBindings !== undefined);
      await notice.waitFor();

      // Reload now: the new worker takes over and the page reloads into v2.
      await Promise.all([page.waitForEvent('load', { timeout: 30000 }), page.click('#update-reload')]);
      await page.waitForFunction(() => window.wasmBindings !== undefined);
      assert.equal(await build(), 'e2e-v2');
      await page.waitForSelector('#step-title');
      assert.equal(await page.locator('#update-notice').count(), 0);
      // The progress typed before the update is still there.
      assert.equal(await page.inputValue('#input-deployments_per_week'), '2');
      const keys = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('devops-lab-')));
      assert.deepEqual(keys, [`devops-lab-${version(v2)}`], 'the old version\'s cache is deleted');
    });
  } finally {
    fs.rmSync(v2, { recursive: true, force: true });
  }
}, { timeout: 180000 });
