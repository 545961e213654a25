//! The model: the OKR document as okrpad holds it (objectives, key results,
//! check-ins, ids, levels), the tree its `parent` links draw, the filter that narrows
//! it, and the list of documents a browser keeps.

mod document;
pub mod filter;
pub mod library;
pub mod limits;
pub mod tree;

pub use document::*;
