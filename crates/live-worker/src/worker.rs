//! The worker's event loop: page messages, socket events and timers, all on the one
//! thread a worker has, so the state lives in a thread-local.

use std::cell::RefCell;

use okrpad_core::live::link::RoomUrl;
use okrpad_core::live::{self, FromWorker, Presence, ToWorker};
use okrpad_live::session::{Out, Session};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, DedicatedWorkerGlobalScope, MessageEvent, WebSocket};

/// Presence is renewed this often (the relay's other clients forget it after 30 s).
const PRESENCE_MS: i32 = 10_000;
/// The state is stored this long after the last change (a burst of typing, once).
const STORE_MS: i32 = 300;

struct Worker {
    session: Session,
    address: String,
    /// Where the state is stored ([`crate::store`]).
    key: String,
    socket: Option<WebSocket>,
    store_timer: Option<i32>,
    left: bool,
    /// Started from the page's address before the app asked ([`ToWorker::Prepare`]):
    /// what the page is told waits in `held` until the app joins.
    prepared: bool,
    held: Vec<FromWorker>,
}

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    /// Messages that arrived while the stored state was being read: handled once the
    /// session exists (an edit must not be dropped for arriving early).
    static EARLY: RefCell<Option<Vec<ToWorker>>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Posts a message to the page: a document as its header and its text as UTF-8 bytes,
/// whose buffer is handed over rather than copied (`okrpad_core::live`, "How a message
/// travels"), anything else as one JSON text.
fn post(message: &FromWorker) {
    match live::parts(message) {
        Some((header, document)) => {
            let bytes = js_sys::Uint8Array::from(document.as_bytes());
            let message = js_sys::Array::of2(&JsValue::from_str(&header), &bytes);
            let _ = scope().post_message_with_transfer(&message, &js_sys::Array::of1(&bytes.buffer()));
        }
        None => {
            let _ = scope().post_message(&JsValue::from_str(&live::write(message)));
        }
    }
}

/// Tells the page, or holds the message while the session is only prepared: until the
/// app joins, it may not listen yet. Of each kind but errors only the latest is held:
/// a room that changes while a name is being asked would otherwise pile up a copy of
/// the whole document per change.
fn tell(message: &FromWorker) {
    let hold = |w: &mut Worker| {
        if !matches!(message, FromWorker::Error { .. }) {
            let kind = std::mem::discriminant(message);
            w.held.retain(|held| std::mem::discriminant(held) != kind);
        }
        w.held.push(message.clone());
    };
    let held = with(|w| w.prepared.then(|| hold(w))).flatten().is_some();
    if !held {
        post(message);
    }
}

fn after(ms: i32, run: impl FnOnce() + 'static) -> Option<i32> {
    let callback = Closure::once_into_js(run);
    scope().set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms).ok()
}

/// Listens to the page. What the page posted while this Wasm compiled, the worker's
/// loader (web/okrpad-live-worker_loader.js) held, and hands over once this returns.
pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        if let Some(message) = event.data().as_string().and_then(|text| live::read::<ToWorker>(&text)) {
            handle(message);
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    renew_presence();
}

fn handle(message: ToWorker) {
    let early = EARLY.with(|e| match e.borrow_mut().as_mut() {
        Some(queue) if !matches!(message, ToWorker::Join { .. }) => {
            queue.push(message.clone());
            true
        }
        _ => false,
    });
    if early {
        return;
    }
    match message {
        ToWorker::Prepare { link } => prepare(&link),
        ToWorker::Join { relay, room, key, state, pending, document, seed, live_keys, me } => {
            // The link being opened that this worker already started on: taken over.
            let address = RoomUrl { relay, room }.websocket();
            let opening_link = state.is_empty() && document.is_none() && !seed;
            match with(|w| w.prepared.then(|| w.address == address)).flatten() {
                Some(true) if opening_link => return adopt(key, me),
                Some(_) => end_prepared(),
                None => {}
            }
            EARLY.with(|e| *e.borrow_mut() = Some(Vec::new()));
            wasm_bindgen_futures::spawn_local(async move {
                // A state the page kept (where the database refused it) comes with the
                // message; otherwise it is read from the database. A new room (a seed)
                // starts from none, whatever an earlier room of this document left, and
                // so does a link being opened (no document): its document is new, so
                // nothing is stored for it, and the database's first open can take a
                // few hundred milliseconds. States of documents no longer live are then
                // deleted at the next session that reads.
                let stored = match Session::decode_state(&state) {
                    _ if seed || document.is_none() => None,
                    Ok(bytes) if !bytes.is_empty() => Some((bytes, pending)),
                    _ => crate::store::load(&key, &live_keys).await,
                };
                // Without a state the page's copy is a placeholder, unless it seeds the room.
                let document = document.filter(|_| seed || stored.is_some());
                let (state, pending) = stored.unwrap_or_default();
                join(address, key, &state, pending, document.as_deref(), me);
                for message in EARLY.with(|e| e.borrow_mut().take()).unwrap_or_default() {
                    handle(message);
                }
            });
        }
        ToWorker::Local { seq, base, document } => {
            if let Some(result) = with(|w| w.session.local(seq, &base, &document)) {
                match result {
                    Ok(out) => deliver(out),
                    Err(error) => post(&FromWorker::error(error.message())),
                }
            }
        }
        ToWorker::Undo => deliver_with(|w| w.session.undo(false)),
        ToWorker::Redo => deliver_with(|w| w.session.undo(true)),
        ToWorker::Editing { objective } => deliver_with(|w| w.session.editing(objective)),
        ToWorker::Rename { name } => deliver_with(|w| w.session.rename(name)),
        ToWorker::Leave => {
            with(|w| {
                w.left = true;
                if let Some(socket) = w.socket.take() {
                    if let Some(frame) = w.session.leave() {
                        let _ = socket.send_with_u8_array(&frame);
                    }
                    let _ = socket.close();
                }
            });
            store_now();
        }
        ToWorker::Forget => {
            // Nothing is stored for this document from now on.
            if let Some(key) = with(|w| {
                w.left = true;
                if let Some(timer) = w.store_timer.take() {
                    scope().clear_timeout_with_handle(timer);
                }
                std::mem::take(&mut w.key)
            }) {
                crate::store::forget(key);
            }
        }
    }
}

/// Starts on the room in the page's address ([`ToWorker::Prepare`]), if it is one and
/// nothing else has started.
fn prepare(link: &str) {
    let Ok(url) = RoomUrl::parse(link) else { return };
    if WORKER.with(|w| w.borrow().is_some()) || EARLY.with(|e| e.borrow().is_some()) {
        return;
    }
    let worker = Worker::new(Session::prepare(now), url.websocket(), String::new());
    WORKER.with(|w| *w.borrow_mut() = Some(Worker { prepared: true, ..worker }));
    connect();
}

/// The app joins the room this worker started on: it gets what was held for it, the
/// room this person, and the state a place to be stored.
fn adopt(key: String, me: Presence) {
    let Some((held, out)) = with(|w| {
        w.key = key;
        w.prepared = false;
        (std::mem::take(&mut w.held), w.session.introduce(me))
    }) else {
        return;
    };
    for message in &held {
        post(message);
    }
    deliver(out);
    store_now();
}

/// Ends a start the app did not ask for (it joined another way): its connection closes
/// unheard, its store timer (which would store the session that replaces it) is cleared,
/// and nothing of it was stored or told.
fn end_prepared() {
    let Some(worker) = WORKER.with(|w| w.borrow_mut().take()) else { return };
    if let Some(timer) = worker.store_timer {
        scope().clear_timeout_with_handle(timer);
    }
    if let Some(socket) = worker.socket {
        socket.set_onmessage(None);
        socket.set_onclose(None);
        let _ = socket.close();
    }
}

impl Worker {
    fn new(session: Session, address: String, key: String) -> Worker {
        Worker {
            session,
            address,
            key,
            socket: None,
            store_timer: None,
            left: false,
            prepared: false,
            held: Vec::new(),
        }
    }
}

fn join(address: String, key: String, state: &[u8], pending: u32, document: Option<&str>, me: Presence) {
    match Session::join(state, pending, document, me, now) {
        Ok((session, out)) => {
            WORKER.with(|w| *w.borrow_mut() = Some(Worker::new(session, address, key)));
            deliver(out);
            // Connecting first: the relay prepares its answer while the database opens
            // (its first open in a browser profile takes a few hundred milliseconds).
            connect();
            // The state as joined, stored at once: a reload before the first change
            // must not seed the room a second time.
            store_now();
        }
        Err(error) => post(&FromWorker::error(error.message())),
    }
}

/// Stores the engine's state, and tells the page: an empty state when the database
/// holds it, the state itself where the database refused it (the page keeps it then).
fn store_now() {
    let Some((key, state, pending)) =
        with(|w| (!w.key.is_empty()).then(|| (w.key.clone(), w.session.encode_state(), w.session.pending()))).flatten()
    else {
        return;
    };
    crate::store::keep(key, state, pending, move |stored| {
        if stored {
            post(&FromWorker::State { state: String::new(), pending });
        } else {
            with(|w| post(&w.session.stored_state()));
        }
    });
}

fn with<T>(run: impl FnOnce(&mut Worker) -> T) -> Option<T> {
    WORKER.with(|w| w.borrow_mut().as_mut().map(run))
}

fn deliver_with(run: impl FnOnce(&mut Worker) -> Out) {
    if let Some(out) = with(run) {
        deliver(out);
    }
}

/// Sends a step's frames to the relay and messages to the page; schedules storing.
fn deliver(out: Out) {
    with(|w| {
        if let Some(socket) = &w.socket
            && socket.ready_state() == WebSocket::OPEN
        {
            for frame in &out.frames {
                let _ = socket.send_with_u8_array(frame);
            }
        }
        if out.changed {
            if let Some(timer) = w.store_timer.take() {
                scope().clear_timeout_with_handle(timer);
            }
            w.store_timer = after(STORE_MS, || {
                with(|w| w.store_timer = None);
                store_now();
            });
        }
    });
    for message in &out.messages {
        tell(message);
    }
}

fn connect() {
    let Some(address) = with(|w| (!w.left).then(|| w.address.clone())).flatten() else { return };
    let socket = match WebSocket::new(&address) {
        Ok(socket) => socket,
        Err(_) => {
            tell(&FromWorker::error(okrpad_core::i18n::Text::new(
                format!("无法连接中继服务器 {address}"),
                format!("cannot open a connection to the relay {address}"),
            )));
            return;
        }
    };
    socket.set_binary_type(BinaryType::Arraybuffer);
    let opened = socket.clone();
    let on_open = Closure::once_into_js(move || {
        deliver_with(|w| w.session.opened());
        with(|w| {
            if let Some(frame) = w.session.presence_frame() {
                let _ = opened.send_with_u8_array(&frame);
            }
        });
    });
    socket.set_onopen(Some(on_open.unchecked_ref()));
    let on_frame = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Ok(buffer) = event.data().dyn_into::<js_sys::ArrayBuffer>() else { return };
        // The size is checked before the bytes are copied into the Wasm memory, which
        // never shrinks: a hostile 100 MB message costs the browser's copy only.
        let received = with(|w| {
            w.session.check_size(buffer.byte_length() as usize)?;
            w.session.frame(&js_sys::Uint8Array::new(&buffer).to_vec())
        });
        match received {
            Some(Ok(out)) => deliver(out),
            Some(Err(error)) => {
                tell(&FromWorker::error(error.message()));
                // What arrived is refused; reconnecting starts a clean sync.
                with(|w| {
                    if let Some(socket) = &w.socket {
                        let _ = socket.close();
                    }
                });
            }
            None => {}
        }
    });
    socket.set_onmessage(Some(on_frame.as_ref().unchecked_ref()));
    on_frame.forget();
    let closed = socket.clone();
    let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let current = with(|w| w.socket.as_ref().is_some_and(|s| s == &closed)).unwrap_or(false);
        if !current {
            return;
        }
        let closed = with(|w| {
            w.socket = None;
            w.session.closed()
        });
        if let Some((out, pause)) = closed {
            deliver(out);
            after(pause as i32, connect);
        }
    });
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    on_close.forget();
    with(|w| w.socket = Some(socket));
}

fn renew_presence() {
    with(|w| {
        if let (Some(socket), Some(frame)) = (w.socket.clone(), w.session.renew_presence())
            && socket.ready_state() == WebSocket::OPEN
        {
            let _ = socket.send_with_u8_array(&frame);
        }
    });
    after(PRESENCE_MS, renew_presence);
}
