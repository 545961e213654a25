//! An objective's details: owner, kind, weight, period (with quick picks), alignment
//! (parent objective and the parent's key result), notes and the objective's progress
//! over time. Rendered only while open,
//! so a large tree does not carry thousands of idle form fields.

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::widgets::fields::{Choice, TextArea, TextField};
use okrpad_core::calendar::{Date, Period, QuickPick};
use okrpad_core::edit::outline;
use okrpad_core::i18n::labels::{Label, plain_number};
use okrpad_core::model::{Id, Kind, Objective, parse_number};

#[component]
pub fn ObjectiveDetails(id: Id) -> impl IntoView {
    let s = state();
    let id = StoredValue::new(id);
    let objective: Memo<Option<Objective>> =
        Memo::new(move |_| s.document.with(|d| d.objective(&id.get_value()).cloned()));
    let field = move |read: fn(&Objective) -> String| {
        Signal::derive(move || objective.with(|o| o.as_ref().map(read).unwrap_or_default()))
    };
    let commit = move |group: &'static str, write: fn(&mut Objective, String)| {
        Callback::new(move |text: String| {
            let id = id.get_value();
            s.edit_objective(&id, Some(format!("{id}.{group}")), |o| write(o, text));
        })
    };
    let label = move |ui: Ui| Signal::derive(move || s.text(ui).to_owned());
    let seal = Callback::new(move |()| s.seal());

    let kind_options =
        Signal::derive(move || Kind::ALL.iter().map(|k| (k.as_str().to_owned(), s.tr(&k.label()))).collect::<Vec<_>>());
    let commit_kind = Callback::new(move |value: String| {
        if let Ok(kind) = value.parse::<Kind>() {
            s.edit_objective(&id.get_value(), None, |o| o.kind = kind);
        }
    });
    let commit_weight = Callback::new(move |text: String| {
        let weight = if text.trim().is_empty() { Some(None) } else { parse_number(&text).map(Some) };
        if let Some(weight) = weight {
            let id = id.get_value();
            s.edit_objective(&id, Some(format!("{id}.weight")), |o| o.weight = weight);
        }
    });
    let set_period = move |period: Option<Period>| s.edit_objective(&id.get_value(), None, |o| o.period = period);
    let period_part = move |start: bool| {
        Signal::derive(move || {
            objective.with(|o| {
                o.as_ref()
                    .and_then(|o| o.period)
                    .map(|p| if start { p.start } else { p.end }.to_string())
                    .unwrap_or_default()
            })
        })
    };
    let commit_period_part = move |start: bool| {
        Callback::new(move |text: String| {
            let Ok(day) = text.parse::<Date>() else { return };
            let current = objective.with_untracked(|o| o.as_ref().and_then(|o| o.period));
            let period = match current {
                Some(p) if start => Period { start: day, ..p },
                Some(p) => Period { end: day, ..p },
                None => Period { start: day, end: day },
            };
            set_period(Some(period));
        })
    };

    // Alignment: any objective that would not make a loop, and its key results.
    let parent_options = Signal::derive(move || {
        let me = id.get_value();
        let mut options = vec![(String::new(), s.text(Ui::NoParent).to_owned())];
        s.document.with(|d| {
            options.extend(
                d.objectives
                    .iter()
                    .filter(|o| !outline::is_descendant(d, &o.id, &me))
                    .map(|o| (o.id.to_string(), format!("{} · {}", s.tr(&o.level.label()), display_title(o)))),
            );
        });
        options
    });
    let parent_value = field(|o| o.parent.as_ref().map(|p| p.to_string()).unwrap_or_default());
    let commit_parent = Callback::new(move |value: String| {
        let me = id.get_value();
        let parent = (!value.is_empty()).then_some(Id(value));
        if let Some(edits) = s.document.with_untracked(|d| outline::set_parent(d, &me, parent.as_ref(), None)) {
            s.perform(edits, None);
        }
    });
    let parent_kr_options = Signal::derive(move || {
        let mut options = vec![(String::new(), s.text(Ui::NoParentKr).to_owned())];
        let parent = objective.with(|o| o.as_ref().and_then(|o| o.parent.clone()));
        if let Some(parent) = parent {
            s.document.with(|d| {
                if let Some(p) = d.objective(&parent) {
                    options.extend(p.key_results.iter().map(|k| (k.id.to_string(), k.title.clone())));
                }
            });
        }
        options
    });
    let parent_kr_value = field(|o| o.parent_kr.as_ref().map(|p| p.to_string()).unwrap_or_default());
    let commit_parent_kr = Callback::new(move |value: String| {
        let me = id.get_value();
        let parent = objective.with_untracked(|o| o.as_ref().and_then(|o| o.parent.clone()));
        let kr = (!value.is_empty()).then_some(Id(value));
        if let Some(edits) = s.document.with_untracked(|d| outline::set_parent(d, &me, parent.as_ref(), kr.as_ref())) {
            s.perform(edits, None);
        }
    });
    // Progress over the period, scored at every check-in date of what rolls into it.
    let timeline = Memo::new(move |_| {
        let me = id.get_value();
        s.document.with(|d| {
            d.objectives
                .iter()
                .position(|o| o.id == me)
                .map(|i| okrpad_core::scoring::timeline::objective(d, i))
                .unwrap_or_default()
        })
    });
    let dom = id.get_value().to_string();
    view! {
        <div class="details objective-details" data-testid="objective-details">
            <label>{move || s.text(Ui::Owner)}
                <TextField value=field(|o| o.owner.clone()) commit=commit("owner", |o, v| o.owner = v) label=label(Ui::Owner)
                    testid="objective-owner" id=format!("o-owner-{dom}") on_done=seal/>
            </label>
            <label>{move || s.text(Ui::Kind)}
                <Choice value=field(|o| o.kind.as_str().to_owned()) options=kind_options commit=commit_kind label=label(Ui::Kind) testid="objective-kind"/>
            </label>
            <label>{move || s.text(Ui::Weight)}
                <TextField value=field(|o| o.weight.map(plain_number).unwrap_or_default()) commit=commit_weight label=label(Ui::Weight)
                    input_type="number" testid="objective-weight" id=format!("o-weight-{dom}") on_done=seal/>
            </label>
            <fieldset class="period-picker" id=format!("o-period-{dom}")>
                <legend>{move || s.text(Ui::Period)}</legend>
                <div class="quick-picks" role="group">
                    {[(QuickPick::ThisQuarter, Ui::ThisQuarter), (QuickPick::NextQuarter, Ui::NextQuarter), (QuickPick::ThisYear, Ui::ThisYear)]
                        .into_iter()
                        .map(|(pick, ui)| view! {
                            <button type="button" data-testid=format!("period-{pick}")
                                on:click=move |_| set_period(Some(pick.period(s.today)))>{move || s.text(ui)}</button>
                        })
                        .collect_view()}
                </div>
                <label>{move || s.text(Ui::PeriodStart)}
                    <TextField value=period_part(true) commit=commit_period_part(true) label=label(Ui::PeriodStart) input_type="date" testid="period-start"
                        id=format!("o-period-start-{dom}")/>
                </label>
                <label>{move || s.text(Ui::PeriodEnd)}
                    <TextField value=period_part(false) commit=commit_period_part(false) label=label(Ui::PeriodEnd) input_type="date" testid="period-end"/>
                </label>
            </fieldset>
            <label>{move || s.text(Ui::Parent)}
                <Choice value=parent_value options=parent_options commit=commit_parent label=label(Ui::Parent) testid="objective-parent"
                    id=format!("o-parent-{dom}")/>
            </label>
            <label>{move || s.text(Ui::ParentKr)}
                <Choice value=parent_kr_value options=parent_kr_options commit=commit_parent_kr label=label(Ui::ParentKr) testid="objective-parent-kr"/>
            </label>
            <label class="wide">{move || s.text(Ui::Notes)}
                <TextArea value=field(|o| o.notes.clone()) commit=commit("notes", |o, v| o.notes = v) label=label(Ui::Notes) on_done=seal/>
            </label>
            <div class="wide objective-chart">
                <crate::widgets::charts::ProgressOverTime timeline=timeline testid="objective-chart"
                    title=label(Ui::ObjectiveProgressOverTime)/>
            </div>
            <crate::editor::adjust::AdjustmentHistory list=Signal::derive(move || objective.with(|o| o.as_ref().map(|o| o.adjustments.clone()).unwrap_or_default()))/>
            <crate::editor::comments::Comments objective=id.get_value()/>
        </div>
    }
}

/// An objective's title for pickers; its id when untitled.
fn display_title(o: &Objective) -> String {
    if o.title.trim().is_empty() { o.id.to_string() } else { o.title.clone() }
}
