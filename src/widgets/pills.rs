//! A status as a coloured pill with its name in words, and a progress bar with the
//! expected-progress marker: the two figures every card, row and slide shows.

use leptos::prelude::*;
use okrpad_core::i18n::labels::Label;
use okrpad_core::scoring::Status;

use crate::app::{Ui, state};

#[component]
pub fn StatusPill(status: Signal<Status>, testid: &'static str) -> impl IntoView {
    let s = state();
    view! {
        <span class=move || format!("pill status-{}", status.get().as_str())
            data-testid=testid
            data-status=move || status.get().as_str()>
            {move || s.tr(&status.get().label())}
        </span>
    }
}

#[component]
pub fn ProgressBar(progress: Signal<f64>, expected: Signal<f64>) -> impl IntoView {
    let s = state();
    let pct = move |v: f64| format!("{:.1}%", (v * 100.0).clamp(0.0, 100.0));
    view! {
        <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"
            aria-label=move || s.text(Ui::Progress)
            aria-valuenow=move || format!("{:.0}", progress.get() * 100.0)>
            <div class="bar-fill" style:width=move || pct(progress.get())></div>
            <div class="bar-expected" style:left=move || pct(expected.get()) title=move || s.text(Ui::Expected)></div>
        </div>
    }
}
