// The first visit: the sample document, its objective tree, the rule findings, the
// language switch. Written to the app's DOM contract (data-testid, data-* and ARIA roles),
// not to its markup or text, so restyling the UI does not break it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';

const STATUSES = ['on_track', 'at_risk', 'off_track', 'not_started'];
const PERCENT = /^(\d{1,3})%$/;

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

test('loads without console errors or page errors', async (t) => {
  const { page, errors } = await app.open(t);
  await page.locator('main h1').waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
  assert.deepEqual(app.server.notFound, []);
});

// Taken before the stricter checks, so there is a picture to look at when they fail.
test('screenshot of the first load (tests/e2e/artifacts/)', async (t) => {
  const { page } = await app.open(t);
  await page.locator('main h1').waitFor();
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'first-load');
});

test('first load shows the bilingual sample document', async (t) => {
  const { page, errors } = await app.open(t);
  await page.locator('main h1', { hasText: '销售中心' }).waitFor();
  assert.deepEqual(errors, []);
});

test('objective tree: every objective and key result shows progress and status', async (t) => {
  const { page, errors } = await app.open(t);
  const items = page.locator('[role=tree] [role=treeitem][data-objective-id]');
  await items.first().waitFor();

  // The sample is three levels deep: sales center, Beijing sales team, channel team.
  const objectives = await items.evaluateAll((els) =>
    els.map((el) => ({
      id: el.dataset.objectiveId,
      progress: el.querySelector('[data-testid=objective-progress]')?.textContent.trim(),
      status: el.querySelector('[data-testid=objective-status]')?.dataset.status,
    })),
  );
  assert.ok(objectives.length >= 3, `expected the 3-level sample, got ${objectives.length} objectives`);
  for (const o of objectives) {
    assert.ok(o.id, 'data-objective-id is empty');
    assertPercent(o.progress, `objective ${o.id} progress`);
    assert.ok(STATUSES.includes(o.status), `objective ${o.id} data-status: ${o.status}`);
  }
  assert.equal(new Set(objectives.map((o) => o.id)).size, objectives.length, 'objective ids repeat');

  const krs = await page.locator('[data-kr-id]').evaluateAll((els) =>
    els.map((el) => ({
      id: el.dataset.krId,
      progress: el.querySelector('[data-testid=kr-progress]')?.textContent.trim(),
      status: el.querySelector('[data-testid=kr-status]')?.dataset.status,
    })),
  );
  assert.ok(krs.length >= 1, 'no key results ([data-kr-id]) shown');
  for (const k of krs) {
    assertPercent(k.progress, `key result ${k.id} progress`);
    assert.ok(STATUSES.includes(k.status), `key result ${k.id} data-status: ${k.status}`);
  }
  assert.deepEqual(errors, []);
});

// The figures a user reads, not just their shape: the sample's check-ins are dated in
// the past and its progress does not depend on the day (statuses do), so these are
// the core's scores of the sample (`score` natively gives the same) on any date.
test('the sample shows the scores the core computes for it', async (t) => {
  const { page, errors } = await app.open(t);
  await page.locator('[role=tree] [role=treeitem][data-objective-id]').first().waitFor();
  const progress = (selector, attribute, testid) =>
    page.locator(selector).evaluateAll(
      (els, [a, id]) => Object.fromEntries(els.map((el) => [el.getAttribute(a), el.querySelector(`[data-testid=${id}]`)?.textContent.trim()])),
      [attribute, testid],
    );
  assert.deepEqual(await progress('[role=treeitem][data-objective-id]', 'data-objective-id', 'objective-progress'), {
    sc: '51%', bj: '44%', ch: '53%', zm: '59%',
  });
  const krs = await progress('[data-kr-id]', 'data-kr-id', 'kr-progress');
  assert.deepEqual(krs, {
    'sc-1': '62%', 'sc-2': '48%', 'sc-3': '56%', 'sc-4': '45%', 'sc-5': '46%',
    'bj-1': '63%', 'bj-2': '0%', 'bj-3': '54%', 'bj-4': '53%', 'bj-5': '49%',
    'ch-1': '47%', 'ch-2': '55%', 'ch-3': '60%', 'ch-4': '50%',
    'zm-1': '58%', 'zm-2': '67%', 'zm-3': '53%',
  });
  assert.deepEqual(errors, []);
});

// The sample is written to pass every rule, so its list may be empty: the findings of
// a document that breaks a rule are checked in storage.test.mjs.
test('the findings panel is there, and its findings name their rule', async (t) => {
  const { page, errors } = await app.open(t);
  const findings = page.locator('[data-testid=findings]');
  await findings.waitFor();
  assert.ok(['Findings', '检查结果'].includes(await findings.getAttribute('aria-label')));
  const rules = await findings.locator('[data-rule]').evaluateAll((els) =>
    els.map((el) => ({ rule: el.dataset.rule, text: el.textContent.trim() })),
  );
  for (const r of rules) {
    assert.match(r.rule, /^[a-z]+(-[a-z]+)*$/, 'data-rule is not a rule id');
    assert.ok(r.text, `finding ${r.rule} has no text`);
  }
  assert.deepEqual(errors, []);
});

test('the language switch toggles zh and en, and html[lang] follows', async (t) => {
  const { page, errors } = await app.open(t);
  const toggle = page.locator('[data-testid=lang-toggle]');
  await page.locator('[role=tree] [role=treeitem]').first().waitFor();
  const lang = () => page.evaluate(() => document.documentElement.lang);
  const findingsLabel = () => page.locator('[data-testid=findings]').getAttribute('aria-label');
  const labelFor = (l) => (l.startsWith('zh') ? '检查结果' : 'Findings');
  const objectiveCount = await page.locator('[role=treeitem][data-objective-id]').count();

  const first = await lang();
  assert.match(first, /^(zh|en)\b/);
  assert.equal(await findingsLabel(), labelFor(first));
  const firstText = await page.locator('main').innerText();

  await toggle.click();
  await page.waitForFunction((l) => document.documentElement.lang !== l, first);
  const second = await lang();
  assert.match(second, first.startsWith('zh') ? /^en\b/ : /^zh\b/);
  assert.equal(await findingsLabel(), labelFor(second));
  assert.notEqual(await page.locator('main').innerText(), firstText, 'the UI text did not change');
  assert.equal(await page.locator('[role=treeitem][data-objective-id]').count(), objectiveCount);
  await screenshot(page, `first-load-${second}`);

  await toggle.click();
  await page.waitForFunction((l) => document.documentElement.lang === l, first);
  assert.equal(await findingsLabel(), labelFor(first));
  assert.deepEqual(errors, []);
});

function assertPercent(text, what) {
  const m = PERCENT.exec(text ?? '');
  assert.ok(m, `${what}: expected a percentage like 43%, got ${JSON.stringify(text)}`);
  assert.ok(Number(m[1]) <= 100, `${what}: ${text} is over 100%`);
}
