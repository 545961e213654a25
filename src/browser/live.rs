//! The live worker at the edge: starting it, talking to it, random room ids and the
//! site's `okrpad.config.json`.
//!
//! The worker (crates/live-worker) is built by Trunk next to the app, under its crate's
//! name without a hash, and started only when a document goes live: a first visit
//! never downloads the engine.

use std::cell::RefCell;
use std::rc::Rc;

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
    /// Messages posted before the worker said it listens (`None` once it has).
    waiting: Rc<RefCell<Option<Vec<String>>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl LiveWorker {
    /// Starts the worker; `on_message` gets each message it sends, `on_crash` runs if
    /// it dies (the engine aborted on something from the relay).
    pub fn start(on_message: impl Fn(FromWorker) + 'static, on_crash: impl Fn() + 'static) -> Result<LiveWorker, Text> {
        let worker = web_sys::Worker::new(WORKER_SCRIPT)
            .map_err(|_| Text::new("无法启动实时协作引擎", "the live editing engine could not be started"))?;
        let waiting = Rc::new(RefCell::new(Some(Vec::<String>::new())));
        let (queue, target) = (waiting.clone(), worker.clone());
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            match receive(&event.data()) {
                Some(FromWorker::Ready) => {
                    // The worker listens at last: what was posted meanwhile goes now.
                    for text in queue.borrow_mut().take().unwrap_or_default() {
                        let _ = target.post_message(&JsValue::from_str(&text));
                    }
                }
                Some(message) => on_message(message),
                None => {}
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
        Ok(LiveWorker { worker, waiting, _on_message: on_message, _on_error: on_error })
    }

    /// Sends `text` to the worker, or holds it until the worker listens.
    pub fn post(&self, text: &str) {
        if let Some(queue) = self.waiting.borrow_mut().as_mut() {
            queue.push(text.to_owned());
            return;
        }
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

/// A message from the worker (`okrpad_core::live`, "How a message travels"): one JSON
/// text, or a document's header and text; `None` for anything else.
fn receive(data: &JsValue) -> Option<FromWorker> {
    if let Some(text) = data.as_string() {
        return live::read(&text);
    }
    let parts = data.dyn_ref::<js_sys::Array>().filter(|parts| parts.length() == 2)?;
    live::from_parts(&parts.get(0).as_string()?, parts.get(1).as_string()?)
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
