// Editing OKRs as a user does: by keyboard alone, checking in, undoing, reloading,
// typing Chinese through an input method, and typing text that looks like HTML.
// Every test starts from empty storage (or a seeded document) in a new browser context.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';
import {
  EMPTY_DOCUMENT,
  LANG_KEY,
  card,
  cardAction,
  focused,
  keyResult,
  krAction,
  krTitles,
  percentOf,
  ready,
  stored,
  storedHistory,
  tabTo,
  waitFocus,
  waitSaved,
} from './lib/editor.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

const TITLE_INPUT = '[data-testid=objective-title]';
const KR_INPUT = '[data-testid=kr-title]';

// The OKR set written by keyboard: three levels, two key results each.
const AUTHORED = {
  title: '华北区 2026 年第四季度 OKR',
  company: { title: '大幅提升华北区销售业绩', krs: ['有效商机不少于3000个', '销售业绩突破2亿元'] },
  department: { title: '打造行业领先的北京销售团队', krs: ['北京有效商机不少于1200个', '组建不少于25人的销售团队'] },
  team: { title: '实现渠道团队的业务突破', krs: ['新增有效渠道不少于30家', '渠道业绩额达到2000万元'] },
};

/**
 * With focus in a new objective's title: types its title, then Enter and a key result
 * title for each of `krs` (Enter in the objective title adds the first, Enter in a key
 * result title the next). Returns the key result ids in order.
 */
async function typeObjective(page, objective, { title, krs }) {
  await page.keyboard.type(title);
  const ids = [];
  for (const kr of krs) {
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      ([o, known]) => {
        const el = document.activeElement;
        const row = el?.closest('li[data-kr-id]');
        return el?.matches('[data-testid=kr-title]') && row && !known.includes(row.dataset.krId) &&
          el.closest('li[data-objective-id]')?.dataset.objectiveId === o;
      },
      [objective, ids],
    );
    ids.push((await focused(page)).kr);
    await page.keyboard.type(kr);
  }
  return ids;
}

/** Waits for focus to land in a new objective's title and returns that objective's id. */
async function newObjectiveFocused(page, known) {
  await page.waitForFunction(
    ([sel, known]) => {
      const el = document.activeElement;
      return el?.matches(sel) && !known.includes(el.closest('li[data-objective-id]')?.dataset.objectiveId);
    },
    [TITLE_INPUT, known],
  );
  const f = await focused(page);
  assert.equal(f.id, `o-title-${f.objective}`);
  return f.objective;
}

test('keyboard only: write a three-level OKR set from an empty document', async (t) => {
  const { page, errors } = await app.open(t, { storage: EMPTY_DOCUMENT });
  await ready(page);
  assert.equal(await page.locator('[role=treeitem]').count(), 0, 'the empty document shows objectives');

  // The document title, reached by Tab from the page.
  await tabTo(page, '[data-testid=doc-title]');
  await page.keyboard.type(AUTHORED.title);

  // Company objective: the "add objective" button, then Enter in its title for each KR.
  await tabTo(page, '[data-testid=add-objective]');
  await page.keyboard.press('Enter');
  const company = await newObjectiveFocused(page, []);
  const companyKrs = await typeObjective(page, company, AUTHORED.company);

  // Department objective: Tab from the last KR to the company card's "add aligned
  // objective" button.
  await tabTo(page, `li[data-objective-id="${company}"] > article [data-testid=add-child]`);
  await page.keyboard.press('Enter');
  const department = await newObjectiveFocused(page, [company]);
  const departmentKrs = await typeObjective(page, department, AUTHORED.department);

  // Team objective: a new top-level objective, indented twice with Ctrl+] (under the
  // company objective, then under the department objective). Focus stays in its title.
  await tabTo(page, '[data-testid=add-objective]');
  await page.keyboard.press('Enter');
  const team = await newObjectiveFocused(page, [company, department]);
  await page.keyboard.type(AUTHORED.team.title);
  await page.keyboard.press('Control+BracketRight');
  await page.locator(`li[data-objective-id="${company}"] > ul[role=group] > li[data-objective-id="${team}"]`).waitFor();
  await waitFocus(page, `#o-title-${team}`);
  await page.keyboard.press('Control+BracketRight');
  await page.locator(`li[data-objective-id="${department}"] > ul[role=group] > li[data-objective-id="${team}"]`).waitFor();
  await waitFocus(page, `#o-title-${team}`);
  const teamKrs = await typeObjective(page, team, { title: '', krs: AUTHORED.team.krs });

  // The tree: one root, each level nested in the one above.
  const tree = page.locator('[role=tree]');
  assert.deepEqual(
    await tree.locator(':scope > li[role=treeitem]').evaluateAll((els) => els.map((e) => e.dataset.objectiveId)),
    [company],
  );
  const chain = `li[data-objective-id="${company}"] > ul[role=group] > li[data-objective-id="${department}"] > ul[role=group] > li[data-objective-id="${team}"]`;
  assert.equal(await tree.locator(chain).count(), 1, 'company > department > team nesting');
  assert.equal(await page.locator('li[data-objective-id] ul[role=group] li[data-objective-id]').count(), 2);

  const expected = [
    [company, 'company', AUTHORED.company],
    [department, 'department', AUTHORED.department],
    [team, 'team', AUTHORED.team],
  ];
  for (const [id, level, { title, krs }] of expected) {
    assert.equal(await card(page, id).locator('[data-testid=objective-level]').inputValue(), level, `${id} level`);
    assert.equal(await card(page, id).locator(TITLE_INPUT).inputValue(), title, `${id} title`);
    assert.deepEqual(await krTitles(page, id), krs, `${id} key results`);
  }
  assert.equal(await page.locator('[data-testid=doc-title]').inputValue(), AUTHORED.title);
  assert.match(await page.locator('main h1').textContent(), new RegExp(AUTHORED.title));
  await screenshot(page, 'keyboard-authored');

  // What was stored says the same.
  await waitSaved(page);
  const doc = await stored(page);
  assert.equal(doc.title, AUTHORED.title);
  const byId = Object.fromEntries(doc.objectives.map((o) => [o.id, o]));
  assert.deepEqual(Object.keys(byId).sort(), [company, department, team].sort());
  assert.equal(byId[company].parent ?? null, null);
  assert.equal(byId[department].parent, company);
  assert.equal(byId[team].parent, department);
  const krIds = { [company]: companyKrs, [department]: departmentKrs, [team]: teamKrs };
  for (const [id, level, { title, krs }] of expected) {
    assert.equal(byId[id].level, level);
    assert.equal(byId[id].title, title);
    assert.deepEqual(byId[id].key_results.map((k) => k.title), krs);
    assert.deepEqual(byId[id].key_results.map((k) => k.id), krIds[id]);
  }
  assert.deepEqual(errors, []);
});

test('check in on a key result: its score, its objective, the chart and the history follow', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const kr = keyResult(page, 'sc-1');
  const figures = kr.locator('[data-testid=kr-figures]');
  assert.equal((await figures.textContent()).trim(), '1,850 / 3,000 个');
  assert.equal((await kr.locator('[data-testid=kr-progress]').textContent()).trim(), '62%');
  const objectiveProgress = card(page, 'sc').locator('[data-testid=objective-progress]');
  const before = percentOf(await objectiveProgress.textContent());

  await (await krAction(page, 'sc-1', 'check-in')).click();
  const panel = kr.locator('[data-testid=check-in-panel]');
  await panel.waitFor();
  assert.equal(await kr.locator('[data-testid=check-in]').getAttribute('aria-expanded'), 'true');
  // The value field takes focus, so the user can type at once.
  await waitFocus(page, 'li[data-kr-id="sc-1"] [data-testid=checkin-value]');
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.equal(await panel.locator('[data-testid=checkin-date]').inputValue(), today);
  const dots = panel.locator('[data-testid=progress-chart] circle.chart-dot');
  const rows = panel.locator('[data-testid=checkin-row]');
  assert.equal(await dots.count(), 2);
  assert.equal(await rows.count(), 2);
  assert.equal(await panel.locator('[data-testid=progress-chart] line.chart-expected').count(), 1);
  await screenshot(page, 'checkin-zh');
  await screenshot(page, 'checkin-zh-panel', kr);

  await page.keyboard.type('3000');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('li[data-kr-id="sc-1"] [data-testid=kr-progress]')?.textContent.trim() === '100%',
  );
  assert.equal((await figures.textContent()).trim(), '3,000 / 3,000 个');
  assert.equal(await kr.locator('[data-testid=kr-status]').getAttribute('data-status'), 'on_track');
  const after = percentOf(await objectiveProgress.textContent());
  assert.ok(after > before, `objective sc progress did not rise: ${before}% → ${after}%`);
  assert.equal(await dots.count(), 3);
  assert.equal(await rows.count(), 3);
  assert.equal(await rows.first().locator('[data-testid=history-value]').inputValue(), '3000');
  assert.equal(await rows.first().locator('.checkin-date').textContent(), today);
  assert.equal(await panel.locator('[data-testid=checkin-value]').inputValue(), '', 'the value field was not cleared');

  // Correct the new value in the history, by typing over it.
  const newest = rows.first().locator('[data-testid=history-value]');
  await newest.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2400');
  await page.waitForFunction(
    () => document.querySelector('li[data-kr-id="sc-1"] [data-testid=kr-figures]')?.textContent.trim() !== '3,000 / 3,000 个',
  );
  assert.equal(await rows.first().locator('[data-testid=history-value]').inputValue(), '2400');
  assert.equal((await figures.textContent()).trim(), '2,400 / 3,000 个');
  assert.equal((await kr.locator('[data-testid=kr-progress]').textContent()).trim(), '80%');

  // Remove it: the key result is back at its previous check-in.
  await rows.first().locator('[data-testid=history-remove]').click();
  await page.waitForFunction(() => document.querySelectorAll('li[data-kr-id="sc-1"] [data-testid=checkin-row]').length === 2);
  assert.equal((await figures.textContent()).trim(), '1,850 / 3,000 个');
  assert.equal((await kr.locator('[data-testid=kr-progress]').textContent()).trim(), '62%');
  assert.equal(percentOf(await objectiveProgress.textContent()), before);
  assert.equal(await dots.count(), 2);

  await waitSaved(page);
  const sc1 = (await stored(page)).objectives.find((o) => o.id === 'sc').key_results.find((k) => k.id === 'sc-1');
  assert.deepEqual(sc1.check_ins.map((c) => c.value), [1200, 1850]);
  assert.deepEqual(errors, []);
});

test('undo and redo: typing is one step, and the history survives a reload', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const undo = page.locator('[data-testid=undo]');
  const redo = page.locator('[data-testid=redo]');
  const title = card(page, 'sc').locator(TITLE_INPUT);
  const level = card(page, 'sc').locator('[data-testid=objective-level]');
  const sc5 = keyResult(page, 'sc-5');
  const ORIGINAL = '大幅度提高销售中心的业绩额';
  const EDITED = '让销售中心的业绩翻一番';
  assert.equal(await title.inputValue(), ORIGINAL);
  assert.ok(await undo.isDisabled(), 'undo is enabled before any edit');
  assert.ok(await redo.isDisabled(), 'redo is enabled before any edit');

  // Three edits: a retyped title, a level, a deleted key result.
  await title.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(EDITED);
  await level.selectOption('department');
  await (await krAction(page, 'sc-5', 'delete-kr')).click();
  await sc5.waitFor({ state: 'detached' });
  assert.match(await page.locator('[data-testid=toast]').textContent(), /Ctrl\+Z/);
  assert.ok(await undo.isEnabled());

  const state = async () => ({
    title: await title.inputValue(),
    level: await level.inputValue(),
    sc5: await sc5.count(),
  });
  const edited = { title: EDITED, level: 'department', sc5: 0 };
  const steps = [
    { title: EDITED, level: 'department', sc5: 1 },
    { title: EDITED, level: 'company', sc5: 1 },
    { title: ORIGINAL, level: 'company', sc5: 1 },
  ];
  const waitState = (s) =>
    page.waitForFunction((s) => {
      const c = document.querySelector('li[data-objective-id="sc"] > article');
      return c.querySelector('[data-testid=objective-title]').value === s.title &&
        c.querySelector('[data-testid=objective-level]').value === s.level &&
        c.querySelectorAll('li[data-kr-id="sc-5"]').length === s.sc5;
    }, s).catch(async () => assert.deepEqual(await state(), s));
  assert.deepEqual(await state(), edited);

  for (const s of steps) {
    await page.keyboard.press('Control+Z');
    await waitState(s);
  }
  assert.equal(await keyResult(page, 'sc-5').locator(KR_INPUT).inputValue(), '销售业绩突破2亿元');
  assert.ok(await undo.isDisabled(), 'undo still enabled with nothing left to undo');
  assert.ok(await redo.isEnabled());

  for (const s of [...steps.slice(0, 2).reverse(), edited]) {
    await page.keyboard.press('Control+Shift+Z');
    await waitState(s);
  }
  assert.ok(await redo.isDisabled(), 'redo still enabled with nothing left to redo');
  assert.ok(await undo.isEnabled());

  // After a reload the edits are there, and so is their history.
  await waitSaved(page);
  assert.ok(await storedHistory(page), 'no undo history stored');
  await page.reload();
  await ready(page);
  await waitState(edited);
  assert.ok(await undo.isEnabled(), 'nothing to undo after a reload');
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  for (const s of steps) {
    await page.keyboard.press('Control+Z');
    await waitState(s);
  }
  assert.ok(await undo.isDisabled());
  // The undo button does the same as the shortcut.
  await redo.click();
  await waitState(steps[1]);
  await undo.click();
  await waitState(steps[2]);
  assert.deepEqual(errors, []);
});

test('edits survive a reload', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const DOC_TITLE = '销售中心 OKR(已修改)';
  const NEW_OBJECTIVE = '建立华南区的渠道网络';

  await page.locator('[data-testid=doc-title]').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(DOC_TITLE);

  const sc2 = keyResult(page, 'sc-2');
  await (await krAction(page, 'sc-2', 'check-in')).click();
  await waitFocus(page, 'li[data-kr-id="sc-2"] [data-testid=checkin-value]');
  await page.keyboard.type('50');
  await sc2.locator('[data-testid=checkin-note]').click();
  await page.keyboard.type('华南新签 3 家');
  await sc2.locator('[data-testid=checkin-save]').click();
  await sc2.locator('[data-testid=checkin-row]').nth(2).waitFor();
  const sc2Figures = (await sc2.locator('[data-testid=kr-figures]').textContent()).trim();
  assert.equal(sc2Figures, '50 / 60 家');

  await page.locator('[data-testid=add-objective]').click();
  const added = await newObjectiveFocused(page, ['sc', 'bj', 'ch', 'zm']);
  await page.keyboard.type(NEW_OBJECTIVE);
  await waitSaved(page);

  await page.reload();
  await ready(page);
  await card(page, added).waitFor();
  assert.equal(await page.locator('[data-testid=doc-title]').inputValue(), DOC_TITLE);
  assert.match(await page.locator('main h1').textContent(), /已修改/);
  assert.equal((await keyResult(page, 'sc-2').locator('[data-testid=kr-figures]').textContent()).trim(), sc2Figures);
  assert.equal(await card(page, added).locator(TITLE_INPUT).inputValue(), NEW_OBJECTIVE);
  assert.equal(await card(page, added).locator('[data-testid=objective-level]').inputValue(), 'company');
  assert.deepEqual(
    await page.locator('[role=tree] > li[role=treeitem]').evaluateAll((els) => els.map((e) => e.dataset.objectiveId)),
    ['sc', added],
  );
  await (await krAction(page, 'sc-2', 'check-in')).click();
  const newest = keyResult(page, 'sc-2').locator('[data-testid=checkin-row]').first();
  assert.equal(await newest.locator('[data-testid=history-value]').inputValue(), '50');
  assert.equal(await newest.locator('[data-testid=history-note]').inputValue(), '华南新签 3 家');
  assert.deepEqual(await page.locator('[role=alert]').allTextContents(), []);
  assert.deepEqual(errors, []);
});

test('the language switch relabels the editor and is remembered across a reload', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const saveState = page.locator('[data-testid=save-state]');
  const findings = page.locator('[data-testid=findings]');
  const scTitle = card(page, 'sc').locator(TITLE_INPUT);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal((await saveState.textContent()).trim(), '已保存');
  assert.equal(await scTitle.inputValue(), '大幅度提高销售中心的业绩额');

  await page.locator('[data-testid=lang-toggle]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal((await saveState.textContent()).trim(), 'Saved');
  assert.equal(await findings.getAttribute('aria-label'), 'Findings');
  assert.match(await page.locator('[data-testid=add-objective]').textContent(), /Add objective/);
  assert.equal(await (await cardAction(page, 'sc', 'add-kr')).textContent(), '+ Add key result');
  // The untouched sample follows the language.
  assert.equal(await scTitle.inputValue(), "Substantially grow the Sales Center's revenue this quarter");
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), LANG_KEY), 'en');

  const sc1 = keyResult(page, 'sc-1');
  await (await krAction(page, 'sc-1', 'check-in')).click();
  await sc1.locator('[data-testid=check-in-panel]').waitFor();
  assert.equal(await sc1.locator('[data-testid=checkin-save]').textContent(), 'Save');
  await screenshot(page, 'checkin-en');
  await screenshot(page, 'checkin-en-panel', sc1);

  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal((await saveState.textContent()).trim(), 'Saved');
  assert.equal(await findings.getAttribute('aria-label'), 'Findings');
  assert.equal(await scTitle.inputValue(), "Substantially grow the Sales Center's revenue this quarter");

  await page.locator('[data-testid=lang-toggle]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal((await saveState.textContent()).trim(), '已保存');
  assert.equal(await findings.getAttribute('aria-label'), '检查结果');
  assert.equal(await scTitle.inputValue(), '大幅度提高销售中心的业绩额');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), LANG_KEY), 'zh');
  assert.deepEqual(errors, []);
});

test('Chinese typed through an input method lands exactly once, caret at the end', async (t) => {
  const { page, errors } = await app.open(t, { storage: EMPTY_DOCUMENT });
  await ready(page);
  const cdp = await page.context().newCDPSession(page);

  // Composes `pinyin`, shows `candidate`, then commits `text`, as a pinyin IME does.
  const compose = async (pinyin, candidate, text) => {
    for (let i = 1; i <= pinyin.length; i++) {
      const part = pinyin.slice(0, i);
      await cdp.send('Input.imeSetComposition', { text: part, selectionStart: part.length, selectionEnd: part.length });
    }
    await cdp.send('Input.imeSetComposition', { text: candidate, selectionStart: candidate.length, selectionEnd: candidate.length });
    await cdp.send('Input.insertText', { text });
  };
  const field = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return { value: el.value, caret: el.selectionStart, end: el.selectionEnd };
    });

  await page.locator('[data-testid=add-objective]').click();
  const o = await newObjectiveFocused(page, []);

  // Mid-composition the field keeps the pinyin (a re-render would cancel it), and the
  // document does not get it.
  await cdp.send('Input.imeSetComposition', { text: 'xiao', selectionStart: 4, selectionEnd: 4 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal((await field()).value, 'xiao');
  await cdp.send('Input.imeSetComposition', { text: '销售', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.insertText', { text: '销售团队' });
  assert.deepEqual(await field(), { value: '销售团队', caret: 4, end: 4 });
  // A second word composed after the first, then an ASCII letter typed normally.
  await compose('gaoxiao', '高效', '高效');
  await page.keyboard.type('A');
  assert.deepEqual(await field(), { value: '销售团队高效A', caret: 7, end: 7 });
  assert.equal(await card(page, o).locator(TITLE_INPUT).inputValue(), '销售团队高效A');

  // Enter (outside a composition) adds a key result; compose its title.
  await page.keyboard.press('Enter');
  await waitFocus(page, `li[data-objective-id="${o}"] ${KR_INPUT}`);
  const k = (await focused(page)).kr;
  await compose('qianyue', '签约', '签约');
  await compose('kehu', '客户', '客户');
  await page.keyboard.type('30');
  await compose('jia', '家', '家');
  assert.deepEqual(await field(), { value: '签约客户30家', caret: 7, end: 7 });
  // Composing in the middle of the text leaves the caret after the new word.
  await page.keyboard.press('Home');
  await compose('beijing', '北京', '北京');
  assert.deepEqual(await field(), { value: '北京签约客户30家', caret: 2, end: 2 });
  await page.keyboard.type('B');
  assert.deepEqual(await field(), { value: '北京B签约客户30家', caret: 3, end: 3 });

  await waitSaved(page);
  const doc = await stored(page);
  const objective = doc.objectives.find((x) => x.id === o);
  assert.equal(objective.title, '销售团队高效A');
  assert.equal(objective.key_results.find((x) => x.id === k).title, '北京B签约客户30家');
  assert.doesNotMatch(JSON.stringify(doc), /xiao|gaoxiao|qianyue|kehu|jia|beijing/);
  // The typing is undone as a whole per field, not per composition step.
  await page.keyboard.press('Control+Z');
  await page.waitForFunction((id) => document.getElementById(id)?.value === '', `kr-title-${k}`);
  assert.equal(await card(page, o).locator(TITLE_INPUT).inputValue(), '销售团队高效A');
  assert.deepEqual(errors, []);
});

test('a title that looks like HTML is shown as text, never run', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const XSS = '<img src=x onerror=alert(1)>';
  const DOC_XSS = '<script>alert(2)</script><b>x</b>';

  const title = card(page, 'sc').locator(TITLE_INPUT);
  await title.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(XSS);
  await page.locator('[data-testid=doc-title]').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(DOC_XSS);
  // The details of a child objective list its possible parents by title.
  await (await cardAction(page, 'bj', 'details')).click();
  await card(page, 'bj').locator('[data-testid=objective-details]').waitFor();
  await waitSaved(page);
  await page.waitForLoadState('networkidle');

  assert.deepEqual(dialogs, []);
  assert.equal(await page.locator('img[src=x], img[onerror], main script, main b').count(), 0);
  assert.ok(!app.server.notFound.some((p) => p.endsWith('/x')), 'the browser requested the image "x"');
  assert.equal(await title.inputValue(), XSS);
  assert.equal(await page.locator('#o-head-sc').textContent(), XSS);
  assert.equal(await page.locator('main h1').textContent(), DOC_XSS);
  const parentOptions = await card(page, 'bj').locator('[data-testid=objective-parent] option').allTextContents();
  assert.ok(parentOptions.some((o) => o.endsWith(XSS)), `parent options: ${parentOptions}`);
  const doc = await stored(page);
  assert.equal(doc.title, DOC_XSS);
  assert.equal(doc.objectives.find((o) => o.id === 'sc').title, XSS);

  // And after a reload, when the text comes from storage.
  await page.reload();
  await ready(page);
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('#o-head-sc').textContent(), XSS);
  assert.equal(await page.locator('img[src=x], img[onerror], main script, main b').count(), 0);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});

test('the findings panel names what it is about by what the field holds, while the user is still typing', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const jumps = '[data-testid=findings] [data-testid=finding-jump]';
  const cases = [
    ['key result', async () => (await cardAction(page, 'sc', 'add-kr')).click(), '（未命名关键结果）', 'Sign 5 partners'],
    ['objective', () => page.locator('[data-testid=add-objective]').click(), '（未命名目标）', '打开华东市场 East'],
  ];
  for (const [what, add, untitled, title] of cases) {
    await add();
    // Its findings are listed, as untitled while it has no title.
    await page.locator(jumps, { hasText: untitled }).first().waitFor();
    // Typing faster than the rules' pause keeps them from running again: the panel
    // must follow the field anyway, with no wait at all after the last key.
    await page.keyboard.type(title, { delay: 30 });
    const labels = await page.locator(jumps).evaluateAll((els) => els.map((e) => e.textContent));
    assert.ok(labels.includes(title), `${what}: the panel says ${JSON.stringify(labels)}`);
    assert.ok(!labels.includes(untitled), `${what}: still untitled in ${JSON.stringify(labels)}`);
  }
  assert.deepEqual(errors, []);
});
