//! The native side of `async_hooks`: hands napi-host the bridge object
//! (`init`, `enter`, `leave`, `destroy`) through which `napi_async_init`,
//! `napi_make_callback`, callback scopes and async work reach async_hooks'
//! hooks and AsyncLocalStorage. Set when `async_hooks` is first loaded, so
//! addons cost nothing more until then.

use std::ffi::c_int;

use rquickjs_sys::*;

use crate::builtins::args::{arg, args, set_fn};
use crate::engine::{runtime, Options};

/// `binding.setAsyncHooks(bridge)`.
unsafe extern "C" fn set_async_hooks(
    _ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    if let Some(host) = &runtime().host {
        host.set_async_hooks(arg(a, 0));
    }
    JS_UNDEFINED
}

pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fn(ctx, b, c"setAsyncHooks", set_async_hooks, 1);
}
