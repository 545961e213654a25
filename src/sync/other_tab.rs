//! Another tab saved the open document while this one held unsaved changes: the user
//! chooses, and neither side is dropped silently.

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::browser::persist;
use crate::widgets::dialog::Dialog;
use okrpad_core::merge::merge;

/// Another tab saved this document while this tab held unsaved changes: take theirs,
/// keep mine (writing over theirs), or merge theirs into mine.
#[component]
pub(super) fn OtherTabDialog() -> impl IntoView {
    let s = state();
    let close = Callback::new(move |()| s.sync.other_tab.set(false));
    let merge_theirs = move |_| {
        if let Some((theirs, _)) = persist::stored_version(s) {
            let merged = s.document.with_untracked(|ours| merge(ours, &theirs));
            s.sync.other_tab.set(false);
            s.sync.merging_other_tab.set(true);
            s.sync.merging.set(Some(merged));
        }
    };
    view! {
        <Dialog title=Signal::derive(move || s.text(Ui::OtherTabTitle).to_owned()) testid="other-tab-dialog" close=close role="alertdialog">
            <p>{move || s.text(Ui::OtherTabHelp)}</p>
            <div class="form-buttons">
                <button type="button" autofocus data-testid="other-tab-merge" on:click=merge_theirs>{move || s.text(Ui::MergeTheirs)}</button>
                <button type="button" data-testid="other-tab-theirs" on:click=move |_| persist::take_stored(s)>{move || s.text(Ui::TakeTheirs)}</button>
                <button type="button" data-testid="other-tab-mine" on:click=move |_| persist::overwrite_stored(s)>{move || s.text(Ui::KeepMine)}</button>
            </div>
        </Dialog>
    }
}
