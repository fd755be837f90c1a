//! ES modules on QuickJS-ng's module loader. Resolution and sources come
//! from the JS side (the same resolver `require` uses), through two hooks:
//! `hooks.resolveModule(specifier, referrer)` → a file path or `node:` name,
//! and `hooks.moduleSource(path)` → module source text (for CommonJS, JSON
//! and built-ins the JS side generates a small module re-exporting them).
//! `hooks.initImportMeta(meta, path)` fills `import.meta`.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

use napi_host::qjs::{self, free};
use rquickjs_sys::*;

use super::runtime::runtime;
use crate::builtins::args::throw_error;

/// Calls a JS hook with string arguments; `None` if it threw (the exception
/// stays pending for QuickJS to report).
unsafe fn call_hook_strings(name: &CStr, args: &[&str]) -> Option<JSValue> {
    let rt = runtime();
    let ctx = rt.ctx;
    let f = qjs::get_str(ctx, rt.hooks, name);
    let mut vals: Vec<JSValue> = args.iter().map(|s| qjs::string(ctx, s)).collect();
    let r = JS_Call(ctx, f, rt.hooks, vals.len() as c_int, vals.as_mut_ptr());
    free(ctx, f);
    for v in vals {
        free(ctx, v);
    }
    (!qjs::is_exception(r)).then_some(r)
}

unsafe extern "C" fn normalize(
    ctx: *mut JSContext,
    base: *const c_char,
    name: *const c_char,
    _opaque: *mut c_void,
) -> *mut c_char {
    let base = CStr::from_ptr(base).to_string_lossy();
    let name = CStr::from_ptr(name).to_string_lossy();
    let Some(r) = call_hook_strings(c"resolveModule", &[&name, &base]) else {
        return std::ptr::null_mut();
    };
    let resolved = qjs::to_rust_string(ctx, r).unwrap_or_default();
    free(ctx, r);
    let c = CString::new(resolved).unwrap_or_default();
    js_strdup(ctx, c.as_ptr())
}

unsafe extern "C" fn load(
    ctx: *mut JSContext,
    name: *const c_char,
    _opaque: *mut c_void,
) -> *mut JSModuleDef {
    let path = CStr::from_ptr(name).to_string_lossy().into_owned();
    let Some(src) = call_hook_strings(c"moduleSource", &[&path]) else {
        return std::ptr::null_mut();
    };
    let text = qjs::to_rust_string(ctx, src).unwrap_or_default();
    free(ctx, src);
    let Ok(csrc) = CString::new(text.clone()) else {
        throw_error(
            ctx,
            "ERR_INVALID_ARG_VALUE",
            &format!("{path} contains a NUL byte"),
            None,
        );
        return std::ptr::null_mut();
    };
    let m = JS_Eval(
        ctx,
        csrc.as_ptr(),
        text.len() as _,
        name,
        (JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY) as c_int,
    );
    if qjs::is_exception(m) {
        return std::ptr::null_mut();
    }
    let def = JS_VALUE_GET_PTR(m) as *mut JSModuleDef;
    let meta = JS_GetImportMeta(ctx, def);
    if qjs::is_object(meta) {
        let rt = runtime();
        let f = qjs::get_str(ctx, rt.hooks, c"initImportMeta");
        if JS_IsFunction(ctx, f) {
            let mut args = [meta, qjs::string(ctx, &path)];
            let r = JS_Call(ctx, f, rt.hooks, 2, args.as_mut_ptr());
            free(ctx, args[1]);
            if qjs::is_exception(r) {
                free(ctx, f);
                free(ctx, meta);
                free(ctx, m);
                return std::ptr::null_mut();
            }
            free(ctx, r);
        }
        free(ctx, f);
    }
    free(ctx, meta);
    // The module value is only a handle to the definition, which the
    // runtime's module list owns.
    free(ctx, m);
    def
}

pub(crate) unsafe fn install(rt: *mut JSRuntime) {
    JS_SetModuleLoaderFunc(rt, Some(normalize), Some(load), std::ptr::null_mut());
}

/// `binding.loadModule(referrer, specifier)` → a promise of the module's
/// namespace (loads, links and evaluates through the module cache).
pub(crate) unsafe extern "C" fn load_module(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = std::slice::from_raw_parts(argv, argc.max(0) as usize);
    let s =
        |i: usize| qjs::to_rust_string(ctx, *a.get(i).unwrap_or(&JS_UNDEFINED)).unwrap_or_default();
    let base = CString::new(s(0)).unwrap_or_default();
    let spec = CString::new(s(1)).unwrap_or_default();
    JS_LoadModule(ctx, base.as_ptr(), spec.as_ptr())
}

/// `binding.promiseState(p)` → `[state, value]`: 0 pending, 1 fulfilled,
/// 2 rejected (value is the result or reason), -1 not a promise.
pub(crate) unsafe extern "C" fn promise_state(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let p = if argc > 0 { *argv } else { JS_UNDEFINED };
    let out = JS_NewArray(ctx);
    if !JS_IsPromise(p) {
        JS_SetPropertyUint32(ctx, out, 0, qjs::int(-1));
        return out;
    }
    let state = JS_PromiseState(ctx, p) as i32;
    JS_SetPropertyUint32(ctx, out, 0, qjs::int(state));
    if state != 0 {
        JS_SetPropertyUint32(ctx, out, 1, JS_PromiseResult(ctx, p));
    }
    out
}
