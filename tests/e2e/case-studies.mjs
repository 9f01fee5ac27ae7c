// End-to-end tests of the case studies, run by tests/e2e/run.mjs in the shared page. The
// simulation (DORA's keys over thirteen weeks, the bad release, the bill) runs in the parsers
// worker: the workspace is the worker's panel (#lab-panel), graded there.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, ROOT } from '../../scripts/e2e-harness.mjs';
import {
  answersOf, enter, failsExactly, fullMarks, keepingProgress, lookAt, panelShows, step, tableRows,
} from './lab-helpers.mjs';

const DECISIONS = ['branching', 'pipeline', 'deployment', 'iac', 'compute', 'observability'];

/** The `fails` list of one of a lab's attempts. */
function failsOf(lab, attempt) {
  const text = fs.readFileSync(path.join(ROOT, 'labs', lab, 'attempts', attempt, 'attempt.toml'), 'utf8');
  return JSON.parse(text.match(/^fails\s*=\s*(\[.*\])\s*$/m)[1]);
}

/** Makes `answers`' six decisions on step 2 (single choices: a pick replaces the last), then
 * answers step 3's questions, and stays there. */
async function answer(page, goto, lab, answers) {
  await step(page, goto, lab, 2);
  await enter(page, answers, DECISIONS);
  await panelShows(page, /Thirteen weeks: \d+ deployments/);
  await step(page, goto, lab, 3);
  const rest = Object.keys(answers).filter((id) => !DECISIONS.includes(id));
  // A multiple choice starts unticked: an earlier answer's options are cleared first.
  await page.locator('input[type=checkbox]:checked').evaluateAll((boxes) => boxes.forEach((b) => b.click()));
  await enter(page, answers, rest);
}

for (const [lab, wrong] of [['case-startup', 'eks-for-the-startup'], ['case-scaleup', 'keeps-gitflow'], ['case-enterprise', 'release-weekend-in-a-pipeline']]) {
  test(`the ${lab.replace('case-', '')} case study: the decisions' consequences drawn, a wrong set of decisions named, full marks`, async ({ page, goto, screenshot }) => {
    const solution = answersOf(lab);
    await keepingProgress(page, goto, async () => {
      await step(page, goto, lab, 2);
      // Before the six decisions: the table of decisions, and what is missing.
      await panelShows(page, /Make all six decisions/);
      assert.equal((await tableRows(page, /^Your decisions/)).length, 6);
      {
        const attempt = answersOf(lab, `attempts/${wrong}`);
        await answer(page, goto, lab, attempt);
        const goals = await tableRows(page, /^The company's goals/);
        assert.ok(goals.some((r) => r[3] === 'not met'), JSON.stringify(goals));
        const expected = failsOf(lab, wrong);
        const texts = await failsExactly(page, expected);
        // A goal that fails names the simulated value and the bound.
        assert.ok(Object.values(texts).some((t) => /with these decisions; the goal is/.test(t)), JSON.stringify(texts));
      }
      await answer(page, goto, lab, solution);
      const goals = await tableRows(page, /^The company's goals/);
      assert.ok(goals.length >= 3);
      assert.deepEqual(goals.map((r) => r[3]), goals.map(() => 'met'));
      await fullMarks(page);
      await lookAt(page.locator('#lab-panel table').nth(1));
      await screenshot(`${lab}-full-marks`);
      // Further down: the five metrics, the bad release rolled back, the bill within the budget.
      const release = page.locator('#lab-panel p.note', { hasText: 'One bad release' });
      assert.match(await release.textContent(), /alarm stopped it .* and rolled it back/);
      await lookAt(page.locator('#lab-panel table', { hasText: "DORA's five metrics" }));
      await screenshot(`${lab}-metrics-release-bill`);
      if (lab === 'case-startup') {
        // In Vietnamese: the worker words the same run in the learner's language.
        await page.selectOption('#lang', 'vi');
        await panelShows(page, /Mục tiêu của công ty, với các quyết định của bạn/);
        const goalsVi = await tableRows(page, /^Mục tiêu của công ty/);
        assert.deepEqual(goalsVi.map((r) => r[3]), goalsVi.map(() => 'đạt'));
        await lookAt(page.locator('#lab-panel table').nth(1));
        await screenshot('case-startup-vietnamese');
        await page.selectOption('#lang', 'en');
        await panelShows(page, /The company's goals/);
      }
    });
  });
}
