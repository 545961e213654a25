//! The weekly review screen: `core::review` between two dates (by default the last
//! seven days), as lists for the meeting and as Markdown for its notes, copied or
//! downloaded. The Markdown is the same text `okrpad review` prints.

use leptos::prelude::*;

use crate::app::Jump;
use crate::app::Screen;
use crate::app::Ui;
use crate::app::state;
use crate::screens::dashboard::parse_date;
use okrpad_core::i18n::labels::Label;
use okrpad_core::meetings::review::{review, to_markdown, value_text};
use okrpad_core::model::Id;

#[component]
pub fn WeeklyReview() -> impl IntoView {
    let s = state();
    let since = RwSignal::new(s.today.add_days(-7));
    let at = RwSignal::new(s.today);
    let data = Memo::new(move |_| s.document.with(|d| review(d, since.get(), at.get())));
    let markdown = Memo::new(move |_| {
        let title = s.document.with(|d| d.title.clone());
        data.with(|r| to_markdown(r, &title, s.lang.get()))
    });
    // What the last copy or download did, for the live region.
    let outcome = RwSignal::new(None::<Ui>);

    let open = move |objective: Id, key_result: Option<Id>| {
        s.screen.set(Screen::Editor);
        s.jump.set(Some(Jump { objective, key_result, field: None }));
    };
    let copy = move |_| {
        let text = markdown.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = crate::browser::transfer::copy(&text).await;
            // The screen may have been left before the browser answered.
            _ = outcome.try_set(Some(if ok { Ui::MarkdownCopied } else { Ui::MarkdownCopyRefused }));
        });
    };
    let download = move |_| {
        let name = format!("review-{}.md", at.get_untracked());
        let ok = crate::browser::download::save_text(&markdown.get_untracked(), "text/markdown;charset=utf-8", &name)
            .is_ok();
        outcome.set(Some(if ok { Ui::MarkdownDownloaded } else { Ui::DownloadFailed }));
    };
    let date_input = move |signal: RwSignal<okrpad_core::calendar::Date>, testid: &'static str| {
        view! {
            <input type="date" data-testid=testid prop:value=move || signal.get().to_string()
                on:change=move |ev| if let Some(d) = parse_date(&event_target_value(&ev)) { signal.set(d) }/>
        }
    };
    let kr_or_objective = move |title: &str| {
        if title.trim().is_empty() { s.text(Ui::UntitledParen).to_owned() } else { title.to_owned() }
    };

    view! {
        <section class="insight review" data-screen="review" aria-labelledby="review-heading">
            <h2 id="review-heading" class="insight-title">{move || s.text(Ui::WeeklyReview)}</h2>
            <div class="insight-controls">
                <label>{move || s.text(Ui::SinceAfter)} {date_input(since, "review-since")}</label>
                <label>{move || s.text(Ui::UpTo)} {date_input(at, "review-at")}</label>
                <div class="actions">
                    <button type="button" data-testid="review-copy" on:click=copy>{move || s.text(Ui::CopyMarkdown)}</button>
                    <button type="button" data-testid="review-download" on:click=download>{move || s.text(Ui::DownloadMd)}</button>
                </div>
                <p class="outcome" role="status" aria-live="polite" data-testid="review-outcome">
                    {move || outcome.get().map(|said| s.text(said))}
                </p>
            </div>

            <h3>{move || format!("{} ({})", s.text(Ui::NewCheckIns), data.with(|r| r.check_ins.len()))}</h3>
            <ul class="review-list" data-testid="review-check-ins">
                {move || data.with(|r| r.check_ins.clone()).into_iter().map(|c| {
                    let (o, k) = (c.objective.clone(), c.key_result.clone());
                    view! {
                        <li data-kr=c.key_result.to_string()>
                            <span class="review-date">{c.date.to_string()}</span>
                            <button type="button" class="link" on:click=move |_| open(o.clone(), Some(k.clone()))>{kr_or_objective(&c.title)}</button>
                            <span class="review-value">{value_text(&c)}</span>
                            <span class="muted">{format!("{} · {}", c.objective_title, c.owner)}</span>
                            {(!c.note.trim().is_empty()).then(|| view! { <p class="review-note">{c.note.clone()}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || data.with(|r| r.check_ins.is_empty())>
                <p class="empty">{move || s.text(Ui::NoCheckInsInThis)}</p>
            </Show>

            <h3>{move || format!("{} ({})", s.text(Ui::StatusChanges), data.with(|r| r.changes.len()))}</h3>
            <ul class="review-list" data-testid="review-changes">
                {move || data.with(|r| r.changes.clone()).into_iter().map(|c| {
                    let (o, k) = (c.objective.clone(), c.key_result.clone());
                    view! {
                        <li>
                            <button type="button" class="link" on:click=move |_| open(o.clone(), k.clone())>{kr_or_objective(&c.title)}</button>
                            <span class=format!("pill status-{}", c.from.as_str())>{s.tr(&c.from.label())}</span>
                            <span aria-hidden="true">" → "</span>
                            <span class="visually-hidden">{move || s.text(Ui::To)}</span>
                            <span class=format!("pill status-{}", c.to.as_str())>{s.tr(&c.to.label())}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || data.with(|r| r.changes.is_empty())>
                <p class="empty">{move || s.text(Ui::NoStatusChanged)}</p>
            </Show>

            <h3>{move || format!("{} ({})", s.text(Ui::NewBlockers), data.with(|r| r.blockers().count()))}</h3>
            <ul class="review-list" data-testid="review-blockers">
                {move || data.with(|r| r.blockers().cloned().collect::<Vec<_>>()).into_iter().map(|c| view! {
                    <li><strong>{kr_or_objective(&c.title)}</strong>" "<span class="muted">{format!("{} · {}", c.owner, c.date)}</span>
                        <p class="review-blocker">{c.blockers.clone()}</p></li>
                }).collect_view()}
            </ul>
            <Show when=move || data.with(|r| r.blockers().next().is_none())>
                <p class="empty">{move || s.text(Ui::NoNewBlockers)}</p>
            </Show>

            <h3>{move || format!("{} ({})", s.text(Ui::ConfidenceChanges), data.with(|r| r.confidence.len()))}</h3>
            <ul class="review-list" data-testid="review-confidence">
                {move || data.with(|r| r.confidence.clone()).into_iter().map(|c| {
                    let (o, k) = (c.objective.clone(), c.key_result.clone());
                    let from = c.from.map_or_else(|| "–".to_owned(), |f| f.to_string());
                    view! {
                        <li data-kr=c.key_result.to_string()>
                            <button type="button" class="link" on:click=move |_| open(o.clone(), Some(k.clone()))>{kr_or_objective(&c.title)}</button>
                            <span class="review-value">{format!("{from} → {}/10", c.to)}</span>
                            <span class="muted">{c.owner.clone()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || data.with(|r| r.confidence.is_empty())>
                <p class="empty">{move || s.text(Ui::NoConfidenceChanged)}</p>
            </Show>

            <h3>{move || format!("{} ({})", s.text(Ui::NewComments), data.with(|r| r.comments.len()))}</h3>
            <ul class="review-list" data-testid="review-comments">
                {move || data.with(|r| r.comments.clone()).into_iter().map(|c| {
                    let (o, k) = (c.objective.clone(), c.key_result.clone());
                    view! {
                        <li data-comment=c.id.to_string()>
                            <button type="button" class="link" on:click=move |_| open(o.clone(), k.clone())>{kr_or_objective(&c.about)}</button>
                            <span class="muted">{format!("{} · {}", c.author, c.date)}</span>
                            // Text, never markup: Leptos sets it as a text node.
                            <p class="review-note">{c.text.clone()}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || data.with(|r| r.comments.is_empty())>
                <p class="empty">{move || s.text(Ui::NoCommentsInThisWindow)}</p>
            </Show>

            <details class="markdown-preview">
                <summary>{move || s.text(Ui::MarkdownForTheMeetingNotes)}</summary>
                <pre data-testid="review-markdown" tabindex="0">{move || markdown.get()}</pre>
            </details>
        </section>
    }
}
