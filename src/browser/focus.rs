//! Moving keyboard focus to an element once the update that creates it has rendered.

use leptos::prelude::*;

/// Moves keyboard focus to the element with DOM id `id` once the current update has
/// been rendered (the element may be new).
pub fn focus_later(id: String) {
    focus_later_at(id, None);
}

/// Like [`focus_later`], and puts the caret at `caret` (a moved card's title field is
/// a new element, which would otherwise start with the caret at 0).
pub fn focus_later_at(id: String, caret: Option<u32>) {
    focus_when_rendered(id, move |element| {
        use wasm_bindgen::JsCast;
        if let (Some(caret), Some(input)) = (caret, element.dyn_ref::<web_sys::HtmlInputElement>()) {
            let _ = input.set_selection_range(caret, caret);
        }
        if let (Some(caret), Some(area)) = (caret, element.dyn_ref::<web_sys::HtmlTextAreaElement>()) {
            let _ = area.set_selection_range(caret, caret);
        }
    });
}

/// Like [`focus_later`], with the field's text selected, so typing replaces it (a new
/// document's placeholder name).
pub fn focus_later_selected(id: String) {
    focus_when_rendered(id, |element| {
        use wasm_bindgen::JsCast;
        if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
            input.select();
        }
    });
}

fn focus_when_rendered(id: String, then: impl FnOnce(&web_sys::HtmlElement) + 'static) {
    // A zero timeout runs after the microtasks that render the update, and (unlike the
    // next animation frame) before the next key event, so a quick second Alt+↓ on a
    // moved key result still finds the focus in it.
    set_timeout(
        move || {
            use wasm_bindgen::JsCast;
            let element = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(element) = element {
                // Focus can only fail for an element that cannot take it; nothing to do then.
                let _ = element.focus();
                then(&element);
            }
        },
        std::time::Duration::ZERO,
    );
}
