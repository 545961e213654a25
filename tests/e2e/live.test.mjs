// Live rooms against the real relay (the stock @y/websocket-server, started here on a
// free port with its own data folder) and real browsers: edits, presence, offline
// clients and a reload offline (live-team.test.mjs: a relay crash, presentation mode,
// the CLI).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';
import { card, cardAction, reveal } from './lib/editor.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { TEAM, checkIn, roomLink, engineStateLength, goLive, host, ids, join, krProgress, largeDocument, settled, titleField, waitIds, waitProgress, waitTitle } from './lib/live.mjs';
import { relayInstalled, startProxy, startRelay } from './lib/relay.mjs';

let app;
let relay;
const cleanups = [];
before(async () => {
  assert.ok(relayInstalled(), 'the relay is installed (scripts/setup.sh relay)');
  app = await startApp();
  relay = await startRelay();
});
after(async () => {
  for (const c of cleanups) await c();
  await relay?.stop();
  await app?.close();
});

const hostRoom = (t, doc = TEAM, relayUrl = relay.url) => host(app, t, doc, relayUrl);
const joinRoom = (t, room, name, relayUrl = relay.url) => join(app, t, room, name, relayUrl);

test('the first visit does not load the engine; going live does', async (t) => {
  const { page, responses, errors } = await app.open(t, { storage: { 'okrpad.document.v1': JSON.stringify(TEAM) } });
  await card(page, 'o1').waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(responses.filter((r) => r.url.includes('live-worker')), [], 'no engine on a first visit');
  // The Go-live dialog: the relay's address from the site's config, the warning.
  await (await reveal(page, 'go-live')).click();
  await page.locator('[data-testid=relay-warning]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=relay-address]')?.value === 'ws://127.0.0.1:1234');
  assert.equal(await page.locator('[data-testid=live-your-name]').inputValue(), '', 'no name yet: the field asks for it');
  assertNoProblems(await axeProblems(page, 'go-live dialog'));
  assert.deepEqual(responses.filter((r) => r.url.includes('live-worker')), [], 'opening the dialog loads no engine');
  assert.deepEqual(errors, []);
});

test('two people in a room see each other’s edits, check-ins, moves, deletes and presence', async (t) => {
  const host = await hostRoom(t);
  assert.ok(host.responses.some((r) => r.url.endsWith('okrpad-live-worker_bg.wasm')), 'the engine loads when going live');
  const guest = await joinRoom(t, host.room, 'Wang');
  assert.deepEqual(await ids(guest.page), ['o1', 'o2']);
  assert.equal(await guest.page.locator('main h1').innerText(), 'North team Q1');
  // The room's document is one of the guest's own, marked live.
  const library = await guest.page.evaluate(() => JSON.parse(localStorage.getItem('okrpad.library.v1')));
  assert.equal(library.documents.length, 1);
  assert.ok(await guest.page.evaluate((id) => localStorage.getItem(`okrpad.live.${id}.v1`) !== null, library.current));

  // Presence: both names on both sides, and a marker on the card the other edits.
  for (const page of [host.page, guest.page]) {
    await page.locator('[data-testid=live-peer]', { hasText: 'Li' }).waitFor();
    await page.locator('[data-testid=live-peer]', { hasText: 'Wang' }).waitFor();
  }
  await titleField(guest.page, 'o2').focus();
  await card(host.page, 'o2').locator('[data-testid=live-marker]', { hasText: 'Wang' }).waitFor();
  // Every control labelled, the colours readable: the live bar, a marker, the dialog.
  const problems = await axeProblems(host.page, 'live bar and a marker');
  assertNoProblems(problems);

  // A title, typed letter by letter on one side, arrives whole on the other.
  await titleField(host.page, 'o1').fill('');
  await titleField(host.page, 'o1').pressSequentially('Win the north', { delay: 20 });
  await waitTitle(guest.page, 'o1', 'Win the north');
  // And the other way, while the first keeps its field focused.
  await titleField(guest.page, 'o2').fill('Keep every customer');
  await waitTitle(host.page, 'o2', 'Keep every customer');
  assert.equal(await titleField(host.page, 'o1').inputValue(), 'Win the north');

  // A check-in rolls up on the other screen.
  await checkIn(guest.page, 'k1', 8);
  await waitProgress(host.page, 'k1', 80);

  // A move, then a delete.
  await (await cardAction(host.page, 'o1', 'move-down')).click();
  await waitIds(guest.page, ['o2', 'o1']);
  await screenshot(host.page, 'live-host');
  await screenshot(guest.page, 'live-guest');
  guest.page.once('dialog', (d) => d.accept());
  await (await cardAction(guest.page, 'o2', 'delete-objective')).click();
  await waitIds(host.page, ['o1']);

  // Undo undoes only one's own change: the guest's delete comes back, the host's
  // title stays.
  await guest.page.locator('[data-testid=undo]').click();
  await waitIds(host.page, ['o2', 'o1']);
  assert.equal(await titleField(host.page, 'o1').inputValue(), 'Win the north');
  assert.deepEqual([...host.errors, ...guest.errors], []);
});

/**
 * An init script: `window.engines` lists every engine (Web Worker) the page starts,
 * with the page's `document.readyState` then and whether it was ended since.
 */
function watchEngines() {
  const Started = window.Worker;
  window.engines = [];
  window.Worker = class extends Started {
    constructor(...args) {
      super(...args);
      const engine = { started: document.readyState, ended: false };
      window.engines.push(engine);
      const terminate = this.terminate.bind(this);
      this.terminate = () => {
        engine.ended = true;
        terminate();
      };
    }
  };
}

test('a room link starts the engine while the page loads, and the app takes that one over', async (t) => {
  const host = await hostRoom(t);
  const guest = await app.open(t, {
    url: roomLink(app.server.url, host.room, relay.url),
    storage: { 'okrpad.me.v1': 'Wang' },
    init: watchEngines,
  });
  await card(guest.page, 'o1').waitFor({ timeout: 30_000 });
  assert.deepEqual(await ids(guest.page), ['o1', 'o2']);
  // Started by index.html while loading, not after the app ran; and only that one.
  assert.deepEqual(await guest.page.evaluate(() => window.engines), [{ started: 'loading', ended: false }]);
  assert.deepEqual(guest.errors, []);
});

test('a room link loads the room while the name is asked, and the room sees no one until it is given', async (t) => {
  const host = await hostRoom(t);
  const proxy = await startProxy(relay.port);
  cleanups.push(proxy.close);
  const guest = await app.open(t, { url: roomLink(app.server.url, host.room, proxy.url) });
  await guest.page.locator('[data-testid=live-name]').waitFor();
  // The bytes the guest has received once more than `before` came and then nothing for
  // half a second (or what came within 20 s).
  const arrivedAfter = async (before) => {
    const deadline = Date.now() + 20_000;
    let received = -1;
    while ((received !== proxy.received() || received <= before) && Date.now() < deadline) {
      received = proxy.received();
      await guest.page.waitForTimeout(500);
    }
    return received;
  };
  // The engine started on the room from the address, before the app asked: the room
  // comes in (and stops coming) while the dialog is open.
  const received = await arrivedAfter(499);
  assert.ok(received >= 500, `the room came in while the name was asked (${received} bytes)`);
  assert.equal(await host.page.locator('[data-testid=live-peer][data-me=false]').count(), 0, 'no nameless person');
  // The room changes meanwhile, and what the host sent comes in (the title, and its
  // presence: which card it is editing); the title itself is checked once joined.
  await titleField(host.page, 'o1').fill('Changed while a name was asked');
  await settled(host.page);
  const changed = await arrivedAfter(received);
  assert.ok(changed > received, `the host's change came in while the name was asked (${changed - received} bytes)`);

  // With the relay out of reach, the name given shows the room as it came in meanwhile.
  proxy.cut();
  await guest.page.locator('[data-testid=live-name]').fill('孙丽');
  await guest.page.locator('[data-testid=live-join]').click();
  await waitIds(guest.page, ['o1', 'o2']);
  await waitTitle(guest.page, 'o1', 'Changed while a name was asked');
  proxy.restore();
  await host.page.locator('[data-testid=live-peer][data-me=false]', { hasText: '孙丽' }).waitFor({ timeout: 30_000 });
  assert.deepEqual([...host.errors, ...guest.errors], []);
});

test('a link whose room id is guessable says so, ends the engine it started and joins nothing', async (t) => {
  const { page, errors } = await app.open(t, {
    url: `${app.server.url}#live=short@${relay.url}`,
    storage: { 'okrpad.document.v1': JSON.stringify(TEAM), 'okrpad.me.v1': 'Li' },
    init: watchEngines,
  });
  await page.locator('p.notice[role=alert]', { hasText: '房间号 "short" 太短' }).waitFor();
  assert.deepEqual(await ids(page), ['o1', 'o2'], 'the open document stays as it was');
  assert.deepEqual(await page.evaluate(() => window.engines), [{ started: 'loading', ended: true }]);
  const library = await page.evaluate(() => JSON.parse(localStorage.getItem('okrpad.library.v1')));
  assert.equal(library.documents.length, 1, 'no room document was added');
  assert.deepEqual(errors, []);
});

test('three people, one offline: both sides edit, it comes back, all converge; a reload offline loses nothing', async (t) => {
  const host = await hostRoom(t);
  const proxy = await startProxy(relay.port);
  cleanups.push(proxy.close);
  const away = await joinRoom(t, host.room, 'Zhao', proxy.url);
  const third = await joinRoom(t, host.room, 'Chen');
  await settled(away.page);

  proxy.cut();
  await away.page.locator('[data-testid=live-connection]:not([data-state=connected])').waitFor();
  await titleField(away.page, 'o1').fill('Written offline');
  await checkIn(away.page, 'k3', 90);
  await away.page.locator('[data-testid=live-connection][data-pending]:not([data-pending="0"])').waitFor();
  await titleField(host.page, 'o2').fill('Written online');
  await waitTitle(third.page, 'o2', 'Written online');

  // A reload while offline keeps the offline edits (and the live state).
  await away.page.waitForTimeout(600);
  await away.page.reload();
  await waitTitle(away.page, 'o1', 'Written offline');
  assert.equal(await krProgress(away.page, 'k3'), 67);
  await screenshot(away.page, 'live-offline');

  proxy.restore();
  await settled(away.page);
  for (const page of [host.page, third.page, away.page]) {
    await waitTitle(page, 'o1', 'Written offline');
    await waitTitle(page, 'o2', 'Written online');
    await waitProgress(page, 'k3', 67);
  }
  assert.deepEqual([...host.errors, ...away.errors, ...third.errors], []);
});


test('a name is asked once and can be changed; Escape joins as a guest', async (t) => {
  const host = await hostRoom(t);
  const guest = await app.open(t, { url: `${app.server.url}#live=${host.room}@${relay.url}` });
  await guest.page.locator('[data-testid=live-name]').waitFor();
  await guest.page.keyboard.press('Escape');
  await guest.page.locator('[data-testid=live-connection][data-state=connected]').waitFor({ timeout: 30_000 });
  const guestName = /^(Guest|访客)$/;
  await host.page.locator('[data-testid=live-peer][data-me=false]', { hasText: guestName }).waitFor();
  assert.equal(await guest.page.evaluate(() => localStorage.getItem('okrpad.me.v1')), null, 'a guest is not remembered');

  // One's own name in the live bar opens the name dialog; the new name shows at once.
  await guest.page.locator('[data-testid=live-rename]').click();
  await guest.page.locator('[data-testid=live-name]').fill('王磊');
  await guest.page.locator('[data-testid=live-join]').click();
  await host.page.locator('[data-testid=live-peer][data-me=false]', { hasText: '王磊' }).waitFor();
  await guest.page.locator('[data-testid=live-rename]', { hasText: '王磊' }).waitFor();
  assert.equal(await guest.page.evaluate(() => localStorage.getItem('okrpad.me.v1')), '王磊');
  assertNoProblems(await axeProblems(guest.page, 'live bar with the rename button'));
  assert.deepEqual([...host.errors, ...guest.errors], []);
});

test('a large live document keeps its engine state in IndexedDB, not local storage, and a reload offline keeps every edit', async (t) => {
  // 1,000 objectives: 2.4 MB of JSON, whose engine state (2.9 MB, 3.8 MB as base64
  // text) would not fit in local storage beside it.
  const proxy = await startProxy(relay.port);
  cleanups.push(proxy.close);
  const host = await hostRoom(t, largeDocument(1000), proxy.url);
  const { page } = host;
  const key = await page.evaluate(() => `okrpad.live.${JSON.parse(localStorage.getItem('okrpad.library.v1')).current}.v1`);
  for (let i = 0; (await engineStateLength(page, key)) < 1_500_000; i++) {
    assert.ok(i < 100, 'the engine state reaches IndexedDB');
    await page.waitForTimeout(200);
  }
  const record = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), key);
  assert.equal(record.state, '', 'the record in local storage holds the room, not the state');
  assert.match(record.relay, /^ws:\/\/127\.0\.0\.1:/);

  proxy.cut();
  await page.locator('[data-testid=live-connection]:not([data-state=connected])').waitFor();
  await titleField(page, 'o1').fill('Typed while offline');
  await page.locator('[data-testid=live-connection][data-pending]:not([data-pending="0"])').waitFor();
  await page.waitForTimeout(800);
  await page.reload();
  await waitTitle(page, 'o1', 'Typed while offline');
  assert.equal(await page.locator('[data-testid=live-error]').count(), 0, 'no storage error');
  proxy.restore();
  await settled(page);
  assert.deepEqual(host.errors, []);
});

test('a live document opens with the network off, its engine from the offline copy', async (t) => {
  const host = await hostRoom(t);
  const { page } = host;
  const lazy = ['okrpad-live-worker_loader.js', 'okrpad-live-worker.js', 'okrpad-live-worker_bg.wasm'];
  const cachedFiles = () =>
    page.evaluate(async (files) => {
      const keys = await caches.keys();
      const found = await Promise.all(
        files.map(async (f) => {
          for (const key of keys) if (await (await caches.open(key)).match(new URL(f, location.href).href)) return true;
          return false;
        }),
      );
      return found.every(Boolean);
    }, lazy);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  for (let i = 0; !(await cachedFiles()); i++) {
    assert.ok(i < 100, "the live worker's files are kept for offline use");
    await page.waitForTimeout(200);
  }

  // Where a page's worker is not controlled by the service worker (other browsers, on a
  // first visit), its files come past it: a page that starts a session asks the service
  // worker to fetch them, and it does.
  await page.evaluate(async (files) => {
    for (const key of await caches.keys()) for (const f of files) await (await caches.open(key)).delete(new URL(f, location.href).href);
  }, lazy);
  assert.equal(await cachedFiles(), false);
  await page.evaluate(async () => (await navigator.serviceWorker.ready).active.postMessage('cache-live'));
  for (let i = 0; !(await cachedFiles()); i++) {
    assert.ok(i < 100, 'the service worker fetched the files it was asked for');
    await page.waitForTimeout(200);
  }
  await page.evaluate(() => {
    window.askedServiceWorker = [];
    const post = ServiceWorker.prototype.postMessage;
    ServiceWorker.prototype.postMessage = function (message, ...rest) {
      window.askedServiceWorker.push(message);
      return post.call(this, message, ...rest);
    };
  });
  const key = await page.evaluate(() => `okrpad.live.${JSON.parse(localStorage.getItem('okrpad.library.v1')).current}.v1`);
  assert.ok((await engineStateLength(page, key)) > 0);
  await page.locator('[data-testid=live-leave]').click();
  // Leaving the room deletes the engine's state with the record.
  for (let i = 0; (await engineStateLength(page, key)) > 0; i++) {
    assert.ok(i < 50, 'the state of a document that left its room is deleted');
    await page.waitForTimeout(100);
  }
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), key), null);
  await goLive(page, relay.url);
  await settled(page);
  assert.deepEqual(await page.evaluate(() => window.askedServiceWorker), ['cache-live'], 'starting a session asks');

  // No network at all: the page and the engine come from the offline copy.
  await page.context().setOffline(true);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.reload();
  await card(page, 'o1').waitFor();
  await page.locator('[data-testid=live-connection]:not([data-state=connected])').waitFor();
  await titleField(page, 'o1').fill('Typed with no network');
  await page.locator('[data-testid=live-connection][data-pending]:not([data-pending="0"])').waitFor();
  assert.equal(await page.locator('[data-testid=live-error]').count(), 0, 'the engine runs: no crash message');

  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.context().setOffline(false);
  await settled(page);
  const room = await page.evaluate(() => {
    const id = JSON.parse(localStorage.getItem('okrpad.library.v1')).current;
    return JSON.parse(localStorage.getItem(`okrpad.live.${id}.v1`)).room;
  });
  const guest = await joinRoom(t, room, 'Wang');
  await waitTitle(guest.page, 'o1', 'Typed with no network');
  assert.deepEqual([...host.errors, ...guest.errors], []);
});
