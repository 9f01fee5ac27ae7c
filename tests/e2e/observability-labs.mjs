// End-to-end tests of the observability labs, run by tests/e2e/run.mjs in the shared page.
// Their engines (the telemetry simulator, Logs Insights, X-Ray, the alarms) stay in the
// parsers worker: the workspace is the worker's panel (#lab-panel), graded there.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, ROOT } from '../../scripts/e2e-harness.mjs';
import { check, keepingProgress, panelShows, step } from './lab-helpers.mjs';

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
