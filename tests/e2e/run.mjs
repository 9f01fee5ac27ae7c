// End-to-end test of the built app (dist/): `node tests/e2e/run.mjs`
// (scripts/test.sh runs it last, after `trunk build index.html --release`).
// Tests run in order in one shared page, like one learner's session; see
// scripts/e2e-harness.mjs for what each test gets and what fails a test.
import { test, run, assert, measure } from '../../scripts/e2e-harness.mjs';

test('home page opens with the DevOps Lab title', async ({ page, goto }) => {
  measure('open /#/', await goto('/#/'));
  const title = await page.title();
  assert.ok(title.includes('DevOps Lab'), `page title is ${JSON.stringify(title)}`);
});

await run();
