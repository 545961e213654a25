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

use crate::app::{Screen, state};

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
