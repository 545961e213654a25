//! Everything that reads or writes a document as text: the `.okr.json` file (format
//! v1) and its JSON Schema, share links, CSV, Markdown, sniffing what a user brings
//! in, and the one-line preview shown before an import.

pub mod csv;
pub mod file;
pub mod import;
mod json_path;
pub mod link;
pub mod markdown;
pub mod preview;
pub mod schema;
