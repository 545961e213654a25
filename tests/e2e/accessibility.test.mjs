// What a keyboard, screen-reader or phone user meets: axe-core's checks with the
// panels open, an accessible name on every control, the shortcut sheet, and a
// 390-pixel-wide screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { card, cardAction, focused, keyResult, krAction, ready, tabTo, waitFocus } from './lib/editor.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

/** The controls on the page that have no accessible name, by a simple reading of ARIA. */
function unnamedControls(page) {
  return page.evaluate(() => {
    const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const name = (el) => {
      const labelledBy = el.getAttribute('aria-labelledby');
      if (labelledBy) return labelledBy.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
      if (el.getAttribute('aria-label')?.trim()) return el.getAttribute('aria-label').trim();
      if (el.labels?.length) return [...el.labels].map(text).join(' ').trim();
      return (el.tagName === 'BUTTON' ? text(el) : '') || (el.getAttribute('title')?.trim() ?? '');
    };
    return [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => el.type !== 'hidden' && !name(el))
      .map((el) => el.outerHTML.slice(0, 160));
  });
}


test('axe: the sample document, with check-in and details panels open', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const problems = await axeProblems(page, 'first load');

  await (await krAction(page, 'sc-1', 'check-in')).click();
  await keyResult(page, 'sc-1').locator('[data-testid=check-in-panel]').waitFor();
  await (await krAction(page, 'sc-2', 'kr-details')).click();
  await keyResult(page, 'sc-2').locator('[data-testid=kr-details-panel]').waitFor();
  await (await cardAction(page, 'bj', 'details')).click();
  await card(page, 'bj').locator('[data-testid=objective-details]').waitFor();
  assert.equal(await (await cardAction(page, 'bj', 'details')).getAttribute('aria-expanded'), 'true');
  await screenshot(page, 'details-panel', card(page, 'bj'));
  await screenshot(page, 'kr-details-panel', keyResult(page, 'sc-2'));
  problems.push(...(await axeProblems(page, 'check-in and details panels open')));
  // With findings listed (a new, empty objective breaks several rules).
  await page.locator('[data-testid=add-objective]').click();
  await page.locator('[data-testid=findings] [data-rule]').first().waitFor();
  problems.push(...(await axeProblems(page, 'with findings')));
  assertNoProblems(problems);
  assert.deepEqual(errors, []);
});

test('axe: the shortcut sheet', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  await page.locator('[data-testid=help]').click();
  await page.locator('[data-testid=shortcut-sheet]').waitFor();
  assertNoProblems(await axeProblems(page, 'shortcut sheet open'));
  assert.deepEqual(errors, []);
});

test('every control has an accessible name, in both languages', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  await (await krAction(page, 'sc-1', 'check-in')).click();
  await keyResult(page, 'sc-1').locator('[data-testid=check-in-panel]').waitFor();
  await (await krAction(page, 'sc-1', 'kr-details')).click();
  await (await cardAction(page, 'sc', 'details')).click();
  await card(page, 'sc').locator('[data-testid=objective-details]').waitFor();
  assert.ok((await page.locator('input, select, textarea, button').count()) > 100);
  assert.deepEqual(await unnamedControls(page), []);

  // The icon-only buttons and the bare inputs, checked by name.
  const sc1 = keyResult(page, 'sc-1');
  const names = {
    '[data-testid=help]': '键盘快捷键',
    '[data-testid=lang-toggle]': 'English (界面切换为英文)',
    '[data-testid=doc-title]': '文档标题',
  };
  for (const [selector, name] of Object.entries(names)) {
    assert.equal(await page.locator(selector).getAttribute('aria-label'), name, selector);
  }
  assert.equal(await sc1.locator('[data-testid=kr-up]').getAttribute('aria-label'), '上移');
  assert.equal(await sc1.locator('[data-testid=kr-down]').getAttribute('aria-label'), '下移');
  assert.equal(await sc1.locator('[data-testid=delete-kr]').getAttribute('aria-label'), '删除');
  assert.equal(await sc1.locator('[data-testid=kr-title]').getAttribute('aria-label'), '关键结果（KR）');
  assert.equal(await sc1.locator('[data-testid=checkin-value]').getAttribute('aria-label'), '数值');
  assert.equal(await sc1.locator('[data-testid=history-remove]').first().getAttribute('aria-label'), '删除');
  assert.equal(await card(page, 'sc').locator('[data-testid=objective-title]').getAttribute('aria-label'), '目标（O）');
  assert.equal(await card(page, 'sc').locator('[data-testid=objective-level]').getAttribute('aria-label'), '层级');
  // Each tree item reads its objective's title first (a hidden copy of the title field),
  // so a screen reader meets the title before the card's controls. (An explicit name
  // would not match the visible card: axe's label-content-name-mismatch.)
  assert.equal(
    (await page.locator('li[data-objective-id=sc] > article .objective-title .visually-hidden').textContent()).trim(),
    '大幅度提高销售中心的业绩额',
  );

  // With findings listed (a new, empty objective breaks several rules).
  await page.locator('[data-testid=add-objective]').click();
  await page.locator('[data-testid=findings] [data-rule]').first().waitFor();
  assert.deepEqual(await unnamedControls(page), []);

  await page.locator('[data-testid=lang-toggle]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.deepEqual(await unnamedControls(page), []);
  assert.equal(await sc1.locator('[data-testid=kr-up]').getAttribute('aria-label'), 'Move up');
  assert.equal(await sc1.locator('[data-testid=checkin-value]').getAttribute('aria-label'), 'Value');
  assert.equal(await page.locator('[data-testid=help]').getAttribute('aria-label'), 'Keyboard shortcuts');
  assert.deepEqual(errors, []);
});

test('the shortcut sheet: ? opens it, it lists Ctrl+Z, Escape closes it', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const sheet = page.locator('[data-testid=shortcut-sheet]');
  assert.equal(await sheet.count(), 0);

  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await sheet.waitFor();
  assert.equal(await sheet.getAttribute('role'), 'dialog');
  const keys = await sheet.locator('kbd').allTextContents();
  assert.ok(keys.includes('Ctrl+Z'), `the sheet lists ${keys}`);
  assert.ok(keys.some((k) => k.includes('Ctrl+]')), `the sheet lists ${keys}`);
  assert.match(await sheet.textContent(), /撤销/);
  await screenshot(page, 'shortcut-sheet');

  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'detached' });

  // In a text field, ? is a character, not the shortcut.
  const title = card(page, 'sc').locator('[data-testid=objective-title]');
  await title.click();
  await page.keyboard.press('End');
  await page.keyboard.press('?');
  assert.equal(await title.inputValue(), '大幅度提高销售中心的业绩额?');
  assert.equal(await sheet.count(), 0, 'typing ? in a title opened the sheet');

  // The ? button in the top bar opens it too, and ? toggles it closed.
  await page.locator('[data-testid=help]').click();
  await sheet.waitFor();
  await page.locator('[data-testid=help]').focus();
  await page.keyboard.press('?');
  await sheet.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('the shortcut sheet takes focus while open (it is a modal dialog)', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await page.locator('[data-testid=shortcut-sheet]').waitFor();
  await waitFocus(page, '[data-testid=shortcut-sheet] *');
  assert.deepEqual(errors, []);
});

test('a dialog keeps Tab inside, and closing it gives focus back; a menu opened by a click closes on Escape', async (t) => {
  const { page, errors } = await app.open(t, { locale: 'en-US' });
  await ready(page);
  // The shortcut sheet from its button: Escape gives the focus back to the button.
  await page.locator('[data-testid=help]').focus();
  await page.keyboard.press('Enter');
  const sheet = page.locator('[data-testid=shortcut-sheet]');
  await waitFocus(page, '[data-testid=shortcut-sheet] *');
  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'detached' });
  await waitFocus(page, '[data-testid=help]');

  // The share dialog from the File menu: Tab and Shift+Tab go round its controls and
  // never reach the page behind; closing gives the focus to the menu's button.
  await page.locator('[data-testid=file-menu]').click();
  await page.locator('[data-testid=share-link]').click();
  const share = page.locator('[role=dialog]', { has: page.locator('[data-testid=copy-link]') });
  await waitFocus(page, '[role=dialog] *');
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.ok(await share.evaluate((d) => d.contains(document.activeElement)), `${key} left the dialog for ${JSON.stringify(await focused(page))}`);
  }
  await page.keyboard.press('Escape');
  await share.waitFor({ state: 'detached' });
  await waitFocus(page, '[data-testid=file-menu]');

  // A menu opened by a click has the focus on its button: Escape closes it there.
  const menu = page.locator('[data-testid=documents-menu]');
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Escape');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  await waitFocus(page, '[data-testid=documents-menu]');
  assert.deepEqual(errors, []);
});

test('phone width (390×844): no sideways scrolling, tree and findings shown', async (t) => {
  const { page, errors } = await app.open(t, { viewport: { width: 390, height: 844 }, phone: true });
  await ready(page);
  assert.ok(await page.evaluate(() => matchMedia('(hover: none)').matches), 'the phone has hover');
  const overflow = () =>
    page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      wide: [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`),
    }));
  const assertFits = async (what) => {
    const o = await overflow();
    assert.ok(o.scrollWidth <= o.innerWidth + 1, `${what}: page is ${o.scrollWidth}px wide in a ${o.innerWidth}px window; too wide: ${o.wide}`);
  };
  await assertFits('first load');
  assert.ok(await page.locator('[role=tree]').isVisible());
  assert.ok(await page.locator('[data-testid=findings]').isVisible());
  const box = await card(page, 'sc').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 391, `the sc card spans ${box.x}..${box.x + box.width}`);
  await screenshot(page, 'phone');
  await screenshot(page, 'phone-card', card(page, 'sc'));

  // Without hover, a card's "Actions" button is there to be seen and tapped, and a tap
  // on it gives the buttons of the card and its key results.
  const opacity = (l) => l.evaluate((el) => Number(getComputedStyle(el).opacity));
  assert.equal(await opacity(card(page, 'sc').locator('[data-testid=card-actions-toggle]')), 1, 'the Actions button is hidden');
  const rows = await card(page, 'sc').locator('li[data-kr-id]').count();
  await card(page, 'sc').locator('[data-testid=card-actions-toggle]').tap();
  await waitFocus(page, 'li[data-objective-id="sc"] > article [data-testid=add-kr]');
  assert.equal(await card(page, 'sc').locator('li[data-kr-id]').count(), rows, 'the tap pressed the action built in its place');
  assert.equal(await opacity(keyResult(page, 'sc-1').locator('.kr-actions')), 1, 'key result buttons are hidden');
  assert.equal(await opacity(card(page, 'sc').locator('.card-actions')), 1, 'card buttons are hidden');

  // With a check-in panel and a details panel open.
  await keyResult(page, 'sc-1').locator('[data-testid=check-in]').tap();
  await keyResult(page, 'sc-1').locator('[data-testid=check-in-panel]').waitFor();
  await card(page, 'sc').locator('[data-testid=details]').tap();
  await card(page, 'sc').locator('[data-testid=objective-details]').waitFor();
  await assertFits('with panels open');
  await screenshot(page, 'phone-panels');
  await screenshot(page, 'phone-checkin', keyResult(page, 'sc-1'));
  assert.deepEqual(errors, []);
});

test('the page heading is named by the document title once, not by its text and its text box', async (t) => {
  const { page, errors } = await app.open(t);
  await ready(page);
  const cdp = await page.context().newCDPSession(page);
  const headings = async () => {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes
      .filter((n) => n.role?.value === 'heading' && n.properties?.some((p) => p.name === 'level' && p.value.value === 1))
      .map((n) => n.name?.value);
  };
  for (const title of [null, 'North team Q1 — 北区', '']) {
    if (title !== null) {
      await page.locator('[data-testid=doc-title]').fill(title);
      await page.waitForFunction((t) => document.querySelector('h1')?.textContent.trim() === (t || '未命名文档'), title);
    }
    const shown = title ?? (await page.locator('[data-testid=doc-title]').inputValue());
    assert.deepEqual(await headings(), [shown || '未命名文档'], `with the title ${JSON.stringify(title)}`);
  }
  // The text box keeps its own name, and is still reached by Tab from the top.
  assert.equal(await page.locator('[data-testid=doc-title]').getAttribute('aria-label'), '文档标题');
  assertNoProblems(await axeProblems(page, 'untitled heading'));
  assert.deepEqual(errors, []);
});

/**
 * For each element matched by `selectors` (focused from the keyboard in turn): its
 * opacity (with its ancestors'), and its focus ring's contrast with the colours next
 * to it: the background around it, and the element's own when the ring touches it.
 * The ring is the outline, or else a box-shadow of 2px or more.
 */
function focusRings(page, selectors) {
  return page.evaluate(async (selectors) => {
    const parse = (text) => {
      const m = /rgba?\(([^)]+)\)/.exec(text ?? '');
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top, under) => ({
      r: top.r * top.a + under.r * (1 - top.a),
      g: top.g * top.a + under.g * (1 - top.a),
      b: top.b * top.a + under.b * (1 - top.a),
      a: 1,
    });
    // The colour painted behind an element: its ancestors' backgrounds, stacked.
    const backdrop = (el) => {
      const chain = [];
      for (let e = el; e; e = e.parentElement) chain.unshift(e);
      return chain.reduce((under, e) => {
        const c = parse(getComputedStyle(e).backgroundColor);
        return c && c.a > 0 ? over(c, under) : under;
      }, { r: 255, g: 255, b: 255, a: 1 });
    };
    const luminance = ({ r, g, b }) => {
      const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const contrast = (x, y) => {
      const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
      return (a + 0.05) / (b + 0.05);
    };
    const opacity = (el) => {
      let o = 1;
      for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const out = [];
    for (const selector of selectors) {
      const el = document.querySelector(selector);
      if (!el) {
        out.push({ selector, missing: true });
        continue;
      }
      el.focus();
      // Transitions end before anything is measured.
      await Promise.all(document.getAnimations().map((a) => a.finished));
      const style = getComputedStyle(el);
      const outside = backdrop(el.parentElement);
      let ring = null;
      let touches = false;
      if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
        ring = parse(style.outlineColor);
        touches = parseFloat(style.outlineOffset) <= 0;
      } else {
        const shadow = /(rgba?\([^)]+\))\s+0px\s+0px\s+0px\s+([\d.]+)px/.exec(style.boxShadow);
        if (shadow && parseFloat(shadow[2]) >= 2) {
          ring = parse(shadow[1]);
          touches = true;
        }
      }
      const painted = ring && over(ring, outside);
      const next = [outside, ...(touches ? [backdrop(el)] : [])];
      out.push({
        selector,
        focusVisible: el.matches(':focus-visible'),
        opacity: opacity(el),
        contrast: painted ? Math.min(...next.map((c) => contrast(painted, c))) : 0,
      });
    }
    return out;
  }, selectors);
}

const KR_BUTTONS = ['check-in', 'kr-details', 'kr-up', 'kr-down', 'delete-kr'].map(
  (id) => `li[data-kr-id="sc-1"] [data-testid=${id}]`,
);
const CARD_BUTTONS = ['add-kr', 'add-child', 'details', 'delete-objective'].map(
  (id) => `li[data-objective-id="sc"] > article [data-testid=${id}]`,
);

test('a card\'s "Actions" button shows without hover, and the buttons it gives, with a mouse or a touch screen', async (t) => {
  const contexts = [
    ['a mouse', {}],
    ['a touch screen', { hasTouch: true }],
    ['a phone', { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } }],
  ];
  for (const [what, options] of contexts) {
    const context = await app.browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 }, ...options });
    t.after(() => context.close());
    const page = await context.newPage();
    await page.goto(app.server.url);
    await ready(page);
    // Nothing hovered and nothing focused in the tree: the card's "Actions" button shows.
    await page.mouse.move(1, 1);
    const toggle = card(page, 'sc').locator('[data-testid=card-actions-toggle]');
    assert.ok(await toggle.isVisible(), `${what}: no Actions button`);
    assert.equal(await toggle.evaluate((el) => Number(getComputedStyle(el).opacity)), 1);
    // A mouse over the card, or a tap on "Actions", builds its buttons, fully shown.
    if (options.hasTouch) await toggle.tap();
    else await card(page, 'sc').hover();
    await page.locator(KR_BUTTONS[0]).waitFor();
    const shown = await page.evaluate((selectors) => selectors.map((s) => {
      const el = document.querySelector(s);
      let o = 1;
      for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      const box = el.getBoundingClientRect();
      return { s, o, visible: getComputedStyle(el).visibility === 'visible' && box.width > 0 && box.height > 0 };
    }), [...KR_BUTTONS, ...CARD_BUTTONS]);
    for (const { s, o, visible } of shown) assert.ok(o >= 0.99 && visible, `${what}: ${s} has opacity ${o}`);
    await screenshot(page, `kr-buttons-${what.replace(/ /g, '-')}`, page.locator('li[data-objective-id="sc"] > article'));
  }
});

test('only the active card has its buttons; every action is reached by Tab, Enter, hover and its label', async (t) => {
  const { page, errors } = await app.open(t, { viewport: { width: 1366, height: 900 } });
  await ready(page);
  await page.mouse.move(1, 1);
  const ids = await page.locator('[role=tree] li[data-objective-id]').evaluateAll((els) => els.map((e) => e.dataset.objectiveId));
  assert.ok(ids.length >= 3, `the sample has ${ids}`);
  const actions = (id) => card(page, id).locator('.card-actions button, .kr-actions button');
  const toggle = (id) => card(page, id).locator('[data-testid=card-actions-toggle]');

  // Nothing hovered or focused: no card holds an action button, each one "Actions" button.
  for (const id of ids) {
    assert.equal(await actions(id).count(), 0, `${id} holds action buttons`);
    assert.equal(await toggle(id).count(), 1, `${id} has no Actions button`);
    assert.equal((await toggle(id).textContent()).trim(), '操作');
    assert.equal(await toggle(id).getAttribute('aria-expanded'), 'false');
    assert.ok(await toggle(id).isVisible());
  }
  const heights = await page.locator('[role=tree] li > article').evaluateAll((els) => els.map((e) => e.offsetHeight));
  await screenshot(page, 'card-inactive', card(page, ids[1]));
  assertNoProblems(await axeProblems(page, 'every card inactive'));

  // Hover: the card's and its key results' buttons are built, in the same room.
  await card(page, ids[1]).hover();
  await card(page, ids[1]).locator('[data-testid=add-kr]').waitFor();
  assert.equal(await card(page, ids[1]).locator('.card-actions button').count(), 8);
  const rows = await card(page, ids[1]).locator('li[data-kr-id]').count();
  assert.equal(await card(page, ids[1]).locator('.kr-actions button').count(), rows * 5);
  assert.equal(await toggle(ids[1]).count(), 0);
  await screenshot(page, 'card-active', card(page, ids[1]));
  assert.deepEqual(
    await page.locator('[role=tree] li > article').evaluateAll((els) => els.map((e) => e.offsetHeight)),
    heights,
    'a card changed height when its buttons appeared',
  );
  assertNoProblems(await axeProblems(page, 'a card hovered'));
  await page.mouse.move(1, 1);
  await toggle(ids[1]).waitFor();
  assert.equal(await actions(ids[1]).count(), 0, 'the buttons stay after the pointer left');

  // Keyboard only. Tab onto a card's "Actions" button goes on to its first action, and
  // Enter runs it: a new key result, its title focused.
  const [first, second, third] = ids;
  await card(page, first).locator('[data-testid=objective-title]').focus();
  const krs = await card(page, second).locator('li[data-kr-id]').count();
  await tabTo(page, `li[data-objective-id="${second}"] > article [data-testid=add-kr]`, { max: 80 });
  await page.keyboard.press('Enter');
  await waitFocus(page, `li[data-objective-id="${second}"] > article [data-testid=kr-title]`);
  assert.equal(await card(page, second).locator('li[data-kr-id]').count(), krs + 1);
  // Shift+Tab from the card below onto an inactive card's "Actions" button lands on
  // its last action (delete), so going back runs through them in order.
  const next = ids[ids.indexOf(third) + 1];
  if (next) {
    await card(page, next).locator('select').first().focus();
    await page.keyboard.press('Shift+Tab');
    await waitFocus(page, `li[data-objective-id="${third}"] > article [data-testid=delete-objective]`);
  }
  // Enter on delete (reached by Tab) deletes the card.
  await card(page, second).locator('[data-testid=objective-title]').focus();
  await tabTo(page, `li[data-objective-id="${second}"] > article [data-testid=delete-objective]`, { max: 80 });
  await page.keyboard.press('Enter');
  await card(page, second).waitFor({ state: 'detached' });

  // By its label, as a screen reader's browse mode does: a click on "Actions" (with the
  // pointer elsewhere) builds the buttons and puts focus on the first.
  await page.mouse.move(1, 1);
  const other = ids.find((id) => id !== second && id !== first);
  await toggle(other).evaluate((b) => b.click());
  await waitFocus(page, `li[data-objective-id="${other}"] > article [data-testid=add-kr]`);
  assertNoProblems(await axeProblems(page, 'a card active by focus'));
  assert.deepEqual(errors, []);
});

test('every focus ring has at least 3:1 contrast with the colours next to it (WCAG 2.2)', async (t) => {
  const { page, errors } = await app.open(t, { viewport: { width: 1366, height: 900 } });
  await ready(page);
  await page.keyboard.press('Tab'); // keyboard use: focus rings show
  // An inactive card's "Actions" button first; then focus in the card builds its buttons.
  assert.equal(await (await focusRings(page, ['li[data-objective-id="bj"] > article [data-testid=card-actions-toggle]'])).length, 1);
  await page.locator('li[data-objective-id="sc"] > article [data-testid=objective-title]').focus();
  await page.locator(KR_BUTTONS[0]).waitFor();
  const selectors = [
    ...KR_BUTTONS,
    ...CARD_BUTTONS,
    'li[data-objective-id="sc"] > article [data-testid=objective-title]',
    'li[data-kr-id="sc-1"] [data-testid=kr-title]',
    '[data-testid=doc-title]',
    'li[data-objective-id="sc"] > article [data-testid=objective-level]',
    '[data-testid=add-objective]',
    '[data-testid=screen-editor]',
    '[data-testid=screen-map]',
    '[data-testid=help]',
    '[data-testid=lang-toggle]',
    '[data-testid=documents-menu]',
    '[data-testid=file-menu]',
  ];
  for (const ring of await focusRings(page, selectors)) {
    assert.ok(!ring.missing, `${ring.selector} is missing`);
    assert.ok(ring.focusVisible, `${ring.selector} shows no focus-visible state`);
    assert.ok(ring.opacity >= 0.99, `${ring.selector} is faded to ${ring.opacity} while focused`);
    assert.ok(ring.contrast >= 3, `${ring.selector}: focus ring contrast ${ring.contrast.toFixed(2)} < 3`);
  }
  assert.deepEqual(errors, []);
});
