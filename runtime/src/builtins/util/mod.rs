//! util's native side: what only the engine can tell about a value.

use rquickjs_sys::{JSContext, JSValue, JS_IsProxy};

use super::args::{arg, native_fn, set_fns};
use crate::engine::Options;

/// `binding.isProxy(value)`: util.types.isProxy.
unsafe fn is_proxy(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    napi_host::qjs::boolean(JS_IsProxy(arg(a, 0)))
}

pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fns(ctx, b, &[(c"isProxy", native_fn!(is_proxy), 1)]);
}
