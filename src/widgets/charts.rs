//! The charts (the meeting views' and progress over time), drawn as SVG by okrpad itself: no chart library in the
//! bundle, crisp at any zoom (a projector at 150% or paper), and every mark carries
//! its number and name as text, so no reading depends on colour alone (print in
//! greyscale, colour-blind viewers). Drawn in a fixed `viewBox` and scaled to the
//! width available, so the type grows with the chart on a large screen.

use leptos::prelude::*;

use crate::app::Ui;
use okrpad_core::calendar::Date;
use okrpad_core::i18n::Lang;
use okrpad_core::i18n::labels::{Label, percent};
use okrpad_core::meetings::grading::Distribution;
use okrpad_core::scoring::timeline::Timeline;
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

/// Progress over time against the expected-progress line (dashed, from 0 at the start
/// of the period to 1 at its end): the one chart of a key result's check-ins, an
/// objective's details and slide, and the dashboard's whole document. Drawn from a
/// core [`Timeline`]; `0%`, `100%` and the period's dates are written on the axes, and
/// a visually hidden table repeats every point (date, progress, expected) for screen
/// readers, whose name for the picture already gives the latest point.
#[component]
pub fn ProgressOverTime(
    #[prop(into)] timeline: Signal<Timeline>,
    /// The chart's accessible name and the table's caption.
    #[prop(into)]
    title: Signal<String>,
    testid: &'static str,
    /// Confidence (0–10) after each check-in, drawn beside progress on the same height.
    #[prop(optional, into)]
    confidence: Option<Signal<Vec<(Date, u8)>>>,
) -> impl IntoView {
    let s = crate::app::state();
    // The plot sits inside the frame, with room for the axis labels left and below.
    const W: f64 = 320.0;
    const H: f64 = 150.0;
    const LEFT: f64 = 48.0;
    const BOTTOM: f64 = 22.0;
    const PAD: f64 = 5.0;
    let (plot_w, plot_h) = (W - LEFT - 8.0, H - BOTTOM - 6.0);
    let axes = move || timeline.with(|t| t.axes(plot_w, plot_h, PAD));
    let drawing = move || {
        let axes = axes()?;
        timeline.with(|t| {
            let line = axes.polyline(&t.points);
            let dots: Vec<(f64, f64)> = t.points.iter().map(|&(d, p)| (axes.x(d), axes.y(p))).collect();
            let expected = t.period.map(|p| axes.expected_line(p));
            let dates = t.period.map_or_else(
                || (t.points.first().map(|p| p.0), t.points.last().map(|p| p.0)),
                |p| (Some(p.start), Some(p.end)),
            );
            let confidence = confidence.map(|c| {
                c.with(|c| axes.polyline(&c.iter().map(|&(d, v)| (d, f64::from(v) / 10.0)).collect::<Vec<_>>()))
            });
            Some((line, dots, expected, dates, confidence))
        })
    };
    let latest = move || {
        timeline.with(|t| {
            let &(date, progress) = t.points.last()?;
            let mut text = format!("{date} {}", percent(progress));
            if let Some(e) = t.expected(date) {
                text.push_str(&format!(" ({} {})", s.text(Ui::ExpectedLower), percent(e)));
            }
            Some(text)
        })
    };
    let name = move || match latest() {
        Some(latest) => format!("{}: {latest}", title.get()),
        None => format!("{}: {}", title.get(), s.text(Ui::NoCheckInsYet)),
    };
    view! {
        <figure class="progress-over-time" data-testid=testid>
            <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=name data-testid=format!("{testid}-svg")>
                <rect x="0" y="0" width=W height=H class="chart-frame"></rect>
                <text class="chart-axis" x=LEFT - 6.0 y=6.0 + PAD + 4.0 text-anchor="end">"100%"</text>
                <text class="chart-axis" x=LEFT - 6.0 y=6.0 + plot_h - PAD + 4.0 text-anchor="end">"0%"</text>
                <line class="chart-baseline" x1=LEFT x2=LEFT + plot_w y1=6.0 + plot_h - PAD y2=6.0 + plot_h - PAD></line>
                <g transform=format!("translate({LEFT} 6)")>
                    {move || drawing().map(|(line, dots, expected, _, confidence)| view! {
                        {expected.map(|(x1, y1, x2, y2)| view! {
                            <line class="chart-expected" x1=x1 y1=y1 x2=x2 y2=y2></line>
                        })}
                        <polyline class="chart-line" points=line data-testid="chart-line"></polyline>
                        {confidence.map(|points| view! {
                            <polyline class="chart-confidence" points=points data-testid="confidence-line"></polyline>
                        })}
                        {dots.into_iter().map(|(cx, cy)| view! { <circle class="chart-dot" cx=cx cy=cy r="3"></circle> }).collect_view()}
                    })}
                </g>
                {move || drawing().map(|(_, _, _, (first, last), _)| view! {
                    <text class="chart-axis" x=LEFT y=H - 6.0>{first.map(|d| d.to_string())}</text>
                    <text class="chart-axis" x=W - 8.0 y=H - 6.0 text-anchor="end">{last.map(|d| d.to_string())}</text>
                })}
                {move || timeline.with(|t| t.points.is_empty()).then(|| view! {
                    <text class="chart-note" x=LEFT + plot_w / 2.0 y=6.0 + plot_h / 2.0 text-anchor="middle">
                        {move || s.text(Ui::NoCheckInsYet)}
                    </text>
                })}
            </svg>
            <figcaption class="chart-key" aria-hidden="true">
                <span class="key-line"></span>{move || s.text(Ui::Progress)}
                <span class="key-expected"></span>{move || s.text(Ui::ChartExpectedColumn)}
            </figcaption>
            // Hidden by its box: a table's own width grows to its content whatever it is told.
            <div class="visually-hidden">
                <table data-testid=format!("{testid}-table")>
                    <caption>{move || title.get()}</caption>
                    <thead><tr>
                        <th scope="col">{move || s.text(Ui::Date)}</th>
                        <th scope="col">{move || s.text(Ui::Progress)}</th>
                        <th scope="col">{move || s.text(Ui::ChartExpectedColumn)}</th>
                    </tr></thead>
                    <tbody>
                        {move || timeline.with(Timeline::rows).into_iter().map(|(date, progress, expected)| view! {
                            <tr><td>{date.to_string()}</td><td>{percent(progress)}</td><td>{expected.map(percent)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </figure>
    }
}
