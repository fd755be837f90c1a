//! The native side of `async_hooks`: hands napi-host the bridge object
//! (`init`, `enter`, `leave`, `destroy`) through which `napi_async_init`,
//! `napi_make_callback`, callback scopes and async work reach async_hooks'
//! hooks and AsyncLocalStorage. Set when `async_hooks` is first loaded, so
//! addons cost nothing more until then.
//!
//! Also QuickJS-ng's promise hook (`JS_SetPromiseHook`), forwarded to a JS
//! function only while async_hooks asks for it, so promises cost nothing
//! otherwise. QuickJS-ng emits INIT (with the parent promise for `then`),
//! RESOLVE (fulfilment only) and BEFORE/AFTER around a thenable's `then`
//! job; it emits nothing around an ordinary reaction job or an `await`.

use std::cell::Cell;
use std::ffi::{c_int, c_void};

use rquickjs_sys::*;

use napi_host::qjs;

use crate::builtins::args::{arg, args, set_fn};
use crate::engine::{runtime, Options};

/// What `binding.setPromiseHook` was given. All borrowed: the async_hooks
/// module keeps the function, the context object and the symbol (so both
/// atoms) alive for the runtime's life.
#[derive(Clone, Copy)]
struct Hook {
    f: JSValue,
    /// async_hooks' context object and the atoms of its `frame` and of the
    /// symbol a promise keeps its frame under.
    cx: JSValue,
    frame: JSAtom,
    k_frame: JSAtom,
    /// Every event goes to `f` (a hook wants PROMISE events); otherwise only
    /// a thenable job's BEFORE/AFTER does, and a promise made while a store
    /// is set gets the frame here, without calling into JS.
    all: bool,
}

thread_local! {
    static PROMISE_HOOK: Cell<Option<Hook>> = const { Cell::new(None) };
    /// Set while the JS hook runs, so promises it makes do not re-enter it.
    static IN_HOOK: Cell<bool> = const { Cell::new(false) };
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
    let Some(hook) = PROMISE_HOOK.with(|h| h.get()) else {
        return;
    };
    if !hook.all {
        if kind == JSPromiseHookType_JS_PROMISE_HOOK_INIT {
            let frame = JS_GetProperty(ctx, hook.cx, hook.frame);
            if !qjs::is_undefined(frame) {
                JS_SetProperty(ctx, promise, hook.k_frame, frame);
            }
            return;
        }
        if kind == JSPromiseHookType_JS_PROMISE_HOOK_RESOLVE {
            return;
        }
    }
    if IN_HOOK.with(|h| h.replace(true)) {
        return;
    }
    let pending = JS_HasException(ctx).then(|| JS_GetException(ctx));
    let mut argv = [qjs::int(kind as i32), promise, parent];
    let r = JS_Call(ctx, hook.f, JS_UNDEFINED, 3, argv.as_mut_ptr());
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

/// `binding.setPromiseHook(fn, cx, kFrame, all)` installs the hook,
/// `binding.setPromiseHook()` removes it.
unsafe extern "C" fn set_promise_hook(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    let rt = runtime().rt;
    if qjs::is_undefined(arg(a, 0)) {
        JS_SetPromiseHook(rt, None, std::ptr::null_mut());
        PROMISE_HOOK.with(|h| h.set(None));
        return JS_UNDEFINED;
    }
    // Borrowed atoms (see `Hook`): the references taken here are given back.
    let frame = JS_NewAtom(ctx, c"frame".as_ptr());
    let k_frame = JS_ValueToAtom(ctx, arg(a, 2));
    JS_FreeAtom(ctx, frame);
    JS_FreeAtom(ctx, k_frame);
    let hook = Hook {
        f: arg(a, 0),
        cx: arg(a, 1),
        frame,
        k_frame,
        all: JS_ToBool(ctx, arg(a, 3)) == 1,
    };
    PROMISE_HOOK.with(|h| h.set(Some(hook)));
    JS_SetPromiseHook(rt, Some(promise_hook), std::ptr::null_mut());
    JS_UNDEFINED
}

pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fn(ctx, b, c"setAsyncHooks", set_async_hooks, 1);
    set_fn(ctx, b, c"setPromiseHook", set_promise_hook, 4);
}
