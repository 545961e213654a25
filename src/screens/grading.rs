//! The grading and retrospective screen (seed 000's 季度末复盘) over `core::grading`:
//! pick a period, grade each key result (the suggestion is shown beside the decision),
//! write the retrospective per objective, see the spread of grades and the committed
//! objectives that fell short, then copy the kept objectives into the next period as
//! one undoable step.

use std::collections::HashSet;

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::screens::dashboard::parse_date;
use crate::widgets::charts::GradeChart;
use okrpad_core::calendar::{Period, next_period};
use okrpad_core::i18n::labels::{Label, percent};
use okrpad_core::meetings::grading::{
    RetroPart, current_period, distribution, grade_period, periods, retro_of, roll_over, set_grade, set_retro,
};
use okrpad_core::model::{Id, parse_number};
use okrpad_core::scoring::score;

fn period_value(p: Period) -> String {
    format!("{}/{}", p.start, p.end)
}

fn parse_period(text: &str) -> Option<Period> {
    let (start, end) = text.split_once('/')?;
    Some(Period { start: parse_date(start)?, end: parse_date(end)? })
}

#[component]
pub fn Grading() -> impl IntoView {
    let s = state();
    let period = RwSignal::new(s.document.with_untracked(|d| current_period(d, s.today)));
    let choices = Memo::new(move |_| s.document.with(periods));
    // Graded as of the period's end, or today while it is under way.
    let scores = Memo::new(move |_| {
        let as_of = period.get().map_or(s.today, |p| p.end.min(s.today));
        s.document.with(|d| score(d, as_of))
    });
    let graded = Memo::new(move |_| s.document.with(|d| scores.with(|sc| grade_period(d, sc, period.get()))));
    // Objectives unticked for the next period (all are kept until unticked).
    let dropped = RwSignal::new(HashSet::<Id>::new());
    let next = RwSignal::new(None::<Period>);
    Effect::new(move |_| next.set(period.get().map(next_period)));
    let outcome = RwSignal::new(None::<String>);

    let kept = move || {
        let dropped = dropped.get();
        let document = s.document.get();
        graded
            .get()
            .iter()
            .map(|g| document.objectives[g.index].id.clone())
            .filter(|id| !dropped.contains(id))
            .collect::<Vec<_>>()
    };
    let roll = move |_| {
        let Some(target) = next.get_untracked() else { return };
        let ids = kept();
        if ids.is_empty() {
            return;
        }
        let edits = s.document.with_untracked(|d| roll_over(d, &ids, target));
        s.perform(edits, None);
        let count = ids.len();
        outcome.set(Some(match s.lang.get_untracked() {
            okrpad_core::i18n::Lang::Zh => {
                format!("已将 {count} 个目标复制到 {} 至 {}（Ctrl+Z 可撤销）。", target.start, target.end)
            }
            okrpad_core::i18n::Lang::En => {
                format!("Copied {count} objectives into {} to {} (Ctrl+Z undoes it).", target.start, target.end)
            }
        }));
    };

    view! {
        <section class="insight grading" data-screen="grading" aria-labelledby="grading-heading">
            <h2 id="grading-heading" class="insight-title">{move || s.text(Ui::GradingAndRetrospective)}</h2>
            <div class="insight-controls">
                <label>{move || s.text(Ui::PeriodHeading)}
                    <select data-testid="grading-period" on:change=move |ev| period.set(parse_period(&event_target_value(&ev)))>
                        {move || choices.get().into_iter().map(|p| {
                            let selected = period.get() == Some(p);
                            view! { <option value=period_value(p) selected=selected>{format!("{} – {}", p.start, p.end)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <Show when=move || !graded.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{move || s.text(Ui::NoObjectiveInThisPeriod)}</p> }>
            <div class="insight-columns">
                <div>
                    <GradeChart testid="grading-grades" distribution=Signal::derive(move || graded.with(|g| distribution(g)))/>
                </div>
                <div>
                    <h3>{move || s.text(Ui::CommittedBelowOne)}</h3>
                    <ul class="flagged" data-testid="flagged">
                        {move || {
                            let document = s.document.get();
                            graded.get().into_iter().filter(|g| g.needs_review).map(|g| {
                                let o = &document.objectives[g.index];
                                view! { <li data-objective=o.id.to_string()>{format!("{} — {:.1}", o.title, g.grade.value)}</li> }
                            }).collect_view()
                        }}
                    </ul>
                    <Show when=move || graded.with(|g| !g.iter().any(|x| x.needs_review))>
                        <p class="empty">{move || s.text(Ui::EveryCommittedReachedOne)}</p>
                    </Show>
                </div>
            </div>
            <ol class="grade-cards">
                <For each=move || {
                        let indexes: Vec<usize> = graded.with(|g| g.iter().map(|x| x.index).collect());
                        s.document.with_untracked(|d| indexes.iter().filter_map(|&i| d.objectives.get(i).map(|o| o.id.clone())).collect::<Vec<_>>())
                    }
                    key=|id| id.clone()
                    children=move |id| view! { <GradeCard id=id graded=graded scores=scores dropped=dropped/> }/>
            </ol>
            <div class="roll-over">
                <h3>{move || s.text(Ui::RollIntoTheNextPeriod)}</h3>
                <label>{move || s.text(Ui::PeriodStart)}
                    <input type="date" data-testid="next-start" prop:value=move || next.get().map(|p| p.start.to_string()).unwrap_or_default()
                        on:change=move |ev| if let Some(d) = parse_date(&event_target_value(&ev)) { next.update(|p| if let Some(p) = p { p.start = d }) }/>
                </label>
                <label>{move || s.text(Ui::PeriodEnd)}
                    <input type="date" data-testid="next-end" prop:value=move || next.get().map(|p| p.end.to_string()).unwrap_or_default()
                        on:change=move |ev| if let Some(d) = parse_date(&event_target_value(&ev)) { next.update(|p| if let Some(p) = p { p.end = d }) }/>
                </label>
                <button type="button" data-testid="roll-over" on:click=roll disabled=move || kept().is_empty()>
                    {move || match s.lang.get() {
                        okrpad_core::i18n::Lang::Zh => format!("将保留的 {} 个目标复制到下个周期", kept().len()),
                        okrpad_core::i18n::Lang::En => format!("Copy the {} kept objectives into the next period", kept().len()),
                    }}
                </button>
                <p class="outcome" role="status" aria-live="polite" data-testid="roll-outcome">{move || outcome.get()}</p>
            </div>
            </Show>
        </section>
    }
}

/// One objective of the period: its grade, its key results' grades, its
/// retrospective and whether it is kept. Keyed by id, so its fields keep focus while
/// the document changes around them.
#[component]
fn GradeCard(
    id: Id,
    graded: Memo<Vec<okrpad_core::meetings::grading::ObjectiveGrade>>,
    scores: Memo<okrpad_core::scoring::Scores>,
    dropped: RwSignal<HashSet<Id>>,
) -> impl IntoView {
    let s = state();
    let id = StoredValue::new(id);
    let objective = Memo::new(move |_| s.document.with(|d| d.objective(&id.get_value()).cloned()));
    let grade = Memo::new(move |_| {
        let index = s.index.with(|m| m.get(&id.get_value()).copied());
        graded.with(|g| g.iter().find(|x| Some(x.index) == index).cloned())
    });
    let read = move |f: fn(&okrpad_core::model::Objective) -> String| {
        Signal::derive(move || objective.with(|o| o.as_ref().map(f).unwrap_or_default()))
    };
    let set_part = move |part: RetroPart, text: String| {
        let edit = s.document.with_untracked(|d| d.objective(&id.get_value()).map(|o| set_retro(o, part, text)));
        if let Some(edit) = edit {
            s.perform(vec![edit], None);
        }
    };
    let retro_field = move |part: RetroPart, label: Ui, testid: &'static str| {
        let value = Signal::derive(move || {
            objective.with(|o| {
                let r = o.as_ref().map(retro_of).unwrap_or_default();
                match part {
                    RetroPart::Worked => r.worked,
                    RetroPart::Change => r.change,
                    RetroPart::Next => r.next,
                }
            })
        });
        view! {
            <label>{move || s.text(label)}
                <textarea rows="2" data-testid=testid prop:value=move || value.get()
                    on:change=move |ev| set_part(part, event_target_value(&ev))></textarea>
            </label>
        }
    };
    let heading = format!("grade-o-{}", id.get_value());
    let kr_ids = Memo::new(move |_| {
        objective.with(|o| {
            o.as_ref().map(|o| o.key_results.iter().map(|k| k.id.clone()).collect::<Vec<_>>()).unwrap_or_default()
        })
    });
    view! {
        <li class="grade-card" data-objective=id.get_value().to_string() aria-labelledby=heading.clone()>
            <div class="grade-head">
                <h3 id=heading.clone()>{read(|o| o.title.clone())}</h3>
                <span class="muted">{move || objective.with(|o| o.as_ref().map(|o| format!("{} · {}", s.tr(&o.kind.label()), o.owner)).unwrap_or_default())}</span>
                {move || grade.get().map(|g| view! {
                    <span class=format!("grade-value band-{}", g.grade.band.as_str()) data-testid="objective-grade">
                        {format!("{:.1}", g.grade.value)}" "{s.tr(&g.grade.band.label())}
                    </span>
                    {g.needs_review.then(|| view! {
                        <span class="flag" data-testid="needs-review">{move || s.text(Ui::CommittedBelowOneReview)}</span>
                    })}
                })}
            </div>
            <table class="insight-table">
                <thead><tr>
                    <th scope="col">{move || s.text(Ui::KeyResult)}</th>
                    <th scope="col" class="num">{move || s.text(Ui::Progress)}</th>
                    <th scope="col" class="num">{move || s.text(Ui::Suggested)}</th>
                    <th scope="col">{move || s.text(Ui::Grade)}</th>
                </tr></thead>
                <tbody>
                    <For each=move || kr_ids.get() key=|k| k.clone() children=move |kr| {
                        let kr = StoredValue::new(kr);
                        let position = move || objective.with(|o| o.as_ref().and_then(|o| o.key_results.iter().position(|k| k.id == kr.get_value())));
                        let row = Memo::new(move |_| {
                            let j = position()?;
                            let g = grade.get()?;
                            let k = g.key_results.get(j).copied()?;
                            let progress = scores.with(|sc| sc.key_result(g.index, j).map_or(0.0, |x| x.progress));
                            let (title, stored) = objective.with(|o| o.as_ref().and_then(|o| o.key_results.get(j)).map(|k| (k.title.clone(), k.grade)))?;
                            Some((title, progress, k, stored))
                        });
                        let label_id = format!("grade-kr-{}", kr.get_value());
                        let commit = move |text: String| {
                            let value = if text.trim().is_empty() { Some(None) } else { parse_number(&text).map(Some) };
                            let Some(value) = value else { return };
                            let edit = s.document.with_untracked(|d| d.objective(&id.get_value()).and_then(|o| set_grade(o, &kr.get_value(), value)));
                            if let Some(edit) = edit {
                                s.perform(vec![edit], None);
                            }
                        };
                        view! {
                            <tr data-kr=kr.get_value().to_string()>
                                <th scope="row" id=label_id.clone()>{move || row.with(|r| r.as_ref().map(|r| r.0.clone()).unwrap_or_default())}</th>
                                <td class="num">{move || row.with(|r| r.as_ref().map(|r| percent(r.1)).unwrap_or_default())}</td>
                                <td class="num" data-col="suggested">{move || row.with(|r| r.as_ref().map(|r| format!("{:.1}", r.2.suggested.value)).unwrap_or_default())}</td>
                                <td>
                                    <input type="number" min="0" max="1" step="0.1" class="grade-input" data-testid="grade-input"
                                        aria-labelledby=label_id
                                        placeholder=move || row.with(|r| r.as_ref().map(|r| format!("{:.1}", r.2.suggested.value)).unwrap_or_default())
                                        prop:value=move || row.with(|r| r.as_ref().and_then(|r| r.3).map(|v| v.to_string()).unwrap_or_default())
                                        on:change=move |ev| commit(event_target_value(&ev))/>
                                    " "
                                    <span class="muted" data-col="source">
                                        {move || if row.with(|r| r.as_ref().is_some_and(|r| r.2.decided)) { s.text(Ui::Decided) } else { s.text(Ui::SuggestedLower) }}
                                    </span>
                                </td>
                            </tr>
                        }
                    }/>
                </tbody>
            </table>
            <div class="retro">
                {retro_field(RetroPart::Worked, Ui::RetroWorked, "retro-worked")}
                {retro_field(RetroPart::Change, Ui::RetroChange, "retro-change")}
                {retro_field(RetroPart::Next, Ui::RetroNext, "retro-next")}
            </div>
            <label class="keep">
                <input type="checkbox" data-testid="keep"
                    prop:checked=move || !dropped.with(|d| d.contains(&id.get_value()))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        dropped.update(|d| { if on { d.remove(&id.get_value()); } else { d.insert(id.get_value()); } });
                    }/>
                {move || s.text(Ui::KeepForTheNextPeriod)}
            </label>
        </li>
    }
}
