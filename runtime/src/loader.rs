//! `process.dlopen`: [`napi_host::Host::load_addon`], the loader an outside
//! embedder uses too, with its failures thrown as Node's errors.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use napi_host::qjs::{self, free};
use napi_host::LoadError;
use rquickjs_sys::*;

use crate::builtins::args::{arg, native_fn, set_fns, throw_error};
use crate::engine::{runtime, Options};

/// `--no-addons` (on the command line or in `NODE_OPTIONS`) clears it:
/// `process.dlopen` then throws `ERR_DLOPEN_DISABLED`, in every thread.
static ADDONS_ENABLED: AtomicBool = AtomicBool::new(true);

pub(crate) fn set_addons_enabled(on: bool) {
    ADDONS_ENABLED.store(on, Ordering::Relaxed);
}

/// `process.dlopen(module, filename)`: loads the addon and sets
/// `module.exports`.
pub(crate) unsafe fn dlopen(ctx: *mut JSContext, module: JSValue, filename: &str) -> JSValue {
    // --permission without --allow-addons refuses them the same way.
    let allowed = crate::builtins::permission::addons_allowed();
    if allowed == Err(true) {
        return crate::builtins::permission::throw_denied(
            ctx,
            crate::builtins::permission::Scope::Addon,
            "",
        );
    }
    if !ADDONS_ENABLED.load(Ordering::Relaxed) || allowed.is_err() {
        return throw_error(
            ctx,
            "ERR_DLOPEN_DISABLED",
            "Cannot load native addon because loading addons is disabled.",
            None,
        );
    }
    let rt = runtime();
    let Some(host) = rt.host.as_ref() else {
        return JS_UNDEFINED;
    };
    let exports = qjs::get_str(ctx, module, c"exports");
    let r = match host.load_addon(Path::new(filename), exports) {
        Ok(v) => {
            if !JS_IsStrictEqual(ctx, v, exports) {
                JS_SetPropertyStr(ctx, module, c"exports".as_ptr(), qjs::dup(v));
            }
            free(ctx, v);
            JS_UNDEFINED
        }
        Err(LoadError::Exception(exc)) => JS_Throw(ctx, exc),
        Err(LoadError::NoEntryPoint) => {
            // Node's own error.
            let err = JS_NewError(ctx);
            let msg = qjs::string(ctx, "Module has no declared entry point.");
            JS_DefinePropertyValueStr(
                ctx,
                err,
                c"message".as_ptr(),
                msg,
                (JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE) as i32,
            );
            JS_Throw(ctx, err)
        }
        Err(LoadError::Failed { reason, message }) => {
            // Node's ERR_DLOPEN_FAILED, with nabi's diagnosis in `message`
            // and a machine-readable `reason`.
            let e = throw_error(ctx, "ERR_DLOPEN_FAILED", &message, None);
            let exc = JS_GetException(ctx);
            JS_SetPropertyStr(ctx, exc, c"reason".as_ptr(), qjs::string(ctx, reason));
            JS_Throw(ctx, exc);
            e
        }
    };
    free(ctx, exports);
    r
}

/// `binding.dlopen(module, filename)`: `process.dlopen`.
unsafe fn dlopen_binding(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(filename) = qjs::to_rust_string(ctx, arg(a, 1)) else {
        return JS_EXCEPTION;
    };
    dlopen(ctx, arg(a, 0), &filename)
}

/// Adds `binding.dlopen`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    set_fns(ctx, binding, &[(c"dlopen", native_fn!(dlopen_binding), 3)]);
}
