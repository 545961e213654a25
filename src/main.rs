//! okrpad's browser app: a thin Leptos shell over `okrpad-core`, built by Trunk for
//! wasm32 (`make dist`). This file only mounts it; the shell is organised by role:
//!
//! - [`app`]: the state every component reads, what is derived from the document
//!   (scores, findings, per-card views), the root component, the top bar, shortcuts;
//! - [`browser`]: the adapters at the edge, the only code that touches `web_sys`
//!   (storage, clock and language, downloads, files and clipboard, focus, the service
//!   worker);
//! - [`widgets`]: fields safe to bind to a recomputing document, the dialog shell,
//!   charts, status pills;
//! - [`editor`]: the objective tree, key-result rows, check-ins, details, documents,
//!   the filter and the findings panel;
//! - [`sync`]: export, import, share links, `?src=`, other tabs;
//! - [`live`]: live rooms (go live, join, leave, the live bar), through the live worker;
//! - [`screens`]: dashboard, alignment map, presentation, weekly review, grading.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod editor;
#[cfg(target_arch = "wasm32")]
mod live;
#[cfg(target_arch = "wasm32")]
mod screens;
#[cfg(target_arch = "wasm32")]
mod sync;
#[cfg(target_arch = "wasm32")]
mod widgets;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("okrpad-app is the browser app: build it with `make dist` or serve it with `make serve`.");
    std::process::exit(2);
}
