//! The browser app's entry point: everything else lives in the library, so tests can
//! reach it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(okrpad::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("okrpad-app is the browser app: build it with `make dist` or serve it with `make serve`.");
    std::process::exit(2);
}
