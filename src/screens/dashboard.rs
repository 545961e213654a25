//! The dashboard screen: the health scorecard of `core::dashboard` for a chosen date
//! and owner, drawn for a projector. A click on a key result that needs attention
//! opens it in the editor.

use leptos::prelude::*;

use crate::app::Jump;
use crate::app::Screen;
use crate::app::Ui;
use crate::app::state;
use crate::screens::weekly::{ConfidenceLists, DueByOwner, ReminderExport};
use crate::widgets::charts::{BarList, GradeChart, ProgressGauge, ProgressOverTime, status_bars};
use okrpad_core::calendar::Date;
use okrpad_core::i18n::labels::{Label, percent};
use okrpad_core::meetings::dashboard::{Reason, dashboard, owners};
use okrpad_core::rules::check;
use okrpad_core::scoring::score;

/// A date input's value as a date, if it is one.
pub fn parse_date(text: &str) -> Option<Date> {
    text.trim().parse().ok()
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let s = state();
    let date = RwSignal::new(s.today);
    // "" is everyone; otherwise an owner's name.
    let owner = RwSignal::new(None::<String>);
    let scores = Memo::new(move |_| s.document.with(|d| score(d, date.get())));
    let data = Memo::new(move |_| {
        s.document.with(|d| {
            scores.with(|sc| {
                let findings = check(d, sc);
                owner.with(|o| dashboard(d, sc, &findings, o.as_deref()))
            })
        })
    });
    let owner_choices = Memo::new(move |_| s.document.with(owners));
    // The document's (or the owner's) average progress at every check-in date so far.
    let timeline = Memo::new(move |_| {
        s.document.with(|d| owner.with(|o| okrpad_core::scoring::timeline::document(d, o.as_deref())).until(date.get()))
    });
    let nobody = move || s.text(Ui::NoOwnerParen).to_owned();
    let show_owner = move |name: &str| if name.is_empty() { nobody() } else { name.to_owned() };

    let open = move |objective: okrpad_core::model::Id, key_result: okrpad_core::model::Id| {
        s.screen.set(Screen::Editor);
        s.jump.set(Some(Jump { objective, key_result: Some(key_result), field: None }));
    };

    view! {
        <section class="insight dashboard" data-screen="dashboard" aria-labelledby="dashboard-heading">
            <h2 id="dashboard-heading" class="insight-title">{move || s.text(Ui::HealthDashboard)}</h2>
            // What the figures are of, also on paper where the controls are not printed.
            <p class="insight-subtitle" data-testid="dashboard-scope">
                {move || format!("{} {} · {}", s.text(Ui::AsOf), date.get(),
                    owner.get().map_or_else(|| s.text(Ui::EveryOwner).to_owned(), |o| show_owner(&o)))}
            </p>
            <div class="insight-controls">
                <label>{move || s.text(Ui::Date)}
                    <input type="date" data-testid="dashboard-date" prop:value=move || date.get().to_string()
                        on:change=move |ev| if let Some(d) = parse_date(&event_target_value(&ev)) { date.set(d) }/>
                </label>
                <label>{move || s.text(Ui::OwnerHeading)}
                    <select data-testid="dashboard-owner"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            owner.set(v.strip_prefix("=").map(str::to_owned));
                        }>
                        <option value="*" selected=move || owner.with(Option::is_none)>{move || s.text(Ui::Everyone)}</option>
                        {move || owner_choices.get().into_iter().map(|name| {
                            let value = format!("={name}");
                            let label = show_owner(&name);
                            let selected = owner.with(|o| o.as_deref() == Some(name.as_str()));
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>

            <div class="scorecard" data-testid="scorecard">
                <figure class="chart-figure" data-testid="objective-counts">
                    <figcaption>{move || format!("{} ({})", s.text(Ui::Objectives), data.with(|d| d.scorecard.objectives.total()))}</figcaption>
                    <BarList testid="objective-bars"
                        title=Signal::derive(move || s.text(Ui::ObjectivesByStatus).to_owned())
                        bars=Signal::derive(move || { let c = data.with(|d| d.scorecard.objectives); status_bars(s.lang.get(), |st| c.of(st)) })/>
                </figure>
                <figure class="chart-figure" data-testid="kr-counts">
                    <figcaption>{move || format!("{} ({})", s.text(Ui::KeyResults), data.with(|d| d.scorecard.key_results.total()))}</figcaption>
                    <BarList testid="kr-bars"
                        title=Signal::derive(move || s.text(Ui::KeyResultsByStatus).to_owned())
                        bars=Signal::derive(move || { let c = data.with(|d| d.scorecard.key_results); status_bars(s.lang.get(), |st| c.of(st)) })/>
                </figure>
                <figure class="chart-figure" data-testid="average">
                    <figcaption>{move || s.text(Ui::ProgressAgainstTime)}</figcaption>
                    <ProgressGauge title=Signal::derive(move || s.text(Ui::ProgressAgainstTime).to_owned())
                        progress=Signal::derive(move || data.with(|d| d.scorecard.average_progress))
                        expected=Signal::derive(move || data.with(|d| d.scorecard.average_expected))/>
                    <p class="figure-text" data-testid="average-progress">
                        {move || data.with(|d| format!("{} {} · {} {}",
                            s.text(Ui::AverageProgress), percent(d.scorecard.average_progress),
                            s.text(Ui::ExpectedLower), percent(d.scorecard.average_expected)))}
                    </p>
                </figure>
            </div>

            <div class="dashboard-chart">
                <h3>{move || s.text(Ui::DocumentProgressOverTime)}</h3>
                <ProgressOverTime timeline=timeline testid="dashboard-chart"
                    title=Signal::derive(move || s.text(Ui::DocumentProgressOverTime).to_owned())/>
            </div>

            <div class="insight-columns">
                <div>
                    <h3>{move || s.text(Ui::ByOwner)}</h3>
                    <table class="insight-table" data-testid="owner-table">
                        <thead><tr>
                            <th scope="col">{move || s.text(Ui::OwnerHeading)}</th>
                            <th scope="col" class="num">{move || s.text(Ui::Objectives)}</th>
                            <th scope="col" class="num">{move || s.text(Ui::AvgProgress)}</th>
                            <th scope="col">{move || s.text(Ui::WorstStatus)}</th>
                            <th scope="col" class="num">{move || s.text(Ui::OpenFindings)}</th>
                        </tr></thead>
                        <tbody>
                            {move || data.with(|d| d.owners.clone()).into_iter().map(|row| {
                                let name = show_owner(&row.owner);
                                view! {
                                    <tr data-owner=row.owner.clone()>
                                        <th scope="row">{name}</th>
                                        <td class="num" data-col="objectives">{row.objectives}</td>
                                        <td class="num" data-col="progress">{percent(row.average_progress)}</td>
                                        <td><span class=format!("pill status-{}", row.worst.as_str()) data-col="worst">{s.tr(&row.worst.label())}</span></td>
                                        <td class="num" data-col="findings">{row.findings}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <h3>{move || s.text(Ui::Grades)}</h3>
                    <GradeChart testid="dashboard-grades" distribution=Signal::derive(move || data.with(|d| d.grades.clone()))/>
                </div>
                <div>
                    <h3 id="attention-heading">{move || s.text(Ui::NeedsAttentionFirst)}</h3>
                    <Show when=move || data.with(|d| !d.attention.is_empty())
                        fallback=move || view! { <p class="empty">{move || s.text(Ui::NoKeyResultIsOff)}</p> }>
                        <ol class="attention" data-testid="attention" aria-labelledby="attention-heading">
                            {move || data.with(|d| d.attention.iter().take(ATTENTION_SHOWN).cloned().collect::<Vec<_>>()).into_iter().map(|item| {
                                let (objective, kr) = (item.objective.clone(), item.key_result.clone());
                                let reasons = item.reasons.iter().map(|r| reason_text(s.lang.get(), r)).collect::<Vec<_>>();
                                let title = if item.title.trim().is_empty() { s.text(Ui::UntitledKr).to_owned() } else { item.title.clone() };
                                view! {
                                    <li data-kr=item.key_result.to_string()>
                                        <button type="button" class="attention-item" data-testid="attention-item"
                                            on:click=move |_| open(objective.clone(), kr.clone())>{title}</button>
                                        <span class="attention-meta">
                                            <span class=format!("pill status-{}", item.status.as_str())>{s.tr(&item.status.label())}</span>
                                            " " {percent(item.progress)} " · " {show_owner(&item.owner)}
                                        </span>
                                        <ul class="reasons">
                                            {reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                                        </ul>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        {move || {
                            let more = data.with(|d| d.attention.len().saturating_sub(ATTENTION_SHOWN));
                            (more > 0).then(|| view! {
                                <p class="muted" data-testid="attention-more">{move || match s.lang.get() {
                                    okrpad_core::i18n::Lang::Zh => format!("另有 {more} 个关键结果需要关注（可按负责人筛选查看）。"),
                                    okrpad_core::i18n::Lang::En => format!("{more} more need attention (filter by owner to see them)."),
                                }}</p>
                            })
                        }}
                    </Show>
                </div>
            </div>
            <div class="insight-columns weekly">
                <div>
                    <DueByOwner due=Signal::derive(move || data.with(|d| d.due.clone()))/>
                    <ReminderExport/>
                </div>
                <div>
                    <ConfidenceLists lowest=Signal::derive(move || data.with(|d| d.lowest_confidence.clone()))
                        drops=Signal::derive(move || data.with(|d| d.confidence_drops.clone()))/>
                </div>
            </div>
        </section>
    }
}

/// How many key results the attention list shows: the worst first, enough for a
/// meeting's agenda; a company-sized document can have thousands, and drawing them all
/// would stall the page for no reader.
const ATTENTION_SHOWN: usize = 30;

/// Why a key result needs attention, in words.
fn reason_text(lang: okrpad_core::i18n::Lang, reason: &Reason) -> String {
    match (reason, lang) {
        (Reason::OffTrack, _) => Ui::OffTrackLegend.get(lang).to_owned(),
        (Reason::Stale(Some(days)), okrpad_core::i18n::Lang::Zh) => format!("已 {days} 天没有进度记录"),
        (Reason::Stale(Some(days)), okrpad_core::i18n::Lang::En) => format!("No check-in for {days} days"),
        (Reason::Stale(None), _) => Ui::NoCheckInYet.get(lang).to_owned(),
        (Reason::Blocker(text), okrpad_core::i18n::Lang::Zh) => format!("障碍：{text}"),
        (Reason::Blocker(text), okrpad_core::i18n::Lang::En) => format!("Blocker: {text}"),
    }
}
