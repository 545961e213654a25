// Presentation mode at a workshop: stepping through objectives with the keyboard, a
// called-out value typed in and rolled up on screen, a what-if slider that changes
// nothing, one owner's set, full screen, in both languages and on a projector.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { percentOf, ready, stored, storageKeys, waitSaved } from './lib/editor.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

async function openPresentation(page) {
  await ready(page);
  await page.locator('[data-testid=screen-present]').click();
  await page.locator('[data-testid=slide]').waitFor();
}

const position = (page) => page.locator('[data-testid=present-position]').textContent();
const slideId = (page) => page.locator('[data-testid=slide]').getAttribute('data-objective-id');
const progress = async (page) => percentOf(await page.locator('[data-testid=slide-progress]').textContent());
const krProgress = async (page, kr) => percentOf(await page.locator(`[data-testid=slide] li[data-kr-id="${kr}"] [data-testid=kr-progress]`).textContent());

/** Waits until the slide shows objective `id` at `where` ("2 / 4"). */
async function waitSlide(page, id, where) {
  await page.locator(`[data-testid=slide][data-objective-id="${id}"]`).waitFor();
  assert.equal(await position(page), where);
}

test('arrow keys, PageUp/PageDown, Space, Home and End move through the objectives', async (t) => {
  const { page, errors } = await app.open(t);
  await openPresentation(page);
  await waitSlide(page, 'sc', '1 / 4');
  await screenshot(page, 'present-zh');
  await page.keyboard.press('ArrowRight');
  await waitSlide(page, 'bj', '2 / 4');
  await page.keyboard.press('PageDown');
  await waitSlide(page, 'ch', '3 / 4');
  await page.keyboard.press('Space');
  await waitSlide(page, 'zm', '4 / 4');
  await page.keyboard.press('ArrowRight');
  await waitSlide(page, 'zm', '4 / 4');
  assert.ok(await page.locator('[data-testid=present-next]').isDisabled(), 'no next after the last');
  await page.keyboard.press('PageUp');
  await waitSlide(page, 'ch', '3 / 4');
  await page.keyboard.press('ArrowLeft');
  await waitSlide(page, 'bj', '2 / 4');
  await page.keyboard.press('End');
  await waitSlide(page, 'zm', '4 / 4');
  await page.keyboard.press('Home');
  await waitSlide(page, 'sc', '1 / 4');
  // The buttons do the same.
  await page.locator('[data-testid=present-next]').click();
  await waitSlide(page, 'bj', '2 / 4');
  assertNoProblems(await axeProblems(page, 'presentation'));

  await page.locator('[data-testid=lang-toggle]').click();
  await page.locator('[data-testid=present-fullscreen]', { hasText: 'Full screen' }).waitFor();
  assert.match(await page.locator('.slide-meta').textContent(), /^Department · /);
  await screenshot(page, 'present-en');
  assertNoProblems(await axeProblems(page, 'presentation in English'));
  assert.deepEqual(errors, []);
});

test('a value typed in is a check-in dated today, and the roll-up moves on screen', async (t) => {
  const { page, errors } = await app.open(t);
  await openPresentation(page);
  await page.keyboard.press('ArrowRight');
  await waitSlide(page, 'bj', '2 / 4');
  const beijing = await progress(page);
  const rolledUp = await krProgress(page, 'bj-4');
  await page.keyboard.press('ArrowRight');
  await waitSlide(page, 'ch', '3 / 4');
  const channel = await progress(page);
  assert.ok((await krProgress(page, 'ch-1')) < 100);

  // A participant calls out 30 new channels: the target.
  const field = page.locator('[data-testid=slide] li[data-kr-id="ch-1"] [data-testid=present-value]');
  await field.fill('30');
  await field.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('[data-testid=slide] li[data-kr-id="ch-1"] [data-testid=kr-progress]').textContent.trim() === '100%',
  );
  assert.ok((await progress(page)) > channel, 'the objective moved');
  assert.equal(await field.inputValue(), '', 'the field is ready for the next value');
  await waitSaved(page);
  const doc = await stored(page);
  const checkIns = doc.objectives.find((o) => o.id === 'ch').key_results.find((k) => k.id === 'ch-1').check_ins;
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.deepEqual(checkIns.at(-1), { date: today, value: 30 });

  // The arrow keys belong to the field while typing; the button moves back.
  await page.locator('[data-testid=present-prev]').click();
  await waitSlide(page, 'bj', '2 / 4');
  assert.ok((await krProgress(page, 'bj-4')) > rolledUp, 'the roll-up key result moved');
  assert.ok((await progress(page)) > beijing, 'and Beijing with it');

  // A letter is not a value.
  await page.keyboard.press('ArrowRight');
  await page.locator('[data-testid=slide] li[data-kr-id="ch-2"] [data-testid=present-value]').fill('');
  await page.locator('[data-testid=slide] li[data-kr-id="ch-2"] [data-testid=present-record]').click();
  await page.locator('[data-testid=slide] li[data-kr-id="ch-2"] [role=alert]').waitFor();
  assert.deepEqual(errors, []);
});

test('the what-if slider shows the scores a value would give, and saves nothing', async (t) => {
  const { page, errors } = await app.open(t);
  await openPresentation(page);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await waitSlide(page, 'ch', '3 / 4');
  const before = await progress(page);
  const krBefore = await krProgress(page, 'ch-1');
  const keys = await storageKeys(page);
  const storedBefore = await page.evaluate((k) => localStorage.getItem(k), keys.document);

  const slider = page.locator('[data-testid=slide] li[data-kr-id="ch-1"] [data-testid=whatif-slider]');
  await slider.focus();
  await page.keyboard.press('End');
  const result = page.locator('[data-testid=slide] li[data-kr-id="ch-1"] [data-testid=whatif-result]');
  await result.waitFor();
  const text = await result.textContent();
  assert.match(text, new RegExp(`${krBefore}% → 100%`), text);
  const shown = percentOf((await page.locator('[data-testid=whatif-score]').textContent()).replace(/^\D+/, ''));
  assert.ok(shown > before, `what-if ${shown}% > ${before}%`);
  assert.match(text, /本目标: \d+% → \d+%/);
  assert.ok(text.includes('打造行业领先的北京销售团队'), 'the parent objective moves too');
  await screenshot(page, 'present-whatif-zh');
  assertNoProblems(await axeProblems(page, 'what-if'));
  // The arrow keys move the slider, not the slides.
  await page.keyboard.press('ArrowLeft');
  await waitSlide(page, 'ch', '3 / 4');

  // Nothing was saved or put in the undo history; the real numbers did not move.
  assert.equal(await progress(page), before);
  assert.equal(await krProgress(page, 'ch-1'), krBefore);
  assert.ok(await page.locator('[data-testid=undo]').isDisabled());
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), keys.document), storedBefore);
  await page.locator('[data-testid=slide] li[data-kr-id="ch-1"] [data-testid=whatif-reset]').click();
  assert.equal(await page.locator('[data-testid=whatif-score]').count(), 0);

  await page.reload();
  await openPresentation(page);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await waitSlide(page, 'ch', '3 / 4');
  assert.equal(await progress(page), before, 'after a reload the score is what it was');
  assert.equal(await krProgress(page, 'ch-1'), krBefore);
  assert.deepEqual(errors, []);
});

test('the owner picker presents one person’s set', async (t) => {
  const { page, errors } = await app.open(t);
  await openPresentation(page);
  const owners = await page.locator('[data-testid=present-owner] option').allTextContents();
  assert.deepEqual(owners, ['所有人', '张伟', '李娜', '王磊', '赵敏']);
  await page.locator('[data-testid=present-owner]').selectOption('赵敏');
  await waitSlide(page, 'zm', '1 / 1');
  await page.keyboard.press('ArrowRight');
  await waitSlide(page, 'zm', '1 / 1');
  await page.locator('[data-testid=present-owner]').selectOption('');
  await waitSlide(page, 'sc', '1 / 4');
  assert.deepEqual(errors, []);
});

test('full screen on a button, Escape leaves it', async (t) => {
  const { page, errors } = await app.open(t);
  await openPresentation(page);
  const button = page.locator('[data-testid=present-fullscreen]');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  await button.click();
  await page.waitForFunction(() => document.fullscreenElement?.dataset.screen === 'present');
  await page.locator('[data-testid=present-fullscreen][aria-pressed=true]').waitFor();
  await page.locator('[data-testid=present-next]').focus();
  await page.locator('body').press('Escape');
  await page.waitForFunction(() => document.fullscreenElement === null);
  await page.locator('[data-testid=present-fullscreen][aria-pressed=false]').waitFor();
  assert.deepEqual(errors, []);
});

test('phone width and a projector at 150%: large type, nothing cut off', async (t) => {
  for (const [name, viewport] of [['phone', { width: 390, height: 800 }], ['projector', { width: 1280, height: 720 }]]) {
    const { page, errors } = await app.open(t, { viewport, phone: name === 'phone' });
    await openPresentation(page);
    await page.keyboard.press('ArrowRight');
    await waitSlide(page, 'bj', '2 / 4');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    const titleSize = await page.locator('[data-testid=slide-title]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(titleSize >= 24, `${name}: title at ${titleSize}px`);
    await screenshot(page, `present-${name}`);
    assert.deepEqual(errors, []);
  }
});
