// What the lab tests share: grading a lab, going to a step, putting the learner's saved
// progress back after a test (the later tests count labs), and waiting for the worker's panel.
export async function check(page) {
  await page.click('#check');
  await page.waitForSelector('#score:not([data-pending])');
  return {
    got: Number(await page.locator('#score').getAttribute('data-score')),
    max: Number(await page.locator('#score').getAttribute('data-max')),
  };
}

export async function step(page, goto, lab, n) {
  await goto(`/#/labs/${lab}/${n}`);
  await page.waitForFunction((n) => document.querySelector('.step-count')?.textContent?.startsWith(`Step ${n}`), n);
}

/** Runs `body` with this page's saved progress put back afterwards (the later tests count labs). */
export async function keepingProgress(page, goto, body) {
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

/** Waits until the worker's lab panel shows text matching `re`. */
export const panelShows = (page, re) =>
  page.waitForFunction((src) => new RegExp(src).test(document.querySelector('#lab-panel')?.textContent ?? ''), re.source);
