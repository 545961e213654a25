//! The objective tree: company → department → team → individual, each objective a
//! card with its key results, progress and status.
//!
//! Lists are keyed by id (`<For>`), so a change re-renders only the cards it touches.
//! Nesting follows [`Forest`](crate::core::tree::Forest), which places every objective
//! exactly once even in a broken file; the view stops nesting at [`MAX_NESTING`] so a
//! hostile chain thousands deep cannot exhaust the Wasm stack.

use leptos::prelude::*;

use super::{AppState, Ui, state};
use crate::core::labels::{Label, number, percent};
use crate::core::model::{Id, Metric};
use crate::core::scoring::Status;

/// Deeper objectives are listed flat under the last nested level.
const MAX_NESTING: usize = 24;

#[component]
pub fn ObjectiveTree() -> impl IntoView {
    let s = state();
    let roots = move || {
        s.document.with(|d| s.forest.with(|f| f.roots.iter().map(|&i| d.objectives[i].id.clone()).collect::<Vec<_>>()))
    };
    view! {
        <section class="tree-panel" aria-labelledby="tree-heading">
            <h2 id="tree-heading" class="panel-title">{move || s.text(Ui::Tree)}</h2>
            <Show when=move || s.document.with(|d| !d.objectives.is_empty())
                fallback=move || view! { <p class="empty">{move || s.text(Ui::NoObjectives)}</p> }>
                <ul role="tree" class="tree" aria-labelledby="tree-heading">
                    <For each=roots key=|id| id.clone() let:id>
                        <ObjectiveNode id=id nesting=0/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// The document index of objective `id`, if it still exists.
fn index_of(s: AppState, id: &Id) -> Option<usize> {
    s.index.with(|m| m.get(id).copied())
}

/// The objectives shown nested under `index`: its children, or at the nesting limit,
/// all its descendants in one flat list.
fn shown_children(s: AppState, index: usize, nesting: usize) -> Vec<Id> {
    s.document.with(|d| {
        s.forest.with(|f| {
            let mut ids = Vec::new();
            let mut stack: Vec<usize> = f.children[index].iter().rev().copied().collect();
            while let Some(i) = stack.pop() {
                ids.push(d.objectives[i].id.clone());
                if nesting + 1 >= MAX_NESTING {
                    stack.extend(f.children[i].iter().rev());
                }
            }
            ids
        })
    })
}

#[component]
fn ObjectiveNode(id: Id, nesting: usize) -> impl IntoView {
    let s = state();
    let lookup = id.clone();
    let index = Memo::new(move |_| index_of(s, &lookup));
    // Reads a field of this objective; empty once it is gone.
    let field = move |read: fn(&crate::core::model::Objective) -> String| {
        move || index.get().map(|i| s.document.with(|d| read(&d.objectives[i]))).unwrap_or_default()
    };
    let score = move || index.get().and_then(|i| s.scores.with(|sc| sc.objective(i).cloned()));
    let progress = move || score().map(|sc| percent(sc.progress)).unwrap_or_default();
    let status = move || score().map_or(Status::NotStarted, |sc| sc.status);
    let level = move || index.get().map(|i| s.document.with(|d| d.objectives[i].level));
    let children = move || index.get().map(|i| shown_children(s, i, nesting)).unwrap_or_default();
    let key_results = move || {
        index
            .get()
            .map(|i| s.document.with(|d| d.objectives[i].key_results.iter().map(|k| k.id.clone()).collect::<Vec<_>>()))
            .unwrap_or_default()
    };
    let objective_id = id.clone();
    let findings_id = id.clone();
    let child_nesting = (nesting + 1).min(MAX_NESTING);
    let title_id = format!("o-{}", id.as_str());
    let labelled_by = title_id.clone();
    let data_id = id.to_string();
    view! {
        <li role="treeitem" class="node" aria-expanded="true" aria-labelledby=labelled_by data-objective-id=data_id>
            <article class=move || format!("card level-{}", level().map_or("", |l| l.as_str()))>
                <header class="card-head">
                    <span class="level">{move || level().map(|l| s.tr(&l.label()))}</span>
                    <h3 class="objective-title" id=title_id>{field(|o| o.title.clone())}</h3>
                    <StatusPill status=Signal::derive(status) testid="objective-status"/>
                </header>
                <p class="meta">
                    <span class="owner">{move || s.text(Ui::Owner)}{move || {
                        let owner = field(|o| o.owner.clone())();
                        if owner.trim().is_empty() { s.text(Ui::NoOwner).to_owned() } else { owner }
                    }}</span>
                    <span class="period">{move || s.text(Ui::Period)}{move || {
                        index.get().and_then(|i| s.document.with(|d| d.objectives[i].period))
                            .map_or_else(|| s.text(Ui::NoPeriod).to_owned(), |p| format!("{} – {}", p.start, p.end))
                    }}</span>
                    <span class="kind">{move || index.get().map(|i| s.document.with(|d| s.tr(&d.objectives[i].kind.label())))}</span>
                </p>
                <ProgressBar
                    progress=Signal::derive(move || score().map_or(0.0, |sc| sc.progress))
                    expected=Signal::derive(move || score().map_or(0.0, |sc| sc.expected))
                />
                <p class="progress-line">
                    <span class="progress-value" data-testid="objective-progress">{progress}</span>
                    <span class="expected">{move || s.text(Ui::Expected)}" "{move || score().map(|sc| percent(sc.expected))}</span>
                </p>
                <ul class="key-results" aria-label=move || s.text(Ui::KeyResults)>
                    <For each=key_results key=|id| id.clone() let:kr>
                        <KeyResultRow objective=objective_id.clone() id=kr/>
                    </For>
                </ul>
                <InlineFindings objective=findings_id/>
            </article>
            <Show when=move || !children().is_empty()>
                <ul role="group" class="children">
                    <For each=children key=|id| id.clone() let:child>
                        {ObjectiveNode(ObjectiveNodeProps { id: child, nesting: child_nesting }).into_any()}
                    </For>
                </ul>
            </Show>
        </li>
    }
}

#[component]
fn KeyResultRow(objective: Id, id: Id) -> impl IntoView {
    let s = state();
    let position = Memo::new(move |_| {
        index_of(s, &objective).and_then(|i| {
            s.document.with(|d| d.objectives[i].key_results.iter().position(|k| k.id == id).map(|j| (i, j)))
        })
    });
    let kr = move || position.get().map(|(i, j)| s.document.with(|d| d.objectives[i].key_results[j].clone()));
    let score = move || position.get().and_then(|(i, j)| s.scores.with(|sc| sc.key_result(i, j).cloned()));
    let figures = move || {
        let kr = kr()?;
        let current = score().and_then(|sc| sc.current);
        Some(match kr.metric {
            Some(Metric::Number { start, target, unit }) => {
                format!("{} / {} {}", number(current.unwrap_or(start)), number(target), unit)
            }
            Some(Metric::Milestone) => if current.unwrap_or(0.0) >= 1.0 { "✓" } else { "○" }.to_owned(),
            Some(Metric::Children) | None => String::new(),
        })
    };
    let blockers = move || {
        let kr = kr()?;
        let latest = crate::core::scoring::latest_check_in(&kr.check_ins, s.today)?;
        (!latest.blockers.trim().is_empty()).then(|| latest.blockers.clone())
    };
    view! {
        <li class="kr" data-kr-id=move || kr().map(|k| k.id.to_string())>
            <span class="kr-title">{move || kr().map(|k| k.title)}</span>
            <span class="kr-figures">{figures}</span>
            <span class="kr-progress" data-testid="kr-progress">{move || score().map(|sc| percent(sc.progress))}</span>
            <StatusPill status=Signal::derive(move || score().map_or(Status::NotStarted, |sc| sc.status)) testid="kr-status"/>
            {move || blockers().map(|b| view! { <p class="blockers"><strong>{s.text(Ui::Blockers)}</strong>{b}</p> })}
        </li>
    }
}

#[component]
fn StatusPill(status: Signal<Status>, testid: &'static str) -> impl IntoView {
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
fn ProgressBar(progress: Signal<f64>, expected: Signal<f64>) -> impl IntoView {
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

/// The findings about one objective and its key results, next to them.
#[component]
fn InlineFindings(objective: Id) -> impl IntoView {
    let s = state();
    let mine = move || {
        s.findings
            .with(|all| all.iter().filter(|f| f.objective.as_ref() == Some(&objective)).cloned().collect::<Vec<_>>())
    };
    let mine = StoredValue::new(mine);
    view! {
        <Show when=move || mine.with_value(|m| !m().is_empty())>
            <ul class="inline-findings">
                {move || mine.with_value(|m| m()).into_iter().map(|f| view! {
                    <li class=format!("finding severity-{}", f.severity.as_str()) data-rule=f.rule.id()>
                        <span class="rule-id">{f.rule.id()}</span>" "{s.tr(&f.message)}
                    </li>
                }).collect_view()}
            </ul>
        </Show>
    }
}
