//! Narrowing the tree to one owner, level or period. Matching objectives show with
//! their ancestors, so a filtered tree still says where each objective hangs.

use std::collections::HashSet;

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::widgets::fields::Choice;
use okrpad_core::calendar::Period;
use okrpad_core::i18n::labels::Label;
use okrpad_core::model::tree::Forest;
use okrpad_core::model::{Document, Level, Objective};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub owner: Option<String>,
    pub level: Option<Level>,
    pub period: Option<Period>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.owner.is_none() && self.level.is_none() && self.period.is_none()
    }

    fn matches(&self, o: &Objective) -> bool {
        self.owner.as_ref().is_none_or(|owner| o.owner.trim() == owner)
            && self.level.is_none_or(|level| o.level == level)
            && self.period.is_none_or(|period| o.period.is_some_and(|p| p.overlaps(period)))
    }

    /// The objectives to show, or `None` for all.
    pub fn visible(&self, document: &Document, forest: &Forest) -> Option<HashSet<usize>> {
        if self.is_empty() {
            return None;
        }
        let mut parent = vec![None; document.objectives.len()];
        for (i, children) in forest.children.iter().enumerate() {
            for &c in children {
                parent[c] = Some(i);
            }
        }
        let mut shown = HashSet::new();
        for (i, o) in document.objectives.iter().enumerate() {
            if self.matches(o) {
                let mut at = Some(i);
                // Each objective has at most one parent in the forest, and the forest
                // has no loops, so this walk ends.
                while let Some(node) = at {
                    if !shown.insert(node) {
                        break;
                    }
                    at = parent[node];
                }
            }
        }
        Some(shown)
    }
}

#[component]
pub fn FilterBar() -> impl IntoView {
    let s = state();
    // Memos, so the option lists are rebuilt only when the set of owners or periods
    // changes, not on every keystroke in a title.
    let owners = Memo::new_owning(move |old: Option<Vec<(String, String)>>| {
        let options = s.document.with(|d| {
            let mut owners: Vec<&str> = d.objectives.iter().map(|o| o.owner.trim()).filter(|o| !o.is_empty()).collect();
            owners.sort_unstable();
            owners.dedup();
            let all = s.text(Ui::AllOwners);
            let same = old.as_ref().is_some_and(|old| {
                old.len() == owners.len() + 1
                    && old[0].1 == all
                    && old[1..].iter().zip(&owners).all(|((value, _), owner)| value == owner)
            });
            (!same).then(|| {
                let mut options = vec![(String::new(), all.to_owned())];
                options.extend(owners.into_iter().map(|o| (o.to_owned(), o.to_owned())));
                options
            })
        });
        match (options, old) {
            (Some(options), _) => (options, true),
            (None, Some(old)) => (old, false),
            (None, None) => (Vec::new(), true),
        }
    });
    let levels = Signal::derive(move || {
        let mut options = vec![(String::new(), s.text(Ui::AllLevels).to_owned())];
        options.extend(Level::ALL.iter().map(|l| (l.as_str().to_owned(), s.tr(&l.label()))));
        options
    });
    let periods = Memo::new(move |_| {
        let mut periods: Vec<Period> = s.document.with(|d| d.objectives.iter().filter_map(|o| o.period).collect());
        periods.sort_by_key(|p| (p.start, p.end));
        periods.dedup();
        let mut options = vec![(String::new(), s.text(Ui::AllPeriods).to_owned())];
        options.extend(
            periods.into_iter().map(|p| (format!("{}/{}", p.start, p.end), format!("{} – {}", p.start, p.end))),
        );
        options
    });
    let label = move |ui: Ui| Signal::derive(move || s.text(ui).to_owned());
    view! {
        <div class="filter-bar" role="group" aria-label=move || s.text(Ui::Filter)>
            <Choice value=Signal::derive(move || s.filter.with(|f| f.owner.clone().unwrap_or_default()))
                options=owners label=label(Ui::Owner) testid="filter-owner"
                commit=Callback::new(move |v: String| s.filter.update(|f| f.owner = (!v.is_empty()).then_some(v)))/>
            <Choice value=Signal::derive(move || s.filter.with(|f| f.level.map_or("", |l| l.as_str()).to_owned()))
                options=levels label=label(Ui::Level) testid="filter-level"
                commit=Callback::new(move |v: String| s.filter.update(|f| f.level = Level::ALL.into_iter().find(|l| l.as_str() == v)))/>
            <Choice value=Signal::derive(move || s.filter.with(|f| f.period.map(|p| format!("{}/{}", p.start, p.end)).unwrap_or_default()))
                options=periods label=label(Ui::Period) testid="filter-period"
                commit=Callback::new(move |v: String| s.filter.update(|f| {
                    f.period = v.split_once('/').and_then(|(a, b)| Some(Period { start: a.parse().ok()?, end: b.parse().ok()? }));
                }))/>
            <Show when=move || s.filter.with(|f| !f.is_empty())>
                <button type="button" data-testid="filter-clear" on:click=move |_| s.filter.set(Filter::default())>
                    {move || s.text(Ui::ClearFilter)}
                </button>
            </Show>
        </div>
    }
}
