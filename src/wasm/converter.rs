//! `LinkConverter` for JavaScript: the settings are checked once, then a whole page's link
//! addresses cross in one string and their tracked links come back in one string.

use wasm_bindgen::prelude::*;

use crate::links::Platform;
use crate::{Error, LinkConverter};

/// Checked link-conversion settings (see the Rust [`LinkConverter`]).
#[wasm_bindgen(js_name = LinkConverter)]
pub struct WasmLinkConverter {
    inner: Result<LinkConverter, Error>,
    platform: Platform,
}

#[wasm_bindgen(js_class = LinkConverter)]
impl WasmLinkConverter {
    /// Checks the settings: `names[i]` (without `data-`) pairs with `values[i]`. Never
    /// throws: a refusal is read with `errorCode()` and `errorMessage()`.
    #[wasm_bindgen(constructor)]
    pub fn new(names: Vec<String>, values: Vec<String>) -> WasmLinkConverter {
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .map(String::as_str)
            .zip(values.iter().map(String::as_str))
            .collect();
        WasmLinkConverter {
            inner: LinkConverter::new(&pairs),
            platform: Platform::Pc,
        }
    }

    /// The visitor's platform for Alibaba.com templates: `pc` (the default), `wap` or `app`.
    /// Returns false, changing nothing, for any other name.
    #[wasm_bindgen(js_name = setPlatform)]
    pub fn set_platform(&mut self, name: &str) -> bool {
        // A plain match: `Platform::parse` would bring its message into the blog's module.
        self.platform = match name {
            "pc" => Platform::Pc,
            "wap" => Platform::Wap,
            "app" => Platform::App,
            _ => return false,
        };
        true
    }

    /// The code of the settings' refusal, or `""` when they are usable.
    #[wasm_bindgen(js_name = errorCode)]
    pub fn error_code(&self) -> String {
        self.inner
            .as_ref()
            .err()
            .map_or(String::new(), |e| e.code().as_str().to_owned())
    }

    /// The message of the settings' refusal, or `""`.
    #[wasm_bindgen(js_name = errorMessage)]
    pub fn error_message(&self) -> String {
        self.inner
            .as_ref()
            .err()
            .map_or(String::new(), |e| e.message().to_owned())
    }

    /// Warnings, one `code<TAB>message` per entry.
    pub fn warnings(&self) -> Vec<String> {
        self.inner.as_ref().map_or(Vec::new(), |c| {
            c.warnings()
                .iter()
                .map(|w| format!("{}\t{}", w.code(), w.message()))
                .collect()
        })
    }

    /// Whether links are to be converted.
    pub fn enabled(&self) -> bool {
        self.inner.as_ref().is_ok_and(LinkConverter::enabled)
    }

    /// The disclosure text, or `""`.
    pub fn disclosure(&self) -> String {
        self.inner
            .as_ref()
            .ok()
            .and_then(LinkConverter::disclosure)
            .unwrap_or("")
            .to_owned()
    }

    /// Converts link addresses, one per line: returns one line per input line, the tracked
    /// link or `""` for a link that stays as it is. Not in the conversion-only build, whose
    /// callers (the script tag) send UTF-8 bytes to [`convert_utf8`](Self::convert_utf8).
    #[cfg(feature = "tools")]
    pub fn convert(&self, hrefs: &str) -> String {
        self.convert_utf8(hrefs.as_bytes())
    }

    /// [`convert`](Self::convert) for addresses already encoded as UTF-8 (`TextEncoder`):
    /// the bytes are copied into WebAssembly memory in one native call, where a string is
    /// copied by a JavaScript loop over its characters (about 3 ms for a page's 1,000 links
    /// before the engine optimises the loop). A line that is not UTF-8 (`TextEncoder` never
    /// makes one) stays as it is.
    #[wasm_bindgen(js_name = convertUtf8)]
    pub fn convert_utf8(&self, hrefs: &[u8]) -> String {
        let mut out = String::with_capacity(hrefs.len() * 2);
        for (i, line) in hrefs.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if let (Ok(converter), Ok(href)) = (&self.inner, core::str::from_utf8(line)) {
                if let Ok(link) = converter.convert_for(href, self.platform) {
                    out.push_str(&link);
                }
            }
        }
        out
    }

    /// Why each link stays as it is, one code per input line (`""` for a converted link).
    /// Not in the conversion-only build (the script tag does not ask).
    #[cfg(feature = "tools")]
    pub fn reasons(&self, hrefs: &str) -> String {
        let mut out = String::new();
        for (i, href) in hrefs.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match &self.inner {
                Ok(c) => {
                    if let Err(e) = c.convert_for(href, self.platform) {
                        out.push_str(e.code().as_str());
                    }
                }
                Err(e) => out.push_str(e.code().as_str()),
            }
        }
        out
    }
}
