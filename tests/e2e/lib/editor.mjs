// Helpers for driving the editor through its DOM contract (data-testid, data-* ids,
// ARIA roles): locating a card or a key result, waiting for a save, reading what was
// stored, and finding where keyboard focus is.
import assert from 'node:assert/strict';
import { STORAGE_KEY } from './browser.mjs';

export const LIBRARY_KEY = 'okrpad.library.v1';
export const LANG_KEY = 'okrpad.lang';
export const EMPTY_DOCUMENT = JSON.stringify({ okrpad: 1, title: '', objectives: [] });
export const SAVED = ['已保存', 'Saved'];

/** An objective's own card (`> article`: its nested objectives are in the same `li`). */
export function card(page, id) {
  return page.locator(`li[data-objective-id="${id}"] > article`);
}

/** A key result's row. */
export function keyResult(page, id) {
  return page.locator(`li[data-kr-id="${id}"]`);
}

/** The button `testid` inside `scope`, once the pointer on `scope` has had it built. */
async function hovered(scope, testid) {
  await scope.hover();
  const button = scope.locator(`[data-testid=${testid}]`);
  await button.waitFor();
  return button;
}

/**
 * The action button `testid` (add-kr, details, delete-objective…) of objective `id`'s
 * own card. Only the active card has its buttons built (the one the pointer is over or
 * focus is in), so this puts the pointer on the card first, as a user does.
 */
export const cardAction = (page, id, testid) => hovered(card(page, id), testid);

/**
 * The button `testid` (check-in, kr-details, kr-up, kr-down, delete-kr) of key result
 * `id`'s row, with the pointer put on the row first (see `cardAction`).
 */
export const krAction = (page, id, testid) => hovered(keyResult(page, id), testid);

/** Waits until the app has the tree on screen (the wasm has started). */
export async function ready(page) {
  await page.locator('[data-testid=add-objective]').waitFor();
}

/**
 * Waits until the save state reads saved. Edits set it to "saving" synchronously, so
 * after an action this waits for that action's (debounced) save.
 */
export async function waitSaved(page) {
  await page.waitForFunction(
    (saved) => saved.includes(document.querySelector('[data-testid=save-state]')?.textContent.trim()),
    SAVED,
  );
}

/**
 * The storage key of the open document and of its undo history. The app keeps a
 * library of documents (`okrpad.library.v1`, with the open one's id in `current`),
 * each under `okrpad.doc.<id>`; the first release kept one under `okrpad.document.v1`
 * (which tests still seed: the app moves it into the library).
 */
export async function storageKeys(page) {
  const library = await page.evaluate((k) => localStorage.getItem(k), LIBRARY_KEY);
  const current = library === null ? null : JSON.parse(library).current;
  if (!current) return { document: STORAGE_KEY, history: 'okrpad.history.v1' };
  return { document: `okrpad.doc.${current}`, history: `okrpad.history.${current}` };
}

/** The open document as the app stored it, parsed; null when nothing is stored. */
export async function stored(page) {
  const { document } = await storageKeys(page);
  const text = await page.evaluate((k) => localStorage.getItem(k), document);
  return text === null ? null : JSON.parse(text);
}

/** The open document's stored undo history (raw text); null when none. */
export async function storedHistory(page) {
  const { history } = await storageKeys(page);
  return page.evaluate((k) => localStorage.getItem(k), history);
}

/** What a test can see of the focused element. */
export function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase(),
      id: el?.id ?? '',
      testid: el?.dataset?.testid ?? null,
      objective: el?.closest('li[data-objective-id]')?.dataset.objectiveId ?? null,
      kr: el?.closest('li[data-kr-id]')?.dataset.krId ?? null,
    };
  });
}

/** Waits until the focused element matches `selector`. */
export async function waitFocus(page, selector) {
  await page.waitForFunction((s) => document.activeElement?.matches(s), selector);
}

/**
 * Presses `key` (Tab or Shift+Tab) until the focused element matches `selector`, at
 * most `max` times; fails the test if it never does. Returns how many presses it took.
 */
export async function tabTo(page, selector, { key = 'Tab', max = 60 } = {}) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  assert.fail(`${key} ×${max} never reached ${selector}; focus is on ${JSON.stringify(await focused(page))}`);
}

/** The key result titles of objective `id`, in order. */
export function krTitles(page, id) {
  return card(page, id).locator('[data-testid=kr-title]').evaluateAll((els) => els.map((e) => e.value));
}

/** The number in a percentage text such as "43%". */
export function percentOf(text) {
  const m = /^(\d{1,3})%$/.exec(text.trim());
  assert.ok(m, `expected a percentage like 43%, got ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** A local calendar day `offset` days from today, as YYYY-MM-DD (the app's today is local). */
export function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The control `data-testid=testid`, shown: the header keeps the document and file
 * actions in menus (a button that shows a panel), so this opens the one that holds it
 * first when it is hidden there.
 */
export async function reveal(page, testid) {
  const control = page.locator(`[data-testid=${testid}]`);
  if (!(await control.isVisible())) {
    await page.locator(`.menu:has([data-testid=${testid}]) > .menu-button`).click();
    await control.waitFor();
  }
  return control;
}
