// End-to-end tests of the observability labs, run by tests/e2e/run.mjs in the shared page.
// Their engines (the telemetry simulator, Logs Insights, X-Ray, the alarms) stay in the
// parsers worker: the workspace is the worker's panel (#lab-panel), graded there.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, ROOT } from '../../scripts/e2e-harness.mjs';
import {
  answersOf, check, enter, failsExactly, fullMarks, keepingProgress, lookAt, panelShows, step, tableRows, tableShows,
} from './lab-helpers.mjs';

const file = (p) => fs.readFileSync(path.join(ROOT, 'labs', p), 'utf8');
const panelText = (page) => page.locator('#lab-panel').textContent();

test('the on-call drill: paged, acknowledged, the evidence read, orders rolled back, the alarm OK again', async ({ page, goto, screenshot }) => {
  const lab = 'oncall-drill';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    const panel = page.locator('#lab-panel');
    const press = async (name) => {
      await panel.locator('.panel-actions button', { hasText: name }).click();
    };
    // The page has arrived: the inbox holds SNS's ALARM notification at 09:23.
    await panelShows(page, /ALARM: "shop-p99-latency" in Asia Pacific \(Singapore\)/);
    assert.match(await panelText(page), /09:23/);
    await screenshot('oncall-paged');
    await press('Acknowledge the page');
    await panelShows(page, /acknowledged 09:24/);
    await press('Open the dashboard');
    await panelShows(page, /dashboard read/);

    await step(page, goto, lab, 2);
    await press('Run the Logs Insights query');
    await panelShows(page, /Logs Insights query run/);
    await page.locator('#input-filter').fill('service("orders") AND responsetime > 1');
    await press('Filter the X-Ray traces');
    await panelShows(page, /traces read/);
    await screenshot('oncall-evidence');
    await page.check('#input-cause-slow-query');

    await step(page, goto, lab, 3);
    await press('Roll back orders');
    await panelShows(page, /ended the fault/);
    await press('Wait 5 minutes');
    await panelShows(page, /Restored: the alarm was OK again at/);
    assert.match(await panelText(page), /OK: "shop-p99-latency"/);
    await screenshot('oncall-restored');

    // Every button wrote its line into the script, the answer that is graded.
    await step(page, goto, lab, 1);
    assert.equal(
      await page.locator('#input-drill').inputValue(),
      'ack\ndashboard\nlogs\ntraces\nrollback orders\nwait 5'
    );
    const graded = await check(page);
    assert.equal(graded.got, graded.max);
    // A wrong mitigation is named with its time, and the alarm stays in ALARM.
    await page.locator('#input-drill').fill(file(`${lab}/attempts/rolls-back-web/answers/drill.txt`));
    await panelShows(page, /applied; the fault goes on/);
    const wrong = await check(page);
    assert.ok(wrong.got < wrong.max);
    assert.match(await page.locator('li.check.fail[data-check="restored"]').textContent(), /none of your actions ended the fault \(rollback web 09:28\)/);
  });
});

test('the postmortem lab: the incident record, a draft read as the checks read it, blame flagged at its line', async ({ page, goto, screenshot }) => {
  const lab = 'incident-postmortem';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    await panelShows(page, /The incident record/);
    assert.match(await panelText(page), /Deploy: orders v2/);
    await step(page, goto, lab, 2);
    const editor = page.locator('#input-postmortem');
    await editor.fill(file(`${lab}/attempts/blames-people/answers/postmortem.md`));
    await panelShows(page, /Line 19, column 28: "'s fault"/);
    await screenshot('postmortem-blame');
    await editor.fill(file(`${lab}/solution/answers/postmortem.md`));
    await page.waitForFunction(() => !/column 28/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    const graded = await check(page);
    assert.equal(graded.got, graded.max);
    await screenshot('postmortem-full-marks');
  });
});

// The five console labs: each goes through its steps as a learner does, in the workspace the
// worker draws (a dashboard's builder and grid, an alarm run's inbox, states and history, a
// Logs Insights console's result table and chart, X-Ray's map, trace list and timeline),
// with one known-wrong answer from the lab's attempts/ checked before its solution.


test('the dashboard lab: the builder puts the golden signals on the grid, a dashboard without saturation named, the p99 read, full marks', async ({ page, goto, screenshot }) => {
  const lab = 'dashboard-golden-signals';
  const solution = answersOf(lab);
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    const panel = page.locator('#lab-panel');
    const editor = page.locator('#input-body');
    // A widget is a frame on the grid: a rect of no tone.
    const widgets = (n) => page.waitForFunction((n) => document.querySelectorAll('#lab-panel svg.drawing rect:not([class])').length === n, n);
    const drawn = () => panel.locator('svg.drawing').textContent();
    // The team's dashboard (the starter): the title and one graph, the Average.
    await panelShows(page, /CloudWatch › Dashboards › checkout/);
    await widgets(2);
    assert.match(await drawn(), /Response time/);
    // Each builder button adds a widget beside the last one or below, in the editor's JSON too.
    const add = (label) => panel.locator('.panel-actions button', { hasText: label }).click();
    await add('+ p99 TargetResponseTime');
    await widgets(3);
    assert.match(await editor.inputValue(), /"stat": "p99"/);
    assert.match(await drawn(), /Latency p99.*— p99/);
    await add('+ ALB request count');
    await widgets(4);
    await add('+ Error rate (metric math)');
    await widgets(5);
    assert.match(await drawn(), /Requests \(traffic\).*5xx error rate/);
    await lookAt(panel.locator('svg.drawing'));
    await screenshot('dashboard-builder');

    // A known-wrong dashboard: latency, traffic and errors, no saturation.
    await editor.fill(file(`${lab}/attempts/no-saturation/answers/body.json`));
    await widgets(4);
    await step(page, goto, lab, 2);
    await enter(page, solution, ['jump', 'moved', 'slowest']);
    const wrong = await failsExactly(page, ['saturation']);
    assert.match(wrong.saturation, /no widget shows saturation \(CPU, memory or concurrency of web\): AWS\/ECS CPUUtilization, ServiceName web is the usual one/);

    // The solution: the four signals, the p99 peaking during the incident (09:45 to 10:10).
    await step(page, goto, lab, 1);
    await editor.fill(file(`${lab}/solution/answers/body.json`));
    await widgets(5);
    await step(page, goto, lab, 2);
    await page.waitForFunction(() => /web CPU and memory/.test(document.querySelector('#lab-panel svg.drawing')?.textContent ?? ''));
    const graphed = await tableRows(page, /^Graphed metrics/);
    assert.deepEqual(graphed.map((r) => r[1]), ['p99', 'Average', 'RequestCount', '5xx error rate (%)', 'CPUUtilization', 'MemoryUtilization']);
    const p99At = graphed[0][7];
    assert.ok(p99At >= '09:45' && p99At < '10:10', `p99 peaks at ${p99At}`);
    await fullMarks(page);
    await lookAt(panel.locator('svg.drawing'));
    await screenshot('dashboard-golden-signals');
  });
});

test('the alarm tuning lab: six pages for noise, a quiet night left INSUFFICIENT_DATA named, one page for the incident, full marks', async ({ page, goto, screenshot }) => {
  const lab = 'alarm-incident-not-noise';
  const inbox = /^On-call inbox/;
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    const editor = page.locator('#input-alarms');
    // The team's alarm (the starter) pages for every stray error.
    await panelShows(page, /On-call inbox: 6 notifications, 6 of them pages \(into ALARM\)/);
    await tableShows(page, inbox, /^09:16 UTC \| shop-oncall \| ALARM: "web-5xx" in Asia Pacific \(Singapore\) \| INSUFFICIENT_DATA → ALARM/);
    const drawing = page.locator('#lab-panel svg.drawing[aria-label^="Alarm web-5xx"]');
    assert.match(await drawing.textContent(), /^web-5xx: HTTPCode_Target_5XX_Count Sum/);
    await lookAt(drawing);
    await screenshot('alarm-noise-starter');

    // A known-wrong alarm: the noise filtered, but missing data left as missing.
    await editor.fill(file(`${lab}/attempts/default-missing/answers/alarms.json`));
    await tableShows(page, /^History: web-5xx/, /^10:17 UTC \| State update \| Alarm updated from OK to INSUFFICIENT_DATA/);
    const wrong = await failsExactly(page, ['missing', 'statistic']);
    assert.match(wrong.missing, /from 09:30 to 09:40, when 8 of the 10 minutes had no datapoint, web-5xx was not OK for 2 minutes: from 09:35 it was INSUFFICIENT_DATA/);

    // The solution: one page, three minutes into the incident, and OK through the quiet night.
    await editor.fill(file(`${lab}/solution/answers/alarms.json`));
    await tableShows(page, /^Alarms at 10:20 UTC/, /^web-5xx \| OK \| 10:12 \| Metric alarm$/);
    const pages = await tableRows(page, inbox);
    assert.equal(pages.length, 1);
    assert.match(pages[0].join(' | '), /^09:53 UTC \| shop-oncall \| ALARM: "web-5xx" .* \| OK → ALARM \| Threshold Crossed: 3 out of the last 3 datapoints/);
    // The state band: OK (green) and the incident's ALARM (red), no INSUFFICIENT_DATA after the start.
    const history = await tableRows(page, /^History: web-5xx/);
    assert.deepEqual(history.map((r) => r[2]), [
      'Alarm updated from ALARM to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from INSUFFICIENT_DATA to OK',
    ]);
    assert.ok(await drawing.locator('rect.good').count() >= 2, 'OK drawn in the state band');
    await step(page, goto, lab, 3);
    await enter(page, answersOf(lab), ['statistic']);
    await fullMarks(page);
    await lookAt(page.locator('#lab-panel .table-scroll').first());
    await screenshot('alarm-one-page-for-the-incident');
  });
});

test('the composite alarm lab: four pages, then five with the members still paging, then one from checkout-incident, full marks', async ({ page, goto, screenshot }) => {
  const lab = 'composite-alarms';
  const inbox = /^On-call inbox/;
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    const editor = page.locator('#input-alarms');
    // The three alarms page on their own: the blip at 09:14, then three pages at 09:32.
    await panelShows(page, /On-call inbox: 4 notifications, 4 of them pages/);
    assert.deepEqual((await tableRows(page, inbox)).map((r) => `${r[0]} ${r[2]}`), [
      '09:32 UTC ALARM: "payments-duration-p99" in Asia Pacific (Singapore)',
      '09:32 UTC ALARM: "web-latency-p99" in Asia Pacific (Singapore)',
      '09:32 UTC ALARM: "web-5xx" in Asia Pacific (Singapore)',
      '09:14 UTC ALARM: "web-5xx" in Asia Pacific (Singapore)',
    ]);
    await lookAt(page.locator('#lab-panel h2'));
    await screenshot('composite-four-pages');

    // A rule naming an alarm that does not exist: the finding at its line and column.
    await editor.fill(file(`${lab}/attempts/wrong-name/answers/alarms.json`));
    await panelShows(page, /alarms\.json:67:25: AlarmRule: no alarm named "web-latency" is defined in this file \[alarm-undefined\]/);
    // The composite alarm added, but the members keep their AlarmActions: five pages.
    await editor.fill(file(`${lab}/attempts/members-still-page/answers/alarms.json`));
    await panelShows(page, /On-call inbox: 5 notifications, 5 of them pages/);
    await tableShows(page, /^Alarms at 10:00 UTC/, /^checkout-incident \| OK \| 09:46 \| Composite alarm$/);
    const wrong = await failsExactly(page, ['pages']);
    assert.match(wrong.pages, /the on-call inbox got 5 pages \(4 from metric alarms, 1 from composite alarms\), at most 1 wanted/);

    // The solution: the members without actions, one page from checkout-incident at 09:32.
    await editor.fill(file(`${lab}/solution/answers/alarms.json`));
    await panelShows(page, /On-call inbox: 1 notifications?, 1 of them pages?/);
    await tableShows(page, inbox, /^09:32 UTC \| shop-oncall \| ALARM: "checkout-incident" in Asia Pacific \(Singapore\) \| OK → ALARM \| web-latency-p99 transitioned to ALARM/);
    assert.equal((await tableRows(page, inbox)).length, 1);
    const composite = page.locator('#lab-panel svg.drawing[aria-label^="Alarm checkout-incident"]');
    assert.equal(await composite.locator('rect.bad').count() >= 1, true, 'the incident drawn as ALARM');
    await fullMarks(page);
    await lookAt(composite);
    await screenshot('composite-one-page');
  });
});

test('the Logs Insights lab: errors counted (sorted ascending named), p99 per route charted, access logs parsed and the 502s read, full marks', async ({ page, goto, screenshot }) => {
  const lab = 'logs-insights-questions';
  const solution = answersOf(lab);
  const result = /^Logs: the query's result/;
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    const editor = page.locator('#input-top-errors');
    // The starter (AWS's sample) lists the 25 most recent events.
    await panelShows(page, /Showing 25 of 25 rows\. 14,796 of 14,796 records matched/);
    // A known-wrong query: the error types counted, sorted ascending.
    await editor.fill(file(`${lab}/attempts/sort-ascending/answers/top-errors.insights`));
    await tableShows(page, result, /^InternalError \| 9$/, { first: true });
    await panelShows(page, /300 of 14,796 records matched/);
    await enter(page, solution, ['top-error']);

    await step(page, goto, lab, 2);
    await page.locator('#input-p99').fill(file(`${lab}/solution/answers/p99.insights`));
    // stats … by bin(): a line per route on the chart, and checkout's p99 at 3 s from 09:45.
    await panelShows(page, /Visualization \(a line per series, by bin\(5m\)/);
    await tableShows(page, result, /^POST \/checkout \| 2026-11-30 09:45:00\.000 \| 3046\.8$/);
    assert.equal(await page.locator('#lab-panel svg.drawing path').count(), 3);
    await enter(page, solution, ['slow-route']);
    await lookAt(page.locator('#lab-panel svg.drawing'));
    await screenshot('insights-p99-per-route');

    await step(page, goto, lab, 3);
    await page.locator('#input-status').fill(file(`${lab}/solution/answers/status.insights`));
    await tableShows(page, result, /^502 \| 502 \| \d+$/);
    // The learner reads the 502 row's count off the result table.
    const rows = await tableRows(page, result);
    assert.deepEqual(rows[0], ['200', '200', '7952']);
    const count = rows.find((r) => r[0] === '502')[2];
    assert.equal(Number(count), solution['elb-502']);
    await page.locator('#input-elb-502').fill(count);
    await lookAt(page.locator('#lab-panel h2'));
    await screenshot('insights-access-logs-parsed');
    const wrong = await failsExactly(page, ['top-errors']);
    assert.match(wrong['top-errors'], /InternalError/);

    // The solution's query: the most frequent first.
    await step(page, goto, lab, 1);
    await editor.fill(file(`${lab}/solution/answers/top-errors.insights`));
    await tableShows(page, result, /^DependencyError \| 121$/, { first: true });
    assert.deepEqual((await tableRows(page, result)).map((r) => r[0]), ['DependencyError', 'FeatureFlagError', 'TimeoutError', 'InternalError']);
    await fullMarks(page);
  });
});

test('the X-Ray lab: the map read, faults filtered (braces named), v2\'s slow traces listed, the slowest trace\'s query timed, full marks', async ({ page, goto, screenshot }) => {
  const lab = 'xray-slow-dependency';
  const solution = answersOf(lab);
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    const panel = page.locator('#lab-panel');
    // The trace map: orders-db's own time explains its callers', only web has faults.
    await panelShows(page, /X-Ray traces, 09:10–09:20 UTC/);
    const map = await panel.locator('svg.drawing').first().textContent();
    assert.match(map, /orders-db.*467 ms avg · 884\/min/);
    assert.match(map, /web.*fault 0[.,]9% · error 0%throttle 0%/);
    await lookAt(panel.locator('h2').first());
    await screenshot('xray-trace-map');
    await enter(page, solution, ['slow-node', 'red-node']);

    await step(page, goto, lab, 2);
    const faults = page.locator('#input-filter-faults');
    // Choosing a node on the map writes its filter into the editor.
    await panel.locator('.panel-actions button', { hasText: 'service("orders")' }).first().click();
    await page.waitForFunction(() => document.querySelector('#input-filter-faults')?.value === 'service("orders")');
    await panelShows(page, /traces match \(of 17,753 in the range\)/);
    // A known-wrong filter: faults recorded by orders itself, which answers 200.
    await faults.fill(file(`${lab}/attempts/fault-in-braces/answers/filter-faults.txt`));
    await tableShows(page, /^Traces, slowest first \(1 of 1\)/, /\| 502 \| GET \|/);
    await faults.fill(file(`${lab}/solution/answers/filter-faults.txt`));
    await panelShows(page, /155 traces match/);
    const listed = await tableRows(page, /^Traces, slowest first \(20 of 155\)/);
    assert.equal(listed.length, 20);
    assert.ok(listed.every((r) => r[3] === '504'), 'every faulted trace answered 504');

    await step(page, goto, lab, 3);
    const slow = page.locator('#input-filter-slow');
    await slow.fill(file(`${lab}/attempts/version-unquoted/answers/filter-slow.txt`));
    await panelShows(page, /Column 22: annotation\.version takes a string, number or boolean value here, not v2; strings go in double quotes\. \[value-type\]/);
    const wrong = await failsExactly(page, ['slow-match', 'slow-call', 'db-seconds', 'default-per-minute', 'checkout-per-minute']);
    assert.match(wrong['slow-match'], /v2/);
    await slow.fill(file(`${lab}/solution/answers/filter-slow.txt`));
    await panelShows(page, /1,725 traces match/);

    // The slowest trace's timeline: the orders segment's longest call is an orders-db query.
    await step(page, goto, lab, 4);
    const timeline = panel.locator('svg.drawing[aria-label^="Timeline of trace"]');
    await timeline.waitFor();
    const [slowest] = await tableRows(page, /^Traces, slowest first/);
    assert.equal(await timeline.getAttribute('aria-label'), `Timeline of trace ${slowest[0]}`);
    const calls = await timeline.locator('text').allTextContents();
    const db = calls.filter((t) => t.startsWith('orders-db ')).map((t) => Number(t.match(/· ([\d.]+) s$/)?.[1] ?? 0));
    const longest = Math.max(...db);
    assert.equal(longest, solution['db-seconds']);
    await enter(page, solution, ['slow-call']);
    await page.locator('#input-db-seconds').fill(String(longest));

    await step(page, goto, lab, 5);
    await tableShows(page, /^Sampling rules/, /^checkout-all \| 100 \| 0 \| 100% \| web \| POST \| \/checkout$/);
    await enter(page, solution, ['default-per-minute', 'checkout-per-minute']);
    await fullMarks(page);
    await step(page, goto, lab, 4);
    await timeline.waitFor();
    await lookAt(timeline);
    await screenshot('xray-slowest-trace');
  });
});
