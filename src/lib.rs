//! okrpad: an OKR editor that runs entirely in the browser.
//!
//! - [`core`]: the domain (model, format, scoring, rules), pure and shared by the
//!   browser app and the `okrpad` CLI.
//! - `ui` (wasm32 only): the Leptos app, a thin shell over the core, with its
//!   storage adapter.
//! - [`bench`]: the core steps `make bench` times, natively and in Wasm.

pub mod core;

pub mod bench;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod ui;
