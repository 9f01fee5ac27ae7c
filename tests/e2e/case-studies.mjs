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

/** Makes `answers`' six decisions (single choices: a pick replaces the last). */
async function decide(page, answers) {
  await enter(page, answers, DECISIONS);
}

for (const [lab, wrong] of [['case-startup', 'eks-for-the-startup'], ['case-scaleup', 'keeps-gitflow'], ['case-enterprise', null]]) {
  test(`the ${lab.replace('case-', '')} case study: the decisions' consequences drawn, a wrong set of decisions named, full marks`, async ({ page, goto, screenshot }) => {
    const solution = answersOf(lab);
    await keepingProgress(page, goto, async () => {
      await step(page, goto, lab, 2);
      // Before the six decisions: the table of decisions, and what is missing.
      await panelShows(page, /Make all six decisions/);
      assert.equal((await tableRows(page, /^Your decisions/)).length, 6);
      if (wrong) {
        const attempt = answersOf(lab, `attempts/${wrong}`);
        await decide(page, attempt);
        await panelShows(page, /Thirteen weeks: \d+ deployments/);
        const goals = await tableRows(page, /^The company's goals/);
        assert.ok(goals.some((r) => r[3] === 'not met'), JSON.stringify(goals));
        const expected = failsOf(lab, wrong);
        const texts = await failsExactly(page, expected);
        // A goal that fails names the simulated value and the bound.
        const goal = expected.find((id) => goals.length && /with these decisions; the goal is/.test(texts[id] ?? ''));
        assert.ok(goal, JSON.stringify(texts));
      }
      await decide(page, solution);
      await panelShows(page, /Thirteen weeks: \d+ deployments/);
      const goals = await tableRows(page, /^The company's goals/);
      assert.ok(goals.length >= 3);
      assert.deepEqual(goals.map((r) => r[3]), goals.map(() => 'met'));
      // The last step's questions: what the consequences teach.
      await step(page, goto, lab, 3);
      await enter(page, solution, Object.keys(solution).filter((id) => !DECISIONS.includes(id)));
      await fullMarks(page);
      await lookAt(page.locator('#lab-panel table').nth(1));
      await screenshot(`${lab}-full-marks`);
    });
  });
}
