//! The native side of `async_hooks`: hands napi-host the bridge object
//! (`init`, `enter`, `leave`, `destroy`) through which `napi_async_init`,
//! `napi_make_callback`, callback scopes and async work reach async_hooks'
//! hooks and AsyncLocalStorage. Set when `async_hooks` is first loaded, so
//! addons cost nothing more until then.
//!
//! The AsyncLocalStorage frame lives in the engine: QuickJS-ng's
//! continuation data (a nabi patch, vendor/README.md), which, like V8's
//! continuation-preserved embedder data that Node 24 uses, is captured when
//! a promise reaction is made (`then`, `await`) or a job queued, and is
//! current again while that job runs. `binding.getFrame`/`setFrame` read and
//! replace it.
//!
//! Also QuickJS-ng's promise hook (`JS_SetPromiseHook`), forwarded to a JS
//! function only while an enabled async hook has a callback promises emit,
//! so promises cost nothing otherwise. The JS side gets INIT (with the
//! parent promise for `then`) and RESOLVE (fulfilment only).

use std::cell::Cell;
use std::ffi::{c_int, c_void};

use rquickjs_sys::*;

use napi_host::qjs;

use crate::builtins::args::{arg, args, set_fn};
use crate::engine::{runtime, Options};

thread_local! {
    /// The JS function `binding.setPromiseHook` was given; borrowed: the
    /// async_hooks module keeps it alive for the runtime's life.
    static PROMISE_HOOK: Cell<Option<JSValue>> = const { Cell::new(None) };
    /// Set while the JS hook runs, so promises it makes do not re-enter it.
    static IN_HOOK: Cell<bool> = const { Cell::new(false) };
}

/// `binding.getFrame()`: the current AsyncLocalStorage frame.
unsafe extern "C" fn get_frame(ctx: *mut JSContext, _: JSValue, _: c_int, _: *mut JSValue) -> JSValue {
    JS_GetContinuationData(ctx)
}

/// `binding.setFrame(frame)`.
unsafe extern "C" fn set_frame(ctx: *mut JSContext, _: JSValue, argc: c_int, argv: *mut JSValue) -> JSValue {
    JS_SetContinuationData(ctx, qjs::dup(arg(args(argc, argv), 0)));
    JS_UNDEFINED
}

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

/// Calls the JS hook as `hook(type, promise, parent)`; an exception
/// already pending is kept across it, one the hook throws is dropped (the
/// JS hook reports its own errors).
unsafe extern "C" fn promise_hook(
    ctx: *mut JSContext,
    kind: JSPromiseHookType,
    promise: JSValue,
    parent: JSValue,
    _: *mut c_void,
) {
    let Some(f) = PROMISE_HOOK.with(|h| h.get()) else {
        return;
    };
    // BEFORE/AFTER (around a thenable's `then` job) mean nothing to the JS
    // side: the engine restores the frame itself.
    if kind != JSPromiseHookType_JS_PROMISE_HOOK_INIT && kind != JSPromiseHookType_JS_PROMISE_HOOK_RESOLVE {
        return;
    }
    if IN_HOOK.with(|h| h.replace(true)) {
        return;
    }
    let pending = JS_HasException(ctx).then(|| JS_GetException(ctx));
    let mut argv = [qjs::int(kind as i32), promise, parent];
    let r = JS_Call(ctx, f, JS_UNDEFINED, 3, argv.as_mut_ptr());
    if JS_IsException(r) {
        qjs::free(ctx, JS_GetException(ctx));
    } else {
        qjs::free(ctx, r);
    }
    if let Some(e) = pending {
        JS_Throw(ctx, e);
    }
    IN_HOOK.with(|h| h.set(false));
}

/// `binding.setPromiseHook(fn)` installs the hook, `binding.setPromiseHook()`
/// removes it.
unsafe extern "C" fn set_promise_hook(_: *mut JSContext, _: JSValue, argc: c_int, argv: *mut JSValue) -> JSValue {
    let f = arg(args(argc, argv), 0);
    let rt = runtime().rt;
    if qjs::is_undefined(f) {
        JS_SetPromiseHook(rt, None, std::ptr::null_mut());
        PROMISE_HOOK.with(|h| h.set(None));
    } else {
        PROMISE_HOOK.with(|h| h.set(Some(f)));
        JS_SetPromiseHook(rt, Some(promise_hook), std::ptr::null_mut());
    }
    JS_UNDEFINED
}

pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fn(ctx, b, c"setAsyncHooks", set_async_hooks, 1);
    set_fn(ctx, b, c"setPromiseHook", set_promise_hook, 1);
    set_fn(ctx, b, c"getFrame", get_frame, 0);
    set_fn(ctx, b, c"setFrame", set_frame, 1);
}
