// End-to-end tests of the classroom (issue 8: src/ui/present, src/ui/i18n.rs), run by
// tests/e2e/run.mjs in the same page as the others:
// - presenter mode and the audience window agree after every action the presenter takes
//   (play, pause, step, seek, a fault injected on cue, reset), and a reopened audience window
//   comes back where the presenter is;
// - every presenter control works from the keyboard alone, with a visible focus;
// - Vietnamese and back: the interface, the labs and the graded verdicts, remembered across
//   a reload.
// Each test leaves localStorage as it found it and reloads, so that the tests after it (the
// DORA lab's expects a learner who has not started) see a fresh page.
import { test, assert, screenshot as shoot } from '../../scripts/e2e-harness.mjs';

// The deployment sandbox's benchmark set-up (see deploy.mjs): a canary with a 5xx-rate alarm.
const SANDBOX = '/#/sandbox/deploy?seed=1&dur=3600&traffic=steady&rps=1000&fleet=20&s=canary&pct=10&bake=5'
  + '&alarm=error-rate&thr=1&period=60&n=3&m=2&missing=notBreaching';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Moves the presenter's scrubber to `t`, then leaves the focus on no field (so keys are shortcuts). */
async function seek(page, t) {
  await page.locator('#sim-scrubber').fill(String(t));
  await page.evaluate(() => document.activeElement?.blur());
}

/** Waits until `selector` has `attr` = `value`. */
const waitAttr = (page, selector, attr, value) => page.locator(`${selector}[${attr}="${value}"]`).waitFor();

/** What a window shows: its page, its playback second, whether it plays. */
async function seen(page) {
  return page.evaluate(() => ({
    hash: decodeURIComponent(location.hash),
    t: Number(document.querySelector('#sim-now')?.dataset.t),
    playing: document.querySelector('#sim-play')?.getAttribute('aria-pressed') === 'true',
  }));
}

/**
 * Waits (up to 5 s: the other window hears of a change through a BroadcastChannel) until
 * both windows show the same page, the same play/pause state and the same second (within
 * one second while playing), then returns what the presenter shows.
 */
async function agree(presenter, audience, what) {
  let last;
  for (let i = 0; i < 50; i++) {
    const [p, a] = await Promise.all([seen(presenter), seen(audience)]);
    last = { presenter: p, audience: a };
    const tOk = p.playing ? Math.abs(p.t - a.t) <= 1 : p.t === a.t;
    if (p.hash === a.hash && p.playing === a.playing && tOk && Number.isFinite(p.t)) return p;
    await sleep(100);
  }
  assert.fail(`after ${what}, the windows disagree: ${JSON.stringify(last, null, 1)}`);
}

/** localStorage as it is, to put back with restore(). */
const snapshot = (page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage)));

async function restore(page, goto, saved) {
  await goto('/#/');
  await page.evaluate((entries) => {
    localStorage.clear();
    for (const [key, value] of JSON.parse(entries)) localStorage.setItem(key, value);
  }, saved);
  await page.reload(); // a fresh window: not presenting, in the saved language
  await page.waitForFunction(() => window.wasmBindings !== undefined);
}

/** Opens the audience window with `open` (a click or a key) and waits until it shows the sandbox. */
async function openAudience(context, open) {
  // The new window, from the context's "page" event or, should Playwright not report it
  // (seen after a window of the same name was closed), as the one page not there before.
  const before = new Set(context.pages());
  const [event] = await Promise.all([context.waitForEvent('page', { timeout: 5000 }).catch(() => null), open()]);
  const audience = event ?? context.pages().find((p) => !before.has(p));
  assert.ok(audience, 'no audience window opened');
  await audience.waitForLoadState('load');
  await audience.locator('.presenting.audience #sim-summary').waitFor();
  assert.equal(await audience.evaluate(() => window.name), 'devops-lab-audience');
  return audience;
}

test('presenter mode and the audience window agree on the page, the time and play/pause, and a reopened audience window comes back there', async ({ page, context, goto, screenshot }) => {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 768 });
  await goto('/#/');
  const saved = await snapshot(page);
  await page.evaluate(() => localStorage.removeItem('devops-lab.present'));
  await goto(SANDBOX);
  await page.locator('#sim-summary').waitFor();
  await page.click('#present');
  await page.locator('.presenting .presenter-bar').waitFor();
  assert.equal(await page.locator('#present').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('#present-toggle').getAttribute('aria-pressed'), 'true');

  let audience = await openAudience(context, () => page.click('#present-audience'));
  // The projector: presenting, as the audience, in large type, without the presenter's notes.
  assert.equal(await audience.locator('.presenting.audience').count(), 1);
  const size = await audience.locator('.presenting').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(size >= 20, `the audience window's type is ${size}px`);
  const body = await audience.locator('#sim-summary').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(body >= 20, `the audience window's summary is ${body}px`);
  assert.equal(await audience.locator('#present-audience').count(), 0, 'the audience window opens no audience window');
  assert.match(await audience.locator('.presenter-bar').textContent(), /Audience view/);
  let now = await agree(page, audience, 'opening the audience window');
  assert.deepEqual([now.t, now.playing], [0, false]);

  // Slow down to 1× (the "-" shortcut thrice from 30×): the audience follows the speed too.
  await page.bringToFront();
  for (let i = 0; i < 3; i++) await page.keyboard.press('-');
  assert.equal(await page.locator('#sim-speed').inputValue(), '1');
  await audience.waitForFunction(() => document.querySelector('#sim-speed')?.value === '1');

  await page.keyboard.press(' ');
  await page.waitForFunction(() => Number(document.querySelector('#sim-now')?.dataset.t) >= 2);
  now = await agree(page, audience, 'play (Space)');
  assert.equal(now.playing, true);
  await page.keyboard.press(' ');
  now = await agree(page, audience, 'pause (Space)');
  assert.equal(now.playing, false);
  assert.ok(now.t >= 2, `paused at ${now.t}`);
  // Forward 10 s (L), then the scrubber to minute 2.
  await page.keyboard.press('l');
  const stepped = await agree(page, audience, 'forward 10 s (L)');
  assert.equal(stepped.t, now.t + 10);
  await seek(page, 120);
  now = await agree(page, audience, 'seeking to 02:00');
  assert.equal(now.t, 120);

  // A bad release on cue: the fault menu (F), then its first entry (1), at the playback time.
  await page.keyboard.press('f');
  const menu = page.locator('#fault-menu');
  await menu.waitFor();
  assert.deepEqual(await menu.locator('ol.fault-menu button').allTextContents(),
    ['1 Bad release now', '2 Crash 3 instances now', '3 Traffic spike now']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'dialog-close');
  await page.keyboard.press('1');
  await menu.waitFor({ state: 'detached' });
  await page.waitForFunction(() => /fault=bad:120:20:2/.test(location.hash));
  now = await agree(page, audience, 'injecting a bad release (F, 1)');
  assert.match(now.hash, /fault=bad:120:20:2/);
  assert.equal(await audience.locator('#fault-0-at').inputValue(), '120');
  // The menu still offers the three faults once one is in the set-up (not the set-up's list).
  await page.keyboard.press('f');
  await menu.waitFor();
  assert.equal(await menu.locator('ol.fault-menu button').count(), 3);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });

  // Both windows show the rollback once playback reaches it.
  await seek(page, 600);
  now = await agree(page, audience, 'seeking to 10:00');
  await audience.locator('#sim-events li[data-kind="rollback-started"]').waitFor();
  await audience.locator('#sim figure[data-chart="errors"]').scrollIntoViewIfNeeded();
  await page.locator('#sim figure[data-chart="errors"]').scrollIntoViewIfNeeded();
  await screenshot('classroom-presenter');
  await shoot(audience, 'classroom-audience');

  // Closing the audience window loses nothing: reopened, it is where the presenter is.
  await audience.close();
  await page.keyboard.press('j');
  const before = await seen(page);
  assert.equal(before.t, 590);
  audience = await openAudience(context, () => page.click('#present-audience'));
  now = await agree(page, audience, 'reopening the audience window');
  assert.deepEqual(now, before);
  assert.match(now.hash, /fault=bad:120:20:2/);

  // Reset (0): back to the start, paused, at the default speed, in both windows.
  await page.bringToFront();
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.querySelector('#sim-play')?.getAttribute('aria-pressed') === 'true');
  await page.keyboard.press('0');
  now = await agree(page, audience, 'reset (0)');
  assert.deepEqual([now.t, now.playing], [0, false]);
  assert.equal(await audience.locator('#sim-speed').inputValue(), '30');

  await audience.close();
  if (viewport) await page.setViewportSize(viewport);
  await restore(page, goto, saved);
});

/** Presses Tab until `id` has the focus (at most 80 times); asserts the focus is visible. */
async function tabTo(page, id) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate(() => document.activeElement?.id) === id) break;
    await page.keyboard.press('Tab');
  }
  const focus = await page.evaluate(() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    return { id: e.id, visible: e.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.equal(focus.id, id, `Tab does not reach #${id}`);
  assert.ok(focus.visible && focus.style !== 'none' && focus.width >= 2, `#${id} shows no focus: ${JSON.stringify(focus)}`);
}

const pressed = (page, id) => page.locator(`#${id}`).getAttribute('aria-pressed');

test('every presenter control works from the keyboard alone, with a visible focus', async ({ page, context, goto }) => {
  await goto('/#/');
  const saved = await snapshot(page);
  const keys = page.keyboard;
  // Not a single pointer event in this test.
  const pointer = () => page.evaluate(() => window.pointerEvents);
  const countPointer = () => page.evaluate(() => {
    window.pointerEvents = 0;
    for (const t of ['pointerdown', 'mousedown', 'click']) {
      document.addEventListener(t, (e) => { if (e.isTrusted && e.detail > 0) window.pointerEvents++; }, true);
    }
  });
  // A lab step: P turns presenter mode on here, not on the page presented last time (the
  // agenda, in an earlier session whose state is still saved).
  await page.evaluate(() => localStorage.setItem('devops-lab.present', JSON.stringify({
    hash: '#/agenda', clock: { base: 0, since: null, speed: 30 }, notes: false, timer: { ms: 0, since: null }, seq: Date.now() - 86400000,
  })));
  await goto('/#/labs/deploy-canary-rollback/2');
  await page.reload();
  await page.locator('#step-title').waitFor();
  await countPointer();
  await keys.press('p');
  await page.locator('.presenting .presenter-bar').waitFor();
  assert.match(page.url(), /#\/labs\/deploy-canary-rollback\/2$/);
  assert.match(await page.locator('#present-next').textContent(), /^Next: /);
  // ] and [: the next and the previous step.
  await keys.press(']');
  await page.waitForFunction(() => location.hash === '#/labs/deploy-canary-rollback/3');
  await keys.press('[');
  await page.waitForFunction(() => location.hash === '#/labs/deploy-canary-rollback/2');

  await goto(SANDBOX);
  await page.locator('.presenting #sim-summary').waitFor();
  // ? lists the shortcuts; its Close button has the focus; Esc closes it.
  await keys.press('?');
  const help = page.locator('#shortcuts[role="dialog"]');
  await help.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'dialog-close');
  assert.ok(await page.evaluate(() => document.activeElement.matches(':focus-visible')), 'the Close button shows its focus');
  assert.match(await help.textContent(), /Play or pause the simulation/);
  await keys.press('Escape');
  await help.waitFor({ state: 'detached' });

  // Presenter mode off from the bar (Enter), and on again from the header's button (Space).
  await tabTo(page, 'present-toggle');
  await keys.press('Enter');
  await page.waitForFunction(() => !document.querySelector('.presenting'));
  await tabTo(page, 'present');
  assert.equal(await pressed(page, 'present'), 'false');
  await keys.press(' ');
  await page.locator('.presenting').waitFor();
  assert.equal(await pressed(page, 'present'), 'true');
  assert.equal(await pressed(page, 'present-toggle'), 'true');
  assert.equal(await pressed(page, 'sim-play'), 'false', 'Space on a focused button presses that button, not Play');

  // The step text on screen.
  await tabTo(page, 'present-notes');
  const notes = await pressed(page, 'present-notes');
  await keys.press('Enter');
  await page.waitForFunction((was) => document.querySelector('#present-notes').getAttribute('aria-pressed') !== was, notes);
  await keys.press(' ');
  await page.waitForFunction((was) => document.querySelector('#present-notes').getAttribute('aria-pressed') === was, notes);

  // The fault menu: Enter opens it, Shift+Tab goes from Close to the last fault, Enter injects it.
  await tabTo(page, 'present-faults');
  await keys.press('Enter');
  await page.locator('#fault-menu').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'dialog-close');
  await keys.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'present-fault-3');
  await keys.press('Enter');
  await page.locator('#fault-menu').waitFor({ state: 'detached' });
  await page.waitForFunction(() => /fault=spike:0:/.test(decodeURIComponent(location.hash)));

  // The timer: start, see it run, pause, reset.
  await tabTo(page, 'present-timer-toggle');
  await keys.press('Enter');
  await page.waitForFunction(() => document.querySelector('#present-timer').textContent !== '00:00', null, { timeout: 5000 });
  await page.locator('#present-timer-toggle', { hasText: 'Pause timer' }).waitFor();
  await keys.press(' ');
  await page.locator('#present-timer-toggle', { hasText: 'Start timer' }).waitFor();
  const stopped = await page.locator('#present-timer').textContent();
  await sleep(1100);
  assert.equal(await page.locator('#present-timer').textContent(), stopped, 'a paused timer stands still');
  await tabTo(page, 'present-timer-reset');
  await keys.press('Enter');
  await page.waitForFunction(() => document.querySelector('#present-timer').textContent === '00:00');
  // T starts and pauses it too.
  await keys.press('t');
  await page.locator('#present-timer-toggle', { hasText: 'Pause timer' }).waitFor();
  await keys.press('t');
  await page.locator('#present-timer-toggle', { hasText: 'Start timer' }).waitFor();

  // The shortcuts button opens the list too.
  await tabTo(page, 'present-help');
  await keys.press('Enter');
  await help.waitFor();
  await keys.press('Escape');
  await help.waitFor({ state: 'detached' });
  // N shows and hides the step text.
  const n = await pressed(page, 'present-notes');
  await keys.press('n');
  await waitAttr(page, '#present-notes', 'aria-pressed', String(n !== 'true'));
  await keys.press('n');
  await waitAttr(page, '#present-notes', 'aria-pressed', n);

  // Playback from the shortcuts alone (the focus on no button).
  await page.evaluate(() => document.activeElement?.blur());
  const t = async () => Number(await page.locator('#sim-now').getAttribute('data-t'));
  await keys.press('+');
  assert.equal(await page.locator('#sim-speed').inputValue(), '60');
  await keys.press(' ');
  await page.waitForFunction(() => Number(document.querySelector('#sim-now')?.dataset.t) >= 60);
  assert.equal(await pressed(page, 'sim-play'), 'true');
  await keys.press(' ');
  assert.equal(await pressed(page, 'sim-play'), 'false');
  const paused = await t();
  await keys.press('l');
  assert.equal(await t(), paused + 10);
  await keys.press('j');
  await keys.press('j');
  assert.equal(await t(), paused - 10);
  await keys.press('-');
  assert.equal(await page.locator('#sim-speed').inputValue(), '30');
  // 2: the second fault (a crash) at the playback time, without opening the menu.
  await keys.press('2');
  await page.waitForFunction((at) => decodeURIComponent(location.hash).includes(`fault=crash:${at}:`), paused - 10);
  await keys.press('0');
  assert.equal(await t(), 0);
  // S puts the focus on the speed menu; Tab goes on to the scrubber, whose arrows seek.
  await keys.press('s');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sim-speed');
  await tabTo(page, 'sim-scrubber');
  await keys.press('ArrowRight');
  await keys.press('ArrowRight');
  assert.equal(await t(), 2);
  // The audience window, from its button (Enter), then closed; and from A.
  await tabTo(page, 'present-audience');
  let audience = await openAudience(context, () => keys.press('Enter'));
  await agree(page, audience, 'opening the audience window with Enter');
  await audience.close();
  await page.evaluate(() => document.activeElement?.blur());
  audience = await openAudience(context, () => keys.press('a'));
  await agree(page, audience, 'opening the audience window with A');
  await audience.close();
  // P turns presenter mode off.
  await page.evaluate(() => document.activeElement?.blur());
  await keys.press('p');
  await page.waitForFunction(() => !document.querySelector('.presenting'));
  assert.equal(await pointer(), 0, 'no pointer event: the keyboard did it all');
  await restore(page, goto, saved);
});

test('Vietnamese and back: the interface, the labs and the verdicts, remembered across a reload', async ({ page, goto, screenshot }) => {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1366, height: 900 });
  await goto('/#/');
  const saved = await snapshot(page);
  await page.locator('.cards').first().waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.selectOption('#lang', 'vi');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  await page.locator('.cards').first().waitFor();
  assert.equal(await page.locator('.card h3 a').first().textContent(), 'Bốn chỉ số then chốt của DORA: đo lường một nhóm');
  assert.match(await page.locator('.card').first().textContent(), /Chưa bắt đầu/);
  assert.equal(await page.evaluate(() => localStorage.getItem('devops-lab.lang')), 'vi');

  await goto('/#/labs/dora-four-keys/2');
  await page.locator('#step-title').waitFor();
  assert.equal(await page.locator('#lab-title').textContent(), 'Bốn chỉ số then chốt của DORA: đo lường một nhóm');
  assert.equal((await page.locator('#check').textContent()).trim(), 'Kiểm tra câu trả lời');
  // A graded answer, written as Vietnamese writes decimals, gets a Vietnamese verdict.
  await page.fill('#input-deployments_per_week', '1,5');
  await page.click('#check');
  const verdict = page.locator('li.check.fail[data-check="deployment-frequency"]');
  await verdict.waitFor();
  assert.match(await verdict.textContent(), /Câu trả lời của bạn, 1,5, quá thấp\./);
  assert.match(await page.locator('li.check[data-check="level-overall"]').textContent(), /Chưa trả lời\./);
  await page.locator('#step-title').scrollIntoViewIfNeeded();
  await screenshot('classroom-vi-lab');
  await verdict.scrollIntoViewIfNeeded();
  await screenshot('classroom-vi-verdicts');

  await page.reload();
  await page.locator('#step-title').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
  assert.equal((await page.locator('#check').textContent()).trim(), 'Kiểm tra câu trả lời');

  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.locator('#step-title').waitFor();
  assert.equal(await page.locator('#lab-title').textContent(), "DORA's four keys: measure a team");
  assert.equal((await page.locator('#check').textContent()).trim(), 'Check my answers');
  await page.click('#check');
  assert.match(await page.locator('li.check.fail[data-check="deployment-frequency"]').textContent(), /Your answer, 1[.,]5, is too low\./);
  assert.equal(await page.evaluate(() => localStorage.getItem('devops-lab.lang')), 'en');
  if (viewport) await page.setViewportSize(viewport);
  await restore(page, goto, saved);
});

test("a lab's faults on cue while presenting: at the playback time, in every run, cleared by reset, never graded", async ({ page, goto, screenshot }) => {
  const saved = await snapshot(page);
  const LAB = 'deploy-canary-rollback';
  try {
    await goto(`/#/labs/${LAB}/2`);
    await page.locator('[id="input-configuration-CodeDeployDefault.ECSCanary10Percent5Minutes"]').check();
    await page.locator('#release-good-play').waitFor();
    await page.evaluate(() => document.activeElement?.blur()); // shortcuts are off in a field
    // Not presenting: a learner sees no fault buttons in a lab.
    assert.equal(await page.locator('.faults.on-cue').count(), 0);
    await page.keyboard.press('p');
    await page.locator('.faults.on-cue').waitFor();
    const badBefore = await page.locator('#release-good-events li[data-kind="bad-release"]').count();
    // Seek to 3:00 on the shared clock, then inject fault 1 (a bad release) from the keyboard.
    await page.locator('#release-good-scrubber').fill('180');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('f');
    await page.locator('#fault-menu').waitFor();
    assert.equal(await page.locator('#fault-menu li').count(), 3, 'the lab offers its three faults');
    await page.keyboard.press('Escape');
    await page.keyboard.press('1');
    await page.locator('#cue-list li').first().waitFor();
    assert.match(await page.locator('#cue-list').textContent(), /03:00/);
    // Every run of the lab has it now, at 03:00 (the good release turns bad there).
    await page.locator('#release-good-scrubber').fill('3600');
    await page.evaluate(() => document.activeElement?.blur());
    await page.waitForFunction(
      (before) => document.querySelectorAll('#release-good-events li[data-kind="bad-release"]').length > before,
      badBefore,
    );
    assert.match(await page.locator('#release-good-events li[data-kind="bad-release"]').first().textContent(), /03:00/);
    await screenshot('classroom-lab-fault-on-cue');
    // Reset: back to 00:00 and no fault on cue.
    await page.keyboard.press('0');
    await page.waitForFunction(() => document.querySelectorAll('#cue-list li').length === 0);
    assert.equal(await page.locator('#release-good-now').getAttribute('data-t'), '0');
    // Graded answers are untouched: the demo fault is not in the learner's progress.
    const progress = await page.evaluate(() => localStorage.getItem('devops-lab.progress') ?? '');
    assert.ok(!/bad_release/.test(progress), progress);
  } finally {
    await restore(page, goto, saved);
  }
});

test('closing the audience window ends the presenter role of the window that opened it', async ({ page, context, goto }) => {
  const saved = await snapshot(page);
  try {
    await goto(SANDBOX);
    await page.locator('#sim-play').waitFor();
    assert.equal(await page.locator('.presenter-bar').count(), 0, 'a learner window has no presenter bar');
    const audience = await openAudience(context, () => page.keyboard.press('a'));
    await page.locator('.presenter-bar').waitFor();
    await audience.close();
    // The window checks every second whether its audience window is still open.
    await page.locator('.presenter-bar').waitFor({ state: 'detached', timeout: 5000 });
  } finally {
    await restore(page, goto, saved);
  }
});
