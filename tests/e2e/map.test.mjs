// The alignment map: every objective a card, lines to the parent (or to the parent's
// key result), orphans marked, a click to open a card in the editor, keyboard pan and
// zoom, SVG and PNG export, and a 2,000-objective document that stays light.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { screenshot, startApp } from './lib/browser.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { focused, ready } from './lib/editor.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

const HOSTILE = '<img src=x onerror=alert(1)>';

/** A document: a company, a department aligned to it, an unaligned team, an
 *  individual whose parent does not exist, and a title that looks like markup. */
function brokenDocument() {
  const kr = (id, title) => ({ id, title, metric: { kind: 'number', start: 0, target: 10 }, check_ins: [] });
  return JSON.stringify({
    okrpad: 1,
    title: 'Broken map',
    objectives: [
      { id: 'c', title: HOSTILE, level: 'company', key_results: [kr('c-1', 'Revenue'), kr('c-2', 'Partners')] },
      { id: 'd', title: 'Department', level: 'department', parent: 'c', parent_kr: 'c-2', key_results: [] },
      { id: 'lone', title: 'Lonely team', level: 'team', key_results: [] },
      { id: 'ghost', title: 'Ghost child', level: 'individual', parent: 'nobody', key_results: [] },
    ],
  });
}

/** A generated company of `n` objectives, five to a parent, three key results each. */
function bigDocument(n) {
  const levels = ['company', 'department', 'team', 'individual'];
  const objectives = [];
  for (let i = 0; i < n; i++) {
    const parent = i === 0 ? undefined : Math.floor((i - 1) / 5);
    const level = i === 0 ? 'company' : levels[Math.min(3, levels.indexOf(objectives[parent].level) + 1)];
    objectives.push({
      id: `o${i}`,
      title: `Objective ${i}`,
      owner: `Owner ${i % 17}`,
      level,
      ...(parent !== undefined && { parent: `o${parent}` }),
      key_results: [0, 1, 2].map((k) => ({
        id: `o${i}-${k}`,
        title: `Key result ${k}`,
        metric: { kind: 'number', start: 0, target: 100 },
        check_ins: [{ date: '2026-01-05', value: (i * 7 + k * 13) % 100 }],
      })),
    });
  }
  return JSON.stringify({ okrpad: 1, title: 'Big company', objectives });
}

/** Opens the map; with `fit`, shows all of it (it opens at a readable zoom). */
async function openMap(page, { fit = true } = {}) {
  await ready(page);
  await page.locator('[data-testid=screen-map]').click();
  await page.locator('[data-testid=map-card]').first().waitFor();
  if (fit) await page.locator('[data-testid=map-fit]').click();
}

const cardIds = (page) =>
  page.locator('[data-testid=map-card]').evaluateAll((els) => els.map((e) => e.dataset.objectiveId).sort());

const transform = (page) => page.locator('[data-testid=map-viewport]').getAttribute('transform');

/** The translation and scale in a `translate(x y) scale(s)` attribute. */
function parseTransform(text) {
  const m = /translate\(([-\d.]+) ([-\d.]+)\) scale\(([-\d.]+)\)/.exec(text);
  assert.ok(m, `unexpected transform ${text}`);
  return { x: Number(m[1]), y: Number(m[2]), scale: Number(m[3]) };
}

test('every objective is a card, with a line to its parent or to the key result it feeds', async (t) => {
  const { page, errors } = await app.open(t);
  await openMap(page);
  assert.deepEqual(await cardIds(page), ['bj', 'ch', 'sc', 'zm']);
  const edges = await page
    .locator('[data-testid=map-edge]')
    .evaluateAll((els) => els.map((e) => `${e.dataset.parent}>${e.dataset.child}${e.dataset.kr ? `@${e.dataset.kr}` : ''}`));
  assert.deepEqual(edges.sort(), ['bj>ch@bj-4', 'ch>zm@ch-1', 'sc>bj']);

  // The channel team's line starts on the row of Beijing's key result bj-4.
  const anchor = await page.evaluate(() => {
    const path = document.querySelector('[data-testid=map-edge][data-child=ch] path');
    const row = document.querySelector('[data-testid=map-card][data-objective-id=bj] [data-kr-row="bj-4"] rect');
    const start = path.getPointAtLength(0);
    const r = { x: row.x.baseVal.value, y: row.y.baseVal.value, w: row.width.baseVal.value, h: row.height.baseVal.value };
    return { px: start.x, py: start.y, ...r };
  });
  assert.ok(anchor.py > anchor.y && anchor.py < anchor.y + anchor.h, `line starts at y=${anchor.py}, the row spans ${anchor.y}–${anchor.y + anchor.h}`);
  assert.ok(Math.abs(anchor.px - anchor.x) < 2 || Math.abs(anchor.px - (anchor.x + anchor.w)) < 2, 'on the side of the card');

  // Status in words as well as colour, and the progress.
  const status = await page.locator('[data-testid=map-card][data-objective-id=sc] [data-status]').textContent();
  assert.match(status, /^(正常|有风险|落后|未开始) · \d{1,3}%$/);
  assert.match(await page.locator('[data-testid=map-orphans]').textContent(), /所有目标都已对齐/);
  assertNoProblems(await axeProblems(page, 'map'));
  await screenshot(page, 'map-zh');
  await page.locator('[data-testid=lang-toggle]').click();
  await page.locator('[data-testid=map-orphans]', { hasText: 'Every objective is aligned' }).waitFor();
  assert.match(await page.locator('[data-testid=map-card][data-objective-id=sc] [data-status]').textContent(), /^(On track|At risk|Off track|Not started) · \d+%$/);
  await screenshot(page, 'map-en');
  assertNoProblems(await axeProblems(page, 'map in English'));
  assert.deepEqual(errors, []);
});

test('orphans and broken parents stand out, and a title that looks like markup is text', async (t) => {
  const { page, errors } = await app.open(t, { storage: brokenDocument() });
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await openMap(page);
  const orphans = await page
    .locator('[data-testid=map-card][data-orphan]')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.objectiveId, e.dataset.orphan])));
  assert.deepEqual(orphans, { lone: 'unaligned', ghost: 'missing_parent' });
  assert.match(await page.locator('[data-testid=map-card][data-objective-id=lone]').textContent(), /未对齐/);
  assert.match(await page.locator('[data-testid=map-card][data-objective-id=ghost]').textContent(), /上级不存在/);
  assert.match(await page.locator('[data-testid=map-orphans]').textContent(), /2/);
  // The hostile title is shown as its text, and nothing ran.
  assert.equal(await page.locator('[data-testid=map] img').count(), 0);
  assert.match((await page.locator('[data-testid=map-card][data-objective-id=c]').textContent()).replace(/\s+/g, ''), /<imgsrc=xonerror=alert\(1\)>/);
  assert.equal(await page.locator('[data-testid=map-edge][data-child=d]').getAttribute('data-kr'), 'c-2');
  await screenshot(page, 'map-orphans');
  assertNoProblems(await axeProblems(page, 'map with orphans'));
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});

test('a click, or Enter on a focused card, opens the objective in the editor', async (t) => {
  const { page, errors } = await app.open(t);
  await openMap(page);
  await page.locator('[data-testid=map-card][data-objective-id=bj]').click();
  await page.locator('[data-screen=editor]').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'o-title-bj');

  await page.locator('[data-testid=screen-map]').click();
  await page.locator('[data-testid=map-fit]').click();
  await page.locator('[data-testid=map-card][data-objective-id=zm]').focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-screen=editor]').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'o-title-zm');
  assert.equal((await focused(page)).objective, 'zm');
  assert.deepEqual(errors, []);
});

test('arrow keys pan, + and − zoom, 0 and the Fit button fit the map again', async (t) => {
  const { page, errors } = await app.open(t);
  await openMap(page);
  const fitted = parseTransform(await transform(page));
  await page.locator('[data-testid=map]').focus();
  await page.keyboard.press('ArrowRight');
  let now = parseTransform(await transform(page));
  assert.equal(Math.round(now.x - fitted.x), -80, 'the picture moved left to show more on the right');
  await page.keyboard.press('ArrowDown');
  now = parseTransform(await transform(page));
  assert.equal(Math.round(now.y - fitted.y), -80);
  await page.keyboard.press('+');
  const zoomed = parseTransform(await transform(page));
  assert.ok(Math.abs(zoomed.scale / fitted.scale - 1.25) < 0.01, `scale ${fitted.scale} → ${zoomed.scale}`);
  await page.keyboard.press('-');
  assert.ok(Math.abs(parseTransform(await transform(page)).scale - fitted.scale) < 0.001);
  await page.keyboard.press('0');
  assert.deepEqual(parseTransform(await transform(page)), fitted);

  // The buttons and the wheel do the same.
  await page.locator('[data-testid=map-zoom-in]').click();
  assert.ok(parseTransform(await transform(page)).scale > fitted.scale);
  await page.locator('[data-testid=map-fit]').click();
  assert.deepEqual(parseTransform(await transform(page)), fitted);
  const box = await page.locator('[data-testid=map]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction((s) => !document.querySelector('[data-testid=map-viewport]').getAttribute('transform').endsWith(`scale(${s})`), fitted.scale.toFixed(4));
  assert.ok(parseTransform(await transform(page)).scale > fitted.scale);
  // And a drag pans.
  await page.locator('[data-testid=map-fit]').click();
  await page.mouse.move(box.x + 40, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + 90, { steps: 5 });
  await page.mouse.up();
  now = parseTransform(await transform(page));
  assert.deepEqual([Math.round(now.x - fitted.x), Math.round(now.y - fitted.y)], [100, 50]);
  assert.deepEqual(errors, []);
});

test('a two-finger pinch zooms about the fingers', async (t) => {
  const { page, errors } = await app.open(t, { viewport: { width: 390, height: 800 }, phone: true });
  await openMap(page);
  const before = parseTransform(await transform(page));
  // Two touch pointers, as a phone reports them: down together, then apart.
  await page.locator('[data-testid=map]').evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    const at = (id, type, x) =>
      svg.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', clientX: r.left + x, clientY: r.top + 200, button: 0, bubbles: true }));
    at(1, 'pointerdown', 100);
    at(2, 'pointerdown', 200);
    for (const x of [225, 250, 275, 300]) at(2, 'pointermove', x);
    at(2, 'pointerup', 300);
    at(1, 'pointerup', 100);
  });
  const after = parseTransform(await transform(page));
  assert.ok(Math.abs(after.scale / before.scale - 2) < 0.01, `scale ${before.scale} → ${after.scale}: the fingers moved twice as far apart`);
  assert.deepEqual(errors, []);
});

test('Export SVG downloads a standalone SVG with every title, markup in titles as text', async (t) => {
  const { page, errors } = await app.open(t, { storage: brokenDocument() });
  await openMap(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=map-export-svg]').click()]);
  assert.equal(download.suggestedFilename(), 'okrpad-map.svg');
  const text = await readFile(await download.path(), 'utf8');
  const parsed = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      images: doc.querySelectorAll('img, image, script, foreignObject').length,
      cards: doc.querySelectorAll('[data-objective-id]').length,
      text: doc.documentElement.textContent,
    };
  }, text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  assert.equal(parsed.images, 0);
  assert.equal(parsed.cards, 4);
  // Titles wrap over two lines: compare without the spaces.
  const squeeze = (text) => text.replace(/\s+/g, '');
  for (const title of [HOSTILE, 'Department', 'Lonely team', 'Ghost child']) {
    assert.ok(squeeze(parsed.text).includes(squeeze(title)), title);
  }
  assert.deepEqual(errors, []);
});

test('Export PNG downloads a PNG picture of the map', async (t) => {
  const { page, errors } = await app.open(t);
  await openMap(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=map-export-png]').click()]);
  assert.equal(download.suggestedFilename(), 'okrpad-map.png');
  const png = await readFile(await download.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.ok(width > 200 && height > 400, `${width}×${height}`);
  assert.deepEqual(errors, []);
});

test('2,000 objectives: only the cards in view are in the page, blocks when zoomed out', async (t) => {
  const { page, errors } = await app.open(t, { storage: bigDocument(2000) });
  // It opens readable, at the company's card, with only the cards in view in the page.
  await openMap(page, { fit: false });
  assert.equal(parseTransform(await transform(page)).scale, 1);
  await page.locator('[data-testid=map-card][data-objective-id=o0]').waitFor();
  assert.ok((await page.locator('[data-testid=map-card]').count()) < 100);
  await page.locator('[data-testid=map]').focus();
  await page.keyboard.press('0');
  await page.locator('[data-testid=map-overview]').waitFor();
  assert.equal(await page.locator('[data-testid=map-card]').count(), 0);
  assert.ok((await page.locator('[data-testid=map-overview] path').count()) <= 6);
  await screenshot(page, 'map-2000-overview');
  // A click on the overview zooms in there.
  const box = await page.locator('[data-testid=map]').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('[data-testid=map-card]').first().waitFor();
  const shown = await page.locator('[data-testid=map-card]').count();
  assert.ok(shown > 0 && shown < 100, `${shown} cards in the DOM`);
  await page.locator('[data-testid=map]').focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  assert.ok((await page.locator('[data-testid=map-card]').count()) < 100);
  await screenshot(page, 'map-2000-zoomed');
  assert.deepEqual(errors, []);
});

test('phone width and a projector at 150%: the map opens at a readable zoom and fits the width', async (t) => {
  for (const [name, viewport] of [['phone', { width: 390, height: 800 }], ['projector', { width: 1280, height: 720 }]]) {
    const { page, errors } = await app.open(t, { viewport, phone: name === 'phone' });
    await openMap(page, { fit: false });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    // Readable: at zoom 1 (12-pixel key result rows), the company's card in view.
    assert.equal(parseTransform(await transform(page)).scale, 1);
    await page.locator('[data-testid=map-card][data-objective-id=sc]').waitFor();
    await screenshot(page, `map-${name}`);
    assert.deepEqual(errors, []);
  }
});

/** The boxes of the map and of every card's frame (its first rect), in CSS pixels. */
function boxes(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return {
      window: { width: window.innerWidth, height: window.innerHeight },
      map: box(document.querySelector('[data-testid=map]')),
      cards: [...document.querySelectorAll('[data-testid=map-card]')].map((g) => ({
        id: g.dataset.objectiveId,
        ...box(g.querySelector('rect')),
      })),
    };
  });
}

const SIZES = [
  ['laptop', { viewport: { width: 1366, height: 900 } }],
  ['projector', { viewport: { width: 1280, height: 720 }, scale: 1.5 }],
  ['phone', { viewport: { width: 390, height: 844 }, phone: true }],
];

test('the sample: every card is in the page, named in the accessibility tree, and Tab reaches each (shown when focused)', async (t) => {
  const { page, errors } = await app.open(t, { viewport: { width: 1366, height: 900 } });
  await openMap(page, { fit: false });
  const all = await page.locator('li[data-objective-id]').evaluateAll((els) => els.map((e) => e.dataset.objectiveId).sort());
  assert.equal(all.length, 4);
  assert.deepEqual(await cardIds(page), all, 'every objective has its card in the page');
  // The accessibility tree names each card by its whole title.
  const titles = await page.locator('[role=tree] [data-testid=objective-title]').evaluateAll((els) => els.map((e) => e.value));
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const names = nodes.filter((n) => n.role?.value === 'button' && !n.ignored).map((n) => n.name?.value ?? '');
  for (const title of titles) assert.ok(names.some((n) => n.startsWith(title)), `no card named ${title} in ${names}`);
  // Tab from the map reaches every card, and each is on screen when it has focus.
  await page.locator('[data-testid=map]').focus();
  const reached = [];
  for (let i = 0; i < all.length; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.dataset?.objectiveId);
    reached.push(id);
    const b = await boxes(page);
    const card = b.cards.find((c) => c.id === id);
    assert.ok(card && card.top >= b.map.top - 1 && card.bottom <= b.map.bottom + 1, `${id} focused off the map: ${JSON.stringify(card)} in ${JSON.stringify(b.map)}`);
  }
  assert.deepEqual(reached.sort(), all);
  assert.deepEqual(errors, []);
});

test('Fit shows every card inside the map, and the map inside the window, at any size', async (t) => {
  for (const [name, options] of SIZES) {
    const { page, errors } = await app.open(t, options);
    await openMap(page);
    const b = await boxes(page);
    assert.ok(b.map.bottom <= b.window.height && b.map.right <= b.window.width, `${name}: the map ${JSON.stringify(b.map)} ends outside the ${JSON.stringify(b.window)} window`);
    // Cards where they are readable (zoomed out further they are drawn as blocks).
    if (name !== 'phone') assert.equal(b.cards.length, 4, name);
    const drawing = await page.locator('[data-testid=map-viewport]').evaluate((g) => g.getBoundingClientRect().toJSON());
    assert.ok(
      drawing.left >= b.map.left && drawing.right <= b.map.right && drawing.top >= b.map.top && drawing.bottom <= b.map.bottom,
      `${name}: the drawing ${JSON.stringify(drawing)} is outside the map ${JSON.stringify(b.map)}`,
    );
    for (const c of b.cards) {
      assert.ok(
        c.left >= b.map.left && c.right <= b.map.right && c.top >= b.map.top && c.bottom <= b.map.bottom,
        `${name}: card ${c.id} ${JSON.stringify(c)} is outside the map ${JSON.stringify(b.map)}`,
      );
    }
    await screenshot(page, `map-fit-${name}`);
    assert.deepEqual(errors, [], name);
  }
});

test('a title cut with … on its card is whole in the card\'s name and its tooltip', async (t) => {
  const long = [
    'Grow recurring revenue in every region we sell to, by winning back the accounts we lost last year',
    '让每一个区域的经常性收入都增长，赢回去年流失的每一个重点客户，并把续约率提高到九成以上',
  ];
  const doc = JSON.stringify({
    okrpad: 1,
    title: 'Long titles',
    objectives: [
      { id: 'a', title: long[0], level: 'company', key_results: [] },
      { id: 'b', title: long[1], level: 'department', parent: 'a', key_results: [] },
    ],
  });
  const { page, errors } = await app.open(t, { storage: doc });
  await openMap(page);
  for (const [id, title] of [['a', long[0]], ['b', long[1]]]) {
    const g = page.locator(`[data-testid=map-card][data-objective-id=${id}]`);
    const drawn = await g.locator('text[data-title-line]').allTextContents();
    assert.ok(drawn.at(-1).endsWith('…'), `${id} is not cut: ${drawn}`);
    assert.equal(await g.locator(':scope > title').textContent(), title, 'tooltip');
  }
  // The accessibility tree names each card by its whole title.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const names = nodes.filter((n) => n.role?.value === 'button' && !n.ignored).map((n) => n.name?.value ?? '');
  for (const title of long) assert.ok(names.includes(title), `no card named ${title} in ${JSON.stringify(names)}`);
  assertNoProblems(await axeProblems(page, 'long titles'));
  assert.deepEqual(errors, []);
});

test('a 2,000-card map keeps every objective reachable: a list of all of them, each focus showing its card', async (t) => {
  const { page, errors } = await app.open(t, { storage: bigDocument(2000) });
  await openMap(page, { fit: false });
  const items = page.locator('[data-testid=map-index-item]');
  assert.equal(await items.count(), 2000);
  assert.ok((await page.locator('[data-testid=map-card]').count()) < 100, 'only the cards in view are drawn');
  // Tab from the last card in view goes on into the list; focusing an entry far away
  // brings its card into view, and the entry itself shows while focused.
  await items.nth(1500).focus();
  await page.locator('[data-testid=map-card][data-objective-id=o1500]').waitFor();
  const entry = await items.nth(1500).boundingBox();
  assert.ok(entry.width > 20 && entry.height > 10, `the focused entry is shown: ${JSON.stringify(entry)}`);
  assert.match(await items.nth(1500).textContent(), /^Objective 1500 · /);
  await page.keyboard.press('Enter');
  await page.locator('li[data-objective-id=o1500] > article [data-testid=objective-title]:focus').waitFor();
  assert.deepEqual(errors, []);
});
