//! The okrpad domain core: the OKR model, its file format, scoring and the rules.
//!
//! Pure Rust with no browser crate, so the same code runs in the browser (as Wasm),
//! in the `okrpad` command-line tool and in native tests. Nothing here reads a clock,
//! a file or storage: callers pass the date and the text in.

pub mod adjust;
pub mod csv;
pub mod dashboard;
pub mod date;
pub mod deck;
pub mod edit;
pub mod format;
pub mod generate;
pub mod grading;
pub mod i18n;
pub mod import;
pub mod labels;
pub mod layout;
pub mod library;
pub mod link;
pub mod mapsvg;
pub mod markdown;
pub mod merge;
pub mod model;
pub mod outline;
pub mod preview;
pub mod review;
pub mod rules;
pub mod sample;
pub mod schema;
pub mod scoring;
pub mod templates;
pub mod tree;
pub mod whatif;
