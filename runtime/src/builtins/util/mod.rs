//! util's native side: what only the engine can tell about a value.

use rquickjs_sys::{JSContext, JSValue, JS_IsProxy, JS_UNDEFINED};
use unicode_width::UnicodeWidthChar;

use super::args::{arg, native_fn, set_fns};
use crate::engine::Options;

/// `binding.isProxy(value)`: util.types.isProxy.
unsafe fn is_proxy(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    napi_host::qjs::boolean(JS_IsProxy(arg(a, 0)))
}

/// `binding.externalAddress(value)`: for a Node-API external, an address
/// unique to it in hex (as util.inspect shows it), else undefined.
unsafe fn external_address(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match napi_host::external_address(arg(a, 0)) {
        Some(p) => napi_host::qjs::string(ctx, &format!("{p:x}")),
        None => JS_UNDEFINED,
    }
}

/// `binding.stringWidth(string)`: the terminal columns of a string as
/// Node's ICU-based getStringWidth counts them: two for East Asian wide and
/// fullwidth characters and emoji, none for combining marks and controls,
/// one for the rest.
unsafe fn string_width(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let s = napi_host::qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let width: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    napi_host::qjs::float(width as f64)
}

pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fns(
        ctx,
        b,
        &[
            (c"isProxy", native_fn!(is_proxy), 1),
            (c"externalAddress", native_fn!(external_address), 1),
            (c"stringWidth", native_fn!(string_width), 1),
        ],
    );
}
