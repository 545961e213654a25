//! Which screen is showing: the editor or one of the meeting screens. The screens
//! themselves live in `crate::screens`; the state only needs to name them.

use okrpad_core::i18n::Lang;

use super::text::Ui;

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
