//! The live worker: one live session ([`okrpad_live::session::Session`]) and its
//! WebSocket to the relay, in a Web Worker the page starts when a document goes live.
//!
//! Everything it decides is the session's (pure, tested natively); this file moves
//! bytes: JSON messages from and to the page ([`okrpad_core::live`]), binary frames
//! from and to the relay, timers for reconnecting (with backoff), renewing presence and
//! storing the state (in IndexedDB: `store`). A panic in the engine (Yrs panics on
//! some crafted updates) aborts this worker, never the page, which keeps its own copy
//! of the document.

#[cfg(target_arch = "wasm32")]
mod store;
#[cfg(target_arch = "wasm32")]
mod worker;

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("okrpad-live-worker runs in the browser: Trunk builds it with the app (index.html).");
    std::process::exit(2);
}
