// Relays that misbehave, for live-hostile.test.mjs: a small WebSocket server (the `ws`
// package the real relay installs in relay/node_modules) that accepts any room and then
// sends garbage, one 100 MB message, or closes in the middle of the sync; and a Yjs
// client that writes something other than an okrpad document into a room of the real
// relay. The Yjs encoders are the relay's own (yjs, y-protocols, lib0).
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './relay.mjs';

const relayRequire = createRequire(path.join(ROOT, 'relay/package.json'));
const WebSocket = relayRequire('ws');
const WebSocketServer = WebSocket.Server;
const Y = relayRequire('yjs');
const sync = relayRequire('y-protocols/sync');
const encoding = relayRequire('lib0/encoding');

const MESSAGE_SYNC = 0;

/** A sync message (`write(encoder)` writes its body) as one frame. */
function syncFrame(write) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** The relay's sync step 1: "send me what you have" (starts the sync from its side). */
const step1 = (doc = new Y.Doc()) => syncFrame((e) => sync.writeSyncStep1(e, doc));

/**
 * Frames no Yjs client can read, one per connection in turn: random bytes, an update
 * announcing 4 GB, a step 2 cut short, an unknown message type, and an update whose
 * content is random (what crashes a careless decoder).
 */
export function garbageFrames() {
  let seed = 42;
  const random = (n) =>
    Uint8Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    });
  const update = (body) =>
    syncFrame((e) => {
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, body);
    });
  return [
    random(64),
    Uint8Array.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]),
    Uint8Array.from([0, 1, 9, 1, 2]),
    Uint8Array.from([9, 9, 9]),
    update(Uint8Array.from([1, 1, 0xc8, 0x01, 0, ...random(40)])),
  ];
}

/** One 100 MB binary message: a sync update announcing its true length, all zeros. */
export function hugeFrame(megabytes = 100) {
  const size = megabytes * 1024 * 1024;
  const header = syncFrame((e) => {
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint(e, size);
  });
  const frame = Buffer.alloc(header.length + size);
  frame.set(header, 0);
  return frame;
}

/**
 * A relay on a free loopback port that answers every client's first message with
 * `behaviour`: `garbage` (the next of [`garbageFrames`]), `huge` (one 100 MB message, to
 * the first connection only; later ones get no answer) or `midsync` (its sync step 1,
 * then the connection closes: alternately a clean close and a reset).
 * `{ url, connections: [{ at, room }], close() }`.
 */
export async function startHostileRelay(behaviour) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const connections = [];
  const garbage = garbageFrames();
  server.on('connection', (socket, request) => {
    const index = connections.length;
    connections.push({ at: Date.now(), room: request.url.slice(1) });
    socket.on('error', () => {});
    socket.once('message', () => {
      if (behaviour === 'garbage') socket.send(garbage[index % garbage.length]);
      else if (behaviour === 'huge' && index === 0) socket.send(hugeFrame());
      else if (behaviour === 'midsync') {
        socket.send(step1());
        setTimeout(() => (index % 2 ? socket.terminate() : socket.close(1011, 'gone')), 20);
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${server.address().port}`,
    connections,
    close: () =>
      new Promise((r) => {
        for (const client of server.clients) client.terminate();
        server.close(r);
      }),
  };
}

/**
 * Writes Yjs content that is not an okrpad document into `room` on the relay at
 * `relayUrl`: `fill(doc, Y)` builds it. Resolves once the relay holds it (it answered a
 * sync step 1 sent after the update, in order).
 */
export function writeRoom(relayUrl, room, fill) {
  const doc = new Y.Doc();
  fill(doc, Y);
  const socket = new WebSocket(`${relayUrl}/${room}`);
  socket.binaryType = 'arraybuffer';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the relay did not confirm the write')), 10_000);
    socket.on('error', reject);
    socket.on('open', () => {
      socket.send(syncFrame((e) => sync.writeUpdate(e, Y.encodeStateAsUpdate(doc))));
      socket.send(step1(new Y.Doc()));
    });
    socket.on('message', (data) => {
      const bytes = new Uint8Array(data);
      // Sync step 2 (0, 1): the relay's answer to the step 1 sent after the update.
      if (bytes[0] === MESSAGE_SYNC && bytes[1] === 1) {
        clearTimeout(timer);
        socket.close();
        resolve();
      }
    });
  });
}
