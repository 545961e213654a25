// Driving live rooms through the UI, for the live tests and the benchmark: go live,
// join by link, wait for the relay's confirmation, edit and watch.
import assert from 'node:assert/strict';
import { card, keyResult, krAction, reveal } from './editor.mjs';
import { variant } from './sync.mjs';

const LONG = { timeout: 30_000 };

export const connected = (page) => page.locator('[data-testid=live-connection][data-state=connected]').waitFor(LONG);

/** Waits until the relay holds every change made on `page`. */
export const settled = (page) =>
  page.locator('[data-testid=live-connection][data-state=connected][data-pending="0"]').waitFor(LONG);

export const titleField = (page, id) => card(page, id).locator('[data-testid=objective-title]').first();

export const waitTitle = (page, id, text) =>
  page.waitForFunction(
    ([id, text]) => document.querySelector(`li[data-objective-id="${id}"] > article [data-testid=objective-title]`)?.value === text,
    [id, text],
    LONG,
  );

export const ids = (page) =>
  page.locator('[role=tree] li[data-objective-id]').evaluateAll((els) => els.map((e) => e.dataset.objectiveId));

export const waitIds = (page, want) =>
  page.waitForFunction(
    (want) =>
      JSON.stringify([...document.querySelectorAll('[role=tree] li[data-objective-id]')].map((e) => e.dataset.objectiveId)) === want,
    JSON.stringify(want),
    LONG,
  );

/** Puts the open document in a new room on `relayUrl` (Documents ▸ Go live); its room id. */
export async function goLive(page, relayUrl) {
  await (await reveal(page, 'go-live')).click();
  await page.locator('[data-testid=relay-warning]').waitFor();
  await page.locator('[data-testid=relay-address]').fill(relayUrl);
  await page.locator('[data-testid=create-room]').click();
  const link = await page.locator('[data-testid=room-link]').inputValue();
  const room = /#live=([A-Za-z0-9_-]{22,})@/.exec(link)?.[1];
  assert.ok(room, link);
  await page.keyboard.press('Escape');
  return { room, link };
}

/** The app link of `room` on `relayUrl`, for the app at `appUrl`. */
export const roomLink = (appUrl, room, relayUrl) => `${appUrl}#live=${room}@${relayUrl}`;

/** Answers the name dialog a room link opens with, then waits for the room. */
export async function giveName(page, name) {
  await page.locator('[data-testid=live-name]').fill(name);
  await page.locator('[data-testid=live-join]').click();
  await connected(page);
}

/** Records `value` for key result `kr` through its check-in panel. */
export async function checkIn(page, kr, value) {
  const row = keyResult(page, kr);
  // A remote edit can move the row from under a still pointer (findings appearing in a
  // card above it, for one): its card then drops its buttons, and a user aims again.
  for (let aim = 1; ; aim++) {
    const toggle = await krAction(page, kr, 'check-in');
    try {
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click({ timeout: 5_000 });
      break;
    } catch (e) {
      if (aim === 3) throw e;
    }
  }
  await row.locator('[data-testid=checkin-value]').fill(String(value));
  await row.locator('[data-testid=checkin-save]').click();
}

export const waitProgress = (page, kr, value) =>
  page.waitForFunction(
    ([kr, value]) => document.querySelector(`li[data-kr-id="${kr}"] [data-testid=kr-progress]`)?.textContent.trim() === `${value}%`,
    [kr, value],
    LONG,
  );

/** The open document as the page stored it. */
export const storedDocument = (page) =>
  page.evaluate(() => {
    const library = JSON.parse(localStorage.getItem('okrpad.library.v1'));
    return JSON.parse(localStorage.getItem(`okrpad.doc.${library.current}`));
  });

// The sync tests' team document with a second objective, so one can move and one can go.
export const TEAM = variant((doc) =>
  doc.objectives.push({
    id: 'o2',
    title: 'Keep every customer we have',
    owner: 'Wang',
    level: 'team',
    period: { start: '2026-01-01', end: '2026-03-31' },
    key_results: [{ id: 'k3', title: 'Renew 95% of contracts', owner: 'Wang', metric: { kind: 'number', start: 80, target: 95, unit: '%' }, check_ins: [] }],
  }),
);

/** Opens `app` with `doc` stored and the name Li, and puts it in a room on `relayUrl`. */
export async function host(app, t, doc, relayUrl) {
  const opened = await app.open(t, { storage: { 'okrpad.document.v1': JSON.stringify(doc), 'okrpad.me.v1': 'Li' } });
  await card(opened.page, 'o1').waitFor();
  const { room, link } = await goLive(opened.page, relayUrl);
  assert.ok(link.startsWith(app.server.url), link);
  await settled(opened.page);
  return { ...opened, room };
}

/** Opens the room's link in a fresh browser context of `app`, as `name`. */
export async function join(app, t, room, name, relayUrl) {
  const guest = await app.open(t, { url: roomLink(app.server.url, room, relayUrl) });
  await giveName(guest.page, name);
  await card(guest.page, 'o1').waitFor(LONG);
  return guest;
}

export const krProgress = async (page, kr) =>
  Number((await keyResult(page, kr).locator('[data-testid=kr-progress]').first().textContent()).trim().replace('%', ''));

/** A document of `n` objectives (`o1`…) with four key results each, each checked in once. */
export const largeDocument = (n) => ({
  okrpad: 1,
  title: `Large team (${n})`,
  objectives: Array.from({ length: n }, (_, i) => ({
    id: `o${i + 1}`,
    title: `Objective ${i + 1}: grow the regional business with every partner`,
    owner: `Owner ${i % 37}`,
    level: 'team',
    period: { start: '2026-01-01', end: '2026-03-31' },
    key_results: Array.from({ length: 4 }, (_, k) => ({
      id: `o${i + 1}k${k + 1}`,
      title: `Key result ${k + 1} of objective ${i + 1}: sign the agreed number of contracts`,
      owner: `Owner ${i % 37}`,
      metric: { kind: 'number', start: 0, target: 100, unit: '份' },
      check_ins: [{ date: '2026-01-15', value: (i + k) % 100 }],
    })),
  })),
});

/** The bytes of the engine state the live worker kept in IndexedDB under `key` (0 when none). */
export const engineStateLength = (page, key) =>
  page.evaluate(
    (key) =>
      new Promise((resolve) => {
        const open = indexedDB.open('okrpad');
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('live')) return resolve(0);
          const get = db.transaction('live').objectStore('live').get(key);
          get.onsuccess = () => resolve(get.result?.state instanceof Uint8Array ? get.result.state.length : 0);
          get.onerror = () => resolve(0);
        };
      }),
    key,
  );
