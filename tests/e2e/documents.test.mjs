// Several documents, templates, the next cycle, filters and jumping from a finding to
// its field: the parts of the editor that organise work rather than edit one OKR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';
import { reveal } from './lib/editor.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

const tree = (page) => page.locator('[role=tree] li[role=treeitem][data-objective-id]');
const ids = (page) => tree(page).evaluateAll((items) => items.map((i) => i.dataset.objectiveId));
const savedState = (page) =>
  page.waitForFunction(() => ['已保存', 'Saved'].includes(document.querySelector('[data-testid=save-state]')?.textContent.trim()));
const options = (page) =>
  page.locator('[data-testid=document-switch] option').evaluateAll((o) => o.map((x) => x.textContent.trim()));

test('documents: create from a template and blank, switch, reload opens the last one, duplicate, delete', async (t) => {
  const { page, errors } = await app.open(t);
  page.on('dialog', (d) => d.accept());
  await page.locator('[data-testid=add-objective]').waitFor();
  const sampleTitle = await page.locator('main h1').textContent();

  await (await reveal(page, 'new-from-template')).selectOption('key-account');
  await savedState(page);
  const templateTitle = (await page.locator('main h1').textContent()).trim();
  assert.notEqual(templateTitle, sampleTitle.trim());
  assert.ok((await tree(page).count()) >= 1);
  assert.equal((await options(page)).length, 1, 'the sample is replaced by the stored document');

  await (await reveal(page, 'new-document')).click();
  await savedState(page);
  assert.equal(await tree(page).count(), 0, 'a new document is empty');
  assert.equal((await options(page)).length, 2);

  // Back to the template document; a reload opens it again.
  const first = await page.locator('[data-testid=document-switch] option').first().getAttribute('value');
  await (await reveal(page, 'document-switch')).selectOption(first);
  await page.locator('main h1', { hasText: templateTitle }).waitFor();
  await page.reload();
  await page.locator('main h1', { hasText: templateTitle }).waitFor();

  await (await reveal(page, 'duplicate-document')).click();
  await savedState(page);
  assert.equal((await options(page)).length, 3);
  assert.match((await page.locator('main h1').textContent()).trim(), /副本|copy/);

  await (await reveal(page, 'delete-document')).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=document-switch] option').length === 2);
  const library = JSON.parse(await page.evaluate(() => localStorage.getItem('okrpad.library.v1')));
  assert.equal(library.documents.length, 2);
  for (const entry of library.documents) {
    assert.ok(await page.evaluate((k) => localStorage.getItem(k) !== null, `okrpad.doc.${entry.id}`));
  }
  assert.deepEqual(errors, []);
});

test('the first layout (one document under okrpad.document.v1) moves into the library', async (t) => {
  const doc = JSON.stringify({ okrpad: 1, title: 'Legacy', objectives: [{ id: 'o1', title: 'Kept from before', level: 'company' }] });
  const { page, errors } = await app.open(t, { storage: doc });
  await page.locator('main h1', { hasText: 'Legacy' }).waitFor();
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  assert.ok(keys.includes('okrpad.library.v1'), keys.join());
  assert.ok(!keys.includes('okrpad.document.v1'), 'the old key is removed once copied');
  const library = JSON.parse(await page.evaluate(() => localStorage.getItem('okrpad.library.v1')));
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), `okrpad.doc.${library.current}`));
  assert.equal(stored.objectives[0].title, 'Kept from before');
  assert.deepEqual(errors, []);
});

test('filters keep matching objectives with their ancestors', async (t) => {
  const { page } = await app.open(t);
  await page.locator('[data-testid=add-objective]').waitFor();
  assert.deepEqual(await ids(page), ['sc', 'bj', 'ch', 'zm']);
  await page.locator('[data-testid=filter-level]').selectOption('team');
  await page.waitForFunction(() => document.querySelectorAll('[role=tree] [data-objective-id]').length === 3);
  assert.deepEqual(await ids(page), ['sc', 'bj', 'ch']);
  await page.locator('[data-testid=filter-clear]').click();
  await page.waitForFunction(() => document.querySelectorAll('[role=tree] [data-objective-id]').length === 4);
  const owner = await page.locator('[data-testid=filter-owner] option').nth(1).getAttribute('value');
  await page.locator('[data-testid=filter-owner]').selectOption(owner);
  assert.ok((await ids(page)).length < 4);
});

test('clicking a finding opens its field and focuses it', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify({ okrpad: 1, title: 'T', objectives: [] }) });
  await page.locator('[data-testid=add-objective]').click();
  const finding = page.locator('[data-testid=findings] [data-rule="objective-period"] [data-testid=finding-jump]');
  await finding.click();
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'period-start');
  await page.locator('[data-testid=objective-details]').waitFor();
  assert.deepEqual(errors, []);
});

test('next cycle copies the chosen objectives without check-ins into the next quarter', async (t) => {
  const { page, errors } = await app.open(t);
  await page.locator('[data-testid=add-objective]').waitFor();
  await (await reveal(page, 'next-cycle')).click();
  const dialog = page.locator('[data-testid=next-cycle-dialog]');
  await dialog.waitFor();
  await screenshot(page, 'next-cycle');
  await dialog.locator('[data-testid=next-cycle-choice]').nth(3).uncheck();
  await dialog.locator('[data-testid=next-cycle-copy]').click();
  // The view switches to the new period: the three copies, in a new tree.
  await page.waitForFunction(() => document.querySelectorAll('[role=tree] [data-objective-id]').length === 3);
  const copies = await ids(page);
  assert.ok(copies.every((id) => !['sc', 'bj', 'ch', 'zm'].includes(id)), copies.join());
  // Without check-ins every copied key result is back at its start: 0%.
  const progress = await page.locator('[data-testid=kr-progress]').allTextContents();
  assert.ok(progress.length >= 12, `${progress.length} key results`);
  assert.deepEqual([...new Set(progress.map((p) => p.trim()))], ['0%']);
  // Undo takes the whole copy back in one step.
  await page.locator('[data-testid=filter-clear]').click();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelectorAll('[role=tree] [data-objective-id]').length === 4);
  assert.deepEqual(errors, []);
});

test('a large document opens with the deep levels collapsed, and they expand on demand', async (t) => {
  // 1 company, 9 departments, 90 teams, 300 individuals under them.
  const objectives = [];
  const add = (id, level, parent) =>
    objectives.push({ id, title: `Objective ${id} for the north region`, level, parent, key_results: [] });
  add('c', 'company');
  for (let d = 0; d < 9; d++) add(`d${d}`, 'department', 'c');
  for (let t = 0; t < 90; t++) add(`t${t}`, 'team', `d${t % 9}`);
  for (let i = 0; i < 300; i++) add(`i${i}`, 'individual', `t${i % 90}`);
  const { page, errors } = await app.open(t, { storage: JSON.stringify({ okrpad: 1, title: 'Big', objectives }) });
  await page.locator('li[data-objective-id="t89"]').waitFor();
  assert.equal(await page.locator('li[data-objective-id^="i"]').count(), 0, 'individuals start collapsed');
  const team = page.locator('li[data-objective-id="t0"]');
  assert.equal(await team.getAttribute('aria-expanded'), 'false');
  await team.locator('> article [data-testid=collapse]').click();
  await page.locator('li[data-objective-id="t0"] li[data-objective-id="i0"]').waitFor();
  assert.equal(await team.getAttribute('aria-expanded'), 'true');
  // A filter shows matches even under collapsed objectives.
  await page.locator('[data-testid=filter-level]').selectOption('individual');
  await page.locator('li[data-objective-id="i299"]').waitFor();
  assert.deepEqual(errors, []);
});
