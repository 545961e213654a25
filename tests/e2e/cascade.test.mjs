// The numeric cascade (issue 14), as a user meets it: seed 001's three levels with
// key results that add up (opportunities in 个, revenue from 万元 into 亿元), a check-in
// at the bottom moving the center's key results and objective, a health metric that
// drops out of its band and turns red, and no serious accessibility problem.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startApp } from './lib/browser.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { card, keyResult, percentOf, ready, waitSaved } from './lib/editor.mjs';

const CASCADE = readFileSync(new URL('../fixtures/cascade-001.okr.json', import.meta.url), 'utf8');

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

const progressOf = async (page, id) =>
  percentOf(await keyResult(page, id).locator('[data-testid=kr-progress]').textContent());
const objectiveProgress = async (page, id) =>
  percentOf(await card(page, id).locator('[data-testid=objective-progress]').first().textContent());

async function checkIn(page, id, value) {
  const row = keyResult(page, id);
  // The button toggles the panel, which stays open after a save.
  if ((await row.locator('[data-testid=check-in]').getAttribute('aria-expanded')) !== 'true') {
    await row.locator('[data-testid=check-in]').click();
  }
  await row.locator('[data-testid=checkin-value]').fill(String(value));
  await row.locator('[data-testid=checkin-save]').click();
}

for (const { name, viewport } of [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
]) {
  test(`a check-in at the bottom moves every sum above it, converted (${name})`, async (t) => {
    const { page, errors } = await app.open(t, { storage: CASCADE, viewport });
    await ready(page);
    await keyResult(page, 'sc-5').waitFor();
    // Beijing: 1000 万元 (channel) + 2000 万元 (direct) = 3000 of 6000 万元; the
    // center: 0.3 of 1 亿元.
    assert.equal(await progressOf(page, 'bj-5'), 50);
    assert.equal(await progressOf(page, 'sc-5'), 30);
    assert.match(await keyResult(page, 'sc-5').locator('[data-testid=kr-figures]').textContent(), /0\.3 \/ 1 亿元/);
    const before = await objectiveProgress(page, 'sc');

    // A sum takes no check-ins: it says what it is computed from.
    await keyResult(page, 'sc-5').locator('[data-testid=check-in]').click();
    await keyResult(page, 'sc-5').locator('[data-testid=computed-from]').waitFor();
    assert.equal(await keyResult(page, 'sc-5').locator('[data-testid=check-in-panel]').count(), 0);

    // The channel team reaches 2000 万元: Beijing 4000 万元, the center 0.4 亿元.
    await checkIn(page, 'ch-2', 2000);
    await page.waitForFunction(
      () => document.querySelector('li[data-kr-id="sc-5"] [data-testid=kr-progress]')?.textContent.trim() === '40%',
    );
    assert.equal(await progressOf(page, 'bj-5'), 67);
    assert.ok((await objectiveProgress(page, 'sc')) > before, 'the center objective moves');
    await waitSaved(page);
    assert.deepEqual(errors, []);
  });
}

test('a health metric that leaves its band turns red and counts as missed', async (t) => {
  const { page, errors } = await app.open(t, { storage: CASCADE });
  await ready(page);
  const status = () => keyResult(page, 'sc-6').locator('[data-testid=kr-status]').getAttribute('data-status');
  assert.equal(await status(), 'on_track');
  assert.equal(await progressOf(page, 'sc-6'), 100);
  await checkIn(page, 'sc-6', 96);
  await page.waitForFunction(
    () => document.querySelector('li[data-kr-id="sc-6"] [data-testid=kr-status]')?.dataset.status === 'at_risk',
  );
  await checkIn(page, 'sc-6', 90);
  await page.waitForFunction(
    () => document.querySelector('li[data-kr-id="sc-6"] [data-testid=kr-status]')?.dataset.status === 'off_track',
  );
  assert.equal(await progressOf(page, 'sc-6'), 0);
  // Red, as every off-track pill: the class the stylesheet colours.
  assert.match(await keyResult(page, 'sc-6').locator('[data-testid=kr-status]').getAttribute('class'), /status-off_track/);
  assert.deepEqual(errors, []);
});

test('the cascade editor (contributes-to field, computed-from note) has no serious accessibility problem', async (t) => {
  const { page, errors } = await app.open(t, { storage: CASCADE });
  await ready(page);
  await keyResult(page, 'bj-5').locator('[data-testid=kr-details]').click();
  await keyResult(page, 'bj-5').locator('[data-testid=kr-contributes-to]').waitFor();
  assert.equal(await keyResult(page, 'bj-5').locator('[data-testid=kr-contributes-to]').inputValue(), 'sc-5');
  await keyResult(page, 'sc-5').locator('[data-testid=check-in]').click();
  assertNoProblems(await axeProblems(page, 'cascade zh'));
  assert.deepEqual(errors, []);
});
