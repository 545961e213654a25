// The live worker's first script (crates/live-worker): loads the engine's glue and its
// Wasm, and holds what the page posts meanwhile. A worker's messages that arrive before
// it has a handler are lost, and the engine sets its handler only once its Wasm has
// compiled: without this, the page would have to wait for the engine to say it listens
// before sending anything, and a busy page (the app starting) answers that late.
// Trunk builds the two files it loads; this one is copied as it is (index.html).
var held = [];
self.onmessage = function (event) {
  held.push(event);
};
importScripts('./okrpad-live-worker.js');
wasm_bindgen('./okrpad-live-worker_bg.wasm').then(function () {
  // The engine set its own handler while it started; nothing has arrived since, as a
  // message is a task and this runs before the next one.
  var messages = held;
  held = null;
  messages.forEach(function (event) {
    self.onmessage(event);
  });
});
