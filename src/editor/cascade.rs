//! The numeric cascade in a key result's details: the picker for the key result it
//! contributes to (candidates and search from `scoring::targets`), the list a `sum`
//! or `mean` is computed from (`scoring::contributions`, converted, with what is left
//! out and why), and a health metric's band.

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::widgets::combobox::{ComboOption, Combobox};
use crate::widgets::fields::TextField;
use okrpad_core::i18n::labels::{number, plain_number};
use okrpad_core::model::{Document, Health, Id, KeyResult, Metric, parse_number};
use okrpad_core::scoring::{contributions, targets};

/// Where the key result `kr` of objective `objective` is in the document.
fn position(d: &Document, objective: &Id, kr: &Id) -> Option<(usize, usize)> {
    let i = d.objectives.iter().position(|o| &o.id == objective)?;
    let j = d.objectives[i].key_results.iter().position(|k| &k.id == kr)?;
    Some((i, j))
}

fn title_or_id(title: &str, id: &Id) -> String {
    if title.trim().is_empty() { id.to_string() } else { title.to_owned() }
}

/// "Contributes to": the key result chosen (or none) with a button to stop, and a
/// search over the key results of the objectives above.
#[component]
pub fn ContributesToPicker(ids: StoredValue<(Id, Id)>, kr: Memo<Option<KeyResult>>) -> impl IntoView {
    let s = state();
    let query = RwSignal::new(String::new());
    let options = Signal::derive(move || {
        let (_, me) = ids.get_value();
        let found = query.with(|q| s.document.with(|d| targets::search(d, &me, q)));
        let lang = s.lang.get();
        found
            .into_iter()
            .map(|t| {
                let mut detail = t.objective_title.clone();
                if !t.owner.is_empty() {
                    detail.push_str(" · ");
                    detail.push_str(&t.owner);
                }
                if !t.computed {
                    detail.push_str(" · ");
                    detail.push_str(Ui::TargetNotComputed.get(lang));
                }
                ComboOption { value: t.id.to_string(), text: title_or_id(&t.title, &t.id), detail }
            })
            .collect::<Vec<_>>()
    });
    let current = move || {
        let target = kr.with(|k| k.as_ref().and_then(|k| k.contributes_to.clone()))?;
        let described = s.document.with(|d| targets::describe(d, &target));
        Some(match described {
            Some(t) => format!("{} · {}", title_or_id(&t.title, &t.id), t.objective_title),
            None => target.to_string(),
        })
    };
    let set = move |target: Option<Id>| {
        let (o, k) = ids.get_value();
        s.edit_key_result(&o, &k, None, |kr| kr.contributes_to = target);
    };
    let me = ids.get_value().1;
    let field_id = format!("kr-contributes-to-{me}");
    let label_id = format!("{field_id}-label");
    let (group_label, label_for) = (label_id.clone(), field_id.clone());
    view! {
        <div class="wide contributes-to" role="group" aria-labelledby=group_label>
            <label id=label_id for=label_for>{move || s.text(Ui::ContributesTo)}</label>
            <p class="contributes-to-current">
                <span data-testid="kr-contributes-to-current" data-target=move || kr.with(|k| k.as_ref().and_then(|k| k.contributes_to.as_ref().map(Id::to_string)))>
                    {move || current().unwrap_or_else(|| s.text(Ui::ContributesToNothing).to_owned())}
                </span>
                <Show when=move || current().is_some()>
                    <button type="button" class="quiet" data-testid="kr-contributes-to-clear"
                        on:click=move |_| set(None)>{move || s.text(Ui::StopContributing)}</button>
                </Show>
            </p>
            <Combobox query=query options=options id=field_id testid="kr-contributes-to"
                choose=Callback::new(move |value: String| set(Some(Id(value))))
                label=Signal::derive(move || s.text(Ui::ContributesTo).to_owned())
                placeholder=Signal::derive(move || s.text(Ui::ContributesToSearch).to_owned())
                empty=Signal::derive(move || s.text(Ui::NoTargetAbove).to_owned())/>
        </div>
    }
}

/// One contributor as listed: its title, objective, value and converted value, or
/// why it is left out.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: String,
    title: String,
    objective: String,
    value: String,
    converted: Result<String, Ui>,
}

/// What a `sum` or `mean` key result is computed from, in its details and in the
/// check-in panel's place.
#[component]
pub fn Contributors(ids: StoredValue<(Id, Id)>) -> impl IntoView {
    let s = state();
    let rows = Memo::new(move |_| {
        let (o, k) = ids.get_value();
        s.document.with(|d| {
            s.scores.with(|sc| {
                let (i, j) = position(d, &o, &k)?;
                let unit = d.objectives[i].key_results[j].metric.as_ref().and_then(Metric::unit).unwrap_or("");
                let rows = contributions(d, sc, i, j)
                    .into_iter()
                    .filter_map(|c| {
                        let owner = d.objectives.get(c.objective)?;
                        let kr = owner.key_results.get(c.key_result)?;
                        let own_unit = kr.metric.as_ref().and_then(Metric::unit).unwrap_or("");
                        let with_unit = |v: f64, u: &str| format!("{} {u}", number(v)).trim_end().to_owned();
                        Some(Row {
                            id: kr.id.to_string(),
                            title: title_or_id(&kr.title, &kr.id),
                            objective: title_or_id(&owner.title, &owner.id),
                            value: c.value.map(|v| with_unit(v, own_unit)).unwrap_or_else(|| "–".to_owned()),
                            converted: match (c.converted, c.value) {
                                (Some(v), _) => Ok(with_unit(v, unit)),
                                (None, None) => Err(Ui::LeftOutNoValue),
                                (None, Some(_)) => Err(Ui::LeftOutUnit),
                            },
                        })
                    })
                    .collect::<Vec<_>>();
                Some(rows)
            })
        })
    });
    view! {
        <section class="wide contributors" data-testid="contributors" aria-label=move || s.text(Ui::ContributorsHeading)>
            <h4>{move || s.text(Ui::ContributorsHeading)}</h4>
            {move || match rows.get() {
                Some(rows) if !rows.is_empty() => view! {
                    <div class="table-scroll">
                        <table>
                            <thead><tr>
                                <th scope="col">{move || s.text(Ui::KeyResult)}</th>
                                <th scope="col">{move || s.text(Ui::ObjectiveColumn)}</th>
                                <th scope="col">{move || s.text(Ui::Value)}</th>
                                <th scope="col">{move || s.text(Ui::ConvertedColumn)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|row| {
                                    let left_out = row.converted.is_err();
                                    view! {
                                        <tr data-testid="contributor" data-kr-id=row.id class:left-out=left_out>
                                            <td>{row.title}</td>
                                            <td>{row.objective}</td>
                                            <td data-testid="contributor-value">{row.value}</td>
                                            <td data-testid="contributor-converted">{match row.converted {
                                                Ok(text) => text.into_any(),
                                                Err(why) => view! { <strong class="left-out-reason">{move || s.text(why)}</strong> }.into_any(),
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
                _ => view! { <p class="muted" data-testid="no-contributors">{move || s.text(Ui::NoContributorsYet)}</p> }.into_any(),
            }}
        </section>
    }
}

/// Which limit of a health band a field edits.
#[derive(Clone, Copy)]
enum Limit {
    Min,
    Max,
    WarnBelow,
    WarnAbove,
}

impl Limit {
    fn of(self, band: &mut Health) -> &mut Option<f64> {
        match self {
            Limit::Min => &mut band.min,
            Limit::Max => &mut band.max,
            Limit::WarnBelow => &mut band.warn_below,
            Limit::WarnAbove => &mut band.warn_above,
        }
    }
}

/// A health metric's band: its limits (each may be empty) and unit. A band the file
/// format would refuse (`Health::problem`) is not saved, and the fields say so.
#[component]
pub fn HealthBand(ids: StoredValue<(Id, Id)>, kr: Memo<Option<KeyResult>>) -> impl IntoView {
    let s = state();
    let invalid = RwSignal::new(false);
    let band = move || {
        kr.with(|k| match k.as_ref().and_then(|k| k.metric.as_ref()) {
            Some(Metric::Health(h)) => Some(h.clone()),
            _ => None,
        })
    };
    let read = move |limit: Limit| {
        Signal::derive(move || band().and_then(|mut h| *limit.of(&mut h)).map(plain_number).unwrap_or_default())
    };
    let commit = move |limit: Limit| {
        Callback::new(move |text: String| {
            let value = if text.trim().is_empty() { None } else { parse_number(&text) };
            if value.is_none() && !text.trim().is_empty() {
                return; // not a number yet ("-", "1e"): wait for the rest
            }
            let Some(mut next) = band() else { return };
            *limit.of(&mut next) = value;
            if next.problem().is_some() {
                invalid.set(true);
                return;
            }
            invalid.set(false);
            let (o, k) = ids.get_value();
            s.edit_key_result(&o, &k, Some(format!("{k}.band")), |kr| kr.metric = Some(Metric::Health(next)));
        })
    };
    let commit_unit = Callback::new(move |text: String| {
        let (o, k) = ids.get_value();
        s.edit_key_result(&o, &k, Some(format!("{k}.unit")), |kr| {
            if let Some(Metric::Health(h)) = kr.metric.as_mut() {
                h.unit = text;
            }
        });
    });
    let label = move |ui: Ui| Signal::derive(move || s.text(ui).to_owned());
    let seal = Callback::new(move |()| s.seal());
    let field = move |limit: Limit, ui: Ui, testid: &'static str| {
        view! {
            <label>{move || s.text(ui)}
                <TextField value=read(limit) commit=commit(limit) label=label(ui) input_type="number" testid=testid on_done=seal/>
            </label>
        }
    };
    view! {
        {field(Limit::Min, Ui::HealthMin, "health-min")}
        {field(Limit::WarnBelow, Ui::HealthWarnBelow, "health-warn-below")}
        {field(Limit::WarnAbove, Ui::HealthWarnAbove, "health-warn-above")}
        {field(Limit::Max, Ui::HealthMax, "health-max")}
        <label>{move || s.text(Ui::Unit)}
            <TextField label=label(Ui::Unit) testid="health-unit" on_done=seal commit=commit_unit
                value=Signal::derive(move || band().map(|h| h.unit).unwrap_or_default())/>
        </label>
        <Show when=move || invalid.get()>
            <p class="field-error wide" role="alert" data-testid="health-invalid">{move || s.text(Ui::HealthBandInvalid)}</p>
        </Show>
    }
}
