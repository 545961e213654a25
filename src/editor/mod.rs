//! The editor: the objective tree with its cards, key-result rows, check-in panels and
//! details, the documents bar, the filter, the findings panel, and the mid-period
//! adjustments box, and the numeric cascade's parts of a key result's details
//! (`cascade`). `actions` runs the core's tree operations as undoable steps; `ids` names the DOM ids that jumps and focus moves aim at.

pub mod actions;
pub mod adjust;
pub mod cascade;
pub mod checkin;
pub mod comments;
pub mod details;
pub mod documents;
pub mod filter;
pub mod findings;
pub mod ids;
pub mod kr;
pub mod tree;
