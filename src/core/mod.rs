//! The okrpad domain core: the OKR model, its file format, scoring and the rules.
//!
//! Pure Rust with no browser crate, so the same code runs in the browser (as Wasm),
//! in the `okrpad` command-line tool and in native tests. Nothing here reads a clock,
//! a file or storage: callers pass the date and the text in.

pub mod csv;
pub mod date;
pub mod edit;
pub mod format;
pub mod generate;
pub mod i18n;
pub mod labels;
pub mod library;
pub mod link;
pub mod markdown;
pub mod merge;
pub mod model;
pub mod outline;
pub mod preview;
pub mod rules;
pub mod sample;
pub mod schema;
pub mod scoring;
pub mod templates;
pub mod tree;
