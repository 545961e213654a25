//! The discussion under an objective or a key result: who said what, when, oldest
//! first (the newest last, where the reply box is), and a box to add one. The author
//! is the name the user set once (`okrpad.me.v1`, shared with "Check in my key
//! results"). Comments are text: Leptos writes them as text nodes, never as HTML.

use leptos::prelude::*;

use crate::app::Ui;
use crate::app::state;
use crate::browser::persist;
use okrpad_core::model::{Comment, Document, Id};

/// A comment id unique in `document`: the day and a random part, so two people
/// commenting on two copies of a file do not collide when the copies are merged.
fn new_comment_id(document: &Document, today: okrpad_core::calendar::Date) -> Id {
    let used = |id: &Id| {
        document
            .objectives
            .iter()
            .any(|o| o.comments.iter().chain(o.key_results.iter().flat_map(|k| &k.comments)).any(|c| &c.id == id))
    };
    let day = today.to_string().replace('-', "");
    loop {
        // Math.random: enough to keep two people's comments apart; uniqueness is checked.
        let random = (js_sys::Math::random() * 1_679_616.0) as u32; // 36^4
        let id = Id(format!("c-{day}-{}", base36(random)));
        if !used(&id) {
            return id;
        }
    }
}

fn base36(mut n: u32) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The comments of the objective `objective`, or of its key result `key_result`.
#[component]
pub fn Comments(objective: Id, #[prop(optional)] key_result: Option<Id>) -> impl IntoView {
    let s = state();
    let place = StoredValue::new((objective, key_result));
    let list = Memo::new(move |_| {
        let (o, k) = place.get_value();
        s.document.with(|d| {
            let mut comments = match &k {
                Some(k) => d.key_result(k).map(|(_, kr)| kr.comments.clone()),
                None => d.objective(&o).map(|o| o.comments.clone()),
            }
            .unwrap_or_default();
            okrpad_core::sort::by_key(&mut comments, |c| c.date); // stable: the order written within a day
            comments
        })
    });
    let me = RwSignal::new(persist::load_me());
    let draft = RwSignal::new(String::new());
    let (o, k) = place.get_value();
    let dom = format!("comment-{}", k.as_ref().unwrap_or(&o));
    let add = move || {
        let text = draft.get_untracked();
        let author = me.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        persist::save_me(&author);
        let id = s.document.with_untracked(|d| new_comment_id(d, s.today));
        let comment = Comment { id, date: s.today, author: author.trim().to_owned(), text: text.trim().to_owned() };
        let (o, k) = place.get_value();
        match k {
            Some(k) => s.edit_key_result(&o, &k, None, |kr| kr.comments.push(comment)),
            None => s.edit_objective(&o, None, |objective| objective.comments.push(comment)),
        }
        draft.set(String::new());
    };
    let name_id = format!("{dom}-me");
    let text_id = format!("{dom}-text");
    view! {
        <section class="comments" data-testid="comments" aria-label=move || s.text(Ui::Comments)>
            <h4>{move || format!("{} ({})", s.text(Ui::Comments), list.with(Vec::len))}</h4>
            <ul>
                {move || list.get().into_iter().map(|c| view! {
                    <li data-testid="comment" data-comment=c.id.to_string()>
                        <span class="comment-meta">{format!("{} · {}", if c.author.is_empty() { "–".to_owned() } else { c.author.clone() }, c.date)}</span>
                        <p class="comment-text">{c.text.clone()}</p>
                    </li>
                }).collect_view()}
            </ul>
            <div class="comment-form">
                <label for=name_id.clone()>{move || s.text(Ui::MyName)}</label>
                // Enter here must not submit the check-in form around a key result's comments.
                <input id=name_id type="text" data-testid="comment-author" prop:value=move || me.get()
                    on:input=move |ev| me.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); }/>
                <label for=text_id.clone()>{move || s.text(Ui::AddAComment)}</label>
                <textarea id=text_id data-testid="comment-text" prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) { ev.prevent_default(); add(); }/>
                <button type="button" data-testid="comment-add" on:click=move |_| add()>{move || s.text(Ui::Post)}</button>
            </div>
        </section>
    }
}
