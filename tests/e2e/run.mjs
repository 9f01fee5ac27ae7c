// End-to-end test of the release build (dist/): `node tests/e2e/run.mjs`
// (scripts/test.sh runs it last, after `trunk build index.html --release`).
// The tests run in order in one shared page, as one learner's session: open
// the catalogue, do the DORA lab wrongly then rightly, reload, export, survive
// corrupt saved data, import. See scripts/e2e-harness.mjs for the harness.
import fs from 'node:fs';
import path from 'node:path';
import { test, run, assert, measure, ROOT } from '../../scripts/e2e-harness.mjs';

import { LAB, RIGHT } from './dora-answers.mjs';


async function answerStep(page, goto, step, answers) {
  await goto(`/#/labs/${LAB}/${step}`);
  await page.waitForSelector('#step-title');
  for (const [input, value] of Object.entries(answers)) {
    const radio = page.locator(`[id="input-${input}-${value}"]`);
    if (await radio.count()) {
      await radio.check();
    } else {
      await page.fill(`#input-${input}`, value);
    }
  }
}

async function score(page) {
  // A deployment lab's checks are graded in the parsers worker: wait for its answer.
  const el = page.locator('#score:not([data-pending])');
  await el.waitFor();
  return [Number(await el.getAttribute('data-score')), Number(await el.getAttribute('data-max'))];
}

test('the catalogue lists the DORA labs in agenda order', async ({ page, goto, screenshot }) => {
  measure('open catalogue', await goto('/#/'));
  await page.waitForSelector('.cards');
  assert.match(await page.title(), /DevOps Lab/);
  assert.equal(await page.locator('h2').first().textContent(), 'DevOps mindset & DORA');
  const links = await page.locator('.card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links.slice(0, 2), [`#/labs/${LAB}`, '#/labs/dora-compare-teams']);
  assert.match(await page.locator('.card').first().textContent(), /Not started/);
  await screenshot('catalogue');
});

// Every URL the page requested, to tell the first load from what loads on demand.
const requested = [];

test('a deep link opens the lab, ready to use', async ({ page, goto, screenshot }) => {
  page.on('request', (r) => requested.push(r.url()));
  await page.goto('about:blank'); // a full page load, as when a learner opens the link
  const t0 = Date.now();
  await goto(`/#/labs/${LAB}`);
  await page.locator('#step-title').waitFor({ state: 'visible' });
  measure('navigation to lab interactive (full load, deep link)', Date.now() - t0);
  // The first step asks nothing, so it offers no Check.
  assert.equal(await page.locator('#check').count(), 0);
  // A lab's datasets ship pre-parsed: the parsers worker is not fetched.
  assert.ok(requested.some((u) => /devops-lab-[0-9a-f]+_bg\.wasm/.test(u)), requested.join('\n'));
  assert.ok(!requested.some((u) => u.includes('devops-lab-parsers')), requested.join('\n'));
  assert.equal(await page.locator('#lab-title').textContent(), "DORA's four keys: measure a team");
  assert.match(await page.locator('.intro').textContent(), /Simplified:/);
  // The chart is drawn: the canvas has non-background pixels.
  const drawn = await page.locator('figure.chart canvas').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2]) coloured++;
    return coloured;
  });
  assert.ok(drawn > 500, `chart looks empty (${drawn} coloured pixels)`);
  await screenshot('lab-step-1');
});

test('wrong answers get plain-words feedback and no full marks', async ({ page, goto }) => {
  await answerStep(page, goto, 2, { deployments_per_week: '1.5' });
  await answerStep(page, goto, 3, { lead_time_hours: '33.4' });
  await page.click('#check');
  const [got, max] = await score(page);
  assert.equal(max, 15);
  assert.equal(got, 0);
  const df = page.locator('li.check.fail[data-check="deployment-frequency"]');
  // Recognised mistakes get their own advice, with the lab's emphasis rendered, not raw.
  assert.match(await df.textContent(), /Your answer, 1\.5, is too low\..*counts only the 6 successful deployments/s);
  const lt = page.locator('li.check.fail[data-check="lead-time"]');
  assert.match(await lt.textContent(), /too high.*33\.4 h is the mean of the lead times/s);
  assert.equal(await lt.locator('.feedback em').textContent(), 'mean');
  // An unanswered check says only that: no advice, no concept for free.
  const overall = page.locator('li.check[data-check="level-overall"]');
  assert.match(await overall.textContent(), /Not answered yet/);
  assert.equal(await overall.locator('.feedback, .explain').count(), 0);
  // The field itself is marked, and the result links back to its step.
  assert.equal(await page.locator('.field .mark.fail').count(), 1);
  assert.equal(await df.locator('a.goto').getAttribute('href'), `#/labs/${LAB}/2`);
  // Focus moved to the results, which a screen reader announces.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'results-title');
  // A partly answered lab's check records no best score, and says so.
  assert.match(await page.locator('.results .partial').textContent(), /not recorded as your best score/);
  assert.equal(await page.locator('#best-score').count(), 0);
  // Correcting an answer clears its stale mark; the result says it changed.
  await page.fill('#input-lead_time_hours', '20');
  await page.locator('.field .mark.fail').waitFor({ state: 'detached' });
  assert.match(await lt.textContent(), /You changed this answer since this check/);
  // Next step moves focus to the new step's heading, not the bottom of the page.
  await page.click('.step-buttons a.primary');
  await page.waitForFunction(() => document.activeElement?.id === 'step-title');
});

test('right answers earn full marks', async ({ page, goto, screenshot }) => {
  for (const [step, answers] of Object.entries(RIGHT)) await answerStep(page, goto, step, answers);
  await page.click('#check');
  assert.deepEqual(await score(page), [15, 15]);
  assert.match(await page.locator('.complete').textContent(), /Lab complete: 15 \/ 15/);
  assert.equal(await page.locator('li.check.fail').count(), 0);
  await screenshot('lab-full-marks');
});

test('progress survives a reload', async ({ page }) => {
  await page.reload();
  await page.locator('#best-score').waitFor();
  assert.equal(await page.locator('#best-score').getAttribute('data-score'), '15');
  assert.equal(await page.locator('#input-level_overall-high').isChecked(), true);
  assert.deepEqual(await score(page), [15, 15]);
});

let exported = null;
test('progress exports to a JSON file', async ({ page, goto }) => {
  await goto('/#/progress');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  exported = await download.path();
  const saved = JSON.parse(fs.readFileSync(exported, 'utf8'));
  assert.equal(saved.version, 2);
  assert.deepEqual(saved.labs[LAB].best, { points: 15, max: 15 });
  // A typed number is kept with the language it was typed in (1.000 differs between them).
  assert.deepEqual(saved.labs[LAB].answers.deployments_per_week, { text: '2', lang: 'en' });
});

test('corrupt saved progress is backed up and reported, not fatal', async ({ page, goto }) => {
  await page.evaluate(() => localStorage.setItem('devops-lab.progress', '{"version": 1, "labs": ['));
  await goto('/#/');
  await page.reload();
  const banner = page.locator('.banner.error');
  await banner.waitFor();
  assert.match(await banner.textContent(), /could not be read .*devops-lab\.progress\.backup/s);
  const backup = await page.evaluate(() => localStorage.getItem('devops-lab.progress.backup'));
  assert.equal(backup, '{"version": 1, "labs": [');
  assert.match(await page.locator('.card').first().textContent(), /Not started/);
});

test('importing the exported file restores the progress', async ({ page, goto }) => {
  await goto('/#/progress');
  await page.setInputFiles('#import', exported);
  await page.locator('.banner.info', { hasText: 'Imported progress for 1 lab' }).waitFor();
  await goto('/#/');
  assert.match(await page.locator('.card').first().textContent(), /Best score: 15 \/ 15/);
});

test('an unknown lab and a bad step get clear messages', async ({ page, goto }) => {
  await goto('/#/labs/no-such-lab');
  assert.match(await page.locator('[role=alert]').textContent(), /There is no lab called "no-such-lab"/);
  await goto(`/#/labs/${LAB}/99`);
  assert.match(await page.locator('[role=alert]').textContent(), /no step "99": its steps are numbered 1 to 6/);
});

test('the sandbox points at the line and column of a malformed log', async ({ page, goto, screenshot }) => {
  assert.ok(!requested.some((u) => u.includes('devops-lab-parsers')), 'no parser before the sandbox');
  await goto('/#/sandbox/dora');
  await page.locator('table.keys').waitFor();
  // The sandbox parses YAML in the parsers worker, fetched now, on first need.
  assert.ok(requested.some((u) => u.endsWith('/devops-lab-parsers_bg.wasm')), requested.join('\n'));
  console.log('parsers worker requests: ' + requested.filter((u) => u.includes('parsers')).map((u) => u.split('/').pop()).join(', '));
  await page.fill('#log-editor', 'team: Broken\nfrom: 2025-03-03T00:00:00Z\nto: not-a-time\n');
  const error = page.locator('#log-error');
  await error.waitFor();
  assert.match(await error.textContent(), /Line 3, column \d+:/);
  await screenshot('sandbox-error');
});

test('the compare lab renders both teams in the dark theme', async ({ page, goto, screenshot }) => {
  await goto('/#/labs/dora-compare-teams/2');
  await page.click('header.top button.theme');
  await page.locator('.app.theme-dark').waitFor();
  assert.equal(await page.locator('table.keys').count(), 2);
  assert.match(await page.locator('table.keys').nth(1).textContent(), /Elite/);
  await screenshot('compare-dark');
});

const CANARY = 'deploy-canary-rollback';

async function choose(page, input, option) {
  await page.locator(`[id="input-${input}-${option}"]`).check();
}

test('the canary lab: a whole-service alarm lets the bad release through, and an alarm alone only stops', async ({ page, goto }) => {
  await goto(`/#/labs/${CANARY}/2`);
  // Before a configuration is chosen, the simulation says once what it waits for.
  await page.locator('.simulation [data-waiting="configuration"]').first().waitFor();
  assert.equal(await page.locator('.simulation [data-waiting="configuration"]').count(), 1);
  await choose(page, 'configuration', 'CodeDeployDefault.ECSCanary10Percent5Minutes');
  // Both futures are simulated as soon as a configuration is chosen.
  await page.locator('[data-variant="bad"] [data-summary="failed_requests"]').waitFor();
  await goto(`/#/labs/${CANARY}/3`);
  await choose(page, 'alarm_metric', 'error_rate');
  await page.fill('#input-threshold', '5');
  await page.fill('#input-evaluation_periods', '1');
  await page.fill('#input-datapoints', '1');
  await page.click('#check');
  // The runs and the grades come from the parsers worker (the simulator is not in the app):
  // wait for the grades and for every run of the last answers.
  await page.waitForSelector('#score:not([data-pending])');
  await page.waitForFunction(() => !document.querySelector('section.sim-run[aria-busy="true"]'));
  // The diluted alarm fires only once all traffic is on v2, and with no automatic rollback
  // chosen yet, it only stops the deployment.
  assert.equal(await page.locator('[data-variant="bad"] tr[data-summary="outcome"] td').getAttribute('data-value'), 'stopped');
  assert.equal(await page.locator('li.check.pass[data-check="bad-alarmed"]').count(), 1);
  const stopped = page.locator('li.check.fail[data-check="bad-stopped"]');
  assert.match(await stopped.textContent(), /never rolled back/);
  assert.match(await stopped.textContent(), /DEPLOYMENT_STOP_ON_ALARM/);
  assert.match(await page.locator('li.check.fail[data-check="bad-contained"]').textContent(), /Failed requests: [\d,]+ in the simulation; at most 2500 passes/);
  // An outcome the rollback setting decides links to the step that sets it.
  assert.equal(await stopped.locator('a.goto').getAttribute('href'), `#/labs/${CANARY}/3`);
});

test('the canary lab: alarming on the new version stops it early, full marks', async ({ page, goto, screenshot }) => {
  await goto(`/#/labs/${CANARY}/3`);
  await choose(page, 'alarm_metric', 'green_error_rate');
  await choose(page, 'auto_rollback', 'DEPLOYMENT_FAILURE+DEPLOYMENT_STOP_ON_ALARM');
  await goto(`/#/labs/${CANARY}/4`);
  await choose(page, 'why_metric', 'diluted');
  await goto(`/#/labs/${CANARY}/5`);
  // The fixed run without rollback on alarm: stopped, the canary's 10% left on v2.
  const stopOnly = page.locator('[data-what-if="stop-only"]');
  assert.equal(await stopOnly.locator('tr[data-summary="outcome"] td').getAttribute('data-value'), 'stopped');
  await choose(page, 'after_stop', 'split');
  await page.click('#check');
  assert.deepEqual(await score(page), [13, 13]);
  const events = await page.locator('[data-variant="bad"]').textContent();
  assert.match(events, /roll/i, 'the bad release shows a rollback');
  await goto(`/#/labs/${CANARY}/3`);
  await page.locator('[data-variant="bad"] canvas').first().waitFor();
  await screenshot('canary-lab');
});

import './deploy.mjs';
import './agenda.mjs';
import './offline.mjs';
import './classroom.mjs';
import './cfn.mjs';
import './cfn-labs.mjs';
import './cicd-labs.mjs';
import './containers-labs.mjs';
import './observability-labs.mjs';
import './exam.mjs';
import './case-studies.mjs';
test('the feature-flags lab: a dark launch shown as AppConfig JSON text, then a gradual rollout', async ({ page, goto, screenshot }) => {
  await goto('/#/labs/deploy-feature-flags/1');
  await page.locator('[id="input-staff_rule-on"]').check();
  await page.locator('[id="input-split_by-user_id"]').check();
  await page.fill('#input-dark_percent', '0');
  await goto('/#/labs/deploy-feature-flags/2');
  await page.fill('#input-day1_percent', '10');
  await page.fill('#input-day2_percent', '50');
  const workspace = page.locator('.workspace');
  assert.match(await workspace.textContent(), /AWS\.AppConfig\.FeatureFlags|"values"/);
  assert.equal(await workspace.locator('script').count(), 0);
  // Nothing in the workspace is wider than the page.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await screenshot('flags-lab');
});

// ---------------------------------------------------------------------------
// Layout and accessibility on every route (issue 15): axe-core in both themes, and no
// horizontal overflow or clipped table at a phone's, a projector's and a laptop's width.

async function routes(page, goto) {
  await goto('/#/');
  await page.waitForSelector('.cards');
  const labs = await page.locator('.card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const list = ['/#/', '/#/agenda', '/#/progress', '/#/sandbox/dora', '/#/sandbox/deploy', '/#/sandbox/cloudformation',
    '/#/exam', '/#/exam/practice/sdlc', '/#/exam/mock', '/#/exam/roadmap'];
  for (const href of labs) {
    const id = href.replace('#/labs/', '');
    list.push(`/#/labs/${id}/1`);
    await goto(`/#/labs/${id}/1`);
    await page.waitForSelector('#step-title');
    const steps = await page.locator('nav.steps li').count();
    for (let s = 1; s <= steps; s++) {
      await goto(`/#/labs/${id}/${s}`);
      await page.waitForSelector('#step-title');
      if (await page.locator('form.answers').count()) {
        if (s !== 1) list.push(`/#/labs/${id}/${s}`);
        break;
      }
    }
  }
  // Presenter mode (issue 8), with its bar and the shortcuts dialog open, on the deployment
  // sandbox and on a lab step.
  list.push(`/#/sandbox/deploy${PRESENTING}`, `/#/labs/${CANARY}/2${PRESENTING}`, `/#/sandbox/cloudformation${PRESENTING}`);
  return list;
}

const PRESENTING = ' (presenter mode)';

/** Opens a route of routes(): its URL, in presenter mode or not. */
async function open(page, goto, route) {
  const presenting = route.endsWith(PRESENTING);
  const url = presenting ? route.slice(0, -PRESENTING.length) : route;
  // Presenter mode and the dialog are this window's state, kept across pages: leave or enter them.
  if (await page.locator('#shortcuts').count()) await page.keyboard.press('Escape');
  await goto(url);
  await settle(page, url);
  if ((await page.locator('.presenting').count() > 0) !== presenting) await page.click('#present');
  if (presenting) await page.locator('.presenting .presenter-bar').waitFor();
  else await page.locator('.presenting').waitFor({ state: 'detached' });
}

/** In presenter mode, opens the shortcuts dialog (closed by the next open()). */
async function openDialog(page, route) {
  if (!route.endsWith(PRESENTING)) return;
  await page.click('#present-help');
  await page.locator('#shortcuts').waitFor();
}

async function settle(page, route) {
  // Attached: presenter mode hides the step text.
  if (route.includes('/labs/')) {
    await page.waitForSelector('#step-title', { state: 'attached' });
    // A deployment lab's runs arrive from the parsers worker.
    await page.waitForFunction(() => !document.querySelector('section.sim-run[aria-busy="true"]'));
  } else if (route.includes('/sandbox/dora')) await page.waitForSelector('table.keys');
  else if (route.includes('/sandbox/deploy')) await page.waitForSelector('#sim-summary');
  else if (route.includes('/sandbox/cloudformation')) await page.waitForSelector('#cfn-graph');
  // Exam practice's pages arrive from the parsers worker.
  else if (route.includes('/exam')) await page.waitForSelector('.exam .panel h2');
  else await page.waitForSelector('main');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function useTheme(page, dark) {
  const isDark = (await page.locator('.app.theme-dark').count()) > 0;
  if (isDark !== dark) await page.click('header.top button.theme');
  await page.locator(dark ? '.app.theme-dark' : '.app:not(.theme-dark)').waitFor();
}

let allRoutes = [];

test('every route passes axe-core (no serious or critical violation, no heading-order one) in both themes, on a laptop and a phone', async ({ page, goto }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  allRoutes = await routes(page, goto);
  const found = [];
  for (const [width, height, dark] of [[1366, 768, false], [1366, 768, true], [390, 844, false], [390, 844, true]]) {
    await page.setViewportSize({ width, height });
    for (const route of allRoutes) {
      await open(page, goto, route);
      await useTheme(page, dark);
      await openDialog(page, route);
      // Open every <details> so that what it hides is checked too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
        // Evaluated, not added as a <script>: the app's CSP refuses inline scripts.
        await page.evaluate(fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
      }
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          // Headings must go down one level at a time, whatever impact axe gives it.
          .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order')
          .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
      });
      for (const v of violations) {
        found.push(`${width}px ${dark ? 'dark' : 'light'} ${route}: ${v.id} (${v.impact}) ${v.help}\n    ${v.targets.slice(0, 8).join('\n    ')}`);
      }
    }
  }
  await open(page, goto, '/#/');
  console.log(`axe-core: ${allRoutes.length} routes x 2 themes x 2 widths`);
  assert.equal(found.length, 0, `axe-core violations:\n${found.join('\n')}`);
}, { timeout: 300000 });

const WIDTHS = [360, 390, 1024, 1366];

test('no horizontal overflow and no clipped table on any route at 360, 390, 1024 and 1366 px', async ({ page, goto, screenshot }) => {
  await useTheme(page, false);
  const problems = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 500 ? 844 : 768 });
    for (const route of allRoutes) {
      await open(page, goto, route);
      await openDialog(page, route);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const found = await page.evaluate(() => {
        const out = [];
        const doc = document.documentElement;
        if (doc.scrollWidth > window.innerWidth) {
          // Say what sticks out: the outermost elements past the right edge (none listed:
          // a text overflowing its box).
          const past = (e) => e && e.getBoundingClientRect().right > window.innerWidth + 1;
          const name = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList].map((c) => `.${c}`).join('')}`;
          const sticking = [...document.querySelectorAll('body *')]
            .filter((e) => past(e) && !past(e.parentElement))
            .slice(0, 3)
            .map((e) => `${name(e)} "${e.textContent.trim().slice(0, 30)}" in ${name(e.parentElement.closest('[id], [class]') ?? document.body)}`);
          out.push(`page is ${doc.scrollWidth}px wide in ${window.innerWidth}px${sticking.length ? `: ${sticking.join('; ')}` : ''}`);
        }
        // A table is clipped when its right edge is past the box that clips it and that box
        // cannot scroll to it, or past the viewport.
        for (const table of document.querySelectorAll('table')) {
          const right = table.getBoundingClientRect().right;
          if (right > window.innerWidth + 1) {
            let el = table.parentElement;
            let scrolls = false;
            while (el && el !== document.body) {
              const s = getComputedStyle(el);
              if (['auto', 'scroll'].includes(s.overflowX) && el.getBoundingClientRect().right <= window.innerWidth + 1) { scrolls = true; break; }
              el = el.parentElement;
            }
            if (!scrolls) out.push(`table ${table.className || table.caption?.textContent || ''} ends at ${Math.round(right)}px`);
          }
          let el = table.parentElement;
          while (el && el !== document.body) {
            const s = getComputedStyle(el);
            if (s.overflowX !== 'visible') {
              const box = el.getBoundingClientRect();
              if (right > box.right + 1 && s.overflowX !== 'auto' && s.overflowX !== 'scroll') {
                out.push(`table ${table.className || ''} clipped by ${el.tagName}.${el.className} (${Math.round(right)} > ${Math.round(box.right)})`);
              }
              break;
            }
            el = el.parentElement;
          }
        }
        // A scroll container that scrolls must be reachable by keyboard.
        for (const el of document.querySelectorAll('.scroll, .table-scroll')) {
          if (el.scrollWidth > el.clientWidth && !el.hasAttribute('tabindex') && !el.querySelector('a, button, input, select, textarea, [tabindex]')) {
            out.push(`scrollable ${el.className} is not focusable`);
          }
        }
        // Charts are readable: at least 160 px tall, and drawn at the size they are shown
        // (one canvas pixel per CSS pixel), so their 12-16 px labels are not scaled down:
        // the DORA and flags charts, and the deployment sandbox's and labs' run charts.
        for (const c of document.querySelectorAll('figure.chart canvas, figure.sim-chart canvas')) {
          const { width, height } = c.getBoundingClientRect();
          if (height > 0 && height < 160) out.push(`chart only ${Math.round(height)}px tall`);
          if (width > 0 && width / c.width < 0.95) out.push(`chart drawn ${c.width}px wide, shown ${Math.round(width)}px: labels shrink`);
        }
        return out;
      });
      for (const f of found) problems.push(`${width}px ${route}: ${f}`);
    }
    if (width === 390) {
      await open(page, goto, '/#/sandbox/deploy');
      await screenshot('deploy-sandbox-390');
    }
    for (const step of [6, 2]) {
      await open(page, goto, `/#/labs/${LAB}/${step}`);
      await screenshot(`dora-step${step}-${width}`);
    }
  }
  await open(page, goto, '/#/');
  await page.setViewportSize({ width: 1280, height: 800 }); // the harness's default
  assert.equal(problems.length, 0, `layout problems:\n${problems.join('\n')}`);
}, { timeout: 300000 });

await run();
