// Sync without a server: export and import files, paste, drop, share links, `?src=`,
// two tabs, and the paths where storage fails. Each test acts as a user would and
// checks what the user would check: what the dialog says, what the tree then shows,
// what the downloaded file holds, and that nothing of theirs was lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import zlib from 'node:zlib';
import { screenshot, startApp } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';

const DOC = {
  okrpad: 1,
  title: 'North team Q1',
  objectives: [
    {
      id: 'o1',
      title: 'Win the north region enterprise market',
      owner: 'Li',
      level: 'team',
      period: { start: '2026-01-01', end: '2026-03-31' },
      key_results: [
        {
          id: 'k1',
          title: 'Sign 10 new enterprise deals',
          owner: 'Li',
          metric: { kind: 'number', start: 0, target: 10 },
          check_ins: [{ date: '2026-02-01', value: 5 }],
        },
        {
          id: 'k2',
          title: 'Reach 3 million yuan in new contracts',
          owner: 'Wang',
          metric: { kind: 'number', start: 0, target: 300, unit: '万元' },
          check_ins: [],
        },
      ],
    },
  ],
};

/** A copy of DOC with `change` applied. */
function variant(change) {
  const copy = structuredClone(DOC);
  change(copy);
  return copy;
}

let app;
before(async () => {
  app = await startApp({
    files: {
      '/team.okr.json': JSON.stringify(DOC),
      '/not-okrpad.json': JSON.stringify({ hello: 'world' }),
    },
  });
});
after(() => app?.close());

const titles = (page) =>
  page.locator('[role=tree] [data-testid=objective-title]').evaluateAll((els) => els.map((el) => el.value));

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=${button}]`).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

async function pickFile(page, name, text) {
  await page.locator('[data-testid=import-file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function stored(page) {
  return page.evaluate(() => {
    const library = JSON.parse(localStorage.getItem('okrpad.library.v1') ?? '{"documents":[]}');
    return { library, docs: library.documents.map((d) => JSON.parse(localStorage.getItem(`okrpad.doc.${d.id}`) ?? 'null')) };
  });
}

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

test('merging shows the conflict, adds what is new and keeps the choice', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();
  await page.locator('[data-testid=lang-toggle]').click();
  const theirs = variant((d) => {
    d.objectives[0].title = 'Win the north and east enterprise markets';
    d.objectives[0].key_results[0].check_ins.push({ date: '2026-02-15', value: 7 });
    d.objectives.push({ id: 'o2', title: 'Grow the channel partners', level: 'team', key_results: [] });
  });
  await pickFile(page, 'theirs.okr.json', JSON.stringify(theirs));
  await page.locator('[data-testid=incoming-merge]').click();
  const merge = page.locator('[data-testid=merge-dialog]');
  await merge.waitFor();
  assert.equal(
    await merge.locator('[data-testid=merge-summary]').innerText(),
    'Adds 1 objectives, 0 key results, 1 check-ins; 1 conflicts.',
  );
  const conflict = merge.locator('[data-testid=conflict]');
  assert.equal(await conflict.count(), 1);
  assert.match(await conflict.innerText(), /Win the north region enterprise market/);
  assert.match(await conflict.innerText(), /Win the north and east enterprise markets/);
  assert.ok(await merge.locator('[data-testid=conflict-0-mine]').isChecked(), 'mine until chosen otherwise');
  await merge.locator('[data-testid=conflict-0-theirs]').check();
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
    await page.locator('[data-testid=paste-json]').click();
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
  await page.locator('[data-testid=paste-json]').click();
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

test('a share link opens in a fresh browser as a preview, and never silently over local work', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();
  await page.locator('[data-testid=share-link]').click();
  const url = await page.locator('[data-testid=share-url]').inputValue();
  assert.ok(url.startsWith(`${app.server.url}#okr1.`), url);
  assert.equal(await page.locator('[data-testid=share-warning]').count(), 0, 'a short link gets no warning');
  await page.locator('[data-testid=copy-link]').click();
  await page.locator('[data-testid=share-copied]', { hasText: /\S/ }).waitFor();
  await screenshot(page, 'sync-share-zh');

  // A fresh profile: nothing stored, the link alone carries the document.
  const fresh = await app.open(t, { url });
  await fresh.page.locator('[data-testid=incoming-title]', { hasText: 'North team Q1' }).waitFor();
  await fresh.page.locator('[data-testid=incoming-new]').click();
  await fresh.page.locator('main h1', { hasText: 'North team Q1' }).waitFor();
  assert.deepEqual(await titles(fresh.page), ['Win the north region enterprise market']);
  assert.equal(
    (await fresh.page.locator('[data-kr-id="k1"] [data-testid=kr-progress]').innerText()).trim(),
    '50%',
    'the check-in came along',
  );
  assert.equal(new URL(fresh.page.url()).hash, '', 'the link is not opened again on reload');

  // Someone with work of their own opens a link and cancels: their work is untouched.
  const mine = variant((d) => (d.title = 'My own work'));
  const busy = await app.open(t, { storage: JSON.stringify(mine) });
  await busy.page.locator('main h1', { hasText: 'My own work' }).waitFor();
  await busy.page.goto(url);
  await busy.page.locator('[data-testid=incoming-dialog]').waitFor();
  await busy.page.locator('[data-testid=incoming-cancel]').click();
  assert.equal(await busy.page.locator('main h1').innerText(), 'My own work');
  assert.deepEqual([...errors, ...fresh.errors, ...busy.errors], []);
});

test('hostile links get a clear message, fast, and the app keeps working', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();
  // 40 MB of zeros, deflated to a few dozen KB: a decompression bomb.
  const bomb = zlib.deflateRawSync(Buffer.alloc(40 * 1024 * 1024), { level: 9 }).toString('base64url');
  const cases = {
    garbage: '#okr1.!!!not-base64!!!',
    truncated: '#okr1.' + zlib.deflateRawSync(Buffer.from('x'.repeat(5000) + JSON.stringify(DOC))).toString('base64url').slice(0, 40),
    bomb: `#okr1.${bomb}`,
    huge: `#okr1.${'A'.repeat(1_500_000)}`,
    newer: '#okr9.AAAA',
  };
  for (const [name, hash] of Object.entries(cases)) {
    await page.evaluate((hash) => (location.hash = hash), hash);
    const message = page.locator('[data-testid=incoming-error]');
    await message.waitFor();
    assert.match(await message.innerText(), /\S/, `${name}: no message`);
    await page.locator('[data-testid=incoming-dialog] button', { hasText: '关闭' }).click();
    await page.locator('[data-testid=incoming-dialog]').waitFor({ state: 'detached' });
    assert.deepEqual(await titles(page), ['Win the north region enterprise market'], name);
  }
  // Still editable after all of that.
  await page.locator('[data-testid=doc-title]').fill('Still here');
  await page.locator('[data-testid=save-state]', { hasText: '已保存' }).waitFor();
  assert.deepEqual(errors.filter((e) => e.startsWith('page:')), []);
});

test('?src= opens a file from the same site read-only until a copy is saved', async (t) => {
  const { page, errors } = await app.open(t, { url: `${app.server.url}?src=team.okr.json` });
  const banner = page.locator('[data-testid=read-only]');
  await banner.waitFor();
  assert.match(await banner.innerText(), /team\.okr\.json/);
  await page.locator('main h1', { hasText: 'North team Q1' }).waitFor();
  assert.ok(await page.locator('[data-objective-id="o1"] [data-testid=objective-title]').isDisabled());
  await screenshot(page, 'sync-read-only-zh');
  assert.equal((await stored(page)).library.documents.length, 0, 'nothing saved while read-only');

  await page.locator('[data-testid=save-copy]').click();
  await banner.waitFor({ state: 'detached' });
  await page.locator('[data-testid=save-state]', { hasText: '已保存' }).waitFor();
  const { docs } = await stored(page);
  assert.deepEqual(docs.map((d) => d.title), ['North team Q1']);
  assert.equal(new URL(page.url()).search, '', 'a reload opens the saved copy, not the URL again');
  await page.locator('[data-testid=doc-title]').fill('North team Q1, ours now');
  await page.reload();
  await page.locator('main h1', { hasText: 'ours now' }).waitFor();
  assert.deepEqual(errors, []);
});

test('?src= errors are explained: not found, not okrpad, blocked by CORS', async (t) => {
  const other = await serve({ files: { '/team.okr.json': JSON.stringify(DOC) } });
  t.after(() => other.close());
  const cases = [
    ['missing.okr.json', /404/],
    ['not-okrpad.json', /okrpad/],
    [`${other.url}team.okr.json`, /CORS/],
  ];
  for (const [src, expected] of cases) {
    const { page } = await app.open(t, { url: `${app.server.url}?src=${encodeURIComponent(src)}` });
    const alert = page.locator('.notice[role=alert]');
    await alert.waitFor();
    assert.match(await alert.innerText(), expected, src);
    // The sample (or the user's own work) is still there, editable.
    assert.ok(await page.locator('[role=tree] [data-objective-id]').first().isVisible());
    assert.equal(await page.locator('[data-testid=read-only]').count(), 0);
  }
});

test('two tabs: a change in one appears in the other, and a real conflict is shown', async (t) => {
  const first = await app.open(t, { storage: JSON.stringify(DOC) });
  await first.page.locator('[data-objective-id="o1"]').waitFor();
  const second = await first.page.context().newPage();
  await second.goto(first.page.url());
  await second.locator('[data-objective-id="o1"]').waitFor();

  await first.page.locator('[data-testid=doc-title]').fill('Renamed in tab one');
  await first.page.locator('[data-testid=save-state]', { hasText: '已保存' }).waitFor();
  await second.locator('main h1', { hasText: 'Renamed in tab one' }).waitFor();

  // Both tabs change the document before either saves: whichever saves second learns
  // of the other and asks; neither version is dropped.
  await first.page.locator('[data-testid=doc-title]').fill('Tab one says');
  await second.locator('[data-testid=doc-title]').fill('Tab two says');
  const asked = await Promise.race([
    first.page.locator('[data-testid=other-tab-dialog]').waitFor().then(() => first.page),
    second.locator('[data-testid=other-tab-dialog]').waitFor().then(() => second),
  ]);
  await screenshot(asked, 'sync-other-tab-zh');
  await asked.locator('[data-testid=other-tab-merge]').click();
  const merge = asked.locator('[data-testid=merge-dialog]');
  await merge.waitFor();
  assert.equal(await merge.locator('[data-testid=conflict]').count(), 1);
  assert.match(await merge.locator('[data-testid=conflict]').innerText(), /Tab one says/);
  assert.match(await merge.locator('[data-testid=conflict]').innerText(), /Tab two says/);
  await merge.locator('[data-testid=merge-apply]').click();
  await asked.locator('[data-testid=save-state]', { hasText: '已保存' }).waitFor();
  const other = asked === second ? first.page : second;
  const kept = await asked.locator('main h1').innerText();
  await other.locator('main h1', { hasText: kept }).waitFor();
  assert.deepEqual(first.errors, []);
});

test('a full storage keeps the work in the page and offers it as a download', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('[data-objective-id="o1"]').waitFor();
  await page.evaluate(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key.startsWith('okrpad.doc.')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.locator('[data-testid=doc-title]').fill('Too big to store');
  const failed = page.locator('[data-testid=save-failed]');
  await failed.waitFor();
  assert.match(await page.locator('[data-testid=save-state]').innerText(), /存储空间可能已满/);
  await screenshot(page, 'sync-quota-zh');
  const saved = await download(page, 'download-work');
  assert.equal(JSON.parse(saved.text).title, 'Too big to store');
  assert.equal(await page.locator('main h1').innerText(), 'Too big to store', 'the work stays in the page');
  assert.deepEqual(errors, []);
});

test('corrupt stored data is kept, offered as a download, and backed up before a save', async (t) => {
  const garbage = '{"okrpad": 1, "title": "half a docu';
  const { page, errors } = await app.open(t, { storage: garbage });
  await page.locator('[data-testid=unreadable]').waitFor();
  const copy = await download(page, 'download-unreadable');
  assert.equal(copy.text, garbage);
  await page.locator('[data-testid=doc-title]').fill('A fresh start');
  await page.locator('[data-testid=save-state]', { hasText: '已保存' }).waitFor();
  const backups = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.endsWith('.unreadable')).map((k) => localStorage.getItem(k)),
  );
  assert.deepEqual(backups, [garbage]);
  assert.deepEqual(errors.filter((e) => e.startsWith('page:')), []);
});
