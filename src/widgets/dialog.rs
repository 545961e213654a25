//! The one dialog shell: a labelled modal over a backdrop that takes the focus when it
//! opens, keeps Tab inside while open, closes on Escape or a click outside and gives
//! the focus back to where it was, so every dialog behaves the same for keyboard and
//! screen-reader users.

use std::cell::Cell;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

use crate::browser::focus;

/// A labelled dialog over a backdrop. It takes the focus when it opens (its
/// `autofocus` control, or itself); Tab and Shift+Tab go round its controls, as the
/// page behind is not reachable while it is open (`aria-modal`); Escape or a click
/// outside closes it, and the focus goes back to the control it came from (the one
/// that opened the dialog, or the menu button of the item that did), unless the
/// action that closed the dialog put it somewhere on purpose.
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
    // The element focus is taken from (Rc: shared by the frame that takes it and the
    // cleanup that gives it back; SendWrapper: cleanups must be Send, and Wasm has one thread).
    let opener: SendWrapper<Rc<Cell<Option<HtmlElement>>>> = SendWrapper::new(Rc::default());
    let taken_from = opener.clone();
    request_animation_frame(move || {
        // Closed again before this frame (a quick Escape): nothing to focus.
        if section.is_disposed() {
            return;
        }
        if let Some(section) = section.get_untracked() {
            taken_from.set(focus::active_element());
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
    on_cleanup(move || {
        escape.remove();
        let Some(opener) = (*opener).take() else { return };
        // Once the dialog is gone: the focus went with it to the page's body, unless
        // the closing action moved it on purpose (then it stays there).
        focus::after_render(move || {
            if focus::active_element().is_none() && opener.is_connected() {
                let _ = opener.focus();
            }
        });
    });
    // Tab from the last control goes to the first, Shift+Tab from the first (or the
    // dialog itself) to the last.
    let keep_tab_inside = move |ev: KeyboardEvent| {
        if ev.key() != "Tab" {
            return;
        }
        let Some(section) = section.get_untracked() else { return };
        let controls: Vec<HtmlElement> = focus::controls(&section)
            .into_iter()
            .filter(|c| c.tab_index() >= 0 && c.offset_parent().is_some())
            .collect();
        let (Some(first), Some(last)) = (controls.first(), controls.last()) else { return };
        let at = focus::active_element();
        let at_edge = if ev.shift_key() {
            at.is_none_or(|a| a == *first || a.is_same_node(Some(&section)))
        } else {
            at.is_some_and(|a| a == *last)
        };
        if at_edge {
            ev.prevent_default();
            let _ = if ev.shift_key() { last.focus() } else { first.focus() };
        }
    };
    view! {
        <div class="sheet-backdrop" on:click=move |_| close.run(())></div>
        <section class="sheet" role=role aria-modal="true" aria-labelledby=labelled_by data-testid=testid
            tabindex="-1" node_ref=section on:keydown=keep_tab_inside>
            <h2 id=heading>{move || title.get()}</h2>
            {children()}
        </section>
    }
}
