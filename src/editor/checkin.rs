//! Checking in on a key result: a new value, a traffic light (or automatic), a
//! confidence from 0 to 10, what happened and what is in the way; with the history
//! visible while typing, as a list that can be edited and as a small chart against
//! the expected-progress line (confidence drawn beside progress), and the key
//! result's comments.

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::widgets::fields::{Choice, TextField};
use okrpad_core::calendar::Date;
use okrpad_core::i18n::labels::{Label, plain_number};
use okrpad_core::model::{CheckIn, Id, KeyResult, ManualStatus, parse_number};
use okrpad_core::scoring::Status;

#[component]
pub fn CheckInPanel(ids: StoredValue<(Id, Id)>, kr: Memo<Option<KeyResult>>, open: RwSignal<bool>) -> impl IntoView {
    let s = state();
    let date = RwSignal::new(s.today.to_string());
    let value = RwSignal::new(String::new());
    let status = RwSignal::new("auto".to_owned());
    let note = RwSignal::new(String::new());
    let blockers = RwSignal::new(String::new());
    // The last confidence given is the starting point: most weeks it does not move.
    let confidence = RwSignal::new(
        kr.with_untracked(|k| k.as_ref().and_then(|k| okrpad_core::scoring::confidence::latest(&k.check_ins, s.today)))
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let confidence_options = Signal::derive(move || crate::screens::weekly::confidence_options(s.lang.get()));
    let invalid = RwSignal::new(false);
    let status_options = Signal::derive(move || {
        let mut options = vec![("auto".to_owned(), s.text(Ui::StatusAuto).to_owned())];
        options.extend(
            [Status::OnTrack, Status::AtRisk, Status::OffTrack]
                .into_iter()
                .map(|st| (st.as_str().to_owned(), s.tr(&st.label()))),
        );
        options
    });
    let save = move || {
        let (Some(v), Ok(day)) = (parse_number(&value.get_untracked()), date.get_untracked().parse::<Date>()) else {
            invalid.set(true);
            return;
        };
        invalid.set(false);
        let mut check_in = CheckIn::new(day, v);
        check_in.status = status.get_untracked().parse::<ManualStatus>().ok();
        check_in.note = note.get_untracked();
        check_in.blockers = blockers.get_untracked();
        check_in.confidence = confidence.get_untracked().parse::<u8>().ok().filter(|c| *c <= 10);
        let (o, k) = ids.get_value();
        s.edit_key_result(&o, &k, None, |kr| kr.check_ins.push(check_in));
        value.set(String::new());
        note.set(String::new());
        blockers.set(String::new());
        status.set("auto".into());
    };
    let set = |signal: RwSignal<String>| Callback::new(move |text: String| signal.set(text));
    let label = move |ui: Ui| Signal::derive(move || s.text(ui).to_owned());
    let (_, kr_id) = ids.get_value();
    let value_id = format!("checkin-value-{kr_id}");
    crate::browser::focus::focus_later(value_id.clone());
    view! {
        <form class="check-in" data-testid="check-in-panel"
            on:submit=move |ev| { ev.prevent_default(); save(); }
            on:keydown=move |ev| if ev.key() == "Escape" { open.set(false); }>
            <div class="check-in-form">
                <label>{move || s.text(Ui::Date)}
                    <TextField value=date commit=set(date) label=label(Ui::Date) input_type="date" testid="checkin-date"/>
                </label>
                <label>{move || s.text(Ui::Value)}
                    <TextField value=value commit=set(value) label=label(Ui::Value) input_type="number" testid="checkin-value" id=value_id
                        on_enter=Callback::new(move |()| save())/>
                </label>
                <label>{move || s.text(Ui::Status)}
                    <Choice value=status options=status_options commit=set(status) label=label(Ui::Status) testid="checkin-status"/>
                </label>
                <label>{move || s.text(Ui::Confidence)}
                    <Choice value=confidence options=confidence_options commit=set(confidence)
                        label=label(Ui::ConfidenceScale)
                        testid="checkin-confidence"/>
                </label>
                <label class="wide">{move || s.text(Ui::Note)}
                    <TextField value=note commit=set(note) label=label(Ui::Note) testid="checkin-note"/>
                </label>
                <label class="wide">{move || s.text(Ui::BlockersField)}
                    <TextField value=blockers commit=set(blockers) label=label(Ui::BlockersField) testid="checkin-blockers"/>
                </label>
                <div class="form-buttons">
                    <button type="submit" data-testid="checkin-save">{move || s.text(Ui::Save)}</button>
                    <button type="button" on:click=move |_| open.set(false)>{move || s.text(Ui::Cancel)}</button>
                </div>
                <Show when=move || invalid.get()>
                    <p class="field-error" role="alert">{move || s.text(Ui::InvalidCheckIn)}</p>
                </Show>
            </div>
            <KeyResultChart ids=ids kr=kr/>
            <CheckInHistory ids=ids kr=kr/>
            <crate::editor::comments::Comments objective=ids.get_value().0 key_result=ids.get_value().1/>
        </form>
    }
}

/// Past check-ins, newest first; values and notes editable in place, each removable.
#[component]
fn CheckInHistory(ids: StoredValue<(Id, Id)>, kr: Memo<Option<KeyResult>>) -> impl IntoView {
    let s = state();
    // Positions in the list, newest first (a check-in has no id of its own). A memo, and
    // rows keyed by position: typing in a row's value changes the key result but not
    // the order, so the rows (and the field being typed in, with its caret) stay.
    let order = Memo::new(move |_| {
        kr.with(|k| {
            let Some(k) = k else { return Vec::new() };
            let mut positions: Vec<usize> = (0..k.check_ins.len()).collect();
            okrpad_core::sort::by(&mut positions, |&a, &b| {
                k.check_ins[b].date.cmp(&k.check_ins[a].date).then(b.cmp(&a))
            });
            positions
        })
    });
    let edit = move |position: usize, change: Box<dyn FnOnce(&mut CheckIn)>| {
        let (o, k) = ids.get_value();
        s.edit_key_result(&o, &k, Some(format!("{k}.check_in.{position}")), |kr| {
            if let Some(c) = kr.check_ins.get_mut(position) {
                change(c);
            }
        });
    };
    let label = move |ui: Ui| Signal::derive(move || s.text(ui).to_owned());
    view! {
        <section class="check-in-history" aria-label=move || s.text(Ui::CheckInHistory)>
            <h4>{move || s.text(Ui::CheckInHistory)}</h4>
            <ul>
                <For each=move || order.get() key=|position| *position let:position>{{
                    let read = move |f: fn(&CheckIn) -> String| Signal::derive(move || {
                        kr.with(|k| k.as_ref().and_then(|k| k.check_ins.get(position)).map(f).unwrap_or_default())
                    });
                    view! {
                        <li data-testid="checkin-row">
                            <span class="checkin-date">{read(|c| c.date.to_string())}</span>
                            <TextField value=read(|c| plain_number(c.value)) input_type="number" label=label(Ui::Value) testid="history-value"
                                commit=Callback::new(move |text: String| if let Some(v) = parse_number(&text) {
                                    edit(position, Box::new(move |c| c.value = v));
                                })/>
                            <span class="checkin-status">{move || {
                                let manual = kr.with(|k| k.as_ref().and_then(|k| k.check_ins.get(position)).and_then(|c| c.status));
                                manual.map(|m| s.tr(&Status::from(m).label())).unwrap_or_default()
                            }}</span>
                            <TextField value=read(|c| c.note.clone()) label=label(Ui::Note) testid="history-note"
                                commit=Callback::new(move |text: String| edit(position, Box::new(move |c| c.note = text)))/>
                            <span class="checkin-blockers">{read(|c| c.blockers.clone())}</span>
                            <span class="checkin-confidence" data-testid="history-confidence">{read(|c| c.confidence.map(|v| format!("{v}/10")).unwrap_or_default())}</span>
                            <button type="button" class="danger" data-testid="history-remove" aria-label=move || s.text(Ui::Remove)
                                on:click=move |_| {
                                    let (o, k) = ids.get_value();
                                    s.edit_key_result(&o, &k, None, |kr| { if position < kr.check_ins.len() { kr.check_ins.remove(position); } });
                                }>"×"</button>
                        </li>
                    }
                }}</For>
            </ul>
        </section>
    }
}

/// A key result's progress over time (after each check-in, or for a sum or mean at
/// each check-in below it) with its confidence, in the shared chart.
#[component]
pub fn KeyResultChart(ids: StoredValue<(Id, Id)>, kr: Memo<Option<KeyResult>>) -> impl IntoView {
    let s = state();
    let timeline = Memo::new(move |_| {
        let (o, k) = ids.get_value();
        s.document
            .with(|d| {
                let i = d.objectives.iter().position(|x| x.id == o)?;
                let j = d.objectives[i].key_results.iter().position(|x| x.id == k)?;
                Some(okrpad_core::scoring::timeline::key_result(d, i, j))
            })
            .unwrap_or_default()
    });
    let confidence = Signal::derive(move || {
        kr.with(|k| {
            k.as_ref().map(|k| okrpad_core::scoring::confidence::history(&k.check_ins, Date::MAX)).unwrap_or_default()
        })
    });
    view! {
        <crate::widgets::charts::ProgressOverTime timeline=timeline testid="progress-chart" confidence=confidence
            title=Signal::derive(move || s.text(Ui::ChartLabel).to_owned())/>
    }
}
