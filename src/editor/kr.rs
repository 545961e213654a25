//! A key result inside its objective's card: an inline title, its figures and status,
//! and on demand its details (owner, weight, metric, due date) and the check-in panel.

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::editor::actions::{add_key_result, delete_key_result, move_key_result};
use crate::editor::checkin::CheckInPanel;
use crate::editor::ids::kr_input_id;
use crate::widgets::fields::{Choice, TextField, TitleField};
use crate::widgets::pills::StatusPill;
use okrpad_core::i18n::labels::{key_result_figures, percent, plain_number};
use okrpad_core::model::{Health, Id, KeyResult, Metric, parse_number};
use okrpad_core::scoring::{KeyResultScore, Status};

/// `card_active`: whether the card is the active one (see `crate::app::active`): the
/// row's buttons are built only then, or while its details or check-in are open.
#[component]
pub fn KeyResultRow(objective: Id, id: Id, card_active: Signal<bool>) -> impl IntoView {
    let s = state();
    let ids = StoredValue::new((objective, id.clone()));
    let objective_view = s.objective_view(&ids.get_value().0);
    let kr: Memo<Option<KeyResult>> = Memo::new(move |_| {
        let (_, k) = ids.get_value();
        objective_view.with(|o| o.as_ref()?.key_results.iter().find(|kr| kr.id == k).cloned())
    });
    let score: RwSignal<Option<KeyResultScore>> = s.kr_score_view(&ids.get_value().0, &id);
    let details_open = s.details_open(&id);
    let check_in_open = RwSignal::new(false);
    // Due for a check-in on the document's cadence. It follows this objective only (the
    // cadence is read untracked: it changes with an import, which rebuilds the cards).
    let due = Memo::new(move |_| {
        let (_, k) = ids.get_value();
        let cadence = s.document.with_untracked(okrpad_core::model::Document::cadence);
        objective_view.with(|o| {
            let o = o.as_ref()?;
            let kr = o.key_results.iter().find(|kr| kr.id == k)?;
            match okrpad_core::meetings::cadence::due(o, kr, cadence, s.today)? {
                // Never checked in and no period to count from: the rules already say the
                // period is missing, and a marker on every such row would be noise.
                okrpad_core::meetings::cadence::Due::Due { since: None, .. } => None,
                okrpad_core::meetings::cadence::Due::Due { since, overdue } => Some((since, overdue)),
                okrpad_core::meetings::cadence::Due::Upcoming { .. } => None,
            }
        })
    });

    let figures = move || {
        let current = score.with(|sc| sc.as_ref().and_then(|sc| sc.current));
        kr.with(|kr| key_result_figures(kr.as_ref()?.metric.as_ref(), current))
    };
    let blockers = move || {
        kr.with(|kr| {
            let latest = okrpad_core::scoring::latest_check_in(&kr.as_ref()?.check_ins, s.today)?;
            (!latest.blockers.trim().is_empty()).then(|| latest.blockers.clone())
        })
    };
    let title = Signal::derive(move || kr.with(|k| k.as_ref().map(|k| k.title.clone()).unwrap_or_default()));
    let commit_title = Callback::new(move |text: String| {
        let (o, k) = ids.get_value();
        s.edit_key_result(&o, &k, Some(format!("{k}.title")), |kr| kr.title = text);
    });
    let add_next = Callback::new(move |()| {
        let (o, k) = ids.get_value();
        add_key_result(s, &o, Some(&k));
    });
    let delete = move |_| {
        let (o, k) = ids.get_value();
        delete_key_result(s, &o, &k);
    };
    let move_by = move |up: bool| {
        let (o, k) = ids.get_value();
        move_key_result(s, &o, &k, up);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.alt_key() && (ev.key() == "ArrowUp" || ev.key() == "ArrowDown") {
            ev.prevent_default();
            ev.stop_propagation();
            move_by(ev.key() == "ArrowUp");
        }
    };
    let computed = Signal::derive(move || {
        kr.with(|k| k.as_ref().and_then(|k| k.metric.as_ref()).is_some_and(Metric::is_computed))
    });
    let data_id = id.to_string();
    let input_id = kr_input_id(&id);
    view! {
        <li class="kr" data-kr-id=data_id on:keydown=on_keydown>
            <span class="kr-title">
                <span class="visually-hidden">{move || title.get()}</span>
                <TitleField value=title commit=commit_title id=input_id
                    label=Signal::derive(move || s.text(Ui::KrTitle).to_owned())
                    testid="kr-title" on_enter=add_next on_done=Callback::new(move |()| s.seal())/>
                // Inside the title's cell, so the row's grid keeps its columns.
                <span class="kr-badges">
                    {move || score.with(|sc| sc.as_ref().and_then(|sc| sc.confidence)).map(|c| view! {
                        <span class="pill confidence" data-testid="kr-confidence"
                            title=move || s.text(Ui::Confidence)>{format!("{c}/10")}</span>
                    })}
                    {move || due.get().map(|(since, overdue)| view! {
                        <span class="due-marker" data-testid="kr-due-marker">{move || crate::screens::weekly::due_text(s.lang.get(), since, overdue)}</span>
                    })}
                </span>
            </span>
            <span class="kr-figures" data-testid="kr-figures">{figures}</span>
            <span class="kr-progress" data-testid="kr-progress">{move || score.with(|sc| sc.as_ref().map(|sc| percent(sc.progress)))}</span>
            <StatusPill status=Signal::derive(move || score.with(|sc| sc.as_ref().map_or(Status::NotStarted, |sc| sc.status))) testid="kr-status"/>
            <span class="kr-actions">
                <Show when=move || card_active.get() || details_open.get() || check_in_open.get()>
                <button type="button" data-testid="check-in" aria-expanded=move || check_in_open.get().to_string()
                    on:click=move |_| check_in_open.update(|o| *o = !*o)>{move || s.text(Ui::CheckIn)}</button>
                <button type="button" data-testid="kr-details" aria-expanded=move || details_open.get().to_string()
                    on:click=move |_| details_open.update(|o| *o = !*o)>{move || s.text(Ui::Details)}</button>
                <button type="button" data-testid="kr-up" aria-keyshortcuts="Alt+ArrowUp" on:click=move |_| move_by(true)
                    aria-label=move || s.text(Ui::MoveUp)>"↑"</button>
                <button type="button" data-testid="kr-down" aria-keyshortcuts="Alt+ArrowDown" on:click=move |_| move_by(false)
                    aria-label=move || s.text(Ui::MoveDown)>"↓"</button>
                <button type="button" class="danger" data-testid="delete-kr" on:click=delete
                    aria-label=move || s.text(Ui::Delete)>"×"</button>
                </Show>
            </span>
            {move || blockers().map(|b| view! { <p class="blockers"><strong>{s.text(Ui::Blockers)}</strong>{b}</p> })}
            <Show when=move || details_open.get()>
                <KrDetails ids=ids kr=kr/>
            </Show>
            // A sum or mean takes no check-ins: its value comes from its contributors.
            <Show when=move || check_in_open.get() && !computed.get()>
                <CheckInPanel ids=ids kr=kr open=check_in_open/>
            </Show>
            <Show when=move || check_in_open.get() && computed.get()>
                <div class="check-in computed" data-testid="computed-panel"
                    on:keydown=move |ev| if ev.key() == "Escape" { check_in_open.set(false); }>
                    <div>
                        <p class="computed-from" data-testid="computed-from">{move || s.text(Ui::ComputedFrom)}</p>
                        <crate::editor::cascade::Contributors ids=ids/>
                    </div>
                    <crate::editor::checkin::KeyResultChart ids=ids kr=kr/>
                </div>
            </Show>
        </li>
    }
}

/// Owner, weight, metric and due date of a key result.
#[component]
fn KrDetails(ids: StoredValue<(Id, Id)>, kr: Memo<Option<KeyResult>>) -> impl IntoView {
    let s = state();
    let field = move |read: fn(&KeyResult) -> String| {
        Signal::derive(move || kr.with(|k| k.as_ref().map(read).unwrap_or_default()))
    };
    let commit = move |group: &'static str, write: fn(&mut KeyResult, String)| {
        Callback::new(move |text: String| {
            let (o, k) = ids.get_value();
            s.edit_key_result(&o, &k, Some(format!("{k}.{group}")), |kr| write(kr, text));
        })
    };
    let number_commit = move |group: &'static str, write: fn(&mut KeyResult, f64)| {
        Callback::new(move |text: String| {
            if let Some(value) = parse_number(&text) {
                let (o, k) = ids.get_value();
                s.edit_key_result(&o, &k, Some(format!("{k}.{group}")), |kr| write(kr, value));
            }
        })
    };
    let metric_kind = Signal::derive(move || {
        kr.with(|k| k.as_ref().and_then(|k| k.metric.as_ref()).map_or("none", Metric::kind_str).to_owned())
    });
    let metric_options = Signal::derive(move || {
        [
            ("none", Ui::MetricNone),
            ("number", Ui::MetricNumber),
            ("milestone", Ui::MetricMilestone),
            ("children", Ui::MetricChildren),
            ("sum", Ui::MetricSum),
            ("mean", Ui::MetricMean),
            ("health", Ui::MetricHealth),
        ]
        .into_iter()
        .map(|(v, label)| (v.to_owned(), s.text(label).to_owned()))
        .collect::<Vec<_>>()
    });
    let commit_metric = Callback::new(move |kind: String| {
        let (o, k) = ids.get_value();
        s.edit_key_result(&o, &k, None, |kr| {
            // Switching between number, sum and mean keeps the start, target and unit.
            let (start, target, unit) = kr
                .metric
                .as_ref()
                .and_then(Metric::range)
                .map_or((0.0, 1.0, String::new()), |(s, t, u)| (s, t, u.to_owned()));
            kr.metric = match kind.as_str() {
                "number" => Some(Metric::Number { start, target, unit }),
                "sum" => Some(Metric::Sum { start, target, unit }),
                "mean" => Some(Metric::Mean { start, target, unit }),
                "health" => Some(Metric::Health(Health { min: Some(0.0), unit, ..Health::default() })),
                "milestone" => Some(Metric::Milestone),
                "children" => Some(Metric::Children),
                _ => None,
            };
        });
    });
    let number_part = move |pick: fn(f64, f64) -> f64| {
        Signal::derive(move || {
            kr.with(|k| match k.as_ref().and_then(|k| k.metric.as_ref()).and_then(Metric::range) {
                Some((start, target, _)) => plain_number(pick(start, target)),
                None => String::new(),
            })
        })
    };
    let label = move |ui: Ui| Signal::derive(move || s.text(ui).to_owned());
    let seal = Callback::new(move |()| s.seal());
    let me = ids.get_value().1;
    view! {
        <div class="details kr-details" data-testid="kr-details-panel">
            <label>{move || s.text(Ui::Owner)}
                <TextField value=field(|k| k.owner.clone()) commit=commit("owner", |k, v| k.owner = v) label=label(Ui::Owner) testid="kr-owner" id=format!("kr-owner-{me}") on_done=seal/>
            </label>
            <label>{move || s.text(Ui::Weight)}
                <TextField value=field(|k| plain_number(k.weight)) commit=number_commit("weight", |k, v| k.weight = v) label=label(Ui::Weight) input_type="number" testid="kr-weight" id=format!("kr-weight-{me}") on_done=seal/>
            </label>
            <label>{move || s.text(Ui::Due)}
                <TextField value=field(|k| k.due.map(|d| d.to_string()).unwrap_or_default())
                    commit=Callback::new(move |text: String| {
                        let (o, k) = ids.get_value();
                        let due = text.parse().ok();
                        s.edit_key_result(&o, &k, None, |kr| kr.due = due);
                    })
                    label=label(Ui::Due) input_type="date" testid="kr-due" id=format!("kr-due-{me}")/>
            </label>
            <label>{move || s.text(Ui::Metric)}
                <Choice value=metric_kind options=metric_options commit=commit_metric label=label(Ui::Metric) testid="kr-metric" id=format!("kr-metric-{me}")/>
            </label>
            <crate::editor::cascade::ContributesToPicker ids=ids kr=kr/>
            <Show when=move || matches!(metric_kind.get().as_str(), "number" | "sum" | "mean")>
                <label>{move || s.text(Ui::Start)}
                    <TextField value=number_part(|start, _| start) label=label(Ui::Start) input_type="number" testid="kr-start" on_done=seal
                        commit=number_commit("start", |k, v| if let Some((start, _, _)) = k.metric.as_mut().and_then(Metric::range_mut) { *start = v })/>
                </label>
                <label>{move || s.text(Ui::Target)}
                    <TextField value=number_part(|_, target| target) label=label(Ui::Target) input_type="number" testid="kr-target"
                        on_done=crate::editor::adjust::done_target(ids.get_value().0, me.clone(), seal)
                        commit=crate::editor::adjust::guard_target(ids.get_value().0, me.clone(),
                            number_commit("target", |k, v| if let Some((_, target, _)) = k.metric.as_mut().and_then(Metric::range_mut) { *target = v }))/>
                </label>
                <label>{move || s.text(Ui::Unit)}
                    <TextField label=label(Ui::Unit) testid="kr-unit" on_done=seal
                        value=Signal::derive(move || kr.with(|k| k.as_ref().and_then(|k| k.metric.as_ref()).and_then(Metric::unit).unwrap_or_default().to_owned()))
                        commit=commit("unit", |k, v| if let Some((_, _, unit)) = k.metric.as_mut().and_then(Metric::range_mut) { *unit = v })/>
                </label>
                <crate::editor::adjust::ReasonPrompt objective=ids.get_value().0 key_result=me.clone()/>
            </Show>
            <Show when=move || metric_kind.get() == "health">
                <crate::editor::cascade::HealthBand ids=ids kr=kr/>
            </Show>
            <Show when=move || matches!(metric_kind.get().as_str(), "sum" | "mean")>
                <crate::editor::cascade::Contributors ids=ids/>
            </Show>
            <crate::editor::adjust::AdjustmentHistory list=Signal::derive(move || kr.with(|k| k.as_ref().map(|k| k.adjustments.clone()).unwrap_or_default()))/>
        </div>
    }
}
