//! The alignment map: where every card and line goes, and the SVG it is drawn as.

pub mod layout;
pub mod svg;
