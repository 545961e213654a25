//! The two-way merge dialog: the fields both sides changed, one choice each, and the
//! summary of what the merge skipped (the same as the CLI's).

use leptos::prelude::*;

use super::incoming::replace;
use crate::app::Ui;
use crate::app::state;
use crate::browser::persist;
use crate::widgets::dialog::Dialog;
use okrpad_core::merge::{Side, Sides};

#[component]
pub(super) fn MergeDialog() -> impl IntoView {
    let s = state();
    let close = Callback::new(move |()| {
        s.sync.merging.set(None);
        // Merging another tab's version was cancelled: the choice is still owed.
        if s.sync.merging_other_tab.get_untracked() {
            s.sync.merging_other_tab.set(false);
            s.sync.other_tab.set(true);
        }
    });
    // The core's summary, as the CLI prints it: what was skipped, what was added, and
    // how the conflicts stand under the current choices.
    let summary =
        move || s.sync.merging.with(|m| m.as_ref().map(|m| s.tr(&m.summary(Sides::Editor)).trim_end().to_owned()));
    let count = s.sync.merging.with_untracked(|m| m.as_ref().map_or(0, |m| m.conflicts().len()));
    let choose = move |index: usize, side: Side| {
        s.sync.merging.update(|m| {
            if let Some(m) = m {
                m.resolve(index, side);
            }
        })
    };
    let apply = move |_| {
        let Some(merged) = s.sync.merging.get_untracked() else { return };
        s.sync.merging.set(None);
        if s.sync.merging_other_tab.get_untracked() {
            s.sync.merging_other_tab.set(false);
            persist::adopt_merge(s, merged.into_document());
        } else {
            replace(s, merged.into_document());
        }
    };
    view! {
        <Dialog title=Signal::derive(move || s.text(Ui::MergeTitle).to_owned()) testid="merge-dialog" close=close>
            <p data-testid="merge-summary" style="white-space: pre-line">{summary}</p>
            {(count > 0).then(|| view! {
                <p>{move || s.text(Ui::MergeHelp)}</p>
                <div class="form-buttons">
                    <button type="button" data-testid="merge-all-mine" on:click=move |_| s.sync.merging.update(|m| if let Some(m) = m { m.resolve_all(Side::Ours) })>{move || s.text(Ui::KeepAllMine)}</button>
                    <button type="button" data-testid="merge-all-theirs" on:click=move |_| s.sync.merging.update(|m| if let Some(m) = m { m.resolve_all(Side::Theirs) })>{move || s.text(Ui::TakeAllTheirs)}</button>
                </div>
            })}
            <ol class="conflicts" data-testid="conflicts">
                {(0..count).map(|index| {
                    let row = move || s.sync.merging.with(|m| m.as_ref().and_then(|m| m.conflicts().get(index).cloned()));
                    let subject = move || row().map(|c| {
                        let title = s.sync.merging.with(|m| m.as_ref().and_then(|m| {
                            let d = m.document();
                            match (&c.key_result, &c.objective) {
                                (Some(k), _) => d.key_result(k).map(|(_, kr)| kr.title.clone()),
                                (None, Some(o)) => d.objective(o).map(|o| o.title.clone()),
                                (None, None) => Some(d.title.clone()),
                            }
                        })).unwrap_or_default();
                        format!("{title} · {}", s.tr(&c.field.label()))
                    }).unwrap_or_default();
                    let name = format!("conflict-{index}");
                    let option = move |side: Side| {
                        let name = name.clone();
                        view! {
                            <label class="conflict-side">
                                <input type="radio" name=name data-testid=format!("conflict-{index}-{}", if side == Side::Ours { "mine" } else { "theirs" })
                                    prop:checked=move || row().is_some_and(|c| c.choice == side)
                                    on:change=move |_| choose(index, side)/>
                                <span class="muted">{move || s.text(if side == Side::Ours { Ui::Mine } else { Ui::Theirs })}": "</span>
                                {move || row().map(|c| s.tr(&c.candidate(side).text)).unwrap_or_default()}
                            </label>
                        }
                    };
                    view! {
                        <li data-testid="conflict">
                            <fieldset>
                                <legend>{subject}</legend>
                                {option(Side::Ours)}
                                {option(Side::Theirs)}
                            </fieldset>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="form-buttons">
                <button type="button" autofocus data-testid="merge-apply" on:click=apply>{move || s.text(Ui::ApplyMerge)}</button>
                <button type="button" data-testid="merge-cancel" on:click=move |_| close.run(())>{move || s.text(Ui::Cancel)}</button>
            </div>
        </Dialog>
    }
}
