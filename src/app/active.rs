//! The active card: the one whose action buttons are built.
//!
//! A card's buttons (eight under it, five on each key result) were most of what a card
//! cost to build, so only the card in use has them: the one focus is in, and the one the
//! pointer is over (two cards at most). Every other card shows one "Actions" button
//! that makes it the active one. See DESIGN.md, "Keeping a large tree responsive".

use leptos::prelude::*;

/// Which card has focus in it and which has the pointer over it, each as the card's
/// own flag: making a card active clears the previous one's flag and sets the new
/// one's, so a move wakes two cards, not every card in the tree.
#[derive(Clone, Copy)]
pub struct ActiveCard {
    focus: StoredValue<Option<RwSignal<bool>>>,
    pointer: StoredValue<Option<RwSignal<bool>>>,
}

/// Why a card is active.
#[derive(Clone, Copy)]
pub enum Because {
    /// Focus is in it (it stays active until focus goes into another card).
    Focus,
    /// The pointer is over it.
    Pointer,
}

impl ActiveCard {
    pub(super) fn new() -> ActiveCard {
        ActiveCard { focus: StoredValue::new(None), pointer: StoredValue::new(None) }
    }

    fn slot(self, because: Because) -> StoredValue<Option<RwSignal<bool>>> {
        match because {
            Because::Focus => self.focus,
            Because::Pointer => self.pointer,
        }
    }

    /// Makes the card whose flag is `flag` the active one `because`. The previous
    /// card's flag may belong to a card that is gone: setting it is then a no-op.
    pub fn enter(self, because: Because, flag: RwSignal<bool>) {
        let previous = self.slot(because).get_value();
        if previous == Some(flag) {
            return;
        }
        if let Some(previous) = previous {
            previous.try_set(false);
        }
        self.slot(because).set_value(Some(flag));
        flag.set(true);
    }

    /// The card whose flag is `flag` is no longer active `because` (the pointer left it).
    pub fn leave(self, because: Because, flag: RwSignal<bool>) {
        if self.slot(because).get_value() == Some(flag) {
            self.slot(because).set_value(None);
            flag.set(false);
        }
    }
}
