//! Handle scopes. A `napi_handle_scope` is the scope's depth on the env's
//! scope stack (1-based), so closing checks order without allocating.

use std::ffi::c_void;

use rquickjs_sys::JS_UNDEFINED;

use crate::env::*;
use crate::qjs::dup;
use crate::types::*;

#[track_caller]
unsafe fn open(env: napi_env, escapable: bool, result: *mut *mut c_void) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        let escape_slot = if escapable {
            // Reserve the escapee's slot in the parent's range.
            env.push(JS_UNDEFINED);
            Some(env.handles.len() - 1)
        } else {
            None
        };
        env.scopes.push(ScopeRecord {
            mark: env.handles.len(),
            escape_slot,
            escaped: false,
        });
        *result = env.scopes.len() as *mut c_void;
        Ok(())
    })
}

#[track_caller]
unsafe fn close(env: napi_env, scope: *mut c_void, escapable: bool) -> napi_status {
    api(env, |env| {
        check_arg(scope)?;
        let depth = scope as usize;
        let top = env.scopes.len();
        if depth != top || top <= env.scope_floor {
            if env.strict {
                if depth > top {
                    crate::strict::flag(
                        crate::strict::SCOPE_CLOSED_TWICE,
                        "a handle scope was closed that is not open (closed twice?)",
                    );
                } else {
                    crate::strict::flag(
                        crate::strict::SCOPE_OUT_OF_ORDER,
                        "a handle scope was closed while a scope opened after it is still open: \
                         close scopes in reverse order of opening",
                    );
                }
            }
            return Err(napi_handle_scope_mismatch);
        }
        if env.scopes[top - 1].escape_slot.is_some() != escapable {
            return Err(napi_handle_scope_mismatch);
        }
        let rec = env.scopes.pop().expect("checked above");
        env.close_scope_at(rec.mark);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_open_handle_scope(
    env: napi_env,
    result: *mut napi_handle_scope,
) -> napi_status {
    open(env, false, result)
}

#[no_mangle]
pub unsafe extern "C" fn napi_close_handle_scope(
    env: napi_env,
    scope: napi_handle_scope,
) -> napi_status {
    close(env, scope, false)
}

#[no_mangle]
pub unsafe extern "C" fn napi_open_escapable_handle_scope(
    env: napi_env,
    result: *mut napi_escapable_handle_scope,
) -> napi_status {
    open(env, true, result)
}

#[no_mangle]
pub unsafe extern "C" fn napi_close_escapable_handle_scope(
    env: napi_env,
    scope: napi_escapable_handle_scope,
) -> napi_status {
    close(env, scope, true)
}

#[no_mangle]
pub unsafe extern "C" fn napi_escape_handle(
    env: napi_env,
    scope: napi_escapable_handle_scope,
    escapee: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(scope)?;
        let v = value(escapee)?;
        check_arg(result)?;
        let depth = scope as usize;
        if depth == 0 || depth > env.scopes.len() {
            return Err(napi_invalid_arg);
        }
        let rec = &mut env.scopes[depth - 1];
        let Some(slot) = rec.escape_slot else {
            return Err(napi_invalid_arg);
        };
        if rec.escaped {
            if env.strict {
                crate::strict::flag(
                    crate::strict::ESCAPE_TWICE,
                    "napi_escape_handle was called twice on one escapable scope",
                );
            }
            return Err(napi_escape_called_twice);
        }
        rec.escaped = true;
        let handle = env.handles.slot(slot);
        *handle = dup(v);
        *result = handle;
        Ok(())
    })
}
