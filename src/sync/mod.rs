//! Sync without a server: export and import files, paste JSON, share the document as
//! a link, open a file by URL, and live alongside other tabs.
//!
//! Everything that comes in goes through one door, [`bring_in`], and then one dialog,
//! [`IncomingDialog`]: it shows what the file or link holds and asks whether to open it
//! as a new document, replace the open one or merge into it. Nothing changes before
//! that choice, and replace and merge are single undoable steps (`Edit::Replace`), so
//! no import can cost the user their work.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::app::AppState;
use crate::app::SaveState;
use crate::app::Ui;
use crate::app::state;
use crate::browser::persist;
use crate::browser::transfer;
use crate::widgets::dialog::Dialog;
use okrpad_core::edit::Edit;
use okrpad_core::formats::import;
use okrpad_core::formats::link;
use okrpad_core::formats::preview::Preview;
use okrpad_core::i18n::Text;
use okrpad_core::merge::{Merge, Side, Sides, merge};
use okrpad_core::model::Document;
use okrpad_core::rules::{Severity, check};
use okrpad_core::scoring::score;
use okrpad_core::{formats::csv, formats::file, formats::markdown};

pub use okrpad_core::formats::import::Source;

/// A document brought in and waiting for the user's choice, or why it could not be read.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub source: Source,
    pub result: Result<Document, Text>,
}

/// The sync dialogs and modes, provided with [`AppState`].
#[derive(Clone, Copy)]
pub struct SyncState {
    pub incoming: RwSignal<Option<Incoming>>,
    /// A merge under way: the merged document and its conflicts, resolved as "mine"
    /// until the user picks otherwise.
    pub merging: RwSignal<Option<Merge>>,
    pub share_open: RwSignal<bool>,
    pub paste_open: RwSignal<bool>,
    /// The address of a document opened by `?src=`: shown read-only, never saved over
    /// the user's own, until they save a copy.
    pub read_only: RwSignal<Option<String>>,
    /// A `?src=` fetch is under way.
    pub fetching: RwSignal<Option<String>>,
    /// Stored text that could not be read, kept for the user to download or delete.
    pub unreadable: RwSignal<Vec<persist::Unreadable>>,
    /// Another tab saved this document while this one had unsaved changes.
    pub other_tab: RwSignal<bool>,
    /// The merge under way takes in another tab's version (see [`OtherTabDialog`]).
    pub merging_other_tab: RwSignal<bool>,
    /// A file is being dragged over the page.
    pub dragging: RwSignal<bool>,
}

impl SyncState {
    pub fn new(unreadable: Vec<persist::Unreadable>) -> SyncState {
        SyncState {
            incoming: RwSignal::new(None),
            merging: RwSignal::new(None),
            share_open: RwSignal::new(false),
            paste_open: RwSignal::new(false),
            read_only: RwSignal::new(None),
            fetching: RwSignal::new(None),
            unreadable: RwSignal::new(unreadable),
            other_tab: RwSignal::new(false),
            merging_other_tab: RwSignal::new(false),
            dragging: RwSignal::new(false),
        }
    }
}

/// Reads `text` and shows what it holds (or why it cannot be read) in the preview.
pub fn bring_in(s: AppState, source: Source, text: &str) {
    let name = match &source {
        Source::File(name) => Some(name.as_str()),
        _ => None,
    };
    let result = import::read(name, text, s.today);
    s.sync.incoming.set(Some(Incoming { source, result }));
}

fn bring_in_file(s: AppState, file: web_sys::File) {
    spawn_local(async move {
        let name = file.name();
        match transfer::read_file(&file).await {
            Ok(text) => bring_in(s, Source::File(name), &text),
            Err(reason) => s.sync.incoming.set(Some(Incoming { source: Source::File(name), result: Err(reason) })),
        }
    });
}

/// Opens what the address carries: a share link in the fragment, or `?src=` a file to
/// fetch; and listens for links pasted into the address bar and files dropped on the page.
pub fn start(s: AppState) {
    open_link_in_address(s);
    if let Some(src) = transfer::query("src").filter(|src| !src.trim().is_empty()) {
        open_url(s, src);
    }
    let hash = window_event_listener(ev::hashchange, move |_| open_link_in_address(s));
    let over = window_event_listener(ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            s.sync.dragging.set(true);
        }
    });
    let leave = window_event_listener(ev::dragleave, move |ev| {
        // Leaving the window (not moving between elements) has no related target.
        if ev.related_target().is_none() {
            s.sync.dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |ev| {
        s.sync.dragging.set(false);
        let file = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0));
        if let Some(file) = file {
            ev.prevent_default();
            bring_in_file(s, file);
        }
    });
    on_cleanup(move || {
        hash.remove();
        over.remove();
        leave.remove();
        drop.remove();
    });
}

fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0))
}

fn open_link_in_address(s: AppState) {
    let hash = transfer::hash();
    if hash.starts_with("#okr") {
        bring_in(s, Source::Link, &hash);
    }
}

/// Fetches `src` and shows it read-only; on failure says why and leaves everything as it was.
fn open_url(s: AppState, src: String) {
    s.sync.fetching.set(Some(src.clone()));
    spawn_local(async move {
        let result = match transfer::fetch_text(&src).await {
            Ok(text) => file::parse(&text).map_err(|e| Source::Url(src.clone()).cannot_open(&e.message())),
            Err(reason) => Err(reason),
        };
        s.sync.fetching.set(None);
        match result {
            Ok(document) => {
                persist::flush(s);
                s.sync.read_only.set(Some(src));
                s.document.set(document);
                s.history.set(Default::default());
                s.pristine_sample.set(false);
            }
            Err(reason) => s.banner.set(Some(reason)),
        }
    });
}

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
        s.document.set(okrpad_core::content::sample::sample(s.lang.get_untracked(), s.today));
        s.pristine_sample.set(true);
    }
}

fn export(s: AppState, extension: &str, mime: &str, text: String) {
    let name = s.document.with_untracked(|d| import::file_name(d, extension));
    if let Err(reason) = crate::browser::download::save_text(&text, mime, &name) {
        s.banner.set(Some(reason));
    }
}

fn export_json(s: AppState) {
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

/// What the user must see about where the open document lives: read-only from a URL,
/// a fetch under way, a save that failed (with the work to download), stored data that
/// could not be read (to download as it was).
#[component]
pub fn SyncNotices() -> impl IntoView {
    let s = state();
    let save_failed = move || matches!(s.save_state.get(), SaveState::Failed(_));
    // Either way the user has dealt with it: it is offered no more, even after a reload.
    let download_unreadable = move |item: persist::Unreadable| {
        let name = format!("{}.txt", item.key);
        match crate::browser::download::save_text(&item.text, "text/plain;charset=utf-8", &name) {
            Ok(()) => persist::dealt_with(s, &item.key),
            Err(reason) => s.banner.set(Some(reason)),
        }
    };
    let delete_unreadable = move |item: persist::Unreadable| {
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

#[component]
fn ShareDialog() -> impl IntoView {
    let s = state();
    let url = s.document.with_untracked(|d| link::share_url(&transfer::page_base(), d));
    let length = url.chars().count();
    let warning = link::long_link_warning(&url);
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

/// Closes the preview; a link that was opened or refused leaves the address bar.
fn close_incoming(s: AppState) {
    if s.sync.incoming.with_untracked(|i| i.as_ref().is_some_and(|i| i.source == Source::Link)) {
        transfer::clear_address();
    }
    s.sync.incoming.set(None);
}

/// Replaces the open document by `document`, as one undoable step.
fn replace(s: AppState, document: Document) {
    s.perform(vec![Edit::Replace { document: Box::new(document) }], None);
}

#[component]
fn IncomingDialog() -> impl IntoView {
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

#[component]
fn MergeDialog() -> impl IntoView {
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

/// Another tab saved this document while this tab held unsaved changes: take theirs,
/// keep mine (writing over theirs), or merge theirs into mine.
#[component]
fn OtherTabDialog() -> impl IntoView {
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
