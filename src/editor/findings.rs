//! The findings summary: every rule finding of the document, worst first, each saying
//! what it is about.

use leptos::prelude::*;

use crate::app::Ui;

use crate::app::state;
use okrpad_core::i18n::labels::Label;
use okrpad_core::rules::Severity;

/// How many findings the panel lists; the rest are counted (each also shows in its card).
const SHOWN: usize = 200;

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let s = state();
    let count = move |severity: Severity| s.findings.with(|f| f.iter().filter(|x| x.severity == severity).count());
    let sorted = move || {
        let mut all = s.findings.get();
        okrpad_core::sort::by_key(&mut all, |f| f.severity);
        all
    };
    // What a finding is about, read from the document as it is now (through the
    // objective's own view, which follows every keystroke): the findings themselves
    // are checked only once typing pauses, and a label taken from them would show a
    // title as it was before the last word, or "untitled" for one just typed.
    let subject = move |objective: &okrpad_core::model::Id, key_result: Option<okrpad_core::model::Id>| {
        let view = s.objective_view(objective);
        move || {
            let title = view.with(|o| {
                let o = o.as_ref()?;
                match key_result.as_ref() {
                    Some(k) => o.key_results.iter().find(|kr| &kr.id == k).map(|kr| kr.title.clone()),
                    None => Some(o.title.clone()),
                }
            });
            // An untitled objective or key result still needs something to click.
            match title {
                Some(title) if !title.trim().is_empty() => title,
                _ if key_result.is_some() => s.text(Ui::UntitledKr).to_owned(),
                _ => s.text(Ui::UntitledObjective).to_owned(),
            }
        }
    };
    view! {
        <aside class="findings-panel" data-testid="findings" aria-label=move || s.text(Ui::Findings)>
            <h2 class="panel-title">{move || s.text(Ui::Findings)}</h2>
            <p class="counts">
                <span class="count severity-error">{move || count(Severity::Error)}" "{move || s.text(Ui::Errors)}</span>
                <span class="count severity-warning">{move || count(Severity::Warning)}" "{move || s.text(Ui::Warnings)}</span>
                <span class="count severity-info">{move || count(Severity::Info)}" "{move || s.text(Ui::Infos)}</span>
            </p>
            <Show when=move || !s.findings.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{move || s.text(Ui::NoFindings)}</p> }>
                <ul class="finding-list">
                    {move || sorted().into_iter().take(SHOWN).map(|f| {
                        view! {
                            <li class=format!("finding severity-{}", f.severity.as_str()) data-rule=f.rule.id()>
                                <p class="finding-head">
                                    <span class="severity">{s.tr(&f.severity.label())}</span>
                                    <code class="rule-id">{f.rule.id()}</code>
                                </p>
                                {f.objective.clone().map(|objective| {
                                    let t = subject(&objective, f.key_result.clone());
                                    let jump = crate::app::Jump { objective, key_result: f.key_result.clone(), field: f.field };
                                    view! {
                                        <button type="button" class="finding-subject" data-testid="finding-jump"
                                            title=move || s.text(Ui::GoTo)
                                            on:click=move |_| s.jump.set(Some(jump.clone()))>{t}</button>
                                    }
                                })}
                                <p class="finding-message">{s.tr(&f.message)}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Show when=move || s.findings.with(|f| f.len() > SHOWN)>
                    <p class="more">{move || format!("+{} {}", s.findings.with(Vec::len) - SHOWN, s.text(Ui::MoreFindings))}</p>
                </Show>
            </Show>
        </aside>
    }
}
