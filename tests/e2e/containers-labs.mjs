// End-to-end tests of the container labs, run by tests/e2e/run.mjs in the shared page. Their
// engines stay in the parsers worker: the workspace is the worker's panel (#lab-panel) and
// the checks are graded there.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, ROOT } from '../../scripts/e2e-harness.mjs';
import { check, keepingProgress, panelShows, step } from './lab-helpers.mjs';

const file = (p) => fs.readFileSync(path.join(ROOT, 'labs', p), 'utf8');

test('the ECR lifecycle policy lab: the preview shows what today\'s policy deletes, a wrong rule named, full marks', async ({ page, goto, screenshot }) => {
  const lab = 'ecr-lifecycle-policy';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    // Today's policy (the starter) is previewed at once: a prod- image would expire.
    await panelShows(page, /images would expire/);
    const row = (tag) => page.locator('#lab-panel tr', { hasText: tag });
    assert.match(await row('prod-2026-09').textContent(), /EXPIRE/);
    await screenshot('ecr-preview-of-todays-policy');
    // A policy without the protecting rule: the check names the prod- images it expires.
    const editor = page.locator('#input-policy');
    await editor.fill(file(`${lab}/attempts/no-prod-rule/answers/policy.json`));
    await panelShows(page, /7 of 14 images would expire/);
    await check(page);
    assert.match(await page.locator('li.check.fail[data-check="prod"]').textContent(), /release-1\.0\.0, prod-2026-09 \(pushed 83 days ago\) must be kept, but rule 1 expires it/);
    // A policy that is not valid: the finding at its line and column.
    await editor.fill('{"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 3}, "action": {"type": "expire"}}, {"rulePriority": 2, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}]}');
    await panelShows(page, /lifecycle-policy\.json:1:\d+: error: .*\[any-not-last\]/);
    // The reference policy: production and the last three releases stay.
    await editor.fill(file(`${lab}/solution/answers/policy.json`));
    await panelShows(page, /5 of 14 images would expire; 9 stay/);
    assert.doesNotMatch(await row('prod-2026-10').textContent(), /EXPIRE/);
    await screenshot('ecr-preview-of-the-new-policy');
    await step(page, goto, lab, 2);
    await page.check('#input-order-first-rule-wins');
    const { got, max } = await check(page);
    assert.equal(got, max);
    assert.equal(await page.locator('li.check.fail').count(), 0);
  });
});

test('the ECS circuit-breaker lab: a bad image replaced for ever and half the tasks down, then rolled back with the service whole', async ({ page, goto, screenshot }) => {
  const lab = 'ecs-circuit-breaker';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    // The team's definition (the starter) deploys at once: the deployment never ends.
    await panelShows(page, /never ends/);
    assert.ok(await page.locator('#lab-panel svg.drawing rect.bad').count() > 0, 'failing tasks drawn in red');
    await screenshot('ecs-bad-image-without-the-breaker');
    const editor = page.locator('#input-service');
    await editor.fill(file(`${lab}/attempts/half-capacity/answers/service.json`));
    await panelShows(page, /rolled back/i);
    await check(page);
    assert.match(await page.locator('li.check.fail[data-check="whole"]').textContent(), /only 2 tasks were healthy at the worst moment/);
    await editor.fill(file(`${lab}/solution/answers/service.json`));
    await panelShows(page, /at least 4 healthy during the deploy/);
    await page.waitForFunction(() => /circuit breaker/i.test(document.querySelector('#lab-panel table')?.textContent ?? ''));
    await screenshot('ecs-bad-image-rolled-back');
    await step(page, goto, lab, 2);
    await page.check('#input-misbehaves-alarms');
    const { got, max } = await check(page);
    assert.equal(got, max);
  });
});

test('the Docker lab: the starter image\'s layers and findings, a cache-busting order named, the small image full marks', async ({ page, goto, screenshot }) => {
  const lab = 'docker-shrink-image';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    // The starter builds at once: a 1.39 GB image that runs as root, its layers drawn.
    await panelShows(page, /Image 1\.39 GB/);
    assert.match(await page.locator('#lab-panel').textContent(), /runs as root/);
    assert.ok(await page.locator('#lab-panel svg.drawing rect').count() > 5, 'layers drawn as bars');
    await screenshot('docker-starter-layers');
    // COPY . . before npm ci: the check names the layer the cache rebuilt, and why.
    await page.locator('#input-dockerfile').fill(file(`${lab}/attempts/copy-all-first/answers/dockerfile.Dockerfile`));
    await page.locator('#input-dockerignore').fill(file(`${lab}/solution/answers/dockerignore.txt`));
    await check(page);
    assert.match(await page.locator('li.check.fail[data-check="cache"]').textContent(), /line 4 \(RUN npm ci --omit=dev\) was rebuilt: the layer below it \(line 3\) was rebuilt/);
    await page.locator('#input-dockerfile').fill(file(`${lab}/solution/answers/dockerfile.Dockerfile`));
    await panelShows(page, /runs as node/);
    await page.waitForFunction(() => /reused from the cache/.test(document.querySelector('#lab-panel table')?.textContent ?? ''));
    await screenshot('docker-small-image-cache-reused');
    await step(page, goto, lab, 2);
    await page.check('#input-order-cache');
    const { got, max } = await check(page);
    assert.equal(got, max);
  });
});

test('the image scan lab: python:3.8\'s CRITICAL finding shown, the full image still HIGH, the slim one clean', async ({ page, goto, screenshot }) => {
  const lab = 'ecr-scan-base-image';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    await panelShows(page, /CRITICAL/);
    await screenshot('ecr-scan-critical-finding');
    const editor = page.locator('#input-dockerfile');
    await editor.fill(file(`${lab}/attempts/full-python/answers/dockerfile.Dockerfile`));
    await panelShows(page, /from python:3\.12,/);
    assert.match(await page.locator('#lab-panel').textContent(), /HIGH/);
    await editor.fill(file(`${lab}/solution/answers/dockerfile.Dockerfile`));
    await panelShows(page, /from python:3\.12-slim,/);
    const bad = (await page.locator('#lab-panel .bad').allTextContents()).join(' ');
    assert.doesNotMatch(bad, /CRITICAL|HIGH/);
    await screenshot('ecr-scan-slim-base');
  });
});

test('the containers sandbox: a tab per lab set-up, any policy previewed, the file kept in the address through a reload, nothing saved', async ({ page, goto, screenshot }) => {
  await keepingProgress(page, goto, async () => {
    const before = await page.evaluate(() => localStorage.getItem('devops-lab.progress'));
    await goto('/#/agenda');
    await page.click('a[href="#/sandbox/containers"]');
    // The first tab: the Docker lab's context, its starter Dockerfile built at once.
    await panelShows(page, /Image 1\.39 GB/);
    assert.equal(await page.locator('nav.tabs a[aria-current="page"]').textContent(), 'Build an image');
    await page.click('nav.tabs a[href$="tab=lifecycle"]');
    await panelShows(page, /images would expire/);
    const editor = page.locator('#input-policy');
    await editor.fill('{"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}, "action": {"type": "expire"}}]}');
    await panelShows(page, /2 of 14 images would expire/);
    assert.match(await page.evaluate(() => location.hash), /^#\/sandbox\/containers\?tab=lifecycle&policy=/);
    await screenshot('containers-sandbox-lifecycle');
    // A reload keeps the policy; an error is shown at its line and column.
    await page.reload();
    await panelShows(page, /2 of 14 images would expire/);
    await editor.fill('{"rules": [}');
    await panelShows(page, /lifecycle-policy\.json:1:\d+: error/);
    // The ECS tab: the lab's service, deployed from its starter.
    await page.click('nav.tabs a[href$="tab=ecs"]');
    await panelShows(page, /never ends/);
    assert.equal(await page.evaluate(() => localStorage.getItem('devops-lab.progress')), before, 'the sandbox saves nothing');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot('containers-sandbox-390');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

test('the EKS lab: the default 25%/25% rollout over the node group and short of Ready pods, sized to fit, a bad image stalled', async ({ page, goto, screenshot }) => {
  const lab = 'eks-rolling-update';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    // The starter (no strategy: 25%/25%) rolls out at once: 13 pods asked, one Pending.
    await panelShows(page, /maxSurge 25% of 10 = 2\.5 → 3/);
    assert.match(await page.locator('#lab-panel').textContent(), /FailedScheduling|Pending/);
    assert.ok(await page.locator('#lab-panel svg.drawing rect.good').count() > 0, 'Ready pods drawn in green');
    await screenshot('eks-default-rolling-update');
    // Graded once the learner has written it: the starter as it is.
    await page.locator('#input-deployment').fill(file(`${lab}/attempts/starter/answers/deployment.yaml`));
    await check(page);
    assert.match(await page.locator('li.check.fail[data-check="fits"]').textContent(), /13 pods existed at once/);
    assert.match(await page.locator('li.check.fail[data-check="ready"]').textContent(), /only 8 pods were Ready/);
    await page.locator('#input-deployment').fill(file(`${lab}/solution/answers/deployment.yaml`));
    await panelShows(page, /maxSurge 2/);
    await screenshot('eks-rolling-update-sized');
    await step(page, goto, lab, 2);
    await panelShows(page, /ProgressDeadlineExceeded/);
    await screenshot('eks-unready-image-stalled');
    await page.check('#input-unready-stalls');
    await step(page, goto, lab, 3);
    await page.check('#input-fargate-own-compute');
    await page.check('#input-fargate-daemonset');
    const { got, max } = await check(page);
    assert.equal(got, max);
  });
});

test('the scaling lab: the team\'s settings reject a third of the flash sale, the learner\'s ECS, HPA and App Runner settings carry it', async ({ page, goto, screenshot }) => {
  const lab = 'scale-through-a-spike';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    // Every field blank: the team's settings run, and most of the spike is rejected.
    await panelShows(page, /39\.3%/);
    assert.ok(await page.locator('#lab-panel svg.drawing path').count() >= 3, 'units needed, desired and healthy drawn');
    await screenshot('scaling-ecs-team-settings');
    for (const [id, v] of [['ecs-min', '4'], ['ecs-max', '20'], ['ecs-target', '45'], ['ecs-out', '60'], ['ecs-in', '300']]) {
      await page.fill(`#input-${id}`, v);
    }
    await panelShows(page, /1\.7%/);
    await screenshot('scaling-ecs-learner-settings');
    await step(page, goto, lab, 2);
    await page.locator('#input-hpa').fill(file(`${lab}/solution/answers/hpa.yaml`));
    await panelShows(page, /3\.5%/);
    await step(page, goto, lab, 3);
    for (const [id, v] of [['ar-concurrency', '15'], ['ar-min', '1'], ['ar-max', '20']]) {
      await page.fill(`#input-${id}`, v);
    }
    await panelShows(page, /2(\.0)?%/);
    await screenshot('scaling-app-runner');
    await step(page, goto, lab, 4);
    await page.check('#input-differs-differences');
    const { got, max } = await check(page);
    assert.equal(got, max);
  });
});

test('the platform lab: the comparison\'s costs at four traffic levels, a cost read off it, three companies each given a platform with reasons', async ({ page, goto, screenshot }) => {
  const lab = 'choose-container-platform';
  await keepingProgress(page, goto, async () => {
    await step(page, goto, lab, 1);
    await panelShows(page, /App Runner/);
    assert.match(await page.locator('#lab-panel').textContent(), /\$0\.04048/);
    assert.ok(await page.locator('#lab-panel td.good, #lab-panel .good').count() > 0, 'the cheapest cell marked');
    await screenshot('platforms-comparison');
    // A wrong cost: the check says what the comparison gives.
    await page.fill('#input-fixed-gap', '73');
    await page.check('#input-cheapest-2000-eks-ec2');
    await check(page);
    assert.ok(await page.locator('li.check.fail[data-check="fixed-gap"]').count() === 1, 'a wrong cost fails');
    await page.fill('#input-fixed-gap', '152.61');
    await step(page, goto, lab, 2);
    const answers = { 'startup-platform': ['ecs-fargate'], 'startup-why': ['serverless', 'no-cluster-fee', 'breaker'], 'scaleup-platform': ['ecs-fargate'], 'scaleup-why': ['aws-skills', 'per-service-scaling', 'no-upgrades'], 'enterprise-platform': ['eks'], 'enterprise-why': ['same-api', 'managed-control-plane', 'skills'] };
    for (const [input, ids] of Object.entries(answers)) for (const id of ids) await page.check(`#input-${input}-${id}`);
    const { got, max } = await check(page);
    assert.equal(got, max);
    await screenshot('platforms-three-companies');
  });
});
