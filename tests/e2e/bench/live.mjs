// `make bench`'s live figures (DESIGN.md "Benchmark"), against the real relay:
// - edit → screen: a keystroke in a title in one browser until the other shows it
//   (loopback), the median of several;
// - join: opening the link of a room holding a large document, to its first card;
// - bytes per keystroke: what a browser sends the relay per letter typed in a title
//   (counted by a TCP proxy: WebSocket framing and the confirmation probe included);
// - chaos: three browsers and the CLI edit at random while the relay restarts twice
//   and one browser drops offline for 10 s; at the end every replica must be identical,
//   and hold every edit its author saw confirmed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { card } from '../lib/editor.mjs';
import { checkIn, giveName, goLive, roomLink, settled, storedDocument, titleField, waitTitle } from '../lib/live.mjs';
import { ROOT, startProxy, startRelay } from '../lib/relay.mjs';
import { stamps } from './stamps.mjs';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
};

/** A fresh context with `storage` seeded, at `url`. */
async function open(browser, url, storage = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.addInitScript((entries) => {
    if (sessionStorage.getItem('bench.seeded')) return;
    for (const [k, v] of entries) localStorage.setItem(k, v);
    sessionStorage.setItem('bench.seeded', '1');
  }, Object.entries(storage));
  await page.goto(url);
  return { context, page };
}

/** A browser with `json` as its open document, put in a new room on `relayUrl`. */
async function host(browser, appUrl, relayUrl, json, name = 'Host') {
  const title = JSON.parse(json).title ?? '';
  const seeded = await open(browser, appUrl, {
    'okrpad.library.v1': JSON.stringify({ current: 'd1', documents: [{ id: 'd1', title }] }),
    'okrpad.doc.d1': json,
    'okrpad.me.v1': name,
  });
  await seeded.page.locator('li[data-objective-id]').first().waitFor();
  const { room } = await goLive(seeded.page, relayUrl);
  await settled(seeded.page);
  return { ...seeded, room };
}

async function guest(browser, appUrl, room, relayUrl, name) {
  const joined = await open(browser, roomLink(appUrl, room, relayUrl), { 'okrpad.me.v1': name });
  await joined.page.locator('li[data-objective-id]').first().waitFor();
  await settled(joined.page);
  return joined;
}

// A small team document: one objective per author, so each title has one writer.
function teamDocument() {
  const objective = (id, title) => ({
    id,
    title,
    owner: id,
    level: 'team',
    period: { start: '2026-01-01', end: '2026-03-31' },
    key_results: [{ id: `${id}k`, title: `${title}: number`, owner: id, metric: { kind: 'number', start: 0, target: 1000 }, check_ins: [] }],
  });
  return JSON.stringify({ okrpad: 1, title: 'Chaos', objectives: ['a', 'b', 'c'].map((id) => objective(id, `Objective ${id}`)) });
}

/** Milliseconds from a key pressed on `from` to the title it changes showing on `to`. */
async function editToScreen(from, to, id, runs) {
  const times = [];
  const field = titleField(from, id);
  for (let i = 0; i < runs; i++) {
    await to.evaluate((id) => {
      const input = () => document.querySelector(`li[data-objective-id="${id}"] > article [data-testid=objective-title]`);
      const before = input().value;
      window.__seen = new Promise((resolve) => {
        const watch = () => (input().value !== before ? resolve(performance.timeOrigin + performance.now()) : requestAnimationFrame(watch));
        watch();
      });
    }, id);
    await field.evaluate((el) =>
      el.addEventListener('keydown', () => (window.__pressed = performance.timeOrigin + performance.now()), { once: true }),
    );
    await field.press(String.fromCharCode(97 + (i % 26)));
    const seen = await to.evaluate(() => window.__seen);
    const pressed = await from.evaluate(() => window.__pressed);
    times.push(seen - pressed);
    await sleep(150);
  }
  return { median_ms: median(times), min_ms: Math.min(...times), runs: times.length };
}

export async function liveFigures(browser, appUrl, { smoke, bigJson, bigObjectives, log }) {
  const relay = await startRelay();
  const proxies = [];
  const contexts = [];
  try {
    // Edit → screen, and bytes per keystroke (the host talks through a counting proxy).
    log('live: edit → screen');
    const counting = await startProxy(relay.port);
    proxies.push(counting);
    const a = await host(browser, appUrl, counting.url, teamDocument());
    const b = await guest(browser, appUrl, a.room, relay.url, 'B');
    contexts.push(a.context, b.context);
    const field = titleField(a.page, 'a');
    await field.focus();
    await field.press('End');
    const latency = await editToScreen(a.page, b.page, 'a', smoke ? 3 : 21);
    await settled(a.page);
    log('live: bytes per keystroke');
    const keys = smoke ? 5 : 40;
    const before = counting.sent();
    for (let i = 0; i < keys; i++) {
      await field.press('x');
      await settled(a.page);
    }
    const bytesPerKey = (counting.sent() - before) / keys;

    // Joining the large document's room, to the first card on screen.
    log(`live: join a room of ${bigObjectives} objectives`);
    const big = await host(browser, appUrl, relay.url, bigJson);
    contexts.push(big.context);
    const joins = [];
    for (let i = 0; i < (smoke ? 1 : 3); i++) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(120_000);
      await page.addInitScript(() => localStorage.setItem('okrpad.me.v1', 'J'));
      await page.addInitScript(stamps);
      await page.goto(roomLink(appUrl, big.room, relay.url));
      await page.waitForFunction(() => window.__bench.rendered !== undefined);
      joins.push(await page.evaluate(() => window.__bench.rendered));
      await context.close();
    }

    const chaos = await chaosRun(browser, appUrl, relay, proxies, contexts, { smoke, log });
    return {
      edit_to_screen_ms: latency.median_ms,
      edit_to_screen_min_ms: latency.min_ms,
      edit_runs: latency.runs,
      join_objectives: bigObjectives,
      join_to_first_card_ms: median(joins),
      bytes_per_keystroke: bytesPerKey,
      chaos,
    };
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    for (const p of proxies) await p.close();
    await relay.stop();
  }
}

async function chaosRun(browser, appUrl, relay, proxies, contexts, { smoke, log }) {
  log('live: chaos');
  const seconds = smoke ? 8 : 60;
  const cli = path.join(ROOT, 'target/release/okrpad');
  if (!existsSync(cli)) execFileSync('cargo', ['build', '--release', '--bin', 'okrpad'], { cwd: ROOT, stdio: 'inherit' });
  const flaky = await startProxy(relay.port);
  proxies.push(flaky);
  const first = await host(browser, appUrl, relay.url, teamDocument(), 'a');
  const others = [await guest(browser, appUrl, first.room, relay.url, 'b'), await guest(browser, appUrl, first.room, flaky.url, 'c')];
  const people = [first, ...others].map((p, i) => ({ ...p, id: ['a', 'b', 'c'][i], titles: 0, checkIns: [] }));
  contexts.push(...people.map((p) => p.context));
  const address = `${relay.url}/${first.room}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'okrpad-chaos-'));
  const pushed = [];
  const started = Date.now();
  const events = [
    [0.25, () => relay.restart()],
    [0.4, () => flaky.cut()],
    [0.4 + 10 / seconds, () => flaky.restore()],
    [0.7, () => relay.restart()],
  ];
  let edits = 0;
  const errors = [];
  // One stuck action must not eat the run: each gets ACTION_MS, and a failure is kept
  // with who, what, and Playwright's own account of what it waited for.
  for (const p of people) p.page.setDefaultTimeout(ACTION_MS);
  while (Date.now() - started < seconds * 1000) {
    const at = (Date.now() - started) / (seconds * 1000);
    while (events.length && events[0][0] <= at) await events.shift()[1]();
    const who = people[Math.floor(Math.random() * people.length)];
    let action = '';
    try {
      if (Math.random() < 0.5) {
        who.titles += 1;
        action = `title v${who.titles}`;
        await titleField(who.page, who.id).fill(`Objective ${who.id} v${who.titles}`);
      } else {
        const value = Math.floor(Math.random() * 1000);
        action = `check-in ${value}`;
        await checkIn(who.page, `${who.id}k`, value);
        who.checkIns.push(value);
      }
      edits += 1;
      if (Math.random() < 0.1) {
        // The CLI merges a file with an objective of its own (push never deletes).
        const n = pushed.length + 1;
        const file = path.join(dir, `push-${n}.okr.json`);
        await writeFile(file, JSON.stringify({ okrpad: 1, title: 'Chaos', objectives: [{ id: `cli${n}`, title: `From the CLI ${n}`, level: 'team', key_results: [] }] }));
        try {
          execFileSync(cli, ['live', 'push', file, address], { stdio: 'ignore', timeout: 30_000 });
          pushed.push(`cli${n}`);
        } catch {
          // The relay was down: the push said so and changed nothing; not counted.
        }
      }
    } catch (e) {
      errors.push(`${who.id} at ${((Date.now() - started) / 1000).toFixed(1)} s, ${action}: ${callLog(e)}`);
      await who.page.screenshot({ path: path.join(dir, `error-${errors.length}-${who.id}.png`) }).catch(() => {});
    }
    await sleep(smoke ? 50 : 150);
  }
  while (events.length) await events.shift()[1]();
  for (const p of people) await settled(p.page);
  await sleep(1000);
  // Each replica as okrpad writes it: a page that never had to save since it was seeded
  // still holds the seed's text, which leaves out fields at their defaults.
  const replicas = await Promise.all(
    people.map(async (p) => {
      const stored = path.join(dir, `replica-${p.id}.okr.json`);
      await writeFile(stored, JSON.stringify(await storedDocument(p.page)));
      return JSON.parse(execFileSync(cli, ['export', '--format', 'json', stored], { encoding: 'utf8' }));
    }),
  );
  const file = path.join(dir, 'pulled.okr.json');
  execFileSync(cli, ['live', 'pull', address, '-o', file], { stdio: 'ignore', timeout: 30_000 });
  const pulled = JSON.parse(await readFile(file, 'utf8'));
  const differing = people.flatMap((p, i) => {
    const at = firstDifference(replicas[i], pulled);
    return at === null ? [] : [`${p.id} differs from the pulled file at ${at}`];
  });
  // Every author's last title, every check-in and every push is there.
  const byId = Object.fromEntries(pulled.objectives.map((o) => [o.id, o]));
  const lost = [];
  for (const p of people) {
    const o = byId[p.id];
    if (p.titles && o?.title !== `Objective ${p.id} v${p.titles}`) lost.push(`${p.id}: title`);
    const values = (o?.key_results?.[0]?.check_ins ?? []).map((c) => c.value);
    for (const v of p.checkIns) if (!values.includes(v)) lost.push(`${p.id}: check-in ${v}`);
  }
  for (const id of pushed) if (!byId[id]) lost.push(`push ${id}`);
  for (const p of people) await waitTitle(p.page, 'a', byId.a.title).catch(() => lost.push(`${p.id}: screen`));
  await card(first.page, 'a').waitFor();
  const identical = differing.length === 0;
  return {
    seconds,
    edits,
    cli_pushes: pushed.length,
    relay_restarts: 2,
    offline_s: 10,
    identical,
    lost,
    ...(identical ? {} : { differing }),
    errors: errors.slice(0, 5),
    ...(errors.length || !identical ? { screenshots: dir } : {}),
  };
}

const ACTION_MS = 15_000;

/** The first line of a Playwright error and the last steps of its call log. */
function callLog(e) {
  const lines = String(e.message).split('\n').map((l) => l.trim()).filter(Boolean);
  return [lines[0], ...lines.slice(1).slice(-3)].join(' | ');
}

/** The JSON path where `a` and `b` first differ, or null when they are the same. */
function firstDifference(a, b, at = '$') {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    return `${at}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    const d = firstDifference(a[k], b[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`);
    if (d !== null) return d;
  }
  return `${at}: key order`;
}
