// The document kept in localStorage: a saved one opens instead of the sample, and a
// corrupt one is reported without breaking the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';

// A small format v1 document. Its period is over (the tests run after March 2026) and
// its one check-in long past, so o1 and k1 stand at 5 of 10, 50%, where 100% was due:
// off track. With one key result, o1 breaks rule kr-count (2 to 5 per objective).
const DOC = {
  okrpad: 1,
  title: 'E2E Team',
  objectives: [
    {
      id: 'o1',
      title: 'Win the north region enterprise market this quarter',
      owner: 'Li',
      level: 'company',
      period: { start: '2026-01-01', end: '2026-03-31' },
      key_results: [
        {
          id: 'k1',
          title: 'Sign 10 new enterprise deals',
          owner: 'Li',
          metric: { kind: 'number', start: 0, target: 10 },
          check_ins: [{ date: '2026-02-01', value: 5 }],
        },
      ],
    },
  ],
};

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

test('a document in localStorage opens instead of the sample', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await page.locator('main h1', { hasText: 'E2E Team' }).waitFor();
  assert.doesNotMatch(await page.locator('main h1').innerText(), /销售中心/);

  const objectives = page.locator('[role=tree] [role=treeitem][data-objective-id]');
  await objectives.first().waitFor();
  assert.deepEqual(await objectives.evaluateAll((els) => els.map((el) => el.dataset.objectiveId)), ['o1']);
  const o1 = page.locator('[data-objective-id="o1"]');
  assert.match(await o1.innerText(), /Win the north region enterprise market this quarter/);
  assert.equal((await o1.locator('[data-testid=objective-progress]').first().innerText()).trim(), '50%');
  assert.equal(await o1.locator('[data-testid=objective-status]').first().getAttribute('data-status'), 'off_track');

  const k1 = page.locator('[data-kr-id="k1"]');
  assert.match(await k1.innerText(), /Sign 10 new enterprise deals/);
  assert.equal((await k1.locator('[data-testid=kr-progress]').innerText()).trim(), '50%');
  assert.equal(await k1.locator('[data-testid=kr-status]').getAttribute('data-status'), 'off_track');

  const finding = page.locator('[data-testid=findings] [data-rule="kr-count"]');
  assert.match(await finding.innerText(), /\S/, 'the kr-count finding has no text');

  assert.equal(await page.locator('[role=alert]').count(), 0, 'a valid document raised an alert');
  await screenshot(page, 'stored-document');
  assert.deepEqual(errors, []);
});

test('a corrupt stored document shows an alert and the app still works', async (t) => {
  const { page, errors } = await app.open(t, { storage: '{not json' });
  const alert = page.locator('[role=alert]');
  await alert.first().waitFor();
  assert.ok((await alert.first().innerText()).trim(), 'the alert is empty');
  assert.ok((await page.locator('main h1').innerText()).trim(), 'no title rendered');
  await page.locator('[role=tree] [role=treeitem][data-objective-id]').first().waitFor();
  await screenshot(page, 'corrupt-storage');
  // The app may log the problem; it must not crash (an uncaught error or a wasm panic).
  assert.deepEqual(errors.filter((e) => e.startsWith('page:')), []);
});
