//! The sync bar under the documents bar: export (JSON, Markdown, CSV), import, paste
//! and share as a link, with the share and paste dialogs.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::incoming::IncomingDialog;
use super::merge::MergeDialog;
use super::other_tab::OtherTabDialog;
use super::{bring_in, bring_in_file};
use crate::app::AppState;
use crate::app::Ui;
use crate::app::state;
use crate::browser::transfer;
use crate::widgets::dialog::Dialog;
use okrpad_core::formats::import;
use okrpad_core::formats::import::Source;
use okrpad_core::formats::link;
use okrpad_core::{formats::csv, formats::file, formats::markdown};

fn export(s: AppState, extension: &str, mime: &str, text: String) {
    let name = s.document.with_untracked(|d| import::file_name(d, extension));
    if let Err(reason) = crate::browser::download::save_text(&text, mime, &name) {
        s.banner.set(Some(reason));
    }
}

pub(super) fn export_json(s: AppState) {
    export(s, "okr.json", "application/json", s.document.with_untracked(file::to_json));
}

/// Export, import, paste and share, under the documents bar.
#[component]
pub fn SyncBar() -> impl IntoView {
    let s = state();
    let markdown = move |_| {
        let text = s
            .document
            .with_untracked(|d| s.scores.with_untracked(|sc| markdown::to_markdown(d, sc, s.lang.get_untracked())));
        export(s, "md", "text/markdown;charset=utf-8", text);
    };
    let spreadsheet = move |_| {
        let text =
            s.document.with_untracked(|d| s.scores.with_untracked(|sc| csv::to_csv(d, sc, s.lang.get_untracked())));
        export(s, "csv", "text/csv;charset=utf-8", text);
    };
    let picked = move |ev: ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            bring_in_file(s, file);
        }
        // The same file can be picked again (after a fix) and still fire `change`.
        input.set_value("");
    };
    view! {
        <crate::widgets::menu::MenuButton label=Signal::derive(move || s.text(Ui::FileMenu).to_owned()) testid="file-menu">
        <div class="sync-bar" role="group" aria-label=move || s.text(Ui::SyncGroup)>
            <button type="button" data-testid="export-json" on:click=move |_| export_json(s)>{move || s.text(Ui::ExportJson)}</button>
            <button type="button" data-testid="export-markdown" on:click=markdown>{move || s.text(Ui::ExportMarkdown)}</button>
            <button type="button" data-testid="export-csv" on:click=spreadsheet>{move || s.text(Ui::ExportCsv)}</button>
            <label class="button file-button">
                {move || s.text(Ui::ImportFile)}
                <input type="file" class="visually-hidden" data-testid="import-file"
                    accept=".json,.okr.json,.csv,application/json,text/csv" on:change=picked/>
            </label>
            <button type="button" data-testid="paste-json" on:click=move |_| s.sync.paste_open.set(true)>{move || s.text(Ui::PasteJson)}</button>
            <button type="button" data-testid="share-link" on:click=move |_| s.sync.share_open.set(true)>{move || s.text(Ui::ShareLink)}</button>
        </div>
        </crate::widgets::menu::MenuButton>
        <Show when=move || s.sync.share_open.get()><ShareDialog/></Show>
        <Show when=move || s.sync.paste_open.get()><PasteDialog/></Show>
        <Show when=move || s.sync.incoming.with(Option::is_some)><IncomingDialog/></Show>
        <Show when=move || s.sync.merging.with(Option::is_some)><MergeDialog/></Show>
        <Show when=move || s.sync.other_tab.get()><OtherTabDialog/></Show>
        <Show when=move || s.sync.dragging.get()>
            <div class="drop-overlay" aria-hidden="true">{move || s.text(Ui::DropHere)}</div>
        </Show>
    }
}

#[component]
fn ShareDialog() -> impl IntoView {
    let s = state();
    let url = s.document.with_untracked(|d| link::share_url(&transfer::page_base(), d));
    let length = url.chars().count();
    // A link okrpad would refuse to open is not offered as if it worked.
    let warning = if link::reopens(&url) { link::long_link_warning(&url) } else { Some(link::too_large_to_share()) };
    let copied = RwSignal::new(None::<bool>);
    let close = Callback::new(move |()| s.sync.share_open.set(false));
    let to_copy = url.clone();
    let copy = move |_| {
        let text = to_copy.clone();
        // The dialog may be closed before the browser answers: then nobody is told.
        spawn_local(async move { _ = copied.try_set(Some(transfer::copy(&text).await)) });
    };
    view! {
        <Dialog title=Signal::derive(move || s.text(Ui::ShareLink).to_owned()) testid="share-dialog" close=close>
            <p>{move || s.text(Ui::ShareHelp)}</p>
            <label class="stacked">
                {move || format!("{} ({length} {})", s.text(Ui::LinkLabel), s.text(Ui::Characters))}
                <input type="text" readonly data-testid="share-url" prop:value=url.clone()
                    on:focus=|ev| { if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select(); } }/>
            </label>
            {warning.map(|w| view! { <p class="notice" role="alert" data-testid="share-warning">{move || s.tr(&w)}</p> })}
            <p role="status" data-testid="share-copied">{move || match copied.get() {
                Some(true) => s.text(Ui::Copied),
                Some(false) => s.text(Ui::CopyRefused),
                None => "",
            }}</p>
            <div class="form-buttons">
                <button type="button" autofocus data-testid="copy-link" on:click=copy>{move || s.text(Ui::CopyLink)}</button>
                <button type="button" on:click=move |_| export_json(s)>{move || s.text(Ui::ExportJson)}</button>
                <button type="button" on:click=move |_| close.run(())>{move || s.text(Ui::Close)}</button>
            </div>
        </Dialog>
    }
}

#[component]
fn PasteDialog() -> impl IntoView {
    let s = state();
    let text = RwSignal::new(String::new());
    let close = Callback::new(move |()| s.sync.paste_open.set(false));
    let preview = move |_| {
        // Read before closing: closing disposes the dialog and its signal.
        let pasted = text.get_untracked();
        s.sync.paste_open.set(false);
        bring_in(s, Source::Paste, &pasted);
    };
    view! {
        <Dialog title=Signal::derive(move || s.text(Ui::PasteJson).to_owned()) testid="paste-dialog" close=close>
            <label class="stacked">
                {move || s.text(Ui::PasteHelp)}
                <textarea rows="10" autofocus data-testid="paste-text"
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            <div class="form-buttons">
                <button type="button" data-testid="paste-preview" on:click=preview>{move || s.text(Ui::Preview)}</button>
                <button type="button" on:click=move |_| close.run(())>{move || s.text(Ui::Cancel)}</button>
            </div>
        </Dialog>
    }
}
