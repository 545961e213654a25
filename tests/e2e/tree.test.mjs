// Shaping the tree and fixing mistakes: Escape, deleting with children, reordering and
// re-levelling by keyboard, periods and alignment in the details panel, and a check-in
// without a value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from './lib/browser.mjs';
import { EMPTY_DOCUMENT, card, cardAction, focused, keyResult, krAction, krTitles, ready, stored, waitFocus, waitSaved } from './lib/editor.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

const TITLE_INPUT = '[data-testid=objective-title]';

/** The ids of the objectives directly under `parent` (or at the top), in order. */
function childIds(page, parent) {
  const list = parent ? `li[data-objective-id="${parent}"] > ul[role=group]` : '[role=tree]';
  return page.locator(`${list} > li[data-objective-id]`).evaluateAll((els) => els.map((e) => e.dataset.objectiveId));
}

test('Escape puts a field back as it was when it got focus', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const title = card(page, 'sc').locator(TITLE_INPUT);
  const krTitle = keyResult(page, 'sc-1').locator('[data-testid=kr-title]');
  const docTitle = page.locator('[data-testid=doc-title]');
  const originals = [await title.inputValue(), await krTitle.inputValue(), await docTitle.inputValue()];

  for (const field of [title, krTitle, docTitle]) {
    await field.click();
    await page.keyboard.press('End');
    await page.keyboard.type('（草稿）');
    await page.keyboard.press('Escape');
  }
  assert.deepEqual([await title.inputValue(), await krTitle.inputValue(), await docTitle.inputValue()], originals);
  assert.equal((await page.locator('#o-head-sc').textContent()), originals[0]);
  assert.match(await page.locator('main h1').textContent(), new RegExp(originals[2].replace(/[()]/g, '.')));

  // An edit kept before focus left the field is kept: Escape reverts to the value at
  // focus, not to the value at page load.
  await title.click();
  await page.keyboard.press('End');
  await page.keyboard.type('!');
  await krTitle.click();
  await title.click();
  await page.keyboard.type('?');
  await page.keyboard.press('Escape');
  assert.equal(await title.inputValue(), `${originals[0]}!`);
  await waitSaved(page);
  const doc = await stored(page);
  assert.equal(doc.objectives.find((o) => o.id === 'sc').title, `${originals[0]}!`);
  assert.equal(doc.objectives.find((o) => o.id === 'sc').key_results[0].title, originals[1]);
  assert.equal(doc.title, originals[2]);
  assert.deepEqual(errors, []);
});

test('deleting an objective moves its children up, says so, and Ctrl+Z brings it back', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  assert.deepEqual(await childIds(page, 'sc'), ['bj']);
  assert.deepEqual(await childIds(page, 'bj'), ['ch']);

  await (await cardAction(page, 'bj', 'delete-objective')).click();
  await page.locator('li[data-objective-id=bj]').waitFor({ state: 'detached' });
  assert.deepEqual(await childIds(page, 'sc'), ['ch']);
  assert.deepEqual(await childIds(page, 'ch'), ['zm']);
  // ch keeps its level; only its parent changes (and it no longer feeds bj-4, now gone).
  assert.equal(await card(page, 'ch').locator('[data-testid=objective-level]').inputValue(), 'team');
  assert.match(await page.locator('[data-testid=toast]').textContent(), /已删除.*Ctrl\+Z/);
  assert.notEqual((await focused(page)).tag, 'body', 'focus was dropped on the page body');
  await waitSaved(page);
  let doc = await stored(page);
  const ch = doc.objectives.find((o) => o.id === 'ch');
  assert.equal(ch.parent, 'sc');
  assert.equal(ch.parent_kr ?? null, null, 'ch still contributes to a deleted key result');
  assert.ok(!doc.objectives.some((o) => o.id === 'bj'));

  await page.keyboard.press('Control+Z');
  await page.locator('li[data-objective-id=sc] > ul[role=group] > li[data-objective-id=bj] > ul[role=group] > li[data-objective-id=ch]').waitFor();
  assert.deepEqual(await krTitles(page, 'bj'), [
    '有效商机不少于1200个',
    '优化并落地销售标准化流程',
    '组建不少于25人的销售团队',
    '新增渠道不少于30家',
    '销售业绩突破8000万元',
  ]);
  await waitSaved(page);
  doc = await stored(page);
  assert.equal(doc.objectives.find((o) => o.id === 'ch').parent_kr, 'bj-4');
  assert.deepEqual(errors, []);
});

test('reorder and re-level by keyboard: Alt+arrows, Ctrl+[ and Ctrl+]', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);

  // Key results: Alt+ArrowUp in a title moves it up, and the caret stays in it.
  await keyResult(page, 'sc-2').locator('[data-testid=kr-title]').click();
  await page.keyboard.press('Alt+ArrowUp');
  await page.waitForFunction(() => document.querySelector('li[data-objective-id=sc] li[data-kr-id]')?.dataset.krId === 'sc-2');
  await waitFocus(page, '#kr-title-sc-2');
  // A moved row's field is focused again just after the move is drawn; a person's next
  // key comes long after that, a test's key can come sooner, so it waits.
  await page.keyboard.press('Alt+ArrowDown');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('li[data-objective-id=sc] > article li[data-kr-id]')].map((e) => e.dataset.krId).join() ===
      'sc-1,sc-2,sc-3,sc-4,sc-5');
  await waitFocus(page, '#kr-title-sc-2');
  await page.keyboard.press('Alt+ArrowDown');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('li[data-objective-id=sc] > article li[data-kr-id]')].map((e) => e.dataset.krId).join() ===
      'sc-1,sc-3,sc-2,sc-4,sc-5');
  await waitFocus(page, '#kr-title-sc-2');

  // A new aligned objective under sc comes before bj; move it after bj, then out and in.
  await (await cardAction(page, 'sc', 'add-child')).click();
  await page.waitForFunction(() => document.activeElement?.matches('[data-testid=objective-title]') &&
    !['sc', 'bj', 'ch', 'zm'].includes(document.activeElement.closest('li[data-objective-id]').dataset.objectiveId));
  const o = (await focused(page)).objective;
  await page.keyboard.type('开拓华东市场');
  assert.deepEqual(await childIds(page, 'sc'), [o, 'bj']);
  assert.equal(await card(page, o).locator('[data-testid=objective-level]').inputValue(), 'department');

  await page.keyboard.press('Alt+ArrowDown');
  await page.waitForFunction((o) => document.querySelector('li[data-objective-id=sc] > ul[role=group] > li:last-child')?.dataset.objectiveId === o, o);
  await waitFocus(page, `#o-title-${o}`);
  assert.deepEqual(await childIds(page, 'sc'), ['bj', o]);

  await page.keyboard.press('Control+BracketLeft');
  await page.waitForFunction((o) => document.querySelector(`[role=tree] > li[data-objective-id="${o}"]`), o);
  await waitFocus(page, `#o-title-${o}`);
  assert.deepEqual(await childIds(page, null), ['sc', o]);
  assert.equal(await card(page, o).locator('[data-testid=objective-level]').inputValue(), 'company');

  await page.keyboard.press('Control+BracketRight');
  await page.waitForFunction((o) => document.querySelector(`li[data-objective-id=sc] > ul[role=group] > li[data-objective-id="${o}"]`), o);
  await waitFocus(page, `#o-title-${o}`);
  assert.equal(await card(page, o).locator('[data-testid=objective-level]').inputValue(), 'department');
  await waitSaved(page);
  const doc = await stored(page);
  assert.equal(doc.objectives.find((x) => x.id === o).parent, 'sc');
  assert.deepEqual(doc.objectives.find((x) => x.id === 'sc').key_results.map((k) => k.id), ['sc-1', 'sc-3', 'sc-2', 'sc-4', 'sc-5']);
  assert.deepEqual(errors, []);
});

test(
  'indenting or outdenting while typing a title keeps the caret where it was',
  async (t) => {
    const { page, errors } = await app.open(t, { storage: EMPTY_DOCUMENT });
    await ready(page);
    const ids = [];
    for (const title of ['提升华东区销售业绩', '打造华东区渠道团队']) {
      await page.locator('[data-testid=add-objective]').click();
      await page.waitForFunction((n) => document.querySelectorAll('[role=treeitem]').length === n, ids.length + 1);
      await waitFocus(page, `[role=tree] > li:nth-child(${ids.length + 1}) > article ${TITLE_INPUT}`);
      ids.push((await focused(page)).objective);
      await page.keyboard.type(title);
    }
    const [first, second] = ids;
    const caret = () => page.evaluate(() => [document.activeElement.id, document.activeElement.selectionStart]);
    await page.keyboard.press('Control+BracketRight');
    await page.locator(`li[data-objective-id="${first}"] > ul[role=group] > li[data-objective-id="${second}"]`).waitFor();
    await waitFocus(page, `#o-title-${second}`);
    assert.deepEqual(await caret(), [`o-title-${second}`, 9], 'caret after Ctrl+]');
    await page.keyboard.type('（一）');
    await page.keyboard.press('Control+BracketLeft');
    await page.locator(`[role=tree] > li[data-objective-id="${second}"]`).waitFor();
    await waitFocus(page, `#o-title-${second}`);
    assert.deepEqual(await caret(), [`o-title-${second}`, 12], 'caret after Ctrl+[');
    await page.keyboard.type('！');
    assert.equal(await card(page, second).locator(TITLE_INPUT).inputValue(), '打造华东区渠道团队（一）！');
    assert.deepEqual(errors, []);
  },
);

test('details: a period quick pick and aligning one objective under another', async (t) => {
  const { page, errors } = await app.open(t, { storage: EMPTY_DOCUMENT });
  await ready(page);
  for (const [i, title] of ['提升华东区客户满意度', '华东区客服团队响应提速'].entries()) {
    await page.locator('[data-testid=add-objective]').click();
    await page.waitForFunction((n) => document.querySelectorAll('[role=treeitem]').length === n, i + 1);
    await waitFocus(page, `[role=tree] > li:nth-child(${i + 1}) > article ${TITLE_INPUT}`);
    await page.keyboard.type(title);
  }
  const [first, second] = await childIds(page, null);
  const findingsOf = (id) => card(page, id).locator('.inline-findings [data-rule]').evaluateAll((els) => els.map((e) => e.dataset.rule));
  // The rules run once typing pauses (RULES_DELAY), so the finding shows a moment later.
  await card(page, first).locator('.inline-findings [data-rule="objective-period"]').waitFor();
  assert.ok((await findingsOf(first)).includes('objective-period'), `findings: ${await findingsOf(first)}`);

  await (await cardAction(page, first, 'details')).click();
  const details = card(page, first).locator('[data-testid=objective-details]');
  await details.locator('[data-testid=period-this-quarter]').click();
  const quarter = await page.evaluate(() => {
    const d = new Date();
    const q = Math.floor(d.getMonth() / 3);
    const pad = (n) => String(n).padStart(2, '0');
    const end = new Date(d.getFullYear(), q * 3 + 3, 0);
    return [`${d.getFullYear()}-${pad(q * 3 + 1)}-01`, `${end.getFullYear()}-${pad(end.getMonth() + 1)}-${pad(end.getDate())}`];
  });
  assert.equal(await details.locator('[data-testid=period-start]').inputValue(), quarter[0]);
  assert.equal(await details.locator('[data-testid=period-end]').inputValue(), quarter[1]);
  assert.match(await card(page, first).locator('.meta').textContent(), new RegExp(`${quarter[0]} – ${quarter[1]}`));
  await page.waitForFunction((id) =>
    ![...document.querySelectorAll(`li[data-objective-id="${id}"] > article .inline-findings [data-rule]`)]
      .some((e) => e.dataset.rule === 'objective-period'), first);

  // Align the second objective under the first through its details.
  await (await cardAction(page, second, 'details')).click();
  const parent = card(page, second).locator('[data-testid=objective-parent]');
  const options = await parent.locator('option').evaluateAll((els) => els.map((e) => e.value));
  assert.ok(options.includes(first) && !options.includes(second), `parent options: ${options}`);
  await parent.selectOption(first);
  await page.locator(`li[data-objective-id="${first}"] > ul[role=group] > li[data-objective-id="${second}"]`).waitFor();
  await waitSaved(page);
  const doc = await stored(page);
  assert.equal(doc.objectives.find((o) => o.id === second).parent, first);
  assert.deepEqual(doc.objectives.find((o) => o.id === first).period, { start: quarter[0], end: quarter[1] });
  assert.deepEqual(errors, []);
});

test('a check-in without a value is refused with a message, and nothing is added', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const kr = keyResult(page, 'sc-1');
  await (await krAction(page, 'sc-1', 'check-in')).click();
  await waitFocus(page, 'li[data-kr-id="sc-1"] [data-testid=checkin-value]');
  await page.keyboard.press('Enter');
  const alert = kr.locator('[data-testid=check-in-panel] [role=alert]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /有效的日期和数值/);
  assert.equal(await kr.locator('[data-testid=checkin-row]').count(), 2);
  assert.equal((await kr.locator('[data-testid=kr-figures]').textContent()).trim(), '1,850 / 3,000 个');
  assert.ok(await page.locator('[data-testid=undo]').isDisabled(), 'a refused check-in made an undo step');

  // A valid value then goes through and clears the message; Escape closes the panel.
  await page.keyboard.type('2000');
  await page.keyboard.press('Enter');
  await alert.waitFor({ state: 'detached' });
  assert.equal(await kr.locator('[data-testid=checkin-row]').count(), 3);
  await page.keyboard.press('Escape');
  await kr.locator('[data-testid=check-in-panel]').waitFor({ state: 'detached' });
  assert.equal(await kr.locator('[data-testid=check-in]').getAttribute('aria-expanded'), 'false');
  assert.deepEqual(errors, []);
});

test('keys typed at full speed right after + Add objective, + Add key result or + Add child land in the new field', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const count = (selector) => page.locator(selector).count();
  // Spaces (which would press a still-focused button again), letters, and a few
  // characters of Chinese text typed as plain key events.
  const TEXT = 'Win 3 key deals 快速';
  const buttons = [
    { name: '+ Add objective', button: async () => page.locator('[data-testid=add-objective]'), made: 'li[data-objective-id]', field: 'objective-title' },
    { name: '+ Add key result', button: () => cardAction(page, 'sc', 'add-kr'), made: 'li[data-kr-id]', field: 'kr-title' },
    { name: '+ Add child', button: () => cardAction(page, 'sc', 'add-child'), made: 'li[data-objective-id]', field: 'objective-title' },
  ];
  for (const how of ['click', 'Enter', 'Space']) {
    for (const { name, button, made, field } of buttons) {
      const before = await count(made);
      const objectivesBefore = await count('li[data-objective-id]');
      if (how === 'click') {
        await (await button()).click();
      } else {
        await (await button()).focus();
        await page.keyboard.press(how === 'Enter' ? 'Enter' : ' ');
      }
      // No wait of any kind between the action and the typing.
      await page.keyboard.type(`${TEXT} ${how}`, { delay: 0 });
      const active = await page.evaluate(() => ({
        testid: document.activeElement?.dataset.testid,
        value: document.activeElement?.value,
      }));
      assert.deepEqual(active, { testid: field, value: `${TEXT} ${how}` }, `${name} by ${how}`);
      assert.equal(await count(made), before + 1, `${name} by ${how}: exactly one new`);
      if (made !== 'li[data-objective-id]') {
        assert.equal(await count('li[data-objective-id]'), objectivesBefore, `${name} by ${how}: no objective made`);
      }
    }
  }
  assert.deepEqual(errors, []);
});
