//! What the user must see about where the open document lives: a document opened
//! read-only from a URL (`?src=`), a fetch under way, a save that failed, stored data
//! that could not be read.

use leptos::prelude::*;

use super::bar::export_json;
use crate::app::AppState;
use crate::app::SaveState;
use crate::app::Ui;
use crate::app::Unreadable;
use crate::app::state;
use crate::browser::persist;
use crate::browser::transfer;

/// Leaves a read-only document: saved as a new document of the user's, or closed.
fn leave_read_only(s: AppState, keep: bool) {
    let document = s.document.get_untracked();
    s.sync.read_only.set(None);
    transfer::clear_address();
    if keep {
        persist::create(s, document);
    } else if let Some(id) = s.library.with_untracked(|l| l.current.clone()) {
        persist::open(s, &id);
    } else {
        s.set_document(okrpad_core::content::sample::sample(s.lang.get_untracked(), s.today));
        s.pristine_sample.set(true);
    }
}

/// What the user must see about where the open document lives: read-only from a URL,
/// a fetch under way, a save that failed (with the work to download), stored data that
/// could not be read (to download as it was).
#[component]
pub fn SyncNotices() -> impl IntoView {
    let s = state();
    let save_failed = move || matches!(s.save_state.get(), SaveState::Failed(_));
    // Either way the user has dealt with it: it is offered no more, even after a reload.
    let download_unreadable = move |item: Unreadable| {
        let name = format!("{}.txt", item.key);
        match crate::browser::download::save_text(&item.text, "text/plain;charset=utf-8", &name) {
            Ok(()) => persist::dealt_with(s, &item.key),
            Err(reason) => s.banner.set(Some(reason)),
        }
    };
    let delete_unreadable = move |item: Unreadable| {
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(s.text(Ui::ConfirmDeleteUnreadable)).ok())
            .unwrap_or(false);
        if confirmed {
            persist::dealt_with(s, &item.key);
        }
    };
    view! {
        {move || s.sync.fetching.get().map(|src| view! {
            <p class="notice info" role="status" data-testid="fetching">{move || s.text(Ui::Loading)}" "{src.clone()}</p>
        })}
        {move || s.sync.read_only.get().map(|src| view! {
            <div class="notice read-only" role="status" data-testid="read-only">
                <span>{move || s.text(Ui::ReadOnlyFrom)}" "<code>{src.clone()}</code>". "{move || s.text(Ui::ReadOnlyHelp)}</span>
                <button type="button" data-testid="save-copy" on:click=move |_| leave_read_only(s, true)>{move || s.text(Ui::SaveCopy)}</button>
                <button type="button" data-testid="close-read-only" on:click=move |_| leave_read_only(s, false)>{move || s.text(Ui::Close)}</button>
            </div>
        })}
        <Show when=save_failed>
            <div class="notice rescue" data-testid="save-failed">
                <span>{move || s.text(Ui::DownloadToKeep)}</span>
                <button type="button" data-testid="download-work" on:click=move |_| export_json(s)>{move || s.text(Ui::DownloadWork)}</button>
            </div>
        </Show>
        <For each=move || s.sync.unreadable.get() key=|item| item.key.clone() children=move |item| {
            let (key, shown) = (item.key.clone(), item.key.clone());
            let download = item.clone();
            view! {
                <div class="notice rescue" data-testid="unreadable" data-key=key>
                    <span>{move || s.text(Ui::UnreadableKept)}" "<code>{shown}</code></span>
                    <button type="button" data-testid="download-unreadable" on:click=move |_| download_unreadable(download.clone())>
                        {move || s.text(Ui::DownloadUnreadable)}
                    </button>
                    <button type="button" data-testid="delete-unreadable" on:click=move |_| delete_unreadable(item.clone())>
                        {move || s.text(Ui::DeleteUnreadable)}
                    </button>
                </div>
            }
        }/>
    }
}
