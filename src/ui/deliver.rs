//! Handing text to the user outside the page: as a downloaded file or on the
//! clipboard. Browser adapters only; each failure comes back as `false`, never a panic.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Offers `text` as a download named `name` of type `mime`. Returns whether the
/// browser took it.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let attempt = || -> Option<()> {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let anchor = document.create_element("a").ok()?.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
        // The click has started the download; the object URL is no longer needed.
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    attempt().is_some()
}

/// Puts `text` on the clipboard; `done` learns whether it worked (the browser may
/// refuse, for example without a user gesture or permission).
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        done(false);
        return;
    };
    let promise = clipboard.write_text(text);
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let on_ok = {
        let done = done.clone();
        Closure::once(move |_: JsValue| {
            if let Some(f) = done.borrow_mut().take() {
                f(true);
            }
        })
    };
    let on_error = Closure::once(move |_: JsValue| {
        if let Some(f) = done.borrow_mut().take() {
            f(false);
        }
    });
    let _ = promise.then2(&on_ok, &on_error);
    // Each runs at most once, when the promise settles; let JS own them until then.
    on_ok.forget();
    on_error.forget();
}
