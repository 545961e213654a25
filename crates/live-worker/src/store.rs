//! Where the worker keeps its engine state between sessions: IndexedDB, database
//! `okrpad`, object store `live`, one record per live document under the document's
//! storage key (`okrpad.live.<id>.v1`): `{state: Uint8Array, pending: number}`.
//!
//! Why here and not in the page's local storage: the state is larger than the document
//! (5.8 MB of bytes, 7.7 MB as base64 text, for a 2,000-objective document of 4.9 MB),
//! and local storage holds about 5 million characters for the whole site, beside the
//! documents themselves. And the worker writes it where it is made: the page is never
//! handed megabytes of text to pass on, so storing never slows the editor.

use std::cell::{Cell, RefCell};

use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode, WorkerGlobalScope};

const DATABASE: &str = "okrpad";
const STORE: &str = "live";

/// Resolves when `request` succeeds, with its result.
async fn finished(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.result()
}

/// Resolves when `transaction` has committed.
async fn committed(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject.clone()));
        transaction.set_onabort(Some(&reject));
    });
    JsFuture::from(promise).await.map(|_| ())
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = js_sys::global()
        .unchecked_into::<WorkerGlobalScope>()
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

/// The state stored under `key` and its count of waiting changes, if any. Then every
/// state whose key is not in `live_keys` is deleted (its document is no longer live).
pub async fn load(key: &str, live_keys: &[String]) -> Option<(Vec<u8>, u32)> {
    let database = open().await.ok()?;
    let read = async {
        let store = database.transaction_with_str(STORE).ok()?.object_store(STORE).ok()?;
        let value = finished(&store.get(&JsValue::from_str(key)).ok()?).await.ok()?;
        let state = Reflect::get(&value, &"state".into()).ok()?.dyn_into::<Uint8Array>().ok()?.to_vec();
        let pending = Reflect::get(&value, &"pending".into()).ok()?.as_f64().unwrap_or(0.0) as u32;
        Some((state, pending))
    };
    let found = read.await;
    if let Ok(transaction) = database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        && let Ok(store) = transaction.object_store(STORE)
        && let Ok(request) = store.get_all_keys()
        && let Ok(keys) = finished(&request).await
    {
        for stored in js_sys::Array::from(&keys).iter() {
            if stored.as_string().is_some_and(|k| k != key && !live_keys.contains(&k)) {
                let _ = store.delete(&stored);
            }
        }
        let _ = committed(&transaction).await;
    }
    database.close();
    found
}

async fn save(key: &str, state: &[u8], pending: u32) -> Result<(), JsValue> {
    let database = open().await?;
    let transaction = database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    let record = Object::new();
    Reflect::set(&record, &"state".into(), &Uint8Array::from(state))?;
    Reflect::set(&record, &"pending".into(), &pending.into())?;
    transaction.object_store(STORE)?.put_with_key(&record, &JsValue::from_str(key))?;
    let done = committed(&transaction).await;
    database.close();
    done
}

async fn delete(key: &str) -> Result<(), JsValue> {
    let database = open().await?;
    let transaction = database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    transaction.object_store(STORE)?.delete(&JsValue::from_str(key))?;
    let done = committed(&transaction).await;
    database.close();
    done
}

/// What to do next under a key: write a state (and then tell whether the database took
/// it), or delete what is there.
enum Write {
    State { key: String, state: Vec<u8>, pending: u32, then: Box<dyn FnOnce(bool)> },
    Delete { key: String },
}

thread_local! {
    /// The newest write not yet under way: a newer one replaces it.
    static NEXT: RefCell<Option<Write>> = const { RefCell::new(None) };
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write` after any write under way: writes never overtake each other, and one
/// superseded before its turn is skipped.
fn queue(write: Write) {
    NEXT.with(|n| *n.borrow_mut() = Some(write));
    if WRITING.with(|w| w.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        while let Some(write) = NEXT.with(|n| n.borrow_mut().take()) {
            match write {
                Write::State { key, state, pending, then } => then(save(&key, &state, pending).await.is_ok()),
                Write::Delete { key } => {
                    let _ = delete(&key).await;
                }
            }
        }
        WRITING.with(|w| w.set(false));
    });
}

/// Stores `state` under `key` (after any write under way); `then` learns whether the
/// database took it.
pub fn keep(key: String, state: Vec<u8>, pending: u32, then: impl FnOnce(bool) + 'static) {
    queue(Write::State { key, state, pending, then: Box::new(then) });
}

/// Deletes the state under `key`, after any write under way.
pub fn forget(key: String) {
    queue(Write::Delete { key });
}
