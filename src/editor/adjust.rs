//! Mid-period changes on the record, in the editor (see `core::adjust` for the rule).
//!
//! The editor's title and target fields call [`guard_title`] / [`guard_target`]
//! around their commit and [`done_title`] / [`done_target`] around their "field left"
//! handler, so the editor's own code stays as it was. An edit that is on the record
//! carries its adjustment from the first keystroke (`core::adjust::tracked`), in the
//! same undo step as the typing; once the field is left, a [`ReasonPrompt`] in the
//! card asks why. The edit itself is never blocked: in a live meeting the facilitator
//! types the new figure at once and gives the reason a moment later.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::app::AppState;
use crate::app::Ui;
use crate::app::state;
use okrpad_core::edit::Edit;
use okrpad_core::edit::adjust::{Change, Subject, describe, on_record, tracked, waiting, with_reason};
use okrpad_core::model::{Adjustment, Id, parse_number};

/// The value from before each on-the-record edit in progress (its field has focus),
/// by objective and subject.
#[derive(Clone, Copy)]
struct Open(RwSignal<HashMap<(Id, Subject), String>>);

/// Makes the edits-in-progress table available; called once by the app.
pub fn provide() {
    provide_context(Open(RwSignal::new(HashMap::new())));
}

fn open() -> Option<Open> {
    use_context::<Open>()
}

/// Makes `change` of `objective` in undo `group`: tracked when it is (or continues) an
/// edit on the record; `false` when it is an ordinary edit for the field to make.
fn change(s: AppState, open: Option<Open>, objective: &Id, change: &Change, group: String) -> bool {
    let Some(Open(table)) = open else { return false };
    let key = (objective.clone(), change.subject());
    let begun = table.with_untracked(|t| t.get(&key).cloned());
    let Some(o) = s.document.with_untracked(|d| d.objective(objective).cloned()) else { return false };
    let (from, first) = match begun {
        Some(from) => (from, false),
        None if on_record(&o, change, s.today) => match key.1.value(&o) {
            Some(from) => (from, true),
            None => return false,
        },
        None => return false,
    };
    let Some(changed) = tracked(&o, change, &from, first, s.today) else { return false };
    if first {
        table.update(|t| {
            t.insert(key, from);
        });
    }
    s.perform(vec![Edit::Put { objective: changed }], Some(group));
    true
}

/// Ends the edit of `subject` (its field was left): the prompt may ask now.
fn end(open: Option<Open>, objective: &Id, subject: Subject) {
    if let Some(Open(table)) = open
        && table.with_untracked(|t| t.contains_key(&(objective.clone(), subject.clone())))
    {
        table.update(|t| {
            t.remove(&(objective.clone(), subject));
        });
    }
}

/// Wraps the commit of objective `id`'s title field. Called while the field is built,
/// so the app's context is at hand.
pub fn guard_title(id: Id, commit: Callback<String>) -> Callback<String> {
    let (s, open) = (state(), open());
    Callback::new(move |text: String| {
        if !change(s, open, &id, &Change::Title(text.clone()), format!("{id}.title")) {
            commit.run(text);
        }
    })
}

/// Wraps the "field left" handler of objective `id`'s title field.
pub fn done_title(id: Id, done: Callback<()>) -> Callback<()> {
    let open = open();
    Callback::new(move |()| {
        end(open, &id, Subject::Title);
        done.run(());
    })
}

/// Wraps the commit of key result `kr`'s target field.
pub fn guard_target(objective: Id, kr: Id, commit: Callback<String>) -> Callback<String> {
    let (s, open) = (state(), open());
    Callback::new(move |text: String| {
        let held = parse_number(&text).is_some_and(|value| {
            change(s, open, &objective, &Change::Target(kr.clone(), value), format!("{kr}.target"))
        });
        if !held {
            commit.run(text);
        }
    })
}

/// Wraps the "field left" handler of key result `kr`'s target field.
pub fn done_target(objective: Id, kr: Id, done: Callback<()>) -> Callback<()> {
    let open = open();
    Callback::new(move |()| {
        end(open, &objective, Subject::Target(kr.clone()));
        done.run(());
    })
}

/// Beside a field whose change was just recorded: asks for the reason. Shown while
/// the latest change of the day has none and the user has not set the question aside.
#[component]
pub fn ReasonPrompt(objective: Id, #[prop(optional)] key_result: Option<Id>) -> impl IntoView {
    let s = state();
    let subject = StoredValue::new(key_result.map_or(Subject::Title, Subject::Target));
    let objective = StoredValue::new(objective);
    let asking = Memo::new(move |_| {
        s.document.with(|d| {
            let o = d.objective(&objective.get_value())?;
            let subject = subject.get_value();
            let index = waiting(o, &subject, s.today)?;
            let list = match &subject {
                Subject::Title => &o.adjustments,
                Subject::Target(kr) => &o.key_results.iter().find(|k| &k.id == kr)?.adjustments,
            };
            Some((index, describe(&list[index])))
        })
    });
    let dismissed = RwSignal::new(None::<usize>);
    // Not while the field is still being edited: the question comes when it is left.
    let table = open();
    let editing =
        move || table.is_some_and(|Open(t)| t.with(|t| t.contains_key(&(objective.get_value(), subject.get_value()))));
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(false);
    let dom = move |part: &str| {
        let which = match subject.get_value() {
            Subject::Title => "title".to_owned(),
            Subject::Target(kr) => format!("target-{kr}"),
        };
        format!("reason-{part}-{}-{which}", objective.get_value())
    };
    let record = move || {
        let Some((index, _)) = asking.get_untracked() else { return };
        let text = reason.get_untracked();
        if text.trim().is_empty() {
            problem.set(true);
            return;
        }
        let changed = s
            .document
            .with_untracked(|d| with_reason(d.objective(&objective.get_value())?, &subject.get_value(), index, &text));
        if let Some(o) = changed {
            s.perform(vec![Edit::Put { objective: o }], None);
        }
        reason.set(String::new());
        problem.set(false);
    };
    view! {
        <Show when=move || !editing() && asking.with(|a| a.as_ref().is_some_and(|(i, _)| dismissed.get() != Some(*i)))>
            <form class="reason-prompt" data-testid="reason-prompt" role="group" aria-labelledby=dom("title")
                on:submit=move |ev| { ev.prevent_default(); record() }>
                <p id=dom("title") class="reason-title">
                    {move || match subject.get_value() {
                        Subject::Title => s.text(Ui::ChangedMidPeriod),
                        Subject::Target(_) => s.text(Ui::TargetChangedMidPeriod),
                    }}
                    <span data-testid="reason-change">{move || asking.get().map(|(_, text)| text).unwrap_or_default()}</span>
                </p>
                <label>{move || s.text(Ui::WhyTheDataOrDecision)}
                    <input type="text" id=dom("input") data-testid="reason-input" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))/>
                </label>
                <button type="submit" data-testid="reason-record">{move || s.text(Ui::RecordReason)}</button>
                <button type="button" data-testid="reason-later"
                    on:click=move |_| dismissed.set(asking.get_untracked().map(|(i, _)| i))>{move || s.text(Ui::Later)}</button>
                <Show when=move || problem.get()>
                    <p class="field-error" role="alert">{move || s.text(Ui::WriteTheReasonFirst)}</p>
                </Show>
            </form>
        </Show>
    }
}

/// The recorded changes of an objective or key result, newest first; nothing when
/// there are none.
#[component]
pub fn AdjustmentHistory(#[prop(into)] list: Signal<Vec<Adjustment>>) -> impl IntoView {
    let s = state();
    view! {
        <Show when=move || list.with(|l| !l.is_empty())>
            <div class="adjustments wide" data-testid="adjustments">
                <h4>{move || s.text(Ui::ChangesOnTheRecord)}</h4>
                <ul>
                    {move || list.get().into_iter().rev().map(|a| {
                        let reason = if a.reason.trim().is_empty() { None } else { Some(a.reason.clone()) };
                        view! {
                            <li><span class="adjust-change">{describe(&a)}</span>" — "
                                <span class="adjust-reason">{move || reason.clone().unwrap_or_else(|| s.text(Ui::NoReasonGiven).to_owned())}</span></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
