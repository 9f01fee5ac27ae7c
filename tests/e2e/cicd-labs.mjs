// End-to-end tests of the CI/CD labs, run by tests/e2e/run.mjs in the shared page. Their
// engines stay in the parsers worker: the workspace is the worker's panel (#lab-panel) and
// the checks are graded there.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, ROOT } from '../../scripts/e2e-harness.mjs';
import { check, keepingProgress, step } from './lab-helpers.mjs';

const file = (p) => fs.readFileSync(path.join(ROOT, 'labs', p), 'utf8');

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

test('the pipeline lab: push, build, approve, deploy; a bad commit stopped at Build; full marks', async ({ page, goto, screenshot }) => {
  const lab = 'pipeline-approval';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    // The builder writes the same JSON the editor holds: a stage added by a button is there.
    await page.locator('#lab-panel .panel-actions button', { hasText: 'Add a stage: deploy to staging' }).click();
    await page.waitForFunction(() => /"DeploymentGroupName": "staging"/.test(document.querySelector('#input-pipeline')?.value ?? ''));
    await page.waitForFunction(() => /Staging/.test(document.querySelector('#lab-panel svg')?.textContent ?? ''));
    await screenshot('pipeline-builder');
    await page.locator('#input-pipeline').fill(file(`${lab}/solution/answers/pipeline.json`));
    await step(page, goto, lab, 2);
    const panel = page.locator('#lab-panel');
    const text = () => panel.textContent();
    // The workspace's buttons drive the pipeline: each writes a line into the script input.
    await panel.locator('.panel-actions button', { hasText: /^Push c2/ }).click();
    await page.waitForFunction(() => /waits for an answer/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    assert.equal(await page.locator('#input-script').inputValue(), 'push c2');
    assert.match(await text(), /c2 deployed to staging/);
    await screenshot('pipeline-waiting-for-approval');
    await panel.locator('.panel-actions button', { hasText: /^Approve/ }).click();
    await panel.locator('.panel-actions button', { hasText: /^Push c3/ }).waitFor();
    await panel.locator('.panel-actions button', { hasText: /^Push c3/ }).click();
    await page.waitForFunction(() => /test_price_is_shown_the_vietnamese_way/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    assert.equal(await page.locator('#input-script').inputValue(), 'push c2\napprove Approval\npush c3');
    await screenshot('pipeline-c3-stopped-at-build');
    // Undo takes the last line back.
    await panel.locator('.panel-actions button', { hasText: 'Undo' }).click();
    await page.waitForFunction(() => document.querySelector('#input-script')?.value === 'push c2\napprove Approval');

    await step(page, goto, lab, 3);
    await page.check('#input-timeout-fails-7-days');
    const graded = await check(page);
    assert.equal(graded.got, graded.max);
    assert.equal(await page.locator('li.check.fail').count(), 0);
  });
});

test('the buildspec and appspec labs: a wrong answer named at its phase or hook, the right one full marks', async ({ page, goto, screenshot }) => {
  await keepingProgress(page, goto, async () => {
    let lab = 'codebuild-buildspec';
    await step(page, goto, lab, 1);
    await page.locator('#input-buildspec').fill(file(`${lab}/attempts/no-install/answers/buildspec.yaml`));
    await page.waitForFunction(() => /127/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    await page.locator('#input-buildspec').fill(file(`${lab}/solution/answers/buildspec.yaml`));
    await page.waitForFunction(() => /JUNITXML|junit/i.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    await screenshot('codebuild-two-commits');

    lab = 'codedeploy-appspec-hooks';
    await step(page, goto, lab, 1);
    await page.locator('#input-appspec').fill(file(`${lab}/solution/answers/appspec.yaml`));
    await page.waitForFunction(() => /ScriptFailed/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    await screenshot('codedeploy-rollback');
  });
});

test('the ECR and shift-left labs: the pushed images, and a vulnerable image stopped by the scan', async ({ page, goto, screenshot }) => {
  await keepingProgress(page, goto, async () => {
    let lab = 'codebuild-ecr-push';
    await step(page, goto, lab, 1);
    // The starter pushes without logging in: the push is refused.
    await page.waitForFunction(() => /no basic auth credentials/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    await page.locator('#input-buildspec').fill(file(`${lab}/solution/answers/buildspec.yaml`));
    await page.waitForFunction(() => /shop-api:6a90659/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    await screenshot('codebuild-ecr-pushed');

    lab = 'pipeline-shift-left';
    await step(page, goto, lab, 1);
    await page.locator('#input-pipeline').fill(file(`${lab}/solution/answers/pipeline.json`));
    await step(page, goto, lab, 2);
    const panel = page.locator('#lab-panel');
    await panel.locator('.panel-actions button', { hasText: /^Push c4/ }).click();
    await page.waitForFunction(() => /CRITICAL/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
    assert.equal(await page.locator('#input-script').inputValue(), 'push c4');
    await screenshot('pipeline-scan-stops-c4');
  });
});

test('the live CI/CD demo: one commit to production, a bad one stopped, kept in the address, Back undoes', async ({ page, goto, screenshot }) => {
  // From the agenda's demo link, as an instructor reaches it.
  await goto('/#/agenda');
  await page.locator('li.demo a', { hasText: 'One commit from push to production' }).click();
  await page.waitForFunction(() => location.hash === '#/demo/cicd-walkthrough');
  const panel = page.locator('#lab-panel');
  const shows = (re) => page.waitForFunction((src) => new RegExp(src).test(document.querySelector('#lab-panel')?.textContent ?? ''), re.source);
  // The given pipeline draws at once: no builder, the drive buttons.
  await panel.locator('.panel-actions button', { hasText: /^Push c2/ }).waitFor();
  assert.equal(await panel.locator('.panel-actions button', { hasText: /^Add a stage/ }).count(), 0);
  await panel.locator('.panel-actions button', { hasText: /^Push c2/ }).click();
  await shows(/waits for an answer/);
  assert.match(decodeURIComponent(await page.evaluate(() => location.hash)), /script=push c2$/);
  await panel.locator('.panel-actions button', { hasText: /^Approve/ }).click();
  await panel.locator('.panel-actions button', { hasText: /^Push c4/ }).click();
  await shows(/CRITICAL/);
  await screenshot('demo-cicd-c4-stopped-by-the-scan');
  // A reload keeps the demo where it was.
  await page.reload();
  await shows(/CRITICAL/);
  assert.match(await panel.textContent(), /Deployments to production/);
  // Back undoes the last press: c4 was never pushed.
  await page.goBack();
  await page.waitForFunction(() => /approve%20Approval$/.test(location.hash));
  await panel.locator('.panel-actions button', { hasText: /^Push c3/ }).click();
  await shows(/member prices are rounded to the thousand/);
  await screenshot('demo-cicd-c3-stopped-at-build');
  // A demo is not progress: the lab is still unstarted.
  const saved = await page.evaluate(() => localStorage.getItem('devops-lab.progress') ?? '');
  assert.ok(!saved.includes('cicd-walkthrough'), saved);
});
