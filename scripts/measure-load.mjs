#!/usr/bin/env node
// Measures a first visit on conference wifi: the release build served locally, Chromium
// with an empty cache and its network throttled through the DevTools protocol
// (Network.emulateNetworkConditions: 1.6 Mbps down, 750 kbps up, 150 ms round trip, as
// Lighthouse's "slow 4G"). A measurement, not a test: scripts/test.sh does not run it.
//
//   trunk build index.html --release && node scripts/measure-load.mjs [dist] [--runs 3] [--locale vi-VN]
// (--locale: the browser's language, which the app opens in: vi-VN measures a Vietnamese
// learner's first visit, with the Vietnamese labs file)
//
// Interactive means: the home page's catalogue is rendered and its first lab link, when
// clicked, opens the lab (its step title shows). The time is from the start of the
// navigation to that click's result, minus nothing: what a learner waits for.
// Reported per run and as the median: bytes over the wire until interactive (bodies as
// transferred, plus headers), the requests, the time until the catalogue shows and until
// it is interactive; then what the service worker caches afterwards for offline use.
// The server here compresses like a CDN would: brotli (quality 11) when the browser
// accepts it, else gzip -9 (Chromium offers brotli only over HTTPS, so over this local
// http it gets gzip, a few percent larger: the numbers are slightly pessimistic).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
const localeAt = args.indexOf('--locale');
const LOCALE = localeAt >= 0 ? args.splice(localeAt, 2)[1] : 'en-US';
const DIR = path.resolve(ROOT, args[0] ?? 'dist');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const NETWORK = {
  offline: false,
  latency: 150, // ms, round trip
  downloadThroughput: (1.6 * 1000 * 1000) / 8, // bytes per second
  uploadThroughput: (750 * 1000) / 8,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves DIR on 127.0.0.1, every file compressed once up front. */
async function startServer() {
  const files = new Map();
  const encodings = new Set();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const raw = fs.readFileSync(p);
        files.set('/' + path.relative(DIR, p).split(path.sep).join('/'), {
          type: TYPES[path.extname(p)] ?? 'application/octet-stream',
          raw,
          br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
          gzip: gzipSync(raw, { level: 9 }),
        });
      }
    }
  };
  walk(DIR);
  const server = http.createServer((req, res) => {
    let p = new URL(req.url, 'http://localhost').pathname;
    if (p.endsWith('/')) p += 'index.html';
    const f = files.get(p);
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
    encodings.add(encoding ?? 'identity');
    const body = encoding ? f[encoding] : f.raw;
    res.writeHead(200, {
      'Content-Type': f.type,
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      ...(encoding ? { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' } : {}),
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, encodings, baseUrl: `http://127.0.0.1:${server.address().port}` };
}

async function measureOnce(baseUrl, serviceWorkers) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'devops-lab-measure-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    locale: LOCALE,
    serviceWorkers,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    const requests = new Map(); // requestId -> { url, bytes }
    let phase = 'load';
    cdp.on('Network.requestWillBeSent', (e) => {
      requests.set(e.requestId, { url: e.request.url, bytes: 0, phase });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.bytes = e.encodedDataLength;
    });
    const t0 = Date.now();
    await page.goto(`${baseUrl}/`, { waitUntil: 'commit' });
    await page.waitForSelector('.cards .card h3 a', { timeout: 120000 });
    const painted = Date.now() - t0;
    await page.click('.cards .card h3 a');
    await page.waitForSelector('#step-title', { timeout: 120000 });
    const interactive = Date.now() - t0;
    phase = 'after';
    const atInteractive = [...requests.values()].filter((r) => r.phase === 'load');
    // What the service worker downloads for offline use once the app runs.
    let afterBytes = 0;
    if (serviceWorkers === 'allow') {
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 300000 });
      await sleep(500);
      // The worker's own fetches are another target's; count what is in its cache instead.
      afterBytes = await page.evaluate(async () => {
        let total = 0;
        for (const key of await caches.keys()) {
          for (const req of await (await caches.open(key)).keys()) {
            const res = await (await caches.open(key)).match(req);
            total += (await res.arrayBuffer()).byteLength;
          }
        }
        return total;
      });
    }
    return {
      painted,
      interactive,
      bytes: atInteractive.reduce((t, r) => t + r.bytes, 0),
      requests: atInteractive.map((r) => r.url.replace(baseUrl, '')),
      cached: afterBytes,
    };
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const { server, encodings, baseUrl } = await startServer();
try {
  console.log(`measure-load: ${DIR}, 1.6 Mbps down / 750 kbps up / 150 ms RTT, cache disabled, ${RUNS} runs`);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await measureOnce(baseUrl, 'allow');
    runs.push(r);
    console.log(`  run ${i + 1}: catalogue shown ${r.painted} ms, interactive ${r.interactive} ms, ${kb(r.bytes)} in ${r.requests.length} requests`);
  }
  const last = runs[runs.length - 1];
  console.log(`requests until interactive: ${last.requests.join(' ')}`);
  console.log(`median: catalogue shown ${median(runs.map((r) => r.painted))} ms, interactive ${median(runs.map((r) => r.interactive))} ms`);
  console.log(`bytes until interactive: ${kb(median(runs.map((r) => r.bytes)))} transferred (encoding: ${[...encodings].join(', ')})`);
  console.log(`then, in the background, the service worker caches ${kb(last.cached)} (uncompressed) for offline use`);
} finally {
  server.close();
  server.closeAllConnections();
}
