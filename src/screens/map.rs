//! The alignment map: the whole tree as a picture, from the company down to each
//! person, for top-down and bottom-up alignment meetings (seed 000, 001).
//!
//! The geometry comes from [`core::layout`](okrpad_core::map::layout) and the cards' markup
//! from [`core::mapsvg`](okrpad_core::map::svg) (escaped there, and shared with the
//! exported file). A map of up to [`CULL_ABOVE`](okrpad_core::map::layout::CULL_ABOVE) cards has every card in the page, so
//! a screen reader and Tab reach each one (a card that gets focus off screen is panned
//! into view). A larger map places only what is in view, and zoomed far out the whole
//! map is a handful of paths, so a 2,000-objective document pans as smoothly as the
//! sample; a list of every objective ([`MapIndex`]) then keeps each one reachable.
//!
//! The map's box is sized to end at the bottom of the window, whatever is above it, so
//! Fit shows everything without scrolling the page.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::app::Jump;
use crate::app::Screen;
use crate::app::Ui;
use crate::app::state;
use crate::browser::download;
use okrpad_core::i18n::Lang;
use okrpad_core::map::layout::{Layout, View, layout};
use okrpad_core::map::svg::{
    LINK, LINK_DASH, card_name, card_svg, edge_svg, export_svg, link_svg, overview, status_colors,
};

/// How far an arrow key moves the map, in screen pixels, and a zoom key's step.
const PAN_STEP: f64 = 80.0;
const ZOOM_STEP: f64 = 1.25;
/// The map's box ends this far above the window's bottom, and is never shorter than
/// `MIN_HEIGHT` (on a very short window the page scrolls instead), in CSS pixels.
const BOTTOM_GAP: f64 = 16.0;
const MIN_HEIGHT: f64 = 240.0;

/// Pointers held down on the map: where each was last, and whether this press has
/// moved far enough to be a drag (a click after a drag must not open a card).
#[derive(Default)]
struct Pointers {
    at: HashMap<i32, (f64, f64)>,
    dragged: bool,
    start: (f64, f64),
}

#[component]
pub fn AlignmentMap() -> impl IntoView {
    let s = state();
    let lang = s.lang;
    let layout = Memo::new(move |_| s.document.with(layout));
    let view = RwSignal::new(View::default());
    let size = RwSignal::new((0.0f64, 0.0f64));
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let pointers = StoredValue::new(Pointers::default());
    let message = RwSignal::new(None::<String>);

    // The map's size on screen: measured once it is there, and again on resize. The
    // first measurement sets the first view.
    let measure = move || {
        // The map may be gone by the frame this was asked for (a quick switch of screen).
        if svg_ref.is_disposed() {
            return;
        }
        let Some(svg) = svg_ref.get_untracked() else { return };
        fit_window(&svg);
        let rect = svg.get_bounding_client_rect();
        let first = size.get_untracked().0 == 0.0;
        size.set((rect.width(), rect.height()));
        if first {
            view.set(layout.with_untracked(|l| View::initial(l, rect.width(), rect.height())));
        }
    };
    Effect::new(move |_| {
        if svg_ref.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let fit = move || {
        let (w, h) = size.get_untracked();
        view.set(layout.with_untracked(|l| View::fit(l, w, h)));
    };
    let zoom = move |factor: f64| {
        let (w, h) = size.get_untracked();
        view.update(|v| *v = v.zoom_at(factor, w / 2.0, h / 2.0));
    };
    let local = move |x: i32, y: i32| {
        svg_ref.get_untracked().map_or((x as f64, y as f64), |svg| {
            let r = svg.get_bounding_client_rect();
            (x as f64 - r.left(), y as f64 - r.top())
        })
    };

    let open = move |index: usize| {
        let Some(id) = s.document.with_untracked(|d| d.objectives.get(index).map(|o| o.id.clone())) else { return };
        s.screen.set(Screen::Editor);
        s.jump.set(Some(Jump { objective: id, key_result: None, field: None }));
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let moved = match ev.key().as_str() {
            "ArrowLeft" => Some(view.get_untracked().pan(PAN_STEP, 0.0)),
            "ArrowRight" => Some(view.get_untracked().pan(-PAN_STEP, 0.0)),
            "ArrowUp" => Some(view.get_untracked().pan(0.0, PAN_STEP)),
            "ArrowDown" => Some(view.get_untracked().pan(0.0, -PAN_STEP)),
            "+" | "=" => {
                zoom(ZOOM_STEP);
                None
            }
            "-" | "_" => {
                zoom(1.0 / ZOOM_STEP);
                None
            }
            "0" => {
                fit();
                None
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(v) = moved {
            view.set(v);
        }
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        // Lines (Firefox) and pages count as many pixels.
        let unit = match ev.delta_mode() {
            1 => 32.0,
            2 => 400.0,
            _ => 1.0,
        };
        let (x, y) = local(ev.client_x(), ev.client_y());
        let factor = (-ev.delta_y() * unit * 0.0015).exp();
        view.update(|v| *v = v.zoom_at(factor, x, y));
    };
    let on_pointerdown = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let at = local(ev.client_x(), ev.client_y());
        pointers.update_value(|p| {
            if p.at.is_empty() {
                p.dragged = false;
                p.start = at;
            }
            p.at.insert(ev.pointer_id(), at);
        });
    };
    let on_pointermove = move |ev: leptos::ev::PointerEvent| {
        let id = ev.pointer_id();
        let at = local(ev.client_x(), ev.client_y());
        let Some(before) = pointers.with_value(|p| p.at.get(&id).copied()) else { return };
        let (count, others) =
            pointers.with_value(|p| (p.at.len(), p.at.iter().find(|(k, _)| **k != id).map(|(_, v)| *v)));
        let far = pointers.with_value(|p| (at.0 - p.start.0).hypot(at.1 - p.start.1) > 4.0);
        if far && !pointers.with_value(|p| p.dragged) {
            pointers.update_value(|p| p.dragged = true);
            // From now on this press is a drag: keep its moves even off the map.
            if let Some(svg) = svg_ref.get_untracked() {
                let _ = svg.set_pointer_capture(id);
            }
        }
        if !pointers.with_value(|p| p.dragged) {
            return;
        }
        match (count, others) {
            // Two fingers: zoom by how much their distance changed, about their middle.
            (2, Some(other)) => {
                let old = (before.0 - other.0).hypot(before.1 - other.1).max(1.0);
                let new = (at.0 - other.0).hypot(at.1 - other.1).max(1.0);
                let mid = ((at.0 + other.0) / 2.0, (at.1 + other.1) / 2.0);
                view.update(|v| {
                    *v = v.zoom_at(new / old, mid.0, mid.1).pan((at.0 - before.0) / 2.0, (at.1 - before.1) / 2.0)
                });
            }
            _ => view.update(|v| *v = v.pan(at.0 - before.0, at.1 - before.1)),
        }
        pointers.update_value(|p| {
            p.at.insert(id, at);
        });
    };
    let on_pointerup = move |ev: leptos::ev::PointerEvent| {
        pointers.update_value(|p| {
            p.at.remove(&ev.pointer_id());
        });
    };
    // A click on the zoomed-out map zooms in to the card nearest to it, readable.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let v = view.get_untracked();
        if pointers.with_value(|p| p.dragged) || v.detailed() {
            return;
        }
        let (x, y) = local(ev.client_x(), ev.client_y());
        let (mx, my) = v.to_map(x, y);
        let (w, h) = size.get_untracked();
        if let Some(centred) = layout.with_untracked(|l| l.nearest(mx, my).map(|i| View::centre_on(&l.cards[i], w, h)))
        {
            view.set(centred);
        }
    };

    let export_svg_file = move |_| {
        let svg = s.document.with_untracked(|d| {
            s.scores.with_untracked(|sc| layout.with_untracked(|l| export_svg(d, sc, l, lang.get_untracked())))
        });
        let result = download::save_text(&svg, "image/svg+xml;charset=utf-8", "okrpad-map.svg");
        message.set(result.err().map(|e| e.get(lang.get_untracked()).to_owned()));
    };
    let export_png_file = move |_| {
        let (svg, w, h) = s.document.with_untracked(|d| {
            s.scores.with_untracked(|sc| {
                layout.with_untracked(|l| {
                    let (w, h) = okrpad_core::map::svg::export_size(l);
                    (export_svg(d, sc, l, lang.get_untracked()), w, h)
                })
            })
        });
        download::save_png(&svg, w, h, "okrpad-map.png", move |result| {
            message.set(result.err().map(|e| e.get(lang.get_untracked()).to_owned()));
        });
    };

    let orphans = move || layout.with(|l| l.cards.iter().filter(|c| c.orphan.is_some()).count());
    let detailed = move || view.with(|v| v.detailed());
    let in_view = Memo::new(move |_| {
        let (v, (w, h)) = (view.get(), size.get());
        if !v.detailed() || w == 0.0 {
            return (Vec::new(), Vec::new());
        }
        layout.with(|l| l.drawn(&v.window(w, h)))
    });
    // Some objective has no card in the page (a large map, or zoomed out to blocks):
    // the list of all of them is there instead, for the keyboard and screen readers.
    let partial = move || in_view.with(|(c, _)| c.len()) < layout.with(|l| l.cards.len());
    let reveal = Callback::new(move |index: usize| {
        let (w, h) = size.get_untracked();
        if let Some(v) = layout.with_untracked(|l| l.cards.get(index).map(|c| view.get_untracked().reveal(c, w, h)))
            && v != view.get_untracked()
        {
            view.set(v);
        }
    });
    let show = Callback::new(move |index: usize| {
        let (w, h) = size.get_untracked();
        if let Some(v) = layout.with_untracked(|l| l.cards.get(index).map(|c| View::centre_on(c, w, h))) {
            view.set(v);
        }
    });
    let links = Memo::new(move |_| {
        let (v, (w, h)) = (view.get(), size.get());
        if !v.detailed() || w == 0.0 {
            return Vec::new();
        }
        layout.with(|l| l.links_drawn(&v.window(w, h)))
    });
    let cards = move || in_view.with(|(c, _)| c.clone());
    let edges = move || in_view.with(|(_, e)| e.clone());

    view! {
        <section data-screen="map" class="map-screen" aria-labelledby="map-heading">
            <div class="map-bar">
                <h2 id="map-heading" class="panel-title">{move || Ui::AlignmentMap.get(lang.get())}</h2>
                <div class="map-buttons" role="toolbar" aria-label=move || Ui::MapControls.get(lang.get())>
                    <button type="button" data-testid="map-zoom-in" aria-keyshortcuts="+"
                        aria-label=move || Ui::ZoomIn.get(lang.get()) on:click=move |_| zoom(ZOOM_STEP)>"+"</button>
                    <button type="button" data-testid="map-zoom-out" aria-keyshortcuts="-"
                        aria-label=move || Ui::ZoomOut.get(lang.get()) on:click=move |_| zoom(1.0 / ZOOM_STEP)>"−"</button>
                    <button type="button" data-testid="map-fit" aria-keyshortcuts="0" on:click=move |_| fit()>
                        {move || Ui::Fit.get(lang.get())}</button>
                    <button type="button" data-testid="map-export-svg" on:click=export_svg_file>
                        {move || Ui::ExportSvg.get(lang.get())}</button>
                    <button type="button" data-testid="map-export-png" on:click=export_png_file>
                        {move || Ui::ExportPng.get(lang.get())}</button>
                </div>
                <Legend/>
                <p class=move || if orphans() == 0 { "map-orphans none" } else { "map-orphans" } data-testid="map-orphans" role="status">
                    {move || match (orphans(), lang.get()) {
                        (0, l) => Ui::EveryObjectiveIsAligned.get(l).to_owned(),
                        (n, Lang::Zh) => format!("⚠ {n} 个目标未对齐（红色虚线框）"),
                        (n, Lang::En) => format!("⚠ {n} unaligned (dashed red outline)"),
                    }}
                </p>
            </div>
            <p id="map-help" class="map-help">
                {move || Ui::DragOrUseTheArrow.get(lang.get())}
            </p>
            {move || message.get().map(|m| view! { <p class="notice" role="alert">{m}</p> })}
            <svg node_ref=svg_ref class="map" data-testid="map" tabindex="0" role="group"
                aria-label=move || Ui::AlignmentMap.get(lang.get()) aria-describedby="map-help"
                on:keydown=on_keydown on:wheel=on_wheel on:pointerdown=on_pointerdown on:pointermove=on_pointermove
                on:pointerup=on_pointerup on:pointercancel=on_pointerup on:click=on_click>
                <g data-testid="map-viewport" transform=move || view.get().transform()>
                    <Show when=detailed fallback=move || view! { <Overview layout=layout/> }>
                        <g class="map-edges">
                            <For each=edges key=|e| *e let:e>
                                <MapEdge layout=layout edge=e/>
                            </For>
                        </g>
                        <g class="map-cards">
                            <For each=cards key=|c| *c let:c>
                                <MapCard layout=layout index=c open=Callback::new(open) reveal=reveal/>
                            </For>
                        </g>
                        // Over the cards: they run between key result rows inside them.
                        <g class="map-links">
                            <For each=move || links.get() key=|k| *k let:k>
                                <MapLink layout=layout link=k/>
                            </For>
                        </g>
                    </Show>
                </g>
            </svg>
            <Show when=partial>
                <MapIndex open=Callback::new(open) show=show/>
            </Show>
        </section>
    }
}

/// The status colours with their names, so colour is never the only cue.
#[component]
fn Legend() -> impl IntoView {
    use okrpad_core::i18n::labels::Label;
    use okrpad_core::scoring::Status;
    let s = state();
    view! {
        <ul class="map-legend" aria-label=move || Ui::Legend.get(s.lang.get())>
            {[Status::OnTrack, Status::AtRisk, Status::OffTrack, Status::NotStarted].into_iter().map(|status| {
                let (fg, bg) = status_colors(status);
                view! {
                    <li><span class="swatch" style=format!("background:{bg};border-color:{fg}") aria-hidden="true"></span>
                        {move || s.tr(&status.label())}</li>
                }
            }).collect_view()}
            <li data-testid="legend-objective-line">
                <svg class="legend-line" viewBox="0 0 28 8" aria-hidden="true">
                    <line x1="0" y1="4" x2="28" y2="4" stroke=okrpad_core::map::svg::LINE stroke-width="2"></line>
                </svg>
                {move || s.text(Ui::MapObjectiveLine)}</li>
            <li data-testid="legend-kr-line">
                <svg class="legend-line" viewBox="0 0 28 8" aria-hidden="true">
                    <line x1="0" y1="4" x2="28" y2="4" stroke=LINK stroke-width="2" stroke-dasharray=LINK_DASH></line>
                </svg>
                {move || s.text(Ui::MapKeyResultLine)}</li>
        </ul>
    }
}

/// What a line says about itself, for tests and tools: whose it is and, when it
/// starts at a key result, which.
#[derive(Clone, PartialEq)]
struct EdgeInfo {
    child: String,
    parent: String,
    kr: Option<String>,
    markup: String,
}

#[component]
fn MapEdge(layout: Memo<Layout>, edge: usize) -> impl IntoView {
    let s = state();
    let info = Memo::new(move |_| {
        layout.with(|l| {
            let e = l.edges.get(edge)?;
            s.document.with(|d| {
                let id = |i: usize| d.objectives.get(i).map(|o| o.id.to_string()).unwrap_or_default();
                let kr = e.kr.and_then(|k| d.objectives.get(e.parent)?.key_results.get(k)).map(|k| k.id.to_string());
                Some(EdgeInfo { child: id(e.child), parent: id(e.parent), kr, markup: edge_svg(l, edge) })
            })
        })
    });
    let read = move |f: fn(&EdgeInfo) -> Option<String>| move || info.with(|i| i.as_ref().and_then(f));
    view! {
        <g class="map-edge" data-testid="map-edge" data-child=read(|i| Some(i.child.clone()))
            data-parent=read(|i| Some(i.parent.clone())) data-kr=read(|i| i.kr.clone())
            inner_html=move || info.with(|i| i.as_ref().map(|i| i.markup.clone()).unwrap_or_default())></g>
    }
}

/// A key result to key result line, marked with both ends' ids.
#[component]
fn MapLink(layout: Memo<Layout>, link: usize) -> impl IntoView {
    let s = state();
    let info = Memo::new(move |_| {
        layout.with(|l| {
            let k = l.links.get(link)?;
            s.document.with(|d| {
                let id = |o: usize, j: usize| d.objectives.get(o)?.key_results.get(j).map(|k| k.id.to_string());
                Some((id(k.from_card, k.from_kr), id(k.to_card, k.to_kr), link_svg(l, link)))
            })
        })
    });
    view! {
        <g class="map-link" data-testid="map-link"
            data-from=move || info.with(|i| i.as_ref().and_then(|i| i.0.clone()))
            data-to=move || info.with(|i| i.as_ref().and_then(|i| i.1.clone()))
            inner_html=move || info.with(|i| i.as_ref().map(|i| i.2.clone()).unwrap_or_default())></g>
    }
}

/// Sets the map's box to end [`BOTTOM_GAP`] above the window's bottom: the bars above
/// it take what they take (more on a phone or at projector zoom), and the box gets the
/// rest, so what Fit shows is on screen.
fn fit_window(svg: &web_sys::Element) {
    let Some(window) = web_sys::window() else { return };
    let Some(room) = window.inner_height().ok().and_then(|h| h.as_f64()) else { return };
    let scrolled = window.scroll_y().unwrap_or(0.0);
    let top = svg.get_bounding_client_rect().top() + scrolled;
    let height = (room - top - BOTTOM_GAP).max(MIN_HEIGHT);
    // Failing leaves the stylesheet's height, which still works.
    let _ = svg.set_attribute("style", &format!("height: {height:.0}px"));
}

/// Every objective as a button, for a map that does not have every card in the page:
/// hidden until it has focus, then shown over the map. Focusing one centres the map
/// on its card; Enter opens it in the editor.
#[component]
fn MapIndex(open: Callback<usize>, show: Callback<usize>) -> impl IntoView {
    let s = state();
    let names = Memo::new(move |_| {
        let lang = s.lang.get();
        s.document.with(|d| {
            s.scores.with(|sc| {
                d.objectives.iter().enumerate().map(|(i, o)| card_name(o, sc.objective(i), lang)).collect::<Vec<_>>()
            })
        })
    });
    view! {
        <ul class="map-index" data-testid="map-index" aria-label=move || Ui::AllObjectives.get(s.lang.get())>
            {move || names.get().into_iter().enumerate().map(|(i, name)| view! {
                <li><button type="button" data-testid="map-index-item" on:focus=move |_| show.run(i)
                    on:click=move |_| open.run(i)>{name}</button></li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn MapCard(layout: Memo<Layout>, index: usize, open: Callback<usize>, reveal: Callback<usize>) -> impl IntoView {
    let s = state();
    let content = move || {
        let lang = s.lang.get();
        layout.with(|l| {
            let card = l.cards.get(index)?;
            s.document.with(|d| {
                let o = d.objectives.get(index)?;
                s.scores.with(|sc| {
                    let krs = sc.key_results.get(index).map_or(&[][..], Vec::as_slice);
                    let score = sc.objective(index);
                    Some((o.id.to_string(), card_svg(o, score, krs, card, lang), card.orphan))
                })
            })
        })
    };
    let content = Memo::new(move |_| content());
    view! {
        <g class="map-card" role="button" tabindex="0" data-testid="map-card"
            data-objective-id=move || content.with(|c| c.as_ref().map(|c| c.0.clone()))
            data-orphan=move || content.with(|c| c.as_ref().and_then(|c| c.2).map(|o| o.as_str()))
            on:focus=move |_| reveal.run(index)
            on:click=move |_| open.run(index)
            on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); open.run(index); }
            inner_html=move || content.with(|c| c.as_ref().map(|c| c.1.clone()).unwrap_or_default())></g>
    }
}

/// The zoomed-out map: blocks in status colours, orphans outlined, straight lines.
#[component]
fn Overview(layout: Memo<Layout>) -> impl IntoView {
    let s = state();
    let paths = move || layout.with(|l| s.scores.with(|sc| overview(l, sc)));
    view! {
        <g class="map-overview" data-testid="map-overview">
            {move || {
                let (blocks, orphans, lines) = paths();
                view! {
                    <path d=lines fill="none" stroke="#8a94a6" stroke-width="1" vector-effect="non-scaling-stroke"/>
                    {blocks.into_iter().map(|(status, d)| {
                        let (fg, bg) = status_colors(status);
                        view! { <path d=d fill=bg stroke=fg stroke-width="1" vector-effect="non-scaling-stroke" data-status=status.as_str()/> }
                    }).collect_view()}
                    <path d=orphans fill="none" stroke="#b3261e" stroke-width="3" vector-effect="non-scaling-stroke"/>
                }
            }}
        </g>
    }
}
