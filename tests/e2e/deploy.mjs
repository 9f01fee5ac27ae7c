// End-to-end test of the deployment sandbox (src/ui/deploy), run by tests/e2e/run.mjs
// after the DORA tests, in the same page. It opens the benchmark set-up from its URL,
// prints how long the simulation took (the round trip of the job to the parsers worker,
// which simulates: the simulator is not in the app), reads the AWS configuration JSON
// (built in the worker too), plays, injects a bad release, sees the rollback, and takes
// screenshots in both themes. A run arrives asynchronously: after a change, the last run
// stays on screen (`aria-busy="true"`) until the next one is there.
import { test, assert, measure } from '../../scripts/e2e-harness.mjs';

// The benchmark: 1 hour, steady 1,000 rps, 20 targets, canary 10% for 5 min, a 5xx-rate alarm.
const BENCHMARK =
  'seed=1&dur=3600&traffic=steady&rps=1000&fleet=20&s=canary&pct=10&bake=5'
  + '&alarm=error-rate&thr=1&period=60&n=3&m=2&missing=notBreaching';

async function setTheme(page, dark) {
  const isDark = (await page.locator('.app.theme-dark').count()) > 0;
  if (isDark !== dark) await page.click('header.top button.theme');
  await page.locator(dark ? '.app.theme-dark' : '.app.theme-light').waitFor();
}

async function colouredPixels(page, selector) {
  return page.locator(selector).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) coloured++;
    return coloured;
  });
}

// The theme the page had before these tests, restored at the end (the import is hoisted,
// so these tests may run before or after the others in the shared page).
let initialDark = false;

const summary = (page, key) => page.locator(`#sim tr[data-summary="${key}"] td`).getAttribute('data-value');
const now = async (page) => Number(await page.locator('#sim-now').getAttribute('data-t'));
/** Waits until every run on the page is the run of the current set-up. */
const simulated = (page) => page.waitForFunction(() => document.querySelector('section.sim-run')
  && !document.querySelector('section.sim-run[aria-busy="true"]'));

test('the deployment sandbox replays the benchmark set-up from its URL', async ({ page, goto }) => {
  const requested = [];
  const onRequest = (r) => requested.push(r.url());
  page.on('request', onRequest);
  await page.goto('about:blank'); // a full load, as when a learner opens a shared link
  await goto(`/#/sandbox/deploy?${BENCHMARK}`);
  await page.locator('#sim-summary').waitFor();
  initialDark = (await page.locator('.app.theme-dark').count()) > 0;
  await setTheme(page, false);
  // The simulation runs in the parsers worker: `data-ms` is the job's round trip (asked,
  // simulated, its answer decoded), and the first one includes starting the worker.
  const ms = Number(await page.locator('#sim-ms').getAttribute('data-ms'));
  assert.ok(Number.isFinite(ms) && ms > 0, `data-ms = ${ms}`);
  measure('simulate 1 h at 1,000 rps on 20 targets (worker round trip, first run, worker start included)', ms);
  // A learner's change re-simulates with code the browser has optimised by then: measure
  // re-runs on other seeds, as a slider change would trigger them, and report the median.
  const again = [];
  for (const seed of [2, 3, 4, 5, 6]) {
    await goto(`/#/sandbox/deploy?${BENCHMARK.replace('seed=1', `seed=${seed}`)}`);
    await page.waitForFunction((s) => document.querySelector('#seed')?.value === String(s), seed);
    await simulated(page);
    again.push(Number(await page.locator('#sim-ms').getAttribute('data-ms')));
  }
  again.sort((a, b) => a - b);
  measure('re-simulate the same hour, median of 5 re-runs (worker round trip)', again[2]);
  await goto(`/#/sandbox/deploy?${BENCHMARK}`);
  await page.waitForFunction(() => document.querySelector('#seed')?.value === '1');
  await simulated(page);
  assert.equal(await summary(page, 'outcome'), 'succeeded');
  assert.equal(await page.locator('#strategy').inputValue(), 'canary');
  assert.equal(await page.locator('#seed').inputValue(), '1');
  for (const chart of ['traffic', 'errors', 'latency', 'capacity']) {
    const drawn = await colouredPixels(page, `#sim figure[data-chart="${chart}"] canvas`);
    assert.ok(drawn > 500, `${chart} chart looks empty (${drawn} coloured pixels)`);
  }
  // The AWS configuration JSON is built in the parsers worker, fetched when the sandbox opens
  // (the simulation above never waits for it).
  await page.locator('.aws-config pre[data-aws="json"]').first().waitFor();
  page.off('request', onRequest);
  assert.ok(requested.some((u) => u.endsWith('/devops-lab-parsers_bg.wasm')), requested.join('\n'));
  const aws = await page.locator('.aws-config').textContent();
  assert.match(aws, /"type": "TimeBasedCanary"/);
  assert.match(aws, /"canaryPercentage": 10\b/);
  assert.match(aws, /"canaryInterval": 5\b/);
  assert.doesNotMatch(aws, /Building the AWS configuration/);
});

test('playing moves the scrubber, and a bad release injected now is rolled back', async ({ page, screenshot }) => {
  assert.equal(await now(page), 0, 'a run opens at 00:00, where a fault added now lands');
  await page.selectOption('#sim-speed', '60');
  await page.click('#sim-play');
  await page.waitForFunction(() => Number(document.querySelector('#sim-now')?.dataset.t) >= 60);
  await page.click('#sim-play'); // pause
  const paused = await now(page);
  assert.ok(paused >= 60 && paused < 3600, `paused at ${paused}`);
  assert.equal(Number(await page.locator('#sim-scrubber').inputValue()), paused);
  assert.equal(await page.locator('#sim-events li[data-kind="rollback-started"]').count(), 0);

  await page.click('#add-bad-release');
  assert.equal(await page.locator('#fault-0-at').inputValue(), String(paused));
  assert.match(page.url(), new RegExp(`fault=bad:${paused}:20:2`));
  // Scrub to the end: the rollback appears in the log and on the summary.
  await page.locator('#sim-scrubber').fill('3600');
  await page.locator('#sim-events li[data-kind="rollback-started"]').waitFor();
  assert.equal(await summary(page, 'outcome'), 'rolled-back');
  const stopped = Number(await summary(page, 'bad_release_stopped'));
  assert.ok(stopped > paused, `stopped at ${stopped}, bad from ${paused}`);
  assert.match(await page.locator('#sim-events li[data-kind="rollback-started"]').textContent(), /^\d\d:\d\d /);
  // Back to just after the rollback for the picture.
  await page.locator('#sim-scrubber').fill(String(Math.min(3599, stopped + 240)));
  await screenshot('deploy-sandbox');
});

test('the compare view and the dark theme', async ({ page, screenshot }) => {
  await page.check('#compare-on');
  await page.locator('#vs-summary').waitFor();
  assert.equal(await page.locator('section.sim-run').count(), 2);
  assert.match(page.url(), /vs\.s=all-at-once/);
  assert.ok(Number(await page.locator('#vs tr[data-summary="outage_seconds"] td').getAttribute('data-value')) > 0);
  // The compared strategy's AWS configuration comes from the worker with the next answer.
  await page.locator('.aws-compare pre[data-aws="json"]').first().waitFor();
  assert.match(await page.locator('.aws-compare h3.aws-compare-title').textContent(), /All at once/);
  await setTheme(page, true);
  const drawn = await colouredPixels(page, '#vs figure[data-chart="traffic"] canvas');
  assert.ok(drawn > 500, `dark chart looks empty (${drawn})`);
  await screenshot('deploy-compare-dark');
  // A reload replays the same runs from the URL.
  const before = await summary(page, 'failed_requests');
  await page.reload();
  await page.locator('#vs-summary').waitFor();
  await simulated(page);
  assert.equal(await summary(page, 'failed_requests'), before);
  await setTheme(page, initialDark);
});

test('in Vietnamese the worker words the AWS configuration, and its JSON is the same', async ({ page, goto }) => {
  const hash = '/#/sandbox/deploy?platform=server&s=rolling&batch=25%25&minhealthy=75%25&alarm=none';
  await goto(hash);
  const create = page.locator('.aws-block h3', { hasText: 'CodeDeploy deployment configuration (CreateDeploymentConfig)' });
  await create.waitFor();
  const json = () => page.locator('.aws-config pre[data-aws="json"]').allTextContents();
  const english = await json();
  assert.ok(english.some((j) => j.includes('"MaxBatchSize": 5')), english.join('\n'));
  await page.selectOption('#lang', 'vi');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  // The worker has no labs file: it installs these words' Vietnamese itself.
  await page.locator('.aws-block h3', { hasText: 'Deployment configuration của CodeDeploy (CreateDeploymentConfig)' }).waitFor();
  assert.match(await page.locator('.aws-config').textContent(), /CodeDeploy không có batch size/);
  assert.deepEqual(await json(), english);
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await create.waitFor();
});

test('each rollback alarm charts the datapoints it evaluated, and a first bad release lands at 00:00', async ({ page, goto, screenshot }) => {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 768 });
  // The canary lab's alarm: the new version's 5XX rate, 2 of 3 one-minute datapoints above 5%.
  await goto('/#/sandbox/deploy?seed=1&dur=3600&rps=1000&fleet=20&s=canary&pct=10&bake=15'
    + '&alarm=green_error_rate&thr=5&period=60&n=3&m=2&missing=notBreaching');
  await page.locator('#sim-summary').waitFor();
  await setTheme(page, false);
  assert.equal(await now(page), 0);
  // Playback reveals the run as it goes: at 00:00 the whole plot area is dimmed.
  const future = () => page.locator('#sim figure[data-chart="errors"] .future').evaluate((e) => e.getBoundingClientRect().width);
  const plot = await page.locator('#sim figure[data-chart="errors"] canvas').evaluate((e) => e.getBoundingClientRect().width);
  assert.ok(await future() > plot * 0.8, 'the future is dimmed at 00:00');
  await page.click('#add-bad-release');
  assert.equal(await page.locator('#fault-0-at').inputValue(), '0');
  await page.waitForFunction(() => document.querySelector('#sim tr[data-summary="outcome"] td')?.dataset.value === 'rolled-back');
  const chart = page.locator('#sim figure[data-chart="alarm"]');
  assert.equal(await chart.count(), 1);
  assert.ok((await chart.getAttribute('data-alarm')).length > 0);
  assert.equal(await chart.getAttribute('data-datapoints'), '60');
  const fired = Number(await chart.getAttribute('data-fired'));
  const stopped = Number(await summary(page, 'bad_release_stopped'));
  assert.equal(stopped, fired - 1, 'the rollback starts in the last second of the period that put the alarm in ALARM');
  assert.ok(Number(await chart.getAttribute('data-breaching')) >= 2);
  assert.match(await chart.locator('figcaption').textContent(), /ALARM when 2 of the last 3 datapoints are above 5 %/);
  const drawn = await colouredPixels(page, '#sim figure[data-chart="alarm"] canvas');
  assert.ok(drawn > 500, `alarm chart looks empty (${drawn})`);
  // The request-level chart no longer carries a threshold the alarm does not evaluate.
  assert.doesNotMatch(await page.locator('#sim figure[data-chart="errors"] figcaption').textContent(), /threshold/);
  // The summary's sentences agree: rolled back, and the bad release stopped by it.
  assert.match(await page.locator('#sim tr[data-summary="bad_release_stopped"] td').textContent(), /^Yes, rollback at/);
  await page.locator('#sim-scrubber').fill(String(Math.min(3599, stopped + 120)));
  const dimmed = await future();
  assert.ok(dimmed > 0 && dimmed < plot * 0.8, `less is dimmed later (${dimmed} of ${plot})`);
  await chart.scrollIntoViewIfNeeded();
  await screenshot('deploy-alarm-1366');
  await chart.screenshot({ path: 'target/e2e/deploy-alarm-chart.png' });
  if (viewport) await page.setViewportSize(viewport);
  await setTheme(page, initialDark);
});

test('the canary lab compares the whole-service alarm in a fixed run, without touching the graded answer', async ({ page, goto, screenshot }) => {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 768 });
  const lab = 'deploy-canary-rollback';
  // These tests may run before the others in the shared page: leave saved progress as it was.
  const saved = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  await goto(`/#/labs/${lab}/2`);
  await page.locator('[id="input-configuration-CodeDeployDefault.ECSCanary10Percent5Minutes"]').check();
  await goto(`/#/labs/${lab}/3`);
  await page.locator('[id="input-alarm_metric-green_error_rate"]').check();
  await page.fill('#input-threshold', '5');
  await page.fill('#input-evaluation_periods', '1');
  await page.fill('#input-datapoints', '1');
  await page.locator('[id="input-auto_rollback-DEPLOYMENT_FAILURE+DEPLOYMENT_STOP_ON_ALARM"]').check();
  await goto(`/#/labs/${lab}/4`);
  const fixed = page.locator('[data-what-if="whole-service"]');
  await fixed.locator('tr[data-summary="outcome"] td').waitFor();
  const value = (root, key) => root.locator(`tr[data-summary="${key}"] td`).getAttribute('data-value');
  const mine = page.locator('[data-variant="bad"]');
  assert.equal(await value(mine, 'outcome'), 'rolled-back');
  // The whole-service alarm fires only once all traffic is on the bad version: rolled back
  // late, while the deployment group still keeps blue.
  assert.equal(await value(fixed, 'outcome'), 'rolled-back');
  assert.ok(Number(await value(fixed, 'failed_requests')) > 3 * Number(await value(mine, 'failed_requests')));
  assert.match(await fixed.textContent(), /does not use your answers/);
  // Each run charts what its alarm evaluated: the whole-service one breaches only once
  // all traffic is on the bad version.
  const firedMine = Number(await mine.locator('figure[data-chart="alarm"]').getAttribute('data-fired'));
  const firedFixed = Number(await fixed.locator('figure[data-chart="alarm"]').getAttribute('data-fired'));
  assert.ok(firedMine > 0 && (firedFixed === 0 || firedFixed > firedMine), `${firedMine} vs ${firedFixed}`);
  await page.locator('[id="input-why_metric-diluted"]').check();
  await goto(`/#/labs/${lab}/5`);
  await page.locator('[id="input-after_stop-split"]').check();
  await goto(`/#/labs/${lab}/4`);
  await fixed.locator('tr[data-summary="outcome"] td').waitFor();
  await page.click('#check');
  // The deployment checks are graded in the parsers worker.
  const score = page.locator('#score:not([data-pending])');
  await score.waitFor();
  assert.equal(await score.getAttribute('data-score'), '13', 'exploring the comparison costs nothing');
  await fixed.scrollIntoViewIfNeeded();
  await screenshot('canary-what-if-1366');
  // On a projector: the runs compact (side by side where the workspace has room), with
  // the events that decided them.
  await page.setViewportSize({ width: 1024, height: 768 });
  const runsHeight = () => page.locator('.simulation .runs').evaluate((e) => e.getBoundingClientRect().height);
  const full = await runsHeight();
  await page.locator('#release-side-by-side').check();
  await page.locator('.runs.side-by-side .sim-compact').first().waitFor();
  assert.equal(await page.locator('.runs.side-by-side .sim-compact').count(), 4);
  assert.equal(await page.locator('#release-bad-deciding li[data-kind="rollback-started"]').count(), 1);
  assert.equal(await page.locator('#release-stop-only-deciding li[data-kind="rollback-started"]').count(), 0);
  assert.equal(await page.locator('#release-stop-only-deciding li[data-kind="deployment-stopped"]').count(), 1);
  const compact = await runsHeight();
  assert.ok(compact < full * 0.6, `compact runs are much shorter (${compact} vs ${full})`);
  // Compact runs take the full width: at 1024 px the bad run and its comparison stand side by side.
  const tops = await page
    .locator('.runs.side-by-side section.variant')
    .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  assert.equal(tops[0], tops[1], `side by side at 1024 px: ${tops}`);
  await page.locator('[data-variant="bad"]').scrollIntoViewIfNeeded();
  await screenshot('canary-side-by-side-1024');
  await page.locator('#release-side-by-side').uncheck();
  if (viewport) await page.setViewportSize(viewport);
  await goto('/#/');
  await page.evaluate((entries) => {
    localStorage.clear();
    for (const [key, value] of JSON.parse(entries)) localStorage.setItem(key, value);
  }, saved);
  await page.reload();
});
