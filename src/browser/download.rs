//! Saving a file from the page: text (SVG) as a download, and an SVG drawn onto a
//! canvas and saved as PNG. Browser-only; a failure is returned as a message, never a
//! panic.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::app::Ui;
use okrpad_core::i18n::Text;

fn failed() -> Text {
    Ui::TheBrowserCouldNotCreate.both()
}

/// Starts the download of `blob` as `name`.
fn save_blob(blob: &web_sys::Blob, name: &str) -> Result<(), Text> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| failed())?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| failed())?.dyn_into().map_err(|_| failed())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // Some browsers read the data after `click` returns: free it a little later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

fn blob_of(text: &str, mime: &str) -> Result<web_sys::Blob, Text> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| failed())
}

/// Downloads `text` as a file called `name`.
pub fn save_text(text: &str, mime: &str, name: &str) -> Result<(), Text> {
    save_blob(&blob_of(text, mime)?, name)
}

/// Draws `svg` (a standalone file of `width` × `height`) on a canvas and downloads it
/// as a PNG called `name`. The drawing finishes after this returns; `done` hears how it
/// went.
pub fn save_png(svg: &str, width: f64, height: f64, name: &str, done: impl Fn(Result<(), Text>) + 'static) {
    let done = std::rc::Rc::new(done);
    let result = (|| {
        let blob = blob_of(svg, "image/svg+xml;charset=utf-8")?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed())?;
        let image = web_sys::HtmlImageElement::new().map_err(|_| failed())?;
        let scale = okrpad_core::map::svg::raster_scale(width, height);
        let (name, source, done) = (name.to_owned(), url.clone(), done.clone());
        let on_error = {
            let done = done.clone();
            Closure::once_into_js(move || done(Err(failed())))
        };
        let drawn = image.clone();
        let on_load = Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&source);
            let outcome = (|| {
                let document = web_sys::window().and_then(|w| w.document()).ok_or_else(failed)?;
                let canvas: web_sys::HtmlCanvasElement =
                    document.create_element("canvas").map_err(|_| failed())?.dyn_into().map_err(|_| failed())?;
                let (w, h) = ((width * scale).ceil(), (height * scale).ceil());
                canvas.set_width(w as u32);
                canvas.set_height(h as u32);
                let context: web_sys::CanvasRenderingContext2d = canvas
                    .get_context("2d")
                    .map_err(|_| failed())?
                    .ok_or_else(failed)?
                    .dyn_into()
                    .map_err(|_| failed())?;
                context
                    .draw_image_with_html_image_element_and_dw_and_dh(&drawn, 0.0, 0.0, w, h)
                    .map_err(|_| failed())?;
                let finish = done.clone();
                let on_blob = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
                    finish(blob.ok_or_else(failed).and_then(|b| save_blob(&b, &name)));
                });
                canvas.to_blob(on_blob.unchecked_ref()).map_err(|_| failed())
            })();
            if let Err(e) = outcome {
                done(Err(e));
            }
        });
        image.set_onload(Some(on_load.unchecked_ref()));
        image.set_onerror(Some(on_error.unchecked_ref()));
        image.set_src(&url);
        Ok(())
    })();
    if let Err(e) = result {
        done(Err(e));
    }
}
