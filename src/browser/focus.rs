//! Moving keyboard focus to an element once the update that creates it has rendered.
//!
//! Focus must land before the next key event: a facilitator types the moment a new
//! field appears, and a key that arrives while focus is still on the button that made
//! the field is lost (a letter) or presses the button again (Space, Enter). Leptos
//! renders an update in microtasks (its effects run on `wasm-bindgen-futures`' queue),
//! and every microtask runs before the browser dispatches the next event. So focus is
//! moved from a task on that same queue, which yields until the element is there, and
//! is in place before any key typed after the click or Enter is handled. A timeout,
//! by contrast, can run after input events that Chrome schedules first: keys typed
//! at full speed went to the button.

use leptos::prelude::*;

/// How many rounds of the render queue to wait for the element before falling back
/// to a timeout (an element built by a later animation frame, such as a slice of a
/// very large tree).
const ROUNDS: usize = 64;

/// Runs `f` once the update under way has been rendered (after the effects it woke,
/// before the next event), such as moving focus into a panel that it shows.
pub fn after_render(f: impl FnOnce() + 'static) {
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        f();
    });
}

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

/// Focuses the element with DOM id `id` as soon as it is rendered, then runs `then` on it.
fn focus_when_rendered(id: String, then: impl Fn(&web_sys::HtmlElement) + 'static) {
    leptos::task::spawn_local(async move {
        // Queued behind the effects this update woke: after a move, the element with
        // this id may still be the old one, about to be replaced.
        leptos::task::tick().await;
        for _ in 0..ROUNDS {
            if focus_now(&id, &then) {
                return;
            }
            leptos::task::tick().await;
        }
        set_timeout(
            move || {
                focus_now(&id, &then);
            },
            std::time::Duration::ZERO,
        );
    });
}

/// Focuses the element with DOM id `id` now and runs `then` on it; false when there is
/// no such element yet.
fn focus_now(id: &str, then: &dyn Fn(&web_sys::HtmlElement)) -> bool {
    use wasm_bindgen::JsCast;
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    // Focus can only fail for an element that cannot take it; nothing to do then.
    let _ = element.focus();
    then(&element);
    true
}

/// Scrolls the element with DOM id `id` into view within its scrolling box, once the
/// current update has rendered (the active option of a list box the keyboard moved).
pub fn scroll_into_view_later(id: String) {
    after_render(move || {
        if let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id)) {
            element.scroll_into_view_with_bool(false);
        }
    });
}

/// The controls inside `panel` that can take focus (buttons, fields, selects and
/// links, not disabled), in document order: a menu's items, a dialog's first and last.
pub fn controls(panel: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let mut found = Vec::new();
    let mut next = panel.first_element_child();
    // Depth first without recursion: down to the first child, else on to the next
    // sibling, else up until an ancestor (below the panel) has one.
    while let Some(element) = next {
        let control = match element.tag_name().as_str() {
            "BUTTON" | "SELECT" | "INPUT" | "TEXTAREA" => !element.has_attribute("disabled"),
            "A" => element.has_attribute("href"),
            _ => false,
        };
        if control && let Ok(html) = element.clone().dyn_into::<web_sys::HtmlElement>() {
            found.push(html);
        }
        next = element.first_element_child().or_else(|| {
            let mut at = Some(element);
            while let Some(e) = at {
                if let Some(sibling) = e.next_element_sibling() {
                    return Some(sibling);
                }
                at = e.parent_element().filter(|p| p != panel);
            }
            None
        });
    }
    found
}

/// The element that has the keyboard focus, if any does (not the page's body, where
/// focus rests when it is nowhere).
pub fn active_element() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    let active = document.active_element()?;
    if document.body().is_some_and(|body| *body == active) {
        return None;
    }
    active.dyn_into().ok()
}
