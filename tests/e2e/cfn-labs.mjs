// End-to-end test of the CloudFormation labs (labs/cfn-*), run by tests/e2e/run.mjs in the
// shared page: the change-set lab and the drift lab, each answered first wrongly then
// rightly. Their checks are graded in the parsers worker (the template engine is not in
// the app): the results show "checking" until the worker answers, then the grade.
import fs from 'node:fs';
import path from 'node:path';
import { test, assert, measure, ROOT } from '../../scripts/e2e-harness.mjs';

const file = (p) => fs.readFileSync(path.join(ROOT, 'labs', p), 'utf8');

/** Clicks Check and waits until the worker has graded every pending check. */
async function check(page) {
  const t0 = Date.now();
  await page.click('#check');
  await page.waitForSelector('#score:not([data-pending])');
  const got = Number(await page.locator('#score').getAttribute('data-score'));
  const max = Number(await page.locator('#score').getAttribute('data-max'));
  return { got, max, ms: Date.now() - t0 };
}

async function step(page, goto, lab, n) {
  await goto(`/#/labs/${lab}/${n}`);
  await page.waitForFunction((n) => document.querySelector('.step-count')?.textContent?.startsWith(`Step ${n}`), n);
}

// The progress before these tests, restored after them: the tests that follow in the shared
// page expect only their own labs' progress (the export/import test counts labs).
let savedProgress = null;

test('the change-set lab: a replaced bucket is caught, the safe update earns full marks', async ({ page, goto, screenshot }) => {
  const lab = 'cfn-change-set';
  await goto('/#/');
  savedProgress = await page.evaluate(() => localStorage.getItem('devops-lab.progress'));
  await step(page, goto, lab, 1);
  await page.check('#input-replaced-Database');
  await page.check('#input-data-moved');
  await step(page, goto, lab, 2);
  // The editor starts from what the stack runs now.
  const editor = page.locator('#input-safe');
  assert.match(await editor.inputValue(), /BucketName: orders-invoices-prod/);
  // The teammate's bucket rename, shipped with the tags: the bucket would be replaced.
  await editor.fill(file(`${lab}/attempts/renamed-bucket/answers/safe.yaml`));
  await step(page, goto, lab, 3);
  await page.check('#input-policy-deletion');
  const first = await check(page);
  measure('CloudFormation lab: first Check graded in the worker (worker and resource knowledge fetched)', first.ms);
  assert.equal(first.max, 12);
  assert.equal(first.got, 0);
  const replaced = page.locator('li.check.fail[data-check="replaced"]');
  assert.match(await replaced.textContent(), /a right option is missing/);
  const update = page.locator('li.check.fail[data-check="safe-update"]');
  assert.match(await update.textContent(), /Invoices was replaced: its physical ID changed from orders-invoices-prod to acme-orders-invoices-prod/);
  await screenshot('cfn-change-set-wrong');

  await step(page, goto, lab, 1);
  await page.check('#input-replaced-Invoices');
  await page.check('#input-data-old');
  await step(page, goto, lab, 2);
  await page.locator('#input-safe').fill(file(`${lab}/solution/answers/safe.yaml`));
  // The workspace previews the change set the edited template would make: nothing replaced.
  const preview = page.locator('#lab-panel');
  await preview.locator('text=Preview: the change set for your template').waitFor();
  await page.waitForFunction(() => /Invoices/.test(document.querySelector('#lab-panel')?.textContent ?? ''));
  assert.doesNotMatch(await preview.textContent(), /True/);
  await screenshot('cfn-change-set-preview');
  await step(page, goto, lab, 3);
  await page.check('#input-policy-snapshot');
  const right = await check(page);
  measure('CloudFormation lab: a later Check (worker warm)', right.ms);
  assert.equal(right.got, 12);
  assert.match(await page.locator('.complete').textContent(), /Lab complete: 12 \/ 12/);
  assert.equal(await page.locator('#best-score').getAttribute('data-score'), '12');
  await screenshot('cfn-change-set-full-marks');
});

test('the drift lab: an unchanged template keeps the drift, the template with the console value resolves it', async ({ page, goto, screenshot }) => {
  const lab = 'cfn-drift';
  await step(page, goto, lab, 1);
  // The workspace: the stack as the lab set it up, and the drift report of the console change.
  const panel = page.locator('#lab-panel');
  await panel.locator('text=Drift detection').waitFor();
  const drifted = panel.locator('tr', { hasText: 'MODIFIED' });
  assert.match(await drifted.first().textContent(), /Jobs/);
  assert.match(await panel.locator('tr', { hasText: 'NOT_EQUAL' }).textContent(), /VisibilityTimeout.*30.*300/);
  await screenshot('cfn-drift-report');
  await page.check('#input-drifted-Jobs');
  await page.check('#input-difference-NOT_EQUAL');
  await step(page, goto, lab, 2);
  const editor = page.locator('#input-template');
  assert.match(await editor.inputValue(), /VisibilityTimeout: 30\n/);
  // Touch the editor without changing the template: the update has nothing to do.
  await editor.fill(file(`${lab}/data/jobs-v1.yaml`));
  await step(page, goto, lab, 3);
  await page.check('#input-unchanged-no-changes');
  const first = await check(page);
  assert.equal(first.got, 6);
  const sync = page.locator('li.check.fail[data-check="in-sync"]');
  assert.match(await sync.textContent(), /didn't contain changes/);
  await step(page, goto, lab, 2);
  await editor.fill(file(`${lab}/solution/answers/template.yaml`));
  const right = await check(page);
  assert.equal(right.got, 11);
  assert.equal(await page.locator('li.check.fail').count(), 0);
  await screenshot('cfn-drift-full-marks');
  // A reload regrades the saved answers: the worker's grades come back, not "checking".
  await page.reload();
  await page.waitForSelector('#score:not([data-pending])');
  assert.equal(await page.locator('#score').getAttribute('data-score'), '11');
  await page.evaluate((saved) => {
    if (saved === null) localStorage.removeItem('devops-lab.progress');
    else localStorage.setItem('devops-lab.progress', saved);
  }, savedProgress);
  await goto('/#/');
  await page.reload();
});

test('the failed-stacks lab: the events show the first failure of a create and of an update', async ({ page, goto, screenshot }) => {
  const lab = 'cfn-failed-stacks';
  const before = await page.evaluate(() => localStorage.getItem('devops-lab.progress'));
  await step(page, goto, lab, 1);
  const panel = page.locator('#lab-panel');
  await panel.locator('text=Stack payments-new is ROLLBACK_COMPLETE').waitFor();
  // The injected failure is the ledger's, with its reason; the queue's and topic's events follow from it.
  const failed = panel.locator('tr', { hasText: 'CREATE_FAILED' }).filter({ hasText: 'Ledger' });
  assert.match(await failed.first().textContent(), /injected by the lab/);
  assert.match(await panel.textContent(), /Stack payments-live is UPDATE_ROLLBACK_COMPLETE/);
  await screenshot('cfn-failed-stacks-events');
  await page.check('#input-create_cause-Ledger');
  await page.check('#input-create_status-ROLLBACK_COMPLETE');
  await page.check('#input-no_rollback-CREATE_FAILED');
  await step(page, goto, lab, 2);
  await page.check('#input-update_cause-Settlements');
  await page.check('#input-update_status-UPDATE_ROLLBACK_COMPLETE');
  await page.check('#input-after_update-delete-and-update');
  const graded = await check(page);
  assert.equal(graded.got, 14);
  assert.equal(graded.max, 14);
  await page.evaluate((saved) => {
    if (saved === null) localStorage.removeItem('devops-lab.progress');
    else localStorage.setItem('devops-lab.progress', saved);
  }, before);
  await goto('/#/');
  await page.reload();
});

test('the CDK lab shows the TypeScript beside what cdk synth makes of it', async ({ page, goto, screenshot }) => {
  await step(page, goto, 'cfn-cdk', 1);
  const panel = page.locator('#lab-panel');
  await panel.locator('text=What cdk synth makes of it').waitFor();
  assert.match(await panel.locator('pre').first().textContent(), /new s3\.Bucket\(this, 'Assets'/);
  const bucket = panel.locator('tr', { hasText: 'Assets9A31D427' }).first();
  assert.match(await bucket.textContent(), /AWS::S3::Bucket.*Retain/);
  // Two NAT gateways synthesized; the changed version's cdk diff deletes one.
  assert.equal(await panel.locator('tr', { hasText: 'AWS::EC2::NatGateway' }).count(), 3);
  assert.match(await panel.locator('tr', { hasText: 'BucketName' }).textContent(), /requires replacement/);
  await screenshot('cfn-cdk-synth');
});
