// End-to-end test of exam practice (#/exam, src/ui/exam.rs, course::exam): run by
// tests/e2e/run.mjs in the same page as the others. It practises a question with its
// explanation, then takes a short timed mock exam (a test-only length: 5 questions in 10
// minutes), answers, flags a question, reviews, submits and reads the score per domain;
// the progress page then shows exam practice by domain. Screenshots of each screen.
import { test, assert } from '../../scripts/e2e-harness.mjs';

const panel = '.exam .panel';
const options = (page) => page.locator(`${panel} [role="group"][aria-label="Options"] .choice`);

test('exam practice by domain: pick, check, read why each option is right or wrong', async ({ page, goto, screenshot }) => {
  await goto('/#/exam');
  await page.locator(`${panel} h2`).first().waitFor();
  assert.match(await page.locator(`${panel} h2`).first().textContent(), /^DOP-C02: AWS Certified DevOps Engineer – Professional$/);
  // The six domains with their weights.
  const rows = page.locator(`${panel} table.events-table tbody tr`);
  assert.equal(await rows.count(), 6);
  assert.match(await rows.first().textContent(), /1\. SDLC Automation\s*22 %/);
  await screenshot('exam-home');

  await page.click(`${panel} a[href="#/exam/practice/sdlc"]`);
  await page.locator(`${panel} h2:text("Practice: 1. SDLC Automation")`).waitFor();
  assert.ok((await options(page).count()) >= 4);
  // Nothing picked yet: no check offered.
  assert.equal(await page.locator(`${panel} button[data-op^="practice"]`).count(), 0);
  const multiple = /\(Choose (two|three)\.\)/.test(await page.locator(`${panel}`).textContent());
  await options(page).nth(0).click();
  if (multiple) {
    await page.locator(`${panel} .choice[aria-current="true"]`).first().waitFor();
    await options(page).nth(1).click();
    const three = /\(Choose three\.\)/.test(await page.locator(`${panel}`).textContent());
    if (three) await options(page).nth(2).click();
  }
  await page.locator(`${panel} button[data-op^="practice"]`).click();
  // The verdict, and every option explained: the right ones green.
  await page.locator(`${panel} p.note.good, ${panel} p.note.bad`).first().waitFor();
  const explained = page.locator(`${panel} [aria-label="Options"] div.choice`);
  assert.ok((await explained.count()) >= 4);
  assert.ok((await page.locator(`${panel} div.choice.good small`).count()) >= 1);
  const doc = page.locator(`${panel} [aria-label="AWS documentation"] a`).first();
  assert.match(await doc.getAttribute('href'), /^https:\/\/docs\.aws\.amazon\.com\//);
  assert.equal(await doc.getAttribute('target'), '_blank');
  await screenshot('exam-practice-explained');
  // It is in the log, saved with the progress.
  const saved = await page.evaluate(() => localStorage.getItem('devops-lab.progress') || '');
  assert.match(saved, /practice sdlc-[a-z0-9-]+ [A-E]+ \d{13}/);
});

test('a short timed mock exam: answer, flag, review, submit, see the score per domain', async ({ page, goto, screenshot }) => {
  await goto('/#/exam/mock?questions=5&minutes=10');
  await page.locator(`${panel} button[data-op^="mock"]`).click();
  await page.locator(`${panel} h2:text("Question 1 of 5")`).waitFor();
  // The clock counts down from 10 minutes.
  await page.waitForFunction(() => /Time left: 0:(09:5\d|10:00)/.test(document.querySelector('.countdown')?.textContent || ''));
  // Answer question 1 (its first option, or its first two for a multiple-response one).
  await options(page).nth(0).click();
  await page.locator(`${panel} .choice[aria-pressed="true"]`).first().waitFor();
  // Flag question 2 without answering it.
  await page.click(`${panel} a[href="#/exam/mock?q=2"]`);
  await page.locator(`${panel} h2:text("Question 2 of 5")`).waitFor();
  await page.click(`${panel} button[data-op^="flag"]`);
  await page.locator(`${panel} button[data-op$=" off"]`).waitFor();
  // The clock shows the time left at once on every page, not a second later.
  assert.match(await page.locator('.countdown').textContent(), /^Time left: 0:(09|10):\d\d$/);
  await screenshot('exam-mock-question');
  // The review screen: every question's state.
  await page.click(`${panel} a[href="#/exam/mock?review"]`);
  await page.locator(`${panel} h2:text("Review before you submit")`).waitFor();
  const review = page.locator(`${panel} table.events-table tbody tr`);
  assert.equal(await review.count(), 5);
  assert.match(await review.nth(1).textContent(), /not answered\s*⚑/);
  assert.doesNotMatch(await review.nth(0).textContent(), /not answered/);
  assert.match(await page.locator(panel).textContent(), /1 of 5 answered, 4 not answered, 1 flagged/);
  await screenshot('exam-mock-review');
  await page.click(`${panel} button[data-op^="submit"]`);
  await page.locator(`${panel} h2:text-matches("^Mock exam 1: \\\\d+ of 1000$")`).waitFor();
  const domains = page.locator(`${panel} table.events-table tbody tr`);
  assert.equal(await domains.count(), 6);
  assert.match(await page.locator(panel).textContent(), /The exam passes at 750/);
  assert.match(await page.locator(panel).textContent(), /About the score: AWS reports a scaled score/);
  await screenshot('exam-mock-results');
  // The missed questions, explained.
  await page.click(`${panel} a[href="#/exam/results/1?missed"]`);
  await page.locator(`${panel} h2:text-matches("^Question \\\\d$")`).first().waitFor();
  assert.ok((await page.locator(`${panel} h2:text-matches("^Question \\\\d$")`).count()) >= 4);
});

test('the progress page shows exam practice by domain', async ({ page, goto }) => {
  await goto('/#/progress');
  await page.locator(`${panel} h2:text("Exam practice (DOP-C02)")`).waitFor();
  assert.match(await page.locator(panel).textContent(), /Mock exams taken: 1/);
});

test('exam practice in Vietnamese: the pages, the questions and their explanations', async ({ page, goto, screenshot }) => {
  await goto('/#/exam/practice/iac');
  await page.selectOption('#lang', 'vi');
  await page.locator('.exam h1:text("Luyện thi")').waitFor();
  await page.locator(`${panel} h2:text-matches("^Luyện tập: 2\\\\. Configuration Management and IaC")`).waitFor();
  // The stem is the Vietnamese bank's: Vietnamese prose has diacritics.
  const stem = await page.locator(`${panel} p.note`).nth(1).textContent();
  assert.match(stem, /[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữ]/i, stem);
  await page.locator(`${panel} [role="group"] .choice`).first().click();
  await screenshot('exam-vietnamese');
  await page.selectOption('#lang', 'en');
  await page.locator('.exam h1:text("Exam practice")').waitFor();
});

test('exam practice leaves the shared session as it found it (no exam log)', async ({ page, goto }) => {
  // The tests after these check what loads when: a learner with an exam log has the progress
  // page fetch the parsers worker for its exam summary, so the log goes.
  await goto('/#/');
  await page.evaluate(() => {
    const saved = JSON.parse(localStorage.getItem('devops-lab.progress') || '{}');
    delete saved.exam;
    localStorage.setItem('devops-lab.progress', JSON.stringify(saved));
  });
  await page.reload();
  await page.waitForSelector('.cards');
  const saved = await page.evaluate(() => localStorage.getItem('devops-lab.progress') || '');
  assert.doesNotMatch(saved, /"exam"/);
});
