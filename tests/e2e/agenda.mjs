// End-to-end test of the day's agenda (src/ui/agenda.rs), run by tests/e2e/run.mjs in the
// same page as the others: it opens #/agenda, follows a block's lab link, comes back,
// starts a block's timer, sees it tick and survive a reload, and takes a screenshot.
import { test, assert } from '../../scripts/e2e-harness.mjs';

const elapsed = async (page, id) => Number(await page.locator(`#timer-${id}`).getAttribute('data-elapsed'));

test('the agenda links each block to its labs, and a block timer runs across a reload', async ({ page, goto, screenshot }) => {
  await goto('/#/agenda');
  await page.evaluate(() => localStorage.removeItem('devops-lab.agenda-timers'));
  await page.reload();
  await page.locator('ol.blocks').waitFor();
  assert.equal(await page.locator('ol.blocks > li').count(), 10);
  assert.match(await page.locator('#block-0830 .when').textContent(), /08:30–09:00/);
  // The header links here; a block's lab link opens the lab.
  assert.equal(await page.locator('header.top nav a[href="#/agenda"]').count(), 1);
  await page.click('#block-0900 .links a[href="#/labs/deploy-rolling"]');
  await page.locator('#step-title').waitFor();
  assert.match(page.url(), /#\/labs\/deploy-rolling$/);
  await page.goBack();
  await page.locator('ol.blocks').waitFor();

  await page.click('#block-0900 button[data-act="Start"]');
  await page.waitForFunction(() => document.querySelector('#timer-0900')?.dataset.state === 'running');
  assert.match(await page.locator('#agenda-next').textContent(), /Next: Break at 10:30/);
  assert.equal(await page.locator('#block-0900').getAttribute('aria-current'), 'time');
  // It ticks once a second.
  await page.waitForFunction(() => Number(document.querySelector('#timer-0900')?.dataset.elapsed) >= 2, null, { timeout: 5000 });
  await page.reload();
  await page.locator('ol.blocks').waitFor();
  assert.equal(await page.locator('#timer-0900').getAttribute('data-state'), 'running');
  assert.ok((await elapsed(page, '0900')) >= 2, 'the elapsed time is kept across a reload');
  await page.locator('#block-0900').scrollIntoViewIfNeeded();
  await screenshot('agenda');
  await page.click('#block-0900 button[data-act="Stop"]');
  await page.click('#block-0900 button[data-act="Reset"]');
  assert.equal(await page.locator('#timer-0900').getAttribute('data-state'), 'idle');
});
