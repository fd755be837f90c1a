//! Error handling: the last error, throwing, error objects, the pending
//! exception, `napi_fatal_error`.
//!
//! A thrown value lives in QuickJS's own exception slot: the trampoline
//! returns `JS_EXCEPTION` when a native callback leaves one pending, so it
//! reaches the JS caller as a normal throw.

use std::ffi::{c_char, CStr};
use std::io::Write;

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, dup, free};
use crate::types::*;

#[no_mangle]
pub unsafe extern "C" fn napi_get_last_error_info(
    env: napi_env,
    result: *mut *const napi_extended_error_info,
) -> napi_status {
    let Some(env) = env.as_mut() else {
        return napi_invalid_arg;
    };
    if result.is_null() {
        return env.set_last_error(napi_invalid_arg);
    }
    // Node returns napi_ok here and leaves the recorded error in place.
    *result = env.last_error_info();
    napi_ok
}

#[no_mangle]
pub unsafe extern "C" fn napi_throw(env: napi_env, error: napi_value) -> napi_status {
    let Some(env) = env.as_mut() else {
        return napi_invalid_arg;
    };
    if env.strict {
        let st = crate::strict::before(
            env,
            crate::strict::Kind::Plain,
            std::panic::Location::caller(),
        );
        if st != napi_ok {
            return st;
        }
    }
    if env.exception_pending() {
        return env.set_last_error(napi_pending_exception);
    }
    if let Some(s) = cannot_run_js(env) {
        return env.set_last_error(s);
    }
    if error.is_null() {
        return env.set_last_error(napi_invalid_arg);
    }
    JS_Throw(env.ctx, dup(*error));
    // The exception is the point of this call: success, not pending_exception.
    env.clear_last_error()
}

/// Once JS may no longer run (teardown), Node's throws fail as its other
/// JS-running calls do (napi_cannot_run_js from Node-API 10, else
/// napi_pending_exception) and throw nothing; nabi threw, and the error
/// surfaced as an uncaught exception at exit.
fn cannot_run_js(env: &Env) -> Option<napi_status> {
    if env.host().can_call_js.get() {
        None
    } else if env.module_api_version >= 10 {
        Some(napi_cannot_run_js)
    } else {
        Some(napi_pending_exception)
    }
}

/// Builds an error of the given constructor with `message` and, when given,
/// a `code` property (Node sets it as an ordinary property).
unsafe fn make_error(
    env: &mut Env,
    ctor: JSValue,
    code: JSValue,
    msg: JSValue,
) -> Result<JSValue, napi_status> {
    let ctx = env.ctx;
    let mut args = [msg];
    let err = JS_CallConstructor(ctx, ctor, 1, args.as_mut_ptr());
    if qjs::is_exception(err) {
        return Err(napi_pending_exception);
    }
    if !qjs::is_undefined(code) {
        JS_SetPropertyStr(ctx, err, c"code".as_ptr(), dup(code));
    }
    Ok(err)
}

#[track_caller]
unsafe fn create_error(
    env: napi_env,
    which: fn(&Env) -> JSValue,
    code: napi_value,
    msg: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        let msg = value(msg)?;
        check_arg(result)?;
        if !qjs::is_string(msg) {
            return Err(napi_string_expected);
        }
        let code = if code.is_null() {
            JS_UNDEFINED
        } else {
            let c = *code;
            if !qjs::is_string(c) {
                return Err(napi_string_expected);
            }
            c
        };
        let err = make_error(env, which(env), code, msg)?;
        write(result, env.push(err))
    })
}

fn ctor_error(env: &Env) -> JSValue {
    env.host().intrinsics.error
}
fn ctor_type_error(env: &Env) -> JSValue {
    env.host().intrinsics.type_error
}
fn ctor_range_error(env: &Env) -> JSValue {
    env.host().intrinsics.range_error
}
fn ctor_syntax_error(env: &Env) -> JSValue {
    env.host().intrinsics.syntax_error
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_error(
    env: napi_env,
    code: napi_value,
    msg: napi_value,
    result: *mut napi_value,
) -> napi_status {
    create_error(env, ctor_error, code, msg, result)
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_type_error(
    env: napi_env,
    code: napi_value,
    msg: napi_value,
    result: *mut napi_value,
) -> napi_status {
    create_error(env, ctor_type_error, code, msg, result)
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_range_error(
    env: napi_env,
    code: napi_value,
    msg: napi_value,
    result: *mut napi_value,
) -> napi_status {
    create_error(env, ctor_range_error, code, msg, result)
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_syntax_error(
    env: napi_env,
    code: napi_value,
    msg: napi_value,
    result: *mut napi_value,
) -> napi_status {
    create_error(env, ctor_syntax_error, code, msg, result)
}

#[track_caller]
unsafe fn throw_error(
    env: napi_env,
    which: fn(&Env) -> JSValue,
    code: *const c_char,
    msg: *const c_char,
) -> napi_status {
    let Some(e) = env.as_mut() else {
        return napi_invalid_arg;
    };
    if e.strict {
        let st = crate::strict::before(
            e,
            crate::strict::Kind::Plain,
            std::panic::Location::caller(),
        );
        if st != napi_ok {
            return st;
        }
    }
    if e.exception_pending() {
        return e.set_last_error(napi_pending_exception);
    }
    if let Some(s) = cannot_run_js(e) {
        return e.set_last_error(s);
    }
    if msg.is_null() {
        return e.set_last_error(napi_invalid_arg);
    }
    let ctx = e.ctx;
    let m = qjs::string_c(ctx, msg);
    let c = if code.is_null() {
        JS_UNDEFINED
    } else {
        qjs::string_c(ctx, code)
    };
    let r = make_error(e, which(e), c, m);
    free(ctx, m);
    free(ctx, c);
    match r {
        Ok(err) => {
            JS_Throw(ctx, err);
            e.clear_last_error()
        }
        Err(s) => e.set_last_error(s),
    }
}

#[no_mangle]
pub unsafe extern "C" fn napi_throw_error(
    env: napi_env,
    code: *const c_char,
    msg: *const c_char,
) -> napi_status {
    throw_error(env, ctor_error, code, msg)
}

#[no_mangle]
pub unsafe extern "C" fn napi_throw_type_error(
    env: napi_env,
    code: *const c_char,
    msg: *const c_char,
) -> napi_status {
    throw_error(env, ctor_type_error, code, msg)
}

#[no_mangle]
pub unsafe extern "C" fn napi_throw_range_error(
    env: napi_env,
    code: *const c_char,
    msg: *const c_char,
) -> napi_status {
    throw_error(env, ctor_range_error, code, msg)
}

#[no_mangle]
pub unsafe extern "C" fn node_api_throw_syntax_error(
    env: napi_env,
    code: *const c_char,
    msg: *const c_char,
) -> napi_status {
    throw_error(env, ctor_syntax_error, code, msg)
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_error(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(result, JS_IsError(v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_exception_pending(
    env: napi_env,
    result: *mut bool,
) -> napi_status {
    api(env, |env| write(result, env.exception_pending()))
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_and_clear_last_exception(
    env: napi_env,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        // With nothing pending Node hands back `undefined`.
        *result = if env.exception_pending() {
            let e = JS_GetException(env.ctx);
            env.push(e)
        } else {
            env.fixed(FIXED_UNDEFINED)
        };
        Ok(())
    })
}

/// What the embedder does on `napi_fatal_error` before the abort (Node's
/// `--report-on-fatalerror` writes a diagnostic report): `(location, message)`.
static FATAL_ERROR_HOOK: std::sync::OnceLock<fn(&str, &str)> = std::sync::OnceLock::new();

/// Sets the hook `napi_fatal_error` calls before aborting (once).
pub fn set_fatal_error_hook(hook: fn(&str, &str)) {
    let _ = FATAL_ERROR_HOOK.set(hook);
}

#[no_mangle]
pub unsafe extern "C" fn napi_fatal_error(
    location: *const c_char,
    location_len: usize,
    message: *const c_char,
    message_len: usize,
) -> ! {
    let text = |p: *const c_char, len: usize| -> String {
        if p.is_null() {
            String::new()
        } else if len == NAPI_AUTO_LENGTH {
            CStr::from_ptr(p).to_string_lossy().into_owned()
        } else {
            String::from_utf8_lossy(std::slice::from_raw_parts(p.cast(), len)).into_owned()
        }
    };
    let loc = text(location, location_len);
    let msg = text(message, message_len);
    // Ignoring a write error (a closed stderr) so the process still aborts.
    let mut err = std::io::stderr();
    let _ = if loc.is_empty() {
        writeln!(err, "FATAL ERROR: {msg}")
    } else {
        writeln!(err, "FATAL ERROR: {loc} {msg}")
    };
    if let Some(hook) = FATAL_ERROR_HOOK.get() {
        hook(&loc, &msg);
    }
    std::process::abort();
}

/// Throws a `TypeError` with a `code`, as Node does for misuse it reports
/// both through a status and an exception.
pub(crate) unsafe fn throw_type_error_str(env: &mut Env, code: &CStr, msg: &CStr) {
    let ctx = env.ctx;
    let m = qjs::string_c(ctx, msg.as_ptr());
    let c = qjs::string_c(ctx, code.as_ptr());
    if let Ok(err) = make_error(env, env.host().intrinsics.type_error, c, m) {
        JS_Throw(ctx, err);
    }
    free(ctx, m);
    free(ctx, c);
}

/// Throws a `RangeError` with a `code` (Node's typed array/DataView checks).
pub(crate) unsafe fn throw_range_error_string(env: &mut Env, code: &str, msg: &str) {
    let ctx = env.ctx;
    let m = qjs::string(ctx, msg);
    let c = qjs::string(ctx, code);
    if let Ok(err) = make_error(env, env.host().intrinsics.range_error, c, m) {
        JS_Throw(ctx, err);
    }
    free(ctx, m);
    free(ctx, c);
}
