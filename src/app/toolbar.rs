//! The top bar and the shortcut sheet.
//!
//! The top bar is the one header above the tree: the document's title, the documents
//! and file menus, the date, the save state, undo, help and language, and the screens.
//! It wraps onto a second line (the screens) on a laptop and more on a phone, instead
//! of the three rows of buttons it used to take (about 230 px of a 900 px screen).

use leptos::prelude::*;
use okrpad_core::edit::Edit;
use okrpad_core::i18n::Lang;

use crate::app::SaveState;
use crate::app::Ui;
use crate::app::shortcuts::SHEET;
use crate::app::state;
use crate::widgets::dialog::Dialog;
use crate::widgets::fields::TextField;

#[component]
pub fn TopBar() -> impl IntoView {
    let s = state();
    let toggle_lang = move |_| {
        let next = if s.lang.get_untracked() == Lang::Zh { Lang::En } else { Lang::Zh };
        s.lang.set(next);
        // Remembering the choice is a convenience; if storage is unavailable the
        // switch still works for this visit.
        let _ = crate::browser::platform::save(crate::browser::persist::LANG_KEY, next.as_str());
    };
    let title = Signal::derive(move || s.document.with(|d| d.title.clone()));
    let commit_title =
        Callback::new(move |title: String| s.perform(vec![Edit::SetTitle { title }], Some("document.title".into())));
    let save_text = move || match s.save_state.get() {
        SaveState::Saved => s.text(Ui::Saved).to_owned(),
        SaveState::Pending => s.text(Ui::Saving).to_owned(),
        SaveState::Failed(reason) => s.tr(&reason),
    };
    let save_class = move || match s.save_state.get() {
        SaveState::Failed(_) => "save-state failed",
        _ => "save-state",
    };
    view! {
        <header class="topbar">
            <span class="brand" aria-hidden="true">"okrpad"</span>
            // The heading is the title's text alone: with the text box inside it, its
            // accessible name said the title twice (its text, then the box's value).
            <div class="doc-title">
                <h1 class="visually-hidden" data-testid="doc-heading">{move || {
                    let t = title.get();
                    if t.trim().is_empty() { s.text(Ui::Untitled).to_owned() } else { t }
                }}</h1>
                <TextField
                    value=title
                    commit=commit_title
                    label=Signal::derive(move || s.text(Ui::DocumentTitle).to_owned())
                    id=crate::editor::ids::DOCUMENT_TITLE_ID
                    class="doc-title-input"
                    testid="doc-title"
                    on_done=Callback::new(move |()| s.seal())
                />
            </div>
            <crate::editor::documents::DocumentsBar/>
            <crate::sync::SyncBar/>
            <crate::live::LiveBar/>
            <span class="as-of">{move || s.text(Ui::AsOf)}" "{s.today.to_string()}</span>
            <span class=save_class role="status" data-testid="save-state">{save_text}</span>
            <div class="actions">
                <button type="button" data-testid="undo" on:click=move |_| s.undo()
                    disabled=move || s.history.with(|h| h.undo.is_empty()) && s.live.session.with(Option::is_none)
                    aria-keyshortcuts="Control+Z">{move || s.text(Ui::Undo)}</button>
                <button type="button" data-testid="redo" on:click=move |_| s.redo()
                    disabled=move || s.history.with(|h| h.redo.is_empty()) && s.live.session.with(Option::is_none)
                    aria-keyshortcuts="Control+Shift+Z">{move || s.text(Ui::Redo)}</button>
                <button type="button" data-testid="help" on:click=move |_| s.help_open.update(|o| *o = !*o)
                    aria-keyshortcuts="?" aria-label=move || s.text(Ui::Shortcuts)>"?"</button>
                <button
                    type="button"
                    class="lang-toggle"
                    data-testid="lang-toggle"
                    aria-label=move || format!("{} ({})", s.text(Ui::OtherLanguage), s.text(Ui::SwitchLanguage))
                    on:click=toggle_lang
                >
                    {move || s.text(Ui::OtherLanguage)}
                </button>
            </div>
            <crate::screens::ScreenTabs/>
        </header>
    }
}

#[component]
pub fn ShortcutSheet() -> impl IntoView {
    let s = state();
    view! {
        <Show when=move || s.help_open.get()>
            <Dialog title=Signal::derive(move || s.text(Ui::Shortcuts).to_owned()) testid="shortcut-sheet"
                close=Callback::new(move |()| s.help_open.set(false))>
                <table>
                    <tbody>
                        {SHEET.iter().map(|(keys, does)| view! {
                            <tr>
                                <th scope="row"><kbd>{*keys}</kbd></th>
                                <td>{move || s.text(*does)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <button type="button" autofocus on:click=move |_| s.help_open.set(false)>{move || s.text(Ui::Close)}</button>
            </Dialog>
        </Show>
    }
}
