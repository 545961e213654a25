//! The browser at the edge: clock, preferred language and local storage. Everything
//! that can fail here returns a value the app can explain; nothing panics, because a
//! panic in Wasm stops the whole app.

use crate::app::Ui;
use okrpad_core::calendar::Date;
use okrpad_core::i18n::{Lang, Text};

/// Today in the user's time zone: OKR periods are calendar days where the team is.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    let (year, month, day) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    let field = |v: u32| u8::try_from(v).unwrap_or(1);
    u16::try_from(year).ok().and_then(|y| Date::new(y, field(month), field(day))).unwrap_or(Date::MIN)
}

/// The language the browser asks for (`navigator.language`).
pub fn browser_lang() -> Lang {
    web_sys::window().and_then(|w| w.navigator().language()).map_or(Lang::En, |tag| Lang::from_tag(&tag))
}

/// Sets `<html lang>`, so screen readers and fonts pick the right language.
pub fn set_document_lang(lang: Lang) {
    let tag = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        // Failing to set an attribute only costs the hint; nothing to report.
        let _ = root.set_attribute("lang", tag);
    }
}

/// Why local storage could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all: disabled by the user, a private mode, or a sandboxed frame.
    Unavailable,
    /// The browser refused the write, usually because the quota is full.
    WriteRefused,
}

impl StorageError {
    pub fn message(&self) -> Text {
        match self {
            StorageError::Unavailable => Ui::BrowserStorageIsUnavailableDisabled.both(),
            StorageError::WriteRefused => Ui::TheBrowserRefusedToSave.both(),
        }
    }
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or(StorageError::Unavailable)
}

/// The text stored under `key`, `None` when nothing is.
pub fn load(key: &str) -> Result<Option<String>, StorageError> {
    storage()?.get_item(key).map_err(|_| StorageError::Unavailable)
}

/// Every key in local storage (all sites' code on this origin, not only okrpad's).
pub fn keys() -> Result<Vec<String>, StorageError> {
    let storage = storage()?;
    let count = storage.length().map_err(|_| StorageError::Unavailable)?;
    Ok((0..count).filter_map(|i| storage.key(i).ok().flatten()).collect())
}

/// Stores `value` under `key`.
pub fn save(key: &str, value: &str) -> Result<(), StorageError> {
    storage()?.set_item(key, value).map_err(|_| StorageError::WriteRefused)
}

/// Removes `key`; storage that cannot be reached has nothing to remove.
pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Runs `f` in a task just after the next frame is painted: work that must not hold
/// back what is about to show (the first screen of a large document).
///
/// Not in the animation-frame callback itself, which would hold that frame back by the
/// work's whole cost; and the frame is asked for from a task too, so whatever else waits
/// for the first screen (started while the app was mounting) sees it first.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    use leptos::prelude::{request_animation_frame, set_timeout};
    let next_task = |f: Box<dyn FnOnce()>| set_timeout(f, std::time::Duration::ZERO);
    next_task(Box::new(move || request_animation_frame(move || next_task(Box::new(f)))));
}

/// Sets `printing` between the browser's `beforeprint` and `afterprint` events, so the
/// page can show on paper what it keeps folded on screen.
pub fn on_print(printing: leptos::prelude::RwSignal<bool>) {
    use leptos::prelude::{Set, on_cleanup, window_event_listener_untyped};
    let before = window_event_listener_untyped("beforeprint", move |_| printing.set(true));
    let after = window_event_listener_untyped("afterprint", move |_| printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
}
