//! The weekly routine in the browser (seed 003, issue 15): "Check in my key results",
//! a flow that walks one owner through what is due, one key result at a time; and the
//! dashboard's parts about it: what is due by owner, the lowest and falling
//! confidences, and the calendar reminder (`.ics`).
//!
//! Everything here is drawn from core functions (`meetings::cadence`,
//! `meetings::dashboard`, `meetings::reminder`); a check-in made here is the same
//! undoable edit as one made in the editor.

use leptos::prelude::*;

use crate::app::Screen;
use crate::app::Ui;
use crate::app::{Jump, state};
use crate::browser::persist;
use okrpad_core::formats::link;
use okrpad_core::i18n::Lang;
use okrpad_core::i18n::labels::plain_number;
use okrpad_core::i18n::labels::{Label, percent};
use okrpad_core::meetings::cadence::{self, DueItem};
use okrpad_core::meetings::dashboard::ConfidenceItem;
use okrpad_core::meetings::reminder::{self, Reminder};
use okrpad_core::model::{CheckIn, Document, Id, MAX_CONFIDENCE, ManualStatus, Metric, parse_number};
use okrpad_core::scoring::{confidence, latest_check_in};

/// Everyone who answers for a key result (its owner, or its objective's), sorted.
fn people(document: &Document) -> Vec<String> {
    let mut names: Vec<String> = document
        .objectives
        .iter()
        .flat_map(|o| o.key_results.iter().map(move |k| cadence::owner_of(o, k).to_owned()))
        .filter(|name| !name.is_empty())
        .collect();
    okrpad_core::sort::sort(&mut names);
    names.dedup();
    names
}

/// How a due key result is late, in words.
pub fn overdue_text(lang: Lang, item: &DueItem) -> String {
    due_text(lang, item.since, item.overdue)
}

/// "Due today", "3 days overdue" or "No check-in yet" (see `meetings::cadence::Due`).
pub fn due_text(lang: Lang, since: Option<okrpad_core::calendar::Date>, overdue: i64) -> String {
    match (since, overdue, lang) {
        (None, _, Lang::Zh) => "还没有进度记录".to_owned(),
        (None, _, Lang::En) => "No check-in yet".to_owned(),
        (Some(_), 0, Lang::Zh) => "今天该更新".to_owned(),
        (Some(_), 0, Lang::En) => "Due today".to_owned(),
        (Some(_), days, Lang::Zh) => format!("逾期 {days} 天"),
        (Some(_), days, Lang::En) => format!("{days} days overdue"),
    }
}

/// The dashboard's list of what is due for a check-in, by owner.
#[component]
pub fn DueByOwner(due: Signal<Vec<(String, Vec<DueItem>)>>) -> impl IntoView {
    let s = state();
    let open = move |objective: Id, key_result: Id| {
        s.screen.set(Screen::Editor);
        s.jump.set(Some(Jump { objective, key_result: Some(key_result), field: None }));
    };
    view! {
        <h3 id="due-heading">{move || format!("{} ({})", s.text(Ui::DueForCheckIn), due.with(|d| d.iter().map(|(_, i)| i.len()).sum::<usize>()))}</h3>
        <Show when=move || due.with(|d| !d.is_empty())
            fallback=move || view! { <p class="empty" data-testid="due-empty">{move || s.text(Ui::NothingIsDue)}</p> }>
            <ul class="due-owners" data-testid="due-list" aria-labelledby="due-heading">
                {move || due.get().into_iter().map(|(owner, items)| {
                    let name = if owner.is_empty() { s.text(Ui::NoOwnerParen).to_owned() } else { owner.clone() };
                    view! {
                        <li data-owner=owner.clone()>
                            <strong>{format!("{name} ({})", items.len())}</strong>
                            <ul>
                                {items.into_iter().map(|item| {
                                    let (o, k) = (item.objective.clone(), item.key_result.clone());
                                    let late = overdue_text(s.lang.get(), &item);
                                    view! {
                                        <li data-testid="due-item" data-kr=item.key_result.to_string()>
                                            <button type="button" class="link" on:click=move |_| open(o.clone(), k.clone())>{item.title.clone()}</button>
                                            " " <span class="muted">{late}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}

/// The dashboard's confidence lists: the lowest, and the falls of 2 or more.
#[component]
pub fn ConfidenceLists(lowest: Signal<Vec<ConfidenceItem>>, drops: Signal<Vec<ConfidenceItem>>) -> impl IntoView {
    let s = state();
    let list = move |items: Vec<ConfidenceItem>, testid: &'static str| {
        view! {
            <ul class="confidence-list" data-testid=testid>
                {items.into_iter().map(|item| {
                    let change = match item.previous {
                        Some(previous) if previous != item.confidence => format!("{previous} → {}/10", item.confidence),
                        _ => format!("{}/10", item.confidence),
                    };
                    view! {
                        <li data-kr=item.key_result.to_string()>
                            <span>{item.title.clone()}</span>" "
                            <span class="pill confidence" data-testid="confidence-value">{change}</span>" "
                            <span class="muted">{item.owner.clone()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    };
    view! {
        <h3>{move || s.text(Ui::ConfidenceDropped)}</h3>
        <Show when=move || drops.with(|d| !d.is_empty())
            fallback=move || view! { <p class="empty">{move || s.text(Ui::NoConfidenceDrop)}</p> }>
            {move || list(drops.get(), "confidence-drops")}
        </Show>
        <h3>{move || s.text(Ui::LowestConfidence)}</h3>
        <Show when=move || lowest.with(|d| !d.is_empty())
            fallback=move || view! { <p class="empty">{move || s.text(Ui::NoConfidenceGivenYet)}</p> }>
            {move || list(lowest.get(), "confidence-lowest")}
        </Show>
    }
}

/// Where a reminder links back to: the `?src=` address the document came from, else
/// its share link when chat apps carry it; `None` otherwise (the reminder then says
/// where to go).
fn link_back(document: &Document, source: Option<String>) -> Option<String> {
    let base = crate::browser::transfer::page_base();
    if let Some(src) = source.filter(|src| src.starts_with("http")) {
        let encoded: String = js_sys::encode_uri_component(&src).into();
        return Some(format!("{base}?src={encoded}"));
    }
    let share = link::share_url(&base, document);
    (!link::too_long_for_chat(&share)).then_some(share)
}

/// The `.ics` reminder: a weekday and a time, then a download.
#[component]
pub fn ReminderExport() -> impl IntoView {
    let s = state();
    let weekday = RwSignal::new(0u8);
    let time = RwSignal::new("09:00".to_owned());
    let outcome = RwSignal::new(None::<Ui>);
    const DAYS: [Ui; 7] = [Ui::Monday, Ui::Tuesday, Ui::Wednesday, Ui::Thursday, Ui::Friday, Ui::Saturday, Ui::Sunday];
    let download = move |_| {
        let (hour, minute) = time
            .get_untracked()
            .split_once(':')
            .and_then(|(h, m)| Some((h.trim().parse().ok()?, m.trim().parse().ok()?)))
            .unwrap_or((9, 0));
        let text = s.document.with_untracked(|d| {
            let link = link_back(d, s.sync.read_only.get_untracked());
            reminder::to_ics(&Reminder {
                title: &d.title,
                first: reminder::next_weekday(s.today, weekday.get_untracked()),
                time: (hour, minute),
                cadence_days: d.cadence(),
                link: link.as_deref(),
                written: s.today,
                lang: s.lang.get_untracked(),
            })
        });
        let ok = crate::browser::download::save_text(&text, "text/calendar;charset=utf-8", reminder::FILE_NAME).is_ok();
        outcome.set(Some(if ok { Ui::ReminderDownloaded } else { Ui::DownloadFailed }));
    };
    view! {
        <div class="reminder" data-testid="reminder">
            <h3>{move || s.text(Ui::CalendarReminder)}</h3>
            <p class="muted">{move || s.document.with(|d| match s.lang.get() {
                Lang::Zh => format!("每 {} 天提醒一次更新关键结果。", d.cadence()),
                Lang::En => format!("A reminder to check in every {} days.", d.cadence()),
            })}</p>
            <label>{move || s.text(Ui::Day)}
                <select data-testid="reminder-day" on:change=move |ev| {
                    if let Ok(day) = event_target_value(&ev).parse::<u8>() { weekday.set(day.min(6)) }
                }>
                    {DAYS.iter().enumerate().map(|(i, day)| view! {
                        <option value=i.to_string() selected=move || usize::from(weekday.get()) == i>{move || s.text(*day)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{move || s.text(Ui::Time)}
                <input type="time" data-testid="reminder-time" prop:value=move || time.get()
                    on:change=move |ev| time.set(event_target_value(&ev))/>
            </label>
            <button type="button" data-testid="reminder-download" on:click=download>{move || s.text(Ui::DownloadIcs)}</button>
            <p class="outcome" role="status" aria-live="polite" data-testid="reminder-outcome">
                {move || outcome.get().map(|said| s.text(said))}
            </p>
        </div>
    }
}

/// One line of the flow's closing summary.
#[derive(Clone, Debug, PartialEq)]
struct Done {
    key_result: Id,
    title: String,
    /// `None` when skipped.
    change: Option<String>,
}

/// The confidence choices of a select: "–" (not given) and 0 to 10.
pub fn confidence_options(lang: Lang) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), Ui::ConfidenceNotGiven.get(lang).to_owned())];
    options.extend((0..=MAX_CONFIDENCE).map(|c| (c.to_string(), format!("{c}/10"))));
    options
}

fn manual_status(value: &str) -> Option<ManualStatus> {
    match value {
        "on_track" => Some(ManualStatus::OnTrack),
        "at_risk" => Some(ManualStatus::AtRisk),
        "off_track" => Some(ManualStatus::OffTrack),
        _ => None,
    }
}

/// "Check in my key results": pick yourself (remembered), then each of your key
/// results that is due, one at a time; Enter saves and moves on, Escape skips; a
/// summary at the end.
#[component]
pub fn CheckInFlow() -> impl IntoView {
    let s = state();
    let me = RwSignal::new(persist::load_me());
    let choices = Memo::new(move |_| s.document.with(people));
    // The queue is taken when the walk starts, so saving a check-in (which makes the
    // key result no longer due) does not reshuffle it.
    let queue = RwSignal::new(None::<Vec<DueItem>>);
    let position = RwSignal::new(0usize);
    let done = RwSignal::new(Vec::<Done>::new());
    let value = RwSignal::new(String::new());
    let confidence_choice = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let blockers = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let due_count = Memo::new(move |_| {
        let name = me.get();
        s.document.with(|d| cadence::due_for(d, &name, s.today).len())
    });

    let current = move || queue.with(|q| q.as_ref().and_then(|q| q.get(position.get()).cloned()));
    // Fills the form for the key result at `position`: the last confidence is kept.
    let prepare = move || {
        value.set(String::new());
        note.set(String::new());
        blockers.set(String::new());
        status.set(String::new());
        invalid.set(false);
        let last = current().and_then(|item| {
            s.document.with_untracked(|d| {
                d.key_result(&item.key_result).and_then(|(_, k)| confidence::latest(&k.check_ins, s.today))
            })
        });
        confidence_choice.set(last.map(|c| c.to_string()).unwrap_or_default());
        crate::browser::focus::focus_later("flow-value".to_owned());
    };
    let start = move || {
        let name = me.get_untracked();
        if name.trim().is_empty() {
            return;
        }
        persist::save_me(&name);
        let items = s.document.with_untracked(|d| cadence::due_for(d, &name, s.today));
        done.set(Vec::new());
        position.set(0);
        queue.set(Some(items));
        prepare();
    };
    let advance = move |line: Done| {
        done.update(|d| d.push(line));
        position.update(|p| *p += 1);
        if current().is_some() {
            prepare();
        } else {
            crate::browser::focus::focus_later("flow-summary".to_owned());
        }
    };
    let save = move || {
        let Some(item) = current() else { return };
        let found = s.document.with_untracked(|d| {
            d.key_result(&item.key_result).map(|(_, k)| {
                let last = latest_check_in(&k.check_ins, s.today).map(|c| c.value);
                let start = match &k.metric {
                    Some(Metric::Number { start, .. }) => *start,
                    _ => 0.0,
                };
                (last, start, k.title.clone())
            })
        });
        let Some((last, start_value, title)) = found else { return };
        let typed = value.get_untracked();
        let number = if typed.trim().is_empty() { Some(last.unwrap_or(start_value)) } else { parse_number(&typed) };
        let Some(number) = number else {
            invalid.set(true);
            return;
        };
        let mut check_in = CheckIn::new(s.today, number);
        check_in.confidence = confidence_choice.get_untracked().parse::<u8>().ok().filter(|c| *c <= MAX_CONFIDENCE);
        check_in.status = manual_status(&status.get_untracked());
        check_in.note = note.get_untracked();
        check_in.blockers = blockers.get_untracked();
        let summary = {
            let from = last.map_or_else(|| "–".to_owned(), plain_number);
            let confidence = check_in.confidence.map(|c| format!(" · {c}/10")).unwrap_or_default();
            format!("{from} → {}{confidence}", plain_number(number))
        };
        s.edit_key_result(&item.objective, &item.key_result, None, |kr| kr.check_ins.push(check_in));
        advance(Done { key_result: item.key_result.clone(), title, change: Some(summary) });
    };
    let skip = move || {
        let Some(item) = current() else { return };
        advance(Done { key_result: item.key_result.clone(), title: item.title.clone(), change: None });
    };

    // What the current key result stood at, and where it should be by now.
    let context = move || {
        let item = current()?;
        let lang = s.lang.get();
        s.document.with(|d| {
            let (objective, kr) = d.key_result(&item.key_result)?;
            let latest = latest_check_in(&kr.check_ins, s.today);
            let last = match (latest, lang) {
                (Some(c), Lang::Zh) => format!(
                    "上次：{} · {}{}",
                    c.date,
                    plain_number(c.value),
                    confidence::latest(&kr.check_ins, s.today).map(|c| format!(" · 信心 {c}/10")).unwrap_or_default()
                ),
                (Some(c), Lang::En) => format!(
                    "Last: {} · {}{}",
                    c.date,
                    plain_number(c.value),
                    confidence::latest(&kr.check_ins, s.today)
                        .map(|c| format!(" · confidence {c}/10"))
                        .unwrap_or_default()
                ),
                (None, _) => Ui::NoCheckInYet.get(lang).to_owned(),
            };
            let share = objective.period.map(|p| p.elapsed_fraction(s.today));
            let expected = match (&kr.metric, share) {
                (Some(Metric::Number { start, target, unit }), Some(share)) => {
                    let value = start + (target - start) * share;
                    let rounded = (value * 10.0).round() / 10.0;
                    Some(match lang {
                        Lang::Zh => format!(
                            "应达：{} / {}{}（{}）",
                            plain_number(rounded),
                            plain_number(*target),
                            unit,
                            percent(share)
                        ),
                        Lang::En => format!(
                            "Expected by now: {} of {}{} ({})",
                            plain_number(rounded),
                            plain_number(*target),
                            if unit.is_empty() { String::new() } else { format!(" {unit}") },
                            percent(share)
                        ),
                    })
                }
                (_, Some(share)) => Some(format!("{}{}", Ui::ExpectedByNow.get(lang), percent(share))),
                _ => None,
            };
            let placeholder = latest.map(|c| plain_number(c.value)).unwrap_or_default();
            Some((objective.title.clone(), kr.title.clone(), last, expected, placeholder, overdue_text(lang, &item)))
        })
    };
    let status_options = move || {
        let lang = s.lang.get();
        let mut options = vec![(String::new(), Ui::StatusAutomatic.get(lang).to_owned())];
        options.extend([ManualStatus::OnTrack, ManualStatus::AtRisk, ManualStatus::OffTrack].map(|m| {
            (
                okrpad_core::scoring::Status::from(m).as_str().to_owned(),
                s.tr(&okrpad_core::scoring::Status::from(m).label()),
            )
        }));
        options
    };
    let text_input = move |signal: RwSignal<String>, id: &'static str, label: Ui| {
        view! {
            <label for=id>{move || s.text(label)}</label>
            <input id=id type="text" data-testid=id prop:value=move || signal.get()
                on:input=move |ev| signal.set(event_target_value(&ev))/>
        }
    };

    view! {
        <section class="insight checkin-flow" data-screen="checkin" aria-labelledby="flow-heading">
            <h2 id="flow-heading" class="insight-title">{move || s.text(Ui::CheckInMyKeyResults)}</h2>
            <Show when=move || queue.with(Option::is_none)>
                <form class="flow-pick" on:submit=move |ev| { ev.prevent_default(); start(); }>
                    <label for="flow-me">{move || s.text(Ui::IAm)}</label>
                    <select id="flow-me" data-testid="flow-me" on:change=move |ev| me.set(event_target_value(&ev))>
                        <option value="" selected=move || me.with(|m| m.is_empty())>{move || s.text(Ui::ChooseYourName)}</option>
                        {move || choices.get().into_iter().map(|name| {
                            let selected = me.with(|m| m == &name);
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <p class="muted" data-testid="flow-due-count">{move || match s.lang.get() {
                        Lang::Zh => format!("今天有 {} 个关键结果待更新（每 {} 天更新一次）。", due_count.get(), s.document.with(Document::cadence)),
                        Lang::En => format!("{} key results due today (checked in every {} days).", due_count.get(), s.document.with(Document::cadence)),
                    }}</p>
                    <button type="submit" data-testid="flow-start" disabled=move || me.with(|m| m.trim().is_empty())>{move || s.text(Ui::PeriodStart)}</button>
                </form>
            </Show>
            {move || current().is_some().then(|| view! {
                <form class="flow-step" data-testid="flow-step"
                    on:submit=move |ev| { ev.prevent_default(); save(); }
                    on:keydown=move |ev| {
                        let key = ev.key();
                        if key == "Escape" {
                            ev.prevent_default();
                            skip();
                        } else if key == "Enter" {
                            // Enter saves from every field, selects included (a form only
                            // submits from text inputs by itself); buttons keep their own.
                            let on_button = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
                                .is_some_and(|t| t.tag_name() == "BUTTON");
                            if !on_button {
                                ev.prevent_default();
                                save();
                            }
                        }
                    }>
                    {move || context().map(|(objective, title, last, expected, placeholder, late)| view! {
                        <p class="flow-progress" data-testid="flow-position">{move || {
                            let total = queue.with(|q| q.as_ref().map_or(0, Vec::len));
                            format!("{} / {total}", position.get() + 1)
                        }}</p>
                        <h3 data-testid="flow-title">{title}</h3>
                        <p class="muted">{objective}" · "{late}</p>
                        <p data-testid="flow-last">{last}</p>
                        {expected.map(|e| view! { <p data-testid="flow-expected">{e}</p> })}
                        <label for="flow-value">{move || s.text(Ui::CurrentValue)}</label>
                        <input id="flow-value" data-testid="flow-value" type="text" inputmode="decimal" autocomplete="off"
                            placeholder=placeholder prop:value=move || value.get()
                            on:input=move |ev| value.set(event_target_value(&ev))/>
                    })}
                    <label for="flow-confidence">{move || s.text(Ui::ConfidenceScale)}</label>
                    <select id="flow-confidence" data-testid="flow-confidence"
                        on:change=move |ev| confidence_choice.set(event_target_value(&ev))>
                        {move || confidence_options(s.lang.get()).into_iter().map(|(v, label)| {
                            let selected = confidence_choice.with(|c| c == &v);
                            view! { <option value=v selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    <label for="flow-status">{move || s.text(Ui::Status)}</label>
                    <select id="flow-status" data-testid="flow-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        {move || status_options().into_iter().map(|(v, label)| {
                            let selected = status.with(|c| c == &v);
                            view! { <option value=v selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    {text_input(note, "flow-note", Ui::WhatHappened)}
                    {text_input(blockers, "flow-blockers", Ui::BlockersHelpNeeded)}
                    <Show when=move || invalid.get()>
                        <p class="field-error" role="alert">{move || s.text(Ui::EnterANumberOrLeave)}</p>
                    </Show>
                    <div class="form-buttons">
                        <button type="submit" data-testid="flow-save">{move || s.text(Ui::SaveAndNextEnter)}</button>
                        <button type="button" data-testid="flow-skip" on:click=move |_| skip()>{move || s.text(Ui::SkipEsc)}</button>
                    </div>
                </form>
            })}
            {move || (queue.with(Option::is_some) && current().is_none()).then(|| view! {
                <div class="flow-summary" data-testid="flow-summary" id="flow-summary" tabindex="-1">
                    <h3>{move || s.text(Ui::WhatChanged)}</h3>
                    <Show when=move || done.with(|d| !d.is_empty())
                        fallback=move || view! { <p class="empty">{move || s.text(Ui::NothingOfYoursIsDue)}</p> }>
                        <ul>
                            {move || done.get().into_iter().map(|line| view! {
                                <li data-kr=line.key_result.to_string() data-testid="flow-done">
                                    <strong>{line.title.clone()}</strong>": "
                                    {line.change.clone().unwrap_or_else(|| s.text(Ui::Skipped).to_owned())}
                                </li>
                            }).collect_view()}
                        </ul>
                    </Show>
                    <button type="button" data-testid="flow-again" on:click=move |_| queue.set(None)>{move || s.text(Ui::Done)}</button>
                </div>
            })}
        </section>
    }
}
