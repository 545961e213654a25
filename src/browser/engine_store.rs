//! Where a live document's engine state is kept: IndexedDB, not local storage.
//!
//! The engine's state (a Yjs update, base64) is larger than the document it holds:
//! 7.7 MB of text for a 2,000-objective document whose JSON is 4.9 MB. Local storage
//! holds about 5 million characters per site, shared by every document, so keeping the
//! state there beside the document's own copy would leave no room for either. IndexedDB
//! has room, so the state lives in the database `okrpad`, store `live`, under the live
//! document's storage key (`okrpad.live.<id>.v1`); the small record in local storage
//! keeps the relay, the room and the count of waiting changes. Where IndexedDB cannot
//! be opened (some private modes), the caller keeps the state in the record as before.

use std::cell::{Cell, RefCell};

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "okrpad";
const STORE: &str = "live";

/// Resolves when `request` succeeds (with its result), rejects when it fails.
async fn finished(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.result()
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = js_sys::global()
        .dyn_into::<web_sys::Window>()?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("no IndexedDB"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1)?;
    // The first open creates the store.
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let database = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|d| d.dyn_into::<IdbDatabase>().ok());
        if let Some(database) = database
            && !database.object_store_names().contains(STORE)
        {
            let _ = database.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let database = finished(&request).await;
    request.set_onupgradeneeded(None);
    database?.dyn_into::<IdbDatabase>()
}

/// The engine state stored under `key`, `Ok(None)` if there is none, `Err` if the
/// database cannot be read.
pub async fn load(key: &str) -> Result<Option<String>, JsValue> {
    let database = open().await?;
    let store = database.transaction_with_str(STORE)?.object_store(STORE)?;
    let value = finished(&store.get(&JsValue::from_str(key))?).await?;
    database.close();
    Ok(value.as_string())
}

/// Stores `state` under `key`; done when the transaction has committed.
async fn save(key: &str, state: &str) -> Result<(), JsValue> {
    let database = open().await?;
    let transaction = database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    let committed = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject.clone()));
        transaction.set_onabort(Some(&reject));
    });
    transaction.object_store(STORE)?.put_with_key(&JsValue::from_str(state), &JsValue::from_str(key))?;
    let done = JsFuture::from(committed).await;
    database.close();
    done.map(|_| ())
}

/// A state to write, and what to do with it if the database refuses it.
type Write = (String, String, Box<dyn FnOnce(String)>);

thread_local! {
    /// The newest state not yet being written: a newer one replaces it.
    static NEXT: RefCell<Option<Write>> = const { RefCell::new(None) };
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// Stores `state` under `key`, after any write under way (writes never overtake each
/// other; a state superseded before its turn is skipped). If the database cannot take
/// it, `refused` gets the state back, to keep it elsewhere.
pub fn keep(key: String, state: String, refused: impl FnOnce(String) + 'static) {
    NEXT.with(|n| *n.borrow_mut() = Some((key, state, Box::new(refused))));
    if WRITING.with(|w| w.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        while let Some((key, state, refused)) = NEXT.with(|n| n.borrow_mut().take()) {
            if save(&key, &state).await.is_err() {
                refused(state);
            }
        }
        WRITING.with(|w| w.set(false));
    });
}

/// Forgets the state under `key` (the document left its room, or was deleted).
pub async fn remove(key: &str) {
    let Ok(database) = open().await else { return };
    if let Ok(store) =
        database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).and_then(|t| t.object_store(STORE))
        && let Ok(request) = store.delete(&JsValue::from_str(key))
    {
        let _ = finished(&request).await;
    }
    database.close();
}
