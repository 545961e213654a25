//! The root component: builds the app state from what storage holds, wires the
//! adapters (storage, other tabs, service worker, links) to it, and lays out the top
//! bar, the editor and the screen that is showing. The only module that knows every
//! other one; nothing imports it but `main`.

use crate::browser::{offline, persist, platform};
use crate::editor::{adjust, findings, tree};
use crate::live;
use crate::screens::MeetingScreen;
use crate::sync;
use leptos::prelude::*;
use okrpad_core::content::sample::sample;
use okrpad_core::model::filter::Filter;
use okrpad_core::model::tree::Forest;

use super::sync_state::SyncState;
use super::{AppState, Screen, Views, derived, jump, shortcuts, toolbar};

#[component]
pub fn App() -> impl IntoView {
    let today = platform::today();
    let lang = RwSignal::new(persist::load_lang());
    let loaded = persist::start();
    let pristine_sample = RwSignal::new(loaded.document.is_none());
    let (document, write_document) = signal(loaded.document.unwrap_or_else(|| sample(lang.get_untracked(), today)));
    let history = RwSignal::new(loaded.history);
    let scores = derived::scores_of(document, today);
    // Filled just after the first screen is painted (derived::check_rules_when_idle).
    let findings = RwSignal::new(Vec::new());
    let links = RwSignal::new(document.with_untracked(super::state::structure_of));
    let forest = Memo::new(move |_| links.with(|l| Forest::of_links(l)));
    let ids = Memo::new(move |_| links.with(|l| l.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>()));
    let index = Memo::new(move |_| ids.with(|ids| ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect()));
    let save_state = RwSignal::new(loaded.save_state);
    let help_open = RwSignal::new(false);
    let filter = RwSignal::new(Filter::default());
    // With no filter (the usual case) this reads neither the document nor the forest,
    // so it never wakes on an edit.
    let visible = Memo::new(move |_| {
        filter.with(|f| (!f.is_empty()).then(|| document.with(|d| forest.with(|fo| f.visible(d, fo)))).flatten())
    });
    let state = AppState {
        lang,
        document,
        write_document,
        structure: links,
        history,
        today,
        scores,
        findings: findings.read_only(),
        forest,
        index,
        save_state,
        pristine_sample,
        help_open,
        toast: RwSignal::new(None),
        jump: RwSignal::new(None),
        library: RwSignal::new(loaded.library),
        banner: RwSignal::new(loaded.notice),
        filter,
        visible,
        views: Views::new(),
        ids,
        screen: RwSignal::new(Screen::Editor),
        sync: SyncState::new(loaded.unreadable),
        save_soon: save_and_share,
        live: super::LiveState::new(),
        live_step: live::step,
        printing: RwSignal::new(false),
        active: super::active::ActiveCard::new(),
    };
    provide_context(state);

    Effect::new(move |_| platform::set_document_lang(lang.get()));
    // Until the user changes it, the sample speaks the user's language.
    Effect::new(move |_| {
        let lang = lang.get();
        if pristine_sample.get_untracked() {
            state.set_document(sample(lang, today));
        }
    });
    adjust::provide();
    shortcuts::install(state);
    persist::follow_other_tabs(state);
    persist::save_on_leave(state);
    sync::start(state);
    offline::register_after_first_paint();
    derived::sync_views(state);
    derived::prune_deleted_ids(state);
    derived::check_rules_when_idle(state, findings);
    platform::on_print(state.printing);
    jump::follow_jumps(state);
    live::start(state);

    view! {
        <main class="app">
            <toolbar::TopBar/>
            {move || state.banner.get().map(|notice| view! { <p class="notice" role="alert">{state.tr(&notice)}</p> })}
            <sync::SyncNotices/>
            // The editor stays mounted while another screen shows: coming back to it
            // is then a style change, not a rebuild of thousands of cards.
            <fieldset class="layout" data-screen="editor" hidden=move || state.screen.get() != Screen::Editor
                // A document opened read-only (`?src=`) can be read, not edited.
                disabled=move || state.sync.read_only.with(Option::is_some)>
                <tree::ObjectiveTree/>
                <findings::FindingsPanel/>
            </fieldset>
            // Each meeting screen is fetched when first opened (screens::MeetingScreen).
            {move || match state.screen.get() {
                Screen::Editor => ().into_any(),
                screen => view! { <MeetingScreen screen/> }.into_any(),
            }}
            <toolbar::ShortcutSheet/>
            <Show when=move || state.live.go_live_open.get()><live::GoLiveDialog/></Show>
            <Show when=move || state.live.ask_name.get()><live::NameDialog/></Show>
            <p class="toast" role="status" aria-live="polite" data-testid="toast">
                {move || state.toast.get().map(|t| state.text(t))}
            </p>
        </main>
    }
}

/// The app state's `save_soon`: a batched save to local storage, and, when the open
/// document is live, the edit to the room.
fn save_and_share(state: AppState) {
    persist::schedule_save(state);
    live::shared(state);
}
