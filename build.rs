//! The browser app's Wasm is linked with its relocations kept (`--emit-relocs`): the
//! build (scripts/build-app.mjs) splits the linked module so that each meeting screen
//! is its own file, fetched when the screen is first opened, and the splitter needs the
//! relocations to move code between modules (DESIGN.md, "Size"). wasm-bindgen drops
//! them afterwards, so they never reach dist/. Only the app's own binary: the live
//! worker and the benchmark are not split.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=okrpad-app=--emit-relocs");
    }
}
