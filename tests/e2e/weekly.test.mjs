// The weekly routine of issue 15 (seed 003): a rep checks in what is due with the
// keyboard alone at phone width, the dashboard's due list shrinks; confidence drops
// show on the dashboard and in the weekly review; a calendar reminder (.ics) is
// downloaded and read by an independent parser (ical.js); comments are added and
// survive a reload, an export and import, a share link and a merge. Both languages;
// axe on each new view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startApp } from './lib/browser.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { cardAction, day, keyResult, ready, stored, waitFocus, waitSaved, reveal } from './lib/editor.mjs';
import { download, pickFile } from './lib/sync.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(() => app?.close());

const PERIOD = { start: day(-45), end: day(45) };
const number = (target) => ({ kind: 'number', start: 0, target });

/**
 * 王磊 (a sales rep) has three key results due on a weekly cadence (last check-ins 8,
 * 10 and 20 days ago) and one checked in yesterday; k1's confidence fell from 8 to 5.
 * 李娜 has one due key result.
 */
const DOC = {
  okrpad: 1,
  title: '华东销售 Q',
  cadence_days: 7,
  objectives: [
    {
      id: 'o1', title: '拓展华东市场的企业客户', owner: '王磊', level: 'team', period: PERIOD,
      key_results: [
        { id: 'k1', title: '新签客户 100 家', owner: '王磊', metric: number(100),
          check_ins: [{ date: day(-20), value: 20, confidence: 8 }, { date: day(-8), value: 30, confidence: 5 }] },
        { id: 'k2', title: '新增线索 2000 条', owner: '王磊', metric: number(2000), check_ins: [{ date: day(-10), value: 400 }] },
        { id: 'k3', title: '拜访转化率达到 30%', owner: '王磊', metric: number(30), check_ins: [{ date: day(-20), value: 10, confidence: 7 }] },
        { id: 'k4', title: '回款 500 万元', owner: '王磊', metric: number(500), check_ins: [{ date: day(-1), value: 200 }] },
      ],
    },
    {
      id: 'o2', title: '建设渠道伙伴体系', owner: '李娜', level: 'team', period: PERIOD,
      key_results: [{ id: 'k5', title: '新增渠道 20 家', owner: '李娜', metric: number(20), check_ins: [{ date: day(-9), value: 5 }] }],
    },
  ],
};

async function openScreen(page, name) {
  await page.locator(`[data-testid=screen-${name}]`).click();
  await page.locator(`section[data-screen=${name}]`).waitFor();
}

/** The key result ids in the dashboard's due list. */
function dueIds(page) {
  return page.locator('[data-testid=due-item]').evaluateAll((els) => els.map((e) => e.dataset.kr));
}

test('a rep checks in three due key results with the keyboard alone at phone width', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC), viewport: { width: 390, height: 844 }, phone: true });
  await ready(page);
  await openScreen(page, 'dashboard');
  assert.deepEqual((await dueIds(page)).sort(), ['k1', 'k2', 'k3', 'k5']);

  await openScreen(page, 'checkin');
  const flow = page.locator('section[data-screen=checkin]');
  assert.deepEqual(await flow.locator('#flow-me option').evaluateAll((os) => os.map((o) => o.value)), ['', '李娜', '王磊']);
  // Choose yourself with the keyboard: focus the select, pick by typing, Enter starts.
  await flow.locator('#flow-me').focus();
  await flow.locator('#flow-me').selectOption('王磊');
  await flow.locator('[data-testid=flow-due-count]', { hasText: '3' }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');

  const step = flow.locator('[data-testid=flow-step]');
  await step.waitFor();
  assert.equal(await flow.locator('#flow-value').getAttribute('inputmode'), 'decimal');
  // Each key result in turn: its last check-in and expected progress are shown.
  await waitFocus(page, '#flow-value');
  assert.equal((await flow.locator('[data-testid=flow-position]').innerText()).trim(), '1 / 3');
  assert.match(await flow.locator('[data-testid=flow-last]').innerText(), new RegExp(`上次：${day(-8)} · 30 · 信心 5/10`));
  assert.match(await flow.locator('[data-testid=flow-expected]').innerText(), /应达：/);
  await page.keyboard.type('36');
  await page.keyboard.press('Tab'); // the confidence select
  await page.keyboard.press('ArrowUp'); // 5 → 4
  await page.keyboard.press('Enter'); // saves and moves on

  await flow.locator('[data-testid=flow-position]', { hasText: '2 / 3' }).waitFor();
  await waitFocus(page, '#flow-value');
  // With a thousands separator, as a Chinese input method types it: 1200, not 1.2.
  await page.keyboard.type('1，200');
  await page.keyboard.press('Enter');

  await flow.locator('[data-testid=flow-position]', { hasText: '3 / 3' }).waitFor();
  await waitFocus(page, '#flow-value');
  await page.keyboard.press('Escape'); // skipped

  const summary = flow.locator('[data-testid=flow-summary]');
  await summary.waitFor();
  const lines = await summary.locator('[data-testid=flow-done]').allInnerTexts();
  assert.equal(lines.length, 3);
  assert.match(lines[0], /新签客户 100 家.*30 → 36 · 4\/10/);
  assert.match(lines[1], /新增线索 2000 条.*400 → 1,?200/);
  assert.match(lines[2], /已跳过/);
  assertNoProblems(await axeProblems(page, 'check-in flow summary (zh, 390px)'));

  await waitSaved(page);
  const document = await stored(page);
  const k1 = document.objectives[0].key_results[0];
  assert.deepEqual(k1.check_ins.at(-1), { date: day(0), value: 36, confidence: 4 });
  assert.deepEqual(document.objectives[0].key_results[1].check_ins.at(-1), { date: day(0), value: 1200 });
  // The dashboard's due list shrank by the two checked in; the skipped one stays.
  await openScreen(page, 'dashboard');
  assert.deepEqual((await dueIds(page)).sort(), ['k3', 'k5']);
  // The name is remembered.
  assert.equal(await page.evaluate(() => localStorage.getItem('okrpad.me.v1')), '王磊');
  assert.deepEqual(errors, []);
});

test('confidence drops show on the dashboard and in the weekly review, in both languages', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await ready(page);
  // Beside the key result in the editor, and on its objective's card.
  assert.equal((await keyResult(page, 'k1').locator('[data-testid=kr-confidence]').innerText()).trim(), '5/10');
  await page.locator('[data-objective-id=o1] [data-testid=objective-confidence]').waitFor();
  assert.match(await keyResult(page, 'k2').locator('[data-testid=kr-due-marker]').innerText(), /逾期 3 天/);
  assert.equal(await keyResult(page, 'k4').locator('[data-testid=kr-due-marker]').count(), 0);

  await openScreen(page, 'dashboard');
  const drops = page.locator('[data-testid=confidence-drops] li');
  assert.equal(await drops.count(), 1);
  assert.match(await drops.innerText(), /新签客户 100 家.*8 → 5\/10/s);
  assertNoProblems(await axeProblems(page, 'dashboard (zh)'));

  await openScreen(page, 'review');
  await page.locator('[data-testid=review-since]').fill(day(-14));
  await page.locator('[data-testid=review-since]').dispatchEvent('change');
  await page.locator('[data-testid=review-confidence] li').first().waitFor();
  assert.match(await page.locator('[data-testid=review-confidence]').innerText(), /8 → 5\/10/);
  assert.match(await page.locator('[data-testid=review-markdown]').textContent(), /## 信心变化 \(1\)/);

  await page.locator('[data-testid=lang-toggle]').click();
  await page.locator('section[data-screen=review] h3', { hasText: 'Confidence changes (1)' }).waitFor();
  assert.match(await page.locator('[data-testid=review-markdown]').textContent(), /## Confidence changes \(1\)/);
  assertNoProblems(await axeProblems(page, 'weekly review (en)'));
  await openScreen(page, 'dashboard');
  await page.locator('h3', { hasText: 'Confidence dropped' }).waitFor();
  assertNoProblems(await axeProblems(page, 'dashboard (en)'));
  assert.deepEqual(errors, []);
});

test('a calendar reminder is downloaded and read by an independent iCalendar parser', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify({ ...DOC, cadence_days: 14 }) });
  await ready(page);
  await openScreen(page, 'dashboard');
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.locator('[data-testid=lang-toggle]').click();
    await page.locator('[data-testid=reminder-day]').selectOption('2'); // Wednesday
    await page.locator('[data-testid=reminder-time]').fill('08:30');
    await page.locator('[data-testid=reminder-time]').dispatchEvent('change');
    const file = await download(page, 'reminder-download');
    assert.equal(file.name, 'okr-checkin.ics');
    assert.ok(file.text.includes('\r\n'), 'CRLF line ends');
    const calendar = new ICAL.Component(ICAL.parse(file.text));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent'));
    assert.match(event.summary, /华东销售 Q/);
    assert.equal(event.startDate.dayOfWeek(), ICAL.Time.WEDNESDAY);
    assert.equal(`${event.startDate.hour}:${event.startDate.minute}`, '8:30');
    const rule = event.component.getFirstPropertyValue('rrule');
    assert.equal(rule.freq, 'WEEKLY');
    assert.equal(rule.interval, 2);
    // The description links back to the document (a share link for a small one).
    assert.match(event.description, /#okr1\./);
    assert.match(event.description, lang === 'zh' ? /更新我的关键结果/ : /Check in my key results/);
  }
  assert.deepEqual(errors, []);
});

test('comments survive a reload, an export and import, a share link and a merge', async (t) => {
  const { page, errors } = await app.open(t, { storage: JSON.stringify(DOC) });
  await ready(page);
  await (await cardAction(page, 'o1', 'details')).click();
  const comments = page.locator('[data-testid=objective-details] [data-testid=comments]');
  await comments.waitFor();
  await comments.locator('[data-testid=comment-author]').fill('李娜');
  await comments.locator('[data-testid=comment-text]').fill('<b>客户</b> 下周签约');
  await comments.locator('[data-testid=comment-add]').click();
  await comments.locator('[data-testid=comment]').waitFor();
  // Text, never HTML.
  assert.equal(await comments.locator('[data-testid=comment] b').count(), 0);
  assert.equal(await comments.locator('.comment-text').innerText(), '<b>客户</b> 下周签约');
  assert.match(await page.locator('[data-objective-id=o1] [data-testid=comment-count]').first().innerText(), /1 条评论/);
  assertNoProblems(await axeProblems(page, 'comments (zh)'));
  await waitSaved(page);

  // A reload.
  await page.reload();
  await ready(page);
  const saved = await stored(page);
  const comment = saved.objectives[0].comments[0];
  assert.equal(comment.text, '<b>客户</b> 下周签约');
  assert.equal(comment.author, '李娜');
  assert.equal(comment.date, day(0));
  await page.locator('[data-objective-id=o1] [data-testid=comment-count]').first().waitFor();

  // An export and an import (as a new document).
  const file = await download(page, 'export-json');
  assert.equal(JSON.parse(file.text).objectives[0].comments[0].id, comment.id);
  await pickFile(page, 'copy.okr.json', file.text);
  await page.locator('[data-testid=incoming-new]').click();
  await page.locator('[data-testid=incoming-dialog]').waitFor({ state: 'detached' });
  await page.locator('[data-objective-id=o1] [data-testid=comment-count]').first().waitFor();

  // A share link, opened in a fresh browser.
  await (await reveal(page, 'share-link')).click();
  const url = await page.locator('[data-testid=share-url]').inputValue();
  const fresh = await app.open(t, { url });
  await fresh.page.locator('[data-testid=incoming-new]').click();
  await fresh.page.locator('[data-objective-id=o1] [data-testid=comment-count]').first().waitFor();

  // A merge: a colleague's copy with another comment on k1; both discussions are kept.
  const theirs = structuredClone(DOC);
  theirs.objectives[0].comments = [comment];
  theirs.objectives[0].key_results[0].comments = [{ id: 'c-theirs-1', date: day(0), author: '王磊', text: '合同在法务' }];
  await pickFile(fresh.page, 'theirs.okr.json', JSON.stringify(theirs));
  await fresh.page.locator('[data-testid=incoming-merge]').click();
  const merge = fresh.page.locator('[data-testid=merge-dialog]');
  await merge.waitFor();
  assert.match(await merge.locator('[data-testid=merge-summary]').innerText(), /新增 1 条评论；没有冲突/);
  await merge.locator('[data-testid=merge-apply]').click();
  await merge.waitFor({ state: 'detached' });
  await waitSaved(fresh.page);
  const merged = await stored(fresh.page);
  assert.deepEqual(merged.objectives[0].comments.map((c) => c.id), [comment.id]);
  assert.deepEqual(merged.objectives[0].key_results[0].comments.map((c) => c.text), ['合同在法务']);
  assert.match(await fresh.page.locator('[data-objective-id=o1] [data-testid=comment-count]').first().innerText(), /2 条评论/);
  assert.deepEqual([...errors, ...fresh.errors], []);
});
