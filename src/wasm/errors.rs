//! Refusals thrown from Rust as JavaScript errors (js-sys).
//!
//! The package registers its `AfflinkError` class once, right after loading the module
//! (`setErrorClass` in `js/init.js`); every refusal of the full build is then thrown as
//! `new AfflinkError(code, message)`, so `instanceof AfflinkError` holds and `code` and
//! `message` are the core's. Without a registered class (the wasm-bindgen tests) it is a
//! plain `Error` with a `code` property.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

thread_local! {
    static ERROR_CLASS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Registers the class refusals are thrown as: called as `new class(code, message)`.
#[wasm_bindgen(js_name = setErrorClass)]
pub fn set_error_class(class: js_sys::Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// The JavaScript error for a code and a message.
pub fn error_value(code: &str, message: &str) -> JsValue {
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        let args = js_sys::Array::of2(&JsValue::from_str(code), &JsValue::from_str(message));
        if let Ok(error) = js_sys::Reflect::construct(&class, &args) {
            return error;
        }
    }
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh `Error` cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

/// The JavaScript error for a refusal of the core.
pub fn thrown(e: &crate::Error) -> JsValue {
    error_value(e.code().as_str(), e.message())
}

/// `invalid_argument`, for what the package's JavaScript checks already rule out (a batch
/// whose lengths do not add up, a value that cannot be read).
pub fn invalid_argument(message: &str) -> JsValue {
    error_value(crate::Code::InvalidArgument.as_str(), message)
}
