//! The objective tree: company → department → team → individual, each objective an
//! editable card with its key results, progress and status.
//!
//! Lists are keyed by id (`<For>`), and each card reads its objective, its score and
//! its findings through its own signal (`AppState::objective_view` and friends, kept
//! in step by `app::views`), so a keystroke re-renders only the card it changes.
//! Nesting follows [`Forest`](okrpad_core::model::tree::Forest), which places
//! every objective exactly once even in a broken file; the view stops nesting at
//! [`MAX_NESTING`] so a hostile chain thousands deep cannot exhaust the Wasm stack.

use leptos::ev::{FocusEvent, KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use okrpad_core::edit::outline;
use okrpad_core::i18n::labels::{Label, percent};
use okrpad_core::model::{Id, Level, Objective};
use okrpad_core::scoring::{ObjectiveScore, Status};
use wasm_bindgen::JsCast;

use crate::app::AppState;
use crate::app::Ui;
use crate::app::active::Because;
use crate::app::state;
use crate::browser::focus::focus_later;
use crate::browser::platform::after_next_paint;
use crate::editor::actions::{add_key_result, run_outline};
use crate::editor::details::ObjectiveDetails;
use crate::editor::ids::{first_action_id, last_action_id, title_input_id};
use crate::editor::kr::KeyResultRow;
use crate::widgets::fields::{Choice, TitleField};
use crate::widgets::pills::{ProgressBar, StatusPill};

/// Deeper objectives are listed flat under the last nested level.
const MAX_NESTING: usize = 24;

/// How much of the tree has been built so far, for rendering a big tree in slices.
///
/// Building a card costs several milliseconds, so a company-sized tree built in one go
/// blocks the page for seconds before anything shows. Instead the first [`FIRST`]
/// objectives in reading order (depth first, as the tree shows them; those folded
/// under a collapsed parent do not count) are built at once, and each frame after that
/// lets [`SLICE`] more in, until all are: the top of the tree is on screen and usable
/// at once, and the rest arrives below it. Once
/// everything is in, the allowance becomes unlimited, so an objective added later is
/// built (and focused) at once. When more than [`MANY`] arrive at once (another document
/// opened, a live room's document arriving in place of its placeholder, a large merge),
/// slicing starts again from as many as there were, so the cards already built stay.
#[derive(Clone, Copy)]
struct Budget {
    /// Reading-order position of each objective, by document index.
    position: Memo<Positions>,
    /// The last arrival of many objectives at once.
    arrival: Memo<Arrival>,
    /// Objectives at a reading position below this are built, for the arrival named.
    allowance: RwSignal<(u32, usize)>,
}

/// Where each objective comes in reading order, counting only the objectives shown at
/// first, and how many places that makes.
#[derive(PartialEq)]
struct Positions {
    at: Vec<usize>,
    places: usize,
}

/// How many objectives there are, and since the last arrival of many at once (the
/// `epoch`th), how many to build in its first frame.
#[derive(Clone, Copy, PartialEq)]
struct Arrival {
    total: usize,
    start: usize,
    epoch: u32,
}

/// Objectives built in the first frame, and let in per frame after that. Six shown cards
/// with their key results fill a tall screen (a card is 200 to 300 px); smaller cards
/// leave the bottom of the screen to the next frame's slice.
const FIRST: usize = 6;
/// More objectives than this arriving at once (another document, a room's document, a
/// large merge) are sliced again; fewer (a template, a pasted outline) are built at once.
const MANY: usize = 24;
const SLICE: usize = 120;

impl Budget {
    fn new(s: AppState) -> Budget {
        let position = Memo::new(move |_| {
            s.forest.with(|f| {
                let mut position = vec![0; f.children.len()];
                // Depth first, as the tree shows them: (objective, depth, whether it starts
                // hidden under a collapsed parent). A hidden objective takes no place, so
                // the first slice is what the screen shows.
                let mut stack: Vec<(usize, usize, bool)> = f.roots.iter().rev().map(|&i| (i, 0, false)).collect();
                let mut next = 0;
                while let Some((i, depth, hidden)) = stack.pop() {
                    position[i] = next;
                    if !hidden {
                        next += 1;
                    }
                    let below = hidden || s.starts_collapsed(depth);
                    stack.extend(f.children[i].iter().rev().map(|&child| (child, depth + 1, below)));
                }
                Positions { at: position, places: next }
            })
        });
        // A memo, not an effect: the tree reads it while it builds, so the very build
        // that sees the new objectives is already sliced.
        let arrival = Memo::new(move |before: Option<&Arrival>| {
            let total = s.ids.with(Vec::len);
            match before {
                None => Arrival { total, start: FIRST, epoch: 0 },
                Some(b) if total > b.total + MANY => Arrival { total, start: b.total.max(FIRST), epoch: b.epoch + 1 },
                Some(b) => Arrival { total, ..*b },
            }
        });
        let allowance = RwSignal::new((0, FIRST));
        Effect::new(move |_| {
            let Arrival { start, epoch, .. } = arrival.get();
            let (since, shown) = allowance.get();
            if since != epoch {
                allowance.set((epoch, start));
                return;
            }
            match shown {
                usize::MAX => {}
                _ if shown >= position.with_untracked(|p| p.places) => allowance.set((epoch, usize::MAX)),
                // Built just after the next frame is painted (the first screen, at first);
                // the list may be gone by then (collapsed, or the document closed).
                _ => after_next_paint(move || {
                    allowance.try_update(|(since, shown)| {
                        if *since == epoch {
                            *shown = shown.saturating_add(SLICE);
                        }
                    });
                }),
            }
        });
        Budget { position, arrival, allowance }
    }

    /// Whether the objective at document index `i` may be built yet.
    fn allows(self, i: usize) -> bool {
        let Arrival { start, epoch, .. } = self.arrival.get();
        let allowance = match self.allowance.get() {
            (since, shown) if since == epoch => shown,
            _ => start,
        };
        allowance == usize::MAX || self.position.with(|p| p.at.get(i).is_some_and(|&at| at < allowance))
    }
}

#[component]
pub fn ObjectiveTree() -> impl IntoView {
    let s = state();
    let budget = Budget::new(s);
    let roots = move || {
        s.visible.with(|visible| {
            s.ids.with(|ids| {
                s.forest.with(|f| {
                    f.roots
                        .iter()
                        .filter(|i| visible.as_ref().is_none_or(|v| v.contains(i)) && budget.allows(**i))
                        .filter_map(|&i| ids.get(i).cloned())
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    let add_top = move |_| {
        let (edits, id) = s.document.with_untracked(|d| outline::add_objective(d, None, None));
        s.perform(edits, None);
        focus_later(title_input_id(&id));
    };
    view! {
        <section class="tree-panel" aria-labelledby="tree-heading">
            <h2 id="tree-heading" class="panel-title">{move || s.text(Ui::Tree)}</h2>
            <crate::editor::filter::FilterBar/>
            <Show when=move || s.ids.with(|ids| !ids.is_empty())
                fallback=move || view! { <p class="empty">{move || s.text(Ui::NoObjectives)}</p> }>
                <ul role="tree" aria-labelledby="tree-heading"
                    class=move || if s.ids.with(|ids| ids.len() > crate::app::LARGE_DOCUMENT) { "tree large" } else { "tree" }>
                    <For each=roots key=|id| id.clone() let:id>
                        <ObjectiveNode id=id nesting=0 budget=budget/>
                    </For>
                </ul>
            </Show>
            <button type="button" class="add-objective" id="add-objective" data-testid="add-objective" on:click=add_top>
                "+ "{move || s.text(Ui::AddObjective)}
            </button>
        </section>
    }
}

/// The objectives shown nested under `index`: its children, or at the nesting limit,
/// all its descendants in one flat list.
fn shown_children(s: AppState, index: usize, nesting: usize, budget: Budget) -> Vec<Id> {
    let visible = s.visible.get();
    s.ids.with(|all| {
        s.forest.with(|f| {
            let mut ids = Vec::new();
            let mut stack: Vec<usize> =
                f.children.get(index).map_or_else(Vec::new, |c| c.iter().rev().copied().collect());
            while let Some(i) = stack.pop() {
                if visible.as_ref().is_some_and(|v| !v.contains(&i)) || !budget.allows(i) {
                    continue;
                }
                if let Some(id) = all.get(i) {
                    ids.push(id.clone());
                }
                if nesting + 1 >= MAX_NESTING {
                    stack.extend(f.children[i].iter().rev());
                }
            }
            ids
        })
    })
}

#[component]
fn ObjectiveNode(id: Id, nesting: usize, budget: Budget) -> impl IntoView {
    let s = state();
    let lookup = id.clone();
    let index = Memo::new(move |_| s.index.with(|m| m.get(&lookup).copied()));
    let objective: RwSignal<Option<Objective>> = s.objective_view(&id);
    let score: RwSignal<Option<ObjectiveScore>> = s.objective_score_view(&id);
    let collapsed = s.collapsed(&id, nesting);
    let details_open = s.details_open(&id);
    let children = move || index.get().map(|i| shown_children(s, i, nesting, budget)).unwrap_or_default();
    let has_children =
        move || index.get().is_some_and(|i| s.forest.with(|f| f.children.get(i).is_some_and(|c| !c.is_empty())));
    let key_results = move || {
        objective.with(|o| {
            o.as_ref().map(|o| o.key_results.iter().map(|k| k.id.clone()).collect::<Vec<_>>()).unwrap_or_default()
        })
    };
    let status = Signal::derive(move || score.with(|sc| sc.as_ref().map_or(Status::NotStarted, |sc| sc.status)));

    let my_id = StoredValue::new(id.clone());
    let title = Signal::derive(move || objective.with(|o| o.as_ref().map(|o| o.title.clone()).unwrap_or_default()));
    let commit_title = Callback::new(move |text: String| {
        let id = my_id.get_value();
        s.edit_objective(&id, Some(format!("{id}.title")), |o| o.title = text);
    });
    let level_value =
        Signal::derive(move || objective.with(|o| o.as_ref().map_or("", |o| o.level.as_str()).to_owned()));
    let level_options = Signal::derive(move || {
        Level::ALL.iter().map(|l| (l.as_str().to_owned(), s.tr(&l.label()))).collect::<Vec<_>>()
    });
    let commit_level = Callback::new(move |value: String| {
        if let Ok(level) = value.parse::<Level>() {
            s.edit_objective(&my_id.get_value(), None, |o| o.level = level);
        }
    });
    let seal = Callback::new(move |()| s.seal());
    let add_kr = Callback::new(move |()| add_key_result(s, &my_id.get_value(), None));

    // Whether focus is in this card and whether the pointer is over it: the card's and
    // its key results' buttons are built only then (see `crate::app::active`).
    let focus_here = RwSignal::new(false);
    let pointer_here = RwSignal::new(false);
    let active = Signal::derive(move || focus_here.get() || pointer_here.get());
    let on_focusin = move |ev: FocusEvent| {
        let toggle = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|t| t.matches(".actions-toggle").unwrap_or(false));
        let Some(toggle) = toggle else {
            s.active.enter(Because::Focus, focus_here);
            return;
        };
        // Focus from a tap or a click on "Actions": its click makes the card active.
        // Replacing the button now, between the press and the release, would send the
        // click to the action built where it was.
        if !toggle.matches(":focus-visible").unwrap_or(true) {
            return;
        }
        // From the keyboard, focus moves on to the actions that replace it: the first, or
        // the last when it came from below (Shift+Tab), so Tab runs on as if they had
        // been there all along.
        s.active.enter(Because::Focus, focus_here);
        let from_below = ev
            .related_target()
            .and_then(|r| r.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|r| toggle.compare_document_position(&r) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0);
        let id = my_id.get_value();
        focus_later(if from_below { last_action_id(&id) } else { first_action_id(&id) });
    };
    // A finger has no hover: a tap goes where it lands (a touch pointer enters and leaves
    // around every tap), and focus makes the card active.
    let on_pointerenter = move |ev: PointerEvent| {
        if ev.pointer_type() != "touch" {
            s.active.enter(Because::Pointer, pointer_here);
        }
    };
    let on_pointerleave = move |ev: PointerEvent| {
        if ev.pointer_type() != "touch" {
            s.active.leave(Because::Pointer, pointer_here);
        }
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let id = my_id.get_value();
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let handled = match ev.key().as_str() {
            "]" if ctrl => {
                run_outline(s, |d| outline::indent(d, &id), title_input_id(&id));
                true
            }
            "[" if ctrl => {
                run_outline(s, |d| outline::outdent(d, &id), title_input_id(&id));
                true
            }
            "ArrowUp" | "ArrowDown" if ev.alt_key() => {
                let up = ev.key() == "ArrowUp";
                run_outline(s, |d| outline::reorder(d, &id, up), title_input_id(&id));
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
            ev.stop_propagation();
        }
    };

    let child_nesting = (nesting + 1).min(MAX_NESTING);
    let heading_id = format!("o-head-{id}");
    let data_id = id.to_string();
    let title_id = title_input_id(&id);
    let objective_for_krs = id.clone();
    let findings_id = id.clone();
    let details_id = id.clone();
    view! {
        <li role="treeitem" class="node" data-objective-id=data_id
            aria-expanded=move || has_children().then(|| (!collapsed.get()).to_string())>
            <article class=move || objective.with(|o| format!("card level-{}", o.as_ref().map_or("", |o| o.level.as_str())))
                on:keydown=on_keydown on:focusin=on_focusin on:pointerenter=on_pointerenter on:pointerleave=on_pointerleave>
                <header class="card-head">
                    <crate::live::EditingMarker id=id.to_string()/>
                    <Show when=has_children>
                        <button type="button" class="collapse" data-testid="collapse"
                            aria-label=move || s.text(if collapsed.get() { Ui::Expand } else { Ui::Collapse })
                            on:click=move |_| collapsed.update(|c| *c = !*c)>
                            {move || if collapsed.get() { "▸" } else { "▾" }}
                        </button>
                    </Show>
                    <Choice value=level_value options=level_options commit=commit_level id=format!("o-level-{id}")
                        label=Signal::derive(move || s.text(Ui::Level).to_owned()) testid="objective-level"/>
                    <span class="objective-title">
                        // Read first in the tree item's name (its content), so a screen reader
                        // starts with the title; "untitled" rather than nothing when empty.
                        <span class="visually-hidden" id=heading_id>{move || {
                            let t = title.get();
                            if t.trim().is_empty() { s.text(Ui::UntitledObjective).to_owned() } else { t }
                        }}</span>
                        <TitleField value=title commit=crate::editor::adjust::guard_title(id.clone(), commit_title) id=title_id
                            label=Signal::derive(move || s.text(Ui::ObjectiveTitle).to_owned())
                            testid="objective-title" on_enter=add_kr on_done=crate::editor::adjust::done_title(id.clone(), seal)/>
                    </span>
                    <StatusPill status=status testid="objective-status"/>
                </header>
                <p class="meta">
                    <span class="owner">{move || s.text(Ui::Owner)}{move || objective.with(|o| {
                        let owner = o.as_ref().map(|o| o.owner.trim().to_owned()).unwrap_or_default();
                        if owner.is_empty() { s.text(Ui::NoOwner).to_owned() } else { owner }
                    })}</span>
                    <span class="period">{move || s.text(Ui::Period)}{move || objective.with(|o| {
                        o.as_ref().and_then(|o| o.period).map_or_else(|| s.text(Ui::NoPeriod).to_owned(), |p| format!("{} – {}", p.start, p.end))
                    })}</span>
                    <span class="kind">{move || objective.with(|o| o.as_ref().map(|o| s.tr(&o.kind.label())))}</span>
                </p>
                <ProgressBar
                    progress=Signal::derive(move || score.with(|sc| sc.as_ref().map_or(0.0, |sc| sc.progress)))
                    expected=Signal::derive(move || score.with(|sc| sc.as_ref().map_or(0.0, |sc| sc.expected)))
                />
                <p class="progress-line">
                    <span class="progress-value" data-testid="objective-progress">
                        {move || score.with(|sc| sc.as_ref().map(|sc| percent(sc.progress)))}
                    </span>
                    <span class="expected">{move || s.text(Ui::Expected)}" "
                        {move || score.with(|sc| sc.as_ref().map(|sc| percent(sc.expected)))}</span>
                    {move || score.with(|sc| sc.as_ref().and_then(|sc| sc.confidence)).map(|c| view! {
                        <span class="pill confidence" data-testid="objective-confidence">
                            {move || format!("{} {c:.1}/10", s.text(Ui::Confidence))}
                        </span>
                    })}
                    {move || {
                        let count = objective.with(|o| o.as_ref().map_or(0, |o| o.comments.len() + o.key_results.iter().map(|k| k.comments.len()).sum::<usize>()));
                        (count > 0).then(|| view! {
                            <span class="comment-count" data-testid="comment-count">
                                {move || if s.lang.get() == okrpad_core::i18n::Lang::Zh { format!("{count} 条评论") } else if count == 1 { "1 comment".to_owned() } else { format!("{count} comments") }}
                            </span>
                        })
                    }}
                </p>
                <ul class="key-results" aria-label=move || s.text(Ui::KeyResults)>
                    <For each=key_results key=|id| id.clone() let:kr>
                        <KeyResultRow objective=objective_for_krs.clone() id=kr card_active=active/>
                    </For>
                </ul>
                <Show when=move || active.get() || details_open.get()
                    fallback=move || view! { <ActionsToggle id=my_id focus_here=focus_here/> }>
                    <CardActions id=my_id details_open=details_open/>
                </Show>
                <Show when=move || details_open.get()>
                    <ObjectiveDetails id=details_id.clone()/>
                </Show>
                <InlineFindings objective=findings_id/>
                <crate::editor::adjust::ReasonPrompt objective=id.clone()/>
            </article>
            <Show when=move || has_children() && (!collapsed.get() || s.visible.with(Option::is_some) || s.printing.get())>
                <ul role="group" class="children">
                    <For each=children key=|id| id.clone() let:child>
                        {ObjectiveNode(ObjectiveNodeProps { id: child, nesting: child_nesting, budget }).into_any()}
                    </For>
                </ul>
            </Show>
        </li>
    }
}

/// What an inactive card shows instead of its buttons: one button that makes the card
/// active and moves focus to its first action, so every action is reached by its label
/// (a screen reader's browse mode, a touch screen) as well as by Tab and hover.
#[component]
fn ActionsToggle(id: StoredValue<Id>, focus_here: RwSignal<bool>) -> impl IntoView {
    let s = state();
    let open = move |_| {
        s.active.enter(Because::Focus, focus_here);
        focus_later(first_action_id(&id.get_value()));
    };
    view! {
        <button type="button" class="actions-toggle" data-testid="card-actions-toggle" aria-expanded="false" on:click=open>
            {move || s.text(Ui::Actions)}
        </button>
    }
}

/// The buttons under a card: every tree operation, for mouse and keyboard users alike.
/// Built only for the active card (or one whose details are open).
#[component]
fn CardActions(id: StoredValue<Id>, details_open: RwSignal<bool>) -> impl IntoView {
    let s = state();
    let here = move || id.get_value();
    let add_child = move |_| {
        let parent = here();
        let (edits, new_id) = s.document.with_untracked(|d| outline::add_objective(d, Some(&parent), Some(&parent)));
        s.perform(edits, None);
        focus_later(title_input_id(&new_id));
    };
    let delete = move |_| {
        let doomed = here();
        run_outline(s, |d| outline::delete_objective(d, &doomed), "add-objective".into());
        s.toast.set(Some(Ui::Deleted));
    };
    let button = |label: Ui, testid: &'static str, keys: &'static str, action: Box<dyn Fn()>| {
        view! {
            <button type="button" data-testid=testid aria-keyshortcuts=keys on:click=move |_| action()>
                {move || s.text(label)}
            </button>
        }
    };
    view! {
        <div class="card-actions" role="group" aria-label=move || s.text(Ui::Actions)>
            <button type="button" data-testid="add-kr" id=first_action_id(&here()) on:click=move |_| add_key_result(s, &here(), None)>
                "+ "{move || s.text(Ui::AddKr)}
            </button>
            <button type="button" data-testid="add-child" on:click=add_child>"+ "{move || s.text(Ui::AddChild)}</button>
            {button(Ui::Indent, "indent", "Control+]", Box::new(move || { let i = here(); run_outline(s, |d| outline::indent(d, &i), title_input_id(&i)); }))}
            {button(Ui::Outdent, "outdent", "Control+[", Box::new(move || { let i = here(); run_outline(s, |d| outline::outdent(d, &i), title_input_id(&i)); }))}
            {button(Ui::MoveUp, "move-up", "Alt+ArrowUp", Box::new(move || { let i = here(); run_outline(s, |d| outline::reorder(d, &i, true), title_input_id(&i)); }))}
            {button(Ui::MoveDown, "move-down", "Alt+ArrowDown", Box::new(move || { let i = here(); run_outline(s, |d| outline::reorder(d, &i, false), title_input_id(&i)); }))}
            <button type="button" data-testid="details" aria-expanded=move || details_open.get().to_string()
                on:click=move |_| details_open.update(|o| *o = !*o)>{move || s.text(Ui::Details)}</button>
            <button type="button" class="danger" data-testid="delete-objective" id=last_action_id(&here()) on:click=delete>{move || s.text(Ui::Delete)}</button>
        </div>
    }
}

/// The findings about one objective and its key results, next to them.
#[component]
fn InlineFindings(objective: Id) -> impl IntoView {
    let s = state();
    let mine = s.findings_view(&objective);
    view! {
        <Show when=move || mine.with(Option::is_some)>
            <ul class="inline-findings">
                {move || mine.get().unwrap_or_default().into_iter().map(|f| view! {
                    <li class=format!("finding severity-{}", f.severity.as_str()) data-rule=f.rule.id()>
                        <span class="rule-id">{f.rule.id()}</span>" "{s.tr(&f.message)}
                    </li>
                }).collect_view()}
            </ul>
        </Show>
    }
}
