// Live rooms against the real relay, part two (a file of its own: the test runner's
// timeout counts per file): a relay crash, presentation mode, and the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp } from './lib/browser.mjs';
import { TEAM, checkIn, host, join, settled, storedDocument, titleField, waitTitle } from './lib/live.mjs';
import { ROOT, relayInstalled, startRelay } from './lib/relay.mjs';

let app;
let relay;
before(async () => {
  assert.ok(relayInstalled(), 'the relay is installed (scripts/setup.sh relay)');
  app = await startApp();
  relay = await startRelay();
});
after(async () => {
  await relay?.stop();
  await app?.close();
});

const hostRoom = (t, doc = TEAM, relayUrl = relay.url) => host(app, t, doc, relayUrl);
const joinRoom = (t, room, name, relayUrl = relay.url) => join(app, t, room, name, relayUrl);

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
