// End-to-end test of the CloudFormation sandbox (src/ui/family/cfn), run by
// tests/e2e/run.mjs in the shared page: it opens #/sandbox/cloudformation from the header,
// sees the parsers worker and the resource knowledge fetched then (never before), pastes a
// template with errors, reads the findings with their line:column, clicks one to put the
// caret there, fixes the template, sees the resource graph, pastes over 1 MB and gets
// CloudFormation's size limit, and takes screenshots. (The service worker's caching of the
// resource knowledge for offline use is tested in offline.mjs.)
import { test, assert, measure } from '../../scripts/e2e-harness.mjs';

const BROKEN = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketNam: team-logs
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: !GetAtt Log.Arn
  Queue:
    Type: AWS::SQS::Queu
`;

const FIXED = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: team-logs
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: !Ref Logs
  Queue:
    Type: AWS::SQS::Queue
  Policy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Alerts]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: s3.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Alerts
            Condition: { ArnLike: { "aws:SourceArn": !GetAtt Logs.Arn } }
`;

const status = (page) => page.locator('#cfn-status').textContent();

test('the CloudFormation sandbox lists a broken template\'s errors at line:column, jumps to one, and draws the fixed one\'s graph', async ({ page, goto, screenshot }) => {
  const requested = [];
  const listen = (r) => requested.push(r.url());
  await goto('/#/');
  await page.waitForSelector('.cards');
  page.on('request', listen);
  assert.ok(!requested.some((u) => u.includes('cfn-resources-')), 'the resource knowledge was fetched before the sandbox opened');
  const t0 = Date.now();
  await page.click('header.top nav a[href="#/sandbox/cloudformation"]');
  await page.waitForFunction(() => /Resources/.test(document.querySelector('#cfn-status')?.textContent ?? ''));
  measure('CloudFormation sandbox: first template checked (worker and resource knowledge fetched)', Date.now() - t0);
  page.off('request', listen);
  assert.equal(await page.locator('h1').textContent(), 'CloudFormation sandbox');
  assert.equal(await status(page), 'Read as YAML. Resources: 4, errors: 0, warnings: 0');
  // The parsers worker fetched the resource knowledge (a sync request from the worker: the
  // page's request log shows it from the worker's context, or not at all in some builds).
  assert.ok(requested.some((u) => u.includes('devops-lab-parsers')), requested.join('\n'));

  await page.fill('#cfn-editor', BROKEN);
  await page.waitForFunction(() => /errors: [1-9]/.test(document.querySelector('#cfn-status')?.textContent ?? ''));
  assert.match(await status(page), /^Read as YAML. Resources: 3, errors: 3, warnings: 0$/);
  const items = await page.locator('#cfn-findings li').allTextContents();
  assert.equal(items.length, 3, items.join('\n'));
  assert.match(items[0], /^Error 6:7 .*BucketNam.*\[?[a-z-]+/);
  assert.match(items[1], /^Error 10:/);
  assert.match(items[1], /Log/);
  assert.match(items[2], /^Error 12:/);
  assert.match(items[2], /AWS::SQS::Queu/);
  // Marked on their lines.
  const gutter = (await page.locator('.gutter').textContent()).split('\n');
  assert.deepEqual(gutter.filter((l) => l.startsWith('✖')).map((l) => l.slice(1).trim()), ['6', '10', '12']);
  // A click puts the caret at the finding's line and column, in the editor.
  await page.locator('#cfn-findings li').first().locator('button').click();
  const caret = await page.evaluate(() => {
    const e = document.querySelector('#cfn-editor');
    return { focused: document.activeElement === e, at: e.selectionStart, word: e.value.slice(e.selectionStart, e.selectionStart + 9) };
  });
  assert.deepEqual(caret, { focused: true, at: BROKEN.indexOf('BucketNam'), word: 'BucketNam' });
  await screenshot('cfn-sandbox-errors');

  await page.fill('#cfn-editor', FIXED);
  await page.waitForFunction(() => document.querySelector('#cfn-status')?.textContent.includes('Resources: 4,'));
  assert.equal(await status(page), 'Read as YAML. Resources: 4, errors: 0, warnings: 0');
  assert.equal(await page.locator('#cfn-findings li').count(), 0);
  // Logs and Queue first; Alerts waits for Logs; the policy for both.
  assert.deepEqual(await page.locator('#cfn-graph text.head').allTextContents(), ['wave 1', 'wave 2', 'wave 3']);
  assert.equal(await page.locator('#cfn-graph rect').count(), 4);
  assert.equal(await page.locator('#cfn-graph path').count(), 3);
  await screenshot('cfn-sandbox-graph');
  // On a phone, the editor and the graph stack; the graph scrolls in its own box.
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot('cfn-sandbox-390');
  await page.setViewportSize({ width: 1280, height: 800 }); // the harness's default

  // Over 1 MB: CloudFormation's limit, at once, and the page stays usable.
  const huge = `Resources: {}\n#${'x'.repeat(1_100_000)}\n`;
  const t1 = Date.now();
  await page.fill('#cfn-editor', huge);
  await page.waitForFunction(() => document.querySelector('#cfn-findings')?.textContent.includes('1 MB'));
  measure('CloudFormation sandbox: a 1.1 MB paste answered', Date.now() - t1);
  assert.match(await page.locator('#cfn-findings').textContent(), /template-size/);
  await page.fill('#cfn-editor', FIXED);
  await page.waitForFunction(() => document.querySelector('#cfn-status')?.textContent.includes('Resources: 4, errors: 0'));
}, { timeout: 120000 });

// The sandbox deploys: a stack created, its template changed, the change set's preview (a
// new bucket name replaces the bucket), executed, a console change, drift detected; a
// resource made to fail; the template in the other format. The stack's panel passes axe in
// both themes and in presenter mode, and fits a phone.
const STACK = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: team-logs
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
Outputs:
  QueueUrl:
    Value: !Ref Queue
`;

const stackText = (page) => page.locator('#cfn-stack').textContent();
const waitStack = (page, re) => page.waitForFunction((source) => new RegExp(source).test(document.querySelector('#cfn-stack')?.textContent ?? ''), re.source);

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { ROOT } = await import('../../scripts/e2e-harness.mjs');
    await page.evaluate(fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  }
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'heading-order')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  });
}

async function overflow(page) {
  return page.evaluate(() => {
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const table of document.querySelectorAll('#cfn-stack table')) {
      const box = table.closest('.table-scroll');
      if (!box || getComputedStyle(box).overflowX !== 'auto' || box.getBoundingClientRect().right > window.innerWidth + 1) out.push(`table ${table.caption?.textContent} is not in a scroll box that fits`);
    }
    return out;
  });
}

test('the CloudFormation sandbox deploys: create, a change set with a replacement, execute, a console change, drift, a failure', async ({ page, goto, screenshot }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await goto('/#/sandbox/cloudformation');
  await page.waitForFunction(() => /Resources: 4/.test(document.querySelector('#cfn-status')?.textContent ?? ''));
  await page.fill('#cfn-editor', STACK);
  await page.waitForFunction(() => /Resources: 2, errors: 0/.test(document.querySelector('#cfn-status')?.textContent ?? ''));
  // One fault button per resource, for presenter mode's fault menu.
  assert.deepEqual(await page.locator('button[data-fault]').evaluateAll((bs) => bs.map((b) => b.dataset.fault)), ['Logs', 'Queue']);

  await page.click('#cfn-create');
  await waitStack(page, /Stack my-stack is CREATE_COMPLETE/);
  const created = await stackText(page);
  assert.match(created, /Events \(newest first\)/);
  assert.equal(await page.locator('#cfn-stack table').first().locator('th').first().textContent(), 'Timestamp');
  assert.ok(await page.locator('#cfn-stack td.good', { hasText: 'CREATE_COMPLETE' }).count() >= 3);
  assert.match(created, /QueueUrl/);
  await screenshot('cfn-stack-created');

  // A new bucket name: the change set says the bucket is replaced.
  await page.fill('#cfn-editor', STACK.replace('team-logs', 'team-logs-archive'));
  await page.waitForFunction(() => /Resources: 2, errors: 0/.test(document.querySelector('#cfn-status')?.textContent ?? ''));
  await page.click('#cfn-change-set');
  await waitStack(page, /Change set preview/);
  const logs = page.locator('#cfn-stack table').first().locator('tbody tr').filter({ hasText: 'Modify' }).filter({ hasText: 'Logs' });
  assert.equal(await logs.count(), 1);
  assert.equal(await logs.locator('td').nth(4).textContent(), 'True');
  assert.deepEqual(await logs.locator('td').nth(4).getAttribute('class'), 'warn');
  const detail = page.locator('#cfn-stack table').first().locator('tbody tr').filter({ hasText: 'BucketName' });
  assert.match(await detail.textContent(), /PropertiesBucketNameAlwaysDirectModification: team-logs → team-logs-archive/);
  await screenshot('cfn-change-set');

  await page.click('#cfn-execute');
  await waitStack(page, /Stack my-stack is UPDATE_COMPLETE/);
  assert.match(await stackText(page), /Requested update requires the creation of a new physical resource/);

  // A console change: the queue's timeout, then drift.
  await page.selectOption('#cfn-edit-target', 'Queue/VisibilityTimeout');
  await page.fill('#cfn-edit-value', '90');
  await page.click('#cfn-edit');
  await page.click('#cfn-drift');
  await waitStack(page, /Drift status of stack my-stack: DRIFTED/);
  const queue = page.locator('#cfn-stack tr').filter({ hasText: 'Queue' }).filter({ hasText: 'MODIFIED' });
  assert.equal(await queue.count(), 1);
  assert.equal(await queue.locator('td.warn').textContent(), 'MODIFIED');
  const diff = page.locator('#cfn-stack tr').filter({ hasText: 'NOT_EQUAL' });
  assert.deepEqual(await diff.locator('td').allTextContents(), ['Queue', '/VisibilityTimeout', '60', '90', 'NOT_EQUAL']);
  await screenshot('cfn-drift');

  // Accessible and within the screen, light and dark, on a laptop, a phone and the projector.
  const problems = [];
  for (const [width, dark] of [[1366, false], [1366, true], [360, false]]) {
    await page.setViewportSize({ width, height: 800 });
    const isDark = (await page.locator('.app.theme-dark').count()) > 0;
    if (isDark !== dark) await page.click('header.top button.theme');
    for (const v of await axe(page)) problems.push(`${width}px ${dark ? 'dark' : 'light'}: ${v}`);
    for (const o of await overflow(page)) problems.push(`${width}px: ${o}`);
  }
  await screenshot('cfn-drift-360');
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.click('#present');
  await page.locator('.presenting .presenter-bar').waitFor();
  for (const v of await axe(page)) problems.push(`presenter mode: ${v}`);
  await screenshot('cfn-drift-presenting');
  await page.click('#present');
  await page.locator('.presenting').waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);

  // Start over; the queue made to fail: the create rolls back.
  await page.click('#cfn-reset');
  await page.waitForFunction(() => (document.querySelector('#cfn-stack')?.textContent ?? '') === '');
  await page.click('button[data-fault="Queue"]');
  await page.click('#cfn-create');
  await waitStack(page, /Stack my-stack is ROLLBACK_COMPLETE/);
  assert.equal(await page.locator('#cfn-stack td.bad', { hasText: 'CREATE_FAILED' }).count(), 1);
  await screenshot('cfn-rollback');

  // The other format, beside the editor: the short forms become long ones.
  await page.check('#cfn-convert');
  await page.waitForFunction(() => /"Ref": "Queue"/.test(document.querySelector('#cfn-other')?.textContent ?? ''));
  await screenshot('cfn-json-view');
  await page.uncheck('#cfn-convert');
  await page.click('#cfn-reset');
  await page.setViewportSize({ width: 1280, height: 800 }); // the harness's default
}, { timeout: 180000 });
