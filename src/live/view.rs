//! What live editing shows: the live bar (connection, people, the link, leave), the
//! Go-live dialog, the name dialog of a room link, and the marker on a card someone
//! else is editing.

use leptos::prelude::*;
use okrpad_core::i18n::Lang;
use okrpad_core::live::Connection;

use crate::app::{Ui, state};
use crate::browser::{live as adapter, persist, transfer};
use crate::widgets::dialog::Dialog;

fn connection_word(connection: Connection) -> Ui {
    match connection {
        Connection::Connecting => Ui::LiveConnecting,
        Connection::Connected => Ui::LiveConnected,
        Connection::Reconnecting => Ui::LiveReconnecting,
        Connection::Offline => Ui::LiveOffline,
    }
}

fn waiting(lang: Lang, pending: u32) -> String {
    match lang {
        Lang::Zh => format!("{pending} 项更改待同步"),
        Lang::En if pending == 1 => "1 change waiting".to_owned(),
        Lang::En => format!("{pending} changes waiting"),
    }
}

/// The live bar in the top bar, while the open document is live.
#[component]
pub fn LiveBar() -> impl IntoView {
    let s = state();
    view! {
        {move || s.live.session.get().map(|session| {
            let lang = s.lang.get();
            let mut status = connection_word(session.connection).get(lang).to_owned();
            if session.pending > 0 {
                status = format!("{status} · {}", waiting(lang, session.pending));
            }
            let state_name = match session.connection {
                Connection::Connecting => "connecting",
                Connection::Connected => "connected",
                Connection::Reconnecting => "reconnecting",
                Connection::Offline => "offline",
            };
            let link = session.link.clone();
            let copy = move |_| {
                let link = link.clone();
                leptos::task::spawn_local(async move {
                    if !transfer::copy(&link).await {
                        s.toast.set(Some(Ui::CopyRefused));
                    }
                });
            };
            view! {
                <div class="live-bar" role="group" aria-label=s.text(Ui::LiveStatus) data-testid="live-bar">
                    <span class="live-badge">{s.text(Ui::LiveBadge)}</span>
                    <span class="live-connection" role="status" data-testid="live-connection"
                        data-state=state_name data-pending=session.pending.to_string()>{status}</span>
                    <ul class="live-peers" aria-label=s.text(Ui::PeopleHere) data-testid="live-peers">
                        {session.peers.iter().map(|peer| {
                            let colour = format!("--peer: {}", peer.presence.color);
                            if peer.me {
                                // One's own name is a button: click to change it.
                                let name = format!("{} {}", peer.presence.name, s.text(Ui::You));
                                view! {
                                    <li class="live-peer" data-testid="live-peer" data-me="true" style=colour>
                                        <button type="button" class="live-rename" data-testid="live-rename"
                                            title=s.text(Ui::ChangeMyName)
                                            on:click=move |_| s.live.ask_name.set(true)>{name}</button>
                                    </li>
                                }.into_any()
                            } else {
                                view! {
                                    <li class="live-peer" data-testid="live-peer" data-me="false" style=colour>
                                        {peer.presence.name.clone()}
                                    </li>
                                }.into_any()
                            }
                        }).collect_view()}
                    </ul>
                    <button type="button" data-testid="live-copy-link" on:click=copy>
                        {s.text(Ui::CopyLink)}
                    </button>
                    <button type="button" data-testid="live-leave" on:click=move |_| super::leave(s)>{s.text(Ui::LeaveRoom)}</button>
                    <input type="text" readonly class="live-link" data-testid="live-link" aria-label=s.text(Ui::RoomLink)
                        prop:value=session.link.clone()/>
                    {session.error.map(|error| view! { <p class="live-error" role="alert" data-testid="live-error">{s.tr(&error)}</p> })}
                </div>
            }
        })}
    }
}

/// Go live: the relay's address (the site's default from `okrpad.config.json`), the
/// warning that the relay sees the document, then the link to share.
#[component]
pub fn GoLiveDialog() -> impl IntoView {
    let s = state();
    let relay = RwSignal::new(String::new());
    let name = RwSignal::new(persist::load_me());
    let link = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<okrpad_core::i18n::Text>);
    leptos::task::spawn_local(async move {
        if let Some(default) = adapter::default_relay().await
            && relay.get_untracked().is_empty()
        {
            relay.set(default);
        }
    });
    let close = Callback::new(move |()| s.live.go_live_open.set(false));
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = relay.get_untracked();
        if address.trim().is_empty() {
            error.set(Some(Ui::RelayNeeded.both()));
            return;
        }
        let given = name.get_untracked();
        if !given.trim().is_empty() {
            persist::save_me(&given);
        }
        match super::go_live(s, &address) {
            Ok(made) => {
                error.set(None);
                link.set(Some(made));
            }
            Err(problem) => error.set(Some(problem)),
        }
    };
    view! {
        <Dialog title=Signal::derive(move || s.text(Ui::GoLiveTitle).to_owned()) testid="go-live-dialog" close=close>
            <p class="live-warning" data-testid="relay-warning">{move || s.text(Ui::RelayWarning)}</p>
            <Show when=move || link.with(Option::is_none)>
                <form class="live-form" on:submit=create>
                    <label>
                        {move || s.text(Ui::RelayAddress)}
                        <input type="url" data-testid="relay-address" autofocus placeholder="wss://relay.example.com"
                            prop:value=move || relay.get()
                            on:input=move |ev| relay.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        {move || s.text(Ui::YourNameForRoom)}
                        <input type="text" data-testid="live-your-name" autocomplete="name"
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <div class="form-buttons">
                        <button type="submit" data-testid="create-room">{move || s.text(Ui::CreateRoom)}</button>
                        <button type="button" on:click=move |_| close.run(())>{move || s.text(Ui::Cancel)}</button>
                    </div>
                </form>
            </Show>
            {move || error.get().map(|e| view! { <p role="alert" class="live-error">{s.tr(&e)}</p> })}
            {move || link.get().map(|made| view! {
                <p>{s.text(Ui::ShareRoomLink)}</p>
                <input type="text" readonly class="live-link" data-testid="room-link" aria-label=s.text(Ui::RoomLink)
                    prop:value=made autofocus/>
                <div class="form-buttons">
                    <button type="button" on:click=move |_| close.run(())>{s.text(Ui::Close)}</button>
                </div>
            })}
        </Dialog>
    }
}

/// The name asked once, when a room link is opened by someone who has none yet.
#[component]
pub fn NameDialog() -> impl IntoView {
    let s = state();
    let name = RwSignal::new(persist::load_me());
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = name.get_untracked();
        if !given.trim().is_empty() {
            super::name_given(s, Some(&given));
        }
    };
    // Renaming in a room, or the name a room link asks for first.
    let renaming = s.live.session.with_untracked(Option::is_some);
    let title = move || s.text(if renaming { Ui::ChangeMyName } else { Ui::GoLiveTitle }).to_owned();
    let button = if renaming { Ui::Save } else { Ui::JoinRoom };
    view! {
        // Closing it (Escape) joins as a guest, asked again next time.
        <Dialog title=Signal::derive(title) testid="live-name-dialog"
            close=Callback::new(move |()| super::name_given(s, None))>
            <form class="live-form" on:submit=join>
                <label>
                    {move || s.text(Ui::YourNameForRoom)}
                    <input type="text" data-testid="live-name" autofocus required
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <div class="form-buttons">
                    <button type="submit" data-testid="live-join">{move || s.text(button)}</button>
                </div>
            </form>
        </Dialog>
    }
}

/// Who else is editing objective `id`: a name in that person's colour on the card.
#[component]
pub fn EditingMarker(id: String) -> impl IntoView {
    let s = state();
    view! {
        {move || s.live.editing(&id).into_iter().map(|peer| view! {
            <span class="live-marker" data-testid="live-marker" style=format!("--peer: {}", peer.presence.color)>
                {format!("{} {}", peer.presence.name, s.text(Ui::IsEditing))}
            </span>
        }).collect_view()}
    }
}
