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
