//! Env-wide services: scripts, versions, instance data, legacy module
//! registration, the module's file name, the loop, and uncaught exceptions.

use std::cell::Cell;
use std::ffi::{c_char, c_void};

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, free};
use crate::types::*;

#[no_mangle]
pub unsafe extern "C" fn napi_run_script(
    env: napi_env,
    script: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let s = value(script)?;
        check_arg(result)?;
        if !qjs::is_string(s) {
            return Err(napi_string_expected);
        }
        let mut len = 0usize;
        let p = JS_ToCStringLen(env.ctx, &mut len, s);
        if p.is_null() {
            return Err(napi_generic_failure);
        }
        let r = JS_Eval(
            env.ctx,
            p,
            len as size_t,
            c"<anonymous_script>".as_ptr(),
            JS_EVAL_TYPE_GLOBAL as i32,
        );
        JS_FreeCString(env.ctx, p);
        if qjs::is_exception(r) {
            return Err(napi_pending_exception);
        }
        write(result, env.push(r))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_version(env: napi_env, result: *mut u32) -> napi_status {
    api(env, |_| write(result, NAPI_VERSION))
}

#[no_mangle]
pub unsafe extern "C" fn napi_set_instance_data(
    env: napi_env,
    data: *mut c_void,
    finalize_cb: napi_finalize,
    finalize_hint: *mut c_void,
) -> napi_status {
    api(env, |env| {
        // Node replaces the data without finalizing the old one.
        env.instance_data = Some((data, finalize_cb, finalize_hint));
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_instance_data(
    env: napi_env,
    data: *mut *mut c_void,
) -> napi_status {
    api(env, |env| {
        write(
            data,
            env.instance_data.map_or(std::ptr::null_mut(), |d| d.0),
        )
    })
}

thread_local! {
    /// The module a legacy addon registered while being opened.
    static LEGACY_MODULE: Cell<*mut napi_module> = const { Cell::new(std::ptr::null_mut()) };
}

/// Takes the `napi_module` registered by `napi_module_register` since the
/// last call (the loader calls this right after `dlopen`).
pub fn take_legacy_module() -> Option<*mut napi_module> {
    let m = LEGACY_MODULE.with(|c| c.replace(std::ptr::null_mut()));
    (!m.is_null()).then_some(m)
}

#[no_mangle]
pub unsafe extern "C" fn napi_module_register(module: *mut napi_module) {
    LEGACY_MODULE.with(|c| c.set(module));
}

#[no_mangle]
pub unsafe extern "C" fn node_api_get_module_file_name(
    env: napi_env,
    result: *mut *const c_char,
) -> napi_status {
    api(env, |env| write(result, env.filename.as_ptr()))
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_uv_event_loop(
    env: napi_env,
    uv_loop: *mut *mut c_void,
) -> napi_status {
    api(env, |env| write(uv_loop, env.host().uv_loop))
}

/// `napi_node_version`.
#[repr(C)]
pub struct napi_node_version {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
    pub release: *const c_char,
}

struct SyncVersion(napi_node_version);
// SAFETY: immutable data with a 'static string.
unsafe impl Sync for SyncVersion {}

/// The Node release whose Node-API behaviour nabi follows.
pub const NODE_VERSION: (u32, u32, u32) = (20, 20, 2);
static NODE_VERSION_INFO: SyncVersion = SyncVersion(napi_node_version {
    major: NODE_VERSION.0,
    minor: NODE_VERSION.1,
    patch: NODE_VERSION.2,
    release: c"node".as_ptr(),
});

#[no_mangle]
pub unsafe extern "C" fn napi_get_node_version(
    env: napi_env,
    version: *mut *const napi_node_version,
) -> napi_status {
    api(env, |_| {
        write(version, &NODE_VERSION_INFO.0 as *const napi_node_version)
    })
}

/// Hands an exception nobody caught (from a finalizer or loop callback) to
/// the embedder's handler, or prints it.
pub(crate) unsafe fn report_uncaught(env: &mut Env, exc: JSValue) {
    let host = env.host();
    match host.on_uncaught.get() {
        Some(handler) => handler(host, exc),
        None => {
            let text = qjs::to_rust_string(env.ctx, exc).unwrap_or_default();
            eprintln!("Uncaught {text}");
        }
    }
    free(env.ctx, exc);
}
