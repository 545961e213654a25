//! okrpad's domain core: the OKR model, its file formats, scoring, the rules and the
//! meeting views, in pure Rust.
//!
//! This crate names no browser crate in its `Cargo.toml`, so importing Leptos or
//! web-sys here does not compile: the same code runs in the browser (as Wasm), in the
//! `okrpad` command-line tool and in native tests. Nothing here reads a clock, a file
//! or storage: callers pass the date and the text in.
//!
//! One folder per capability; each module's doc says what it owns:
//!
//! | module | owns |
//! |---|---|
//! | [`model`] | the document, ids, levels, the tree, the list of stored documents |
//! | [`calendar`] | dates, periods, quarters, months, the period quick picks |
//! | [`i18n`] | the two languages, the words for the domain's enums, number formatting |
//! | [`edit`] | reversible edits and undo, the tree's shape (outline), mid-period adjustments |
//! | [`scoring`] | progress, status and grade as of a date; what-if |
//! | [`rules`] | the linter: findings with stable ids and rewrite hints |
//! | [`formats`] | the `.okr.json` file, its JSON Schema, share links, CSV, Markdown, import sniffing, preview |
//! | [`merge`] | two versions of one document, matched by id |
//! | [`meetings`] | dashboard, weekly review, grading, presentation deck |
//! | [`map`] | the alignment map's layout and its SVG |
//! | [`content`] | built-in documents: the sample, the templates, generated large trees |
//! | [`sort`] | stable sorting through one compiled sort, for the Wasm's size |

pub mod calendar;
pub mod content;
pub mod edit;
pub mod formats;
pub mod i18n;
pub mod live;
pub mod map;
pub mod meetings;
pub mod merge;
pub mod model;
pub mod rules;
pub mod scoring;
pub mod sort;
