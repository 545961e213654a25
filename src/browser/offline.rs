//! Offline use: registers the service worker (`sw.js`, written into each build by
//! scripts/sw.sh), which keeps the app's files so it opens without a network after the
//! first visit. DESIGN.md ("Offline") says how its cache follows new deploys.

use wasm_bindgen::prelude::Closure;

/// Registers `sw.js` beside the page. The URL is relative, so a copy of dist/ under a
/// sub-path gets a worker scoped to that sub-path. Where there is no service worker
/// (an old browser, a `file://` page, some private modes), the app just works online:
/// a failure is logged as a warning, never raised.
pub fn register() {
    let Some(window) = web_sys::window() else { return };
    // `navigator.serviceWorker` is missing on insecure origins; web-sys would hand out
    // `undefined` as the container, so look first.
    let has = js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false);
    if !has {
        return;
    }
    let promise = window.navigator().service_worker().register("sw.js");
    let warn = Closure::new(|error: wasm_bindgen::JsValue| {
        leptos::logging::warn!("offline use unavailable: {error:?}");
    });
    let _ = promise.catch(&warn);
    // Once per page load: kept alive for the promise's sake rather than tracked.
    warn.forget();
}

/// Asks the service worker to keep the live worker's files (it fetches what it lacks),
/// so a live document opens offline even when its session began on a first visit,
/// before the service worker controlled the page.
pub fn keep_live_worker() {
    let Some(window) = web_sys::window() else { return };
    if !js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let ask = Closure::new(|registration: wasm_bindgen::JsValue| {
        use wasm_bindgen::JsCast;
        if let Some(worker) =
            registration.dyn_into::<web_sys::ServiceWorkerRegistration>().ok().and_then(|r| r.active())
        {
            let _ = worker.post_message(&"cache-live".into());
        }
    });
    if let Ok(ready) = window.navigator().service_worker().ready() {
        let _ = ready.then(&ask);
    }
    // Once per live session: kept alive for the promise's sake rather than tracked.
    ask.forget();
}
