//! The Wasm half of the core benchmark (`make bench`): times the same steps as
//! `benches/core.rs` ([`okrpad_bench::core_times`]) inside the browser.
//!
//! Built for wasm32 and bound with `wasm-bindgen --target web` into target/bench/, so
//! it never ships in dist/. The page sets `globalThis.okrpadBench = { json, runs,
//! today }` before loading it; `main` runs on load and leaves its figures (JSON text)
//! in `globalThis.okrpadBenchResult`, or `{"error": …}`.

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    let global = js_sys::global();
    let get = |target: &JsValue, key: &str| Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let input = get(&global, "okrpadBench");
    let json = get(&input, "json").as_string().unwrap_or_default();
    let runs = get(&input, "runs").as_f64().unwrap_or(1.0).max(1.0) as usize;
    let today = get(&input, "today").as_string().and_then(|t| t.parse().ok());
    let performance = get(&global, "performance");
    let now = get(&performance, "now").dyn_into::<Function>().ok();
    let clock = || now.as_ref().and_then(|f| f.call0(&performance).ok()).and_then(|v| v.as_f64()).unwrap_or(0.0);

    let result = match today {
        None => Err("okrpadBench.today is not a date".to_owned()),
        Some(today) => okrpad_bench::core_times(&json, today, runs, &clock),
    };
    let text = match result {
        Ok(times) => serde_json::to_string(&times).unwrap_or_default(),
        Err(error) => serde_json::json!({ "error": error }).to_string(),
    };
    // Nowhere to report a failure to store the result: the page then times out.
    let _ = Reflect::set(&global, &JsValue::from_str("okrpadBenchResult"), &JsValue::from_str(&text));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("okrpad-bench-core runs in the browser: `make bench` builds it for wasm32 and runs it.");
    std::process::exit(2);
}
