//! Files, downloads, the clipboard, fetches and the address bar: the browser half of
//! sync. Every function here returns what failed as a message in both languages;
//! nothing panics on what a user, a file, a server or a link hands in.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::app::Ui;
use okrpad_core::i18n::Text;

/// The largest file or fetched document read: a whole company's year is well under
/// 10 MB, and refusing more keeps a wrong file from freezing the tab.
pub const MAX_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// A file of `bytes` (or, when its size is not known, of more than [`MAX_BYTES`]) is refused.
fn too_large(bytes: Option<f64>) -> Text {
    match bytes {
        Some(bytes) => {
            let mb = bytes / 1024.0 / 1024.0;
            Text::new(
                format!("文件太大（{mb:.1} MB）：okrpad 最多读取 20 MB。"),
                format!("The file is too large ({mb:.1} MB): okrpad reads at most 20 MB."),
            )
        }
        None => Ui::TheFileIsTooLarge.both(),
    }
}

fn not_utf8() -> Text {
    Ui::FileNotUtf8.both()
}

/// The text of a file the user picked or dropped (UTF-8, a byte-order mark kept for
/// the codec to skip).
pub async fn read_file(file: &web_sys::File) -> Result<String, Text> {
    if file.size() > MAX_BYTES {
        return Err(too_large(Some(file.size())));
    }
    let unreadable = || Ui::ThisFileCouldNotBe.both();
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| unreadable())?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    String::from_utf8(bytes).map_err(|_| not_utf8())
}

/// Fetches `url` (an http(s) address, or one relative to the page) as text,
/// explaining each way it can fail: an address of another kind, the network or CORS,
/// an HTTP error status, a file too large. The body is read piece by piece and the
/// download stops as soon as it passes [`MAX_BYTES`], whether or not the server said
/// how long it is.
pub async fn fetch_text(url: &str) -> Result<String, Text> {
    okrpad_core::formats::import::check_address(url)?;
    let network = || {
        Text::new(
            format!("无法读取 {url}：网络不通，或该服务器不允许其他网站读取它（CORS）。可下载该文件后用“导入”打开。"),
            format!(
                "Could not load {url}: the network failed, or that server does not let other sites read it (CORS). Download the file and use Import instead."
            ),
        )
    };
    let window = web_sys::window().ok_or_else(network)?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| network())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| network())?;
    if !response.ok() {
        let status = response.status();
        return Err(match status {
            404 => Text::new(
                format!("找不到 {url}（HTTP 404）：请检查地址。"),
                format!("{url} was not found (HTTP 404): check the address."),
            ),
            _ => Text::new(
                format!("服务器拒绝提供 {url}（HTTP {status}）。"),
                format!("The server refused {url} (HTTP {status})."),
            ),
        });
    }
    let length = response.headers().get("content-length").ok().flatten().and_then(|l| l.parse::<f64>().ok());
    if let Some(length) = length.filter(|&l| l > MAX_BYTES) {
        // Stop the download too, not only the reading.
        if let Some(body) = response.body() {
            let _ = body.cancel();
        }
        return Err(too_large(Some(length)));
    }
    let bytes = match response.body() {
        Some(body) => read_capped(&body).await.map_err(|problem| problem.unwrap_or_else(network))?,
        None => Vec::new(),
    };
    let text = String::from_utf8(bytes).map_err(|_| not_utf8())?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text))
}

/// The bytes of `body`, read chunk by chunk; past [`MAX_BYTES`] the stream is cancelled
/// and the file refused as too large. `Err(None)` is a failure of the network.
async fn read_capped(body: &web_sys::ReadableStream) -> Result<Vec<u8>, Option<Text>> {
    let reader = web_sys::ReadableStreamDefaultReader::new(body).map_err(|_| None)?;
    let mut bytes = Vec::new();
    loop {
        let chunk: web_sys::ReadableStreamReadResult =
            JsFuture::from(reader.read()).await.map_err(|_| None)?.unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            return Ok(bytes);
        }
        let value = chunk.get_value();
        let Some(piece) = value.dyn_ref::<Uint8Array>() else { return Err(None) };
        if (bytes.len() + piece.length() as usize) as f64 > MAX_BYTES {
            // Stop the download; whether the browser acknowledges it does not matter.
            let _ = reader.cancel();
            return Err(Some(too_large(None)));
        }
        let start = bytes.len();
        bytes.resize(start + piece.length() as usize, 0);
        piece.copy_to(&mut bytes[start..]);
    }
}

/// Puts `text` on the clipboard. Resolves to `false` where the browser refuses (no
/// permission, an insecure page): the caller then leaves the text selected to copy.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    JsFuture::from(window.navigator().clipboard().write_text(text)).await.is_ok()
}

/// The page's address without fragment or query: the base of a share link.
pub fn page_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// The fragment of the address, with its `#`.
pub fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The value of query parameter `name` in the address.
pub fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Rewrites the address to the page itself, without query or fragment, and without
/// a history entry: a link that was opened (or refused) does not open again on reload.
pub fn clear_address() {
    let Some(window) = web_sys::window() else { return };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&page_base()));
    }
}
