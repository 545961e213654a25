//! The browser app: a thin Leptos shell over the core.
//!
//! The document lives in one signal and changes only through [`AppState::perform`],
//! which applies core [`Edit`]s and records them in the undo [`History`]. Scores,
//! findings and the tree layout are memos derived from the document by the same core
//! functions the CLI calls, so the browser and the terminal never disagree about a
//! score. Components read what they show through [`AppState`], provided once as
//! context rather than threaded through every prop.

mod adjust;
mod charts;
mod checkin;
mod dashboard;
mod details;
mod dialog;
mod documents;
mod download;
mod fields;
mod filter;
mod findings;
mod grading;
mod kr;
mod map;
mod offline;
mod persist;
mod platform;
mod present;
mod review;
pub mod screen;
mod shortcuts;
pub mod sync;
mod text;
mod toolbar;
mod transfer;
mod tree;

use std::collections::HashMap;

use leptos::prelude::*;

use crate::core::date::Date;
use crate::core::edit::{Edit, History};
use crate::core::i18n::{Lang, Text};
use crate::core::model::{Document, Id, Objective};
use crate::core::rules::{Finding, check};
use crate::core::sample::sample;
use crate::core::scoring::{self, Scores, score};
use crate::core::tree::Forest;

pub use persist::{LANG_KEY, LIBRARY_KEY};
pub use text::Ui;

/// Whether the document is safely in local storage.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Everything is stored.
    Saved,
    /// A change is waiting for the next save (saves are batched while typing).
    Pending,
    /// The last save failed; the reason, in both languages.
    Failed(Text),
}

/// What every component may read, and the only way to change the document.
#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub document: RwSignal<Document>,
    pub history: RwSignal<History>,
    pub today: Date,
    /// Rescored only when something scoring reads changed (see [`scoring::fingerprint`]):
    /// typing a title does not rescore the company.
    pub scores: Memo<Scores>,
    /// The rule findings: checked [`RULES_DELAY`] after the document stops changing
    /// (see [`check_rules_when_idle`]), so typing never waits for a whole-document pass.
    pub findings: ReadSignal<Vec<Finding>>,
    /// Follows [`AppState::links`], so it is rebuilt only when ids or parents change.
    pub forest: Memo<Forest>,
    /// Document index of each objective id; follows [`AppState::ids`].
    pub index: Memo<HashMap<Id, usize>>,
    /// Each objective's id and parent, in document order: what the tree's shape is
    /// made of, compared on each edit so a keystroke never rebuilds the forest.
    pub links: Memo<Vec<(Id, Option<Id>)>>,
    pub save_state: RwSignal<SaveState>,
    /// The untouched sample: it follows the language until the first edit.
    pub pristine_sample: RwSignal<bool>,
    /// The shortcut sheet is showing.
    pub help_open: RwSignal<bool>,
    /// A short message about the last action ("deleted: undo with Ctrl+Z").
    pub toast: RwSignal<Option<Ui>>,
    /// The stored documents and which one is open.
    pub library: RwSignal<crate::core::library::Library>,
    /// A message about stored data the user must see (unreadable, unavailable).
    pub banner: RwSignal<Option<Text>>,
    /// Where a click on a finding asked to go; the card it names opens and focuses it.
    pub jump: RwSignal<Option<Jump>>,
    /// Per-objective views of the document and the scores; see [`Views`].
    pub views: Views,
    /// Objective ids in document order: changes only when objectives are added,
    /// removed or moved, so the tree's lists do not wake on every keystroke.
    pub ids: Memo<Vec<Id>>,
    /// Which objectives the filter bar lets through.
    pub filter: RwSignal<filter::Filter>,
    /// Document indexes of the objectives to show: those matching the filter and their
    /// ancestors (for context). `None` when no filter is set.
    pub visible: Memo<Option<std::collections::HashSet<usize>>>,
    /// The screen on show (the editor, the dashboard, the map…).
    pub screen: RwSignal<screen::Screen>,
    /// Import, export, sharing, read-only documents and other tabs.
    pub sync: sync::SyncState,
    /// The page is being printed: collapsed objectives are shown, so paper has them all.
    pub printing: RwSignal<bool>,
}

/// Above this many objectives, deep levels start collapsed (see [`AppState::collapsed`]).
pub const LARGE_DOCUMENT: usize = 300;

/// One signal per objective, per objective score and per key result score, kept in
/// step with the document and the scores by two effects that set only what changed.
///
/// A card reads its own objective through these instead of the whole document, so a
/// keystroke in one card wakes that card alone: with 2,000 cards, reading the whole
/// document from each would make every keystroke do 2,000 cards' work.
#[derive(Clone, Copy)]
pub struct Views {
    owner: StoredValue<Option<Owner>>,
    objectives: StoredValue<HashMap<Id, RwSignal<Option<Objective>>>>,
    objective_scores: StoredValue<HashMap<Id, RwSignal<Option<crate::core::scoring::ObjectiveScore>>>>,
    kr_scores: StoredValue<HashMap<Id, RwSignal<Option<crate::core::scoring::KeyResultScore>>>>,
    /// The findings about each objective and its key results (`None`: none).
    findings: StoredValue<HashMap<Id, RwSignal<Option<Vec<Finding>>>>>,
    /// Whether an objective's or key result's details panel is open, and whether an
    /// objective's children are collapsed: kept here, by id, so a click on a finding
    /// can open the right panel without every card watching for clicks.
    details: StoredValue<HashMap<Id, RwSignal<bool>>>,
    collapsed: StoredValue<HashMap<Id, RwSignal<bool>>>,
}

impl Views {
    fn new() -> Views {
        Views {
            owner: StoredValue::new(Owner::current()),
            objectives: StoredValue::new(HashMap::new()),
            objective_scores: StoredValue::new(HashMap::new()),
            kr_scores: StoredValue::new(HashMap::new()),
            findings: StoredValue::new(HashMap::new()),
            details: StoredValue::new(HashMap::new()),
            collapsed: StoredValue::new(HashMap::new()),
        }
    }

    /// The flag of `id` in `map`, created as `initial` under the app's owner when missing.
    fn flag(self, map: StoredValue<HashMap<Id, RwSignal<bool>>>, id: &Id, initial: bool) -> RwSignal<bool> {
        if let Some(signal) = map.with_value(|m| m.get(id).copied()) {
            return signal;
        }
        let signal = match self.owner.get_value() {
            Some(owner) => owner.with(|| RwSignal::new(initial)),
            None => RwSignal::new(initial),
        };
        map.update_value(|m| {
            m.insert(id.clone(), signal);
        });
        signal
    }

    /// The signal of `id` in `map`, created (under the app's owner, so it outlives the
    /// card that first asked) with `initial` when there is none yet.
    fn view<T: Send + Sync + 'static>(
        self,
        map: StoredValue<HashMap<Id, RwSignal<Option<T>>>>,
        id: &Id,
        initial: impl FnOnce() -> Option<T>,
    ) -> RwSignal<Option<T>> {
        if let Some(signal) = map.with_value(|m| m.get(id).copied()) {
            return signal;
        }
        let value = initial();
        let create = move || RwSignal::new(value);
        let signal = match self.owner.get_value() {
            Some(owner) => owner.with(create),
            None => create(),
        };
        map.update_value(|m| {
            m.insert(id.clone(), signal);
        });
        signal
    }

    /// Sets each signal in `map` whose value differs from `fresh`, leaving the others
    /// (and whoever reads them) alone.
    fn sync<T: PartialEq + Clone + Send + Sync + 'static>(
        map: StoredValue<HashMap<Id, RwSignal<Option<T>>>>,
        fresh: &HashMap<&Id, &T>,
    ) {
        map.with_value(|m| {
            for (id, signal) in m {
                let new = fresh.get(id).copied();
                let changed = signal.with_untracked(|old| old.as_ref() != new);
                if changed {
                    signal.set(new.cloned());
                }
            }
        });
    }
}

impl AppState {
    /// Whether the details panel of objective or key result `id` is open.
    pub fn details_open(&self, id: &Id) -> RwSignal<bool> {
        self.views.flag(self.views.details, id, false)
    }

    /// Whether objective `id`'s children are hidden. In a large document, objectives
    /// two levels down start collapsed, so the first screen shows the company,
    /// department and team levels at once instead of building thousands of cards.
    pub fn collapsed(&self, id: &Id, nesting: usize) -> RwSignal<bool> {
        let large = self.ids.with_untracked(|ids| ids.len() > LARGE_DOCUMENT);
        self.views.flag(self.views.collapsed, id, large && nesting >= 2)
    }

    pub fn objective_view(&self, id: &Id) -> RwSignal<Option<Objective>> {
        let document = self.document;
        self.views.view(self.views.objectives, id, || document.with_untracked(|d| d.objective(id).cloned()))
    }

    pub fn objective_score_view(&self, id: &Id) -> RwSignal<Option<crate::core::scoring::ObjectiveScore>> {
        let (scores, index) = (self.scores, self.index);
        self.views.view(self.views.objective_scores, id, || {
            let i = index.with_untracked(|m| m.get(id).copied())?;
            scores.with_untracked(|s| s.objective(i).cloned())
        })
    }

    /// The findings about objective `id` and its key results, in document order.
    pub fn findings_view(&self, id: &Id) -> RwSignal<Option<Vec<Finding>>> {
        let findings = self.findings;
        self.views.view(self.views.findings, id, || {
            let mine: Vec<Finding> = findings
                .with_untracked(|all| all.iter().filter(|f| f.objective.as_ref() == Some(id)).cloned().collect());
            (!mine.is_empty()).then_some(mine)
        })
    }

    pub fn kr_score_view(&self, objective: &Id, id: &Id) -> RwSignal<Option<crate::core::scoring::KeyResultScore>> {
        let (scores, index, document) = (self.scores, self.index, self.document);
        self.views.view(self.views.kr_scores, id, || {
            let i = index.with_untracked(|m| m.get(objective).copied())?;
            let j = document.with_untracked(|d| d.objectives.get(i)?.key_results.iter().position(|k| &k.id == id))?;
            scores.with_untracked(|s| s.key_result(i, j).cloned())
        })
    }
}

/// Goes where a click on a finding asks: expands the objectives above it, opens the
/// details panel if the field lives there, and focuses the field.
fn follow_jumps(state: AppState) {
    use crate::core::rules::Field;
    Effect::new(move |_| {
        let Some(jump) = state.jump.get() else { return };
        // Expand every ancestor, so the card is on screen.
        let ancestors: Vec<Id> = state.document.with_untracked(|d| {
            let mut chain = Vec::new();
            let mut at = d.objective(&jump.objective).and_then(|o| o.parent.clone());
            while let Some(id) = at {
                if chain.contains(&id) || chain.len() > d.objectives.len() {
                    break; // a loop of parents
                }
                at = d.objective(&id).and_then(|o| o.parent.clone());
                chain.push(id);
            }
            chain
        });
        for id in &ancestors {
            state.collapsed(id, 0).set(false);
        }
        let (target, in_details) = match (&jump.key_result, jump.field) {
            (Some(k), Some(Field::Owner)) => (format!("kr-owner-{k}"), Some(k)),
            (Some(k), Some(Field::Weight)) => (format!("kr-weight-{k}"), Some(k)),
            (Some(k), Some(Field::Metric)) => (format!("kr-metric-{k}"), Some(k)),
            (Some(k), Some(Field::Due)) => (format!("kr-due-{k}"), Some(k)),
            (Some(k), _) => (tree::kr_input_id(k), None),
            (None, Some(Field::Owner)) => (format!("o-owner-{}", jump.objective), Some(&jump.objective)),
            (None, Some(Field::Period)) => (format!("o-period-start-{}", jump.objective), Some(&jump.objective)),
            (None, Some(Field::Parent | Field::ParentKr)) => {
                (format!("o-parent-{}", jump.objective), Some(&jump.objective))
            }
            (None, Some(Field::Weight)) => (format!("o-weight-{}", jump.objective), Some(&jump.objective)),
            (None, Some(Field::Level)) => (format!("o-level-{}", jump.objective), None),
            (None, _) => (tree::title_input_id(&jump.objective), None),
        };
        if let Some(id) = in_details {
            state.details_open(id).set(true);
        }
        focus_later(target);
    });
}

/// Keeps [`Views`] in step with the document and its scores.
fn sync_views(state: AppState) {
    let views = state.views;
    Effect::new(move |_| {
        state.document.with(|d| {
            let fresh: HashMap<&Id, &Objective> = d.objectives.iter().map(|o| (&o.id, o)).collect();
            Views::sync(views.objectives, &fresh);
        });
    });
    // Scores change whenever the document's shape does, so the document itself need
    // not be tracked here: a title keystroke leaves this effect asleep.
    Effect::new(move |_| {
        state.document.with_untracked(|d| {
            state.scores.with(|s| {
                let objectives = d.objectives.iter().zip(&s.objectives).map(|(o, sc)| (&o.id, sc)).collect();
                Views::sync(views.objective_scores, &objectives);
                let krs = d
                    .objectives
                    .iter()
                    .zip(&s.key_results)
                    .flat_map(|(o, scores)| o.key_results.iter().map(|k| &k.id).zip(scores))
                    .collect();
                Views::sync(views.kr_scores, &krs);
            })
        });
    });
    Effect::new(move |_| {
        state.findings.with(|all| {
            let mut by_objective: HashMap<&Id, Vec<Finding>> = HashMap::new();
            for f in all {
                if let Some(o) = &f.objective {
                    by_objective.entry(o).or_default().push(f.clone());
                }
            }
            let fresh = by_objective.iter().map(|(id, f)| (*id, f)).collect();
            Views::sync(views.findings, &fresh);
        });
    });
}

/// The document's scores, recomputed only when its [`scoring::fingerprint`] changed.
fn scores_of(document: RwSignal<Document>, today: Date) -> Memo<Scores> {
    let scored = StoredValue::new(None::<u64>);
    Memo::new_owning(move |old: Option<Scores>| {
        let key = document.with(scoring::fingerprint);
        match old {
            Some(old) if scored.get_value() == Some(key) => (old, false),
            _ => {
                scored.set_value(Some(key));
                (document.with_untracked(|d| score(d, today)), true)
            }
        }
    })
}

/// How long the document must rest before the rules run over it again.
pub const RULES_DELAY: std::time::Duration = std::time::Duration::from_millis(150);

/// Runs the rules over the whole document once edits pause for [`RULES_DELAY`], and
/// publishes the findings only if they changed.
///
/// Checking 2,000 objectives takes longer than a frame, and findings are advice, not
/// data: showing them 150 ms after the last keystroke is invisible while typing,
/// whereas checking on every keystroke made each one wait for the whole pass.
fn check_rules_when_idle(state: AppState, findings: RwSignal<Vec<Finding>>) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first: Option<()>| {
        state.document.track();
        state.scores.track();
        if first.is_none() {
            return; // checked once at start-up already
        }
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let run = move || {
            pending.set_value(None);
            let fresh = state.document.with_untracked(|d| state.scores.with_untracked(|s| check(d, s)));
            if findings.with_untracked(|old| *old != fresh) {
                findings.set(fresh);
            }
        };
        pending.set_value(set_timeout_with_handle(run, RULES_DELAY).ok());
    });
}

/// A place in the document a finding is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Jump {
    pub objective: Id,
    pub key_result: Option<Id>,
    pub field: Option<crate::core::rules::Field>,
}

impl AppState {
    pub fn text(&self, ui: Ui) -> &'static str {
        ui.get(self.lang.get())
    }

    pub fn tr(&self, text: &Text) -> String {
        text.get(self.lang.get()).to_owned()
    }

    /// Applies `edits` as one undoable step. Edits in the same `group` in a row (typing
    /// in one field) undo together.
    pub fn perform(&self, edits: Vec<Edit>, group: Option<String>) {
        if self.sync.read_only.with_untracked(Option::is_some) {
            self.toast.set(Some(Ui::ReadOnlyRefused));
            return;
        }
        let mut result = Ok(());
        self.history.update(|history| {
            self.document.update(|document| result = history.perform(document, edits, group));
        });
        match result {
            Ok(()) => {
                self.pristine_sample.set(false);
                persist::schedule_save(*self);
            }
            Err(error) => leptos::logging::warn!("edit refused: {error}"),
        }
    }

    /// Changes the objective `id` through `change`, as one step in `group`.
    pub fn edit_objective(&self, id: &Id, group: Option<String>, change: impl FnOnce(&mut Objective)) {
        let Some(mut objective) = self.document.with_untracked(|d| d.objective(id).cloned()) else { return };
        change(&mut objective);
        self.perform(vec![Edit::Put { objective }], group);
    }

    /// Ends the current typing group (a field lost focus).
    pub fn seal(&self) {
        self.history.update(History::seal);
    }

    pub fn undo(&self) {
        self.step(History::undo);
    }

    pub fn redo(&self) {
        self.step(History::redo);
    }

    fn step(&self, f: fn(&mut History, &mut Document) -> bool) {
        let mut changed = false;
        self.history.update(|history| self.document.update(|document| changed = f(history, document)));
        if changed {
            persist::schedule_save(*self);
        }
    }
}

/// Moves keyboard focus to the element with DOM id `id` once the current update has
/// been rendered (the element may be new).
pub fn focus_later(id: String) {
    focus_later_at(id, None);
}

/// Like [`focus_later`], and puts the caret at `caret` (a moved card's title field is
/// a new element, which would otherwise start with the caret at 0).
pub fn focus_later_at(id: String, caret: Option<u32>) {
    // A zero timeout runs after the microtasks that render the update, and (unlike the
    // next animation frame) before the next key event, so a quick second Alt+↓ on a
    // moved key result still finds the focus in it.
    set_timeout(
        move || {
            use wasm_bindgen::JsCast;
            let element = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(element) = element {
                // Focus can only fail for an element that cannot take it; nothing to do then.
                let _ = element.focus();
                if let (Some(caret), Some(input)) = (caret, element.dyn_ref::<web_sys::HtmlInputElement>()) {
                    let _ = input.set_selection_range(caret, caret);
                }
                if let (Some(caret), Some(area)) = (caret, element.dyn_ref::<web_sys::HtmlTextAreaElement>()) {
                    let _ = area.set_selection_range(caret, caret);
                }
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The app state. `App` provides it before building any child, and every component
/// lives inside `App`, so it is always there.
pub fn state() -> AppState {
    expect_context::<AppState>()
}

#[component]
pub fn App() -> impl IntoView {
    let today = platform::today();
    let lang = RwSignal::new(persist::load_lang());
    let loaded = persist::start();
    let pristine_sample = RwSignal::new(loaded.document.is_none());
    let document = RwSignal::new(loaded.document.unwrap_or_else(|| sample(lang.get_untracked(), today)));
    let history = RwSignal::new(loaded.history);
    let scores = scores_of(document, today);
    let findings = RwSignal::new(document.with_untracked(|d| scores.with_untracked(|s| check(d, s))));
    // Compared in place before anything is cloned: a keystroke allocates nothing here.
    let links = Memo::new_owning(move |old: Option<Vec<(Id, Option<Id>)>>| {
        document.with(|d| {
            let same = old.as_ref().is_some_and(|old| {
                old.len() == d.objectives.len()
                    && old.iter().zip(&d.objectives).all(|((id, parent), o)| *id == o.id && *parent == o.parent)
            });
            match old {
                Some(old) if same => (old, false),
                _ => (d.objectives.iter().map(|o| (o.id.clone(), o.parent.clone())).collect(), true),
            }
        })
    });
    let forest = Memo::new(move |_| links.with(|l| Forest::of_links(l)));
    let ids = Memo::new(move |_| links.with(|l| l.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>()));
    let index = Memo::new(move |_| ids.with(|ids| ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect()));
    let save_state = RwSignal::new(loaded.save_state);
    let help_open = RwSignal::new(false);
    let filter = RwSignal::new(filter::Filter::default());
    // With no filter (the usual case) this reads neither the document nor the forest,
    // so it never wakes on an edit.
    let visible = Memo::new(move |_| {
        filter.with(|f| (!f.is_empty()).then(|| document.with(|d| forest.with(|fo| f.visible(d, fo)))).flatten())
    });
    let state = AppState {
        lang,
        document,
        history,
        today,
        scores,
        findings: findings.read_only(),
        forest,
        index,
        links,
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
        screen: RwSignal::new(screen::Screen::Editor),
        sync: sync::SyncState::new(loaded.unreadable),
        printing: RwSignal::new(false),
    };
    provide_context(state);

    Effect::new(move |_| platform::set_document_lang(lang.get()));
    // Until the user changes it, the sample speaks the user's language.
    Effect::new(move |_| {
        let lang = lang.get();
        if pristine_sample.get_untracked() {
            document.set(sample(lang, today));
        }
    });
    adjust::provide();
    shortcuts::install(state);
    persist::follow_other_tabs(state);
    persist::save_on_leave(state);
    sync::start(state);
    offline::register();
    sync_views(state);
    check_rules_when_idle(state, findings);
    platform::on_print(state.printing);
    follow_jumps(state);

    view! {
        <main class="app">
            <toolbar::TopBar/>
            {move || state.banner.get().map(|notice| view! { <p class="notice" role="alert">{state.tr(&notice)}</p> })}
            <sync::SyncNotices/>
            <documents::DocumentsBar/>
            <sync::SyncBar/>
            <screen::ScreenTabs/>
            // The editor stays mounted while another screen shows: coming back to it
            // is then a style change, not a rebuild of thousands of cards.
            <fieldset class="layout" data-screen="editor" hidden=move || state.screen.get() != screen::Screen::Editor
                // A document opened read-only (`?src=`) can be read, not edited.
                disabled=move || state.sync.read_only.with(Option::is_some)>
                <tree::ObjectiveTree/>
                <findings::FindingsPanel/>
            </fieldset>
            {move || match state.screen.get() {
                screen::Screen::Editor => ().into_any(),
                screen::Screen::Dashboard => view! { <dashboard::Dashboard/> }.into_any(),
                screen::Screen::Review => view! { <review::WeeklyReview/> }.into_any(),
                screen::Screen::Grading => view! { <grading::Grading/> }.into_any(),
                screen::Screen::Map => view! { <map::AlignmentMap/> }.into_any(),
                screen::Screen::Present => view! { <present::Presentation/> }.into_any(),
            }}
            <toolbar::ShortcutSheet/>
            <p class="toast" role="status" aria-live="polite" data-testid="toast">
                {move || state.toast.get().map(|t| state.text(t))}
            </p>
        </main>
    }
}
