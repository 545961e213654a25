//! Presentation mode, for the facilitator at a workshop: one objective at a time in
//! large type, stepped through with the keyboard, on the projector, optionally full
//! screen and optionally one owner's set.
//!
//! The room can still change numbers: a value called out is typed into a key result's
//! quick check-in, which records a check-in dated today through the same edit as the
//! editor's check-in panel (undoable, saved), and the roll-up moves on screen. The
//! "what-if" slider shows what a value *would* do, computed by
//! [`core::whatif`](okrpad_core::scoring::whatif) on a copy; it never changes the document.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::state;
use crate::widgets::pills::StatusPill;
use okrpad_core::i18n::labels::key_result_figures;

use crate::app::Ui;
use okrpad_core::i18n::labels::{Label, number, percent};
use okrpad_core::meetings::deck::{deck, owners};
use okrpad_core::model::{CheckIn, Id, Metric, parse_number};
use okrpad_core::scoring::Status;
use okrpad_core::scoring::whatif::{WhatIf, slider_range, what_if};

/// Whether a key press belongs to the focused control rather than to the slides:
/// fields and sliders use the arrows, Home and End; a button takes Space.
fn for_control(ev: &leptos::ev::KeyboardEvent) -> bool {
    let tag = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|el| el.tag_name());
    match tag.as_deref() {
        Some("INPUT" | "TEXTAREA" | "SELECT") => true,
        Some("BUTTON") => ev.key() == " ",
        _ => false,
    }
}

fn fullscreen_element() -> Option<web_sys::Element> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.fullscreen_element())
}

fn exit_fullscreen() {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.exit_fullscreen();
    }
}

#[component]
pub fn Presentation() -> impl IntoView {
    let s = state();
    let lang = s.lang;
    let owner = RwSignal::new(String::new());
    let position = RwSignal::new(0usize);
    let order = Memo::new(move |_| {
        let owner = owner.get();
        let owner = (!owner.is_empty()).then_some(owner.as_str());
        s.document.with(|d| s.forest.with(|f| deck(d, f, owner)))
    });
    let owner_list = Memo::new(move |_| s.document.with(|d| s.forest.with(|f| owners(d, f))));
    let count = move || order.with(Vec::len);
    let at = move || position.get().min(count().saturating_sub(1));
    let current = Memo::new(move |_| order.with(|o| o.get(at()).copied()));
    let step = move |by: isize| {
        let n = order.with_untracked(Vec::len);
        position.update(|p| *p = (*p).min(n.saturating_sub(1)).saturating_add_signed(by).min(n.saturating_sub(1)));
    };
    let section = NodeRef::<leptos::html::Section>::new();
    let full = RwSignal::new(fullscreen_element().is_some());
    let toggle_full = move |_| {
        if fullscreen_element().is_some() {
            exit_fullscreen();
        } else if let Some(el) = section.get_untracked() {
            // Refused (an iframe without permission, an old browser): the screen works
            // without it, in large type in the window.
            let _ = el.request_fullscreen();
        }
    };
    let on_change =
        window_event_listener_untyped("fullscreenchange", move |_| full.set(fullscreen_element().is_some()));
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.is_composing() || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        if ev.key() == "Escape" && fullscreen_element().is_some() {
            exit_fullscreen();
            return;
        }
        if for_control(&ev) {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" | "PageDown" | " " => step(1),
            "ArrowLeft" | "ArrowUp" | "PageUp" => step(-1),
            "Home" => position.set(0),
            "End" => position.set(order.with_untracked(Vec::len).saturating_sub(1)),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || {
        keys.remove();
        on_change.remove();
    });
    // The keys are the facilitator's remote: with focus on the screen, Space turns the
    // page instead of pressing the tab button that opened it.
    crate::browser::focus::focus_later("present-screen".to_owned());

    view! {
        <section node_ref=section id="present-screen" tabindex="-1" data-screen="present" class="present-screen"
            aria-labelledby="present-heading">
            <div class="present-bar">
                <h2 id="present-heading" class="panel-title">{move || Ui::Presentation.get(lang.get())}</h2>
                <label class="present-owner">{move || Ui::OwnerHeading.get(lang.get())}
                    <select data-testid="present-owner"
                        on:change=move |ev| { owner.set(event_target_value(&ev)); position.set(0); }
                        prop:value=move || owner.get()>
                        <option value="">{move || Ui::EveryoneFilter.get(lang.get())}</option>
                        {move || owner_list.get().into_iter().map(|o| view! {
                            <option value=o.clone() selected=owner.get_untracked() == o>{o.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="present-nav" role="group" aria-label=move || Ui::Slides.get(lang.get())>
                    <button type="button" data-testid="present-prev" on:click=move |_| step(-1)
                        disabled=move || at() == 0 aria-keyshortcuts="ArrowLeft PageUp"
                        aria-label=move || Ui::Previous.get(lang.get())>"←"</button>
                    <span class="present-position" data-testid="present-position" aria-live="polite">
                        {move || if count() == 0 { "0 / 0".to_owned() } else { format!("{} / {}", at() + 1, count()) }}
                    </span>
                    <button type="button" data-testid="present-next" on:click=move |_| step(1)
                        disabled=move || { at() + 1 >= count() } aria-keyshortcuts="ArrowRight PageDown Space"
                        aria-label=move || Ui::Next.get(lang.get())>"→"</button>
                </div>
                <button type="button" data-testid="present-fullscreen" aria-pressed=move || full.get().to_string()
                    on:click=toggle_full>
                    {move || if full.get() { Ui::ExitFullScreenEsc.get(lang.get()) } else { Ui::FullScreen.get(lang.get()) }}
                </button>
            </div>
            <p class="present-help">{move || Ui::SlideKeysHelp.get(lang.get())}</p>
            {move || match current.get() {
                Some(index) => view! { <Slide index=index/> }.into_any(),
                None => view! { <p class="empty">{move || Ui::NoObjectivesToPresent.get(lang.get())}</p> }.into_any(),
            }}
        </section>
    }
}

/// One objective, large.
#[component]
fn Slide(index: usize) -> impl IntoView {
    let s = state();
    let lang = s.lang;
    let objective = Memo::new(move |_| s.document.with(|d| d.objectives.get(index).cloned()));
    let score = Memo::new(move |_| s.scores.with(|sc| sc.objective(index).cloned()));
    // The slider being dragged: which key result, at what value. Never saved.
    let trial = RwSignal::new(None::<(Id, f64)>);
    let outcome: Memo<Option<WhatIf>> = Memo::new(move |_| {
        let (kr, value) = trial.get()?;
        s.document.with(|d| s.scores.with(|sc| what_if(d, sc, &kr, value)))
    });
    let id = move || objective.with(|o| o.as_ref().map(|o| o.id.to_string()).unwrap_or_default());
    let meta = move || {
        let lang = lang.get();
        objective.with(|o| {
            let Some(o) = o else { return String::new() };
            let mut parts = vec![o.level.label().get(lang).to_owned()];
            if !o.owner.trim().is_empty() {
                parts.push(o.owner.trim().to_owned());
            }
            if let Some(p) = o.period {
                parts.push(format!("{} – {}", p.start, p.end));
            }
            parts.join(" · ")
        })
    };
    let parent = move || {
        let lang = lang.get();
        s.document.with(|d| {
            let o = d.objectives.get(index)?;
            let p = d.objective(o.parent.as_ref()?)?;
            let kr = o.parent_kr.as_ref().and_then(|k| p.key_results.iter().find(|kr| &kr.id == k));
            let mut text = format!("{}{}", Ui::AlignsTo.get(lang), p.title);
            if let Some(kr) = kr {
                text.push_str(" → ");
                text.push_str(&kr.title);
            }
            Some(text)
        })
    };
    let status = move || score.with(|sc| sc.as_ref().map_or(Status::NotStarted, |sc| sc.status));
    let timeline = Memo::new(move |_| s.document.with(|d| okrpad_core::scoring::timeline::objective(d, index)));
    // What is due for a check-in on this objective (the owner view's agenda).
    let due = move || {
        let lang = lang.get();
        s.document.with(|d| {
            let o = d.objectives.get(index)?;
            let items: Vec<String> = o
                .key_results
                .iter()
                .filter_map(|k| match okrpad_core::meetings::cadence::due(o, k, d.cadence(), s.today)? {
                    okrpad_core::meetings::cadence::Due::Due { since, overdue } => {
                        Some(format!("{} ({})", k.title, crate::screens::weekly::due_text(lang, since, overdue)))
                    }
                    okrpad_core::meetings::cadence::Due::Upcoming { .. } => None,
                })
                .collect();
            (!items.is_empty()).then(|| format!("{}{}", Ui::DueForCheckInPrefix.get(lang), items.join(" · ")))
        })
    };
    let krs = move || {
        objective.with(|o| {
            o.as_ref().map(|o| o.key_results.iter().map(|k| k.id.clone()).collect::<Vec<_>>()).unwrap_or_default()
        })
    };
    view! {
        <article class="slide" data-testid="slide" data-objective-id=id aria-labelledby="slide-title">
            <p class="slide-meta">{meta}</p>
            <h3 id="slide-title" class="slide-title" data-testid="slide-title">
                {move || objective.with(|o| o.as_ref().map(|o| o.title.clone()).unwrap_or_default())}
            </h3>
            {move || parent().map(|p| view! { <p class="slide-parent">{p}</p> })}
            <div class="slide-score">
                <span class="slide-progress" data-testid="slide-progress">
                    {move || percent(score.with(|sc| sc.as_ref().map_or(0.0, |sc| sc.progress)))}
                </span>
                <StatusPill status=Signal::derive(status) testid="slide-status"/>
                <span class="slide-expected">
                    {move || format!("{} {}", Ui::ExpectedShort.get(lang.get()),
                        percent(score.with(|sc| sc.as_ref().map_or(0.0, |sc| sc.expected))))}
                </span>
                {move || score.with(|sc| sc.as_ref().and_then(|sc| sc.confidence)).map(|c| view! {
                    <span class="pill confidence" data-testid="slide-confidence">{move || format!("{} {c:.1}/10", Ui::Confidence.get(lang.get()))}</span>
                })}
                {move || outcome.with(|w| w.as_ref().and_then(|w| w.objectives.first()).map(|shift| view! {
                    <span class="slide-whatif" data-testid="whatif-score">
                        {format!("{}{}", Ui::WhatIf.get(lang.get()), percent(shift.after))}
                    </span>
                }))}
            </div>
            {move || due().map(|text| view! { <p class="slide-due" data-testid="slide-due">{text}</p> })}
            <div class="slide-body">
                <ul class="slide-krs">
                    <For each=krs key=|k| k.clone() let:kr>
                        <SlideKr objective=index kr=kr trial=trial outcome=outcome/>
                    </For>
                </ul>
                <div class="slide-chart">
                    <crate::widgets::charts::ProgressOverTime timeline=timeline testid="slide-chart"
                        title=Signal::derive(move || Ui::ObjectiveProgressOverTime.get(lang.get()).to_owned())/>
                </div>
            </div>
        </article>
    }
}

/// A key result on a slide: its figures, a quick check-in field and a what-if slider.
#[component]
fn SlideKr(
    objective: usize,
    kr: Id,
    trial: RwSignal<Option<(Id, f64)>>,
    outcome: Memo<Option<WhatIf>>,
) -> impl IntoView {
    let s = state();
    let lang = s.lang;
    let kr = StoredValue::new(kr);
    let position = move || {
        s.document.with(|d| d.objectives.get(objective)?.key_results.iter().position(|k| k.id == kr.get_value()))
    };
    let data = Memo::new(move |_| {
        s.document.with(|d| position().and_then(|j| d.objectives.get(objective)?.key_results.get(j).cloned()))
    });
    let score = Memo::new(move |_| position().and_then(|j| s.scores.with(|sc| sc.key_result(objective, j).cloned())));
    let range = move || data.with(|k| k.as_ref().and_then(|k| slider_range(k.metric.as_ref())));
    let shown_figures = move || {
        let current = score.with(|sc| sc.as_ref().and_then(|sc| sc.current));
        data.with(|k| {
            let metric = k.as_ref()?.metric.as_ref();
            key_result_figures(metric, current).or_else(|| {
                matches!(metric, Some(Metric::Children))
                    .then(|| Ui::RolledUpFromAlignedObjectives.get(lang.get()).to_owned())
            })
        })
    };
    let status = move || score.with(|sc| sc.as_ref().map_or(Status::NotStarted, |sc| sc.status));
    let typed = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let record = move || {
        let Some(value) = parse_number(&typed.get_untracked()) else {
            invalid.set(true);
            return;
        };
        invalid.set(false);
        let Some(objective_id) = s.document.with_untracked(|d| d.objectives.get(objective).map(|o| o.id.clone()))
        else {
            return;
        };
        s.edit_key_result(&objective_id, &kr.get_value(), None, |k| k.check_ins.push(CheckIn::new(s.today, value)));
        typed.set(String::new());
        // A recorded value replaces any what-if on this key result.
        if trial.with_untracked(|t| t.as_ref().is_some_and(|(k, _)| *k == kr.get_value())) {
            trial.set(None);
        }
    };
    let mine = move || trial.with(|t| t.as_ref().filter(|(k, _)| *k == kr.get_value()).map(|(_, v)| *v));
    let slider_value = move || {
        mine()
            .or_else(|| score.with(|sc| sc.as_ref().and_then(|sc| sc.current)))
            .or_else(|| range().map(|r| r.0))
            .unwrap_or(0.0)
    };
    let names = move |i: usize| s.document.with(|d| d.objectives.get(i).map(|o| o.title.clone()).unwrap_or_default());
    let kr_id = kr.get_value().to_string();
    let (value_id, slider_id) = (format!("present-value-{kr_id}"), format!("whatif-{kr_id}"));
    view! {
        <li class="slide-kr" data-kr-id=kr_id.clone()>
            <div class="slide-kr-line">
                <span class="slide-kr-title">{move || data.with(|k| k.as_ref().map(|k| k.title.clone()).unwrap_or_default())}</span>
                <span class="slide-kr-figures">{shown_figures}</span>
                <span class="slide-kr-progress" data-testid="kr-progress">
                    {move || percent(score.with(|sc| sc.as_ref().map_or(0.0, |sc| sc.progress)))}
                </span>
                <StatusPill status=Signal::derive(status) testid="kr-status"/>
            </div>
            <Show when=move || range().is_some()>
                <div class="slide-kr-tools">
                    <form class="quick-checkin" on:submit=move |ev| { ev.prevent_default(); record(); }>
                        <label for=value_id.clone()>{move || Ui::NewValueCheckInToday.get(lang.get())}</label>
                        <input id=value_id.clone() type="number" step="any" inputmode="decimal" data-testid="present-value"
                            prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))
                            aria-invalid=move || invalid.get().to_string()/>
                        <button type="submit" data-testid="present-record">{move || Ui::Record.get(lang.get())}</button>
                        <Show when=move || invalid.get()>
                            <span class="field-error" role="alert">{move || Ui::TypeANumber.get(lang.get())}</span>
                        </Show>
                    </form>
                    <div class="whatif">
                        <label for=slider_id.clone()>{move || Ui::WhatIfNotSaved.get(lang.get())}</label>
                        <input id=slider_id.clone() type="range" data-testid="whatif-slider"
                            min=move || range().map(|r| r.0) max=move || range().map(|r| r.1)
                            step=move || range().map(|r| if r.2 > 0.0 { r.2.to_string() } else { "any".to_owned() })
                            prop:value=move || slider_value().to_string()
                            aria-valuetext=move || number(slider_value())
                            on:input=move |ev| if let Some(v) = parse_number(&event_target_value(&ev)) {
                                trial.set(Some((kr.get_value(), v)));
                            }/>
                        <output for=slider_id.clone() data-testid="whatif-result" aria-live="polite">
                            {move || mine().and_then(|v| outcome.with(|w| w.as_ref().map(|w| {
                                let lang = lang.get();
                                let mut lines = vec![format!("{} {}: {} → {}", Ui::At.get(lang), number(v),
                                    percent(w.key_result.0), percent(w.key_result.1))];
                                // Every sum or mean it feeds, up the chain, with its computed value.
                                for shift in &w.sums {
                                    let (title, unit) = s.document.with(|d| {
                                        let k = d.objectives.get(shift.objective).and_then(|o| o.key_results.get(shift.key_result));
                                        (k.map(|k| k.title.clone()).unwrap_or_default(),
                                         k.and_then(|k| k.metric.as_ref()).and_then(Metric::unit).unwrap_or("").to_owned())
                                    });
                                    let value = |x: Option<f64>| x.map(number).unwrap_or_else(|| "–".to_owned());
                                    lines.push(format!("{title}: {} → {} {unit} ({} → {})", value(shift.value.0), value(shift.value.1),
                                        percent(shift.progress.0), percent(shift.progress.1)));
                                }
                                for (n, shift) in w.objectives.iter().enumerate() {
                                    let who = if n == 0 { Ui::ThisObjective.get(lang).to_owned() } else { names(shift.objective) };
                                    lines.push(format!("{who}: {} → {}", percent(shift.before), percent(shift.after)));
                                }
                                lines.join(" · ")
                            })))}
                        </output>
                        <Show when=move || mine().is_some()>
                            <button type="button" data-testid="whatif-reset" on:click=move |_| trial.set(None)>
                                {move || Ui::Reset.get(lang.get())}
                            </button>
                        </Show>
                    </div>
                </div>
            </Show>
        </li>
    }
}
