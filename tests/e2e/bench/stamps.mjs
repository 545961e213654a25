// The in-page clock of the benchmark's screen figures, shared by the scale step
// (bench.mjs) and the live join (live.mjs), so both mean the same by "first render".
// It runs in the page (page.addInitScript), so the figure is when the page painted,
// not when the test runner next got a turn: a busy page (the next slices of a large
// tree, a save) would otherwise delay the reading, not the screen.

// Stamps, in page time (ms since navigation started): when the first objective title
// input is in the DOM (`dom`), and the frame after (`rendered`), so layout and paint of
// what was built are included. Also keeps the app's Wasm exports (Trunk's loader
// passes them in TrunkApplicationStarted) to read the size of its memory.
export function stamps() {
  window.__bench = {};
  const seen = () => document.querySelector('[data-testid=objective-title]');
  new MutationObserver((_, observer) => {
    if (!seen()) return;
    observer.disconnect();
    window.__bench.dom = performance.now();
    requestAnimationFrame(() => setTimeout(() => (window.__bench.rendered = performance.now())));
    // A large tree may be built in slices over several frames: `complete` is the frame
    // after the last card appeared (no new card for a second).
    let cards = -1;
    let changed = performance.now();
    const watch = () => {
      const now = document.querySelectorAll('li[data-objective-id]').length;
      if (now !== cards) [cards, changed] = [now, performance.now()];
      if (performance.now() - changed > 1000) window.__bench.complete = Math.max(changed, window.__bench.rendered);
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  }).observe(document, { childList: true, subtree: true });
  addEventListener('TrunkApplicationStarted', (e) => (window.__bench.wasm = e.detail?.wasm));
}

