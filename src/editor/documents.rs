//! The documents menu: switch between stored documents (one per team or quarter),
//! create one blank or from a template, duplicate, delete, and start the next cycle.
//! It sits in the top bar as a menu button; its dialog lives outside the menu's panel,
//! so it stays open when the panel closes.

use std::collections::HashSet;

use leptos::prelude::*;
use okrpad_core::calendar::Period;
use okrpad_core::content::templates::Template;
use okrpad_core::edit::outline::{copy_to_period, next_cycle_period};
use okrpad_core::model::{Document, Id};

use crate::app::Ui;
use crate::app::state;
use crate::browser::{focus, persist};
use crate::editor::ids::DOCUMENT_TITLE_ID;
use crate::widgets::dialog::Dialog;
use crate::widgets::fields::ActionChoice;
use crate::widgets::menu::MenuButton;

#[component]
pub fn DocumentsBar() -> impl IntoView {
    let s = state();
    let next_cycle_open = RwSignal::new(false);
    let options = Signal::derive(move || {
        let untitled = s.text(Ui::Untitled);
        let mut options: Vec<(String, String)> = s.library.with(|l| {
            l.documents
                .iter()
                .map(|e| (e.id.clone(), if e.title.trim().is_empty() { untitled.to_owned() } else { e.title.clone() }))
                .collect()
        });
        // Always listed, as the way back to it: a facilitator shows the sample, starts
        // the team's own document, and can still return to the example. It is not
        // stored; choosing it opens it fresh, in the language on show.
        options.insert(0, (String::new(), s.text(Ui::SampleDocument).to_owned()));
        options
    });
    let current = Signal::derive(move || {
        if s.pristine_sample.get() { String::new() } else { s.library.with(|l| l.current.clone().unwrap_or_default()) }
    });
    let switch = Callback::new(move |id: String| {
        if id.is_empty() {
            persist::open_sample(s);
        } else {
            persist::open(s, &id);
        }
    });
    let templates = Signal::derive(move || {
        let mut options = vec![(String::new(), s.text(Ui::NewFromTemplate).to_owned())];
        options.extend(Template::ALL.iter().map(|t| (t.id().to_owned(), s.tr(&t.name()))));
        options
    });
    let from_template = Callback::new(move |id: String| {
        if let Some(template) = Template::ALL.into_iter().find(|t| t.id() == id) {
            persist::create(s, template.document(s.lang.get_untracked(), s.today));
        }
    });
    let blank = move |_| {
        // Untitled, not titled "Untitled document": an empty title is shown as
        // untitled in the language on show, where a placeholder stored as the title
        // stayed in the language it was created in.
        persist::create(s, Document::default());
        // The first thing a new document needs is its name.
        focus::focus_later_selected(DOCUMENT_TITLE_ID.to_owned());
    };
    let duplicate = move |_| {
        let mut copy = s.document.get_untracked();
        copy.title = format!("{} {}", copy.title, s.text(Ui::CopySuffix));
        persist::create(s, copy);
    };
    let delete = move |_| {
        let asked = web_sys::window()
            .and_then(|w| w.confirm_with_message(s.text(Ui::ConfirmDeleteDocument)).ok())
            .unwrap_or(false);
        if !asked {
            return;
        }
        match s.library.with_untracked(|l| l.current.clone()) {
            Some(id) if !s.pristine_sample.get_untracked() => persist::delete(s, &id),
            _ => {}
        }
    };
    let label = move |ui: Ui| Signal::derive(move || s.text(ui).to_owned());
    view! {
        <MenuButton label=label(Ui::Documents) testid="documents-menu">
        <nav class="documents-bar" aria-label=move || s.text(Ui::Documents)>
            <ActionChoice value=current options=options commit=switch label=label(Ui::Documents) testid="document-switch"/>
            <button type="button" data-testid="new-document" on:click=blank>{move || s.text(Ui::NewDocument)}</button>
            <ActionChoice value=Signal::derive(String::new) options=templates commit=from_template label=label(Ui::NewFromTemplate) testid="new-from-template"/>
            <button type="button" data-testid="duplicate-document" on:click=duplicate>{move || s.text(Ui::Duplicate)}</button>
            <button type="button" data-testid="next-cycle" on:click=move |_| next_cycle_open.set(true)>{move || s.text(Ui::NextCycle)}</button>
            <button type="button" data-testid="go-live" on:click=move |_| s.live.go_live_open.set(true)
                disabled=move || s.live.session.with(Option::is_some)>{move || s.text(Ui::GoLive)}</button>
            <button type="button" class="danger" data-testid="delete-document" on:click=delete
                disabled=move || s.pristine_sample.get()>{move || s.text(Ui::DeleteDocument)}</button>
        </nav>
        </MenuButton>
        <Show when=move || next_cycle_open.get()>
            <NextCycleDialog open=next_cycle_open/>
        </Show>
    }
}

/// Copies chosen objectives into the next period, without check-ins, as one undoable
/// step: the usual way a new quarter starts from the last one.
#[component]
fn NextCycleDialog(open: RwSignal<bool>) -> impl IntoView {
    let s = state();
    // The period after the latest in the document, of the same shape (or the quarter
    // after today's): the rule grading's roll-over follows too.
    let period: Period = s.document.with_untracked(|d| next_cycle_period(d, s.today));
    let chosen = RwSignal::new(
        s.document.with_untracked(|d| d.objectives.iter().map(|o| o.id.clone()).collect::<HashSet<Id>>()),
    );
    let copy = move |_| {
        let ids: Vec<Id> = chosen.with_untracked(|c| {
            s.document
                .with_untracked(|d| d.objectives.iter().filter(|o| c.contains(&o.id)).map(|o| o.id.clone()).collect())
        });
        let edits = s.document.with_untracked(|d| copy_to_period(d, &ids, period));
        if !edits.is_empty() {
            s.perform(edits, None);
            s.filter.update(|f| f.period = Some(period));
        }
        open.set(false);
    };
    view! {
        <Dialog title=Signal::derive(move || s.text(Ui::NextCycle).to_owned()) testid="next-cycle-dialog"
            close=Callback::new(move |()| open.set(false))>
            <p>{move || format!("{} {} – {}", s.text(Ui::NextCycleHelp), period.start, period.end)}</p>
            <ul class="choose-list">
                {s.document.with_untracked(|d| d.objectives.iter().map(|o| {
                    let id = o.id.clone();
                    let checked_id = id.clone();
                    let title = if o.title.trim().is_empty() { o.id.to_string() } else { o.title.clone() };
                    view! {
                        <li><label>
                            <input type="checkbox" data-testid="next-cycle-choice"
                                prop:checked=move || chosen.with(|c| c.contains(&checked_id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { if on { c.insert(id.clone()); } else { c.remove(&id); } });
                                }/>
                            {title}
                        </label></li>
                    }
                }).collect_view())}
            </ul>
            <div class="form-buttons">
                <button type="button" data-testid="next-cycle-copy" on:click=copy>{move || s.text(Ui::CopyToNextCycle)}</button>
                <button type="button" on:click=move |_| open.set(false)>{move || s.text(Ui::Cancel)}</button>
            </div>
        </Dialog>
    }
}
