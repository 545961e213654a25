// Several documents, templates, the next cycle, filters and jumping from a finding to
// its field: the parts of the editor that organise work rather than edit one OKR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';
import { cardAction, krAction, reveal } from './lib/editor.mjs';

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
  assert.equal((await options(page)).length, 2, 'the sample stays listed beside the stored document');

  await (await reveal(page, 'new-document')).click();
  await savedState(page);
  assert.equal(await tree(page).count(), 0, 'a new document is empty');
  assert.equal((await options(page)).length, 3);
  // Until it is named, it is untitled in the language on show, wherever it is named.
  const untitled = async (name) => {
    await page.locator('main h1', { hasText: name }).waitFor();
    assert.ok((await options(page)).includes(name), `${name} in ${await options(page)}`);
  };
  await untitled('未命名文档');
  await page.locator('[data-testid=lang-toggle]').click();
  await untitled('Untitled document');
  assert.equal(await page.locator('[data-testid=doc-title]').inputValue(), '', 'nothing to delete before typing the name');
  await page.locator('[data-testid=lang-toggle]').click();
  await untitled('未命名文档');

  // Back to the template document; a reload opens it again.
  const first = await page.locator('[data-testid=document-switch] option').nth(1).getAttribute('value');
  await (await reveal(page, 'document-switch')).selectOption(first);
  await page.locator('main h1', { hasText: templateTitle }).waitFor();
  await page.reload();
  await page.locator('main h1', { hasText: templateTitle }).waitFor();

  await (await reveal(page, 'duplicate-document')).click();
  await savedState(page);
  assert.equal((await options(page)).length, 4);
  assert.match((await page.locator('main h1').textContent()).trim(), /副本|copy/);

  await (await reveal(page, 'delete-document')).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=document-switch] option').length === 3);
  const library = JSON.parse(await page.evaluate(() => localStorage.getItem('okrpad.library.v1')));
  assert.equal(library.documents.length, 2);
  for (const entry of library.documents) {
    assert.ok(await page.evaluate((k) => localStorage.getItem(k) !== null, `okrpad.doc.${entry.id}`));
  }
  assert.deepEqual(errors, []);
});

test('a new document takes the keyboard to its title; the sample stays listed, its name whole', async (t) => {
  for (const [name, viewport, phone] of [
    ['desktop', { width: 1366, height: 900 }, false],
    ['phone', { width: 390, height: 844 }, true],
  ]) {
    const { page, errors } = await app.open(t, { viewport, phone });
    await page.locator('[data-testid=add-objective]').waitFor();
    await page.locator('[data-testid=lang-toggle]').click();
    await page.locator('main h1', { hasText: /Sales/ }).waitFor();
    const sampleTitle = (await page.locator('main h1').textContent()).trim();

    // Keyboard only: Enter on "New document", then type the name at once.
    // (The action sits in the documents menu of the header: open it first.)
    await (await reveal(page, 'new-document')).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'doc-title');
    await page.keyboard.type('Team East Q3');
    await page.keyboard.press('Tab');
    await page.locator('main h1', { hasText: 'Team East Q3' }).waitFor();
    await savedState(page);
    assert.deepEqual(await options(page), ['Sample document (not saved)', 'Team East Q3'], name);

    // Every option's name fits the selector: nothing is cut.
    const fits = await (await reveal(page, 'document-switch')).evaluate((select) => {
      const style = getComputedStyle(select);
      const context = document.createElement('canvas').getContext('2d');
      context.font = style.font;
      const widest = Math.max(...[...select.options].map((o) => context.measureText(o.textContent).width));
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
      return { widest, room };
    });
    assert.ok(fits.widest <= fits.room, `${name}: ${JSON.stringify(fits)}`);

    // The sample is still there to go back to, fresh, and the new document after it.
    await (await reveal(page, 'document-switch')).selectOption('');
    await page.locator('main h1', { hasText: sampleTitle }).waitFor();
    await screenshot(page, `documents-bar-en-${name}`, (await reveal(page, 'document-switch')).locator('xpath=ancestor::*[contains(@class,"documents-bar")][1]'));
    const id = await page.locator('[data-testid=document-switch] option').nth(1).getAttribute('value');
    await (await reveal(page, 'document-switch')).selectOption(id);
    await page.locator('main h1', { hasText: 'Team East Q3' }).waitFor();
    assert.deepEqual(errors, [], name);
  }
});

test('arrow keys on the document and template lists only browse: Enter opens, leaving puts the list back', async (t) => {
  const { page, errors } = await app.open(t, { locale: 'en-US' });
  await page.locator('[data-testid=add-objective]').waitFor();
  await (await reveal(page, 'new-from-template')).selectOption('key-account');
  await savedState(page);
  const title = (await page.locator('main h1').textContent()).trim();
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('okrpad.library.v1')).documents.length);
  assert.equal(await stored(), 1);

  // Chromium on Linux fires `change` for each arrow on a closed select: no document
  // may open, nor any be created, until Enter.
  const switcher = await reveal(page, 'document-switch');
  await switcher.focus();
  await page.keyboard.press('ArrowUp'); // to the sample
  const templates = await reveal(page, 'new-from-template');
  await templates.focus(); // leaving the document list puts it back
  assert.equal(await switcher.inputValue(), await page.evaluate(() => JSON.parse(localStorage.getItem('okrpad.library.v1')).current));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal((await page.locator('main h1').textContent()).trim(), title, 'an arrow key opened or created a document');
  assert.equal(await stored(), 1, 'an arrow key created a document');

  // Enter acts on what the list shows.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('okrpad.library.v1') ?? '{}').documents?.length === 2);
  await switcher.focus();
  await page.keyboard.press('Home'); // the sample
  await page.keyboard.press('Enter');
  // The sample is open: it is not stored, so it cannot be deleted.
  await page.waitForFunction(() => document.querySelector('[data-testid=delete-document]')?.disabled);
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
  // Into the next quarter: the sample's quarter is followed by the next three months.
  await savedState(page);
  const library = JSON.parse(await page.evaluate(() => localStorage.getItem('okrpad.library.v1')));
  const doc = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), `okrpad.doc.${library.current}`));
  const period = (id) => doc.objectives.find((o) => o.id === id).period;
  const was = period('sc');
  const [y, m] = was.end.split('-').map(Number); // the last day of the sample's quarter
  const next = (months) => new Date(Date.UTC(y, m + months, 0)).toISOString().slice(0, 10); // last day of month m+months
  assert.equal(new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 10), was.start, 'the sample spans a quarter');
  const expected = { start: new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10), end: next(3) };
  for (const id of copies) assert.deepEqual(period(id), expected, `copy ${id}`);
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

test('view state belongs to its document: ids that repeat in another document open with a clean view', async (t) => {
  const { page, errors } = await app.open(t);
  await page.locator('[data-testid=add-objective]').waitFor();
  // Two stored documents whose objectives share ids, as two templates' would.
  const doc = (title) =>
    JSON.stringify({
      okrpad: 1,
      title,
      objectives: [
        { id: 'o1', title: `${title}: top`, level: 'company', key_results: [{ id: 'k1', title: 'Revenue 10M', metric: { kind: 'number', start: 0, target: 10 } }] },
        { id: 'o2', title: `${title}: below`, level: 'department', parent: 'o1' },
      ],
    });
  await page.evaluate(
    ([a, b]) => {
      localStorage.setItem('okrpad.doc.d1', a);
      localStorage.setItem('okrpad.doc.d2', b);
      localStorage.setItem('okrpad.library.v1', JSON.stringify({ current: 'd1', documents: [{ id: 'd1', title: 'A' }, { id: 'd2', title: 'B' }] }));
    },
    [doc('A'), doc('B')],
  );
  await page.reload();
  const o1 = page.locator('[role=tree] li[data-objective-id=o1]').first();
  await page.locator('main h1', { hasText: 'A' }).waitFor();
  // In A: the top objective's details open, its children collapsed, the key result's details open.
  await (await cardAction(page, 'o1', 'details')).click();
  await o1.locator('[data-testid=collapse]').first().click();
  const kr = await o1.locator('li[data-kr-id]').first().getAttribute('data-kr-id');
  await (await krAction(page, kr, 'kr-details')).click();
  assert.equal(await (await cardAction(page, 'o1', 'details')).getAttribute('aria-expanded'), 'true');
  assert.equal(await page.locator('[role=tree] li[data-objective-id=o2]').count(), 0, 'collapsed in A');

  await (await reveal(page, 'document-switch')).selectOption('d2');
  await page.locator('main h1', { hasText: 'B' }).waitFor();
  await page.locator('[role=tree] li[data-objective-id=o2]').waitFor();
  assert.equal(await (await cardAction(page, 'o1', 'details')).getAttribute('aria-expanded'), 'false', 'details closed in B');
  assert.equal(await (await krAction(page, kr, 'kr-details')).getAttribute('aria-expanded'), 'false', 'key result details closed in B');
  assert.match(await page.locator('[role=tree] li[data-objective-id=o2]').textContent(), /B: below/);
  assert.deepEqual(errors, []);
});
