//! Keyboard shortcuts that work anywhere in the app. The editor is keyboard-first:
//! everything the mouse can do has a key, listed in the sheet that `?` opens.

use leptos::ev::keydown;
use leptos::prelude::*;

use crate::app::{AppState, Ui};

/// One line of the shortcut sheet: the keys and what they do.
pub const SHEET: &[(&str, Ui)] = &[
    ("Ctrl+Z", Ui::Undo),
    ("Ctrl+Shift+Z / Ctrl+Y", Ui::Redo),
    ("Enter", Ui::ShortcutEnter),
    ("Esc", Ui::ShortcutEsc),
    ("Ctrl+]", Ui::ShortcutIndent),
    ("Ctrl+[", Ui::ShortcutOutdent),
    ("Alt+↑ / Alt+↓", Ui::ShortcutMove),
    ("Tab / Shift+Tab", Ui::ShortcutTab),
    ("?", Ui::ShortcutHelp),
];

/// Whether the key event happens while typing in a field, where `?` is a character.
fn typing(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

pub fn install(state: AppState) {
    let handle = window_event_listener(keydown, move |ev| {
        if ev.is_composing() {
            return;
        }
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let key = ev.key();
        match key.as_str() {
            "z" | "Z" if ctrl && !ev.shift_key() => {
                ev.prevent_default();
                state.undo();
            }
            "z" | "Z" if ctrl => {
                ev.prevent_default();
                state.redo();
            }
            "y" | "Y" if ctrl => {
                ev.prevent_default();
                state.redo();
            }
            "?" if !typing(&ev) => {
                ev.prevent_default();
                state.help_open.update(|open| *open = !*open);
            }
            "Escape" if state.help_open.get_untracked() => state.help_open.set(false),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}
