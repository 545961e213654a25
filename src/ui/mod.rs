//! The browser app: a thin Leptos shell over the core.
//!
//! The document lives in one signal; scores, findings and the tree layout are memos
//! derived from it by the same core functions the CLI calls, so the browser and the
//! terminal can never disagree about a score. Components read what they show through
//! [`AppState`], provided once as context rather than threaded through every prop.

mod findings;
mod platform;
mod text;
mod tree;

use std::collections::HashMap;

use leptos::prelude::*;

use crate::core::date::Date;
use crate::core::format;
use crate::core::i18n::{Lang, Text};
use crate::core::model::{Document, Id};
use crate::core::rules::{Finding, check};
use crate::core::sample::sample;
use crate::core::scoring::{Scores, score};
use crate::core::tree::Forest;

pub use text::Ui;

/// Where the current document is kept in local storage. The `v1` is the storage
/// layout's version (not the file format's), so a later layout can migrate from it.
pub const DOCUMENT_KEY: &str = "okrpad.document.v1";
/// The language the user chose, if they chose one.
pub const LANG_KEY: &str = "okrpad.lang";

/// What every component may read.
#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub document: RwSignal<Document>,
    pub today: Date,
    pub scores: Memo<Scores>,
    pub findings: Memo<Vec<Finding>>,
    pub forest: Memo<Forest>,
    /// Document index of each objective id.
    pub index: Memo<HashMap<Id, usize>>,
}

impl AppState {
    pub fn text(&self, ui: Ui) -> &'static str {
        ui.get(self.lang.get())
    }

    pub fn tr(&self, text: &Text) -> String {
        text.get(self.lang.get()).to_owned()
    }
}

/// The app state. `App` provides it before building any child, and every component
/// lives inside `App`, so it is always there.
pub fn state() -> AppState {
    expect_context::<AppState>()
}

/// The document to open, and a notice if the stored one could not be used.
fn initial_document(lang: Lang, today: Date) -> (Document, Option<Text>) {
    match platform::load(DOCUMENT_KEY) {
        Ok(Some(stored)) => match format::parse(&stored) {
            Ok(document) => (document, None),
            Err(error) => {
                // The stored text is left untouched: nothing here writes to storage.
                let reason = error.message();
                let notice = Text::new(
                    format!(
                        "{}{}({})",
                        Ui::StoredDocumentUnreadable.get(Lang::Zh),
                        Ui::ShowingSample.get(Lang::Zh),
                        reason.zh
                    ),
                    format!(
                        "{} {} ({})",
                        Ui::StoredDocumentUnreadable.get(Lang::En),
                        Ui::ShowingSample.get(Lang::En),
                        reason.en
                    ),
                );
                (sample(lang, today), Some(notice))
            }
        },
        Ok(None) => (sample(lang, today), None),
        Err(error) => (sample(lang, today), Some(error.message())),
    }
}

fn initial_lang() -> Lang {
    match platform::load(LANG_KEY) {
        Ok(Some(code)) if code == "zh" => Lang::Zh,
        Ok(Some(code)) if code == "en" => Lang::En,
        _ => platform::browser_lang(),
    }
}

#[component]
pub fn App() -> impl IntoView {
    let today = platform::today();
    let lang = RwSignal::new(initial_lang());
    let (initial, notice) = initial_document(lang.get_untracked(), today);
    let document = RwSignal::new(initial);
    let scores = Memo::new(move |_| document.with(|d| score(d, today)));
    let findings = Memo::new(move |_| document.with(|d| scores.with(|s| check(d, s))));
    let forest = Memo::new(move |_| document.with(Forest::of));
    let index = Memo::new(move |_| {
        document.with(|d| d.objectives.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect())
    });
    let state = AppState { lang, document, today, scores, findings, forest, index };
    provide_context(state);

    Effect::new(move |_| platform::set_document_lang(lang.get()));

    let toggle_lang = move |_| {
        let next = if lang.get_untracked() == Lang::Zh { Lang::En } else { Lang::Zh };
        lang.set(next);
        // Remembering the choice is a convenience; if storage is unavailable the
        // switch still works for this visit.
        let _ = platform::save(LANG_KEY, next.as_str());
    };

    view! {
        <main class="app">
            <header class="topbar">
                <span class="brand" aria-hidden="true">"okrpad"</span>
                <h1 class="doc-title">{move || document.with(|d| d.title.clone())}</h1>
                <span class="as-of">{move || state.text(Ui::AsOf)}" "{today.to_string()}</span>
                <button
                    type="button"
                    class="lang-toggle"
                    data-testid="lang-toggle"
                    aria-label=move || state.text(Ui::SwitchLanguage)
                    on:click=toggle_lang
                >
                    {move || state.text(Ui::OtherLanguage)}
                </button>
            </header>
            {notice.map(|notice| view! { <p class="notice" role="alert">{move || state.tr(&notice)}</p> })}
            <div class="layout">
                <tree::ObjectiveTree/>
                <findings::FindingsPanel/>
            </div>
        </main>
    }
}
