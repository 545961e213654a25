// Live rooms against the real relay (the stock @y/websocket-server, started here on a
// free port with its own data folder) and real browsers: edits, presence, offline
// clients, a relay crash, a reload offline, presentation mode, and the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { screenshot, startApp } from './lib/browser.mjs';
import { card, keyResult, percentOf } from './lib/editor.mjs';
import { checkIn, giveName, goLive, ids, roomLink, settled, storedDocument, titleField, waitIds, waitProgress, waitTitle } from './lib/live.mjs';
import { DOC, variant } from './lib/sync.mjs';
import { ROOT, relayInstalled, startProxy, startRelay } from './lib/relay.mjs';

// Two objectives, so one can move and one can go.
const TEAM = variant((d) => {
  d.objectives.push({
    id: 'o2',
    title: 'Keep every customer we have',
    owner: 'Wang',
    level: 'team',
    period: { start: '2026-01-01', end: '2026-03-31' },
    key_results: [
      { id: 'k3', title: 'Renew 95% of contracts', owner: 'Wang', metric: { kind: 'number', start: 80, target: 95, unit: '%' }, check_ins: [] },
    ],
  });
});

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

/** Opens the app with `doc` stored and the user's name set, and puts it in a room. */
async function hostRoom(t, doc = TEAM, relayUrl = relay.url) {
  const host = await app.open(t, { storage: { 'okrpad.document.v1': JSON.stringify(doc), 'okrpad.me.v1': 'Li' } });
  await card(host.page, 'o1').waitFor();
  const { room, link } = await goLive(host.page, relayUrl);
  assert.ok(link.startsWith(app.server.url), link);
  await settled(host.page);
  return { ...host, room };
}

/** Opens the room's link in a fresh browser context, as `name`. */
async function joinRoom(t, room, name, relayUrl = relay.url) {
  const guest = await app.open(t, { url: roomLink(app.server.url, room, relayUrl) });
  await giveName(guest.page, name);
  await card(guest.page, 'o1').waitFor({ timeout: 20_000 });
  return guest;
}

const krProgress = async (page, kr) => percentOf(await keyResult(page, kr).locator('[data-testid=kr-progress]').first().textContent());

test('the first visit does not load the engine; going live does', async (t) => {
  const { page, responses, errors } = await app.open(t, { storage: { 'okrpad.document.v1': JSON.stringify(TEAM) } });
  await card(page, 'o1').waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(responses.filter((r) => r.url.includes('live-worker')), [], 'no engine on a first visit');
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
  await card(host.page, 'o1').locator('[data-testid=move-down]').click();
  await waitIds(guest.page, ['o2', 'o1']);
  await screenshot(host.page, 'live-host');
  await screenshot(guest.page, 'live-guest');
  guest.page.once('dialog', (d) => d.accept());
  await card(guest.page, 'o2').locator('[data-testid=delete-objective]').click();
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

test('the relay crashes and restarts on its data: nothing acknowledged is lost', async (t) => {
  const host = await hostRoom(t);
  const guest = await joinRoom(t, host.room, 'Wang');
  await titleField(host.page, 'o1').fill('Before the crash');
  await settled(host.page);
  await relay.kill();
  await host.page.locator('[data-testid=live-connection]:not([data-state=connected])').waitFor();
  await titleField(guest.page, 'o2').fill('During the outage');
  await relay.restart();
  await settled(guest.page);
  await waitTitle(host.page, 'o2', 'During the outage');
  // A newcomer after the restart gets everything from the relay's disk.
  const late = await joinRoom(t, host.room, 'Chen');
  await waitTitle(late.page, 'o1', 'Before the crash');
  await waitTitle(late.page, 'o2', 'During the outage');
});

test('presentation mode follows a check-in made elsewhere', async (t) => {
  const host = await hostRoom(t);
  const phone = await joinRoom(t, host.room, 'Wang');
  await host.page.locator('[data-testid=screen-present]').click();
  await host.page.locator('[data-testid=slide][data-objective-id="o1"]').waitFor();
  const slideKr = () => host.page.locator('[data-testid=slide] li[data-kr-id="k1"] [data-testid=kr-progress]');
  assert.equal((await slideKr().textContent()).trim(), '50%');
  await checkIn(phone.page, 'k1', 9);
  await host.page.locator('[data-testid=slide] li[data-kr-id="k1"] [data-testid=kr-progress]', { hasText: '90%' }).waitFor();
});

test('the CLI pulls what the browsers show and pushes a change they see', async (t) => {
  const cli = path.join(ROOT, 'target/release/okrpad');
  if (!existsSync(cli)) execFileSync('cargo', ['build', '--release', '--bin', 'okrpad'], { cwd: ROOT, stdio: 'inherit' });
  const host = await hostRoom(t);
  await titleField(host.page, 'o1').fill('From the browser');
  await settled(host.page);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'okrpad-live-cli-'));
  const file = path.join(dir, 'room.okr.json');
  const address = `${relay.url}/${host.room}`;
  execFileSync(cli, ['live', 'pull', address, '-o', file], { env: { ...process.env, LANG: 'en_US.UTF-8' } });
  const pulled = JSON.parse(await readFile(file, 'utf8'));
  await host.page.waitForTimeout(500);
  const shown = await storedDocument(host.page);
  assert.deepEqual(pulled, shown);
  pulled.objectives[1].title = 'From the terminal';
  await writeFile(file, JSON.stringify(pulled));
  execFileSync(cli, ['live', 'push', file, address]);
  await waitTitle(host.page, 'o2', 'From the terminal');
});
