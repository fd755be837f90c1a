//! Externals: JS objects of napi-host's external class, carrying a native
//! pointer and an optional finalizer that is queued (never run inside the
//! GC) when the object dies.

use std::ffi::c_void;

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs;
use crate::types::*;

/// The opaque record of an external object.
pub(crate) struct ExternalRecord {
    pub env: *mut Env,
    pub data: *mut c_void,
    pub finalize: napi_finalize,
    pub hint: *mut c_void,
}

unsafe extern "C" fn finalize_external(rt: *mut JSRuntime, val: JSValue) {
    let rec = JS_GetOpaque(val, external_class_id()) as *mut ExternalRecord;
    if rec.is_null() {
        return;
    }
    let rec = Box::from_raw(rec);
    if rec.finalize.is_none() {
        return;
    }
    let host = JS_GetRuntimeOpaque(rt) as *const Host;
    if !host.is_null() {
        // Defer: this runs inside QuickJS's free/GC path.
        (*host).queue_finalizer(PendingFinalizer {
            env: rec.env,
            cb: rec.finalize,
            data: rec.data,
            hint: rec.hint,
        });
    }
}

pub(crate) unsafe fn register_external_class(rt: *mut JSRuntime, id: JSClassID) {
    let def = JSClassDef {
        class_name: c"Object".as_ptr(),
        finalizer: Some(finalize_external),
        gc_mark: None,
        call: None,
        exotic: std::ptr::null_mut(),
    };
    JS_NewClass(rt, id, &def);
}

/// Whether `v` (an object of the external class) is a user-visible external.
pub(crate) unsafe fn is_external(v: JSValue) -> bool {
    !JS_GetOpaque(v, external_class_id()).is_null()
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_external(
    env: napi_env,
    data: *mut c_void,
    finalize_cb: napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        let ctx = env.ctx;
        let obj = JS_NewObjectClass(ctx, external_class_id());
        if qjs::is_exception(obj) {
            return Err(napi_generic_failure);
        }
        // An external has a null prototype in Node (`Object.getPrototypeOf`
        // gives null... V8 gives Object.prototype); follow V8: keep default.
        let rec = Box::into_raw(Box::new(ExternalRecord {
            env: env as *mut Env,
            data,
            finalize: finalize_cb,
            hint: finalize_hint,
        }));
        JS_SetOpaque(obj, rec.cast());
        write(result, env.push(obj))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_external(
    env: napi_env,
    value_: napi_value,
    result: *mut *mut c_void,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        check_arg(result)?;
        let rec = JS_GetOpaque(v, external_class_id()) as *const ExternalRecord;
        if rec.is_null() {
            return Err(napi_invalid_arg);
        }
        write(result, (*rec).data)
    })
}
