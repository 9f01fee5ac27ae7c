// What the lab tests share: grading a lab, going to a step, putting the learner's saved
// progress back after a test (the later tests count labs), waiting for the worker's panel,
// entering a solution's or an attempt's answers and reading the panel's tables.
import fs from 'node:fs';
import path from 'node:path';
import { assert, ROOT } from '../../scripts/e2e-harness.mjs';

const file = (p) => fs.readFileSync(path.join(ROOT, 'labs', p), 'utf8');

export async function check(page) {
  await page.click('#check');
  await page.waitForSelector('#score:not([data-pending])');
  return {
    got: Number(await page.locator('#score').getAttribute('data-score')),
    max: Number(await page.locator('#score').getAttribute('data-max')),
  };
}

export async function step(page, goto, lab, n) {
  await goto(`/#/labs/${lab}/${n}`);
  await page.waitForFunction((n) => document.querySelector('.step-count')?.textContent?.startsWith(`Step ${n}`), n);
}

/** Runs `body` with this page's saved progress put back afterwards (the later tests count labs). */
export async function keepingProgress(page, goto, body) {
  await goto('/#/');
  const saved = await page.evaluate(() => localStorage.getItem('devops-lab.progress'));
  try {
    await body();
  } finally {
    await page.evaluate((saved) => {
      if (saved === null) localStorage.removeItem('devops-lab.progress');
      else localStorage.setItem('devops-lab.progress', saved);
    }, saved);
    await goto('/#/');
    await page.reload();
  }
}

/** Waits until the worker's lab panel shows text matching `re`. */
export const panelShows = (page, re) =>
  page.waitForFunction((src) => new RegExp(src).test(document.querySelector('#lab-panel')?.textContent ?? ''), re.source);

/** The `[answers]` of a lab's solution (or of one of its attempts): ids to text, numbers or lists. */
export function answersOf(lab, attempt = 'solution') {
  const out = {};
  let inAnswers = false;
  for (const line of file(`${lab}/${attempt}/attempt.toml`).split('\n')) {
    if (/^\s*\[/.test(line)) inAnswers = line.trim() === '[answers]';
    const m = inAnswers && line.match(/^\s*([\w-]+)\s*=\s*(.+?)\s*$/);
    if (m) out[m[1]] = JSON.parse(m[2]);
  }
  return out;
}

/** Enters answers as a learner does: ticks a choice's options, types a number. */
export async function enter(page, answers, ids) {
  for (const id of ids) {
    const value = answers[id];
    assert.notEqual(value, undefined, `the solution answers ${id}`);
    if (Array.isArray(value)) {
      for (const option of value) await page.check(`#input-${id}-${option}`);
    } else if (typeof value === 'string' && await page.locator(`#input-${id}-${value}`).count()) {
      await page.check(`#input-${id}-${value}`);
    } else {
      await page.locator(`#input-${id}`).fill(String(value));
    }
  }
}

/** Waits until a table of the panel whose caption matches `caption` has a row matching `row`
 * (its cells' texts joined with " | "), or, with `first`, has it as its first row. */
export const tableShows = (page, caption, row, { first = false } = {}) =>
  page.waitForFunction(([c, r, first]) => [...document.querySelectorAll('#lab-panel table')].some((t) =>
    new RegExp(c).test(t.caption?.textContent ?? '') &&
    [...t.tBodies[0].rows].slice(0, first ? 1 : undefined)
      .some((tr) => new RegExp(r).test([...tr.cells].map((td) => td.textContent).join(' | ')))),
  [caption.source, row.source, first]);

/** The rows of the panel's first table whose caption matches `caption`, as lists of cell texts. */
export const tableRows = (page, caption) =>
  page.evaluate((c) => {
    const t = [...document.querySelectorAll('#lab-panel table')].find((t) => new RegExp(c).test(t.caption?.textContent ?? ''));
    return t ? [...t.tBodies[0].rows].map((tr) => [...tr.cells].map((td) => td.textContent)) : [];
  }, caption.source);

/** Shows `locator` near the top of the workspace (which scrolls on its own beside the step,
 * with a line of what is above it) and the page at its top: a screenshot then shows what the
 * learner is looking at. */
export const lookAt = (locator) =>
  locator.evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    el.closest('.workspace')?.scrollBy(0, -40);
    window.scrollTo(0, 0);
  });

/** Grades and asserts full marks, every check passing. */
export async function fullMarks(page) {
  const graded = await check(page);
  assert.equal(graded.got, graded.max);
  assert.equal(await page.locator('li.check.fail').count(), 0);
  assert.ok(await page.locator('li.check.pass').count() > 0);
}

/** Grades and asserts that exactly the checks `ids` fail; returns the failing items' texts. */
export async function failsExactly(page, ids) {
  const graded = await check(page);
  assert.ok(graded.got < graded.max);
  const failed = await page.locator('li.check.fail').evaluateAll((li) => li.map((l) => l.dataset.check));
  assert.deepEqual(failed.sort(), [...ids].sort());
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await page.locator(`li.check.fail[data-check="${id}"]`).textContent()])));
}
