//! Offline use: registers the service worker (`sw.js`, written into each build by
//! scripts/sw.sh), which keeps the app's files so it opens without a network after the
//! first visit. DESIGN.md ("Offline") says how its cache follows new deploys.

use wasm_bindgen::prelude::Closure;

/// How long after the first screen is painted the service worker is registered.
///
/// Installing it fetches every file of the build again (the page, the Wasm, the meeting
/// screens' modules: about 45 requests), and that competes with the page's own start:
/// registered while the app mounted, it held a stored document's first screen back by
/// 45 ms before the meeting screens were split off and by about 115 ms after (medians
/// of seven visits each, taken in turn with the worker blocked). A second is enough
/// for a 2,000-objective tree to finish its slices first; a visitor who leaves sooner
/// gets the offline copy on the next visit.
const REGISTER_AFTER_FIRST_PAINT: std::time::Duration = std::time::Duration::from_secs(1);

/// Registers the service worker once the first screen is on show
/// ([`REGISTER_AFTER_FIRST_PAINT`]).
pub fn register_after_first_paint() {
    crate::browser::platform::after_next_paint(|| leptos::prelude::set_timeout(register, REGISTER_AFTER_FIRST_PAINT));
}

/// Registers `sw.js` beside the page. The URL is relative, so a copy of dist/ under a
/// sub-path gets a worker scoped to that sub-path. Where there is no service worker
/// (an old browser, a `file://` page, some private modes), the app just works online:
/// a failure is logged as a warning, never raised.
fn register() {
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
