//! The live worker at the edge: starting it, talking to it, random room ids and the
//! site's `okrpad.config.json`.
//!
//! The worker (crates/live-worker) is built by Trunk next to the app, under its crate's
//! name without a hash, and started only when a document goes live: a first visit
//! never downloads the engine.

use okrpad_core::i18n::Text;
use okrpad_core::live::{self, FromWorker};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The worker's loader, relative to the page (Trunk's `data-loader-shim`).
const WORKER_SCRIPT: &str = "./okrpad-live-worker_loader.js";
/// The site's defaults for live rooms, next to `index.html`.
const CONFIG: &str = "./okrpad.config.json";

/// A running live worker; stopped when dropped.
pub struct LiveWorker {
    worker: web_sys::Worker,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl LiveWorker {
    /// Starts the worker; `on_message` gets each message it sends, `on_crash` runs if
    /// it dies (the engine aborted on something from the relay).
    ///
    /// The worker `index.html` started for a room link, if there is one, is taken over.
    pub fn start(on_message: impl Fn(FromWorker) + 'static, on_crash: impl Fn() + 'static) -> Result<LiveWorker, Text> {
        let worker = match take_early_worker() {
            Some(worker) => worker,
            None => web_sys::Worker::new(WORKER_SCRIPT)
                .map_err(|_| Text::new("无法启动实时协作引擎", "the live editing engine could not be started"))?,
        };
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Some(message) = receive(&event.data()) {
                on_message(message);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // Handled here (the live bar says the engine stopped): not also an uncaught
        // error of the page.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            on_crash();
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(LiveWorker { worker, _on_message: on_message, _on_error: on_error })
    }

    /// Sends `text` to the worker (its loader holds it until the engine listens).
    pub fn post(&self, text: &str) {
        let _ = self.worker.post_message(&JsValue::from_str(text));
    }
}

impl Drop for LiveWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Where `index.html` leaves the worker it started for a room link.
const EARLY_WORKER: &str = "okrpadEarlyWorker";

/// The worker `index.html` started for a room link, taken once; `None` if there is
/// none, or if it failed to start (a new one is started, and fails in view of the
/// page's handler).
fn take_early_worker() -> Option<web_sys::Worker> {
    let early = take_early()?;
    let field = |name: &str| js_sys::Reflect::get(&early, &JsValue::from_str(name)).ok();
    let worker = field("worker")?.dyn_into::<web_sys::Worker>().ok()?;
    if field("failed").and_then(|v| v.as_bool()) == Some(true) {
        worker.terminate();
        return None;
    }
    Some(worker)
}

/// `index.html`'s record of its early worker, removed from the page's globals.
fn take_early() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let key = JsValue::from_str(EARLY_WORKER);
    let early = js_sys::Reflect::get(&window, &key).ok().filter(JsValue::is_object)?;
    let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    Some(early)
}

/// Ends the worker `index.html` started for a room link the app will not join (the
/// link is not a room): it would only hold memory.
pub fn discard_early_worker() {
    if let Some(worker) = take_early_worker() {
        worker.terminate();
    }
}

/// A message from the worker (`okrpad_core::live`, "How a message travels"): one JSON
/// text, or a document's header and its text as UTF-8 bytes; `None` for anything else.
fn receive(data: &JsValue) -> Option<FromWorker> {
    if let Some(text) = data.as_string() {
        return live::read(&text);
    }
    let parts = data.dyn_ref::<js_sys::Array>().filter(|parts| parts.length() == 2)?;
    let document = String::from_utf8(parts.get(1).dyn_into::<js_sys::Uint8Array>().ok()?.to_vec()).ok()?;
    live::from_parts(&parts.get(0).as_string()?, document)
}

/// 16 bytes from the browser's cryptographic generator (a room id's 128 bits).
pub fn random_bytes() -> Option<[u8; 16]> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut bytes = [0u8; 16];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// The site's default relay (`{"relay": "wss://…"}` in `okrpad.config.json`), if any.
pub async fn default_relay() -> Option<String> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(CONFIG)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    let config: serde_json::Value = serde_json::from_str(&text).ok()?;
    config.get("relay")?.as_str().map(str::to_owned)
}
