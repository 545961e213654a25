//! The filter bar: narrowing the tree to one owner, level or period. What matches is
//! the core's rule ([`okrpad_core::model::filter`]); this is its form.

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::widgets::fields::Choice;
use okrpad_core::calendar::Period;
use okrpad_core::i18n::labels::Label;
use okrpad_core::meetings::grading::periods;
use okrpad_core::model::Level;
pub use okrpad_core::model::filter::Filter;
use okrpad_core::model::filter::owners;

#[component]
pub fn FilterBar() -> impl IntoView {
    let s = state();
    // Memos, so the option lists are rebuilt only when the set of owners or periods
    // changes, not on every keystroke in a title.
    let owners = Memo::new_owning(move |old: Option<Vec<(String, String)>>| {
        let options = s.document.with(|d| {
            let owners = owners(d);
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
        let periods = s.document.with(periods);
        let mut options = vec![(String::new(), s.text(Ui::AllPeriods).to_owned())];
        options.extend(periods.into_iter().map(|p| (p.to_string(), format!("{} – {}", p.start, p.end))));
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
                commit=Callback::new(move |v: String| s.filter.update(|f| f.level = v.parse::<Level>().ok()))/>
            <Choice value=Signal::derive(move || s.filter.with(|f| f.period.map(|p| p.to_string()).unwrap_or_default()))
                options=periods label=label(Ui::Period) testid="filter-period"
                commit=Callback::new(move |v: String| s.filter.update(|f| f.period = v.parse::<Period>().ok()))/>
            <Show when=move || s.filter.with(|f| !f.is_empty())>
                <button type="button" data-testid="filter-clear" on:click=move |_| s.filter.set(Filter::default())>
                    {move || s.text(Ui::ClearFilter)}
                </button>
            </Show>
        </div>
    }
}
