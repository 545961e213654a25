//! A menu button: a button that shows and hides a panel of actions under it (the
//! disclosure pattern: `aria-expanded` and `aria-controls` on the button). The header
//! keeps its rarer actions (documents, files) in these, so one compact row is left
//! above the tree.
//!
//! A panel, not an ARIA `menu`: it holds selects and a file picker besides buttons,
//! which a `menu` may not. The keyboard works as in a menu all the same: Enter, Space
//! or ↓ on the button opens the panel with focus on its first control; ↓ and ↑ move
//! between the panel's buttons (a select keeps its arrows), Home and End go to the
//! ends; Escape closes it and puts focus back on the button; so does choosing an
//! action, and focus leaving the menu closes it.

use leptos::ev::{FocusEvent, KeyboardEvent, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn MenuButton(
    /// The button's words (an arrow is added).
    #[prop(into)]
    label: Signal<String>,
    /// The button's `data-testid`; the panel's id is derived from it.
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let button_ref = NodeRef::<leptos::html::Button>::new();
    let panel_ref = NodeRef::<leptos::html::Div>::new();
    let panel_id = format!("{testid}-panel");

    let focus_button = move || {
        if let Some(button) = button_ref.get_untracked() {
            let _ = button.focus();
        }
    };
    // After the update that shows the panel, and before the next key (see
    // `browser::focus`): a key typed at once goes to the panel.
    let focus_item = move |last: bool| {
        crate::browser::focus::after_render(move || {
            let Some(panel) = panel_ref.get_untracked() else { return };
            let items = crate::browser::focus::controls(&panel);
            if let Some(item) = if last { items.last() } else { items.first() } {
                let _ = item.focus();
            }
        });
    };
    let on_click = move |ev: MouseEvent| {
        let opening = !open.get_untracked();
        open.set(opening);
        // A click from the keyboard (Enter or Space: no pointer, detail 0) opens onto
        // the first control, as a menu button does.
        if opening && ev.detail() == 0 {
            focus_item(false);
        }
    };
    let on_button_key = move |ev: KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            open.set(true);
            focus_item(ev.key() == "ArrowUp");
        }
        // Opened by a click, focus is still on the button.
        "Escape" if open.get_untracked() => {
            ev.prevent_default();
            ev.stop_propagation();
            open.set(false);
        }
        _ => {}
    };
    let on_panel_key = move |ev: KeyboardEvent| {
        let Some(panel) = panel_ref.get_untracked() else { return };
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        let key = ev.key();
        if key == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            open.set(false);
            focus_button();
            return;
        }
        // A select uses the arrow keys itself.
        if target.as_ref().is_some_and(|t| t.tag_name() == "SELECT") {
            return;
        }
        let items = crate::browser::focus::controls(&panel);
        let at = target.and_then(|t| items.iter().position(|i| *i == t));
        let next = match (key.as_str(), at) {
            ("ArrowDown", Some(i)) => Some((i + 1) % items.len()),
            ("ArrowUp", Some(i)) => Some((i + items.len() - 1) % items.len()),
            ("Home", _) => Some(0),
            ("End", _) => items.len().checked_sub(1),
            _ => None,
        };
        if let Some(item) = next.and_then(|n| items.get(n)) {
            ev.prevent_default();
            let _ = item.focus();
        }
    };
    // Choosing an action closes the menu. A button that opened a dialog has moved focus
    // there; otherwise focus goes back to the menu button instead of being lost with
    // the hidden panel.
    let on_panel_click = move |ev: MouseEvent| {
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button").ok().flatten())
            .is_some();
        if on_button {
            open.set(false);
            let inside = panel_ref
                .get_untracked()
                .zip(web_sys::window().and_then(|w| w.document()))
                .is_some_and(|(panel, document)| document.active_element().is_some_and(|a| panel.contains(Some(&a))));
            if inside {
                focus_button();
            }
        }
    };
    let on_focusout = move |ev: FocusEvent| {
        let leaving = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let Some(menu) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        // Focus went elsewhere on the page (or to nothing: a click outside).
        if !leaving.is_some_and(|n| menu.contains(Some(&n))) {
            open.set(false);
        }
    };
    view! {
        <div class="menu" on:focusout=on_focusout>
            <button type="button" class="menu-button" node_ref=button_ref data-testid=testid
                aria-expanded=move || open.get().to_string() aria-controls=panel_id.clone()
                on:click=on_click on:keydown=on_button_key>
                {move || label.get()}<span class="menu-arrow" aria-hidden="true">" ▾"</span>
            </button>
            <div class="menu-panel" id=panel_id node_ref=panel_ref hidden=move || !open.get()
                on:keydown=on_panel_key on:click=on_panel_click>
                {children()}
            </div>
        </div>
    }
}
