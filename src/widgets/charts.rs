//! The meeting views' charts, drawn as SVG by okrpad itself: no chart library in the
//! bundle, crisp at any zoom (a projector at 150% or paper), and every mark carries
//! its number and name as text, so no reading depends on colour alone (print in
//! greyscale, colour-blind viewers). Drawn in a fixed `viewBox` and scaled to the
//! width available, so the type grows with the chart on a large screen.

use leptos::prelude::*;

use crate::app::Ui;
use okrpad_core::i18n::Lang;
use okrpad_core::i18n::labels::{Label, percent};
use okrpad_core::meetings::grading::Distribution;
use okrpad_core::scoring::{Band, Status};

/// One bar of a [`BarList`].
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: usize,
    /// The CSS class that colours it (`status-on_track`, `band-red`…).
    pub class: String,
    /// A `data-status` or `data-band` value for tests and styles.
    pub key: &'static str,
}

/// Bars for the four statuses of `count`.
pub fn status_bars(lang: Lang, count: impl Fn(Status) -> usize) -> Vec<Bar> {
    okrpad_core::meetings::dashboard::STATUSES
        .iter()
        .map(|&status| Bar {
            label: status.label().get(lang).to_owned(),
            value: count(status),
            class: format!("status-{}", status.as_str()),
            key: status.as_str(),
        })
        .collect()
}

/// Horizontal bars, one per row: the label on the left, the bar, the number at its end.
#[component]
pub fn BarList(
    #[prop(into)] bars: Signal<Vec<Bar>>,
    /// The chart's accessible name.
    #[prop(into)]
    title: Signal<String>,
    testid: &'static str,
) -> impl IntoView {
    const ROW: f64 = 34.0;
    const LABEL: f64 = 120.0;
    const WIDTH: f64 = 400.0;
    let height = move || bars.with(|b| b.len() as f64 * ROW + 4.0);
    view! {
        <svg class="chart bar-list" data-testid=testid role="img" aria-label=move || title.get()
            viewBox=move || format!("0 0 {WIDTH} {}", height())>
            <title>{move || title.get()}</title>
            {move || {
                let bars = bars.get();
                let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
                bars.into_iter().enumerate().map(|(i, bar)| {
                    let y = i as f64 * ROW + 4.0;
                    let length = (WIDTH - LABEL - 50.0) * bar.value as f64 / max;
                    view! {
                        <g data-key=bar.key data-value=bar.value.to_string()>
                            <text class="chart-label" x="0" y=y + 20.0>{bar.label.clone()}</text>
                            <rect class=format!("chart-bar {}", bar.class) x=LABEL y=y + 4.0
                                width=length.max(2.0) height=ROW - 10.0 rx="3"></rect>
                            <text class="chart-value" x=LABEL + length.max(2.0) + 8.0 y=y + 21.0>{bar.value.to_string()}</text>
                        </g>
                    }
                }).collect_view()
            }}
        </svg>
    }
}

/// Progress against where it should be by now: a bar with a marker, both as numbers.
#[component]
pub fn ProgressGauge(
    #[prop(into)] progress: Signal<f64>,
    #[prop(into)] expected: Signal<f64>,
    #[prop(into)] title: Signal<String>,
) -> impl IntoView {
    let s = crate::app::state();
    view! {
        <svg class="chart gauge" data-testid="progress-gauge" role="img" viewBox="0 0 400 92"
            aria-label=move || format!("{}: {} {}, {} {}", title.get(), s.text(Ui::AverageProgressLower),
                percent(progress.get()), s.text(Ui::ExpectedLower), percent(expected.get()))>
            <text class="chart-label" x="0" y="22">
                {move || format!("{} {}", s.text(Ui::AverageProgress), percent(progress.get()))}
            </text>
            <rect class="chart-track" x="0" y="34" width="400" height="22" rx="4"></rect>
            <rect class="chart-bar chart-progress" x="0" y="34" height="22" rx="4"
                width=move || (400.0 * progress.get().clamp(0.0, 1.0)).max(1.0)></rect>
            <line class="chart-marker" y1="28" y2="62"
                x1=move || 400.0 * expected.get().clamp(0.0, 1.0) x2=move || 400.0 * expected.get().clamp(0.0, 1.0)></line>
            <text class="chart-note" x="0" y="84">
                {move || format!("{} {} ({})", s.text(Ui::ExpectedByNowHeading), percent(expected.get()), s.text(Ui::TheLine))}
            </text>
        </svg>
    }
}

fn band_of_tenth(tenth: usize) -> Band {
    if tenth <= 3 {
        Band::Red
    } else if tenth <= 6 {
        Band::Yellow
    } else {
        Band::Green
    }
}

/// The grade distribution: one column per tenth from 0.0 to 1.0, its count on top,
/// and the band totals written out under the axis.
#[component]
pub fn GradeChart(#[prop(into)] distribution: Signal<Distribution>, testid: &'static str) -> impl IntoView {
    let s = crate::app::state();
    const COLUMN: f64 = 36.0;
    const TALL: f64 = 120.0;
    let title = move || Ui::GradeDistributionKeyResults.get(s.lang.get());
    view! {
        <figure class="chart-figure">
            <svg class="chart grades" data-testid=testid role="img" viewBox="0 0 400 190" aria-label=title>
                <title>{title}</title>
                {move || {
                    let d = distribution.get();
                    let max = d.tenths.iter().copied().max().unwrap_or(0).max(1) as f64;
                    d.tenths.iter().enumerate().map(|(t, &n)| {
                        let x = t as f64 * COLUMN + 4.0;
                        let h = TALL * n as f64 / max;
                        let band = band_of_tenth(t);
                        view! {
                            <g data-tenth=t.to_string() data-value=n.to_string()>
                                <rect class=format!("chart-bar band-{}", band.as_str()) x=x y=20.0 + TALL - h
                                    width=COLUMN - 8.0 height=h.max(1.0) rx="2"></rect>
                                <text class="chart-value" text-anchor="middle" x=x + (COLUMN - 8.0) / 2.0 y=16.0 + TALL - h>
                                    {if n > 0 { n.to_string() } else { String::new() }}
                                </text>
                                <text class="chart-axis" text-anchor="middle" x=x + (COLUMN - 8.0) / 2.0 y=TALL + 40.0>
                                    {format!("{:.1}", t as f64 / 10.0)}
                                </text>
                            </g>
                        }
                    }).collect_view()
                }}
                <line class="chart-baseline" x1="0" x2="400" y1=20.0 + TALL y2=20.0 + TALL></line>
                <text class="chart-note" x="0" y="184">
                    {move || {
                        let d = distribution.get();
                        let lang = s.lang.get();
                        [(Band::Red, "0–0.3"), (Band::Yellow, "0.4–0.6"), (Band::Green, "0.7–1")].iter().zip(d.bands)
                            .map(|((b, range), n)| format!("{} {range}: {n}", b.label().get(lang)))
                            .collect::<Vec<_>>()
                            .join(" · ")
                    }}
                </text>
            </svg>
        </figure>
    }
}
