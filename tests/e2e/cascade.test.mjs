// The numeric cascade (issue 14), as a user meets it: seed 001's three levels built in
// the editor with key results that add up (opportunities in 个, revenue from 万元 into
// 亿元, each target picked in the searchable picker, by keyboard too), a check-in at
// the bottom moving the center's key results and objective, a health metric whose band
// is edited and that drops out of it and turns red, progress over time drawn (objective
// details, slide, dashboard) in both languages at phone width and on the projector, the
// map's key-result lines, what-if up the chain, and no serious accessibility problem.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { startApp } from './lib/browser.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { EMPTY_DOCUMENT, card, cardAction, keyResult, krAction, percentOf, ready, reveal, stored, waitSaved } from './lib/editor.mjs';

const CASCADE = readFileSync(new URL('../fixtures/cascade-001.okr.json', import.meta.url), 'utf8');

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

/** A screenshot in /tmp (the whole page, or `element` only), for people to look at. */
const shot = (page, name, element) =>
  (element ?? page).screenshot({ path: `/tmp/${name}.png`, ...(element ? {} : { fullPage: false }) });

const progressOf = async (page, id) =>
  percentOf(await keyResult(page, id).locator('[data-testid=kr-progress]').textContent());
const objectiveProgress = async (page, id) =>
  percentOf(await card(page, id).locator('[data-testid=objective-progress]').first().textContent());

async function checkIn(page, id, value) {
  const row = keyResult(page, id);
  // The button toggles the panel, which stays open after a save.
  const toggle = await krAction(page, id, 'check-in');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
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
    await (await krAction(page, 'sc-5', 'check-in')).click();
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

test('the cascade editor (picker open, contributors, charts) has no serious accessibility problem', async (t) => {
  const { page, errors } = await app.open(t, { storage: CASCADE });
  await ready(page);
  await (await krAction(page, 'bj-5', 'kr-details')).click();
  const current = keyResult(page, 'bj-5').locator('[data-testid=kr-contributes-to-current]');
  assert.equal(await current.getAttribute('data-target'), 'sc-5');
  assert.match(await current.textContent(), /销售业绩突破1亿元/);
  // The sum's contributors, converted, in its details and in the check-in panel's place.
  const contributors = keyResult(page, 'bj-5').locator('[data-testid=contributors]').first();
  assert.equal(await contributors.locator('[data-testid=contributor]').count(), 2);
  assert.equal(
    (await contributors.locator('tr[data-kr-id="ch-2"] [data-testid=contributor-converted]').textContent()).trim(),
    '1,000 万元',
  );
  await (await krAction(page, 'sc-5', 'check-in')).click();
  const place = keyResult(page, 'sc-5').locator('[data-testid=computed-panel]');
  assert.equal(
    (await place.locator('tr[data-kr-id="bj-5"] [data-testid=contributor-converted]').textContent()).trim(),
    '0.3 亿元',
  );
  assert.match(await place.locator('[data-testid=progress-chart-table]').textContent(), /2026-03-01.*30%/);
  // The picker's list open, with an active option.
  const picker = keyResult(page, 'bj-5').locator('[data-testid=kr-contributes-to]');
  await picker.fill('商机');
  assert.equal(await picker.getAttribute('aria-expanded'), 'true');
  assertNoProblems(await axeProblems(page, 'cascade zh'));
  await page.locator('[data-testid=lang-toggle]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await (await cardAction(page, 'sc', 'details')).click();
  await card(page, 'sc').locator('[data-testid=objective-chart]').waitFor();
  assertNoProblems(await axeProblems(page, 'cascade en'));
  assert.deepEqual(errors, []);
});

/** The id in `attribute` of the list item holding the focused field (a new title). */
async function focusedItem(page, testid, attribute) {
  await page.waitForFunction((t) => document.activeElement?.matches(`[data-testid=${t}]`), testid);
  return page.evaluate((a) => document.activeElement.closest(`li[${a}]`).getAttribute(a), attribute);
}

/** A new objective (under `parent`, or at the top), titled by typing; resolves to its id. */
async function newObjective(page, parent, title) {
  const add = parent ? await cardAction(page, parent, 'add-child') : page.locator('[data-testid=add-objective]');
  await add.click();
  const id = await focusedItem(page, 'objective-title', 'data-objective-id');
  await page.keyboard.insertText(title);
  return id;
}

/** A new key result of `objective`, titled by typing, its metric set in its details. */
async function newKeyResult(page, objective, title, { kind, target, unit }) {
  await (await cardAction(page, objective, 'add-kr')).click();
  const id = await focusedItem(page, 'kr-title', 'data-kr-id');
  await page.keyboard.insertText(title);
  const row = keyResult(page, id);
  await (await krAction(page, id, 'kr-details')).click();
  await row.locator('[data-testid=kr-metric]').selectOption(kind);
  if (target !== undefined) {
    await row.locator('[data-testid=kr-target]').fill(String(target));
    await row.locator('[data-testid=kr-unit]').fill(unit);
  }
  return id;
}

/** Picks the key result `id` feeds by typing `query` in its picker and pressing Enter. */
async function pickTarget(page, id, query) {
  const picker = keyResult(page, id).locator('[data-testid=kr-contributes-to]');
  await picker.fill(query);
  await picker.press('Enter');
  await page.waitForFunction(
    (kr) => document.querySelector(`li[data-kr-id="${kr}"] [data-testid=kr-contributes-to-current]`)?.dataset.target,
    id,
  );
  return keyResult(page, id).locator('[data-testid=kr-contributes-to-current]').getAttribute('data-target');
}

test('seed 001 built in the editor: targets picked by search and keyboard, a bottom check-in moves the center', async (t) => {
  const { page, errors } = await app.open(t, { storage: EMPTY_DOCUMENT });
  await ready(page);
  const sc = await newObjective(page, null, '2026年大幅度提高销售中心的业绩额');
  const scOpps = await newKeyResult(page, sc, '有效商机不少于3000个', { kind: 'sum', target: 3000, unit: '个' });
  const scRev = await newKeyResult(page, sc, '销售业绩突破1亿元', { kind: 'sum', target: 1, unit: '亿元' });

  const bj = await newObjective(page, sc, '打造行业领先的业务团队');
  const bjOpps = await newKeyResult(page, bj, '有效商机不少于1500个', { kind: 'sum', target: 1500, unit: '个' });
  const bjRev = await newKeyResult(page, bj, '销售业绩头6000万', { kind: 'sum', target: 6000, unit: '万元' });
  // Searching by title, and by the objective's title.
  assert.equal(await pickTarget(page, bjOpps, '商机'), scOpps);
  assert.equal(await pickTarget(page, bjRev, '销售中心 亿元'), scRev);

  const ch = await newObjective(page, bj, '实现渠道团队的业务突破');
  const chOpps = await newKeyResult(page, ch, '新增有效商机500个', { kind: 'number', target: 500, unit: '个' });
  const chRev = await newKeyResult(page, ch, '渠道业绩额达到2000万', { kind: 'number', target: 2000, unit: '万元' });
  assert.equal(await pickTarget(page, chOpps, '1500'), bjOpps);

  // The keyboard alone: two matches, nearest objective first; ↓ and ↑ move, Esc closes.
  const picker = keyResult(page, chRev).locator('[data-testid=kr-contributes-to]');
  await picker.focus();
  await page.keyboard.insertText('销售业绩');
  const list = keyResult(page, chRev).locator('[data-testid=kr-contributes-to-list]');
  assert.deepEqual(await list.locator('[role=option]').evaluateAll((os) => os.map((o) => o.dataset.value)), [bjRev, scRev]);
  const active = async () => {
    const at = await picker.getAttribute('aria-activedescendant');
    return page.locator(`[id="${at}"]`).getAttribute('data-value');
  };
  assert.equal(await active(), bjRev);
  await page.keyboard.press('ArrowDown');
  assert.equal(await active(), scRev);
  await page.keyboard.press('ArrowUp');
  assert.equal(await active(), bjRev);
  await page.keyboard.press('Escape');
  assert.equal(await picker.getAttribute('aria-expanded'), 'false');
  assert.equal(await keyResult(page, chRev).count(), 1, 'Esc closed the list, not the panel');
  await page.keyboard.press('ArrowDown');
  assert.equal(await picker.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    ([kr, target]) =>
      document.querySelector(`li[data-kr-id="${kr}"] [data-testid=kr-contributes-to-current]`)?.dataset.target === target,
    [chRev, bjRev],
  );
  await shot(page, 'cascade-picker');

  // A check-in at the bottom: the channel's 1000 万元 is 0.1 亿元 at the center.
  await checkIn(page, chRev, 1000);
  await checkIn(page, chOpps, 300);
  await page.waitForFunction(
    (kr) => document.querySelector(`li[data-kr-id="${kr}"] [data-testid=kr-progress]`)?.textContent.trim() === '10%',
    scRev,
  );
  assert.match(await keyResult(page, scRev).locator('[data-testid=kr-figures]').textContent(), /0\.1 \/ 1 亿元/);
  assert.equal(await progressOf(page, bjRev), 17);
  assert.equal(await progressOf(page, bjOpps), 20);
  assert.equal(await progressOf(page, scOpps), 10);
  assert.equal(await objectiveProgress(page, sc), 10);
  // The center's revenue lists Beijing's, converted.
  const contributors = keyResult(page, scRev).locator('[data-testid=contributors]');
  assert.equal(
    (await contributors.locator(`tr[data-kr-id="${bjRev}"] [data-testid=contributor-converted]`).textContent()).trim(),
    '0.1 亿元',
  );

  // Clearing a contribution takes it out of every sum above; undo puts it back.
  await keyResult(page, chOpps).locator('[data-testid=kr-contributes-to-clear]').click();
  await page.waitForFunction(
    (kr) => document.querySelector(`li[data-kr-id="${kr}"] [data-testid=kr-progress]`)?.textContent.trim() === '0%',
    scOpps,
  );
  await page.keyboard.press('Control+z');
  await page.waitForFunction(
    (kr) => document.querySelector(`li[data-kr-id="${kr}"] [data-testid=kr-progress]`)?.textContent.trim() === '10%',
    scOpps,
  );
  await waitSaved(page);
  const saved = await stored(page);
  const kr = (id) => saved.objectives.flatMap((o) => o.key_results).find((k) => k.id === id);
  assert.equal(kr(chRev).contributes_to, bjRev);
  assert.equal(kr(bjRev).contributes_to, scRev);
  assert.deepEqual(kr(scRev).metric, { kind: 'sum', start: 0, target: 1, unit: '亿元' });
  assert.deepEqual(errors, []);
});

test('a health band edited in the details: a value outside it turns red, a band the format refuses is not saved', async (t) => {
  const { page, errors } = await app.open(t, { storage: CASCADE });
  await ready(page);
  const row = keyResult(page, 'sc-6');
  await (await krAction(page, 'sc-6', 'kr-details')).click();
  assert.equal(await row.locator('[data-testid=health-min]').inputValue(), '95');
  assert.equal(await row.locator('[data-testid=health-warn-below]').inputValue(), '97');
  assert.equal(await row.locator('[data-testid=kr-status]').getAttribute('data-status'), 'on_track');
  // A warning line below the minimum: refused, said, not saved.
  await row.locator('[data-testid=health-warn-below]').fill('90');
  await row.locator('[data-testid=health-invalid]').waitFor();
  // Raising the minimum above the latest value (98): outside the band, red.
  await row.locator('[data-testid=health-warn-below]').fill('');
  await row.locator('[data-testid=health-min]').fill('99');
  await page.waitForFunction(
    () => document.querySelector('li[data-kr-id="sc-6"] [data-testid=kr-status]')?.dataset.status === 'off_track',
  );
  assert.equal(await row.locator('[data-testid=health-invalid]').count(), 0);
  assert.match(await row.locator('[data-testid=kr-status]').getAttribute('class'), /status-off_track/);
  const color = await row.locator('[data-testid=kr-status]').evaluate((e) => getComputedStyle(e).color);
  assert.equal(color, 'rgb(179, 38, 30)', 'the off-track red');
  assert.equal(await progressOf(page, 'sc-6'), 0);
  await row.locator('[data-testid=health-max]').fill('100');
  await waitSaved(page);
  const saved = await stored(page);
  const band = saved.objectives[0].key_results.find((k) => k.id === 'sc-6').metric;
  assert.deepEqual(band, { kind: 'health', min: 99, max: 100, unit: '%' });
  await shot(page, 'cascade-health', row);
  assert.deepEqual(errors, []);
});

test('a contributor whose unit does not convert is listed as left out, and the sum drops it', async (t) => {
  const { page, errors } = await app.open(t, { storage: CASCADE });
  await ready(page);
  const direct = keyResult(page, 'dr-1');
  await (await krAction(page, 'dr-1', 'kr-details')).click();
  await direct.locator('[data-testid=kr-unit]').fill('kg');
  // Beijing keeps only the channel's 1000 万元 of 6000.
  await page.waitForFunction(
    () => document.querySelector('li[data-kr-id="bj-5"] [data-testid=kr-progress]')?.textContent.trim() === '17%',
  );
  await (await krAction(page, 'bj-5', 'check-in')).click();
  const row = keyResult(page, 'bj-5').locator('[data-testid=computed-panel] tr[data-kr-id="dr-1"]');
  assert.match(await row.getAttribute('class'), /left-out/);
  assert.equal((await row.locator('[data-testid=contributor-value]').textContent()).trim(), '2,000 kg');
  assert.match(await row.locator('[data-testid=contributor-converted]').textContent(), /单位无法换算/);
  await shot(page, 'cascade-left-out', keyResult(page, 'bj-5'));
  assert.deepEqual(errors, []);
});

test('the picker searches only what an input method commits, never the pinyin', async (t) => {
  const { page, errors } = await app.open(t, { storage: CASCADE });
  await ready(page);
  await (await krAction(page, 'bj-5', 'kr-details')).click();
  const picker = keyResult(page, 'bj-5').locator('[data-testid=kr-contributes-to]');
  const options = () => keyResult(page, 'bj-5').locator('[data-testid=kr-contributes-to-list] [role=option]').count();
  await picker.click();
  assert.equal(await options(), 3, 'every key result of the center');
  const cdp = await page.context().newCDPSession(page);
  for (const part of ['s', 'sh', 'sha', 'shang']) {
    await cdp.send('Input.imeSetComposition', { text: part, selectionStart: part.length, selectionEnd: part.length });
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await picker.inputValue(), 'shang', 'the composition is not disturbed');
  assert.equal(await options(), 3, 'pinyin does not filter');
  await cdp.send('Input.imeSetComposition', { text: '商机', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.insertText', { text: '商机' });
  assert.equal(await picker.inputValue(), '商机');
  assert.equal(await picker.evaluate((e) => e.selectionStart), 2, 'caret at the end');
  assert.equal(await options(), 1);
  await picker.press('Enter');
  await page.waitForFunction(
    () => document.querySelector('li[data-kr-id="bj-5"] [data-testid=kr-contributes-to-current]')?.dataset.target === 'sc-1',
  );
  assert.equal(await picker.inputValue(), '', 'the query is cleared once picked');
  assert.deepEqual(errors, []);
});

/** The points of a chart's plotted line, as [x, y] pairs. */
async function plotted(chart) {
  const points = await chart.locator('polyline.chart-line').getAttribute('points');
  return points.trim().split(/\s+/).filter(Boolean).map((p) => p.split(',').map(Number));
}

/** A chart's text equivalent: one row per point, with a date and percentages. */
async function tableRows(chart, testid) {
  return chart.locator(`[data-testid=${testid}-table] tbody tr`).evaluateAll((rows) => rows.map((r) => r.textContent));
}

/** Legible: a chart's axis labels are at least 11 CSS pixels tall and inside its picture. */
async function legible(chart) {
  const boxes = await chart.locator('text.chart-axis').evaluateAll((ts) => {
    const frame = ts[0].ownerSVGElement.getBoundingClientRect();
    return ts.map((t) => {
      const b = t.getBoundingClientRect();
      return { h: b.height, inside: b.left >= frame.left - 0.5 && b.right <= frame.right + 0.5 };
    });
  });
  for (const b of boxes) {
    assert.ok(b.h >= 11, `axis label ${b.h}px tall`);
    assert.ok(b.inside, 'axis label inside the chart');
  }
}

for (const { name, viewport, lang } of [
  { name: 'phone-zh', viewport: { width: 390, height: 844 }, lang: 'zh' },
  { name: 'phone-en', viewport: { width: 390, height: 844 }, lang: 'en' },
  { name: 'projector-zh', viewport: { width: 1920, height: 1080 }, lang: 'zh' },
  { name: 'projector-en', viewport: { width: 1920, height: 1080 }, lang: 'en' },
]) {
  test(`progress over time is drawn with a text equivalent: details, slide, dashboard (${name})`, async (t) => {
    const { page, errors } = await app.open(t, { storage: CASCADE, viewport, phone: name.startsWith('phone') });
    await ready(page);
    if (lang === 'en') {
      await page.locator('[data-testid=lang-toggle]').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    }
    const heading = lang === 'en' ? /Objective progress over time/ : /目标进度走势/;
    // The center's objective: scored on 2026-02-01 and 2026-03-01, the dates below it.
    await (await cardAction(page, 'sc', 'details')).click();
    const details = card(page, 'sc').locator('[data-testid=objective-chart]');
    await details.waitFor();
    assert.equal((await plotted(details)).length, 2);
    const rows = await tableRows(details, 'objective-chart');
    assert.equal(rows.length, 2);
    assert.match(rows[0], /^2026-02-01\d+%\d+%$/);
    assert.match(rows[1], /^2026-03-01\d+%\d+%$/);
    assert.match(await details.locator('caption').textContent(), heading);
    assert.match(await details.locator('svg').getAttribute('aria-label'), /2026-03-01 \d+%/);
    assert.equal(await details.locator('line.chart-expected').count(), 1);
    await details.scrollIntoViewIfNeeded();
    await shot(page, `cascade-chart-details-${name}`);
    await legible(details);
    // The whole chart is inside the window, its labels inside the picture.
    const box = await details.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `chart at ${JSON.stringify(box)}`);

    await (await reveal(page, 'screen-present')).click();
    const slide = page.locator('[data-testid=slide-chart]');
    await slide.waitFor();
    assert.equal((await plotted(slide)).length, 2);
    assert.equal((await tableRows(slide, 'slide-chart')).length, 2);
    await legible(slide);
    await shot(page, `cascade-chart-slide-${name}`);

    await (await reveal(page, 'screen-dashboard')).click();
    const board = page.locator('[data-testid=dashboard-chart]');
    await board.waitFor();
    // Every check-in date in the document: 2026-02-01 and 2026-03-01.
    assert.equal((await plotted(board)).length, 2);
    assert.match((await tableRows(board, 'dashboard-chart')).join(' '), /2026-02-01.*2026-03-01/);
    await board.scrollIntoViewIfNeeded();
    await shot(page, `cascade-chart-dashboard-${name}`, board);
    await legible(board);
    assert.deepEqual(errors, []);
  });
}

test('the map draws key-result lines between the rows, in the legend and the SVG export', async (t) => {
  const { page, errors } = await app.open(t, { storage: CASCADE });
  await ready(page);
  await (await reveal(page, 'screen-map')).click();
  await page.locator('[data-testid=map-card]').first().waitFor();
  await page.locator('[data-testid=map-fit]').click();
  const link = page.locator('[data-testid=map-link][data-from="ch-2"][data-to="bj-5"]');
  await link.waitFor();
  assert.equal(await page.locator('[data-testid=map-link]').count(), 6);
  assert.equal(await link.locator('path').getAttribute('stroke-dasharray'), '7 4');
  await page.locator('[data-testid=legend-kr-line]').waitFor();
  await shot(page, 'cascade-map');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=map-export-svg]').click()]);
  const svg = await readFile(await download.path(), 'utf8');
  assert.equal(svg.match(/stroke-dasharray="7 4"/g)?.length, 6);
  assert.deepEqual(errors, []);
});

test('what-if on a contributing key result moves every sum above it, up the chain', async (t) => {
  const { page, errors } = await app.open(t, { storage: CASCADE, viewport: { width: 1920, height: 1080 } });
  await ready(page);
  await (await reveal(page, 'screen-present')).click();
  for (let i = 0; i < 6; i++) {
    if ((await page.locator('[data-testid=slide]').getAttribute('data-objective-id')) === 'ch') break;
    await page.locator('[data-testid=present-next]').click();
  }
  const kr = page.locator('[data-testid=slide] li[data-kr-id="ch-2"]');
  // To its end, the target: 2000 万元.
  await kr.locator('[data-testid=whatif-slider]').focus();
  await page.keyboard.press('End');
  const result = kr.locator('[data-testid=whatif-result]');
  await page.waitForFunction(() => /销售业绩突破1亿元/.test(document.querySelector('li[data-kr-id="ch-2"] [data-testid=whatif-result]')?.textContent ?? ''));
  const text = await result.textContent();
  assert.match(text, /销售业绩头6000万: 3,000 → 4,000 万元 \(50% → 67%\)/);
  assert.match(text, /销售业绩突破1亿元: 0\.3 → 0\.4 亿元 \(30% → 40%\)/);
  await shot(page, 'cascade-whatif');
  assert.deepEqual(errors, []);
});
