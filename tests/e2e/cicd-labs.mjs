// End-to-end tests of the CI/CD labs, run by tests/e2e/run.mjs in the shared page. Their
// engines stay in the parsers worker: the workspace is the worker's panel (#lab-panel) and
// the checks are graded there.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, ROOT } from '../../scripts/e2e-harness.mjs';

const file = (p) => fs.readFileSync(path.join(ROOT, 'labs', p), 'utf8');

async function check(page) {
  await page.click('#check');
  await page.waitForSelector('#score:not([data-pending])');
  return {
    got: Number(await page.locator('#score').getAttribute('data-score')),
    max: Number(await page.locator('#score').getAttribute('data-max')),
  };
}

async function step(page, goto, lab, n) {
  await goto(`/#/labs/${lab}/${n}`);
  await page.waitForFunction((n) => document.querySelector('.step-count')?.textContent?.startsWith(`Step ${n}`), n);
}

/** Runs `body` with this page's saved progress put back afterwards (the later tests count labs). */
async function keepingProgress(page, goto, body) {
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

test('the Git strategies lab: GitFlow and trunk-based histories drawn, a wrong run named, full marks', async ({ page, goto, screenshot }) => {
  const lab = 'git-strategies';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    const editor = page.locator('#input-gitflow');
    assert.match(await editor.inputValue(), /git flow init/);
    const panel = page.locator('#lab-panel');
    // The starter's four commands already run: the graph shows the finished feature.
    await page.waitForFunction(() => /Merge branch 'feature\/login' into develop/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    // A typo stops the replay at its line, with Git's words.
    await editor.fill('git flow init\ngit flow feature start login\nwork login\ngit flow feature finsh login\n');
    await page.waitForFunction(() => /Line 4 \(git flow feature finsh login\)/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    await editor.fill(file(`${lab}/solution/answers/gitflow.sh`));
    await page.waitForFunction(() => /tag: v1\.1\.0/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    assert.match(await panel.textContent(), /77[.,]3/);
    await screenshot('git-gitflow-graph');

    await step(page, goto, lab, 2);
    await page.locator('#input-trunk').fill(file(`${lab}/attempts/long-branches/answers/trunk.sh`));
    await step(page, goto, lab, 3);
    await page.check('#input-waited-release');
    await page.check('#input-hotfix-hotfix-branch');
    await page.check('#input-needs-tests');
    await page.check('#input-needs-flags');
    const wrong = await check(page);
    assert.equal(wrong.max, 15);
    assert.equal(wrong.got, 11);
    assert.match(await page.locator('li.check.fail[data-check="trunk"]').textContent(), /login waited 51[.,]33 hours after it was ready before it reached main/);

    await step(page, goto, lab, 2);
    await page.locator('#input-trunk').fill(file(`${lab}/solution/answers/trunk.sh`));
    await page.waitForFunction(() => /Wed 14:20/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    await screenshot('git-trunk-graph');
    const right = await check(page);
    assert.equal(right.got, 15);
    assert.equal(await page.locator('li.check.fail').count(), 0);
  });
});
