//! The native side of `vm`: fresh QuickJS contexts in the thread's runtime
//! (their own globals and intrinsics, values shared with the main one) and
//! compiling or evaluating a script in one.

use std::cell::Cell;
use std::ffi::{c_int, c_void, CString};
use std::time::{Duration, Instant};

use napi_host::qjs::{self, free};
use napi_host::InterruptCheck;
use rquickjs_sys::*;

use crate::builtins::args::{arg, args, native_fn, set_fn, throw_error};
use crate::engine::Options;

/// Reads `(code, filename)` from the arguments; `None` (an error thrown)
/// when the code has a NUL byte.
unsafe fn source(ctx: *mut JSContext, a: &[JSValue]) -> Option<(CString, usize, CString)> {
    let code = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let name = qjs::to_rust_string(ctx, arg(a, 1)).unwrap_or_else(|| "evalmachine.<anonymous>".into());
    let len = code.len();
    let Ok(code) = CString::new(code) else {
        throw_error(ctx, "ERR_INVALID_ARG_VALUE", "The script contains a NUL byte", None);
        return None;
    };
    Some((code, len, CString::new(name).unwrap_or_default()))
}

/// `evaluate(code, filename)`: runs `code` as a global script in the realm
/// the function was made in (QuickJS calls a C function with its realm).
unsafe extern "C" fn evaluate(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let Some((code, len, name)) = source(ctx, args(argc, argv)) else {
        return JS_EXCEPTION;
    };
    JS_Eval(ctx, code.as_ptr(), len as _, name.as_ptr(), JS_EVAL_TYPE_GLOBAL as i32)
}

/// `binding.vmCompile(code, filename)`: throws the SyntaxError, if any.
unsafe extern "C" fn compile(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let Some((code, len, name)) = source(ctx, args(argc, argv)) else {
        return JS_EXCEPTION;
    };
    let f = JS_Eval(
        ctx,
        code.as_ptr(),
        len as _,
        name.as_ptr(),
        (JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY) as i32,
    );
    if qjs::is_exception(f) {
        return f;
    }
    free(ctx, f);
    JS_UNDEFINED
}

/// `binding.vmNewContext()` → `[global, evaluate]`: a new context of this
/// runtime. `evaluate` belongs to it and keeps it alive (a C function holds
/// its realm); the context goes when both are unreachable.
unsafe extern "C" fn new_context(
    ctx: *mut JSContext,
    _: JSValue,
    _argc: c_int,
    _argv: *mut JSValue,
) -> JSValue {
    let rt = JS_GetRuntime(ctx);
    let fresh = JS_NewContext(rt);
    if fresh.is_null() {
        return throw_error(ctx, "ERR_VM_CONTEXT", "could not create a context (out of memory)", None);
    }
    let global = JS_GetGlobalObject(fresh);
    let eval = JS_NewCFunction2(
        fresh,
        Some(evaluate),
        c"evaluate".as_ptr(),
        2,
        JSCFunctionEnum_JS_CFUNC_generic,
        0,
    );
    JS_FreeContext(fresh);
    let out = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, out, 0, global);
    JS_SetPropertyUint32(ctx, out, 1, eval);
    out
}

/// A run under a `timeout` option: the handler that was set (process.exit,
/// a worker's terminate()) is still asked first, then the deadline.
struct Deadline {
    at: Instant,
    prev: Option<(InterruptCheck, *mut c_void)>,
    fired: Cell<bool>,
}

unsafe extern "C" fn past_deadline(rt: *mut JSRuntime, opaque: *mut c_void) -> c_int {
    let d = &*(opaque as *const Deadline);
    if let Some((check, o)) = d.prev {
        if check(rt, o) != 0 {
            return 1;
        }
    }
    if Instant::now() >= d.at {
        d.fired.set(true);
        return 1;
    }
    0
}

/// `binding.vmWithTimeout(ms, fn)`: calls `fn` and stops it after `ms`
/// milliseconds with Node's ERR_SCRIPT_EXECUTION_TIMEOUT. QuickJS's
/// interruption cannot be caught by the script, as V8's termination.
unsafe fn with_timeout(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let ms = qjs::number_value(arg(a, 0));
    let Some(host) = crate::engine::runtime().host.as_deref() else {
        return JS_Call(ctx, arg(a, 1), JS_UNDEFINED, 0, std::ptr::null_mut());
    };
    let deadline = Deadline {
        at: Instant::now() + Duration::from_secs_f64(ms / 1000.0),
        prev: host.interrupt_handler(),
        fired: Cell::new(false),
    };
    let opaque = &deadline as *const Deadline as *mut c_void;
    host.set_interrupt_handler(Some(past_deadline), opaque);
    let r = JS_Call(ctx, arg(a, 1), JS_UNDEFINED, 0, std::ptr::null_mut());
    // Put the previous handler back, unless the run replaced ours (an exit).
    if host.interrupt_handler().map(|(_, o)| o) == Some(opaque) {
        let (check, o) = deadline.prev.unzip();
        host.set_interrupt_handler(check, o.unwrap_or(std::ptr::null_mut()));
    }
    if qjs::is_exception(r) && deadline.fired.get() {
        let e = JS_GetException(ctx);
        if JS_IsUncatchableError(e) {
            free(ctx, e);
            let msg = format!("Script execution timed out after {ms}ms");
            return throw_error(ctx, "ERR_SCRIPT_EXECUTION_TIMEOUT", &msg, None);
        }
        return JS_Throw(ctx, e);
    }
    r
}

pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fn(ctx, b, c"vmNewContext", new_context, 0);
    set_fn(ctx, b, c"vmCompile", compile, 2);
    set_fn(ctx, b, c"vmWithTimeout", native_fn!(with_timeout), 2);
}
