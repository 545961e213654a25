// Sync by file: export as .okr.json, Markdown and CSV, import by picker, paste or
// drop, always through a preview; replace and merge as undoable steps. Each test acts
// as a user and checks what the user would: the dialog, the tree, the downloaded file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { DOC, download, pickFile, stored, titles, variant } from './lib/sync.mjs';
import { reveal } from './lib/editor.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

test('export as .okr.json, Markdown and CSV, then import the file back as a new document', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();

  const json = await download(page, 'export-json');
  assert.equal(json.name, 'North team Q1.okr.json');
  const file = JSON.parse(json.text);
  assert.equal(file.okrpad, 1);
  assert.deepEqual(Object.keys(file).slice(0, 3), ['okrpad', 'title', 'objectives'], 'stable field order');
  assert.equal(file.objectives[0].key_results[0].check_ins[0].value, 5);
  assert.match(json.text, /\n  "title"/, 'pretty-printed, so git diffs stay small');

  const md = await download(page, 'export-markdown');
  assert.equal(md.name, 'North team Q1.md');
  assert.match(md.text, /Win the north region enterprise market/);
  assert.match(md.text, /Sign 10 new enterprise deals/);

  const csv = await download(page, 'export-csv');
  assert.equal(csv.name, 'North team Q1.csv');
  const rows = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(rows.length, 3, 'a header and one row per key result');
  assert.match(rows[1], /Sign 10 new enterprise deals/);

  // The CSV comes back in too, through the same preview.
  await pickFile(page, csv.name, csv.text);
  assert.match(await page.locator('[data-testid=incoming-summary]').innerText(), /1 个目标，2 个关键结果/);
  await page.locator('[data-testid=incoming-cancel]').click();

  // The exported file comes back in through the file picker, after a change to it.
  file.title = 'North team Q1 (from a colleague)';
  file.objectives[0].title = 'Own the north region enterprise market';
  await pickFile(page, 'colleague.okr.json', JSON.stringify(file));
  const dialog = page.locator('[data-testid=incoming-dialog]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-testid=incoming-title]').innerText(), 'North team Q1 (from a colleague)');
  assert.match(await dialog.locator('[data-testid=incoming-summary]').innerText(), /1 个目标，2 个关键结果，1 条进度记录/);
  await screenshot(page, 'sync-import-preview-zh');
  // Nothing changed before the choice.
  assert.deepEqual(await titles(page), ['Win the north region enterprise market']);
  await dialog.locator('[data-testid=incoming-new]').click();
  await page.locator('[data-testid=incoming-dialog]').waitFor({ state: 'detached' });
  await page.locator('main h1', { hasText: 'from a colleague' }).waitFor();
  assert.deepEqual(await titles(page), ['Own the north region enterprise market']);

  await page.locator('[data-testid=save-state]', { hasText: '已保存' }).waitFor();
  const { library, docs } = await stored(page);
  assert.equal(library.documents.length, 2, 'the original and the imported document are both kept');
  assert.deepEqual(docs.map((d) => d.title).sort(), ['North team Q1', 'North team Q1 (from a colleague)']);
  assert.deepEqual(errors, []);
});

test('replacing the current document is one undoable step', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();
  const other = variant((d) => {
    d.title = 'Replacement';
    d.objectives[0].title = 'A different objective';
  });
  await pickFile(page, 'other.okr.json', JSON.stringify(other));
  await page.locator('[data-testid=incoming-replace]').click();
  await page.locator('main h1', { hasText: 'Replacement' }).waitFor();
  assert.deepEqual(await titles(page), ['A different objective']);
  await page.locator('body').press('Control+z');
  await page.locator('main h1', { hasText: 'North team Q1' }).waitFor();
  assert.deepEqual(await titles(page), ['Win the north region enterprise market']);
  assert.deepEqual(errors, []);
});

test('merging shows the conflict, adds what is new, says what it skipped and keeps the choice', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();
  await page.locator('[data-testid=lang-toggle]').click();
  const theirs = variant((d) => {
    d.objectives[0].title = 'Win the north and east enterprise markets';
    d.objectives[0].key_results[0].check_ins.push({ date: '2026-02-15', value: 7 });
    d.objectives.push({ id: 'o2', title: 'Grow the channel partners', level: 'team', key_results: [] });
    // An objective whose id is a key result here: the merge cannot take it, and says so.
    d.objectives[0].key_results.pop();
    d.objectives.push({ id: 'k2', title: 'A clashing id', level: 'team', key_results: [] });
  });
  await pickFile(page, 'theirs.okr.json', JSON.stringify(theirs));
  await page.locator('[data-testid=incoming-merge]').click();
  const merge = page.locator('[data-testid=merge-dialog]');
  await merge.waitFor();
  const summary = merge.locator('[data-testid=merge-summary]');
  assert.equal(
    await summary.innerText(),
    'Not merged: k2 of the incoming version names another kind of object in the current document ' +
      '(an objective and a key result cannot share an id)\n' +
      'Merged: added 1 objective and 1 check-in; 1 conflict, kept as in the current document',
  );
  const conflict = merge.locator('[data-testid=conflict]');
  assert.equal(await conflict.count(), 1);
  assert.match(await conflict.innerText(), /Win the north region enterprise market/);
  assert.match(await conflict.innerText(), /Win the north and east enterprise markets/);
  assert.ok(await merge.locator('[data-testid=conflict-0-mine]').isChecked(), 'mine until chosen otherwise');
  await merge.locator('[data-testid=conflict-0-theirs]').check();
  assert.match(await summary.innerText(), /; 1 conflict, taken from the incoming version$/, 'the summary follows the choice');
  await screenshot(page, 'sync-merge-en');
  await merge.locator('[data-testid=merge-apply]').click();
  await merge.waitFor({ state: 'detached' });
  assert.deepEqual(await titles(page), ['Win the north and east enterprise markets', 'Grow the channel partners']);
  // The new check-in (7 of 10) moved the key result.
  assert.equal((await page.locator('[data-kr-id="k1"] [data-testid=kr-progress]').innerText()).trim(), '70%');
  assert.deepEqual(errors, []);
});

test('broken JSON, a newer file and a broken model are explained and change nothing', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();

  const paste = async (text) => {
    await (await reveal(page, 'paste-json')).click();
    await page.locator('[data-testid=paste-text]').fill(text);
    await page.locator('[data-testid=paste-preview]').click();
    const message = await page.locator('[data-testid=incoming-error]').innerText();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=incoming-dialog]').waitFor({ state: 'detached' });
    return message;
  };
  assert.match(await paste('{\n  "okrpad": 1,\n  "title": "x",\n  "objectives": [\n'), /第 5 行/);
  assert.match(await paste('{"okrpad": 1, "title": }'), /JSON 格式错误，第 1 行第 \d+ 列/);
  assert.match(await paste('{"okrpad": 3, "objectives": []}'), /版本 3|3 版|较新|更新/);
  const duplicate = variant((d) => {
    d.objectives[0].key_results[1].id = 'k1';
  });
  assert.match(await paste(JSON.stringify(duplicate)), /k1/);

  // A parent that does not exist parses, and the preview names the problem.
  const orphan = variant((d) => {
    d.objectives[0].parent = 'o-missing';
  });
  await (await reveal(page, 'paste-json')).click();
  await page.locator('[data-testid=paste-text]').fill(JSON.stringify(orphan));
  await page.locator('[data-testid=paste-preview]').click();
  const findings = page.locator('[data-testid=incoming-findings]');
  await findings.locator('summary').click();
  assert.match(await findings.innerText(), /o-missing/);
  await page.locator('[data-testid=incoming-cancel]').click();

  assert.deepEqual(await titles(page), ['Win the north region enterprise market']);
  assert.equal(await page.locator('main h1').innerText(), 'North team Q1');
  assert.deepEqual(errors, []);
});

test('a file dropped on the page opens the preview', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();
  const text = JSON.stringify(variant((d) => (d.title = 'Dropped')));
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.okr.json', { type: 'application/json' }));
    return data;
  }, text);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.locator('.drop-overlay').waitFor();
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await page.locator('[data-testid=incoming-title]', { hasText: 'Dropped' }).waitFor();
  assert.equal(await page.locator('.drop-overlay').count(), 0);
  assert.deepEqual(errors, []);
});

test('axe: the share, preview and merge dialogs, in both languages', async (t) => {
  const { page } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();
  const problems = [];
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.locator('[data-testid=lang-toggle]').click();
    problems.push(...(await axeProblems(page, `${lang} sync bar`)));
    await (await reveal(page, 'share-link')).click();
    // The dialog takes the focus (on its next frame): a keyboard user lands in it.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'copy-link');
    problems.push(...(await axeProblems(page, `${lang} share dialog`)));
    await page.keyboard.press('Escape');
    await pickFile(page, 'theirs.okr.json', JSON.stringify(variant((d) => (d.objectives[0].title = 'Theirs'))));
    problems.push(...(await axeProblems(page, `${lang} preview`)));
    await page.locator('[data-testid=incoming-merge]').click();
    await page.locator('[data-testid=merge-dialog]').waitFor();
    problems.push(...(await axeProblems(page, `${lang} merge dialog`)));
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=merge-dialog]').waitFor({ state: 'detached' });
  }
  assertNoProblems(problems);
});
