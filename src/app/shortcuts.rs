//! Keyboard shortcuts that work anywhere in the app. The editor is keyboard-first:
//! everything the mouse can do has a key, listed in the sheet that `?` opens.

use leptos::ev::keydown;
use leptos::prelude::*;

use crate::app::AppState;

/// One line of the shortcut sheet: the keys and what they do, in both languages.
pub const SHEET: &[(&str, &str, &str)] = &[
    ("Ctrl+Z", "撤销", "Undo"),
    ("Ctrl+Shift+Z / Ctrl+Y", "重做", "Redo"),
    (
        "Enter",
        "在目标或关键结果标题中：添加下一个关键结果",
        "In an objective or key result title: add the next key result",
    ),
    ("Esc", "取消当前字段的修改", "Cancel the change to the current field"),
    ("Ctrl+]", "缩进：成为上一个目标的下级", "Indent: align under the objective above"),
    ("Ctrl+[", "取消缩进：上移一级", "Outdent: move up one level"),
    ("Alt+↑ / Alt+↓", "在同级中上移 / 下移", "Move up / down among siblings"),
    ("Tab / Shift+Tab", "在字段和按钮之间移动", "Move between fields and buttons"),
    ("?", "显示或隐藏本快捷键表", "Show or hide this sheet"),
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
