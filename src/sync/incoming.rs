//! The one dialog everything brought in passes through: a preview of what the file or
//! link holds, then open as new, replace or merge. Nothing changes before that choice.

use leptos::prelude::*;

use crate::app::AppState;
use crate::app::Ui;
use crate::app::state;
use crate::browser::persist;
use crate::browser::transfer;
use crate::widgets::dialog::Dialog;
use okrpad_core::edit::Edit;
use okrpad_core::formats::import::Source;
use okrpad_core::formats::preview::Preview;
use okrpad_core::i18n::Text;
use okrpad_core::merge::merge;
use okrpad_core::model::Document;
use okrpad_core::rules::{Severity, check};
use okrpad_core::scoring::score;

/// Closes the preview; a link that was opened or refused leaves the address bar.
fn close_incoming(s: AppState) {
    if s.sync.incoming.with_untracked(|i| i.as_ref().is_some_and(|i| i.source == Source::Link)) {
        transfer::clear_address();
    }
    s.sync.incoming.set(None);
}

/// Replaces the open document by `document`, as one undoable step.
pub(super) fn replace(s: AppState, document: Document) {
    s.perform(vec![Edit::Replace { document: Box::new(document) }], None);
}

#[component]
pub(super) fn IncomingDialog() -> impl IntoView {
    let s = state();
    let Some(incoming) = s.sync.incoming.get_untracked() else { return ().into_any() };
    let close = Callback::new(move |()| close_incoming(s));
    let source = incoming.source.origin();
    match incoming.result {
        Err(reason) => {
            let reason = incoming.source.cannot_open(&reason);
            view! {
            <Dialog title=Signal::derive(move || s.text(Ui::CannotOpen).to_owned()) testid="incoming-dialog" close=close role="alertdialog">
                <p role="alert" data-testid="incoming-error">{move || s.tr(&reason)}</p>
                <p>{move || s.text(Ui::NothingChanged)}</p>
                <div class="form-buttons">
                    <button type="button" autofocus on:click=move |_| close.run(())>{move || s.text(Ui::Close)}</button>
                </div>
            </Dialog>
        }
        .into_any()
        }
        Ok(document) => {
            let summary = Preview::of(&document).text();
            let title = document.title.clone();
            let errors: Vec<Text> = check(&document, &score(&document, s.today))
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.message)
                .collect();
            let error_count = errors.len();
            let (as_new, as_replacement, to_merge) = (document.clone(), document.clone(), document);
            let open_new = move |_| {
                close_incoming(s);
                s.sync.read_only.set(None);
                persist::create(s, as_new.clone());
            };
            let replace_current = move |_| {
                close_incoming(s);
                replace(s, as_replacement.clone());
            };
            let merge_into = move |_| {
                close_incoming(s);
                let merged = s.document.with_untracked(|ours| merge(ours, &to_merge));
                s.sync.merging.set(Some(merged));
            };
            let editable = move || s.sync.read_only.with(Option::is_none);
            view! {
                <Dialog title=Signal::derive(move || s.text(Ui::IncomingTitle).to_owned()) testid="incoming-dialog" close=close>
                    <p class="muted">{move || s.tr(&source)}</p>
                    <p class="incoming-title" data-testid="incoming-title">{title}</p>
                    <p data-testid="incoming-summary">{move || s.tr(&summary)}</p>
                    {(error_count > 0).then(|| view! {
                        <details class="incoming-errors" data-testid="incoming-findings">
                            <summary>{move || format!("{error_count} {}", s.text(Ui::IncomingErrors))}</summary>
                            <ul>{errors.into_iter().take(20).map(|e| view! { <li>{move || s.tr(&e)}</li> }).collect_view()}</ul>
                        </details>
                    })}
                    <div class="form-buttons">
                        <button type="button" autofocus data-testid="incoming-new" on:click=open_new>{move || s.text(Ui::OpenAsNew)}</button>
                        <button type="button" data-testid="incoming-replace" on:click=replace_current disabled=move || !editable()>{move || s.text(Ui::ReplaceCurrent)}</button>
                        <button type="button" data-testid="incoming-merge" on:click=merge_into disabled=move || !editable()>{move || s.text(Ui::MergeIntoCurrent)}</button>
                        <button type="button" data-testid="incoming-cancel" on:click=move |_| close.run(())>{move || s.text(Ui::Cancel)}</button>
                    </div>
                </Dialog>
            }
            .into_any()
        }
    }
}
