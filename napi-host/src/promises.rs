//! Promises (`napi_create_promise`, deferreds) and Dates.

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, free};
use crate::types::*;

/// A deferred: the promise's resolving functions, freed when it settles.
struct Deferred {
    resolve: JSValue,
    reject: JSValue,
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_promise(
    env: napi_env,
    deferred: *mut napi_deferred,
    promise: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(deferred)?;
        check_arg(promise)?;
        let mut funcs = [JS_UNDEFINED; 2];
        let p = JS_NewPromiseCapability(env.ctx, funcs.as_mut_ptr());
        if qjs::is_exception(p) {
            return Err(napi_pending_exception);
        }
        let d = Box::into_raw(Box::new(Deferred {
            resolve: funcs[0],
            reject: funcs[1],
        }));
        env.host().live_deferreds.borrow_mut().insert(d as usize);
        *deferred = d.cast();
        *promise = env.push(p);
        Ok(())
    })
}

#[track_caller]
unsafe fn settle(
    env: napi_env,
    deferred: napi_deferred,
    v: napi_value,
    resolve: bool,
) -> napi_status {
    api_js(env, |env| {
        let v = value(v)?;
        check_arg(deferred)?;
        env.host()
            .live_deferreds
            .borrow_mut()
            .remove(&(deferred as usize));
        let d = Box::from_raw(deferred as *mut Deferred);
        let f = if resolve { d.resolve } else { d.reject };
        let mut args = [v];
        let r = JS_Call(env.ctx, f, JS_UNDEFINED, 1, args.as_mut_ptr());
        free(env.ctx, d.resolve);
        free(env.ctx, d.reject);
        if qjs::is_exception(r) {
            return Err(napi_pending_exception);
        }
        free(env.ctx, r);
        Ok(())
    })
}

/// Teardown: a deferred never settled holds its resolving functions.
pub(crate) unsafe fn free_deferred(ctx: *mut JSContext, deferred: usize) {
    let d = Box::from_raw(deferred as *mut Deferred);
    free(ctx, d.resolve);
    free(ctx, d.reject);
}

#[no_mangle]
pub unsafe extern "C" fn napi_resolve_deferred(
    env: napi_env,
    deferred: napi_deferred,
    resolution: napi_value,
) -> napi_status {
    settle(env, deferred, resolution, true)
}

#[no_mangle]
pub unsafe extern "C" fn napi_reject_deferred(
    env: napi_env,
    deferred: napi_deferred,
    rejection: napi_value,
) -> napi_status {
    settle(env, deferred, rejection, false)
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_promise(
    env: napi_env,
    value_: napi_value,
    is_promise: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(is_promise, JS_IsPromise(v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_date(
    env: napi_env,
    time: f64,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let d = JS_NewDate(env.ctx, time);
        if qjs::is_exception(d) {
            return Err(napi_pending_exception);
        }
        write(result, env.push(d))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_date(
    env: napi_env,
    value_: napi_value,
    is_date: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(is_date, JS_IsDate(v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_date_value(
    env: napi_env,
    value_: napi_value,
    result: *mut f64,
) -> napi_status {
    api_js(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        if !JS_IsDate(v) {
            return Err(napi_date_expected);
        }
        let mut t = 0.0;
        if JS_ToFloat64(env.ctx, &mut t, v) < 0 {
            return Err(napi_pending_exception);
        }
        write(result, t)
    })
}
