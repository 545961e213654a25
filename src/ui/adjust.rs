//! Mid-period changes on the record, in the editor: when a change to an objective's
//! title or a key result's target is on the record (`core::adjust::on_record`), the
//! edit is held back and a small dialog asks for the reason; applying it makes the
//! change and its [`Adjustment`](crate::core::model::Adjustment) one undoable step.
//!
//! The editor's fields call [`guard_title`] and [`guard_target`] around their usual
//! commit, so the editor's own code stays as it was. The dialog opens on the first
//! keystroke that would change the value, with the typed text in its own field, so
//! typing simply continues there.

use leptos::prelude::*;

use super::charts::pick;
use super::{AppState, focus_later, focus_later_at, state};
use crate::core::adjust::{Change, adjusted, current, describe, on_record};
use crate::core::model::{Adjustment, Id, parse_number};

/// A change waiting for its reason.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    objective: Id,
    change: Change,
    /// The value before, as shown in the dialog.
    from: String,
    /// The editor field to put back and return to when the dialog closes.
    field: String,
}

#[derive(Clone, Copy)]
struct Dialog(RwSignal<Option<Pending>>);

/// Makes the dialog's state available; called once by the app.
pub fn provide() {
    provide_context(Dialog(RwSignal::new(None)));
}

/// Opens the dialog for `change` when it is on the record; `true` when it did (the
/// caller must then not apply the change itself).
fn intercept(s: AppState, dialog: Option<Dialog>, objective: &Id, change: Change, field: String) -> bool {
    let Some(Dialog(pending)) = dialog else { return false };
    let Some(o) = s.document.with_untracked(|d| d.objective(objective).cloned()) else { return false };
    if !on_record(&o, &change, s.today) {
        return false;
    }
    let from = current(&o, &change).unwrap_or_default();
    // The field keeps showing the document's value; the typed one moves to the dialog.
    restore(&field, &from);
    pending.set(Some(Pending { objective: objective.clone(), change, from, field }));
    focus_later_at("adjust-value".to_owned(), Some(u32::MAX));
    true
}

/// Wraps the commit of objective `id`'s title field (DOM id `field`). Called while the
/// field is built, so the app's context is at hand.
pub fn guard_title(id: Id, field: String, commit: Callback<String>) -> Callback<String> {
    let (s, dialog) = (state(), use_context::<Dialog>());
    Callback::new(move |text: String| {
        if !intercept(s, dialog, &id, Change::Title(text.clone()), field.clone()) {
            commit.run(text);
        }
    })
}

/// Wraps the commit of key result `kr`'s target field (DOM id `field`).
pub fn guard_target(objective: Id, kr: Id, field: String, commit: Callback<String>) -> Callback<String> {
    let (s, dialog) = (state(), use_context::<Dialog>());
    Callback::new(move |text: String| {
        let held = parse_number(&text)
            .is_some_and(|value| intercept(s, dialog, &objective, Change::Target(kr.clone(), value), field.clone()));
        if !held {
            commit.run(text);
        }
    })
}

/// Puts the editor field back to the document's value (the typed text was held back).
fn restore(field: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(field))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        input.set_value(value);
    }
}

/// The dialog, rendered once by the app; shown while a change waits for its reason.
#[component]
pub fn AdjustDialog() -> impl IntoView {
    let s = state();
    let Some(Dialog(pending)) = use_context::<Dialog>() else { return ().into_any() };
    let word = move |zh: &'static str, en: &'static str| pick(s.lang.get(), zh, en);
    let value = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<(&'static str, &'static str)>);
    Effect::new(move |_| {
        if let Some(p) = pending.get() {
            value.set(p.change.to_text());
            reason.set(String::new());
            problem.set(None);
        }
    });
    let close = move || {
        if let Some(p) = pending.get_untracked() {
            restore(&p.field, &p.from);
            pending.set(None);
            focus_later(p.field);
        }
    };
    let apply = move || {
        let Some(p) = pending.get_untracked() else { return };
        let why = reason.get_untracked();
        if why.trim().is_empty() {
            problem.set(Some((
                "请写明调整的原因（数据或决定）。",
                "Give the reason (the data or decision) for the change.",
            )));
            focus_later("adjust-reason".to_owned());
            return;
        }
        let text = value.get_untracked();
        let change = match &p.change {
            Change::Title(_) => Change::Title(text),
            Change::Target(kr, _) => match parse_number(&text) {
                Some(v) => Change::Target(kr.clone(), v),
                None => {
                    problem.set(Some(("目标值必须是数字。", "The target must be a number.")));
                    return;
                }
            },
        };
        let changed =
            s.document.with_untracked(|d| d.objective(&p.objective).and_then(|o| adjusted(o, &change, &why, s.today)));
        if let Some(objective) = changed {
            s.perform(vec![crate::core::edit::Edit::Put { objective }], None);
        }
        pending.set(None);
        focus_later(p.field);
    };
    let is_target = move || pending.with(|p| matches!(p.as_ref().map(|p| &p.change), Some(Change::Target(..))));
    view! {
        <Show when=move || pending.with(Option::is_some)>
            <div class="sheet-backdrop" on:click=move |_| close()></div>
            <div class="sheet adjust-dialog" role="dialog" aria-modal="true" aria-labelledby="adjust-title" data-testid="adjust-dialog"
                on:keydown=move |ev| if ev.key() == "Escape" { ev.prevent_default(); close() }>
                <h2 id="adjust-title">
                    {move || if is_target() { word("周期中调整目标值", "Change the target mid-period") } else { word("周期中修改目标", "Change the objective mid-period") }}
                </h2>
                <p>{move || word(
                    "这个周期已经开始并有进度记录：调整会连同原因一起记录下来（有数据、有理由，而不是随意变更）。",
                    "The period is under way and has check-ins: the change is recorded with its reason (with data and reason, not at random).")}</p>
                <p class="muted">{move || word("原值：", "Was: ")}<span data-testid="adjust-from">{move || pending.with(|p| p.as_ref().map(|p| p.from.clone()).unwrap_or_default())}</span></p>
                <form class="adjust-form" on:submit=move |ev| { ev.prevent_default(); apply() }>
                    <label>{move || word("新值", "New value")}
                        <input id="adjust-value" data-testid="adjust-value" type=move || if is_target() { "number" } else { "text" }
                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                    </label>
                    <label>{move || word("原因（必填）", "Reason (required)")}
                        <textarea id="adjust-reason" data-testid="adjust-reason" rows="3" aria-required="true"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </label>
                    <p class="field-error" role="alert">{move || problem.get().map(|(zh, en)| word(zh, en))}</p>
                    <div class="form-buttons">
                        <button type="submit" data-testid="adjust-apply">{move || word("记录并修改", "Record and change")}</button>
                        <button type="button" data-testid="adjust-cancel" on:click=move |_| close()>{move || word("取消", "Cancel")}</button>
                    </div>
                </form>
            </div>
        </Show>
    }
    .into_any()
}

/// The recorded changes of an objective or key result, newest first; nothing when
/// there are none.
#[component]
pub fn AdjustmentHistory(#[prop(into)] list: Signal<Vec<Adjustment>>) -> impl IntoView {
    let s = state();
    let word = move |zh: &'static str, en: &'static str| pick(s.lang.get(), zh, en);
    view! {
        <Show when=move || list.with(|l| !l.is_empty())>
            <div class="adjustments wide" data-testid="adjustments">
                <h4>{move || word("调整记录", "Changes on the record")}</h4>
                <ul>
                    {move || list.get().into_iter().rev().map(|a| view! {
                        <li><span class="adjust-change">{describe(&a)}</span>" — "<span class="adjust-reason">{a.reason.clone()}</span></li>
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
