//! A text field that searches a list and picks from it: the ARIA 1.2 combobox
//! pattern with list autocomplete. Typing filters (the caller derives the options
//! from the query, usually through a core search function), ↓/↑ move through the
//! options, Enter picks the active one, Esc closes the list (and a second Esc clears
//! the query); a click picks too. Focus stays in the field throughout, and the active
//! option is named by `aria-activedescendant`, as screen readers expect.
//!
//! The field follows the input-method rules of [`fields`](super::fields): the query
//! changes only outside a composition, so pinyin never filters the list half-typed.

use leptos::ev::{Event, KeyboardEvent};
use leptos::prelude::*;

use super::fields::{field_value, follow_document, is_composing};

/// One option of a [`Combobox`]: the value it stands for, its text, and a second line.
#[derive(Clone, Debug, PartialEq)]
pub struct ComboOption {
    pub value: String,
    pub text: String,
    pub detail: String,
}

#[component]
pub fn Combobox(
    /// What is typed; the caller derives `options` from it.
    query: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<ComboOption>>,
    /// Runs with the value of the option picked.
    choose: Callback<String>,
    /// The field's accessible name (its visible label points at `id`).
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] placeholder: Signal<String>,
    /// Said when nothing matches the query.
    #[prop(into)]
    empty: Signal<String>,
    #[prop(into)] id: String,
    testid: &'static str,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let count = move || options.with(Vec::len);
    let list_id = format!("{id}-list");
    let option_id = StoredValue::new(id.clone());
    let option_dom_id = move |i: usize| format!("{}-option-{i}", option_id.get_value());
    let set_active = move |i: Option<usize>| {
        active.set(i);
        if let Some(i) = i {
            crate::browser::focus::scroll_into_view_later(option_dom_id(i));
        }
    };
    let pick = move |i: usize| {
        if let Some(option) = options.with_untracked(|o| o.get(i).cloned()) {
            choose.run(option.value);
            query.set(String::new());
            open.set(false);
            active.set(None);
        }
    };
    let typed = move |text: String| {
        let some = !text.trim().is_empty();
        query.set(text);
        open.set(true);
        // The first match is active as soon as there is a query, so Enter takes it.
        active.set(some.then_some(0).filter(|_| count() > 0));
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.is_composing() {
            return; // Enter and the arrows belong to the input method while composing.
        }
        let n = count();
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                open.set(true);
                if n > 0 {
                    set_active(Some(active.get_untracked().map_or(0, |a| (a + 1).min(n - 1))));
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                open.set(true);
                if n > 0 {
                    set_active(Some(active.get_untracked().map_or(n - 1, |a| a.saturating_sub(1))));
                }
            }
            "Enter" => {
                if let Some(i) = active.get_untracked().filter(|_| open.get_untracked()) {
                    ev.prevent_default();
                    pick(i);
                }
            }
            "Escape" => {
                // The list's Esc, not the panel's or the page's.
                if open.get_untracked() {
                    ev.prevent_default();
                    ev.stop_propagation();
                    open.set(false);
                    active.set(None);
                } else if !query.get_untracked().is_empty() {
                    ev.prevent_default();
                    ev.stop_propagation();
                    query.set(String::new());
                }
            }
            _ => {}
        }
    };
    let node = NodeRef::<leptos::html::Input>::new();
    follow_document(query.into(), node);
    let expanded = move || open.get() && count() > 0;
    let list_for_input = list_id.clone();
    view! {
        <div class="combobox">
            <input node_ref=node id=id type="text" role="combobox" data-testid=testid autocomplete="off"
                aria-autocomplete="list" aria-controls=list_for_input
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().filter(|_| expanded()).map(option_dom_id)
                aria-label=move || label.get() placeholder=move || placeholder.get()
                on:input=move |ev: Event| if !is_composing(&ev) && let Some(text) = field_value(&ev) { typed(text) }
                on:compositionend=move |ev| if let Some(text) = field_value(&ev) { typed(text) }
                on:click=move |_| open.update(|o| *o = !*o)
                on:blur=move |_| { open.set(false); active.set(None); }
                on:keydown=on_keydown/>
            <ul class="combobox-list" role="listbox" id=list_id data-testid=format!("{testid}-list")
                aria-label=move || label.get() hidden=move || !expanded()>
                {move || options.get().into_iter().enumerate().map(|(i, option)| view! {
                    <li role="option" id=option_dom_id(i) data-value=option.value.clone()
                        aria-selected=move || (active.get() == Some(i)).to_string()
                        class:active=move || active.get() == Some(i)
                        // Keep focus in the field: the click picks, the blur would close first.
                        on:mousedown=|ev| ev.prevent_default()
                        on:click=move |_| pick(i)>
                        <span class="combobox-text">{option.text}</span>
                        <span class="combobox-detail">{option.detail}</span>
                    </li>
                }).collect_view()}
            </ul>
            <Show when=move || open.get() && count() == 0>
                <p class="combobox-empty" role="status">{move || empty.get()}</p>
            </Show>
        </div>
    }
}
