//! The one dialog shell: a labelled modal over a backdrop that takes the focus when it
//! opens and closes on Escape or a click outside, so every dialog behaves the same for
//! keyboard and screen-reader users.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A labelled dialog over a backdrop. It takes the focus when it opens (its
/// `autofocus` control, or itself), and Escape or a click outside closes it.
#[component]
pub fn Dialog(
    #[prop(into)] title: Signal<String>,
    testid: &'static str,
    close: Callback<()>,
    /// `alertdialog` for a dialog that reports a problem.
    #[prop(default = "dialog")]
    role: &'static str,
    children: Children,
) -> impl IntoView {
    let heading = format!("{testid}-title");
    let labelled_by = heading.clone();
    let section = NodeRef::<leptos::html::Section>::new();
    request_animation_frame(move || {
        // Closed again before this frame (a quick Escape): nothing to focus.
        if section.is_disposed() {
            return;
        }
        if let Some(section) = section.get_untracked() {
            let target = section
                .query_selector("[autofocus]")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            // Focus only fails on elements that cannot take it; the dialog still works.
            let _ = target.map_or_else(|| section.focus(), |t| t.focus());
        }
    });
    let escape = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == "Escape" && !ev.is_composing() {
            close.run(());
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="sheet-backdrop" on:click=move |_| close.run(())></div>
        <section class="sheet" role=role aria-modal="true" aria-labelledby=labelled_by data-testid=testid
            tabindex="-1" node_ref=section>
            <h2 id=heading>{move || title.get()}</h2>
            {children()}
        </section>
    }
}
