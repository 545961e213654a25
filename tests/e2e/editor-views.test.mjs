// The editor as it is seen: long titles, a projector, paper, tree items as a screen
// reader names them, a company-sized tree that stays right while being edited, and
// screenshots of the main screens in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { screenshot, startApp } from './lib/browser.mjs';
import { EMPTY_DOCUMENT, card, cardAction, reveal, keyResult, krAction, krTitles, percentOf, ready, stored, waitFocus, waitSaved } from './lib/editor.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

const TITLE_INPUT = '[data-testid=objective-title]';
const LONG =
  '通过行业解决方案升级与大客户深度经营，在华北区实现大客户营收与利润的双突破，并建立一支可复制、可扩张的渠道销售团队，' +
  'so that the whole region grows faster than the market for the third quarter in a row';

/** Switches the app to English with its toggle (the test browser speaks Chinese). */
async function english(page) {
  await page.locator('[data-testid=lang-toggle]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

/** Title fields whose text does not fit their box (clipped). */
function clippedTitles(page) {
  return page.locator('textarea.title-input').evaluateAll((els) =>
    els
      .filter((el) => el.getClientRects().length && el.scrollHeight > el.clientHeight + 1)
      .map((el) => `${el.id} (${el.scrollHeight} > ${el.clientHeight})`),
  );
}

/** How far the page scrolls sideways, and what sticks out. */
function overflow(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  }));
}

test('a long title wraps onto more lines instead of being clipped; Enter still adds a key result', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const title = card(page, 'sc').locator(TITLE_INPUT);
  const oneLine = (await title.boundingBox()).height;
  await title.fill(LONG);
  await page.waitForFunction(
    ([sel, h]) => document.querySelector(sel).getBoundingClientRect().height > 2 * h,
    ['#o-title-sc', oneLine],
  );
  assert.deepEqual(await clippedTitles(page), []);
  assert.equal(await title.inputValue(), LONG);
  // Shift+Enter does not break a title; Enter adds the first key result, focused.
  const before = await krTitles(page, 'sc');
  await title.press('End');
  await title.press('Shift+Enter');
  assert.equal(await title.inputValue(), LONG);
  await title.press('Enter');
  await waitFocus(page, 'li[data-objective-id="sc"] > article li[data-kr-id] [data-testid=kr-title]');
  assert.equal((await krTitles(page, 'sc')).length, before.length + 1);
  // A key result title grows too.
  await page.keyboard.type(LONG);
  assert.deepEqual(await clippedTitles(page), []);
  await waitSaved(page);
  assert.equal((await stored(page)).objectives.find((o) => o.id === 'sc').title, LONG);
  assert.deepEqual(errors, []);
});

test('projector (1920×1080 at 150%): one screen wide, titles whole, text large enough to read', async (t) => {
  for (const lang of ['zh', 'en']) {
    const { page, errors } = await app.open(t, { viewport: { width: 1280, height: 720 }, scale: 1.5 });
    await ready(page);
    if (lang === 'en') await english(page);
    await card(page, 'sc').locator(TITLE_INPUT).fill(LONG);
    const o = await overflow(page);
    assert.ok(o.scrollWidth <= o.innerWidth, `${lang}: ${o.scrollWidth}px of content in ${o.innerWidth}px: ${o.wide}`);
    assert.deepEqual(await clippedTitles(page), [], lang);
    // Sizes in CSS pixels; on the projector each is 1.5 device pixels.
    const sizes = await page.evaluate(() => {
      const px = (sel) => [...document.querySelectorAll(sel)].map((el) => parseFloat(getComputedStyle(el).fontSize));
      const texts = [...document.querySelectorAll('[role=tree] *')].filter(
        (el) => el.getClientRects().length && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()),
      );
      return {
        objective: Math.min(...px('[data-testid=objective-title]')),
        kr: Math.min(...px('[data-testid=kr-title]')),
        progress: Math.min(...px('[data-testid=objective-progress], [data-testid=kr-progress]')),
        smallest: Math.min(...texts.map((el) => parseFloat(getComputedStyle(el).fontSize))),
      };
    });
    assert.ok(sizes.objective >= 18, `${lang}: objective titles at ${sizes.objective}px`);
    assert.ok(sizes.kr >= 16 && sizes.progress >= 16, `${lang}: key results at ${sizes.kr}px, progress ${sizes.progress}px`);
    assert.ok(sizes.smallest >= 12, `${lang}: tree text as small as ${sizes.smallest}px`);
    // The tree and the findings side by side, not overlapping.
    const tree = await page.locator('.tree-panel').boundingBox();
    const findings = await page.locator('[data-testid=findings]').boundingBox();
    assert.ok(tree.x + tree.width <= findings.x, `${lang}: tree ${JSON.stringify(tree)} under findings ${JSON.stringify(findings)}`);
    await screenshot(page, `projector-${lang}`);
    await page.screenshot({ path: new URL(`../e2e/artifacts/projector-${lang}-screen.png`, import.meta.url).pathname });
    assert.deepEqual(errors, []);
  }
});

/** A document with a collapsed level: 1 company, 3 departments, 12 teams, 40 individuals. */
function cascade() {
  const objectives = [];
  const add = (id, level, parent) =>
    objectives.push({
      id,
      title: `${id}: grow key-account revenue in the north region`,
      level,
      parent,
      owner: `owner ${id}`,
      key_results: [{ id: `${id}-k`, title: `Sign 30 new key accounts for ${id}`, owner: 'x', weight: 1 }],
    });
  add('c', 'company');
  for (let d = 0; d < 3; d++) add(`d${d}`, 'department', 'c');
  for (let t = 0; t < 12; t++) add(`t${t}`, 'team', `d${t % 3}`);
  for (let i = 0; i < 300; i++) add(`i${i}`, 'individual', `t${i % 12}`);
  return { okrpad: 1, title: 'Print cascade', objectives };
}

test('print: the whole tree, collapsed levels included, with no controls and no clipped text', async (t) => {
  const doc = cascade();
  const { page, errors } = await app.open(t, { storage: JSON.stringify(doc) });
  await page.locator('li[data-objective-id="t11"]').waitFor();
  assert.equal(await page.locator('li[data-objective-id^="i"]').count(), 0, 'individuals start collapsed on screen');
  await card(page, 't0').locator(TITLE_INPUT).fill(LONG);
  // What the browser does on Ctrl+P: `beforeprint`, then print media.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  await page.locator('li[data-objective-id="i299"]').waitFor();
  const seen = await page.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    return {
      objectives: [...document.querySelectorAll('li[data-objective-id]')].filter(shown).length,
      controls: [...document.querySelectorAll('button, [role=toolbar], .filter-bar, .documents-bar, .findings-panel')]
        .filter(shown)
        .map((el) => el.outerHTML.slice(0, 80)),
    };
  });
  assert.equal(seen.objectives, doc.objectives.length, 'every objective prints');
  assert.deepEqual(seen.controls, [], 'controls print');
  assert.deepEqual(await clippedTitles(page), []);
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.innerWidth, `print is ${o.scrollWidth}px wide in ${o.innerWidth}px: ${o.wide}`);
  await screenshot(page, 'print');
  await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
  await page.pdf({ path: new URL('./artifacts/print.pdf', import.meta.url).pathname, format: 'A4' });
  // After printing the screen folds again.
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.waitForFunction(() => !document.querySelector('li[data-objective-id="i0"]'));
  assert.deepEqual(errors, []);
});

/** A company's quarter: 2,000 objectives × 4 key results, shaped like `core::generate`. */
function company() {
  const n = 2000;
  const objectives = [];
  for (let i = 0; i < n; i++) {
    const parent = i === 0 ? undefined : i <= 10 ? 'o0' : i <= 208 ? `o${1 + ((i - 11) % 10)}` : `o${11 + ((i - 209) % 198)}`;
    const level = i === 0 ? 'company' : i <= 10 ? 'department' : i <= 208 ? 'team' : 'individual';
    objectives.push({
      id: `o${i}`,
      title: `单元${i}通过大客户方案实现营收突破`,
      owner: `u${i % 97}`,
      level,
      parent,
      // The departments contribute to the company's last key result, which rolls them up.
      ...(i >= 1 && i <= 10 && { parent_kr: 'o0k3' }),
      period: { start: '2026-01-01', end: '2026-12-31' },
      key_results: [0, 1, 2, 3].map((k) => ({
        id: `o${i}k${k}`,
        title: `签约大客户${10 + k}家`,
        owner: `u${i % 97}`,
        weight: 1,
        metric: i === 0 && k === 3 ? { kind: 'children' } : { kind: 'number', start: 0, target: 10 + k },
      })),
    });
  }
  return { okrpad: 1, title: '公司', objectives };
}

test('a company-sized tree (2,000 × 4): edits, scores and findings stay right', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(company()) });
  await page.locator('li[data-objective-id="o10"]').waitFor();
  const o5 = card(page, 'o5');
  // A vague title gets its finding once typing pauses, and loses it when fixed.
  const vague = o5.locator('.inline-findings [data-rule="objective-vague"]');
  assert.equal(await vague.count(), 0);
  const title = o5.locator(TITLE_INPUT);
  await title.fill('提高销售额');
  await vague.waitFor();
  await title.fill('单元5通过大客户方案实现营收突破');
  await vague.waitFor({ state: 'detached' });
  // A check-in moves the key result, its objective and the company above.
  // (o5 is a department: it rolls up into the company's key result o0k3, a roll-up of
  // its ten departments, so o5 at 25% is 2.5% of it.)
  const progress = async () => [
    percentOf(await keyResult(page, 'o5k0').locator('[data-testid=kr-progress]').textContent()),
    percentOf(await o5.locator('[data-testid=objective-progress]').textContent()),
    (await keyResult(page, 'o0k3').locator('[data-testid=kr-progress]').textContent()).trim(),
  ];
  assert.deepEqual(await progress(), [0, 0, '0%']);
  await (await krAction(page, 'o5k0', 'check-in')).click();
  await keyResult(page, 'o5k0').locator('[data-testid=checkin-value]').fill('10');
  await keyResult(page, 'o5k0').locator('[data-testid=checkin-save]').click();
  await page.waitForFunction(() =>
    document.querySelector('li[data-kr-id="o5k0"] [data-testid=kr-progress]')?.textContent.trim() === '100%',
  );
  const [kr, objective, rollUp] = await progress();
  assert.deepEqual([kr, objective], [100, 25]);
  assert.ok(/^[1-9]\d*%$/.test(rollUp), `the company's roll-up moved: ${rollUp}`);
  // Undo takes the check-in back, with the scores.
  await page.locator('body').press('Control+z');
  await page.waitForFunction(() =>
    document.querySelector('li[data-kr-id="o5k0"] [data-testid=kr-progress]')?.textContent.trim() === '0%',
  );
  assert.deepEqual(await progress(), [0, 0, '0%']);
  assert.deepEqual(errors, []);
});

test('every template opens in both languages, speaking that language', async (t) => {
  const templates = ['sales-cascade', 'key-account', 'functions', 'good-and-bad'];
  for (const lang of ['zh', 'en']) {
    const { page, errors } = await app.open(t);
    await ready(page);
    if (lang === 'en') await english(page);
    for (const id of templates) {
      await (await reveal(page, 'new-from-template')).selectOption(id);
      await page.locator('[role=tree] [data-testid=objective-title]').first().waitFor();
      const titles = await page.locator('[data-testid=objective-title], [data-testid=kr-title]').evaluateAll((els) =>
        els.map((e) => e.value),
      );
      assert.ok(titles.length >= 3, `${lang} ${id}: ${titles.length} titles`);
      const han = titles.filter((x) => /[\u4e00-\u9fff]/.test(x)).length;
      // Chinese templates are written in Chinese; English ones have no Chinese titles.
      if (lang === 'zh') assert.ok(han >= titles.length / 2, `${lang} ${id}: ${titles}`);
      else assert.equal(han, 0, `${lang} ${id}: ${titles}`);
    }
    assert.deepEqual(errors, []);
  }
});

test('filter by period and by owner, and collapse and expand by the tree button', async (t) => {
  const doc = {
    okrpad: 1,
    title: 'Periods',
    objectives: [
      { id: 'a', title: '华北区销售业绩大幅提升的年度目标', level: 'company', owner: '张伟', period: { start: '2026-01-01', end: '2026-12-31' }, key_results: [] },
      { id: 'b', title: '第一季度北京团队新签大客户突破', level: 'department', owner: '李娜', parent: 'a', period: { start: '2026-01-01', end: '2026-03-31' }, key_results: [] },
      { id: 'c', title: '第四季度渠道团队业务全面突破', level: 'team', owner: '王磊', parent: 'a', period: { start: '2026-10-01', end: '2026-12-31' }, key_results: [] },
    ],
  };
  const { page, errors } = await app.open(t, { storage: JSON.stringify(doc) });
  await page.locator('li[data-objective-id="c"]').waitFor();
  const shown = () => page.locator('[role=tree] li[data-objective-id]').evaluateAll((els) => els.map((e) => e.dataset.objectiveId));
  const waitShown = (ids) =>
    page.waitForFunction(
      (ids) => [...document.querySelectorAll('[role=tree] li[data-objective-id]')].map((e) => e.dataset.objectiveId).join() === ids.join(),
      ids,
    );
  // Q1 only: b, with its parent a for context; c (Q4) is hidden.
  await page.locator('[data-testid=filter-period]').selectOption('2026-01-01/2026-03-31');
  await waitShown(['a', 'b']);
  await page.locator('[data-testid=filter-clear]').click();
  await waitShown(['a', 'b', 'c']);
  await page.locator('[data-testid=filter-owner]').selectOption('王磊');
  await waitShown(['a', 'c']);
  await page.locator('[data-testid=filter-clear]').click();
  await waitShown(['a', 'b', 'c']);
  // Collapse hides the children and says so; expand brings them back.
  const a = page.locator('li[data-objective-id="a"]');
  const toggle = card(page, 'a').locator('[data-testid=collapse]');
  assert.equal(await a.getAttribute('aria-expanded'), 'true');
  await toggle.click();
  await waitShown(['a']);
  assert.equal(await a.getAttribute('aria-expanded'), 'false');
  assert.equal(await toggle.getAttribute('aria-label'), '展开');
  await toggle.press('Enter');
  await waitShown(['a', 'b', 'c']);
  assert.equal(await a.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await shown(), ['a', 'b', 'c']);
  assert.deepEqual(errors, []);
});

test('screenshots of the main screens in both languages: desktop, phone, projector, print', async (t) => {
  const screens = [
    ['desktop', {}],
    ['phone', { viewport: { width: 390, height: 844 }, phone: true }],
    ['projector', { viewport: { width: 1280, height: 720 }, scale: 1.5 }],
    ['print', {}],
  ];
  for (const lang of ['zh', 'en']) {
    for (const [name, options] of screens) {
      const { page, errors } = await app.open(t, options);
      await ready(page);
      if (lang === 'en') await english(page);
      await (await krAction(page, 'sc-1', 'check-in')).click();
      if (name === 'print') {
        await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
        await page.emulateMedia({ media: 'print' });
      }
      await screenshot(page, `screen-${name}-${lang}`);
      assert.deepEqual(errors, [], `${name} ${lang}`);
    }
  }
});

const ARTIFACTS = new URL('./artifacts', import.meta.url).pathname;

/** Where the first objective's card starts, and where the header ends, in CSS pixels. */
async function headerRoom(page) {
  const first = await page.locator('[role=tree] > li > article').first().boundingBox();
  const header = await page.locator('header.topbar').boundingBox();
  return { firstTop: Math.round(first.y), headerBottom: Math.round(header.y + header.height) };
}

test('one compact header: the first objective starts high at 1366×900, on a phone and on a projector', async (t) => {
  // Measured before the header was one: 3 rows of buttons put the first objective at
  // 328 px at 1366×900.
  const cases = [
    ['desktop', { viewport: { width: 1366, height: 900 } }, 240],
    ['phone', { viewport: { width: 390, height: 844 }, phone: true }, 420],
    ['projector', { viewport: { width: 1280, height: 720 }, scale: 1.5 }, 250],
  ];
  for (const [name, options, bound] of cases) {
    const { page, errors } = await app.open(t, options);
    await ready(page);
    const room = await headerRoom(page);
    t.diagnostic(`${name}: header ends at ${room.headerBottom}px, first objective at ${room.firstTop}px`);
    assert.ok(room.firstTop <= bound, `${name}: the first objective starts at ${room.firstTop}px (bound ${bound})`);
    const o = await overflow(page);
    assert.ok(o.scrollWidth <= o.innerWidth + 1, `${name}: too wide: ${o.wide}`);
    // What the first screen shows (not the whole page): the header and what follows.
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/header-${name}.png` });
    await page.locator('[data-testid=file-menu]').click();
    await page.screenshot({ path: `${ARTIFACTS}/header-${name}-file-menu.png` });
    assert.deepEqual(errors, [], name);
  }
});

test('the documents and file menus: disclosure ARIA, Enter, Space, arrows, Home, End and Escape', async (t) => {
  const { page, errors } = await app.open(t, { viewport: { width: 1366, height: 900 } });
  await ready(page);
  const focusedId = () => page.evaluate(() => document.activeElement?.dataset.testid);
  const expanded = (menu) => page.locator(`[data-testid=${menu}]`).getAttribute('aria-expanded');
  for (const menu of ['documents-menu', 'file-menu']) {
    const button = page.locator(`[data-testid=${menu}]`);
    const panel = page.locator(`#${await button.getAttribute('aria-controls')}`);
    assert.equal(await expanded(menu), 'false');
    assert.ok(!(await panel.isVisible()), `${menu}: closed at first`);
    // Enter and Space open onto the first control; Escape closes back onto the button.
    for (const key of ['Enter', ' ', 'ArrowDown']) {
      await button.focus();
      await page.keyboard.press(key);
      assert.equal(await expanded(menu), 'true', `${menu} ${key}`);
      assert.ok(await page.evaluate((id) => document.getElementById(id).contains(document.activeElement), await button.getAttribute('aria-controls')), `${menu} ${key}: focus in the panel`);
      await page.keyboard.press('Escape');
      assert.equal(await expanded(menu), 'false', `${menu} ${key} then Escape`);
      assert.equal(await focusedId(), menu);
    }
  }
  // In the file menu, the arrows walk the actions, wrapping; Home and End go to the ends.
  await page.locator('[data-testid=file-menu]').focus();
  await page.keyboard.press('Enter');
  const walk = [];
  for (let i = 0; i < 6; i++) {
    walk.push(await focusedId());
    await page.keyboard.press('ArrowDown');
  }
  assert.deepEqual(walk, ['export-json', 'export-markdown', 'export-csv', 'import-file', 'paste-json', 'share-link']);
  assert.equal(await focusedId(), 'export-json', 'wraps to the first');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focusedId(), 'share-link', 'and back to the last');
  await page.keyboard.press('Home');
  assert.equal(await focusedId(), 'export-json');
  await page.keyboard.press('End');
  // Enter on an action runs it and closes the menu.
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=share-dialog]').waitFor();
  assert.equal(await expanded('file-menu'), 'false');
  await page.keyboard.press('Escape');
  // Focus leaving a menu closes it.
  await page.locator('[data-testid=documents-menu]').click();
  assert.equal(await expanded('documents-menu'), 'true');
  await page.locator('[data-testid=add-objective]').focus();
  assert.equal(await expanded('documents-menu'), 'false');
  // Every action is found by its label once its menu is open.
  await page.locator('[data-testid=documents-menu]').click();
  for (const name of ['新建文档', '复制文档', '复制到下一周期']) {
    assert.ok(await page.getByRole('button', { name, exact: true }).isVisible(), name);
  }
  await page.locator('[data-testid=file-menu]').click();
  for (const name of ['导出 .okr.json', '分享链接']) {
    assert.ok(await page.getByRole('button', { name, exact: true }).isVisible(), name);
  }
  assert.deepEqual(errors, []);
});
