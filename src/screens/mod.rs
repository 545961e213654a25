//! The app's screens. The editor is where OKRs are written; the other screens serve
//! the meetings of the OKR rhythm the seed articles describe: the weekly traffic
//! lights (dashboard, weekly review), top-down and bottom-up alignment (the map), the
//! live workshop (presentation) and the quarter-end retrospective (grading).
//!
//! All screens read the same [`AppState`](crate::app::AppState): an edit made on any of
//! them is the same undoable edit, saved the same way.

pub mod dashboard;
pub mod grading;
pub mod map;
pub mod present;
pub mod review;
pub mod weekly;

use crate::app::Ui;
use leptos::prelude::*;

use crate::app::state;
use okrpad_core::i18n::Lang;

/// One of the app's screens. `as_str` is the `data-screen` value the tests use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Editor,
    Dashboard,
    Map,
    Present,
    Review,
    Grading,
    CheckIn,
}

impl Screen {
    pub const ALL: [Screen; 7] = [
        Screen::Editor,
        Screen::CheckIn,
        Screen::Dashboard,
        Screen::Map,
        Screen::Present,
        Screen::Review,
        Screen::Grading,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Screen::Editor => "editor",
            Screen::Dashboard => "dashboard",
            Screen::Map => "map",
            Screen::Present => "present",
            Screen::Review => "review",
            Screen::Grading => "grading",
            Screen::CheckIn => "checkin",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let word = match self {
            Screen::Editor => Ui::ScreenEditor,
            Screen::Dashboard => Ui::ScreenDashboard,
            Screen::Map => Ui::ScreenMap,
            Screen::Present => Ui::ScreenPresent,
            Screen::Review => Ui::ScreenReview,
            Screen::Grading => Ui::ScreenGrading,
            Screen::CheckIn => Ui::ScreenCheckIn,
        };
        word.get(lang)
    }
}

/// The row of screen buttons under the top bar. The current one carries
/// `aria-current="page"`.
#[component]
pub fn ScreenTabs() -> impl IntoView {
    let s = state();
    view! {
        <nav class="screen-tabs" aria-label=move || s.text(Ui::Views)>
            {Screen::ALL.into_iter().map(|screen| view! {
                <button type="button" data-testid=format!("screen-{}", screen.as_str())
                    aria-current=move || (s.screen.get() == screen).then_some("page")
                    on:click=move |_| s.screen.set(screen)>
                    {move || screen.name(s.lang.get())}
                </button>
            }).collect_view()}
        </nav>
    }
}
