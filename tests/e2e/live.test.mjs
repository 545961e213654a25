// Live rooms against the real relay (the stock @y/websocket-server, started here on a
// free port with its own data folder) and real browsers: edits, presence, offline
// clients and a reload offline (live-team.test.mjs: a relay crash, presentation mode,
// the CLI).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startApp } from './lib/browser.mjs';
import { card, cardAction, reveal } from './lib/editor.mjs';
import { assertNoProblems, axeProblems } from './lib/axe.mjs';
import { TEAM, checkIn, host, ids, join, krProgress, settled, titleField, waitIds, waitProgress, waitTitle } from './lib/live.mjs';
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

