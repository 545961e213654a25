// The stock Yjs relay (relay/, `scripts/setup.sh relay`) for the live tests and the
// benchmark: started on a free loopback port with its own data folder, killed and
// restarted on the same folder, and a cuttable TCP proxy per client, to take one
// browser offline while the others stay connected.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER = path.join(ROOT, 'relay/node_modules/@y/websocket-server/src/server.js');

export const relayInstalled = () => existsSync(SERVER);

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitPort(port, timeout = 20_000) {
  const started = Date.now();
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeout) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the relay; `{ url, port, data, kill(), restart(), stop() }`. */
export async function startRelay({ port, data } = {}) {
  port ??= await freePort();
  data ??= await mkdtemp(path.join(os.tmpdir(), 'okrpad-relay-'));
  let child;
  const run = async () => {
    child = spawn(process.execPath, [SERVER], {
      cwd: path.join(ROOT, 'relay'),
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: data },
      stdio: 'ignore',
    });
    await waitPort(port);
  };
  await run();
  const relay = {
    port,
    data,
    url: `ws://127.0.0.1:${port}`,
    /** Kills the relay at once (SIGKILL: no goodbye, as in a crash). */
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    restart: async () => {
      await relay.kill();
      await run();
    },
    stop: () => relay.kill(),
  };
  return relay;
}

/**
 * A TCP proxy to `target` on a free port: `cut()` drops its connections and refuses new
 * ones (that client is offline), `restore()` lets them through again; `sent()` and
 * `received()` are the bytes the client has sent and received through it.
 */
export async function startProxy(target) {
  const sockets = new Set();
  let open = true;
  // Bytes from the client to the relay, for the benchmark, and from the relay to the
  // client (WebSocket framing included).
  const counted = { sent: 0, received: 0 };
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    client.on('data', (chunk) => (counted.sent += chunk.length));
    const upstream = net.connect(target, '127.0.0.1');
    upstream.on('data', (chunk) => (counted.received += chunk.length));
    for (const [a, b] of [[client, upstream], [upstream, client]]) {
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
      sockets.add(a);
      a.on('close', () => sockets.delete(a));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `ws://127.0.0.1:${port}`,
    sent: () => counted.sent,
    received: () => counted.received,
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore: () => {
      open = true;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(r);
      }),
  };
}
