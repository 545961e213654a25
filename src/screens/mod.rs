//! The app's screens. The editor is where OKRs are written; the other screens serve
//! the meetings of the OKR rhythm the seed articles describe: the weekly traffic
//! lights (dashboard, weekly review), top-down and bottom-up alignment (the map), the
//! live workshop (presentation) and the quarter-end retrospective (grading).
//!
//! All screens read the same [`AppState`](crate::app::AppState): an edit made on any of
//! them is the same undoable edit, saved the same way.
//!
//! The meeting screens are not part of the first download. Each one's entry point is a
//! split point (`wasm_split`): the build (scripts/build-app.mjs) moves the code only it
//! reaches into a Wasm file of its own, which [`MeetingScreen`] fetches the first time
//! the screen is opened (DESIGN.md, "Size"). A fetch that fails is a message with a
//! button to try again, never a panic: the editor and the document are untouched.

pub mod dashboard;
pub mod grading;
pub mod map;
pub mod present;
pub mod review;
pub mod weekly;

use crate::app::Ui;
use leptos::prelude::*;

use crate::app::{Screen, state};
use std::cell::Cell;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

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

/// A meeting screen's file could not be fetched (offline before the service worker
/// cached it, or the host dropped the connection).
#[derive(Debug)]
pub struct ScreenUnavailable;

impl From<SplitLoaderError> for ScreenUnavailable {
    fn from(_: SplitLoaderError) -> Self {
        ScreenUnavailable
    }
}

/// What a screen's module hands back once it is loaded: the function that builds the
/// screen. It lives in that module, so calling it needs no further fetch.
type BuildScreen = fn() -> AnyView;

/// One split point per screen (`entry in module builds Component`): `module` names the
/// Wasm module the screen's code goes to. Each returns the screen's builder rather than
/// a built view, so the shell can keep it and show the screen again without waiting.
/// (`Component()` is what `view! { <Component/> }` expands to.)
macro_rules! split_points {
    ($($entry:ident in $module:ident builds $screen:path;)*) => {$(
        #[wasm_split($module, fallible)]
        fn $entry() -> Result<BuildScreen, ScreenUnavailable> {
            Ok(|| $screen().into_any())
        }
    )*};
}

split_points! {
    dashboard_screen in dashboard builds dashboard::Dashboard;
    review_screen in review builds review::WeeklyReview;
    grading_screen in grading builds grading::Grading;
    checkin_screen in checkin builds weekly::CheckInFlow;
    map_screen in map builds map::AlignmentMap;
    present_screen in present builds present::Presentation;
}

/// Fetches a screen's module (once: the loader keeps a module that loaded, and tries
/// again after one that failed) and returns its builder.
async fn load(screen: Screen) -> Result<BuildScreen, ScreenUnavailable> {
    match screen {
        Screen::Editor => Ok(|| ().into_any()),
        Screen::Dashboard => dashboard_screen().await,
        Screen::Review => review_screen().await,
        Screen::Grading => grading_screen().await,
        Screen::CheckIn => checkin_screen().await,
        Screen::Map => map_screen().await,
        Screen::Present => present_screen().await,
    }
}

thread_local! {
    /// The builders of the screens loaded so far, by `Screen` as a number: a screen
    /// opened before shows at once, with no loading state in between.
    static LOADED: Cell<[Option<BuildScreen>; Screen::ALL.len()]> = const { Cell::new([None; Screen::ALL.len()]) };
}

fn loaded(screen: Screen) -> Option<BuildScreen> {
    LOADED.with(|l| l.get()[screen as usize])
}

/// Where a meeting screen stands while its module is fetched.
#[derive(Clone, Copy)]
enum Loading {
    Pending,
    Ready(BuildScreen),
    Failed,
}

/// A meeting screen, fetched when first opened. While it loads, a line says so; if the
/// fetch fails, a message in the user's language and a button to try again.
#[component]
pub fn MeetingScreen(screen: Screen) -> impl IntoView {
    let s = state();
    let status = RwSignal::new(loaded(screen).map_or(Loading::Pending, Loading::Ready));
    let fetch = move || {
        status.set(Loading::Pending);
        leptos::task::spawn_local(async move {
            let outcome = load(screen).await;
            if let Ok(build) = outcome {
                LOADED.with(|l| {
                    let mut all = l.get();
                    all[screen as usize] = Some(build);
                    l.set(all);
                });
            }
            // The screen may have been left while it loaded; its status went with it.
            let _ = status.try_set(outcome.map_or(Loading::Failed, Loading::Ready));
        });
    };
    if loaded(screen).is_none() {
        fetch();
    }
    move || match status.get() {
        Loading::Ready(build) => build(),
        Loading::Pending => loading_line(s),
        Loading::Failed => failed_message(s, fetch),
    }
}

fn loading_line(s: crate::app::AppState) -> AnyView {
    view! { <p class="screen-loading" role="status" data-testid="screen-loading">{move || s.text(Ui::ScreenLoading)}</p> }
        .into_any()
}

fn failed_message(s: crate::app::AppState, retry: impl Fn() + Copy + 'static) -> AnyView {
    view! {
        <div class="screen-failed" role="alert" data-testid="screen-failed">
            <p>{move || s.text(Ui::ScreenUnavailable)}</p>
            <button type="button" data-testid="screen-retry" on:click=move |_| retry()>{move || s.text(Ui::TryAgain)}</button>
        </div>
    }
    .into_any()
}
