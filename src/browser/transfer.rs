//! Files, downloads, the clipboard, fetches and the address bar: the browser half of
//! sync. Every function here returns what failed as a message in both languages;
//! nothing panics on what a user, a file, a server or a link hands in.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use okrpad_core::i18n::Text;

/// The largest file or fetched document read: a whole company's year is well under
/// 10 MB, and refusing more keeps a wrong file from freezing the tab.
pub const MAX_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

fn too_large(bytes: f64) -> Text {
    let mb = bytes / 1024.0 / 1024.0;
    Text::new(
        format!("文件太大（{mb:.1} MB）：okrpad 最多读取 20 MB。"),
        format!("The file is too large ({mb:.1} MB): okrpad reads at most 20 MB."),
    )
}

/// The text of a file the user picked or dropped (UTF-8, a byte-order mark kept for
/// the codec to skip).
pub async fn read_file(file: &web_sys::File) -> Result<String, Text> {
    if file.size() > MAX_BYTES {
        return Err(too_large(file.size()));
    }
    let unreadable = || Text::new("无法读取这个文件。", "This file could not be read.");
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| unreadable())?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    String::from_utf8(bytes).map_err(|_| {
        Text::new(
            "这个文件不是 UTF-8 文本：请导出为 .okr.json 或 UTF-8 编码的 CSV。",
            "This file is not UTF-8 text: export it as .okr.json or as UTF-8 CSV.",
        )
    })
}

/// Fetches `url` (absolute, or relative to the page) as text, explaining each way it
/// can fail: the network or CORS, an HTTP error status, a file too large.
pub async fn fetch_text(url: &str) -> Result<String, Text> {
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
        return Err(too_large(length));
    }
    let text = response.text().map_err(|_| network())?;
    let text = JsFuture::from(text).await.map_err(|_| network())?;
    let text = text.as_string().ok_or_else(network)?;
    if text.len() as f64 > MAX_BYTES {
        return Err(too_large(text.len() as f64));
    }
    Ok(text)
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
