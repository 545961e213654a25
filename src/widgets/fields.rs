//! Form fields that are safe to bind to a document that recomputes on every keystroke.
//!
//! Two things break naive two-way binding in a live editor:
//! - **Input methods.** Chinese is typed through composition: the field shows pinyin
//!   until a character is chosen. Writing the half-composed text into the document
//!   (and so back into the field) cancels the composition. So a field commits only
//!   when no composition is in progress (`InputEvent.isComposing`), and once more at
//!   `compositionend`.
//! - **The caret.** The field's value is set from the document only when it differs
//!   from what the field already shows, so re-renders caused by the user's own typing
//!   never move the caret.
//!
//! Every field has a visible or `aria-label` label, and Escape restores the value the
//! field had when it got focus.

use leptos::ev::{CompositionEvent, Event, FocusEvent, KeyboardEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The text of the `<input>` or `<textarea>` an event came from.
pub(crate) fn field_value(ev: &Event) -> Option<String> {
    let target = ev.target()?;
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(input.value());
    }
    target.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|t| t.value())
}

fn set_field_value(target: &web_sys::EventTarget, value: &str) {
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        if input.value() != value {
            input.set_value(value);
        }
    } else if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>()
        && area.value() != value
    {
        area.set_value(value);
    }
}

thread_local! {
    /// An input method is composing in some field (between compositionstart and end).
    static COMPOSING: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
}

/// Whether an input method is composing text now (watched on the window, once).
fn composing() -> bool {
    COMPOSING.with(|c| match c.get() {
        Some(on) => on,
        None => {
            c.set(Some(false));
            for (name, on) in [("compositionstart", true), ("compositionend", false)] {
                let handle = window_event_listener_untyped(name, move |_| COMPOSING.with(|c| c.set(Some(on))));
                std::mem::forget(handle);
            }
            false
        }
    })
}

/// Keeps the field `node` showing `value`, writing it only when it differs from what
/// the field shows, so the user's own typing never moves the caret. A change from
/// outside (a colleague in a live room) waits while the focused field is composing
/// with an input method: writing then would cancel the composition.
pub(crate) fn follow_document<E>(value: Signal<String>, node: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let _ = composing();
    Effect::new(move |_| {
        let text = value.get();
        if let Some(field) = node.get() {
            let element: &web_sys::Element = field.unchecked_ref();
            let focused = document().active_element().is_some_and(|active| &active == element);
            if focused && composing() {
                return;
            }
            set_field_value(field.unchecked_ref(), &text);
        }
    });
}

pub(crate) fn is_composing(ev: &Event) -> bool {
    ev.dyn_ref::<web_sys::InputEvent>().is_some_and(|e| e.is_composing())
}

/// Event handlers shared by text-like fields: commit on input outside compositions
/// and at the end of one; Escape reverts to the value at focus; `on_enter` (if any)
/// runs on Enter, after committing.
struct Handlers {
    on_input: Box<dyn Fn(Event)>,
    on_composition_end: Box<dyn Fn(CompositionEvent)>,
    on_focus: Box<dyn Fn(FocusEvent)>,
    on_blur: Box<dyn Fn(FocusEvent)>,
    on_keydown: Box<dyn Fn(KeyboardEvent)>,
}

fn handlers(
    value: Signal<String>,
    commit: Callback<String>,
    on_enter: Option<Callback<()>>,
    on_done: Option<Callback<()>>,
) -> Handlers {
    let at_focus = StoredValue::new(String::new());
    Handlers {
        on_input: Box::new(move |ev: Event| {
            if !is_composing(&ev)
                && let Some(text) = field_value(&ev)
            {
                commit.run(text);
            }
        }),
        on_composition_end: Box::new(move |ev: CompositionEvent| {
            if let Some(text) = field_value(&ev) {
                commit.run(text);
            }
        }),
        on_focus: Box::new(move |_| at_focus.set_value(value.get_untracked())),
        on_blur: Box::new(move |_| {
            // A field moved elsewhere in the tree (indent, outdent) loses focus as it is
            // taken out, after its card's callbacks are gone: nothing is left to end.
            if let Some(done) = on_done {
                let _ = done.try_run(());
            }
        }),
        on_keydown: Box::new(move |ev: KeyboardEvent| {
            if ev.is_composing() {
                return; // Enter and Escape belong to the input method while composing.
            }
            match ev.key().as_str() {
                "Escape" => {
                    let original = at_focus.get_value();
                    commit.run(original.clone());
                    if let Some(target) = ev.target() {
                        set_field_value(&target, &original);
                    }
                }
                "Enter" if on_enter.is_some() && !ev.shift_key() => {
                    ev.prevent_default();
                    if let Some(enter) = on_enter {
                        enter.run(());
                    }
                }
                _ => {}
            }
        }),
    }
}

/// A one-line text field bound to `value`, calling `commit` with each settled text.
#[component]
pub fn TextField(
    #[prop(into)] value: Signal<String>,
    commit: Callback<String>,
    /// Accessible name; shown as the placeholder too.
    #[prop(into)]
    label: Signal<String>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] class: Option<String>,
    /// Runs on Enter (for "add the next one").
    #[prop(optional)]
    on_enter: Option<Callback<()>>,
    /// Runs when the field loses focus (to end an undo group).
    #[prop(optional)]
    on_done: Option<Callback<()>>,
    #[prop(optional, into)] input_type: Option<&'static str>,
    #[prop(optional, into)] testid: Option<&'static str>,
) -> impl IntoView {
    let h = handlers(value, commit, on_enter, on_done);
    let node = NodeRef::<leptos::html::Input>::new();
    // Set the DOM value only when the document's differs from what is shown.
    follow_document(value, node);
    view! {
        <input
            node_ref=node
            type=input_type.unwrap_or("text")
            id=id
            class=class
            data-testid=testid
            aria-label=move || label.get()
            placeholder=move || label.get()
            value=value.get_untracked()
            on:input=h.on_input
            on:compositionend=h.on_composition_end
            on:focus=h.on_focus
            on:blur=h.on_blur
            on:keydown=h.on_keydown
        />
    }
}

/// A title: one paragraph that wraps and grows with its text instead of being
/// clipped, with the same rules as [`TextField`]. Enter never breaks the line (it runs
/// `on_enter`, "add the next key result"); Shift+Enter is ignored for the same reason.
///
/// The height follows the text through CSS `field-sizing: content`, so the browser
/// sizes a thousand titles in one layout pass; where that is not supported the field
/// grows as the user types (it never measures at render time, which would force a
/// layout per card on a big tree).
#[component]
pub fn TitleField(
    #[prop(into)] value: Signal<String>,
    commit: Callback<String>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] id: String,
    #[prop(into)] testid: &'static str,
    on_enter: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let h = handlers(value, commit, Some(on_enter), Some(on_done));
    let node = NodeRef::<leptos::html::Textarea>::new();
    follow_document(value, node);
    let on_keydown = h.on_keydown;
    let on_input = h.on_input;
    view! {
        <textarea
            node_ref=node
            id=id
            class="title-input"
            rows="1"
            data-testid=testid
            aria-label=move || label.get()
            placeholder=move || label.get()
            prop:value=value.get_untracked()
            on:input=move |ev: Event| {
                grow(&ev);
                on_input(ev);
            }
            on:compositionend=h.on_composition_end
            on:focus=h.on_focus
            on:blur=h.on_blur
            on:keydown=move |ev: KeyboardEvent| {
                if !ev.is_composing() && ev.key() == "Enter" && ev.shift_key() {
                    ev.prevent_default();
                }
                on_keydown(ev);
            }
        ></textarea>
    }
}

/// Whether the browser sizes fields by their content (`field-sizing: content`); asked
/// once, since measuring a field on every keystroke would force a layout each time.
fn sizes_fields_itself() -> bool {
    thread_local! {
        static SUPPORTED: bool = (|| {
            let window: wasm_bindgen::JsValue = web_sys::window()?.into();
            let css = js_sys::Reflect::get(&window, &"CSS".into()).ok()?;
            let supports: js_sys::Function = js_sys::Reflect::get(&css, &"supports".into()).ok()?.dyn_into().ok()?;
            supports.call2(&css, &"field-sizing".into(), &"content".into()).ok()?.as_bool()
        })()
        .unwrap_or(false);
    }
    SUPPORTED.with(|s| *s)
}

/// Grows a textarea to its text where CSS `field-sizing` does not.
fn grow(ev: &Event) {
    if sizes_fields_itself() {
        return;
    }
    if let Some(area) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        && area.scroll_height() > area.client_height()
    {
        // Only fails on a detached element, which has no height to fix.
        let _ = area.set_attribute("style", &format!("height:{}px", area.scroll_height() + 2));
    }
}

/// A multi-line text field (notes, blockers), with the same rules as [`TextField`].
#[component]
pub fn TextArea(
    #[prop(into)] value: Signal<String>,
    commit: Callback<String>,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional)] on_done: Option<Callback<()>>,
) -> impl IntoView {
    let h = handlers(value, commit, None, on_done);
    let node = NodeRef::<leptos::html::Textarea>::new();
    follow_document(value, node);
    view! {
        <textarea
            node_ref=node
            id=id
            rows="2"
            aria-label=move || label.get()
            placeholder=move || label.get()
            prop:value=value.get_untracked()
            on:input=h.on_input
            on:compositionend=h.on_composition_end
            on:focus=h.on_focus
            on:blur=h.on_blur
            on:keydown=h.on_keydown
        ></textarea>
    }
}

/// A `<select>` over fixed options: `(value, label)` pairs, setting a value.
#[component]
pub fn Choice(
    #[prop(into)] value: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    commit: Callback<String>,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <select
            id=id
            data-testid=testid
            aria-label=move || label.get()
            prop:value=move || value.get()
            on:change=move |ev| commit.run(event_target_value(&ev))
        >
            {option_list(value, options)}
        </select>
    }
}

/// A `<select>` whose choice does something (open a document, create one), rather than
/// set a value. Chromium on Linux and Windows fires `change` for every arrow key on a
/// closed select, so arrows there would open or create a document at each press; this
/// one takes a change made by a key (arrows, Home, End, typing a name) as browsing,
/// acts on Enter, and shows its value again if focus leaves first. A pick from the open
/// list (a click, or Enter in it) acts at once, as on any select.
#[component]
pub fn ActionChoice(
    #[prop(into)] value: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    commit: Callback<String>,
    #[prop(into)] label: Signal<String>,
    testid: &'static str,
) -> impl IntoView {
    // A key is down: the change it makes is browsing (keyup comes after the change).
    let keyed = StoredValue::new(false);
    let browsing_key = |key: &str| {
        matches!(key, "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End" | "PageUp" | "PageDown")
            || (key.chars().count() == 1 && key != " ")
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" {
            let shown = event_target_value(&ev);
            if shown != value.get_untracked() {
                ev.prevent_default();
                commit.run(shown);
            }
        } else if browsing_key(&ev.key()) {
            keyed.set_value(true);
        }
    };
    let on_change = move |ev: Event| {
        if !keyed.get_value() {
            commit.run(event_target_value(&ev));
        }
    };
    let on_blur = move |ev: FocusEvent| {
        if let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
            select.set_value(&value.get_untracked());
        }
    };
    view! {
        <select
            data-testid=testid
            aria-label=move || label.get()
            prop:value=move || value.get()
            on:keydown=on_keydown
            on:keyup=move |_| keyed.set_value(false)
            on:change=on_change
            on:blur=on_blur
        >
            {option_list(value, options)}
        </select>
    }
}

/// A select's options, the one `value` names selected.
fn option_list(value: Signal<String>, options: Signal<Vec<(String, String)>>) -> impl IntoView {
    move || {
        let current = value.get();
        options
            .get()
            .into_iter()
            .map(|(v, text)| {
                let selected = v == current;
                view! { <option value=v selected=selected>{text}</option> }
            })
            .collect_view()
    }
}
